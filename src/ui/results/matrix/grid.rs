//! The matrix's grid: headers on both axes, one cell per (likelihood, impact) level coloured by
//! its rating, with its count and a numbered marker per event. Draws only; the events' places,
//! numbers and tooltips come from the parent module and its cache.

use super::{MARKER, Placed, Shown, fill, gain, label, place};
use crate::engine::Analysis;
use crate::model::{Rating, RiskMatrix, Severity};
use crate::ui::results::ImpactBy;
use egui::{Color32, RichText};

const MIN_LABEL_WIDTH: f32 = 84.0;
const MAX_LABEL_WIDTH: f32 = 124.0;
const MIN_CELL_WIDTH: f32 = 58.0;
const MAX_CELL_WIDTH: f32 = 150.0;
const MIN_CELL_HEIGHT: f32 = 46.0;
const HEADER_HEIGHT: f32 = 36.0;
const CELL_PADDING: f32 = 4.0;
const COUNT_HEIGHT: f32 = 16.0;
const MARKER_GAP: f32 = 3.0;
const GAP: f32 = 3.0;
/// What the top-left corner of the grid says.
const CORNER: &str = "Rows: likelihood\nColumns: impact";

/// Draws the headers and the cells, most likely row first; returns a clicked event's id.
pub(super) fn grid(
    ui: &mut egui::Ui,
    shown: &Shown<'_>,
    impact_by: &ImpactBy,
    details: &[String],
) -> Option<String> {
    let Shown { width, analysis, placed, matrix, by_portfolio } = *shown;
    let mut picked = None;
    let grid = Grid::new(width, matrix, placed, marker_width(ui, placed.len()));
    // Column headers: the impact levels and their edges.
    let (header, _) = ui.allocate_exact_size(egui::vec2(grid.width(), HEADER_HEIGHT), egui::Sense::hover());
    let corner = egui::Rect::from_min_size(header.min, egui::vec2(grid.label_width, HEADER_HEIGHT));
    place(ui, corner, egui::Label::new(RichText::new(CORNER).small().weak()).wrap());
    let heads = column_heads(matrix, impact_by);
    for (column, head) in heads.iter().enumerate() {
        place(ui, grid.cell_rect(header, column), egui::Label::new(RichText::new(head).small()).wrap());
    }
    // Most likely first, as the matrix is usually drawn.
    for row in (0..matrix.likelihood_bins()).rev() {
        let (row_rect, _) =
            ui.allocate_exact_size(egui::vec2(grid.width(), grid.cell_height), egui::Sense::hover());
        let label_rect =
            egui::Rect::from_min_size(row_rect.min, egui::vec2(grid.label_width, grid.cell_height));
        let head = format!(
            "{}\n{}",
            label(&matrix.likelihood_labels, row),
            range_text(&matrix.likelihood_edges, row, 100.0)
        );
        place(ui, label_rect, egui::Label::new(RichText::new(head).small()).wrap());
        for column in 0..matrix.impact_bins() {
            let rect = grid.cell_rect(row_rect, column);
            let members: Vec<&Placed> =
                placed.iter().filter(|p| p.row == row && p.column == column).collect();
            let clicked = cell(ui, rect, matrix, (row, column), &members, analysis, by_portfolio, details);
            picked = picked.or(clicked);
        }
        ui.add_space(GAP - ui.spacing().item_spacing.y);
    }
    picked
}

/// Sizes of the grid: every cell alike, tall enough for the fullest cell's markers.
struct Grid {
    label_width: f32,
    cell_width: f32,
    cell_height: f32,
    columns: usize,
}

impl Grid {
    fn new(width: f32, matrix: &RiskMatrix, placed: &[Placed], marker_width: f32) -> Grid {
        let columns = matrix.impact_bins();
        let label_width = (width * 0.18).clamp(MIN_LABEL_WIDTH, MAX_LABEL_WIDTH);
        let spare = width - label_width - GAP * columns as f32;
        let cell_width = (spare / columns.max(1) as f32).clamp(MIN_CELL_WIDTH, MAX_CELL_WIDTH);
        let per_line =
            (((cell_width - 2.0 * CELL_PADDING + MARKER_GAP) / (marker_width + MARKER_GAP)).floor() as usize)
                .max(1);
        let fullest = (0..matrix.likelihood_bins())
            .flat_map(|row| (0..columns).map(move |column| (row, column)))
            .map(|(row, column)| placed.iter().filter(|p| p.row == row && p.column == column).count())
            .max()
            .unwrap_or(0);
        let lines = fullest.div_ceil(per_line).max(1) as f32;
        let cell_height =
            (2.0 * CELL_PADDING + COUNT_HEIGHT + lines * (MARKER + MARKER_GAP)).max(MIN_CELL_HEIGHT).ceil();
        Grid { label_width, cell_width, cell_height, columns }
    }

