//! A scenario compiled once into flat, index-based arrays, so the per-trial loop touches no ids,
//! maps or strings.
//!
//! Exclusive groups are drawn before every other event: validation forbids links into a group
//! member, so a member's probability never depends on another event, while links *from* members
//! work like any other link (their target is drawn later in topological order).

use crate::model::{self, GroupKind, Likelihood, Scenario, Shock, correlation};
use rand::Rng;
use rand::RngExt;
use rand::distr::Uniform;
use rand_distr::{Distribution, Normal, Pert};
use std::collections::BTreeMap;

/// How many standard deviations a normal shock or noise is taken to reach when bounding a market's
/// growth for its histogram; beyond it lies about 2e-9 of the mass (counted in the end bins).
const NORMAL_REACH: f64 = 6.0;

/// The probability of an event before links: fixed, or drawn per trial from a PERT distribution.
#[derive(Debug, Clone, Copy)]
pub enum BaseProbability {
    Fixed(f64),
    Pert(Pert<f64>),
}

/// A shock ready to sample as a *growth factor*, `1 + price move`; degenerate distributions
/// (zero width) become `Fixed`. Normal factors are floored at 0 when drawn (a price cannot go
/// below zero).
#[derive(Debug, Clone, Copy)]
pub enum CompiledShock {
    Fixed(f64),
    Normal(Normal<f64>),
    Triangular(Triangular),
    Uniform(Uniform<f64>),
}

impl CompiledShock {
    fn new(shock: Shock) -> CompiledShock {
        let fixed = |move_: f64| CompiledShock::Fixed(1.0 + move_);
        match shock {
            Shock::Fixed(v) => fixed(v.get()),
            Shock::Normal { mean, sd } if sd.get() == 0.0 => fixed(mean.get()),
            Shock::Normal { mean, sd } => {
                Normal::new(1.0 + mean.get(), sd.get()).map_or(fixed(mean.get()), CompiledShock::Normal)
            }
            Shock::Triangular { low, mode, high } if low.get() < high.get() => {
                Triangular::new(1.0 + low.get(), 1.0 + mode.get(), 1.0 + high.get())
                    .map_or(fixed(mode.get()), CompiledShock::Triangular)
            }
            Shock::Triangular { mode, .. } => fixed(mode.get()),
            Shock::Uniform { low, high } if low.get() < high.get() => {
                Uniform::new(1.0 + low.get(), 1.0 + high.get())
                    .map_or(fixed((low.get() + high.get()) / 2.0), CompiledShock::Uniform)
            }
            Shock::Uniform { low, .. } => fixed(low.get()),
        }
    }

    /// Lowest and highest growth factor the shock gives (normal: ±6 sd, floored at 0).
    fn bounds(shock: Shock) -> (f64, f64) {
        let (low, high) = match shock {
            Shock::Fixed(v) => (v.get(), v.get()),
            Shock::Normal { mean, sd } => {
                (mean.get() - NORMAL_REACH * sd.get(), mean.get() + NORMAL_REACH * sd.get())
            }
            Shock::Triangular { low, high, .. } | Shock::Uniform { low, high } => (low.get(), high.get()),
        };
        ((1.0 + low).max(0.0), (1.0 + high).max(0.0))
    }
}

/// A normal growth factor floored at zero: a normal price move below −100% is a wipe-out.
#[derive(Debug, Clone, Copy)]
pub struct FlooredNormal {
    pub normal: Normal<f64>,
    /// Mean + `NORMAL_CUT` standard deviations: where draws are cut, so the growth a file's
    /// moves can compound to is bounded (see `model::validate::MAX_COMPOUND`).
    pub cut: f64,
}

impl FlooredNormal {
    pub fn new(normal: Normal<f64>) -> FlooredNormal {
        FlooredNormal { normal, cut: normal.mean() + crate::model::NORMAL_CUT * normal.std_dev() }
    }
}

