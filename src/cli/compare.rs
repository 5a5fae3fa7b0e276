//! `georisk compare A.ron [B.ron] [--variant NAME]...`: the base and chosen variants of one file,
//! or two files, analysed with common random numbers (the same trials and seed, so every run sees
//! the same draws), their figures side by side with the changes, and for two files the
//! structural difference by id.
//!
//! Thin: the comparison itself is `report::compare` and the difference `model::diff`.

use super::run::{Format, watch};
use georisk::engine::{self, Analysis, Control, EngineError, Settings};
use georisk::io;
use georisk::model::{Scenario, diff};
use georisk::report::compare::{self, Side};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// What `compare` was asked for, parsed from the command line.
#[derive(Debug, Clone)]
pub struct CompareArgs {
    pub first: PathBuf,
    pub second: Option<PathBuf>,
    pub variants: Vec<String>,
    pub trials: Option<u64>,
    pub seed: Option<u64>,
    pub format: Format,
}

/// One run to make: its label, scenario and variant.
struct Planned<'a> {
    label: String,
    scenario: &'a Scenario,
    path: &'a Path,
    variant: Option<String>,
}

pub fn run(args: &CompareArgs, out: &mut impl Write, err: &mut impl Write) -> anyhow::Result<ExitCode> {
    let mut scenarios = Vec::new();
    for path in std::iter::once(&args.first).chain(&args.second) {
        match io::load_file(path) {
            Ok(scenario) => scenarios.push(scenario),
            Err(e) => {
                writeln!(err, "{e}")?;
                return Ok(ExitCode::from(1));
            }
        }
    }
    let first = &scenarios[0];
    let mut plan = Vec::new();
    match (scenarios.get(1), &args.second) {
        (Some(second), Some(second_path)) => {
            if args.variants.len() > 1 {
                writeln!(
                    err,
                    "compare: with two files, give at most one --variant (it is applied to both files)"
                )?;
                return Ok(ExitCode::from(2));
            }
            if first.portfolio.currency != second.portfolio.currency {
                writeln!(
                    err,
                    "compare: {} is in {} and {} in {}; figures in different currencies cannot be subtracted",
                    args.first.display(),
                    first.portfolio.currency,
                    second_path.display(),
                    second.portfolio.currency
                )?;
                return Ok(ExitCode::from(1));
            }
            let variant = args.variants.first().cloned();
            let name = |path: &Path| path.file_name().map(|n| n.to_string_lossy().into_owned());
            // File names read best; two files of the same name are told apart by their paths.
            let same_name = name(&args.first) == name(second_path);
            for (scenario, path) in [(first, args.first.as_path()), (second, second_path.as_path())] {
                let file = match name(path) {
                    Some(name) if !same_name => name,
                    _ => path.display().to_string(),
                };
                let label = match &variant {
                    Some(v) => format!("{file} ({v})"),
                    None => file,
                };
                plan.push(Planned { label, scenario, path, variant: variant.clone() });
            }
        }
        _ => {
            if args.variants.is_empty() {
                writeln!(
                    err,
                    "compare: nothing to compare; give a second file or one or more --variant NAME (variants of {}: {})",
                    args.first.display(),
                    variant_names(first)
                )?;
                return Ok(ExitCode::from(2));
            }
            plan.push(Planned {
                label: "base".to_owned(),
                scenario: first,
                path: &args.first,
                variant: None,
            });
            for name in &args.variants {
                plan.push(Planned {
                    label: name.clone(),
                    scenario: first,
                    path: &args.first,
                    variant: Some(name.clone()),
                });
            }
        }
    }
    for run in &plan {
        if let Some(name) = &run.variant
            && run.scenario.variant(name).is_none()
        {
            writeln!(
                err,
                "{}: no variant named \"{name}\"; the scenario has: {}",
                run.path.display(),
                variant_names(run.scenario)
            )?;
            return Ok(ExitCode::from(1));
        }
    }
    let settings = compare::common_settings(first, args.trials, args.seed);
    if let Some(second) = scenarios.get(1)
        && args.seed.is_none()
        && second.seed != first.seed
    {
        writeln!(
            err,
            "compare: the files have different seeds; both run with {}'s seed {} (common random numbers)",
            args.first.display(),
            settings.seed
        )?;
    }
    let mut analyses: Vec<Analysis> = Vec::new();
    for run in &plan {
        let settings = Settings { variant: run.variant.clone(), ..settings.clone() };
        match analyse(run.scenario, &settings, err)? {
            Ok(analysis) => analyses.push(analysis),
            Err(EngineError::Cancelled) => {
                writeln!(err, "compare: stopped by Ctrl+C; nothing was written")?;
                return Ok(ExitCode::from(130));
            }
            Err(e) => {
                writeln!(err, "{}: {e}", run.path.display())?;
                return Ok(ExitCode::from(1));
            }
        }
    }
    let sides: Vec<Side<'_>> = plan
        .iter()
        .zip(&analyses)
        .map(|(run, analysis)| Side { label: run.label.clone(), analysis })
        .collect();
    let structural = scenarios.get(1).map(|second| diff::diff(first, second));
    let comparison = compare::compare(&sides, structural);
    let text = match args.format {
        Format::Table => compare::table(&comparison),
        Format::Json => compare::json(&comparison)?,
        Format::Csv => compare::csv(&comparison)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}

fn variant_names(scenario: &Scenario) -> String {
    if scenario.variants.is_empty() {
        "none".to_owned()
    } else {
        scenario.variants.iter().map(|v| format!("\"{}\"", v.name)).collect::<Vec<_>>().join(", ")
    }
}

/// One analysis on a worker thread, with the same progress, warning and Ctrl+C handling as `run`.
fn analyse(
    scenario: &Scenario,
    settings: &Settings,
    err: &mut impl Write,
) -> anyhow::Result<Result<Analysis, EngineError>> {
    let control = Control::new();
    let outcome = std::thread::scope(|scope| {
        let job = scope.spawn(|| engine::analyse(scenario, settings, &control));
        watch(&job, &control, settings, scenario.events.len(), err).map(|()| job.join())
    })?;
    match outcome {
        Ok(result) => Ok(result),
        Err(panic) => std::panic::resume_unwind(panic),
    }
}
