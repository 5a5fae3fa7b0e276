//! The Compare view's runs, on a named background thread: every run of a comparison, one after
//! the other, with the settings `georisk compare` uses (`report::compare::common_settings`), so
//! the app's figures are the command line's.
//!
//! A request that differs from the last one (an edit, another choice of runs) cancels the runs
//! under way; an outcome of an older request is dropped when it arrives. Results are derived
//! data: never saved, never part of undo.

use crate::engine::{self, Analysis, Control, EngineError, Settings};
use crate::model::{Scenario, diff};
use crate::report::compare::{self, Comparison, Side};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};

/// How long the request must be still before the runs start, so a slider drag is one comparison.
const DEBOUNCE_SECONDS: f64 = 0.3;
const PROGRESS_REPAINT: std::time::Duration = std::time::Duration::from_millis(100);

/// One run of a comparison: its label in the table and chart, its scenario and its variant.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedRun {
    pub label: String,
    pub scenario: Scenario,
    pub variant: Option<String>,
}

/// Everything a comparison depends on: its runs and their common settings.
#[derive(Debug, Clone, PartialEq)]
pub struct CompareRequest {
    pub runs: Vec<PlannedRun>,
    pub settings: Settings,
    /// Two files: their structural difference is part of the comparison.
    pub files: bool,
}

/// A finished comparison: the analyses in the request's order and what the table shows.
pub struct Compared {
    pub analyses: Vec<Analysis>,
    pub comparison: Comparison,
}

/// Where the comparison stands.
#[derive(Debug, Clone, PartialEq)]
pub enum CompareStatus {
    /// Nothing asked for yet.
    Idle,
    /// Waiting for the request to settle, or running (progress in 0..=1 over all runs).
    Running(f64),
    /// The shown analyses are of the current request.
    UpToDate,
    /// A run failed: which one and why.
    Failed(String),
}

type Outcome = (u64, Result<Vec<Analysis>, String>);

/// A running comparison's shared state: its cancel flag and progress within the run under way,
/// and how many of its runs are done.
struct Running {
    control: Arc<Control>,
    runs_done: Arc<AtomicUsize>,
    runs: usize,
}

pub struct CompareWorker {
    generation: u64,
    wanted: Option<CompareRequest>,
    due: Option<f64>,
    running: Option<Running>,
    /// The latest analyses, in the request's order, and the generation they belong to.
    shown: Option<(u64, Compared)>,
    status: CompareStatus,
    sender: Sender<Outcome>,
    outcomes: Receiver<Outcome>,
}

impl Default for CompareWorker {
    fn default() -> CompareWorker {
        let (sender, outcomes) = mpsc::channel();
        CompareWorker {
            generation: 0,
            wanted: None,
            due: None,
            running: None,
            shown: None,
            status: CompareStatus::Idle,
            sender,
            outcomes,
        }
    }
}

impl CompareWorker {
    pub fn status(&self) -> &CompareStatus {
        &self.status
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The latest analyses and their generation (older than [`Self::generation`] while the
    /// runs of a newer request are under way).
    pub fn result(&self) -> Option<(u64, &Compared)> {
        self.shown.as_ref().map(|(g, r)| (*g, r))
    }

    /// A new request (`None`: nothing to compare): what is under way is cancelled, and the runs
    /// start once the request has been still for a moment. An unchanged request is not new work.
    pub fn request(&mut self, request: Option<CompareRequest>, now: f64) {
        if self.wanted == request {
            return;
        }
        self.generation += 1;
        self.cancel_running();
        self.due = request.as_ref().map(|_| now + DEBOUNCE_SECONDS);
        if request.is_none() {
            self.status = CompareStatus::Idle;
        }
        self.wanted = request;
    }

    /// Takes in finished comparisons and starts the runs once the request is still.
    pub fn update(&mut self, ctx: &egui::Context, now: f64) {
        self.receive();
        if let Some(due) = self.due {
            if now >= due {
                self.start(ctx);
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            }
        }
        if let Some(running) = &self.running {
            let done = running.runs_done.load(Ordering::Relaxed) as f64;
            let progress = (done + running.control.progress()) / running.runs.max(1) as f64;
            self.status = CompareStatus::Running(progress.min(1.0));
            ctx.request_repaint_after(PROGRESS_REPAINT);
        } else if self.due.is_some() {
            self.status = CompareStatus::Running(0.0);
        }
    }

    fn start(&mut self, ctx: &egui::Context) {
        self.due = None;
        let Some(request) = self.wanted.clone() else { return };
        let running = Running {
            control: Arc::new(Control::new()),
            runs_done: Arc::new(AtomicUsize::new(0)),
            runs: request.runs.len(),
        };
        let (control, runs_done) = (running.control.clone(), running.runs_done.clone());
        let (sender, generation, repaint) = (self.sender.clone(), self.generation, ctx.clone());
        let spawned = std::thread::Builder::new().name("georisk-compare".to_owned()).spawn(move || {
            let outcome = run_all(&request, &control, &runs_done);
            // The view may be gone; nothing is waiting for this outcome then.
            let _ = sender.send((generation, outcome));
            repaint.request_repaint();
        });
        match spawned {
            Ok(_) => self.running = Some(running),
            Err(e) => self.status = CompareStatus::Failed(format!("cannot start the comparison thread: {e}")),
        }
    }

    fn cancel_running(&mut self) {
        if let Some(running) = self.running.take() {
            running.control.cancel();
        }
    }

    fn receive(&mut self) {
        while let Ok((generation, outcome)) = self.outcomes.try_recv() {
            if generation != self.generation {
                continue;
            }
            self.running = None;
            match outcome {
                Ok(analyses) => {
                    let Some(request) = &self.wanted else { continue };
                    let comparison = comparison(request, &analyses);
                    self.shown = Some((generation, Compared { analyses, comparison }));
                    self.status = CompareStatus::UpToDate;
                }
                Err(why) => self.status = CompareStatus::Failed(why),
            }
        }
    }
}

impl Drop for CompareWorker {
    fn drop(&mut self) {
        self.cancel_running();
    }
}

/// What `georisk compare` prints, from the request's runs and their analyses.
fn comparison(request: &CompareRequest, analyses: &[Analysis]) -> Comparison {
    let sides: Vec<Side<'_>> = request
        .runs
        .iter()
        .zip(analyses)
        .map(|(run, analysis)| Side { label: run.label.clone(), analysis })
        .collect();
    let structural = match &request.runs[..] {
        [first, second] if request.files => Some(diff::diff(&first.scenario, &second.scenario)),
        _ => None,
    };
    compare::compare(&sides, structural)
}

/// Every run of the request in order, each with the common settings and its own variant.
fn run_all(
    request: &CompareRequest,
    control: &Control,
    runs_done: &AtomicUsize,
) -> Result<Vec<Analysis>, String> {
    let mut analyses = Vec::with_capacity(request.runs.len());
    for run in &request.runs {
        let settings = Settings { variant: run.variant.clone(), ..request.settings.clone() };
        match engine::analyse(&run.scenario, &settings, control) {
            Ok(analysis) => analyses.push(analysis),
            Err(EngineError::Cancelled) => return Err("cancelled".to_owned()),
            Err(e) => return Err(format!("{}: {e}", run.label)),
        }
        runs_done.fetch_add(1, Ordering::Relaxed);
    }
    Ok(analyses)
}
