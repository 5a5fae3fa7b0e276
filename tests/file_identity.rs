//! A save keeps what the file was: its permissions, its owner (where the system permits), its
//! symbolic link and its hard links; it refuses a read-only file unless forced, refuses text that
//! georisk could not read back, and cleans up after earlier crashed saves. Reading takes regular
//! files only, so a pipe or a device is an error, never a hang.
#![cfg(unix)]
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use georisk::io::{self, SaveError, SaveOptions};
use std::fs;
use std::os::unix::fs::{FileTypeExt, MetadataExt, PermissionsExt, symlink};
use std::path::{Path, PathBuf};

const OLD: &str = "Scenario(title: \"old\")\n";
const NEW: &[u8] = b"Scenario(\n    title: \"new\",\n)\n";

fn folder() -> tempfile::TempDir {
    tempfile::tempdir().unwrap()
}

fn file_with_mode(dir: &Path, name: &str, mode: u32) -> PathBuf {
    let path = dir.join(name);
    fs::write(&path, OLD).unwrap();
    fs::set_permissions(&path, fs::Permissions::from_mode(mode)).unwrap();
    path
}

fn mode(path: &Path) -> u32 {
    fs::metadata(path).unwrap().mode() & 0o7777
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_private_file_stays_private_and_other_modes_are_kept() {
    let dir = folder();
    for wanted in [0o600, 0o640, 0o644, 0o664, 0o755, 0o700] {
        let path = file_with_mode(dir.path(), &format!("m{wanted:o}.ron"), wanted);
        io::write_atomic(&path, NEW).unwrap();
        assert_eq!(fs::read(&path).unwrap(), NEW);
        assert_eq!(mode(&path), wanted, "mode {wanted:o}");
    }
}

#[test]
fn a_new_file_gets_the_usual_permissions() {
    let dir = folder();
    let path = dir.path().join("fresh.ron");
    io::write_atomic(&path, NEW).unwrap();
    // 0666 less the umask; whatever the umask, the file is readable by its owner and not private
    // only by accident of the temporary file's 0600.
    let m = mode(&path);
    assert_eq!(m & 0o600, 0o600, "{m:o}");
    let umask_mode = {
        let probe = dir.path().join("probe");
        fs::File::create(&probe).unwrap();
        mode(&probe)
    };
    assert_eq!(m, umask_mode);
}

#[test]
fn a_read_only_file_is_refused_unless_forced_and_stays_read_only() {
    let dir = folder();
    let path = file_with_mode(dir.path(), "locked.ron", 0o444);
    let error = io::write_atomic(&path, NEW).expect_err("0444 is read-only");
    assert!(matches!(error, SaveError::ReadOnly { mode: 0o444 }), "{error}");
    assert!(error.needs_confirmation());
    assert_eq!(error.to_string(), "the file is read-only (mode 0444); it was left unchanged");
    assert_eq!(fs::read_to_string(&path).unwrap(), OLD);
    assert_eq!(mode(&path), 0o444);

    io::write_atomic_with(&path, NEW, SaveOptions { force: true, ..Default::default() }).unwrap();
    assert_eq!(fs::read(&path).unwrap(), NEW);
    assert_eq!(mode(&path), 0o444, "a forced save keeps the file read-only");
    assert_eq!(names(dir.path()), ["locked.ron"]);
}

#[test]
fn the_owner_and_group_are_kept_where_the_system_permits() {
    let dir = folder();
    let path = file_with_mode(dir.path(), "owned.ron", 0o644);
    // As root (CI), give the file to nobody:nogroup and check that a save keeps it there. As
    // another user, chown is not permitted and the owner is the user's anyway.
    let (uid, gid) = (65534, 65534);
    let given = std::os::unix::fs::chown(&path, Some(uid), Some(gid)).is_ok();
    let before = fs::metadata(&path).unwrap();
    io::write_atomic(&path, NEW).unwrap();
    let after = fs::metadata(&path).unwrap();
    assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    if given {
        assert_eq!((after.uid(), after.gid()), (uid, gid));
    }
    assert_eq!(mode(&path), 0o644);
}

#[test]
fn a_symlink_stays_a_link_and_its_target_is_rewritten_in_the_targets_folder() {
    let dir = folder();
    let real_dir = dir.path().join("real");
    let link_dir = dir.path().join("links");
    fs::create_dir_all(&real_dir).unwrap();
    fs::create_dir_all(&link_dir).unwrap();
    let target = file_with_mode(&real_dir, "scenario.ron", 0o640);
    let link = link_dir.join("scenario.ron");
    symlink("../real/scenario.ron", &link).unwrap();
    // A link to a link, too.
    let link2 = link_dir.join("again.ron");
    symlink("scenario.ron", &link2).unwrap();

    io::write_atomic(&link2, NEW).unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert!(fs::symlink_metadata(&link2).unwrap().file_type().is_symlink());
    assert_eq!(fs::read_link(&link).unwrap(), Path::new("../real/scenario.ron"));
    assert_eq!(fs::read(&target).unwrap(), NEW);
    assert_eq!(mode(&target), 0o640);
    assert_eq!(names(&real_dir), ["scenario.ron"], "no temporary file left");
    assert_eq!(names(&link_dir), ["again.ron", "scenario.ron"]);

    // Saving through a scenario too: load, change, save through the link.
    let mut scenario = io::load_file(&link).unwrap();
    scenario.title = "through the link".to_owned();
    io::save_file(&link, &scenario).unwrap();
    assert_eq!(io::load_file(&target).unwrap().title, "through the link");
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
}

#[test]
fn a_dangling_symlink_creates_its_target() {
    let dir = folder();
    let link = dir.path().join("link.ron");
    symlink("target.ron", &link).unwrap();
    io::write_atomic(&link, NEW).unwrap();
    assert!(fs::symlink_metadata(&link).unwrap().file_type().is_symlink());
    assert_eq!(fs::read(dir.path().join("target.ron")).unwrap(), NEW);
}

#[test]
fn a_symlink_loop_is_an_error_not_a_hang() {
    let dir = folder();
    let a = dir.path().join("a.ron");
    let b = dir.path().join("b.ron");
    symlink("b.ron", &a).unwrap();
    symlink("a.ron", &b).unwrap();
    let error = io::write_atomic(&a, NEW).expect_err("a loop names no file");
    assert!(error.to_string().contains("too many levels of symbolic links"), "{error}");
}

#[test]
fn a_hard_linked_file_is_refused_unless_forced_and_then_every_link_sees_the_new_text() {
    let dir = folder();
    let path = file_with_mode(dir.path(), "shared.ron", 0o644);
    let other = dir.path().join("other-name.ron");
    fs::hard_link(&path, &other).unwrap();

    let error = io::write_atomic(&path, NEW).expect_err("two links");
    assert!(matches!(error, SaveError::HardLinked { links: 2 }), "{error}");
    assert!(error.to_string().contains("the file has 2 hard links"), "{error}");
    assert_eq!(fs::read_to_string(&other).unwrap(), OLD);

    let inode = fs::metadata(&path).unwrap().ino();
    io::write_atomic_with(&path, NEW, SaveOptions { force: true, ..Default::default() }).unwrap();
    assert_eq!(fs::read(&path).unwrap(), NEW);
    assert_eq!(fs::read(&other).unwrap(), NEW, "the other link sees the new text");
    assert_eq!(fs::metadata(&path).unwrap().ino(), inode, "still the same file");
    assert_eq!(fs::metadata(&path).unwrap().nlink(), 2);
    assert_eq!(names(dir.path()), ["other-name.ron", "shared.ron"]);

    // A shorter text leaves no tail of the longer old one.
    io::write_atomic_with(
        &path,
        b"Scenario(title: \"x\")\n",
        SaveOptions { force: true, ..Default::default() },
    )
    .unwrap();
    assert_eq!(fs::read_to_string(&other).unwrap(), "Scenario(title: \"x\")\n");
}

#[test]
fn text_larger_than_the_read_limit_is_not_written() {
    let dir = folder();
    let path = file_with_mode(dir.path(), "big.ron", 0o644);
    let big = vec![b' '; io::MAX_FILE_BYTES as usize + 1];
    let error = io::write_atomic(&path, &big).expect_err("over the limit");
    assert!(matches!(error, SaveError::TooLarge { .. }));
    assert!(
        error
            .to_string()
            .starts_with("the new text would be 16.0 MiB, and files larger than 16 MiB cannot be read back"),
        "{error}"
    );
    assert_eq!(fs::read_to_string(&path).unwrap(), OLD);
    assert_eq!(names(dir.path()), ["big.ron"]);
    // Exactly at the limit is fine.
    io::write_atomic(&path, &big[1..]).unwrap();
}

#[test]
fn temporary_files_of_crashed_saves_are_removed_and_live_ones_kept() {
    let dir = folder();
    let path = file_with_mode(dir.path(), "s.ron", 0o644);
    // A process id that is not running (above the kernel's pid_max), one that is (this test's
    // parent, or init), a temporary file of another file, and a look-alike that is not ours.
    let dead = dir.path().join(".s.ron.4999999.tmp");
    let live = dir.path().join(format!(".s.ron.{}.tmp", std::os::unix::process::parent_id()));
    let other_file = dir.path().join(".t.ron.4999999.tmp");
    let not_ours = dir.path().join(".s.ron.12ab.tmp");
    for stale in [&dead, &live, &other_file, &not_ours] {
        fs::write(stale, "torn").unwrap();
    }
    io::write_atomic(&path, NEW).unwrap();
    assert!(!dead.exists(), "a dead process's temporary file is removed");
    assert!(live.exists(), "a running process's temporary file is left alone");
    assert!(other_file.exists() && not_ours.exists());
    assert_eq!(fs::read(&path).unwrap(), NEW);
}

#[test]
fn a_folder_or_a_pipe_is_not_overwritten() {
    let dir = folder();
    let error = io::write_atomic(dir.path(), NEW).expect_err("a folder");
    assert!(matches!(error, SaveError::NotAFile), "{error}");
    let fifo = dir.path().join("pipe.ron");
    if std::process::Command::new("mkfifo").arg(&fifo).status().is_ok_and(|s| s.success()) {
        let error = io::write_atomic(&fifo, NEW).expect_err("a pipe");
        assert!(matches!(error, SaveError::NotAFile), "{error}");
        assert!(fs::symlink_metadata(&fifo).unwrap().file_type().is_fifo());
    }
}

#[test]
fn a_fifo_is_refused_at_once_rather_than_waited_on() {
    let dir = folder();
    let fifo = dir.path().join("pipe.ron");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("mkfifo is not available; skipped");
        return;
    }
    let started = std::time::Instant::now();
    let error = io::load_file(&fifo).expect_err("a pipe is no scenario");
    assert!(started.elapsed().as_secs() < 5);
    assert_eq!(
        error.to_string(),
        format!(
            "{}: this is a named pipe (FIFO), not a regular file; georisk reads only regular files",
            fifo.display()
        )
    );
}

