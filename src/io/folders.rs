//! Folders as the app's built-in file chooser sees them: what a folder holds, whether a path is
//! a file or a folder, making a new folder, and where a user's home is.
//!
//! It only reads folders and makes new empty ones; it never writes, renames or deletes a file
//! (saving goes through `files::write_atomic`), and never knows about a window.

use std::cmp::Ordering;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// What a path is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    Folder,
    File,
    /// A device, socket, pipe or a link to nothing: listed by nobody, opened by nobody.
    Other,
}

/// One entry of a folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FolderEntry {
    pub path: PathBuf,
    /// The file name, with anything that is not UTF-8 replaced.
    pub name: String,
    pub kind: EntryKind,
}

impl FolderEntry {
    /// Hidden by the Unix convention: the name starts with a dot.
    pub fn is_hidden(&self) -> bool {
        self.name.starts_with('.')
    }
}

/// What `path` is, following links; `None` when nothing is there.
pub fn path_kind(path: &Path) -> Option<EntryKind> {
    let meta = fs::metadata(path).ok()?;
    Some(if meta.is_dir() {
        EntryKind::Folder
    } else if meta.is_file() {
        EntryKind::File
    } else {
        EntryKind::Other
    })
}

/// The entries of a folder: folders first, then files, each by name ignoring case, so the
/// listing is the same on every run. Entries that vanish while being listed are left out.
pub fn list_folder(folder: &Path) -> io::Result<Vec<FolderEntry>> {
    let mut entries: Vec<FolderEntry> = fs::read_dir(folder)?
        .filter_map(Result::ok)
        .map(|entry| {
            let path = entry.path();
            let kind = path_kind(&path).unwrap_or(EntryKind::Other);
            FolderEntry { name: entry.file_name().to_string_lossy().into_owned(), path, kind }
        })
        .collect();
    entries.sort_by(|a, b| match (a.kind == EntryKind::Folder, b.kind == EntryKind::Folder) {
        (true, false) => Ordering::Less,
        (false, true) => Ordering::Greater,
        _ => a.name.to_lowercase().cmp(&b.name.to_lowercase()).then_with(|| a.name.cmp(&b.name)),
    });
    Ok(entries)
}

/// Makes one new, empty folder; its parent must exist.
pub fn create_folder(path: &Path) -> io::Result<()> {
    fs::create_dir(path)
}

/// The user's home folder, if the platform has one.
pub fn home_folder() -> Option<PathBuf> {
    directories::UserDirs::new().map(|dirs| dirs.home_dir().to_path_buf())
}

/// The folder georisk was started in, as an absolute path.
pub fn current_folder() -> Option<PathBuf> {
    std::env::current_dir().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_folders_first_then_files_by_name() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["b.ron", "A.ron", ".hidden.ron"] {
            fs::write(dir.path().join(name), "").unwrap();
        }
        fs::create_dir(dir.path().join("zeta")).unwrap();
        create_folder(&dir.path().join("Alpha")).unwrap();
        let listed = list_folder(dir.path()).unwrap();
        let names: Vec<&str> = listed.iter().map(|e| e.name.as_str()).collect();
        assert_eq!(names, ["Alpha", "zeta", ".hidden.ron", "A.ron", "b.ron"]);
        assert!(listed[2].is_hidden() && !listed[3].is_hidden());
        assert_eq!(listed[0].kind, EntryKind::Folder);
        assert_eq!(listed[4].kind, EntryKind::File);
        assert_eq!(path_kind(&dir.path().join("b.ron")), Some(EntryKind::File));
        assert_eq!(path_kind(&dir.path().join("zeta")), Some(EntryKind::Folder));
        assert_eq!(path_kind(&dir.path().join("missing.ron")), None);
        assert!(list_folder(&dir.path().join("missing")).is_err());
    }
}
