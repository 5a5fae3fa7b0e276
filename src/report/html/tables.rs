//! The report's tables: the summary with its bands, the events, the markets, the variants side
//! by side and the settings. Labels and figures are those of `georisk run`'s table (`table.rs`)
//! and the README's "What the numbers mean"; each figure cell carries its JSON path.

use super::escape::escape;
use super::{ReportInput, Source};
use crate::engine::{Analysis, Band, PnlStats};
use crate::report::{percent, thousands};
use std::fmt::Write;

/// A table cell holding one figure: the text a reader sees, and for tests the exact number and
/// where `georisk run --format json` puts it (`run` is "base" or the variant's name).
pub fn figure(run: &str, path: &str, value: f64, text: &str) -> String {
    format!(
        "<td class=\"num\" data-run=\"{}\" data-figure=\"{path}\" data-value=\"{value}\">{text}</td>",
        escape(run)
    )
}

/// Which run an analysis is: "base" or its variant's name.
pub fn run_name(analysis: &Analysis) -> &str {
    analysis.result.variant.as_deref().unwrap_or("base")
}

/// Event indices, the one that causes the largest loss first (as `georisk run` lists them):
/// the numbers of the risk matrix's markers follow this order.
pub fn by_impact(analysis: &Analysis) -> Vec<usize> {
    let mut rows: Vec<usize> = (0..analysis.result.events.len()).collect();
    rows.sort_by(|&x, &y| analysis.impacts[x].total.total_cmp(&analysis.impacts[y].total).then(x.cmp(&y)));
    rows
}

struct Row<'a> {
    label: String,
    key: &'a str,
    pick: Pick,
    band: PickBand,
    money: bool,
}

type Pick = fn(&PnlStats) -> f64;
type PickBand = fn(&crate::engine::Bands) -> &Band;

fn money(label: &str, key: &'static str, pick: Pick, band: PickBand) -> Row<'static> {
    Row { label: label.to_owned(), key, pick, band, money: true }
}

fn rows(loss_threshold: f64) -> Vec<Row<'static>> {
    vec![
        money("Mean P&amp;L", "mean", |s| s.mean, |b| &b.mean),
        money("Value at risk 95%", "var95", |s| s.var95, |b| &b.var95),
        money("Value at risk 99%", "var99", |s| s.var99, |b| &b.var99),
        money("Expected shortfall 95%", "es95", |s| s.es95, |b| &b.es95),
        money("Expected shortfall 99%", "es99", |s| s.es99, |b| &b.es99),
        Row {
            label: "Chance of a loss".to_owned(),
            key: "prob_loss",
            pick: |s| s.prob_loss,
            band: |b| &b.prob_loss,
            money: false,
        },
        Row {
            label: format!("Chance of losing more than {}", thousands(loss_threshold)),
            key: "prob_loss_beyond",
            pick: |s| s.prob_loss_beyond,
            band: |b| &b.prob_loss_beyond,
            money: false,
        },
    ]
}

fn shown(value: f64, money: bool) -> String {
    if money { thousands(value) } else { percent(value) }
}

/// The portfolio's figures with their 90% bands and the events-alone figures beside them.
pub fn summary(out: &mut String, analysis: &Analysis) -> std::fmt::Result {
    let r = &analysis.result;
    let p = &r.portfolio;
    let run = run_name(analysis);
    let first = if r.noise { "Events + noise" } else { "Events" };
    writeln!(out, "<table class=\"figures\">")?;
    writeln!(
        out,
        "<thead><tr><th>{}</th><th class=\"num\">{first}</th><th class=\"num\">90% band from ranges</th><th class=\"num\">Events alone</th></tr></thead><tbody>",
        escape(&r.currency)
    )?;
    for row in rows(p.loss_threshold) {
        let (value, band, alone) =
            ((row.pick)(&p.total), (row.band)(&analysis.bands), (row.pick)(&p.events_only));
        let key = |part: &str, field: &str| format!("portfolio.{part}.{}.{field}", row.key);
        writeln!(
            out,
            "<tr><th>{}</th>{}<td class=\"num band\">{}{}</td>{}</tr>",
            row.label,
            figure(run, &key("total", "value"), value, &shown(value, row.money)),
            span_figure(run, &key("total", "band.low"), band.low, &shown(band.low, row.money)),
            span_figure(
                run,
                &key("total", "band.high"),
                band.high,
                &format!(" to {}", shown(band.high, row.money))
            ),
            figure(run, &key("events_only", "value"), alone, &shown(alone, row.money)),
        )?;
        if row.key == "mean" {
            writeln!(
                out,
                "<tr class=\"minor\"><th>standard error of the mean</th>{}<td></td><td></td></tr>",
                figure(
                    run,
                    "portfolio.total.mean.se",
                    p.total.mean_se,
                    &format!("± {}", thousands(p.total.mean_se))
                )
            )?;
        }
    }
    writeln!(out, "</tbody></table>")?;
    let b = &analysis.bands;
    if b.outer_draws == 0 {
        writeln!(out, "<p class=\"small\">No likelihood is a range, so the bands have no width.</p>")
    } else {
        writeln!(
            out,
            "<p class=\"small\">Bands: {} draws of the {} ranged likelihoods, each weighing these trials \
             (effective sample size {} at least, {} typically).</p>",
            b.outer_draws,
            b.ranged_events,
            percent(b.ess_min),
            percent(b.ess_median)
        )
    }
}