#[test]
fn dev_zero_and_a_folder_are_refused_as_not_regular_files() {
    let error = io::load_file(Path::new("/dev/zero")).expect_err("a device");
    assert!(error.to_string().contains("this is a device, not a regular file"), "{error}");
    let dir = folder();
    let error = io::load_file(dir.path()).expect_err("a folder");
    assert!(error.to_string().contains("this is a folder, not a regular file"), "{error}");
}

#[test]
fn a_utf8_byte_order_mark_is_accepted() {
    let dir = folder();
    let path = dir.path().join("bom.ron");
    fs::write(&path, "\u{feff}Scenario(title: \"with a BOM\")\n").unwrap();
    assert_eq!(io::load_file(&path).unwrap().title, "with a BOM");
    assert_eq!(io::parse_str("\u{feff}Scenario(title: \"x\")").unwrap().title, "x");
    // Positions on the first line do not count the mark.
    fs::write(&path, "\u{feff}Scenario(titel: \"x\")\n").unwrap();
    let error = io::load_file(&path).expect_err("typo");
    assert_eq!(error.diagnostics[0].column, Some(10), "{error}");
}

#[test]
fn the_recovery_file_keeps_working_through_the_new_save() {
    let dir = folder();
    let store = io::RecoveryStore::in_folder(dir.path());
    let instance = store.start_instance().unwrap();
    instance.write(None, &georisk::model::Scenario::new("draft")).unwrap();
    assert_eq!(mode(&instance.path()) & 0o600, 0o600);
    assert_eq!(instance.read().unwrap().unwrap().scenario.title, "draft");
}

