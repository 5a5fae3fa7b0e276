//! Editing without friction: a list field keeps what is typed until it is committed, a
//! holding's market picker offers only markets no other holding has, an impact row can be
//! re-pointed at another market keeping its numbers, and a "did you mean" problem is mended in
//! one click that one undo takes back.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use georisk::model::EventCategory;
use georisk::ui::{Command, GeoriskApp, Selection, Startup};
use ui_support::*;

/// Empties the text field labelled `label`, then types `text` one character a frame, as a
/// person does, checking that the field shows exactly what was typed so far after each one.
fn type_slowly(h: &mut Harness<'static, GeoriskApp>, label: &str, text: &str) {
    let field = h.get_by_role_and_label(Role::TextInput, label);
    field.focus();
    field.set_text_value_accesskit("");
    h.run();
    for (i, c) in text.char_indices() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
        let shown = h.get_by_role_and_label(Role::TextInput, label).value();
        assert_eq!(shown.as_deref(), Some(&text[..i + c.len_utf8()]), "after typing {c:?}");
    }
}

fn codes(list: &[String]) -> Vec<&str> {
    list.iter().map(String::as_str).collect()
}

#[test]
fn typing_a_list_of_parties_keeps_every_comma_and_commits_on_enter() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::AddEvent(EventCategory::Summit));
    h.run();
    let Selection::Event(event) = h.state().selection().clone() else { panic!("the new event is selected") };
    type_slowly(&mut h, "Parties", "EE, LV, LT");
    h.key_press(egui::Key::Enter);
    h.run_steps(2);
    let kind = &h.state().scenario().event(event.as_str()).expect("the event exists").kind;
    let georisk::model::EventKind::Summit { parties, .. } = kind else { panic!("a summit: {kind:?}") };
    assert_eq!(codes(parties), ["EE", "LV", "LT"]);
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "Parties").value().as_deref(),
        Some("EE, LV, LT"),
        "the committed list is shown the usual way"
    );
}

#[test]
fn typing_a_regions_countries_commits_when_the_field_loses_focus() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.get_by_label("Korean Peninsula").click();
    h.run();
    type_slowly(&mut h, "Countries", "EE, LV,  LT,");
    let before = h.state().scenario().regions[0].countries.clone();
    assert_eq!(codes(&before), ["KR", "KP"], "nothing is committed while typing");
    h.get_by_role_and_label(Role::TextInput, "Name").focus();
    h.run_steps(2);
    assert_eq!(codes(&h.state().scenario().regions[0].countries), ["EE", "LV", "LT"]);
}

#[test]
fn a_holdings_market_picker_leaves_out_markets_other_holdings_have() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::File(setup.file("three-markets.ron", &with_gold(CONTRACT))));
    h.state_mut().issue(Command::Select(Selection::Portfolio));
    h.run();
    let count = |h: &Harness<'static, GeoriskApp>, name: &str| h.query_all_by_label(name).count();
    let (kospi, gold) = (count(&h, "KOSPI"), count(&h, "Gold"));
    // The second holding is US defence stocks; the first holds KOSPI.
    h.get_all_by_label("Market held").nth(1).expect("two holdings").click();
    h.run();
    assert_eq!(count(&h, "Gold"), gold + 1, "the open picker offers Gold, which nobody holds");
    assert_eq!(count(&h, "KOSPI"), kospi, "the open picker does not offer KOSPI, held by the first holding");
    h.get_all_by_label("Gold").last().expect("the Gold option").click();
    h.run_steps(2);
    let held: Vec<&str> =
        h.state().scenario().portfolio.holdings.iter().map(|holding| holding.market.as_str()).collect();
    assert_eq!(held, ["kospi", "gold"]);
}

/// The contract with a third market, Gold, that nothing refers to yet.
fn with_gold(text: &str) -> String {
    let gold = r#"        Market(id: "us-defense", name: "US defence stocks", kind: Sector),
        Market(id: "gold", name: "Gold", kind: Commodity),"#;
    let out = text.replacen(
        r#"        Market(id: "us-defense", name: "US defence stocks", kind: Sector),"#,
        gold,
        1,
    );
    assert_ne!(out, text, "the gold market was added");
    out
}

