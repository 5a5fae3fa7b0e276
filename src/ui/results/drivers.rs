//! The drivers of the losses, at the end of Results: a tornado of what each event's likelihood
//! does to expected shortfall or mean P&L, each event's causal impact with its uncertainty, and a
//! sortable table of every event. Clicking a bar or a name selects the event.
//!
//! Every figure is the engine's (`Analysis::sensitivity`, `impacts`, `result.events`), worded as
//! the README's "What the numbers mean" defines it.

use crate::engine::{Analysis, EventSensitivity};
use crate::report::html::{Chart, TornadoFigure};
use crate::report::thousands;
use crate::ui::chart_export::{ChartSaving, save_chart_menu};
use crate::ui::command::Commands;
use egui_plot::{Bar, BarChart, BoxElem, BoxPlot, BoxSpread, GridMark, Plot, PlotResponse, VLine};

mod table;

pub use table::{RowCache, SortBy};

/// The most bars a chart shows; the table lists every event.
pub const MAX_BARS: usize = 10;
/// Height per event in the charts: enough for the y axis to print every name.
const ROW_HEIGHT: f32 = 32.0;
const LOW: egui::Color32 = egui::Color32::from_rgb(70, 130, 200);
const HIGH: egui::Color32 = egui::Color32::from_rgb(230, 140, 40);
const LOSS: egui::Color32 = egui::Color32::from_rgb(214, 60, 60);
const GAIN: egui::Color32 = egui::Color32::from_rgb(60, 160, 90);
/// Longest event name on a chart's axis; the row's tooltip has the whole name.
const AXIS_NAME_CHARS: usize = 28;
/// About the width of one character of an axis label, to fit names to a third of the chart.
const AXIS_CHAR_WIDTH: f32 = 6.5;

const TORNADO_TIP: &str = "Mean P&L and ES 99% with the event's likelihood set to its range's ends \
     (a point: ±50%, clamped), everything else as in the same trials. The longest bars are the \
     likelihoods worth estimating most carefully. Click a bar to edit its event.";
const IMPACT_BARS_TIP: &str = "Each event's causal effect on mean P&L: the average P&L when it is \
     forced to happen minus when it is prevented, in the same trials, what it sets off through \
     links included. The whiskers are ±1.96 standard errors (a 95% interval for the simulation's \
     own error). Click a bar to edit its event.";

/// What the tornado measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TornadoMetric {
    #[default]
    Es99,
    Mean,
}

impl TornadoMetric {
    pub fn label(self) -> &'static str {
        match self {
            TornadoMetric::Es99 => "Expected shortfall 99%",
            TornadoMetric::Mean => "Mean P&L",
        }
    }

    /// The figure at the event's low and high likelihood.
    fn at(self, e: &EventSensitivity) -> (f64, f64) {
        match self {
            TornadoMetric::Es99 => (e.es99_at_low, e.es99_at_high),
            TornadoMetric::Mean => (e.mean_at_low, e.mean_at_high),
        }
    }

    /// The report's tornado of the same figure, for saving the chart.
    fn figure(self) -> TornadoFigure {
        match self {
            TornadoMetric::Es99 => TornadoFigure::Es99,
            TornadoMetric::Mean => TornadoFigure::Mean,
        }
    }

    fn swing(self, e: &EventSensitivity) -> f64 {
        match self {
            TornadoMetric::Es99 => e.es99_swing(),
            TornadoMetric::Mean => e.mean_swing(),
        }
    }
}

/// The drivers section's state: the tornado's figure and the table's order.
#[derive(Debug, Clone, Default)]
pub struct DriversState {
    pub tornado: TornadoMetric,
    pub sort: SortBy,
    pub rows: RowCache,
}

/// Draws the section for the analysis of `generation`; returns the id of the event the user
/// clicked.
pub fn drivers(
    ui: &mut egui::Ui,
    state: &mut DriversState,
    analysis: &Analysis,
    generation: u64,
    saving: ChartSaving,
    commands: &mut Commands,
) -> Option<String> {
    ui.strong("What drives the losses").on_hover_text(
        "Which events move the portfolio's risk: how much each likelihood matters (tornado), \
         what each event causes (impact), and every figure per event (table).",
    );
    ui.add_space(4.0);
    let mut picked = tornado(ui, &mut state.tornado, analysis);
    save_chart_menu(ui, "tornado", Chart::Tornado(state.tornado.figure()), saving, commands);
    ui.add_space(12.0);
    picked = impact_bars(ui, analysis).or(picked);
    save_chart_menu(ui, "impact chart", Chart::Impacts, saving, commands);
    ui.add_space(12.0);
    table::table(ui, &mut state.sort, &mut state.rows, analysis, generation).or(picked)
}

/// The event's name, as the file gives it (its id if it is missing).
fn name_of<'a>(analysis: &'a Analysis, id: &'a str) -> &'a str {
    analysis.result.events.iter().find(|e| e.id == id).map_or(id, |e| e.name.as_str())
}

