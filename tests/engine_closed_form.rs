//! The engine against closed forms, at a million trials, each within three standard errors that
//! are worked out for the statistic checked (not guessed).

use georisk::engine::{self, Control, Settings, SimResult};
use georisk::model::Scenario;

mod stats_support;
use stats_support::{pert_mean_of, phi};

const TRIALS: u64 = 1_000_000;
const N: f64 = TRIALS as f64;
/// Standard normal quantiles at 99% and 95%.
const Z99: f64 = 2.326_347_874_040_841;
const Z95: f64 = 1.644_853_626_951_472_2;

fn scenario(text: &str) -> Scenario {
    georisk::io::load_str(text, "test").unwrap_or_else(|e| panic!("{e}"))
}

fn settings(trials: u64, seed: u64) -> Settings {
    Settings { trials, seed, variant: None, loss_threshold: None, noise: true }
}

fn simulate(s: &Scenario, seed: u64) -> SimResult {
    engine::simulate(s, &settings(TRIALS, seed), &Control::new()).expect("simulation runs")
}

#[track_caller]
fn within(what: &str, actual: f64, expected: f64, se: f64) {
    assert!(
        (actual - expected).abs() <= 3.0 * se,
        "{what}: simulated {actual}, closed form {expected}, differs by {:.2} standard errors ({se})",
        (actual - expected).abs() / se
    );
}

fn event<'a>(r: &'a SimResult, id: &str) -> &'a engine::EventStats {
    r.events.iter().find(|e| e.id == id).expect("event in the result")
}

fn proportion_se(p: f64, n: f64) -> f64 {
    (p * (1.0 - p) / n).sqrt()
}

fn density(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * std::f64::consts::PI).sqrt()
}

/// SE of an empirical expected shortfall at tail share `tail`: `[Var(L | tail) + (1 − tail)(ES −
/// VaR)²] / (n · tail)` (the tail mean's own noise plus that of the estimated cut-off).
fn es_se(tail_variance: f64, es: f64, var: f64, tail: f64) -> f64 {
    ((tail_variance + (1.0 - tail) * (es - var).powi(2)) / (N * tail)).sqrt()
}

#[test]
fn background_noise_has_zero_expected_price_change_and_lognormal_var_and_es() {
    let s = scenario(
        r#"Scenario(title: "Noise", horizon_months: 12,
            markets: [Market(id: "m", volatility: 0.2)],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000000.0)]))"#,
    );
    let (v, sigma) = (1_000_000.0, 0.2);
    let r = simulate(&s, 11);
    let p = &r.portfolio.total;
    // The growth is Y = c·exp(σZ) with c = exp(−σ²/2), so E[Y] = 1: E[Y^k] = exp(k(k−1)σ²/2).
    let c = (-sigma * sigma / 2.0f64).exp();
    let moment = |k: f64| (k * (k - 1.0) * sigma * sigma / 2.0).exp();
    let variance = moment(2.0) - 1.0;
    let fourth = moment(4.0) - 4.0 * moment(3.0) + 6.0 * moment(2.0) - 3.0;
    within("mean", p.mean, 0.0, v * variance.sqrt() / N.sqrt());
    within(
        "sd",
        p.sd,
        v * variance.sqrt(),
        v * ((fourth - variance * variance) / N).sqrt() / (2.0 * variance.sqrt()),
    );

    for (level, z, tail) in [(99, Z99, 0.01), (95, Z95, 0.05)] {
        // VaR = V(1 − e^(−σ²T/2 − zσ√T)), the closed form the issue names.
        let var = v * (1.0 - c * (-z * sigma).exp());
        let var_se = proportion_se(tail, N) * v * sigma * c * (-z * sigma).exp() / density(z);
        // E[Y; Z < −z] = Φ(−z − σ) and E[Y²; Z < −z] = e^(σ²) Φ(−z − 2σ).
        let es = v * (1.0 - phi(-z - sigma) / tail);
        let second = v * v * (phi(-z) - 2.0 * phi(-z - sigma) + moment(2.0) * phi(-z - 2.0 * sigma)) / tail;
        let (sim_var, sim_es) = if level == 99 { (p.var99, p.es99) } else { (p.var95, p.es95) };
        within(&format!("VaR{level}"), sim_var, var, var_se);
        within(&format!("ES{level}"), sim_es, es, es_se(second - es * es, es, var, tail));
    }
    // A loss is Y < 1, that is Z < σ/2.
    let prob_loss = phi(sigma / 2.0);
    within("P(loss)", p.prob_loss, prob_loss, proportion_se(prob_loss, N));
    // With no events, the events alone move nothing.
    assert_eq!(r.portfolio.events_only.mean, 0.0);
    assert_eq!(r.portfolio.events_only.es99, 0.0);

    let market = &r.markets[0];
    within("market mean return", market.mean_return, 0.0, variance.sqrt() / N.sqrt());
    for (q, z, sim) in [(0.05, -Z95, market.p05), (0.95, Z95, market.p95)] {
        let expected = c * (z * sigma).exp() - 1.0;
        let se =
            proportion_se(q, market.quantile_samples as f64) * sigma * c * (z * sigma).exp() / density(z);
        // The histogram adds up to one bin (at most `quantile_resolution` in log terms).
        within(
            &format!("market q{q}"),
            sim,
            expected,
            se + market.quantile_resolution * c * (z * sigma).exp() / 3.0,
        );
    }
}

