//! `georisk pool A.ron B.ron [C.ron...] -o pooled.ron [--method linear|log] [--weights 1,2,1]`:
//! several analysts' files of one scenario pooled into one file, and a table of the events they
//! disagree on most.
//!
//! The pooling itself is `model::pool`; this module reads the files, writes the result with
//! `io::save_file` only when it validates, and prints the disagreement table.

use georisk::io;
use georisk::model::pool::{self, Analyst, EventPool, PoolMethod};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Method {
    /// The weighted mean of the analysts' probabilities.
    Linear,
    /// The normalised weighted geometric mean of p and 1 − p.
    Log,
}

/// The analysts' weights, one per file in order.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights(pub Vec<f64>);

/// Parses `--weights 1,2,1`: positive numbers separated by commas.
pub fn weights(text: &str) -> Result<Weights, String> {
    text.split(',')
        .map(|part| match part.trim().parse::<f64>() {
            Ok(w) if w.is_finite() && w > 0.0 => Ok(w),
            _ => Err(format!("expected positive numbers separated by commas, like 1,2,1; found \"{part}\"")),
        })
        .collect::<Result<_, _>>()
        .map(Weights)
}

pub fn run(
    files: &[PathBuf],
    output: &Path,
    method: Method,
    weights: Option<Weights>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let weights = weights.map(|w| w.0).unwrap_or_else(|| vec![1.0; files.len()]);
    if weights.len() != files.len() {
        writeln!(
            err,
            "--weights gives {} weights for {} files; give one per file",
            weights.len(),
            files.len()
        )?;
        return Ok(ExitCode::from(2));
    }
    let mut scenarios = Vec::new();
    for path in files {
        match io::load_file(path) {
            Ok(scenario) => scenarios.push(scenario),
            Err(e) => {
                writeln!(err, "{e}")?;
                writeln!(err, "{}: fix its problems before pooling (nothing written)", path.display())?;
                return Ok(ExitCode::from(1));
            }
        }
    }
    let analysts: Vec<Analyst> = files
        .iter()
        .zip(&scenarios)
        .zip(&weights)
        .map(|((path, scenario), &weight)| Analyst { label: label(path), scenario, weight })
        .collect();
    let method = match method {
        Method::Linear => PoolMethod::Linear,
        Method::Log => PoolMethod::Log,
    };
    let pooled = match pool::pool(&analysts, method) {
        Ok(pooled) => pooled,
        Err(e) => {
            writeln!(err, "{e} (nothing written)")?;
            return Ok(ExitCode::from(1));
        }
    };
    let problems = georisk::model::validate(&pooled.scenario);
    if !problems.is_empty() {
        for problem in &problems {
            writeln!(err, "pooled scenario: {problem}")?;
        }
        writeln!(err, "{}: the pooled scenario has problems, so it was not written", output.display())?;
        return Ok(ExitCode::from(1));
    }
    io::save_file(output, &pooled.scenario)?;
    print_table(&analysts, &pooled.events, method, out)?;
    writeln!(out, "\nWrote {}", output.display())?;
    Ok(ExitCode::SUCCESS)
}

/// The file name, which is how analysts' files are usually told apart.
fn label(path: &Path) -> String {
    path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| path.display().to_string())
}

fn percent(p: Option<f64>) -> String {
    p.map(|p| format!("{:.1}%", 100.0 * p)).unwrap_or_else(|| "—".to_owned())
}

/// The disagreement table: events by spread, widest first (ties by id). "PERT mean" is the
/// probability a run draws on average from the written likelihood, `(low + 4·likely + high) / 6`.
fn print_table(
    analysts: &[Analyst],
    events: &[EventPool],
    method: PoolMethod,
    out: &mut impl Write,
) -> std::io::Result<()> {
    writeln!(out, "Pooled {} files with the {}.", analysts.len(), method.label())?;
    for (i, a) in analysts.iter().enumerate() {
        writeln!(out, "  A{}: {} (weight {})", i + 1, a.label, a.weight)?;
    }
    let mut sorted: Vec<&EventPool> = events.iter().collect();
    sorted.sort_by(|a, b| b.spread().total_cmp(&a.spread()).then_with(|| a.id.cmp(&b.id)));
    let width = sorted.iter().map(|e| e.id.as_str().chars().count()).max().unwrap_or(5).max(5);
    writeln!(out, "\nDisagreement (spread = highest minus lowest analyst's probability)")?;
    let mut header = vec!["Spread".to_owned(), "Pooled".to_owned(), "PERT mean".to_owned()];
    header.extend((1..=analysts.len()).map(|i| format!("A{i}")));
    write_row(out, width, "Event", &header, "Check")?;
    for event in sorted {
        let mut cells = vec![
            format!("{:.1} pp", 100.0 * event.spread()),
            percent(Some(event.pooled)),
            percent(Some(event.run_mean)),
        ];
        cells.extend(event.stated.iter().map(|p| percent(*p)));
        write_row(out, width, event.id.as_str(), &cells, &event.flags.join("; "))?;
    }
    Ok(())
}

fn write_row(
    out: &mut impl Write,
    width: usize,
    first: &str,
    cells: &[String],
    last: &str,
) -> std::io::Result<()> {
    let mut line = format!("{first:<width$}");
    for cell in cells {
        line.push_str(&format!("  {cell:>9}"));
    }
    line.push_str("  ");
    line.push_str(last);
    writeln!(out, "{}", line.trim_end())
}
