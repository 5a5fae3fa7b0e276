//! The loss charts: the distribution of profit and loss with the mean, VaR 99 and ES 99 marked,
//! and the exceedance curve, the chance of losing more than each amount, with its 90% band.
//!
//! Both charts label their axes with compact round numbers (`100k`, `1.2M`) from edge to edge,
//! keep their legends outside the data, and answer a hover from the data, not the pointer: the
//! exceedance curve's own value at the pointer's loss, the histogram bin under the pointer.

use crate::engine::{Analysis, Band, Bands, ExceedancePoint, Histogram, SimResult};
pub use crate::report::compact_number;
use crate::report::html::Chart;
use crate::report::thousands;
use crate::ui::chart_export::{ChartSaving, save_chart_menu};
use crate::ui::command::Commands;
use egui::{Align2, Color32, Rangef};
use egui_plot::{
    AxisHints, Bar, BarChart, FilledArea, GridInput, GridMark, HoverPosition, Line, LineStyle, Plot,
    PlotPoint, PlotPoints, Points, Text, VLine,
};

pub(super) const CHART_HEIGHT: f32 = 240.0;
/// Below this width a chart gets the whole row; two fit side by side above twice it.
const MIN_SIDE_BY_SIDE: f32 = 380.0;
const GAP: f32 = 16.0;
/// Tick labels at least this far apart (points): wide enough for `−1.25M` on x, a line on y.
pub(super) const X_TICK_GAP: f32 = 64.0;
pub(super) const Y_TICK_GAP: f32 = 30.0;
/// Room left between the outermost ticks and the frame, so the end labels are not cut in half.
pub(super) const X_END_ROOM: f32 = 18.0;
pub(super) const Y_END_ROOM: f32 = 8.0;
/// What the axes take from the chart's size: the y axis's labels on the left, the x axis's below.
pub(super) const Y_AXIS_WIDTH: f32 = 62.0;
pub(super) const X_AXIS_HEIGHT: f32 = 42.0;
/// egui_plot's default minimum grid spacing; `GridInput::base_step_size` is in these units.
const GRID_MIN: f32 = 8.0;
/// The y axes reach at least this share (%), so a scenario that never loses still gets readable
/// ticks (`0%`, `0.5%`, `1%`) instead of many `0%`.
pub(super) const MIN_Y_PERCENT: f64 = 1.0;
/// The histogram's headroom above its tallest bar, where the marker lines are labelled.
const HEADROOM: f64 = 1.5;

/// The exceedance curve's value at `loss`: straight lines between its points, its end values
/// beyond them. This is what the curve drawn on screen shows at that loss.
pub fn exceedance_at(curve: &[ExceedancePoint], loss: f64) -> f64 {
    let (Some(first), Some(last)) = (curve.first(), curve.last()) else { return 0.0 };
    if loss <= first.loss {
        return first.probability;
    }
    if loss >= last.loss {
        return last.probability;
    }
    let right = curve.partition_point(|p| p.loss <= loss).min(curve.len() - 1);
    let (a, b) = (curve[right - 1], curve[right]);
    if b.loss <= a.loss {
        return b.probability;
    }
    let t = (loss - a.loss) / (b.loss - a.loss);
    a.probability + t * (b.probability - a.probability)
}

/// The 90% band at `loss`, interpolated like the curve.
fn band_at(curve: &[ExceedancePoint], band: &[Band], loss: f64) -> Band {
    let side = |pick: fn(&Band) -> f64| -> Vec<ExceedancePoint> {
        curve.iter().zip(band).map(|(p, b)| ExceedancePoint { loss: p.loss, probability: pick(b) }).collect()
    };
    Band { low: exceedance_at(&side(|b| b.low), loss), high: exceedance_at(&side(|b| b.high), loss) }
}

