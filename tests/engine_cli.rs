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
    assert_eq!(json["noise"], true);
    assert!(json["variant"].is_null());
    let portfolio = &json["portfolio"];
    for key in ["value", "gross_value", "loss_threshold"] {
        assert!(portfolio[key].is_number(), "portfolio.{key}");
    }
    for key in ["mean", "var95", "var99", "es95", "es99", "prob_loss", "prob_loss_beyond"] {
        let figure = &portfolio["total"][key];
        assert!(figure["value"].is_number(), "portfolio.total.{key}.value");
        let band = &figure["band"];
        assert!(band["low"].is_number() && band["high"].is_number(), "portfolio.total.{key}.band");
        assert!(band["low"].as_f64() <= band["high"].as_f64(), "portfolio.total.{key}.band is ordered");
        assert!(portfolio["events_only"][key]["value"].is_number(), "portfolio.events_only.{key}");
    }
    assert!(portfolio["total"]["mean"]["se"].is_number());
    for key in ["outer_draws", "ranged_events", "ess_min", "ess_median"] {
        assert!(json["bands"][key].is_number(), "bands.{key}");
    }
    let events = json["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    assert_eq!(events[0]["id"], "dprk-shells");
    for key in ["stated", "probability", "probability_se", "mean_pnl_if", "mean_pnl_if_not", "worst_share"] {
        assert!(events[0][key].is_number(), "events[0].{key}");
    }
    for key in [
        "total",
        "total_se",
        "direct",
        "direct_se",
        "es99",
        "es99_if_forced",
        "es99_if_prevented",
        "loss_share",
    ] {
        assert!(events[0]["impact"][key].is_number(), "events[0].impact.{key}");
    }
    for key in ["likelihood_bin", "impact_bin"] {
        assert!(events[0]["cell"][key].is_number(), "events[0].cell.{key}");
    }
    assert!(events[0]["cell"]["rating"].is_string());
    for key in
        ["low_probability", "high_probability", "mean_at_low", "mean_at_high", "es99_at_low", "es99_at_high"]
    {
        assert!(events[0]["tornado"][key].is_number(), "events[0].tornado.{key}");
    }
    let markets = json["markets"].as_array().unwrap();
    assert_eq!(markets[1]["id"], "us-defense");
    for key in ["mean_return", "p05", "p95"] {
        assert!(markets[0][key].is_number(), "markets[0].{key}");
    }
    let exceedance = json["exceedance"].as_array().unwrap();
    assert!(exceedance[0]["band"]["low"].is_number());
}

#[test]
fn noise_off_gives_the_events_alone() {
    let run = |noise: &str| -> serde_json::Value {
        let out =
            stdout(&georisk(&["run", CONTRACT, "--trials", "20000", "--format", "json", "--noise", noise]));
        serde_json::from_str(&out).unwrap()
    };
    let (on, off) = (run("on"), run("off"));
    assert_eq!(off["noise"], false);
    // The same trials: with noise off the total is the events-alone P&L of the run with noise on.
    for key in ["mean", "var99", "es99", "prob_loss"] {
        assert_eq!(
            off["portfolio"]["total"][key]["value"], on["portfolio"]["events_only"][key]["value"],
            "{key}"
        );
    }
    assert_ne!(on["portfolio"]["total"]["var99"]["value"], on["portfolio"]["events_only"]["var99"]["value"]);
}

#[test]
fn defaults_are_100000_trials_and_the_files_seed() {
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&georisk(&["run", CONTRACT, "--format", "json"]))).unwrap();
    assert_eq!(json["trials"], 100_000);
    assert_eq!(json["seed"], 0);
}

#[test]
fn the_variant_reaches_the_output_and_its_tornado() {
    let out = stdout(&georisk(&[
        "run",
        CONTRACT,
        "--trials",
        "20000",
        "--variant",
        "Escalation",
        "--format",
        "json",
    ]));
    let json: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(json["variant"], "Escalation");
    let event = &json["events"][1];
    assert_eq!(event["id"], "ru-satellite-tech");
    // Under the variant the likelihood is the point 0.7, so the tornado spans 0.35..1.0.
    assert_eq!(event["tornado"]["low_probability"], 0.35);
    assert_eq!(event["tornado"]["high_probability"], 1.0);
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
    let total = &zero["portfolio"]["total"];
    assert_eq!(total["prob_loss_beyond"]["value"], total["prob_loss"]["value"]);
    let huge = run("1e12");
    assert_eq!(huge["portfolio"]["total"]["prob_loss_beyond"]["value"], 0.0);
    assert_eq!(georisk(&["run", CONTRACT, "--loss-threshold", "-5"]).status.code(), Some(2));
}

#[test]
fn table_and_csv_are_readable() {
    let table = stdout(&georisk(&["run", CONTRACT, "--trials", "20000"]));
    assert!(table.contains("Shells for satellites"), "{table}");
    assert!(table.contains("Value at risk 95%"), "{table}");
    assert!(table.contains("90% band from ranges"), "{table}");
    assert!(table.contains("Events alone"), "{table}");
    assert!(table.contains("ru-satellite-tech"), "{table}");
    assert!(table.contains("Tornado"), "{table}");

    let csv = stdout(&georisk(&["run", CONTRACT, "--trials", "20000", "--format", "csv"]));
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("id,name,stated,probability,probability_se,impact_total"));
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
