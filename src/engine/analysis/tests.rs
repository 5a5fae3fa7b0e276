//! The analysis's shortcuts against the full replays, and the tornado's range.

use super::*;

/// Links into tabled and untabled events, chains, groups of both kinds whose members set
/// links off, ranges, and a wipe-out (a factor of 0 that cannot be divided out).
const TANGLED: &str = r#"Scenario(title: "Tangled",
    markets: [Market(id: "m1"), Market(id: "m2")],
    events: [
        Event(id: "a", likelihood: Range(low: 0.2, likely: 0.4, high: 0.6), markets: {"m1": Normal(mean: -0.05, sd: 0.02)}),
        Event(id: "b", likelihood: 0.3, markets: {"m1": Fixed(-1.0), "m2": Fixed(0.1)}),
        Event(id: "c", likelihood: Range(low: 0.1, likely: 0.2, high: 0.5), markets: {"m2": Normal(mean: -0.2, sd: 0.05)}),
        Event(id: "x", likelihood: 0.5, markets: {"m1": Fixed(-0.1)}),
        Event(id: "y", likelihood: 0.3, markets: {"m2": Fixed(-0.3)}),
        Event(id: "z", likelihood: 0.2),
        Event(id: "u", likelihood: Range(low: 0.05, likely: 0.15, high: 0.55), markets: {"m1": Fixed(0.05)}),
        Event(id: "v", likelihood: 0.3),
        Event(id: "s1", likelihood: 0.5), Event(id: "s2", likelihood: 0.5), Event(id: "s3", likelihood: 0.5),
        Event(id: "s4", likelihood: 0.5), Event(id: "s5", likelihood: 0.5), Event(id: "s6", likelihood: 0.5),
        Event(id: "s7", likelihood: 0.5), Event(id: "s8", likelihood: 0.5),
        Event(id: "t", likelihood: Range(low: 0.1, likely: 0.3, high: 0.4), markets: {"m1": Fixed(-0.2), "m2": Fixed(-0.1)}),
    ],
    links: [
        Link(from: "a", to: "b", odds: 3.0), Link(from: "b", to: "c", odds: 0.5),
        Link(from: "x", to: "c", odds: 4.0), Link(from: "u", to: "a", odds: 2.0),
        Link(from: "a", to: "t", odds: 2.0), Link(from: "s1", to: "t", odds: 1.5),
        Link(from: "s2", to: "t", odds: 1.5), Link(from: "s3", to: "t", odds: 1.5),
        Link(from: "s4", to: "t", odds: 1.5), Link(from: "s5", to: "t", odds: 0.5),
        Link(from: "s6", to: "t", odds: 0.5), Link(from: "s7", to: "t", odds: 0.5),
        Link(from: "s8", to: "t", odds: 2.5),
    ],
    groups: [
        ExclusiveGroup(id: "one", kind: ExactlyOne, events: ["x", "y", "z"]),
        ExclusiveGroup(id: "some", kind: AtMostOne, events: ["u", "v"]),
    ],
    portfolio: Portfolio(holdings: [Holding(market: "m1", value: 1000.0), Holding(market: "m2", value: -400.0)]))"#;

#[test]
fn the_shortcut_worlds_are_the_very_bits_of_the_full_replays() {
    let mut scenarios: Vec<(&str, Scenario)> = crate::io::BUNDLED
        .iter()
        .map(|(name, text)| (*name, crate::io::parse_str(text).expect("a bundled file parses")))
        .collect();
    scenarios.push(("tangled", crate::io::parse_str(TANGLED).expect("the test scenario parses")));
    for (name, scenario) in &scenarios {
        let settings = Settings { trials: 6_000, seed: 11, variant: None, loss_threshold: None, noise: true };
        let run =
            |reuse| analyse_replaying(scenario, &settings, &Control::new(), |_| {}, reuse).expect("analyses");
        let (shortcut, full) = (run(true), run(false));
        assert!(full.impacts.iter().any(|i| i.total != 0.0), "{name}: some event must matter");
        assert_eq!(shortcut, full, "{name}");
    }
}

#[test]
fn tornado_range_of_a_point_is_half_to_one_and_a_half() {
    assert_eq!(sensitivity_range(Likelihood::point(0.4).unwrap()), (0.2, 0.6000000000000001));
    assert_eq!(sensitivity_range(Likelihood::point(0.9).unwrap()), (0.45, 1.0));
}
