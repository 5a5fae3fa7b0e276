//! The drivers section of Results as a user meets it: the tornado puts the likelihood that
//! moves expected shortfall most on top, a bar or a name opens its event, a heading sorts the
//! table (again: reversed), every heading explains its figure, and the figures are the engine's.
#![cfg(feature = "gui")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::engine::Analysis;
use georisk::report::thousands;
use georisk::ui::{Command, GeoriskApp, Selection};
use ui_support::*;

const SATELLITE: &str = "Russia helps the DPRK with satellite launchers";

/// The table's headings, as shown before any sorting arrow, with a phrase of each tooltip.
const HEADINGS: [(&str, &str); 7] = [
    ("Event", "Click a name to edit the event"),
    ("Probability\n(simulated)", "The share of trials in which the event happened"),
    ("Impact\n(total)", "causal effect on mean P&L"),
    ("Direct\nimpact", "from the event's own market moves"),
    ("Adds to\nES 99%", "ES 99% when the event is forced to happen minus when it is prevented"),
    ("Worst 1%\nshare", "The share of exactly the worst"),
    ("Mean P&L\nif / if not", "descriptive only, since other events co-occur with it"),
];

/// Opens Results on the contract scenario in a window tall enough to show the whole section,
/// and waits for the result of the open scenario.
fn results() -> (Setup, Harness<'static, GeoriskApp>, Analysis) {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(1280.0, 2600.0));
    open_results(&mut h);
    let result = settle(&mut h);
    (setup, h, result)
}

fn name_of(analysis: &Analysis, id: &str) -> String {
    analysis.result.events.iter().find(|e| e.id == id).expect("the event is in the result").name.clone()
}

/// The table's event names, top row first.
fn table_order(h: &Harness<'static, GeoriskApp>) -> Vec<&'static str> {
    let mut rows: Vec<(f32, &str)> = [SHELLS, SATELLITE]
        .into_iter()
        .map(|name| (h.get_by_role_and_label(egui::accesskit::Role::Link, name).rect().top(), name))
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0));
    rows.into_iter().map(|(_, name)| name).collect()
}

fn heading<'a>(h: &'a Harness<'static, GeoriskApp>, text: &'a str) -> egui_kittest::Node<'a> {
    h.get_by(move |node| {
        node.role() == egui::accesskit::Role::Button && node.label().is_some_and(|l| l.starts_with(text))
    })
}

#[test]
fn the_tornado_puts_the_largest_swing_on_top_in_either_figure() {
    let (_setup, mut h, analysis) = results();
    let events = &analysis.sensitivity.events;
    let top_es = events.iter().max_by(|a, b| a.es99_swing().total_cmp(&b.es99_swing())).unwrap();
    let rows = h.get_by_label("Tornado chart").value().unwrap_or_default();
    let expected = format!("Expected shortfall 99%, largest swing first: {}", name_of(&analysis, &top_es.id));
    assert!(rows.starts_with(&expected), "{rows}");

    h.get_by_role_and_label(egui::accesskit::Role::Button, "Mean P&L").click();
    h.run_steps(2);
    let top_mean = events.iter().max_by(|a, b| a.mean_swing().total_cmp(&b.mean_swing())).unwrap();
    let rows = h.get_by_label("Tornado chart").value().unwrap_or_default();
    let expected = format!("Mean P&L, largest swing first: {}", name_of(&analysis, &top_mean.id));
    assert!(rows.starts_with(&expected), "{rows}");
}

#[test]
fn clicking_a_tornado_bar_opens_its_event() {
    let (_setup, mut h, analysis) = results();
    let mut swings: Vec<_> = analysis.sensitivity.events.iter().collect();
    swings.sort_by(|a, b| b.es99_swing().total_cmp(&a.es99_swing()));
    let rect = h.get_by_label("Tornado chart").rect();
    // The y axis runs from −0.6 (bottom) to n − 0.4 (top): row k from the top is centred at
    // (k + 0.6) / n of the height.
    let n = swings.len() as f32;
    for (k, e) in swings.iter().enumerate() {
        let pos = egui::pos2(rect.center().x, rect.top() + rect.height() * (k as f32 + 0.6) / n);
        h.state_mut().issue(Command::Select(Selection::Results));
        h.run_steps(3);
        h.hover_at(pos);
        h.drag_at(pos);
        h.drop_at(pos);
        h.run_steps(2);
        assert_eq!(h.state().selection(), &Selection::Event(id(&e.id)), "row {k} is {}", e.id);
    }
}

