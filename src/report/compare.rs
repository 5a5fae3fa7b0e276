//! Side-by-side comparison of analyses run with common random numbers (the same trials and
//! seed): the portfolio's figures of each run and their change from the first, each event's
//! simulated probability and causal impact with their changes, and — for two files — the
//! structural difference. As a table, JSON or CSV.
//!
//! Pure: it takes finished analyses and returns text. It never simulates and never writes files.

use super::table::{percent, thousands};
use crate::engine::{Analysis, PnlStats, Settings};
use crate::model::Scenario;
use crate::model::diff::{Change, ChangeKind};
use serde::Serialize;
use serde_json::json;
use std::fmt::Write;

/// One run of the comparison: what it is called in the output and its analysis.
pub struct Side<'a> {
    /// `base`, a variant's name, or a file name.
    pub label: String,
    pub analysis: &'a Analysis,
}

/// A portfolio figure across the runs; `deltas[i]` is run `i + 1` minus the first run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FigureRow {
    pub key: &'static str,
    #[serde(skip)]
    pub label: &'static str,
    /// Money (else a share of trials).
    #[serde(skip)]
    pub money: bool,
    pub values: Vec<f64>,
    pub deltas: Vec<f64>,
}

/// An event across the runs, `None` in a run whose scenario does not have it. Deltas are against
/// the first run, `None` where either side lacks the event.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventRow {
    pub id: String,
    pub name: String,
    pub probability: Vec<Option<f64>>,
    pub probability_delta: Vec<Option<f64>>,
    pub impact: Vec<Option<f64>>,
    pub impact_delta: Vec<Option<f64>>,
}

/// Everything `georisk compare` shows.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    pub labels: Vec<String>,
    pub titles: Vec<String>,
    pub trials: u64,
    pub seed: u64,
    pub currency: String,
    pub portfolio: Vec<FigureRow>,
    /// Largest change first (see [`compare`]).
    pub events: Vec<EventRow>,
    /// The structural difference of two files; `None` when one file's variants are compared.
    pub diff: Option<Vec<Change>>,
}

/// A portfolio figure: its JSON key, its label, whether it is money, and how to read it.
type Figure = (&'static str, &'static str, bool, fn(&PnlStats) -> f64);

const FIGURES: [Figure; 6] = [
    ("mean", "Mean P&L", true, |s| s.mean),
    ("var95", "Value at risk 95%", true, |s| s.var95),
    ("var99", "Value at risk 99%", true, |s| s.var99),
    ("es95", "Expected shortfall 95%", true, |s| s.es95),
    ("es99", "Expected shortfall 99%", true, |s| s.es99),
    ("prob_loss", "Chance of a loss", false, |s| s.prob_loss),
];

/// The settings every run of a comparison shares (common random numbers): the first
/// scenario's defaults and seed, unless `trials` or `seed` say otherwise. Each run then sets only
/// its variant. `georisk compare` and the app's Compare view both start from these, so they
/// show the same numbers.
pub fn common_settings(first: &Scenario, trials: Option<u64>, seed: Option<u64>) -> Settings {
    let defaults = Settings::for_scenario(first);
    Settings { trials: trials.unwrap_or(defaults.trials), seed: seed.unwrap_or(first.seed), ..defaults }
}

