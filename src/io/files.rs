//! Reading files with bounded size (regular files only), and writing them atomically: a temporary
//! file in the same folder, flushed and synced, then renamed over the old one, so a crash mid-save
//! leaves the old or the new file whole, never a torn one. A save keeps what the file was: its
//! permissions, its owner where permitted, its symbolic link and its hard links.

use super::diagnostic::{Diagnostic, LoadError};
use super::format::{load_str, to_ron_string};
use crate::model::Scenario;
use std::ffi::{OsStr, OsString};
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

/// The largest file read. The biggest realistic scenario (a thousand events) is well under 1 MiB.
pub const MAX_FILE_BYTES: u64 = 16 * 1024 * 1024;

/// Reads at most `limit` bytes of a regular file; a larger file is an error that says how large
/// it is. Anything else — a folder, a pipe (which could block forever), a device such as
/// `/dev/zero` (which never ends) or a socket — is refused before it is opened.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Vec<u8>, LoadError> {
    let origin = path.display().to_string();
    let io_error =
        |e: io::Error| LoadError::single(&origin, Diagnostic::message(format!("cannot read the file: {e}")));
    let not_regular = |meta: &fs::Metadata| {
        LoadError::single(
            &origin,
            Diagnostic::message(format!(
                "this is {}, not a regular file; georisk reads only regular files",
                describe_kind(meta)
            )),
        )
    };
    // Opening a pipe with no writer blocks, so the kind is checked before opening; and again on
    // the opened file, in case the path was swapped in between.
    let meta = fs::metadata(path).map_err(io_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
    let file = fs::File::open(path).map_err(io_error)?;
    let meta = file.metadata().map_err(io_error)?;
    if !meta.is_file() {
        return Err(not_regular(&meta));
    }
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
    if meta.len() > limit {
        return Err(too_large(meta.len()));
    }
    let mut bytes = Vec::new();
    file.take(limit + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > limit {
        return Err(too_large(bytes.len() as u64));
    }
    Ok(bytes)
}

/// "a folder", "a named pipe (FIFO)", ...: what a path that is not a regular file is.
fn describe_kind(meta: &fs::Metadata) -> &'static str {
    let kind = meta.file_type();
    if kind.is_dir() {
        return "a folder";
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "a device";
        }
        if kind.is_socket() {
            return "a socket";
        }
    }
    "not a file"
}

/// The UTF-8 byte-order mark some Windows editors put at the start of a file.
const BOM: &str = "\u{feff}";

/// Reads a text file of at most `MAX_FILE_BYTES`, refusing binary data with the byte offset. A
/// UTF-8 byte-order mark is dropped; text in a legacy 8-bit encoding (Latin-1, Windows-1252) is
/// named as such, with the first byte that is not UTF-8.
pub fn read_text(path: &Path) -> Result<String, LoadError> {
    read_text_stamped(path).map(|(text, _)| text)
}

/// [`read_text`], with the stamp of the bytes read, for a later save to check against.
pub fn read_text_stamped(path: &Path) -> Result<(String, FileStamp), LoadError> {
    let bytes = read_bounded(path, MAX_FILE_BYTES)?;
    let stamp = FileStamp::of(&bytes);
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            if text.starts_with(BOM) {
                text.drain(..BOM.len());
            }
            Ok((text, stamp))
        }
        Err(e) => Err(LoadError::single(path.display().to_string(), not_utf8(e.as_bytes(), e.utf8_error()))),
    }
}

/// What a file held when georisk last read or wrote it: its length and a hash of its bytes. A
/// save that is given one refuses to replace a file someone else has changed since. Content, not
/// the modification time, is compared: times are too coarse to see two writes in one moment, and
/// a file merely touched has not changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileStamp {
    len: u64,
    hash: u64,
}

impl FileStamp {
    pub fn of(bytes: &[u8]) -> FileStamp {
        use std::hash::{DefaultHasher, Hasher};
        let mut hasher = DefaultHasher::new();
        hasher.write(bytes);
        FileStamp { len: bytes.len() as u64, hash: hasher.finish() }
    }
}

