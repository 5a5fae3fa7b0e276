//! The Results view as a user meets it: the figures appear once the background run is done and
//! are the engine's own, they follow an edit, a scenario with problems asks to be fixed first,
//! an event's chip in the risk matrix opens that event, and with nothing held an empty state
//! leads to the Portfolio page.
#![cfg(feature = "gui")]

mod ui_support;

use egui::accesskit::Role;
use egui_kittest::kittest::Queryable;
use georisk::engine::{self, Analysis as SimResult, Control, Settings};
use georisk::model::Scenario;
use georisk::ui::{ResultsStatus as Status, Selection, Startup};
use ui_support::*;

fn live_run(scenario: &Scenario) -> SimResult {
    let settings = Settings { trials: TEST_TRIALS, ..Settings::for_scenario(scenario) };
    engine::analyse(scenario, &settings, &Control::new()).expect("the scenario simulates")
}

/// `USD 115,669`, as the summary writes money.
fn money(currency: &str, amount: f64) -> String {
    format!("{currency} {}", georisk::report::thousands(amount))
}

#[test]
fn results_show_the_engines_figures_for_the_open_scenario() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    assert!(h.state().live_results().is_none(), "nothing runs until Results is opened");
    open_results(&mut h);
    let shown = settle(&mut h);
    let expected = live_run(h.state().scenario());
    assert_eq!(shown, expected);
    for (label, amount) in [
        ("VaR 99%", expected.result.portfolio.total.var99),
        ("Expected shortfall 99%", expected.result.portfolio.total.es99),
    ] {
        assert!(shows(&h, label), "{label} is labelled");
        let text = money(&expected.result.currency, amount);
        assert!(shows(&h, &text), "{label} shows {text}");
    }
    assert!(shows(&h, "Risk matrix"));
    assert!(shows(&h, "What drives the losses"));
    assert!(!shows(&h, NO_HOLDINGS), "a portfolio with holdings shows no empty state");
}

const NO_HOLDINGS: &str = "Add holdings in Portfolio to see profit and loss";

#[test]
fn with_nothing_held_results_say_so_and_lead_to_the_portfolio() {
    let setup = Setup::new();
    let holdings = CONTRACT.find("holdings: [").expect("the contract holds something");
    let end = holdings + CONTRACT[holdings..].find(']').expect("the holdings list is closed");
    let empty = format!("{}holdings: []{}", &CONTRACT[..holdings], &CONTRACT[end + 1..]);
    let mut h = setup.harness(Startup::File(setup.file("empty.ron", &empty)));
    assert!(h.state().scenario().portfolio.holdings.is_empty());
    open_results(&mut h);
    let shown = settle(&mut h);
    assert!(shows(&h, NO_HOLDINGS), "the empty state is shown");
    for figure in ["VaR 99%", "Risk matrix", "What drives the losses"] {
        assert!(!shows(&h, figure), "no {figure} with nothing held");
    }
    // The events' likelihoods still are, as simulated.
    let shells = shown.result.events.iter().find(|e| e.id == "dprk-shells").expect("the event ran");
    assert!(shows(&h, "Event likelihoods"));
    assert!(shows(&h, &format!("{:.1}%", 100.0 * shells.probability)));
    h.get_by_label("Go to Portfolio").click();
    h.run_steps(2);
    assert_eq!(h.state().selection(), &Selection::Portfolio);
}

#[test]
fn an_edit_reruns_the_results_and_undo_brings_the_old_ones_back() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    let before = settle(&mut h);

    h.state_mut().issue(georisk::ui::Command::Select(Selection::Event(id("dprk-shells"))));
    h.run();
    h.get_by_role_and_label(Role::Slider, "Likelihood").set_value_accesskit(0.05);
    h.run();
    open_results(&mut h);
    let after = settle(&mut h);
    assert_ne!(
        after.result.portfolio.total.mean, before.result.portfolio.total.mean,
        "the edit changed the results"
    );
    assert_eq!(after, live_run(h.state().scenario()));
    let shells = after.result.events.iter().find(|e| e.id == "dprk-shells").unwrap();
    assert!(shells.probability < 0.1, "the edited likelihood shows: {}", shells.probability);

    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(settle(&mut h), before, "undo brings the old results back");
}

#[test]
fn a_scenario_with_problems_asks_for_fixes_instead_of_running() {
    let setup = Setup::new();
    let broken = CONTRACT.replace(r#"to: "ru-satellite-tech""#, r#"to: "no-such-event""#);
    let path = setup.file("broken.ron", &broken);
    let mut h = setup.harness(Startup::File(path));
    open_results(&mut h);
    h.run_steps(30);
    assert!(matches!(h.state().live_results(), Some((Status::NeedsFixes(1), _, None))));
    assert!(shows(&h, "Fix the 1 problem to see results"));
    h.get_by_label("Show problems").click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("\"no-such-event\"").is_some(),
        "the problem list names the unknown event"
    );
}

