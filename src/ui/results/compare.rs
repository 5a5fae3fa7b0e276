//! The Compare page: the base scenario and chosen variants, or the open file and another file,
//! run with common random numbers (`compare_worker`, the same settings as `georisk compare`)
//! and shown side by side: the figures with their changes, the exceedance curves overlaid with
//! their bands (`compare_chart`), the events by the size of their change and, for two files,
//! what differs between them (`compare_tables`).

use super::compare_worker::{CompareRequest, CompareStatus, CompareWorker, PlannedRun};
use super::{compare_chart, compare_tables};
use crate::engine::DEFAULT_TRIALS;
use crate::model::Scenario;
use crate::report::compare::common_settings;
use crate::report::thousands;
use crate::ui::command::{Command, Commands};
use std::path::{Path, PathBuf};

const INTRO: &str = "Each run sees the same simulated futures (common random numbers: the same \
     trials and seed), so a change between two columns comes from the scenarios, not from chance. \
     The first column is the reference every change is measured from.";
const TRIALS_TIP: &str = "Trials of every run; `georisk compare --trials N` with the same number \
     gives exactly these figures.";

/// What to compare with what.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CompareWhat {
    #[default]
    Variants,
    OtherFile,
}

/// Another scenario file to compare the open one with.
pub struct OtherFile {
    pub path: PathBuf,
    pub scenario: Scenario,
}

pub struct CompareState {
    pub what: CompareWhat,
    pub include_base: bool,
    /// The variants ticked, by name; `None` until the page is first shown (then: all of them).
    pub chosen: Option<Vec<String>>,
    pub other: Option<OtherFile>,
    /// Why the other file could not be opened.
    pub other_error: Option<String>,
    pub trials: u64,
    pub worker: CompareWorker,
    /// Counts the other files loaded, so a new one is a new request even under the same path.
    other_loaded: u64,
    /// What the worker's current request was made from: it is rebuilt only when this changes.
    requested: Option<RequestKey>,
}

/// Everything a comparison request is made from, compared instead of the scenarios themselves:
/// the document's revision stands for the open scenario (and its problems, found from it).
#[derive(Debug, Clone, PartialEq)]
struct RequestKey {
    revision: u64,
    name: String,
    what: CompareWhat,
    include_base: bool,
    chosen: Option<Vec<String>>,
    other_loaded: u64,
    trials: u64,
}

impl Default for CompareState {
    fn default() -> CompareState {
        CompareState {
            what: CompareWhat::Variants,
            include_base: true,
            chosen: None,
            other: None,
            other_error: None,
            trials: DEFAULT_TRIALS,
            worker: CompareWorker::default(),
            other_loaded: 0,
            requested: None,
        }
    }
}

impl CompareState {
    /// Another file to compare with, or why it could not be read.
    pub fn set_other(&mut self, loaded: Result<OtherFile, String>) {
        match loaded {
            Ok(other) => {
                self.other = Some(other);
                self.other_loaded += 1;
                self.other_error = None;
                self.what = CompareWhat::OtherFile;
            }
            Err(why) => self.other_error = Some(why),
        }
    }

    /// The runs to make now, or why there are none: at least two runs, a scenario without
    /// problems, two files in one currency.
    pub fn request(
        &self,
        scenario: &Scenario,
        problems: usize,
        name: &str,
    ) -> Result<CompareRequest, String> {
        if problems > 0 {
            let noun = if problems == 1 { "problem" } else { "problems" };
            return Err(format!("Fix the {problems} {noun} of the open scenario to compare it."));
        }
        let run = |label: String, scenario: &Scenario, variant: Option<String>| PlannedRun {
            label,
            scenario: scenario.clone(),
            variant,
        };
        let (runs, files) = match self.what {
            CompareWhat::Variants => {
                let mut runs = Vec::new();
                if self.include_base {
                    runs.push(run("base".to_owned(), scenario, None));
                }
                let chosen = self.chosen.as_deref().unwrap_or_default();
                for v in scenario.variants.iter().filter(|v| chosen.contains(&v.name)) {
                    runs.push(run(v.name.clone(), scenario, Some(v.name.clone())));
                }
                if runs.len() < 2 {
                    return Err("Tick at least two of the base scenario and its variants.".to_owned());
                }
                (runs, false)
            }
            CompareWhat::OtherFile => {
                let Some(other) = &self.other else {
                    return Err("Open another scenario file to compare this one with.".to_owned());
                };
                if other.scenario.portfolio.currency != scenario.portfolio.currency {
                    return Err(format!(
                        "This scenario is in {} and the other in {}; figures in different currencies cannot be subtracted: {}",
                        scenario.portfolio.currency,
                        other.scenario.portfolio.currency,
                        other.path.display()
                    ));
                }
                let other_name = file_name(&other.path);
                // Two files of the same name are told apart by the other's path.
                let other_label =
                    if other_name == name { other.path.display().to_string() } else { other_name };
                (vec![run(name.to_owned(), scenario, None), run(other_label, &other.scenario, None)], true)
            }
        };
        let settings = common_settings(&runs[0].scenario, Some(self.trials), None);
        Ok(CompareRequest { runs, settings, files })
    }

