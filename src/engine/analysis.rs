//! The analysis: each event's causal impact (total and direct, with standard errors, and its
//! effect on ES99), the tornado (mean and ES99 with each likelihood at its low and high), and the
//! uncertainty bands (in `bands`).
//!
//! Every figure replays the plain run's trials — the same decision uniforms, noise and shock
//! draws (common random numbers) — under an intervention: do(e), do(not e), or a likelihood set
//! to its low or high. Only the events downstream of the intervention can change, so the
//! difference between two worlds is the event's doing, not noise.
//!
//! Cost: each trial is simulated once more (with every event's shock factors drawn, happened or
//! not); an event that is no link's source and in no group changes nothing but its own shocks, so
//! its worlds come from its factors alone; other events re-draw the events downstream whose
//! sources changed. Forcing what happened anyway is the plain trial, and an ungrouped event's
//! low and high worlds are its forced or prevented one, so such an event costs one redraw per
//! trial instead of four. Memory: the
//! four worlds' P&L of every event for ES99, in batches of events that fit
//! [`WORLD_BUFFER_BYTES`] (each batch replays the trials again).

use super::bands;
use super::compile::Compiled;
use super::draw::{self, Decisions, Force, Noise, chunk_rng, event_factors, mix64, shock_key};
use super::result::{Analysis, EventImpact, EventSensitivity, Sensitivity, SimResult};
use super::summary;
use super::trials::CHUNK;
use super::{Control, EngineError, Settings, chunk_count, prepare, run, try_vec};
use crate::model::{Likelihood, Scenario};
use rayon::prelude::*;
use redraw::{Downstream, downstream, redraw};

mod redraw;

/// The most memory the analysis keeps for the worlds' P&L at once.
pub const WORLD_BUFFER_BYTES: usize = 256 << 20;

/// The worlds each event is replayed in, in buffer order.
const WORLDS: usize = 4;
const FORCED: usize = 0;
const PREVENTED: usize = 1;
const AT_LOW: usize = 2;
const AT_HIGH: usize = 3;

/// The low and high likelihood of the tornado: a range's ends, or a point ±50% relative, clamped
/// to [0, 1].
pub fn sensitivity_range(likelihood: Likelihood) -> (f64, f64) {
    match likelihood {
        Likelihood::Range(r) => (r.low().get(), r.high().get()),
        Likelihood::Point(p) => ((p.get() * 0.5).clamp(0.0, 1.0), (p.get() * 1.5).clamp(0.0, 1.0)),
    }
}

/// The plain run, then impacts, tornado and bands on the same trials.
pub fn analyse(scenario: &Scenario, settings: &Settings, control: &Control) -> Result<Analysis, EngineError> {
    analyse_in_stages(scenario, settings, control, |_| {})
}

/// [`analyse`], handing over the plain run's result as soon as it is ready (about a ninth of the
/// work), so a caller can show the summary while impacts, tornado and bands are computed. The
/// result handed over is exactly the returned analysis's `result`.
pub fn analyse_in_stages(
    scenario: &Scenario,
    settings: &Settings,
    control: &Control,
    plain_ready: impl FnOnce(&SimResult),
) -> Result<Analysis, EngineError> {
    analyse_replaying(scenario, settings, control, plain_ready, true)
}

