//! Files through the real app state: broken files, files with problems, the unsaved-changes
//! prompt, and recovery after a crash.
#![cfg(feature = "gui")]

mod ui_support;

use egui_kittest::kittest::Queryable;
use georisk::model::Item;
use georisk::ui::{AUTOSAVE_SECONDS, Command, Modal, Selection, Startup, UnsavedChoice};
use ui_support::*;

#[test]
fn a_broken_file_keeps_the_open_document_and_shows_where_it_is_broken() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    h.state_mut().scenario_mut().title = "Edited".into();
    h.run();
    let before = h.state().scenario().clone();
    let broken = setup.file("broken.ron", "Scenario(\n    title: \"x\",\n    horizon_months: \"twelve\",\n)");

    h.state_mut().issue(Command::OpenPath(broken.clone()));
    h.run();
    assert!(matches!(h.state().modal(), Some(Modal::Unsaved { .. })));
    h.get_by_label("Don't save").click();
    h.run();

    let Some(Modal::Error { detail: Some(message), .. }) = h.state().modal() else {
        panic!("expected an error dialog, found {:?}", h.state().modal())
    };
    assert!(message.contains("broken.ron:3:20: horizon_months: Expected integer"), "{message}");
    assert!(h.query_by_label("OK").is_some());
    assert!(shows(&h, "Cannot open this file"));
    assert_eq!(h.state().scenario(), &before, "the open document is untouched");
    assert_eq!(h.state().path(), Some(path.as_path()));

    h.get_by_label("OK").click();
    h.run();
    assert!(h.state().modal().is_none());
}

#[test]
fn a_file_with_problems_opens_and_lists_them_with_a_jump_to_each() {
    let setup = Setup::new();
    let text = CONTRACT.replace("\"us-defense\": Fixed(0.04)", "\"us-defence\": Fixed(0.04)");
    let path = setup.file("typo.ron", &text);
    let mut h = setup.harness(Startup::File(path));
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(h.state_mut().problem_count(), 1);
    assert!(h.query_by_label("1 problem").is_some());
    h.get_by_label_contains("market \"us-defence\" is not defined").click();
    h.run();
    assert_eq!(h.state().selection(), &Selection::of_item(h.state().scenario(), Item::Event(0)));
    assert!(matches!(h.state().selection(), Selection::Event(id) if id.as_str() == "dprk-shells"));
}

#[test]
fn closing_the_window_with_unsaved_changes_asks_first() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    h.state_mut().scenario_mut().title = "Edited".into();
    h.run();

    // The window manager's close button.
    h.input_mut()
        .viewports
        .entry(egui::ViewportId::ROOT)
        .or_default()
        .events
        .push(egui::ViewportEvent::Close);
    h.run();
    assert!(matches!(h.state().modal(), Some(Modal::Unsaved { .. })));
    assert!(!h.state().quit_requested());
    assert!(shows(&h, "Save changes?"));

    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert!(!h.state().quit_requested());
    assert_eq!(h.state().scenario().title, "Edited");

    // Save from the prompt saves, then closes.
    h.state_mut().issue(Command::Quit);
    h.run();
    h.get_by_label("Save").click();
    h.run();
    assert!(h.state().quit_requested());
    assert_eq!(on_disk(&path).title, "Edited");
}

#[test]
fn dont_save_closes_without_saving_and_a_clean_document_closes_at_once() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    h.state_mut().issue(Command::Quit);
    h.run();
    assert!(h.state().quit_requested(), "nothing to lose: no question");

    let mut h = setup.harness(Startup::File(path.clone()));
    h.state_mut().scenario_mut().title = "Edited".into();
    h.state_mut().issue(Command::Quit);
    h.run();
    h.state_mut().issue(Command::AnswerUnsaved(UnsavedChoice::DontSave));
    h.run();
    assert!(h.state().quit_requested());
    assert_eq!(on_disk(&path).title, "Shells for satellites");
}

#[test]
fn new_with_unsaved_changes_asks_and_cancel_keeps_the_work() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().scenario_mut().title = "Edited".into();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::N);
    h.run();
    assert!(matches!(h.state().modal(), Some(Modal::Unsaved { then }) if *then == georisk::ui::Replace::New));
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(h.state().scenario().title, "Edited");
    h.state_mut().issue(Command::New);
    h.run();
    h.get_by_label("Don't save").click();
    h.run();
    assert_eq!(h.state().scenario().title, "Untitled scenario");
    assert!(h.state().scenario().events.is_empty());
    assert!(!h.state().is_dirty());
}

#[test]
fn recovery_is_offered_after_a_crash_and_removed_after_a_save() {
    let setup = Setup::new();
    let path = setup.file("contract.ron", CONTRACT);
    let store = setup.recovery();
    {
        // One-second frames, so autosave comes due quickly.
        let mut h = harness_with(Startup::File(path.clone()), Some(store.clone()), 1.0);
        h.state_mut().scenario_mut().title = "Work in progress".into();
        h.run_steps(3);
        assert!(store.recovery_files().is_empty(), "not before {AUTOSAVE_SECONDS} seconds");
        h.run_steps(AUTOSAVE_SECONDS as usize + 2);
        assert_eq!(store.recovery_files(), vec![h.state().recovery_file().unwrap()], "autosaved while dirty");
        // Dropped without quitting: a crash.
    }
    let mut h = harness_with(Startup::Bundled(0), Some(store.clone()), 1.0 / 60.0);
    h.run();
    assert!(matches!(h.state().modal(), Some(Modal::Recovery { more: 0, .. })));
    assert!(shows(&h, "Restore unsaved work?"));
    h.get_by_label("Restore").click();
    h.run();
    assert_eq!(h.state().scenario().title, "Work in progress");
    assert_eq!(h.state().path(), Some(path.as_path()));
    assert!(h.state().is_dirty());

    h.state_mut().issue(Command::Save);
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(on_disk(&path).title, "Work in progress");
    assert!(store.recovery_files().is_empty(), "a normal save removes the recovery file");
}

