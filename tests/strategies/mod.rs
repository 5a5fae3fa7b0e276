//! Proptest strategies for valid scenarios: random regions, markets and events of every kind,
//! point and range likelihoods, every shock kind, links forming a DAG, exclusive groups whose
//! sums obey their kind, holdings, variants, notes with quotes, unicode and newlines, and now and
//! then a custom risk matrix. Random material is drawn first and resolved into a scenario that
//! obeys every rule of `validate` afterwards, so references always point at existing ids.

#![expect(
    clippy::unwrap_used,
    reason = "the generator builds values that are valid by construction; a refusal is a bug in the generator and must fail loudly"
)]

use georisk::model::{
    Correlation, Date, Event, EventKind, ExclusiveGroup, Finite, GroupKind, Holding, Id, Likelihood, Link,
    Market, MarketKind, NonNegative, Odds, Portfolio, Rating, Region, Resolution, RiskMatrix, Scenario,
    Severity, Shock, ThreePoint, Transition, Variant,
};
use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::collections::{BTreeMap, BTreeSet};

/// Text a user may type into a name or a note: plain words, the characters RON must escape,
/// other scripts and emoji, control characters, or anything at all.
fn text() -> impl Strategy<Value = String> {
    let tricky = prop_oneof![
        Just('"'),
        Just('\\'),
        Just('\n'),
        Just('\r'),
        Just('\t'),
        Just('\0'),
        Just('\u{7f}'),
        Just('\u{200b}'),
        Just('ä'),
        Just('日'),
        Just('🦀'),
        Just(' '),
        Just('/'),
        Just('*'),
        Just('('),
        Just(')'),
        Just('#'),
        Just('a'),
    ];
    prop_oneof![
        4 => "[A-Za-z0-9 ,.'()-]{0,24}",
        3 => proptest::collection::vec(tricky, 0..16).prop_map(String::from_iter),
        1 => any::<String>(),
    ]
}

fn notes() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(text())
}

/// Any probability, the bounds included.
fn probability() -> impl Strategy<Value = f64> {
    prop_oneof![Just(0.0), Just(1.0), 0.0..=1.0f64]
}

/// Any holding value validation accepts: everyday amounts, and up to the ±1e15 bound.
fn holding_value() -> impl Strategy<Value = f64> {
    use georisk::model::validate::MAX_HOLDING;
    prop_oneof![3 => -1e7..1e7f64, 1 => -MAX_HOLDING..=MAX_HOLDING, 1 => Just(MAX_HOLDING), 1 => Just(-MAX_HOLDING)]
}

fn likelihood() -> impl Strategy<Value = Likelihood> {
    prop_oneof![
        probability().prop_map(|p| Likelihood::point(p).unwrap()),
        [probability(), probability(), probability()].prop_map(|mut v| {
            v.sort_by(f64::total_cmp);
            Likelihood::Range(ThreePoint::new(v[0], v[1], v[2]).unwrap())
        }),
    ]
}

/// Any price move a shock may take (−100% to +1,000%): everyday moves, the ends, and tiny and
/// subnormal numbers (which must survive as text).
fn price_move() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{SUBNORMAL, ZERO};
    prop_oneof![3 => -0.5..0.5f64, 1 => SUBNORMAL | ZERO, 1 => -1.0..=10.0f64, 1 => Just(-1.0)]
}

fn shock() -> impl Strategy<Value = Shock> {
    let finite = price_move;
    prop_oneof![
        finite().prop_map(|v| Shock::fixed(v).unwrap()),
        // A normal move puts at most 1% of its draws below −100%: mean − 2.33 sd ≥ −1.
        (-0.5..0.5f64, 0.0..0.2f64).prop_map(|(mean, sd)| Shock::normal(mean, sd).unwrap()),
        [finite(), finite(), finite()].prop_map(|mut v| {
            v.sort_by(f64::total_cmp);
            Shock::triangular(v[0], v[1], v[2]).unwrap()
        }),
        [finite(), finite()].prop_map(|mut v| {
            v.sort_by(f64::total_cmp);
            Shock::uniform(v[0], v[1]).unwrap()
        }),
    ]
}

