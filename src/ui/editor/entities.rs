//! The region and market forms.

use super::EditorState;
use super::widgets::{form, id_picker, id_row, label, list_row, name_row, notes_row};
use super::widgets::{parse_percent, percent_text};
use crate::model::validate::{MAX_DRIFT, MIN_DRIFT};
use crate::model::{Finite, Id, IdKind, Market, MarketKind, NonNegative, Scenario};
use crate::ui::command::{Command, Commands};

const VOLATILITY_TIP: &str = "Background noise: how much the market's price moves in a year without \
     any event (20% is typical for a stock index, as an annualised volatility). Background moves have \
     zero expected price change unless you give an expected change per year below. Leave it off for \
     no noise.";
const DRIFT_TIP: &str = "Optional: how much you expect the price to change in a year without any \
     event, in percent (5 = +5% a year, compounded over the horizon). Leave it empty for no expected \
     change: background moves then average out to zero.";

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
    ui.horizontal_wrapped(|ui| {
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
        list_row(ui, &region.id, "Countries", tip, &mut region.countries);
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
    super::calibrate_button(ui, commands);
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
        let current = market.region.as_ref().unwrap_or(&none).as_str().to_owned();
        let options = std::iter::once((&none, "(none)"))
            .chain(scenario.regions.iter().map(|r| (&r.id, r.display_name())));
        if let Some(picked) = id_picker(ui, "market-region", &current, options, 200.0, "Region") {
            market.region = (picked != none).then_some(picked);
        }
        ui.end_row();

        let tip = VOLATILITY_TIP;
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
        drift_row(ui, &mut market);
        notes_row(ui, &mut market.notes);
    });
    used_by(ui, scenario, IdKind::Market, &market.id);
    if market != scenario.markets[index] {
        scenario.markets[index] = market;
    }
    true
}

/// "Expected change per year": a percentage typed as text, empty for none. The text being typed
/// is kept while the field has focus, so "−" or "2." on the way to a number is not thrown away.
fn drift_row(ui: &mut egui::Ui, market: &mut Market) {
    let row_label = label(ui, "Expected change per year", DRIFT_TIP);
    let key = ui.make_persistent_id(("drift-text", &market.id));
    let shown = || market.drift.map(|d| percent_text(d.get(), 4).trim_end_matches('%').to_owned());
    let mut text: String = ui.data(|d| d.get_temp(key)).unwrap_or_else(|| shown().unwrap_or_default());
    let mut problem = None;
    ui.horizontal(|ui| {
        let response = ui
            .add(egui::TextEdit::singleline(&mut text).desired_width(80.0).hint_text("none"))
            .labelled_by(row_label.id)
            .on_hover_text(DRIFT_TIP);
        ui.label("% a year");
        let typed = text.trim();
        let parsed = parse_percent(typed);
        if typed.is_empty() {
            if response.changed() {
                market.drift = None;
            }
        } else {
            match parsed {
                Some(v) if (MIN_DRIFT..=MAX_DRIFT).contains(&v) => {
                    if response.changed() {
                        market.drift = Finite::new(v).ok();
                    }
                }
                Some(_) => {
                    problem = Some(format!(
                        "Give an expected change between {} and +{} a year.",
                        percent_text(MIN_DRIFT, 0),
                        percent_text(MAX_DRIFT, 0)
                    ));
                }
                None => problem = Some("Type a percentage such as 5 or −2.5, or leave it empty.".to_owned()),
            }
        }
        if response.has_focus() {
            ui.data_mut(|d| d.insert_temp(key, text.clone()));
        } else {
            ui.data_mut(|d| d.remove::<String>(key));
        }
        if let Some(problem) = &problem {
            ui.colored_label(ui.visuals().error_fg_color, problem);
        }
    });
    ui.end_row();
}
