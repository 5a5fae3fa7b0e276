//! Uncertainty bands from ranged likelihoods: second-order Monte Carlo without simulating again.
//!
//! A ranged likelihood says the analyst is unsure of the probability. An *outer draw* fixes every
//! ranged likelihood at a value drawn from its range (PERT; a group's members together from a
//! Dirichlet with their stated means, so the group stays consistent and each member keeps its
//! stated likelihood on average). Each outer draw's figures come from the plain run's trials,
//! each weighed by how much more (or less) likely its pattern of ranged events is under the draw
//! than in the plain run (importance sampling). The band of a figure is the 5th to 95th
//! percentile of its value over [`OUTER_DRAWS`] draws; the effective sample size of the weights
//! is reported, so a band that rests on few trials shows it. Trials alike in every ranged
//! outcome share a weight, so a draw works out one weight per such *signature*, not per trial.

use super::compile::{BaseProbability, Compiled, base_probability, bend};
use super::draw::mix64;
use super::result::{Band, Bands, SimResult};
use super::summary::Trials;
use super::{EngineError, Settings, try_vec};
use crate::model::{Likelihood, Scenario};
use rand::SeedableRng;
use rand_distr::{Distribution, Gamma};
use rand_xoshiro::Xoshiro256PlusPlus;
use rayon::prelude::*;

/// How many outer draws of the likelihoods the bands are read from.
pub const OUTER_DRAWS: usize = 200;

const BANDS_DOMAIN: u64 = 0x6261_6e64_7300_0003;

/// The most ungrouped ranged events whose occurrence patterns are tabulated per outer draw.
const TABLE_EVENTS: usize = 16;

/// A group whose members' likelihoods move together in the outer draws.
struct RangedGroup {
    members: Vec<usize>,
    /// Stated mean of each member, and of "none" (at-most-one groups).
    means: Vec<f64>,
    none_mean: f64,
    /// Dirichlet concentration: matches the members' stated spread on average.
    concentration: f64,
}

