//! Recovery files: the app autosaves an unsaved document so that a crash loses at most half a
//! minute of work, and offers it back on the next start. Each running instance owns its files;
//! it never reads, offers or deletes the work of another instance that is still running.
//!
//! The folder holds, for each instance, `<key>.lock` and `<key>.ron`, where the key is the
//! process id and a number (`4711-0`). The instance holds an exclusive lock on its lock file for
//! as long as it runs; the operating system releases it when the process ends, crash or not.
//! A recovery file whose lock can be taken is *orphaned*: its instance is gone. Only orphans are
//! offered, and the instance that offers one holds its lock meanwhile, so two instances that
//! start together never offer (or delete) the same work. On a file system without locks the
//! process id in the key decides (on Linux, whether `/proc/<pid>` exists; elsewhere the work is
//! left alone).
//!
//! The folder is shared: eframe keeps the app's preferences there as `app.ron`. So only names this
//! module makes (`<pid>-<n>`, and an older version's single `recovery`) are ever read, locked,
//! set aside or deleted.
//!
//! A recovery file is an ordinary scenario file in canonical form, with one first-line comment
//! naming the file it was a copy of, so a user can also open it by hand. This module never
//! touches any other file and never knows about a window.

use super::diagnostic::{Diagnostic, LoadError};
use super::files::{read_text, remove_file_if_exists, write_atomic};
use super::format::{parse_str, to_ron_string};
use crate::model::Scenario;
use std::fs::{self, File, OpenOptions, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::SystemTime;

const ORIGIN_PREFIX: &str = "// georisk recovery of: ";
const UNTITLED: &str = "(never saved)";
const RECOVERY_EXTENSION: &str = "ron";
const LOCK_EXTENSION: &str = "lock";
/// A recovery file that could not be read is renamed to this, out of the way but not deleted.
const DAMAGED_EXTENSION: &str = "damaged";

/// The folder of recovery files. Injectable so tests never touch the user's own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RecoveryStore {
    folder: PathBuf,
}

/// A document found in a recovery file.
#[derive(Debug, Clone, PartialEq)]
pub struct Recovered {
    /// Which instance's file it came from (`4711-0`): how the app names the one it restores.
    pub key: String,
    /// The file the document was opened from, if it had been saved before.
    pub origin: Option<PathBuf>,
    pub scenario: Scenario,
    /// When it was last autosaved.
    pub saved_at: Option<SystemTime>,
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

    pub fn folder(&self) -> &Path {
        &self.folder
    }

    /// Starts this instance's recovery: creates the folder and a lock file of its own, never one
    /// left behind by another process (even one that had the same process id).
    pub fn start_instance(&self) -> io::Result<RecoveryInstance> {
        fs::create_dir_all(&self.folder)?;
        let pid = std::process::id();
        for n in 0..10_000u32 {
            let key = format!("{pid}-{n}");
            let lock_path = file_path(&self.folder, &key, LOCK_EXTENSION);
            if file_path(&self.folder, &key, RECOVERY_EXTENSION).exists() {
                continue;
            }
            let mut lock = match OpenOptions::new().write(true).create_new(true).open(&lock_path) {
                Ok(file) => file,
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
                Err(e) => return Err(e),
            };
            match lock.try_lock() {
                Ok(()) => {}
                // Without locks the process id in the key still marks the files as ours.
                Err(TryLockError::Error(e)) if e.kind() == io::ErrorKind::Unsupported => {}
                Err(TryLockError::Error(e)) => return Err(e),
                Err(TryLockError::WouldBlock) => continue,
            }
            // For a person looking into the folder; the lock is what counts.
            let _ = writeln!(lock, "georisk process {pid}");
            return Ok(RecoveryInstance { folder: self.folder.clone(), key, _lock: lock });
        }
        Err(io::Error::other("no free recovery file name"))
    }

