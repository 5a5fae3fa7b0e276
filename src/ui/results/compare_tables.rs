//! The Compare page's tables: the runs, the portfolio's figures with their changes from the
//! first run, the events by the size of their change, and two files' structural difference.
//! Every column header explains itself on hover; every number is `report::compare`'s, as
//! `georisk compare` prints it.

use crate::model::diff::{Change, ChangeKind};
use crate::report::compare::{Comparison, FigureRow, signed_money, signed_points};
use crate::report::{percent, thousands};

const DELTA_TIP: &str = "The change from the first run: this run's figure minus the first run's, \
     on the same simulated futures.";
const PROBABILITY_TIP: &str = "The share of simulated futures in which the event happens (after \
     links and exclusive groups).";
const IMPACT_TIP: &str = "The event's causal impact: the mean profit or loss with the event \
     forced to happen minus with it forced not to, on the same futures (downstream links included).";
const EVENT_TIP: &str = "Events sorted by how much their impact changes between the runs, largest \
     first; an event that only one run has counts by its impact there.";

/// How a figure reads, for its row's tooltip.
fn figure_tip(key: &str) -> &'static str {
    match key {
        "mean" => "The average profit or loss over the simulated futures (negative: a loss).",
        "var95" => "Value at risk 95%: the loss beaten in only 5 of 100 simulated futures.",
        "var99" => "Value at risk 99%: the loss beaten in only 1 of 100 simulated futures.",
        "es95" => "Expected shortfall 95%: the average loss in the worst 5 of 100 futures.",
        "es99" => "Expected shortfall 99%: the average loss in the worst 1 of 100 futures.",
        "prob_loss" => "The share of simulated futures in which the portfolio ends below its value today.",
        _ => "",
    }
}

/// The runs by number (the tables' columns name them by number), with their scenario titles;
/// variants of one file share its title, said once.
pub fn runs(ui: &mut egui::Ui, c: &Comparison) {
    if c.titles.windows(2).all(|w| w[0] == w[1]) {
        let runs: Vec<String> =
            c.labels.iter().enumerate().map(|(i, l)| format!("[{}] {l}", i + 1)).collect();
        ui.label(format!("Runs: {}", runs.join(" · ")));
        if let Some(title) = c.titles.first() {
            ui.weak(title);
        }
    } else {
        for (i, (label, title)) in c.labels.iter().zip(&c.titles).enumerate() {
            ui.label(format!("[{}] {label} — {title}", i + 1));
        }
    }
    ui.weak(format!("{} trials and seed {} for every run.", thousands(c.trials as f64), c.seed));
}

fn value(row: &FigureRow, x: f64) -> String {
    if row.money { thousands(x) } else { percent(x) }
}

fn delta(row: &FigureRow, x: f64) -> String {
    if row.money { signed_money(x) } else { signed_points(x) }
}

/// The portfolio's figures, one column per run, then the change of each run from the first.
pub fn figures(ui: &mut egui::Ui, c: &Comparison) {
    ui.strong(format!("Portfolio figures ({})", c.currency));
    egui::Grid::new("compare-figures")
        .num_columns(2 * c.labels.len())
        .spacing([16.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            ui.weak("Figure").on_hover_text("Point at a figure's name for what it means.");
            for (i, label) in c.labels.iter().enumerate() {
                ui.weak(format!("[{}]", i + 1)).on_hover_text(format!(
                    "The figure for run [{}], {label}, in {} (shares in %).",
                    i + 1,
                    c.currency
                ));
            }
            for i in 2..=c.labels.len() {
                ui.weak(format!("[{i}] − [1]")).on_hover_text(DELTA_TIP);
            }
            ui.end_row();
            for row in &c.portfolio {
                ui.label(row.label).on_hover_text(figure_tip(row.key));
                for x in &row.values {
                    ui.label(value(row, *x));
                }
                for x in &row.deltas {
                    ui.strong(delta(row, *x)).on_hover_text(DELTA_TIP);
                }
                ui.end_row();
            }
        });
}

fn optional(x: Option<f64>, show: impl Fn(f64) -> String) -> String {
    x.map_or_else(|| "—".to_owned(), show)
}

/// Each event's probability and impact in every run and their changes, largest change first.
pub fn events(ui: &mut egui::Ui, c: &Comparison) {
    ui.strong("Events by the size of their change").on_hover_text(EVENT_TIP);
    ui.weak("A dash: the event is not in that run's scenario.");
    let runs = c.labels.len();
    egui::Grid::new("compare-events")
        .num_columns(1 + 2 * (2 * runs - 1))
        .spacing([14.0, 4.0])
        .striped(true)
        .show(ui, |ui| {
            ui.weak("Event").on_hover_text(EVENT_TIP);
            for i in 1..=runs {
                ui.weak(format!("P [{i}]"))
                    .on_hover_text(format!("{PROBABILITY_TIP} Run [{i}], {}.", c.labels[i - 1]));
            }
            for i in 2..=runs {
                ui.weak(format!("ΔP [{i}] − [1]"))
                    .on_hover_text(format!("{DELTA_TIP} In percentage points."));
            }
            for i in 1..=runs {
                ui.weak(format!("Impact [{i}]")).on_hover_text(format!(
                    "{IMPACT_TIP} Run [{i}], {}, in {}.",
                    c.labels[i - 1],
                    c.currency
                ));
            }
            for i in 2..=runs {
                ui.weak(format!("Δ impact [{i}] − [1]"))
                    .on_hover_text(format!("{DELTA_TIP} In {}.", c.currency));
            }
            ui.end_row();
            for e in &c.events {
                ui.label(&e.name).on_hover_text(&e.id);
                for p in &e.probability {
                    ui.label(optional(*p, percent));
                }
                for d in &e.probability_delta {
                    ui.label(optional(*d, signed_points));
                }
                for x in &e.impact {
                    ui.label(optional(*x, thousands));
                }
                for d in &e.impact_delta {
                    ui.strong(optional(*d, signed_money));
                }
                ui.end_row();
            }
        });
}

/// What differs between two files, item by item (matched by id).
pub fn structure(ui: &mut egui::Ui, c: &Comparison, diff: &[Change]) {
    let (a, b) = (&c.labels[0], &c.labels[1]);
    if diff.is_empty() {
        ui.strong(format!("No structural difference between {a} and {b}."));
        return;
    }
    ui.strong(format!("What differs from {a} to {b} ({})", diff.len()))
        .on_hover_text("Items matched by id: added, removed, or changed (with the fields that differ).");
    egui::Grid::new("compare-diff").num_columns(3).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
        ui.weak("Section").on_hover_text("Where in the file the item is (events, markets, holdings…).");
        ui.weak("Item").on_hover_text("The item's id (a link: from -> to; a holding: its market).");
        ui.weak("Change")
            .on_hover_text("Added in the second file, removed from it, or which fields changed.");
        ui.end_row();
        for change in diff {
            ui.label(change.section);
            ui.label(&change.key);
            ui.label(match &change.kind {
                ChangeKind::Added => "added".to_owned(),
                ChangeKind::Removed => "removed".to_owned(),
                ChangeKind::Changed(fields) => format!("changed: {}", fields.join(", ")),
            });
            ui.end_row();
        }
    });
}