pub fn bands(
    scenario: &Scenario,
    program: &Compiled,
    settings: &Settings,
    trials: &Trials,
    linked_draws: &[(f64, f64)],
    result: &SimResult,
) -> Result<Bands, EngineError> {
    let ranged_range = |e: usize| match scenario.events[e].likelihood {
        Likelihood::Range(r) if r.low().get() < r.high().get() => Some(r),
        _ => None,
    };
    let linked = &program.bent_ranged;
    let unlinked: Vec<usize> = (0..program.events)
        .filter(|&e| program.group_of[e].is_none() && !linked.contains(&e) && ranged_range(e).is_some())
        .collect();
    let groups: Vec<RangedGroup> = program
        .groups
        .iter()
        .filter(|g| g.members.iter().any(|&e| ranged_range(e).is_some()))
        .map(|g| {
            let means: Vec<f64> = g.members.iter().map(|&e| program.stated[e]).collect();
            let none_mean = if g.exactly_one { 0.0 } else { (1.0 - means.iter().sum::<f64>()).max(0.0) };
            let alphas: Vec<f64> = g
                .members
                .iter()
                .filter_map(|&e| ranged_range(e))
                .map(|r| {
                    let (a, b, m) = (r.low().get(), r.high().get(), r.pert_mean());
                    let variance = (m - a) * (b - m) / 7.0;
                    m * (1.0 - m) / variance - 1.0
                })
                .filter(|a| a.is_finite() && *a > 0.0)
                .collect();
            let concentration =
                if alphas.is_empty() { 1e6 } else { alphas.iter().sum::<f64>() / alphas.len() as f64 };
            RangedGroup { members: g.members.clone(), means, none_mean, concentration }
        })
        .collect();
    let ranged_events = unlinked.len() + linked.len() + groups.iter().map(|g| g.members.len()).sum::<usize>();
    let p = &result.portfolio.total;
    let fixed = |v: f64| Band { low: v, high: v };
    if ranged_events == 0 {
        return Ok(Bands {
            outer_draws: 0,
            ranged_events: 0,
            ess_min: 1.0,
            ess_median: 1.0,
            mean: fixed(p.mean),
            var95: fixed(p.var95),
            var99: fixed(p.var99),
            es95: fixed(p.es95),
            es99: fixed(p.es99),
            prob_loss: fixed(p.prob_loss),
            prob_loss_beyond: fixed(p.prob_loss_beyond),
            exceedance: result.exceedance.iter().map(|x| fixed(x.probability)).collect(),
        });
    }

    // The outer draws, in order from one stream: the same seed gives the same bands.
    let mut rng = Xoshiro256PlusPlus::seed_from_u64(mix64(settings.seed ^ BANDS_DOMAIN));
    let draws: Vec<OuterDraw> = (0..OUTER_DRAWS)
        .map(|_| {
            let mut pert = |e: usize| match base_probability(scenario.events[e].likelihood) {
                BaseProbability::Pert(d) => d.sample(&mut rng),
                BaseProbability::Fixed(p) => p,
            };
            let unlinked_p: Vec<f64> = unlinked.iter().map(|&e| pert(e)).collect();
            let linked_p: Vec<f64> = linked.iter().map(|&e| pert(e)).collect();
            let group_p = groups.iter().map(|g| dirichlet(g, &mut rng)).collect();
            OuterDraw { unlinked_p, linked_p, group_p }
        })
        .collect();

    // Per trial, in order of P&L (worst first): its pattern of ungrouped unlinked ranged events,
    // each ranged group's outcome, and its P&L.
    let n = trials.pnl.len();
    let mut order: Vec<u32> = (0..n as u32).collect();
    order.par_sort_unstable_by(|&a, &b| {
        trials.pnl[a as usize].total_cmp(&trials.pnl[b as usize]).then(a.cmp(&b))
    });
    let words = program.words;
    let happened = |t: usize, e: usize| trials.bits[t * words + e / 64] >> (e % 64) & 1 == 1;
    let tabulated = unlinked.len().min(TABLE_EVENTS);
    let mut pattern = try_vec(n, 0u32)?;
    for (slot, &t) in pattern.iter_mut().zip(&order) {
        *slot = (0..tabulated).fold(0, |bits, j| bits | u32::from(happened(t as usize, unlinked[j])) << j);
    }
    // Per trial (in the same order): each ranged linked event's link odds, the reciprocal of the
    // probability of what happened to it in the plain run, and whether it happened; each ranged
    // group's outcome (its size for "none").
    let mut linked_trials = Vec::new();
    linked_trials.try_reserve_exact(n * linked.len()).map_err(|_| EngineError::OutOfMemory(n as u64))?;
    let mut outcomes = Vec::new();
    outcomes.try_reserve_exact(n * groups.len()).map_err(|_| EngineError::OutOfMemory(n as u64))?;
    // A linked event's odds in a trial are a product over which of its parents happened: few
    // distinct values, so each outer draw computes its probability once per value, and a trial
    // keeps the value's slot (its outcome's slot: 2·value + 1 if it happened).
    let mut odds_values: Vec<Vec<f64>> = vec![Vec::new(); linked.len()];
    for &t in &order {
        let t = t as usize;
        for (j, &e) in linked.iter().enumerate() {
            let (q, odds) = linked_draws[t * linked.len() + j];
            let on = happened(t, e);
            let values = &mut odds_values[j];
            let slot = match values.iter().position(|&v| v.to_bits() == odds.to_bits()) {
                Some(slot) => slot,
                None => {
                    values.push(odds);
                    values.len() - 1
                }
            };
            linked_trials.push((2 * slot as u32 + u32::from(on), 1.0 / if on { q } else { 1.0 - q }));
        }
        for g in &groups {
            let outcome = g.members.iter().position(|&e| happened(t, e)).unwrap_or(g.members.len());
            outcomes.push(outcome as u32);
        }
    }
    let x_sorted: Vec<f64> = order.iter().map(|&t| trials.pnl[t as usize]).collect();
    // Trials alike in every ranged event's outcome (and every linked event's odds) get the same
    // weight under any outer draw: each draw weighs one trial per *signature* and sums counts.
    let signatures = Signatures::new(
        n,
        |i, key| {
            let t = order[i] as usize;
            key.push(u64::from(pattern[i]));
            key.extend(unlinked.iter().skip(tabulated).map(|&e| u64::from(happened(t, e))));
            for &(slot, inverse) in &linked_trials[i * linked.len()..(i + 1) * linked.len()] {
                key.extend([u64::from(slot), inverse.to_bits()]);
            }
            key.extend(outcomes[i * groups.len()..(i + 1) * groups.len()].iter().map(|&o| u64::from(o)));
        },
        &x_sorted,
    )?;
    let losses_above = |level: f64| x_sorted.partition_point(|&x| -x > level);
    let level_positions: Vec<usize> = result.exceedance.iter().map(|e| losses_above(e.loss)).collect();
    let loss_position = x_sorted.partition_point(|&x| x < 0.0);
    let beyond_position = losses_above(result.portfolio.loss_threshold);

    let figures: Vec<Figures> = draws
        .par_iter()
        .map(|draw| {
            // Likelihood ratios multiply (no logarithms: the few dozen factors of a trial, each
            // the ratio of two probabilities, stay far inside f64's range).
            let ratio = |p: f64, m: f64, on: bool| if on { p / m } else { (1.0 - p) / (1.0 - m) };
            // Weight of each pattern of the tabulated events, doubling the table one event at a
            // time (bit j set: event j happened).
            let mut table = vec![1.0f64; 1 << tabulated];
            for j in 0..tabulated {
                let (p, m) = (draw.unlinked_p[j], program.stated[unlinked[j]]);
                let (on, off) = (ratio(p, m, true), ratio(p, m, false));
                for pat in 0..1usize << j {
                    table[pat | 1 << j] = table[pat] * on;
                    table[pat] *= off;
                }
            }
            // Each group's outcomes (members, then "none") as ratios.
            let group_ratios: Vec<Vec<f64>> = groups
                .iter()
                .zip(&draw.group_p)
                .map(|(group, outer)| {
                    let mut r: Vec<f64> = outer.iter().zip(&group.means).map(|(o, m)| o / m).collect();
                    r.push(if group.none_mean > 0.0 {
                        outer[group.members.len()] / group.none_mean
                    } else {
                        1.0
                    });
                    r
                })
                .collect();
            // Each linked event's outcome probabilities under this draw: for each odds value,
            // (did not happen, happened).
            let linked_outcomes: Vec<Vec<f64>> = odds_values
                .iter()
                .zip(&draw.linked_p)
                .map(|(values, &p)| {
                    values
                        .iter()
                        .flat_map(|&odds| {
                            let q = bend(p, odds);
                            [1.0 - q, q]
                        })
                        .collect()
                })
                .collect();
            // A signature's weight is a product of likelihood ratios, each below about 6 (a PERT
            // draw over its mean); thousands of ranged events could overflow or underflow it, so
            // such a draw is weighed again in logarithms, scaled by its largest weight (only
            // ratios between weights matter).
            let weight = |i: usize, start: f64, combine: &dyn Fn(f64, f64) -> f64| {
                let t = order[i] as usize;
                let mut w = combine(start, table[pattern[i] as usize]);
                for (&e, &p) in unlinked.iter().zip(&draw.unlinked_p).skip(tabulated) {
                    w = combine(w, ratio(p, program.stated[e], happened(t, e)));
                }
                for (outcomes, &(slot, inverse)) in
                    linked_outcomes.iter().zip(&linked_trials[i * linked.len()..(i + 1) * linked.len()])
                {
                    w = combine(w, outcomes[slot as usize] * inverse);
                }
                for (g, ratios) in group_ratios.iter().enumerate() {
                    w = combine(w, ratios[outcomes[i * groups.len() + g] as usize]);
                }
                w
            };
            let product = |w: f64, factor: f64| w * factor;
            let log_sum = |w: f64, factor: f64| w + factor.ln();
            let weights = usable_weights(
                signatures.representative.iter().map(|&i| weight(i, 1.0, &product)).collect(),
                || signatures.representative.iter().map(|&i| weight(i, 0.0, &log_sum)).collect(),
            );
            weighted_figures(
                &signatures,
                &weights,
                &x_sorted,
                &level_positions,
                loss_position,
                beyond_position,
            )
        })
        .collect();

    let band = |f: fn(&Figures) -> f64, plain: f64| percentile_band(figures.iter().map(f).collect(), plain);
    // A draw under which no trial could happen has no figures (0/0): it is left out.
    let mut ess: Vec<f64> = figures.iter().map(|f| f.ess / n as f64).filter(|e| e.is_finite()).collect();
    ess.sort_by(f64::total_cmp);
    Ok(Bands {
        outer_draws: OUTER_DRAWS,
        ranged_events,
        ess_min: ess.first().copied().unwrap_or(0.0),
        ess_median: ess.get(ess.len() / 2).copied().unwrap_or(0.0),
        mean: band(|f| f.mean, p.mean),
        var95: band(|f| f.var95, p.var95),
        var99: band(|f| f.var99, p.var99),
        es95: band(|f| f.es95, p.es95),
        es99: band(|f| f.es99, p.es99),
        prob_loss: band(|f| f.prob_loss, p.prob_loss),
        prob_loss_beyond: band(|f| f.prob_loss_beyond, p.prob_loss_beyond),
        exceedance: (0..level_positions.len())
            .map(|j| {
                let plain = result.exceedance[j].probability;
                percentile_band(figures.iter().map(|f| f.exceedance[j]).collect(), plain)
            })
            .collect(),
    })
}

