//! A save that would replace something the user did not expect asks first: a file another program
//! changed since georisk opened or saved it, a read-only file, a file with other names (hard
//! links). Overwrite, Save as… and Cancel each do what they say, and an action waiting on the
//! save (quit after "Save changes?") goes ahead only once the save is done.
#![cfg(all(feature = "gui", unix))]
#![expect(clippy::unwrap_used, reason = "test setup: a failed unwrap is a failed test")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::ui::{Command, DialogChoice, GeoriskApp, Modal, SaveRisk, UnsavedChoice};
use std::fs;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::Path;
use ui_support::*;

fn risk(h: &Harness<'static, GeoriskApp>) -> Option<SaveRisk> {
    match h.state().modal() {
        Some(Modal::ConfirmSave { risk, .. }) => Some(*risk),
        _ => None,
    }
}

fn edit_title(h: &mut Harness<'static, GeoriskApp>, title: &str) {
    h.state_mut().scenario_mut().title = title.into();
    h.run();
}

/// Another program's save: the same scenario under another title, so it still parses.
fn save_elsewhere(path: &Path, title: &str) -> String {
    let theirs = CONTRACT.replacen("title: \"Shells for satellites\"", &format!("title: \"{title}\""), 1);
    assert_ne!(theirs, CONTRACT);
    fs::write(path, &theirs).unwrap();
    theirs
}

#[test]
fn a_file_changed_on_disk_is_not_overwritten_without_asking() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    edit_title(&mut h, "Mine");
    let theirs = save_elsewhere(&path, "Theirs");

    h.state_mut().issue(Command::Save);
    h.run();
    assert_eq!(risk(&h), Some(SaveRisk::ChangedOnDisk));
    assert!(shows(&h, "\"contract.ron\" changed on disk"));
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs, "nothing written while asking");

    // Cancel: their file stays, my changes stay unsaved.
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert!(h.state().is_dirty());
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs);

    // Asked again on the next save; Overwrite writes mine.
    h.state_mut().issue(Command::Save);
    h.run();
    assert_eq!(risk(&h), Some(SaveRisk::ChangedOnDisk));
    h.get_by_label("Overwrite").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert!(!h.state().is_dirty());
    assert_eq!(on_disk(&path).title, "Mine");

    // Saving again with nobody else writing asks nothing; after another change it asks again.
    edit_title(&mut h, "Mine, again");
    h.state_mut().issue(Command::Save);
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(on_disk(&path).title, "Mine, again");
    edit_title(&mut h, "Mine, a third time");
    save_elsewhere(&path, "Theirs again");
    h.state_mut().issue(Command::Save);
    h.run();
    assert_eq!(risk(&h), Some(SaveRisk::ChangedOnDisk));
}

#[test]
fn a_file_merely_touched_or_rewritten_with_the_same_text_is_saved_without_asking() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    edit_title(&mut h, "Mine");
    fs::write(&path, CONTRACT).unwrap();
    h.state_mut().issue(Command::Save);
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(on_disk(&path).title, "Mine");
}

#[test]
fn save_as_from_the_question_keeps_both_files() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    edit_title(&mut h, "Mine");
    let theirs = save_elsewhere(&path, "Theirs");
    h.state_mut().issue(Command::Save);
    h.run();
    h.get_by_label("Save as…").click();
    h.run();
    assert_eq!(h.state().file_chooser_folder(), Some(setup.dir.path()), "the chooser opens beside the file");
    let field = h.get_by_role_and_label(egui::accesskit::Role::TextInput, "File name");
    field.focus();
    field.set_text_value_accesskit("mine.ron");
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let copy = setup.dir.path().join("mine.ron");
    assert_eq!(on_disk(&copy).title, "Mine");
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs, "their file is kept");
    assert_eq!(h.state().path(), Some(copy.as_path()));
    assert!(!h.state().is_dirty());
}

#[test]
fn a_read_only_file_is_written_only_when_confirmed_and_stays_read_only() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    fs::set_permissions(&path, fs::Permissions::from_mode(0o444)).unwrap();
    edit_title(&mut h, "Mine");

    h.state_mut().issue(Command::Save);
    h.run();
    assert_eq!(risk(&h), Some(SaveRisk::ReadOnly));
    assert!(shows(&h, "\"contract.ron\" is read-only"));
    assert_eq!(fs::read_to_string(&path).unwrap(), CONTRACT);

    h.get_by_label("Overwrite").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(on_disk(&path).title, "Mine");
    assert_eq!(fs::metadata(&path).unwrap().mode() & 0o7777, 0o444);
}

#[test]
fn a_hard_linked_file_is_written_in_place_when_confirmed_so_every_name_sees_it() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    let other = setup.dir.path().join("other-name.ron");
    fs::hard_link(&path, &other).unwrap();
    edit_title(&mut h, "Mine");

    h.state_mut().issue(Command::Save);
    h.run();
    assert_eq!(risk(&h), Some(SaveRisk::HardLinked { links: 2 }));
    h.get_by_label("Overwrite").click();
    h.run();
    assert_eq!(on_disk(&path).title, "Mine");
    assert_eq!(on_disk(&other).title, "Mine", "the other name sees the new text");
    assert_eq!(fs::metadata(&path).unwrap().nlink(), 2);
}

#[test]
fn quitting_waits_for_the_confirmed_save_and_a_cancel_keeps_the_window_open() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    edit_title(&mut h, "Mine");
    save_elsewhere(&path, "Theirs");

    h.state_mut().issue(Command::Quit);
    h.run();
    h.state_mut().issue(Command::AnswerUnsaved(UnsavedChoice::Save));
    h.run();
    assert_eq!(risk(&h), Some(SaveRisk::ChangedOnDisk));
    assert!(!h.state().quit_requested());

    // Escape is Cancel: nothing written, the window stays.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().modal().is_none());
    assert!(!h.state().quit_requested());
    assert!(h.state().is_dirty());

    h.state_mut().issue(Command::Quit);
    h.run();
    h.state_mut().issue(Command::AnswerUnsaved(UnsavedChoice::Save));
    h.run();
    h.get_by_label("Overwrite").click();
    h.run();
    assert_eq!(on_disk(&path).title, "Mine");
    assert!(h.state().quit_requested());
}
