//! Variants and comparison as a user meets them: the Results view's variant picker shows the
//! figures `georisk run --variant` prints; the Compare page of the base against itself shows
//! zero changes and of the base against a variant exactly what `georisk compare --format json`
//! prints; a variant duplicated, renamed or deleted from Results, or an override reset in the
//! variant editor, is one undo step each.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::model::Likelihood;
use georisk::ui::{CompareStatus, GeoriskApp, OtherFile, Selection};
use serde_json::Value;
use std::path::Path;
use ui_support::*;

const FIGURES: [&str; 6] = ["mean", "var95", "var99", "es95", "es99", "prob_loss"];

fn georisk_json(args: &[&str]) -> Value {
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_georisk"))
        .args(args)
        .output()
        .expect("georisk starts");
    assert!(output.status.success(), "georisk {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON output")
}

/// Equal up to JSON's decimal round trip.
fn close(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}

fn undo(h: &mut Harness<'static, GeoriskApp>) {
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(3);
}

/// Opens the Compare page with `trials` per run and steps until its comparison is of the
/// current choices; panics after two minutes.
fn settle_compare(h: &mut Harness<'static, GeoriskApp>) -> georisk::report::compare::Comparison {
    let start = std::time::Instant::now();
    loop {
        h.step();
        let worker = &h.state_mut().compare_state().worker;
        if *worker.status() == CompareStatus::UpToDate
            && let Some((shown, compared)) = worker.result()
            && shown == worker.generation()
        {
            let comparison = compared.comparison.clone();
            h.run_steps(3);
            return comparison;
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "the comparison never arrived");
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
}

fn open_compare(h: &mut Harness<'static, GeoriskApp>, trials: u64) {
    h.state_mut().compare_state().trials = trials;
    h.get_by_label("Compare").click();
    h.run_steps(2);
    assert_eq!(h.state().selection(), &Selection::Compare);
}

#[test]
fn picking_a_variant_shows_the_figures_of_run_variant() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    open_results(&mut h);
    settle(&mut h);
    h.get_by_label("Showing").click();
    h.run();
    h.get_all_by_label("Escalation").last().expect("the variant is offered").click();
    h.run_steps(2);
    let shown = settle(&mut h);
    let trials = TEST_TRIALS.to_string();
    let path = path.to_str().unwrap();
    let cli =
        georisk_json(&["run", path, "--variant", "Escalation", "--trials", &trials, "--format", "json"]);
    let currency = &shown.result.currency;
    for (label, figure, value) in [
        ("VaR 99%", "var99", shown.result.portfolio.total.var99),
        ("Expected shortfall 99%", "es99", shown.result.portfolio.total.es99),
        ("Mean profit or loss", "mean", shown.result.portfolio.total.mean),
    ] {
        let printed = cli["portfolio"]["total"][figure]["value"].as_f64().unwrap();
        assert!(close(value, printed), "{label}: the app's {value} vs `run --variant`'s {printed}");
        let text = format!("{currency} {}", georisk::report::thousands(printed));
        assert!(shows(&h, &text), "{label} shows {text}");
    }
}

#[test]
fn the_open_file_compared_with_itself_shows_zero_changes() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    let scenario = on_disk(&path);
    h.state_mut().compare_state().set_other(Ok(OtherFile { path: path.clone(), scenario }));
    open_compare(&mut h, 4_000);
    let c = settle_compare(&mut h);
    assert_eq!(c.labels.len(), 2);
    for row in &c.portfolio {
        assert_eq!(row.deltas, [0.0], "{}", row.key);
    }
    for e in &c.events {
        assert_eq!(e.probability_delta, [Some(0.0)], "{}", e.id);
        assert_eq!(e.impact_delta, [Some(0.0)], "{}", e.id);
    }
    assert!(shows(&h, "0.00 pp"), "the chance of a loss changes by 0.00 pp");
    let name = Path::new(&path).file_name().unwrap().to_string_lossy().into_owned();
    assert!(shows(&h, &format!("No structural difference between {name} and {}.", path.display())));
}