/// Compares runs against the first. Events are matched by id and sorted by the largest change
/// of impact over the runs (an event missing on one side counts by its impact on the other),
/// then by the largest change of probability, then in the first run's file order.
pub fn compare(sides: &[Side<'_>], diff: Option<Vec<Change>>) -> Comparison {
    let first = sides.first().map(|s| &s.analysis.result);
    let portfolio = FIGURES
        .iter()
        .map(|&(key, label, money, pick)| {
            let values: Vec<f64> = sides.iter().map(|s| pick(&s.analysis.result.portfolio.total)).collect();
            let deltas = values.iter().skip(1).map(|v| v - values[0]).collect();
            FigureRow { key, label, money, values, deltas }
        })
        .collect();
    let mut ids: Vec<(String, String)> = Vec::new();
    for side in sides {
        for e in &side.analysis.result.events {
            if !ids.iter().any(|(id, _)| *id == e.id) {
                ids.push((e.id.clone(), e.name.clone()));
            }
        }
    }
    let delta = |values: &[Option<f64>]| -> Vec<Option<f64>> {
        values.iter().skip(1).map(|v| Some(v.as_ref()? - values.first().copied().flatten()?)).collect()
    };
    let mut events: Vec<EventRow> = ids
        .into_iter()
        .map(|(id, name)| {
            let lookup = |s: &Side<'_>| {
                let r = &s.analysis.result;
                let i = r.events.iter().position(|e| e.id == id)?;
                Some((r.events[i].probability, s.analysis.impacts[i].total))
            };
            let found: Vec<Option<(f64, f64)>> = sides.iter().map(lookup).collect();
            let probability: Vec<Option<f64>> = found.iter().map(|f| f.map(|x| x.0)).collect();
            let impact: Vec<Option<f64>> = found.iter().map(|f| f.map(|x| x.1)).collect();
            EventRow {
                id,
                name,
                probability_delta: delta(&probability),
                impact_delta: delta(&impact),
                probability,
                impact,
            }
        })
        .collect();
    events.sort_by(|a, b| {
        size(b).total_cmp(&size(a)).then(change_of_probability(b).total_cmp(&change_of_probability(a)))
    });
    Comparison {
        labels: sides.iter().map(|s| s.label.clone()).collect(),
        titles: sides.iter().map(|s| s.analysis.result.scenario.clone()).collect(),
        trials: first.map_or(0, |r| r.trials),
        seed: first.map_or(0, |r| r.seed),
        currency: first.map_or_else(String::new, |r| r.currency.clone()),
        portfolio,
        events,
        diff,
    }
}

/// How much an event's impact changes: the largest change over the runs, or the size of its
/// impact where it exists on one side only.
fn size(row: &EventRow) -> f64 {
    let changes = row.impact_delta.iter().enumerate().map(|(i, d)| match d {
        Some(d) => d.abs(),
        None => row.impact[0].or(row.impact[i + 1]).map_or(0.0, f64::abs),
    });
    changes.fold(0.0, f64::max)
}

fn change_of_probability(row: &EventRow) -> f64 {
    row.probability_delta.iter().flatten().map(|d| d.abs()).fold(0.0, f64::max)
}

/// `+1,234` / `-1,234` / `0`.
pub fn signed_money(x: f64) -> String {
    if x.round() > 0.0 { format!("+{}", thousands(x)) } else { thousands(x) }
}

/// Percentage points: `+1.23 pp`.
pub fn signed_points(x: f64) -> String {
    let text = format!("{:.2} pp", x * 100.0);
    if x * 100.0 >= 0.005 { format!("+{text}") } else { text.replace("-0.00", "0.00") }
}

fn optional(value: Option<f64>, show: impl Fn(f64) -> String) -> String {
    value.map_or_else(|| "—".to_owned(), show)
}

/// The comparison for a terminal: the runs, the portfolio figures with their changes, the
/// events by the size of their change, then any structural difference.
pub fn table(c: &Comparison) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail.
    let _ = write_table(&mut out, c);
    out
}

fn write_table(out: &mut String, c: &Comparison) -> std::fmt::Result {
    writeln!(
        out,
        "Runs, with common random numbers (the same {} trials and seed {} for every run):",
        thousands(c.trials as f64),
        c.seed
    )?;
    for (i, (label, title)) in c.labels.iter().zip(&c.titles).enumerate() {
        writeln!(out, "  [{}] {label} — {title}", i + 1)?;
    }
    writeln!(out)?;
    let runs = c.labels.len();
    let headers = |out: &mut String, prefix: &str| -> std::fmt::Result {
        for i in 1..=runs {
            write!(out, " {:>12}", format!("{prefix}[{i}]"))?;
        }
        for i in 2..=runs {
            write!(out, " {:>12}", format!("[{i}]−[1]"))?;
        }
        Ok(())
    };
    write!(out, "{:<24}", c.currency)?;
    headers(out, "")?;
    writeln!(out)?;
    for row in &c.portfolio {
        write!(out, "{:<24}", row.label)?;
        for value in &row.values {
            let shown = if row.money { thousands(*value) } else { percent(*value) };
            write!(out, " {shown:>12}")?;
        }
        for d in &row.deltas {
            let shown = if row.money { signed_money(*d) } else { signed_points(*d) };
            write!(out, " {shown:>12}")?;
        }
        writeln!(out)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "Events by the largest change of impact (P: simulated probability; impact: P&L if forced to happen minus if prevented; — where a run lacks the event):"
    )?;
    write!(out, "{:<28}", "Event")?;
    headers(out, "P ")?;
    headers(out, "Impact ")?;
    writeln!(out)?;
    for row in &c.events {
        let id: String = row.id.chars().take(27).collect();
        write!(out, "{id:<28}")?;
        for p in &row.probability {
            write!(out, " {:>12}", optional(*p, percent))?;
        }
        for d in &row.probability_delta {
            write!(out, " {:>12}", optional(*d, signed_points))?;
        }
        for i in &row.impact {
            write!(out, " {:>12}", optional(*i, thousands))?;
        }
        for d in &row.impact_delta {
            write!(out, " {:>12}", optional(*d, signed_money))?;
        }
        writeln!(out)?;
    }
    if let Some(diff) = &c.diff {
        writeln!(out)?;
        let (a, b) =
            (c.labels.first().map_or("", String::as_str), c.labels.get(1).map_or("", String::as_str));
        if diff.is_empty() {
            writeln!(out, "No structural difference between {a} and {b}.")?;
        } else {
            writeln!(out, "Structural differences from {a} to {b}, by id ({}):", diff.len())?;
            for change in diff {
                let (what, fields) = match &change.kind {
                    ChangeKind::Added => ("added", String::new()),
                    ChangeKind::Removed => ("removed", String::new()),
                    ChangeKind::Changed(fields) => ("changed", format!(": {}", fields.join(", "))),
                };
                let key = if change.key.is_empty() { String::new() } else { format!(" {}", change.key) };
                writeln!(out, "  {:<8} {what}{key}{fields}", change.section)?;
            }
        }
    }
    Ok(())
}

