//! The plain run's per-trial loop over one chunk: draw likelihoods, groups and events, multiply
//! each market's background growth by the growth factors (`1 + price move`) of the events that
//! happened, value the portfolio with and without the background noise.
//!
//! The random streams are described in `draw`: every trial consumes its chunk's decision stream
//! the same way whatever happens, and each (trial, event) has its own shock stream.

use super::compile::{Compiled, Flat};
use super::draw::{Decisions, Force, Noise, mix64, shock_key, shock_stream};
use rand_distr::Distribution;
use rand_xoshiro::SplitMix64;

pub use super::draw::chunk_rng;

/// Trials per chunk: the unit of parallel work, of RNG streams, of progress and of cancellation.
pub const CHUNK: usize = 4096;

/// Bins of each market's growth histogram (quantiles are read from it).
pub const MARKET_BINS: usize = 2048;

/// Where a chunk's results go.
pub struct ChunkOutput<'a> {
    /// P&L with events and background noise.
    pub pnl: &'a mut [f64],
    /// P&L of the same trials with the events alone (every market's noise taken out).
    pub events_pnl: &'a mut [f64],
    /// `words` u64 per trial; bit `e` set when event `e` happened.
    pub bits: &'a mut [u64],
    pub markets: MarketTally<'a>,
}

/// Per-market sums (for means, over every trial) and histogram counts (for quantiles, over the
/// trials whose index is a multiple of `stride`).
pub struct MarketTally<'a> {
    /// Sum of price moves (simple returns), per market.
    pub return_sum: &'a mut [f64],
    /// `MARKET_BINS` counts per market.
    pub histogram: &'a mut [u32],
    /// Every `stride`-th trial (by its index in the whole run) is counted in the histograms.
    pub stride: u64,
}

/// A monotone stand-in for `log2(growth)`, read off the float's bits: exact at powers of two and
/// linear in between, so a histogram over it has bins of nearly even width in log terms (a bin of
/// width `w` spans at most `w` in natural log) at the cost of a subtraction. Zero (a wipe-out)
/// maps far below any histogram's range.
#[inline]
pub fn growth_key(growth: f64) -> f64 {
    const ONE_BITS: i64 = 0x3ff0_0000_0000_0000;
    (growth.to_bits() as i64 - ONE_BITS) as f64 * (1.0 / (1u64 << 52) as f64)
}

/// The inverse of [`growth_key`].
pub fn key_growth(key: f64) -> f64 {
    const ONE_BITS: i64 = 0x3ff0_0000_0000_0000;
    f64::from_bits(((key * (1u64 << 52) as f64).round() as i64 + ONE_BITS) as u64)
}