struct OuterDraw {
    unlinked_p: Vec<f64>,
    linked_p: Vec<f64>,
    /// Per ranged group: each member's probability, then "none".
    group_p: Vec<Vec<f64>>,
}

/// Members' (and "none"'s) probabilities from a Dirichlet with the stated means.
fn dirichlet(group: &RangedGroup, rng: &mut Xoshiro256PlusPlus) -> Vec<f64> {
    let mut gamma = |mean: f64| {
        if mean <= 0.0 {
            return 0.0;
        }
        Gamma::new(group.concentration * mean, 1.0).map_or(mean, |g| g.sample(rng))
    };
    let mut draws: Vec<f64> = group.means.iter().map(|&m| gamma(m)).collect();
    draws.push(gamma(group.none_mean));
    let sum: f64 = draws.iter().sum();
    if sum > 0.0 {
        draws.iter_mut().for_each(|d| *d /= sum);
    }
    draws
}

/// `products` if every weight is finite and the largest is not vanishingly small; else the
/// weights from their logarithms (`logs()`), scaled so the largest is 1 (only ratios matter).
fn usable_weights(products: Vec<f64>, logs: impl FnOnce() -> Vec<f64>) -> Vec<f64> {
    let largest = products.iter().copied().fold(0.0, f64::max);
    if products.iter().all(|w| w.is_finite()) && largest >= 1e-200 {
        return products;
    }
    let mut weights = logs();
    let top = weights.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !top.is_finite() {
        // Every trial impossible under this draw: nothing to rescue.
        return products;
    }
    weights.iter_mut().for_each(|w| *w = (*w - top).exp());
    weights
}

