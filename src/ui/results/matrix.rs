//! The risk matrix as a heat map: one cell per (likelihood, impact) level, coloured by its
//! rating, with each event as a chip in its cell. Clicking a chip selects the event.

use super::ImpactBy;
use crate::engine::{EventStats, SimResult};
use crate::model::{Rating, RiskMatrix, Scenario};
use egui::{Color32, RichText};

const CELL_WIDTH: f32 = 132.0;
const CELL_HEIGHT: f32 = 58.0;
const CHIP_CHARS: usize = 20;

/// Draws the matrix; returns the id of a clicked event.
pub fn risk_matrix(
    ui: &mut egui::Ui,
    impact_by: &mut ImpactBy,
    scenario: &Scenario,
    result: &SimResult,
) -> Option<String> {
    let matrix = &scenario.matrix;
    ui.horizontal(|ui| {
        ui.strong("Risk matrix").on_hover_text(
            "Each event sits in the cell of how likely it is (rows) and how hard it hits \
             (columns). Cell colours are the ratings set under Risk matrix.",
        );
        ui.add_space(12.0);
        ui.label("Impact by");
        ui.selectable_value(impact_by, ImpactBy::PortfolioLoss, "Portfolio loss")
            .on_hover_text("The expected loss the event brings to the portfolio, as simulated.");
        ui.selectable_value(impact_by, ImpactBy::RegionSeverity, "Region severity")
            .on_hover_text("The worst severity over the regions the event hits, as entered.");
    });
    let column_of = |e: &EventStats| match impact_by {
        ImpactBy::PortfolioLoss => Some(e.impact_bin),
        ImpactBy::RegionSeverity => e.severity_bin,
    };
    let mut picked = None;
    egui::Grid::new("risk-matrix").spacing([3.0, 3.0]).show(ui, |ui| {
        // Most likely first, as the matrix is usually drawn.
        for row in (0..matrix.likelihood_bins()).rev() {
            ui.label(label(&matrix.likelihood_labels, row));
            for column in 0..matrix.impact_bins() {
                let members =
                    result.events.iter().filter(|e| e.likelihood_bin == row && column_of(e) == Some(column));
                if let Some(id) = cell(ui, matrix, row, column, members) {
                    picked = Some(id);
                }
            }
            ui.end_row();
        }
        ui.label("");
        for column in 0..matrix.impact_bins() {
            ui.vertical_centered(|ui| ui.label(label(&matrix.impact_labels, column)));
        }
        ui.end_row();
    });
    ui.horizontal(|ui| {
        ui.weak("Rows: likelihood (simulated). Columns: impact");
        ui.weak(match impact_by {
            ImpactBy::PortfolioLoss => "(expected loss, as a share of the portfolio).",
            ImpactBy::RegionSeverity => "(worst region severity).",
        });
    });
    let unplaced: Vec<&str> =
        result.events.iter().filter(|e| column_of(e).is_none()).map(|e| e.name.as_str()).collect();
    if !unplaced.is_empty() {
        ui.weak(format!("Not placed (they hit no region): {}", unplaced.join(", ")));
    }
    picked
}

fn cell<'a>(
    ui: &mut egui::Ui,
    matrix: &RiskMatrix,
    row: usize,
    column: usize,
    members: impl Iterator<Item = &'a EventStats>,
) -> Option<String> {
    let rating = matrix.rating(row, column);
    let mut picked = None;
    let tip = format!(
        "{} × {}: {}",
        label(&matrix.likelihood_labels, row),
        label(&matrix.impact_labels, column),
        rating.map_or("no rating", Rating::label)
    );
    egui::Frame::new()
        .fill(fill(rating, ui.visuals().dark_mode))
        .corner_radius(4.0)
        .inner_margin(3.0)
        .show(ui, |ui| {
            ui.set_min_size(egui::vec2(CELL_WIDTH, CELL_HEIGHT));
            ui.set_max_width(CELL_WIDTH);
            ui.horizontal_wrapped(|ui| {
                ui.spacing_mut().item_spacing = egui::vec2(3.0, 3.0);
                for e in members {
                    let chip = egui::Button::new(RichText::new(short(&e.name)).small().color(Color32::BLACK))
                        .fill(Color32::from_white_alpha(210))
                        .corner_radius(8.0);
                    let response = ui
                        .add(chip)
                        .on_hover_text(format!("{}\n{:.1}% likely · {tip}", e.name, 100.0 * e.probability))
                        .accessible_name(format!("Risk matrix: {}", e.name));
                    if response.clicked() {
                        picked = Some(e.id.clone());
                    }
                }
            });
        })
        .response
        .on_hover_text(tip);
    picked
}

/// Rating colours with black text on them: strong enough to read on a light or a dark window.
fn fill(rating: Option<Rating>, dark: bool) -> Color32 {
    let [r, g, b] = match rating {
        Some(Rating::Low) => [118, 186, 120],
        Some(Rating::Medium) => [232, 204, 92],
        Some(Rating::High) => [236, 146, 72],
        Some(Rating::Extreme) => [222, 86, 82],
        None => [160, 160, 160],
    };
    let scale = |c: u8| if dark { (f32::from(c) * 0.85) as u8 } else { c };
    Color32::from_rgb(scale(r), scale(g), scale(b))
}

fn label(labels: &[String], index: usize) -> String {
    labels.get(index).cloned().unwrap_or_else(|| format!("Level {}", index + 1))
}

/// A name short enough for a chip; the full name is in its tooltip.
fn short(name: &str) -> String {
    if name.chars().count() <= CHIP_CHARS {
        name.to_owned()
    } else {
        let kept: String = name.chars().take(CHIP_CHARS - 1).collect();
        format!("{}…", kept.trim_end())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn long_names_are_shortened_on_a_character_boundary() {
        assert_eq!(super::short("Sanctions"), "Sanctions");
        let chip = super::short("DPRK ships artillery shells to Russia");
        assert!(chip.ends_with('…') && chip.chars().count() <= super::CHIP_CHARS, "{chip}");
        assert_eq!(super::short("Ωμέγα ".repeat(10).as_str()).chars().count(), super::CHIP_CHARS);
    }
}
