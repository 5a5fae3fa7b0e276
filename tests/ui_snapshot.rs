//! File ▸ Save results… and saved results opened read-only: the file saved is what `georisk run
//! --format ron` writes for the same variant, trials and seed; opened (by File ▸ Open results…
//! or File ▸ Open), it shows its banner and its own figures in a window beside the open
//! scenario, flags the scenario as changed, up to date again after an undo, or not open; a bad
//! snapshot gets an error and leaves the open scenario as it was.
#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers: a failed step fails the test")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::report::snapshot::Snapshot;
use georisk::report::thousands;
use georisk::ui::{Command, DialogChoice, Freshness, GeoriskApp, Modal, Selection, banner_text};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};
use ui_support::*;

const TRIALS: u64 = 2_000;

/// What `georisk run FILE --format ron` writes for these settings.
fn cli_snapshot(file: &Path, variant: Option<&str>, seed: u64) -> Snapshot {
    let mut command = std::process::Command::new(env!("CARGO_BIN_EXE_georisk"));
    command.arg("run").arg(file).args(["--format", "ron", "--trials", &TRIALS.to_string()]);
    command.args(["--seed", &seed.to_string()]);
    if let Some(variant) = variant {
        command.args(["--variant", variant]);
    }
    let out = command.output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    Snapshot::from_ron(&String::from_utf8(out.stdout).unwrap()).unwrap()
}

/// The snapshot without the time it was made: what two runs of the same settings share.
fn figures(snapshot: &Snapshot) -> Snapshot {
    let mut snapshot = snapshot.clone();
    snapshot.made_from.made = String::new();
    snapshot
}

/// Saves the results through georisk's own chooser under the suggested name; returns the file.
fn save_results(h: &mut Harness<'static, GeoriskApp>, setup: &Setup) -> PathBuf {
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    h.run_steps(2);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Save results…").click();
    h.run_steps(3);
    h.get_by_label("Save").click();
    h.step();
    let start = Instant::now();
    while h.state().results_save_running() {
        assert!(start.elapsed() < Duration::from_secs(120), "the save never finished");
        std::thread::sleep(Duration::from_millis(20));
        h.step();
    }
    h.step();
    let Some(Modal::Error { title, .. }) = h.state().modal() else { panic!("the app says how it went") };
    assert_eq!(title, "Results saved");
    h.state_mut().issue(Command::CloseDialog);
    h.run_steps(2);
    let path = setup.dir.path().join("contract-results.ron");
    assert!(path.exists(), "written under the suggested name");
    path
}

fn read_snapshot(path: &Path) -> Snapshot {
    Snapshot::from_ron(&std::fs::read_to_string(path).unwrap()).unwrap()
}

#[test]
fn saved_results_are_what_run_format_ron_writes_for_the_variant_shown() {
    let setup = Setup::new();
    let (mut h, file) = setup.contract();
    h.state_mut().set_live_trials(TRIALS);
    let seed = h.state().scenario().seed;

    // The base scenario, simulated for the save (Results was never opened).
    let path = save_results(&mut h, &setup);
    assert_eq!(figures(&read_snapshot(&path)), figures(&cli_snapshot(&file, None, seed)));
    std::fs::remove_file(path).unwrap();

    // The variant Results shows, reusing Results' own analysis.
    open_results(&mut h);
    settle(&mut h);
    h.get_by_label("Showing").click();
    h.run_steps(2);
    h.get_all_by_label("Escalation").last().expect("the variant is offered").click();
    h.run_steps(2);
    settle(&mut h);
    let saved = read_snapshot(&save_results(&mut h, &setup));
    assert_eq!(saved.made_from.variant.as_deref(), Some("Escalation"));
    assert_eq!(figures(&saved), figures(&cli_snapshot(&file, Some("Escalation"), seed)));
}

/// The contract scenario open, with its saved results (base, from the CLI) beside it.
fn with_saved_results(setup: &Setup) -> (Harness<'static, GeoriskApp>, PathBuf, PathBuf, Snapshot) {
    let (mut h, file) = setup.contract();
    h.set_size(egui::vec2(1280.0, 1400.0));
    let seed = h.state().scenario().seed;
    let snapshot = cli_snapshot(&file, None, seed);
    let saved = setup.file("saved-results.ron", &snapshot.to_ron().unwrap());
    // File ▸ Open results…, picked in georisk's own chooser.
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    h.run_steps(2);
    h.get_by_label("File").click();
    h.run_steps(2);
    h.get_by_label("Open results…").click();
    h.run_steps(3);
    h.get_by_label("🗋 saved-results.ron").click();
    h.run_steps(2);
    h.get_by_label("Open").click();
    h.run_steps(3);
    assert!(h.state().file_chooser_folder().is_none(), "the chooser closed");
    assert_eq!(h.state().saved_results_open(), [saved.as_path()]);
    (h, file, saved, snapshot)
}

