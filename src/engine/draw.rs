//! One trial's random draws and what follows from them, shared by the plain run and the analysis:
//! which events happen (given the trial's uniforms and, for the analysis, an intervention), the
//! markets' background growth, and each event's shock factors.
//!
//! Random numbers come from two kinds of stream, so that forcing or re-weighing one event leaves
//! every other draw where it was — common random numbers:
//! - the chunk's *decision* stream (xoshiro256++), which every trial consumes the same way whatever
//!   happens: one PERT draw per ranged event that links bend (see `compile`), one uniform per group
//!   and per ungrouped event, one standard normal per market with noise;
//! - a *shock* stream per (trial, event) (SplitMix64, seeded by hashing seed, trial and event), so
//!   an event's shocks in a trial are the same whether or not it, or any other event, happened.

use super::compile::{BaseProbability, Compiled, EventStep, bend};
use crate::model::NORMAL_CUT;
use rand::{RngExt, SeedableRng};
use rand_distr::{Distribution, StandardNormal};
use rand_xoshiro::{SplitMix64, Xoshiro256PlusPlus};

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
pub const GOLDEN: u64 = 0x9e37_79b9_7f4a_7c15;

/// The decision stream of chunk `chunk` for `seed`.
pub fn chunk_rng(seed: u64, chunk: u64) -> Xoshiro256PlusPlus {
    Xoshiro256PlusPlus::seed_from_u64(mix64(mix64(seed ^ CHUNK_DOMAIN) ^ chunk.wrapping_mul(GOLDEN)))
}

/// The key from which every (trial, event) shock stream of a run is derived.
pub fn shock_key(seed: u64) -> u64 {
    mix64(seed ^ SHOCK_DOMAIN)
}

/// The shock stream of `event` in the trial whose key is `mix64(shock_key ^ trial)`.
#[inline]
pub fn shock_stream(trial_key: u64, event: usize) -> SplitMix64 {
    SplitMix64::seed_from_u64(mix64(trial_key ^ (event as u64 + 1).wrapping_mul(GOLDEN)))
}

/// An intervention on one event while its trial is replayed.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Force {
    None,
    /// do(e): the event happens (a group member: the group's outcome is this member).
    On(usize),
    /// do(not e): it does not (a group member: the group's outcome is drawn among the rest, in
    /// proportion to their likelihoods).
    Off(usize),
    /// Its likelihood before links is this, instead of its own (the tornado's low and high).
    Probability(usize, f64),
}

/// The decision draws of one trial, kept so the trial can be replayed under interventions.
#[derive(Debug, Clone)]
pub struct Decisions {
    /// Each event's probability before links (drawn for ranged events that links bend).
    pub probability: Vec<f64>,
    /// One uniform per group.
    pub group_u: Vec<f64>,
    /// One uniform per ungrouped event, in `Compiled::steps` order.
    pub step_u: Vec<f64>,
}

impl Decisions {
    pub fn new(program: &Compiled) -> Decisions {
        Decisions {
            // A ranged event not drawn per trial keeps its stated likelihood here (it is tabled).
            probability: program
                .base
                .iter()
                .zip(&program.stated)
                .map(|(b, &stated)| if let BaseProbability::Fixed(p) = b { *p } else { stated })
                .collect(),
            group_u: vec![0.0; program.groups.len()],
            step_u: vec![0.0; program.steps.len()],
        }
    }

    /// Draws the trial's PERT likelihoods and uniforms from the decision stream.
    #[inline]
    pub fn draw(&mut self, program: &Compiled, rng: &mut Xoshiro256PlusPlus) {
        for &e in &program.ranged {
            if let BaseProbability::Pert(pert) = &program.base[e] {
                self.probability[e] = pert.sample(rng);
            }
        }
        for u in &mut self.group_u {
            *u = rng.random();
        }
        for u in &mut self.step_u {
            *u = rng.random();
        }
    }

