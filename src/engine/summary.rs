//! From per-trial P&L and occurrence bits to the numbers people read: VaR and expected shortfall by
//! selection (no full sort), the histogram and exceedance curve in one counting pass each, event
//! contributions from the bitset, market quantiles from fixed-bin histograms (over an evenly
//! spread subset of the trials in large runs; see `QUANTILE_SAMPLES`).
//!
//! Every floating-point sum runs in trial order (or chunk order over per-chunk partial sums), so
//! results do not depend on how many threads did the work.

use super::compile::Compiled;
use super::result::{EventStats, ExceedancePoint, Histogram, MarketStats, PortfolioStats, SimResult};
use super::trials::{CHUNK, MARKET_BINS};
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

/// Tails at 95% and 99%. The tail at level `L` is the `ceil(n (100 − L) / 100)` worst trials;
/// VaR is the best of them, ES their mean. Selection reorders `scratch`, a copy of the P&L.
pub fn tails(pnl: &[f64]) -> Result<(Tail, Tail), EngineError> {
    let mut scratch = super::try_vec(pnl.len(), 0.0)?;
    scratch.copy_from_slice(pnl);
    let n = scratch.len();
    let m95 = n.div_ceil(20).max(1);
    let m99 = n.div_ceil(100).max(1);
    let tail = |worst: &mut [f64], m: usize| {
        let (_, &mut kth, _) = worst.select_nth_unstable_by(m - 1, f64::total_cmp);
        let sum: f64 = sorted_sum(&mut worst[..m]);
        Tail { var: -kth, es: -sum / m as f64 }
    };
    let t95 = tail(&mut scratch, m95);
    let t99 = tail(&mut scratch[..m95], m99);
    Ok((t95, t99))
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

pub fn summarise(
    scenario: &Scenario,
    settings: &Settings,
    program: &Compiled,
    trials: &Trials,
) -> Result<SimResult, EngineError> {
    let pnl = &trials.pnl;
    let n = pnl.len();
    let (mean, sd) = mean_sd(pnl);
    let (t95, t99) = tails(pnl)?;
    let value = scenario.portfolio.value();
    let gross_value: f64 = scenario.portfolio.holdings.iter().map(|h| h.value.get().abs()).sum();
    let loss_threshold = settings.loss_threshold.filter(|x| x.is_finite()).unwrap_or(0.1 * gross_value) + 0.0;
    let share = |count: usize| count as f64 / n as f64;
    // `+ 0.0` turns the −0 of an empty sum or a negated zero into 0, which reads better in JSON.
    let portfolio = PortfolioStats {
        value: value + 0.0,
        gross_value: gross_value + 0.0,
        mean: mean + 0.0,
        mean_se: sd / (n as f64).sqrt(),
        sd,
        var95: t95.var + 0.0,
        var99: t99.var + 0.0,
        es95: t95.es + 0.0,
        es99: t99.es + 0.0,
        prob_loss: share(pnl.iter().filter(|&&x| x < 0.0).count()),
        loss_threshold,
        prob_loss_beyond: share(pnl.iter().filter(|&&x| -x > loss_threshold).count()),
    };
    let events = event_stats(scenario, program, trials, -t99.var, gross_value);
    let markets = market_stats(scenario, program, trials);
    Ok(SimResult {
        scenario: scenario.title.clone(),
        trials: n as u64,
        seed: settings.seed,
        variant: settings.variant.clone(),
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
/// how many of them were tail trials.
struct EventTally {
    count: Vec<u64>,
    pnl_sum: Vec<f64>,
    tail_count: Vec<u64>,
    total_pnl: f64,
    tail_trials: u64,
}

impl EventTally {
    fn empty(events: usize) -> EventTally {
        EventTally {
            count: vec![0; events],
            pnl_sum: vec![0.0; events],
            tail_count: vec![0; events],
            total_pnl: 0.0,
            tail_trials: 0,
        }
    }
}

fn event_stats(
    scenario: &Scenario,
    program: &Compiled,
    trials: &Trials,
    tail_cutoff: f64,
    gross_value: f64,
) -> Vec<EventStats> {
    let events = program.events;
    let words = program.words;
    let chunks: Vec<EventTally> = trials
        .pnl
        .par_chunks(CHUNK)
        .zip(trials.bits.par_chunks(CHUNK * words))
        .map(|(pnl, bits)| {
            let mut t = EventTally::empty(events);
            for (i, &x) in pnl.iter().enumerate() {
                let in_tail = x <= tail_cutoff;
                t.total_pnl += x;
                t.tail_trials += u64::from(in_tail);
                for (w, &word) in bits[i * words..(i + 1) * words].iter().enumerate() {
                    let mut rest = word;
                    while rest != 0 {
                        let e = w * 64 + rest.trailing_zeros() as usize;
                        rest &= rest - 1;
                        t.count[e] += 1;
                        t.pnl_sum[e] += x;
                        t.tail_count[e] += u64::from(in_tail);
                    }
                }
            }
            t
        })
        .collect();
    let mut total = EventTally::empty(events);
    for chunk in &chunks {
        total.total_pnl += chunk.total_pnl;
        total.tail_trials += chunk.tail_trials;
        for e in 0..events {
            total.count[e] += chunk.count[e];
            total.pnl_sum[e] += chunk.pnl_sum[e];
            total.tail_count[e] += chunk.tail_count[e];
        }
    }

    let n = trials.pnl.len() as u64;
    let matrix = &scenario.matrix;
    scenario
        .events
        .iter()
        .enumerate()
        .map(|(e, event)| {
            let happened = total.count[e];
            let p = happened as f64 / n as f64;
            let mean_pnl_if = (happened > 0).then(|| total.pnl_sum[e] / happened as f64);
            let mean_pnl_if_not =
                (happened < n).then(|| (total.total_pnl - total.pnl_sum[e]) / (n - happened) as f64);
            let loss_share = match (mean_pnl_if, mean_pnl_if_not) {
                (Some(with), Some(without)) if gross_value > 0.0 => (without - with) / gross_value,
                _ => 0.0,
            };
            let likelihood_bin = matrix.likelihood_bin(p);
            let impact_bin = matrix.impact_bin_for_loss_share(loss_share);
            EventStats {
                id: event.id.to_string(),
                name: event.display_name().to_owned(),
                probability: p,
                probability_se: (p * (1.0 - p) / n as f64).sqrt(),
                mean_pnl_if,
                mean_pnl_if_not,
                tail_share: total.tail_count[e] as f64 / total.tail_trials.max(1) as f64,
                loss_share,
                likelihood_bin,
                impact_bin,
                severity_bin: event.regions.values().max().map(|&s| matrix.impact_bin_for_severity(s)),
                rating: matrix.rating(likelihood_bin, impact_bin),
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
            let (low, high) = program.log_return_bounds[m];
            let width = (high - low) / MARKET_BINS as f64;
            let samples: u64 = counts.iter().sum();
            let quantile = |q: f64| histogram_quantile(counts, low, width, q * samples as f64).exp_m1();
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
