//! The Results panel: where the run stands, the portfolio summary, then the risk matrix, the
//! loss charts and the events that drive the losses.

use super::{ResultsState, Status, charts, matrix};
use crate::engine::{PortfolioStats, SimResult};
use crate::model::{Id, Scenario};
use crate::report::thousands;
use crate::ui::command::{Command, Commands, Selection};

const VAR_TIP: &str = "Value at risk (VaR): a loss the portfolio exceeds only rarely. VaR 95 is the \
     loss beaten in just 5 of 100 simulated futures; VaR 99 in just 1 of 100.";
const ES_TIP: &str = "Expected shortfall: the average loss in those rare bad futures, beyond the VaR. \
     It says how bad the worst cases are, not just where they start.";
const SE_TIP: &str = "Standard error: how much this average could move if the simulation were run \
     again with other random numbers. More trials make it smaller.";
const TRIALS_TIP: &str = "Live results use fewer trials than `georisk run` so they follow your edits; \
     each trial is one simulated future.";

pub fn results(ui: &mut egui::Ui, state: &mut ResultsState, scenario: &Scenario, commands: &mut Commands) {
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.set_max_width(ui.available_width().min(1000.0));
        ui.heading("Results");
        let Some(worker) = &state.worker else {
            ui.label("Results start once this view is open.");
            return;
        };
        status_line(ui, worker.status(), worker.trials(), scenario.seed, commands);
        if let Status::NeedsFixes(_) = worker.status() {
            return;
        }
        let Some((generation, result)) = worker.result() else { return };
        if generation != worker.generation() {
            ui.weak("Showing the previous result until the new one is ready.");
        }
        ui.add_space(6.0);
        summary(ui, &result.portfolio, &result.currency);
        ui.add_space(12.0);
        let picked = matrix::risk_matrix(ui, &mut state.impact_by, scenario, result);
        ui.add_space(12.0);
        charts::loss_charts(ui, result);
        ui.add_space(12.0);
        let picked = top_events(ui, result).or(picked);
        if let Some(id) = picked.and_then(|id| Id::new(&id).ok()) {
            commands.push(Command::Select(Selection::Event(id)));
        }
    });
}

fn status_line(ui: &mut egui::Ui, status: &Status, trials: u64, seed: u64, commands: &mut Commands) {
    ui.horizontal(|ui| {
        ui.label(format!("{} trials, seed {seed}, base scenario", thousands(trials as f64)))
            .on_hover_text(TRIALS_TIP);
        match status {
            Status::Idle | Status::UpToDate => {}
            Status::Running(progress) => {
                ui.add(
                    egui::ProgressBar::new(*progress as f32)
                        .desired_width(160.0)
                        .show_percentage()
                        .animate(true),
                )
                .on_hover_text("Simulating the edited scenario");
            }
            Status::NeedsFixes(count) => {
                let noun = if *count == 1 { "problem" } else { "problems" };
                ui.colored_label(
                    ui.visuals().warn_fg_color,
                    format!("Fix the {count} {noun} to see results"),
                );
                if ui.button("Show problems").clicked() {
                    commands.push(Command::ShowProblems(true));
                }
            }
            Status::Failed(message) => {
                ui.colored_label(ui.visuals().error_fg_color, format!("The simulation failed: {message}"));
            }
        }
    });
}

fn summary(ui: &mut egui::Ui, p: &PortfolioStats, currency: &str) {
    ui.strong("Portfolio over the scenario's horizon");
    let cash = |x: f64| format!("{currency} {}", thousands(x));
    let share = |x: f64| {
        if p.value.abs() > 0.0 {
            format!("{:.1}% of value", 100.0 * x / p.value.abs())
        } else {
            String::new()
        }
    };
    egui::Grid::new("summary").num_columns(3).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
        row(
            ui,
            "Portfolio value",
            cash(p.value),
            String::new(),
            "The sum of the holdings (short positions count negative).",
        );
        row(ui, "Mean profit or loss", cash(p.mean), format!("± {} standard error", cash(p.mean_se)), SE_TIP);
        row(ui, "VaR 95%", cash(p.var95), share(p.var95), VAR_TIP);
        row(ui, "VaR 99%", cash(p.var99), share(p.var99), VAR_TIP);
        row(ui, "Expected shortfall 95%", cash(p.es95), share(p.es95), ES_TIP);
        row(ui, "Expected shortfall 99%", cash(p.es99), share(p.es99), ES_TIP);
        row(
            ui,
            "Chance of a loss",
            format!("{:.1}%", 100.0 * p.prob_loss),
            format!(
                "{:.1}% chance of losing more than {}",
                100.0 * p.prob_loss_beyond,
                cash(p.loss_threshold)
            ),
            "The share of simulated futures in which the portfolio ends below its value today.",
        );
    });
}

fn row(ui: &mut egui::Ui, name: &str, value: String, note: String, tip: &str) {
    ui.label(name).on_hover_text(tip);
    ui.strong(value).on_hover_text(tip);
    ui.weak(note);
    ui.end_row();
}

/// The events that bring the largest expected losses; clicking a name selects the event.
fn top_events(ui: &mut egui::Ui, result: &SimResult) -> Option<String> {
    let mut events: Vec<_> = result.events.iter().collect();
    events.sort_by(|a, b| b.loss_share.total_cmp(&a.loss_share).then_with(|| a.id.cmp(&b.id)));
    ui.strong("What drives the losses").on_hover_text(
        "Events sorted by the expected loss they bring, as a share of the portfolio: the average \
         profit or loss without the event minus the average with it.",
    );
    let mut picked = None;
    egui::Grid::new("top-events").num_columns(4).spacing([16.0, 4.0]).striped(true).show(ui, |ui| {
        ui.weak("Event");
        ui.weak("Probability");
        ui.weak("Expected loss it brings");
        ui.weak("In the worst 1%");
        ui.end_row();
        for e in events.iter().take(10) {
            if ui.link(&e.name).on_hover_text("Edit this event").clicked() {
                picked = Some(e.id.clone());
            }
            ui.label(format!("{:.1}% ± {:.1}", 100.0 * e.probability, 100.0 * e.probability_se));
            ui.label(format!("{:.2}% of portfolio", 100.0 * e.loss_share));
            ui.label(format!("{:.0}% of those futures", 100.0 * e.tail_share));
            ui.end_row();
        }
    });
    picked
}
