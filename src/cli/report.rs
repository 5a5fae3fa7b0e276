//! `georisk report FILE -o report.html`: simulate the base scenario and its variants with the
//! same trials and seed, and write the self-contained HTML report (`report::html`) through an
//! atomic save. Progress, the long-run warning and Ctrl+C behave as in `georisk run`.

use georisk::engine::{self, Analysis, Control, EngineError, Settings};
use georisk::model::Scenario;
use georisk::report::html::{self, ReportInput, Source};
use georisk::{io, report};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `report` was asked for, parsed from the command line.
#[derive(Debug, Clone)]
pub struct ReportArgs {
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    /// Variants to show beside the base; none given means every variant in the file.
    pub variants: Vec<String>,
    pub output: PathBuf,
}

/// Why a report was not made: already said on stderr, with the exit code to return.
struct Stop(ExitCode);

pub fn run(
    path: &Path,
    args: &ReportArgs,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    if args.output.extension().is_some_and(|e| e.eq_ignore_ascii_case("ron")) {
        writeln!(
            err,
            "the report is an HTML file; -o names a scenario (.ron) file, which it would replace: {}",
            args.output.display()
        )?;
        return Ok(ExitCode::from(2));
    }
    let scenario = match io::load_file(path) {
        Ok(scenario) => scenario,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(ExitCode::from(1));
        }
    };
    // The hash names the bytes that were simulated; the file was just read and parsed whole.
    let bytes = io::read_bounded(path, io::MAX_FILE_BYTES).map_err(|e| anyhow::anyhow!("{e}"))?;
    let mut settings = Settings::for_scenario(&scenario);
    settings.trials = args.trials.unwrap_or(settings.trials);
    settings.seed = args.seed.unwrap_or(settings.seed);
    let names: Vec<String> = if args.variants.is_empty() {
        scenario.variants.iter().map(|v| v.name.clone()).collect()
    } else {
        args.variants.clone()
    };
    let base = match analyse(path, &scenario, &settings, err)? {
        Ok(analysis) => analysis,
        Err(Stop(code)) => return Ok(code),
    };
    let mut variants = Vec::with_capacity(names.len());
    for name in &names {
        let settings = Settings { variant: Some(name.clone()), ..settings.clone() };
        match analyse(path, &scenario, &settings, err)? {
            Ok(analysis) => variants.push(analysis),
            Err(Stop(code)) => return Ok(code),
        }
    }
    let input = ReportInput {
        scenario: &scenario,
        base: &base,
        variants: &variants,
        source: Source {
            file_name: path.display().to_string(),
            sha256: Some(html::sha256_hex(&bytes)),
            created: html::utc_now(),
        },
    };
    let text = html::html(&input);
    if let Err(e) = io::write_atomic(&args.output, text.as_bytes()) {
        writeln!(err, "could not write the report: {e}: {}", args.output.display())?;
        return Ok(ExitCode::from(2));
    }
    let shown = match variants.len() {
        0 => "the base scenario".to_owned(),
        1 => "the base scenario and 1 variant".to_owned(),
        n => format!("the base scenario and {n} variants"),
    };
    writeln!(
        out,
        "Wrote {} ({shown}, {} trials, seed {})",
        args.output.display(),
        report::thousands(settings.trials as f64),
        settings.seed
    )?;
    Ok(ExitCode::SUCCESS)
}

/// One analysis, watched like `georisk run`'s; a failure is written to `err` as a `Stop`.
fn analyse(
    path: &Path,
    scenario: &Scenario,
    settings: &Settings,
    err: &mut impl Write,
) -> anyhow::Result<Result<Analysis, Stop>> {
    let control = Control::new();
    let outcome = std::thread::scope(|scope| {
        let job = scope.spawn(|| engine::analyse(scenario, settings, &control));
        super::run::watch(&job, &control, settings, scenario.events.len(), err).map(|()| job.join())
    })?;
    let label = settings.variant.as_deref().map_or_else(String::new, |v| format!(" (variant \"{v}\")"));
    match outcome {
        Ok(Ok(analysis)) => Ok(Ok(analysis)),
        Ok(Err(EngineError::Cancelled)) => {
            writeln!(err, "{}{label}: stopped by Ctrl+C; no report was written", path.display())?;
            Ok(Err(Stop(ExitCode::from(130))))
        }
        Ok(Err(e)) => {
            writeln!(err, "{}{label}: {e}", path.display())?;
            Ok(Err(Stop(ExitCode::from(1))))
        }
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
