//! The analysis against exact values: causal impacts of a linked pair, events that must have no
//! impact at all, group members keeping their stated likelihoods with ranges, and uncertainty
//! bands that collapse without ranges, widen with them and match the PERT quantiles they come from.

use georisk::engine::{self, Analysis, Control, Settings};
use georisk::model::Scenario;

mod stats_support;
use stats_support::{pert_mean_of, phi, solve_increasing};

fn scenario(text: &str) -> Scenario {
    georisk::io::load_str(text, "test").unwrap_or_else(|e| panic!("{e}"))
}

fn analyse(s: &Scenario, trials: u64, seed: u64) -> Analysis {
    let settings = Settings { trials, seed, variant: None, loss_threshold: None, noise: true };
    engine::analyse(s, &settings, &Control::new()).expect("analysis runs")
}

#[track_caller]
fn within(what: &str, actual: f64, expected: f64, se: f64) {
    assert!(
        (actual - expected).abs() <= 3.0 * se,
        "{what}: simulated {actual}, exact {expected}, differs by {:.2} standard errors ({se})",
        (actual - expected).abs() / se
    );
}

fn index(a: &Analysis, id: &str) -> usize {
    a.result.events.iter().position(|e| e.id == id).expect("event in the result")
}

fn q(odds: f64) -> f64 {
    odds / (1.0 + odds)
}

fn odds(p: f64) -> f64 {
    p / (1.0 - p)
}

const LINKED: &str = r#"Scenario(title: "Linked pair",
    markets: [Market(id: "m")],
    events: [
        Event(id: "a", likelihood: 0.3, markets: {"m": Fixed(-0.2)}),
        Event(id: "b", likelihood: 0.2, markets: {"m": Fixed(-0.1)}),
        Event(id: "follows", likelihood: 0.4),
        Event(id: "quiet", likelihood: 0.5),
    ],
    links: [
        Link(from: "a", to: "b", odds: 4.0),
        Link(from: "a", to: "follows", odds: 3.0),
    ],
    portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000000.0)]))"#;

#[test]
fn a_linked_pairs_total_and_direct_impacts_are_exact() {
    let s = scenario(LINKED);
    let a = analyse(&s, 1_000_000, 31);
    let v = 1_000_000.0;
    let b_given_a = q(4.0 * odds(0.2));
    // do(a): growth 0.8 × (0.9 if b), b at P(b | a); do(not a): 0.9 if b, b at 0.2.
    let forced = v * (0.8 * (1.0 - 0.1 * b_given_a) - 1.0);
    let prevented = v * ((1.0 - 0.1 * 0.2) - 1.0);
    let impact_a = &a.impacts[index(&a, "a")];
    within("total impact of a", impact_a.total, forced - prevented, impact_a.total_se);
    // Direct: a's own −20% on the world without a, where b happens 20% of the time.
    within("direct impact of a", impact_a.direct, v * (1.0 - 0.1 * 0.2) * -0.2, impact_a.direct_se);
    // b moves its market by −10% on top of a's −20% (30% of the time): its total is its direct.
    let impact_b = &a.impacts[index(&a, "b")];
    let b_exact = v * (1.0 - 0.3 * 0.2) * -0.1;
    within("total impact of b", impact_b.total, b_exact, impact_b.total_se);
    // An event no link leaves from has only its direct effect (equal up to the order of sums).
    assert!((impact_b.total - impact_b.direct).abs() < 1e-9 * impact_b.total.abs(), "{impact_b:?}");
    assert!(impact_a.total_se > 0.0 && impact_b.total_se > 0.0);
    // ES99 forced and prevented are exact here: forced, the loss is 20% or (with b, half the
    // time) 28%, so the worst 1% all lose 280,000; prevented, 0 or (b, 20%) 100,000.
    let close = |x: f64, y: f64| (x - y).abs() < 1e-6 * y;
    assert!(close(impact_a.es99_if_forced, 280_000.0), "{impact_a:?}");
    assert!(close(impact_a.es99_if_prevented, 100_000.0), "{impact_a:?}");
    assert!(close(impact_a.es99, 180_000.0), "{impact_a:?}");
}