fn span_figure(run: &str, path: &str, value: f64, text: &str) -> String {
    format!("<span data-run=\"{}\" data-figure=\"{path}\" data-value=\"{value}\">{text}</span>", escape(run))
}

/// Every event, the largest loss first, with the figures of `georisk run`'s events table.
pub fn events(out: &mut String, analysis: &Analysis) -> std::fmt::Result {
    let r = &analysis.result;
    let run = run_name(analysis);
    writeln!(out, "<table class=\"events\">")?;
    writeln!(
        out,
        "<thead><tr><th class=\"num\">#</th><th>Event</th><th class=\"num\">Stated</th>\
         <th class=\"num\">Probability ± s.e.</th><th class=\"num\">Impact ± s.e.</th>\
         <th class=\"num\">Direct</th><th class=\"num\">Adds to ES 99%</th>\
         <th class=\"num\">Worst 1% share</th><th>Matrix cell</th></tr></thead><tbody>"
    )?;
    for (rank, i) in by_impact(analysis).into_iter().enumerate() {
        let (e, impact) = (&r.events[i], &analysis.impacts[i]);
        let key = |field: &str| format!("events.{i}.{field}");
        let rating = impact.rating.map_or("—", |x| x.label());
        writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}<br><span class=\"id\">{}</span></td>{}\
             <td class=\"num\">{}<span class=\"se\">{}</span></td>\
             <td class=\"num\">{}<span class=\"se\">{}</span></td>{}{}{}\
             <td><span class=\"rating {}\">{rating}</span> L{} I{}</td></tr>",
            rank + 1,
            escape(&e.name),
            escape(&e.id),
            figure(run, &key("stated"), e.stated, &percent(e.stated)),
            span_figure(run, &key("probability"), e.probability, &percent(e.probability)),
            span_figure(
                run,
                &key("probability_se"),
                e.probability_se,
                &format!(" ± {}", percent(e.probability_se))
            ),
            span_figure(run, &key("impact.total"), impact.total, &thousands(impact.total)),
            span_figure(
                run,
                &key("impact.total_se"),
                impact.total_se,
                &format!(" ± {}", thousands(impact.total_se))
            ),
            figure(run, &key("impact.direct"), impact.direct, &thousands(impact.direct)),
            figure(run, &key("impact.es99"), impact.es99, &thousands(impact.es99)),
            figure(run, &key("worst_share"), e.worst_share, &percent(e.worst_share)),
            rating.to_lowercase(),
            e.likelihood_bin + 1,
            impact.impact_bin + 1,
        )?;
    }
    writeln!(out, "</tbody></table>")
}

/// Each market's price move over the horizon and what the portfolio holds in it.
pub fn markets(out: &mut String, analysis: &Analysis) -> std::fmt::Result {
    let run = run_name(analysis);
    writeln!(out, "<table class=\"markets\">")?;
    writeln!(
        out,
        "<thead><tr><th>Market</th><th class=\"num\">Mean move</th><th class=\"num\">5%</th>\
         <th class=\"num\">95%</th><th class=\"num\">Held ({})</th></tr></thead><tbody>",
        escape(&analysis.result.currency)
    )?;
    for (i, m) in analysis.result.markets.iter().enumerate() {
        let key = |field: &str| format!("markets.{i}.{field}");
        let name = if m.name.is_empty() { &m.id } else { &m.name };
        writeln!(
            out,
            "<tr><td>{} <span class=\"id\">{}</span></td>{}{}{}{}</tr>",
            escape(name),
            escape(&m.id),
            figure(run, &key("mean_return"), m.mean_return, &percent(m.mean_return)),
            figure(run, &key("p05"), m.p05, &percent(m.p05)),
            figure(run, &key("p95"), m.p95, &percent(m.p95)),
            figure(run, &key("held_value"), m.held_value, &thousands(m.held_value)),
        )?;
    }
    writeln!(out, "</tbody></table>")
}