fn event_kind() -> impl Strategy<Value = EventKind> {
    let parties = || proptest::collection::vec(text(), 0..3);
    prop_oneof![
        (text(), select(Transition::ALL.to_vec()))
            .prop_map(|(country, how)| EventKind::LeadershipChange { country, how }),
        (text(), text(), text()).prop_map(|(from, to, systems)| EventKind::ArmsTransfer {
            from,
            to,
            systems
        }),
        (text(), text(), text()).prop_map(|(from, to, field)| EventKind::TechnologyTransfer {
            from,
            to,
            field
        }),
        (text(), text(), text()).prop_map(|(imposer, target, sector)| EventKind::Sanctions {
            imposer,
            target,
            sector
        }),
        (parties(), text()).prop_map(|(parties, theatre)| EventKind::MilitaryEscalation { parties, theatre }),
        text().prop_map(|country| EventKind::NuclearTest { country }),
        (parties(), text()).prop_map(|(parties, outcome)| EventKind::Summit { parties, outcome }),
        (text(), text()).prop_map(|(attacker, target)| EventKind::Cyber { attacker, target }),
        (text(), text(), text()).prop_map(|(imposer, target, goods)| EventKind::TradeRestriction {
            imposer,
            target,
            goods
        }),
        Just(EventKind::Custom),
    ]
}

/// The random material of one event; its references are resolved once all ids are known.
#[derive(Debug, Clone)]
struct RawEvent {
    name: String,
    kind: EventKind,
    likelihood: Likelihood,
    regions: Vec<(Index, Severity)>,
    markets: Vec<(Index, Shock)>,
    notes: Option<String>,
    criterion: Option<String>,
    /// Happened, dated (on the scenario's `as_of`), and the source.
    resolution: Option<(bool, bool, String)>,
}

/// Any date from 1900 to 2199 (days up to 28, so every month has them).
fn date() -> impl Strategy<Value = Date> {
    (1900..2200u16, 1..=12u8, 1..=28u8).prop_map(|(year, month, day)| Date { year, month, day })
}

fn raw_event() -> impl Strategy<Value = RawEvent> {
    (
        text(),
        event_kind(),
        likelihood(),
        proptest::collection::vec((any::<Index>(), select(Severity::ALL.to_vec())), 0..3),
        proptest::collection::vec((any::<Index>(), shock()), 0..3),
        notes(),
        notes(),
        proptest::option::of((any::<bool>(), any::<bool>(), ("[A-Za-z]{1,4}", text()))),
    )
        .prop_map(|(name, kind, likelihood, regions, markets, notes, criterion, resolution)| RawEvent {
            name,
            kind,
            likelihood,
            regions,
            markets,
            notes,
            criterion,
            resolution: resolution.map(|(happened, dated, (word, rest))| (happened, dated, word + &rest)),
        })
}

#[derive(Debug, Clone)]
struct RawGroup {
    exactly_one: bool,
    weights: Vec<f64>,
    /// How much probability an at-most-one group leaves for "none of them".
    slack: f64,
    name: String,
}

#[derive(Debug, Clone)]
struct RawVariant {
    name: String,
    likelihoods: Vec<(Index, Likelihood)>,
    shocks: Vec<(Index, Index, Shock)>,
    holdings: Vec<(Index, f64)>,
    notes: Option<String>,
}

#[derive(Debug, Clone)]
struct RawMatrix {
    likelihood_jitter: Vec<f64>,
    impact_steps: Vec<f64>,
    labels: Vec<String>,
    ratings: Vec<Rating>,
}

/// Name, kind, region (resolved later), volatility, notes.
type RawMarket = (String, MarketKind, Option<Index>, Option<f64>, Option<String>);

#[derive(Debug, Clone)]
struct Raw {
    prefix: String,
    title: String,
    description: String,
    horizon_months: u32,
    seed: u64,
    regions: Vec<(String, Vec<String>, Option<String>)>,
    markets: Vec<RawMarket>,
    events: Vec<RawEvent>,
    groups: Vec<RawGroup>,
    links: Vec<(Index, Index, f64, Option<String>)>,
    currency: String,
    holdings: Vec<(Index, f64, Option<String>)>,
    portfolio_notes: Option<String>,
    variants: Vec<RawVariant>,
    matrix: Option<RawMatrix>,
    notes: Option<String>,
    as_of: Option<Date>,
}