impl Distribution<f64> for FlooredNormal {
    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        self.normal.sample(rng).clamp(0.0, self.cut)
    }
}

/// A triangular distribution sampled by the min–max method (Stein & Keblis, 2009): with `U`, `V`
/// uniform on [0, 1) and `c = (mode − low) / (high − low)`, `(1 − c)·min(U, V) + c·max(U, V)` is
/// exactly Triangular(0, c, 1). Two cheap uniforms instead of rand_distr's square root and a branch
/// on which side of the mode the draw fell, a branch the CPU cannot predict.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Triangular {
    low: f64,
    /// `(high − low)·(1 − c)`, the weight of the smaller uniform.
    min_weight: f64,
    /// `(high − low)·c`, the weight of the larger uniform.
    max_weight: f64,
}

impl Triangular {
    /// `None` unless `low ≤ mode ≤ high` with `low < high`, all finite.
    pub fn new(low: f64, mode: f64, high: f64) -> Option<Triangular> {
        let finite = low.is_finite() && mode.is_finite() && high.is_finite();
        if !(finite && low <= mode && mode <= high && low < high) {
            return None;
        }
        let width = high - low;
        let c = (mode - low) / width;
        Some(Triangular { low, min_weight: width * (1.0 - c), max_weight: width * c })
    }
}

impl Distribution<f64> for Triangular {
    #[inline]
    fn sample<R: Rng + ?Sized>(&self, rng: &mut R) -> f64 {
        let u: f64 = rng.random();
        let v: f64 = rng.random();
        self.low + self.min_weight * u.min(v) + self.max_weight * u.max(v)
    }
}

/// One exclusive group: its members (event indices) and whether "none" is an outcome.
#[derive(Debug, Clone)]
pub struct CompiledGroup {
    pub members: Vec<usize>,
    pub exactly_one: bool,
}

/// An incoming link of an event: when `source` happened, the odds are multiplied by `odds`.
#[derive(Debug, Clone, Copy)]
pub struct IncomingLink {
    pub source: usize,
    pub odds: f64,
}

/// One ungrouped event's draw: the event and the range of its links in `Compiled::incoming`.
#[derive(Debug, Clone)]
pub struct EventStep {
    pub event: usize,
    pub links: std::ops::Range<usize>,
    /// Where its table starts in `Compiled::link_tables`, if it has one (1 to `TABLE_LINKS`
    /// links).
    pub table: Option<usize>,
}

/// The most links an event may have for its probabilities to be tabled (2^8 entries).
pub const TABLE_LINKS: usize = 8;

/// How a trial draws its markets' background noise: one standard normal per noisy market, in
/// `markets` order, which puts each correlated block's markets next to each other so that its
/// Cholesky factor multiplies a contiguous run of normals.
#[derive(Debug, Clone, Default)]
pub struct NoisePlan {
    /// Noisy markets in the order their normals are drawn: the blocks' markets, then the rest.
    pub markets: Vec<usize>,
    /// Mean and standard deviation of each market's background log-growth over the horizon,
    /// `T·ln(1 + drift) − σ²T/2` and `σ√T` (so its expected growth is `(1 + drift)^T`), in
    /// the same order.
    pub mean: Vec<f64>,
    pub sd: Vec<f64>,
    pub blocks: Vec<NoiseBlock>,
}

