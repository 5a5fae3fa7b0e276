//! Markets and regions, at the end of Results: each market's mean price move over the horizon with
//! its 5%–95% range (events and noise), and each region's expected severity. Clicking a market or a
//! region selects it. Every figure is the engine's (`result.markets`, `engine::region_severity`),
//! worded as the README's "What the numbers mean" defines it.

use super::drivers::{bar_plot, chart, clicked_row, key};
use crate::engine::{RegionSeverity, SimResult, region_severity};
use crate::model::{Id, Scenario};
use crate::report::html::Chart;
use crate::ui::chart_export::{ChartSaving, save_chart_menu};
use crate::ui::command::{Command, Commands, Selection};
use crate::ui::results_out::{copy_button, tab_separated};
use egui_plot::{Bar, BoxElem, BoxPlot, BoxSpread, VLine};

const FALL: egui::Color32 = egui::Color32::from_rgb(214, 60, 60);
const RISE: egui::Color32 = egui::Color32::from_rgb(60, 160, 90);

const MARKETS_TIP: &str = "Each market's price move over the horizon, averaged over every simulated \
     future (the events that happen and the market's background noise). The whisker spans the 5% \
     to 95% quantiles: nine futures in ten end within it.";
const SEVERITY_TIP: &str = "Expected severity: for each event that rates the region, its simulated \
     probability times its severity level (1 negligible … 5 severe), summed. It is the sum of \
     severity levels the region can expect over the horizon; 3.0 is, for example, one moderate \
     event for certain, or two major ones at even odds and a fifth of a negligible one.";

/// Each region's severity for the result shown, worked out once per result and edit rather than
/// every frame (500 events rating 20 regions take a good part of a frame).
#[derive(Default)]
pub struct RegionsCache {
    /// The generation of the result shown, the worker's current one (a new edit bumps it), and
    /// the result's trials (an edit's preview and full run share its generation).
    key: Option<(u64, u64, u64)>,
    regions: Vec<RegionSeverity>,
}

impl RegionsCache {
    fn of(
        &mut self,
        (shown, current): (u64, u64),
        scenario: &Scenario,
        result: &SimResult,
    ) -> &[RegionSeverity] {
        let key = (shown, current, result.trials);
        if self.key != Some(key) {
            self.regions = region_severity(scenario, result);
            self.key = Some(key);
        }
        &self.regions
    }
}

/// `generations`: the result's and the worker's current one, which key `cache`.
pub fn markets_and_regions(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    (result, generations): (&SimResult, (u64, u64)),
    cache: &mut RegionsCache,
    saving: ChartSaving,
    commands: &mut Commands,
) {
    let regions = cache.of(generations, scenario, result);
    markets_and_these_regions(ui, result, regions, saving, commands);
}

/// The same, with each region's severity given (saved results keep theirs).
pub fn markets_and_these_regions(
    ui: &mut egui::Ui,
    result: &SimResult,
    regions: &[RegionSeverity],
    saving: ChartSaving,
    commands: &mut Commands,
) {
    ui.strong("Markets and regions");
    ui.add_space(4.0);
    if let Some(id) = markets(ui, result).and_then(|id| Id::new(&id).ok()) {
        commands.push(Command::Select(Selection::Market(id)));
    }
    if !result.markets.is_empty() {
        save_chart_menu(ui, "markets chart", Chart::Markets, saving, commands);
    }
    ui.add_space(12.0);
    if let Some(id) = regions_table(ui, regions).and_then(|id| Id::new(&id).ok()) {
        commands.push(Command::Select(Selection::Region(id)));
    }
    if !regions.is_empty() {
        save_chart_menu(ui, "regions chart", Chart::Regions, saving, commands);
    }
}

