//! Simulation results as text: a table for a terminal, JSON, CSV per event, comparisons of
//! several runs (`compare`), a self-contained HTML report (`html`), and a results snapshot in RON
//! that can be reopened (`snapshot`); and, for the app, a chart's SVG as PNG (`chart_png`).
//!
//! Pure formatting: it returns strings and never writes files (that is `io` or the caller) and
//! never simulates (that is `engine`).

#[cfg(feature = "gui")]
pub mod chart_png;
pub mod compare;
pub mod html;
pub mod score;
pub mod snapshot;
mod table;

pub use table::{compact_number, percent, table, thousands};

use crate::engine::{Analysis, Band, Bands, PnlStats};
use serde_json::{Value, json};

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("CSV output is not UTF-8: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

/// One JSON object (the schema is documented in the README):
/// - `scenario`, `trials`, `seed`, `variant`, `noise`, `currency`;
/// - `portfolio`: `value`, `gross_value`, `loss_threshold`, and `total` (events and noise) and
///   `events_only` (noise off), each with `mean {value, se}`, `sd`, `var95`, `var99`, `es95`,
///   `es99`, `prob_loss`, `prob_loss_beyond` — in `total` each figure has a `band {low, high}`;
/// - `bands`: how the bands were made (`outer_draws`, `ranged_events`, `ess_min`, `ess_median`);
/// - `events[]`: `id`, `name`, `stated`, `bent`, `probability`, `probability_se`,
///   `mean_pnl_if`, `mean_pnl_if_not`, `worst_share`, `impact {total, total_se, direct,
///   direct_se, es99, es99_if_forced, es99_if_prevented, loss_share}`, `cell {likelihood_bin,
///   impact_bin, severity_bin, rating}`, `tornado {low_probability, high_probability,
///   mean_at_low, mean_at_high, es99_at_low, es99_at_high}`;
/// - `markets[]`, `histogram`, `exceedance[] {loss, probability, band}`.
pub fn json(analysis: &Analysis) -> Result<String, ReportError> {
    let mut text = serde_json::to_string_pretty(&json_value(analysis))?;
    text.push('\n');
    Ok(text)
}

fn json_value(a: &Analysis) -> Value {
    let r = &a.result;
    let p = &r.portfolio;
    let b = &a.bands;
    let band = |band: &Band| json!({ "low": band.low, "high": band.high });
    let figures = |s: &PnlStats, bands: Option<&Bands>| {
        let with_band = |value: f64, pick: fn(&Bands) -> &Band| match bands {
            Some(bands) => json!({ "value": value, "band": band(pick(bands)) }),
            None => json!({ "value": value }),
        };
        json!({
            "mean": match bands {
                Some(bands) => json!({ "value": s.mean, "se": s.mean_se, "band": band(&bands.mean) }),
                None => json!({ "value": s.mean, "se": s.mean_se }),
            },
            "sd": { "value": s.sd },
            "var95": with_band(s.var95, |b| &b.var95),
            "var99": with_band(s.var99, |b| &b.var99),
            "es95": with_band(s.es95, |b| &b.es95),
            "es99": with_band(s.es99, |b| &b.es99),
            "prob_loss": with_band(s.prob_loss, |b| &b.prob_loss),
            "prob_loss_beyond": with_band(s.prob_loss_beyond, |b| &b.prob_loss_beyond),
        })
    };
    let events: Vec<Value> = r
        .events
        .iter()
        .zip(&a.impacts)
        .zip(&a.sensitivity.events)
        .map(|((e, i), t)| {
            json!({
                "id": e.id,
                "name": e.name,
                "stated": e.stated,
                "bent": e.bent,
                "probability": e.probability,
                "probability_se": e.probability_se,
                "mean_pnl_if": e.mean_pnl_if,
                "mean_pnl_if_not": e.mean_pnl_if_not,
                "worst_share": e.worst_share,
                "impact": {
                    "total": i.total,
                    "total_se": i.total_se,
                    "direct": i.direct,
                    "direct_se": i.direct_se,
                    "es99": i.es99,
                    "es99_if_forced": i.es99_if_forced,
                    "es99_if_prevented": i.es99_if_prevented,
                    "loss_share": i.loss_share,
                },
                "cell": {
                    "likelihood_bin": e.likelihood_bin,
                    "impact_bin": i.impact_bin,
                    "severity_bin": e.severity_bin,
                    "rating": i.rating.map(|x| x.label()),
                },
                "tornado": {
                    "low_probability": t.low_probability,
                    "high_probability": t.high_probability,
                    "mean_at_low": t.mean_at_low,
                    "mean_at_high": t.mean_at_high,
                    "es99_at_low": t.es99_at_low,
                    "es99_at_high": t.es99_at_high,
                },
            })
        })
        .collect();
    let exceedance: Vec<Value> = r
        .exceedance
        .iter()
        .zip(&b.exceedance)
        .map(|(x, bx)| json!({ "loss": x.loss, "probability": x.probability, "band": band(bx) }))
        .collect();
    json!({
        "scenario": r.scenario,
        "trials": r.trials,
        "seed": r.seed,
        "variant": r.variant,
        "noise": r.noise,
        "currency": r.currency,
        "portfolio": {
            "value": p.value,
            "gross_value": p.gross_value,
            "loss_threshold": p.loss_threshold,
            "total": figures(&p.total, Some(b)),
            "events_only": figures(&p.events_only, None),
        },
        "bands": {
            "outer_draws": b.outer_draws,
            "ranged_events": b.ranged_events,
            "ess_min": b.ess_min,
            "ess_median": b.ess_median,
        },
        "events": events,
        "markets": r.markets,
        "histogram": r.histogram,
        "exceedance": exceedance,
    })
}

/// One row per event: its probabilities, causal impact, matrix cell and tornado.
pub fn csv(analysis: &Analysis) -> Result<String, ReportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    out.write_record([
        "id",
        "name",
        "stated",
        "probability",
        "probability_se",
        "impact_total",
        "impact_total_se",
        "impact_direct",
        "impact_direct_se",
        "impact_es99",
        "loss_share",
        "worst_share",
        "mean_pnl_if",
        "mean_pnl_if_not",
        "likelihood_bin",
        "impact_bin",
        "severity_bin",
        "rating",
        "low_probability",
        "high_probability",
        "mean_at_low",
        "mean_at_high",
        "es99_at_low",
        "es99_at_high",
    ])?;
    let optional = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    let r = &analysis.result;
    for ((e, i), t) in r.events.iter().zip(&analysis.impacts).zip(&analysis.sensitivity.events) {
        let mut row = vec![e.id.clone(), e.name.clone()];
        row.extend([e.stated, e.probability, e.probability_se].map(|x| x.to_string()));
        row.extend(
            [i.total, i.total_se, i.direct, i.direct_se, i.es99, i.loss_share, e.worst_share]
                .map(|x| x.to_string()),
        );
        row.extend([optional(e.mean_pnl_if), optional(e.mean_pnl_if_not)]);
        row.extend([
            e.likelihood_bin.to_string(),
            i.impact_bin.to_string(),
            e.severity_bin.map(|b| b.to_string()).unwrap_or_default(),
            i.rating.map(|r| r.label().to_owned()).unwrap_or_default(),
        ]);
        row.extend(
            [
                t.low_probability,
                t.high_probability,
                t.mean_at_low,
                t.mean_at_high,
                t.es99_at_low,
                t.es99_at_high,
            ]
            .map(|x| x.to_string()),
        );
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| ReportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8(bytes)?)
}
