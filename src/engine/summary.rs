//! From per-trial P&L and occurrence bits to the numbers people read: VaR and expected shortfall by
//! selection (no full sort), the histogram and exceedance curve in one counting pass each, event
//! frequencies and their share of the worst 1% from the bitset, market quantiles from fixed-bin
//! histograms (over an evenly spread subset of the trials in large runs; see `QUANTILE_SAMPLES`).
//!
//! Every floating-point sum runs in trial order (or chunk order over per-chunk partial sums), so
//! results do not depend on how many threads did the work.

use super::compile::Compiled;
use super::result::{
    EventStats, ExceedancePoint, Histogram, MarketStats, PnlStats, PortfolioStats, SimResult,
};
use super::trials::{CHUNK, MARKET_BINS, growth_key, key_growth};
use super::{EngineError, Settings};
use crate::model::Scenario;
use rayon::prelude::*;

/// Bins of the P&L histogram.
pub const PNL_BINS: usize = 60;
/// Loss levels of the exceedance curve.
pub const EXCEEDANCE_POINTS: usize = 101;

/// What the trials left behind.
pub struct Trials {
    pub pnl: Vec<f64>,
    pub events_pnl: Vec<f64>,
    pub bits: Vec<u64>,
    pub market_return_sum: Vec<f64>,
    pub market_histogram: Vec<u64>,
}

/// VaR and expected shortfall at one level, as positive loss amounts.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tail {
    pub var: f64,
    pub es: f64,
}

/// How many trials the tail at 99% (or 95%) holds: `ceil(n / 100)` (or `ceil(n / 20)`).
pub fn tail_count(n: usize, percent: usize) -> usize {
    n.div_ceil(100 / percent).max(1)
}

/// Tails at 95% and 99%. The tail at level `L` is the `ceil(n (100 − L) / 100)` worst trials;
/// VaR is the best of them, ES their mean. Selection reorders a scratch copy of the P&L.
pub fn tails(pnl: &[f64]) -> Result<(Tail, Tail), EngineError> {
    let mut scratch = super::try_vec(pnl.len(), 0.0)?;
    scratch.copy_from_slice(pnl);
    Ok(tails_in_place(&mut scratch))
}

/// [`tails`] on a slice it may reorder.
pub fn tails_in_place(scratch: &mut [f64]) -> (Tail, Tail) {
    let n = scratch.len();
    let (m95, m99) = (tail_count(n, 5), tail_count(n, 1));
    let tail = |worst: &mut [f64], m: usize| {
        let (_, &mut kth, _) = worst.select_nth_unstable_by(m - 1, f64::total_cmp);
        let sum: f64 = sorted_sum(&mut worst[..m]);
        Tail { var: -kth + 0.0, es: -sum / m as f64 + 0.0 }
    };
    let t95 = tail(scratch, m95);
    let t99 = tail(&mut scratch[..m95], m99);
    (t95, t99)
}

/// The tail at 99% alone, as [`tails_in_place`] gives it, without the sort of the 95% tail.
pub fn tail99_in_place(scratch: &mut [f64]) -> Tail {
    let m = tail_count(scratch.len(), 1);
    let (_, &mut kth, _) = scratch.select_nth_unstable_by(m - 1, f64::total_cmp);
    let sum: f64 = sorted_sum(&mut scratch[..m]);
    Tail { var: -kth + 0.0, es: -sum / m as f64 + 0.0 }
}

/// Sum in a fixed order, because selection leaves the elements before the pivot in an order that
/// depends on the algorithm's path; sorting only the tail (1–5% of trials) is cheap.
fn sorted_sum(values: &mut [f64]) -> f64 {
    values.sort_unstable_by(f64::total_cmp);
    values.iter().sum()
}

pub fn mean_sd(pnl: &[f64]) -> (f64, f64) {
    let n = pnl.len() as f64;
    let mean = pnl.iter().sum::<f64>() / n;
    let variance = pnl.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / (n - 1.0).max(1.0);
    (mean, variance.sqrt())
}