fn tornado(ui: &mut egui::Ui, metric: &mut TornadoMetric, analysis: &Analysis) -> Option<String> {
    let s = &analysis.sensitivity;
    let currency = &analysis.result.currency;
    ui.horizontal_wrapped(|ui| {
        ui.label("How much each likelihood matters, by").on_hover_text(TORNADO_TIP);
        for m in [TornadoMetric::Es99, TornadoMetric::Mean] {
            ui.selectable_value(metric, m, m.label()).on_hover_text(TORNADO_TIP);
        }
    });
    let metric = *metric;
    let base = match metric {
        TornadoMetric::Es99 => s.base_es99,
        TornadoMetric::Mean => s.base_mean,
    };
    let mut rows: Vec<&EventSensitivity> = s.events.iter().collect();
    rows.sort_by(|a, b| metric.swing(b).total_cmp(&metric.swing(a)).then_with(|| a.id.cmp(&b.id)));
    rows.truncate(MAX_BARS);
    note_the_rest(ui, rows.len(), s.events.len(), "swings");
    // The largest swing on top: row 0 is drawn highest.
    let y = |row: usize| (rows.len() - 1 - row) as f64;
    let bar = |row: usize, value: f64, offset: f64| {
        Bar::new(y(row) + offset, value - base).base_offset(base).width(0.32)
    };
    let (low, high): (Vec<Bar>, Vec<Bar>) = rows
        .iter()
        .enumerate()
        .map(|(row, e)| {
            let (at_low, at_high) = metric.at(e);
            (bar(row, at_low, -0.17), bar(row, at_high, 0.17))
        })
        .unzip();
    let tips: Vec<(String, String)> = rows
        .iter()
        .map(|e| {
            let (at_low, at_high) = metric.at(e);
            let tip = format!(
                "{}\n{}, {currency}:\nat its low likelihood ({:.1}%) {}\nat its high likelihood ({:.1}%) {}\nbase {}",
                name_of(analysis, &e.id),
                metric.label(),
                100.0 * e.low_probability,
                thousands(at_low),
                100.0 * e.high_probability,
                thousands(at_high),
                thousands(base)
            );
            (e.id.clone(), tip)
        })
        .collect();
    let names: Vec<&str> = rows.iter().map(|e| name_of(analysis, &e.id)).collect();
    let base_label = format!("base {currency} {} (the line)", thousands(base));
    key(ui, &[(LOW, "at its low likelihood"), (HIGH, "at its high likelihood")], &base_label);
    let line = ui.visuals().text_color();
    let response =
        bar_plot("tornado", ui, &names, format!("{} ({currency})", metric.label())).show(ui, |plot| {
            plot.set_plot_bounds_y(-0.6..=rows.len() as f64 - 0.4);
            plot.bar_chart(chart("At its low likelihood", low, LOW));
            plot.bar_chart(chart("At its high likelihood", high, HIGH));
            plot.vline(VLine::new(base_label, base).color(line).width(1.5));
        });
    let rows = format!("{}, largest swing first: {}", metric.label(), names.join("; "));
    clicked_row(&response, "Tornado chart", rows, &tips)
}

fn impact_bars(ui: &mut egui::Ui, analysis: &Analysis) -> Option<String> {
    let currency = &analysis.result.currency;
    ui.label("What each event causes: its impact on mean P&L").on_hover_text(IMPACT_BARS_TIP);
    let mut rows: Vec<usize> = (0..analysis.impacts.len()).collect();
    let size = |i: usize| analysis.impacts[i].total.abs();
    rows.sort_by(|&a, &b| size(b).total_cmp(&size(a)).then_with(|| a.cmp(&b)));
    rows.truncate(MAX_BARS);
    note_the_rest(ui, rows.len(), analysis.impacts.len(), "impacts");
    let y = |row: usize| (rows.len() - 1 - row) as f64;
    let (mut losses, mut gains, mut whiskers, mut tips) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (row, &i) in rows.iter().enumerate() {
        let impact = &analysis.impacts[i];
        let (total, half) = (impact.total, 1.96 * impact.total_se);
        let bar = Bar::new(y(row), total).width(0.6);
        if total < 0.0 {
            losses.push(bar)
        } else {
            gains.push(bar)
        }
        let spread = BoxSpread::new(total - half, total, total, total, total + half);
        whiskers.push(BoxElem::new(y(row), spread).box_width(0.0).whisker_width(0.3));
        let tip = format!(
            "{}\nImpact (total): {currency} {} ± {} standard error\n±1.96 standard errors: {} to {}",
            name_of(analysis, &impact.id),
            thousands(total),
            thousands(impact.total_se),
            thousands(total - half),
            thousands(total + half)
        );
        tips.push((impact.id.clone(), tip));
    }
    let names: Vec<&str> = tips.iter().map(|(id, _)| name_of(analysis, id)).collect();
    key(ui, &[(LOSS, "causes a loss"), (GAIN, "causes a gain")], "whiskers: ±1.96 standard errors");
    let line = ui.visuals().text_color();
    let response = bar_plot("impacts", ui, &names, format!("Impact on mean P&L ({currency})"))
        .include_x(0.0)
        .show(ui, |plot| {
            plot.set_plot_bounds_y(-0.6..=rows.len() as f64 - 0.4);
            plot.bar_chart(chart("Causes a loss", losses, LOSS));
            plot.bar_chart(chart("Causes a gain", gains, GAIN));
            plot.vline(VLine::new("No effect", 0.0).color(line).width(1.0));
            plot.box_plot(BoxPlot::new("±1.96 standard errors", whiskers).horizontal().color(line));
        });
    let rows = format!("Largest impact first: {}", names.join("; "));
    clicked_row(&response, "Impact chart", rows, &tips)
}