/// [`analyse_in_stages`], with `shortcuts` as [`Replay::shortcuts`].
fn analyse_replaying(
    scenario: &Scenario,
    settings: &Settings,
    control: &Control,
    plain_ready: impl FnOnce(&SimResult),
    shortcuts: bool,
) -> Result<Analysis, EngineError> {
    let scenario = prepare(scenario, settings)?;
    let program = Compiled::new(&scenario, settings.noise);
    let n = usize::try_from(settings.trials).map_err(|_| EngineError::Trials(settings.trials))?;
    let batch = (WORLD_BUFFER_BYTES / (WORLDS * 8 * n)).clamp(1, program.events.max(1));
    let batches = program.events.div_ceil(batch).max(1) as u64;
    // The plain run, one replay per batch of events, and the bands (counted as one more pass).
    control.start(chunk_count(settings.trials) * (2 + batches));
    let trials = run(&program, settings, control)?;
    let result = summary::summarise(&scenario, settings, &program, &trials)?;
    plain_ready(&result);
    let gross = result.portfolio.gross_value;

    let ranges: Vec<(f64, f64)> = scenario.events.iter().map(|e| sensitivity_range(e.likelihood)).collect();
    let down = downstream(&program);
    let mut impacts = Vec::with_capacity(program.events);
    let mut tornado = Vec::with_capacity(program.events);
    let mut linked_draws = Vec::new();
    let events: Vec<usize> = (0..program.events).collect();
    for (b, batch_events) in events.chunks(batch).enumerate() {
        let replay = Replay {
            program: &program,
            down: &down,
            settings,
            ranges: &ranges,
            events: batch_events,
            keep_linked: b == 0,
            shortcuts,
        };
        let chunks = replay.run(control, n)?;
        let mut scratch = try_vec(n, 0.0)?;
        for (k, &e) in batch_events.iter().enumerate() {
            let sums = chunks.iter().fold(EventSums::default(), |acc, c| acc.add(&c.sums[k]));
            let es99 = |world: usize, scratch: &mut Vec<f64>| {
                scratch.clear();
                for c in &chunks {
                    let len = c.trials;
                    scratch.extend_from_slice(
                        &c.worlds[(k * WORLDS + world) * len..(k * WORLDS + world + 1) * len],
                    );
                }
                summary::tail99_in_place(scratch).es
            };
            let (es_forced, es_prevented) = (es99(FORCED, &mut scratch), es99(PREVENTED, &mut scratch));
            let (es_low, es_high) = (es99(AT_LOW, &mut scratch), es99(AT_HIGH, &mut scratch));
            let nf = n as f64;
            let mean_sd = |sum: f64, sum_sq: f64| {
                let mean = sum / nf;
                let variance = ((sum_sq - nf * mean * mean) / (nf - 1.0).max(1.0)).max(0.0);
                (mean + 0.0, (variance / nf).sqrt())
            };
            let (total, total_se) = mean_sd(sums.effect, sums.effect_sq);
            let (direct, direct_se) = mean_sd(sums.direct, sums.direct_sq);
            let loss_share = if gross > 0.0 { -total / gross + 0.0 } else { 0.0 };
            let matrix = &scenario.matrix;
            let impact_bin = matrix.impact_bin_for_share(loss_share);
            impacts.push(EventImpact {
                id: scenario.events[e].id.to_string(),
                total,
                total_se,
                direct,
                direct_se,
                es99_if_forced: es_forced,
                es99_if_prevented: es_prevented,
                es99: es_forced - es_prevented + 0.0,
                loss_share,
                impact_bin,
                rating: matrix.rating(result.events[e].likelihood_bin, impact_bin),
            });
            tornado.push(EventSensitivity {
                id: scenario.events[e].id.to_string(),
                low_probability: ranges[e].0,
                high_probability: ranges[e].1,
                mean_at_low: sums.at_low / nf + 0.0,
                mean_at_high: sums.at_high / nf + 0.0,
                es99_at_low: es_low,
                es99_at_high: es_high,
            });
        }
        if b == 0 {
            linked_draws = chunks.into_iter().flat_map(|c| c.linked).collect();
        }
    }
    if program.events == 0 {
        control.chunks_done(chunk_count(settings.trials));
    }
    let sensitivity = Sensitivity {
        base_mean: result.portfolio.total.mean,
        base_es99: result.portfolio.total.es99,
        events: tornado,
    };
    let bands = bands::bands(&scenario, &program, settings, &trials, &linked_draws, &result)?;
    control.chunks_done(chunk_count(settings.trials));
    drop(trials);
    Ok(Analysis { result, impacts, sensitivity, bands })
}

/// Per event, summed over trials: the total effect (forced − prevented) and its square, the direct
/// effect and its square, and the P&L at the low and high likelihood.
#[derive(Debug, Clone, Copy, Default)]
struct EventSums {
    effect: f64,
    effect_sq: f64,
    direct: f64,
    direct_sq: f64,
    at_low: f64,
    at_high: f64,
}

