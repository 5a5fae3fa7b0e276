//! Recording outcomes in the app: mark an event's outcome with its date and source, undo and
//! redo it, save, and find it in the file; the overview's as-of date refuses what is not a date.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use georisk::model::Date;
use georisk::ui::{Command, Selection};
use ui_support::*;

fn resolution(
    h: &egui_kittest::Harness<'static, georisk::ui::GeoriskApp>,
) -> Option<georisk::model::Resolution> {
    h.state().scenario().event("dprk-shells").and_then(|e| e.resolution.clone())
}

#[test]
fn an_outcome_is_marked_undone_redone_saved_and_reloaded() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    h.get_by_label(SHELLS).click();
    h.run();
    assert_eq!(h.state().selection(), &Selection::Event(id("dprk-shells")));
    assert_eq!(resolution(&h), None);

    h.get_by_label("Happened").click();
    h.run_steps(120); // the change settles into an undo point
    assert_eq!(resolution(&h).map(|r| r.happened), Some(true));
    h.state_mut().issue(Command::Undo);
    h.run();
    assert_eq!(resolution(&h), None, "undo takes the outcome back");
    h.state_mut().issue(Command::Redo);
    h.run();
    assert_eq!(resolution(&h).map(|r| r.happened), Some(true), "redo restores it");

    h.get_by_role_and_label(Role::TextInput, "Date").set_text_value_accesskit("2024-10-23");
    h.run_steps(2);
    h.get_by_role_and_label(Role::MultilineTextInput, "Source")
        .set_text_value_accesskit("Reuters, 23 Oct 2024");
    h.run_steps(2);
    let marked = resolution(&h).unwrap_or_else(|| panic!("resolved"));
    assert_eq!(marked.when, Date::parse("2024-10-23"));
    assert_eq!(marked.source, "Reuters, 23 Oct 2024");
    assert!(shows(&h, "✔"), "the outline marks the event that happened");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().is_dirty());
    let saved = on_disk(&path);
    assert_eq!(saved.event("dprk-shells").and_then(|e| e.resolution.clone()), Some(marked));
    assert_eq!(saved, *h.state().scenario());

    h.get_by_label("Did not happen").click();
    h.run_steps(2);
    assert_eq!(
        resolution(&h).map(|r| (r.happened, r.source)),
        Some((false, "Reuters, 23 Oct 2024".to_owned()))
    );
    assert!(shows(&h, "✖"));
}

#[test]
fn the_overview_applies_an_as_of_date_only_when_it_is_one() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Overview));
    h.run();
    h.get_by_role_and_label(Role::TextInput, "As of").set_text_value_accesskit("2024-02-30");
    h.run_steps(2);
    assert_eq!(h.state().scenario().as_of, None, "an impossible date is not applied");
    assert!(shows(&h, "not a date (YYYY-MM-DD); not applied"));
    h.get_by_role_and_label(Role::TextInput, "As of").set_text_value_accesskit("2024-06-19");
    h.run_steps(2);
    assert_eq!(h.state().scenario().as_of, Date::parse("2024-06-19"));
    assert!(!shows(&h, "not a date (YYYY-MM-DD); not applied"));
}

#[test]
fn results_score_the_shown_probabilities_against_the_recorded_outcomes() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    settle(&mut h);
    assert!(!shows(&h, "How the forecasts did"), "nothing to score before an outcome is recorded");
    for (event, happened) in [("dprk-shells", true), ("ru-satellite-tech", false)] {
        let scenario = h.state_mut().scenario_mut();
        let at = scenario.event_index(event).expect("the fixture's event");
        scenario.events[at].resolution =
            Some(georisk::model::Resolution { happened, when: None, source: "test fixture".into() });
    }
    let shown = settle(&mut h);
    // Computed here from the shown probabilities, not by engine::score.
    let probability =
        |id: &str| shown.result.events.iter().find(|e| e.id == id).expect("simulated").probability;
    let (shells, satellite) = (probability("dprk-shells"), probability("ru-satellite-tech"));
    let brier = ((shells - 1.0).powi(2) + satellite.powi(2)) / 2.0;
    let log = (-shells.ln() - (1.0 - satellite).ln()) / 2.0;
    let total = h.state().scenario().events.len();
    assert!(shows(&h, &format!("2 of {total} events have a recorded outcome.")));
    assert!(shows(&h, &format!("{brier:.3}")), "the Brier score {brier:.3} is shown");
    assert!(shows(&h, &format!("{log:.3}")), "the log score {log:.3} is shown");
    assert!(shows(&h, &format!("{:.2}", 1.0 - brier / 0.25)), "the skill is shown");
    assert!(shows(&h, "0.250") && shows(&h, "0.693"), "beside the 50% reference's");
    let plot = h.get_by_label("Calibration plot");
    let bins = plot.value().expect("the plot says what it draws");
    let bin_of = |p: f64| ((p * 10.0).floor() as usize).min(9);
    let expected = if bin_of(shells) == bin_of(satellite) { 1 } else { 2 };
    assert_eq!(bins.matches("happened").count(), expected, "one dot per filled tenth: {bins}");
    let low = 10 * bin_of(shells);
    assert!(bins.contains(&format!("{low}–{}%", low + 10)), "the shells' tenth is drawn: {bins}");
}
