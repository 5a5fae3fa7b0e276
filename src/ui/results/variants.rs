//! The Results view's variant bar: which scenario the results are of (the base or a variant),
//! and the buttons that make, copy, rename and delete variants. Every change is a `Command`;
//! a delete asks first, a rename checks the name before it is offered.

use crate::model::Scenario;
use crate::ui::command::{Command, Commands};

const VARIANT_TIP: &str = "The results of the base scenario, or of a variant: the base with the \
     variant's likelihoods, shocks and holdings in place of its own, the same futures as \
     `georisk run --variant NAME` draws.";
const BASE: &str = "Base scenario";

/// What the bar is in the middle of: typing a new name, or asking before a delete.
#[derive(Debug, Default)]
pub struct VariantBar {
    renaming: Option<(usize, String)>,
    confirm_delete: Option<usize>,
}

/// The picker and the variant buttons. `variant` is the shown variant's name (`None`: the base).
pub fn variant_bar(
    ui: &mut egui::Ui,
    bar: &mut VariantBar,
    variant: &mut Option<String>,
    scenario: &Scenario,
    commands: &mut Commands,
) {
    let shown = variant.as_deref().and_then(|name| scenario.variants.iter().position(|v| v.name == name));
    ui.horizontal_wrapped(|ui| {
        if !scenario.variants.is_empty() {
            let label = ui.label("Showing").on_hover_text(VARIANT_TIP);
            egui::ComboBox::from_id_salt("results-variant")
                .selected_text(variant.as_deref().unwrap_or(BASE))
                .show_ui(ui, |ui| {
                    ui.selectable_value(variant, None, BASE);
                    for v in &scenario.variants {
                        ui.selectable_value(variant, Some(v.name.clone()), &v.name);
                    }
                })
                .response
                .labelled_by(label.id)
                .on_hover_text(VARIANT_TIP);
        }
        if ui
            .button("New variant")
            .on_hover_text("A variant with no overrides yet, opened for editing.")
            .clicked()
        {
            commands.push(Command::AddVariant);
        }
        let Some(index) = shown else { return };
        if ui.button("Duplicate").on_hover_text("A copy of the shown variant, named \"… (copy)\".").clicked()
        {
            commands.push(Command::DuplicateVariant(index));
        }
        if ui.button("Rename…").on_hover_text("Give the shown variant another name.").clicked() {
            bar.renaming = Some((index, scenario.variants[index].name.clone()));
            bar.confirm_delete = None;
        }
        if ui
            .button("Delete")
            .on_hover_text("Delete the shown variant (asks first; undo brings it back).")
            .clicked()
        {
            bar.confirm_delete = Some(index);
            bar.renaming = None;
        }
    });
    rename_row(ui, bar, scenario, commands);
    delete_row(ui, bar, scenario, commands);
}

fn rename_row(ui: &mut egui::Ui, bar: &mut VariantBar, scenario: &Scenario, commands: &mut Commands) {
    let Some((index, text)) = &mut bar.renaming else { return };
    let index = *index;
    let mut done = false;
    ui.horizontal(|ui| {
        let label = ui.label("New name");
        let edit = ui.text_edit_singleline(text).labelled_by(label.id);
        let check = scenario.check_variant_name(index, text);
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let button = ui.add_enabled(check.is_ok(), egui::Button::new("Rename"));
        if let Err(why) = &check {
            ui.colored_label(ui.visuals().warn_fg_color, why.to_string());
        }
        if let Ok(name) = check
            && (button.clicked() || enter)
        {
            commands.push(Command::RenameVariant(index, name));
            done = true;
        }
        if ui.button("Cancel").clicked() {
            done = true;
        }
    });
    if done || index >= scenario.variants.len() {
        bar.renaming = None;
    }
}

fn delete_row(ui: &mut egui::Ui, bar: &mut VariantBar, scenario: &Scenario, commands: &mut Commands) {
    let Some(index) = bar.confirm_delete else { return };
    let Some(v) = scenario.variants.get(index) else {
        bar.confirm_delete = None;
        return;
    };
    ui.horizontal_wrapped(|ui| {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            format!("Delete the variant \"{}\" and its overrides? Undo brings it back.", v.name),
        );
        if ui.button("Delete variant").clicked() {
            commands.push(Command::DeleteVariant(index));
            bar.confirm_delete = None;
        }
        if ui.button("Keep it").clicked() {
            bar.confirm_delete = None;
        }
    });
}
