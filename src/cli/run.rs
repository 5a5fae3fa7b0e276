//! `georisk run FILE`: simulate a scenario and print its risk as a table, JSON, CSV or a RON
//! results snapshot. A long run
//! warns with its estimate, shows progress on a terminal and stops cleanly on Ctrl+C.

use anyhow::Context;
use georisk::engine::{self, Control, EngineError, Settings};
use georisk::report::snapshot::Snapshot;
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

/// `run`'s formats: those of [`Format`] and a results snapshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RunFormat {
    Table,
    Json,
    Csv,
    /// A results snapshot (`report::snapshot`), which the app opens read-only.
    Ron,
}

/// What `run` was asked for, parsed from the command line.
#[derive(Debug, Clone)]
pub struct RunArgs {
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    pub variant: Option<String>,
    pub threads: Option<usize>,
    pub format: RunFormat,
    /// Markets' background noise on (false: the events alone).
    pub noise: bool,
    pub loss_threshold: Option<f64>,
    /// Where to write every trial's P&L and event occurrences as CSV.
    pub samples: Option<std::path::PathBuf>,
}

/// The most trials `--samples` writes: a row per trial, about 86 MB at 20 events (measured: 1.7 MB
/// for 20,000 trials of the Russia–DPRK example).
pub const MAX_SAMPLE_ROWS: u64 = 1_000_000;

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
    if args.samples.is_some() && settings.trials > MAX_SAMPLE_ROWS {
        writeln!(
            err,
            "--samples writes one row per trial, and {} trials is more than the {} rows it writes at most; use --trials {} or fewer",
            report::thousands(settings.trials as f64),
            report::thousands(MAX_SAMPLE_ROWS as f64),
            MAX_SAMPLE_ROWS,
        )?;
        return Ok(ExitCode::from(2));
    }
    if let Some(samples) = &args.samples
        && samples.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron"))
    {
        writeln!(
            err,
            "the samples are a CSV file; --samples names a scenario (.ron) file, which it would replace: {}",
            samples.display()
        )?;
        return Ok(ExitCode::from(2));
    }

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
    if let Some(samples_path) = &args.samples {
        let control = Control::new();
        let outcome = std::thread::scope(|scope| {
            let job = scope.spawn(|| {
                let sample = || engine::samples(&scenario, &settings, &control);
                match &pool {
                    Some(pool) => pool.install(sample),
                    None => sample(),
                }
            });
            watch(&job, &control, &settings, scenario.events.len(), err).map(|()| job.join())
        })?;
        let samples = match outcome {
            Ok(Ok(samples)) => samples,
            Ok(Err(e)) => {
                writeln!(err, "{}: {e}; no samples were written", path.display())?;
                return Ok(ExitCode::from(if e == EngineError::Cancelled { 130 } else { 1 }));
            }
            Err(panic) => std::panic::resume_unwind(panic),
        };
        if let Err(e) = io::write_samples_csv(samples_path, &samples) {
            writeln!(err, "could not write the samples: {e}: {}", samples_path.display())?;
            return Ok(ExitCode::from(2));
        }
    }
    let text = match args.format {
        RunFormat::Table => report::table(&analysis),
        RunFormat::Json => report::json(&analysis)?,
        RunFormat::Csv => report::csv(&analysis)?,
        RunFormat::Ron => Snapshot::new(&scenario, &analysis, report::html::utc_now()).to_ron()?,
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
