//! Recovery per instance: two georisk windows that share one recovery folder never offer or
//! delete each other's work while both run; the work of one that crashed is offered on the next
//! start, and one that is still running (a real second process) keeps its work to itself.
#![cfg(feature = "gui")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::io::RecoveryStore;
use georisk::model::Scenario;
use georisk::ui::{AUTOSAVE_SECONDS, Command, GeoriskApp, Modal, Startup};
use std::path::PathBuf;
use ui_support::*;

/// An instance with one-second frames that has autosaved an edit titled `title`.
fn instance_with_unsaved_work(store: &RecoveryStore, title: &str) -> Harness<'static, GeoriskApp> {
    let mut h = harness_with(Startup::Scenario(Box::new(Scenario::new("Start"))), Some(store.clone()), 1.0);
    h.run();
    assert!(h.state().modal().is_none(), "{:?}", h.state().modal());
    h.state_mut().scenario_mut().title = title.into();
    h.run_steps(AUTOSAVE_SECONDS as usize + 2);
    let own = h.state().recovery_file().expect("recovery is on");
    assert!(store.recovery_files().contains(&own), "{title} autosaved");
    h
}

fn offered_title(h: &Harness<'static, GeoriskApp>) -> Option<String> {
    match h.state().modal() {
        Some(Modal::Recovery { recovered, .. }) => Some(recovered.scenario.title.clone()),
        _ => None,
    }
}

#[test]
fn two_running_instances_never_see_each_others_recovery() {
    let setup = Setup::new();
    let store = setup.recovery();
    let mut first = instance_with_unsaved_work(&store, "First window's work");
    let first_file = first.state().recovery_file().unwrap();

    // A second window starts while the first runs: nothing is offered to it.
    let mut second = instance_with_unsaved_work(&store, "Second window's work");
    let second_file = second.state().recovery_file().unwrap();
    assert_ne!(first_file, second_file, "each instance has its own file");
    assert_eq!(store.recovery_files().len(), 2);

    // Asking explicitly does not reach the other's work either.
    second.state_mut().issue(Command::OfferRecovery);
    second.run();
    assert!(
        matches!(second.state().modal(), Some(Modal::Error { title, .. }) if title == "Nothing to recover")
    );
    second.state_mut().issue(Command::CloseDialog);
    second.run();

    // The second saves and quits normally: only its own file goes.
    second.state_mut().issue(Command::SaveTo(setup.dir.path().join("second.ron")));
    second.run();
    second.state_mut().issue(Command::Quit);
    second.run();
    assert!(second.state().quit_requested());
    drop(second);
    assert_eq!(store.recovery_files(), vec![first_file.clone()]);
    assert_eq!(on_disk(&first_file).title, "First window's work");

    // The first keeps autosaving to its file, untouched by the other.
    first.state_mut().scenario_mut().title = "First window's work, later".into();
    first.run_steps(AUTOSAVE_SECONDS as usize + 2);
    assert_eq!(on_disk(&first_file).title, "First window's work, later");
}

#[test]
fn a_crashed_instances_work_is_offered_to_the_next_start_and_only_once_at_a_time() {
    let setup = Setup::new();
    let store = setup.recovery();
    let running = instance_with_unsaved_work(&store, "Still running");
    {
        let _crashed = instance_with_unsaved_work(&store, "Crashed work");
        // Dropped without quitting: the process's lock is gone, as in a crash.
    }

    let mut next = harness_with(Startup::Bundled(0), Some(store.clone()), 1.0 / 60.0);
    next.run();
    assert_eq!(offered_title(&next).as_deref(), Some("Crashed work"), "only the crashed one's work");
    assert!(shows(&next, "Restore unsaved work?"));

    // A window starting meanwhile does not get the same offer.
    let mut other = harness_with(Startup::Bundled(0), Some(store.clone()), 1.0 / 60.0);
    other.run();
    assert_eq!(offered_title(&other), None, "claimed by the window that offers it");
    drop(other);

    next.get_by_label("Restore").click();
    next.run();
    assert_eq!(next.state().scenario().title, "Crashed work");
    assert!(next.state().is_dirty());
    // The restored work is now this instance's own, still safe should it crash in turn.
    let own = next.state().recovery_file().unwrap();
    assert_eq!(on_disk(&own).title, "Crashed work");
    assert_eq!(store.recovery_files().len(), 2, "the running one's file and the adopted one");
    drop(running);
}