/// The figures of one P&L distribution.
pub fn pnl_stats(pnl: &[f64], loss_threshold: f64) -> Result<PnlStats, EngineError> {
    let n = pnl.len();
    let (mean, sd) = mean_sd(pnl);
    let (t95, t99) = tails(pnl)?;
    let share = |count: usize| count as f64 / n as f64;
    Ok(PnlStats {
        mean: mean + 0.0,
        mean_se: sd / (n as f64).sqrt(),
        sd,
        var95: t95.var,
        var99: t99.var,
        es95: t95.es,
        es99: t99.es,
        prob_loss: share(pnl.iter().filter(|&&x| x < 0.0).count()),
        prob_loss_beyond: share(pnl.iter().filter(|&&x| -x > loss_threshold).count()),
    })
}

/// Which trials make the worst 1%: exactly the worst `ceil(n / 100)`, ties at the cut-off taken
/// in trial order. `cutoff` is the VaR99 P&L (−VaR99).
pub struct WorstTrials {
    cutoff: f64,
    /// How many trials at exactly `cutoff` belong to the tail.
    ties_in: usize,
}

impl WorstTrials {
    pub fn new(pnl: &[f64], var99: f64) -> WorstTrials {
        let cutoff = -var99;
        let below = pnl.iter().filter(|&&x| x < cutoff).count();
        WorstTrials { cutoff, ties_in: tail_count(pnl.len(), 1).saturating_sub(below) }
    }
}

pub fn summarise(
    scenario: &Scenario,
    settings: &Settings,
    program: &Compiled,
    trials: &Trials,
) -> Result<SimResult, EngineError> {
    let pnl = &trials.pnl;
    let value = scenario.portfolio.value();
    let gross_value: f64 = scenario.portfolio.holdings.iter().map(|h| h.value.get().abs()).sum();
    let loss_threshold = settings.loss_threshold.filter(|x| x.is_finite()).unwrap_or(0.1 * gross_value) + 0.0;
    let total = pnl_stats(pnl, loss_threshold)?;
    let events_only = pnl_stats(&trials.events_pnl, loss_threshold)?;
    let worst = WorstTrials::new(pnl, total.var99);
    let portfolio = PortfolioStats {
        value: value + 0.0,
        gross_value: gross_value + 0.0,
        loss_threshold,
        total,
        events_only,
    };
    let events = event_stats(scenario, program, trials, &worst);
    let markets = market_stats(scenario, program, trials);
    Ok(SimResult {
        scenario: scenario.title.clone(),
        trials: pnl.len() as u64,
        seed: settings.seed,
        variant: settings.variant.clone(),
        noise: settings.noise,
        currency: scenario.portfolio.currency.clone(),
        portfolio,
        events,
        markets,
        histogram: histogram(pnl),
        exceedance: exceedance(pnl),
    })
}

fn histogram(pnl: &[f64]) -> Histogram {
    let (low, high) =
        pnl.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), &x| (lo.min(x), hi.max(x)));
    let width = if high > low { (high - low) / PNL_BINS as f64 } else { 1.0 };
    let mut counts = vec![0u64; PNL_BINS];
    for &x in pnl {
        counts[(((x - low) / width) as usize).min(PNL_BINS - 1)] += 1;
    }
    Histogram { start: low, width, counts }
}

/// `P(loss > x)` at `x = 0, Δ, 2Δ, …, max loss`: each loss is counted in the interval `(jΔ, (j+1)Δ]`
/// it falls in, and the curve is the running count from the top.
fn exceedance(pnl: &[f64]) -> Vec<ExceedancePoint> {
    let n = pnl.len() as f64;
    let max_loss = pnl.iter().fold(0.0f64, |m, &x| m.max(-x));
    if max_loss <= 0.0 {
        return vec![ExceedancePoint { loss: 0.0, probability: 0.0 }];
    }
    let step = max_loss / (EXCEEDANCE_POINTS - 1) as f64;
    let mut counts = vec![0u64; EXCEEDANCE_POINTS];
    for &x in pnl {
        let loss = -x;
        if loss > 0.0 {
            let j = ((loss / step).ceil() as usize).saturating_sub(1).min(EXCEEDANCE_POINTS - 1);
            counts[j] += 1;
        }
    }
    let mut curve = Vec::with_capacity(EXCEEDANCE_POINTS);
    let mut running = 0u64;
    for i in (0..EXCEEDANCE_POINTS).rev() {
        running += counts[i];
        curve.push(ExceedancePoint { loss: i as f64 * step, probability: running as f64 / n });
    }
    curve.reverse();
    curve
}

