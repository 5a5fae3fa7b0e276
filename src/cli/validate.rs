//! `georisk validate FILE...`: every problem of every file at once, with file:line:column, and
//! the warnings of valid files (what could not be checked) on stderr.

use super::printable::shown;
use georisk::io::{self, printable::thousands};
use georisk::model::validate;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(files: &[PathBuf], out: &mut impl Write, err: &mut impl Write) -> anyhow::Result<ExitCode> {
    let mut invalid = 0;
    for path in files {
        match io::load_file(path) {
            Ok(scenario) => {
                writeln!(
                    out,
                    "{}: ok — \"{}\", {} events, {} markets",
                    path.display(),
                    shown(&scenario.title),
                    scenario.events.len(),
                    scenario.markets.len()
                )?;
                // Valid, but something could not be checked: said on stderr, the status stays 0.
                for warning in validate::warnings(&scenario) {
                    writeln!(err, "{}: warning: {}", path.display(), shown(&warning.to_string()))?;
                }
            }
            Err(e) => {
                invalid += 1;
                writeln!(err, "{e}")?;
                let count = e.total();
                let plural = if count == 1 { "" } else { "s" };
                writeln!(err, "{}: {} problem{plural}\n", path.display(), thousands(count))?;
            }
        }
    }
    if invalid > 0 {
        writeln!(err, "{invalid} of {} files invalid", files.len())?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