pub fn run_chunk(program: &Compiled, seed: u64, chunk: usize, out: ChunkOutput<'_>) {
    let ChunkOutput { pnl, events_pnl, bits, markets } = out;
    let MarketTally { return_sum, histogram, stride } = markets;
    let mut rng = chunk_rng(seed, chunk as u64);
    let shock_key = shock_key(seed);
    let first_trial = (chunk * CHUNK) as u64;
    let words = program.words;
    let mut decisions = Decisions::new(program);
    let mut noise = Noise::new(program);
    let mut flags = vec![0u8; program.events];
    let mut occurred = vec![0u64; words];
    let mut shock_growth = vec![1.0f64; program.markets];
    let mut happened = Vec::with_capacity(program.events);
    let mut streams = Vec::with_capacity(program.events);
    // bin = (key − low) · scale, as key · scale + offset.
    let bin_offset_scale: Vec<(f64, f64)> = program
        .growth_bounds
        .iter()
        .map(|&(low, high)| {
            let (low, high) = (growth_key(low), growth_key(high));
            let scale = if high > low { MARKET_BINS as f64 / (high - low) } else { 0.0 };
            (-low * scale, scale)
        })
        .collect();

    for (i, (trial_pnl, trial_events_pnl)) in pnl.iter_mut().zip(events_pnl.iter_mut()).enumerate() {
        decisions.draw(program, &mut rng);
        decisions.occurrences(program, Force::None, &mut flags);
        pack_bits(&flags, &mut occurred);
        noise.draw(program, &mut rng);

        let trial = first_trial + i as u64;
        let trial_key = mix64(shock_key ^ trial);
        shock_growth.fill(1.0);
        happened.clear();
        streams.clear();
        for (w, &word) in occurred.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                let e = w * 64 + rest.trailing_zeros() as usize;
                rest &= rest - 1;
                happened.push(e);
                streams.push(shock_stream(trial_key, e));
            }
        }
        // One pass per kind of shock (an event's stream serves its normal, then triangular, then
        // uniform shocks), so the loops do not branch on the kind of each shock.
        for &e in &happened {
            for &(m, factor) in program.fixed.of(e) {
                shock_growth[m] *= factor;
            }
        }
        multiply_shocks(&program.normal, &happened, &mut streams, &mut shock_growth);
        multiply_shocks(&program.triangular, &happened, &mut streams, &mut shock_growth);
        multiply_shocks(&program.uniform, &happened, &mut streams, &mut shock_growth);

        let (mut with_noise, mut events_only) = (0.0, 0.0);
        let per_market =
            noise.growth.iter().zip(&shock_growth).zip(&program.value).zip(return_sum.iter_mut());
        for (((&background, &shocked), &value), sum) in per_market {
            let moved = background * shocked - 1.0;
            with_noise += value * moved;
            events_only += value * (shocked - 1.0);
            *sum += moved;
        }
        if trial.is_multiple_of(stride) {
            let per_market = noise
                .growth
                .iter()
                .zip(&shock_growth)
                .zip(&bin_offset_scale)
                .zip(histogram.chunks_exact_mut(MARKET_BINS));
            for (((&background, &shocked), &(offset, scale)), counts) in per_market {
                // `as usize` saturates: a key below the range (a wipe-out) lands in bin 0.
                let bin = ((growth_key(background * shocked) * scale + offset) as usize).min(MARKET_BINS - 1);
                counts[bin] += 1;
            }
        }
        // `+ 0.0`: an empty sum is −0, which reads badly in results.
        *trial_pnl = with_noise + 0.0;
        *trial_events_pnl = events_only + 0.0;
        bits[i * words..(i + 1) * words].copy_from_slice(&occurred);
    }
}

/// Packs one 0/1 byte per event into 64-bit words, event `e` at bit `e % 64` of word `e / 64`.
pub fn pack_bits(flags: &[u8], words: &mut [u64]) {
    for (word, flags) in words.iter_mut().zip(flags.chunks(64)) {
        *word = flags.iter().enumerate().fold(0, |bits, (bit, &flag)| bits | u64::from(flag) << bit);
    }
}

/// Multiplies the growth factors of one kind of shock of every event that happened
/// (`happened[j]`, drawing from `streams[j]`) into the markets' growth.
#[inline]
fn multiply_shocks<D: Distribution<f64>>(
    shocks: &Flat<(usize, D)>,
    happened: &[usize],
    streams: &mut [SplitMix64],
    growth: &mut [f64],
) {
    for (&e, rng) in happened.iter().zip(streams) {
        for (m, d) in shocks.of(e) {
            growth[*m] *= d.sample(rng);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
    fn growth_keys_are_monotone_exact_at_powers_of_two_and_invertible() {
        assert_eq!(growth_key(1.0), 0.0);
        assert_eq!(growth_key(4.0), 2.0);
        assert_eq!(growth_key(0.25), -2.0);
        let samples = [1e-6, 0.3, 0.5, 0.9, 1.0, 1.1, 1.7, 3.0, 40.0];
        for pair in samples.windows(2) {
            assert!(growth_key(pair[0]) < growth_key(pair[1]));
        }
        for &g in &samples {
            assert!((key_growth(growth_key(g)) - g).abs() <= 1e-15 * g);
            // Within an octave the key departs from log2 by less than 0.09.
            assert!((growth_key(g) - g.log2()).abs() < 0.09);
        }
        assert!(growth_key(0.0) < -1000.0);
    }
}