/// One JSON object:
/// `runs[] {label, scenario}`, `trials`, `seed`, `currency`;
/// `portfolio {mean, var95, var99, es95, es99, prob_loss}`, each `{values[], deltas[]}` (values
/// per run, deltas of each later run minus the first); `events[] {id, name, probability[],
/// probability_delta[], impact[], impact_delta[]}` (null where a run lacks the event);
/// `diff`: null, or `[{section, key, change: added|removed|changed, fields[]}]`.
pub fn json(c: &Comparison) -> Result<String, super::ReportError> {
    let portfolio: serde_json::Map<String, serde_json::Value> = c
        .portfolio
        .iter()
        .map(|row| (row.key.to_owned(), json!({ "values": row.values, "deltas": row.deltas })))
        .collect();
    let runs: Vec<_> = c
        .labels
        .iter()
        .zip(&c.titles)
        .map(|(label, title)| json!({ "label": label, "scenario": title }))
        .collect();
    let value = json!({
        "runs": runs,
        "trials": c.trials,
        "seed": c.seed,
        "currency": c.currency,
        "portfolio": portfolio,
        "events": c.events,
        "diff": c.diff,
    });
    let mut text = serde_json::to_string_pretty(&value)?;
    text.push('\n');
    Ok(text)
}

/// Long form, one value a row: `part,item,figure,run,value,delta`. `part` is `portfolio`
/// (item empty), `event` (item the event id; figure `probability` or `impact`) or `diff`
/// (item `section/key`, figure the change, value the changed fields separated by `;`). `delta`
/// is the run's value minus the first run's, empty for the first run or where a side is missing.
pub fn csv(c: &Comparison) -> Result<String, super::ReportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record(["part", "item", "figure", "run", "value", "delta"])?;
    let text = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for row in &c.portfolio {
        for (i, label) in c.labels.iter().enumerate() {
            let delta = if i == 0 { None } else { row.deltas.get(i - 1).copied() };
            out.write_record(["portfolio", "", row.key, label, &row.values[i].to_string(), &text(delta)])?;
        }
    }
    for row in &c.events {
        for (figure, values, deltas) in [
            ("probability", &row.probability, &row.probability_delta),
            ("impact", &row.impact, &row.impact_delta),
        ] {
            for (i, label) in c.labels.iter().enumerate() {
                let delta = if i == 0 { None } else { deltas.get(i - 1).copied().flatten() };
                out.write_record(["event", &row.id, figure, label, &text(values[i]), &text(delta)])?;
            }
        }
    }
    for change in c.diff.iter().flatten() {
        let (figure, fields) = match &change.kind {
            ChangeKind::Added => ("added", String::new()),
            ChangeKind::Removed => ("removed", String::new()),
            ChangeKind::Changed(fields) => ("changed", fields.join(";")),
        };
        let item = format!("{}/{}", change.section, change.key);
        out.write_record(["diff", &item, figure, "", &fields, ""])?;
    }
    let bytes = out.into_inner().map_err(|e| super::ReportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8(bytes)?)
}