#[test]
fn a_drift_is_the_expected_price_change_per_year_compounded() {
    let s = scenario(
        r#"Scenario(title: "Drift", horizon_months: 24,
            markets: [Market(id: "m", volatility: 0.25, drift: 0.05)],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000.0)]))"#,
    );
    let r = simulate(&s, 4);
    let (sigma, years) = (0.25f64, 2.0);
    let expected = 1.05f64.powf(years) - 1.0;
    let sd = 1.05f64.powf(years) * ((sigma * sigma * years).exp() - 1.0).sqrt();
    within("mean return", r.markets[0].mean_return, expected, sd / N.sqrt());
    within("mean P&L", r.portfolio.total.mean, 1000.0 * expected, 1000.0 * sd / N.sqrt());
}

/// `E[Y1^a Y2^b]` for lognormal growths with zero expected change and correlation `rho` of their
/// log-returns.
fn joint_moment(a: u32, b: u32, s1: f64, s2: f64, rho: f64) -> f64 {
    let (a, b) = (f64::from(a), f64::from(b));
    (-a * s1 * s1 / 2.0 - b * s2 * s2 / 2.0
        + (a * a * s1 * s1 + b * b * s2 * s2 + 2.0 * a * b * rho * s1 * s2) / 2.0)
        .exp()
}

#[test]
fn correlated_markets_give_the_variance_of_the_lognormal_pair() {
    for (rho, seed) in [(0.6, 17u64), (-0.4, 18), (0.0, 19)] {
        let s = scenario(&format!(
            r#"Scenario(title: "Pair",
                markets: [Market(id: "a", volatility: 0.2), Market(id: "b", volatility: 0.3)],
                correlations: [Correlation(between: ("a", "b"), value: {rho})],
                portfolio: Portfolio(holdings: [Holding(market: "a", value: 600.0), Holding(market: "b", value: 400.0)]))"#
        ));
        let (v1, v2, s1, s2): (f64, f64, f64, f64) = (600.0, 400.0, 0.2, 0.3);
        let r = simulate(&s, seed);
        // X = v1·Y1 + v2·Y2 − (v1 + v2); its raw moments by the multinomial expansion.
        let raw = |k: u32| -> f64 {
            let mut total = 0.0;
            for i in 0..=k {
                for j in 0..=k - i {
                    let l = k - i - j;
                    let ways = (1..=k).product::<u32>() as f64
                        / ((1..=i).product::<u32>() * (1..=j).product::<u32>() * (1..=l).product::<u32>())
                            as f64;
                    total += ways
                        * v1.powi(i as i32)
                        * v2.powi(j as i32)
                        * (-(v1 + v2)).powi(l as i32)
                        * joint_moment(i, j, s1, s2, rho);
                }
            }
            total
        };
        let (m1, m2, m3, m4) = (raw(1), raw(2), raw(3), raw(4));
        assert!(m1.abs() < 1e-9, "zero expected change: {m1}");
        let variance = m2;
        let closed = v1 * v1 * ((s1 * s1).exp() - 1.0)
            + v2 * v2 * ((s2 * s2).exp() - 1.0)
            + 2.0 * v1 * v2 * ((rho * s1 * s2).exp() - 1.0);
        assert!((variance - closed).abs() < 1e-6 * closed, "{variance} vs {closed}");
        let fourth_central = m4 - 4.0 * m1 * m3 + 6.0 * m1 * m1 * m2 - 3.0 * m1.powi(4);
        let sd = variance.sqrt();
        let sd_se = ((fourth_central - variance * variance) / N).sqrt() / (2.0 * sd);
        within(&format!("portfolio sd at rho {rho}"), r.portfolio.total.sd, sd, sd_se);
        within(&format!("mean at rho {rho}"), r.portfolio.total.mean, 0.0, sd / N.sqrt());
    }
}

