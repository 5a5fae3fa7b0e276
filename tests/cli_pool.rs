//! `georisk pool`, run as a user runs it: analysts' files in a folder, the real binary, the pooled
//! file read back and checked against probabilities worked out by hand.

mod cli_support;

use cli_support::{Run, georisk};
use georisk::io;
use georisk::model::{Likelihood, Scenario, Shock};
use std::path::{Path, PathBuf};

/// An analyst's file: the test event at `p`, a shared event at `shared`, optional extra events.
fn analyst(dir: &Path, name: &str, p: f64, shared: f64, shock: &str, extra: &str) -> PathBuf {
    let text = format!(
        r#"Scenario(
    title: "Pool test",
    markets: [Market(id: "kospi", volatility: 0.2), Market(id: "gold")],
    events: [
        Event(id: "test", likelihood: {p}, markets: {{"kospi": {shock}}}),
        Event(id: "shared", likelihood: {shared}, markets: {{"gold": Fixed(0.02)}}),
        {extra}
    ],
    portfolio: Portfolio(holdings: [Holding(market: "kospi", value: 1000.0)]),
)"#
    );
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap_or_else(|e| panic!("{e}"));
    path
}

fn pool(dir: &Path, files: &[&Path], extra_args: &[&str]) -> (Run, Scenario) {
    let out = dir.join("pooled.ron");
    let mut args: Vec<String> = vec!["pool".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    args.extend(["-o".to_owned(), out.display().to_string()]);
    args.extend(extra_args.iter().map(|a| (*a).to_owned()));
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = georisk(&refs);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // load_file validates: the pooled file must be a valid scenario.
    let scenario = io::load_file(&out).unwrap_or_else(|e| panic!("pooled file does not load: {e}"));
    (run, scenario)
}

fn likelihood(s: &Scenario, id: &str) -> Likelihood {
    s.event(id).unwrap_or_else(|| panic!("no event {id}")).likelihood
}

/// (low, likely, high) of a range; a point gives the same value three times.
fn three(l: Likelihood) -> (f64, f64, f64) {
    match l {
        Likelihood::Point(p) => (p.get(), p.get(), p.get()),
        Likelihood::Range(r) => (r.low().get(), r.likely().get(), r.high().get()),
    }
}

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-12
}

#[test]
fn linear_pool_of_0_2_and_0_6_is_0_4_with_their_spread_as_the_range() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ranged = r#"Event(id: "ranged", likelihood: Range(low: 0.1, likely: 0.2, high: 0.4)),"#;
    let a = analyst(dir.path(), "a.ron", 0.2, 0.3, "Fixed(-0.1)", ranged);
    let b = analyst(dir.path(), "b.ron", 0.6, 0.3, "Fixed(-0.3)", ranged);
    let (run, pooled) = pool(dir.path(), &[&a, &b], &[]);
    let (low, likely, high) = three(likelihood(&pooled, "test"));
    assert!(close(likely, 0.4) && close(low, 0.2) && close(high, 0.6), "{low} {likely} {high}");
    // Analysts who agree give a single value, not a range.
    assert_eq!(likelihood(&pooled, "shared"), Likelihood::point(0.3).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(three(likelihood(&pooled, "ranged")), (0.1, 0.2, 0.4), "an agreed range is kept");
    // Same shapes: the parameters are averaged.
    match pooled.event("test").and_then(|e| e.markets.get("kospi")) {
        Some(Shock::Fixed(v)) => assert!(close(v.get(), -0.2), "{v}"),
        other => panic!("expected Fixed(-0.2), found {other:?}"),
    }
    // The table lists the widest disagreement first, with each analyst's value.
    let test_row = run.stdout.find("\ntest ").unwrap_or_else(|| panic!("{}", run.stdout));
    let shared_row = run.stdout.find("\nshared ").unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(test_row < shared_row, "{}", run.stdout);
    let row = run.stdout[test_row + 1..].lines().next().unwrap_or_default().to_owned();
    for cell in ["40.0 pp", "40.0%", "20.0%", "60.0%"] {
        assert!(row.contains(cell), "{cell} missing from {row:?}");
    }
}

#[test]
fn log_pool_is_the_normalised_geometric_mean() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = analyst(dir.path(), "a.ron", 0.2, 0.3, "Fixed(-0.1)", "");
    let b = analyst(dir.path(), "b.ron", 0.6, 0.3, "Fixed(-0.3)", "");
    let (_, pooled) = pool(dir.path(), &[&a, &b], &["--method", "log"]);
    let yes = (0.2f64 * 0.6).sqrt();
    let expected = yes / (yes + (0.8f64 * 0.4).sqrt());
    let (_, likely, _) = three(likelihood(&pooled, "test"));
    assert!(close(likely, expected), "{likely} vs {expected}");
}

