//! Live results: the simulation runs on a named background thread, never on the UI thread.
//!
//! Each edit bumps a generation number and at once sends a quick preview run
//! ([`PREVIEW_TRIALS`] trials, the plain figures only), so the summary and charts follow a
//! slider while it moves. Once the scenario has been still for [`SETTLE_SECONDS`], the full run
//! goes out: its plain figures arrive first, then the impacts, tornado and bands computed on the
//! same trials. A newer edit cancels whatever is under way, and anything of an older generation
//! is dropped when it arrives, so a stale figure is never taken for a current one. Results are
//! derived data: they live here only, never in the file or the undo history.

use crate::engine::{self, Analysis, Control, EngineError, Settings, SimResult};
use crate::model::Scenario;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};

/// Trials of the preview that follows every edit: about 15 ms of simulation on one core for the
/// flagship, so it keeps up with a dragged slider.
pub const PREVIEW_TRIALS: u64 = 10_000;
/// How long the scenario must be still before the full run starts.
pub const SETTLE_SECONDS: f64 = 0.25;
/// How often the progress bar is redrawn while a run is under way.
const PROGRESS_REPAINT: std::time::Duration = std::time::Duration::from_millis(100);

/// Where the current edit's results stand.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// The quick run that follows every edit.
    Preview,
    /// The preview is in; the full run starts once the edits settle.
    Settling,
    /// The full run's trials.
    Full,
    /// Impacts, tornado and bands, on the full run's trials; its plain figures are in.
    Drivers,
}