/// One outcome of independent events: its probability and P&L.
struct Atom {
    probability: f64,
    pnl: f64,
    happened: Vec<bool>,
}

fn atoms(probabilities: &[f64], shocks: &[f64], value: f64) -> Vec<Atom> {
    (0..1usize << probabilities.len())
        .map(|mask| {
            let happened: Vec<bool> = (0..probabilities.len()).map(|e| mask & (1 << e) != 0).collect();
            let probability =
                probabilities.iter().zip(&happened).map(|(p, &h)| if h { *p } else { 1.0 - p }).product();
            let growth: f64 =
                shocks.iter().zip(&happened).filter(|(_, h)| **h).map(|(s, _)| 1.0 + s).product();
            Atom { probability, pnl: value * (growth - 1.0), happened }
        })
        .collect()
}

/// VaR and ES of a discrete loss distribution at tail share `tail`, and the loss variance in the
/// tail (the atom at VaR taken in part).
fn discrete_tail(atoms: &[Atom], tail: f64) -> (f64, f64, f64) {
    let mut sorted: Vec<&Atom> = atoms.iter().collect();
    sorted.sort_by(|a, b| a.pnl.total_cmp(&b.pnl));
    let (mut taken, mut sum, mut sum_sq) = (0.0, 0.0, 0.0);
    for a in sorted {
        let part = a.probability.min(tail - taken);
        // Keep the cut-off well away from an atom's edge, or the empirical VaR could be either.
        assert!(part <= 0.0 || (tail - taken - a.probability).abs() > 10.0 * proportion_se(tail, N));
        if part > 0.0 {
            taken += part;
            sum += part * -a.pnl;
            sum_sq += part * a.pnl * a.pnl;
        }
        if taken >= tail {
            let es = sum / tail;
            return (-a.pnl, es, sum_sq / tail - es * es);
        }
    }
    unreachable!("probabilities sum to one")
}