    /// Keeps the comparison following the scenario (by its document `revision`) and the choices
    /// while the page is shown; the request is rebuilt only when one of them changed.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        scenario: &Scenario,
        revision: u64,
        problems: usize,
        name: &str,
    ) {
        if self.chosen.is_none() {
            self.chosen = Some(scenario.variants.iter().map(|v| v.name.clone()).collect());
        }
        let now = ctx.input(|i| i.time);
        let key = RequestKey {
            revision,
            name: name.to_owned(),
            what: self.what,
            include_base: self.include_base,
            chosen: self.chosen.clone(),
            other_loaded: self.other_loaded,
            trials: self.trials,
        };
        if self.requested.as_ref() != Some(&key) {
            let request = self.request(scenario, problems, name).ok();
            self.worker.request(request, now);
            self.requested = Some(key);
        }
        self.worker.update(ctx, now);
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned())
}

/// The Compare page. `name` is the open document's name (its file name).
pub fn compare(
    ui: &mut egui::Ui,
    state: &mut CompareState,
    scenario: &Scenario,
    problems: usize,
    name: &str,
    commands: &mut Commands,
) {
    egui::ScrollArea::both().id_salt("compare").auto_shrink([false, false]).show(ui, |ui| {
        ui.set_max_width(ui.available_width().min(1200.0));
        ui.heading("Compare");
        ui.label(INTRO);
        ui.add_space(6.0);
        choices(ui, state, scenario, commands);
        ui.add_space(6.0);
        let why_not = state.request(scenario, problems, name).err();
        status_line(ui, state, why_not.as_deref());
        let Some((generation, compared)) = state.worker.result() else { return };
        if why_not.is_some() {
            return;
        }
        if generation != state.worker.generation() {
            ui.weak("Showing the previous comparison until the new one is ready.");
        }
        let c = &compared.comparison;
        ui.add_space(6.0);
        compare_tables::runs(ui, c);
        ui.add_space(10.0);
        compare_tables::figures(ui, c);
        ui.add_space(12.0);
        compare_chart::exceedance_curves(ui, &c.labels, &compared.analyses);
        ui.add_space(12.0);
        compare_tables::events(ui, c);
        if let Some(diff) = &c.diff {
            ui.add_space(12.0);
            compare_tables::structure(ui, c, diff);
        }
    });
}

fn choices(ui: &mut egui::Ui, state: &mut CompareState, scenario: &Scenario, commands: &mut Commands) {
    ui.horizontal_wrapped(|ui| {
        ui.radio_value(&mut state.what, CompareWhat::Variants, "Base and variants")
            .on_hover_text("The open scenario and its variants, as `georisk compare FILE --variant NAME`.");
        ui.radio_value(&mut state.what, CompareWhat::OtherFile, "This file and another file").on_hover_text(
            "The open scenario against another scenario file, as `georisk compare A.ron B.ron`.",
        );
        ui.add_space(16.0);
        let label = ui.label("Trials").on_hover_text(TRIALS_TIP);
        ui.add(egui::DragValue::new(&mut state.trials).range(1_000..=1_000_000).speed(1_000.0))
            .labelled_by(label.id)
            .on_hover_text(TRIALS_TIP);
    });
    match state.what {
        CompareWhat::Variants => {
            let chosen = state.chosen.get_or_insert_with(Vec::new);
            ui.horizontal_wrapped(|ui| {
                ui.checkbox(&mut state.include_base, "Base scenario");
                for v in &scenario.variants {
                    let mut ticked = chosen.contains(&v.name);
                    if ui.checkbox(&mut ticked, &v.name).changed() {
                        if ticked {
                            chosen.push(v.name.clone());
                        } else {
                            chosen.retain(|name| name != &v.name);
                        }
                    }
                }
                if scenario.variants.is_empty() {
                    ui.weak("This scenario has no variants yet.");
                    if ui.button("New variant").clicked() {
                        commands.push(Command::AddVariant);
                    }
                }
            });
        }
        CompareWhat::OtherFile => {
            ui.horizontal_wrapped(|ui| {
                if ui.button("Open another file…").clicked() {
                    commands.push(Command::CompareWithDialog);
                }
                match &state.other {
                    Some(other) => {
                        ui.label(format!("Comparing with {}", file_name(&other.path)))
                            .on_hover_text(other.path.display().to_string());
                    }
                    None => {
                        ui.weak("No other file chosen yet.");
                    }
                }
            });
            if let Some(why) = &state.other_error {
                ui.colored_label(ui.visuals().error_fg_color, why);
            }
        }
    }
}

fn status_line(ui: &mut egui::Ui, state: &CompareState, why_not: Option<&str>) {
    if let Some(why) = why_not {
        ui.colored_label(ui.visuals().warn_fg_color, why);
        return;
    }
    ui.horizontal(|ui| match state.worker.status() {
        CompareStatus::Idle | CompareStatus::UpToDate => {}
        CompareStatus::Running(progress) => {
            ui.label(format!("Running {} trials per run", thousands(state.trials as f64)));
            ui.add(
                egui::ProgressBar::new(*progress as f32).desired_width(160.0).show_percentage().animate(true),
            )
            .on_hover_text("Running every scenario of the comparison");
        }
        CompareStatus::Failed(why) => {
            ui.colored_label(ui.visuals().error_fg_color, format!("The comparison failed: {why}"));
        }
    });
}
