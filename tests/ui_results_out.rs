//! Results out of the app: File ▸ Export results ▸ CSV… and JSON… write byte for byte what
//! `georisk run --format csv|json` prints for the same scenario, trials and seed (with or
//! without the Results view's own analysis to reuse), and each Results table's Copy button puts
//! it on the clipboard as tab-separated text, header row first.
#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers: a failed step fails the test")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::engine::Analysis;
use georisk::report::thousands;
use georisk::ui::{Command, DialogChoice, GeoriskApp, Modal, ResultsFormat};
use std::path::Path;
use std::time::{Duration, Instant};
use ui_support::*;

const TRIALS: u64 = 2_000;

fn cli_run(file: &Path, format: &str, seed: u64) -> Vec<u8> {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_georisk"))
        .arg("run")
        .arg(file)
        .args(["--format", format, "--trials", &TRIALS.to_string(), "--seed", &seed.to_string()])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    out.stdout
}

/// Exports through georisk's own chooser under the suggested name; returns the file written.
fn export(h: &mut Harness<'static, GeoriskApp>, setup: &Setup, format: ResultsFormat) -> Vec<u8> {
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    h.state_mut().issue(Command::ExportResultsDialog(format));
    h.run_steps(3);
    h.get_by_label("Save").click();
    h.step();
    let start = Instant::now();
    while h.state().results_export_running() {
        assert!(start.elapsed() < Duration::from_secs(120), "the export never finished");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
    let Some(Modal::Error { title, .. }) = h.state().modal() else { panic!("the app says how it went") };
    assert_eq!(title, "Results exported");
    let name = format!("contract-results.{}", if format == ResultsFormat::Csv { "csv" } else { "json" });
    std::fs::read(setup.dir.path().join(name)).expect("written under the suggested name")
}

#[test]
fn csv_export_is_what_the_cli_prints_for_the_same_trials_and_seed() {
    let setup = Setup::new();
    let (mut h, file) = setup.contract();
    h.state_mut().set_live_trials(TRIALS);
    let seed = h.state().scenario().seed;
    let written = export(&mut h, &setup, ResultsFormat::Csv);
    assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(cli_run(&file, "csv", seed)).unwrap());
}

#[test]
fn json_export_reusing_the_results_view_is_what_the_cli_prints() {
    let setup = Setup::new();
    let (mut h, file) = setup.contract();
    h.state_mut().set_live_trials(TRIALS);
    open_results(&mut h);
    settle(&mut h);
    let seed = h.state().scenario().seed;
    let written = export(&mut h, &setup, ResultsFormat::Json);
    assert_eq!(String::from_utf8(written).unwrap(), String::from_utf8(cli_run(&file, "json", seed)).unwrap());
}

/// Clicks a Copy button and returns the text it put on the clipboard.
fn copied(h: &mut Harness<'static, GeoriskApp>, button: &str) -> String {
    h.get_by_label(button).click_accesskit();
    for _ in 0..5 {
        h.step();
        for command in &h.output().platform_output.commands {
            if let egui::OutputCommand::CopyText(text) = command {
                return text.clone();
            }
        }
    }
    panic!("{button} copied nothing");
}

fn results_page() -> (Setup, Harness<'static, GeoriskApp>, Analysis) {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(1280.0, 3000.0));
    h.state_mut().set_live_trials(TRIALS);
    open_results(&mut h);
    let analysis = settle(&mut h);
    (setup, h, analysis)
}

#[test]
fn copy_puts_each_table_on_the_clipboard_as_tab_separated_text() {
    let (_setup, mut h, a) = results_page();
    let total = &a.result.portfolio.total;
    let currency = &a.result.currency;

    let summary = copied(&mut h, "Copy summary");
    let lines: Vec<&str> = summary.lines().collect();
    assert_eq!(lines[0], "Figure\tEvents and market noise\t90% band from your ranges\tEvents alone\tNote");
    assert_eq!(lines.len(), 8, "{summary}");
    let mean: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(mean[0], "Mean profit or loss");
    assert_eq!(mean[1], format!("{currency} {}", thousands(total.mean)));
    assert_eq!(mean[3], format!("{currency} {}", thousands(a.result.portfolio.events_only.mean)));
    let var99: Vec<&str> = lines[3].split('\t').collect();
    assert_eq!((var99[0], var99[1]), ("VaR 99%", format!("{currency} {}", thousands(total.var99)).as_str()));

    let events = copied(&mut h, "Copy events table");
    let lines: Vec<&str> = events.lines().collect();
    assert!(lines[0].starts_with("Event\tProbability (simulated)\tImpact (total)\t"), "{}", lines[0]);
    assert_eq!(lines.len(), a.result.events.len() + 1);
    for (e, impact) in a.result.events.iter().zip(&a.impacts) {
        let row = lines.iter().find(|l| l.starts_with(&format!("{}\t", e.name))).expect("a row per event");
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells.len(), 9);
        assert_eq!(cells[1], format!("{:.1}%", 100.0 * e.probability));
        assert_eq!(cells[2], thousands(impact.total));
        assert_eq!(cells[5], thousands(impact.es99));
    }

    let markets = copied(&mut h, "Copy market moves");
    let lines: Vec<&str> = markets.lines().collect();
    assert_eq!(lines[0], "Market\tMean price move\t5% of futures below\t95% of futures below\tHeld");
    assert_eq!(lines.len(), a.result.markets.len() + 1);
    for m in &a.result.markets {
        let row = lines.iter().find(|l| l.starts_with(&format!("{}\t", m.name))).expect("a row per market");
        let cells: Vec<&str> = row.split('\t').collect();
        assert_eq!(cells[1], format!("{:+.1}%", 100.0 * m.mean_return));
        assert_eq!(cells[4], format!("{currency} {}", thousands(m.held_value)));
    }
    assert!(h.query_by_label("Copy regions").is_some(), "the regions table has one too");
}
