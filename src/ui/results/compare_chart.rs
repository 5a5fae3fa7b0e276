//! The Compare page's chart: every run's exceedance curve (the chance of losing more than each
//! amount) on one plot, one colour per run, each with its 90% band from the likelihood ranges
//! shaded in its colour where the scenario has ranges. The legend sits above the plot, outside
//! the data; a hover reads every curve at the pointer's loss.

use super::charts::{self, Entry, Swatch, exceedance_at};
use crate::engine::Analysis;
use crate::report::thousands;
use egui::Color32;
use egui_plot::{FilledArea, Line, PlotPoints};

/// Run colours, told apart also by people with the commonest colour blindness (Okabe–Ito).
const COLOURS: [Color32; 6] = [
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(86, 180, 233),
];

pub fn colour(run: usize) -> Color32 {
    COLOURS[run % COLOURS.len()]
}

/// What the hover says at `loss`: each run's chance of losing more than it.
pub fn hover_text(labels: &[String], analyses: &[Analysis], loss: f64) -> String {
    let currency = analyses.first().map_or("", |a| a.result.currency.as_str());
    let mut text = format!("Loss {currency} {}", thousands(loss.max(0.0)));
    for (i, (label, a)) in labels.iter().zip(analyses).enumerate() {
        let p = exceedance_at(&a.result.exceedance, loss.max(0.0));
        text.push_str(&format!("\n[{}] {label}: P(loss > x) = {:.2}%", i + 1, 100.0 * p));
    }
    text
}

pub fn exceedance_curves(ui: &mut egui::Ui, labels: &[String], analyses: &[Analysis]) {
    let Some(first) = analyses.first() else { return };
    ui.strong("Chance of losing more than, run by run").on_hover_text(
        "For each loss amount, the share of simulated futures in which the portfolio lost more than \
         that, one curve per run. Shaded: the run's 90% band from your likelihood ranges.",
    );
    let width = (ui.available_width() - ui.spacing().scroll.bar_width - 4.0).max(300.0);
    let mut entries: Vec<Entry> = labels
        .iter()
        .enumerate()
        .map(|(i, label)| (colour(i), Swatch::Line, format!("[{}] {label}", i + 1)))
        .collect();
    let banded = analyses.iter().any(charts::has_band);
    if banded {
        entries.push((
            Color32::from_gray(150).gamma_multiply(0.5),
            Swatch::Box,
            "90% band from your ranges".into(),
        ));
    }
    charts::legend(ui, &entries, width, 1);
    let last =
        analyses.iter().filter_map(|a| a.result.exceedance.last().map(|p| p.loss)).fold(0.0f64, f64::max);
    let top = analyses
        .iter()
        .flat_map(|a| {
            let curve = a.result.exceedance.iter().map(|p| p.probability);
            let band = charts::has_band(a).then(|| a.bands.exceedance.iter().map(|b| b.high));
            curve.chain(band.into_iter().flatten())
        })
        .fold(0.0f64, f64::max);
    let (x, y) = charts::exceedance_ticks(last, top, width);
    let currency = first.result.currency.clone();
    charts::plot_frame("compare-exceedance", width, &x, &y)
        .custom_x_axes(vec![charts::x_axis(format!("Loss ({currency})"))])
        .custom_y_axes(vec![charts::y_axis("Chance of a bigger loss")])
        .label_formatter(move |hover| Some(hover_text(labels, analyses, charts::position(hover).x)))
        .show(ui, |plot| {
            for (i, a) in analyses.iter().enumerate() {
                if !charts::has_band(a) {
                    continue;
                }
                let losses: Vec<f64> = a.result.exceedance.iter().map(|p| p.loss).collect();
                let low: Vec<f64> = a.bands.exceedance.iter().map(|b| 100.0 * b.low).collect();
                let high: Vec<f64> = a.bands.exceedance.iter().map(|b| 100.0 * b.high).collect();
                plot.add(
                    FilledArea::new(format!("[{}] band", i + 1), &losses, &low, &high)
                        .fill_color(colour(i).gamma_multiply(0.18))
                        .allow_hover(false),
                );
            }
            for (i, (label, a)) in labels.iter().zip(analyses).enumerate() {
                let points: PlotPoints =
                    a.result.exceedance.iter().map(|p| [p.loss, 100.0 * p.probability]).collect();
                plot.line(
                    Line::new(format!("[{}] {label}", i + 1), points)
                        .color(colour(i))
                        .width(2.0)
                        .allow_hover(false),
                );
            }
        })
        .response
        .accessible_name("Exceedance curves of the compared runs");
}