    /// Claims the recovery files of instances that are no longer running, newest first: each
    /// stays locked by this process until the returned `Orphan` is restored, discarded or
    /// dropped. Files of running instances are not read. Lock files left without a recovery
    /// file (an instance that ended with nothing unsaved) are tidied away.
    pub fn claim_orphans(&self) -> Vec<Orphan> {
        let Ok(entries) = fs::read_dir(&self.folder) else { return Vec::new() };
        let mut keys: Vec<(String, bool)> = entries
            .filter_map(Result::ok)
            .filter_map(|entry| {
                let path = entry.path();
                let key = path.file_stem()?.to_str()?.to_owned();
                if !is_recovery_key(&key) {
                    return None;
                }
                match path.extension()?.to_str()? {
                    RECOVERY_EXTENSION => Some((key, true)),
                    LOCK_EXTENSION => Some((key, false)),
                    _ => None,
                }
            })
            .collect();
        keys.sort();
        keys.dedup_by(|later, first| {
            // A key with both files is kept once, as a recovery file.
            let same = later.0 == first.0;
            first.1 |= same && later.1;
            same
        });
        let mut orphans: Vec<Orphan> = keys
            .into_iter()
            .filter_map(|(key, has_recovery)| {
                let lock = self.claim(&key)?;
                if has_recovery { self.read_orphan(key, lock) } else { self.tidy_lock(&key, lock) }
            })
            .collect();
        orphans.sort_by(|a, b| b.saved_at().cmp(&a.saved_at()).then_with(|| a.key.cmp(&b.key)));
        orphans
    }

    /// Every recovery file in the folder, of running instances or not (for tests and messages).
    pub fn recovery_files(&self) -> Vec<PathBuf> {
        let Ok(entries) = fs::read_dir(&self.folder) else { return Vec::new() };
        let mut files: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == RECOVERY_EXTENSION))
            .filter(|p| p.file_stem().and_then(|s| s.to_str()).is_some_and(is_recovery_key))
            .collect();
        files.sort();
        files
    }

    /// Takes the lock of `key` when its instance is gone; `None` while it runs.
    fn claim(&self, key: &str) -> Option<File> {
        let lock_path = file_path(&self.folder, key, LOCK_EXTENSION);
        let file = OpenOptions::new().write(true).create(true).truncate(false).open(&lock_path).ok()?;
        match file.try_lock() {
            Ok(()) => Some(file),
            Err(TryLockError::WouldBlock) => None,
            Err(TryLockError::Error(_)) => (!process_may_be_running(key)).then_some(file),
        }
    }

    fn read_orphan(&self, key: String, lock: File) -> Option<Orphan> {
        let path = file_path(&self.folder, &key, RECOVERY_EXTENSION);
        // Restored or discarded by another instance between the listing and the claim.
        let saved_at = fs::metadata(&path).ok()?.modified().ok();
        let recovered = read_recovery(&path, &key, saved_at);
        Some(Orphan { folder: self.folder.clone(), key, _lock: lock, recovered })
    }

    fn tidy_lock(&self, key: &str, lock: File) -> Option<Orphan> {
        if !file_path(&self.folder, key, RECOVERY_EXTENSION).exists() {
            let _ = remove_file_if_exists(&file_path(&self.folder, key, LOCK_EXTENSION));
        }
        drop(lock);
        None
    }
}

/// This instance's recovery file, kept locked while the instance runs.
#[derive(Debug)]
pub struct RecoveryInstance {
    folder: PathBuf,
    key: String,
    /// Held for the instance's lifetime.
    _lock: File,
}

impl RecoveryInstance {
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Where this instance autosaves.
    pub fn path(&self) -> PathBuf {
        file_path(&self.folder, &self.key, RECOVERY_EXTENSION)
    }

    /// Writes the document atomically.
    pub fn write(&self, origin: Option<&Path>, scenario: &Scenario) -> io::Result<()> {
        let origin = origin.map_or_else(|| UNTITLED.to_owned(), |p| p.display().to_string());
        let text = format!("{ORIGIN_PREFIX}{}\n{}", origin.replace('\n', " "), to_ron_string(scenario));
        write_atomic(&self.path(), text.as_bytes()).map(drop).map_err(io::Error::from)
    }

    /// This instance's own recovered document, `None` when it has written none.
    pub fn read(&self) -> Option<Result<Recovered, LoadError>> {
        let path = self.path();
        let saved_at = fs::metadata(&path).ok()?.modified().ok();
        Some(read_recovery(&path, &self.key, saved_at))
    }

    /// Deletes this instance's recovery file; one that is already gone is fine.
    pub fn discard(&self) -> io::Result<()> {
        remove_file_if_exists(&self.path())
    }