/// The linked pair again with a ranged target: forcing the source bends every likelihood in the
/// target's range, so P(b | a) is the average over the range of the bent probability (here by
/// the midpoint rule), and do(not a) leaves b at its PERT mean.
#[test]
fn a_linked_pairs_impact_is_exact_when_the_target_is_ranged() {
    let (low, likely, high) = (0.1, 0.2, 0.4);
    let text = LINKED.replace(
        r#"Event(id: "b", likelihood: 0.2,"#,
        &format!(r#"Event(id: "b", likelihood: Range(low: {low}, likely: {likely}, high: {high}),"#),
    );
    let s = scenario(&text);
    let a = analyse(&s, 1_000_000, 37);
    let b_given_a = pert_mean_of(low, likely, high, |p| q(4.0 * odds(p)));
    let b_mean = (low + 4.0 * likely + high) / 6.0;
    let v = 1_000_000.0;
    let forced = v * (0.8 * (1.0 - 0.1 * b_given_a) - 1.0);
    let prevented = v * ((1.0 - 0.1 * b_mean) - 1.0);
    let impact_a = &a.impacts[index(&a, "a")];
    within("total impact of a", impact_a.total, forced - prevented, impact_a.total_se);
    // The tornado at a's likelihood ends: the mean moves along the line through the impact.
    let t = &a.sensitivity.events[index(&a, "a")];
    let at = |p: f64| prevented + p * (forced - prevented);
    let se = impact_a.total_se + a.result.portfolio.total.mean_se;
    within("mean at a's low likelihood", t.mean_at_low, at(t.low_probability), se);
    within("mean at a's high likelihood", t.mean_at_high, at(t.high_probability), se);
}

#[test]
fn events_that_move_nothing_have_no_impact_at_all() {
    let s = scenario(LINKED);
    let a = analyse(&s, 50_000, 2);
    // "follows" is a link target with no shocks: it co-occurs with a's losses (the old
    // conditional figure blamed it) but causes nothing. "quiet" has no shocks and no links.
    for id in ["follows", "quiet"] {
        let i = &a.impacts[index(&a, id)];
        assert_eq!((i.total, i.direct, i.es99, i.total_se), (0.0, 0.0, 0.0, 0.0), "{id}: {i:?}");
        assert_eq!(i.impact_bin, 0, "{id} sits in the lowest impact column");
        let worst = a.result.events[index(&a, id)].worst_share;
        assert!(id != "follows" || worst > 0.4, "follows does co-occur with the worst futures: {worst}");
    }
    // The event with the largest loss deepens the worst 1%.
    assert!(a.impacts[index(&a, "a")].es99 > 0.0);
}

#[test]
fn group_members_keep_their_stated_likelihoods_with_ranges() {
    let s = scenario(
        r#"Scenario(title: "Ranged groups",
            events: [
                Event(id: "x", likelihood: Range(low: 0.3, likely: 0.5, high: 0.7)),
                Event(id: "y", likelihood: 0.3),
                Event(id: "z", likelihood: Range(low: 0.1, likely: 0.2, high: 0.3)),
                Event(id: "u", likelihood: Range(low: 0.05, likely: 0.15, high: 0.55)),
                Event(id: "v", likelihood: 0.3),
            ],
            groups: [
                ExclusiveGroup(id: "one", kind: ExactlyOne, events: ["x", "y", "z"]),
                ExclusiveGroup(id: "some", kind: AtMostOne, events: ["u", "v"]),
            ])"#,
    );
    let n = 1_000_000.0;
    let r = engine::simulate(
        &s,
        &Settings { trials: n as u64, seed: 5, variant: None, loss_threshold: None, noise: true },
        &Control::new(),
    )
    .expect("runs");
    let u_mean = (0.05 + 4.0 * 0.15 + 0.55) / 6.0;
    for (id, p) in [("x", 0.5), ("y", 0.3), ("z", 0.2), ("u", u_mean), ("v", 0.3)] {
        let e = r.events.iter().find(|e| e.id == id).expect("event");
        within(&format!("P({id})"), e.probability, p, (p * (1.0 - p) / n).sqrt());
    }
    // "None" of the at-most-one group keeps the rest.
    let none = 1.0 - r.events[3].probability - r.events[4].probability;
    let expected_none = 1.0 - u_mean - 0.3;
    within("P(none)", none, expected_none, (expected_none * (1.0 - expected_none) / n).sqrt());
}

