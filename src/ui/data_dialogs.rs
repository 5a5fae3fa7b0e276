//! The questions data import asks (`data_in`): create the unknown markets of a holdings CSV, and
//! the calibration preview with its old and new values. Each answers with a command; none
//! changes the scenario itself.

use super::command::{Command, Commands};
use super::data_in::CalibrationPreview;
use std::path::Path;

pub fn unknown_markets(ui: &mut egui::Ui, source: &Path, markets: &[String], commands: &mut Commands) {
    ui.heading("Create the unknown markets?");
    let name =
        source.file_name().map_or_else(|| source.display().to_string(), |n| n.to_string_lossy().into());
    ui.label(format!(
        "\"{name}\" holds markets this scenario does not have. Every other row is good. Create \
         them with default parameters (no region, volatility or drift) and import the holdings?"
    ));
    egui::ScrollArea::vertical().max_height(200.0).show(ui, |ui| {
        for market in markets {
            ui.label(format!("• {market}"));
        }
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let create = ui.button("Create markets and import").on_hover_text(
            "Adds the markets and replaces the holdings with the file's, as one step Undo takes back.",
        );
        if create.clicked() {
            commands.push(Command::CreateMarketsAndImport);
        }
        if ui.button("Cancel").on_hover_text("Nothing is changed.").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}

/// "0.1800", or "not set" for a value the scenario does not have yet.
fn old_value(old: Option<f64>) -> String {
    old.map_or_else(|| "not set".to_owned(), |x| format!("{x:.4}"))
}

pub fn calibration_preview(ui: &mut egui::Ui, preview: &CalibrationPreview, commands: &mut Commands) {
    let c = &preview.calibration.common;
    ui.heading("Calibrate from prices");
    ui.label(format!(
        "From {}: {} markets, {} rows of prices; correlations over {} common daily log-returns, {} to {}.",
        preview.source,
        preview.calibration.volatilities.len(),
        preview.rows,
        c.returns,
        c.from,
        c.to
    ));
    ui.weak("Volatility: the standard deviation of daily log-returns × √252. Nothing changes until Apply.");
    ui.add_space(6.0);
    let volatilities = preview.changes.iter().zip(&preview.calibration.volatilities);
    egui::ScrollArea::vertical().max_height(360.0).show(ui, |ui| {
        ui.strong("Volatility");
        egui::Grid::new("calibration-volatilities").num_columns(4).striped(true).spacing([16.0, 4.0]).show(
            ui,
            |ui| {
                for label in ["Market", "Old", "New", "Observations"] {
                    ui.weak(label);
                }
                ui.end_row();
                for (change, v) in volatilities {
                    ui.label(v.market.as_str());
                    ui.label(old_value(change.old));
                    ui.label(format!("{:.4}", change.new));
                    ui.label(format!("{} returns, {} to {}", v.window.returns, v.window.from, v.window.to));
                    ui.end_row();
                }
            },
        );
        ui.add_space(6.0);
        let skip = preview.calibration.volatilities.len();
        let changed: Vec<_> = preview.changes.iter().skip(skip).filter(|c| c.old != Some(c.new)).collect();
        ui.strong(format!("Correlations that change ({})", changed.len()));
        egui::Grid::new("calibration-correlations").num_columns(3).striped(true).spacing([16.0, 4.0]).show(
            ui,
            |ui| {
                for label in ["Pair", "Old", "New"] {
                    ui.weak(label);
                }
                ui.end_row();
                for change in changed {
                    ui.label(change.what.trim_start_matches("correlation of "));
                    ui.label(old_value(change.old));
                    ui.label(format!("{:.4}", change.new));
                    ui.end_row();
                }
            },
        );
    });
    ui.add_space(8.0);
    ui.horizontal(|ui| {
        let apply = ui.button("Apply").on_hover_text(
            "Writes these values, with a note of the window and observations, as one step Undo takes back.",
        );
        if apply.clicked() {
            commands.push(Command::ApplyCalibration);
        }
        if ui.button("Cancel").on_hover_text("Nothing is changed.").clicked() {
            commands.push(Command::CloseDialog);
        }
    });
}