    /// Takes over an orphan that the user restored: its recovery file becomes this instance's,
    /// so it is still there should this instance crash before the work is saved.
    pub fn adopt(&self, orphan: Orphan) -> io::Result<()> {
        fs::rename(orphan.path(), self.path())?;
        orphan.release_files()
    }
}

impl Drop for RecoveryInstance {
    /// An instance that ends with nothing unsaved leaves nothing behind. One that ends with a
    /// recovery file (the app did not get to discard it) leaves both files: the lock is released
    /// with the handle, which makes the work an orphan for the next start, as after a crash.
    fn drop(&mut self) {
        if !self.path().exists() {
            let _ = remove_file_if_exists(&file_path(&self.folder, &self.key, LOCK_EXTENSION));
        }
    }
}

/// The recovery file of an instance that is no longer running, claimed by this one.
#[derive(Debug)]
pub struct Orphan {
    folder: PathBuf,
    key: String,
    /// Held while this instance offers the work; dropping the orphan un-claims it.
    _lock: File,
    pub recovered: Result<Recovered, LoadError>,
}

impl Orphan {
    pub fn key(&self) -> &str {
        &self.key
    }

    pub fn path(&self) -> PathBuf {
        file_path(&self.folder, &self.key, RECOVERY_EXTENSION)
    }

    fn saved_at(&self) -> Option<SystemTime> {
        self.recovered.as_ref().ok().and_then(|r| r.saved_at)
    }

    /// Deletes the recovered work (the user said so).
    pub fn discard(self) -> io::Result<()> {
        remove_file_if_exists(&self.path())?;
        self.release_files()
    }

    /// Moves a recovery file that cannot be read out of the way, so it is not offered (and does
    /// not fail) on every start, yet is still there for someone to rescue by hand. Returns
    /// where it now is.
    pub fn set_aside(self) -> io::Result<PathBuf> {
        let to = file_path(&self.folder, &self.key, DAMAGED_EXTENSION);
        fs::rename(self.path(), &to)?;
        self.release_files()?;
        Ok(to)
    }

    /// Removes the lock file, still holding the lock, then releases it.
    fn release_files(self) -> io::Result<()> {
        remove_file_if_exists(&file_path(&self.folder, &self.key, LOCK_EXTENSION))
    }
}

/// The older version's single recovery file, `recovery.ron`, still offered.
const OLDER_KEY: &str = "recovery";

/// Whether a file stem is one this module makes: `<pid>-<n>` (`4711-0`) or the older `recovery`.
fn is_recovery_key(key: &str) -> bool {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    key == OLDER_KEY || key.split_once('-').is_some_and(|(pid, n)| digits(pid) && digits(n))
}

fn file_path(folder: &Path, key: &str, extension: &str) -> PathBuf {
    folder.join(format!("{key}.{extension}"))
}

fn read_recovery(path: &Path, key: &str, saved_at: Option<SystemTime>) -> Result<Recovered, LoadError> {
    let text = read_text(path)?;
    let origin = text
        .lines()
        .next()
        .and_then(|line| line.strip_prefix(ORIGIN_PREFIX))
        .filter(|o| *o != UNTITLED && !o.is_empty())
        .map(PathBuf::from);
    parse_str(&text)
        .map(|scenario| Recovered { key: key.to_owned(), origin, scenario, saved_at })
        .map_err(|d: Diagnostic| LoadError::single(path.display().to_string(), d))
}

