//! The risk matrix as a heat map: one cell per (likelihood, impact) level, coloured by its
//! rating, headed on both axes by the levels and their edges. Each event is a numbered marker in
//! its cell; the numbered list below the grid gives every event's full name. Hovering a marker or
//! a name shows the event's figures; clicking either selects the event.

use super::ImpactBy;
use crate::engine::{Analysis, EventImpact, EventStats};
use crate::model::{Id, Rating, RiskMatrix, Scenario, Severity};
use crate::report::thousands;
use egui::{Color32, RichText};

const MIN_LABEL_WIDTH: f32 = 84.0;
const MAX_LABEL_WIDTH: f32 = 124.0;
const MIN_CELL_WIDTH: f32 = 58.0;
const MAX_CELL_WIDTH: f32 = 150.0;
const MIN_CELL_HEIGHT: f32 = 46.0;
const HEADER_HEIGHT: f32 = 36.0;
const CELL_PADDING: f32 = 4.0;
const COUNT_HEIGHT: f32 = 16.0;
const MARKER: f32 = 22.0;
const MARKER_GAP: f32 = 3.0;
const GAP: f32 = 3.0;
/// What the top-left corner of the grid says.
const CORNER: &str = "Rows: likelihood\nColumns: impact";
/// A column of the numbered list is at least this wide.
const LIST_COLUMN: f32 = 300.0;

/// Up to this many events the numbered list draws every entry each frame; a longer one draws
/// only the entries in view and keeps the others' places as blank space.
const DRAW_ALL_UP_TO: usize = 100;

/// What the matrix keeps between frames: each event's tooltip, written once per result and
/// choice instead of every frame, and the list entries' heights as last drawn.
#[derive(Debug, Clone, Default)]
pub struct MatrixCache {
    key: Option<(u64, ImpactBy, RiskMatrix)>,
    /// By event index.
    details: Vec<String>,
    /// By event index; `None` until the entry was drawn once.
    heights: Vec<Option<f32>>,
}

impl MatrixCache {
    fn refresh(&mut self, generation: u64, impact_by: &ImpactBy, matrix: &RiskMatrix, analysis: &Analysis) {
        let current =
            self.key.as_ref().is_some_and(|(g, i, m)| *g == generation && i == impact_by && m == matrix);
        if !current {
            let by_portfolio = *impact_by == ImpactBy::PortfolioLoss;
            let events = analysis.result.events.len();
            self.details = (0..events).map(|event| details(analysis, matrix, by_portfolio, event)).collect();
            self.heights = vec![None; events];
            self.key = Some((generation, impact_by.clone(), matrix.clone()));
        }
    }
}

/// One event placed in the matrix: its index in the result's events, its cell and its number.
struct Placed {
    event: usize,
    row: usize,
    column: usize,
    number: usize,
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
    let details = &cache.details;

    let mut picked = None;
    // Clear of the page's scroll bar, which floats over the right edge.
    let width = ui.available_width() - ui.spacing().scroll.bar_width - 4.0;
    let grid = Grid::new(width, matrix, &placed, marker_width(ui, placed.len()));
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
    let list = List { width, analysis, placed: &placed, matrix, by_portfolio };
    picked = picked.or(numbered_list(ui, &list, cache));
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
    let mut tip = format!("{name} — {}", rating.map_or("no rating", Rating::label));
    for p in members {
        tip.push_str(&format!("\n{}. {}", p.number, events[p.event].name));
    }
    ui.painter().rect_filled(rect, 4.0, fill(rating, ui.visuals().dark_mode));
    let response = ui
        .interact(rect, ui.make_persistent_id(("risk-matrix-cell", row, column)), egui::Sense::hover())
        .on_hover_text(&tip);
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
    let mut markers = ui.new_child(
        egui::UiBuilder::new()
            .max_rect(marker_area)
            .layout(egui::Layout::left_to_right(egui::Align::Min).with_main_wrap(true)),
    );
    markers.spacing_mut().item_spacing = egui::vec2(MARKER_GAP, MARKER_GAP);
    let mut picked = None;
    for p in members {
        let e = &events[p.event];
        let gain = gain(&analysis.impacts[p.event], by_portfolio);
        let response = markers
            .add(marker(p.number, gain))
            .on_hover_text(&details[p.event])
            .accessible_name(format!("Risk matrix: {}", e.name));
        if response.clicked() {
            picked = Some(e.id.clone());
        }
    }
    picked
}