const RANGED: &str = r#"Scenario(title: "Ranged",
    markets: [Market(id: "m")],
    events: [Event(id: "e", likelihood: LIKELIHOOD, markets: {"m": Fixed(-0.1)})],
    portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000.0)]))"#;

#[test]
fn bands_collapse_without_ranges_and_widen_with_them() {
    let point = analyse(&scenario(&RANGED.replace("LIKELIHOOD", "0.4")), 20_000, 3);
    let b = &point.bands;
    let p = &point.result.portfolio.total;
    assert_eq!(b.outer_draws, 0);
    for (band, value) in [(b.mean, p.mean), (b.var99, p.var99), (b.es99, p.es99), (b.prob_loss, p.prob_loss)]
    {
        assert_eq!((band.low, band.high), (value, value));
    }
    let width = |likelihood: &str| {
        let a = analyse(&scenario(&RANGED.replace("LIKELIHOOD", likelihood)), 20_000, 3);
        a.bands.mean.high - a.bands.mean.low
    };
    let narrow = width("Range(low: 0.35, likely: 0.4, high: 0.45)");
    let wide = width("Range(low: 0.1, likely: 0.4, high: 0.8)");
    assert!(narrow > 0.0 && wide > 2.0 * narrow, "narrow {narrow}, wide {wide}");
}

/// The PERT(low, likely, high) CDF at `x`, by the trapezoid rule on its Beta density.
fn pert_cdf(low: f64, likely: f64, high: f64, x: f64) -> f64 {
    let alpha = 1.0 + 4.0 * (likely - low) / (high - low);
    let beta = 1.0 + 4.0 * (high - likely) / (high - low);
    let steps = 20_000;
    let density = |t: f64| t.powf(alpha - 1.0) * (1.0 - t).powf(beta - 1.0);
    let (mut below, mut total) = (0.0, 0.0);
    let cut = (x - low) / (high - low);
    for i in 0..steps {
        let t = (i as f64 + 0.5) / steps as f64;
        total += density(t);
        if t < cut {
            below += density(t);
        }
    }
    below / total
}

#[test]
fn the_mean_band_is_the_pert_range_of_the_likelihood_times_the_loss() {
    let (low, likely, high) = (0.1, 0.3, 0.7);
    let text = RANGED.replace("LIKELIHOOD", &format!("Range(low: {low}, likely: {likely}, high: {high})"));
    let a = analyse(&scenario(&text), 200_000, 9);
    // Mean P&L at likelihood p is −100·p: the band's ends, read back as likelihoods, must sit at
    // the PERT's 5% and 95% quantiles — within what 200 outer draws can resolve (a percentile of
    // 200 draws lands within about ±3.5 points of its level at three standard errors).
    let likelihood_at = |mean: f64| -mean / 100.0;
    let (p_low, p_high) = (likelihood_at(a.bands.mean.high), likelihood_at(a.bands.mean.low));
    let (cdf_low, cdf_high) = (pert_cdf(low, likely, high, p_low), pert_cdf(low, likely, high, p_high));
    assert!((cdf_low - 0.05).abs() < 0.035, "band's low likelihood {p_low} is at CDF {cdf_low}");
    assert!((cdf_high - 0.95).abs() < 0.035, "band's high likelihood {p_high} is at CDF {cdf_high}");
    assert!(a.bands.ess_min > 0.3, "one event's range keeps most of the trials: {}", a.bands.ess_min);
}

