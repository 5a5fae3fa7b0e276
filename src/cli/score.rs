//! `georisk score FILE.ron... [--format table|json] [--trials N] [--seed S]`: the Brier and log
//! scores of each file's base scenario and of each variant over its resolved events, against a
//! 50% reference, with calibration bins — many files at once, for a class or a team.
//!
//! Exit status: 0 when every file loads (a file with no resolved events says so and is not an
//! error); 1 when some file cannot be loaded or simulated (the others are still scored).
//! Thin: scoring is `engine::score`, formatting `report::score`.

use super::run::Format;
use georisk::engine::{self, Control, Settings, score};
use georisk::io;
use georisk::report::score::{ScoredRun, json, table};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Trials per run when `--trials` is not given: a forecast's standard error is then at most
/// 0.5 / √20000 ≈ 0.0035.
pub const DEFAULT_SCORE_TRIALS: u64 = 20_000;

pub fn run(
    files: &[PathBuf],
    format: Format,
    trials: Option<u64>,
    seed: Option<u64>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    if format == Format::Csv {
        writeln!(err, "score: --format csv is not offered; use table or json")?;
        return Ok(ExitCode::from(2));
    }
    let mut runs = Vec::new();
    let mut failed = 0;
    for path in files {
        let scenario = match io::load_file(path) {
            Ok(scenario) => scenario,
            Err(e) => {
                writeln!(err, "{e}")?;
                failed += 1;
                continue;
            }
        };
        let file = path.display().to_string();
        let variants = std::iter::once(None).chain(scenario.variants.iter().map(|v| Some(v.name.clone())));
        for variant in variants {
            let settings = Settings {
                trials: trials.unwrap_or(DEFAULT_SCORE_TRIALS),
                seed: seed.unwrap_or(scenario.seed),
                variant: variant.clone(),
                loss_threshold: None,
                noise: false,
            };
            match engine::simulate(&scenario, &settings, &Control::new()) {
                Ok(result) => {
                    let forecasts = score::forecasts(&scenario, &result);
                    let pairs = score::pairs(&forecasts);
                    runs.push(ScoredRun {
                        file: file.clone(),
                        variant,
                        scores: score::score(&pairs, scenario.events.len()),
                        total: scenario.events.len(),
                        calibration: score::calibration(&pairs),
                        forecasts,
                    });
                }
                Err(e) => {
                    writeln!(err, "{file}: {e}")?;
                    failed += 1;
                }
            }
        }
    }
    match format {
        Format::Json => writeln!(out, "{}", json(&runs)?)?,
        _ => write!(out, "{}", table(&runs))?,
    }
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