    /// Which events happen (1) or not (0) under `force`. Always inlined: a call with a constant
    /// `Force::None` (the plain run) then carries no intervention checks.
    #[inline(always)]
    pub fn occurrences(&self, program: &Compiled, force: Force, flags: &mut [u8]) {
        flags.fill(0);
        for (g, group) in program.groups.iter().enumerate() {
            let mut exclude = None;
            let mut replaced = None;
            match force {
                Force::On(e) if program.group_of[e] == Some(g) => {
                    flags[e] = 1;
                    continue;
                }
                Force::Off(e) if program.group_of[e] == Some(g) => exclude = Some(e),
                Force::Probability(e, p) if program.group_of[e] == Some(g) => replaced = Some((e, p)),
                _ => {}
            }
            let probability = |e: usize| match replaced {
                Some((r, p)) if r == e => p,
                _ => self.probability[e],
            };
            if let Some(e) =
                pick_member(&group.members, group.exactly_one, probability, exclude, self.group_u[g])
            {
                flags[e] = 1;
            }
        }
        for (step, &u) in program.steps.iter().zip(&self.step_u) {
            let e = step.event;
            let p = match force {
                Force::Probability(f, p) if f == e => after_links(program, step, flags, p),
                _ => self.step_probability(program, step, flags),
            };
            // Branch-free: whether an event happens is a coin flip the CPU cannot predict.
            flags[e] = u8::from(u < p);
            match force {
                Force::On(f) if f == e => flags[e] = 1,
                Force::Off(f) if f == e => flags[e] = 0,
                _ => {}
            }
        }
    }
}

impl Decisions {
    /// The probability that a step's event happens in this trial given which of its sources
    /// happened (`flags`): read from its table, or its drawn likelihood after its links' odds.
    /// Always inlined: the replays call it for every downstream event of every trial.
    #[inline(always)]
    pub fn step_probability(&self, program: &Compiled, step: &EventStep, flags: &[u8]) -> f64 {
        match step.table {
            Some(start) => {
                let links = &program.incoming[step.links.clone()];
                let pattern = links
                    .iter()
                    .enumerate()
                    .fold(0, |bits, (i, link)| bits | usize::from(flags[link.source]) << i);
                program.link_tables[start + pattern]
            }
            None => after_links(program, step, flags, self.probability[step.event]),
        }
    }
}

/// The product of the odds of a step's links whose source happened (`flags`).
#[inline]
pub fn link_odds(program: &Compiled, step: &EventStep, flags: &[u8]) -> f64 {
    let mut odds = 1.0;
    for link in &program.incoming[step.links.clone()] {
        if flags[link.source] != 0 {
            odds *= link.odds;
        }
    }
    odds
}

/// A step's event's probability `p` with the odds of its happened links multiplied in.
#[inline]
pub fn after_links(program: &Compiled, step: &EventStep, flags: &[u8], p: f64) -> f64 {
    bend(p, link_odds(program, step, flags))
}

/// One categorical draw over a group's members with `u` uniform in [0, 1). At-most-one groups keep
/// "none" as the remaining probability (and normalise if likelihoods sum above one); exactly-one
/// groups normalise their members' probabilities. An `exclude`d member is taken out and the rest
/// (with "none") renormalised: the group conditioned on that member not happening.
pub fn pick_member(
    members: &[usize],
    exactly_one: bool,
    probability: impl Fn(usize) -> f64,
    exclude: Option<usize>,
    u: f64,
) -> Option<usize> {
    let sum: f64 = members.iter().map(|&e| probability(e)).sum();
    let total = if exactly_one { sum } else { sum.max(1.0) };
    let removed = exclude.map_or(0.0, &probability);
    let total = total - removed;
    if total <= 0.0 || sum - removed <= 0.0 {
        return None;
    }
    let target = u * total;
    let mut cumulative = 0.0;
    for &e in members.iter().filter(|&&e| Some(e) != exclude) {
        cumulative += probability(e);
        if target < cumulative {
            return Some(e);
        }
    }
    // Only rounding can bring an exactly-one draw here: give it to the last possible member.
    if exactly_one {
        members.iter().rev().copied().find(|&e| Some(e) != exclude && probability(e) > 0.0)
    } else {
        None
    }
}

