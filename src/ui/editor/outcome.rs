//! An event's criterion and outcome, and the date fields they share with the overview's
//! `as_of`. Field edits change the event directly; undo records them once they settle.

use super::widgets::{field_width, form, label};
use crate::model::{Date, Resolution};

pub const CRITERION_TIP: &str = "The observable rule that settles the event: who must confirm it, \
     with what, past which threshold. Without one, two people can disagree on whether it happened.";
const OUTCOME_TIP: &str = "What happened within the horizon, once it is known. Resolved events are \
     scored: the Brier and log scores compare each likelihood with its outcome.";
const WHEN_TIP: &str = "When it happened (or when it was settled that it did not), as YYYY-MM-DD. \
     Leave empty if unknown.";
const SOURCE_TIP: &str = "Where the outcome can be checked: publication, date, headline or link.";

/// The criterion as a multi-line field; an empty box means none.
pub fn criterion_row(ui: &mut egui::Ui, criterion: &mut Option<String>) {
    let label = label(ui, "Criterion", CRITERION_TIP);
    let mut text = criterion.clone().unwrap_or_default();
    let edit = egui::TextEdit::multiline(&mut text).desired_rows(2).desired_width(field_width(ui));
    if ui.add(edit).labelled_by(label.id).on_hover_text(CRITERION_TIP).changed() {
        *criterion = (!text.trim().is_empty()).then_some(text);
    }
    ui.end_row();
}

/// Which of the three states an outcome is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Unresolved,
    Happened,
    DidNotHappen,
}

/// The outcome section: Unresolved / Happened / Did not happen, then its date and source.
pub fn outcome_section(ui: &mut egui::Ui, owner: &str, resolution: &mut Option<Resolution>) {
    ui.heading("Outcome").on_hover_text(OUTCOME_TIP);
    let state = match resolution {
        None => State::Unresolved,
        Some(r) if r.happened => State::Happened,
        Some(_) => State::DidNotHappen,
    };
    let mut chosen = state;
    ui.horizontal(|ui| {
        ui.radio_value(&mut chosen, State::Unresolved, "Unresolved")
            .on_hover_text("Not known yet; the event is left out of the scores.");
        ui.radio_value(&mut chosen, State::Happened, "Happened")
            .on_hover_text("It happened within the horizon.");
        ui.radio_value(&mut chosen, State::DidNotHappen, "Did not happen")
            .on_hover_text("The horizon passed without it.");
    });
    if chosen != state {
        *resolution = match chosen {
            State::Unresolved => None,
            // Switching between the two outcomes keeps the date and the source typed so far.
            happened => {
                let old = resolution.take();
                Some(Resolution {
                    happened: happened == State::Happened,
                    when: old.as_ref().and_then(|r| r.when),
                    source: old.map(|r| r.source).unwrap_or_default(),
                })
            }
        };
    }
    let Some(r) = resolution else { return };
    form(ui, "event-outcome", |ui| {
        date_row(ui, ("outcome-when", owner), "Date", WHEN_TIP, &mut r.when);
        let label = label(ui, "Source", SOURCE_TIP);
        ui.add(egui::TextEdit::multiline(&mut r.source).desired_rows(2).desired_width(field_width(ui)))
            .labelled_by(label.id)
            .on_hover_text(SOURCE_TIP);
        ui.end_row();
        if r.source.trim().is_empty() {
            ui.label("");
            ui.colored_label(ui.visuals().error_fg_color, "An outcome needs a source.");
            ui.end_row();
        }
    });
}

/// A date typed as YYYY-MM-DD. What is typed is kept as a draft in egui's memory until it is a
/// date (then applied) or empty (then none); a draft that is not a date is shown red and changes
/// nothing.
pub fn date_row(
    ui: &mut egui::Ui,
    salt: impl std::hash::Hash + std::fmt::Debug,
    text: &str,
    tip: &str,
    value: &mut Option<Date>,
) {
    let id = ui.make_persistent_id(("date-row", salt));
    let shown = value.map(|d| d.to_string()).unwrap_or_default();
    let mut draft = ui.data(|d| d.get_temp::<String>(id)).unwrap_or_else(|| shown.clone());
    let parsed = |draft: &str| -> Option<Option<Date>> {
        let draft = draft.trim();
        if draft.is_empty() { Some(None) } else { Date::parse(draft).map(Some) }
    };
    let valid = parsed(&draft).is_some();
    let label = label(ui, text, tip);
    ui.horizontal(|ui| {
        let mut edit = egui::TextEdit::singleline(&mut draft).hint_text("YYYY-MM-DD").desired_width(110.0);
        if !valid {
            edit = edit.text_color(ui.visuals().error_fg_color);
        }
        let response = ui.add(edit).labelled_by(label.id).on_hover_text(tip);
        if response.changed() {
            match parsed(&draft) {
                Some(date) => {
                    *value = date;
                    ui.data_mut(|d| d.remove::<String>(id));
                }
                None => {
                    ui.data_mut(|d| d.insert_temp(id, draft.clone()));
                }
            }
        }
        if !valid {
            ui.colored_label(ui.visuals().error_fg_color, "not a date (YYYY-MM-DD); not applied");
        }
    });
    ui.end_row();
}

/// The outline's tooltip for a resolved event: the outcome, its date and its source.
pub fn outcome_summary(resolution: &Resolution) -> String {
    let what = if resolution.happened { "Happened" } else { "Did not happen" };
    let when = resolution.when.map(|d| format!(" ({d})")).unwrap_or_default();
    format!("{what}{when}. Source: {}", resolution.source)
}
