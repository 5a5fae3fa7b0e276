//! The editor's units and the market model's new parts, through the real app: shocks typed as
//! price moves in percent, the moves a distribution implies, a market's expected change per year,
//! and the correlations page (grid, list, problems, undo).
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use georisk::model::{Correlation, Finite, Item, Market, validate};
use georisk::ui::{Command, Selection};
use ui_support::*;

/// Whether some shown text contains `part`.
fn shows_part(h: &egui_kittest::Harness<'static, georisk::ui::GeoriskApp>, part: &str) -> bool {
    h.query_all_by(move |node| node.value().is_some_and(|v| v.contains(part))).next().is_some()
}

#[expect(clippy::unwrap_used, reason = "test helper: a bad value fails the test")]
fn pair(a: &str, b: &str, value: f64) -> Correlation {
    Correlation { between: (id(a), id(b)), value: Finite::new(value).unwrap(), notes: None }
}

#[test]
fn typing_minus_20_into_a_fixed_shock_stores_exactly_minus_0_2() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    let label = "Move of the shock on US defence stocks";
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).set_text_value_accesskit("−20");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let shock = h.state().scenario().event("dprk-shells").unwrap().markets["us-defense"];
    assert_eq!(shock, georisk::model::Shock::fixed(-0.2).unwrap(), "−20% is −0.2 exactly");

    // A wipe-out can be typed.
    h.get_by_label(label).focus();
    h.run();
    h.get_by_label(label).set_text_value_accesskit("-100");
    h.run();
    h.key_press(egui::Key::Enter);
    h.run();
    let shock = h.state().scenario().event("dprk-shells").unwrap().markets["us-defense"];
    assert_eq!(shock.mean(), -1.0);
    assert!(shock.price_move_problem().is_none());
}

#[test]
fn a_distribution_shows_the_price_moves_it_implies() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    // The contract file is format 1 (log-returns, migrated on load): give the shocks price moves.
    {
        use georisk::model::Shock;
        let s = h.state_mut().scenario_mut();
        let satellite = s.events.iter_mut().find(|e| e.id.as_str() == "ru-satellite-tech").unwrap();
        satellite.markets.insert(id("kospi"), Shock::triangular(-0.08, -0.03, 0.0).unwrap());
        let shells = s.events.iter_mut().find(|e| e.id.as_str() == "dprk-shells").unwrap();
        shells.markets.insert(id("kospi"), Shock::normal(-0.02, 0.01).unwrap());
    }
    h.state_mut().issue(Command::Select(Selection::Event(id("ru-satellite-tech"))));
    h.run();
    // Triangular(low −8%, mode −3%, high 0%): its median and 5% and 95% quantiles.
    assert!(shows(&h, "median −3.5%, 5–95%: −6.6% to −1.1%"));
    // The normal shock of the other event too.
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    assert!(shows(&h, "median −2%, 5–95%: −3.6% to −0.4%"));
}

#[test]
fn no_editor_text_speaks_of_log_returns() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    for selection in [
        Selection::Event(id("dprk-shells")),
        Selection::Market(id("kospi")),
        Selection::Correlations,
        Selection::Variant(0),
    ] {
        h.state_mut().issue(Command::Select(selection));
        h.run();
        for word in ["log-return", "log return", "roughly"] {
            assert!(!shows_part(&h, word), "{word}");
        }
    }
    h.state_mut().issue(Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    assert!(shows_part(&h, "−20% = the price falls by 20%"));
}

#[test]
fn a_markets_expected_change_per_year_is_set_and_cleared() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Market(id("kospi"))));
    h.run();
    let field = || "Expected change per year";
    h.get_by_role_and_label(Role::TextInput, field()).set_text_value_accesskit("5");
    h.run();
    assert_eq!(h.state().scenario().market("kospi").unwrap().drift, Some(Finite::new(0.05).unwrap()));
    h.get_by_role_and_label(Role::TextInput, field()).set_text_value_accesskit("-2.5%");
    h.run();
    assert_eq!(h.state().scenario().market("kospi").unwrap().drift.map(|d| d.get()), Some(-0.025));
    h.get_by_role_and_label(Role::TextInput, field()).set_text_value_accesskit("");
    h.run();
    assert_eq!(h.state().scenario().market("kospi").unwrap().drift, None);
    // Out of range: refused, and said so.
    h.get_by_role_and_label(Role::TextInput, field()).focus();
    h.run();
    h.get_by_role_and_label(Role::TextInput, field()).set_text_value_accesskit("500");
    h.run();
    assert_eq!(h.state().scenario().market("kospi").unwrap().drift, None);
    assert!(shows_part(&h, "between −90% and +200% a year"));
}

