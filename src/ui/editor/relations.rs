//! The link and exclusive-group forms: how events depend on or exclude each other.

use super::EditorState;
use super::widgets::{ODDS_TIP, add_picker, form, id_picker, id_row, label, name_row, notes_row};
use crate::model::{GroupKind, Id, IdKind, ListEdit, Odds, Scenario};
use crate::ui::command::{Command, Commands};

const GROUP_TIP: &str = "Events of which at most one (or exactly one) can happen, such as the \
     possible outcomes of one election. Their likelihoods must not add up to more than 100%.";

pub fn link(ui: &mut egui::Ui, scenario: &mut Scenario, index: usize, commands: &mut Commands) -> bool {
    let Some(original) = scenario.links.get(index) else { return false };
    let mut link = original.clone();
    ui.horizontal(|ui| {
        ui.heading("Link");
        if ui.button("Delete link").clicked() {
            commands.push(Command::DeleteLink(index));
        }
    });
    ui.label("When the first event happens, the second becomes more or less likely.");
    ui.add_space(6.0);
    // An event cannot change its own odds: each end offers every event but the other end.
    let events_but = |other: &Id| {
        let other = other.clone();
        scenario.events.iter().filter(move |e| e.id != other).map(|e| (&e.id, e.display_name()))
    };
    form(ui, "link-form", |ui| {
        label(ui, "If this happens", "The event that changes the other's odds.");
        let from = events_but(&link.to);
        if let Some(id) = id_picker(ui, "link-from", link.from.as_str(), from, 320.0, "If this happens") {
            link.from = id;
        }
        ui.end_row();
        label(ui, "Then this", "The event whose odds change.");
        let to = events_but(&link.from);
        if let Some(id) = id_picker(ui, "link-to", link.to.as_str(), to, 320.0, "Then this") {
            link.to = id;
        }
        ui.end_row();
        label(ui, "Odds multiplier", ODDS_TIP);
        let mut odds = link.odds.get();
        let slider = egui::Slider::new(&mut odds, 0.05..=20.0)
            .logarithmic(true)
            .text("× odds")
            .clamping(egui::SliderClamping::Never);
        if ui.add(slider).on_hover_text(ODDS_TIP).changed() {
            link.odds = Odds::new(odds).unwrap_or(Odds::EVEN);
        }
        ui.end_row();
        notes_row(ui, &mut link.notes);
    });
    if let Some(to) = scenario.event(link.to.as_str()) {
        let p = to.likelihood.mean();
        let odds = p / (1.0 - p).max(1e-9) * link.odds.get();
        let after = odds / (1.0 + odds);
        ui.label(format!(
            "Example: \"{}\" goes from {:.0}% to {:.0}% when \"{}\" happens.",
            to.display_name(),
            p * 100.0,
            after * 100.0,
            scenario.event(link.from.as_str()).map_or(link.from.as_str(), |e| e.display_name())
        ));
    }
    if &link != original_at(scenario, index) {
        scenario.links[index] = link;
    }
    true
}

fn original_at(scenario: &Scenario, index: usize) -> &crate::model::Link {
    &scenario.links[index]
}

pub fn group(
    ui: &mut egui::Ui,
    state: &mut EditorState,
    scenario: &mut Scenario,
    id: &Id,
    commands: &mut Commands,
) -> bool {
    let Some(index) = scenario.groups.iter().position(|g| &g.id == id) else { return false };
    let mut group = scenario.groups[index].clone();
    ui.horizontal(|ui| {
        ui.heading("Exclusive group").on_hover_text(GROUP_TIP);
        if ui.button("Delete group").clicked() {
            commands.push(Command::Delete(IdKind::Group, group.id.clone()));
        }
    });
    ui.label(GROUP_TIP);
    ui.add_space(6.0);
    form(ui, "group-form", |ui| {
        name_row(ui, scenario, IdKind::Group, &group.id, &mut group.name, commands);
        id_row(ui, state, scenario, IdKind::Group, &group.id, commands);
        label(ui, "Rule", GROUP_TIP);
        ui.horizontal(|ui| {
            ui.radio_value(&mut group.kind, GroupKind::AtMostOne, "At most one happens");
            ui.radio_value(&mut group.kind, GroupKind::ExactlyOne, "Exactly one happens");
        });
        ui.end_row();
        notes_row(ui, &mut group.notes);
    });
    ui.add_space(8.0);
    ui.heading("Events in the group");
    let mut remove = None;
    for member in &group.events {
        ui.horizontal(|ui| {
            let event = scenario.event(member.as_str());
            ui.label(event.map_or(member.as_str(), |e| e.display_name()));
            if let Some(e) = event {
                ui.weak(format!("{:.0}%", e.likelihood.mean() * 100.0));
            }
            if ui.button("Remove").clicked() {
                remove = Some(member.clone());
            }
        });
    }
    if let Some(event) = remove {
        commands.push(Command::EditList(ListEdit::RemoveGroupMember { group: group.id.clone(), event }));
    }
    let sum: f64 =
        group.events.iter().filter_map(|e| scenario.event(e.as_str())).map(|e| e.likelihood.mean()).sum();
    let total = format!("Likelihoods add up to {:.0}%.", sum * 100.0);
    let wrong = match group.kind {
        GroupKind::AtMostOne => sum > 1.0 + 1e-6,
        GroupKind::ExactlyOne => (sum - 1.0).abs() > 1e-6,
    };
    if wrong {
        let rule = match group.kind {
            GroupKind::AtMostOne => "at most 100%",
            GroupKind::ExactlyOne => "exactly 100%",
        };
        ui.colored_label(ui.visuals().warn_fg_color, format!("{total} They must add up to {rule}."));
    } else {
        ui.label(total);
    }
    let free = scenario.events.iter().filter(|e| !group.events.contains(&e.id));
    let options = free.map(|e| (&e.id, e.display_name()));
    if let Some(event) = add_picker(ui, "add-group-member", "Add an event…", options) {
        commands.push(Command::EditList(ListEdit::AddGroupMember { group: group.id.clone(), event }));
    }
    if group != scenario.groups[index] {
        scenario.groups[index] = group;
    }
    true
}
