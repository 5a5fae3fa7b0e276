//! `georisk validate` and `georisk fmt`, run as a user runs them: the real binary, real files,
//! exit codes, stdout and stderr.

mod cli_support;

use cli_support::{Run, command, run};
use georisk::io;
use std::path::{Path, PathBuf};

fn georisk(args: &[&str], files: &[&Path]) -> Run {
    run(command().args(args).args(files))
}

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

/// The contract, the corpus base and every example in `scenarios/`.
fn valid_files() -> Vec<PathBuf> {
    let mut files = vec![repo("tests/fixtures/contract.ron"), repo("tests/corpus/valid/base.ron")];
    let mut examples: Vec<PathBuf> = std::fs::read_dir(repo("scenarios"))
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    examples.sort();
    assert!(!examples.is_empty(), "scenarios/ holds the example library");
    files.extend(examples);
    files
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{e}"))
        .map(|entry| entry.unwrap_or_else(|e| panic!("{e}")).file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn validate_accepts_the_contract_and_every_example_and_says_so() {
    let files = valid_files();
    let paths: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let run = georisk(&["validate"], &paths);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stderr, "");
    for file in &files {
        assert!(run.stdout.contains(&format!("{}: ok", file.display())), "{}", run.stdout);
    }
}

#[test]
fn validate_rejects_a_broken_file_with_file_line_column_and_shows_the_line() {
    let file = repo("tests/corpus/broken/unknown-market-transposed.ron");
    let run = georisk(&["validate"], &[&file]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, "");
    let expected = format!(
        "{}:24:13: events[1] \"ru-satellite-tech\": market \"kopsi\" is not defined (did you mean \"kospi\"?)",
        file.display()
    );
    assert!(run.stderr.starts_with(&expected), "{}", run.stderr);
    assert!(run.stderr.contains("24 |             id: \"ru-satellite-tech\","), "{}", run.stderr);
}

#[test]
fn validate_reports_every_file_of_one_run() {
    let good = repo("tests/fixtures/contract.ron");
    let syntax = repo("tests/corpus/broken/unknown-field-typo.ron");
    let semantic = repo("tests/corpus/broken/link-cycle.ron");
    let missing = repo("tests/corpus/broken/no-such-file.ron");
    let run = georisk(&["validate"], &[&syntax, &good, &semantic, &missing]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains(&format!("{}: ok", good.display())), "{}", run.stdout);
    let stderr = &run.stderr;
    assert!(
        stderr.contains(&format!(
            "{}:10:80: markets[0].volatilty: Unexpected field named `volatilty`",
            syntax.display()
        )),
        "{stderr}"
    );
    assert!(stderr.contains(&format!("{}:44:14: links[0]", semantic.display())), "{stderr}");
    assert!(stderr.contains("links form a cycle"), "{stderr}");
    assert!(stderr.contains(&format!("{}: cannot read the file", missing.display())), "{stderr}");
    assert!(stderr.contains("3 of 4 files invalid"), "{stderr}");
}

#[test]
fn validate_lists_every_problem_of_a_file() {
    let file = repo("tests/corpus/several/five-problems.ron");
    let run = georisk(&["validate"], &[&file]);
    assert_eq!(run.code, 1);
    for line in [10, 8, 13, 15, 17] {
        assert!(run.stderr.contains(&format!("{}:{line}:", file.display())), "{}", run.stderr);
    }
    assert!(run.stderr.contains("5 problems"), "{}", run.stderr);
}

/// A temporary folder holding one copy of the contract file, which is valid but not canonical.
fn folder_with_contract() -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let path = dir.path().join("contract.ron");
    let text = std::fs::read_to_string(repo("tests/fixtures/contract.ron")).unwrap_or_else(|e| panic!("{e}"));
    let scenario = io::parse_str(&text).unwrap_or_else(|e| panic!("{e:?}"));
    assert_ne!(io::to_ron_string(&scenario), text, "the contract is hand-formatted, not canonical");
    std::fs::write(&path, &text).unwrap_or_else(|e| panic!("{e}"));
    (dir, path, text)
}

#[test]
fn fmt_check_names_a_file_that_would_change_and_leaves_it_alone() {
    let (dir, path, original) = folder_with_contract();
    let run = georisk(&["fmt", "--check"], &[&path]);
    assert_eq!(run.code, 1);
    assert_eq!(run.stdout, format!("{}: would be reformatted\n", path.display()));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    assert_eq!(names_in(dir.path()), ["contract.ron"]);
}

