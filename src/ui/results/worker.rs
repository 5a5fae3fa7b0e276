//! Live results: the simulation runs on a named background thread, never on the UI thread.
//!
//! Each edit bumps a generation number. A run starts once the scenario has been still for
//! [`DEBOUNCE_SECONDS`] (so a slider drag is one run, not hundreds); a newer edit cancels the run
//! under way, and any result of an older generation is dropped when it arrives. Results are
//! derived data: they live here only, never in the file or the undo history.

use crate::engine::{self, Analysis, Control, EngineError, Settings};
use crate::model::Scenario;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// Trials of a live run: enough for stable tail figures, quick enough to follow edits.
pub const LIVE_TRIALS: u64 = 20_000;
/// How long the scenario must be still before a run starts.
pub const DEBOUNCE_SECONDS: f64 = 0.3;
/// How often the progress bar is redrawn while a run is under way.
const PROGRESS_REPAINT: std::time::Duration = std::time::Duration::from_millis(100);

/// What the results view can show.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Nothing asked for yet.
    Idle,
    /// The scenario has validation problems, so nothing runs.
    NeedsFixes(usize),
    /// An edit is waiting for the debounce, or a run is under way (progress in 0..=1).
    Running(f64),
    /// The shown result matches the scenario.
    UpToDate,
    /// The last run failed (not cancelled).
    Failed(String),
}

struct Job {
    generation: u64,
    scenario: Scenario,
    settings: Settings,
    control: Arc<Control>,
    repaint: egui::Context,
}

type Outcome = (u64, Result<Analysis, EngineError>);

/// The UI side of the worker: call [`ResultsWorker::update`] once per frame.
pub struct ResultsWorker {
    trials: u64,
    /// The variant whose overrides the runs apply; `None` runs the base scenario.
    variant: Option<String>,
    /// Bumped by every edit; only a result of the current generation is kept.
    generation: u64,
    /// The scenario the current generation belongs to.
    wanted: Option<Scenario>,
    /// When the current generation's run is due, until it is sent.
    due: Option<f64>,
    running: Option<Arc<Control>>,
    shown: Option<(u64, Arc<Analysis>)>,
    status: Status,
    stale_dropped: u64,
    jobs: Option<Sender<Job>>,
    outcomes: Receiver<Outcome>,
}

impl ResultsWorker {
    /// Starts the worker thread. When the thread cannot start, the view says so.
    pub fn new(trials: u64) -> ResultsWorker {
        let (job_tx, job_rx) = mpsc::channel::<Job>();
        let (out_tx, out_rx) = mpsc::channel::<Outcome>();
        let spawned = std::thread::Builder::new()
            .name("georisk-sim".to_owned())
            .spawn(move || run_jobs(&job_rx, &out_tx));
        let (jobs, status) = match spawned {
            Ok(_) => (Some(job_tx), Status::Idle),
            Err(e) => (None, Status::Failed(format!("cannot start the simulation thread: {e}"))),
        };
        ResultsWorker {
            trials,
            variant: None,
            generation: 0,
            wanted: None,
            due: None,
            running: None,
            shown: None,
            status,
            stale_dropped: 0,
            jobs,
            outcomes: out_rx,
        }
    }

    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// Changes the trial count; the next edit (or this call) reruns.
    pub fn set_trials(&mut self, trials: u64) {
        if trials != self.trials {
            self.trials = trials;
            self.wanted = None;
        }
    }

    /// Changes the variant the runs apply; the change reruns, as an edit does.
    pub fn set_variant(&mut self, variant: Option<String>) {
        if variant != self.variant {
            self.variant = variant;
            self.wanted = None;
        }
    }

    pub fn status(&self) -> &Status {
        &self.status
    }

    pub fn generation(&self) -> u64 {
        self.generation
    }

    /// The latest result and the generation it belongs to (older than [`Self::generation`]
    /// while a newer run is under way: it stays on screen, marked as updating).
    pub fn result(&self) -> Option<(u64, &Analysis)> {
        self.shown.as_ref().map(|(g, r)| (*g, r.as_ref()))
    }

    /// How many results arrived after a newer edit and were thrown away.
    #[cfg(test)]
    pub fn stale_dropped(&self) -> u64 {
        self.stale_dropped
    }

    /// Takes in finished runs, notices edits, and starts a run once the scenario is still.
    pub fn update(&mut self, ctx: &egui::Context, scenario: &Scenario, problems: usize, now: f64) {
        self.receive();
        if self.jobs.is_none() {
            return;
        }
        if self.wanted.as_ref() != Some(scenario) {
            self.generation += 1;
            self.wanted = Some(scenario.clone());
            self.cancel_running();
            self.due = (problems == 0).then_some(now + DEBOUNCE_SECONDS);
        }
        if problems > 0 {
            self.status = Status::NeedsFixes(problems);
            return;
        }
        if let Some(due) = self.due {
            if now >= due {
                self.send(ctx, scenario.clone());
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            }
        }
        if let Some(control) = &self.running {
            self.status = Status::Running(control.progress());
            ctx.request_repaint_after(PROGRESS_REPAINT);
        } else if self.due.is_some() {
            self.status = Status::Running(0.0);
        }
    }

