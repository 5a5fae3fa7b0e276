//! Scores of forecasts: the Brier and log scores and the calibration bins equal hand-computed
//! values, and a scenario's forecasts are the engine's event probabilities.

use georisk::engine::score::{self, BINS, CLAMP};
use georisk::engine::{Control, Settings, simulate};
use georisk::io;

/// Four resolved forecasts: 80% (happened), 30% (did not), 60% (did not), 10% (happened).
const PAIRS: [(f64, bool); 4] = [(0.8, true), (0.3, false), (0.6, false), (0.1, true)];

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn brier_log_reference_and_skill_equal_hand_computed_values() {
    let s = score::score(&PAIRS, 7).unwrap_or_else(|| panic!("four resolved"));
    // (0.2² + 0.3² + 0.6² + 0.9²) / 4 = (0.04 + 0.09 + 0.36 + 0.81) / 4
    assert!(close(s.brier, 0.325), "{}", s.brier);
    // −ln of the probability given to what happened: 0.8, 0.7, 0.4, 0.1.
    assert!(close(s.log, -(0.8f64 * 0.7 * 0.4 * 0.1).ln() / 4.0), "{}", s.log);
    assert!(close(s.reference_brier, 0.25));
    assert!(close(s.reference_log, std::f64::consts::LN_2));
    assert!(close(s.skill, 1.0 - 0.325 / 0.25), "{}", s.skill);
    assert_eq!((s.resolved, s.total), (4, 7));
}

#[test]
fn a_certain_forecast_that_was_wrong_costs_the_clamped_log_score() {
    let s = score::score(&[(1.0, false), (0.0, false)], 2).unwrap_or_else(|| panic!("resolved"));
    assert!(close(s.brier, 0.5));
    // −ln(1e-6) for the certain miss, −ln(1 − 1e-6) for the certain hit; 1 − (1 − 1e-6) is 1e-6
    // only to about ten digits in floating point.
    let expected = (-(CLAMP.ln()) - (1.0 - CLAMP).ln()) / 2.0;
    assert!((s.log - expected).abs() < 1e-8, "{} vs {expected}", s.log);
    assert!(s.log.is_finite());
}

#[test]
fn calibration_bins_count_mean_forecast_and_observed_frequency() {
    let pairs =
        [(0.05, false), (0.08, true), (0.1, false), (0.55, true), (0.95, true), (1.0, true), (0.92, false)];
    let bins = score::calibration(&pairs);
    assert_eq!(bins.len(), BINS);
    let counts: Vec<usize> = bins.iter().map(|b| b.count).collect();
    assert_eq!(counts, [2, 1, 0, 0, 0, 1, 0, 0, 0, 3]);
    assert!(close(bins[0].mean_forecast.unwrap_or(f64::NAN), 0.065));
    assert!(close(bins[0].observed.unwrap_or(f64::NAN), 0.5));
    assert!(close(bins[9].mean_forecast.unwrap_or(f64::NAN), (0.95 + 1.0 + 0.92) / 3.0));
    assert!(close(bins[9].observed.unwrap_or(f64::NAN), 2.0 / 3.0));
    assert_eq!((bins[2].mean_forecast, bins[2].observed), (None, None));
    assert!(close(bins[1].low, 0.1) && close(bins[1].high, 0.2));
}

const NO_LINKS: &str = r#"Scenario(
    title: "Two independent events",
    as_of: "2024-06-19",
    seed: 7,
    events: [
        Event(id: "a", likelihood: 0.3, resolution: Resolution(happened: true, source: "test")),
        Event(id: "b", likelihood: 0.7, resolution: Resolution(happened: false, source: "test")),
        Event(id: "c", likelihood: 0.5),
    ],
)
"#;

#[test]
fn a_scenarios_forecasts_are_the_engines_event_probabilities() {
    let scenario = io::load_str(NO_LINKS, "no-links.ron").unwrap_or_else(|e| panic!("{e}"));
    let settings = Settings { trials: 40_000, ..Settings::for_scenario(&scenario) };
    let result = simulate(&scenario, &settings, &Control::new()).unwrap_or_else(|e| panic!("{e}"));
    let forecasts = score::forecasts(&scenario, &result);
    let ids: Vec<&str> = forecasts.iter().map(|f| f.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"], "only resolved events are scored");
    for (f, stated) in forecasts.iter().zip([0.3, 0.7]) {
        let se = (stated * (1.0 - stated) / 40_000.0f64).sqrt();
        assert!((f.probability - stated).abs() < 4.0 * se, "{}: {} vs {stated}", f.id, f.probability);
        let shown = result.events.iter().find(|e| e.id == f.id).map(|e| e.probability);
        assert_eq!(Some(f.probability), shown, "the Results table's figure");
    }
    assert_eq!(
        score::pairs(&forecasts),
        [(forecasts[0].probability, true), (forecasts[1].probability, false)]
    );
}
