//! `georisk merge`, run as a user and as git run it: the fixture set in `tests/fixtures/merge/`
//! (each folder: base, mine and theirs, the expected file written by hand, and `conflicts.txt`
//! when the merge must report conflicts and exit 1), and a real `git merge` with georisk
//! registered as the merge driver.

mod cli_support;

use cli_support::{Run, command, run};
use georisk::io;
use georisk::model::{Likelihood, Scenario};
use std::path::{Path, PathBuf};
use std::process::Command;

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn fixture_cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merge");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|path| path.is_dir())
        .collect();
    cases.sort();
    cases
}

#[test]
fn every_fixture_merges_to_its_expected_file_and_exit_code() {
    let cases = fixture_cases();
    assert!(cases.len() >= 7, "the fixture set is in tests/fixtures/merge: {cases:?}");
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    for case in cases {
        let name = case.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        let out = dir.path().join(format!("{name}.ron"));
        let result = run(command()
            .arg("merge")
            .args(["base.ron", "mine.ron", "theirs.ron"].map(|f| case.join(f)))
            .arg("-o")
            .arg(&out));
        let expected_conflicts = std::fs::read_to_string(case.join("conflicts.txt")).unwrap_or_default();
        let expected_code = if expected_conflicts.is_empty() { 0 } else { 1 };
        assert_eq!(result.code, expected_code, "{name}: {}", result.stderr);
        // The expected file was written by hand; it is compared as a scenario (and its canonical
        // text), so its own layout does not matter.
        let expected = io::load_file(&case.join("expected.ron")).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(read(&out), io::to_ron_string(&expected), "{name}: merged file differs");
        for line in expected_conflicts.lines() {
            assert!(result.stderr.contains(line), "{name}: stderr lacks {line:?}:\n{}", result.stderr);
        }
        let listed = result.stderr.lines().filter(|l| l.contains(": conflict in ")).count();
        assert_eq!(listed, expected_conflicts.lines().count(), "{name}: {}", result.stderr);
        if expected_code == 0 {
            assert!(result.stdout.contains("merged cleanly"), "{name}: {}", result.stdout);
        }
    }
}

#[test]
fn an_input_that_does_not_parse_stops_the_merge_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let good =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/merge/likelihood-and-note/base.ron");
    let broken = dir.path().join("broken.ron");
    std::fs::write(&broken, "Scenario(title: 5)").unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("out.ron");
    let result = run(command().arg("merge").arg(&good).arg(&broken).arg(&good).arg("-o").arg(&out));
    assert_eq!(result.code, 2, "{}", result.stderr);
    assert!(result.stderr.contains("MINE") && result.stderr.contains("broken.ron:1:"), "{}", result.stderr);
    assert!(!out.exists());
}

fn git(repo: &Path, args: &[&str]) -> Run {
    run(Command::new("git")
        .current_dir(repo)
        .args(args)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Analyst")
        .env("GIT_AUTHOR_EMAIL", "analyst@example.org")
        .env("GIT_COMMITTER_NAME", "Analyst")
        .env("GIT_COMMITTER_EMAIL", "analyst@example.org"))
}

fn git_ok(repo: &Path, args: &[&str]) -> String {
    let result = git(repo, args);
    assert_eq!(result.code, 0, "git {args:?}: {}{}", result.stdout, result.stderr);
    result.stdout
}

/// A repository whose `plan.ron` has event "a" (likelihood 0.2) and two branches from it:
/// `likelihood` sets its likelihood to 0.35, `notes` gives it a note. In canonical form the two
/// fields are on neighbouring lines, so a line-based merge of the branches conflicts.
fn two_branches(repo: &Path, with_driver: bool) {
    git_ok(repo, &["init", "-q", "-b", "main"]);
    let mut scenario = Scenario::new("Git merge test");
    let event = |id: &str, p: f64| georisk::model::Event {
        id: georisk::model::Id::new(id).unwrap_or_else(|e| panic!("{e}")),
        name: String::new(),
        kind: Default::default(),
        likelihood: Likelihood::point(p).unwrap_or_else(|e| panic!("{e}")),
        regions: Default::default(),
        markets: Default::default(),
        notes: None,
        criterion: None,
        resolution: None,
    };
    scenario.events = vec![event("a", 0.2), event("b", 0.3)];
    let plan = repo.join("plan.ron");
    io::save_file(&plan, &scenario).unwrap_or_else(|e| panic!("{e}"));
    if with_driver {
        std::fs::write(repo.join(".gitattributes"), "*.ron merge=georisk\n")
            .unwrap_or_else(|e| panic!("{e}"));
        let driver = format!("\"{}\" merge %O %A %B -o %A", env!("CARGO_BIN_EXE_georisk"));
        git_ok(repo, &["config", "merge.georisk.driver", &driver]);
    }
    git_ok(repo, &["add", "-A"]);
    git_ok(repo, &["commit", "-q", "-m", "base"]);

    git_ok(repo, &["checkout", "-q", "-b", "notes"]);
    scenario.events[0].notes = Some("Checked against the archive.".to_owned());
    io::save_file(&plan, &scenario).unwrap_or_else(|e| panic!("{e}"));
    git_ok(repo, &["commit", "-q", "-am", "note on a"]);

    git_ok(repo, &["checkout", "-q", "main"]);
    scenario.events[0].notes = None;
    scenario.events[0].likelihood = Likelihood::point(0.35).unwrap_or_else(|e| panic!("{e}"));
    io::save_file(&plan, &scenario).unwrap_or_else(|e| panic!("{e}"));
    git_ok(repo, &["commit", "-q", "-am", "a more likely"]);
}

#[test]
fn git_merge_with_the_driver_merges_two_branches_that_edited_one_event() {
    if run(Command::new("git").arg("--version")).code != 0 {
        panic!("git is needed for this test");
    }
    // Without the driver, git's line merge conflicts on these branches…
    let plain = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_branches(plain.path(), false);
    let result = git(plain.path(), &["merge", "-q", "--no-edit", "notes"]);
    assert_ne!(result.code, 0, "a line merge was expected to conflict: {}", result.stdout);

    // …with it, the merge is clean and keeps both edits.
    let repo = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    two_branches(repo.path(), true);
    let result = git(repo.path(), &["merge", "--no-edit", "notes"]);
    assert_eq!(result.code, 0, "{}{}", result.stdout, result.stderr);
    let merged = io::load_file(&repo.path().join("plan.ron")).unwrap_or_else(|e| panic!("{e}"));
    let a = merged.event("a").unwrap_or_else(|| panic!("event a is gone"));
    assert_eq!(a.likelihood, Likelihood::point(0.35).unwrap_or_else(|e| panic!("{e}")));
    assert_eq!(a.notes.as_deref(), Some("Checked against the archive."));
    assert_eq!(git_ok(repo.path(), &["status", "--porcelain"]), "", "the merge is committed");
}
