//! Scores of files and variants as text: a table for a terminal and JSON, with the calibration
//! bins of each file's base forecasts.
//!
//! Pure formatting: the scores come from `engine::score`; nothing is read or simulated here.

use crate::engine::score::{Bin, Forecast, Scores};
use serde::Serialize;
use std::fmt::Write;

/// The scores of one run: a file's base scenario or one of its variants.
#[derive(Debug, Clone, Serialize)]
pub struct ScoredRun {
    pub file: String,
    /// `None` for the base scenario.
    pub variant: Option<String>,
    /// `None` when no event of the file is resolved.
    pub scores: Option<Scores>,
    /// Events in the file (resolved or not).
    pub total: usize,
    pub forecasts: Vec<Forecast>,
    pub calibration: Vec<Bin>,
}

/// One row per run (Brier, reference Brier, skill, log score, reference log score,
/// resolved/total), then the calibration bins of each file's base.
pub fn table(runs: &[ScoredRun]) -> String {
    let mut out = String::new();
    let width = runs.iter().map(|r| label(r).chars().count()).max().unwrap_or(0).max(4);
    // Writing to a String cannot fail.
    let _ = writeln!(
        out,
        "{:width$}  {:>7}  {:>9}  {:>6}  {:>9}  {:>9}  {:>8}",
        "run", "Brier", "ref Brier", "skill", "log score", "ref log", "resolved"
    );
    for run in runs {
        let resolved = format!("{}/{}", run.scores.map_or(0, |s| s.resolved), run.total);
        match run.scores {
            Some(s) => {
                let _ = writeln!(
                    out,
                    "{:width$}  {:>7.4}  {:>9.4}  {:>6.3}  {:>9.4}  {:>9.4}  {:>8}",
                    label(run),
                    s.brier,
                    s.reference_brier,
                    s.skill,
                    s.log,
                    s.reference_log,
                    resolved
                );
            }
            None => {
                let _ =
                    writeln!(out, "{:width$}  no resolved events ({resolved}); nothing to score", label(run));
            }
        }
    }
    let _ = writeln!(
        out,
        "\nReference: every event at 50%. Skill = 1 − Brier / reference Brier (1 perfect, 0 no \
         better than the reference, below 0 worse). Log scores clamp forecasts to [1e-6, 1 − 1e-6]."
    );
    for run in runs.iter().filter(|r| r.variant.is_none() && r.scores.is_some()) {
        let _ =
            writeln!(out, "\nCalibration of {} (forecast bins; observed = share that happened):", run.file);
        let _ =
            writeln!(out, "  {:>9}  {:>5}  {:>13}  {:>8}", "forecast", "count", "mean forecast", "observed");
        for bin in run.calibration.iter().filter(|b| b.count > 0) {
            let pct = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), |x| format!("{:.1}%", 100.0 * x));
            let _ = writeln!(
                out,
                "  {:>9}  {:>5}  {:>13}  {:>8}",
                format!("{:.0}–{:.0}%", 100.0 * bin.low, 100.0 * bin.high),
                bin.count,
                pct(bin.mean_forecast),
                pct(bin.observed)
            );
        }
    }
    out
}

fn label(run: &ScoredRun) -> String {
    match &run.variant {
        Some(v) => format!("{} ({v})", run.file),
        None => format!("{} (base)", run.file),
    }
}

/// The runs as a JSON array, each with its scores (`null` when nothing is resolved), forecasts
/// and calibration bins.
pub fn json(runs: &[ScoredRun]) -> Result<String, serde_json::Error> {
    serde_json::to_string_pretty(runs)
}
