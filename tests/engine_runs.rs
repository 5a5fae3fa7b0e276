//! What the app relies on when it runs the engine: the same numbers for a seed on any number of
//! threads (the analysis too), cancellation and progress, variants, clear errors, and a tornado
//! that isolates each event's effect.

use georisk::engine::{self, Control, EngineError, Settings, SimResult};
use georisk::model::Scenario;
use std::sync::Arc;

const CONTRACT: &str = include_str!("fixtures/contract.ron");

fn scenario(text: &str) -> Scenario {
    georisk::io::load_str(text, "test").unwrap_or_else(|e| panic!("{e}"))
}

fn settings(trials: u64, seed: u64) -> Settings {
    Settings { trials, seed, variant: None, loss_threshold: None, noise: true }
}

fn on_threads<T: Send>(threads: usize, job: impl FnOnce() -> T + Send) -> T {
    rayon::ThreadPoolBuilder::new().num_threads(threads).build().expect("a thread pool").install(job)
}

fn simulate(s: &Scenario, settings: &Settings) -> SimResult {
    engine::simulate(s, settings, &Control::new()).expect("simulation runs")
}

#[test]
fn a_seed_gives_identical_results_on_any_thread_count_and_every_run() {
    let s = scenario(CONTRACT);
    // Not a multiple of the chunk size, so the last chunk is short.
    let set = settings(3 * engine::CHUNK as u64 + 123, 42);
    let one = on_threads(1, || simulate(&s, &set));
    let two = on_threads(2, || simulate(&s, &set));
    let three = on_threads(3, || simulate(&s, &set));
    assert_eq!(one, two);
    assert_eq!(one, three);
    assert_eq!(one, simulate(&s, &set));
    let other_seed = simulate(&s, &settings(set.trials, 43));
    assert_ne!(one.portfolio.total.mean, other_seed.portfolio.total.mean);
    assert_ne!(one.events[1].probability, other_seed.events[1].probability);
}

#[test]
fn the_analysis_is_identical_on_any_thread_count() {
    let s = scenario(CONTRACT);
    let set = settings(2 * engine::CHUNK as u64 + 77, 9);
    let one = on_threads(1, || engine::analyse(&s, &set, &Control::new()).expect("runs"));
    let two = on_threads(2, || engine::analyse(&s, &set, &Control::new()).expect("runs"));
    let three = on_threads(3, || engine::analyse(&s, &set, &Control::new()).expect("runs"));
    assert_eq!(one, two);
    assert_eq!(one, three);
}

#[test]
fn a_cancelled_run_stops_with_cancelled() {
    let s = scenario(CONTRACT);
    let control = Control::new();
    control.cancel();
    assert_eq!(engine::simulate(&s, &settings(100_000, 0), &control), Err(EngineError::Cancelled));

    // Cancelled from another thread while it runs: it stops early, before all chunks are done.
    let control = Arc::new(Control::new());
    let watcher = {
        let control = Arc::clone(&control);
        std::thread::spawn(move || {
            while control.chunks().0 == 0 {
                std::thread::yield_now();
            }
            control.cancel();
        })
    };
    let outcome = on_threads(1, || engine::simulate(&s, &settings(2_000_000, 0), &control));
    watcher.join().unwrap();
    assert_eq!(outcome, Err(EngineError::Cancelled));
    let (done, total) = control.chunks();
    assert!(done < total, "stopped after {done} of {total} chunks");
}

#[test]
fn progress_counts_every_chunk() {
    let s = scenario(CONTRACT);
    let control = Control::new();
    let trials = 10 * engine::CHUNK as u64 + 1;
    engine::simulate(&s, &settings(trials, 0), &control).unwrap();
    assert_eq!(control.chunks(), (11, 11));
    assert_eq!(control.progress(), 1.0);
}

#[test]
fn a_variant_applies_its_overrides() {
    let s = scenario(CONTRACT);
    let mut set = settings(200_000, 0);
    let base = simulate(&s, &set);
    set.variant = Some("Escalation".to_owned());
    let escalation = simulate(&s, &set);
    assert_eq!(escalation.variant.as_deref(), Some("Escalation"));
    // The variant sets "ru-satellite-tech" to 0.7 before the link from "dprk-shells" (odds 2.5).
    let q = |o: f64| o / (1.0 + o);
    let expected = 0.85 * q(2.5 * 0.7 / 0.3) + 0.15 * 0.7;
    let sat = &escalation.events[1];
    assert!(
        (sat.probability - expected).abs() < 3.0 * sat.probability_se,
        "{} vs {expected}",
        sat.probability
    );
    assert!(escalation.portfolio.total.es99 > base.portfolio.total.es99);
}

#[test]
fn bad_requests_are_errors_not_panics() {
    let s = scenario(CONTRACT);
    let mut set = settings(1000, 0);
    set.variant = Some("Nope".to_owned());
    let err = engine::simulate(&s, &set, &Control::new()).unwrap_err();
    assert_eq!(
        err,
        EngineError::UnknownVariant { name: "Nope".to_owned(), known: vec!["Escalation".to_owned()] }
    );
    assert!(err.to_string().contains("Escalation"));

    assert_eq!(engine::simulate(&s, &settings(0, 0), &Control::new()), Err(EngineError::Trials(0)));

    let mut invalid = s.clone();
    invalid.links[0].to = georisk::model::Id::new("nowhere").unwrap();
    match engine::simulate(&invalid, &settings(1000, 0), &Control::new()) {
        Err(EngineError::Invalid(problems)) => assert!(problems[0].message.contains("nowhere")),
        other => panic!("expected Invalid, got {other:?}"),
    }
}