#[test]
fn independent_events_with_fixed_shocks_match_the_exact_discrete_distribution() {
    let s = scenario(
        r#"Scenario(title: "Fixed shocks",
            markets: [Market(id: "m")],
            events: [
                Event(id: "a", likelihood: 0.3, markets: {"m": Fixed(-0.05)}),
                Event(id: "b", likelihood: 0.12, markets: {"m": Fixed(-0.10)}),
                Event(id: "c", likelihood: 0.02, markets: {"m": Fixed(-0.30)}),
            ],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000000.0)]))"#,
    );
    let probabilities = [0.3, 0.12, 0.02];
    let atoms = atoms(&probabilities, &[-0.05, -0.10, -0.30], 1_000_000.0);
    let r = simulate(&s, 5);
    let p = &r.portfolio.total;
    // No noise: the events alone are the whole P&L.
    assert_eq!(p, &r.portfolio.events_only);

    let mean: f64 = atoms.iter().map(|a| a.probability * a.pnl).sum();
    let sd = atoms.iter().map(|a| a.probability * (a.pnl - mean).powi(2)).sum::<f64>().sqrt();
    within("mean", p.mean, mean, sd / N.sqrt());
    let prob_loss: f64 = atoms.iter().filter(|a| a.pnl < 0.0).map(|a| a.probability).sum();
    within("P(loss)", p.prob_loss, prob_loss, proportion_se(prob_loss, N));

    for (tail, sim_var, sim_es) in [(0.01, p.var99, p.es99), (0.05, p.var95, p.es95)] {
        let (var, es, tail_variance) = discrete_tail(&atoms, tail);
        // Far from atom edges the empirical quantile is the atom itself (up to rounding).
        assert!((sim_var - var).abs() <= 1e-9 * var.abs(), "VaR at tail {tail}: {sim_var} vs {var}");
        within(&format!("ES at tail {tail}"), sim_es, es, es_se(tail_variance, es, var, tail));
    }

    for (e, id) in ["a", "b", "c"].iter().enumerate() {
        let sim = event(&r, id);
        within(&format!("P({id})"), sim.probability, probabilities[e], proportion_se(probabilities[e], N));
        for (happens, simulated) in [(true, sim.mean_pnl_if), (false, sim.mean_pnl_if_not)] {
            let given: Vec<&Atom> = atoms.iter().filter(|a| a.happened[e] == happens).collect();
            let p_given: f64 = given.iter().map(|a| a.probability).sum();
            let m: f64 = given.iter().map(|a| a.probability * a.pnl).sum::<f64>() / p_given;
            let v: f64 = given.iter().map(|a| a.probability * (a.pnl - m).powi(2)).sum::<f64>() / p_given;
            within(
                &format!("mean P&L given {id}={happens}"),
                simulated.unwrap(),
                m,
                (v / (N * p_given)).sqrt(),
            );
        }
    }
    // The worst 1% (exactly the worst n/100 trials) all have "c" (2% likely, the worst loss).
    // Among c-trials the worst are a∧b, then b alone, then a alone, then neither: a∧b, b and a
    // alone make 3.6 + 8.4 + 26.4 = 38.4% of the c-trials, under the half the tail takes, so the
    // tail holds every c∧a and every c∧b trial: their counts over m are the shares.
    assert_eq!(event(&r, "c").worst_share, 1.0);
    let m = (N / 100.0).ceil();
    let (p_bc, p_ac) = (0.12 * 0.02, 0.3 * 0.02);
    within("b's share of the worst 1%", event(&r, "b").worst_share, p_bc * N / m, (N * p_bc).sqrt() / m);
    within("a's share of the worst 1%", event(&r, "a").worst_share, p_ac * N / m, (N * p_ac).sqrt() / m);
}

fn q(odds: f64) -> f64 {
    odds / (1.0 + odds)
}

fn odds(p: f64) -> f64 {
    p / (1.0 - p)
}

#[test]
fn links_multiply_the_odds_of_their_target() {
    let s = scenario(
        r#"Scenario(title: "Links",
            events: [
                Event(id: "a", likelihood: 0.3),
                Event(id: "b", likelihood: 0.2),
                Event(id: "x", likelihood: 0.6),
                Event(id: "y", likelihood: 0.4),
                Event(id: "c", likelihood: 0.5),
                Event(id: "sure", likelihood: 1.0),
                Event(id: "never", likelihood: 0.0),
            ],
            links: [
                Link(from: "a", to: "b", odds: 3.0),
                Link(from: "x", to: "c", odds: 0.25),
                Link(from: "a", to: "sure", odds: 0.01),
                Link(from: "a", to: "never", odds: 100.0),
            ],
            groups: [ExclusiveGroup(id: "g", kind: ExactlyOne, events: ["x", "y"])])"#,
    );
    let r = simulate(&s, 3);
    let p_b = 0.3 * q(3.0 * odds(0.2)) + 0.7 * 0.2;
    within("P(b)", event(&r, "b").probability, p_b, proportion_se(p_b, N));
    // A link from a group member works like any other.
    let p_c = 0.6 * q(0.25 * odds(0.5)) + 0.4 * 0.5;
    within("P(c)", event(&r, "c").probability, p_c, proportion_se(p_c, N));
    assert_eq!(event(&r, "sure").probability, 1.0, "odds never move a certainty");
    assert_eq!(event(&r, "never").probability, 0.0, "odds never move an impossibility");
}

