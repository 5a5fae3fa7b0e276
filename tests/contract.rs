//! The contract of issue 2: the example file, exactly as the issue writes it, loads as written,
//! means what its text says, and survives saving.

use georisk::io;
use georisk::model::{EventKind, Likelihood, MarketKind, RiskMatrix, Scenario, Severity, Shock, validate};
use std::path::Path;

const CONTRACT: &str = include_str!("fixtures/contract.ron");

/// The example as the issue gives it, so that the fixture cannot drift from the contract.
const ISSUE_EXAMPLE: &str = r#"Scenario(
    format: 2,
    title: "Shells for satellites",
    horizon_months: 12,
    regions: [Region(id: "korea", name: "Korean Peninsula", countries: ["KR", "KP"])],
    markets: [
        Market(id: "kospi", name: "KOSPI", kind: EquityIndex, region: "korea", volatility: 0.2),
        Market(id: "us-defense", name: "US defence stocks", kind: Sector),
    ],
    events: [
        Event(
            id: "dprk-shells",
            name: "DPRK ships artillery shells to Russia",
            kind: ArmsTransfer(from: "KP", to: "RU", systems: "152 mm shells"),
            likelihood: 0.85,
            regions: {"korea": Moderate},
            markets: {"kospi": Normal(mean: -0.02, sd: 0.01), "us-defense": Fixed(0.04)},
            notes: "Illustrative numbers.",
        ),
        Event(
            id: "ru-satellite-tech",
            name: "Russia helps the DPRK with satellite launchers",
            kind: TechnologyTransfer(from: "RU", to: "KP", field: "space"),
            likelihood: Range(low: 0.2, likely: 0.35, high: 0.6),
            markets: {"kospi": Triangular(low: -0.08, mode: -0.03, high: 0.0)},
        ),
    ],
    links: [Link(from: "dprk-shells", to: "ru-satellite-tech", odds: 2.5)],
    portfolio: Portfolio(currency: "USD", holdings: [
        Holding(market: "kospi", value: 250000.0),
        Holding(market: "us-defense", value: 100000.0),
    ]),
    variants: [Variant(name: "Escalation", likelihoods: {"ru-satellite-tech": 0.7})],
)
"#;

fn contract() -> Scenario {
    io::load_str(CONTRACT, "contract.ron").unwrap_or_else(|e| panic!("{e}"))
}

fn shock(text: &str) -> Shock {
    io::parse_str(&format!(
        "Scenario(title: \"t\", events: [Event(id: \"e\", likelihood: 0.5, markets: {{\"m\": {text}}})])"
    ))
    .unwrap_or_else(|e| panic!("{}", e.render(text)))
    .events[0]
        .markets["m"]
}

#[test]
fn the_fixture_is_the_issue_example_verbatim() {
    assert_eq!(CONTRACT, ISSUE_EXAMPLE);
}

#[test]
fn the_contract_file_loads_from_disk_and_validates() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/contract.ron");
    let scenario = io::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(validate(&scenario), vec![]);
    assert_eq!(scenario, contract());
}

#[test]
fn the_scenario_fields_are_as_written_and_the_rest_defaults() {
    let s = contract();
    assert_eq!(s.format, 2);
    assert_eq!(s.title, "Shells for satellites");
    assert_eq!(s.horizon_months, 12);
    assert_eq!(s.description, "");
    assert_eq!(s.seed, 0);
    assert!(s.groups.is_empty());
    assert_eq!(s.matrix, RiskMatrix::default());
    assert_eq!(s.notes, None);
}

#[test]
fn the_region_and_markets_are_as_written() {
    let s = contract();
    let [korea] = s.regions.as_slice() else { panic!("one region: {:?}", s.regions) };
    assert_eq!(korea.id.as_str(), "korea");
    assert_eq!(korea.name, "Korean Peninsula");
    assert_eq!(korea.countries, ["KR", "KP"]);

    let [kospi, defense] = s.markets.as_slice() else { panic!("two markets: {:?}", s.markets) };
    assert_eq!((kospi.id.as_str(), kospi.name.as_str()), ("kospi", "KOSPI"));
    assert_eq!(kospi.kind, MarketKind::EquityIndex);
    assert_eq!(kospi.region.as_ref().map(|r| r.as_str()), Some("korea"));
    assert_eq!(kospi.volatility.map(|v| v.get()), Some(0.2));
    assert_eq!((defense.id.as_str(), defense.name.as_str()), ("us-defense", "US defence stocks"));
    assert_eq!(defense.kind, MarketKind::Sector);
    assert_eq!(defense.region, None);
    assert_eq!(defense.volatility, None);
}