impl EventSums {
    fn add(self, o: &EventSums) -> EventSums {
        EventSums {
            effect: self.effect + o.effect,
            effect_sq: self.effect_sq + o.effect_sq,
            direct: self.direct + o.direct,
            direct_sq: self.direct_sq + o.direct_sq,
            at_low: self.at_low + o.at_low,
            at_high: self.at_high + o.at_high,
        }
    }
}

/// What one chunk's replay leaves: sums per event of the batch, the worlds' P&L (event-major,
/// then world, then trial), and for the bands each ranged linked event's probability in the
/// plain run and the product of its happened links' odds, per trial (trial-major).
struct ChunkReplay {
    trials: usize,
    sums: Vec<EventSums>,
    worlds: Vec<f64>,
    linked: Vec<(f64, f64)>,
}

struct Replay<'a> {
    program: &'a Compiled,
    down: &'a Downstream,
    settings: &'a Settings,
    ranges: &'a [(f64, f64)],
    events: &'a [usize],
    keep_linked: bool,
    /// Take the plain trial's P&L for a world that redraws it unchanged, an ungrouped event's
    /// low and high worlds from its forced and prevented ones, and redraw only the steps whose
    /// sources changed. Off only to test that these shortcuts give the very bits the full
    /// replays give.
    shortcuts: bool,
}

