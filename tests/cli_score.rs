//! `georisk score`, run as a user runs it: several files at once, table and JSON, the figures
//! checked against values worked out by hand (likelihoods of 0 and 1 make the forecasts exact).

mod cli_support;

use cli_support::georisk;
use std::path::{Path, PathBuf};

/// Two resolved events that both happened, forecast at 100% and 0%, one unresolved; the
/// variant "sure" forecasts both at 100%.
const RESOLVED: &str = r#"Scenario(
    title: "Scored",
    as_of: "2024-06-19",
    events: [
        Event(id: "yes", likelihood: 1.0, resolution: Resolution(happened: true, source: "test")),
        Event(id: "surprise", likelihood: 0.0, resolution: Resolution(happened: true, source: "test")),
        Event(id: "open", likelihood: 0.5),
    ],
    variants: [Variant(name: "sure", likelihoods: {"surprise": 1.0})],
)
"#;

const UNRESOLVED: &str = r#"Scenario(title: "Nothing known yet", events: [Event(id: "a", likelihood: 0.4)])
"#;

fn file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn arg(path: &Path) -> String {
    path.display().to_string()
}

#[test]
fn scores_every_file_and_variant_as_json_with_hand_computed_figures() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let (a, b) = (file(dir.path(), "a.ron", RESOLVED), file(dir.path(), "b.ron", UNRESOLVED));
    let run = georisk(&["score", &arg(&a), &arg(&b), "--format", "json", "--trials", "2000"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let runs: serde_json::Value =
        serde_json::from_str(&run.stdout).unwrap_or_else(|e| panic!("{e}\n{}", run.stdout));
    let runs = runs.as_array().unwrap_or_else(|| panic!("an array"));
    assert_eq!(runs.len(), 3, "a.ron base and variant, b.ron base");
    let number = |v: &serde_json::Value, field: &str| v["scores"][field].as_f64().unwrap_or(f64::NAN);
    // Base: (1 − 1)² and (0 − 1)² → Brier 0.5; reference 0.25; skill 1 − 0.5/0.25 = −1.
    let base = &runs[0];
    assert_eq!(base["variant"], serde_json::Value::Null);
    assert_eq!(number(base, "brier"), 0.5);
    assert_eq!(number(base, "reference_brier"), 0.25);
    assert_eq!(number(base, "skill"), -1.0);
    let log = (-(1.0f64 - 1e-6).ln() - 1e-6f64.ln()) / 2.0;
    assert!((number(base, "log") - log).abs() < 1e-8, "{}", base["scores"]);
    assert_eq!((base["scores"]["resolved"].as_u64(), base["total"].as_u64()), (Some(2), Some(3)));
    // Variant "sure": both at 100% and both happened → Brier 0, skill 1.
    let sure = &runs[1];
    assert_eq!(sure["variant"], "sure");
    assert_eq!((number(sure, "brier"), number(sure, "skill")), (0.0, 1.0));
    // The calibration bins of the base: one forecast at 0% (happened), one at 100% (happened).
    let counts: Vec<u64> =
        base["calibration"].as_array().into_iter().flatten().filter_map(|b| b["count"].as_u64()).collect();
    assert_eq!(counts, [1, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    assert_eq!(runs[2]["scores"], serde_json::Value::Null, "nothing resolved, nothing scored");
}

#[test]
fn the_table_says_which_file_has_nothing_to_score_and_a_broken_file_fails_alone() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = file(dir.path(), "a.ron", RESOLVED);
    let b = file(dir.path(), "b.ron", UNRESOLVED);
    let broken = file(dir.path(), "broken.ron", "Scenario(title: ");
    let run = georisk(&["score", &arg(&a), &arg(&broken), &arg(&b), "--trials", "2000"]);
    assert_eq!(run.code, 1, "a broken file makes the status 1");
    assert!(run.stderr.contains("broken.ron"), "{}", run.stderr);
    let row = |label: &str| run.stdout.lines().find(|l| l.starts_with(label)).map(str::to_owned);
    let base = row(&format!("{} (base)", arg(&a))).unwrap_or_else(|| panic!("{}", run.stdout));
    let fields: Vec<&str> = base.split_whitespace().rev().take(6).collect();
    assert_eq!(fields, ["2/3", "0.6931", "6.9078", "-1.000", "0.2500", "0.5000"], "{base}");
    let sure = row(&format!("{} (sure)", arg(&a))).unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(sure.contains("0.0000") && sure.contains("1.000"), "{sure}");
    let none = row(&format!("{} (base)", arg(&b))).unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(none.contains("no resolved events (0/1)"), "{none}");
    assert!(run.stdout.contains("Reference: every event at 50%"), "{}", run.stdout);
    assert!(run.stdout.contains(&format!("Calibration of {}", arg(&a))), "{}", run.stdout);
    assert!(run.stdout.contains("   0–10%      1           0.0%    100.0%"), "{}", run.stdout);
}
