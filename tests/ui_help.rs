//! Help: the guide, the keyboard shortcuts and the file-format reference, all built in.
#![cfg(feature = "gui")]

mod ui_support;

use egui_kittest::kittest::Queryable;
use georisk::ui::{HelpPage, Startup};
use ui_support::*;

#[test]
fn f1_opens_the_guide_and_each_page_is_one_click_away() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Bundled(0));
    h.key_press(egui::Key::F1);
    h.run();
    assert_eq!(h.state().help_page(), Some(HelpPage::Guide));
    assert!(shows(&h, "A short guide to georisk"));
    assert!(h.query_by_label_contains("VaR 99").is_some(), "explains VaR with an example");
    assert!(h.query_by_label_contains("expected shortfall").is_some());

    h.get_by_label("Keyboard shortcuts").click();
    h.run();
    assert_eq!(h.state().help_page(), Some(HelpPage::Shortcuts));
    assert!(shows(&h, "Save as…"));
    assert!(shows(&h, "Ctrl+Shift+S"), "the keys as the menus show them");

    h.get_by_label("File format").click();
    h.run();
    assert_eq!(h.state().help_page(), Some(HelpPage::FileFormat));
    assert!(shows(&h, "The format, field by field"));
    assert!(h.query_by_label_contains("Scenario(title: \"My first scenario\")").is_some());
}

#[test]
fn the_help_menu_opens_the_file_format_reference() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::Bundled(0));
    h.get_by_label("Help").click();
    h.run();
    h.get_by_label("File format reference").click();
    h.run();
    assert_eq!(h.state().help_page(), Some(HelpPage::FileFormat));
    assert!(shows(&h, "The format, field by field"));
}
