//! Portfolio ▸ Import CSV… and Export CSV… as a user meets them, through georisk's own file
//! chooser (no system dialog needed): a good file replaces the holdings as one undo step, a bad
//! one lists its rows and changes nothing, unknown markets are offered for creation (markets and
//! holdings in one undo step), and an exported file reads back to the same holdings.
#![cfg(feature = "gui")]

mod ui_support;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::model::{Finite, Id, Scenario, holdings_csv};
use georisk::ui::{Command, DialogChoice, GeoriskApp, Modal, Selection};
use ui_support::*;

/// The Portfolio page with georisk's own chooser, as on a desktop without a dialog service.
fn portfolio_page(setup: &Setup) -> Harness<'static, GeoriskApp> {
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::SetFileDialog(DialogChoice::BuiltIn));
    h.state_mut().issue(Command::Select(Selection::Portfolio));
    h.run();
    h
}

/// Clicks `button`, then picks `file` in the chooser (which opens in the scenario's folder).
fn pick_in_chooser(h: &mut Harness<'static, GeoriskApp>, button: &str, file: &str) {
    h.get_by_label(button).click();
    h.run();
    assert!(h.state().file_chooser_folder().is_some(), "{button} opens the chooser");
    h.get_by_label(&format!("🗋 {file}")).click();
    h.run();
    h.get_by_label("Open").click();
    h.run();
    assert!(h.state().file_chooser_folder().is_none(), "the chooser closed");
}

fn holdings(scenario: &Scenario) -> Vec<(String, f64)> {
    scenario.portfolio.holdings.iter().map(|h| (h.market.to_string(), h.value.get())).collect()
}

#[test]
fn a_good_file_replaces_the_holdings_and_one_undo_restores_them() {
    let setup = Setup::new();
    let mut h = portfolio_page(&setup);
    let before = h.state().scenario().clone();
    setup.file(
        "broker.csv",
        "Account,Market,Value,Currency\nA1,US defence stocks,-5000.5,usd\nA1,kospi,300000,USD\n",
    );
    pick_in_chooser(&mut h, "Import CSV…", "broker.csv");
    assert_eq!(holdings(h.state().scenario()), [("us-defense".into(), -5000.5), ("kospi".into(), 300000.0)]);
    let Some(Modal::Error { title, message, .. }) = h.state().modal() else {
        panic!("ignored columns are named")
    };
    assert_eq!(title, "Holdings imported");
    assert!(message.contains("\"Account\""), "{message}");
    h.state_mut().issue(Command::CloseDialog);
    h.state_mut().issue(Command::Undo);
    h.run();
    assert_eq!(h.state().scenario(), &before, "one undo takes the whole import back");
}

#[test]
fn a_bad_file_lists_its_rows_and_changes_nothing() {
    let setup = Setup::new();
    let mut h = portfolio_page(&setup);
    let before = h.state().scenario().clone();
    setup.file("bad.csv", "market,value\nkospi,1000\nus-defense,\"1,000\"\nkospi,5\n");
    pick_in_chooser(&mut h, "Import CSV…", "bad.csv");
    let Some(Modal::Error { title, message, detail }) = h.state().modal() else {
        panic!("the rows are listed")
    };
    assert_eq!(title, "Cannot import the holdings");
    assert!(message.starts_with("2 bad row(s)"), "{message}");
    let detail = detail.as_deref().unwrap();
    assert!(detail.contains("row 3: value \"1,000\" is not a number"), "{detail}");
    assert!(detail.contains("row 4: market \"kospi\" is already on row 2"), "{detail}");
    assert!(shows(&h, "Cannot import the holdings"), "the dialog is on screen");
    assert_eq!(h.state().scenario(), &before);
    assert!(!h.state().is_dirty());
}

#[test]
fn unknown_markets_are_created_with_the_holdings_in_one_undo_step() {
    let setup = Setup::new();
    let mut h = portfolio_page(&setup);
    let before = h.state().scenario().clone();
    setup.file("new.csv", "market,value\nKOSPI,10\nNikkei 225,20\nGold,30\n");
    pick_in_chooser(&mut h, "Import CSV…", "new.csv");
    let Some(Modal::UnknownMarkets { markets, .. }) = h.state().modal() else {
        panic!("it offers to create them")
    };
    assert_eq!(markets, &["Nikkei 225", "Gold"]);
    assert_eq!(h.state().scenario(), &before, "nothing changes before the answer");
    h.get_by_label("Create markets and import").click();
    h.run();
    let s = h.state().scenario();
    let nikkei = s.market("nikkei-225").expect("the market is created");
    assert_eq!((nikkei.name.as_str(), nikkei.volatility, nikkei.region.as_ref()), ("Nikkei 225", None, None));
    assert_eq!(holdings(s), [("kospi".into(), 10.0), ("nikkei-225".into(), 20.0), ("gold".into(), 30.0)]);
    h.state_mut().issue(Command::Undo);
    h.run();
    assert_eq!(h.state().scenario(), &before, "one undo removes the markets and the holdings");
}

#[test]
fn cancelling_the_unknown_markets_question_changes_nothing() {
    let setup = Setup::new();
    let mut h = portfolio_page(&setup);
    let before = h.state().scenario().clone();
    setup.file("new.csv", "market,value\nNikkei 225,20\n");
    pick_in_chooser(&mut h, "Import CSV…", "new.csv");
    h.get_by_label("Cancel").click();
    h.run();
    assert!(h.state().modal().is_none());
    assert_eq!(h.state().scenario(), &before);
}

#[test]
fn exported_holdings_read_back_to_the_same_holdings() {
    let setup = Setup::new();
    let mut h = portfolio_page(&setup);
    let value = Finite::new(0.1 + 0.2).unwrap();
    h.state_mut().scenario_mut().portfolio.holdings[1].value = value;
    h.run();
    h.get_by_label("Export CSV…").click();
    h.run();
    h.get_by_label("Save").click();
    h.run();
    let written = setup.dir.path().join("contract-holdings.csv");
    let text = std::fs::read_to_string(&written).expect("written under the suggested name");
    let scenario = h.state().scenario().clone();
    assert_eq!(text, "market,value,currency\nkospi,250000,USD\nus-defense,0.30000000000000004,USD\n");
    let back = holdings_csv::parse_holdings_csv(&text, &scenario).unwrap().holdings;
    let expected: Vec<(Id, Finite)> =
        scenario.portfolio.holdings.iter().map(|h| (h.market.clone(), h.value)).collect();
    assert_eq!(back, expected);
}
