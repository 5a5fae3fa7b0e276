//! Layouts that fit the window: on a wide screen the editor's text fields grow with it (up to a
//! comfortable line), in a small window they shrink to fit it.
//! (The Results page's two columns are tested in `ui_charts.rs`.)
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
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