/// What the exceedance chart says when the pointer is at `loss`: the curve's value there (the
/// loss is kept within the curve's range, where the curve is drawn).
pub fn exceedance_hover(result: &SimResult, bands: Option<&Bands>, loss: f64) -> String {
    let curve = &result.exceedance;
    let last = curve.last().map_or(0.0, |p| p.loss);
    let loss = loss.clamp(0.0, last.max(0.0));
    let mut text = format!(
        "P(loss > {} {}) = {:.2}%",
        result.currency,
        thousands(loss),
        100.0 * exceedance_at(curve, loss)
    );
    if let Some(bands) = shaded(result, bands) {
        let band = band_at(curve, &bands.exceedance, loss);
        text.push_str(&format!(
            "\n90% band from your ranges: {:.2}% to {:.2}%",
            100.0 * band.low,
            100.0 * band.high
        ));
    }
    text
}

/// What the histogram says when the pointer is at `pnl`: its bin's range and share of trials.
fn histogram_hover(result: &SimResult, pnl: f64) -> String {
    let h = &result.histogram;
    let index = ((pnl - h.start) / h.width).floor();
    if !(index >= 0.0 && (index as usize) < h.counts.len()) {
        return format!("{} {}: no simulated future ended here", result.currency, thousands(pnl));
    }
    let index = index as usize;
    let count = h.counts[index];
    let low = h.start + index as f64 * h.width;
    format!(
        "P&L from {} {} to {}\n{:.2}% of futures ({} of {})",
        result.currency,
        thousands(low),
        thousands(low + h.width),
        100.0 * count as f64 / result.trials.max(1) as f64,
        thousands(count as f64),
        thousands(result.trials as f64)
    )
}

/// The bands to shade, when there are any and they belong to this curve.
fn shaded<'a>(result: &SimResult, bands: Option<&'a Bands>) -> Option<&'a Bands> {
    bands.filter(|b| b.outer_draws > 0 && b.exceedance.len() == result.exceedance.len())
}

/// Whether an analysis has bands to shade on its curve.
pub(super) fn has_band(analysis: &Analysis) -> bool {
    shaded(&analysis.result, Some(&analysis.bands)).is_some()
}

/// The histogram and the exceedance curve of `result`; `bands` (the analysis's, when it is of the
/// same run) shades the curve's uncertainty.
pub fn loss_charts(
    ui: &mut egui::Ui,
    result: &SimResult,
    bands: Option<&Bands>,
    saveable: ChartSaving,
    commands: &mut Commands,
) {
    // Clear of the page's scroll bar, which floats over the right edge.
    let available = ui.available_width() - ui.spacing().scroll.bar_width - 4.0;
    if available >= 2.0 * MIN_SIDE_BY_SIDE + GAP {
        let width = (available - GAP) / 2.0;
        // Legends of as many lines side by side, so the two plots line up.
        let lines = legend_lines(ui, &histogram_legend(&markers(ui, result)), width)
            .len()
            .max(legend_lines(ui, &exceedance_legend(result, bands), width).len());
        ui.horizontal_top(|ui| {
            ui.vertical(|ui| {
                ui.set_width(width);
                distribution(ui, result, width, lines);
                save_chart_menu(ui, "histogram", Chart::Histogram, saveable, commands);
            });
            ui.add_space(GAP - ui.spacing().item_spacing.x);
            ui.vertical(|ui| {
                ui.set_width(width);
                exceedance(ui, result, bands, width, lines);
                save_chart_menu(ui, "exceedance curve", Chart::Exceedance, saveable, commands);
            });
        });
    } else {
        distribution(ui, result, available, 1);
        save_chart_menu(ui, "histogram", Chart::Histogram, saveable, commands);
        ui.add_space(GAP);
        exceedance(ui, result, bands, available, 1);
        save_chart_menu(ui, "exceedance curve", Chart::Exceedance, saveable, commands);
    }
}

/// The three marker lines of the histogram.
struct Marker {
    name: &'static str,
    x: f64,
    legend: String,
    color: Color32,
    style: LineStyle,
}

