//! Simulation results as text: a table for a terminal, JSON, and CSV per event.
//!
//! Pure formatting: it returns strings and never writes files (that is `io` or the caller) and
//! never simulates (that is `engine`).

mod table;

pub use table::{table, thousands};

use crate::engine::{Sensitivity, SimResult};
use serde::Serialize;

#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    #[error("could not write JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("could not write CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("CSV output is not UTF-8: {0}")]
    Utf8(#[from] std::string::FromUtf8Error),
}

#[derive(Serialize)]
struct JsonReport<'a> {
    #[serde(flatten)]
    result: &'a SimResult,
    #[serde(skip_serializing_if = "Option::is_none")]
    sensitivity: Option<&'a Sensitivity>,
}

/// One JSON object: the result's fields (`scenario`, `trials`, `seed`, `variant`, `portfolio`,
/// `events`, `markets`, …) and `sensitivity` when it was computed.
pub fn json(result: &SimResult, sensitivity: Option<&Sensitivity>) -> Result<String, ReportError> {
    let mut text = serde_json::to_string_pretty(&JsonReport { result, sensitivity })?;
    text.push('\n');
    Ok(text)
}

/// One row per event; tornado columns are filled when `sensitivity` is given.
pub fn csv(result: &SimResult, sensitivity: Option<&Sensitivity>) -> Result<String, ReportError> {
    let mut out = csv::Writer::from_writer(Vec::new());
    let mut header = vec![
        "id",
        "name",
        "probability",
        "probability_se",
        "mean_pnl_if",
        "mean_pnl_if_not",
        "tail_share",
        "loss_share",
        "likelihood_bin",
        "impact_bin",
        "severity_bin",
        "rating",
    ];
    if sensitivity.is_some() {
        header.extend([
            "low_probability",
            "high_probability",
            "mean_at_low",
            "mean_at_high",
            "es99_at_low",
            "es99_at_high",
        ]);
    }
    out.write_record(&header)?;
    let optional = |v: Option<f64>| v.map(|x| x.to_string()).unwrap_or_default();
    for (i, e) in result.events.iter().enumerate() {
        let mut row = vec![
            e.id.clone(),
            e.name.clone(),
            e.probability.to_string(),
            e.probability_se.to_string(),
            optional(e.mean_pnl_if),
            optional(e.mean_pnl_if_not),
            e.tail_share.to_string(),
            e.loss_share.to_string(),
            e.likelihood_bin.to_string(),
            e.impact_bin.to_string(),
            e.severity_bin.map(|b| b.to_string()).unwrap_or_default(),
            e.rating.map(|r| r.label().to_owned()).unwrap_or_default(),
        ];
        if let Some(s) = sensitivity.and_then(|s| s.events.get(i)) {
            row.extend(
                [
                    s.low_probability,
                    s.high_probability,
                    s.mean_at_low,
                    s.mean_at_high,
                    s.es99_at_low,
                    s.es99_at_high,
                ]
                .map(|x| x.to_string()),
            );
        }
        out.write_record(&row)?;
    }
    let bytes = out.into_inner().map_err(|e| ReportError::Csv(e.into_error().into()))?;
    Ok(String::from_utf8(bytes)?)
}