impl Replay<'_> {
    fn run(&self, control: &Control, n: usize) -> Result<Vec<ChunkReplay>, EngineError> {
        let chunks = n.div_ceil(CHUNK);
        let replays: Vec<Option<ChunkReplay>> = (0..chunks)
            .into_par_iter()
            .map(|chunk| {
                if control.is_cancelled() {
                    return None;
                }
                let len = CHUNK.min(n - chunk * CHUNK);
                let out = self.chunk(chunk, len);
                control.chunk_done();
                Some(out)
            })
            .collect();
        if control.is_cancelled() {
            return Err(EngineError::Cancelled);
        }
        Ok(replays.into_iter().flatten().collect())
    }

    fn chunk(&self, chunk: usize, len: usize) -> ChunkReplay {
        let p = self.program;
        let held = &p.held;
        // Held markets get slots 0..held.len(); each event's factors on held markets sit at
        // `factor_start[e]..factor_start[e + 1]` of `factors`, with their slots in `factor_slot`.
        let mut slot_of = vec![usize::MAX; p.markets];
        for (slot, &m) in held.iter().enumerate() {
            slot_of[m] = slot;
        }
        let value: Vec<f64> = held.iter().map(|&m| p.value[m]).collect();
        let mut factor_start = Vec::with_capacity(p.events + 1);
        let mut factor_slot = Vec::new();
        factor_start.push(0);
        for e in 0..p.events {
            factor_slot.extend(p.shocked_markets(e).map(|m| slot_of[m]).filter(|&slot| slot != usize::MAX));
            factor_start.push(factor_slot.len());
        }
        let mut factors = vec![1.0; factor_slot.len()];
        let linked: Vec<usize> = p.bent_ranged.clone();

        let mut rng = chunk_rng(self.settings.seed, chunk as u64);
        let key = shock_key(self.settings.seed);
        let mut decisions = Decisions::new(p);
        let mut noise = Noise::new(p);
        let mut flags = vec![0u8; p.events];
        let mut world = vec![0u8; p.events];
        let mut growth = vec![1.0; held.len()];
        let mut other_growth = vec![1.0; held.len()];
        let mut changed = Vec::with_capacity(p.events);
        let mut pending = vec![false; p.steps.len()];
        let mut sums = vec![EventSums::default(); self.events.len()];
        let mut worlds = vec![0.0; self.events.len() * WORLDS * len];
        let mut linked_out = Vec::with_capacity(if self.keep_linked { linked.len() * len } else { 0 });

        let world_pnl = |flags: &[u8], factors: &[f64], noise: &Noise, growth: &mut [f64]| -> f64 {
            for (g, &m) in growth.iter_mut().zip(held) {
                *g = noise.growth[m];
            }
            for e in (0..p.events).filter(|&e| flags[e] != 0) {
                for i in factor_start[e]..factor_start[e + 1] {
                    growth[factor_slot[i]] *= factors[i];
                }
            }
            growth.iter().zip(&value).map(|(g, v)| v * (g - 1.0)).sum()
        };
        // The P&L its own shocks add to a world whose held growth is `growth` without them.
        let own_shocks = |e: usize, factors: &[f64], growth: &[f64]| -> f64 {
            (factor_start[e]..factor_start[e + 1])
                .map(|i| value[factor_slot[i]] * growth[factor_slot[i]] * (factors[i] - 1.0))
                .sum()
        };

        for t in 0..len {
            decisions.draw(p, &mut rng);
            decisions.occurrences(p, Force::None, &mut flags);
            noise.draw(p, &mut rng);
            let trial_key = mix64(key ^ (chunk * CHUNK + t) as u64);
            for e in 0..p.events {
                if factor_start[e] == factor_start[e + 1] {
                    continue;
                }
                let mut i = factor_start[e];
                event_factors(p, e, trial_key, |m, f| {
                    if slot_of[m] != usize::MAX {
                        factors[i] = f;
                        i += 1;
                    }
                });
            }
            if self.keep_linked {
                for &e in &linked {
                    let step = p.step_of[e].map(|position| &p.steps[position]);
                    let q = step
                        .map_or(decisions.probability[e], |step| decisions.step_probability(p, step, &flags));
                    linked_out.push((q, link_odds(p, e, &flags)));
                }
            }
            let base = world_pnl(&flags, &factors, &noise, &mut growth);

            for (k, &e) in self.events.iter().enumerate() {
                let (low, high) = self.ranges[e];
                let (forced, prevented, direct, at_low, at_high);
                if p.acts_alone(e) && factor_start[e] == factor_start[e + 1] {
                    // Moves no held market and sets nothing off: every world is the plain one.
                    (forced, prevented, direct, at_low, at_high) = (base, base, 0.0, base, base);
                } else if p.acts_alone(e) {
                    // Only its own factors change: each held market it moves, without its factor,
                    // times the factor's move.
                    let mut delta = 0.0;
                    for i in factor_start[e]..factor_start[e + 1] {
                        let slot = factor_slot[i];
                        let without = if flags[e] == 0 {
                            growth[slot]
                        } else if factors[i] != 0.0 {
                            growth[slot] / factors[i]
                        } else {
                            without_one(
                                p,
                                &flags,
                                e,
                                slot,
                                held[slot],
                                &noise,
                                &factor_start,
                                &factor_slot,
                                &factors,
                            )
                        };
                        delta += value[slot] * without * (factors[i] - 1.0);
                    }
                    prevented = if flags[e] != 0 { base - delta } else { base };
                    forced = prevented + delta;
                    direct = delta;
                    // Its parents are untouched by its own likelihood: redraw only it.
                    let step = p.step_of[e].unwrap_or(0);
                    let happens = |q: f64| decisions.step_u[step] < links_odds_probability(p, e, &flags, q);
                    at_low = if happens(low) { forced } else { prevented };
                    at_high = if happens(high) { forced } else { prevented };
                } else {
                    // Only its group and what lies downstream can change: redraw those from the
                    // trial's own uniforms, then adjust the base growth by the events that changed.
                    let mut replay = |force: Force, world: &mut [u8], out: &mut [f64]| -> f64 {
                        redraw(p, &decisions, self.down, force, &flags, world, &mut pending, self.shortcuts);
                        changed.clear();
                        changed
                            .extend(self.down.touched[e].iter().copied().filter(|&c| world[c] != flags[c]));
                        adjusted_pnl(
                            &changed,
                            world,
                            &growth,
                            out,
                            &factor_start,
                            &factor_slot,
                            &factors,
                            &value,
                        )
                        .unwrap_or_else(|| world_pnl(world, &factors, &noise, out))
                    };
                    // Forcing what happened anyway redraws the plain trial: its world is the
                    // plain one. For an ungrouped event the same holds for preventing what did
                    // not happen (a group's "off" renormalises the other members instead).
                    let happened = flags[e] != 0;
                    let grouped = p.group_of[e].is_some();
                    let reuse = self.shortcuts;
                    forced = if happened && reuse {
                        base
                    } else {
                        replay(Force::On(e), &mut world, &mut other_growth)
                    };
                    let prevented_growth: &[f64];
                    (prevented, prevented_growth) = if !happened && !grouped && reuse {
                        (base, &growth)
                    } else {
                        (replay(Force::Off(e), &mut world, &mut other_growth), &other_growth)
                    };
                    direct = own_shocks(e, &factors, prevented_growth);
                    if grouped || !reuse {
                        at_low = replay(Force::Probability(e, low), &mut world, &mut other_growth);
                        at_high = replay(Force::Probability(e, high), &mut world, &mut other_growth);
                    } else {
                        // Its parents are untouched by its own likelihood, and what lies downstream
                        // follows from whether it happens: the forced or the prevented world.
                        let step = p.step_of[e].unwrap_or(0);
                        let happens =
                            |q: f64| decisions.step_u[step] < links_odds_probability(p, e, &flags, q);
                        at_low = if happens(low) { forced } else { prevented };
                        at_high = if happens(high) { forced } else { prevented };
                    }
                }
                let effect = forced - prevented;
                let s = &mut sums[k];
                s.effect += effect;
                s.effect_sq += effect * effect;
                s.direct += direct;
                s.direct_sq += direct * direct;
                s.at_low += at_low;
                s.at_high += at_high;
                let row = k * WORLDS * len;
                worlds[row + FORCED * len + t] = forced;
                worlds[row + PREVENTED * len + t] = prevented;
                worlds[row + AT_LOW * len + t] = at_low;
                worlds[row + AT_HIGH * len + t] = at_high;
            }
        }
        ChunkReplay { trials: len, sums, worlds, linked: linked_out }
    }
}