/// Where and why bytes are not UTF-8 text.
fn not_utf8(bytes: &[u8], error: std::str::Utf8Error) -> Diagnostic {
    let at = error.valid_up_to();
    // Everything before `at` is valid UTF-8, so a line and column can be given; the line itself
    // is not shown, since in a binary file it would be terminal garbage.
    let before = std::str::from_utf8(&bytes[..at]).unwrap_or_default();
    let before = before.strip_prefix(BOM).unwrap_or(before);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    let utf16 = bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]);
    let message = if utf16 {
        "this file is UTF-16 text; save it as UTF-8 (for example `iconv -f utf-16 -t utf-8`)".to_owned()
    } else if looks_like_8bit_text(bytes) {
        format!(
            "this file is not UTF-8: byte 0x{:02X} at byte {at} looks like Latin-1 or Windows-1252 \
             text; save the file as UTF-8 (for example `iconv -f latin1 -t utf-8`)",
            bytes[at]
        )
    } else {
        format!("this is not a text file: invalid UTF-8 at byte {at}")
    };
    let mut diagnostic = Diagnostic::message(message);
    (diagnostic.line, diagnostic.column) = (Some(line), Some(column));
    diagnostic
}

/// Text in an 8-bit encoding: no NUL and no control bytes other than tab, line feed, carriage
/// return and form feed, and the bytes above 127 are a small share (accented letters among
/// ASCII), not the noise of binary data.
fn looks_like_8bit_text(bytes: &[u8]) -> bool {
    let sample = &bytes[..bytes.len().min(64 * 1024)];
    let controls = sample.iter().filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C)).count();
    let high = sample.iter().filter(|&&b| b >= 0x80).count();
    controls == 0 && sample.iter().all(|&b| b != 0x7F) && high * 10 <= sample.len()
}

/// Reads, parses and validates a scenario file.
pub fn load_file(path: &Path) -> Result<Scenario, LoadError> {
    let text = read_text(path)?;
    load_str(&text, &path.display().to_string())
}

/// Saves a scenario in canonical form, atomically, keeping the file's identity (see
/// [`write_atomic`]). Returns the stamp of what was written.
pub fn save_file(path: &Path, scenario: &Scenario) -> Result<FileStamp, SaveError> {
    save_file_with(path, scenario, SaveOptions::default())
}

/// [`save_file`] with options, such as writing a read-only file the user has confirmed.
pub fn save_file_with(
    path: &Path,
    scenario: &Scenario,
    options: SaveOptions,
) -> Result<FileStamp, SaveError> {
    write_atomic_with(path, to_ron_string(scenario).as_bytes(), options)
}

/// How a save treats a file that protects itself, or that someone else changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SaveOptions {
    /// The user has confirmed: write a read-only file (it stays read-only), or a file with other
    /// hard links (written in place, so every link sees the new text).
    pub force: bool,
    /// What the file held when it was opened or last saved; a file that now holds something else
    /// is refused with [`SaveError::ChangedOnDisk`]. `None` writes whatever the file holds (a
    /// file that no longer exists is always written).
    pub expected: Option<FileStamp>,
}

/// Why a save did not happen. In every case the file on disk is unchanged.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("the file is read-only (mode {mode:04o}); it was left unchanged")]
    ReadOnly { mode: u32 },
    #[error("you may not write this file; it was left unchanged")]
    NotWritable,
    #[error(
        "the file has {links} hard links; a save replaces only this name and the other links would \
         keep the old text, so it was left unchanged"
    )]
    HardLinked { links: u64 },
    #[error(
        "the new text would be {:.1} MiB, and files larger than {} MiB cannot be read back, so \
         nothing was written", *.bytes as f64 / (1024.0 * 1024.0), MAX_FILE_BYTES / (1024 * 1024)
    )]
    TooLarge { bytes: u64 },
    #[error("this is not a regular file (a folder, device or pipe); it was left unchanged")]
    NotAFile,
    #[error("the file changed on disk since it was opened or last saved; it was left unchanged")]
    ChangedOnDisk,
    #[error("{0}")]
    Io(#[from] io::Error),
}

impl SaveError {
    /// Whether confirming (`SaveOptions::force`) would let the save go ahead.
    pub fn needs_confirmation(&self) -> bool {
        matches!(self, SaveError::ReadOnly { .. } | SaveError::NotWritable | SaveError::HardLinked { .. })
    }
}

impl From<SaveError> for io::Error {
    fn from(error: SaveError) -> io::Error {
        match error {
            SaveError::Io(e) => e,
            SaveError::ReadOnly { .. } | SaveError::NotWritable | SaveError::HardLinked { .. } => {
                io::Error::new(io::ErrorKind::PermissionDenied, error.to_string())
            }
            SaveError::TooLarge { .. } => io::Error::new(io::ErrorKind::FileTooLarge, error.to_string()),
            SaveError::NotAFile => io::Error::new(io::ErrorKind::InvalidInput, error.to_string()),
            SaveError::ChangedOnDisk => io::Error::other(error.to_string()),
        }
    }
}

