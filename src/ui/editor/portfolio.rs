//! The portfolio form: currency and holdings, one row per market held; a holding's market
//! picker offers only markets no other holding has; Import CSV… and Export CSV… (`data_in`).

use super::widgets::{form, id_picker, money, notes_row, text_row};
use crate::model::{Finite, Id, ListEdit, Scenario};
use crate::ui::command::{Command, Commands};

const VALUE_TIP: &str = "Money held in this market, in the portfolio's currency. A negative value \
     is a short position, which gains when the market falls.";

const IMPORT_TIP: &str = "Replaces the holdings with a CSV's, as a broker exports them: a header with \
     market (id or name) and value columns, and optionally currency. Nothing changes unless every row \
     is good; Undo takes the import back.";
const EXPORT_TIP: &str =
    "Writes the holdings as CSV (market, value, currency), the format Import CSV… reads.";

pub fn portfolio(ui: &mut egui::Ui, scenario: &mut Scenario, commands: &mut Commands) {
    let mut portfolio = scenario.portfolio.clone();
    ui.heading("Portfolio");
    ui.label("What you hold in each market; the simulation values it under each outcome.");
    ui.add_space(6.0);
    form(ui, "portfolio-form", |ui| {
        text_row(ui, "Currency", "A three-letter currency code such as USD or EUR.", &mut portfolio.currency);
        notes_row(ui, &mut portfolio.notes);
    });
    ui.add_space(8.0);
    ui.heading("Holdings").on_hover_text(VALUE_TIP);
    let mut remove = None;
    egui::Grid::new("holdings-grid").num_columns(3).spacing([16.0, 6.0]).striped(true).show(ui, |ui| {
        for i in 0..portfolio.holdings.len() {
            // A market is held once: each picker offers its own market and those no other
            // holding has (its own even when a broken file holds it twice).
            let own = &portfolio.holdings[i].market;
            let held_elsewhere =
                |id: &Id| portfolio.holdings.iter().enumerate().any(|(j, h)| j != i && &h.market == id);
            let markets: Vec<_> = scenario
                .markets
                .iter()
                .filter(|m| &m.id == own || !held_elsewhere(&m.id))
                .map(|m| (&m.id, m.display_name()))
                .collect();
            let holding = &mut portfolio.holdings[i];
            if let Some(id) = id_picker(
                ui,
                ("holding", i),
                holding.market.as_str(),
                markets.into_iter(),
                220.0,
                "Market held",
            ) {
                holding.market = id;
            }
            let mut value = holding.value.get();
            if ui.add(money(&mut value, &portfolio.currency)).on_hover_text(VALUE_TIP).changed() {
                holding.value = Finite::new(value).unwrap_or(Finite::ZERO);
            }
            if ui.button("Remove").clicked() {
                remove = Some(i);
            }
            ui.end_row();
        }
    });
    if let Some(i) = remove {
        commands.push(Command::EditList(ListEdit::RemoveHolding(i)));
    }
    ui.label(format!("Total: {} {}", portfolio.currency, crate::report::thousands(portfolio.value())));
    let all_held = scenario.markets.iter().all(|m| portfolio.holdings.iter().any(|h| h.market == m.id));
    let add = ui.add_enabled(!all_held, egui::Button::new("Add holding"));
    if add.on_disabled_hover_text("Every market is held already; add a market first.").clicked() {
        commands.push(Command::AddHolding);
    }
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        if ui.button("Import CSV…").on_hover_text(IMPORT_TIP).clicked() {
            commands.push(Command::ImportHoldingsDialog);
        }
        if ui.button("Export CSV…").on_hover_text(EXPORT_TIP).clicked() {
            commands.push(Command::ExportHoldingsDialog);
        }
    });
    if portfolio != scenario.portfolio {
        scenario.portfolio = portfolio;
    }
}