/// The plain run's trials (in P&L order) grouped by what the outer draws' weights depend on.
struct Signatures {
    /// Each trial's signature.
    of: Vec<u32>,
    /// A trial of each signature, its number of trials and the sum of their P&L.
    representative: Vec<usize>,
    count: Vec<f64>,
    pnl_sum: Vec<f64>,
}

impl Signatures {
    /// `key(i, buffer)` appends what trial `i`'s weight depends on.
    fn new(n: usize, key: impl Fn(usize, &mut Vec<u64>), x: &[f64]) -> Result<Signatures, EngineError> {
        let mut of = try_vec(n, 0u32)?;
        let mut ids: std::collections::HashMap<Vec<u64>, u32> = std::collections::HashMap::new();
        let (mut representative, mut count, mut pnl_sum) = (Vec::new(), Vec::new(), Vec::new());
        let mut buffer = Vec::new();
        for (i, slot) in of.iter_mut().enumerate() {
            buffer.clear();
            key(i, &mut buffer);
            let id = match ids.get(&buffer) {
                Some(&id) => id,
                None => {
                    let id = representative.len() as u32;
                    ids.insert(buffer.clone(), id);
                    representative.push(i);
                    count.push(0.0);
                    pnl_sum.push(0.0);
                    id
                }
            };
            *slot = id;
            count[id as usize] += 1.0;
            pnl_sum[id as usize] += x[i];
        }
        Ok(Signatures { of, representative, count, pnl_sum })
    }
}