/// The base and each variant's portfolio figures in columns, each variant's change from the base
/// under its figure.
pub fn variants(out: &mut String, base: &Analysis, variants: &[Analysis]) -> std::fmt::Result {
    let p = &base.result.portfolio;
    writeln!(out, "<table class=\"variants\">")?;
    write!(out, "<thead><tr><th>{}</th><th class=\"num\">Base scenario</th>", escape(&base.result.currency))?;
    for v in variants {
        write!(out, "<th class=\"num\">{}</th>", escape(run_name(v)))?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for row in rows(p.loss_threshold) {
        let path = format!("portfolio.total.{}.value", row.key);
        let base_value = (row.pick)(&p.total);
        write!(
            out,
            "<tr><th>{}</th>{}",
            row.label,
            figure("base", &path, base_value, &shown(base_value, row.money))
        )?;
        for v in variants {
            let value = (row.pick)(&v.result.portfolio.total);
            let change = value - base_value;
            let change = if row.money {
                format!("{}{}", if change > 0.0 { "+" } else { "" }, thousands(change))
            } else {
                format!("{:+.2} pts", 100.0 * change)
            };
            let mut text = format!("{}<br><span class=\"delta\">{change}</span>", shown(value, row.money));
            let threshold = v.result.portfolio.loss_threshold;
            if row.key == "prob_loss_beyond" && threshold != p.loss_threshold {
                text.push_str(&format!("<br><span class=\"delta\">(beyond {})</span>", thousands(threshold)));
            }
            write!(out, "{}", figure(run_name(v), &path, value, &text))?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table>")
}

/// What reproduces the report: the file's hash, trials, seed, version and date, and the command.
pub fn settings(out: &mut String, input: &ReportInput<'_>) -> std::fmt::Result {
    let r = &input.base.result;
    let Source { file_name, sha256, created } = &input.source;
    let hash = match sha256 {
        Some(hash) => format!("<code>{hash}</code>"),
        None => "none: the scenario had unsaved changes, so no file holds what was simulated".to_owned(),
    };
    let shown_variants = if input.variants.is_empty() {
        "none".to_owned()
    } else {
        input.variants.iter().map(|v| escape(run_name(v))).collect::<Vec<_>>().join(", ")
    };
    writeln!(out, "<table class=\"settings\"><tbody>")?;
    for (label, value) in [
        ("Scenario file", format!("<code>{}</code>", escape(file_name))),
        ("SHA-256 of the file", hash),
        (
            "Trials",
            format!(
                "<span data-run=\"base\" data-figure=\"trials\" data-value=\"{}\">{}</span>",
                r.trials,
                thousands(r.trials as f64)
            ),
        ),
        (
            "Seed",
            format!(
                "<span data-run=\"base\" data-figure=\"seed\" data-value=\"{}\">{}</span>",
                r.seed, r.seed
            ),
        ),
        ("Variants", shown_variants),
        ("Background noise", if r.noise { "on".to_owned() } else { "off".to_owned() }),
        ("georisk version", env!("CARGO_PKG_VERSION").to_owned()),
        ("Made", escape(created)),
    ] {
        writeln!(out, "<tr><th>{label}</th><td>{value}</td></tr>")?;
    }
    writeln!(out, "</tbody></table>")?;
    let mut command = format!("georisk report {}", shell_word(file_name));
    for v in input.variants {
        command.push_str(&format!(" --variant {}", shell_word(run_name(v))));
    }
    command.push_str(&format!(" --trials {} --seed {} -o report.html", r.trials, r.seed));
    writeln!(out, "<pre class=\"command\">{}</pre>", escape(&command))
}

/// A word as a POSIX shell reads it back: bare when it is plainly safe, else in single quotes.
fn shell_word(word: &str) -> String {
    let plain = !word.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | '+' | ':' | ','));
    if plain { word.to_owned() } else { format!("'{}'", word.replace('\'', "'\\''")) }
}