#[test]
fn weights_count_each_analyst_in_proportion() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let a = analyst(dir.path(), "a.ron", 0.2, 0.3, "Fixed(-0.1)", "");
    let b = analyst(dir.path(), "b.ron", 0.6, 0.3, "Fixed(-0.3)", "");
    let (run, linear) = pool(dir.path(), &[&a, &b], &["--weights", "1,3"]);
    let pooled = (0.2 + 3.0 * 0.6) / 4.0;
    assert!(close(three(likelihood(&linear, "test")).1, pooled));
    // A run draws the range's PERT mean, which the table shows beside the pooled value.
    let pert = format!("{:.1}%", 100.0 * (0.2 + 4.0 * pooled + 0.6) / 6.0);
    let row = run.stdout.lines().find(|l| l.starts_with("test ")).unwrap_or_default();
    assert!(row.contains(&pert) && row.contains("50.0%"), "{pert} missing from {row:?}");
    let (_, log) = pool(dir.path(), &[&a, &b], &["--weights", "1,3", "--method", "log"]);
    let yes = 0.2f64.powf(0.25) * 0.6f64.powf(0.75);
    let no = 0.8f64.powf(0.25) * 0.4f64.powf(0.75);
    assert!(close(three(likelihood(&log, "test")).1, yes / (yes + no)));

    let wrong = georisk(&[
        "pool",
        &a.display().to_string(),
        &b.display().to_string(),
        "-o",
        "x.ron",
        "--weights",
        "1",
    ]);
    assert_eq!(wrong.code, 2);
    assert!(wrong.stderr.contains("1 weights for 2 files"), "{}", wrong.stderr);
}

#[test]
fn an_event_in_one_file_only_is_kept_and_flagged() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let only = r#"Event(id: "only-a", likelihood: 0.7, markets: {"gold": Normal(mean: 0.05, sd: 0.02)}),"#;
    let a = analyst(dir.path(), "a.ron", 0.2, 0.3, "Fixed(-0.1)", only);
    let b = analyst(dir.path(), "b.ron", 0.6, 0.3, "Normal(mean: -0.3, sd: 0.1)", "");
    let (run, pooled) = pool(dir.path(), &[&a, &b], &[]);
    let event = pooled.event("only-a").unwrap_or_else(|| panic!("the event in a.ron only was dropped"));
    assert_eq!(event.likelihood, Likelihood::point(0.7).unwrap_or_else(|e| panic!("{e}")));
    let notes = event.notes.clone().unwrap_or_default();
    assert!(notes.contains("in 1 of 2 files (not in b.ron)"), "{notes}");
    let row = run.stdout.lines().find(|l| l.starts_with("only-a ")).unwrap_or_default();
    assert!(row.contains("—") && row.contains("in 1 of 2 files"), "{row:?}");
    // Shapes that differ are not averaged: a.ron's shock is kept, and the event says so.
    let test = pooled.event("test").unwrap_or_else(|| panic!("no test event"));
    assert_eq!(test.markets.get("kospi"), Some(&Shock::fixed(-0.1).unwrap_or_else(|e| panic!("{e}"))));
    assert!(
        test.notes.clone().unwrap_or_default().contains("different shapes (Fixed, Normal); kept a.ron's")
    );
}

#[test]
fn the_pooled_file_validates_and_round_trips() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let group = r#"Event(id: "dem", likelihood: 0.5), Event(id: "rep", likelihood: 0.5),"#;
    let a = analyst(dir.path(), "a.ron", 0.2, 0.3, "Fixed(-0.1)", group);
    let b_group = r#"Event(id: "dem", likelihood: 0.3), Event(id: "rep", likelihood: 0.7),"#;
    let b = analyst(dir.path(), "b.ron", 0.6, 0.4, "Fixed(-0.3)", b_group);
    for path in [&a, &b] {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let grouped = text.replace(
            "    portfolio:",
            "    groups: [ExclusiveGroup(id: \"election\", kind: ExactlyOne, events: [\"dem\", \"rep\"])],\n    portfolio:",
        );
        std::fs::write(path, grouped).unwrap_or_else(|e| panic!("{e}"));
    }
    for method in ["linear", "log"] {
        let (_, pooled) = pool(dir.path(), &[&a, &b], &["--method", method]);
        let text = std::fs::read_to_string(dir.path().join("pooled.ron")).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(io::to_ron_string(&pooled), text, "the pooled file is in canonical form");
        assert_eq!(io::load_str(&text, "pooled.ron").ok(), Some(pooled.clone()));
        // An exactly-one group still sums to 1, so the file validates under either pool.
        let dem = three(likelihood(&pooled, "dem")).1;
        let rep = three(likelihood(&pooled, "rep")).1;
        assert!((dem + rep - 1.0).abs() < 1e-9, "{method}: {dem} + {rep}");
    }
}

#[test]
fn what_cannot_be_pooled_is_refused_with_the_reason_and_nothing_written() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("pooled.ron");
    let a = analyst(dir.path(), "a.ron", 0.0, 0.3, "Fixed(-0.1)", "");
    let b = analyst(dir.path(), "b.ron", 1.0, 0.3, "Fixed(-0.3)", "");
    let [a, b, out_arg] = [&a, &b, &out].map(|p| p.display().to_string());
    let log = georisk(&["pool", &a, &b, "-o", &out_arg, "--method", "log"]);
    assert_eq!(log.code, 1);
    assert!(
        log.stderr.contains("event \"test\"") && log.stderr.contains("use --method linear"),
        "{}",
        log.stderr
    );
    assert!(!out.exists());

    let text = std::fs::read_to_string(&b).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(&b, text.replace("title: \"Pool test\",", "title: \"Pool test\", horizon_months: 6,"))
        .unwrap_or_else(|e| panic!("{e}"));
    let horizon = georisk(&["pool", &a, &b, "-o", &out_arg]);
    assert_eq!(horizon.code, 1);
    assert!(horizon.stderr.contains("b.ron looks 6 months ahead but a.ron looks 12"), "{}", horizon.stderr);
    assert!(!out.exists());
}