#[test]
fn exclusive_groups_draw_one_member_with_its_probability() {
    let s = scenario(
        r#"Scenario(title: "Groups",
            markets: [Market(id: "m")],
            events: [
                Event(id: "x", likelihood: 0.5, markets: {"m": Fixed(-0.1)}),
                Event(id: "y", likelihood: 0.3, markets: {"m": Fixed(-0.2)}),
                Event(id: "z", likelihood: 0.2, markets: {"m": Fixed(-0.3)}),
                Event(id: "u", likelihood: 0.2, markets: {"m": Fixed(0.1)}),
                Event(id: "v", likelihood: 0.3, markets: {"m": Fixed(0.2)}),
            ],
            groups: [
                ExclusiveGroup(id: "one", kind: ExactlyOne, events: ["x", "y", "z"]),
                ExclusiveGroup(id: "at-most-one", kind: AtMostOne, events: ["u", "v"]),
            ],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: 100.0)]))"#,
    );
    let r = simulate(&s, 9);
    for (id, p) in [("x", 0.5), ("y", 0.3), ("z", 0.2), ("u", 0.2), ("v", 0.3)] {
        within(&format!("P({id})"), event(&r, id).probability, p, proportion_se(p, N));
    }
    let exactly_one: f64 = ["x", "y", "z"].iter().map(|id| event(&r, id).probability).sum();
    assert!((exactly_one - 1.0).abs() < 1e-9, "exactly one member every trial, found {exactly_one}");
    // Members exclude each other: given u, v never happened, so P&L given u lacks v's gain.
    let given_u = event(&r, "u").mean_pnl_if.unwrap();
    let expected =
        0.5 * 100.0 * (1.1 * 0.9 - 1.0) + 0.3 * 100.0 * (1.1 * 0.8 - 1.0) + 0.2 * 100.0 * (1.1 * 0.7 - 1.0);
    within("mean P&L given u", given_u, expected, 10.0 / (0.2 * N).sqrt());
}

#[test]
fn ranged_likelihood_has_the_pert_mean_as_marginal() {
    let s = scenario(
        r#"Scenario(title: "Range", events: [Event(id: "r", likelihood: Range(low: 0.1, likely: 0.3, high: 0.7))])"#,
    );
    let r = simulate(&s, 21);
    let mean = (0.1 + 4.0 * 0.3 + 0.7) / 6.0;
    within("P(r)", r.events[0].probability, mean, proportion_se(mean, N));
}

#[test]
fn a_shock_is_the_price_move_it_says() {
    let s = scenario(
        r#"Scenario(title: "Shocks",
            markets: [Market(id: "fixed"), Market(id: "normal"), Market(id: "triangular"), Market(id: "uniform"), Market(id: "both")],
            events: [
                Event(id: "e", likelihood: 1.0, markets: {
                    "fixed": Fixed(-0.5),
                    "normal": Normal(mean: -0.05, sd: 0.1),
                    "triangular": Triangular(low: -0.2, mode: -0.05, high: 0.1),
                    "uniform": Uniform(low: -0.1, high: 0.3),
                    "both": Fixed(-0.2),
                }),
                Event(id: "f", likelihood: 1.0, markets: {"both": Fixed(-0.1)}),
            ],
            portfolio: Portfolio(holdings: [Holding(market: "fixed", value: 1000.0)]))"#,
    );
    let r = simulate(&s, 8);
    let market = |id: &str| r.markets.iter().find(|m| m.id == id).unwrap();
    // −50% halves the price, exactly; −20% then −10% compound to −28%.
    assert_eq!(market("fixed").mean_return, -0.5);
    assert_eq!(r.portfolio.total.mean, -500.0);
    assert!((market("both").mean_return - -0.28).abs() < 1e-12);
    let (a, c, b) = (-0.2f64, -0.05, 0.1);
    let cases = [
        ("normal", -0.05, 0.1f64),
        ("triangular", (a + b + c) / 3.0, ((a * a + b * b + c * c - a * b - a * c - b * c) / 18.0).sqrt()),
        ("uniform", 0.1, 0.4 / 12f64.sqrt()),
    ];
    for (id, mean, sd) in cases {
        within(&format!("{id} mean move"), market(id).mean_return, mean, sd / N.sqrt());
    }
    let normal = market("normal");
    for (q, z, sim) in [(0.05, -Z95, normal.p05), (0.95, Z95, normal.p95)] {
        let expected = -0.05 + 0.1 * z;
        let se = proportion_se(q, normal.quantile_samples as f64) * 0.1 / density(z);
        within(
            &format!("normal q{q}"),
            sim,
            expected,
            se + normal.quantile_resolution * (1.0 + expected) / 3.0,
        );
    }
}