#[test]
fn hovering_a_tornado_row_names_its_event_and_figures() {
    let (_setup, mut h, analysis) = results();
    let top =
        analysis.sensitivity.events.iter().max_by(|a, b| a.es99_swing().total_cmp(&b.es99_swing())).unwrap();
    let rect = h.get_by_label("Tornado chart").rect();
    let n = analysis.sensitivity.events.len() as f32;
    h.hover_at(egui::pos2(rect.center().x, rect.top() + rect.height() * 0.6 / n));
    h.run_steps(45);
    let at_high = format!(
        "{}\nExpected shortfall 99%, {}:\nat its low likelihood ({:.1}%) {}\nat its high likelihood ({:.1}%) {}",
        name_of(&analysis, &top.id),
        analysis.result.currency,
        100.0 * top.low_probability,
        thousands(top.es99_at_low),
        100.0 * top.high_probability,
        thousands(top.es99_at_high)
    );
    assert!(
        h.query_by(|node| node.value().is_some_and(|v| v.starts_with(&at_high))).is_some(),
        "the tooltip reads {at_high:?}"
    );
}

#[test]
fn clicking_a_name_in_the_table_opens_its_event() {
    let (_setup, mut h, _) = results();
    h.get_by_role_and_label(egui::accesskit::Role::Link, SATELLITE).click();
    h.run_steps(2);
    assert_eq!(h.state().selection(), &Selection::Event(id("ru-satellite-tech")));
}

#[test]
fn a_heading_sorts_the_table_and_a_second_click_reverses_it() {
    let (_setup, mut h, analysis) = results();
    let mut by_impact = analysis.impacts.clone();
    by_impact.sort_by(|a, b| a.total.total_cmp(&b.total));
    let largest_loss = name_of(&analysis, &by_impact[0].id);
    assert_eq!(table_order(&h)[0], largest_loss, "at first the largest loss is on top");

    heading(&h, "Impact\n(total)").click();
    h.run_steps(2);
    assert_ne!(table_order(&h)[0], largest_loss, "a second click on the sorted column reverses it");

    heading(&h, "Event").click();
    h.run_steps(2);
    assert_eq!(table_order(&h), [SHELLS, SATELLITE], "by name, A to Z");
    heading(&h, "Event").click();
    h.run_steps(2);
    assert_eq!(table_order(&h), [SATELLITE, SHELLS], "by name, Z to A");
}

#[test]
fn every_heading_explains_its_figure() {
    let (_setup, mut h, _) = results();
    let tooltip = |h: &Harness<'static, GeoriskApp>, tip: &str| {
        h.query_by(|node| node.value().is_some_and(|v| v.contains(tip))).is_some()
    };
    for (_, tip) in HEADINGS {
        assert!(!tooltip(&h, tip), "{tip:?} shows only on hover");
    }
    for (text, tip) in HEADINGS {
        heading(&h, text).hover();
        h.run_steps(45);
        assert!(tooltip(&h, tip), "hovering {text:?} shows {tip:?}");
    }
}

#[test]
fn the_table_shows_the_engines_impacts() {
    let (_setup, h, analysis) = results();
    for impact in &analysis.impacts {
        for text in
            [thousands(impact.total), format!("± {}", thousands(impact.total_se)), thousands(impact.es99)]
        {
            assert!(shows(&h, &text), "{}: {text} is shown", impact.id);
        }
    }
    let e = &analysis.result.events[0];
    let worst = format!("vs {:.1}% overall", 100.0 * e.probability);
    assert!(shows(&h, &worst), "{worst} beside the worst-1% share");
}

#[test]
fn at_900_by_600_the_charts_and_the_table_fit_the_window() {
    let (_setup, mut h, _) = results();
    h.set_size(egui::vec2(900.0, 600.0));
    h.run_steps(3);
    // The central panel's content ends 8 points inside the window (its margin).
    let edge = 892.5;
    for chart in ["Tornado chart", "Impact chart"] {
        let right = h.get_by_label(chart).rect().right();
        assert!(right <= edge, "{chart} ends at {right}");
    }
    let right = heading(&h, "Mean P&L\nif / if not").rect().right();
    assert!(right <= edge, "the table's last column ends at {right}");
}