/// Each market's background growth factor `e^(mean + sd·x)` (1 without noise), `x` standard
/// normals correlated as the scenario says, drawn from the decision stream.
pub struct Noise {
    /// The normals in the plan's draw order, then (in place) the correlated ones.
    x: Vec<f64>,
    pub growth: Vec<f64>,
}

impl Noise {
    pub fn new(program: &Compiled) -> Noise {
        Noise { x: vec![0.0; program.noise.markets.len()], growth: vec![1.0; program.markets] }
    }

    #[inline]
    pub fn draw(&mut self, program: &Compiled, rng: &mut Xoshiro256PlusPlus) {
        let plan = &program.noise;
        // Cut at ±NORMAL_CUT (a chance of 1e-23), so the background growth is bounded too.
        for x in &mut self.x {
            let z: f64 = StandardNormal.sample(rng);
            *x = z.clamp(-NORMAL_CUT, NORMAL_CUT);
        }
        for block in &plan.blocks {
            let z = &mut self.x[block.start..block.start + block.size];
            // Row i reads z_0..=z_i only, so going from the last row up lets x_i overwrite z_i.
            for i in (0..block.size).rev() {
                let row = &block.factor[i * block.size..i * block.size + i + 1];
                z[i] = row.iter().zip(&z[..=i]).map(|(l, z)| l * z).sum();
            }
        }
        for (((&m, &x), &mean), &sd) in plan.markets.iter().zip(&self.x).zip(&plan.mean).zip(&plan.sd) {
            self.growth[m] = (mean + sd * x).exp();
        }
    }
}

/// Draws an event's shock factors from its stream (normal, then triangular, then uniform — the
/// order the plain run uses) and hands each (market, factor) to `out`, fixed ones included.
#[inline]
pub fn event_factors(program: &Compiled, event: usize, trial_key: u64, mut out: impl FnMut(usize, f64)) {
    for &(m, f) in program.fixed.of(event) {
        out(m, f);
    }
    let has_random = !(program.normal.of(event).is_empty()
        && program.triangular.of(event).is_empty()
        && program.uniform.of(event).is_empty());
    if has_random {
        let mut rng = shock_stream(trial_key, event);
        for (m, d) in program.normal.of(event) {
            out(*m, d.sample(&mut rng));
        }
        for (m, d) in program.triangular.of(event) {
            out(*m, d.sample(&mut rng));
        }
        for (m, d) in program.uniform.of(event) {
            out(*m, d.sample(&mut rng));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn group_draws_cover_members_and_none() {
        let p = [0.2, 0.3, 0.1];
        let prob = |e: usize| p[e];
        let members = [0, 1, 2];
        assert_eq!(pick_member(&members, false, prob, None, 0.1), Some(0));
        assert_eq!(pick_member(&members, false, prob, None, 0.45), Some(1));
        assert_eq!(pick_member(&members, false, prob, None, 0.55), Some(2));
        assert_eq!(pick_member(&members, false, prob, None, 0.7), None);
        // Exactly one: 0.6 of the normalised total 0.6 lands in the last member, never "none".
        assert_eq!(pick_member(&members, true, prob, None, 0.99), Some(2));
        assert_eq!(pick_member(&members, true, |_| 0.0, None, 0.5), None);
    }

    #[test]
    fn excluding_a_member_renormalises_the_rest() {
        let p = [0.5, 0.3, 0.2];
        let prob = |e: usize| p[e];
        // Without member 0, members 1 and 2 split the whole: 0.6 and 0.4.
        assert_eq!(pick_member(&[0, 1, 2], true, prob, Some(0), 0.59), Some(1));
        assert_eq!(pick_member(&[0, 1, 2], true, prob, Some(0), 0.61), Some(2));
        // At most one, 0.2 + 0.3 stated, "none" 0.5: without member 0 (0.2), member 1 has 0.3/0.8.
        let q = [0.2, 0.3];
        assert_eq!(pick_member(&[0, 1], false, |e| q[e], Some(0), 0.37), Some(1));
        assert_eq!(pick_member(&[0, 1], false, |e| q[e], Some(0), 0.38), None);
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
