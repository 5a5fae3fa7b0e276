//! A scenario compiled once into flat, index-based arrays, so the per-trial loop touches no ids,
//! maps or strings.
//!
//! Exclusive groups are drawn before every other event: validation forbids links into a group
//! member, so a member's probability never depends on another event, while links *from* members
//! work like any other link (their target is drawn later in topological order).

use crate::model::{self, GroupKind, Likelihood, Scenario, Shock};
use rand::Rng;
use rand::RngExt;
use rand::distr::Uniform;
use rand_distr::{Distribution, Normal, Pert};
use std::collections::BTreeMap;

/// How many standard deviations a normal shock or noise is taken to reach when bounding a market's
/// return for its histogram; beyond it lies about 2e-9 of the mass (counted in the end bins).
const NORMAL_REACH: f64 = 6.0;

/// The probability of an event before links: fixed, or drawn per trial from a PERT distribution.
#[derive(Debug, Clone, Copy)]
pub enum BaseProbability {
    Fixed(f64),
    Pert(Pert<f64>),
}

/// A shock ready to sample; degenerate distributions (zero width) become `Fixed`.
#[derive(Debug, Clone, Copy)]
pub enum CompiledShock {
    Fixed(f64),
    Normal(Normal<f64>),
    Triangular(Triangular),
    Uniform(Uniform<f64>),
}

impl CompiledShock {
    fn new(shock: Shock) -> CompiledShock {
        let fixed = CompiledShock::Fixed;
        match shock {
            Shock::Fixed(v) => fixed(v.get()),
            Shock::Normal { mean, sd } if sd.get() == 0.0 => fixed(mean.get()),
            Shock::Normal { mean, sd } => {
                Normal::new(mean.get(), sd.get()).map_or(fixed(mean.get()), CompiledShock::Normal)
            }
            Shock::Triangular { low, mode, high } if low.get() < high.get() => {
                Triangular::new(low.get(), mode.get(), high.get())
                    .map_or(fixed(mode.get()), CompiledShock::Triangular)
            }
            Shock::Triangular { mode, .. } => fixed(mode.get()),
            Shock::Uniform { low, high } if low.get() < high.get() => Uniform::new(low.get(), high.get())
                .map_or(fixed((low.get() + high.get()) / 2.0), CompiledShock::Uniform),
            Shock::Uniform { low, .. } => fixed(low.get()),
        }
    }

