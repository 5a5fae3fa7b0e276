//! `georisk compare` as a user calls it: a file against itself changes nothing; a variant's
//! changes are exactly the difference of two `georisk run --variant` results with the same seed;
//! two files' structural difference lists exactly what the fixture pair changes.

use serde_json::Value;
use std::process::{Command, Output};

const A: &str = "tests/fixtures/compare-a.ron";
const B: &str = "tests/fixtures/compare-b.ron";
const FIGURES: [&str; 6] = ["mean", "var95", "var99", "es95", "es99", "prob_loss"];

fn georisk(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_georisk")).args(args).output().expect("georisk starts")
}

fn json(args: &[&str]) -> Value {
    let output = georisk(args);
    assert!(output.status.success(), "failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Equal up to JSON's decimal round trip (serde_json parses to within an ulp or so).
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

#[test]
fn a_file_compared_with_itself_has_zero_deltas_and_no_difference() {
    let c = json(&["compare", A, A, "--trials", "8000", "--format", "json"]);
    assert_eq!(c["runs"].as_array().unwrap().len(), 2);
    for figure in FIGURES {
        let row = &c["portfolio"][figure];
        assert_eq!(row["deltas"][0].as_f64(), Some(0.0), "{figure}: {row}");
        assert_eq!(row["values"][0], row["values"][1], "{figure}");
    }
    let events = c["events"].as_array().unwrap();
    assert_eq!(events.len(), 2);
    for event in events {
        assert_eq!(event["probability_delta"][0].as_f64(), Some(0.0), "{event}");
        assert_eq!(event["impact_delta"][0].as_f64(), Some(0.0), "{event}");
    }
    assert_eq!(c["diff"], serde_json::json!([]));
}

#[test]
fn variant_deltas_are_the_difference_of_two_direct_runs_with_the_same_seed() {
    let common = ["--trials", "12000", "--seed", "5", "--format", "json"];
    let compare =
        json(&[&["compare", A, "--variant", "Escalation", "--variant", "Calm"][..], &common].concat());
    let base = json(&[&["run", A][..], &common].concat());
    let labels: Vec<&str> =
        compare["runs"].as_array().unwrap().iter().map(|r| r["label"].as_str().unwrap()).collect();
    assert_eq!(labels, ["base", "Escalation", "Calm"]);
    for (k, variant) in ["Escalation", "Calm"].into_iter().enumerate() {
        let direct = json(&[&["run", A, "--variant", variant][..], &common].concat());
        for figure in FIGURES {
            let of = |run: &Value| run["portfolio"]["total"][figure]["value"].as_f64().unwrap();
            let expected = of(&direct) - of(&base);
            let delta = compare["portfolio"][figure]["deltas"][k].as_f64().unwrap();
            assert!(close(delta, expected), "{variant} {figure}: {delta} vs {expected}");
            let value = compare["portfolio"][figure]["values"][k + 1].as_f64().unwrap();
            assert!(close(value, of(&direct)), "{variant} {figure} value");
        }
        for event in compare["events"].as_array().unwrap() {
            let id = event["id"].as_str().unwrap();
            let find = |run: &Value| {
                run["events"].as_array().unwrap().iter().find(|e| e["id"] == id).unwrap().clone()
            };
            let (d, b) = (find(&direct), find(&base));
            let expected_p = d["probability"].as_f64().unwrap() - b["probability"].as_f64().unwrap();
            let expected_i = d["impact"]["total"].as_f64().unwrap() - b["impact"]["total"].as_f64().unwrap();
            assert!(
                close(event["probability_delta"][k].as_f64().unwrap(), expected_p),
                "{variant} {id} probability"
            );
            assert!(close(event["impact_delta"][k].as_f64().unwrap(), expected_i), "{variant} {id} impact");
        }
    }
    // A variant that makes a real change shows one: the deltas are not all zero by construction.
    assert_ne!(compare["portfolio"]["mean"]["deltas"][1].as_f64(), Some(0.0));
    assert!(compare["diff"].is_null(), "one file: no structural difference");
}

#[test]
fn events_are_sorted_by_the_size_of_their_change() {
    let c = json(&["compare", A, "--variant", "Calm", "--trials", "8000", "--format", "json"]);
    let sizes: Vec<f64> = c["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["impact_delta"][0].as_f64().unwrap().abs())
        .collect();
    assert!(sizes.windows(2).all(|w| w[0] >= w[1]), "{sizes:?}");
}

#[test]
fn the_structural_difference_lists_exactly_what_the_fixture_pair_changes() {
    let c = json(&["compare", A, B, "--trials", "4000", "--format", "json"]);
    let changes: Vec<(String, String, String, Vec<String>)> = c["diff"]
        .as_array()
        .unwrap()
        .iter()
        .map(|change| {
            let fields = change["fields"]
                .as_array()
                .map_or_else(Vec::new, |f| f.iter().map(|x| x.as_str().unwrap().to_owned()).collect());
            let text = |key: &str| change[key].as_str().unwrap().to_owned();
            (text("section"), text("key"), text("change"), fields)
        })
        .collect();
    let expected = [
        ("regions", "russia", "removed", vec![]),
        ("markets", "gold", "added", vec![]),
        ("markets", "us-defense", "changed", vec!["volatility"]),
        ("events", "dprk-nuclear-test", "added", vec![]),
        ("events", "dprk-shells", "changed", vec!["likelihood"]),
        ("links", "dprk-shells -> ru-satellite-tech", "changed", vec!["odds"]),
        ("holdings", "gold", "added", vec![]),
        ("holdings", "kospi", "changed", vec!["value"]),
        ("variants", "Calm", "removed", vec![]),
        ("variants", "Escalation", "changed", vec!["likelihoods"]),
    ]
    .map(|(s, k, c, f)| {
        (s.to_owned(), k.to_owned(), c.to_owned(), f.into_iter().map(str::to_owned).collect())
    });
    assert_eq!(changes, expected);
    // The event only B has is listed with no value in A and no change.
    let added = c["events"].as_array().unwrap().iter().find(|e| e["id"] == "dprk-nuclear-test").unwrap();
    assert!(
        added["impact"][0].is_null() && added["impact"][1].is_number() && added["impact_delta"][0].is_null()
    );
}

#[test]
fn the_table_names_the_runs_and_the_changes() {
    let output = georisk(&["compare", A, B, "--trials", "4000"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let text = String::from_utf8(output.stdout).unwrap();
    for expected in [
        "common random numbers",
        "Value at risk 99%",
        "Chance of a loss",
        "dprk-nuclear-test",
        "Structural differences from compare-a.ron to compare-b.ron",
        "[2]−[1]",
        "events   changed dprk-shells: likelihood",
    ] {
        assert!(text.contains(expected), "missing {expected:?} in\n{text}");
    }
}

#[test]
fn csv_has_one_value_a_row_with_its_delta() {
    let output = georisk(&["compare", A, "--variant", "Calm", "--trials", "4000", "--format", "csv"]);
    assert!(output.status.success());
    let text = String::from_utf8(output.stdout).unwrap();
    let mut lines = text.lines();
    assert_eq!(lines.next(), Some("part,item,figure,run,value,delta"));
    // 6 portfolio figures and 2 events × 2 figures, for 2 runs each.
    assert_eq!(lines.count(), (6 + 2 * 2) * 2);
}

#[test]
fn nothing_to_compare_and_unknown_variants_are_clear_errors() {
    let alone = georisk(&["compare", A]);
    assert_eq!(alone.status.code(), Some(2));
    let message = String::from_utf8_lossy(&alone.stderr);
    assert!(
        message.contains("nothing to compare") && message.contains("\"Escalation\", \"Calm\""),
        "{message}"
    );

    let unknown = georisk(&["compare", A, "--variant", "Escalaton"]);
    assert_eq!(unknown.status.code(), Some(1));
    let message = String::from_utf8_lossy(&unknown.stderr);
    assert!(message.contains("no variant named \"Escalaton\""), "{message}");

    let two = georisk(&["compare", A, B, "--variant", "Escalation", "--variant", "Calm"]);
    assert_eq!(two.status.code(), Some(2));
}