/// Correlated background noise of the markets at `start..start + size` of the draw order:
/// `x_i = Σ_{j ≤ i} L_ij z_j`, `L` the Cholesky factor (row-major) of their correlation matrix.
#[derive(Debug, Clone)]
pub struct NoiseBlock {
    pub start: usize,
    pub size: usize,
    pub factor: Vec<f64>,
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub events: usize,
    pub markets: usize,
    /// 64-bit words per trial in the occurrence bitset.
    pub words: usize,
    pub base: Vec<BaseProbability>,
    /// Each event's stated likelihood (a range's PERT mean): its probability before links.
    pub stated: Vec<f64>,
    /// Events whose ranged likelihood is drawn from its PERT in every trial, in file order: those
    /// that links bend and that have too many links for a table.
    pub ranged: Vec<usize>,
    /// Every ungrouped event with a ranged likelihood and incoming links (tabled or drawn).
    pub bent_ranged: Vec<usize>,
    /// Per step with a table (`EventStep::table`), the probability that its event happens for
    /// each pattern of its links' sources (bit i: the source of its i-th link happened).
    pub link_tables: Vec<f64>,
    pub groups: Vec<CompiledGroup>,
    /// The group of each event, if it is in one.
    pub group_of: Vec<Option<usize>>,
    /// Events outside any group, in topological order of the links, each with its incoming links.
    pub steps: Vec<EventStep>,
    /// The position in `steps` of each ungrouped event.
    pub step_of: Vec<Option<usize>>,
    pub incoming: Vec<IncomingLink>,
    /// Whether each event is the source of a link.
    pub has_outgoing: Vec<bool>,
    /// Each event's (market, growth factor) pairs, split by kind so the trial loop samples one
    /// kind at a time: a `match` per shock would be a branch the CPU mispredicts on most shocks.
    pub fixed: Flat<(usize, f64)>,
    pub normal: Flat<(usize, FlooredNormal)>,
    pub triangular: Flat<(usize, Triangular)>,
    pub uniform: Flat<(usize, Uniform<f64>)>,
    /// The markets with noise and how their normals are drawn and correlated.
    pub noise: NoisePlan,
    /// Money held in each market (0 when not held).
    pub value: Vec<f64>,
    /// Markets held (value ≠ 0).
    pub held: Vec<usize>,
    /// Bounds of each market's growth factor, for its fixed-bin histogram.
    pub growth_bounds: Vec<(f64, f64)>,
}

/// The smallest growth factor a histogram resolves; a market falling further (a wipe-out) is
/// counted in its lowest bin.
pub const GROWTH_FLOOR: f64 = 1.0 / 1_048_576.0;

