//! The outline of a scenario too long to draw whole each frame (300 events): the items in view
//! are there and select their event, and one out of view is reached through the filter.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use georisk::model::{Event, EventCategory, Id, Likelihood, Scenario};
use georisk::ui::{Selection, Startup};
use ui_support::*;

const EVENTS: usize = 300;

fn long_scenario() -> Scenario {
    let mut s = Scenario::new("Long outline");
    s.events = (0..EVENTS)
        .map(|e| Event {
            id: Id::new(format!("event-{e}")).expect("a valid id"),
            name: format!("Outline event {e:03}"),
            kind: EventCategory::Custom.empty_kind(),
            likelihood: Likelihood::point(0.1).expect("a probability"),
            regions: Default::default(),
            markets: Default::default(),
            notes: None,
            criterion: None,
            resolution: None,
        })
        .collect();
    s
}

#[test]
fn a_long_outline_selects_the_events_in_view_and_filters_to_any_other() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Scenario(Box::new(long_scenario())));
    h.run_steps(3);
    h.get_by_label("Outline event 000").click();
    h.run_steps(3);
    assert_eq!(h.state().selection(), &Selection::Event(Id::new("event-0").unwrap()));

    let last = format!("Outline event {:03}", EVENTS - 1);
    h.get_by_role_and_label(Role::TextInput, "Filter the outline").set_text_value_accesskit(&last);
    h.run_steps(3);
    h.get_by_label(&last).click();
    h.run_steps(3);
    assert_eq!(h.state().selection(), &Selection::Event(Id::new(format!("event-{}", EVENTS - 1)).unwrap()));
    assert!(h.query_by_label("Outline event 000").is_none(), "the filter hides the others");
}