/// One outer draw's portfolio figures.
struct Figures {
    mean: f64,
    var95: f64,
    var99: f64,
    es95: f64,
    es99: f64,
    prob_loss: f64,
    prob_loss_beyond: f64,
    exceedance: Vec<f64>,
    ess: f64,
}

/// Figures of the P&L `x` (sorted, worst first) when each trial weighs its signature's weight.
/// The tail at level L holds the worst trials up to weight `(1 − L)·W`, the last one in part.
fn weighted_figures(
    signatures: &Signatures,
    weight: &[f64],
    x: &[f64],
    levels: &[usize],
    loss_position: usize,
    beyond_position: usize,
) -> Figures {
    let (mut total, mut squares, mut moment) = (0.0, 0.0, 0.0);
    for ((&w, &count), &pnl_sum) in weight.iter().zip(&signatures.count).zip(&signatures.pnl_sum) {
        total += w * count;
        squares += w * w * count;
        moment += w * pnl_sum;
    }
    // The cumulative weight is needed at a few positions (sorted here) and the tails within the
    // worst 5% of the weight: one pass from the worst trial, stopping once both are known.
    let mut wanted: Vec<usize> = levels.iter().copied().chain([loss_position, beyond_position]).collect();
    wanted.sort_unstable();
    let mut at = std::collections::BTreeMap::new();
    let mut next = 0;
    let (mut cumulative, mut cumulative_x) = (0.0, 0.0);
    let mut tails = [(0.05, f64::NAN, f64::NAN), (0.01, f64::NAN, f64::NAN)];
    let mut i = 0;
    loop {
        while next < wanted.len() && wanted[next] == i {
            at.insert(i, cumulative);
            next += 1;
        }
        let pending = tails.iter().any(|t| t.1.is_nan());
        if i == x.len() || (next == wanted.len() && !pending) {
            break;
        }
        let (wi, xi) = (weight[signatures.of[i] as usize], x[i]);
        for (alpha, var, es) in &mut tails {
            let target = *alpha * total;
            if var.is_nan() && cumulative + wi >= target {
                *var = -xi;
                *es = -(cumulative_x + (target - cumulative) * xi) / target;
            }
        }
        cumulative += wi;
        cumulative_x += wi * xi;
        i += 1;
    }
    let share = |position: usize| at.get(&position).copied().unwrap_or(total) / total;
    Figures {
        mean: moment / total,
        var95: tails[0].1 + 0.0,
        var99: tails[1].1 + 0.0,
        es95: tails[0].2 + 0.0,
        es99: tails[1].2 + 0.0,
        prob_loss: share(loss_position),
        prob_loss_beyond: share(beyond_position),
        exceedance: levels.iter().map(|&p| share(p)).collect(),
        ess: total * total / squares,
    }
}