impl Compiled {
    /// Compiles a scenario that has passed validation (unknown ids are skipped, not trusted).
    pub fn new(scenario: &Scenario, noise: bool) -> Compiled {
        let events = scenario.events.len();
        let markets = scenario.markets.len();
        // Maps, not scans: a large file must not make compiling quadratic. First occurrence wins,
        // as in `Scenario::event_index` (validation rejects duplicates anyway).
        let markets_by_id: BTreeMap<&str, usize> =
            scenario.markets.iter().enumerate().rev().map(|(i, m)| (m.id.as_str(), i)).collect();
        let events_by_id: BTreeMap<&str, usize> =
            scenario.events.iter().enumerate().rev().map(|(i, e)| (e.id.as_str(), i)).collect();
        let market_index = |id: &str| markets_by_id.get(id).copied();
        let event_index = |id: &str| events_by_id.get(id).copied();

        let groups: Vec<CompiledGroup> = scenario
            .groups
            .iter()
            .map(|g| CompiledGroup {
                members: g.events.iter().filter_map(|id| event_index(id.as_str())).collect(),
                exactly_one: g.kind == GroupKind::ExactlyOne,
            })
            .collect();
        let mut group_of = vec![None; events];
        for (g, group) in groups.iter().enumerate() {
            for &member in &group.members {
                group_of[member] = Some(g);
            }
        }
        let order = model::graph::topological_order(scenario).unwrap_or_else(|_| (0..events).collect());
        let ungrouped_order: Vec<usize> = order.into_iter().filter(|&e| group_of[e].is_none()).collect();

        let mut by_target: Vec<Vec<IncomingLink>> = vec![Vec::new(); events];
        let mut has_outgoing = vec![false; events];
        for link in &scenario.links {
            if let (Some(source), Some(target)) =
                (event_index(link.from.as_str()), event_index(link.to.as_str()))
            {
                by_target[target].push(IncomingLink { source, odds: link.odds.get() });
                has_outgoing[source] = true;
            }
        }
        // A ranged likelihood acts only through its mean (P(u < p) = E[p] for p ~ PERT drawn
        // afresh each trial), unless link odds bend it: only those events need the PERT draw.
        // Group members are drawn at their stated means too, so each keeps its stated
        // likelihood exactly (the uncertainty bands vary them together, keeping the group
        // consistent).
        // Those with few links get a table instead: the chance that the event happens given which
        // of its sources did, averaged over its PERT once here rather than drawn in every trial.
        let stated: Vec<f64> = scenario.events.iter().map(|e| e.likelihood.mean()).collect();
        let bent = |e: usize| group_of[e].is_none() && !by_target[e].is_empty();
        let base: Vec<BaseProbability> = (0..events)
            .map(|e| {
                if bent(e) {
                    base_probability(scenario.events[e].likelihood)
                } else {
                    BaseProbability::Fixed(stated[e])
                }
            })
            .collect();
        let bent_ranged: Vec<usize> =
            (0..events).filter(|&e| matches!(base[e], BaseProbability::Pert(_))).collect();
        let ranged = bent_ranged.iter().copied().filter(|&e| by_target[e].len() > TABLE_LINKS).collect();
        let (link_start, incoming) = flatten(by_target);
        let mut step_of = vec![None; events];
        let mut link_tables = Vec::new();
        let steps = ungrouped_order
            .iter()
            .enumerate()
            .map(|(position, &event)| {
                step_of[event] = Some(position);
                let links = &incoming[link_start[event]..link_start[event + 1]];
                let table = (!links.is_empty() && links.len() <= TABLE_LINKS).then(|| {
                    let start = link_tables.len();
                    link_tables.extend((0..1usize << links.len()).map(|mask| {
                        let odds = links
                            .iter()
                            .enumerate()
                            .filter(|(i, _)| mask >> i & 1 == 1)
                            .fold(1.0, |odds, (_, link)| odds * link.odds);
                        probability_after_odds(scenario.events[event].likelihood, odds)
                    }));
                    start
                });
                EventStep { event, links: link_start[event]..link_start[event + 1], table }
            })
            .collect();

        let horizon_years = f64::from(scenario.horizon_months) / 12.0;
        let noise_sd: Vec<f64> = scenario
            .markets
            .iter()
            .map(|m| if noise { m.volatility.map_or(0.0, |v| v.get() * horizon_years.sqrt()) } else { 0.0 })
            .collect();
        let noise_mean: Vec<f64> = scenario
            .markets
            .iter()
            .zip(&noise_sd)
            .map(|(m, sd)| {
                let drift = if noise { m.drift.map_or(0.0, |d| d.get()) } else { 0.0 };
                horizon_years * drift.ln_1p() - sd * sd / 2.0
            })
            .collect();
        // With noise off, markets with a volatility still draw their normal (at zero weight), so
        // the decision stream, and every event draw, stays that of the run with noise on.
        let noisy: Vec<usize> =
            (0..markets).filter(|&m| scenario.markets[m].volatility.is_some_and(|v| v.get() > 0.0)).collect();
        let mut noise_plan = NoisePlan::default();
        for block in correlation::blocks(scenario) {
            let keep: Vec<usize> = (0..block.size()).filter(|&i| noise_sd[block.markets[i]] > 0.0).collect();
            if keep.len() < 2 {
                continue;
            }
            let k = keep.len();
            let k_all = block.size();
            let sub: Vec<f64> = keep
                .iter()
                .flat_map(|&i| keep.iter().map(move |&j| (i, j)))
                .map(|(i, j)| block.matrix[i * k_all + j])
                .collect();
            noise_plan.blocks.push(NoiseBlock {
                start: noise_plan.markets.len(),
                size: k,
                factor: correlation::cholesky(&sub, k),
            });
            noise_plan.markets.extend(keep.iter().map(|&i| block.markets[i]));
        }
        let mut in_block = vec![false; markets];
        noise_plan.markets.iter().for_each(|&m| in_block[m] = true);
        noise_plan.markets.extend(noisy.iter().copied().filter(|&m| !in_block[m]));
        noise_plan.mean = noise_plan.markets.iter().map(|&m| noise_mean[m]).collect();
        noise_plan.sd = noise_plan.markets.iter().map(|&m| noise_sd[m]).collect();
        let mut growth_bounds: Vec<(f64, f64)> = noise_mean
            .iter()
            .zip(&noise_sd)
            .map(|(mean, sd)| ((mean - NORMAL_REACH * sd).exp(), (mean + NORMAL_REACH * sd).exp()))
            .collect();

        let (mut fixed, mut normal, mut triangular, mut uniform) =
            (Flat::default(), Flat::default(), Flat::default(), Flat::default());
        for event in &scenario.events {
            for (market_id, shock) in &event.markets {
                let Some(market) = market_index(market_id.as_str()) else { continue };
                match CompiledShock::new(*shock) {
                    CompiledShock::Fixed(v) => fixed.items.push((market, v)),
                    CompiledShock::Normal(d) => normal.items.push((market, FlooredNormal::new(d))),
                    CompiledShock::Triangular(d) => triangular.items.push((market, d)),
                    CompiledShock::Uniform(d) => uniform.items.push((market, d)),
                }
                let (low, high) = CompiledShock::bounds(*shock);
                let bounds = &mut growth_bounds[market];
                bounds.0 *= low.min(1.0);
                bounds.1 *= high.max(1.0);
            }
            fixed.end_list();
            normal.end_list();
            triangular.end_list();
            uniform.end_list();
        }
        for bounds in &mut growth_bounds {
            bounds.0 = bounds.0.max(GROWTH_FLOOR);
            bounds.1 = bounds.1.max(bounds.0);
        }

        let mut value = vec![0.0; markets];
        for holding in &scenario.portfolio.holdings {
            if let Some(market) = market_index(holding.market.as_str()) {
                value[market] += holding.value.get();
            }
        }
        let held = (0..markets).filter(|&m| value[m] != 0.0).collect();

        Compiled {
            events,
            markets,
            // At least one word, so the bitset splits into chunks even with no events.
            words: events.div_ceil(64).max(1),
            base,
            stated,
            ranged,
            bent_ranged,
            link_tables,
            groups,
            group_of,
            steps,
            step_of,
            incoming,
            has_outgoing,
            fixed,
            normal,
            triangular,
            uniform,
            noise: noise_plan,
            value,
            held,
            growth_bounds,
        }
    }

