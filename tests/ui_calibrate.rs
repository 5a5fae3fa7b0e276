//! Markets ▸ Calibrate from prices… as a user meets it, through georisk's own file chooser: the
//! preview shows old and new values and changes nothing; Apply writes exactly what `georisk
//! calibrate` writes for the same file (values and notes), as one undo step; Cancel changes
//! nothing; bad rows and too few observations are clear errors that change nothing.
#![cfg(feature = "gui")]
#![expect(clippy::unwrap_used, reason = "test helpers: a failed step fails the test")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::ui::{Command, DialogChoice, GeoriskApp, Modal, Selection};
use std::path::Path;
use ui_support::*;

/// `days` rows of closes for the contract's two markets: deterministic wiggles (no generator
/// needed), dates on the 1st to 28th of each month so months' ends are spanned.
fn prices(days: usize) -> String {
    let mut text = String::from("date,kospi,us-defense\n");
    let (mut a, mut b) = (2500.0f64, 100.0f64);
    for i in 0..days {
        let date = format!("2024-{:02}-{:02}", 1 + i / 28, 1 + i % 28);
        text.push_str(&format!("{date},{a:.4},{b:.4}\n"));
        let x = (i as f64 * 1.7).sin();
        a *= (0.012 * x).exp();
        b *= (0.008 * x + 0.01 * (i as f64 * 2.9).cos()).exp();
    }
    text
}

/// The Correlations page with georisk's own chooser, as on a desktop without a dialog service.
fn correlations_page(setup: &Setup) -> (Harness<'static, GeoriskApp>, std::path::PathBuf) {
    let (mut h, file) = setup.contract();
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    h.state_mut().issue(Command::Select(Selection::Correlations));
    h.run();
    (h, file)
}

fn pick_prices(h: &mut Harness<'static, GeoriskApp>, file: &str) {
    h.get_by_label("Calibrate from prices…").click();
    h.run();
    assert!(h.state().file_chooser_folder().is_some(), "the chooser opens");
    h.get_by_label(&format!("🗋 {file}")).click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
}

fn cli_calibrate(scenario: &Path, prices: &Path) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_georisk"))
        .arg("calibrate")
        .args([scenario, prices])
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn apply_writes_what_the_cli_writes_as_one_undo_step() {
    let setup = Setup::new();
    let (mut h, file) = correlations_page(&setup);
    let before = h.state().scenario().clone();
    let prices_file = setup.file("prices.csv", &prices(60));
    pick_prices(&mut h, "prices.csv");
    let Some(Modal::CalibrationPreview(preview)) = h.state().modal() else { panic!("a preview is shown") };
    assert_eq!((preview.rows, preview.calibration.common.returns), (60, 59));
    assert_eq!(h.state().scenario(), &before, "the preview changes nothing");
    assert!(shows(&h, "not set"), "us-defense had no volatility: old value shown as not set");
    assert!(shows(&h, "0.2000"), "kospi's old volatility is shown");
    h.get_by_label("Apply").click();
    h.run();
    assert!(h.state().modal().is_none());

    // The CLI on a copy of the same file, from a price file of the same name.
    let cli_dir = setup.dir.path().join("cli");
    std::fs::create_dir(&cli_dir).unwrap();
    let cli_file = cli_dir.join("contract.ron");
    std::fs::copy(&file, &cli_file).unwrap();
    let cli_prices = cli_dir.join("prices.csv");
    std::fs::copy(&prices_file, &cli_prices).unwrap();
    cli_calibrate(&cli_file, &cli_prices);
    let by_cli = on_disk(&cli_file);
    let app = h.state().scenario();
    assert_eq!(app.markets, by_cli.markets, "volatilities and their notes");
    assert_eq!(app.correlations, by_cli.correlations, "correlations and their notes");
    assert_eq!(app, &by_cli);
    assert_ne!(app, &before);

    h.state_mut().issue(Command::Undo);
    h.run();
    assert_eq!(h.state().scenario(), &before, "one undo takes the calibration back");
}

#[test]
fn cancel_changes_nothing() {
    let setup = Setup::new();
    let (mut h, _) = correlations_page(&setup);
    let before = h.state().scenario().clone();
    setup.file("prices.csv", &prices(40));
    pick_prices(&mut h, "prices.csv");
    assert!(matches!(h.state().modal(), Some(Modal::CalibrationPreview(_))));
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(h.state().scenario(), &before);
    assert!(!h.state().is_dirty());
}

#[test]
fn too_few_observations_and_bad_rows_are_clear_errors_that_change_nothing() {
    let setup = Setup::new();
    let (mut h, _) = correlations_page(&setup);
    let before = h.state().scenario().clone();
    setup.file("short.csv", &prices(15));
    pick_prices(&mut h, "short.csv");
    let Some(Modal::Error { title, detail, .. }) = h.state().modal() else { panic!("an error is shown") };
    assert_eq!(title, "Cannot calibrate from these prices");
    let detail = detail.as_deref().unwrap();
    assert!(detail.contains("only 14 daily returns common to all 2 markets"), "{detail}");
    h.state_mut().issue(Command::CloseDialog);
    h.run();

    setup.file("bad.csv", &prices(40).replacen("2024-01-03,", "2024-01-03x,", 1));
    pick_prices(&mut h, "bad.csv");
    let Some(Modal::Error { detail, .. }) = h.state().modal() else { panic!("an error is shown") };
    let detail = detail.as_deref().unwrap();
    assert!(detail.starts_with("row 4: "), "{detail}");
    assert!(detail.contains("2024-01-03x"), "{detail}");
    assert_eq!(h.state().scenario(), &before);
}