/// The 5th and 95th percentile of the finite values (linear interpolation between order
/// statistics); the plain run's figure if there are none.
fn percentile_band(mut values: Vec<f64>, plain: f64) -> Band {
    values.retain(|v| v.is_finite());
    if values.is_empty() {
        return Band { low: plain, high: plain };
    }
    values.sort_by(f64::total_cmp);
    let at = |q: f64| {
        let position = q * (values.len() - 1) as f64;
        let (below, above) = (position.floor() as usize, position.ceil() as usize);
        values[below] + (values[above] - values[below]) * (position - below as f64)
    };
    Band { low: at(0.05), high: at(0.95) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_weights_give_the_unweighted_figures() {
        let x: Vec<f64> = (0..200).map(|i| f64::from(i) - 100.0).collect();
        let one = Signatures::new(200, |_, key| key.push(0), &x).unwrap();
        let f = weighted_figures(&one, &[1.0], &x, &[100], 100, 50);
        // Worst 1% of 200 trials: the two worst, −100 and −99; VaR is the better of them.
        assert_eq!((f.var99, f.es99), (99.0, 99.5));
        assert_eq!(f.var95, 91.0);
        assert_eq!(f.prob_loss, 0.5);
        assert_eq!(f.ess, 200.0);
    }

    #[test]
    fn weights_beyond_a_floats_range_are_taken_from_their_logarithms() {
        let logs = || vec![800.0_f64, 800.0 + 2f64.ln(), -5.0];
        // 800 in logarithms overflows as a product: the logs give 1, 2 and e^−805 relative to each
        // other, scaled so the largest is 1.
        let w = usable_weights(vec![f64::INFINITY, f64::INFINITY, 1.0], logs);
        assert!((w[0] - 0.5).abs() < 1e-12 && w[1] == 1.0 && w[2] == 0.0, "{w:?}");
        // Every product underflowing to zero: the same rescue.
        let tiny = || vec![-900.0, -901.0];
        let w = usable_weights(vec![0.0, 0.0], tiny);
        assert!(w[0] == 1.0 && (w[1] - (-1f64).exp()).abs() < 1e-12, "{w:?}");
        // Ordinary products are kept as they are.
        assert_eq!(usable_weights(vec![0.5, 2.0], || unreachable!()), vec![0.5, 2.0]);
    }

    #[test]
    fn grouped_trials_weigh_as_if_weighed_one_by_one() {
        // Trials 0..200 alternate between two signatures weighing 3 and 1.
        let x: Vec<f64> = (0..200).map(|i| f64::from(i) - 150.0).collect();
        let grouped = Signatures::new(200, |i, key| key.push(i as u64 % 2), &x).unwrap();
        let single = Signatures::new(200, |i, key| key.push(i as u64), &x).unwrap();
        let each: Vec<f64> = (0..200).map(|i| if i % 2 == 0 { 3.0 } else { 1.0 }).collect();
        let a = weighted_figures(&grouped, &[3.0, 1.0], &x, &[30, 120], 150, 10);
        let b = weighted_figures(&single, &each, &x, &[30, 120], 150, 10);
        assert_eq!(grouped.representative.len(), 2);
        for (p, q) in [
            (a.mean, b.mean),
            (a.var99, b.var99),
            (a.es95, b.es95),
            (a.ess, b.ess),
            (a.prob_loss, b.prob_loss),
        ] {
            assert!((p - q).abs() <= 1e-12 * p.abs().max(1.0), "{p} against {q}");
        }
        assert_eq!(a.exceedance, b.exceedance);
    }

    #[test]
    fn percentile_band_interpolates() {
        let values: Vec<f64> = (0..=100).map(f64::from).collect();
        assert_eq!(percentile_band(values, 0.0), Band { low: 5.0, high: 95.0 });
        assert_eq!(percentile_band(vec![f64::NAN, 3.0], 0.0), Band { low: 3.0, high: 3.0 });
        assert_eq!(percentile_band(vec![f64::NAN], 7.0), Band { low: 7.0, high: 7.0 });
    }
}