/// The histogram's marker lines: mean P&L, VaR 99 and ES 99, in that order.
fn markers(ui: &egui::Ui, result: &SimResult) -> [Marker; 3] {
    let currency = &result.currency;
    let total = &result.portfolio.total;
    [
        Marker {
            name: "Mean",
            x: total.mean,
            legend: format!("Mean P&L {currency} {}", compact_number(total.mean)),
            color: mean_color(ui),
            style: LineStyle::dashed_dense(),
        },
        Marker {
            name: "VaR 99",
            x: -total.var99,
            legend: format!("VaR 99: loss of {currency} {}", compact_number(total.var99)),
            color: Color32::from_rgb(214, 60, 60),
            style: LineStyle::Solid,
        },
        Marker {
            name: "ES 99",
            x: -total.es99,
            legend: format!("ES 99: loss of {currency} {}", compact_number(total.es99)),
            color: Color32::from_rgb(150, 70, 190),
            style: LineStyle::dashed_dense(),
        },
    ]
}

fn histogram_legend(markers: &[Marker]) -> Vec<Entry> {
    let mut entries = vec![(ui_blue(), Swatch::Box, "Simulated futures".to_owned())];
    entries.extend(markers.iter().map(|m| (m.color, Swatch::Rule, m.legend.clone())));
    entries
}

const SHADE: Color32 = Color32::from_rgba_premultiplied(16, 30, 47, 60);

fn exceedance_legend(result: &SimResult, bands: Option<&Bands>) -> Vec<Entry> {
    let mut entries = vec![(ui_blue(), Swatch::Line, "P(loss > x)".to_owned())];
    if shaded(result, bands).is_some() {
        entries.push((SHADE, Swatch::Box, "90% band from your ranges".to_owned()));
    }
    entries
}

fn distribution(ui: &mut egui::Ui, result: &SimResult, width: f32, legend_min_lines: usize) {
    let currency = &result.currency;
    ui.strong("Profit and loss").on_hover_text(
        "How often each profit or loss came up in the simulated futures. Losses are on the left. \
         The lines mark the mean profit or loss, VaR 99 (the loss beaten in only 1 of 100 \
         futures) and expected shortfall 99 (the average loss in those worst futures).",
    );
    let markers = markers(ui, result);
    legend(ui, &histogram_legend(&markers), width, legend_min_lines);

    let h = &result.histogram;
    let trials = result.trials.max(1) as f64;
    let bars: Vec<Bar> = h
        .counts
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            Bar::new(h.start + (i as f64 + 0.5) * h.width, 100.0 * count as f64 / trials).width(h.width)
        })
        .collect();
    let tallest = h.counts.iter().copied().max().unwrap_or(0) as f64 * 100.0 / trials;
    let (x_low, x_high) = histogram_range(h, &markers);
    let x = Ticks::new(x_low, x_high, width - Y_AXIS_WIDTH, X_TICK_GAP, X_END_ROOM);
    let y = Ticks::new(
        0.0,
        (tallest * HEADROOM).max(MIN_Y_PERCENT),
        CHART_HEIGHT - X_AXIS_HEIGHT,
        Y_TICK_GAP,
        Y_END_ROOM,
    );
    let labels_at = [0.97, 0.85, 0.73].map(|share| y.low + share * (y.high - y.low));
    let spots = label_spots(&markers, &x, f64::from(width - Y_AXIS_WIDTH));
    let response = plot_frame("pnl-histogram", width, &x, &y)
        .custom_x_axes(vec![x_axis(format!("Profit or loss ({currency})"))])
        .custom_y_axes(vec![y_axis("Share of futures")])
        .label_formatter(move |hover| Some(histogram_hover(result, position(hover).x)))
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Simulated futures", bars).color(ui_blue()).allow_hover(false));
            for ((m, label_y), (label_x, right_side)) in markers.iter().zip(labels_at).zip(spots) {
                plot.vline(VLine::new(m.name, m.x).color(m.color).style(m.style).width(2.0));
                let (text, anchor) = if right_side {
                    (format!(" {}", m.name), Align2::LEFT_TOP)
                } else {
                    (format!("{} ", m.name), Align2::RIGHT_TOP)
                };
                plot.text(
                    Text::new(
                        m.name,
                        PlotPoint::new(label_x, label_y),
                        egui::RichText::new(text).small().strong(),
                    )
                    .color(m.color)
                    .anchor(anchor)
                    .allow_hover(false),
                );
            }
        })
        .response;
    response.accessible_name("Profit and loss chart");
}