/// Per chunk: for each event, the number of trials it happened in, the P&L summed over them, and
/// how many of them were among the worst 1%.
struct EventTally {
    count: Vec<u64>,
    pnl_sum: Vec<f64>,
    worst_count: Vec<u64>,
    total_pnl: f64,
    /// Trials at exactly the cut-off, in this chunk (they enter the tail in trial order).
    ties: u64,
}

impl EventTally {
    fn empty(events: usize) -> EventTally {
        EventTally {
            count: vec![0; events],
            pnl_sum: vec![0.0; events],
            worst_count: vec![0; events],
            total_pnl: 0.0,
            ties: 0,
        }
    }
}

fn event_stats(
    scenario: &Scenario,
    program: &Compiled,
    trials: &Trials,
    worst: &WorstTrials,
) -> Vec<EventStats> {
    let events = program.events;
    let words = program.words;
    let pnl = &trials.pnl;
    // Ties at the cut-off enter the tail in trial order: count them per chunk first, so each
    // chunk knows how many earlier ties were taken.
    let ties_per_chunk: Vec<usize> =
        pnl.par_chunks(CHUNK).map(|c| c.iter().filter(|&&x| x == worst.cutoff).count()).collect();
    let mut ties_before = Vec::with_capacity(ties_per_chunk.len());
    let mut running = 0;
    for t in &ties_per_chunk {
        ties_before.push(running);
        running += t;
    }
    let chunks: Vec<EventTally> = pnl
        .par_chunks(CHUNK)
        .zip(trials.bits.par_chunks(CHUNK * words))
        .zip(ties_before.par_iter())
        .map(|((pnl, bits), &ties_before)| {
            let mut t = EventTally::empty(events);
            let mut ties_seen = ties_before;
            for (i, &x) in pnl.iter().enumerate() {
                let tie = x == worst.cutoff;
                let in_tail = x < worst.cutoff || (tie && ties_seen < worst.ties_in);
                ties_seen += usize::from(tie);
                t.total_pnl += x;
                t.ties += u64::from(tie);
                for (w, &word) in bits[i * words..(i + 1) * words].iter().enumerate() {
                    let mut rest = word;
                    while rest != 0 {
                        let e = w * 64 + rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        t.count[e] += 1;
                        t.pnl_sum[e] += x;
                        t.worst_count[e] += u64::from(in_tail);
                    }
                }
            }
            t
        })
        .collect();
    let mut total = EventTally::empty(events);
    for chunk in &chunks {
        total.total_pnl += chunk.total_pnl;
        for e in 0..events {
            total.count[e] += chunk.count[e];
            total.pnl_sum[e] += chunk.pnl_sum[e];
            total.worst_count[e] += chunk.worst_count[e];
        }
    }

    let n = pnl.len() as u64;
    let tail_trials = tail_count(pnl.len(), 1) as f64;
    let matrix = &scenario.matrix;
    scenario
        .events
        .iter()
        .enumerate()
        .map(|(e, event)| {
            let happened = total.count[e];
            let p = happened as f64 / n as f64;
            let bent = program.is_bent(e);
            let matrix_probability = if bent { p } else { program.stated[e] };
            EventStats {
                id: event.id.to_string(),
                name: event.display_name().to_owned(),
                stated: program.stated[e],
                bent,
                probability: p,
                probability_se: (p * (1.0 - p) / n as f64).sqrt(),
                matrix_probability,
                mean_pnl_if: (happened > 0).then(|| total.pnl_sum[e] / happened as f64),
                mean_pnl_if_not: (happened < n)
                    .then(|| (total.total_pnl - total.pnl_sum[e]) / (n - happened) as f64),
                worst_share: total.worst_count[e] as f64 / tail_trials,
                likelihood_bin: matrix.likelihood_bin(matrix_probability),
                severity_bin: event.regions.values().max().map(|&s| matrix.impact_bin_for_severity(s)),
            }
        })
        .collect()
}

