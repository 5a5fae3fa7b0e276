//! File ▸ Export report… as a user meets it: the menu asks where (the system's dialog, stubbed
//! here), the report is made off the UI thread with the app's trials and the file's seed, the
//! app says where it was written, and the report names the file's SHA-256 only while the
//! document is what the file holds.
#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers: a failed step fails the test")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::engine::{self, Control, Settings};
use georisk::ui::{Command, GeoriskApp, Modal, Purpose};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ui_support::*;

const TRIALS: u64 = 2_000;

/// Steps the app until the export has finished (a minute at most).
fn finish_export(h: &mut Harness<'static, GeoriskApp>) {
    let start = Instant::now();
    h.step();
    while h.state().report_export_running() {
        assert!(start.elapsed() < Duration::from_secs(60), "the export never finished");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
}

fn sha256sum(path: &Path) -> String {
    let out = std::process::Command::new("sha256sum").arg(path).output().unwrap();
    String::from_utf8(out.stdout).unwrap().split_whitespace().next().unwrap().to_owned()
}

/// The `data-value` of a base figure in the report.
fn figure(html: &str, path: &str) -> f64 {
    let key = format!("data-run=\"base\" data-figure=\"{path}\" data-value=\"");
    let at = html.find(&key).unwrap_or_else(|| panic!("{path} is in the report")) + key.len();
    html[at..at + html[at..].find('"').unwrap()].parse().unwrap()
}

#[test]
fn export_writes_the_report_of_the_open_scenario_and_says_where() {
    let setup = Setup::new();
    let (mut h, scenario_file) = setup.contract();
    h.state_mut().set_live_trials(TRIALS);
    let output = setup.dir.path().join("contract-report.html");
    h.state_mut().issue(Command::ExportReportTo(output.clone()));
    finish_export(&mut h);
    let Some(Modal::Error { title, message, .. }) = h.state().modal() else {
        panic!("the app says how it went")
    };
    assert_eq!(title, "Report exported");
    assert!(message.contains(&output.display().to_string()), "{message}");
    let html = std::fs::read_to_string(&output).unwrap();
    assert!(html.contains("<section id=\"reproduce\""));
    assert!(html.contains(&format!("<code>{}</code>", sha256sum(&scenario_file))), "the file's SHA-256");
    let scenario = h.state().scenario().clone();
    let expected = engine::analyse(
        &scenario,
        &Settings { trials: TRIALS, ..Settings::for_scenario(&scenario) },
        &Control::new(),
    )
    .unwrap();
    let total = &expected.result.portfolio.total;
    assert_eq!(figure(&html, "portfolio.total.var99.value"), total.var99);
    assert_eq!(figure(&html, "portfolio.total.es99.value"), total.es99);
    assert_eq!(figure(&html, "trials"), TRIALS as f64);
    assert_eq!(figure(&html, "seed"), scenario.seed as f64);
}

/// Stands in for the system's save dialog: the user types "shared-report" in the temp folder.
fn type_a_name(_purpose: &Purpose, _folder: Option<PathBuf>, suggested: String) -> Option<PathBuf> {
    assert!(suggested.ends_with("-report.html"), "suggests {suggested}");
    std::thread::sleep(Duration::from_millis(300));
    Some(std::env::temp_dir().join(format!("georisk-ui-export-{}/shared-report", std::process::id())))
}

#[test]
fn the_file_menu_asks_where_and_adds_the_html_extension() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().set_live_trials(TRIALS);
    h.state_mut().set_native_dialog(type_a_name);
    let folder = std::env::temp_dir().join(format!("georisk-ui-export-{}", std::process::id()));
    std::fs::create_dir_all(&folder).unwrap();
    // An edit since the file was saved: the report cannot name a file holding what it shows.
    h.state_mut().scenario_mut().title.push_str(" (edited)");
    h.get_by_label("File").click();
    h.run();
    h.get_by_label("Export report…").click();
    let start = Instant::now();
    while !folder.join("shared-report.html").exists() && start.elapsed() < Duration::from_secs(60) {
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    finish_export(&mut h);
    let written = folder.join("shared-report.html");
    let html = std::fs::read_to_string(&written).expect("the report is written with .html added");
    std::fs::remove_dir_all(&folder).unwrap();
    assert!(html.contains("(edited)</h1>"), "the scenario as it is in the window");
    assert!(html.contains("none: the scenario had unsaved changes"), "no hash for unsaved changes");
}

#[test]
fn a_scenario_with_problems_is_not_exported() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    let event = h.state().scenario().events[0].id.clone();
    h.state_mut().scenario_mut().links.push(georisk::model::Link {
        from: event.clone(),
        to: event,
        odds: georisk::model::Odds::new(2.0).unwrap(),
        notes: None,
    });
    let output = setup.dir.path().join("r.html");
    h.state_mut().issue(Command::ExportReportTo(output.clone()));
    finish_export(&mut h);
    let Some(Modal::Error { title, message, .. }) = h.state().modal() else { panic!("the app says why") };
    assert_eq!(title, "Cannot export the report");
    assert!(message.contains("problem"), "{message}");
    assert!(!output.exists());
}