fn raw_scenario() -> impl Strategy<Value = Raw> {
    let region = ("[A-Za-z ]{0,12}", proptest::collection::vec("[A-Z]{2}", 0..3), notes());
    let market = (
        text(),
        select(MarketKind::ALL.to_vec()),
        proptest::option::of(any::<Index>()),
        proptest::option::of(0.0..2.0f64),
        notes(),
    );
    let group = (any::<bool>(), proptest::collection::vec(0.01..1.0f64, 2..4), 0.0..1.0f64, text())
        .prop_map(|(exactly_one, weights, slack, name)| RawGroup { exactly_one, weights, slack, name });
    let variant = (
        text(),
        proptest::collection::vec((any::<Index>(), likelihood()), 0..3),
        proptest::collection::vec((any::<Index>(), any::<Index>(), shock()), 0..3),
        proptest::collection::vec((any::<Index>(), holding_value()), 0..3),
        notes(),
    )
        .prop_map(|(name, likelihoods, shocks, holdings, notes)| RawVariant {
            name,
            likelihoods,
            shocks,
            holdings,
            notes,
        });
    let matrix = (
        proptest::collection::vec(0.0..0.5f64, 1..10),
        proptest::collection::vec(0.001..0.5f64, 1..10),
        proptest::collection::vec(text(), 20),
        proptest::collection::vec(
            select(vec![Rating::Low, Rating::Medium, Rating::High, Rating::Extreme]),
            100,
        ),
    )
        .prop_map(|(likelihood_jitter, impact_steps, labels, ratings)| RawMatrix {
            likelihood_jitter,
            impact_steps,
            labels,
            ratings,
        });
    (
        ("[a-z0-9][a-z0-9._-]{0,8}", text(), text(), 1..=1200u32, any::<u64>()),
        proptest::collection::vec(region, 0..4),
        proptest::collection::vec(market, 0..5),
        proptest::collection::vec(raw_event(), 0..9),
        proptest::collection::vec(group, 0..3),
        proptest::collection::vec((any::<Index>(), any::<Index>(), 0.01..20.0f64, notes()), 0..8),
        ("[A-Z]{3}", proptest::collection::vec((any::<Index>(), holding_value(), notes()), 0..5), notes()),
        proptest::collection::vec(variant, 0..3),
        proptest::option::weighted(0.2, matrix),
        notes(),
        proptest::option::of(date()),
    )
        .prop_map(
            |(
                (prefix, title, description, horizon_months, seed),
                regions,
                markets,
                events,
                groups,
                links,
                (currency, holdings, portfolio_notes),
                variants,
                matrix,
                notes,
                as_of,
            )| Raw {
                prefix,
                title,
                description,
                horizon_months,
                seed,
                regions,
                markets,
                events,
                groups,
                links,
                currency,
                holdings,
                portfolio_notes,
                variants,
                matrix,
                notes,
                as_of,
            },
        )
}

fn id(prefix: &str, kind: &str, i: usize) -> Id {
    Id::new(format!("{prefix}-{kind}{i}")).unwrap()
}

