//! The variant form: a named set of overrides (likelihoods, shocks, holding values) compared
//! with the base scenario.

use super::widgets::{add_picker, form, likelihood_editor, money, notes_row, shock_editor, text_row};
use crate::model::{Finite, Id, Likelihood, Scenario, VariantOverride};
use crate::ui::command::{Command, Commands};

const RESET_TIP: &str = "Back to the base value: removes this override, so the variant uses the base \
     scenario's number again.";

const VARIANT_TIP: &str = "A variant changes a few numbers of the base scenario, such as \"Escalation\" \
     making strikes likelier, so the two can be compared side by side.";

pub fn variant(ui: &mut egui::Ui, scenario: &mut Scenario, index: usize, commands: &mut Commands) -> bool {
    let Some(original) = scenario.variants.get(index) else { return false };
    let mut variant = original.clone();
    ui.horizontal(|ui| {
        ui.heading("Variant").on_hover_text(VARIANT_TIP);
        if ui.button("Delete variant").clicked() {
            commands.push(Command::DeleteVariant(index));
        }
    });
    ui.label(VARIANT_TIP);
    ui.add_space(6.0);
    form(ui, "variant-form", |ui| {
        text_row(ui, "Name", "The variant's name, unique in the scenario.", &mut variant.name);
        notes_row(ui, &mut variant.notes);
    });
    let s = &*scenario;
    let event_name = |id: &Id| s.event(id.as_str()).map_or(id.as_str(), |e| e.display_name()).to_owned();
    let market_name = |id: &Id| s.market(id.as_str()).map_or(id.as_str(), |m| m.display_name()).to_owned();

    ui.add_space(10.0);
    ui.heading("Likelihoods");
    for (id, likelihood) in variant.likelihoods.iter_mut() {
        ui.push_id(("variant-likelihood", id), |ui| {
            ui.horizontal(|ui| {
                ui.strong(event_name(id));
                reset(ui, commands, index, VariantOverride::Likelihood(id.clone()));
            });
            ui.horizontal(|ui| {
                likelihood_editor(ui, likelihood);
                let base = s
                    .event(id.as_str())
                    .map_or_else(|| "none".to_owned(), |e| likelihood_text(&e.likelihood));
                ui.weak(format!("base {base}"));
            });
        });
    }
    let free = s.events.iter().filter(|e| !variant.likelihoods.contains_key(&e.id));
    if let Some(id) = add_picker(
        ui,
        "add-variant-likelihood",
        "Override an event's likelihood…",
        free.map(|e| (&e.id, e.display_name())),
    ) {
        commands.push(Command::AddOverride(index, VariantOverride::Likelihood(id)));
    }

    ui.add_space(10.0);
    ui.heading("Shocks").on_hover_text(super::widgets::SHOCK_TIP);
    ui.label("Price moves that replace the base scenario's, in percent: −20% = the price falls by 20%.");
    egui::Grid::new("variant-shocks").num_columns(4).spacing([16.0, 6.0]).striped(true).show(ui, |ui| {
        for (event, shocks) in variant.shocks.iter_mut() {
            for (market, shock) in shocks.iter_mut() {
                let name = format!("{} on {}", event_name(event), market_name(market));
                ui.label(&name);
                ui.horizontal(|ui| shock_editor(ui, ("variant-shock", event, market), &name, shock, true));
                let base = s.event(event.as_str()).and_then(|e| e.markets.get(market));
                ui.weak(base.map_or_else(|| "base: no shock".to_owned(), |b| format!("base {b}")));
                ui.push_id(("variant-shock-reset", event, market), |ui| {
                    reset(ui, commands, index, VariantOverride::Shock(event.clone(), market.clone()));
                });
                ui.end_row();
            }
        }
    });
    let candidates = s.events.iter().flat_map(|e| e.markets.keys().map(move |m| (e, m)));
    let mut added = None;
    egui::ComboBox::from_id_salt("add-variant-shock")
        .selected_text("Override a shock…")
        .show_ui(ui, |ui| {
            for (event, market) in candidates {
                let taken = variant.shocks.get(&event.id).is_some_and(|m| m.contains_key(market));
                let text = format!("{} on {}", event.display_name(), market_name(market));
                if !taken && ui.selectable_label(false, text).clicked() {
                    added = Some((event.id.clone(), market.clone()));
                }
            }
        })
        .response
        .accessible_name("Override a shock");
    if let Some((event, market)) = added {
        commands.push(Command::AddOverride(index, VariantOverride::Shock(event, market)));
    }

    ui.add_space(10.0);
    ui.heading("Holdings");
    for (market, value) in variant.holdings.iter_mut() {
        ui.horizontal(|ui| {
            ui.label(market_name(market));
            let mut v = value.get();
            if ui.add(money(&mut v, &s.portfolio.currency)).changed() {
                *value = Finite::new(v).unwrap_or(Finite::ZERO);
            }
            let base = s.portfolio.holdings.iter().find(|h| &h.market == market);
            ui.weak(base.map_or_else(
                || "base: not held".to_owned(),
                |h| format!("base {} {}", s.portfolio.currency, crate::report::thousands(h.value.get())),
            ));
            ui.push_id(("variant-holding-reset", market), |ui| {
                reset(ui, commands, index, VariantOverride::Holding(market.clone()));
            });
        });
    }
    let free = s.markets.iter().filter(|m| !variant.holdings.contains_key(&m.id));
    if let Some(id) =
        add_picker(ui, "add-variant-holding", "Override a holding…", free.map(|m| (&m.id, m.display_name())))
    {
        commands.push(Command::AddOverride(index, VariantOverride::Holding(id)));
    }
    if variant != scenario.variants[index] {
        scenario.variants[index] = variant;
    }
    true
}

/// The "Reset" button beside an override: removes it, as one undo step.
fn reset(ui: &mut egui::Ui, commands: &mut Commands, index: usize, what: VariantOverride) {
    if ui.button("Reset").on_hover_text(RESET_TIP).clicked() {
        commands.push(Command::RemoveOverride(index, what));
    }
}

/// A likelihood as the greyed base value reads: `12.0%`, or `12.0% (5.0–20.0%)` for a range.
fn likelihood_text(likelihood: &Likelihood) -> String {
    let pct = |p: f64| format!("{:.1}%", 100.0 * p);
    match likelihood {
        Likelihood::Point(p) => pct(p.get()),
        Likelihood::Range(r) => {
            format!("{} ({}–{})", pct(r.likely().get()), pct(r.low().get()), pct(r.high().get()))
        }
    }
}