/// The P&L of a world that differs from the plain run's trial in the `changed` events: the base
/// growth with their factors multiplied in (happened now) or divided out (not any more). `None`
/// when a factor to divide out is 0 (a wipe-out): the caller values the world from scratch.
#[allow(clippy::too_many_arguments)]
fn adjusted_pnl(
    changed: &[usize],
    world: &[u8],
    base_growth: &[f64],
    out: &mut [f64],
    factor_start: &[usize],
    factor_slot: &[usize],
    factors: &[f64],
    value: &[f64],
) -> Option<f64> {
    out.copy_from_slice(base_growth);
    for &c in changed {
        for i in factor_start[c]..factor_start[c + 1] {
            if world[c] != 0 {
                out[factor_slot[i]] *= factors[i];
            } else if factors[i] != 0.0 {
                out[factor_slot[i]] /= factors[i];
            } else {
                return None;
            }
        }
    }
    Some(out.iter().zip(value).map(|(g, v)| v * (g - 1.0)).sum())
}

/// The product of the odds of an event's links whose source happened.
pub fn link_odds(p: &Compiled, e: usize, flags: &[u8]) -> f64 {
    p.step_of[e].map_or(1.0, |step| draw::link_odds(p, &p.steps[step], flags))
}

/// The probability of an ungrouped event after its links in this trial, with `q` in place of
/// its own likelihood.
fn links_odds_probability(p: &Compiled, e: usize, flags: &[u8], q: f64) -> f64 {
    p.step_of[e].map_or(q, |step| draw::after_links(p, &p.steps[step], flags, q))
}

/// A held market's growth without event `e`'s factor, when that factor is 0 (a wipe-out) and
/// cannot be divided out: the product of the noise and every other happened event's factor.
#[allow(clippy::too_many_arguments)]
fn without_one(
    p: &Compiled,
    flags: &[u8],
    e: usize,
    slot: usize,
    market: usize,
    noise: &Noise,
    factor_start: &[usize],
    factor_slot: &[usize],
    factors: &[f64],
) -> f64 {
    let mut growth = noise.growth[market];
    for other in (0..p.events).filter(|&o| o != e && flags[o] != 0) {
        for i in factor_start[other]..factor_start[other + 1] {
            if factor_slot[i] == slot {
                growth *= factors[i];
            }
        }
    }
    growth
}

impl Control {
    fn chunks_done(&self, count: u64) {
        self.finished_chunks.fetch_add(count, std::sync::atomic::Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests;