/// [`write_atomic_with`] without confirmation.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<FileStamp, SaveError> {
    write_atomic_with(path, bytes, SaveOptions::default())
}

/// Writes bytes to `path` so that a crash at any moment leaves the old or the new text whole, and
/// the file keeps what it was:
///
/// - The text goes to a temporary file `.NAME.PID.tmp` in the same folder (created exclusively,
///   private until done), is synced, and is renamed over the old file.
/// - The old file's permission bits and, where the system permits, its owner and group are given
///   to the new one. A read-only file, or one this user may not write, is refused unless
///   `options.force`; a forced read-only file stays read-only.
/// - A symbolic link is followed: its target is rewritten (the temporary file is made in the
///   target's folder) and the link stays a link.
/// - A file with several hard links is refused unless `options.force`; then it is written in
///   place, so every link sees the new text. That write is not atomic: the new text is first
///   written and synced to the temporary file, which stays behind should the in-place write fail.
/// - Temporary files left by earlier georisk processes that crashed while saving this file are
///   removed.
/// - Text larger than [`MAX_FILE_BYTES`], which georisk would refuse to read, is not written.
/// - With `options.expected`, a file whose content differs from it is not written.
///
/// Returns the stamp of the bytes written.
pub fn write_atomic_with(path: &Path, bytes: &[u8], options: SaveOptions) -> Result<FileStamp, SaveError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(SaveError::TooLarge { bytes: bytes.len() as u64 });
    }
    let (target, folder, name) = target_parts(path)?;
    let old = match fs::metadata(&target) {
        Ok(meta) => Some(meta),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => return Err(e.into()),
    };
    if let Some(meta) = &old {
        check_unchanged(&target, meta, options.expected)?;
        check_writable(&target, meta, options)?;
    }
    remove_stale_temporaries(&folder, &name);
    let temp = folder.join(temp_name(&name, std::process::id()));
    let in_place = old.as_ref().is_some_and(|meta| link_count(meta) > 1);
    let result = (|| {
        let mut file = create_exclusive(&temp, old.is_some())?;
        file.write_all(bytes)?;
        if let Some(meta) = &old {
            keep_identity(&file, meta);
        }
        file.sync_all()?;
        drop(file);
        if in_place {
            write_in_place(&target, bytes)?;
            fs::remove_file(&temp)?;
        } else {
            fs::rename(&temp, &target)?;
        }
        // The rename is durable only once the folder entry is; not every platform can sync a folder.
        if let Ok(dir) = fs::File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok::<(), io::Error>(())
    })();
    // A failed in-place write keeps its synced copy of the new text; any other failure leaves
    // nothing behind.
    if result.is_err() && !in_place {
        let _ = fs::remove_file(&temp);
    }
    result.map_err(SaveError::from)?;
    Ok(FileStamp::of(bytes))
}

fn check_unchanged(target: &Path, meta: &fs::Metadata, expected: Option<FileStamp>) -> Result<(), SaveError> {
    let Some(expected) = expected else { return Ok(()) };
    if !meta.is_file() {
        return Err(SaveError::NotAFile);
    }
    if meta.len() != expected.len {
        return Err(SaveError::ChangedOnDisk);
    }
    match read_bounded(target, MAX_FILE_BYTES) {
        Ok(bytes) if FileStamp::of(&bytes) != expected => Err(SaveError::ChangedOnDisk),
        // A file that cannot be read is judged by the permission checks that follow.
        _ => Ok(()),
    }
}

/// `.NAME.PID.tmp`: hidden, and recognisably this file's and this process's.
/// The file a save writes (symbolic links followed), its folder and its name: a temporary file
/// goes in that folder, so the final rename never crosses file systems.
pub(super) fn target_parts(path: &Path) -> io::Result<(PathBuf, PathBuf, OsString)> {
    let target = resolve_links(path)?;
    let folder = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let name = target
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "the path names no file"))?
        .to_owned();
    Ok((target, folder, name))
}

pub(super) fn temp_name(name: &OsStr, pid: u32) -> OsString {
    let mut temp = OsString::from(".");
    temp.push(name);
    temp.push(format!(".{pid}.tmp"));
    temp
}

/// The file a path finally names, following symbolic links (at most 40, as the kernel does). A
/// link to a file that does not exist yet names that file.
pub(super) fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut current = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&current) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = fs::read_link(&current)?;
                current = match current.parent() {
                    Some(parent) if target.is_relative() => parent.join(target),
                    _ => target,
                };
            }
            _ => return Ok(current),
        }
    }
    Err(io::Error::other("too many levels of symbolic links"))
}

