//! The per-trial loop over one chunk: draw likelihoods, groups and events, add shocks and noise to
//! market log-returns, value the portfolio.
//!
//! Random numbers come from two kinds of stream, so that changing one event's likelihood (the
//! tornado chart) leaves every other draw where it was — common random numbers:
//! - the chunk's *decision* stream (xoshiro256++), which every trial consumes the same way whatever
//!   happens: one PERT draw per ranged event that links or a group bend (see `compile`), one
//!   uniform per group and per ungrouped event, one normal per market with noise;
//! - a *shock* stream per (trial, event) (SplitMix64, seeded by hashing seed, trial and event),
//!   used only when the event happens, so an event's shocks in a trial do not depend on which
//!   other events happened.

use super::compile::{BaseProbability, Compiled, Flat, multiply_odds};
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};

/// Trials per chunk: the unit of parallel work, of RNG streams, of progress and of cancellation.
pub const CHUNK: usize = 4096;

/// Bins of each market's log-return histogram (quantiles are read from it).
pub const MARKET_BINS: usize = 2048;

/// The murmur3 64-bit finaliser: a bijection that mixes every input bit into every output bit.
pub fn mix64(mut x: u64) -> u64 {
    x ^= x >> 33;
    x = x.wrapping_mul(0xff51_afd7_ed55_8ccd);
    x ^= x >> 33;
    x = x.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
    x ^ (x >> 33)
}

const CHUNK_DOMAIN: u64 = 0x6368_756e_6b00_0001;
const SHOCK_DOMAIN: u64 = 0x7368_6f63_6b00_0002;
const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The decision stream of chunk `chunk` for `seed`.
pub fn chunk_rng(seed: u64, chunk: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix64(mix64(seed ^ CHUNK_DOMAIN) ^ chunk.wrapping_mul(GOLDEN)))
}

/// Where a chunk's results go. `bits` and `markets` are skipped by the lean runs of the tornado.
pub struct ChunkOutput<'a> {
    pub pnl: &'a mut [f64],
    /// `words` u64 per trial; bit `e` set when event `e` happened.
    pub bits: Option<&'a mut [u64]>,
    pub markets: Option<MarketTally<'a>>,
}

/// Per-market sums (for means, over every trial) and histogram counts (for quantiles, over the
/// trials whose index is a multiple of `stride`).
pub struct MarketTally<'a> {
    /// Sum of simple returns, per market.
    pub return_sum: &'a mut [f64],
    /// `MARKET_BINS` counts per market.
    pub histogram: &'a mut [u32],
    /// Every `stride`-th trial (by its index in the whole run) is counted in the histograms.
    pub stride: u64,
}

/// A likelihood replaced for one event (tornado runs). The original draw is still made, so the
/// decision stream stays aligned with the base run.
#[derive(Debug, Clone, Copy)]
pub struct Override {
    pub event: usize,
    pub probability: f64,
}