/// Resolves the random material into a scenario that obeys every rule of `validate`.
fn build(raw: Raw) -> Scenario {
    let p = raw.prefix.as_str();
    let mut s = Scenario::new(format!("T {}", raw.title));
    s.description = raw.description;
    s.horizon_months = raw.horizon_months;
    s.seed = raw.seed;
    s.notes = raw.notes;
    s.as_of = raw.as_of;
    // Outcomes are dated on the forecast's own date: never before it, never past the horizon.
    let outcome_date = raw.as_of.unwrap_or(Date { year: 2024, month: 6, day: 19 });
    s.regions = raw
        .regions
        .into_iter()
        .enumerate()
        .map(|(i, (name, countries, notes))| Region { id: id(p, "r", i), name, countries, notes })
        .collect();
    let region_ids: Vec<Id> = s.regions.iter().map(|r| r.id.clone()).collect();
    let pick = |ids: &[Id], at: &Index| (!ids.is_empty()).then(|| at.get(ids).clone());
    s.markets = raw
        .markets
        .into_iter()
        .enumerate()
        .map(|(i, (name, kind, region, volatility, notes))| Market {
            id: id(p, "m", i),
            name,
            kind,
            region: region.and_then(|at| pick(&region_ids, &at)),
            volatility: volatility.map(|v| NonNegative::new(v).unwrap()),
            // Every other market with a volatility gets a drift, so files with drifts round-trip.
            drift: volatility.filter(|_| i % 2 == 0).map(|v| Finite::new(v / 4.0 - 0.05).unwrap()),
            notes,
        })
        .collect();
    let market_ids: Vec<Id> = s.markets.iter().map(|m| m.id.clone()).collect();
    // One correlated pair (any single pair is a valid correlation matrix).
    if let [first, second, ..] = market_ids.as_slice() {
        let value = s.markets[0].volatility.map_or(0.3, |v| (v.get() - 0.5).clamp(-1.0, 1.0));
        s.correlations.push(Correlation {
            between: (first.clone(), second.clone()),
            value: Finite::new(value).unwrap(),
            notes: None,
        });
    }
    s.events = raw
        .events
        .into_iter()
        .enumerate()
        .map(|(i, e)| Event {
            id: id(p, "e", i),
            name: e.name,
            kind: e.kind,
            likelihood: e.likelihood,
            regions: e.regions.iter().filter_map(|(at, sev)| Some((pick(&region_ids, at)?, *sev))).collect(),
            markets: e
                .markets
                .iter()
                .filter_map(|(at, shock)| Some((pick(&market_ids, at)?, *shock)))
                .collect(),
            notes: e.notes,
            criterion: e.criterion,
            resolution: e.resolution.map(|(happened, dated, source)| Resolution {
                happened,
                when: dated.then_some(outcome_date),
                source,
            }),
        })
        .collect();

    // Groups take events from the end of the list; their likelihoods are set so the sums obey.
    let mut free = s.events.len();
    for (g, group) in raw.groups.into_iter().enumerate() {
        let size = group.weights.len();
        if free < size {
            break;
        }
        free -= size;
        let total: f64 = group.weights.iter().sum();
        let scale = if group.exactly_one { total } else { total + group.slack };
        for (k, w) in group.weights.iter().enumerate() {
            s.events[free + k].likelihood = Likelihood::point(w / scale).unwrap();
        }
        s.groups.push(ExclusiveGroup {
            id: id(p, "g", g),
            name: group.name,
            kind: if group.exactly_one { GroupKind::ExactlyOne } else { GroupKind::AtMostOne },
            events: s.events[free..free + size].iter().map(|e| e.id.clone()).collect(),
            notes: None,
        });
    }
    let grouped = free;
    // A group's outcomes must agree with each other; only ungrouped events carry one.
    for event in &mut s.events[grouped..] {
        event.resolution = None;
    }

    // Links go from an earlier to a later event, never onto a group member: a DAG by construction.
    let mut linked = BTreeSet::new();
    for (a, b, odds, notes) in raw.links {
        if grouped < 2 {
            break;
        }
        let (a, b) = (a.index(grouped), b.index(grouped));
        let (from, to) = (a.min(b), a.max(b));
        if from != to && linked.insert((from, to)) {
            s.links.push(Link {
                from: s.events[from].id.clone(),
                to: s.events[to].id.clone(),
                odds: Odds::new(odds).unwrap(),
                notes,
            });
        }
    }

    s.portfolio = Portfolio { currency: raw.currency, holdings: Vec::new(), notes: raw.portfolio_notes };
    let mut held = BTreeSet::new();
    for (at, value, notes) in raw.holdings {
        if let Some(market) = pick(&market_ids, &at).filter(|m| held.insert(m.clone())) {
            let value = Finite::new(value).unwrap();
            s.portfolio.holdings.push(Holding { market, value, notes });
        }
    }

    let ungrouped: Vec<Id> = s.events[..grouped].iter().map(|e| e.id.clone()).collect();
    let event_ids: Vec<Id> = s.events.iter().map(|e| e.id.clone()).collect();
    s.variants = raw
        .variants
        .into_iter()
        .enumerate()
        .map(|(i, v)| {
            let mut shocks: BTreeMap<Id, BTreeMap<Id, Shock>> = BTreeMap::new();
            for (event, market, shock) in &v.shocks {
                if let (Some(event), Some(market)) = (pick(&event_ids, event), pick(&market_ids, market)) {
                    shocks.entry(event).or_default().insert(market, *shock);
                }
            }
            Variant {
                name: format!("{i}: {}", v.name),
                likelihoods: v
                    .likelihoods
                    .iter()
                    .filter_map(|(at, l)| Some((pick(&ungrouped, at)?, *l)))
                    .collect(),
                shocks,
                holdings: v
                    .holdings
                    .iter()
                    .filter_map(|(at, value)| Some((pick(&market_ids, at)?, Finite::new(*value).unwrap())))
                    .collect(),
                notes: v.notes,
            }
        })
        .collect();

    if let Some(m) = raw.matrix {
        let n = m.likelihood_jitter.len();
        let likelihood_edges: Vec<f64> = m
            .likelihood_jitter
            .iter()
            .enumerate()
            .map(|(k, j)| (k as f64 + 1.0 + j) / (n as f64 + 1.5))
            .collect();
        let impact_edges: Vec<f64> = m
            .impact_steps
            .iter()
            .scan(0.0, |sum, step| Some(*sum + step).inspect(|next| *sum = *next))
            .collect();
        let (rows, columns) = (likelihood_edges.len() + 1, impact_edges.len() + 1);
        s.matrix = RiskMatrix {
            likelihood_labels: m.labels[..rows].to_vec(),
            impact_labels: m.labels[rows..rows + columns].to_vec(),
            ratings: (0..rows).map(|r| m.ratings[r * columns..(r + 1) * columns].to_vec()).collect(),
            likelihood_edges,
            impact_edges,
        };
    }
    s
}

pub fn valid_scenario() -> impl Strategy<Value = Scenario> {
    raw_scenario().prop_map(build)
}