    /// Whether an event's probability is bent by anything in a trial (an incoming link): if
    /// not, its marginal probability is exactly its stated likelihood.
    pub fn is_bent(&self, event: usize) -> bool {
        self.step_of[event].is_some_and(|step| !self.steps[step].links.is_empty())
    }

    /// The markets an event shocks, in the order `draw::event_factors` hands out its factors
    /// (fixed, then normal, triangular and uniform shocks), without drawing any.
    pub fn shocked_markets(&self, event: usize) -> impl Iterator<Item = usize> + '_ {
        let fixed = self.fixed.of(event).iter().map(|&(m, _)| m);
        let normal = self.normal.of(event).iter().map(|&(m, _)| m);
        let triangular = self.triangular.of(event).iter().map(|&(m, _)| m);
        let uniform = self.uniform.of(event).iter().map(|&(m, _)| m);
        fixed.chain(normal).chain(triangular).chain(uniform)
    }

    /// Whether forcing an event on or off changes nothing but its own shocks: it is the source of
    /// no link and in no group.
    pub fn acts_alone(&self, event: usize) -> bool {
        !self.has_outgoing[event] && self.group_of[event].is_none()
    }
}

/// Lists of items, one list per event, in one allocation: list `e` is `items[start[e]..start[e + 1]]`.
#[derive(Debug, Clone)]
pub struct Flat<T> {
    start: Vec<usize>,
    items: Vec<T>,
}

