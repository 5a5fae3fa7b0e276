//! `georisk calibrate FILE.ron prices.csv [--dry-run]`: markets' volatilities and correlations
//! from dated closes. Prints every old and new value first, then writes the scenario atomically
//! (refusing if someone changed it since it was read) unless `--dry-run`.
//!
//! Thin: the price format is `model::prices`, the statistics `model::calibrate`, files `io`.

use super::printable::shown;
use georisk::io::{self, SaveOptions};
use georisk::model::{self, calibrate, prices};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

/// Bad rows listed at most.
const MAX_LISTED: usize = 200;

pub fn run(
    scenario_path: &Path,
    prices_path: &Path,
    dry_run: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let (scenario, stamp) = match super::scenario_to_rewrite(scenario_path, err)? {
        Ok(read) => read,
        Err(code) => return Ok(code),
    };
    let unchanged = |err: &mut dyn Write| writeln!(err, "{}: unchanged", scenario_path.display());
    let table = match io::read_text(prices_path).map(|csv| prices::parse_prices_csv(&csv, &scenario)) {
        Err(e) => {
            writeln!(err, "{e}")?;
            return Ok(ExitCode::from(1));
        }
        Ok(Err(prices::PricesCsvError(problems))) => {
            for problem in problems.iter().take(MAX_LISTED) {
                writeln!(err, "{}: row {}: {}", prices_path.display(), problem.row, problem.message)?;
            }
            writeln!(err, "{}: {} problem(s); nothing calibrated", prices_path.display(), problems.len())?;
            unchanged(err)?;
            return Ok(ExitCode::from(1));
        }
        Ok(Ok(table)) => table,
    };
    let calibration = match calibrate::calibrate(&table) {
        Ok(calibration) => calibration,
        Err(e) => {
            writeln!(err, "{}: {e}", prices_path.display())?;
            unchanged(err)?;
            return Ok(ExitCode::from(1));
        }
    };
    let source = prices_path
        .file_name()
        .map_or_else(|| prices_path.display().to_string(), |n| n.to_string_lossy().into_owned());
    let mut calibrated = scenario.clone();
    let changes = calibrate::apply(&mut calibrated, &calibration, &source);
    let c = &calibration.common;
    writeln!(
        out,
        "From {}: {} markets, {} rows of prices; correlations over {} common daily log-returns, {} to {}",
        shown(&source),
        table.markets.len(),
        table.dates.len(),
        c.returns,
        c.from,
        c.to
    )?;
    for v in &calibration.volatilities {
        let w = &v.window;
        writeln!(
            out,
            "  {}: volatility from {} daily log-returns, {} to {}",
            v.market, w.returns, w.from, w.to
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{:<48} {:>10} {:>10}", "value", "old", "new")?;
    for change in &changes {
        let old = change.old.map_or_else(|| "not set".to_owned(), |x| format!("{x:.4}"));
        writeln!(out, "{:<48} {old:>10} {:>10.4}", change.what, change.new)?;
    }
    let problems = model::validate(&calibrated);
    if !problems.is_empty() {
        for problem in problems.iter().take(MAX_LISTED) {
            writeln!(err, "{}: after calibration, {problem}", scenario_path.display())?;
        }
        writeln!(
            err,
            "{}: the calibrated values conflict with the file's other correlations; add those markets to the price file or remove those correlations",
            scenario_path.display()
        )?;
        unchanged(err)?;
        return Ok(ExitCode::from(1));
    }
    if dry_run {
        writeln!(out, "\n--dry-run: {} unchanged", scenario_path.display())?;
        return Ok(ExitCode::SUCCESS);
    }
    let options = SaveOptions { force: false, expected: Some(stamp) };
    if let Err(e) = io::save_file_with(scenario_path, &calibrated, options) {
        writeln!(err, "{}: {e}", scenario_path.display())?;
        return Ok(ExitCode::from(1));
    }
    writeln!(out, "\n{}: {} values written", scenario_path.display(), changes.len())?;
    Ok(ExitCode::SUCCESS)
}
