//! The impact grids of an event: a severity per region and a price move per market (in percent,
//! see `widgets::SHOCK_TIP`), with rows to add, remove and re-point at another region or market
//! keeping their numbers. Numbers are edited in place; rows are added, removed and re-pointed by
//! commands, each one undo step.

use super::widgets::{SHOCK_TIP, add_picker, id_picker, implied_label, shock_editor};
use crate::model::{Id, ListEdit, Scenario, Severity, Shock};
use crate::ui::command::{Command, Commands};
use std::collections::BTreeMap;

const SEVERITY_TIP: &str = "How hard the event hits each region, from 1 (negligible) to 5 (severe). \
     It places the event on the risk matrix. Hover over a level to see what it means.";
fn severity_text(s: Severity) -> String {
    format!("{} · {}", s.level(), s.label())
}

pub fn severity_grid(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    event: &Id,
    regions: &mut BTreeMap<Id, Severity>,
    commands: &mut Commands,
) {
    ui.heading("Impact on regions").on_hover_text(SEVERITY_TIP);
    ui.label("How hard it hits each region, from 1 (negligible) to 5 (severe).");
    if scenario.regions.is_empty() && regions.is_empty() {
        ui.label("The scenario has no regions yet; add one with Edit > Add region.");
        return;
    }
    let mut remove = None;
    let mut repoint = None;
    let taken: Vec<Id> = regions.keys().cloned().collect();
    egui::Grid::new("severity-grid").num_columns(3).spacing([16.0, 6.0]).striped(true).show(ui, |ui| {
        for (id, severity) in regions.iter_mut() {
            let name = scenario.region(id.as_str()).map_or(id.as_str(), |r| r.display_name());
            // This row's region, or any the event does not rate yet.
            let options = scenario
                .regions
                .iter()
                .filter(|r| &r.id == id || !taken.contains(&r.id))
                .map(|r| (&r.id, r.display_name()));
            if let Some(to) = id_picker(
                ui,
                ("severity-region", id),
                id.as_str(),
                options,
                200.0,
                &format!("Region of {name}"),
            ) {
                repoint = Some((id.clone(), to));
            }
            egui::ComboBox::from_id_salt(("severity", id))
                .selected_text(severity_text(*severity))
                .width(140.0)
                .show_ui(ui, |ui| {
                    for level in Severity::ALL {
                        ui.selectable_value(severity, level, severity_text(level))
                            .on_hover_text(level.explanation());
                    }
                })
                .response
                .accessible_name(format!("Severity in {name}"))
                .on_hover_text(severity.explanation());
            if ui.button("Remove").on_hover_text("This event no longer affects this region.").clicked() {
                remove = Some(id.clone());
            }
            ui.end_row();
        }
    });
    let event = event.clone();
    if let Some(region) = remove {
        commands.push(Command::EditList(ListEdit::RemoveRegionImpact { event: event.clone(), region }));
    }
    if let Some((from, to)) = repoint {
        commands.push(Command::EditList(ListEdit::RepointRegionImpact { event: event.clone(), from, to }));
    }
    let mut free = scenario.regions.iter().filter(|r| !regions.contains_key(&r.id)).peekable();
    if free.peek().is_some() {
        let options = free.map(|r| (&r.id, r.display_name()));
        if let Some(region) = add_picker(ui, "add-region-impact", "Add a region…", options) {
            commands.push(Command::EditList(ListEdit::AddRegionImpact { event, region }));
        }
    }
}

/// The width below which a shock's implied moves go under its row rather than beside it: the
/// market picker, the distribution and its parameters, the moves and Remove side by side.
const IMPLIED_INLINE_WIDTH: f32 = 860.0;

pub fn shock_grid(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    event: &Id,
    markets: &mut BTreeMap<Id, Shock>,
    commands: &mut Commands,
) {
    ui.heading("Impact on markets").on_hover_text(SHOCK_TIP);
    ui.label(
        "How each market's price moves if it happens, in percent: −20% = the price falls by 20%; \
         moves of several events compound; −100% wipes the market out.",
    );
    if scenario.markets.is_empty() && markets.is_empty() {
        ui.label("The scenario has no markets yet; add one with Edit > Add market.");
        return;
    }
    let mut remove = None;
    let mut repoint = None;
    let taken: Vec<Id> = markets.keys().cloned().collect();
    // Beside the results the form is narrow: the implied moves and Remove go under each row's
    // distribution, so the row fits without scrolling sideways.
    let implied_below = ui.available_width() < IMPLIED_INLINE_WIDTH;
    egui::Grid::new("shock-grid").num_columns(3).spacing([16.0, 6.0]).striped(true).show(ui, |ui| {
        for (id, shock) in markets.iter_mut() {
            let name = scenario.market(id.as_str()).map_or(id.as_str(), |m| m.display_name());
            // This row's market, or any the event does not move yet.
            let options = scenario
                .markets
                .iter()
                .filter(|m| &m.id == id || !taken.contains(&m.id))
                .map(|m| (&m.id, m.display_name()));
            if let Some(to) =
                id_picker(ui, ("shock-market", id), id.as_str(), options, 200.0, &format!("Market of {name}"))
            {
                repoint = Some((id.clone(), to));
            }
            let remove_button = |ui: &mut egui::Ui| {
                ui.button("Remove").on_hover_text("This event no longer moves this market.").clicked()
            };
            if implied_below {
                ui.vertical(|ui| {
                    ui.horizontal(|ui| shock_editor(ui, ("shock", id), name, shock, false));
                    ui.horizontal(|ui| {
                        implied_label(ui, shock);
                        if remove_button(ui) {
                            remove = Some(id.clone());
                        }
                    });
                });
            } else {
                ui.horizontal(|ui| shock_editor(ui, ("shock", id), name, shock, true));
                if remove_button(ui) {
                    remove = Some(id.clone());
                }
            }
            ui.end_row();
        }
    });
    let event = event.clone();
    if let Some(market) = remove {
        commands.push(Command::EditList(ListEdit::RemoveMarketImpact { event: event.clone(), market }));
    }
    if let Some((from, to)) = repoint {
        commands.push(Command::EditList(ListEdit::RepointMarketImpact { event: event.clone(), from, to }));
    }
    let mut free = scenario.markets.iter().filter(|m| !markets.contains_key(&m.id)).peekable();
    if free.peek().is_some() {
        let options = free.map(|m| (&m.id, m.display_name()));
        if let Some(market) = add_picker(ui, "add-market-impact", "Add a market…", options) {
            commands.push(Command::EditList(ListEdit::AddMarketImpact { event, market }));
        }
    }
}
