//! `georisk run FILE --format ron`: a results snapshot that reads back to the same figures and
//! the same text, holds exactly the figures `run --format json` prints for the same seed, and
//! names the scenario by the hash of its canonical text.

mod cli_support;

use cli_support::georisk;
use georisk::report::html::sha256_hex;
use georisk::report::snapshot::{SNAPSHOT_FORMAT, Snapshot};
use serde_json::Value;

const CONTRACT: &str = "tests/fixtures/contract.ron";

fn output(args: &[&str]) -> String {
    let run = georisk(args);
    assert_eq!(run.code, 0, "georisk {args:?} failed: {}", run.stderr);
    run.stdout
}

fn snapshot_text(file: &str, extra: &[&str]) -> String {
    let mut args = vec!["run", file, "--trials", "20000", "--seed", "11", "--format", "ron"];
    args.extend_from_slice(extra);
    output(&args)
}

#[test]
fn a_snapshot_reads_back_to_the_same_figures_and_the_same_text() {
    let text = snapshot_text(CONTRACT, &[]);
    let snapshot = Snapshot::from_ron(&text).expect("the snapshot reads back");
    assert_eq!(snapshot.snapshot_format, SNAPSHOT_FORMAT);
    assert_eq!(snapshot.to_ron().expect("writes"), text);
    assert_eq!(Snapshot::from_ron(&snapshot.to_ron().expect("writes")).expect("reads"), snapshot);
    let made = &snapshot.made_from;
    assert_eq!((made.trials, made.seed, made.variant.as_deref()), (20000, 11, None));
    assert_eq!(made.georisk_version, env!("CARGO_PKG_VERSION"));
    assert!(made.made.ends_with(" UTC"), "made: {}", made.made);
    assert!(!snapshot.regions.is_empty(), "the contract scenario rates regions");
}

fn number(json: &Value, path: &str) -> f64 {
    path.split('.').fold(json, |v, key| &v[key]).as_f64().unwrap_or_else(|| panic!("no number at {path}"))
}

#[test]
fn its_figures_equal_those_of_run_json_for_the_same_seed() {
    for variant in [None, Some("Escalation")] {
        let extra: Vec<&str> = variant.map(|v| vec!["--variant", v]).unwrap_or_default();
        let snapshot = Snapshot::from_ron(&snapshot_text(CONTRACT, &extra)).expect("reads");
        let mut args = vec!["run", CONTRACT, "--trials", "20000", "--seed", "11", "--format", "json"];
        args.extend_from_slice(&extra);
        let json: Value = serde_json::from_str(&output(&args)).expect("JSON");
        assert_eq!(snapshot.made_from.variant.as_deref(), variant);

        let (total, bands) = (&snapshot.result.portfolio.total, &snapshot.bands);
        let pairs = [
            ("mean", total.mean, bands.mean),
            ("var95", total.var95, bands.var95),
            ("var99", total.var99, bands.var99),
            ("es95", total.es95, bands.es95),
            ("es99", total.es99, bands.es99),
            ("prob_loss", total.prob_loss, bands.prob_loss),
            ("prob_loss_beyond", total.prob_loss_beyond, bands.prob_loss_beyond),
        ];
        for (name, value, band) in pairs {
            let at = format!("portfolio.total.{name}");
            assert_eq!(value, number(&json, &format!("{at}.value")), "{at}");
            assert_eq!(band.low, number(&json, &format!("{at}.band.low")), "{at} band");
            assert_eq!(band.high, number(&json, &format!("{at}.band.high")), "{at} band");
        }
        assert_eq!(
            snapshot.result.portfolio.events_only.es99,
            number(&json, "portfolio.events_only.es99.value")
        );

        let events = json["events"].as_array().expect("events");
        assert_eq!(events.len(), snapshot.result.events.len());
        for (((e, i), t), j) in
            snapshot.result.events.iter().zip(&snapshot.impacts).zip(&snapshot.sensitivity.events).zip(events)
        {
            assert_eq!(j["id"], Value::from(e.id.as_str()));
            assert_eq!(e.probability, number(j, "probability"), "{}", e.id);
            assert_eq!(i.total, number(j, "impact.total"), "{}", e.id);
            assert_eq!(i.es99, number(j, "impact.es99"), "{}", e.id);
            assert_eq!(e.likelihood_bin as f64, number(j, "cell.likelihood_bin"), "{}", e.id);
            assert_eq!(i.impact_bin as f64, number(j, "cell.impact_bin"), "{}", e.id);
            assert_eq!(j["cell"]["rating"], serde_json::json!(i.rating.map(|r| r.label())), "{}", e.id);
            assert_eq!(t.es99_at_low, number(j, "tornado.es99_at_low"), "{}", e.id);
            assert_eq!(t.es99_at_high, number(j, "tornado.es99_at_high"), "{}", e.id);
        }
        assert_eq!(serde_json::to_value(&snapshot.result.markets).expect("markets"), json["markets"]);
        assert_eq!(serde_json::to_value(&snapshot.result.histogram).expect("histogram"), json["histogram"]);
        let curve = json["exceedance"].as_array().expect("exceedance");
        assert_eq!(curve.len(), snapshot.result.exceedance.len());
        for ((point, band), j) in snapshot.result.exceedance.iter().zip(&bands.exceedance).zip(curve) {
            assert_eq!((point.loss, point.probability), (number(j, "loss"), number(j, "probability")));
            assert_eq!((band.low, band.high), (number(j, "band.low"), number(j, "band.high")));
        }
    }
}