#[test]
fn fmt_rewrites_canonically_without_leaving_temporary_files_and_then_check_passes() {
    let (dir, path, original) = folder_with_contract();
    let run = georisk(&["fmt"], &[&path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(run.stdout, format!("{}: reformatted\n", path.display()));

    let rewritten = std::fs::read_to_string(&path).unwrap();
    let before = io::parse_str(&original).unwrap();
    let after = io::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(after, before, "formatting must not change the scenario");
    assert_eq!(rewritten, io::to_ron_string(&before));
    assert_eq!(names_in(dir.path()), ["contract.ron"], "no temporary file left behind");

    let again = georisk(&["fmt", "--check"], &[&path]);
    assert_eq!((again.code, again.stdout.as_str()), (0, ""), "{}", again.stderr);
}

#[test]
fn fmt_refuses_a_file_with_comments_and_leaves_it_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("commented.ron");
    let original = std::fs::read_to_string(repo("tests/fixtures/contract.ron"))
        .unwrap()
        .replace("    horizon_months: 12,\n", "    // a year ahead\n    horizon_months: 12,\n");
    std::fs::write(&path, &original).unwrap();
    for args in [&["fmt"][..], &["fmt", "--check"]] {
        let run = georisk(args, &[&path]);
        assert_eq!(run.code, 1, "{args:?}");
        assert!(
            run.stderr.starts_with(&format!("{}:4:5: has comments", path.display())),
            "{args:?}: {}",
            run.stderr
        );
        assert!(run.stderr.contains("notes"), "the message says where commentary belongs");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    }
    assert_eq!(names_in(dir.path()), ["commented.ron"]);
}

#[test]
fn fmt_leaves_a_broken_file_unchanged_and_says_where_it_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("broken.ron");
    let original = std::fs::read(repo("tests/corpus/broken/truncated.ron")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let run = georisk(&["fmt"], &[&path]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with(&format!("{}:24:15: ", path.display())), "{}", run.stderr);
    assert_eq!(std::fs::read(&path).unwrap(), original);
}

#[test]
fn fmt_check_passes_on_canonical_files() {
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (i, file) in valid_files().iter().enumerate() {
        let scenario = io::load_file(file).unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join(format!("{i}.ron"));
        io::save_file(&path, &scenario).unwrap();
        paths.push(path);
    }
    let paths: Vec<&Path> = paths.iter().map(PathBuf::as_path).collect();
    let run = georisk(&["fmt", "--check"], &paths);
    assert_eq!((run.code, run.stdout.as_str(), run.stderr.as_str()), (0, "", ""));
}

/// The contract file with its title replaced.
fn contract_titled(dir: &Path, title_ron: &str) -> PathBuf {
    let text = std::fs::read_to_string(repo("tests/fixtures/contract.ron")).unwrap_or_else(|e| panic!("{e}"));
    let scenario = io::parse_str(&text).unwrap_or_else(|e| panic!("{e:?}"));
    let canonical = io::to_ron_string(&scenario);
    let old = format!("title: \"{}\"", scenario.title);
    assert!(canonical.contains(&old));
    let path = dir.join("titled.ron");
    std::fs::write(&path, canonical.replacen(&old, &format!("title: {title_ron}"), 1))
        .unwrap_or_else(|e| panic!("{e}"));
    path
}

#[test]
fn fmt_formats_a_file_with_problems_and_says_how_many_remain() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("problems.ron");
    let text = std::fs::read_to_string(repo("tests/corpus/several/five-problems.ron")).unwrap();
    std::fs::write(&path, &text).unwrap();
    let run = georisk(&["fmt"], &[&path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!("{}: reformatted; 5 problems remain (see `georisk validate`)\n", path.display())
    );
    let scenario = io::parse_str(&text).unwrap();
    assert_eq!(std::fs::read_to_string(&path).unwrap(), io::to_ron_string(&scenario));
    let again = georisk(&["fmt"], &[&path]);
    assert_eq!(
        again.stdout,
        format!("{}: already canonical; 5 problems remain (see `georisk validate`)\n", path.display())
    );
}

#[test]
fn fmt_does_not_write_text_that_georisk_could_not_read_back() {
    // 9 MB of raw line feeds in a note: canonical form writes each as `\n`, 18 MB in all.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newlines.ron");
    let text = format!("Scenario(title: \"x\", notes: \"{}\")\n", "\n".repeat(9_000_000));
    std::fs::write(&path, &text).unwrap();
    let run = georisk(&["fmt"], &[&path]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "{}: not reformatted: the new text would be 17.2 MiB, and files larger than 16 MiB cannot \
             be read back, so nothing was written\n",
            path.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    assert_eq!(names_in(dir.path()), ["newlines.ron"]);
}

#[cfg(unix)]
#[test]
fn fmt_refuses_a_read_only_file_unless_forced_and_keeps_it_read_only() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path, original) = folder_with_contract();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let run = georisk(&["fmt"], &[&path]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        format!(
            "{}: not reformatted: the file is read-only (mode 0444); it was left unchanged; pass --force \
             to write it anyway\n",
            path.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), original);
    let forced = georisk(&["fmt", "--force"], &[&path]);
    assert_eq!(forced.code, 0, "{}", forced.stderr);
    assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o444);
    assert_ne!(std::fs::read_to_string(&path).unwrap(), original);
    assert_eq!(names_in(dir.path()), ["contract.ron"]);
}

