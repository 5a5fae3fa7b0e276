//! `georisk fmt FILE... [--check] [--force]`: rewrite scenario files in canonical form.
//!
//! Like rustfmt on code that does not compile, a file that parses but has semantic problems is
//! still formatted, and the number of problems that remain is said. A file that does not parse is
//! never touched. The canonical text is parsed back and must format to itself before it is
//! written, and a text that georisk would refuse to read (larger than the read limit) is never
//! written.
//!
//! RON comments cannot survive a round trip through the model, so a file that has them is left
//! alone with a message: commentary belongs in `notes` fields, where it is data.

use georisk::io::printable::thousands;
use georisk::io::{self, SaveError, SaveOptions};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

pub fn run(
    files: &[PathBuf],
    check: bool,
    force: bool,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut failed = false;
    for path in files {
        let origin = path.display().to_string();
        let (text, stamp) = match io::read_text_stamped(path) {
            Ok(read) => read,
            Err(e) => {
                writeln!(err, "{e}")?;
                failed = true;
                continue;
            }
        };
        let scenario = match io::parse_str(&text) {
            Ok(scenario) => scenario,
            Err(d) => {
                writeln!(err, "{} (file left unchanged)", d.render(&origin))?;
                failed = true;
                continue;
            }
        };
        let problems = georisk::model::validate::check(&scenario).total;
        let remain = match problems {
            0 => String::new(),
            1 => "; 1 problem remains (see `georisk validate`)".to_owned(),
            n => format!("; {} problems remain (see `georisk validate`)", thousands(n)),
        };
        let canonical = io::to_ron_string(&scenario);
        if canonical == text {
            if problems > 0 {
                writeln!(out, "{origin}: already canonical{remain}")?;
            }
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
        // The canonical text must read back to itself, or it is not written. (Texts, not
        // scenarios, are compared: a file with problems may hold a NaN, which equals nothing.)
        if io::parse_str(&canonical).ok().map(|back| io::to_ron_string(&back)).as_ref() != Some(&canonical) {
            writeln!(
                err,
                "{origin}: the canonical text does not read back as the same scenario; this is a \
                 georisk bug, please report it (file left unchanged)"
            )?;
            failed = true;
            continue;
        }
        if check {
            writeln!(out, "{origin}: would be reformatted{remain}")?;
            failed = true;
            continue;
        }
        // A file another program changed while this one was formatting it is left alone.
        let options = SaveOptions { force, expected: Some(stamp) };
        match io::write_atomic_with(path, canonical.as_bytes(), options) {
            Ok(_) => writeln!(out, "{origin}: reformatted{remain}")?,
            Err(e) => {
                let hint = if e.needs_confirmation() { "; pass --force to write it anyway" } else { "" };
                let e: &SaveError = &e;
                writeln!(err, "{origin}: not reformatted: {e}{hint}")?;
                failed = true;
            }
        }
    }
    Ok(if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}
