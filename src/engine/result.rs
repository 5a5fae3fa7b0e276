//! What a simulation returns, shared by the app, the command line and reports. Money is in the
//! portfolio's currency; returns and shares are fractions (0.02 = 2%); VaR and expected shortfall
//! are loss amounts (positive = a loss).

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SimResult {
    /// The scenario's title.
    pub scenario: String,
    pub trials: u64,
    pub seed: u64,
    pub variant: Option<String>,
    /// Whether markets' background noise was on (`georisk run --noise off` turns it off).
    pub noise: bool,
    pub currency: String,
    pub portfolio: PortfolioStats,
    pub events: Vec<EventStats>,
    pub markets: Vec<MarketStats>,
    /// Of the P&L with events and noise.
    pub histogram: Histogram,
    /// P(loss > x) of the P&L with events and noise, at evenly spaced loss levels from 0 to the
    /// largest simulated loss.
    pub exceedance: Vec<ExceedancePoint>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PortfolioStats {
    /// Sum of holding values (shorts count negative).
    pub value: f64,
    /// Sum of absolute holding values: the one base of every "share of value".
    pub gross_value: f64,
    /// The loss amount of `prob_loss_beyond` (from the settings, or 10% of gross value).
    pub loss_threshold: f64,
    /// The P&L of events and markets' background noise together.
    pub total: PnlStats,
    /// The P&L of the same trials that the events alone cause (noise off).
    pub events_only: PnlStats,
}

/// Figures of one P&L distribution over the horizon. VaR and expected shortfall are positive
/// loss amounts; the tail at level L is exactly the worst `ceil(n (100 − L) / 100)` trials.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PnlStats {
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
    /// Share of trials losing more than the portfolio's `loss_threshold`.
    pub prob_loss_beyond: f64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventStats {
    pub id: String,
    pub name: String,
    /// The likelihood the file states (a range's PERT mean), before links.
    pub stated: f64,
    /// Whether links into it bend its probability from trial to trial.
    pub bent: bool,
    /// Share of trials in which it happened (after links and groups).
    pub probability: f64,
    /// `sqrt(p (1 − p) / trials)`.
    pub probability_se: f64,
    /// The probability the matrix bins: `stated` when nothing bends it (exact, the same for every
    /// seed), else `probability`.
    pub matrix_probability: f64,
    /// Mean P&L over the trials where it happened (`None` if it never did): descriptive, not
    /// its effect — other events co-occur with it.
    pub mean_pnl_if: Option<f64>,
    /// Mean P&L over the trials where it did not (`None` if it always happened).
    pub mean_pnl_if_not: Option<f64>,
    /// Share of the worst 1% of trials (exactly the worst `ceil(n / 100)`) in which it happened;
    /// compare with `probability`, its share of all trials.
    pub worst_share: f64,
    pub likelihood_bin: usize,
    /// Impact bin from the worst severity over the regions the event hits (`None`: no regions).
    pub severity_bin: Option<usize>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MarketStats {
    pub id: String,
    pub name: String,
    /// Mean price move (simple return) over the horizon, events and noise.
    pub mean_return: f64,
    /// 5% and 95% quantiles of the price move.
    pub p05: f64,
    pub p95: f64,
    /// The widest a histogram bin spans in log-return: the quantiles are exact, for the trials
    /// they are read from, to within it.
    pub quantile_resolution: f64,
    /// How many trials the quantiles are read from: every trial up to
    /// [`QUANTILE_SAMPLES`](super::QUANTILE_SAMPLES), then every k-th trial by index (125,000 of
    /// 1,000,000). Their sampling error is that of this many trials; the mean uses all of them.
    pub quantile_samples: u64,
    pub held_value: f64,
}

/// Counts of P&L in equal bins from `start`, each `width` wide.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Histogram {
    pub start: f64,
    pub width: f64,
    pub counts: Vec<u64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct ExceedancePoint {
    pub loss: f64,
    pub probability: f64,
}

/// What an analysis adds to a plain run: each event's causal impact, the tornado, and
/// uncertainty bands from the ranged likelihoods. The same trials and seed as `result`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Analysis {
    #[serde(flatten)]
    pub result: SimResult,
    /// In file order, like `result.events`.
    pub impacts: Vec<EventImpact>,
    pub sensitivity: Sensitivity,
    pub bands: Bands,
}

/// An event's causal effect on the portfolio (events and noise), with common random numbers:
/// the P&L when it is forced to happen minus when it is forced not to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EventImpact {
    pub id: String,
    /// `E[P&L | do(e)] − E[P&L | do(not e)]`, downstream links included.
    pub total: f64,
    pub total_se: f64,
    /// Its own shocks only: adding them to the world where it did not happen (downstream events
    /// as they would be without it).
    pub direct: f64,
    pub direct_se: f64,
    /// `ES99 | do(e)` and `ES99 | do(not e)`; `es99` is their difference (positive: the event
    /// deepens the worst 1%).
    pub es99_if_forced: f64,
    pub es99_if_prevented: f64,
    pub es99: f64,
    /// `−total / gross value`: the loss it causes as a share of the portfolio (negative: a gain).
    pub loss_share: f64,
    /// The risk-matrix cell: impact bin from the size of `loss_share` (a gain counts by its size),
    /// rating of (likelihood, impact).
    pub impact_bin: usize,
    pub rating: Option<crate::model::Rating>,
}

/// A 90% band: the 5th and 95th percentile of a figure over outer draws of the likelihoods.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Band {
    pub low: f64,
    pub high: f64,
}

/// How unsure the figures are *because of the likelihood ranges*: second-order Monte Carlo over
/// `outer_draws` draws of every ranged likelihood, each weighing the same trials by its
/// likelihood ratio. A scenario without ranges has zero-width bands.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bands {
    pub outer_draws: usize,
    /// How many events have a ranged likelihood.
    pub ranged_events: usize,
    /// Effective sample size of the reweighted trials, as a share of the trials: the smallest
    /// and the median over the outer draws.
    pub ess_min: f64,
    pub ess_median: f64,
    pub mean: Band,
    pub var95: Band,
    pub var99: Band,
    pub es95: Band,
    pub es99: Band,
    pub prob_loss: Band,
    pub prob_loss_beyond: Band,
    /// At each of `result.exceedance`'s loss levels.
    pub exceedance: Vec<Band>,
}

/// Tornado chart data: mean P&L and ES99 with each event's likelihood at its low and high,
/// replayed with the same random numbers as the base run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sensitivity {
    pub base_mean: f64,
    pub base_es99: f64,
    pub events: Vec<EventSensitivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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

    /// How far mean P&L moves between low and high.
    pub fn mean_swing(&self) -> f64 {
        (self.mean_at_high - self.mean_at_low).abs()
    }
}