impl<T> Default for Flat<T> {
    fn default() -> Self {
        Flat { start: vec![0], items: Vec::new() }
    }
}

impl<T> Flat<T> {
    fn end_list(&mut self) {
        self.start.push(self.items.len());
    }

    pub fn of(&self, event: usize) -> &[T] {
        &self.items[self.start[event]..self.start[event + 1]]
    }
}

pub fn base_probability(likelihood: Likelihood) -> BaseProbability {
    match likelihood {
        Likelihood::Point(p) => BaseProbability::Fixed(p.get()),
        Likelihood::Range(r) => {
            let (low, likely, high) = (r.low().get(), r.likely().get(), r.high().get());
            if low < high {
                Pert::new(low, high)
                    .with_mode(likely)
                    .map_or(BaseProbability::Fixed(r.pert_mean()), BaseProbability::Pert)
            } else {
                BaseProbability::Fixed(likely)
            }
        }
    }
}

fn flatten<T>(lists: Vec<Vec<T>>) -> (Vec<usize>, Vec<T>) {
    let mut start = Vec::with_capacity(lists.len() + 1);
    let mut flat = Vec::new();
    start.push(0);
    for list in lists {
        flat.extend(list);
        start.push(flat.len());
    }
    (start, flat)
}

/// The chance that an event happens once its odds are multiplied by `odds`: with a range, the
/// average over its PERT of the probability after the odds (what drawing the likelihood afresh in
/// each trial gives).
pub fn probability_after_odds(likelihood: Likelihood, odds: f64) -> f64 {
    let after = |p: f64| bend(p, odds);
    match likelihood {
        Likelihood::Range(r) if r.low().get() < r.high().get() && odds != 1.0 => {
            pert_expectation(r.low().get(), r.likely().get(), r.high().get(), after)
        }
        _ => after(likelihood.mean()),
    }
}

/// `E[f(p)]` for `p ~ PERT(low, likely, high)` (a Beta with shape 4 on [low, high]), by tanh-sinh
/// quadrature, which stays accurate to about 1e-14 although the density's ends are not smooth.
pub fn pert_expectation(low: f64, likely: f64, high: f64, f: impl Fn(f64) -> f64) -> f64 {
    let width = high - low;
    let alpha = 1.0 + 4.0 * (likely - low) / width;
    let beta = 1.0 + 4.0 * (high - likely) / width;
    // Nodes x(t) = (1 + tanh(π/2·sinh t))/2 for t in [−4, 4], step 1/64: beyond that the
    // weights are below 1e-35.
    let (mut weighted, mut total) = (0.0, 0.0);
    for k in -256..=256 {
        let t = f64::from(k) / 64.0;
        let u = std::f64::consts::FRAC_PI_2 * t.sinh();
        // x and 1 − x, each without cancellation.
        let (x, rest) = (1.0 / (1.0 + (-2.0 * u).exp()), 1.0 / (1.0 + (2.0 * u).exp()));
        let slope = std::f64::consts::FRAC_PI_2 * t.cosh() / (2.0 * u.cosh().powi(2));
        let weight = x.powf(alpha - 1.0) * rest.powf(beta - 1.0) * slope;
        if weight > 0.0 && weight.is_finite() {
            weighted += weight * f(low + width * x);
            total += weight;
        }
    }
    weighted / total
}

/// `p` with its odds multiplied by `odds`: exactly `p` at odds 1, and odds that a long product
/// of links took to 0 or infinity kept positive and finite.
#[inline]
pub fn bend(p: f64, odds: f64) -> f64 {
    if odds == 1.0 { p } else { multiply_odds(p, odds.clamp(f64::MIN_POSITIVE, f64::MAX)) }
}