    /// Lowest and highest value the shock takes (normal: ±6 sd).
    fn bounds(shock: Shock) -> (f64, f64) {
        match shock {
            Shock::Fixed(v) => (v.get(), v.get()),
            Shock::Normal { mean, sd } => {
                (mean.get() - NORMAL_REACH * sd.get(), mean.get() + NORMAL_REACH * sd.get())
            }
            Shock::Triangular { low, high, .. } | Shock::Uniform { low, high } => (low.get(), high.get()),
        }
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
}

#[derive(Debug, Clone)]
pub struct Compiled {
    pub events: usize,
    pub markets: usize,
    /// 64-bit words per trial in the occurrence bitset.
    pub words: usize,
    pub base: Vec<BaseProbability>,
    /// Events whose ranged likelihood is drawn from its PERT in every trial, in file order.
    pub ranged: Vec<usize>,
    pub groups: Vec<CompiledGroup>,
    /// Events outside any group, in topological order of the links, each with its incoming links.
    pub steps: Vec<EventStep>,
    pub incoming: Vec<IncomingLink>,
    /// Each event's (market, shock) pairs, split by kind so the trial loop samples one kind at a
    /// time: a `match` per shock would be a branch the CPU mispredicts on most shocks.
    pub fixed: Flat<(usize, f64)>,
    pub normal: Flat<(usize, Normal<f64>)>,
    pub triangular: Flat<(usize, Triangular)>,
    pub uniform: Flat<(usize, Uniform<f64>)>,
    /// Standard deviation of each market's background noise over the horizon (0 = none).
    pub noise_sd: Vec<f64>,
    /// Markets with noise, so the loop skips the others.
    pub noisy: Vec<usize>,
    /// Money held in each market (0 when not held).
    pub value: Vec<f64>,
    /// Bounds of each market's log-return, for its fixed-bin histogram.
    pub log_return_bounds: Vec<(f64, f64)>,
}

impl Compiled {
    /// Compiles a scenario that has passed validation (unknown ids are skipped, not trusted).
    pub fn new(scenario: &Scenario) -> Compiled {
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

        let base = scenario.events.iter().map(|e| base_probability(e.likelihood)).collect::<Vec<_>>();

        let groups: Vec<CompiledGroup> = scenario
            .groups
            .iter()
            .map(|g| CompiledGroup {
                members: g.events.iter().filter_map(|id| event_index(id.as_str())).collect(),
                exactly_one: g.kind == GroupKind::ExactlyOne,
            })
            .collect();
        let mut grouped = vec![false; events];
        for member in groups.iter().flat_map(|g| &g.members) {
            grouped[*member] = true;
        }
        let order = model::graph::topological_order(scenario).unwrap_or_else(|_| (0..events).collect());
        let ungrouped_order: Vec<usize> = order.into_iter().filter(|&e| !grouped[e]).collect();

        let mut by_target: Vec<Vec<IncomingLink>> = vec![Vec::new(); events];
        for link in &scenario.links {
            if let (Some(source), Some(target)) =
                (event_index(link.from.as_str()), event_index(link.to.as_str()))
            {
                by_target[target].push(IncomingLink { source, odds: link.odds.get() });
            }
        }
        // A ranged likelihood acts only through its mean (P(u < p) = E[p] for p ~ PERT drawn
        // afresh each trial), unless link odds or a group's normalisation bend it: only those
        // events need the PERT draw. The rest are drawn as Bernoulli(PERT mean), which is the
        // same distribution, exactly, at a fraction of the cost.
        let needs_draw: Vec<bool> = (0..events).map(|e| grouped[e] || !by_target[e].is_empty()).collect();
        let base: Vec<BaseProbability> = base
            .into_iter()
            .zip(&scenario.events)
            .zip(&needs_draw)
            .map(|((b, event), &needs)| match b {
                BaseProbability::Pert(_) if !needs => BaseProbability::Fixed(event.likelihood.mean()),
                other => other,
            })
            .collect();
        let ranged = (0..events).filter(|&e| matches!(base[e], BaseProbability::Pert(_))).collect();
        let (link_start, incoming) = flatten(by_target);
        let steps = ungrouped_order
            .iter()
            .map(|&event| EventStep { event, links: link_start[event]..link_start[event + 1] })
            .collect();

        let horizon_years = f64::from(scenario.horizon_months) / 12.0;
        let noise_sd: Vec<f64> = scenario
            .markets
            .iter()
            .map(|m| m.volatility.map_or(0.0, |v| v.get() * horizon_years.sqrt()))
            .collect();
        let noisy = (0..markets).filter(|&m| noise_sd[m] > 0.0).collect();
        let mut log_return_bounds: Vec<(f64, f64)> =
            noise_sd.iter().map(|sd| (-NORMAL_REACH * sd, NORMAL_REACH * sd)).collect();

        let (mut fixed, mut normal, mut triangular, mut uniform) =
            (Flat::default(), Flat::default(), Flat::default(), Flat::default());
        for event in &scenario.events {
            for (market_id, shock) in &event.markets {
                let Some(market) = market_index(market_id.as_str()) else { continue };
                match CompiledShock::new(*shock) {
                    CompiledShock::Fixed(v) => fixed.items.push((market, v)),
                    CompiledShock::Normal(d) => normal.items.push((market, d)),
                    CompiledShock::Triangular(d) => triangular.items.push((market, d)),
                    CompiledShock::Uniform(d) => uniform.items.push((market, d)),
                }
                let (low, high) = CompiledShock::bounds(*shock);
                let bounds = &mut log_return_bounds[market];
                bounds.0 += low.min(0.0);
                bounds.1 += high.max(0.0);
            }
            fixed.end_list();
            normal.end_list();
            triangular.end_list();
            uniform.end_list();
        }

        let mut value = vec![0.0; markets];
        for holding in &scenario.portfolio.holdings {
            if let Some(market) = market_index(holding.market.as_str()) {
                value[market] += holding.value.get();
            }
        }

        Compiled {
            events,
            markets,
            // At least one word, so the bitset splits into chunks even with no events.
            words: events.div_ceil(64).max(1),
            base,
            ranged,
            groups,
            steps,
            incoming,
            fixed,
            normal,
            triangular,
            uniform,
            noise_sd,
            noisy,
            value,
            log_return_bounds,
        }
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

fn base_probability(likelihood: Likelihood) -> BaseProbability {
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
    fn degenerate_shocks_become_fixed() {
        assert!(matches!(CompiledShock::new(Shock::normal(0.1, 0.0).unwrap()), CompiledShock::Fixed(0.1)));
        assert!(matches!(CompiledShock::new(Shock::uniform(0.2, 0.2).unwrap()), CompiledShock::Fixed(0.2)));
        assert!(matches!(
            CompiledShock::new(Shock::triangular(-0.1, -0.1, -0.1).unwrap()),
            CompiledShock::Fixed(-0.1)
        ));
    }
}