#[test]
fn an_impact_row_re_pointed_at_another_market_keeps_its_numbers() {
    let setup = Setup::new();
    let mut h = setup.harness(Startup::File(setup.file("gold.ron", &with_gold(CONTRACT))));
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    let before = h.state().scenario().event("dprk-shells").unwrap().markets.clone();
    h.get_by_label("Market of US defence stocks").click();
    h.run();
    // The open picker offers Gold, which the event does not move, and not KOSPI, which it does.
    assert!(h.query_all_by_label("Gold").count() >= 1);
    h.get_all_by_label("Gold").last().expect("the Gold option").click();
    h.run_steps(2);
    let after = &h.state().scenario().event("dprk-shells").unwrap().markets;
    assert_eq!(after.get(&id("gold")), before.get(&id("us-defense")), "the same move, now on gold");
    assert!(!after.contains_key(&id("us-defense")));
    assert_eq!(after.get(&id("kospi")), before.get(&id("kospi")), "the other row is untouched");
}

#[test]
fn a_misspelt_market_is_shown_as_unknown_and_mended_by_its_one_click_fix_in_one_undo_step() {
    let setup = Setup::new();
    let text = CONTRACT
        .replace("\"us-defense\": Fixed(0.04)", "\"us-defence\": Fixed(0.04)")
        .replace("Holding(market: \"us-defense\"", "Holding(market: \"us-defence\"");
    let mut h = setup.harness(Startup::File(setup.file("typo.ron", &text)));
    h.run();
    assert_eq!(h.state_mut().problem_count(), 2, "the shock and the holding");
    let typo = h.state().scenario().clone();

    // The event's row says what is wrong instead of passing for a market.
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    let row = h.get_by_label("Market of us-defence");
    assert_eq!(row.value().as_deref(), Some("us-defence (unknown)"), "{row:?}");

    // Both problems offer the fix by name; one click mends both.
    assert_eq!(h.query_all_by_label("Use \"US defence stocks\" (us-defense)").count(), 2);
    h.get_all_by_label("Use \"US defence stocks\" (us-defense)").next().unwrap().click();
    h.run_steps(2);
    assert_eq!(h.state_mut().problem_count(), 0);
    let fixed = h.state().scenario();
    assert_eq!(
        fixed.event("dprk-shells").unwrap().markets.get(&id("us-defense")),
        typo.event("dprk-shells").unwrap().markets.get(&id("us-defence"))
    );
    assert_eq!(fixed.portfolio.holdings[1].market, id("us-defense"));

    h.state_mut().issue(Command::Undo);
    h.run();
    assert_eq!(h.state().scenario(), &typo, "one undo takes the whole fix back");
}

#[test]
fn every_kind_in_the_event_kind_dropdown_is_shown_and_clickable_at_800_by_600() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(800.0, 600.0));
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    h.get_by_label("Kind").click();
    h.run();
    let screen = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(800.0, 600.0));
    for category in EventCategory::ALL {
        let option = h.get_all_by_label(category.label()).last().expect("an option per kind");
        assert!(
            screen.contains_rect(option.rect()),
            "{} is on screen: {:?}",
            category.label(),
            option.rect()
        );
    }
    // The last one, below where egui's default list would have cut off, takes a click.
    h.get_all_by_label("Other").last().unwrap().click();
    h.run_steps(2);
    let kind = &h.state().scenario().event("dprk-shells").unwrap().kind;
    assert_eq!(kind.category(), EventCategory::Custom, "{kind:?}");
}

#[test]
fn a_links_ends_never_offer_the_event_at_the_other_end() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Link(0)));
    h.run();
    let shells = h.query_all_by_label(SHELLS).count();
    h.get_all_by_label("Then this").last().expect("the picker").click();
    h.run();
    assert_eq!(h.query_all_by_label(SHELLS).count(), shells, "the source is not offered as its own target");
    assert!(
        h.query_all_by_label("Russia helps the DPRK with satellite launchers").count() >= 2,
        "the target is offered"
    );
}
