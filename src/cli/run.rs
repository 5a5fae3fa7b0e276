//! `georisk run FILE`: simulate a scenario and print its risk as a table, JSON or CSV.

use anyhow::Context;
use georisk::engine::{self, Control, Settings};
use georisk::{io, report};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

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

    let simulate = || engine::analyse(&scenario, &settings, &Control::new());
    let outcome = match args.threads {
        Some(threads) => rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .context("could not start the worker threads")?
            .install(simulate),
        None => simulate(),
    };
    let analysis = match outcome {
        Ok(done) => done,
        Err(e) => {
            writeln!(err, "{}: {e}", path.display())?;
            return Ok(ExitCode::from(1));
        }
    };
    let text = match args.format {
        Format::Table => report::table(&analysis),
        Format::Json => report::json(&analysis)?,
        Format::Csv => report::csv(&analysis)?,
    };
    out.write_all(text.as_bytes())?;
    Ok(ExitCode::SUCCESS)
}
