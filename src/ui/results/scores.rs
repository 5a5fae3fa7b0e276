//! Forecast scores in Results, once the scenario records what happened: the Brier and log scores
//! of the shown results' event probabilities over the resolved events, against a forecast of 50%
//! on every event, and a calibration (reliability) plot — per tenth of the forecast scale, the
//! share of its events that happened against their mean forecast, with counts. Every figure is
//! `engine::score`'s, worded as the README's "What the numbers mean" defines it.

use crate::engine::SimResult;
use crate::engine::score::{Bin, calibration, forecasts, pairs, score};
use crate::model::Scenario;
use egui_plot::{Line, LineStyle, Plot, PlotPoints, Points, Text};

const SCORES_TIP: &str = "How well the scenario's likelihoods did, now that some outcomes are \
     recorded in the file. Each forecast is the event's probability in these results (links \
     and groups included); only events with a recorded outcome count.";
const BRIER_TIP: &str = "Brier score: the mean of (forecast − outcome)² over the resolved events, \
     the outcome 1 if it happened and 0 if not. 0 is perfect; always saying 50% scores 0.25.";
const LOG_TIP: &str = "Log score: the mean of −ln(forecast) for events that happened and \
     −ln(1 − forecast) for those that did not. Lower is better; always saying 50% scores 0.693. \
     It punishes confident misses much harder than the Brier score.";
const SKILL_TIP: &str = "Skill: 1 − Brier score ÷ the Brier score of always saying 50% (0.25). \
     1 is perfect, 0 no better than 50% on everything, below 0 worse.";
const PLOT_TIP: &str = "Calibration: the resolved events grouped by their forecast in tenths \
     (0–10%, 10–20%, …). Each dot is a group: across, its mean forecast; up, the share of its \
     events that happened; the number is how many events it holds. A well-calibrated forecaster's \
     dots lie near the diagonal; with a dozen events, each dot rests on very few.";

/// The scores section, when the scenario has resolved events; nothing otherwise.
pub fn scores(ui: &mut egui::Ui, scenario: &Scenario, result: &SimResult) {
    let forecasts = forecasts(scenario, result);
    let pairs = pairs(&forecasts);
    let Some(s) = score(&pairs, scenario.events.len()) else { return };
    ui.strong("How the forecasts did").on_hover_text(SCORES_TIP);
    ui.label(format!(
        "{} of {} events have a recorded outcome{}.",
        s.resolved,
        s.total,
        scenario.as_of.map_or_else(String::new, |d| format!("; the forecasts are as of {d}"))
    ))
    .on_hover_text(SCORES_TIP);
    egui::Grid::new("forecast-scores").num_columns(3).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
        ui.weak("");
        ui.weak("These results").on_hover_text(SCORES_TIP);
        ui.weak("Always 50%").on_hover_text("The reference: a forecast of 50% on every event.");
        ui.end_row();
        ui.label("Brier score").on_hover_text(BRIER_TIP);
        ui.strong(format!("{:.3}", s.brier)).on_hover_text(BRIER_TIP);
        ui.label(format!("{:.3}", s.reference_brier)).on_hover_text(BRIER_TIP);
        ui.end_row();
        ui.label("Log score").on_hover_text(LOG_TIP);
        ui.strong(format!("{:.3}", s.log)).on_hover_text(LOG_TIP);
        ui.label(format!("{:.3}", s.reference_log)).on_hover_text(LOG_TIP);
        ui.end_row();
        ui.label("Skill").on_hover_text(SKILL_TIP);
        ui.strong(format!("{:.2}", s.skill)).on_hover_text(SKILL_TIP);
        ui.label("0").on_hover_text(SKILL_TIP);
        ui.end_row();
    });
    ui.add_space(6.0);
    calibration_plot(ui, &calibration(&pairs));
}

/// Mean forecast against observed frequency per bin, with the diagonal and each bin's count.
fn calibration_plot(ui: &mut egui::Ui, bins: &[Bin]) {
    ui.label("Calibration: forecast against what happened").on_hover_text(PLOT_TIP);
    let filled: Vec<(&Bin, f64, f64)> =
        bins.iter().filter_map(|b| Some((b, 100.0 * b.mean_forecast?, 100.0 * b.observed?))).collect();
    let side = ui.available_width().min(360.0);
    let summary = filled
        .iter()
        .map(|(b, x, y)| {
            let plural = if b.count == 1 { "" } else { "s" };
            format!(
                "{:.0}–{:.0}%: {} event{plural}, forecast {x:.0}%, happened {y:.0}%",
                100.0 * b.low,
                100.0 * b.high,
                b.count
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let tips: Vec<(f64, f64, String)> = filled
        .iter()
        .map(|(b, x, y)| {
            let tip = format!(
                "Forecasts {:.0}–{:.0}%: {} event{}\nmean forecast {x:.1}%, happened {y:.0}%",
                100.0 * b.low,
                100.0 * b.high,
                b.count,
                if b.count == 1 { "" } else { "s" }
            );
            (*x, *y, tip)
        })
        .collect();
    let weak = ui.visuals().weak_text_color();
    let plot = Plot::new("calibration-plot")
        .width(side)
        .height(side)
        // The whole scale on both axes, whatever the panel's shape.
        .default_x_bounds(-2.0, 102.0)
        .default_y_bounds(-5.0, 110.0)
        .x_axis_label("Mean forecast (%)")
        .y_axis_label("Happened (%)")
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_x(false)
        .show_y(false)
        .label_formatter(move |hover| {
            let pointer = super::charts::position(hover);
            tips.iter()
                .find(|(x, y, _)| (pointer.x - x).abs() < 4.0 && (pointer.y - y).abs() < 4.0)
                .map(|(_, _, tip)| tip.clone())
        });
    // A square, beside nothing: a plot otherwise takes the width of its column.
    let response = ui
        .allocate_ui(egui::vec2(side, side), |ui| {
            plot.show(ui, |plot| {
                let diagonal = PlotPoints::from(vec![[0.0, 0.0], [100.0, 100.0]]);
                plot.line(
                    Line::new("Perfect calibration", diagonal).color(weak).style(LineStyle::dashed_dense()),
                );
                let dots: Vec<[f64; 2]> = filled.iter().map(|(_, x, y)| [*x, *y]).collect();
                plot.points(Points::new("Bins", dots).radius(5.0).color(DOT));
                for (b, x, y) in &filled {
                    let count = egui::RichText::new(b.count.to_string()).strong();
                    plot.text(Text::new("count", [*x, *y + 6.0].into(), count).color(DOT));
                }
            })
        })
        .inner;
    response.response.widget_info(|| {
        let mut info = egui::WidgetInfo::labeled(egui::Role::Figure, true, "Calibration plot");
        info.current_text_value = Some(summary.clone());
        info
    });
}

const DOT: egui::Color32 = egui::Color32::from_rgb(40, 110, 200);
