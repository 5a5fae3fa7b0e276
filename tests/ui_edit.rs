//! Editing through the real app state: select, slide, undo, redo, save, add, delete, rename.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use georisk::model::{IdKind, validate};
use georisk::ui::{Command, Modal, Selection, Startup};
use ui_support::*;

#[test]
fn opens_the_bundled_example_through_the_menu_command() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Scenario(Box::new(georisk::model::Scenario::new("Scratch"))));
    assert_eq!(h.state().scenario().title, "Scratch");
    h.state_mut().issue(Command::OpenBundled(0));
    h.run();
    let (name, text) = georisk::io::BUNDLED[0];
    assert_eq!(h.state().scenario(), &georisk::io::parse_str(text).unwrap());
    assert!(!h.state().is_dirty());
    assert!(h.state().window_title().starts_with(name), "{}", h.state().window_title());
}

#[test]
fn slider_change_undoes_redoes_and_saves() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    assert!(!h.state().is_dirty());
    assert_eq!(h.state().window_title(), "contract.ron — georisk");

    h.get_by_label(SHELLS).click();
    h.run();
    assert_eq!(h.state().selection(), &Selection::Event(id("dprk-shells")));

    h.get_by_role_and_label(Role::Slider, "Likelihood").set_value_accesskit(0.4);
    h.run();
    assert_eq!(likelihood_of(h.state(), "dprk-shells"), 0.4);
    assert!(h.state().is_dirty());
    assert_eq!(h.state().window_title(), "contract.ron* — georisk");

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run();
    assert_eq!(likelihood_of(h.state(), "dprk-shells"), 0.85);
    assert!(!h.state().is_dirty(), "undoing back to the saved state clears the dirty marker");

    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    h.run();
    assert_eq!(likelihood_of(h.state(), "dprk-shells"), 0.4);
    assert!(h.state().is_dirty());

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run();
    assert!(!h.state().is_dirty());
    assert_eq!(on_disk(&path).event("dprk-shells").unwrap().likelihood.mean(), 0.4);
    assert_eq!(georisk::io::load_file(&path).unwrap(), *h.state().scenario());
}

#[test]
fn a_whole_drag_is_one_undo_step() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    for value in [0.8, 0.7, 0.6, 0.5] {
        h.get_by_role_and_label(Role::Slider, "Likelihood").set_value_accesskit(value);
        h.run_steps(3);
    }
    h.run_steps(120); // two seconds: the change settles into one undo point
    h.state_mut().issue(Command::Undo);
    h.run_steps(1);
    assert_eq!(likelihood_of(h.state(), "dprk-shells"), 0.85);
}

#[test]
fn adds_and_deletes_an_event_a_region_and_a_market() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    let before = h.state().scenario().clone();

    for add in
        [Command::AddEvent(georisk::model::EventCategory::Custom), Command::AddRegion, Command::AddMarket]
    {
        h.state_mut().issue(add);
        h.run();
    }
    let s = h.state().scenario();
    assert_eq!((s.events.len(), s.regions.len(), s.markets.len()), (3, 2, 3));
    assert_eq!(h.state().selection(), &Selection::Market(id("new-market")));

    // Unreferenced items go at once.
    h.get_by_label("Delete market").click();
    h.run();
    assert!(h.state().modal().is_none());
    for (kind, what) in [(IdKind::Region, "new-region"), (IdKind::Event, "new-event")] {
        h.state_mut().issue(Command::Delete(kind, id(what)));
        h.run();
    }
    assert_eq!(h.state().scenario(), &before);

    // A referenced market asks first, and says what refers to it.
    h.get_by_label("KOSPI").click();
    h.run();
    h.get_by_label("Delete market").click();
    h.run();
    assert!(matches!(h.state().modal(), Some(Modal::ConfirmDelete { .. })));
    assert!(shows(&h, "Delete market \"KOSPI\"?"), "by name, not id");
    assert!(shows(&h, &format!("• event \"{SHELLS}\" shocks it")));
    assert!(shows(&h, "• the portfolio holds it"));
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().scenario().market("kospi").is_some());

    h.get_by_label("Delete market").click();
    h.run();
    h.get_by_label("Delete").click();
    h.run();
    let s = h.state().scenario();
    assert!(s.market("kospi").is_none());
    assert!(s.portfolio.holdings.iter().all(|x| x.market.as_str() != "kospi"));
    assert!(validate(s).is_empty(), "{:?}", validate(s));

    // A referenced region and event too.
    for (kind, what) in [(IdKind::Region, "korea"), (IdKind::Event, "ru-satellite-tech")] {
        h.state_mut().issue(Command::Delete(kind, id(what)));
        h.run();
        assert!(matches!(h.state().modal(), Some(Modal::ConfirmDelete { .. })), "{what}");
        h.get_by_label("Delete").click();
        h.run();
        assert!(!h.state().scenario().has_id(kind, what));
    }
    assert!(validate(h.state().scenario()).is_empty());

    // Each structural edit is its own undo step.
    h.state_mut().issue(Command::Undo);
    h.run_steps(1);
    assert!(h.state().scenario().event("ru-satellite-tech").is_some());
}