/// Where locks are not supported: whether the process named in the key may still run. Only
/// "certainly not" lets another instance take the work.
fn process_may_be_running(key: &str) -> bool {
    let Some(pid) = key.split('-').next().and_then(|p| p.parse::<u32>().ok()) else {
        // Not a key this version makes (an older single `recovery.ron`): nobody owns it.
        return false;
    };
    if pid == std::process::id() {
        return true;
    }
    if cfg!(target_os = "linux") { Path::new("/proc").join(pid.to_string()).exists() } else { true }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(title: &str) -> Scenario {
        Scenario::new(title)
    }

    #[test]
    fn an_instance_writes_reads_and_discards_its_own_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path().join("nested"));
        let me = store.start_instance().unwrap();
        assert!(me.read().is_none());
        me.write(Some(Path::new("/tmp/x.ron")), &draft("Draft")).unwrap();
        let back = me.read().unwrap().unwrap();
        assert_eq!(back.scenario, draft("Draft"));
        assert_eq!(back.origin.as_deref(), Some(Path::new("/tmp/x.ron")));
        assert_eq!(back.key, me.key());
        me.write(None, &draft("Draft")).unwrap();
        assert_eq!(me.read().unwrap().unwrap().origin, None);
        me.discard().unwrap();
        assert!(me.read().is_none());
        me.discard().unwrap();
    }

    #[test]
    fn a_running_instances_work_is_never_claimed_and_a_dead_ones_is() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path());
        let first = store.start_instance().unwrap();
        let second = store.start_instance().unwrap();
        assert_ne!(first.key(), second.key(), "two instances in one process still differ");
        first.write(None, &draft("First's work")).unwrap();
        assert!(store.claim_orphans().is_empty(), "the first instance still runs");
        assert_eq!(store.recovery_files(), vec![first.path()]);

        // The first instance ends without discarding: its lock is released as in a crash.
        let path = first.path();
        drop(first);
        let orphans = store.claim_orphans();
        assert_eq!(orphans.len(), 1);
        assert_eq!(orphans[0].recovered.as_ref().unwrap().scenario.title, "First's work");
        assert!(store.claim_orphans().is_empty(), "claimed: not offered twice at once");
        drop(orphans);
        let orphan = store.claim_orphans().pop().unwrap();
        second.adopt(orphan).unwrap();
        assert!(!path.exists());
        assert_eq!(second.read().unwrap().unwrap().scenario.title, "First's work");
        assert!(store.claim_orphans().is_empty(), "adopted by a running instance");
    }

    #[test]
    fn a_clean_instance_leaves_nothing_and_stray_locks_are_tidied() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path());
        drop(store.start_instance().unwrap());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
        fs::write(dir.path().join("999999999-0.lock"), "").unwrap();
        assert!(store.claim_orphans().is_empty());
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_file_left_by_a_dead_process_is_offered_and_discarding_deletes_it() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path());
        // As a crashed process leaves them: a pid that is not running, its lock free.
        let text = format!("{ORIGIN_PREFIX}/data/plan.ron\n{}", to_ron_string(&draft("Lost")));
        fs::write(dir.path().join("999999999-0.ron"), text).unwrap();
        fs::write(dir.path().join("999999999-0.lock"), "georisk process 999999999").unwrap();
        // And the single file of an older version.
        fs::write(dir.path().join("recovery.ron"), to_ron_string(&draft("Older"))).unwrap();
        let orphans = store.claim_orphans();
        let titles: Vec<_> =
            orphans.iter().map(|o| o.recovered.as_ref().unwrap().scenario.title.clone()).collect();
        assert_eq!(titles.len(), 2);
        assert!(titles.contains(&"Lost".to_owned()) && titles.contains(&"Older".to_owned()));
        for orphan in orphans {
            orphan.discard().unwrap();
        }
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn files_it_did_not_make_are_never_touched() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path());
        // eframe's preferences share the data folder, and a user may put anything there.
        let others = ["app.ron", "notes-draft.ron", "12-a.ron", "-0.ron", "7-.lock"];
        for name in others {
            fs::write(dir.path().join(name), "not a scenario").unwrap();
        }
        assert!(store.claim_orphans().is_empty());
        assert!(store.recovery_files().is_empty());
        let mut left: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        left.sort();
        let mut expected: Vec<_> = others.iter().map(|s| s.to_string()).collect();
        expected.sort();
        assert_eq!(left, expected);
        assert!(is_recovery_key("4711-0") && is_recovery_key("recovery"));
    }

    #[test]
    fn a_damaged_recovery_file_is_an_error_not_a_panic_and_is_set_aside() {
        let dir = tempfile::tempdir().unwrap();
        let store = RecoveryStore::in_folder(dir.path());
        fs::write(dir.path().join("999999999-0.ron"), "Scenario(title: ").unwrap();
        let orphan = store.claim_orphans().pop().unwrap();
        assert!(orphan.recovered.is_err());
        let aside = orphan.set_aside().unwrap();
        assert!(aside.exists());
        assert!(store.claim_orphans().is_empty());
    }
}
