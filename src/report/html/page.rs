//! The page: its style (screen and print, A4 and Letter), the header with the scenario's own
//! words, and the sections in reading order, each with a line saying what it shows.

use super::escape::escape;
use super::{ReportInput, charts, forecasts, matrix, tables};
use crate::engine::Analysis;
use crate::report::thousands;
use std::fmt::Write;

/// Screen and print style. Print: margins that fit both A4 and Letter (the browser's paper
/// setting picks the size), each section on a new page, rows and charts never cut, table
/// headers repeated on every page.
const STYLE: &str = r#"
:root { color-scheme: light; }
* { box-sizing: border-box; }
body { margin: 0; background: #f3f4f6; color: #1d2330;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 28px 40px 48px; background: #fff; }
header { border-bottom: 3px solid #2c6fbb; padding-bottom: 12px; margin-bottom: 8px; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: #2c6fbb; font-weight: 600; }
h1 { font-size: 28px; line-height: 1.2; margin: 4px 0 8px; }
h2 { font-size: 21px; margin: 0 0 4px; color: #1d3f6e; }
h3 { font-size: 16px; margin: 18px 0 4px; }
.meta { color: #4a5263; font-size: 13.5px; margin: 0; }
.what { color: #4a5263; margin: 0 0 12px; }
section { padding-top: 22px; margin-top: 8px; border-top: 1px solid #dfe3ea; }
section.first { border-top: none; }
.description { font-size: 16px; margin: 10px 0; white-space: pre-wrap; }
.notes { white-space: pre-wrap; background: #f7f4ea; border-left: 4px solid #c9a94a; padding: 8px 12px;
  margin: 8px 0; font-size: 14px; overflow-wrap: anywhere; }
.notes-label { font-size: 12px; font-weight: 600; color: #7a6420; text-transform: uppercase; letter-spacing: .05em; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 4px; font-variant-numeric: tabular-nums; }
th, td { padding: 5px 8px; border-bottom: 1px solid #e3e6ec; text-align: left; vertical-align: top; }
thead th { background: #eef2f8; font-size: 13px; border-bottom: 2px solid #c8d1df; }
tbody th { font-weight: 500; }
.num { text-align: right; white-space: nowrap; }
.figures td.num:first-of-type { font-weight: 650; }
tr.minor th, tr.minor td { color: #5a6272; font-size: 13px; border-bottom-style: dotted; }
.band { color: #3f4a5e; }
.small { font-size: 12.5px; color: #5a6272; }
.id { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 11.5px; color: #6b7382; }
.se { color: #6b7382; font-size: 12.5px; }
.delta { color: #5a6272; font-size: 12.5px; }
.events td, .events th { font-size: 13px; padding: 4px 6px; }
.rating { display: inline-block; padding: 0 6px; border-radius: 3px; font-size: 12px; font-weight: 600; }
.rating.low, .cell.low { background: #d6ecd2; }
.rating.medium, .cell.medium { background: #fff0b8; }
.rating.high, .cell.high { background: #ffd3a8; }
.rating.extreme, .cell.extreme { background: #f6b3ad; }
.matrix { table-layout: fixed; }
.matrix th { font-size: 13px; text-align: center; background: #eef2f8; }
.matrix th.corner { font-size: 12px; text-align: left; }
.matrix tbody th { text-align: left; width: 17%; }
.matrix td.cell { height: 70px; border: 2px solid #fff; padding: 4px; }
.rating-name { display: block; font-size: 10.5px; color: #5c4f3a; text-transform: uppercase; letter-spacing: .05em; }
.chip { display: inline-block; min-width: 22px; margin: 2px; padding: 1px 5px; border-radius: 11px; text-align: center;
  background: #1d3f6e; color: #fff; font-size: 12px; font-weight: 600; }
.chip.gain { background: #2e7d32; }
.matrix-key { columns: 2; column-gap: 28px; font-size: 13px; margin: 10px 0 0; padding-left: 28px; }
.matrix-key li { break-inside: avoid; }
.matrix-key li.gain::marker { color: #2e7d32; font-weight: 700; }
.chart { width: 100%; height: auto; display: block; margin: 4px 0 10px; }
.settings th { width: 28%; }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 13px; overflow-wrap: anywhere; }
pre.command { background: #f1f3f6; padding: 8px 10px; white-space: pre-wrap; }
nav ol { margin: 6px 0 0; padding-left: 22px; columns: 2; font-size: 14px; }
nav a { color: #1d3f6e; }
footer { margin-top: 28px; font-size: 12px; color: #6b7382; }
@page { margin: 14mm 12mm; }
@media print {
  body { background: #fff; font-size: 10.5pt; }
  main { max-width: none; padding: 0; }
  section { break-before: page; border-top: none; padding-top: 0; }
  section.first { break-before: auto; }
  nav { display: none; }
  tr, figure, .chart, .notes, pre { break-inside: avoid; }
  thead { display: table-header-group; }
  h2, h3 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"#;

/// The sections in order: (anchor, heading).
pub const SECTIONS: [(&str, &str); 9] = [
    ("summary", "Summary"),
    ("matrix", "Risk matrix"),
    ("losses", "Loss distribution"),
    ("drivers", "What drives the losses"),
    ("events", "Events"),
    ("markets", "Markets"),
    ("forecasts", "How the forecasts did"),
    ("variants", "Variants side by side"),
    ("reproduce", "Settings that reproduce this report"),
];

fn section_start(out: &mut String, index: usize, what: &str) -> std::fmt::Result {
    let (anchor, heading) = SECTIONS[index];
    let class = if index == 0 { " class=\"first\"" } else { "" };
    writeln!(out, "<section id=\"{anchor}\"{class}>\n<h2>{heading}</h2>\n<p class=\"what\">{what}</p>")
}

fn notes(out: &mut String, label: &str, text: Option<&str>) -> std::fmt::Result {
    match text.filter(|t| !t.trim().is_empty()) {
        Some(text) => writeln!(
            out,
            "<div class=\"notes\"><div class=\"notes-label\">{}</div>{}</div>",
            escape(label),
            escape(text.trim())
        ),
        None => Ok(()),
    }
}

pub fn page(input: &ReportInput<'_>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_page(&mut out, input);
    out
}

fn write_page(out: &mut String, input: &ReportInput<'_>) -> std::fmt::Result {
    let s = input.scenario;
    let a = input.base;
    let r = &a.result;
    let p = &r.portfolio;
    let currency = escape(&r.currency);
    writeln!(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">")?;
    writeln!(out, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")?;
    writeln!(out, "<meta name=\"generator\" content=\"georisk {}\">", env!("CARGO_PKG_VERSION"))?;
    writeln!(
        out,
        "<title>{} — georisk report</title>\n<style>{STYLE}{}</style>\n</head>\n<body>\n<main>",
        escape(&s.title),
        charts::CHART_STYLE
    )?;

    writeln!(
        out,
        "<header>\n<div class=\"kicker\">Geopolitical scenario report</div>\n<h1>{}</h1>",
        escape(&s.title)
    )?;
    let variants = match input.variants.len() {
        0 => String::new(),
        1 => " and 1 variant".to_owned(),
        n => format!(" and {n} variants"),
    };
    writeln!(
        out,
        "<p class=\"meta\">Horizon {} months · portfolio {} {currency} · {} events{variants} · {} simulated futures, seed {} · made {} with georisk {}</p>\n</header>",
        s.horizon_months,
        thousands(p.value),
        s.events.len(),
        thousands(r.trials as f64),
        r.seed,
        escape(&input.source.created),
        env!("CARGO_PKG_VERSION")
    )?;
    if !s.description.trim().is_empty() {
        writeln!(out, "<p class=\"description\">{}</p>", escape(s.description.trim()))?;
    }
    notes(out, "Notes from the scenario file", s.notes.as_deref())?;
    notes(out, "Notes on the portfolio", s.portfolio.notes.as_deref())?;
    writeln!(out, "<nav><strong>Contents</strong><ol>")?;
    for (anchor, heading) in SECTIONS {
        writeln!(out, "<li><a href=\"#{anchor}\">{heading}</a></li>")?;
    }
    writeln!(out, "</ol></nav>")?;

    section_start(
        out,
        0,
        &format!(
            "What the portfolio of {} {currency} (gross {}) may gain or lose over the {}-month horizon, across {} simulated futures. \
             Value at risk is the loss exceeded in only 5% (1%) of futures; expected shortfall is the average loss in those worst 5% (1%). \
             The band is how far each figure moves within your likelihood ranges; “events alone” is the same figure without the markets’ ordinary ups and downs.",
            thousands(p.value),
            thousands(p.gross_value),
            s.horizon_months,
            thousands(r.trials as f64)
        ),
    )?;
    tables::summary(out, a)?;
    writeln!(out, "</section>")?;

    section_start(
        out,
        1,
        "Each event placed by how likely it is (rows) and by how much it moves the portfolio’s mean result (columns: its causal impact as a share of the gross value). \
         Cell colours are the file’s ratings; the numbers are the events listed below, the largest loss first; green numbers are events that gain.",
    )?;
    matrix::matrix(out, a, &s.matrix)?;
    writeln!(out, "</section>")?;

    section_start(
        out,
        2,
        "How the simulated futures spread: the share of futures ending at each profit or loss, and the chance of losing more than each amount (shaded: the 90% band from your likelihood ranges).",
    )?;
    writeln!(out, "<h3>Distribution of profit and loss</h3>")?;
    charts::histogram(out, a)?;
    writeln!(out, "<h3>Chance of losing more than each amount</h3>")?;
    charts::exceedance(out, a)?;
    writeln!(out, "</section>")?;

    section_start(
        out,
        3,
        &format!(
            "Which events matter most (at most {} of each chart; the Events table lists all). The tornado shows expected shortfall 99% when one event’s likelihood is set to the low and the high end of its range; \
             the impact bars show how much mean P&amp;L changes if the event happens rather than not, in the same futures, with what it sets off through links.",
            charts::TOP_EVENTS
        ),
    )?;
    writeln!(out, "<h3>Tornado: expected shortfall 99% at each event’s low and high likelihood</h3>")?;
    charts::tornado(out, a, charts::TornadoFigure::Es99)?;
    writeln!(out, "<h3>Impact of each event on mean P&amp;L</h3>")?;
    charts::impacts(out, a)?;
    writeln!(out, "</section>")?;

    section_start(
        out,
        4,
        "Every event, the largest loss first. Stated: the file’s likelihood; probability: how often it happened in the simulation, after links and exclusive groups; \
         impact: mean P&amp;L if it is forced to happen minus if it is prevented; direct: the part from its own price moves; adds to ES 99%: how much worse the worst 1% gets with it; \
         worst 1% share: how often it happened in the worst 1% of futures, to compare with its probability; matrix cell: rating, likelihood row (L) and impact column (I).",
    )?;
    tables::events(out, a)?;
    writeln!(out, "</section>")?;

    section_start(
        out,
        5,
        "Each market’s price move over the horizon (events and ordinary ups and downs together): the average, and the moves that only 5% of futures fall below or rise above; and how much the portfolio holds. \
         Then each region’s expected severity: for every event that rates the region, its probability times its severity level (1 negligible to 5 severe), summed.",
    )?;
    if !r.markets.is_empty() {
        writeln!(out, "<h3>Mean price move of each market, with 5% to 95% of futures</h3>")?;
        charts::markets(out, r)?;
    }
    tables::markets(out, a)?;
    let regions = crate::engine::region_severity(s, r);
    if !regions.is_empty() {
        writeln!(out, "<h3>Expected severity of each region</h3>")?;
        charts::regions(out, &regions)?;
    }
    writeln!(out, "</section>")?;

    section_start(
        out,
        6,
        "How well the scenario's likelihoods did against what happened, for the events whose outcome the file records. The Brier score is the mean squared gap between forecast and outcome (0 is perfect; always saying 50% scores 0.25);          the log score punishes confident misses harder (50% scores 0.693); skill is 1 − Brier ÷ 0.25. Each forecast is the event's simulated probability, after links and groups.",
    )?;
    let runs: Vec<&Analysis> = std::iter::once(a).chain(input.variants).collect();
    forecasts::forecasts_section(out, s, &runs)?;
    writeln!(out, "</section>")?;

    section_start(
        out,
        7,
        "The same portfolio figures for each variant of the scenario (a named set of changed likelihoods, price moves or holdings), in the same simulated futures, with the change from the base scenario under each.",
    )?;
    if input.variants.is_empty() {
        writeln!(out, "<p>This report shows no variants: the scenario has none, or none was chosen.</p>")?;
    } else {
        tables::variants(out, a, input.variants)?;
        for v in input.variants {
            let name = tables::run_name(v);
            let note = s.variants.iter().find(|x| x.name == name).and_then(|x| x.notes.as_deref());
            notes(out, &format!("Notes on the variant “{name}”"), note)?;
        }
    }
    writeln!(out, "</section>")?;

    section_start(
        out,
        8,
        "Everything needed to get exactly these figures again: the same file (check its SHA-256 with <code>sha256sum</code>), trial count and seed give the same numbers on any computer.",
    )?;
    tables::settings(out, input)?;
    writeln!(out, "</section>")?;
    writeln!(
        out,
        "<footer>All numbers are simulated from the scenario file’s assumptions; they are as good as those assumptions.</footer>"
    )?;
    writeln!(out, "</main>\n</body>\n</html>")
}