#[test]
fn a_pair_is_added_with_the_pickers_and_edited_in_the_grid() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.get_by_label("Correlations (0)").click();
    h.run();
    assert_eq!(h.state().selection(), &Selection::Correlations);

    h.get_by_label("First market of the new pair").click();
    h.run();
    h.get_all_by_label("KOSPI").last().unwrap().click();
    h.run();
    h.get_by_label("Second market of the new pair").click();
    h.run();
    h.get_all_by_label("US defence stocks").last().unwrap().click();
    h.run();
    h.get_by_label("Add pair").click();
    h.run();
    assert_eq!(h.state().scenario().correlations, vec![pair("kospi", "us-defense", 0.0)]);

    // The grid's cell is that pair: editing it changes the pair, it adds no other.
    h.get_by_label("Correlation of US defence stocks and KOSPI").set_value_accesskit(-0.35);
    h.run();
    assert_eq!(h.state().scenario().correlations, vec![pair("kospi", "us-defense", -0.35)]);

    // Notes per pair, in the list.
    h.get_by_label("Notes on KOSPI and US defence stocks").set_text_value_accesskit("Illustrative.");
    h.run();
    assert_eq!(h.state().scenario().correlations[0].notes.as_deref(), Some("Illustrative."));
    assert!(h.state().is_dirty());
}

#[test]
fn editing_an_empty_cell_adds_the_pair_and_undo_reverts_it() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().issue(Command::Select(Selection::Correlations));
    h.run();
    let cell = "Correlation of US defence stocks and KOSPI";
    h.get_by_label(cell).set_value_accesskit(0.3);
    h.run();
    assert_eq!(h.state().scenario().correlations, vec![pair("kospi", "us-defense", 0.3)]);
    h.run_steps(120); // the edit settles into an undo point

    h.get_by_label(cell).set_value_accesskit(0.0);
    h.run();
    assert_eq!(h.state().scenario().correlations, vec![pair("kospi", "us-defense", 0.0)], "0 keeps the pair");
    h.run_steps(120);

    h.state_mut().issue(Command::Undo);
    h.run();
    assert_eq!(h.state().scenario().correlations, vec![pair("kospi", "us-defense", 0.3)]);
    h.state_mut().issue(Command::Undo);
    h.run();
    assert!(h.state().scenario().correlations.is_empty());
    assert!(!h.state().is_dirty());
}

#[test]
fn an_impossible_set_shows_its_problem_and_can_be_scaled_until_it_holds() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    {
        let s = h.state_mut().scenario_mut();
        s.markets.push(Market {
            id: id("gold"),
            name: "Gold".to_owned(),
            kind: Default::default(),
            region: None,
            volatility: None,
            drift: None,
            notes: None,
        });
        s.correlations = vec![
            pair("kospi", "us-defense", -0.9),
            pair("kospi", "gold", -0.9),
            pair("us-defense", "gold", -0.9),
        ];
    }
    h.state_mut().issue(Command::Select(Selection::Correlations));
    h.run();
    let problems = validate(h.state().scenario());
    assert!(problems.iter().any(|p| matches!(p.item, Item::Correlation(_))));
    assert!(shows_part(&h, "cannot all hold at once"));
    assert!(shows_part(&h, "KOSPI"), "markets are called by their names");
    assert!(!shows_part(&h, "\"kospi\""));

    h.get_by_label("Scale them toward 0 until they hold").click();
    h.run();
    let s = h.state().scenario();
    assert!(validate(s).is_empty(), "{:?}", validate(s));
    assert!(
        s.correlations.iter().all(|c| c.value.get() < -0.4 && c.value.get() > -0.5),
        "{:?}",
        s.correlations
    );
    assert!(!shows_part(&h, "cannot all hold at once"));
}

#[test]
fn a_pair_naming_itself_is_explained_in_plain_words() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().scenario_mut().correlations = vec![pair("kospi", "kospi", 0.5)];
    h.state_mut().issue(Command::Select(Selection::Correlations));
    h.run();
    assert!(shows_part(&h, "KOSPI and KOSPI: A market's correlation with itself is always 1"));
}

#[test]
fn the_grid_holds_two_dozen_markets_with_every_cell_named() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    {
        let s = h.state_mut().scenario_mut();
        for i in 0..22 {
            s.markets.push(Market {
                id: id(&format!("market-{i}")),
                name: format!("A market with a long name, number {i}"),
                kind: Default::default(),
                region: None,
                volatility: None,
                drift: None,
                notes: None,
            });
        }
    }
    h.state_mut().issue(Command::Select(Selection::Correlations));
    // `run` fails on any widget without an accessible name.
    h.run();
    let last = "A market with a long name, number 21";
    assert!(h.query_by_label(&format!("Correlation of {last} and KOSPI")).is_some());
    assert_eq!(h.get_all_by_label_contains("Correlation of ").count(), 24 * 23 / 2);
}
