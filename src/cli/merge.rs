//! `georisk merge BASE.ron MINE.ron THEIRS.ron -o OUT.ron`: a three-way merge by id and field,
//! usable as a git merge driver (`georisk merge %O %A %B -o %A`).
//!
//! The merge itself is `model::merge`. Exit status: 0 when the merge is clean and the result
//! validates; 1 when there are conflicts (OUT holds MINE's value in each, and they are listed on
//! stderr) or the merged scenario has problems (OUT is written, the problems are listed); 2 when
//! an input cannot be read or parsed (OUT is not written).

use georisk::io;
use georisk::model::merge;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

pub fn run(
    base: &Path,
    mine: &Path,
    theirs: &Path,
    output: &Path,
    out: &mut impl Write,
    err: &mut impl Write,
) -> anyhow::Result<ExitCode> {
    let mut scenarios = Vec::new();
    for (role, path) in [("BASE", base), ("MINE", mine), ("THEIRS", theirs)] {
        // Files with semantic problems still merge (as text merges do); only a file that does not
        // parse stops the merge.
        let parsed = io::read_text(path).map_err(|e| e.to_string()).and_then(|text| {
            io::parse_str(text.strip_prefix('\u{feff}').unwrap_or(&text))
                .map_err(|d| d.render(&path.display().to_string()))
        });
        match parsed {
            Ok(scenario) => scenarios.push(scenario),
            Err(message) => {
                writeln!(err, "{message}")?;
                writeln!(err, "{role} {}: cannot be read as a scenario; nothing merged", path.display())?;
                return Ok(ExitCode::from(2));
            }
        }
    }
    let merged = match merge::merge(&scenarios[0], &scenarios[1], &scenarios[2]) {
        Ok(merged) => merged,
        Err(e) => {
            writeln!(err, "{e}; nothing merged")?;
            return Ok(ExitCode::from(2));
        }
    };
    io::save_file(output, &merged.scenario)?;
    let origin = output.display();
    for c in &merged.conflicts {
        writeln!(err, "{origin}: conflict in {}: mine {}, theirs {}", c.place, c.mine, c.theirs)?;
    }
    let problems = georisk::model::validate(&merged.scenario);
    for problem in &problems {
        writeln!(err, "{origin}: after merging: {problem}")?;
    }
    if merged.conflicts.is_empty() && problems.is_empty() {
        writeln!(out, "{origin}: merged cleanly")?;
        return Ok(ExitCode::SUCCESS);
    }
    if !merged.conflicts.is_empty() {
        let n = merged.conflicts.len();
        writeln!(
            err,
            "{origin}: written with MINE's side of {n} conflict{}; edit the file to choose",
            if n == 1 { "" } else { "s" }
        )?;
    }
    Ok(ExitCode::from(1))
}
