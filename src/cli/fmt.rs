//! `georisk fmt FILE... [--check]`: rewrite scenario files in canonical form.
//!
//! RON comments cannot survive a round trip through the model, so a file that has them is left
//! alone with a message: commentary belongs in `notes` fields, where it is data.

use georisk::io;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    files: &[PathBuf],
    check: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for path in files {
        let origin = path.display().to_string();
        let text = match io::read_text(path) {
            Ok(text) => text,
            Err(e) => {
                writeln!(err, "{e}")?;
                failed = true;
                continue;
            }
        };
        let scenario = match io::parse_str(&text) {
            Ok(scenario) => scenario,
            Err(d) => {
                writeln!(err, "{}", d.render(&origin))?;
                failed = true;
                continue;
            }
        };
        let canonical = io::to_ron_string(&scenario);
        if canonical == text {
            continue;
        }
        if let Some((line, column)) = io::first_comment(&text) {
            writeln!(
                err,
                "{origin}:{line}:{column}: has comments, which canonical form cannot keep; \
                 move them into `notes` fields, then run fmt again (file left unchanged)"
            )?;
            failed = true;
            continue;
        }
        if check {
            writeln!(out, "{origin}: would be reformatted")?;
            failed = true;
        } else {
            io::write_atomic(path, canonical.as_bytes())
                .map_err(|e| anyhow::anyhow!("cannot write {origin}: {e}"))?;
            writeln!(out, "{origin}: reformatted")?;
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