#[test]
fn renaming_an_id_updates_every_reference() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.get_by_label("KOSPI").click();
    h.run();
    let field = h.get_by_role_and_label(Role::TextInput, "Id");
    field.focus();
    field.set_text_value_accesskit("kospi-200");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run_steps(3);
    let s = h.state().scenario();
    assert!(s.market("kospi").is_none(), "{:?}", s.markets);
    assert!(s.market("kospi-200").is_some());
    assert!(s.event("dprk-shells").unwrap().markets.contains_key("kospi-200"));
    assert_eq!(s.portfolio.holdings[0].market.as_str(), "kospi-200");
    assert_eq!(h.state().selection(), &Selection::Market(id("kospi-200")));
    assert!(validate(s).is_empty());
}

#[test]
fn a_new_items_id_follows_its_name() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::AddEvent(georisk::model::EventCategory::NuclearTest));
    h.run();
    let name = h.get_by_role_and_label(Role::TextInput, "Name");
    name.focus();
    name.set_text_value_accesskit("Seventh nuclear test");
    h.run_steps(3);
    assert_eq!(h.state().selection(), &Selection::Event(id("seventh-nuclear-test")));
    assert_eq!(h.state().scenario().events[2].name, "Seventh nuclear test");
}

#[test]
fn duplicating_an_event_adds_a_copy_with_a_fresh_id() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    h.get_by_label("Duplicate").click();
    h.run();
    let s = h.state().scenario();
    assert_eq!(s.events.len(), 3);
    let copy = &s.events[1];
    assert_eq!(copy.name, format!("{SHELLS} (copy)"));
    assert_ne!(copy.id.as_str(), "dprk-shells");
    assert_eq!(copy.markets, s.events[0].markets);
    assert_eq!(h.state().selection(), &Selection::Event(copy.id.clone()));
}

#[test]
fn undoing_a_rename_keeps_the_item_selected() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Market(id("kospi"))));
    h.state_mut().issue(Command::Rename(IdKind::Market, id("kospi"), id("kospi-200")));
    h.run();
    assert_eq!(h.state().selection(), &Selection::Market(id("kospi-200")));
    h.state_mut().issue(Command::Undo);
    h.run();
    assert!(h.state().scenario().market("kospi").is_some());
    assert_eq!(h.state().selection(), &Selection::Market(id("kospi")));
    assert!(!h.state().is_dirty());
}

#[test]
fn typing_a_name_that_the_id_follows_is_one_undo_step() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::AddEvent(georisk::model::EventCategory::Custom));
    h.run();
    let with_new_event = h.state().scenario().clone();
    for text in ["Coup", "Coup in", "Coup in Niger"] {
        h.get_by_role_and_label(Role::TextInput, "Name").set_text_value_accesskit(text);
        h.run_steps(2);
    }
    assert_eq!(h.state().selection(), &Selection::Event(id("coup-in-niger")));
    h.run_steps(90); // the typing settles
    h.state_mut().issue(Command::Undo);
    h.run();
    assert_eq!(h.state().scenario(), &with_new_event);
    assert_eq!(h.state().selection(), &Selection::Event(id("new-event")));
}