fn check_writable(target: &Path, meta: &fs::Metadata, options: SaveOptions) -> Result<(), SaveError> {
    if !meta.is_file() {
        return Err(SaveError::NotAFile);
    }
    if options.force {
        return Ok(());
    }
    if meta.permissions().readonly() {
        return Err(SaveError::ReadOnly { mode: permission_bits(meta) });
    }
    // Opening for writing (without truncating) asks the system whether this user may write it.
    match fs::OpenOptions::new().write(true).open(target) {
        Err(e) if e.kind() == io::ErrorKind::PermissionDenied => return Err(SaveError::NotWritable),
        _ => {}
    }
    let links = link_count(meta);
    if links > 1 {
        return Err(SaveError::HardLinked { links });
    }
    Ok(())
}

/// Creates the temporary file exclusively (an existing file or link there is never followed).
/// One left by an earlier process with the same id is removed first.
pub(super) fn create_exclusive(temp: &Path, private: bool) -> io::Result<fs::File> {
    let open = || {
        let mut options = fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            // An existing file's text stays private until its own permissions are copied over;
            // a new file gets the usual permissions (0666 less the umask).
            options.mode(if private { 0o600 } else { 0o666 });
        }
        #[cfg(not(unix))]
        let _ = private;
        options.open(temp)
    };
    match open() {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            fs::remove_file(temp)?;
            open()
        }
        other => other,
    }
}

/// Rewrites an existing file's text through its own inode (for hard-linked files).
fn write_in_place(target: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut file = fs::OpenOptions::new().write(true).open(target)?;
    file.write_all(bytes)?;
    file.set_len(bytes.len() as u64)?;
    file.sync_all()
}

#[cfg(unix)]
fn permission_bits(meta: &fs::Metadata) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    meta.permissions().mode() & 0o7777
}

#[cfg(not(unix))]
fn permission_bits(meta: &fs::Metadata) -> u32 {
    if meta.permissions().readonly() { 0o444 } else { 0o644 }
}

#[cfg(unix)]
fn link_count(meta: &fs::Metadata) -> u64 {
    use std::os::unix::fs::MetadataExt;
    meta.nlink()
}

#[cfg(not(unix))]
fn link_count(_meta: &fs::Metadata) -> u64 {
    1
}

/// Gives the new file the old one's owner and group (where the system permits; otherwise the
/// group alone, or neither) and then its permission bits, after the owner, since a change of
/// owner clears set-id bits.
#[cfg(unix)]
fn keep_identity(file: &fs::File, old: &fs::Metadata) {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    if std::os::unix::fs::fchown(file, Some(old.uid()), Some(old.gid())).is_err() {
        let _ = std::os::unix::fs::fchown(file, None, Some(old.gid()));
    }
    let _ = file.set_permissions(fs::Permissions::from_mode(old.mode() & 0o7777));
}

#[cfg(not(unix))]
fn keep_identity(file: &fs::File, old: &fs::Metadata) {
    let _ = file.set_permissions(old.permissions());
}

/// Removes `.NAME.PID.tmp` files that georisk processes which are no longer running left in
/// `folder` (a crash mid-save). Another running georisk's temporary file is left alone.
fn remove_stale_temporaries(folder: &Path, name: &OsStr) {
    let Ok(entries) = fs::read_dir(folder) else { return };
    let own = std::process::id();
    for entry in entries.flatten() {
        let Some(pid) = temp_pid(&entry.file_name(), name) else { continue };
        let is_file = entry.file_type().is_ok_and(|t| t.is_file());
        if pid != own && is_file && !process_is_running(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process id in `.NAME.PID.tmp`, if `entry` is a temporary file of `name`.
fn temp_pid(entry: &OsStr, name: &OsStr) -> Option<u32> {
    let entry = entry.to_str()?;
    let rest = entry.strip_prefix('.')?.strip_prefix(name.to_str()?)?;
    let digits = rest.strip_prefix('.')?.strip_suffix(".tmp")?;
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok()
}

/// Whether a process with this id is running. Where the system cannot say (no `/proc`), every
/// process counts as running, so no temporary file is ever removed from under a live save.
fn process_is_running(pid: u32) -> bool {
    let proc = Path::new("/proc");
    if !proc.join("self").exists() {
        return true;
    }
    proc.join(pid.to_string()).exists()
}

/// Removes a file; a file that is already gone is not an error.
pub fn remove_file_if_exists(path: &Path) -> io::Result<()> {
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}
