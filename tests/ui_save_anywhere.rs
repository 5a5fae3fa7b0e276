//! Saving always works: where the system cannot show a file dialog (no xdg portal, no zenity:
//! rfd answers "nothing" at once), georisk's own chooser takes over for Open and Save as, and
//! `georisk FILE.ron` on a file that does not exist yet starts a scenario that Save writes there.
#![cfg(feature = "gui")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::ui::{Command, DialogChoice, GeoriskApp, Modal, Startup, UnsavedChoice};
use std::path::Path;
use ui_support::*;

/// rfd on a desktop with no dialog service: returns nothing, at once.
fn no_system_dialog(h: &mut Harness<'static, GeoriskApp>) {
    h.state_mut().set_native_dialog(|_, _, _| None);
}

/// Runs frames until `done` holds (the system dialog answers on its own thread).
fn run_until(h: &mut Harness<'static, GeoriskApp>, what: &str, done: impl Fn(&GeoriskApp) -> bool) {
    // One frame at a time: while the dialog's thread is out, the app keeps polling for its answer,
    // so waiting for the frames to settle (`run`) can give up first on a busy machine.
    for _ in 0..2000 {
        h.step();
        if done(h.state()) {
            // The frames that draw what the answer opened.
            h.run_steps(2);
            return;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    panic!("timed out waiting for {what}");
}

/// Types a folder into the chooser's path field, as a user does, and presses Enter.
fn go_to_folder(h: &mut Harness<'static, GeoriskApp>, folder: &Path) {
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "Folder");
    field.focus();
    field.set_text_value_accesskit(&folder.display().to_string());
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    assert_eq!(h.state().file_chooser_folder(), Some(folder));
}

/// Replaces the file name in the chooser's name field.
fn type_file_name(h: &mut Harness<'static, GeoriskApp>, current: &str, name: &str) {
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File name");
    assert_eq!(field.value().as_deref(), Some(current));
    field.focus();
    field.set_text_value_accesskit(name);
    h.run();
}

#[test]
fn without_a_system_dialog_save_as_goes_through_the_built_in_chooser_and_reopens_equal() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Bundled(0));
    no_system_dialog(&mut h);
    h.state_mut().issue(Command::New);
    h.run();
    h.get_all_by_label("Add region").next().unwrap().click();
    h.run();
    h.state_mut().issue(Command::AddEvent(georisk::model::EventCategory::Summit));
    h.run();
    assert!(h.state().is_dirty());

    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::S);
    run_until(&mut h, "the built-in chooser", |app| app.file_chooser_folder().is_some());
    assert!(h.state().modal().is_none(), "no dead-end message: {:?}", h.state().modal());
    assert!(h.query_by_label_contains("could not show its file dialog").is_some(), "says why");
    assert!(h.query_by_label_contains("Save scenario as").is_some());

    go_to_folder(&mut h, setup.dir.path());
    // A name without an extension is saved as .ron.
    type_file_name(&mut h, "untitled-scenario.ron", "from-scratch");
    h.get_by_label("Save").click();
    h.run();

    let path = setup.dir.path().join("from-scratch.ron");
    assert!(h.state().file_chooser_folder().is_none(), "the chooser closed");
    assert!(h.state().modal().is_none(), "{:?}", h.state().modal());
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert_eq!(&on_disk(&path), h.state().scenario());
    let saved = h.state().scenario().clone();

    let reopened = setup.harness(Startup::File(path.clone()));
    assert_eq!(reopened.state().scenario(), &saved);
    assert!(!reopened.state().is_dirty());

    // Once the system has failed, Save as goes straight to the chooser, in the file's folder.
    h.state_mut().issue(Command::SaveAsDialog);
    h.run();
    assert_eq!(h.state().file_chooser_folder(), Some(setup.dir.path()));
}

#[test]
fn saving_over_an_existing_file_asks_first() {
    let setup = Setup::new();
    let existing = setup.file("taken.ron", CONTRACT);
    let mut h = setup.harness(Startup::Scenario(Box::new(georisk::model::Scenario::new("Taken"))));
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    h.state_mut().issue(Command::SaveAsDialog);
    h.run();
    go_to_folder(&mut h, setup.dir.path());
    h.get_by_label("Save").click();
    h.run();
    assert_eq!(h.state().file_chooser_asks_to_replace(), Some(existing.as_path()));
    assert!(shows(&h, "Replace the existing file?"));
    assert_eq!(on_disk(&existing).title, "Shells for satellites", "nothing written yet");

    // Back to the chooser, same folder and name; nothing written.
    h.get_by_label("Choose another name").click();
    h.run();
    assert_eq!(h.state().file_chooser_folder(), Some(setup.dir.path()));
    assert_eq!(on_disk(&existing).title, "Shells for satellites");

    h.get_by_label("Save").click();
    h.run();
    h.get_by_label("Replace").click();
    h.run();
    assert!(h.state().file_chooser_folder().is_none());
    assert_eq!(on_disk(&existing).title, "Taken");
    assert_eq!(h.state().path(), Some(existing.as_path()));
}