#[test]
fn impact_grids_add_remove_and_change_distributions() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.get_by_label("Russia helps the DPRK with satellite launchers").click();
    h.run();

    // Add a severity for the Korean Peninsula through the row picker.
    h.get_by_label("Add a region").click();
    h.run();
    h.get_all_by_label("Korean Peninsula").last().unwrap().click();
    h.run();
    assert_eq!(satellite(&h).regions.get("korea"), Some(&georisk::model::Severity::Moderate));

    // Switch the KOSPI shock from triangular to uniform: the mean is kept.
    let before = satellite(&h).markets["kospi"].mean();
    h.get_by_label("Distribution of the shock on KOSPI").click();
    h.run();
    h.get_by_label("Uniform").click();
    h.run();
    let shock = satellite(&h).markets["kospi"];
    assert_eq!(shock.kind_name(), "Uniform");
    assert!((shock.mean() - before).abs() < 1e-12);

    // Add the other market, then remove KOSPI's row.
    h.get_by_label("Add a market").click();
    h.run();
    h.get_all_by_label("US defence stocks").last().unwrap().click();
    h.run();
    assert!(satellite(&h).markets.contains_key("us-defense"));
    let removes: Vec<_> = h.get_all_by_label("Remove").collect();
    assert_eq!(removes.len(), 3, "one per row: a region and two markets");
    removes[1].click();
    h.run();
    assert!(!satellite(&h).markets.contains_key("kospi"));
    assert!(validate(h.state().scenario()).is_empty());
}

#[test]
fn the_risk_matrix_ratings_can_be_changed_and_reset() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.get_by_label("Risk matrix").click();
    h.run();
    h.get_by_label("Rating of Almost certain × Severe").click();
    h.run();
    h.get_by_label("Medium").click();
    h.run();
    assert_eq!(h.state().scenario().matrix.rating(4, 4), Some(georisk::model::Rating::Medium));
    assert!(h.state().is_dirty());
    h.get_by_label("Reset to the usual 5 × 5").click();
    h.run();
    assert!(h.state().scenario().matrix.is_default());
    assert!(!h.state().is_dirty());
}

#[test]
fn every_editor_draws_with_every_widget_named() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    for add in [Command::AddGroup, Command::AddLink, Command::AddVariant] {
        h.state_mut().issue(add);
        h.run();
    }
    let s = h.state().scenario().clone();
    let mut selections = vec![Selection::Overview, Selection::Portfolio, Selection::Matrix];
    selections.extend(s.regions.iter().map(|r| Selection::Region(r.id.clone())));
    selections.extend(s.markets.iter().map(|m| Selection::Market(m.id.clone())));
    selections.extend(s.events.iter().map(|e| Selection::Event(e.id.clone())));
    selections.extend(s.groups.iter().map(|g| Selection::Group(g.id.clone())));
    selections.extend((0..s.links.len()).map(Selection::Link));
    selections.extend((0..s.variants.len()).map(Selection::Variant));
    for selection in selections {
        h.state_mut().issue(Command::Select(selection.clone()));
        // `run` fails on any widget without an accessible name.
        h.run();
        assert_eq!(h.state().selection(), &selection);
        assert!(!shows(&h, "This item no longer exists. Pick another one in the outline."));
    }
    assert_eq!(h.state().scenario(), &s, "looking changes nothing");
}

#[test]
fn the_outline_filter_shows_only_matching_items() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    assert!(h.query_by_label(SHELLS).is_some());
    h.get_by_role_and_label(Role::TextInput, "Filter the outline").set_text_value_accesskit("kosp");
    h.run();
    assert!(h.query_by_label("KOSPI").is_some());
    assert!(h.query_by_label(SHELLS).is_none());
    assert!(h.query_by_label("US defence stocks").is_none());
    assert!(h.query_by_label("Markets (2)").is_some(), "counts are of the whole scenario");
}
