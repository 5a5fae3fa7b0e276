//! `georisk run FILE`: simulate a scenario and print its risk as a table, JSON or CSV. A long run
//! warns with its estimate, shows progress on a terminal and stops cleanly on Ctrl+C.

use anyhow::Context;
use georisk::engine::{self, Control, EngineError, Settings};
use georisk::{io, report};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Set by the Ctrl+C handler; the run under way watches it.
static INTERRUPTED: AtomicBool = AtomicBool::new(false);

/// A run expected to take longer than this gets a warning with its estimate.
const WARN_AFTER: Duration = Duration::from_secs(60);

/// How long a run goes before its estimate is trusted (the first chunks include start-up).
const ESTIMATE_AFTER: Duration = Duration::from_secs(2);

/// While the analysis runs: passes Ctrl+C on as a clean cancel, warns once when the work will
/// take long (estimated from the progress so far), and shows progress on a terminal.
pub(super) fn watch<T>(
    job: &std::thread::ScopedJoinHandle<'_, T>,
    control: &Control,
    settings: &Settings,
    events: usize,
    err: &mut impl Write,
) -> anyhow::Result<()> {
    static HANDLER: Once = Once::new();
    // Without a handler (another one is set) Ctrl+C stops the process as usual.
    HANDLER.call_once(|| {
        let _ = ctrlc::set_handler(|| INTERRUPTED.store(true, Ordering::Relaxed));
    });
    INTERRUPTED.store(false, Ordering::Relaxed);
    let terminal = std::io::stderr().is_terminal();
    let start = Instant::now();
    let mut warned = false;
    let mut shown = false;
    while !job.is_finished() {
        std::thread::sleep(Duration::from_millis(100));
        if INTERRUPTED.load(Ordering::Relaxed) {
            control.cancel();
        }
        let (elapsed, done) = (start.elapsed(), control.progress());
        let left = (done > 0.0).then(|| elapsed.mul_f64((1.0 - done) / done));
        if !warned
            && elapsed >= ESTIMATE_AFTER
            && let Some(left) = left
            && left > WARN_AFTER
        {
            warned = true;
            writeln!(
                err,
                "georisk: this run will take about {} more ({} trials, {} events, with impacts, tornado and bands); Ctrl+C stops it",
                minutes(left),
                report::thousands(settings.trials as f64),
                report::thousands(events as f64),
            )?;
        }
        if terminal && elapsed >= Duration::from_millis(500) {
            let left = left.map_or_else(String::new, |left| format!(", about {} left", minutes(left)));
            eprint!("\r\x1b[2KSimulating: {:.0}%{left}", 100.0 * done);
            shown = true;
        }
    }
    if shown {
        eprint!("\r\x1b[2K");
    }
    Ok(())
}

/// `45 s`, `3 min`, `2 h 5 min`.
fn minutes(duration: Duration) -> String {
    let seconds = duration.as_secs();
    match seconds {
        0..120 => format!("{seconds} s"),
        120..7200 => format!("{} min", (seconds + 30) / 60),
        _ => format!("{} h {} min", seconds / 3600, (seconds % 3600 + 30) / 60),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Noise {
    On,
    Off,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

/// What `run` was asked for, parsed from the command line.
#[derive(Debug, Clone)]
pub struct RunArgs {
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    pub variant: Option<String>,
    pub threads: Option<usize>,
    pub format: Format,
    /// Markets' background noise on (false: the events alone).
    pub noise: bool,
    pub loss_threshold: Option<f64>,
}

pub fn run(
    path: &Path,
    args: &RunArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let scenario = match io::load_file(path) {
        Ok(scenario) => scenario,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(ExitCode::from(1));
        }
    };
    let mut settings = Settings::for_scenario(&scenario);
    settings.trials = args.trials.unwrap_or(settings.trials);
    settings.seed = args.seed.unwrap_or(settings.seed);
    settings.variant = args.variant.clone();
    settings.loss_threshold = args.loss_threshold;
    settings.noise = args.noise;

    let pool = match args.threads {
        Some(threads) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .context("could not start the worker threads")?,
        ),
        None => None,
    };
    let control = Control::new();
    let outcome = std::thread::scope(|scope| {
        let job = scope.spawn(|| {
            let simulate = || engine::analyse(&scenario, &settings, &control);
            match &pool {
                Some(pool) => pool.install(simulate),
                None => simulate(),
            }
        });
        watch(&job, &control, &settings, scenario.events.len(), err).map(|()| job.join())
    })?;
    let analysis = match outcome {
        Ok(Ok(done)) => done,
        Ok(Err(EngineError::Cancelled)) => {
            writeln!(
                err,
                "{}: stopped by Ctrl+C after {:.0}% of the work; nothing was written",
                path.display(),
                100.0 * control.progress()
            )?;
            return Ok(ExitCode::from(130));
        }
        Ok(Err(e)) => {
            writeln!(err, "{}: {e}", path.display())?;
            return Ok(ExitCode::from(1));
        }
        Err(panic) => std::panic::resume_unwind(panic),
    };
    let text = match args.format {
        Format::Table => report::table(&analysis),
        Format::Json => report::json(&analysis)?,
        Format::Csv => report::csv(&analysis)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