    fn width(&self) -> f32 {
        self.label_width + (self.cell_width + GAP) * self.columns as f32
    }

    fn cell_rect(&self, row: egui::Rect, column: usize) -> egui::Rect {
        let left = row.min.x + self.label_width + GAP + (self.cell_width + GAP) * column as f32;
        egui::Rect::from_min_size(egui::pos2(left, row.min.y), egui::vec2(self.cell_width, row.height()))
    }
}

/// The column headings: each impact level with its edges (portfolio impact) or the severities
/// it holds (region severity).
fn column_heads(matrix: &RiskMatrix, impact_by: &ImpactBy) -> Vec<String> {
    (0..matrix.impact_bins())
        .map(|column| {
            let edges = match impact_by {
                ImpactBy::PortfolioLoss => range_text(&matrix.impact_edges, column, 100.0),
                ImpactBy::RegionSeverity(_) => {
                    let levels: Vec<String> = Severity::ALL
                        .iter()
                        .filter(|&&s| matrix.impact_bin_for_severity(s) == column)
                        .map(|s| s.level().to_string())
                        .collect();
                    match levels.as_slice() {
                        [] => "no severity".to_owned(),
                        [one] => format!("severity {one}"),
                        many => format!("severity {}", many.join(", ")),
                    }
                }
            };
            format!("{}\n{edges}", label(&matrix.impact_labels, column))
        })
        .collect()
}

/// A bin's range from its edges, in percent: `< 5%`, `5–20%`, `≥ 80%`.
fn range_text(edges: &[f64], bin: usize, scale: f64) -> String {
    let pct = |x: f64| {
        let text = format!("{:.3}", x * scale);
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    };
    match (bin.checked_sub(1).and_then(|i| edges.get(i)), edges.get(bin)) {
        (None, Some(&high)) => format!("< {}%", pct(high)),
        (Some(&low), Some(&high)) => format!("{}–{}%", pct(low), pct(high)),
        (Some(&low), None) => format!("≥ {}%", pct(low)),
        (None, None) => "all".to_owned(),
    }
}

/// One cell: its colour, its count, a tooltip naming its events, and a numbered marker per
/// event. Returns a clicked event's id.
#[expect(clippy::too_many_arguments, reason = "one cell of one grid: every argument is its own fact")]
fn cell(
    ui: &mut egui::Ui,
    rect: egui::Rect,
    matrix: &RiskMatrix,
    (row, column): (usize, usize),
    members: &[&Placed],
    analysis: &Analysis,
    by_portfolio: bool,
    details: &[String],
) -> Option<String> {
    let rating = matrix.rating(row, column);
    let events = &analysis.result.events;
    let name = cell_name(matrix, row, column, members.len());
    ui.painter().rect_filled(rect, 4.0, fill(rating, ui.visuals().dark_mode));
    let response =
        ui.interact(rect, ui.make_persistent_id(("risk-matrix-cell", row, column)), egui::Sense::click());
    response.widget_info(|| egui::WidgetInfo::labeled(egui::Role::GenericContainer, true, &name));
    let inner = rect.shrink(CELL_PADDING);
    if !members.is_empty() {
        let count_rect = egui::Rect::from_min_size(inner.min, egui::vec2(inner.width(), COUNT_HEIGHT));
        let noun = if members.len() == 1 { "event" } else { "events" };
        place(
            ui,
            count_rect,
            egui::Label::new(
                RichText::new(format!("{} {noun}", members.len())).small().color(Color32::BLACK),
            )
            .truncate(),
        );
    }
    let marker_area = egui::Rect::from_min_max(inner.min + egui::vec2(0.0, COUNT_HEIGHT), inner.max);
    let markers = lay_out_markers(ui, marker_area, members, analysis, by_portfolio);
    let under = |pos: Option<egui::Pos2>| pos.and_then(|pos| markers.iter().find(|m| m.rect.contains(pos)));
    let hovered = under(response.hover_pos()).map(|m| m.placed.event);
    // The tooltip is written only while it shows: a cell lists every event in it.
    let tip = || {
        let mut tip = format!("{name} — {}", rating.map_or("no rating", Rating::label));
        for p in members {
            tip.push_str(&format!("\n{}. {}", p.number, events[p.event].name));
        }
        tip
    };
    let response = response.on_hover_ui(|ui| {
        match hovered {
            Some(event) => ui.label(&details[event]),
            None => ui.label(tip()),
        };
    });
    let mut picked = response.clicked().then(|| under(response.interact_pointer_pos())).flatten();
    for marker in &markers {
        marker.paint(ui, hovered == Some(marker.placed.event));
        let id = response.id.with(marker.placed.number);
        marker.describe(ui, id, &events[marker.placed.event].name);
        if ui.input(|i| i.has_accesskit_action_request(id, egui::accesskit::Action::Click)) {
            picked = Some(marker);
        }
    }
    picked.map(|m| events[m.placed.event].id.clone())
}

