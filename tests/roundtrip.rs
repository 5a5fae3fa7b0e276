//! Properties of the file format over generated scenarios: any valid scenario validates clean,
//! saves to text that loads back equal, and saves again to the same bytes; and no text at all,
//! however broken, makes loading panic.

#![expect(
    clippy::unwrap_used,
    reason = "the generator builds values that are valid by construction; a refusal is a bug in the generator and must fail loudly"
)]

use georisk::io;
use georisk::model::{
    Event, EventKind, ExclusiveGroup, GroupKind, Holding, Id, Likelihood, Link, Market, MarketKind, Odds,
    Portfolio, Rating, Region, RiskMatrix, Scenario, Severity, Shock, ThreePoint, Transition, Variant,
    validate,
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

/// Any finite number: everyday returns, and the extremes of f64 (which must survive as text).
fn finite() -> impl Strategy<Value = f64> {
    use proptest::num::f64::{NORMAL, SUBNORMAL, ZERO};
    prop_oneof![3 => -0.5..0.5f64, 1 => NORMAL | SUBNORMAL | ZERO]
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

fn shock() -> impl Strategy<Value = Shock> {
    prop_oneof![
        finite().prop_map(|v| Shock::fixed(v).unwrap()),
        (finite(), finite()).prop_map(|(mean, sd)| Shock::normal(mean, sd.abs()).unwrap()),
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
}

fn raw_event() -> impl Strategy<Value = RawEvent> {
    (
        text(),
        event_kind(),
        likelihood(),
        proptest::collection::vec((any::<Index>(), select(Severity::ALL.to_vec())), 0..3),
        proptest::collection::vec((any::<Index>(), shock()), 0..3),
        notes(),
    )
        .prop_map(|(name, kind, likelihood, regions, markets, notes)| RawEvent {
            name,
            kind,
            likelihood,
            regions,
            markets,
            notes,
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
        proptest::collection::vec((any::<Index>(), finite()), 0..3),
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
        ("[A-Z]{3}", proptest::collection::vec((any::<Index>(), finite(), notes()), 0..5), notes()),
        proptest::collection::vec(variant, 0..3),
        proptest::option::weighted(0.2, matrix),
        notes(),
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
            volatility: volatility.map(|v| georisk::model::NonNegative::new(v).unwrap()),
            notes,
        })
        .collect();
    let market_ids: Vec<Id> = s.markets.iter().map(|m| m.id.clone()).collect();
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
            let value = georisk::model::Finite::new(value).unwrap();
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
                    .filter_map(|(at, value)| {
                        Some((pick(&market_ids, at)?, georisk::model::Finite::new(*value).unwrap()))
                    })
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

fn valid_scenario() -> impl Strategy<Value = Scenario> {
    raw_scenario().prop_map(build)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn a_generated_scenario_is_valid_and_round_trips_byte_identically(scenario in valid_scenario()) {
        let problems = validate(&scenario);
        prop_assert!(problems.is_empty(), "generated scenario has problems: {problems:?}");
        let saved = io::to_ron_string(&scenario);
        let loaded = match io::load_str(&saved, "generated.ron") {
            Ok(loaded) => loaded,
            Err(e) => return Err(TestCaseError::fail(format!("{e}\n--- text ---\n{saved}"))),
        };
        prop_assert_eq!(&loaded, &scenario);
        prop_assert_eq!(io::to_ron_string(&loaded), saved);
    }
}

/// The property above is only as strong as the generator: check that it reaches every feature.
#[test]
fn the_generator_reaches_every_feature_of_the_format() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRunner};
    let mut runner = TestRunner::new(Config::default());
    let strategy = valid_scenario();
    let mut seen = BTreeSet::new();
    for _ in 0..300 {
        let s = strategy.new_tree(&mut runner).unwrap().current();
        let mut see = |feature: &'static str, present: bool| {
            if present {
                seen.insert(feature);
            }
        };
        let events = &s.events;
        see("range likelihood", events.iter().any(|e| matches!(e.likelihood, Likelihood::Range(_))));
        for kind in ["Fixed", "Normal", "Triangular", "Uniform"] {
            see(kind, events.iter().flat_map(|e| e.markets.values()).any(|shock| shock.kind_name() == kind));
        }
        see("region impact", events.iter().any(|e| !e.regions.is_empty()));
        see("link", !s.links.is_empty());
        see("exactly-one group", s.groups.iter().any(|g| g.kind == GroupKind::ExactlyOne));
        see("at-most-one group", s.groups.iter().any(|g| g.kind == GroupKind::AtMostOne));
        see("holding", !s.portfolio.holdings.is_empty());
        see("variant likelihood", s.variants.iter().any(|v| !v.likelihoods.is_empty()));
        see("variant shock", s.variants.iter().any(|v| !v.shocks.is_empty()));
        see("variant holding", s.variants.iter().any(|v| !v.holdings.is_empty()));
        see("custom matrix", s.matrix != RiskMatrix::default());
        see("market region", s.markets.iter().any(|m| m.region.is_some()));
        let texts: Vec<&str> = events.iter().map(|e| e.name.as_str()).chain(s.notes.as_deref()).collect();
        see("quote in text", texts.iter().any(|t| t.contains('"')));
        see("newline in text", texts.iter().any(|t| t.contains('\n')));
        see("non-ASCII text", texts.iter().any(|t| !t.is_ascii()));
        see("leadership change", events.iter().any(|e| matches!(e.kind, EventKind::LeadershipChange { .. })));
        see("custom kind", events.iter().any(|e| e.kind == EventKind::Custom));
    }
    let all = [
        "range likelihood",
        "Fixed",
        "Normal",
        "Triangular",
        "Uniform",
        "region impact",
        "link",
        "exactly-one group",
        "at-most-one group",
        "holding",
        "variant likelihood",
        "variant shock",
        "variant holding",
        "custom matrix",
        "market region",
        "quote in text",
        "newline in text",
        "non-ASCII text",
        "leadership change",
        "custom kind",
    ];
    let missing: Vec<&str> = all.into_iter().filter(|f| !seen.contains(f)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

/// Loads text as `georisk validate` does, rendering every error as it would be printed.
fn load_and_render(text: &str) {
    if let Err(error) = io::load_str(text, "fuzz.ron") {
        assert!(!error.diagnostics.is_empty());
        let _ = error.to_string();
    }
    if let Err(diagnostic) = io::parse_str(text) {
        let _ = diagnostic.render("fuzz.ron");
    }
}

const BASE: &str = include_str!("corpus/valid/base.ron");
const CONTRACT: &str = include_str!("fixtures/contract.ron");

/// Pieces of RON that, spliced anywhere, make the parser take unusual paths.
fn ron_token() -> impl Strategy<Value = String> {
    select(vec![
        "(",
        ")",
        "[",
        "]",
        "{",
        "}",
        ",",
        ":",
        "\"",
        "\\",
        "//",
        "/*",
        "*/",
        "r#\"",
        "\"#",
        "NaN",
        "inf",
        "-inf",
        "1e400",
        "-0",
        "0x1F",
        "Some(",
        "None",
        "true",
        "()",
        "b\"x\"",
        "'c'",
        "#![enable(unwrap_newtypes)]",
        "format: 2,",
        "format: 0,",
        "\u{0}",
        "é",
        "🦀",
        "\n",
        "Range(",
        "Fixed(",
        "id: \"x\"",
        "99999999999999999999999",
        "[[[[[[[[[[",
        "((((((((((",
    ])
    .prop_map(str::to_owned)
}

#[test]
fn every_truncation_of_a_valid_file_is_an_error_with_a_position_never_a_panic() {
    for text in [BASE, CONTRACT] {
        let closing_bracket = text.trim_end().len() - 1;
        for (cut, _) in text.char_indices().take_while(|&(cut, _)| cut <= closing_bracket) {
            let truncated = &text[..cut];
            load_and_render(truncated);
            let error = io::parse_str(truncated).expect_err("a truncated file must not load");
            assert!(
                error.line.is_some() || truncated.trim().is_empty(),
                "no position for a cut at byte {cut}: {}",
                error.message
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(500))]

    #[test]
    fn loading_arbitrary_text_never_panics(text in any::<String>()) {
        load_and_render(&text);
    }

    #[test]
    fn loading_a_valid_file_with_flipped_bytes_never_panics(
        flips in proptest::collection::vec((any::<Index>(), any::<u8>()), 1..8),
        contract in any::<bool>(),
    ) {
        let mut bytes = if contract { CONTRACT } else { BASE }.as_bytes().to_vec();
        for (at, byte) in flips {
            let i = at.index(bytes.len());
            bytes[i] = byte;
        }
        load_and_render(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn loading_a_valid_file_with_spliced_tokens_never_panics(
        edits in proptest::collection::vec((any::<Index>(), 0..4usize, ron_token()), 1..6),
    ) {
        let mut text = BASE.to_owned();
        for (at, delete, token) in edits {
            let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let start = at.get(&boundaries).to_owned();
            let end = boundaries.iter().copied().find(|&b| b >= start + delete).unwrap_or(text.len());
            text.replace_range(start..end, &token);
        }
        load_and_render(&text);
    }

    #[test]
    fn loading_a_mutated_generated_scenario_never_panics(
        scenario in valid_scenario(),
        cut in any::<Index>(),
        token in ron_token(),
    ) {
        let mut text = io::to_ron_string(&scenario);
        let boundaries: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        let at = cut.get(&boundaries).to_owned();
        text.insert_str(at, &token);
        load_and_render(&text);
        load_and_render(&text[..at]);
    }
}
