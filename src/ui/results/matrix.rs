//! The risk matrix as a heat map: one cell per (likelihood, impact) level, coloured by its
//! rating, headed on both axes by the levels and their edges. Each event is a numbered marker in
//! its cell; the numbered list below the grid gives every event's full name. Hovering a marker or
//! a name shows the event's figures; clicking either selects the event.
//!
//! This file places and numbers the events and lays the parts out; `grid` draws the cells and
//! their markers, `list` the numbered list, `cache` keeps what need not be redone each frame.
//! Like all of `ui::results`, it only draws figures the engine computed and never changes them.

use super::ImpactBy;
use crate::engine::{Analysis, EventImpact};
use crate::model::{Id, Rating, RiskMatrix, Scenario};
use egui::Color32;

mod cache;
mod grid;
mod list;

pub use cache::MatrixCache;

/// A numbered marker's diameter, in the grid and in the list.
const MARKER: f32 = 22.0;

/// One event placed in the matrix: its index in the result's events, its cell and its number.
struct Placed {
    event: usize,
    row: usize,
    column: usize,
    number: usize,
}

/// What the grid and the list show: the placed events of one analysis, at one width.
struct Shown<'a> {
    width: f32,
    analysis: &'a Analysis,
    placed: &'a [Placed],
    matrix: &'a RiskMatrix,
    by_portfolio: bool,
}

/// Draws the matrix of the analysis of `generation`; returns the id of a clicked event.
pub fn risk_matrix(
    ui: &mut egui::Ui,
    impact_by: &mut ImpactBy,
    cache: &mut MatrixCache,
    scenario: &Scenario,
    (analysis, generation): (&Analysis, u64),
) -> Option<String> {
    let result = &analysis.result;
    let matrix = &scenario.matrix;
    impact_toggle(ui, impact_by, scenario);
    let columns = columns(impact_by, scenario, analysis);
    let placed = number(analysis, &columns);
    let by_portfolio = *impact_by == ImpactBy::PortfolioLoss;
    cache.refresh(generation, impact_by, matrix, analysis);

    // Clear of the page's scroll bar, which floats over the right edge.
    let width = ui.available_width() - ui.spacing().scroll.bar_width - 4.0;
    let shown = Shown { width, analysis, placed: &placed, matrix, by_portfolio };
    let mut picked = grid::grid(ui, &shown, impact_by, &cache.details);
    ui.weak(match impact_by {
        ImpactBy::PortfolioLoss => {
            "Rows: likelihood — as stated, or simulated for events that links make more or \
             less likely. Columns: how much each event moves the portfolio's mean, as a share of its value; \
             green markers are gains."
                .to_owned()
        }
        ImpactBy::RegionSeverity(_) => "Rows: likelihood — as stated, or simulated for events that links \
             make more or less likely. Columns: region severity as entered."
            .to_owned(),
    });
    ui.add_space(4.0);
    picked = picked.or(list::numbered_list(ui, &shown, cache));
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

/// "Impact by": portfolio impact, or region severity (the worst, or one region's).
fn impact_toggle(ui: &mut egui::Ui, impact_by: &mut ImpactBy, scenario: &Scenario) {
    ui.horizontal_wrapped(|ui| {
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
                 the portfolio's value. A gain counts by its size; its marker is green.",
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
            .accessible_name("Region severity for the matrix")
            .on_hover_text("Place events by the severity entered for the regions they hit: the worst over all regions, or one region's.");
    });
}

/// Each event's column for this choice (`None`: no severity for it), in the events' file order.
fn columns(impact_by: &ImpactBy, scenario: &Scenario, analysis: &Analysis) -> Vec<Option<usize>> {
    analysis
        .result
        .events
        .iter()
        .zip(&analysis.impacts)
        .map(|(e, impact)| match impact_by {
            ImpactBy::PortfolioLoss => Some(impact.impact_bin),
            ImpactBy::RegionSeverity(None) => e.severity_bin,
            ImpactBy::RegionSeverity(Some(region)) => scenario
                .event(&e.id)
                .and_then(|event| event.regions.get(region))
                .map(|&s| scenario.matrix.impact_bin_for_severity(s)),
        })
        .collect()
}

/// Numbers the placed events in reading order: the most likely row first, left to right, and
/// within a cell the bigger impact first (then the name), so the list below reads like the grid.
fn number(analysis: &Analysis, columns: &[Option<usize>]) -> Vec<Placed> {
    let events = &analysis.result.events;
    let mut placed: Vec<Placed> = events
        .iter()
        .zip(columns)
        .enumerate()
        .filter_map(|(event, (e, column))| {
            Some(Placed { event, row: e.likelihood_bin, column: (*column)?, number: 0 })
        })
        .collect();
    placed.sort_by(|a, b| {
        b.row
            .cmp(&a.row)
            .then(a.column.cmp(&b.column))
            .then(
                analysis.impacts[a.event]
                    .total
                    .abs()
                    .total_cmp(&analysis.impacts[b.event].total.abs())
                    .reverse(),
            )
            .then_with(|| events[a.event].name.cmp(&events[b.event].name))
    });
    for (i, p) in placed.iter_mut().enumerate() {
        p.number = i + 1;
    }
    placed
}

fn gain(impact: &EventImpact, by_portfolio: bool) -> bool {
    by_portfolio && impact.loss_share < 0.0
}

/// Puts a widget in a rect without moving the cursor (`Ui::put` would move it to the rect's
/// bottom, and the next row would start there).
fn place(ui: &mut egui::Ui, rect: egui::Rect, widget: impl egui::Widget) {
    let mut child = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(rect)
            .layout(egui::Layout::centered_and_justified(egui::Direction::TopDown)),
    );
    child.add(widget);
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
