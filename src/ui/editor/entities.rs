//! The region and market forms.

use super::EditorState;
use super::widgets::{form, id_picker, id_row, label, list_row, name_row, notes_row};
use crate::model::{Id, IdKind, MarketKind, NonNegative, Scenario};
use crate::ui::command::{Command, Commands};

/// What refers to this item, so a reader sees what a change or a delete touches.
fn used_by(ui: &mut egui::Ui, scenario: &Scenario, kind: IdKind, id: &Id) {
    ui.add_space(10.0);
    let references = scenario.references_to(kind, id.as_str());
    if references.is_empty() {
        ui.label(format!("Nothing refers to this {} yet.", kind.label()));
        return;
    }
    ui.heading("Used by");
    for reference in references {
        ui.label(format!("• {reference}"));
    }
}

fn header(ui: &mut egui::Ui, title: &str, kind: IdKind, id: &Id, commands: &mut Commands) {
    ui.horizontal(|ui| {
        ui.heading(title);
        let tip = "Asks first when other items refer to it.";
        if ui.button(format!("Delete {}", kind.label())).on_hover_text(tip).clicked() {
            commands.push(Command::Delete(kind, id.clone()));
        }
    });
    ui.add_space(6.0);
}

pub fn region(
    ui: &mut egui::Ui,
    state: &mut EditorState,
    scenario: &mut Scenario,
    id: &Id,
    commands: &mut Commands,
) -> bool {
    let Some(index) = scenario.regions.iter().position(|r| &r.id == id) else { return false };
    let mut region = scenario.regions[index].clone();
    header(ui, region.display_name(), IdKind::Region, &region.id, commands);
    form(ui, "region-form", |ui| {
        name_row(ui, scenario, IdKind::Region, &region.id, &mut region.name, commands);
        id_row(ui, state, scenario, IdKind::Region, &region.id, commands);
        let tip = "The countries the region covers, as two-letter ISO codes separated by commas: \"KR, KP\".";
        list_row(ui, "Countries", tip, &mut region.countries);
        notes_row(ui, &mut region.notes);
    });
    used_by(ui, scenario, IdKind::Region, &region.id);
    if region != scenario.regions[index] {
        scenario.regions[index] = region;
    }
    true
}

pub fn market(
    ui: &mut egui::Ui,
    state: &mut EditorState,
    scenario: &mut Scenario,
    id: &Id,
    commands: &mut Commands,
) -> bool {
    let Some(index) = scenario.markets.iter().position(|m| &m.id == id) else { return false };
    let mut market = scenario.markets[index].clone();
    header(ui, market.display_name(), IdKind::Market, &market.id, commands);
    form(ui, "market-form", |ui| {
        name_row(ui, scenario, IdKind::Market, &market.id, &mut market.name, commands);
        id_row(ui, state, scenario, IdKind::Market, &market.id, commands);

        let kind_label = label(ui, "Kind", "What sort of asset this is; used for grouping and labels.");
        egui::ComboBox::from_id_salt("market-kind")
            .selected_text(market.kind.label())
            .show_ui(ui, |ui| {
                for kind in MarketKind::ALL {
                    ui.selectable_value(&mut market.kind, kind, kind.label());
                }
            })
            .response
            .labelled_by(kind_label.id);
        ui.end_row();

        label(ui, "Region", "The region the market belongs to, if any.");
        let none = Id::slug("none");
        let current = market.region.as_ref().map_or("", |r| r.as_str()).to_owned();
        let options = std::iter::once((&none, "(none)"))
            .chain(scenario.regions.iter().map(|r| (&r.id, r.display_name())));
        if let Some(picked) = id_picker(ui, "market-region", &current, options, 200.0, "Region") {
            market.region = (picked != none).then_some(picked);
        }
        ui.end_row();

        let tip = "Background noise: how much the market moves in a year without any event \
                   (20% is typical for a stock index). Leave it off for no noise.";
        label(ui, "Volatility", tip);
        ui.horizontal(|ui| {
            let mut on = market.volatility.is_some();
            if ui.checkbox(&mut on, "Background noise").on_hover_text(tip).changed() {
                market.volatility = on.then_some(NonNegative::new(0.2).unwrap_or(NonNegative::ZERO));
            }
            if let Some(vol) = &mut market.volatility {
                let mut pct = vol.get() * 100.0;
                let drag = egui::DragValue::new(&mut pct).range(0.0..=500.0).speed(0.5).suffix("% a year");
                if ui.add(drag).on_hover_text(tip).changed() {
                    *vol = NonNegative::new(pct / 100.0).unwrap_or(NonNegative::ZERO);
                }
            }
        });
        ui.end_row();
        notes_row(ui, &mut market.notes);
    });
    used_by(ui, scenario, IdKind::Market, &market.id);
    if market != scenario.markets[index] {
        scenario.markets[index] = market;
    }
    true
}
