//! `georisk portfolio import` and `export` as a user calls them: holdings round-trip through
//! CSV, and every kind of bad row is refused with its row number, leaving the scenario file
//! byte for byte as it was.

#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURE: &str = "tests/fixtures/compare-a.ron";

fn georisk(args: &[&Path]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_georisk")).args(args).output().expect("georisk starts")
}

fn p(text: &str) -> &Path {
    Path::new(text)
}

/// A scenario file in a fresh folder, and a CSV beside it.
fn setup(csv: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let scenario = dir.path().join("plan.ron");
    std::fs::copy(FIXTURE, &scenario).unwrap();
    let holdings = dir.path().join("holdings.csv");
    std::fs::write(&holdings, csv).unwrap();
    (dir, scenario, holdings)
}

fn holdings_of(path: &Path) -> Vec<(String, f64)> {
    let scenario = georisk::io::load_file(path).unwrap();
    scenario.portfolio.holdings.iter().map(|h| (h.market.to_string(), h.value.get())).collect()
}

#[test]
fn import_then_export_then_import_round_trips() {
    let csv = "Market,Value,Currency\nKOSPI,123456.78,usd\nus-defense,-2500.5,USD\n\n";
    let (dir, scenario, holdings) = setup(csv);
    let first = georisk(&[p("portfolio"), p("import"), &scenario, &holdings]);
    assert!(first.status.success(), "{}", String::from_utf8_lossy(&first.stderr));
    assert_eq!(holdings_of(&scenario), [("kospi".to_owned(), 123456.78), ("us-defense".to_owned(), -2500.5)]);
    let after_first = std::fs::read(&scenario).unwrap();

    let exported = dir.path().join("out.csv");
    let export = georisk(&[p("portfolio"), p("export"), &scenario, p("-o"), &exported]);
    assert!(export.status.success(), "{}", String::from_utf8_lossy(&export.stderr));
    let text = std::fs::read_to_string(&exported).unwrap();
    assert_eq!(text, "market,value,currency\nkospi,123456.78,USD\nus-defense,-2500.5,USD\n");
    // Without -o the same text goes to stdout.
    let to_stdout = georisk(&[p("portfolio"), p("export"), &scenario]);
    assert_eq!(String::from_utf8(to_stdout.stdout).unwrap(), text);

    let second = georisk(&[p("portfolio"), p("import"), &scenario, &exported]);
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    assert_eq!(std::fs::read(&scenario).unwrap(), after_first, "the second import changes nothing");
}

/// A CSV with a good row 2 and the bad row 3.
fn assert_refused(bad_row: &str, reason: &str) {
    let csv = format!("market,value,currency\nkospi,1000,USD\n{bad_row}\n");
    let (_dir, scenario, holdings) = setup(&csv);
    let before = std::fs::read(&scenario).unwrap();
    let output = georisk(&[p("portfolio"), p("import"), &scenario, &holdings]);
    assert_eq!(output.status.code(), Some(1), "{bad_row:?} was accepted");
    let message = String::from_utf8_lossy(&output.stderr);
    let expected = format!("holdings.csv: row 3: {reason}");
    assert!(message.contains(&expected), "{bad_row:?}: expected {expected:?} in\n{message}");
    assert!(message.contains("plan.ron: unchanged"), "{message}");
    assert_eq!(std::fs::read(&scenario).unwrap(), before, "{bad_row:?} changed the file");
}

#[test]
fn each_kind_of_bad_row_is_refused_with_its_row_number_and_nothing_changes() {
    assert_refused(",5,USD", "the market is empty");
    assert_refused("Nikkei 225,5,USD", "unknown market \"Nikkei 225\"");
    assert_refused("us-defense,,USD", "the value is empty");
    assert_refused(
        "us-defense,\"1,000\",USD",
        "value \"1,000\" is not a number (write it without thousands separators",
    );
    assert_refused("us-defense,five,USD", "value \"five\" is not a number");
    assert_refused("us-defense,inf,USD", "value \"inf\" is not a finite number");
    assert_refused("us-defense,1e16,USD", "value 1e16 is beyond the largest accepted");
    assert_refused("us-defense,5,EUR", "currency \"EUR\" is not the portfolio's, USD");
    assert_refused("KOSPI,5,USD", "market \"kospi\" is already on row 2");
}

#[test]
fn every_bad_row_is_listed_and_unknown_markets_are_named() {
    let csv = "market,value\nDAX,1\nkospi,x\nDAX,2\nFTSE 100,3\n";
    let (_dir, scenario, holdings) = setup(csv);
    let before = std::fs::read(&scenario).unwrap();
    let output = georisk(&[p("portfolio"), p("import"), &scenario, &holdings]);
    assert_eq!(output.status.code(), Some(1));
    let message = String::from_utf8_lossy(&output.stderr);
    for row in 2..=5 {
        assert!(message.contains(&format!("row {row}: ")), "row {row} in\n{message}");
    }
    assert!(message.contains("unknown markets: \"DAX\", \"FTSE 100\""), "{message}");
    assert!(message.contains("4 bad row(s)"), "{message}");
    assert_eq!(std::fs::read(&scenario).unwrap(), before);
}

#[test]
fn a_header_without_market_or_value_is_refused() {
    for csv in ["instrument,amount\nkospi,1\n", "", "market,value\n"] {
        let (_dir, scenario, holdings) = setup(csv);
        let before = std::fs::read(&scenario).unwrap();
        let output = georisk(&[p("portfolio"), p("import"), &scenario, &holdings]);
        assert_eq!(output.status.code(), Some(1), "{csv:?}");
        assert!(String::from_utf8_lossy(&output.stderr).contains("holdings.csv: "), "{csv:?}");
        assert_eq!(std::fs::read(&scenario).unwrap(), before);
    }
}
