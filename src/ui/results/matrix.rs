//! The risk matrix as a heat map: one cell per (likelihood, impact) level, coloured by its
//! rating, with each event as a chip in its cell. Clicking a chip selects the event.

use super::ImpactBy;
use crate::engine::{Analysis, EventStats};
use crate::model::{Id, Rating, RiskMatrix, Scenario};
use egui::{Color32, RichText};

const LABEL_WIDTH: f32 = 110.0;
const MIN_CELL_WIDTH: f32 = 112.0;
const MAX_CELL_WIDTH: f32 = 180.0;
const CELL_HEIGHT: f32 = 52.0;
const CELL_PADDING: f32 = 4.0;
const GAP: f32 = 3.0;
const CHIP_CHARS: usize = 20;

/// Draws the matrix; returns the id of a clicked event.
pub fn risk_matrix(
    ui: &mut egui::Ui,
    impact_by: &mut ImpactBy,
    scenario: &Scenario,
    analysis: &Analysis,
) -> Option<String> {
    let result = &analysis.result;
    let matrix = &scenario.matrix;
    ui.horizontal(|ui| {
        ui.strong("Risk matrix").on_hover_text(
            "Each event sits in the cell of how likely it is (rows) and how hard it hits \
             (columns). Cell colours are the ratings set under Risk matrix.",
        );
        ui.add_space(12.0);
        ui.label("Impact by");
        if ui
            .selectable_label(*impact_by == ImpactBy::PortfolioLoss, "Portfolio impact")
            .on_hover_text(
                "How much the event moves the portfolio: its mean P&L if the event is forced to happen \
                 minus if it is prevented (what it sets off through links included), as a share of \
                 the portfolio's value. A gain counts by its size; its chip is green.",
            )
            .clicked()
        {
            *impact_by = ImpactBy::PortfolioLoss;
        }
        let region_name = |id: &Option<Id>| match id {
            None => "Worst region severity".to_owned(),
            Some(id) => format!("Severity in {}", scenario.region(id.as_str()).map_or(id.as_str(), |r| r.display_name())),
        };
        let chosen = match impact_by {
            ImpactBy::RegionSeverity(region) => Some(region.clone()),
            ImpactBy::PortfolioLoss => None,
        };
        let text = chosen.as_ref().map_or_else(|| "Region severity".to_owned(), region_name);
        egui::ComboBox::from_id_salt("matrix-region")
            .selected_text(text)
            .show_ui(ui, |ui| {
                for option in std::iter::once(None).chain(scenario.regions.iter().map(|r| Some(r.id.clone()))) {
                    let label = region_name(&option);
                    let selected = chosen.as_ref() == Some(&option);
                    if ui.selectable_label(selected, label).clicked() {
                        *impact_by = ImpactBy::RegionSeverity(option);
                    }
                }
            })
            .response
            .on_hover_text("Place events by the severity entered for the regions they hit: the worst over all regions, or one region's.");
    });
    // Each event's column, once a frame (impacts come in the events' file order).
    let columns: Vec<Option<usize>> = result
        .events
        .iter()
        .zip(&analysis.impacts)
        .map(|(e, impact)| match &*impact_by {
            ImpactBy::PortfolioLoss => Some(impact.impact_bin),
            ImpactBy::RegionSeverity(None) => e.severity_bin,
            ImpactBy::RegionSeverity(Some(region)) => scenario
                .event(&e.id)
                .and_then(|event| event.regions.get(region))
                .map(|&s| matrix.impact_bin_for_severity(s)),
        })
        .collect();
    let mut picked = None;
    let layout = Layout::new(ui, matrix.likelihood_bins(), matrix.impact_bins());
    let mut needed = vec![0.0f32; matrix.likelihood_bins()];
    // Most likely first, as the matrix is usually drawn.
    for (line, row) in (0..matrix.likelihood_bins()).rev().enumerate() {
        let height = layout.row_heights[row];
        let (row_rect, _) =
            ui.allocate_exact_size(egui::vec2(layout.total_width(), height), egui::Sense::hover());
        let label_rect = egui::Rect::from_min_size(row_rect.min, egui::vec2(LABEL_WIDTH, height));
        ui.put(label_rect, egui::Label::new(label(&matrix.likelihood_labels, row)).wrap());
        for column in 0..matrix.impact_bins() {
            let rect = layout.cell_rect(row_rect, column);
            let members = result
                .events
                .iter()
                .zip(&analysis.impacts)
                .zip(&columns)
                .filter(|((e, _), c)| e.likelihood_bin == row && **c == Some(column))
                .map(|(pair, _)| pair)
                .map(|(e, i)| (e, *impact_by == ImpactBy::PortfolioLoss && i.loss_share < 0.0));
            let (clicked, height) = cell(ui, rect, (line, column), matrix, row, column, members);
            needed[row] = needed[row].max(height);
            picked = picked.or(clicked);
        }
        ui.add_space(GAP - ui.spacing().item_spacing.y);
    }
    let (footer, _) = ui.allocate_exact_size(egui::vec2(layout.total_width(), 20.0), egui::Sense::hover());
    for column in 0..matrix.impact_bins() {
        let rect = layout.cell_rect(footer, column);
        ui.put(rect, egui::Label::new(label(&matrix.impact_labels, column)).truncate());
    }
    layout.remember(ui, needed);
    let edges: Vec<String> = matrix.impact_edges.iter().map(|e| format!("{}%", e * 100.0)).collect();
    ui.weak(match impact_by {
        ImpactBy::PortfolioLoss => format!(
            "Rows: likelihood — as stated, or simulated for events that links make more or less likely. \
             Columns: how much each event moves the portfolio's mean, as a share of its value (edges at {}); \
             green chips are gains.",
            edges.join(", ")
        ),
        ImpactBy::RegionSeverity(_) => "Rows: likelihood — as stated, or simulated for events that links \
             make more or less likely. Columns: region severity as entered."
            .to_owned(),
    });
    let unplaced: Vec<&str> = result
        .events
        .iter()
        .zip(&columns)
        .filter(|(_, c)| c.is_none())
        .map(|(e, _)| e.name.as_str())
        .collect();
    if !unplaced.is_empty() {
        ui.weak(format!("Not placed (no severity for this choice): {}", unplaced.join(", ")));
    }
    picked
}

