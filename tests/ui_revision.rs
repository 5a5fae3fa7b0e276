//! The live results follow the document's revision: an edit made with a slider, its undo and its
//! redo each start a new run of the scenario as it then is, and frames without an edit start
//! none. Undoing back to the saved file reads as saved again.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use georisk::ui::{Command, Selection};
use ui_support::*;

/// The generation of the edits the worker follows (one per run started).
fn generation(h: &egui_kittest::Harness<'static, georisk::ui::GeoriskApp>) -> u64 {
    h.state().live_results().expect("the results are running").1
}

#[test]
fn an_edit_its_undo_and_its_redo_each_start_a_run_and_idle_frames_start_none() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::SetResultsBeside(true));
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run_steps(2);
    let saved = settle(&mut h);
    let (start, revision) = (generation(&h), h.state().revision());

    h.run_steps(20);
    assert_eq!(generation(&h), start, "frames without an edit start no run");
    assert_eq!(h.state().revision(), revision, "frames without an edit keep the revision");
    assert!(!h.state().is_dirty());

    h.get_by_role_and_label(Role::Slider, "Likelihood").set_value_accesskit(0.05);
    h.run_steps(2);
    let edited = generation(&h);
    assert!(edited > start, "the slider's edit started a run");
    assert_ne!(h.state().revision(), revision, "the edit moved the revision on");
    assert!(h.state().is_dirty());
    let after_edit = settle(&mut h);
    assert!(likelihood_of(h.state(), "dprk-shells") < 0.1);
    assert_ne!(after_edit, saved, "the run is of the edited scenario");
    h.run_steps(20);
    assert_eq!(generation(&h), edited, "no run once the edit's results are in");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    let undone = generation(&h);
    assert!(undone > edited, "undo started a run");
    assert_eq!(settle(&mut h), saved, "undo brings the saved scenario's results back");
    assert!(!h.state().is_dirty(), "undoing back to the saved file reads as saved");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Y);
    h.run_steps(2);
    assert!(generation(&h) > undone, "redo started a run");
    assert_eq!(settle(&mut h), after_edit, "redo brings the edit's results back");
    assert!(h.state().is_dirty());
}

#[test]
fn an_edit_through_the_app_moves_the_revision_and_reruns() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    settle(&mut h);
    let start = generation(&h);
    h.state_mut().scenario_mut().seed += 1;
    h.run_steps(2);
    assert!(generation(&h) > start, "a change made through scenario_mut starts a run");
    let shown = settle(&mut h);
    assert_eq!(shown.result.seed, h.state().scenario().seed, "the run is of the changed scenario");
}