/// One market with 10% noise, one event that cuts it by 40% with a ranged likelihood: the P&L is
/// a mixture of two lognormals, whose VaR99 and ES99 at each likelihood p have closed forms.
/// Both grow with p, so the band's ends, read back as likelihoods, must sit at the PERT's 5% and
/// 95% quantiles.
#[test]
fn the_var_and_es_bands_are_the_pert_range_of_the_likelihood_through_the_exact_mixture() {
    let (low, likely, high) = (0.004, 0.02, 0.06);
    let (v, sigma, kept) = (1_000_000.0, 0.1, 0.6);
    let text = format!(
        r#"Scenario(title: "Mixture", horizon_months: 12,
            markets: [Market(id: "m", volatility: {sigma})],
            events: [Event(id: "e", likelihood: Range(low: {low}, likely: {likely}, high: {high}),
                markets: {{"m": Fixed(-0.4)}})],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: {v:.1})]))"#
    );
    let a = analyse(&scenario(&text), 400_000, 5);
    // Growth G = exp(μ + σZ), μ = −σ²/2; with the event it is kept·G.
    let mu = -sigma * sigma / 2.0;
    let below = |k: f64| phi(((k.ln()) - mu) / sigma);
    // E[G; G ≤ k] = e^(μ+σ²/2)·Φ((ln k − μ − σ²)/σ) = Φ((ln k − μ − σ²)/σ).
    let partial = |k: f64| phi(((k.ln()) - mu - sigma * sigma) / sigma);
    // P(P&L ≤ x) and E[P&L; P&L ≤ x] at likelihood p, x a P&L (k = 1 + x/V the growth it needs).
    let cdf = |p: f64, x: f64| {
        let k = 1.0 + x / v;
        p * below(k / kept) + (1.0 - p) * below(k)
    };
    let tail_sum = |p: f64, x: f64| {
        let k = 1.0 + x / v;
        p * v * (kept * partial(k / kept) - below(k / kept)) + (1.0 - p) * v * (partial(k) - below(k))
    };
    let var99 = |p: f64| -solve_increasing(|x| cdf(p, x), 0.01, -v + 1e-6, v);
    let es99 = |p: f64| -tail_sum(p, -var99(p)) / 0.01;
    // The checks below can only pass if the figures move with p across the range.
    assert!(var99(high) > 1.3 * var99(low) && es99(high) > 1.3 * es99(low));
    let bands = &a.bands;
    for (name, band, exact) in
        [("VaR99", bands.var99, &var99 as &dyn Fn(f64) -> f64), ("ES99", bands.es99, &es99)]
    {
        let likelihood_at = |figure: f64| solve_increasing(exact, figure, low, high);
        let (p_low, p_high) = (likelihood_at(band.low), likelihood_at(band.high));
        let (cdf_low, cdf_high) = (pert_cdf(low, likely, high, p_low), pert_cdf(low, likely, high, p_high));
        // The 5% percentile of 200 outer draws sits at CDF 0.05 ± 0.015 (one standard error,
        // √(0.05·0.95/200)); the reweighted tail of 400,000 trials adds under ±0.005 (VaR's and
        // ES's ends, from the same draws, agree that closely). Allowed: 0.05, over 3 errors.
        assert!(
            (cdf_low - 0.05).abs() < 0.05,
            "{name} band's low {} is at likelihood {p_low}, CDF {cdf_low}",
            band.low
        );
        assert!(
            (cdf_high - 0.95).abs() < 0.05,
            "{name} band's high {} is at likelihood {p_high}, CDF {cdf_high}",
            band.high
        );
    }
}