/// Where the marker lines' labels go (mean, VaR 99, ES 99): the x they hang from, and whether
/// they read to the right of it. Each goes right of its line unless that would run off the
/// plot; ES 99, the leftmost, goes left of its line when there is room, else right of it if
/// VaR 99 is far enough away, else right of VaR 99's line (below VaR 99's label), so no label
/// crosses a line. `plot_width` is the plot's width in points.
fn label_spots(markers: &[Marker; 3], x: &Ticks, plot_width: f64) -> [(f64, bool); 3] {
    const LABEL: f64 = 46.0;
    let points = |from: f64, to: f64| (to - from) / (x.high - x.low) * plot_width;
    let [mean, var, es] = markers;
    let rightwards = |at: f64| (at, points(at, x.high) >= LABEL);
    let es_spot = if points(x.low, es.x) >= LABEL {
        (es.x, false)
    } else if points(es.x, var.x) >= LABEL {
        (es.x, true)
    } else {
        rightwards(var.x)
    };
    [rightwards(mean.x), rightwards(var.x), es_spot]
}

/// The histogram's x range: its bins, and the marker lines if any falls outside them.
fn histogram_range(h: &Histogram, markers: &[Marker]) -> (f64, f64) {
    let start = h.start;
    let end = h.start + h.width * h.counts.len() as f64;
    markers.iter().fold((start, end), |(low, high), m| (low.min(m.x), high.max(m.x)))
}

fn exceedance(
    ui: &mut egui::Ui,
    result: &SimResult,
    bands: Option<&Bands>,
    width: f32,
    legend_min_lines: usize,
) {
    let currency = &result.currency;
    ui.strong("Chance of losing more than").on_hover_text(
        "For each loss amount, the share of simulated futures in which the portfolio lost more \
         than that. Point at the curve to read it off.",
    );
    let shade = shaded(result, bands);
    let band = shade.is_some();
    legend(ui, &exceedance_legend(result, bands), width, legend_min_lines);
    let curve = &result.exceedance;
    let points: PlotPoints = curve.iter().map(|p| [p.loss, 100.0 * p.probability]).collect();
    let bands: &[Band] = shade.map_or(&[], |b| &b.exceedance);
    let losses: Vec<f64> = curve.iter().map(|p| p.loss).collect();
    let upper: Vec<f64> = bands.iter().map(|b| 100.0 * b.high).collect();
    let lower: Vec<f64> = bands.iter().map(|b| 100.0 * b.low).collect();
    let top = curve
        .iter()
        .map(|p| p.probability)
        .chain(if band { bands.iter().map(|b| b.high).collect() } else { Vec::new() })
        .fold(0.0f64, f64::max);
    let last = curve.last().map_or(0.0, |p| p.loss);
    let (x, y) = exceedance_ticks(last, top, width);
    let response = plot_frame("exceedance", width, &x, &y)
        .custom_x_axes(vec![x_axis(format!("Loss ({currency})"))])
        .custom_y_axes(vec![y_axis("Chance of a bigger loss")])
        .label_formatter(move |hover| Some(exceedance_hover(result, shade, position(hover).x)))
        .show(ui, |plot| {
            if band {
                plot.add(
                    FilledArea::new("90% band from your ranges", &losses, &lower, &upper)
                        .fill_color(SHADE)
                        .allow_hover(false),
                );
            }
            plot.line(Line::new("P(loss > x)", points).color(ui_blue()).width(2.0).allow_hover(false));
            // The hover snaps to the curve: a dot on it at the pointer's loss.
            if plot.response().hover_pos().is_some()
                && let Some(pointer) = plot.pointer_coordinate()
            {
                let loss = pointer.x.clamp(0.0, last.max(0.0));
                let at = [loss, 100.0 * exceedance_at(curve, loss)];
                plot.points(Points::new("", vec![at]).radius(4.5).color(ui_blue()).allow_hover(false));
            }
        })
        .response;
    response.accessible_name("Exceedance chart");
}