#[test]
fn validate_and_run_escape_what_a_terminal_would_obey() {
    let dir = tempfile::tempdir().unwrap();
    // ESC [2J clears the screen; U+202E makes "tnerb" display as "brent".
    let path = contract_titled(dir.path(), "\"\u{1b}[2J\u{1b}[31mRed \u{202e}tnerb\u{7}\"");
    let raw = |s: &str| s.chars().any(|c| c != '\n' && c != '\t' && georisk::io::printable::is_unsafe(c));

    let run = georisk(&["validate"], &[&path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!raw(&run.stdout), "{:?}", run.stdout);
    assert!(run.stdout.contains("\"\\u{1b}[2J\\u{1b}[31mRed \\u{202e}tnerb\\u{7}\""), "{}", run.stdout);

    let table = georisk(&["run", "--trials", "2000"], &[&path]);
    assert_eq!(table.code, 0, "{}", table.stderr);
    assert!(!raw(&table.stdout), "{:?}", table.stdout);
    assert!(table.stdout.contains("\\u{202e}tnerb"), "{}", table.stdout);

    let json = georisk(&["run", "--trials", "2000", "--format", "json"], &[&path]);
    assert_eq!(json.code, 0, "{}", json.stderr);
    assert!(!raw(&json.stdout), "{:?}", json.stdout);
    // Still JSON, and the same title once read.
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert!(value.to_string().contains("\u{202e}tnerb"));

    let csv = georisk(&["run", "--trials", "2000", "--format", "csv"], &[&path]);
    assert_eq!(csv.code, 0, "{}", csv.stderr);
    assert!(!raw(&csv.stdout), "{:?}", csv.stdout);
}

#[test]
fn a_long_title_is_elided_with_its_length_by_validate() {
    let dir = tempfile::tempdir().unwrap();
    let path = contract_titled(dir.path(), &format!("\"{}\"", "t".repeat(100_000)));
    let run = georisk(&["validate"], &[&path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("… (100,000 characters)\""), "{}", run.stdout);
    assert!(run.stdout.len() < 500);
}

#[test]
fn a_file_name_with_control_characters_is_escaped_in_messages() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("evil\u{1b}[2J.ron");
    std::fs::write(&path, "Scenario(titel: \"x\")").unwrap();
    let run = georisk(&["validate"], &[&path]);
    assert_eq!(run.code, 1);
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
    assert!(run.stderr.contains("evil\\u{1b}[2J.ron:1:10: "), "{}", run.stderr);
}

#[test]
fn fmt_formats_a_file_whose_problem_is_a_nan() {
    // Found by fuzzing: NaN equals nothing, so comparing scenarios refused this file as a bug.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nan.ron");
    std::fs::copy(repo("tests/corpus/broken/matrix-nan-edge.ron"), &path).unwrap();
    let run = georisk(&["fmt"], &[&path]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout,
        format!("{}: reformatted; 1 problem remains (see `georisk validate`)\n", path.display())
    );
    assert!(std::fs::read_to_string(&path).unwrap().contains("NaN"));
}