    fn send(&mut self, ctx: &egui::Context, scenario: Scenario) {
        self.due = None;
        let Some(jobs) = &self.jobs else { return };
        let control = Arc::new(Control::new());
        let settings = Settings {
            trials: self.trials,
            variant: self.variant.clone(),
            ..Settings::for_scenario(&scenario)
        };
        let job = Job {
            generation: self.generation,
            scenario,
            settings,
            control: control.clone(),
            repaint: ctx.clone(),
        };
        if jobs.send(job).is_ok() {
            self.running = Some(control);
        } else {
            self.jobs = None;
            self.status = Status::Failed("the simulation thread has stopped".to_owned());
        }
    }

    fn cancel_running(&mut self) {
        if let Some(control) = self.running.take() {
            control.cancel();
        }
    }

    fn receive(&mut self) {
        while let Ok((generation, outcome)) = self.outcomes.try_recv() {
            if generation != self.generation {
                self.stale_dropped += 1;
                continue;
            }
            self.running = None;
            match outcome {
                Ok(result) => {
                    self.shown = Some((generation, Arc::new(result)));
                    self.status = Status::UpToDate;
                }
                Err(EngineError::Cancelled) => {}
                Err(e) => self.status = Status::Failed(e.to_string()),
            }
        }
    }
}

impl Drop for ResultsWorker {
    /// Stops the run under way; closing the job channel ends the thread.
    fn drop(&mut self) {
        self.cancel_running();
    }
}

/// The worker thread: runs jobs in order, skipping any that a newer one has replaced. Every
/// job gets exactly one outcome (`Cancelled` for a skipped one), so the UI side can count them.
fn run_jobs(jobs: &Receiver<Job>, outcomes: &Sender<Outcome>) {
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            if outcomes.send((job.generation, Err(EngineError::Cancelled))).is_err() {
                return;
            }
            job = newer;
        }
        let outcome = if job.control.is_cancelled() {
            Err(EngineError::Cancelled)
        } else {
            engine::analyse(&job.scenario, &job.settings, &job.control)
        };
        if outcomes.send((job.generation, outcome)).is_err() {
            return;
        }
        job.repaint.request_repaint();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        crate::io::parse_str(crate::io::BUNDLED[0].1).expect("the bundled example parses")
    }

    /// Feeds frames (0.1 s apart in app time) until the worker shows an up-to-date result.
    fn settle(worker: &mut ResultsWorker, ctx: &egui::Context, scenario: &Scenario, now: &mut f64) {
        for _ in 0..2_000 {
            worker.update(ctx, scenario, 0, *now);
            if *worker.status() == Status::UpToDate {
                return;
            }
            *now += 0.1;
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
        panic!("no result after 2,000 frames: {:?}", worker.status());
    }

    #[test]
    fn waits_for_the_debounce_then_delivers_the_scenarios_result() {
        let ctx = egui::Context::default();
        let mut worker = ResultsWorker::new(2_000);
        let scenario = example();
        worker.update(&ctx, &scenario, 0, 0.0);
        assert!(worker.running.is_none(), "a run started before the debounce");
        let mut now = DEBOUNCE_SECONDS;
        settle(&mut worker, &ctx, &scenario, &mut now);
        let (generation, result) = worker.result().expect("a result");
        assert_eq!(generation, worker.generation());
        assert_eq!((result.result.trials, result.result.seed), (2_000, scenario.seed));
        let direct = engine::analyse(
            &scenario,
            &Settings { trials: 2_000, ..Settings::for_scenario(&scenario) },
            &Control::new(),
        )
        .expect("runs");
        assert_eq!(result, &direct, "the live result is the engine's result for the scenario");
    }

    #[test]
    fn an_edit_during_a_run_drops_the_older_result() {
        let ctx = egui::Context::default();
        let mut worker = ResultsWorker::new(200_000);
        let first = example();
        worker.update(&ctx, &first, 0, 0.0);
        worker.update(&ctx, &first, 0, 1.0);
        assert!(worker.running.is_some(), "the first run started");
        let mut second = first.clone();
        second.seed = second.seed.wrapping_add(1);
        worker.set_trials(2_000);
        let mut now = 2.0;
        settle(&mut worker, &ctx, &second, &mut now);
        let (generation, result) = worker.result().expect("a result");
        assert_eq!(generation, worker.generation());
        assert_eq!(
            (result.result.seed, result.result.trials),
            (second.seed, 2_000),
            "the shown result is the newer one"
        );
        assert_eq!(worker.stale_dropped(), 1, "the first run's outcome arrived and was dropped");
    }

    #[test]
    fn a_scenario_with_problems_does_not_run() {
        let ctx = egui::Context::default();
        let mut worker = ResultsWorker::new(2_000);
        let scenario = example();
        for frame in 0..20 {
            worker.update(&ctx, &scenario, 3, f64::from(frame));
        }
        assert_eq!(*worker.status(), Status::NeedsFixes(3));
        assert!(worker.running.is_none() && worker.result().is_none());
    }
}