/// A plot with fixed bounds on round ticks, no crosshair (the hover says where the data is),
/// and no scroll-wheel capture, since the page scrolls.
pub(super) fn plot_frame<'a>(id: &str, width: f32, x: &Ticks, y: &Ticks) -> Plot<'a> {
    Plot::new(id)
        .height(CHART_HEIGHT)
        .width(width)
        .set_margin_fraction(egui::Vec2::ZERO)
        .include_x(x.low)
        .include_x(x.high)
        .include_y(y.low)
        .include_y(y.high)
        .grid_spacing(Rangef::new(GRID_MIN, 300.0))
        .x_grid_spacer(x.spacer(X_TICK_GAP))
        .y_grid_spacer(y.spacer(Y_TICK_GAP))
        .show_crosshair(false)
        .allow_scroll(false)
}

pub(super) fn x_axis<'a>(label: String) -> AxisHints<'a> {
    AxisHints::new_x()
        .label(label)
        .formatter(|mark, _| compact_number(mark.value))
        .label_spacing(Rangef::new(X_TICK_GAP - 8.0, X_TICK_GAP))
}

pub(super) fn y_axis<'a>(label: &str) -> AxisHints<'a> {
    AxisHints::new_y()
        .label(label)
        .formatter(|mark, _| format!("{}%", compact_number(mark.value)))
        .label_spacing(Rangef::new(Y_TICK_GAP - 8.0, Y_TICK_GAP))
        .min_thickness(40.0)
}

/// Round ticks over a data range, and bounds that put one tick near each end.
pub(super) struct Ticks {
    step: f64,
    /// The plot's bounds: the outermost ticks and a little room for their labels.
    low: f64,
    high: f64,
}

impl Ticks {
    /// Ticks at least `gap` points apart on an axis `length` points long.
    pub(super) fn new(low: f64, high: f64, length: f32, gap: f32, room: f32) -> Ticks {
        let length = f64::from(length.max(4.0 * gap));
        let (low, high) = if high > low { (low, high) } else { (low - 1.0, low + 1.0) };
        let mut step = nice_step((high - low) * f64::from(gap) / length);
        let (mut first, mut last) = ((low / step).floor() * step, (high / step).ceil() * step);
        // Rounding out stretched the axis: a wider step if the ticks now sit too close.
        let wider = nice_step((last - first) * f64::from(gap) / length);
        if wider > step {
            step = wider;
            (first, last) = ((low / step).floor() * step, (high / step).ceil() * step);
        }
        let margin = (last - first) * f64::from(room) / (length - 2.0 * f64::from(room));
        Ticks { step, low: first - margin, high: last + margin }
    }

    /// The grid: this step while the view is as drawn, a step from the zoom once the user zooms.
    fn spacer<'a>(&self, gap: f32) -> impl Fn(GridInput) -> Vec<GridMark> + 'a {
        let (step, low, high) = (self.step, self.low, self.high);
        move |input: GridInput| {
            let (from, to) = input.bounds;
            let close = |a: f64, b: f64| (a - b).abs() <= 1e-6 * (high - low).abs();
            let step = if close(from, low) && close(to, high) {
                step
            } else {
                nice_step(input.base_step_size / f64::from(GRID_MIN) * f64::from(gap))
            };
            marks(from, to, step)
        }
    }
}

/// The smallest of 1, 2, 5 × 10ⁿ that is at least `at_least`.
fn nice_step(at_least: f64) -> f64 {
    if !(at_least.is_finite() && at_least > 0.0) {
        return 1.0;
    }
    let power = 10f64.powf(at_least.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * power)
        .find(|&s| s >= at_least * (1.0 - 1e-9))
        .unwrap_or(10.0 * power)
}

fn marks(from: f64, to: f64, step: f64) -> Vec<GridMark> {
    if !(step > 0.0 && (to - from) / step < 500.0) {
        return Vec::new();
    }
    let (first, last) = ((from / step).ceil() as i64, (to / step).floor() as i64);
    (first..=last).map(|k| GridMark { value: k as f64 * step, step_size: step }).collect()
}

#[derive(Clone, Copy)]
pub(super) enum Swatch {
    Box,
    Line,
    Rule,
}