#[test]
fn the_base_against_a_variant_shows_what_georisk_compare_prints() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    open_compare(&mut h, 6_000);
    let c = settle_compare(&mut h);
    assert_eq!(c.labels, ["base", "Escalation"]);
    let path = path.to_str().unwrap();
    let cli =
        georisk_json(&["compare", path, "--variant", "Escalation", "--trials", "6000", "--format", "json"]);
    for (row, key) in c.portfolio.iter().zip(FIGURES) {
        assert_eq!(row.key, key);
        let printed = cli["portfolio"][key]["deltas"][0].as_f64().unwrap();
        assert!(close(row.deltas[0], printed), "{key}: the app's {} vs the CLI's {printed}", row.deltas[0]);
    }
    let var99 = c.portfolio.iter().find(|r| r.key == "var99").unwrap();
    assert!(var99.deltas[0] != 0.0, "the variant changes VaR 99");
    assert!(
        shows(&h, &georisk::report::compare::signed_money(var99.deltas[0])),
        "the table shows VaR 99's change"
    );
    let events = cli["events"].as_array().unwrap();
    assert_eq!(events.len(), c.events.len());
    for (shown, printed) in c.events.iter().zip(events) {
        assert_eq!(printed["id"].as_str(), Some(shown.id.as_str()), "the same order, largest change first");
        let impact = printed["impact_delta"][0].as_f64().unwrap();
        assert!(close(shown.impact_delta[0].unwrap(), impact), "{}", shown.id);
    }
    // Unticking the variant leaves nothing to compare: the page says so instead of showing old figures.
    h.get_by_role_and_label(Role::CheckBox, "Escalation").click();
    h.run_steps(2);
    assert!(shows(&h, "Tick at least two of the base scenario and its variants."));
}

fn pick_variant(h: &mut Harness<'static, GeoriskApp>, name: &str) {
    h.get_by_label("Showing").click();
    h.run_steps(2);
    h.get_all_by_label(name).last().expect("the variant is offered").click();
    h.run_steps(2);
    assert_eq!(h.state().results_variant(), Some(name));
}

fn variant_names(h: &Harness<'static, GeoriskApp>) -> Vec<String> {
    h.state().scenario().variants.iter().map(|v| v.name.clone()).collect()
}

#[test]
fn duplicate_rename_and_delete_a_variant_from_results_each_one_undo_step() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    pick_variant(&mut h, "Escalation");

    h.get_by_label("Duplicate").click();
    h.run_steps(3);
    assert_eq!(variant_names(&h), ["Escalation", "Escalation (copy)"]);
    let variants = &h.state().scenario().variants;
    assert_eq!(variants[1].likelihoods, variants[0].likelihoods, "the copy has the same overrides");
    assert_eq!(h.state().results_variant(), Some("Escalation (copy)"), "Results show the copy");
    undo(&mut h);
    assert_eq!(variant_names(&h), ["Escalation"]);

    pick_variant(&mut h, "Escalation");
    h.get_by_label("Rename…").click();
    h.run_steps(2);
    let field = h.get_by_role_and_label(Role::TextInput, "New name");
    field.focus();
    field.set_text_value_accesskit("Sanctions hold");
    h.run_steps(2);
    h.get_by_label("Rename").click();
    h.run_steps(3);
    assert_eq!(variant_names(&h), ["Sanctions hold"]);
    assert_eq!(h.state().results_variant(), Some("Sanctions hold"), "the picker follows the rename");
    undo(&mut h);
    assert_eq!(variant_names(&h), ["Escalation"]);

    pick_variant(&mut h, "Escalation");
    h.get_by_label("Delete").click();
    h.run_steps(2);
    assert_eq!(variant_names(&h), ["Escalation"], "a delete asks first");
    assert!(shows(&h, "Delete the variant \"Escalation\" and its overrides? Undo brings it back."));
    h.get_by_label("Delete variant").click();
    h.run_steps(3);
    assert!(variant_names(&h).is_empty());
    assert_eq!(h.state().selection(), &Selection::Results, "still in Results");
    undo(&mut h);
    assert_eq!(variant_names(&h), ["Escalation"]);
}

#[test]
fn an_override_shows_its_base_value_and_reset_removes_it_as_one_undo_step() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(georisk::ui::Command::Select(Selection::Variant(0)));
    h.run_steps(2);
    let base = match h.state().scenario().event("ru-satellite-tech").unwrap().likelihood {
        Likelihood::Range(r) => {
            let pct = |p: f64| format!("{:.1}%", 100.0 * p);
            format!("base {} ({}–{})", pct(r.likely().get()), pct(r.low().get()), pct(r.high().get()))
        }
        Likelihood::Point(p) => format!("base {:.1}%", 100.0 * p.get()),
    };
    assert!(shows(&h, &base), "the base likelihood is shown beside the override: {base}");
    let before = h.state().scenario().variants[0].clone();
    assert!(before.likelihoods.contains_key("ru-satellite-tech"));
    h.get_by_label("Reset").click();
    h.run_steps(3);
    assert!(h.state().scenario().variants[0].likelihoods.is_empty(), "reset removes the override");
    undo(&mut h);
    assert_eq!(h.state().scenario().variants[0], before, "one undo brings it back");
}