#[test]
fn a_chip_in_the_risk_matrix_opens_its_event() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    settle(&mut h);
    h.get_by_label(&format!("Risk matrix: {SHELLS}")).click();
    h.run_steps(2);
    assert_eq!(h.state().selection(), &Selection::Event(id("dprk-shells")));
}

#[test]
fn a_narrow_window_moves_the_events_alone_figures_below_instead_of_cutting_them_off() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    let shown = settle(&mut h);
    let alone = money(&shown.result.currency, shown.result.portfolio.events_only.es99);
    assert!(shows(&h, "Events alone") && !shows(&h, "Events alone (no market noise)"), "wide: one table");
    h.set_size(egui::vec2(900.0, 600.0));
    h.run_steps(3);
    assert!(shows(&h, "Events alone (no market noise)"), "narrow: the events-alone table below");
    assert!(!shows(&h, "Events alone"), "narrow: no fourth column");
    assert!(shows(&h, &alone), "narrow: the events-alone ES99 {alone} is still shown");
}

#[test]
fn markets_and_regions_show_the_engines_moves_and_expected_severity_and_open_on_a_click() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.set_size(egui::vec2(1280.0, 3000.0));
    open_results(&mut h);
    let analysis = settle(&mut h);

    // The chart lists the markets by mean move, largest fall first.
    let mut markets: Vec<&engine::MarketStats> = analysis.result.markets.iter().collect();
    markets.sort_by(|a, b| a.mean_return.total_cmp(&b.mean_return));
    let names: Vec<&str> = markets.iter().map(|m| m.name.as_str()).collect();
    let chart = h.get_by_label("Market moves chart");
    assert_eq!(chart.value().as_deref(), Some(format!("Largest fall first: {}", names.join("; ")).as_str()));

    // The region's expected severity is the engine's, as the closed form defines it.
    let severity = engine::region_severity(h.state().scenario(), &analysis.result);
    let korea = &severity[0];
    assert_eq!(korea.name, "Korean Peninsula");
    let stated = analysis.result.events.iter().find(|e| e.id == "dprk-shells").unwrap().probability * 3.0;
    assert!((korea.expected - stated).abs() < 1e-12, "only the shells rate Korea, at Moderate (3)");
    assert!(shows(&h, &format!("{:.2}", korea.expected)), "the table shows {:.2}", korea.expected);

    // A click on the region's name opens it.
    h.get_all_by_label("Korean Peninsula").last().expect("the region's row").click();
    h.run_steps(2);
    assert_eq!(h.state().selection(), &Selection::Region(id("korea")));

    // An edit re-works the table (it is kept between frames, not between edits): the shells now
    // rate Korea Severe (5), and the region has a new name.
    h.state_mut().issue(georisk::ui::Command::Select(Selection::Results));
    let shells = h.state().scenario().event_index("dprk-shells").unwrap();
    h.state_mut().scenario_mut().events[shells].regions.insert(id("korea"), georisk::model::Severity::ALL[4]);
    h.state_mut().scenario_mut().regions[0].name = "Korea (both)".into();
    h.run_steps(2);
    let analysis = settle(&mut h);
    let p = analysis.result.events.iter().find(|e| e.id == "dprk-shells").unwrap().probability;
    assert!(shows(&h, &format!("{:.2}", p * 5.0)), "the table shows {:.2}", p * 5.0);
    assert!(h.query_by_label("Korean Peninsula").is_none(), "the table shows the region's new name");
    assert!(h.query_all_by_label("Korea (both)").count() >= 2, "in the outline and the table");
}

#[test]
fn picking_a_variant_shows_the_engines_figures_for_that_variant_and_back() {
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    open_results(&mut h);
    let base = settle(&mut h);
    h.get_by_label("Showing").click();
    h.run();
    h.get_all_by_label("Escalation").last().expect("the variant is offered").click();
    h.run_steps(2);
    let shown = settle(&mut h);
    let scenario = h.state().scenario().clone();
    let settings = Settings {
        trials: TEST_TRIALS,
        variant: Some("Escalation".into()),
        ..Settings::for_scenario(&scenario)
    };
    let expected = engine::analyse(&scenario, &settings, &Control::new()).expect("the variant simulates");
    assert_eq!(shown, expected, "the figures of `georisk run --variant Escalation`");
    assert_ne!(shown, base);
    let status = format!("seed {}, variant \"Escalation\"", scenario.seed);
    assert!(shows(&h, &status), "the status line says which scenario: {status}");

    h.get_by_label("Showing").click();
    h.run();
    h.get_all_by_label("Base scenario").last().expect("the base is offered").click();
    h.run_steps(2);
    assert_eq!(settle(&mut h), base);
}

