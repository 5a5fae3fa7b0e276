//! `georisk run FILE --samples FILE.csv`: every trial's P&L and 0/1 event occurrences, the run's
//! own trials — the P&L column's mean is the run's mean P&L exactly, and each event column's mean
//! its simulated probability — with a bound on the rows and a clear error beyond it.

mod cli_support;

use cli_support::georisk;
use serde_json::Value;

const CONTRACT: &str = "tests/fixtures/contract.ron";

#[test]
fn the_samples_are_the_runs_own_trials() {
    let dir = tempfile::tempdir().expect("temp dir");
    for variant in [None, Some("Escalation")] {
        let csv_path = dir.path().join("samples.csv");
        let csv_arg = csv_path.to_str().expect("UTF-8 path");
        let mut args = vec![
            "run",
            CONTRACT,
            "--trials",
            "20000",
            "--seed",
            "5",
            "--format",
            "json",
            "--samples",
            csv_arg,
        ];
        if let Some(v) = variant {
            args.extend(["--variant", v]);
        }
        let run = georisk(&args);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let json: Value = serde_json::from_str(&run.stdout).expect("JSON");
        let events = json["events"].as_array().expect("events");

        let mut reader = csv::Reader::from_path(&csv_path).expect("the samples file");
        let header: Vec<String> = reader.headers().expect("header").iter().map(str::to_owned).collect();
        let mut expected_header = vec!["trial".to_owned(), "pnl".to_owned()];
        expected_header.extend(events.iter().map(|e| e["id"].as_str().expect("id").to_owned()));
        assert_eq!(header, expected_header);

        let (mut pnl_sum, mut rows) = (0.0f64, 0usize);
        let mut counts = vec![0u64; events.len()];
        for (i, record) in reader.records().enumerate() {
            let record = record.expect("a row");
            assert_eq!(record[0].parse::<usize>().expect("trial"), i);
            pnl_sum += record[1].parse::<f64>().expect("P&L");
            for (count, cell) in counts.iter_mut().zip(record.iter().skip(2)) {
                match cell {
                    "0" => {}
                    "1" => *count += 1,
                    other => panic!("row {i}: occurrence {other:?} is not 0 or 1"),
                }
            }
            rows += 1;
        }
        assert_eq!(rows, 20000);
        let mean = json["portfolio"]["total"]["mean"]["value"].as_f64().expect("mean");
        assert_eq!(pnl_sum / rows as f64 + 0.0, mean, "variant {variant:?}");
        for (count, event) in counts.iter().zip(events) {
            let probability = event["probability"].as_f64().expect("probability");
            assert_eq!(*count as f64 / rows as f64, probability, "{} in variant {variant:?}", event["id"]);
        }
    }
}

#[test]
fn too_many_rows_are_refused_with_what_to_do_and_nothing_is_written() {
    let dir = tempfile::tempdir().expect("temp dir");
    let csv_path = dir.path().join("samples.csv");
    let csv_arg = csv_path.to_str().expect("UTF-8 path");
    let run = georisk(&["run", CONTRACT, "--trials", "1000001", "--samples", csv_arg]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("1,000,001 trials"), "{}", run.stderr);
    assert!(run.stderr.contains("use --trials 1000000 or fewer"), "{}", run.stderr);
    assert!(run.stdout.is_empty());
    assert!(!csv_path.exists());

    let scenario = dir.path().join("plan.ron");
    std::fs::copy(CONTRACT, &scenario).expect("copy");
    let run = georisk(&["run", CONTRACT, "--trials", "100", "--samples", scenario.to_str().expect("UTF-8")]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("scenario (.ron) file"), "{}", run.stderr);
    assert_eq!(std::fs::read(&scenario).expect("kept"), std::fs::read(CONTRACT).expect("fixture"));
}
