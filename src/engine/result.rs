//! What a simulation returns, shared by the app, the command line and reports. Money is in the
//! portfolio's currency; returns and shares are fractions (0.02 = 2%); VaR and expected shortfall
//! are loss amounts (positive = a loss).

use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SimResult {
    /// The scenario's title.
    pub scenario: String,
    pub trials: u64,
    pub seed: u64,
    pub variant: Option<String>,
    pub currency: String,
    pub portfolio: PortfolioStats,
    pub events: Vec<EventStats>,
    pub markets: Vec<MarketStats>,
    pub histogram: Histogram,
    /// P(loss > x) at evenly spaced loss levels from 0 to the largest simulated loss.
    pub exceedance: Vec<ExceedancePoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PortfolioStats {
    /// Sum of holding values (shorts count negative).
    pub value: f64,
    /// Sum of absolute holding values: the base of loss shares.
    pub gross_value: f64,
    /// Mean P&L over the horizon.
    pub mean: f64,
    /// Standard error of `mean`: `sd / sqrt(trials)`.
    pub mean_se: f64,
    pub sd: f64,
    pub var95: f64,
    pub var99: f64,
    pub es95: f64,
    pub es99: f64,
    /// Share of trials with P&L below zero.
    pub prob_loss: f64,
    /// The loss threshold of `prob_loss_beyond` (from the settings, or 10% of gross value).
    pub loss_threshold: f64,
    /// Share of trials losing more than `loss_threshold`.
    pub prob_loss_beyond: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventStats {
    pub id: String,
    pub name: String,
    /// Simulated probability after links and groups.
    pub probability: f64,
    /// `sqrt(p (1 − p) / trials)`.
    pub probability_se: f64,
    /// Mean P&L over the trials where the event happened (`None` if it never did).
    pub mean_pnl_if: Option<f64>,
    /// Mean P&L over the trials where it did not (`None` if it always happened).
    pub mean_pnl_if_not: Option<f64>,
    /// Share of the tail trials (P&L at or below −VaR99) in which the event happened.
    pub tail_share: f64,
    /// `(mean_pnl_if_not − mean_pnl_if) / gross_value`: the expected loss the event brings, as a
    /// share of the portfolio (negative when it brings a gain).
    pub loss_share: f64,
    pub likelihood_bin: usize,
    /// Impact bin from `loss_share`, with the scenario's impact edges.
    pub impact_bin: usize,
    /// Impact bin from the worst severity over the regions the event hits (`None`: no regions).
    pub severity_bin: Option<usize>,
    /// The matrix rating of (`likelihood_bin`, `impact_bin`).
    pub rating: Option<crate::model::Rating>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MarketStats {
    pub id: String,
    pub name: String,
    /// Mean simple return over the horizon.
    pub mean_return: f64,
    /// 5% and 95% quantiles of the simple return.
    pub p05: f64,
    pub p95: f64,
    /// Width of one histogram bin in log-return: the quantiles are exact, for the trials they are
    /// read from, to within it.
    pub quantile_resolution: f64,
    /// How many trials the quantiles are read from: every trial up to
    /// [`QUANTILE_SAMPLES`](super::QUANTILE_SAMPLES), then every k-th trial by index (125,000 of
    /// 1,000,000). Their sampling error is that of this many trials; the mean uses all of them.
    pub quantile_samples: u64,
    pub held_value: f64,
}

/// Counts of P&L in equal bins from `start`, each `width` wide.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ExceedancePoint {
    pub loss: f64,
    pub probability: f64,
}

/// Tornado chart data: mean P&L and ES99 with each event's likelihood at its low and high,
/// simulated with the same random numbers as the base run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sensitivity {
    pub base_mean: f64,
    pub base_es99: f64,
    pub events: Vec<EventSensitivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EventSensitivity {
    pub id: String,
    /// The likelihood used for "low" and "high": a range's ends, or a point ±50% (clamped).
    pub low_probability: f64,
    pub high_probability: f64,
    pub mean_at_low: f64,
    pub mean_at_high: f64,
    pub es99_at_low: f64,
    pub es99_at_high: f64,
}

impl EventSensitivity {
    /// How far ES99 moves between the event's low and high likelihood: the tornado bar's length.
    pub fn es99_swing(&self) -> f64 {
        (self.es99_at_high - self.es99_at_low).abs()
    }
}
