//! Layouts that fit the window: on a wide screen the editor's text fields grow with it (up to a
//! comfortable line), in a small window they shrink to fit it; each page keeps its own scroll
//! position; results can sit beside the editor and follow its edits.
//! (The Results page's two columns are tested in `ui_charts.rs`.)
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use georisk::ui::{Command, Selection};
use ui_support::*;

fn title_field(size: egui::Vec2) -> egui::Rect {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(size);
    h.run_steps(3);
    h.get_by_role_and_label(Role::TextInput, "Title").rect()
}

#[test]
fn text_fields_grow_on_a_wide_screen_and_fit_a_small_window() {
    let wide = title_field(egui::vec2(1920.0, 1080.0)).width();
    let usual = title_field(egui::vec2(1280.0, 800.0)).width();
    let small = title_field(egui::vec2(800.0, 600.0));
    assert!(wide >= 880.0, "at 1920 px the title field is {wide} wide");
    assert!(usual > 560.0 && usual < wide, "at 1280 px: {usual}");
    assert!(small.max.x <= 800.0 && small.width() >= 300.0, "at 800 px it fits the window: {small:?}");
}

/// The Results page's heading, not the outline's entry of the same name.
fn results_heading(h: &egui_kittest::Harness<'static, georisk::ui::GeoriskApp>) -> Option<egui::Rect> {
    h.query_all_by_label("Results").map(|n| n.rect()).find(|r| r.min.x > 240.0)
}

#[test]
fn each_page_keeps_its_own_scroll_position() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    settle(&mut h);
    let top = results_heading(&h).expect("the heading").min.y;
    h.get_by_label("Market moves chart").scroll_to_me();
    h.run_steps(3);
    let scrolled = results_heading(&h).map_or(f32::NEG_INFINITY, |r| r.min.y);
    assert!(scrolled < top - 100.0, "Results scrolled down: {top} → {scrolled}");

    // Another page starts at its own top, not at the Results page's offset.
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run_steps(2);
    let name = h.get_by_role_and_label(Role::TextInput, "Name").rect();
    assert!(name.min.y < 150.0, "the event's form starts at the top: {name:?}");

    // Back on Results, it is where the user left it.
    h.state_mut().issue(Command::Select(Selection::Results));
    h.run_steps(3);
    let back = results_heading(&h).map_or(f32::NEG_INFINITY, |r| r.min.y);
    assert!((back - scrolled).abs() < 2.0, "Results kept its scroll position: {scrolled} → {back}");
}

#[test]
fn results_beside_the_editor_follow_an_edit_made_in_the_other_pane() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(1600.0, 1000.0));
    h.state_mut().issue(Command::SetResultsBeside(true));
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run_steps(2);
    let before = settle(&mut h);

    // Both panes at once: the event's form on the left, the results on the right.
    let name = h.get_by_role_and_label(Role::TextInput, "Name").rect();
    let results = results_heading(&h).expect("the results pane");
    assert!(name.max.x < results.min.x, "editor left of the results: {name:?} {results:?}");
    assert!(h.state().preferences().results_beside);

    // An edit in the editor pane re-runs the results beside it.
    h.state_mut().scenario_mut().events[0].likelihood =
        georisk::model::Likelihood::Point(georisk::model::Probability::saturating(0.2));
    h.run_steps(2);
    let after = settle(&mut h);
    assert_ne!(after, before, "the results followed the edit");
    let shells = after.result.events.iter().find(|e| e.id == "dprk-shells").unwrap();
    assert!((shells.stated - 0.2).abs() < 1e-12);

    // Switched off, Results is a page of its own again.
    h.state_mut().issue(Command::SetResultsBeside(false));
    h.run_steps(2);
    assert!(results_heading(&h).is_none(), "the editor has the whole width");
}

/// Beside the results at 1280 px the event's form is narrow: each market row, Remove included,
/// fits the editor pane, with the moves a distribution implies under the row instead of beside it
/// (on the flagship, whose market names are long).
#[test]
fn a_narrow_form_beside_the_results_keeps_each_market_row_in_view() {
    let setup = Setup::new();
    let flagship = setup.file("flagship.ron", include_str!("../scenarios/russia-dprk-2024.ron"));
    let mut h = setup.harness(georisk::ui::Startup::File(flagship));
    h.set_size(egui::vec2(1280.0, 800.0));
    h.state_mut().issue(Command::SetResultsBeside(true));
    h.state_mut().issue(Command::Select(Selection::Event(id("us-election-republican"))));
    h.run_steps(4);
    let results = results_heading(&h).expect("the results pane");
    let removes: Vec<egui::Rect> = h.query_all_by_label("Remove").map(|n| n.rect()).collect();
    assert!(removes.len() >= 2, "the rows' Remove buttons: {removes:?}");
    for remove in &removes {
        assert!(remove.max.x < results.min.x, "Remove at {remove:?} is past the editor pane ({results:?})");
    }
    let implied = h.get_by_label("median +1%, 5–95%: −0.6% to +2.6%").rect();
    let distribution = h.get_by_label("Distribution of the shock on Gold").rect();
    assert!(implied.min.y >= distribution.max.y, "under its row: {implied:?} {distribution:?}");
    assert!(implied.max.x < results.min.x, "in the editor pane: {implied:?}");

    // With the whole width the moves stay beside the row.
    h.state_mut().issue(Command::SetResultsBeside(false));
    h.run_steps(4);
    let implied = h.get_by_label("median +1%, 5–95%: −0.6% to +2.6%").rect();
    let distribution = h.get_by_label("Distribution of the shock on Gold").rect();
    assert!(implied.min.x > distribution.max.x, "beside its row: {implied:?} {distribution:?}");
    assert!((implied.center().y - distribution.center().y).abs() < 6.0);
}

/// Beside the editor at 1280 px the results pane is narrow: the summary's long names wrap so
/// its band column stays in the window.
#[test]
fn the_summary_beside_the_editor_at_1280_keeps_its_band_column_in_view() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(1280.0, 800.0));
    h.state_mut().issue(Command::SetResultsBeside(true));
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run_steps(2);
    settle(&mut h);
    h.run_steps(2);
    let results = results_heading(&h).expect("the results pane");
    // The summary's heading, the topmost of the labels so named (the loss chart has one too).
    let band = h
        .query_all_by_label("90% band from your ranges")
        .map(|n| n.rect())
        .min_by(|a, b| a.min.y.total_cmp(&b.min.y))
        .expect("the band column's heading");
    assert!(band.min.x > results.min.x && band.max.x <= 1280.0, "the band column at {band:?}");
    for long_name in h.query_all_by_label_contains("Chance of losing more than").map(|n| n.rect()) {
        assert!(long_name.max.x < band.min.x, "the name at {long_name:?} wraps before the band column");
    }
}