pub fn run_chunk(
    program: &Compiled,
    seed: u64,
    chunk: usize,
    overridden: Option<Override>,
    out: ChunkOutput<'_>,
) {
    let ChunkOutput { pnl, mut bits, mut markets } = out;
    let mut rng = chunk_rng(seed, chunk as u64);
    let shock_key = mix64(seed ^ SHOCK_DOMAIN);
    let first_trial = (chunk * CHUNK) as u64;
    let words = program.words;
    let mut probability: Vec<f64> =
        program.base.iter().map(|b| if let BaseProbability::Fixed(p) = b { *p } else { 0.0 }).collect();
    // One byte per event while drawing, packed into `occurred` after: or-ing each draw into a
    // shared bit word makes every event wait for the previous one's store.
    let mut happened_flag = vec![0u8; program.events];
    let mut occurred = vec![0u64; words];
    let mut log_return = vec![0.0f64; program.markets];
    let mut happened = Vec::with_capacity(program.events);
    let mut streams = Vec::with_capacity(program.events);
    let held: Vec<usize> = (0..program.markets).filter(|&m| program.value[m] != 0.0).collect();
    // bin = (r − low) · scale, as r · scale + offset.
    let bin_offset_scale: Vec<(f64, f64)> = program
        .log_return_bounds
        .iter()
        .map(|&(low, high)| {
            let scale = if high > low { MARKET_BINS as f64 / (high - low) } else { 0.0 };
            (-low * scale, scale)
        })
        .collect();

    for (i, trial_pnl) in pnl.iter_mut().enumerate() {
        for &e in &program.ranged {
            if let BaseProbability::Pert(pert) = &program.base[e] {
                probability[e] = pert.sample(&mut rng);
            }
        }
        if let Some(o) = overridden {
            probability[o.event] = o.probability;
        }
        happened_flag.fill(0);
        for group in &program.groups {
            let u: f64 = rng.random();
            if let Some(e) = pick_member(&group.members, group.exactly_one, &probability, u) {
                happened_flag[e] = 1;
            }
        }
        for step in &program.steps {
            let e = step.event;
            let u: f64 = rng.random();
            let mut odds = 1.0;
            for link in &program.incoming[step.links.clone()] {
                if happened_flag[link.source] != 0 {
                    odds *= link.odds;
                }
            }
            let p = if odds == 1.0 {
                probability[e]
            } else {
                multiply_odds(probability[e], odds.clamp(f64::MIN_POSITIVE, f64::MAX))
            };
            // Branch-free: whether an event happens is a coin flip the CPU cannot predict.
            happened_flag[e] = u8::from(u < p);
        }
        pack_bits(&happened_flag, &mut occurred);

        log_return.fill(0.0);
        for &m in &program.noisy {
            let z: f64 = StandardNormal.sample(&mut rng);
            log_return[m] = program.noise_sd[m] * z;
        }
        let trial = first_trial + i as u64;
        let trial_key = mix64(shock_key ^ trial);
        happened.clear();
        streams.clear();
        for (w, &word) in occurred.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let e = w * 64 + rest.trailing_zeros() as usize;
                rest &= rest - 1;
                happened.push(e);
                streams
                    .push(SplitMix64::seed_from_u64(mix64(trial_key ^ (e as u64 + 1).wrapping_mul(GOLDEN))));
            }
        }
        // One pass per kind of shock (an event's stream serves its normal, then triangular, then
        // uniform shocks), so the loops do not branch on the kind of each shock.
        for &e in &happened {
            for &(m, v) in program.fixed.of(e) {
                log_return[m] += v;
            }
        }
        add_shocks(&program.normal, &happened, &mut streams, &mut log_return);
        add_shocks(&program.triangular, &happened, &mut streams, &mut log_return);
        add_shocks(&program.uniform, &happened, &mut streams, &mut log_return);

        let mut value_change = 0.0;
        match markets.as_mut() {
            Some(MarketTally { return_sum, histogram, stride }) => {
                for ((&r, &value), sum) in log_return.iter().zip(&program.value).zip(return_sum.iter_mut()) {
                    let growth = simple_return(r);
                    value_change += value * growth;
                    *sum += growth;
                }
                if trial.is_multiple_of(*stride) {
                    let per_market =
                        log_return.iter().zip(&bin_offset_scale).zip(histogram.chunks_exact_mut(MARKET_BINS));
                    for ((&r, &(offset, scale)), counts) in per_market {
                        let bin = ((r * scale + offset) as usize).min(MARKET_BINS - 1);
                        counts[bin] += 1;
                    }
                }
            }
            None => {
                for &m in &held {
                    value_change += program.value[m] * simple_return(log_return[m]);
                }
            }
        }
        *trial_pnl = value_change;
        if let Some(bits) = bits.as_mut() {
            bits[i * words..(i + 1) * words].copy_from_slice(&occurred);
        }
    }
}