#[test]
fn open_results_shows_the_banner_and_the_stored_figures_beside_the_scenario() {
    let setup = Setup::new();
    let (h, file, _, snapshot) = with_saved_results(&setup);
    assert!(shows(&h, &banner_text(&snapshot)), "the banner: {}", banner_text(&snapshot));
    assert!(banner_text(&snapshot).ends_with(&format!(
        "· {} trials · seed {} · variant base",
        thousands(TRIALS as f64),
        snapshot.made_from.seed
    )));
    assert!(shows(&h, Freshness::UpToDate.text()));

    let (total, currency) = (&snapshot.result.portfolio.total, &snapshot.result.currency);
    for (figure, value) in [("mean", total.mean), ("ES99", total.es99), ("VaR 99", total.var99)] {
        let text = format!("{currency} {}", thousands(value));
        assert!(shows(&h, &text), "the stored {figure}, {text}, is shown");
    }
    assert!(h.query_by_label("Copy events table").is_some(), "the drivers' table is drawn");
    assert!(h.query_by_label("Copy regions").is_some(), "the stored regions are drawn");
    assert!(shows(&h, "Impact by"), "the risk matrix is drawn");

    // The open scenario is as it was: same file, same title, nothing to save.
    assert_eq!(h.state().path(), Some(file.as_path()));
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().selection(), &Selection::Overview);
}

#[test]
fn an_edit_makes_the_results_stale_and_its_undo_makes_them_current_again() {
    let setup = Setup::new();
    let (mut h, ..) = with_saved_results(&setup);
    assert!(shows(&h, Freshness::UpToDate.text()));

    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Likelihood").set_value_accesskit(0.4);
    h.run_steps(3);
    assert_eq!(likelihood_of(h.state(), "dprk-shells"), 0.4);
    assert!(shows(&h, Freshness::Stale.text()), "the edited scenario is flagged");
    assert!(!shows(&h, Freshness::UpToDate.text()));

    h.state_mut().issue(Command::Undo);
    h.run_steps(3);
    assert_eq!(likelihood_of(h.state(), "dprk-shells"), 0.85);
    assert!(shows(&h, Freshness::UpToDate.text()), "undone, the scenario is the one saved");
    assert!(!shows(&h, Freshness::Stale.text()));
}

#[test]
fn another_scenario_open_is_not_the_one_the_results_are_of() {
    let setup = Setup::new();
    let (mut h, ..) = with_saved_results(&setup);
    let other = georisk::io::BUNDLED.iter().position(|(name, _)| *name == "sahel-coups.ron").unwrap();
    h.state_mut().issue(Command::OpenBundled(other));
    h.run_steps(3);
    assert_ne!(h.state().scenario().title, "Shells for satellites");
    assert_eq!(h.state().saved_results_open().len(), 1, "the saved results stay open");
    assert!(shows(&h, Freshness::NotOpen.text()));
}

#[test]
fn file_open_on_saved_results_shows_them_and_keeps_unsaved_edits() {
    let setup = Setup::new();
    let (mut h, file) = setup.contract();
    let snapshot = cli_snapshot(&file, None, h.state().scenario().seed);
    let saved = setup.file("shared.ron", &snapshot.to_ron().unwrap());
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run_steps(2);
    h.get_by_role_and_label(egui::accesskit::Role::Slider, "Likelihood").set_value_accesskit(0.4);
    h.run_steps(3);

    h.state_mut().issue(Command::OpenPath(saved.clone()));
    h.run_steps(3);
    assert!(h.state().modal().is_none(), "no question, no error: {:?}", h.state().modal());
    assert_eq!(h.state().saved_results_open(), [saved.as_path()]);
    assert!(shows(&h, &banner_text(&snapshot)));
    assert!(shows(&h, Freshness::Stale.text()));
    assert_eq!(h.state().path(), Some(file.as_path()));
    assert!(h.state().is_dirty(), "the unsaved edit is still there");
    assert_eq!(likelihood_of(h.state(), "dprk-shells"), 0.4);
}

#[test]
fn a_bad_snapshot_gets_an_error_and_changes_nothing() {
    let setup = Setup::new();
    let (mut h, file) = setup.contract();
    let text = cli_snapshot(&file, None, h.state().scenario().seed).to_ron().unwrap();
    let first_bin = text.find("likelihood_bin: ").unwrap() + "likelihood_bin: ".len();
    let cases = [
        ("truncated.ron", text[..text.len() / 2].to_owned(), "not a georisk results snapshot"),
        ("newer.ron", text.replacen("snapshot_format: 1", "snapshot_format: 7", 1), "newer"),
        ("not-ron.ron", "Snapshot(\u{7}}}} this is not RON".to_owned(), "not a georisk results snapshot"),
        (
            "off-matrix.ron",
            format!("{}99{}", &text[..first_bin], &text[first_bin + 1..]),
            "result.events[0].likelihood_bin: 99",
        ),
    ];
    for (name, bad, says) in cases {
        let path = setup.file(name, &bad);
        for command in [Command::OpenResults(path.clone()), Command::OpenPath(path.clone())] {
            h.state_mut().issue(command);
            h.run_steps(3);
            let Some(Modal::Error { title, detail, .. }) = h.state().modal() else {
                panic!("{name}: an error, not {:?}", h.state().modal())
            };
            assert_eq!(title, "Cannot open these results", "{name}");
            let detail = detail.as_deref().unwrap();
            assert!(detail.contains(says), "{name}: {detail}");
            assert!(detail.ends_with(&path.display().to_string()), "{name} says which file: {detail}");
            h.state_mut().issue(Command::CloseDialog);
            h.run_steps(2);
            assert!(h.state().saved_results_open().is_empty());
            assert_eq!(h.state().path(), Some(file.as_path()));
            assert!(!h.state().is_dirty());
            assert_eq!(h.state().scenario(), &on_disk(&file));
        }
    }
}