#[test]
fn a_linked_ranged_likelihood_is_averaged_over_its_range_after_its_odds_change() {
    // P(t) = E[q(5 · odds(p))] over p ~ PERT(0.05, 0.2, 0.7), which is not q(5 · odds(E[p])): the
    // odds bend every likelihood in the range, so the engine must average the bent probability
    // (it tables that average by quadrature) rather than bend the mean. Checked here by the
    // midpoint rule.
    let s = scenario(
        r#"Scenario(title: "Linked range",
            events: [
                Event(id: "s", likelihood: 1.0),
                Event(id: "t", likelihood: Range(low: 0.05, likely: 0.2, high: 0.7)),
            ],
            links: [Link(from: "s", to: "t", odds: 5.0)])"#,
    );
    let expected = pert_mean_of(0.05, 0.2, 0.7, |p| q(5.0 * odds(p)));
    let r = simulate(&s, 13);
    within("P(t)", event(&r, "t").probability, expected, proportion_se(expected, N));
}

/// A region's expected severity is the expected sum of the severity levels of the events that hit
/// it: 3·P(a) + 4·P(b), where a link makes b likelier when a happens.
#[test]
fn a_regions_expected_severity_is_the_probability_weighted_sum_of_its_levels() {
    let s = scenario(
        r#"Scenario(title: "Regions", horizon_months: 12,
            regions: [Region(id: "r", name: "Region R"), Region(id: "quiet")],
            events: [
                Event(id: "a", likelihood: 0.3, regions: {"r": Moderate}),
                Event(id: "b", likelihood: 0.4, regions: {"r": Major}),
            ],
            links: [Link(from: "a", to: "b", odds: 3.0)])"#,
    );
    let result = simulate(&s, 7);
    let severity = engine::region_severity(&s, &result);
    assert_eq!(severity.len(), 2);
    let (r, quiet) = (&severity[0], &severity[1]);
    // b happens with 2/3 (odds 0.4/0.6 × 3 = 2) after a, 0.4 without it.
    let (pa, pb) = (0.3, 0.3 * (2.0 / 3.0) + 0.7 * 0.4);
    let expected = 3.0 * pa + 4.0 * pb;
    // Var(3·1a + 4·1b) = 9·pa(1−pa) + 16·pb(1−pb) + 24·(P(a and b) − pa·pb).
    let both = 0.3 * (2.0 / 3.0);
    let variance = 9.0 * pa * (1.0 - pa) + 16.0 * pb * (1.0 - pb) + 24.0 * (both - pa * pb);
    within("expected severity", r.expected, expected, (variance / N).sqrt());
    assert_eq!((r.name.as_str(), r.events), ("Region R", 2));
    let (top, share) = r.top.clone().expect("a largest part");
    assert_eq!(top, "b");
    assert!((share - 4.0 * event(&result, "b").probability / r.expected).abs() < 1e-12);
    assert_eq!((quiet.expected, quiet.events, quiet.top.clone()), (0.0, 0, None));
}