fn market_stats(scenario: &Scenario, program: &Compiled, trials: &Trials) -> Vec<MarketStats> {
    let n = trials.pnl.len() as f64;
    scenario
        .markets
        .iter()
        .enumerate()
        .map(|(m, market)| {
            let counts = &trials.market_histogram[m * MARKET_BINS..(m + 1) * MARKET_BINS];
            let (low, high) = program.growth_bounds[m];
            let (low, high) = (growth_key(low), growth_key(high));
            let width = (high - low) / MARKET_BINS as f64;
            let samples: u64 = counts.iter().sum();
            let quantile =
                |q: f64| key_growth(histogram_quantile(counts, low, width, q * samples as f64)) - 1.0 + 0.0;
            MarketStats {
                id: market.id.to_string(),
                name: market.display_name().to_owned(),
                mean_return: trials.market_return_sum[m] / n,
                p05: quantile(0.05),
                p95: quantile(0.95),
                quantile_resolution: width,
                quantile_samples: samples,
                held_value: program.value[m],
            }
        })
        .collect()
}

/// The value below which `target` of the counted values lie, interpolating linearly inside the
/// bin that holds it.
fn histogram_quantile(counts: &[u64], low: f64, width: f64, target: f64) -> f64 {
    let mut below = 0.0;
    for (bin, &count) in counts.iter().enumerate() {
        let count = count as f64;
        if count > 0.0 && below + count >= target {
            let inside = ((target - below) / count).clamp(0.0, 1.0);
            return low + (bin as f64 + inside) * width;
        }
        below += count;
    }
    low + counts.len() as f64 * width
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tails_of_a_known_sample() {
        // P&L -1..=-100 and 0..: the 5 worst of 100 are -100..-96, the worst 1 is -100.
        let pnl: Vec<f64> = (1..=100).map(|i| -f64::from(i)).rev().collect();
        let (t95, t99) = tails(&pnl).unwrap();
        assert_eq!(t95, Tail { var: 96.0, es: 98.0 });
        assert_eq!(t99, Tail { var: 100.0, es: 100.0 });
    }

    #[test]
    fn the_99_tail_alone_is_the_very_bits_of_both_tails() {
        for n in [1, 99, 100, 101, 10_007] {
            // Scrambled losses with many ties, so the order selection leaves differs.
            let pnl: Vec<f64> =
                (0..n as u64).map(|i| -((i.wrapping_mul(2_654_435_761) % 1_009) as f64) * 0.37).collect();
            let mut scratch = pnl.clone();
            assert_eq!(tail99_in_place(&mut scratch), tails(&pnl).unwrap().1, "{n} trials");
        }
    }

    #[test]
    fn exceedance_counts_losses_strictly_above_each_level() {
        let pnl = [-10.0, -5.0, 0.0, 3.0];
        let curve = exceedance(&pnl);
        assert_eq!(curve[0], ExceedancePoint { loss: 0.0, probability: 0.5 });
        assert_eq!(curve[50].probability, 0.25); // loss > 5: only the 10
        assert_eq!(curve[100], ExceedancePoint { loss: 10.0, probability: 0.0 });
    }

    #[test]
    fn histogram_quantile_interpolates_inside_a_bin() {
        let counts = [0, 10, 10, 0];
        assert_eq!(histogram_quantile(&counts, 0.0, 1.0, 5.0), 1.5);
        assert_eq!(histogram_quantile(&counts, 0.0, 1.0, 20.0), 3.0);
    }
}