#[test]
fn results_cover_every_event_and_market_in_file_order() {
    let s = scenario(CONTRACT);
    let r = simulate(&s, &settings(50_000, 0));
    let ids: Vec<&str> = r.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, ["dprk-shells", "ru-satellite-tech"]);
    let markets: Vec<&str> = r.markets.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(markets, ["kospi", "us-defense"]);
    assert_eq!(r.portfolio.value, 350_000.0);
    assert_eq!(r.histogram.counts.iter().sum::<u64>(), 50_000);
    let t = &r.portfolio.total;
    assert_eq!(r.exceedance[0].probability, t.prob_loss);
    assert!(r.exceedance.windows(2).all(|w| w[0].probability >= w[1].probability));
    assert!(t.var99 >= t.var95 && t.es99 >= t.var99);
    assert!(t.es95 >= t.var95);
    // dprk-shells hits Korea "Moderate": the middle column of the default 5×5 matrix.
    assert_eq!(r.events[0].severity_bin, Some(2));
    assert_eq!(r.events[0].likelihood_bin, 4, "0.85 is 'Almost certain' (>= 0.8)");
    assert_eq!(r.events[1].severity_bin, None);
}

#[test]
fn tornado_runs_share_random_numbers_with_the_base_run() {
    // "quiet" moves nothing; with common random numbers its low and high runs reproduce the base
    // run bit for bit, whatever its likelihood does to the draws.
    let s = scenario(
        r#"Scenario(title: "CRN",
            markets: [Market(id: "m", volatility: 0.3)],
            events: [
                Event(id: "quiet", likelihood: Range(low: 0.1, likely: 0.2, high: 0.5)),
                Event(id: "hit", likelihood: 0.3, markets: {"m": Normal(mean: -0.1, sd: 0.05)}),
            ],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000.0)]))"#,
    );
    let set = settings(100_000, 4);
    let analysis = engine::analyse(&s, &set, &Control::new()).unwrap();
    let tornado = &analysis.sensitivity;
    let base = simulate(&s, &set);
    assert_eq!(analysis.result, base, "the analysis reports the plain run it replays");
    assert_eq!(tornado.base_mean, base.portfolio.total.mean);
    assert_eq!(tornado.base_es99, base.portfolio.total.es99);
    let quiet = &tornado.events[0];
    assert_eq!((quiet.low_probability, quiet.high_probability), (0.1, 0.5));
    // The replay values each future again (multiplying in another order), so equal up to rounding.
    let close = |a: f64, b: f64| (a - b).abs() <= 1e-9 * b.abs().max(1.0);
    assert!(
        close(quiet.mean_at_low, base.portfolio.total.mean),
        "{} vs {}",
        quiet.mean_at_low,
        base.portfolio.total.mean
    );
    assert_eq!(quiet.mean_at_low, quiet.mean_at_high, "the quiet event's likelihood changes nothing");
    assert!(close(quiet.es99_at_high, base.portfolio.total.es99));
    let hit = &tornado.events[1];
    assert_eq!((hit.low_probability, hit.high_probability), (0.15, 0.44999999999999996));
    assert!(hit.mean_at_high < hit.mean_at_low && hit.es99_at_high > hit.es99_at_low);
}

#[test]
fn tornado_follows_links() {
    // a → b with odds 4; a itself moves nothing, so its whole effect runs through the link.
    let s = scenario(
        r#"Scenario(title: "Linked tornado",
            markets: [Market(id: "m")],
            events: [
                Event(id: "a", likelihood: 0.4),
                Event(id: "b", likelihood: 0.1, markets: {"m": Fixed(-0.2)}),
            ],
            links: [Link(from: "a", to: "b", odds: 4.0)],
            portfolio: Portfolio(holdings: [Holding(market: "m", value: 1000.0)]))"#,
    );
    let n = 400_000.0;
    let analysis = engine::analyse(&s, &settings(n as u64, 2), &Control::new()).unwrap();
    let tornado = &analysis.sensitivity;
    let loss: f64 = 1000.0 * -0.2;
    let q = |o: f64| o / (1.0 + o);
    let p_b = |p_a: f64| p_a * q(4.0 * 0.1 / 0.9) + (1.0 - p_a) * 0.1;
    let a = &tornado.events[0];
    for (p_a, mean) in [(a.low_probability, a.mean_at_low), (a.high_probability, a.mean_at_high)] {
        let p = p_b(p_a);
        let se = loss.abs() * (p * (1.0 - p) / n).sqrt();
        assert!((mean - p * loss).abs() < 3.0 * se, "P(a) = {p_a}: mean {mean}, expected {}", p * loss);
    }
}

#[test]
fn market_quantiles_use_every_trial_up_to_the_cap_then_an_even_subset() {
    let s = scenario(CONTRACT);
    let cap = engine::QUANTILE_SAMPLES;
    let all = simulate(&s, &settings(cap, 1));
    assert!(all.markets.iter().all(|m| m.quantile_samples == cap));
    // Past the cap every k-th trial (by index) is counted, k = ⌈trials / cap⌉: 2·cap trials give
    // every second one, 2·cap + 1 every third.
    let halved = simulate(&s, &settings(2 * cap, 1));
    assert!(halved.markets.iter().all(|m| m.quantile_samples == cap));
    let thirds = simulate(&s, &settings(2 * cap + 1, 1));
    assert!(thirds.markets.iter().all(|m| m.quantile_samples == (2 * cap + 1).div_ceil(3)));
    // The means still use every trial, so they differ from the first run's.
    assert_ne!(all.markets[0].mean_return, halved.markets[0].mean_return);
}
