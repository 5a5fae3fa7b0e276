//! `georisk portfolio import FILE.ron holdings.csv` and `georisk portfolio export FILE.ron [-o
//! holdings.csv]`: a portfolio's holdings in and out as CSV. Import checks the whole file first
//! and changes nothing unless every row is good; it then saves the scenario atomically, refusing
//! if someone changed it since it was read.
//!
//! Thin: the CSV format is `model::holdings_csv`, files are `io`.

use super::printable::shown;
use georisk::io::{self, SaveOptions, printable::thousands};
use georisk::model::{self, holdings_csv};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Bad rows listed at most; the rest are counted.
const MAX_ROWS_LISTED: usize = 200;

pub fn import(
    scenario_path: &Path,
    csv_path: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let (mut scenario, stamp) = match super::scenario_to_rewrite(scenario_path, err)? {
        Ok(read) => read,
        Err(code) => return Ok(code),
    };
    let csv_text = match io::read_text(csv_path) {
        Ok(text) => text,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(ExitCode::from(1));
        }
    };
    let unchanged = |err: &mut dyn Write| writeln!(err, "{}: unchanged", scenario_path.display());
    let imported = match holdings_csv::parse_holdings_csv(&csv_text, &scenario) {
        Ok(imported) => imported,
        Err(holdings_csv::HoldingsCsvError::File(message)) => {
            writeln!(err, "{}: {message}", csv_path.display())?;
            unchanged(err)?;
            return Ok(ExitCode::from(1));
        }
        Err(holdings_csv::HoldingsCsvError::Rows { problems, unknown_markets }) => {
            for problem in problems.iter().take(MAX_ROWS_LISTED) {
                writeln!(err, "{}: row {}: {}", csv_path.display(), problem.row, problem.message)?;
            }
            if problems.len() > MAX_ROWS_LISTED {
                writeln!(err, "… and {} more bad rows", thousands(problems.len() - MAX_ROWS_LISTED))?;
            }
            if !unknown_markets.is_empty() {
                let names: Vec<String> =
                    unknown_markets.iter().map(|m| format!("\"{}\"", shown(m))).collect();
                let known: Vec<String> = scenario
                    .markets
                    .iter()
                    .map(|m| format!("{} ({})", m.id, shown(m.display_name())))
                    .collect();
                writeln!(
                    err,
                    "{}: unknown markets: {}; add them to the scenario first (its markets: {})",
                    csv_path.display(),
                    names.join(", "),
                    if known.is_empty() { "none".to_owned() } else { known.join(", ") }
                )?;
            }
            writeln!(err, "{}: {} bad row(s); nothing imported", csv_path.display(), problems.len())?;
            unchanged(err)?;
            return Ok(ExitCode::from(1));
        }
    };
    let before = scenario.portfolio.holdings.len();
    holdings_csv::replace_holdings(&mut scenario, &imported.holdings);
    let problems = model::validate(&scenario);
    if !problems.is_empty() {
        for problem in problems.iter().take(MAX_ROWS_LISTED) {
            writeln!(err, "{}: with these holdings, {problem}", scenario_path.display())?;
        }
        unchanged(err)?;
        return Ok(ExitCode::from(1));
    }
    let options = SaveOptions { force: false, expected: Some(stamp) };
    if let Err(e) = io::save_file_with(scenario_path, &scenario, options) {
        writeln!(err, "{}: {e}", scenario_path.display())?;
        return Ok(ExitCode::from(1));
    }
    if !imported.ignored_columns.is_empty() {
        let columns: Vec<String> =
            imported.ignored_columns.iter().map(|c| format!("\"{}\"", shown(c))).collect();
        writeln!(out, "Columns not read: {}", columns.join(", "))?;
    }
    writeln!(
        out,
        "{}: {} holdings from {} (value {} {}) replace the {before} there were",
        scenario_path.display(),
        imported.holdings.len(),
        csv_path.display(),
        georisk::report::thousands(scenario.portfolio.value()),
        scenario.portfolio.currency
    )?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(
    scenario_path: &Path,
    output: Option<&Path>,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let scenario = match io::load_file(scenario_path) {
        Ok(scenario) => scenario,
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(ExitCode::from(1));
        }
    };
    let text = holdings_csv::holdings_csv(&scenario);
    match output {
        None => out.write_all(text.as_bytes())?,
        Some(path) if path == scenario_path => {
            writeln!(err, "{}: refusing to write holdings over the scenario file itself", path.display())?;
            return Ok(ExitCode::from(2));
        }
        Some(path) => {
            if let Err(e) = io::write_atomic(path, text.as_bytes()) {
                writeln!(err, "{}: {e}", path.display())?;
                return Ok(ExitCode::from(1));
            }
            writeln!(err, "{}: {} holdings written", path.display(), scenario.portfolio.holdings.len())?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