/// A legend entry: its key's colour and shape, and its text.
pub(super) type Entry = (Color32, Swatch, String);

const KEY: f32 = 16.0;
const INNER: f32 = 4.0;
const BETWEEN: f32 = 14.0;

/// The legend's entries by line: each entry (key and text) kept whole, as many to a line as fit.
fn legend_lines<'e>(ui: &egui::Ui, entries: &'e [Entry], width: f32) -> Vec<Vec<&'e Entry>> {
    let font = egui::TextStyle::Body.resolve(ui.style());
    let mut lines: Vec<Vec<&Entry>> = vec![Vec::new()];
    let mut used = 0.0;
    for entry in entries {
        let text = ui.painter().layout_no_wrap(entry.2.clone(), font.clone(), Color32::PLACEHOLDER).size().x;
        let needed = KEY + INNER + text + BETWEEN;
        if used > 0.0 && used + needed > width {
            lines.push(Vec::new());
            used = 0.0;
        }
        used += needed;
        if let Some(line) = lines.last_mut() {
            line.push(entry);
        }
    }
    lines
}

/// The legend above a chart, outside its data, at least `min_lines` lines high.
pub(super) fn legend(ui: &mut egui::Ui, entries: &[Entry], width: f32, min_lines: usize) {
    let lines = legend_lines(ui, entries, width);
    let missing = min_lines.saturating_sub(lines.len());
    for line in lines {
        ui.horizontal(|ui| {
            for (color, kind, text) in line {
                ui.spacing_mut().item_spacing.x = INNER;
                swatch(ui, *color, *kind);
                ui.add(egui::Label::new(text.as_str()).extend());
                ui.add_space(BETWEEN - INNER);
            }
        });
    }
    for _ in 0..missing {
        ui.add_space(ui.spacing().interact_size.y.max(KEY) + ui.spacing().item_spacing.y);
    }
}

/// A legend key: a filled box, a short line, or a short vertical rule.
fn swatch(ui: &mut egui::Ui, color: Color32, kind: Swatch) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(16.0, 12.0), egui::Sense::hover());
    let painter = ui.painter();
    match kind {
        Swatch::Box => painter.rect_filled(rect.shrink2(egui::vec2(1.0, 1.0)), 2.0, color),
        Swatch::Line => painter.line_segment([rect.left_center(), rect.right_center()], (2.5, color)),
        Swatch::Rule => painter.line_segment([rect.center_top(), rect.center_bottom()], (2.5, color)),
    };
}

/// The axes of an exceedance chart whose curves reach the loss `last` and the probability `top`.
pub(super) fn exceedance_ticks(last: f64, top: f64, width: f32) -> (Ticks, Ticks) {
    let x = Ticks::new(0.0, last.max(1.0), width - Y_AXIS_WIDTH, X_TICK_GAP, X_END_ROOM);
    let y = Ticks::new(
        0.0,
        (100.0 * top).max(MIN_Y_PERCENT),
        CHART_HEIGHT - X_AXIS_HEIGHT,
        Y_TICK_GAP,
        Y_END_ROOM,
    );
    (x, y)
}

pub(super) fn position(hover: &HoverPosition<'_>) -> PlotPoint {
    match hover {
        HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => *position,
    }
}

fn ui_blue() -> Color32 {
    Color32::from_rgb(70, 130, 200)
}

fn mean_color(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode { Color32::from_gray(220) } else { Color32::from_gray(40) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_ticks_reach_both_ends() {
        assert_eq!(nice_step(0.7), 1.0);
        assert_eq!(nice_step(1.2), 2.0);
        assert_eq!(nice_step(3.0), 5.0);
        assert_eq!(nice_step(60_000.0), 100_000.0);
        let t = Ticks::new(-1_234_567.0, 345_678.0, 400.0, 60.0, 0.0);
        assert_eq!(t.low % t.step, 0.0);
        assert_eq!(t.high % t.step, 0.0);
        assert!(t.low <= -1_234_567.0 && t.high >= 345_678.0);
        assert!((t.high - t.low) / t.step <= 400.0 / 60.0, "{} ticks", (t.high - t.low) / t.step);
    }
}
