//! Scores of forecasts against recorded outcomes, as forecasting platforms compute them: the
//! Brier score, the log score, the same for a reference forecast of 50% on every event, the
//! skill against that reference, and calibration (reliability) bins.
//!
//! Pure arithmetic on (forecast, outcome) pairs; [`forecasts`] pairs a simulation's event
//! probabilities with a scenario's resolutions. No files, no clock, no window.

use super::SimResult;
use crate::model::Scenario;
use serde::Serialize;

/// The reference forecast: every event at 50%, the forecast of someone who knows nothing.
pub const REFERENCE: f64 = 0.5;

/// Forecasts are clamped to `[CLAMP, 1 − CLAMP]` for the log score only, so a 0% or 100%
/// forecast that turned out wrong costs −ln(1e-6) ≈ 13.8 instead of infinity.
pub const CLAMP: f64 = 1e-6;

/// One resolved event: the probability forecast for it and whether it happened.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Forecast {
    pub id: String,
    pub probability: f64,
    pub happened: bool,
}

/// Scores over the resolved events (lower Brier and log scores are better).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Scores {
    /// Events with a recorded outcome, and all events.
    pub resolved: usize,
    pub total: usize,
    /// Mean of (p − o)², o = 1 if it happened, else 0.
    pub brier: f64,
    /// Mean of −ln p for events that happened and −ln(1 − p) for those that did not (p clamped).
    pub log: f64,
    /// The same two for the 50% reference: 0.25 and ln 2.
    pub reference_brier: f64,
    pub reference_log: f64,
    /// 1 − brier / reference_brier: 1 is perfect, 0 no better than the reference, below 0 worse.
    pub skill: f64,
}

fn outcome(happened: bool) -> f64 {
    if happened { 1.0 } else { 0.0 }
}

fn brier(pairs: &[(f64, bool)]) -> f64 {
    pairs.iter().map(|&(p, o)| (p - outcome(o)).powi(2)).sum::<f64>() / pairs.len() as f64
}

fn log_score(pairs: &[(f64, bool)]) -> f64 {
    let one = |&(p, o): &(f64, bool)| {
        let p = p.clamp(CLAMP, 1.0 - CLAMP);
        -(if o { p } else { 1.0 - p }).ln()
    };
    pairs.iter().map(one).sum::<f64>() / pairs.len() as f64
}

/// The scores of (forecast, happened) pairs out of `total` events; `None` when no event is
/// resolved (there is nothing to score).
pub fn score(pairs: &[(f64, bool)], total: usize) -> Option<Scores> {
    if pairs.is_empty() {
        return None;
    }
    let reference: Vec<(f64, bool)> = pairs.iter().map(|&(_, o)| (REFERENCE, o)).collect();
    let (b, rb) = (brier(pairs), brier(&reference));
    Some(Scores {
        resolved: pairs.len(),
        total,
        brier: b,
        log: log_score(pairs),
        reference_brier: rb,
        reference_log: log_score(&reference),
        skill: 1.0 - b / rb,
    })
}

/// The number of calibration bins: forecasts 0–10%, 10–20%, …, 90–100%.
pub const BINS: usize = 10;

/// The resolved events whose forecast falls in one bin.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Bin {
    /// The bin's bounds: it holds forecasts with `low ≤ p < high` (the last bin includes 100%).
    pub low: f64,
    pub high: f64,
    pub count: usize,
    /// The mean forecast of its events (`None` when empty).
    pub mean_forecast: Option<f64>,
    /// The share of its events that happened (`None` when empty).
    pub observed: Option<f64>,
}

/// Calibration (reliability) bins of the forecasts: for a well-calibrated forecaster, the
/// observed frequency in each bin is close to its mean forecast.
pub fn calibration(pairs: &[(f64, bool)]) -> Vec<Bin> {
    let mut sums = [(0usize, 0.0f64, 0usize); BINS];
    for &(p, o) in pairs {
        // `p` is a probability; the float-to-int cast saturates, and 100% joins the last bin.
        let bin = ((p * BINS as f64).floor() as usize).min(BINS - 1);
        sums[bin].0 += 1;
        sums[bin].1 += p;
        sums[bin].2 += usize::from(o);
    }
    sums.iter()
        .enumerate()
        .map(|(i, &(count, forecast, happened))| Bin {
            low: i as f64 / BINS as f64,
            high: (i + 1) as f64 / BINS as f64,
            count,
            mean_forecast: (count > 0).then(|| forecast / count as f64),
            observed: (count > 0).then(|| happened as f64 / count as f64),
        })
        .collect()
}

/// The resolved events of `scenario` with the probability `result` gives each (after links and
/// groups: the figure the Results events table shows), in file order. `result` must come from
/// this scenario (or one of its variants), whose events it lists in file order.
pub fn forecasts(scenario: &Scenario, result: &SimResult) -> Vec<Forecast> {
    scenario
        .events
        .iter()
        .zip(&result.events)
        .filter_map(|(event, stats)| {
            event.resolution.as_ref().map(|r| Forecast {
                id: event.id.to_string(),
                probability: stats.probability,
                happened: r.happened,
            })
        })
        .collect()
}

/// The (forecast, happened) pairs of [`forecasts`], as [`score`] and [`calibration`] take them.
pub fn pairs(forecasts: &[Forecast]) -> Vec<(f64, bool)> {
    forecasts.iter().map(|f| (f.probability, f.happened)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_perfect_forecaster_scores_zero_and_skill_one() {
        let s = score(&[(1.0, true), (0.0, false)], 3).unwrap_or_else(|| panic!("resolved events"));
        assert_eq!((s.brier, s.skill, s.resolved, s.total), (0.0, 1.0, 2, 3));
        assert!((s.log - -(1.0f64 - CLAMP).ln()).abs() < 1e-15);
    }

    #[test]
    fn nothing_resolved_is_nothing_to_score() {
        assert_eq!(score(&[], 5), None);
    }
}
