//! The risk engine: Monte Carlo over linked events, market shocks and portfolio P&L.
//!
//! Pure: its results depend on (scenario, settings) alone — no file system, no clock, no
//! environment, no window. Trials run in fixed chunks of [`CHUNK`], each with its own random
//! stream derived from (seed, chunk index), on whatever rayon pool the caller runs in; sums are
//! reduced in chunk order, so the same seed gives bit-identical results on any number of threads.
//!
//! The market model: each market's price is its background growth — lognormal with zero expected
//! price change unless the market has a drift, correlated across markets as the file says — times
//! `1 + move` for the shock of every event that happened (moves compound). The portfolio's P&L is
//! `Σ value · (growth − 1)`; the events' own P&L is the same with every background growth at 1.
//!
//! Memory of the plain run is O(trials): 16 bytes of P&L (with and without noise) and
//! `ceil(events / 64)` words of occurrence bits per trial, plus an 8-byte scratch copy for the
//! tails; never trials × markets. Market quantiles come from fixed-bin histograms over analytic
//! bounds of each market's growth. The analysis (`analyse`) keeps more; see `analysis`.
//!
//! Links and exclusive groups: validation forbids links *into* a group member (members are drawn
//! together in one categorical draw), while links *from* a member act like any other link.

mod analysis;
mod bands;
mod compile;
mod draw;
mod regions;
mod result;
mod samples;
pub mod score;
mod summary;
mod trials;

pub use analysis::{analyse, analyse_in_stages, sensitivity_range};
pub use compile::multiply_odds;
pub use draw::mix64;
pub use regions::{RegionSeverity, region_severity};
pub use result::{
    Analysis, Band, Bands, EventImpact, EventSensitivity, EventStats, ExceedancePoint, Histogram,
    MarketStats, PnlStats, PortfolioStats, Sensitivity, SimResult,
};
pub use samples::{Samples, samples};
pub use trials::{CHUNK, MARKET_BINS, chunk_rng};

use crate::model::{self, Problem, Scenario};
use compile::Compiled;
use rayon::prelude::*;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use summary::Trials;
use trials::{ChunkOutput, MarketTally};

/// Trials run when neither the file nor the caller says otherwise.
pub use crate::model::DEFAULT_TRIALS;
/// The most trials one run accepts (about 3 GB at 128 events).
pub const MAX_TRIALS: u64 = 100_000_000;

/// What to simulate: how many trials, with which seed, under which variant.
#[derive(Debug, Clone, PartialEq)]
pub struct Settings {
    pub trials: u64,
    pub seed: u64,
    /// The name of a variant whose overrides apply, or `None` for the base scenario.
    pub variant: Option<String>,
    /// The loss amount for `prob_loss_beyond`; `None` (or a non-finite amount) means 10% of the
    /// gross portfolio value.
    pub loss_threshold: Option<f64>,
    /// Markets' background noise on (the default) or off (every figure is then the events'
    /// alone).
    pub noise: bool,
}

impl Settings {
    /// The defaults for a scenario: [`DEFAULT_TRIALS`] trials with the file's seed.
    pub fn for_scenario(scenario: &Scenario) -> Settings {
        Settings {
            trials: scenario.trials.unwrap_or(DEFAULT_TRIALS),
            seed: scenario.seed,
            variant: None,
            loss_threshold: None,
            noise: true,
        }
    }
}

/// Shared between a running simulation and whoever waits for it (the app's UI thread): a cancel
/// flag checked before every chunk and a progress count of finished chunks.
#[derive(Debug, Default)]
pub struct Control {
    cancelled: AtomicBool,
    finished_chunks: AtomicU64,
    total_chunks: AtomicU64,
}

impl Control {
    pub fn new() -> Control {
        Control::default()
    }

    /// Asks the run to stop; it returns [`EngineError::Cancelled`] after the chunks under way.
    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// (finished chunks, total chunks) of the run under way.
    pub fn chunks(&self) -> (u64, u64) {
        (self.finished_chunks.load(Ordering::Relaxed), self.total_chunks.load(Ordering::Relaxed))
    }

    /// Progress in 0..=1.
    pub fn progress(&self) -> f64 {
        let (done, total) = self.chunks();
        if total == 0 { 0.0 } else { done as f64 / total as f64 }
    }

    fn start(&self, total_chunks: u64) {
        self.finished_chunks.store(0, Ordering::Relaxed);
        self.total_chunks.store(total_chunks, Ordering::Relaxed);
    }

