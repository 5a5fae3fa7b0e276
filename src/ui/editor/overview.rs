//! The overview form: title, description, as-of date, horizon, seed, notes, and what the
//! scenario holds.

use super::widgets::{field_width, form, label, notes_row, text_row};
use crate::model::Scenario;
use crate::ui::command::{Command, Commands};

const HORIZON_TIP: &str = "How far ahead the scenario looks, in months. Every likelihood is the chance \
     that the event happens within this time.";
const AS_OF_TIP: &str = "When the forecast was made, as YYYY-MM-DD. The horizon runs from this \
     date; outcomes are checked against it.";
const SEED_TIP: &str = "The starting number for the random draws of a simulation. The same file with \
     the same seed gives the same results on every computer.";

pub fn overview(ui: &mut egui::Ui, scenario: &mut Scenario, commands: &mut Commands) {
    ui.heading("Overview");
    ui.add_space(6.0);
    form(ui, "overview-form", |ui| {
        text_row(ui, "Title", "The scenario's name.", &mut scenario.title);
        let tip = "What the scenario is about and where its numbers come from.";
        label(ui, "Description", tip);
        ui.add(
            egui::TextEdit::multiline(&mut scenario.description)
                .desired_rows(4)
                .desired_width(field_width(ui)),
        )
        .on_hover_text(tip);
        ui.end_row();
        super::outcome::date_row(ui, "as-of", "As of", AS_OF_TIP, &mut scenario.as_of);
        label(ui, "Horizon", HORIZON_TIP);
        ui.add(egui::DragValue::new(&mut scenario.horizon_months).range(1..=1200).suffix(" months"))
            .on_hover_text(HORIZON_TIP);
        ui.end_row();
        label(ui, "Random seed", SEED_TIP);
        ui.add(egui::DragValue::new(&mut scenario.seed)).on_hover_text(SEED_TIP);
        ui.end_row();
        notes_row(ui, &mut scenario.notes);
    });
    ui.add_space(12.0);
    ui.heading("What it holds");
    let s = &*scenario;
    let counts = [
        (s.events.len(), "event", "events"),
        (s.regions.len(), "region", "regions"),
        (s.markets.len(), "market", "markets"),
        (s.links.len(), "link", "links"),
        (s.groups.len(), "exclusive group", "exclusive groups"),
        (s.portfolio.holdings.len(), "holding", "holdings"),
        (s.variants.len(), "variant", "variants"),
    ];
    let parts: Vec<String> =
        counts.iter().map(|&(n, one, many)| format!("{n} {}", if n == 1 { one } else { many })).collect();
    ui.label(format!("{}.", parts.join(", ")));
    if s.events.is_empty() {
        ui.add_space(8.0);
        ui.label(
            "Start with the places and markets you care about, then add the events that could \
             hit them.",
        );
    }
    ui.add_space(6.0);
    ui.horizontal_wrapped(|ui| {
        if ui.button("Add region").clicked() {
            commands.push(Command::AddRegion);
        }
        if ui.button("Add market").clicked() {
            commands.push(Command::AddMarket);
        }
        if ui.button("Add event").clicked() {
            commands.push(Command::AddEvent(crate::model::EventCategory::Custom));
        }
        let two_events = s.events.len() >= 2;
        if ui
            .add_enabled(two_events, egui::Button::new("Add link"))
            .on_disabled_hover_text("A link needs two events.")
            .clicked()
        {
            commands.push(Command::AddLink);
        }
        if ui.button("Add exclusive group").clicked() {
            commands.push(Command::AddGroup);
        }
        if ui.button("Add variant").clicked() {
            commands.push(Command::AddVariant);
        }
    });
}