#[test]
fn work_left_by_a_dead_process_id_is_offered_and_later_keeps_it() {
    let setup = Setup::new();
    let folder = setup.recovery().folder().to_path_buf();
    std::fs::create_dir_all(&folder).unwrap();
    // What a crashed georisk with process id 999999999 (never a live pid) leaves behind.
    let text = georisk::io::to_ron_string(&Scenario::new("Left by a dead process"));
    let orphan = folder.join("999999999-0.ron");
    std::fs::write(&orphan, format!("// georisk recovery of: /data/plan.ron\n{text}")).unwrap();
    std::fs::write(folder.join("999999999-0.lock"), "georisk process 999999999\n").unwrap();

    let mut h = setup.harness(Startup::Bundled(0));
    h.run();
    let Some(Modal::Recovery { recovered, more: 0 }) = h.state().modal() else {
        panic!("expected the recovery question, found {:?}", h.state().modal())
    };
    assert_eq!(recovered.scenario.title, "Left by a dead process");
    assert_eq!(recovered.origin, Some(PathBuf::from("/data/plan.ron")));

    // Later: kept, and offered again on the next start.
    h.get_by_label("Later").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert!(orphan.exists());
    drop(h);
    let mut h = setup.harness(Startup::Bundled(0));
    h.run();
    assert_eq!(offered_title(&h).as_deref(), Some("Left by a dead process"));
    h.get_by_label("Discard").click();
    h.run();
    assert!(!orphan.exists());
    assert!(h.state().modal().is_none());
}

/// Run by the test below in a second process: an instance with unsaved work that stays alive
/// until its parent closes its stdin.
#[test]
#[ignore = "helper: run as a child process by another test"]
fn helper_second_process_with_unsaved_work() {
    let Some(folder) = std::env::var_os("GEORISK_TEST_RECOVERY") else { return };
    let store = RecoveryStore::in_folder(folder);
    let _h = instance_with_unsaved_work(&store, "Other process's work");
    println!("autosaved");
    let mut line = String::new();
    let _ = std::io::stdin().read_line(&mut line);
}

#[test]
fn a_second_process_that_is_running_keeps_its_work_to_itself() {
    use std::io::{BufRead, Write};
    let setup = Setup::new();
    let store = setup.recovery();
    let mut child = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "helper_second_process_with_unsaved_work", "--ignored", "--nocapture"])
        .env("GEORISK_TEST_RECOVERY", store.folder())
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut out = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    while !line.contains("autosaved") {
        line.clear();
        assert_ne!(out.read_line(&mut line).unwrap(), 0, "the child process ended early");
    }
    assert_eq!(store.recovery_files().len(), 1);

    let mut h = setup.harness(Startup::Bundled(0));
    h.run();
    assert_eq!(offered_title(&h), None, "another running process's work is not offered");
    drop(h);
    assert_eq!(store.recovery_files().len(), 1, "nor deleted");

    // Killed: its work is offered to the next start.
    child.kill().unwrap();
    child.wait().unwrap();
    let _ = child.stdin.take().map(|mut s| s.write_all(b"\n"));
    let mut h = setup.harness(Startup::Bundled(0));
    h.run();
    assert_eq!(offered_title(&h).as_deref(), Some("Other process's work"));
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().scenario().title, "Other process's work", "the killed process's work is back");
    assert!(h.state().is_dirty(), "and still to be saved");
}
