//! `georisk validate FILE...`: every problem of every file at once, with file:line:column.

use georisk::io;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(files: &[PathBuf], out: &mut impl Write, err: &mut impl Write) -> anyhow::Result<ExitCode> {
    let mut invalid = 0;
    for path in files {
        match io::load_file(path) {
            Ok(scenario) => writeln!(
                out,
                "{}: ok — \"{}\", {} events, {} markets",
                path.display(),
                scenario.title,
                scenario.events.len(),
                scenario.markets.len()
            )?,
            Err(e) => {
                invalid += 1;
                writeln!(err, "{e}")?;
                let count = e.diagnostics.len();
                writeln!(err, "{}: {count} problem{}\n", path.display(), if count == 1 { "" } else { "s" })?;
            }
        }
    }
    if invalid > 0 {
        writeln!(err, "{invalid} of {} files invalid", files.len())?;
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}
