//! The event form: name, id, kind with its own fields, criterion, likelihood, impacts, notes
//! and outcome.

use super::EditorState;
use super::impacts::{severity_grid, shock_grid};
use super::outcome::{criterion_row, outcome_section};
use super::widgets::{form, id_row, label, likelihood_editor, list_row, name_row, notes_row, text_row};
use crate::model::{EventCategory, EventKind, Id, IdKind, Scenario, Transition};
use crate::ui::command::{Command, Commands};

const KIND_TIP: &str = "What sort of event this is. It documents the event and groups it in the \
     outline; it does not change the numbers.";
const COUNTRY_TIP: &str = "A country code like KP or RU, or a bloc such as EU or NATO.";

/// Returns false when no event has this id.
pub fn event(
    ui: &mut egui::Ui,
    state: &mut EditorState,
    scenario: &mut Scenario,
    id: &Id,
    commands: &mut Commands,
) -> bool {
    let Some(index) = scenario.event_index(id.as_str()) else { return false };
    let mut event = scenario.events[index].clone();
    ui.horizontal_wrapped(|ui| {
        ui.heading(event.display_name());
        if ui.button("Duplicate").on_hover_text("Adds a copy of this event to edit.").clicked() {
            commands.push(Command::DuplicateEvent(event.id.clone()));
        }
        if ui.button("Delete event").clicked() {
            commands.push(Command::Delete(IdKind::Event, event.id.clone()));
        }
    });
    ui.add_space(6.0);
    form(ui, "event-form", |ui| {
        name_row(ui, scenario, IdKind::Event, &event.id, &mut event.name, commands);
        id_row(ui, state, scenario, IdKind::Event, &event.id, commands);
        kind_rows(ui, &event.id, &mut event.kind);
        criterion_row(ui, &mut event.criterion);
    });
    ui.add_space(10.0);
    ui.heading("Likelihood").on_hover_text(super::widgets::LIKELIHOOD_TIP);
    ui.label(format!("Chance that it happens within the next {} months.", scenario.horizon_months));
    likelihood_editor(ui, &mut event.likelihood);
    ui.add_space(10.0);
    severity_grid(ui, scenario, &event.id, &mut event.regions, commands);
    ui.add_space(10.0);
    shock_grid(ui, scenario, &event.id, &mut event.markets, commands);
    ui.add_space(10.0);
    links_summary(ui, scenario, &event.id, commands);
    ui.add_space(10.0);
    form(ui, "event-notes", |ui| notes_row(ui, &mut event.notes));
    ui.add_space(10.0);
    outcome_section(ui, event.id.as_str(), &mut event.resolution);
    if event != scenario.events[index] {
        scenario.events[index] = event;
    }
    true
}

fn kind_rows(ui: &mut egui::Ui, id: &Id, kind: &mut EventKind) {
    let label_response = label(ui, "Kind", KIND_TIP);
    let mut category = kind.category();
    egui::ComboBox::from_id_salt("event-kind")
        .selected_text(category.label())
        .width(200.0)
        .show_ui(ui, |ui| {
            for c in EventCategory::ALL {
                ui.selectable_value(&mut category, c, c.label());
            }
        })
        .response
        .labelled_by(label_response.id)
        .on_hover_text(KIND_TIP);
    ui.end_row();
    if category != kind.category() {
        *kind = category.empty_kind();
    }
    match kind {
        EventKind::LeadershipChange { country, how } => {
            text_row(ui, "Country", COUNTRY_TIP, country);
            let how_label = label(ui, "How", "How the leader leaves or arrives.");
            egui::ComboBox::from_id_salt("transition")
                .selected_text(format!("{how:?}"))
                .show_ui(ui, |ui| {
                    for t in Transition::ALL {
                        ui.selectable_value(how, t, format!("{t:?}"));
                    }
                })
                .response
                .labelled_by(how_label.id);
            ui.end_row();
        }
        EventKind::ArmsTransfer { from, to, systems } => {
            text_row(ui, "From", COUNTRY_TIP, from);
            text_row(ui, "To", COUNTRY_TIP, to);
            text_row(ui, "Systems", "What is transferred, e.g. \"152 mm shells\".", systems);
        }
        EventKind::TechnologyTransfer { from, to, field } => {
            text_row(ui, "From", COUNTRY_TIP, from);
            text_row(ui, "To", COUNTRY_TIP, to);
            text_row(ui, "Field", "The technology, e.g. \"space launch\".", field);
        }
        EventKind::Sanctions { imposer, target, sector }
        | EventKind::TradeRestriction { imposer, target, goods: sector } => {
            text_row(ui, "Imposed by", COUNTRY_TIP, imposer);
            text_row(ui, "Target", COUNTRY_TIP, target);
            text_row(ui, "Sector or goods", "What is restricted, e.g. \"oil\" or \"chips\".", sector);
        }
        EventKind::MilitaryEscalation { parties, theatre } => {
            list_row(ui, id, "Parties", "Who is involved, separated by commas: \"KP, KR, US\".", parties);
            text_row(ui, "Theatre", "Where, e.g. \"Korean Peninsula\".", theatre);
        }
        EventKind::NuclearTest { country } => {
            text_row(ui, "Country", COUNTRY_TIP, country);
        }
        EventKind::Summit { parties, outcome } => {
            list_row(ui, id, "Parties", "Who meets, separated by commas: \"RU, KP\".", parties);
            text_row(ui, "Outcome", "What is agreed, e.g. \"mutual defence treaty\".", outcome);
        }
        EventKind::Cyber { attacker, target } => {
            text_row(ui, "Attacker", COUNTRY_TIP, attacker);
            text_row(ui, "Target", COUNTRY_TIP, target);
        }
        EventKind::Custom => {}
    }
}

/// The links into and out of this event, each a click away.
fn links_summary(ui: &mut egui::Ui, scenario: &Scenario, id: &Id, commands: &mut Commands) {
    ui.heading("Links").on_hover_text(super::widgets::ODDS_TIP);
    let name = |id: &Id| scenario.event(id.as_str()).map_or(id.as_str(), |e| e.display_name()).to_owned();
    let mut any = false;
    for (i, link) in scenario.links.iter().enumerate() {
        let text = if &link.from == id {
            format!("If it happens, odds of \"{}\" × {}", name(&link.to), link.odds)
        } else if &link.to == id {
            format!("Odds × {} if \"{}\" happens", link.odds, name(&link.from))
        } else {
            continue;
        };
        any = true;
        if ui.link(text).on_hover_text("Edit this link").clicked() {
            commands.push(Command::Select(crate::ui::command::Selection::Link(i)));
        }
    }
    if !any {
        ui.label("No links. Add one under Links in the outline to make events depend on each other.");
    }
}
