//! The variant form: a named set of overrides (likelihoods, shocks, holding values) compared
//! with the base scenario.

use super::widgets::{add_picker, form, likelihood_editor, money, notes_row, shock_editor, text_row};
use crate::model::{Finite, Id, Scenario};
use crate::ui::command::{Command, Commands};

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
    let mut remove = None;
    for (id, likelihood) in variant.likelihoods.iter_mut() {
        ui.push_id(("variant-likelihood", id), |ui| {
            ui.horizontal(|ui| {
                ui.strong(event_name(id));
                if let Some(base) = s.event(id.as_str()) {
                    ui.weak(format!("(base scenario: {:.1}%)", base.likelihood.mean() * 100.0));
                }
                if ui.button("Remove").on_hover_text("Use the base scenario's likelihood again.").clicked() {
                    remove = Some(id.clone());
                }
            });
            likelihood_editor(ui, likelihood);
        });
    }
    if let Some(id) = remove {
        variant.likelihoods.remove(&id);
    }
    let free = s.events.iter().filter(|e| !variant.likelihoods.contains_key(&e.id));
    if let Some(id) = add_picker(
        ui,
        "add-variant-likelihood",
        "Override an event's likelihood…",
        free.map(|e| (&e.id, e.display_name())),
    ) {
        let base = s.event(id.as_str()).map(|e| e.likelihood).unwrap_or_default();
        variant.likelihoods.insert(id, base);
    }

    ui.add_space(10.0);
    ui.heading("Shocks").on_hover_text(super::widgets::SHOCK_TIP);
    ui.label("Price moves that replace the base scenario's, in percent: −20% = the price falls by 20%.");
    let mut remove = None;
    egui::Grid::new("variant-shocks").num_columns(3).spacing([16.0, 6.0]).striped(true).show(ui, |ui| {
        for (event, shocks) in variant.shocks.iter_mut() {
            for (market, shock) in shocks.iter_mut() {
                let name = format!("{} on {}", event_name(event), market_name(market));
                ui.label(&name);
                ui.horizontal(|ui| shock_editor(ui, ("variant-shock", event, market), &name, shock));
                if ui.button("Remove").clicked() {
                    remove = Some((event.clone(), market.clone()));
                }
                ui.end_row();
            }
        }
    });
    if let Some((event, market)) = remove {
        if let Some(shocks) = variant.shocks.get_mut(&event) {
            shocks.remove(&market);
        }
        variant.shocks.retain(|_, shocks| !shocks.is_empty());
    }
    let candidates = s.events.iter().flat_map(|e| e.markets.iter().map(move |(m, shock)| (e, m, shock)));
    let mut added = None;
    egui::ComboBox::from_id_salt("add-variant-shock")
        .selected_text("Override a shock…")
        .show_ui(ui, |ui| {
            for (event, market, shock) in candidates {
                let taken = variant.shocks.get(&event.id).is_some_and(|m| m.contains_key(market));
                let text = format!("{} on {}", event.display_name(), market_name(market));
                if !taken && ui.selectable_label(false, text).clicked() {
                    added = Some((event.id.clone(), market.clone(), *shock));
                }
            }
        })
        .response
        .accessible_name("Override a shock");
    if let Some((event, market, shock)) = added {
        variant.shocks.entry(event).or_default().insert(market, shock);
    }

    ui.add_space(10.0);
    ui.heading("Holdings");
    let mut remove = None;
    for (market, value) in variant.holdings.iter_mut() {
        ui.horizontal(|ui| {
            ui.label(market_name(market));
            let mut v = value.get();
            if ui.add(money(&mut v, &s.portfolio.currency)).changed() {
                *value = Finite::new(v).unwrap_or(Finite::ZERO);
            }
            if ui.button("Remove").clicked() {
                remove = Some(market.clone());
            }
        });
    }
    if let Some(market) = remove {
        variant.holdings.remove(&market);
    }
    let free = s.markets.iter().filter(|m| !variant.holdings.contains_key(&m.id));
    if let Some(id) =
        add_picker(ui, "add-variant-holding", "Override a holding…", free.map(|m| (&m.id, m.display_name())))
    {
        let base = s.portfolio.holdings.iter().find(|h| h.market == id).map_or(Finite::ZERO, |h| h.value);
        variant.holdings.insert(id, base);
    }
    if variant != scenario.variants[index] {
        scenario.variants[index] = variant;
    }
    true
}
