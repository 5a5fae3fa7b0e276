//! The loss charts: the distribution of profit and loss with VaR 99 marked, and the exceedance
//! curve, the chance of losing more than each amount.

use crate::engine::Analysis;
use crate::report::thousands;
use egui_plot::{Bar, BarChart, FilledArea, HoverPosition, Legend, Line, Plot, PlotPoint, PlotPoints, VLine};

const CHART_HEIGHT: f32 = 220.0;

pub fn loss_charts(ui: &mut egui::Ui, analysis: &Analysis) {
    let result = &analysis.result;
    let currency = result.currency.clone();
    let var99 = result.portfolio.total.var99;
    let width = ((ui.available_width() - 16.0) / 2.0).max(240.0);
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(width);
            ui.strong("Profit and loss").on_hover_text(
                "How often each profit or loss came up in the simulated futures. Losses are on \
                 the left; the red line is VaR 99, the loss beaten in only 1 of 100 futures.",
            );
            distribution(ui, result, &currency, var99, width);
        });
        ui.vertical(|ui| {
            ui.set_width(width);
            ui.strong("Chance of losing more than").on_hover_text(
                "For each loss amount, the share of simulated futures in which the portfolio lost \
                 more than that.",
            );
            exceedance(ui, analysis, &currency, width);
        });
    });
}

fn distribution(
    ui: &mut egui::Ui,
    result: &crate::engine::SimResult,
    currency: &str,
    var99: f64,
    width: f32,
) {
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
    let x_unit = currency.to_owned();
    Plot::new("pnl-histogram")
        .height(CHART_HEIGHT)
        .width(width)
        .x_axis_label(format!("Profit or loss ({currency})"))
        .x_axis_formatter(|mark, _| thousands(mark.value))
        .y_axis_label("Share of futures (%)")
        .legend(Legend::default())
        .allow_scroll(false)
        .label_formatter(move |hover| {
            let point = position(hover);
            Some(format!("{} {x_unit}\n{:.2}% of futures", thousands(point.x), point.y))
        })
        .show(ui, |plot| {
            plot.bar_chart(BarChart::new("Simulated futures", bars).color(ui_blue()));
            plot.vline(
                VLine::new(format!("VaR 99: loss of {currency} {}", thousands(var99)), -var99)
                    .color(egui::Color32::from_rgb(214, 60, 60))
                    .width(2.0),
            );
        });
}

fn exceedance(ui: &mut egui::Ui, analysis: &Analysis, currency: &str, width: f32) {
    let result = &analysis.result;
    let points: PlotPoints = result.exceedance.iter().map(|p| [p.loss, 100.0 * p.probability]).collect();
    let band = &analysis.bands.exceedance;
    let has_band = analysis.bands.outer_draws > 0 && band.len() == result.exceedance.len();
    let losses: Vec<f64> = result.exceedance.iter().map(|p| p.loss).collect();
    let upper: Vec<f64> = band.iter().map(|b| 100.0 * b.high).collect();
    let lower: Vec<f64> = band.iter().map(|b| 100.0 * b.low).collect();
    let x_unit = currency.to_owned();
    Plot::new("exceedance")
        .height(CHART_HEIGHT)
        .width(width)
        .x_axis_label(format!("Loss ({currency})"))
        .x_axis_formatter(|mark, _| thousands(mark.value))
        .y_axis_label("Chance of a bigger loss (%)")
        .include_y(0.0)
        .allow_scroll(false)
        .label_formatter(move |hover| {
            let point = position(hover);
            Some(format!("P(loss > {} {x_unit}) = {:.2}%", thousands(point.x), point.y))
        })
        .legend(Legend::default())
        .show(ui, |plot| {
            if has_band {
                let shade = egui::Color32::from_rgba_unmultiplied(70, 130, 200, 60);
                plot.add(
                    FilledArea::new("90% band from your ranges", &losses, &lower, &upper).fill_color(shade),
                );
            }
            plot.line(Line::new("P(loss > x)", points).color(ui_blue()).width(2.0));
        });
}

fn position(hover: &HoverPosition<'_>) -> PlotPoint {
    match hover {
        HoverPosition::NearDataPoint { position, .. } | HoverPosition::Elsewhere { position } => *position,
    }
}

fn ui_blue() -> egui::Color32 {
    egui::Color32::from_rgb(70, 130, 200)
}
