//! Reading files with bounded size, and writing them atomically: a temporary file in the same
//! folder, flushed and synced, then renamed over the old one, so a crash mid-save leaves the old
//! or the new file whole, never a torn one.

use super::diagnostic::{Diagnostic, LoadError};
use super::format::{load_str, to_ron_string};
use crate::model::Scenario;
use std::fs;
use std::io::{self, Read, Write};
use std::path::Path;

/// The largest file read. The biggest realistic scenario (a thousand events) is well under 1 MiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads at most `limit` bytes; a larger file is an error that says how large it is.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let origin = path.display().to_string();
    let io_error =
        |e: io::Error| LoadError::single(&origin, Diagnostic::message(format!("cannot read the file: {e}")));
    let file = fs::File::open(path).map_err(io_error)?;
    let too_large = |size: u64| {
        LoadError::single(
            &origin,
            Diagnostic::message(format!(
                "the file is {:.1} MiB; files larger than {} MiB are refused",
                size as f64 / (1024.0 * 1024.0),
                limit / (1024 * 1024)
            )),
        )
    };
    if let Ok(meta) = file.metadata() {
        if meta.is_file() && meta.len() > limit {
            return Err(too_large(meta.len()));
        }
        if meta.is_dir() {
            return Err(LoadError::single(&origin, Diagnostic::message("this is a folder, not a file")));
        }
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// Reads a text file of at most `MAX_FILE_BYTES`, refusing binary data with the byte offset.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    let bytes = read_bounded(path, MAX_FILE_BYTES)?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        // Everything before `at` is valid UTF-8, so a line and column can be given; the line
        // itself is not shown, since in a binary file it would be terminal garbage.
        let before = std::str::from_utf8(&e.as_bytes()[..at]).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let mut diagnostic =
            Diagnostic::message(format!("this is not a text file: invalid UTF-8 at byte {at}"));
        (diagnostic.line, diagnostic.column) = (Some(line), Some(column));
        LoadError::single(path.display().to_string(), diagnostic)
    })
}

/// Reads, parses and validates a scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let text = read_text(path)?;
    load_str(&text, &path.display().to_string())
}

/// Saves a scenario in canonical form, atomically.
pub fn save_file(path: &Path, scenario: &Scenario) -> io::Result<()> {
    write_atomic(path, to_ron_string(scenario).as_bytes())
}

/// Writes bytes to `path` through a temporary file in the same folder and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let name = path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?;
    let mut temp_name = std::ffi::OsString::from(".");
    temp_name.push(name);
    temp_name.push(format!(".{}.tmp", std::process::id()));
    let temp = folder.join(temp_name);
    let result = (|| {
        let mut file = fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, path)?;
        // The rename is durable only once the folder entry is; not every platform can sync a folder.
        if let Ok(dir) = fs::File::open(folder) {
            let _ = dir.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

/// Removes a file; a file that is already gone is not an error.
pub fn remove_file_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