    fn chunk_done(&self) {
        self.finished_chunks.fetch_add(1, Ordering::Relaxed);
    }
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum EngineError {
    #[error("the scenario has {} problem(s); first: {}", .0.len(), .0.first().map(ToString::to_string).unwrap_or_default())]
    Invalid(Vec<Problem>),
    #[error("no variant named \"{name}\"; the scenario has: {}", if known.is_empty() { "no variants".to_owned() } else { known.join(", ") })]
    UnknownVariant { name: String, known: Vec<String> },
    #[error("trials must be 1 to {MAX_TRIALS}, found {0}")]
    Trials(u64),
    #[error("not enough memory for {0} trials")]
    OutOfMemory(u64),
    #[error("the simulation was cancelled")]
    Cancelled,
    /// Validation bounds every move, volatility and holding so that this cannot happen; the
    /// check stays so that no result ever carries NaN or infinity.
    #[error("trial {trial} gave a profit or loss that is not a finite number; please report this scenario")]
    NotFinite { trial: usize },
}

/// Runs the simulation and summarises it: the plain run, without impacts, tornado or bands
/// (see [`analyse`]).
pub fn simulate(
    scenario: &Scenario,
    settings: &Settings,
    control: &Control,
) -> Result<SimResult, EngineError> {
    let scenario = prepare(scenario, settings)?;
    let program = Compiled::new(&scenario, settings.noise);
    control.start(chunk_count(settings.trials));
    let trials = run(&program, settings, control)?;
    summary::summarise(&scenario, settings, &program, &trials)
}

/// The scenario to simulate: validated, with the variant applied.
fn prepare(scenario: &Scenario, settings: &Settings) -> Result<Scenario, EngineError> {
    if settings.trials == 0 || settings.trials > MAX_TRIALS {
        return Err(EngineError::Trials(settings.trials));
    }
    let problems = model::validate(scenario);
    if !problems.is_empty() {
        return Err(EngineError::Invalid(problems));
    }
    match &settings.variant {
        None => Ok(scenario.clone()),
        Some(name) => scenario.with_variant(name).ok_or_else(|| EngineError::UnknownVariant {
            name: name.clone(),
            known: scenario.variants.iter().map(|v| v.name.clone()).collect(),
        }),
    }
}

/// About how many trials the market quantiles are read from, at most: beyond it, counting every
/// trial in 50 histograms of 2048 bins costs more than the rest of the market arithmetic while
/// shrinking a quantile's sampling error only as 1/√n (at 131,072 samples the 5% quantile of a
/// normal return is within ±0.006 sd at one standard error, finer than a typical bin).
pub const QUANTILE_SAMPLES: u64 = 1 << 17;

/// Every `stride`-th trial (by trial index) goes into the market histograms: all of them up to
/// [`QUANTILE_SAMPLES`] trials, then an evenly spread, seed-independent subset of
/// `ceil(trials / stride)` of them. Means still use every trial.
fn quantile_stride(trials: u64) -> u64 {
    trials.div_ceil(QUANTILE_SAMPLES).max(1)
}

fn chunk_count(trials: u64) -> u64 {
    trials.div_ceil(CHUNK as u64)
}

/// A zero-filled vector, or an error instead of an abort when memory runs out.
fn try_vec<T: Clone>(len: usize, fill: T) -> Result<Vec<T>, EngineError> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| EngineError::OutOfMemory(len as u64))?;
    v.resize(len, fill);
    Ok(v)
}

/// Runs every chunk on the current rayon pool, keeping each trial's P&L (with and without
/// noise) and occurrence bits, and the market tallies.
fn run(program: &Compiled, settings: &Settings, control: &Control) -> Result<Trials, EngineError> {
    let n = usize::try_from(settings.trials).map_err(|_| EngineError::Trials(settings.trials))?;
    let mut pnl = try_vec(n, 0.0)?;
    let mut events_pnl = try_vec(n, 0.0)?;
    let seed = settings.seed;
    let words = program.words;
    let markets = program.markets;
    let mut bits = try_vec(n.checked_mul(words).ok_or(EngineError::OutOfMemory(settings.trials))?, 0u64)?;
    let tally = pnl
        .par_chunks_mut(CHUNK)
        .zip(events_pnl.par_chunks_mut(CHUNK))
        .zip(bits.par_chunks_mut(CHUNK * words))
        .enumerate()
        .fold(ChunkTallies::default, |mut acc, (chunk, ((pnl, events_pnl), bits))| {
            if control.is_cancelled() {
                return acc;
            }
            if acc.histogram.is_empty() {
                acc.histogram = vec![0; markets * MARKET_BINS];
            }
            let mut return_sum = vec![0.0; markets];
            let tally = MarketTally {
                return_sum: &mut return_sum,
                histogram: &mut acc.histogram,
                stride: quantile_stride(settings.trials),
            };
            let out = ChunkOutput { pnl, events_pnl, bits, markets: tally };
            trials::run_chunk(program, seed, chunk, out);
            acc.return_sums.push((chunk, return_sum));
            control.chunk_done();
            acc
        })
        .reduce(ChunkTallies::default, ChunkTallies::merge);
    if control.is_cancelled() {
        return Err(EngineError::Cancelled);
    }
    let ChunkTallies { histogram, mut return_sums } = tally;
    return_sums.sort_by_key(|&(chunk, _)| chunk);
    let mut market_return_sum = vec![0.0; markets];
    for (_, sums) in &return_sums {
        for (total, s) in market_return_sum.iter_mut().zip(sums) {
            *total += s;
        }
    }
    if let Some(trial) = pnl.iter().zip(&events_pnl).position(|(a, b)| !(a.is_finite() && b.is_finite())) {
        return Err(EngineError::NotFinite { trial });
    }
    let mut market_histogram: Vec<u64> = histogram.into_iter().map(u64::from).collect();
    market_histogram.resize(markets * MARKET_BINS, 0);
    Ok(Trials { pnl, events_pnl, bits, market_return_sum, market_histogram })
}

/// What the chunks of one rayon job add up to: integer histogram counts (their sum does not depend
/// on order) and per-chunk return sums (added up later in chunk order).
#[derive(Default)]
struct ChunkTallies {
    histogram: Vec<u32>,
    return_sums: Vec<(usize, Vec<f64>)>,
}

impl ChunkTallies {
    fn merge(mut self, other: ChunkTallies) -> ChunkTallies {
        if self.histogram.is_empty() {
            self.histogram = other.histogram;
        } else {
            for (a, b) in self.histogram.iter_mut().zip(&other.histogram) {
                *a += b;
            }
        }
        self.return_sums.extend(other.return_sums);
        self
    }
}