/// Mean price move per market, largest fall first, with 5%–95% whiskers; the clicked market's id.
fn markets(ui: &mut egui::Ui, result: &SimResult) -> Option<String> {
    let markets = &result.markets;
    if markets.is_empty() {
        return None;
    }
    ui.label("How each market moves: mean price move, and where nine futures in ten end")
        .on_hover_text(MARKETS_TIP);
    let mut rows: Vec<usize> = (0..markets.len()).collect();
    rows.sort_by(|&a, &b| markets[a].mean_return.total_cmp(&markets[b].mean_return).then_with(|| a.cmp(&b)));
    let y = |row: usize| (rows.len() - 1 - row) as f64;
    let (mut falls, mut rises, mut whiskers, mut tips) = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for (row, &i) in rows.iter().enumerate() {
        let m = &markets[i];
        let (mean, low, high) = (100.0 * m.mean_return, 100.0 * m.p05, 100.0 * m.p95);
        let bar = Bar::new(y(row), mean).width(0.6);
        if mean < 0.0 {
            falls.push(bar)
        } else {
            rises.push(bar)
        }
        whiskers.push(
            BoxElem::new(y(row), BoxSpread::new(low, mean, mean, mean, high))
                .box_width(0.0)
                .whisker_width(0.3),
        );
        let held = if m.held_value == 0.0 {
            "not held".to_owned()
        } else {
            format!("held: {} {}", result.currency, crate::report::thousands(m.held_value))
        };
        let tip =
            format!("{}\nMean price move {mean:+.1}%\n5% to 95%: {low:+.1}% to {high:+.1}%\n{held}", m.name);
        tips.push((m.id.clone(), tip));
    }
    let names: Vec<&str> = rows.iter().map(|&i| markets[i].name.as_str()).collect();
    key(ui, &[(FALL, "falls on average"), (RISE, "rises on average")], "whiskers: 5% to 95% of futures");
    let line = ui.visuals().text_color();
    let response = bar_plot("market-moves", ui, &names, "Price move over the horizon (%)".to_owned())
        .include_x(0.0)
        .x_axis_formatter(|mark, _| format!("{:+.0}%", mark.value))
        .show(ui, |plot| {
            plot.set_plot_bounds_y(-0.6..=rows.len() as f64 - 0.4);
            plot.bar_chart(chart("Falls on average", falls, FALL));
            plot.bar_chart(chart("Rises on average", rises, RISE));
            plot.vline(VLine::new("No change", 0.0).color(line).width(1.0));
            plot.box_plot(BoxPlot::new("5% to 95% of futures", whiskers).horizontal().color(line));
        });
    copy_button(ui, "Copy market moves", || {
        let header = ["Market", "Mean price move", "5% of futures below", "95% of futures below", "Held"];
        let rows: Vec<Vec<String>> = rows
            .iter()
            .map(|&i| {
                let m = &markets[i];
                let held = format!("{} {}", result.currency, crate::report::thousands(m.held_value));
                let pct = |x: f64| format!("{:+.1}%", 100.0 * x);
                vec![m.name.clone(), pct(m.mean_return), pct(m.p05), pct(m.p95), held]
            })
            .collect();
        tab_separated(&header, &rows)
    });
    let order = format!("Largest fall first: {}", names.join("; "));
    clicked_row(&response, "Market moves chart", order, &tips)
}

/// Each region's expected severity, in the file's order; the clicked region's id.
fn regions_table(ui: &mut egui::Ui, regions: &[RegionSeverity]) -> Option<String> {
    if regions.is_empty() {
        return None;
    }
    ui.label("How hard each region is expected to be hit").on_hover_text(SEVERITY_TIP);
    let mut picked = None;
    egui::Grid::new("region-severity").num_columns(4).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
        ui.weak("Region");
        ui.weak("Expected severity").on_hover_text(SEVERITY_TIP);
        ui.weak("Events rating it");
        ui.weak("Largest part")
            .on_hover_text("The event that adds most to the expected severity, and its share.");
        ui.end_row();
        for r in regions {
            if ui.link(&r.name).on_hover_text("Edit this region").clicked() {
                picked = Some(r.id.clone());
            }
            ui.label(format!("{:.2}", r.expected));
            ui.label(r.events.to_string());
            match &r.top {
                Some((name, share)) => ui.label(format!("{name} ({:.0}%)", 100.0 * share)),
                None => ui.weak("none"),
            };
            ui.end_row();
        }
    });
    copy_button(ui, "Copy regions", || {
        let header = ["Region", "Expected severity", "Events rating it", "Largest part"];
        let rows: Vec<Vec<String>> = regions
            .iter()
            .map(|r| {
                let top = r.top.as_ref().map_or_else(
                    || "none".to_owned(),
                    |(name, share)| format!("{name} ({:.0}%)", 100.0 * share),
                );
                vec![r.name.clone(), format!("{:.2}", r.expected), r.events.to_string(), top]
            })
            .collect();
        tab_separated(&header, &rows)
    });
    picked
}