/// What the results view can show.
#[derive(Debug, Clone, PartialEq)]
pub enum Status {
    /// Nothing asked for yet.
    Idle,
    /// The scenario has validation problems, so nothing runs.
    NeedsFixes(usize),
    /// The current edit's results are on their way (the stage's progress in 0..=1).
    Running(Stage, f64),
    /// The shown results, drivers included, are the full run of the scenario as it is.
    UpToDate,
    /// The last run failed (not cancelled).
    Failed(String),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum JobKind {
    /// A plain run of the preview's trials.
    Preview,
    /// The full analysis, handing over its plain figures first.
    Full,
}

struct Job {
    generation: u64,
    kind: JobKind,
    scenario: Scenario,
    settings: Settings,
    control: Arc<Control>,
    repaint: egui::Context,
}

/// What the thread sends back: a plain run (a preview, or the full run's first stage), or the
/// full analysis. Every job ends with exactly one `Preview` or `Analysis` delivery.
enum Delivery {
    Preview(Result<Box<SimResult>, EngineError>),
    FullPlain(Box<SimResult>),
    Analysis(Result<Box<Analysis>, EngineError>),
}

type Outcome = (u64, Delivery);

/// The UI side of the worker: call [`ResultsWorker::update`] once per frame.
pub struct ResultsWorker {
    /// Trials of the full run.
    trials: u64,
    /// The variant whose overrides the runs apply; `None` runs the base scenario.
    variant: Option<String>,
    /// Bumped by every edit; only results of the current generation count as current.
    generation: u64,
    /// The document revision the current generation belongs to (`None`: rerun on the next
    /// update, after a change of trials or variant).
    wanted: Option<u64>,
    /// When the current generation's full run is due, until it is sent.
    full_due: Option<f64>,
    preview_running: Option<Arc<Control>>,
    full_running: Option<Arc<Control>>,
    /// The newest plain figures: a preview, or the full run's.
    figures: Option<(u64, Arc<SimResult>)>,
    /// The newest full analysis.
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
            full_due: None,
            preview_running: None,
            full_running: None,
            figures: None,
            shown: None,
            status,
            stale_dropped: 0,
            jobs,
            outcomes: out_rx,
        }
    }

    /// Trials of the full run.
    pub fn trials(&self) -> u64 {
        self.trials
    }

    /// Trials of the preview: [`PREVIEW_TRIALS`], or the full run's when that is fewer.
    pub fn preview_trials(&self) -> u64 {
        self.trials.min(PREVIEW_TRIALS)
    }

    /// Changes the full run's trial count; the change reruns, as an edit does.
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

    /// The latest full analysis and the generation it belongs to (older than
    /// [`Self::generation`] while a newer edit's results are on their way).
    pub fn result(&self) -> Option<(u64, &Analysis)> {
        self.shown.as_ref().map(|(g, r)| (*g, r.as_ref()))
    }

    /// The full analysis of the scenario as it is now, when it is in: what an export can reuse
    /// instead of simulating again.
    pub fn current_analysis(&self) -> Option<Analysis> {
        match self.result() {
            Some((generation, analysis))
                if generation == self.generation && self.status == Status::UpToDate =>
            {
                Some(analysis.clone())
            }
            _ => None,
        }
    }

    /// The newest plain figures (summary, charts, markets) and their generation: the current
    /// edit's preview or full run as soon as either is in, else the latest analysis's.
    pub fn figures(&self) -> Option<(u64, &SimResult)> {
        let plain = self.figures.as_ref().map(|(g, r)| (*g, r.as_ref()));
        let analysed = self.shown.as_ref().map(|(g, a)| (*g, &a.result));
        match (plain, analysed) {
            (Some(p), Some(a)) => Some(if p.0 > a.0 { p } else { a }),
            (p, a) => p.or(a),
        }
    }

    /// How many results arrived after a newer edit and were thrown away.
    #[cfg(test)]
    pub fn stale_dropped(&self) -> u64 {
        self.stale_dropped
    }

    /// Takes in finished runs, notices edits (sending a preview at once), and sends the full run
    /// once the scenario is still. `revision` is the document's: a new one is an edit, and the
    /// scenario is neither compared nor copied while it stays the same.
    pub fn update(
        &mut self,
        ctx: &egui::Context,
        scenario: &Scenario,
        revision: u64,
        problems: usize,
        now: f64,
    ) {
        self.receive();
        if self.jobs.is_none() {
            return;
        }
        if self.wanted != Some(revision) {
            self.generation += 1;
            self.wanted = Some(revision);
            self.cancel_running();
            self.full_due = None;
            if problems == 0 {
                self.preview_running = self.send(ctx, JobKind::Preview, scenario.clone());
                self.full_due = Some(now + SETTLE_SECONDS);
            }
        }
        if problems > 0 {
            self.status = Status::NeedsFixes(problems);
            return;
        }
        if let Some(due) = self.full_due {
            if now >= due {
                self.full_due = None;
                self.full_running = self.send(ctx, JobKind::Full, scenario.clone());
            } else {
                ctx.request_repaint_after(std::time::Duration::from_secs_f64(due - now));
            }
        }
        if matches!(self.status, Status::Failed(_)) && self.full_running.is_none() && self.full_due.is_none()
        {
            return;
        }
        let full_figures_in =
            self.figures.as_ref().is_some_and(|(g, r)| *g == self.generation && r.trials == self.trials);
        self.status = if let Some(control) = &self.full_running {
            let stage = if full_figures_in { Stage::Drivers } else { Stage::Full };
            Status::Running(stage, control.progress())
        } else if let Some(control) = &self.preview_running {
            Status::Running(Stage::Preview, control.progress())
        } else if self.full_due.is_some() {
            Status::Running(Stage::Settling, 0.0)
        } else if self.shown.as_ref().is_some_and(|(g, _)| *g == self.generation) {
            Status::UpToDate
        } else {
            Status::Idle
        };
        if matches!(self.status, Status::Running(..)) {
            ctx.request_repaint_after(PROGRESS_REPAINT);
        }
    }

    fn send(&mut self, ctx: &egui::Context, kind: JobKind, scenario: Scenario) -> Option<Arc<Control>> {
        let jobs = self.jobs.as_ref()?;
        let control = Arc::new(Control::new());
        let trials = match kind {
            JobKind::Preview => self.preview_trials(),
            JobKind::Full => self.trials,
        };
        let settings =
            Settings { trials, variant: self.variant.clone(), ..Settings::for_scenario(&scenario) };
        let job = Job {
            generation: self.generation,
            kind,
            scenario,
            settings,
            control: control.clone(),
            repaint: ctx.clone(),
        };
        if jobs.send(job).is_ok() {
            Some(control)
        } else {
            self.jobs = None;
            self.status = Status::Failed("the simulation thread has stopped".to_owned());
            None
        }
    }

    fn cancel_running(&mut self) {
        for control in [self.preview_running.take(), self.full_running.take()].into_iter().flatten() {
            control.cancel();
        }
    }

    fn receive(&mut self) {
        while let Ok((generation, delivery)) = self.outcomes.try_recv() {
            if generation != self.generation {
                self.stale_dropped += 1;
                continue;
            }
            match delivery {
                Delivery::Preview(outcome) => {
                    self.preview_running = None;
                    match outcome {
                        // A full run's figures that came first are better than a preview.
                        Ok(preview) if self.figures.as_ref().is_none_or(|(g, _)| *g != generation) => {
                            self.figures = Some((generation, Arc::from(preview)));
                        }
                        Ok(_) | Err(EngineError::Cancelled) => {}
                        Err(e) => self.status = Status::Failed(e.to_string()),
                    }
                }
                Delivery::FullPlain(figures) => self.figures = Some((generation, Arc::from(figures))),
                Delivery::Analysis(outcome) => {
                    self.full_running = None;
                    match outcome {
                        Ok(analysis) => self.shown = Some((generation, Arc::from(analysis))),
                        Err(EngineError::Cancelled) => {}
                        Err(e) => self.status = Status::Failed(e.to_string()),
                    }
                }
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
/// job ends with exactly one final delivery (`Cancelled` for a skipped one), so the UI side can
/// count them.
fn run_jobs(jobs: &Receiver<Job>, outcomes: &Sender<Outcome>) {
    let cancelled = |kind: JobKind| match kind {
        JobKind::Preview => Delivery::Preview(Err(EngineError::Cancelled)),
        JobKind::Full => Delivery::Analysis(Err(EngineError::Cancelled)),
    };
    while let Ok(mut job) = jobs.recv() {
        while let Ok(newer) = jobs.try_recv() {
            if outcomes.send((job.generation, cancelled(job.kind))).is_err() {
                return;
            }
            job = newer;
        }
        let delivery = if job.control.is_cancelled() {
            cancelled(job.kind)
        } else {
            match job.kind {
                JobKind::Preview => Delivery::Preview(
                    engine::simulate(&job.scenario, &job.settings, &job.control).map(Box::new),
                ),
                JobKind::Full => {
                    let on_plain = |plain: &SimResult| {
                        // The UI may be gone; the analysis then ends at its next send.
                        let _ = outcomes.send((job.generation, Delivery::FullPlain(Box::new(plain.clone()))));
                        job.repaint.request_repaint();
                    };
                    let analysis =
                        engine::analyse_in_stages(&job.scenario, &job.settings, &job.control, on_plain);
                    Delivery::Analysis(analysis.map(Box::new))
                }
            }
        };
        if outcomes.send((job.generation, delivery)).is_err() {
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

    /// Feeds frames of the scenario at `revision` and app time `now` until `done` holds.
    fn frames_until(
        worker: &mut ResultsWorker,
        ctx: &egui::Context,
        (scenario, revision): (&Scenario, u64),
        now: f64,
        done: impl Fn(&ResultsWorker) -> bool,
    ) {
        for _ in 0..20_000 {
            worker.update(ctx, scenario, revision, 0, now);
            if done(worker) {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(2));
        }
        panic!("never got there: {:?}", worker.status());
    }

    fn plain(scenario: &Scenario, trials: u64) -> SimResult {
        let settings = Settings { trials, ..Settings::for_scenario(scenario) };
        engine::simulate(scenario, &settings, &Control::new()).expect("runs")
    }

    #[test]
    fn an_edit_gets_a_preview_at_once_then_the_full_run_once_it_settles() {
        let ctx = egui::Context::default();
        let mut worker = ResultsWorker::new(20_000);
        let scenario = example();
        // The clock stands still: only the preview can come.
        frames_until(&mut worker, &ctx, (&scenario, 1), 0.0, |w| w.figures().is_some());
        let (generation, figures) = worker.figures().expect("a preview");
        assert_eq!(generation, worker.generation());
        assert_eq!(figures, &plain(&scenario, PREVIEW_TRIALS), "the preview is the engine's plain run");
        assert!(worker.result().is_none(), "no full run before the edits settle");
        frames_until(&mut worker, &ctx, (&scenario, 1), 0.0, |w| {
            w.status() == &Status::Running(Stage::Settling, 0.0)
        });

        frames_until(&mut worker, &ctx, (&scenario, 1), SETTLE_SECONDS, |w| w.status() == &Status::UpToDate);
        let (generation, analysis) = worker.result().expect("a result");
        assert_eq!(generation, worker.generation());
        let direct = engine::analyse(
            &scenario,
            &Settings { trials: 20_000, ..Settings::for_scenario(&scenario) },
            &Control::new(),
        )
        .expect("runs");
        assert_eq!(analysis, &direct, "the full result is the engine's analysis of the scenario");
        assert_eq!(worker.figures().expect("figures").1, &direct.result, "the figures are the full run's");
    }

    #[test]
    fn an_edit_during_a_full_run_cancels_it_and_nothing_older_is_taken_for_current() {
        let ctx = egui::Context::default();
        let mut worker = ResultsWorker::new(200_000);
        let first = example();
        worker.update(&ctx, &first, 1, 0, 0.0);
        worker.update(&ctx, &first, 1, 0, 1.0);
        assert!(worker.full_running.is_some(), "the full run started");
        let mut second = first.clone();
        second.seed = second.seed.wrapping_add(1);
        worker.set_trials(2_000);
        worker.update(&ctx, &second, 2, 0, 2.0);
        let edited = worker.generation();
        assert!(worker.figures().is_none_or(|(g, _)| g < edited), "no figure of the edit yet");
        frames_until(&mut worker, &ctx, (&second, 2), 3.0, |w| w.status() == &Status::UpToDate);
        let (generation, result) = worker.result().expect("a result");
        assert_eq!(generation, edited);
        assert_eq!(
            (result.result.seed, result.result.trials),
            (second.seed, 2_000),
            "the newer run is shown"
        );
        assert!(worker.stale_dropped() >= 1, "the first run's outcome arrived and was dropped");
    }

    #[test]
    fn every_preview_while_a_slider_moves_is_of_the_scenario_as_it_was_sent() {
        let ctx = egui::Context::default();
        let mut worker = ResultsWorker::new(50_000);
        let mut scenario = example();
        for step in 0..5u64 {
            scenario.seed = 1_000 + step;
            worker.update(&ctx, &scenario, step, 0, step as f64 * 0.01);
        }
        frames_until(&mut worker, &ctx, (&scenario, 4), 0.05, |w| w.figures().is_some());
        let (generation, figures) = worker.figures().expect("a preview");
        assert_eq!(generation, worker.generation(), "only the last position's preview is kept");
        assert_eq!(figures.seed, 1_004);
    }

    #[test]
    fn a_scenario_with_problems_does_not_run() {
        let ctx = egui::Context::default();
        let mut worker = ResultsWorker::new(2_000);
        let scenario = example();
        for frame in 0..20 {
            worker.update(&ctx, &scenario, 1, 3, f64::from(frame));
        }
        assert_eq!(*worker.status(), Status::NeedsFixes(3));
        assert!(worker.preview_running.is_none() && worker.full_running.is_none());
        assert!(worker.result().is_none() && worker.figures().is_none());
    }
}