/// Packs one 0/1 byte per event into 64-bit words, event `e` at bit `e % 64` of word `e / 64`.
fn pack_bits(flags: &[u8], words: &mut [u64]) {
    for (word, flags) in words.iter_mut().zip(flags.chunks(64)) {
        *word = flags.iter().enumerate().fold(0, |bits, (bit, &flag)| bits | u64::from(flag) << bit);
    }
}

/// `e^r − 1`. As `exp(r) − 1`, not `exp_m1`: libm's `expm1` costs about three `exp`s, and the
/// cancellation it avoids is below 1e-16 of the market's value, far under any sampling error.
#[inline]
fn simple_return(log_return: f64) -> f64 {
    log_return.exp() - 1.0
}

/// One categorical draw over a group's members with `u` uniform in [0, 1). At-most-one groups keep
/// "none" as the remaining probability (and normalise if a draw of ranged likelihoods sums above
/// one); exactly-one groups normalise their members' probabilities.
fn pick_member(members: &[usize], exactly_one: bool, probability: &[f64], u: f64) -> Option<usize> {
    let sum: f64 = members.iter().map(|&e| probability[e]).sum();
    if sum <= 0.0 {
        return None;
    }
    let total = if exactly_one { sum } else { sum.max(1.0) };
    let target = u * total;
    let mut cumulative = 0.0;
    for &e in members {
        cumulative += probability[e];
        if target < cumulative {
            return Some(e);
        }
    }
    // Only rounding can bring an exactly-one draw here: give it to the last possible member.
    if exactly_one { members.iter().rev().copied().find(|&e| probability[e] > 0.0) } else { None }
}

/// Adds the shocks of one kind of every event that happened (`happened[j]`, drawing from
/// `streams[j]`) to the markets' log-returns.
#[inline]
fn add_shocks<D: Distribution<f64>>(
    shocks: &Flat<(usize, D)>,
    happened: &[usize],
    streams: &mut [SplitMix64],
    log_return: &mut [f64],
) {
    for (&e, rng) in happened.iter().zip(streams) {
        for (m, d) in shocks.of(e) {
            log_return[*m] += d.sample(rng);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_draws_cover_members_and_none() {
        let p = [0.2, 0.3, 0.1];
        let members = [0, 1, 2];
        assert_eq!(pick_member(&members, false, &p, 0.1), Some(0));
        assert_eq!(pick_member(&members, false, &p, 0.45), Some(1));
        assert_eq!(pick_member(&members, false, &p, 0.55), Some(2));
        assert_eq!(pick_member(&members, false, &p, 0.7), None);
        // Exactly one: 0.6 of the normalised total 0.6 lands in the last member, never "none".
        assert_eq!(pick_member(&members, true, &p, 0.99), Some(2));
        assert_eq!(pick_member(&members, true, &[0.0, 0.0, 0.0], 0.5), None);
    }

    #[test]
    fn at_most_one_groups_normalise_when_draws_sum_above_one() {
        let p = [0.8, 0.6];
        assert_eq!(pick_member(&[0, 1], false, &p, 0.5), Some(0));
        assert_eq!(pick_member(&[0, 1], false, &p, 0.99), Some(1));
    }

    #[test]
    fn flags_pack_into_words_event_by_event() {
        let mut flags = vec![0u8; 130];
        for e in [0, 5, 63, 64, 129] {
            flags[e] = 1;
        }
        let mut words = [u64::MAX; 3];
        pack_bits(&flags, &mut words);
        assert_eq!(words, [1 | 1 << 5 | 1 << 63, 1, 1 << 1]);
    }

    #[test]
    fn chunk_streams_differ_by_seed_and_chunk() {
        use rand::Rng;
        let first = |seed, chunk| chunk_rng(seed, chunk).next_u64();
        assert_ne!(first(0, 0), first(0, 1));
        assert_ne!(first(0, 0), first(1, 0));
        assert_eq!(first(7, 3), first(7, 3));
    }
}
