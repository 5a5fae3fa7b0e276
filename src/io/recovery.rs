//! The recovery file: the app autosaves an unsaved document here so that a crash loses at most
//! half a minute of work, and offers to restore it on the next start.
//!
//! The file is an ordinary scenario file in canonical form, with one first-line comment naming
//! the file it was a copy of, so a user can also open it by hand.

use super::diagnostic::{Diagnostic, LoadError};
use super::files::{read_text, remove_file_if_exists, write_atomic};
use super::format::{parse_str, to_ron_string};
use crate::model::Scenario;
use std::io;
use std::path::{Path, PathBuf};

const FILE_NAME: &str = "recovery.ron";
const ORIGIN_PREFIX: &str = "// georisk recovery of: ";
const UNTITLED: &str = "(never saved)";

/// Where the recovery file lives. The folder is injectable so tests never touch the user's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryStore {
    folder: PathBuf,
}

/// A document found in the recovery file.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    /// The file the document was opened from, if it had been saved before.
    pub origin: Option<PathBuf>,
    pub scenario: Scenario,
}

impl RecoveryStore {
    pub fn in_folder(folder: impl Into<PathBuf>) -> RecoveryStore {
        RecoveryStore { folder: folder.into() }
    }

    /// The user's data folder for georisk (`~/.local/share/georisk` on Linux), if the platform
    /// has one.
    pub fn user_default() -> Option<RecoveryStore> {
        directories::ProjectDirs::from("", "", "georisk")
            .map(|dirs| RecoveryStore::in_folder(dirs.data_dir()))
    }

    pub fn path(&self) -> PathBuf {
        self.folder.join(FILE_NAME)
    }

    /// Writes the document atomically, creating the folder if needed.
    pub fn write(&self, origin: Option<&Path>, scenario: &Scenario) -> io::Result<()> {
        std::fs::create_dir_all(&self.folder)?;
        let origin = origin.map_or_else(|| UNTITLED.to_owned(), |p| p.display().to_string());
        let text = format!("{ORIGIN_PREFIX}{}\n{}", origin.replace('\n', " "), to_ron_string(scenario));
        write_atomic(&self.path(), text.as_bytes()).map_err(io::Error::from)
    }

    /// The recovered document, `None` when there is no recovery file, or why it cannot be read.
    /// A document with semantic problems is still recovered: the user fixes them in the app.
    pub fn read(&self) -> Option<Result<Recovered, LoadError>> {
        let path = self.path();
        if !path.is_file() {
            return None;
        }
        let text = match read_text(&path) {
            Ok(text) => text,
            Err(e) => return Some(Err(e)),
        };
        let origin = text
            .lines()
            .next()
            .and_then(|line| line.strip_prefix(ORIGIN_PREFIX))
            .filter(|o| *o != UNTITLED && !o.is_empty())
            .map(PathBuf::from);
        let parsed = parse_str(&text)
            .map(|scenario| Recovered { origin, scenario })
            .map_err(|d: Diagnostic| LoadError::single(path.display().to_string(), d));
        Some(parsed)
    }

    /// Deletes the recovery file; one that is already gone is fine.
    pub fn discard(&self) -> io::Result<()> {
        remove_file_if_exists(&self.path())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_reads_and_discards() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path().join("nested"));
        assert!(store.read().is_none());
        let scenario = Scenario::new("Draft");
        store.write(Some(Path::new("/tmp/x.ron")), &scenario).unwrap();
        let back = store.read().unwrap().unwrap();
        assert_eq!(back.scenario, scenario);
        assert_eq!(back.origin.as_deref(), Some(Path::new("/tmp/x.ron")));
        store.write(None, &scenario).unwrap();
        assert_eq!(store.read().unwrap().unwrap().origin, None);
        store.discard().unwrap();
        assert!(store.read().is_none());
        store.discard().unwrap();
    }

    #[test]
    fn a_damaged_recovery_file_is_an_error_not_a_panic() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path());
        std::fs::write(store.path(), "Scenario(title: ").unwrap();
        assert!(store.read().unwrap().is_err());
    }
}