/// One numbered marker as laid out in its cell.
struct Marker<'a> {
    placed: &'a Placed,
    rect: egui::Rect,
    number: std::sync::Arc<egui::Galley>,
}

/// Lays the cell's markers out left to right, wrapping as a row of buttons would. They are
/// painted, not added as widgets: on a 500-event scenario a widget each was most of the
/// matrix's frame cost, and the cell's one response finds the marker under the pointer.
fn lay_out_markers<'a>(
    ui: &egui::Ui,
    area: egui::Rect,
    members: &[&'a Placed],
    analysis: &Analysis,
    by_portfolio: bool,
) -> Vec<Marker<'a>> {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let padding = ui.spacing().button_padding;
    let mut markers = Vec::with_capacity(members.len());
    let mut cursor = area.min;
    for &placed in members {
        let color = if gain(&analysis.impacts[placed.event], by_portfolio) {
            Color32::from_rgb(0, 100, 30)
        } else {
            Color32::BLACK
        };
        let number = ui.painter().layout_no_wrap(placed.number.to_string(), font.clone(), color);
        let size = (number.size() + 2.0 * padding).max(egui::vec2(MARKER, MARKER));
        if cursor.x > area.min.x && cursor.x + size.x > area.max.x {
            cursor = egui::pos2(area.min.x, cursor.y + MARKER + MARKER_GAP);
        }
        markers.push(Marker { placed, rect: egui::Rect::from_min_size(cursor, size), number });
        cursor.x += size.x + MARKER_GAP;
    }
    markers
}

impl Marker<'_> {
    /// A round button's look: nearly white, its number dark green for a gain.
    fn paint(&self, ui: &egui::Ui, hovered: bool) {
        let hover = &ui.visuals().widgets.hovered;
        let (rect, stroke) = if hovered {
            (self.rect.expand(hover.expansion), hover.bg_stroke)
        } else {
            (self.rect, egui::Stroke::NONE)
        };
        let painter = ui.painter();
        painter.rect(rect, MARKER / 2.0, Color32::from_white_alpha(225), stroke, egui::StrokeKind::Inside);
        let at = self.rect.center() - self.number.size() / 2.0;
        painter.galley(at, self.number.clone(), Color32::BLACK);
    }

    /// The marker's place in the accessibility tree, as a button named after its event.
    fn describe(&self, ui: &egui::Ui, id: egui::Id, event: &str) {
        let enabled = ui.is_enabled();
        let rect = self.rect;
        ui.ctx().accesskit_node_builder(id, |node| {
            node.set_role(egui::accesskit::Role::Button);
            node.set_label(format!("Risk matrix: {event}"));
            node.set_bounds(egui::accesskit::Rect {
                x0: rect.min.x.into(),
                y0: rect.min.y.into(),
                x1: rect.max.x.into(),
                y1: rect.max.y.into(),
            });
            node.add_action(egui::accesskit::Action::Click);
            if !enabled {
                node.set_disabled();
            }
        });
    }
}

/// "Likely × Major: 3 events", a cell's name and count.
fn cell_name(matrix: &RiskMatrix, row: usize, column: usize, count: usize) -> String {
    let noun = if count == 1 { "event" } else { "events" };
    format!(
        "{} × {}: {count} {noun}",
        label(&matrix.likelihood_labels, row),
        label(&matrix.impact_labels, column)
    )
}

/// The widest marker's width: a two- or three-digit number widens its button past `MARKER`, and
/// the cells must be sized for the markers as drawn, or a full line wraps out of its cell.
fn marker_width(ui: &egui::Ui, largest: usize) -> f32 {
    let font = egui::TextStyle::Small.resolve(ui.style());
    let text = ui.painter().layout_no_wrap(largest.to_string(), font, Color32::BLACK).size().x;
    (text + 2.0 * ui.spacing().button_padding.x).max(MARKER).ceil()
}

#[cfg(test)]
mod tests {
    #[test]
    fn bin_ranges_read_from_their_edges() {
        let edges = [0.0005, 0.002, 0.005, 0.02];
        assert_eq!(super::range_text(&edges, 0, 100.0), "< 0.05%");
        assert_eq!(super::range_text(&edges, 1, 100.0), "0.05–0.2%");
        assert_eq!(super::range_text(&edges, 4, 100.0), "≥ 2%");
        assert_eq!(super::range_text(&[], 0, 100.0), "all");
    }
}