/// Whether the worker's figures right now are of the current edit.
fn figures_now(h: &egui_kittest::Harness<'static, georisk::ui::GeoriskApp>) -> Option<(bool, u64)> {
    let (_, generation, _) = h.state().live_results()?;
    let (of, figures) = h.state().live_figures()?;
    Some((of == generation, figures.trials))
}

#[test]
fn a_likelihood_edit_shows_a_preview_at_once_then_the_full_run_and_never_a_stale_figure_as_current() {
    const FULL: u64 = 40_000;
    let setup = Setup::new();
    let (mut h, _) = setup.contract();
    h.state_mut().set_live_trials(FULL);
    h.state_mut().issue(georisk::ui::Command::SetResultsBeside(true));
    h.state_mut().issue(georisk::ui::Command::Select(Selection::Event(id("dprk-shells"))));
    h.run_steps(3);
    let before = settle(&mut h);

    let old_generation = h.state().live_results().expect("results run").1;
    h.get_by_role_and_label(Role::Slider, "Likelihood").set_value_accesskit(0.05);
    // The slider moves in this frame; the results see the edit in the next.
    h.step();
    assert!(likelihood_of(h.state(), "dprk-shells") < 0.1, "the slider moved");
    let scenario = h.state().scenario().clone();
    let preview_settings =
        Settings { trials: georisk::ui::PREVIEW_TRIALS, ..Settings::for_scenario(&scenario) };
    let preview = engine::simulate(&scenario, &preview_settings, &Control::new()).expect("simulates");
    let full = engine::analyse(
        &scenario,
        &Settings { trials: FULL, ..Settings::for_scenario(&scenario) },
        &Control::new(),
    )
    .expect("analyses");
    let (mut saw_preview, start) = (false, std::time::Instant::now());
    loop {
        h.step();
        let edited = h.state().live_results().is_some_and(|(_, generation, _)| generation > old_generation);
        assert!(edited, "the edit reached the results at once");
        match figures_now(&h) {
            Some((true, trials)) if trials == georisk::ui::PREVIEW_TRIALS => {
                let (_, figures) = h.state().live_figures().expect("figures");
                assert_eq!(figures, &preview, "the preview is the engine's 10,000-trial run");
                if !saw_preview {
                    let text = format!(
                        "Preview of {} trials",
                        georisk::report::thousands(georisk::ui::PREVIEW_TRIALS as f64)
                    );
                    assert!(shows(&h, &text), "the status line says it is a preview");
                    assert!(
                        shows(&h, "Updating: the drivers below are from before your last edit."),
                        "the drivers of the previous edit are marked as such"
                    );
                    assert!(shows(&h, "updating…"), "no band is shown for a preview");
                }
                saw_preview = true;
            }
            Some((true, trials)) => {
                assert_eq!(trials, FULL);
                break;
            }
            Some((false, _)) => {
                let figures = h.state().live_figures().expect("figures").1.clone();
                assert_eq!(figures, before.result, "until the edit's figures are in, the old ones stay");
                // The worker takes in results only as a frame starts, so this frame drew them.
                assert!(shows(&h, "Showing the previous result until the new one is ready."), "and say so");
            }
            None => panic!("the figures vanished"),
        }
        assert!(start.elapsed() < std::time::Duration::from_secs(120), "the full run never came");
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    assert!(saw_preview, "a preview came before the full run");
    assert_eq!(settle(&mut h), full, "then the full run, the engine's analysis of the edited scenario");
    assert!(shows(&h, "Up to date"));
}

#[test]
fn the_trial_count_is_kept_in_the_file_and_picking_one_is_an_undoable_edit() {
    let setup = Setup::new();
    let (mut h, path) = setup.contract();
    open_results(&mut h);
    settle(&mut h);
    assert_eq!(h.state().scenario().trials, None);
    h.get_by_label("Trials").click();
    h.run_steps(2);
    h.get_by_label("10,000").click();
    h.run_steps(2);
    assert_eq!(h.state().scenario().trials, Some(10_000), "the file's trial count");
    let shown = settle(&mut h);
    assert_eq!(shown.result.trials, 10_000, "the full run uses it");
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Z);
    h.run_steps(2);
    assert_eq!(h.state().scenario().trials, None, "undo takes it back");
    h.key_press_modifiers(egui::Modifiers::COMMAND | egui::Modifiers::SHIFT, egui::Key::Z);
    h.run_steps(2);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::S);
    h.run_steps(3);
    assert_eq!(on_disk(&path).trials, Some(10_000), "saved with the file");
    let text = std::fs::read_to_string(&path).expect("the saved file");
    assert!(text.contains("trials: 10000"), "written as `trials: 10000`:\n{text}");
}