fn gain(impact: &EventImpact, by_portfolio: bool) -> bool {
    by_portfolio && impact.loss_share < 0.0
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

/// A numbered marker: a round button, its number dark green for a gain.
fn marker(number: usize, gain: bool) -> egui::Button<'static> {
    let text = if gain { Color32::from_rgb(0, 100, 30) } else { Color32::BLACK };
    egui::Button::new(RichText::new(number.to_string()).small().strong().color(text))
        .fill(Color32::from_white_alpha(225))
        .min_size(egui::vec2(MARKER, MARKER))
        .corner_radius(MARKER / 2.0)
}

/// The event's figures, for the tooltip of its marker and its name.
fn details(analysis: &Analysis, matrix: &RiskMatrix, by_portfolio: bool, event: usize) -> String {
    let (e, impact): (&EventStats, &EventImpact) = (&analysis.result.events[event], &analysis.impacts[event]);
    let currency = &analysis.result.currency;
    let mut text = format!(
        "{}\nProbability {:.1}% ± {:.1} (stated {:.1}%)\nImpact on mean P&L {currency} {} ± {}\nAdds to ES 99% {currency} {}",
        e.name,
        100.0 * e.probability,
        100.0 * e.probability_se,
        100.0 * e.stated,
        thousands(impact.total),
        thousands(impact.total_se),
        thousands(impact.es99),
    );
    if e.bent {
        text.push_str(&format!(
            "\nRow from its simulated probability {:.1}% (links bend it)",
            100.0 * e.matrix_probability
        ));
    }
    if let Some(rating) = impact.rating.filter(|_| by_portfolio) {
        text.push_str(&format!(
            "\n{} × {}: {}",
            label(&matrix.likelihood_labels, e.likelihood_bin),
            label(&matrix.impact_labels, impact.impact_bin),
            rating.label()
        ));
    }
    if gain(impact, by_portfolio) {
        text.push_str("\nIt raises the portfolio's mean (a gain, shown in green).");
    }
    text.push_str("\nClick to edit it.");
    text
}

/// What the numbered list lists.
struct List<'a> {
    width: f32,
    analysis: &'a Analysis,
    placed: &'a [Placed],
    matrix: &'a RiskMatrix,
    by_portfolio: bool,
}

/// Every placed event's number and full name, in columns as the width allows. Returns a
/// clicked event's id.
fn numbered_list(ui: &mut egui::Ui, list: &List<'_>, cache: &mut MatrixCache) -> Option<String> {
    let List { width, analysis, placed, matrix, by_portfolio } = *list;
    if placed.is_empty() {
        return None;
    }
    let events = &analysis.result.events;
    let count = ((width / LIST_COLUMN).floor() as usize).clamp(1, 3).min(placed.len());
    let per_column = placed.len().div_ceil(count);
    let draw_all = placed.len() <= DRAW_ALL_UP_TO;
    let MatrixCache { details, heights, .. } = cache;
    let mut picked = None;
    ui.scope(|ui| {
        ui.set_max_width(width);
        ui.columns(count, |columns| {
            for (column, chunk) in columns.iter_mut().zip(placed.chunks(per_column)) {
                // An entry never drawn yet is taken to be as tall as the last one drawn.
                let mut typical = MARKER;
                for p in chunk {
                    let top = column.cursor().min.y;
                    let height = heights[p.event].unwrap_or(typical);
                    let clip = column.clip_rect();
                    if !draw_all && (top > clip.max.y || top + height < clip.min.y) {
                        column.allocate_space(egui::vec2(1.0, height));
                        continue;
                    }
                    let e = &events[p.event];
                    let entry = column.horizontal_top(|ui| {
                        let rating = matrix.rating(p.row, p.column);
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(MARKER, MARKER - 4.0), egui::Sense::hover());
                        ui.painter().rect_filled(
                            rect,
                            (MARKER - 4.0) / 2.0,
                            fill(rating, ui.visuals().dark_mode),
                        );
                        let text = if gain(&analysis.impacts[p.event], by_portfolio) {
                            Color32::from_rgb(0, 100, 30)
                        } else {
                            Color32::BLACK
                        };
                        ui.painter().text(
                            rect.center(),
                            egui::Align2::CENTER_CENTER,
                            p.number.to_string(),
                            egui::TextStyle::Small.resolve(ui.style()),
                            text,
                        );
                        let name = egui::Button::new(&e.name).frame(false).wrap();
                        if ui.add(name).on_hover_text(&details[p.event]).clicked() {
                            picked = Some(e.id.clone());
                        }
                    });
                    typical = entry.response.rect.height();
                    heights[p.event] = Some(typical);
                }
            }
        });
    });
    picked
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