fn note_the_rest(ui: &mut egui::Ui, shown: usize, all: usize, what: &str) {
    if shown < all {
        ui.weak(format!("The {shown} largest {what} of {all} events; the table below lists them all."));
    }
}

/// A horizontal bar chart with one row per event, named on the y axis, as wide as the panel.
pub(super) fn bar_plot<'a>(id: &str, ui: &egui::Ui, names: &[&str], x_label: String) -> Plot<'a> {
    // A wide panel (two-column Results) has room for whole names; a narrow one keeps the bars.
    let chars =
        ((ui.available_width() / 3.0 / AXIS_CHAR_WIDTH) as usize).clamp(AXIS_NAME_CHARS, 2 * AXIS_NAME_CHARS);
    let names: Vec<String> = names.iter().map(|n| short(n, chars)).collect();
    let marks: Vec<GridMark> =
        (0..names.len()).map(|row| GridMark { value: row as f64, step_size: 1.0 }).collect();
    let count = names.len();
    Plot::new(id)
        .width(ui.available_width())
        .height(ROW_HEIGHT * count.max(1) as f32 + 64.0)
        .x_axis_label(x_label)
        .x_axis_formatter(|mark, _| thousands(mark.value))
        .y_grid_spacer(move |_| marks.clone())
        .y_axis_formatter(move |mark, _| {
            // Drawn top to bottom: the first name is on the highest row.
            let row = mark.value.round();
            if (mark.value - row).abs() > 1e-6 || row < 0.0 || row as usize >= count {
                return String::new();
            }
            names[count - 1 - row as usize].clone()
        })
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        // No rulers or plot labels (they are cut off at the edge): each row has a tooltip.
        .show_x(false)
        .show_y(false)
}

/// What the colours mean, above a chart (a legend inside it would cover bars).
pub(super) fn key(ui: &mut egui::Ui, colours: &[(egui::Color32, &str)], last: &str) {
    ui.horizontal_wrapped(|ui| {
        for &(colour, text) in colours {
            let (rect, _) = ui.allocate_exact_size(egui::vec2(12.0, 12.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 2.0, colour);
            ui.weak(format!("{text};"));
        }
        ui.weak(last);
    });
}

pub(super) fn chart(name: &str, bars: Vec<Bar>, color: egui::Color32) -> BarChart {
    let bars = bars.into_iter().map(|b| b.fill(color.gamma_multiply(0.8)).stroke((1.0, color))).collect();
    BarChart::new(name, bars).horizontal().color(color).element_formatter(Box::new(|bar, _| bar.name.clone()))
}

/// Names the chart for screen readers and tests (`rows`, its value, says what is drawn top to
/// bottom), shows the tooltip of the row under the pointer, and returns the id of the row the
/// user clicked. `rows` holds each row's event id and tooltip, top row first.
pub(super) fn clicked_row(
    response: &PlotResponse<()>,
    label: &str,
    order: String,
    rows: &[(String, String)],
) -> Option<String> {
    let r = &response.response;
    r.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::Figure, true, label);
        info.current_text_value = Some(order.clone());
        info
    });
    // Row k from the top is centred at y = n − 1 − k.
    let row_at = |pos: egui::Pos2| {
        let from_top = rows.len() as f64 - 1.0 - response.transform.value_from_position(pos).y.round();
        (from_top >= 0.0).then(|| rows.get(from_top as usize)).flatten()
    };
    if let Some((_, tip)) = r.hover_pos().and_then(row_at) {
        r.ctx.set_cursor_icon(egui::CursorIcon::PointingHand);
        r.clone().on_hover_text_at_pointer(tip);
    }
    let pos = r.clicked().then(|| r.interact_pointer_pos()).flatten()?;
    row_at(pos).map(|(id, _)| id.clone())
}

fn short(name: &str, chars: usize) -> String {
    if name.chars().count() <= chars {
        return name.to_owned();
    }
    let cut: String = name.chars().take(chars - 1).collect();
    format!("{}…", cut.trim_end())
}
