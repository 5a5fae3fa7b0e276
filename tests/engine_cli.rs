//! `georisk run` as a user calls it: the documented JSON shape, the same bytes for any thread
//! count and on every run, readable table and CSV, and the same errors as `validate`.

use std::process::{Command, Output};

const CONTRACT: &str = "tests/fixtures/contract.ron";

fn georisk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_georisk")).args(args).output().expect("georisk starts")
}

fn stdout(output: &Output) -> String {
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn run_json(threads: &str) -> String {
    stdout(&georisk(&[
        "run",
        CONTRACT,
        "--trials",
        "30000",
        "--seed",
        "7",
        "--threads",
        threads,
        "--format",
        "json",
    ]))
}

#[test]
fn json_is_identical_for_one_and_two_threads_and_across_runs() {
    let one = run_json("1");
    assert_eq!(one, run_json("2"));
    assert_eq!(one, run_json("1"));
    assert_ne!(
        one,
        stdout(&georisk(&["run", CONTRACT, "--trials", "30000", "--seed", "8", "--format", "json"]))
    );
}

#[test]
fn json_has_the_documented_shape() {
    let json: serde_json::Value = serde_json::from_str(&run_json("2")).unwrap();
    assert_eq!(json["scenario"], "Shells for satellites");
    assert_eq!(json["trials"], 30000);
    assert_eq!(json["seed"], 7);
    assert!(json["variant"].is_null());
    for key in ["value", "mean", "sd", "var95", "var99", "es95", "es99", "prob_loss"] {
        assert!(json["portfolio"][key].is_number(), "portfolio.{key}");
    }
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["id"], "dprk-shells");
    for key in [
        "probability",
        "probability_se",
        "mean_pnl_if",
        "mean_pnl_if_not",
        "tail_share",
        "likelihood_bin",
        "impact_bin",
    ] {
        assert!(events[0][key].is_number(), "events[0].{key}");
    }
    let markets = json["markets"].as_array().unwrap();
    assert_eq!(markets[1]["id"], "us-defense");
    for key in ["mean_return", "p05", "p95"] {
        assert!(markets[0][key].is_number(), "markets[0].{key}");
    }
}

#[test]
fn defaults_are_100000_trials_and_the_files_seed() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&georisk(&["run", CONTRACT, "--format", "json"]))).unwrap();
    assert_eq!(json["trials"], 100_000);
    assert_eq!(json["seed"], 0);
}

#[test]
fn variant_and_sensitivity_reach_the_output() {
    let out = stdout(&georisk(&[
        "run",
        CONTRACT,
        "--trials",
        "20000",
        "--variant",
        "Escalation",
        "--sensitivity",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["variant"], "Escalation");
    let tornado = json["sensitivity"]["events"].as_array().unwrap();
    assert_eq!(tornado[1]["id"], "ru-satellite-tech");
    // Under the variant the likelihood is the point 0.7, so the tornado spans 0.35..1.0.
    assert_eq!(tornado[1]["low_probability"], 0.35);
    assert_eq!(tornado[1]["high_probability"], 1.0);
}

#[test]
fn loss_threshold_sets_the_chance_of_losing_more() {
    let run = |threshold: &str| -> serde_json::Value {
        let out = stdout(&georisk(&[
            "run",
            CONTRACT,
            "--trials",
            "20000",
            "--format",
            "json",
            "--loss-threshold",
            threshold,
        ]));
        serde_json::from_str(&out).unwrap()
    };
    let zero = run("0");
    assert_eq!(zero["portfolio"]["loss_threshold"], 0.0);
    assert_eq!(zero["portfolio"]["prob_loss_beyond"], zero["portfolio"]["prob_loss"]);
    let huge = run("1e12");
    assert_eq!(huge["portfolio"]["prob_loss_beyond"], 0.0);
    assert_eq!(georisk(&["run", CONTRACT, "--loss-threshold", "-5"]).status.code(), Some(2));
}

#[test]
fn table_and_csv_are_readable() {
    let table = stdout(&georisk(&["run", CONTRACT, "--trials", "20000", "--sensitivity"]));
    assert!(table.contains("Shells for satellites"), "{table}");
    assert!(table.contains("Value at risk 95%"), "{table}");
    assert!(table.contains("ru-satellite-tech"), "{table}");
    assert!(table.contains("Sensitivity"), "{table}");

    let csv = stdout(&georisk(&["run", CONTRACT, "--trials", "20000", "--format", "csv"]));
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("id,name,probability,probability_se,mean_pnl_if"));
    assert!(lines.next().unwrap().starts_with("dprk-shells,DPRK ships artillery shells to Russia,"));
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn bad_files_get_the_same_errors_as_validate() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.ron");
    let text = std::fs::read_to_string(CONTRACT).unwrap().replace("likelihood: 0.85", "likelihood: 1.85");
    std::fs::write(&path, text).unwrap();
    let path = path.to_str().unwrap();
    let run = georisk(&["run", path]);
    let validate = georisk(&["validate", path]);
    assert_eq!(run.status.code(), Some(1));
    let run_err = String::from_utf8(run.stderr).unwrap();
    let validate_err = String::from_utf8(validate.stderr).unwrap();
    assert!(run_err.contains("1.85"), "{run_err}");
    assert!(validate_err.starts_with(&run_err), "run:\n{run_err}\nvalidate:\n{validate_err}");

    let missing = georisk(&["run", "no/such/file.ron"]);
    assert_eq!(missing.status.code(), Some(1));
    let unknown_variant = georisk(&["run", CONTRACT, "--variant", "Peace"]);
    assert_eq!(unknown_variant.status.code(), Some(1));
    assert!(String::from_utf8(unknown_variant.stderr).unwrap().contains("no variant named \"Peace\""));
    assert_eq!(georisk(&["run", CONTRACT, "--trials", "0"]).status.code(), Some(2));
}