#[test]
fn discarding_the_recovered_work_deletes_it() {
    let setup = Setup::new();
    let store = setup.recovery();
    {
        let crashed = store.start_instance().unwrap();
        crashed.write(None, &georisk::model::Scenario::new("Lost draft")).unwrap();
    }
    let mut h = setup.harness(Startup::Bundled(0));
    h.run();
    h.get_by_label("Discard").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert!(store.recovery_files().is_empty());
    assert_ne!(h.state().scenario().title, "Lost draft");
}

#[test]
fn recent_files_are_remembered_most_recent_first() {
    let setup = Setup::new();
    let a = setup.file("a.ron", CONTRACT);
    let b = setup.file("b.ron", CONTRACT);
    let mut h = setup.harness(Startup::File(a.clone()));
    h.state_mut().issue(Command::OpenPath(b.clone()));
    h.run();
    h.state_mut().issue(Command::OpenPath(a.clone()));
    h.run();
    assert_eq!(h.state().preferences().recent, vec![a, b]);
}

/// A file as the window system hands it over on a drop.
#[derive(Debug)]
struct Dropped(std::path::PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &std::path::Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("the app reads dropped files through io, never through the window system".into())
    }
}

fn drop_file(h: &mut egui_kittest::Harness<'static, georisk::ui::GeoriskApp>, path: std::path::PathBuf) {
    h.input_mut().dropped_files.push(std::sync::Arc::new(Dropped(path)));
    h.run();
}

#[test]
fn dropping_a_ron_file_opens_it_and_other_files_are_refused() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Scenario(Box::new(georisk::model::Scenario::new("Scratch"))));
    let notes = setup.file("notes.txt", "not a scenario");
    drop_file(&mut h, notes);
    assert!(matches!(h.state().modal(), Some(Modal::Error { message, .. }) if message.contains(".ron")));
    assert_eq!(h.state().scenario().title, "Scratch");
    h.state_mut().issue(Command::CloseDialog);
    h.run();

    let scenario = setup.file("dropped.ron", CONTRACT);
    drop_file(&mut h, scenario.clone());
    assert_eq!(h.state().scenario().title, "Shells for satellites");
    assert_eq!(h.state().path(), Some(scenario.as_path()));
}

#[test]
fn a_scenario_built_from_scratch_saves_as_a_new_file_and_reloads() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Bundled(0));
    h.state_mut().issue(Command::New);
    h.run();
    // The outline and the overview both offer these; either will do.
    h.get_all_by_label("Add region").next().unwrap().click();
    h.run();
    h.get_all_by_label("Add market").next().unwrap().click();
    h.run();
    h.state_mut().issue(Command::AddEvent(georisk::model::EventCategory::Summit));
    h.run();
    assert!(h.state().is_dirty());
    assert!(h.state().window_title().starts_with("Untitled*"), "{}", h.state().window_title());

    let path = setup.dir.path().join("mine.ron");
    h.state_mut().issue(Command::SaveTo(path.clone()));
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().window_title(), "mine.ron — georisk");
    assert_eq!(&on_disk(&path), h.state().scenario());
    assert_eq!(h.state().preferences().recent.first(), Some(&path));
    let s = h.state().scenario();
    assert_eq!((s.regions.len(), s.markets.len(), s.events.len()), (1, 1, 1));
}

#[test]
fn a_failed_save_says_why_and_keeps_the_changes_unsaved() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().scenario_mut().title = "Edited".into();
    h.state_mut().issue(Command::SaveTo(setup.dir.path().join("no-such-folder").join("x.ron")));
    h.run();
    assert!(matches!(h.state().modal(), Some(Modal::Error { title, .. }) if title == "Cannot save"));
    assert!(h.state().is_dirty());
}

/// eframe's storage, in memory.
#[derive(Default)]
struct MemoryStorage(std::collections::BTreeMap<String, String>);

impl eframe::Storage for MemoryStorage {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }

    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }

    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }

    fn flush(&mut self) {}
}

#[test]
fn preferences_persist_but_the_document_never_does() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    h.state_mut().issue(Command::SetTheme(egui::ThemePreference::Light));
    h.state_mut().scenario_mut().title = "Unsaved title".into();
    h.run();
    let mut storage = MemoryStorage::default();
    eframe::App::save(h.state_mut(), &mut storage);
    let stored: String = storage.0.values().cloned().collect();
    assert!(stored.contains("contract.ron"), "{stored}");
    assert!(!stored.contains("Unsaved title") && !stored.contains("dprk-shells"), "{stored}");

    let prefs: georisk::ui::Preferences = eframe::get_value(&storage, eframe::APP_KEY).unwrap();
    assert_eq!(prefs.theme, egui::ThemePreference::Light);
    assert_eq!(prefs.recent, vec![path]);
}