#[test]
fn the_events_have_their_kinds_likelihoods_and_impacts() {
    let s = contract();
    let [shells, satellite] = s.events.as_slice() else { panic!("two events: {:?}", s.events) };

    assert_eq!(shells.id.as_str(), "dprk-shells");
    assert_eq!(shells.name, "DPRK ships artillery shells to Russia");
    assert_eq!(
        shells.kind,
        EventKind::ArmsTransfer { from: "KP".into(), to: "RU".into(), systems: "152 mm shells".into() }
    );
    assert_eq!(shells.likelihood, Likelihood::point(0.85).unwrap());
    assert_eq!(shells.regions.len(), 1);
    assert_eq!(shells.regions["korea"], Severity::Moderate);
    assert_eq!(shells.markets.len(), 2);
    assert_eq!(shells.markets["kospi"], Shock::normal(-0.02, 0.01).unwrap());
    assert_eq!(shells.markets["us-defense"], Shock::fixed(0.04).unwrap());
    assert_eq!(shells.notes.as_deref(), Some("Illustrative numbers."));

    assert_eq!(satellite.id.as_str(), "ru-satellite-tech");
    assert_eq!(satellite.name, "Russia helps the DPRK with satellite launchers");
    assert_eq!(
        satellite.kind,
        EventKind::TechnologyTransfer { from: "RU".into(), to: "KP".into(), field: "space".into() }
    );
    let Likelihood::Range(range) = satellite.likelihood else { panic!("{:?}", satellite.likelihood) };
    assert_eq!((range.low().get(), range.likely().get(), range.high().get()), (0.2, 0.35, 0.6));
    assert!(satellite.regions.is_empty());
    assert_eq!(satellite.markets.len(), 1);
    assert_eq!(satellite.markets["kospi"], Shock::triangular(-0.08, -0.03, 0.0).unwrap());
    assert_eq!(satellite.notes, None);
}

#[test]
fn shocks_in_the_file_are_the_distributions_their_names_say() {
    assert_eq!(shock("Fixed(0.04)"), Shock::fixed(0.04).unwrap());
    assert_eq!(shock("Normal(mean: -0.02, sd: 0.01)"), Shock::normal(-0.02, 0.01).unwrap());
    assert_eq!(
        shock("Triangular(low: -0.08, mode: -0.03, high: 0.0)"),
        Shock::triangular(-0.08, -0.03, 0.0).unwrap()
    );
    assert_eq!(shock("Uniform(low: -0.1, high: 0.3)"), Shock::uniform(-0.1, 0.3).unwrap());
    assert_ne!(shock("Fixed(0.04)"), shock("Fixed(0.05)"));
}

#[test]
fn the_link_portfolio_and_variant_are_as_written() {
    let s = contract();
    let [link] = s.links.as_slice() else { panic!("one link: {:?}", s.links) };
    assert_eq!((link.from.as_str(), link.to.as_str()), ("dprk-shells", "ru-satellite-tech"));
    assert_eq!(link.odds.get(), 2.5);

    assert_eq!(s.portfolio.currency, "USD");
    let holdings: Vec<(&str, f64)> =
        s.portfolio.holdings.iter().map(|h| (h.market.as_str(), h.value.get())).collect();
    assert_eq!(holdings, [("kospi", 250_000.0), ("us-defense", 100_000.0)]);

    let [variant] = s.variants.as_slice() else { panic!("one variant: {:?}", s.variants) };
    assert_eq!(variant.name, "Escalation");
    assert_eq!(variant.likelihoods.len(), 1);
    assert_eq!(variant.likelihoods["ru-satellite-tech"], Likelihood::point(0.7).unwrap());
    assert!(variant.shocks.is_empty() && variant.holdings.is_empty());
}

#[test]
fn the_escalation_variant_changes_that_likelihood_and_nothing_else() {
    let base = contract();
    let escalation = base.with_variant("Escalation").expect("the variant exists");
    assert_eq!(escalation.events[1].likelihood, Likelihood::point(0.7).unwrap());
    assert_ne!(escalation.events[1].likelihood, base.events[1].likelihood);

    let mut undone = escalation.clone();
    undone.events[1].likelihood = base.events[1].likelihood;
    assert_eq!(undone, base, "only the overridden likelihood may differ");
    assert_eq!(base.with_variant("No such variant"), None);
}

#[test]
fn the_canonical_form_loads_back_equal_and_saves_to_the_same_bytes() {
    let scenario = contract();
    let canonical = io::to_ron_string(&scenario);
    let reloaded = io::load_str(&canonical, "canonical.ron").unwrap_or_else(|e| panic!("{e}\n{canonical}"));
    assert_eq!(reloaded, scenario);
    assert_eq!(io::to_ron_string(&reloaded), canonical);
}

#[test]
fn saving_to_disk_and_loading_gives_the_same_scenario_and_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contract.ron");
    let scenario = contract();
    io::save_file(&path, &scenario).unwrap();
    let first = std::fs::read_to_string(&path).unwrap();
    let reloaded = io::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(reloaded, scenario);
    io::save_file(&path, &reloaded).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["contract.ron"], "a save leaves no temporary file behind");
}