#[test]
fn a_file_changed_since_it_was_read_is_left_alone_unless_the_check_is_dropped() {
    let dir = folder();
    let path = file_with_mode(dir.path(), "shared.ron", 0o644);
    let (_, stamp) = io::read_text_stamped(&path).unwrap();
    let checked = SaveOptions { expected: Some(stamp), ..Default::default() };

    // Someone else saves the file: the same length, so only the content can tell.
    let theirs = OLD.replace("old", "OLD");
    assert_eq!(theirs.len(), OLD.len());
    fs::write(&path, &theirs).unwrap();
    let refused = io::write_atomic_with(&path, NEW, checked).unwrap_err();
    assert!(matches!(refused, SaveError::ChangedOnDisk), "{refused:?}");
    assert!(refused.to_string().contains("changed on disk since it was opened"), "{refused}");
    assert_eq!(fs::read_to_string(&path).unwrap(), theirs, "their text is kept");
    assert_eq!(names(dir.path()), ["shared.ron"], "no temporary file is left");

    // Touched but not changed: the same bytes are not a change.
    fs::write(&path, OLD).unwrap();
    let written = io::write_atomic_with(&path, NEW, checked).unwrap();
    assert_eq!(fs::read(&path).unwrap(), NEW);

    // The stamp a save returns is what the next save checks against.
    let next = SaveOptions { expected: Some(written), ..Default::default() };
    io::write_atomic_with(&path, OLD.as_bytes(), next).unwrap();
    assert_eq!(fs::read_to_string(&path).unwrap(), OLD);

    // A longer or deleted file: changed in length is refused; deleted is written anew.
    fs::write(&path, format!("{OLD}// more\n")).unwrap();
    let stale = SaveOptions { expected: Some(written), ..Default::default() };
    assert!(matches!(io::write_atomic_with(&path, NEW, stale), Err(SaveError::ChangedOnDisk)));
    fs::remove_file(&path).unwrap();
    io::write_atomic_with(&path, NEW, stale).unwrap();
    assert_eq!(fs::read(&path).unwrap(), NEW);
}