/// Column widths and row heights of the matrix. Every cell of a row is as tall as the row's
/// fullest cell needed last frame, so the heat map stays a grid however the chips fall.
struct Layout {
    cell_width: f32,
    columns: usize,
    row_heights: Vec<f32>,
    memory: egui::Id,
}

impl Layout {
    fn new(ui: &egui::Ui, rows: usize, columns: usize) -> Layout {
        let memory = ui.make_persistent_id("risk-matrix-rows");
        let spare = ui.available_width() - LABEL_WIDTH - GAP * columns as f32;
        let cell_width = (spare / columns.max(1) as f32).clamp(MIN_CELL_WIDTH, MAX_CELL_WIDTH);
        let mut row_heights: Vec<f32> = ui.data(|d| d.get_temp(memory)).unwrap_or_default();
        row_heights.resize(rows, CELL_HEIGHT);
        Layout { cell_width, columns, row_heights, memory }
    }

    fn total_width(&self) -> f32 {
        LABEL_WIDTH + (self.cell_width + GAP) * self.columns as f32
    }

    fn cell_rect(&self, row: egui::Rect, column: usize) -> egui::Rect {
        let left = row.min.x + LABEL_WIDTH + GAP + (self.cell_width + GAP) * column as f32;
        egui::Rect::from_min_size(egui::pos2(left, row.min.y), egui::vec2(self.cell_width, row.height()))
    }

    /// Keeps this frame's row heights for the next; a change redraws at once, so the user never
    /// sees a frame of uneven cells.
    fn remember(self, ui: &egui::Ui, needed: Vec<f32>) {
        let heights: Vec<f32> = needed.iter().map(|&h| h.max(CELL_HEIGHT).ceil()).collect();
        if heights != self.row_heights {
            ui.data_mut(|d| d.insert_temp(self.memory, heights));
            ui.ctx().request_discard("risk matrix rows resized");
        }
    }
}

/// One cell: its colour, a tooltip, and a chip per event. Returns a clicked event's id and the
/// height the chips needed.
fn cell<'a>(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    place: (usize, usize),
    matrix: &RiskMatrix,
    row: usize,
    column: usize,
    members: impl Iterator<Item = (&'a EventStats, bool)>,
) -> (Option<String>, f32) {
    let rating = matrix.rating(row, column);
    let tip = format!(
        "{} × {}: {}",
        label(&matrix.likelihood_labels, row),
        label(&matrix.impact_labels, column),
        rating.map_or("no rating", Rating::label)
    );
    ui.painter().rect_filled(rect, 4.0, fill(rating, ui.visuals().dark_mode));
    ui.interact(rect, ui.make_persistent_id(("risk-matrix-cell", place)), egui::Sense::hover())
        .on_hover_text(&tip);
    let inner = rect.shrink(CELL_PADDING);
    let mut chips = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(inner)
            .layout(egui::Layout::left_to_right(egui::Align::Min).with_main_wrap(true)),
    );
    chips.spacing_mut().item_spacing = egui::vec2(3.0, 3.0);
    let mut picked = None;
    for (e, gain) in members {
        // A gain sits in its column by its size, like a loss; its chip says so by colour.
        let text = if gain { Color32::from_rgb(0, 90, 30) } else { Color32::BLACK };
        let chip = egui::Button::new(RichText::new(short(&e.name)).small().color(text))
            .fill(Color32::from_white_alpha(210))
            .corner_radius(8.0);
        let response = chips
            .add(chip)
            .on_hover_text(format!(
                "{}\n{:.1}% likely · {tip}{}",
                e.name,
                100.0 * e.matrix_probability,
                if gain { "\nIt raises the portfolio's mean (a gain, shown in green)." } else { "" }
            ))
            .accessible_name(format!("Risk matrix: {}", e.name));
        if response.clicked() {
            picked = Some(e.id.clone());
        }
    }
    (picked, chips.min_rect().height() + 2.0 * CELL_PADDING)
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