#[test]
fn the_scenario_is_named_by_the_hash_of_its_canonical_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("scenario.ron");
    let original = std::fs::read_to_string(CONTRACT).expect("fixture");
    // The same scenario laid out differently: blank lines and another indent.
    std::fs::write(&file, format!("\n\n{}\n\n", original.replace("    ", "  "))).expect("write");
    let file = file.to_str().expect("UTF-8 path");
    let before = Snapshot::from_ron(&snapshot_text(file, &[])).expect("reads");
    assert_eq!(
        before.made_from.scenario_sha256,
        Snapshot::from_ron(&snapshot_text(CONTRACT, &[])).expect("reads").made_from.scenario_sha256
    );
    output(&["fmt", file]);
    let canonical = std::fs::read(file).expect("formatted file");
    assert_eq!(before.made_from.scenario_sha256, sha256_hex(&canonical));
}

#[test]
fn a_newer_or_broken_snapshot_is_refused_with_what_is_wrong() {
    let text = snapshot_text(CONTRACT, &[]);
    let newer = text.replacen("snapshot_format: 1,", "snapshot_format: 2,", 1);
    let message = Snapshot::from_ron(&newer).expect_err("newer format").to_string();
    assert!(message.contains("format 2 is newer"), "{message}");
    let cut = Snapshot::from_ron(&text[..text.len() / 2]).expect_err("truncated").to_string();
    assert!(cut.starts_with("not a georisk results snapshot: "), "{cut}");
    let scenario = std::fs::read_to_string(CONTRACT).expect("fixture");
    assert!(Snapshot::from_ron(&scenario).is_err(), "a scenario file is not a snapshot");
}

#[test]
fn a_snapshot_is_told_from_a_scenario_by_its_head() {
    use georisk::report::snapshot::looks_like_snapshot;
    let text = snapshot_text(CONTRACT, &[]);
    assert!(looks_like_snapshot(&text));
    assert!(looks_like_snapshot(&format!("// shared results\n#![enable(implicit_some)]\n{text}")));
    let bare = format!("({}", text.trim_start().strip_prefix("Snapshot(").expect("named struct"));
    assert!(looks_like_snapshot(&bare), "an unnamed struct opening with snapshot_format");
    for scenario in [CONTRACT, "scenarios/russia-dprk-2024.ron", "scenarios/sahel-coups.ron"] {
        let scenario = std::fs::read_to_string(scenario).expect("fixture");
        assert!(!looks_like_snapshot(&scenario), "a scenario file is not a snapshot");
    }
    assert!(!looks_like_snapshot(""));
    assert!(!looks_like_snapshot("Snapshots(snapshot_format: 1)"));
}

#[test]
fn a_snapshot_whose_parts_do_not_fit_is_refused_by_its_field() {
    let text = snapshot_text(CONTRACT, &[]);
    let snapshot = Snapshot::from_ron(&text).expect("reads");
    assert_eq!(
        snapshot.matrix,
        georisk::io::load_file(std::path::Path::new(CONTRACT)).expect("loads").matrix
    );
    let mut off_matrix = snapshot.clone();
    off_matrix.result.events[1].likelihood_bin = off_matrix.matrix.likelihood_bins();
    let message = Snapshot::from_ron(&off_matrix.to_ron().expect("writes")).expect_err("refused").to_string();
    assert!(message.contains("result.events[1].likelihood_bin"), "{message}");
    let mut short = snapshot.clone();
    short.impacts.pop();
    let message = Snapshot::from_ron(&short.to_ron().expect("writes")).expect_err("refused").to_string();
    assert!(message.contains("impacts: "), "{message}");
    let mut flat = snapshot;
    flat.result.histogram.width = 0.0;
    let message = Snapshot::from_ron(&flat.to_ron().expect("writes")).expect_err("refused").to_string();
    assert!(message.contains("result.histogram"), "{message}");
}