#[test]
fn open_goes_through_the_built_in_chooser_and_recent_folders_are_one_click_away() {
    let setup = Setup::new();
    let elsewhere = setup.dir.path().join("elsewhere");
    std::fs::create_dir(&elsewhere).unwrap();
    let other = elsewhere.join("other.ron");
    std::fs::write(&other, CONTRACT.replace("Shells for satellites", "Other")).unwrap();
    let (mut h, contract) = setup.contract();
    // Open the one elsewhere once, so its folder is recent; then come back.
    h.state_mut().issue(Command::OpenPath(other.clone()));
    h.run();
    h.state_mut().issue(Command::OpenPath(contract.clone()));
    h.run();
    no_system_dialog(&mut h);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::O);
    run_until(&mut h, "the built-in chooser", |app| app.file_chooser_folder().is_some());
    assert_eq!(h.state().file_chooser_folder(), Some(setup.dir.path()), "starts in the document's folder");
    assert!(h.query_by_label("🗀 elsewhere").is_some(), "folders are listed");
    assert!(h.query_by_label("🗋 contract.ron").is_some(), "scenario files are listed");

    // The recent folder, from the places beside the chooser.
    h.get_by_label("elsewhere").click();
    h.run();
    assert_eq!(h.state().file_chooser_folder(), Some(elsewhere.as_path()));
    h.get_by_label("🗋 other.ron").click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert!(h.state().file_chooser_folder().is_none());
    assert_eq!(h.state().scenario().title, "Other");
    assert_eq!(h.state().path(), Some(other.as_path()));
}

#[test]
fn cancelling_the_chooser_changes_nothing() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    h.state_mut().issue(Command::OpenDialog);
    h.run();
    assert!(h.state().file_chooser_folder().is_some());
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().file_chooser_folder().is_none());
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(h.state().modal().is_none());
}

#[test]
fn quitting_with_a_never_saved_scenario_can_save_it_through_the_chooser() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Scenario(Box::new(georisk::model::Scenario::new("Draft"))));
    no_system_dialog(&mut h);
    h.state_mut().scenario_mut().title = "Draft, edited".into();
    h.state_mut().issue(Command::Quit);
    h.run();
    assert!(matches!(h.state().modal(), Some(Modal::Unsaved { .. })));
    h.state_mut().issue(Command::AnswerUnsaved(UnsavedChoice::Save));
    run_until(&mut h, "the built-in chooser", |app| app.file_chooser_folder().is_some());
    assert!(!h.state().quit_requested());
    go_to_folder(&mut h, setup.dir.path());
    h.get_by_label("Save").click();
    h.run();
    let path = setup.dir.path().join("draft-edited.ron");
    assert_eq!(on_disk(&path).title, "Draft, edited");
    assert!(h.state().quit_requested(), "then closes, as asked");
}

#[test]
fn a_file_that_does_not_exist_yet_starts_a_new_scenario_that_save_writes_there() {
    let setup = Setup::new();
    let path = setup.dir.path().join("brand-new_plan.ron");
    let mut h = setup.harness(Startup::File(path.clone()));
    assert!(h.state().modal().is_none(), "{:?}", h.state().modal());
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert_eq!(h.state().scenario().title, "Brand new plan");
    assert!(h.state().scenario().events.is_empty());
    assert_eq!(h.state().window_title(), "brand-new_plan.ron — georisk");
    assert!(!path.exists(), "nothing is written before Save");

    h.state_mut().issue(Command::AddRegion);
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(h.state().file_chooser_folder().is_none(), "Save needs no dialog");
    assert!(!h.state().is_dirty());
    assert_eq!(&on_disk(&path), h.state().scenario());
    assert_eq!(on_disk(&path).regions.len(), 1);
}

#[test]
fn a_person_cancelling_the_system_dialog_is_not_answered_with_the_built_in_chooser() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    // A system dialog that a person looked at, then cancelled: slower than any system failure.
    h.state_mut().set_native_dialog(|_, _, _| {
        std::thread::sleep(std::time::Duration::from_millis(400));
        None
    });
    h.state_mut().issue(Command::OpenDialog);
    h.run();
    std::thread::sleep(std::time::Duration::from_millis(600));
    h.run();
    h.run();
    assert!(h.state().file_chooser_folder().is_none(), "a cancel is a cancel");
    assert!(h.state().modal().is_none(), "{:?}", h.state().modal());
    assert_eq!(h.state().path(), Some(path.as_path()));

    // And the next Open still tries the system's dialog: with none, the chooser opens.
    no_system_dialog(&mut h);
    h.state_mut().issue(Command::OpenDialog);
    run_until(&mut h, "the built-in chooser", |app| app.file_chooser_folder().is_some());
}