/// The probability of an event whose base probability is `p` after multiplying its odds by
/// `odds`: `q(odds · p / (1 − p))` with `q(o) = o / (1 + o)`, rewritten so that `p = 0` and
/// `p = 1` stay exactly 0 and 1 and nothing divides by zero (`odds > 0`).
#[inline]
pub fn multiply_odds(p: f64, odds: f64) -> f64 {
    let scaled = odds * p;
    scaled / (1.0 - p + scaled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pert_expectations_match_the_beta_mean_and_variance() {
        for (low, likely, high) in [(0.1, 0.3, 0.7), (0.0, 0.0, 0.2), (0.05, 0.9, 1.0), (0.2, 0.5, 0.8)] {
            let width: f64 = high - low;
            let (alpha, beta) = (1.0 + 4.0 * (likely - low) / width, 1.0 + 4.0 * (high - likely) / width);
            let mean = (low + 4.0 * likely + high) / 6.0;
            let variance = width * width * alpha * beta / ((alpha + beta).powi(2) * (alpha + beta + 1.0));
            let e1 = pert_expectation(low, likely, high, |p| p);
            let e2 = pert_expectation(low, likely, high, |p| (p - mean).powi(2));
            assert!((e1 - mean).abs() < 1e-13, "mean of PERT({low}, {likely}, {high}): {e1} against {mean}");
            assert!((e2 - variance).abs() < 1e-13, "variance: {e2} against {variance}");
        }
    }

    #[test]
    fn multiplying_odds_matches_the_odds_formula_and_keeps_certainties() {
        let q = |o: f64| o / (1.0 + o);
        for (p, k) in [(0.3, 2.5), (0.05, 10.0), (0.9, 0.2)] {
            let expected = q(k * p / (1.0 - p));
            assert!((multiply_odds(p, k) - expected).abs() < 1e-15, "p={p} k={k}");
        }
        assert_eq!(multiply_odds(0.0, 1e300), 0.0);
        assert_eq!(multiply_odds(1.0, 1e-300), 1.0);
        assert_eq!(multiply_odds(0.4, 1.0), 0.4);
    }

    #[test]
    fn min_max_triangular_matches_the_triangular_cdf() {
        use rand::SeedableRng;
        let (low, mode, high) = (-0.3, 0.1, 0.2);
        let triangular = Triangular::new(low, mode, high).unwrap();
        let cdf = |x: f64| {
            if x <= mode {
                (x - low).powi(2) / ((high - low) * (mode - low))
            } else {
                1.0 - (high - x).powi(2) / ((high - low) * (high - mode))
            }
        };
        let mut rng = rand_xoshiro::SplitMix64::seed_from_u64(7);
        let n = 200_000;
        let draws: Vec<f64> = (0..n).map(|_| triangular.sample(&mut rng)).collect();
        assert!(draws.iter().all(|&x| (low..=high).contains(&x)));
        for x in [-0.25, -0.1, 0.0, 0.1, 0.15] {
            let share = draws.iter().filter(|&&d| d <= x).count() as f64 / n as f64;
            let p = cdf(x);
            let se = (p * (1.0 - p) / n as f64).sqrt();
            assert!((share - p).abs() < 4.0 * se, "P(X <= {x}) = {share}, expected {p}");
        }
    }

    #[test]
    fn degenerate_shocks_become_fixed_growth_factors() {
        assert!(matches!(CompiledShock::new(Shock::normal(0.1, 0.0).unwrap()), CompiledShock::Fixed(1.1)));
        assert!(matches!(
            CompiledShock::new(Shock::uniform(0.25, 0.25).unwrap()),
            CompiledShock::Fixed(1.25)
        ));
        assert!(matches!(
            CompiledShock::new(Shock::triangular(-0.5, -0.5, -0.5).unwrap()),
            CompiledShock::Fixed(0.5)
        ));
    }
}
