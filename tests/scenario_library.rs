//! The example library in `scenarios/`: every file loads and validates, is byte-for-byte what the
//! app would save, teaches (notes on every event, labelled illustrative), and is built into the
//! binary. The folder is read at test time, so a new file is covered without touching this test.

use georisk::io;
use georisk::model::Scenario;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

const FLAGSHIP: &str = "russia-dprk-2024.ron";

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

/// Every `*.ron` file in `scenarios/`, sorted by name.
fn scenario_files() -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(library())
        .expect("scenarios/ can be read")
        .map(|entry| entry.expect("a readable folder entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "ron"))
        .collect();
    files.sort();
    files
}

fn name_of(path: &Path) -> String {
    path.file_name().expect("a file name").to_string_lossy().into_owned()
}

fn load(path: &Path) -> Scenario {
    io::load_file(path).unwrap_or_else(|e| panic!("{} does not load:\n{e}", path.display()))
}

/// The first line where two texts differ, for a message that shows what `georisk fmt` would change.
fn first_difference(expected: &str, actual: &str) -> String {
    let mut expected_lines = expected.lines();
    let mut actual_lines = actual.lines();
    for line in 1.. {
        match (expected_lines.next(), actual_lines.next()) {
            (None, None) => return "the texts differ only in line endings".to_owned(),
            (e, a) if e != a => {
                let show = |l: Option<&str>| l.map_or("(end of file)".to_owned(), |l| format!("{l:?}"));
                return format!("line {line}:\n  canonical: {}\n  in file:   {}", show(e), show(a));
            }
            _ => {}
        }
    }
    unreachable!("the loop returns")
}

#[test]
fn the_library_has_at_least_six_scenarios() {
    let files = scenario_files();
    assert!(files.len() >= 6, "only {} scenarios in scenarios/: {files:?}", files.len());
}

#[test]
fn every_scenario_loads_and_validates() {
    let failures: Vec<String> =
        scenario_files().iter().filter_map(|path| io::load_file(path).err().map(|e| e.to_string())).collect();
    assert!(failures.is_empty(), "scenarios that do not load:\n{}", failures.join("\n"));
}

#[test]
fn every_scenario_is_in_canonical_form() {
    for path in scenario_files() {
        let text = std::fs::read_to_string(&path).expect("the file can be read");
        let canonical = io::to_ron_string(&load(&path));
        assert!(
            canonical == text,
            "{} is not in canonical form (run `georisk fmt` on it); first difference at {}",
            path.display(),
            first_difference(&canonical, &text)
        );
    }
}

#[test]
fn load_save_load_gives_an_equal_scenario_and_the_same_bytes() {
    let folder = tempfile::tempdir().expect("a temporary folder");
    for path in scenario_files() {
        let loaded = load(&path);
        let copy = folder.path().join(name_of(&path));
        io::save_file(&copy, &loaded).expect("the scenario can be saved");
        assert_eq!(io::load_file(&copy).expect("the saved copy loads"), loaded, "{}", path.display());
        let original = std::fs::read(&path).expect("the file can be read");
        let saved = std::fs::read(&copy).expect("the copy can be read");
        assert!(saved == original, "saving {} changes its bytes", path.display());
    }
}

#[test]
fn every_scenario_has_10_to_40_events() {
    for path in scenario_files() {
        let events = load(&path).events.len();
        assert!(
            (10..=40).contains(&events),
            "{} has {events} events; the library wants 10 to 40",
            path.display()
        );
    }
}

#[test]
fn every_scenario_says_its_numbers_are_illustrative() {
    for path in scenario_files() {
        let scenario = load(&path);
        let label = format!("{} {}", scenario.title, scenario.description).to_lowercase();
        assert!(
            label.contains("illustrative"),
            "{}: title or description must say it is illustrative",
            path.display()
        );
    }
}

#[test]
fn every_event_explains_itself_in_notes() {
    for path in scenario_files() {
        let scenario = load(&path);
        let silent: Vec<&str> = scenario
            .events
            .iter()
            .filter(|e| e.notes.as_deref().is_none_or(|n| n.trim().is_empty()))
            .map(|e| e.id.as_str())
            .collect();
        assert!(silent.is_empty(), "{}: events without notes: {silent:?}", path.display());
    }
}

#[test]
fn every_variant_of_every_scenario_still_validates() {
    for path in scenario_files() {
        let scenario = load(&path);
        for variant in &scenario.variants {
            let applied = scenario.with_variant(&variant.name).expect("the variant exists");
            let problems = georisk::model::validate(&applied);
            assert!(problems.is_empty(), "{} variant {:?}: {problems:?}", path.display(), variant.name);
        }
    }
}

#[test]
fn the_bundled_list_is_the_library_with_the_flagship_first() {
    let on_disk: BTreeSet<String> = scenario_files().iter().map(|p| name_of(p)).collect();
    let bundled: BTreeSet<String> = io::BUNDLED.iter().map(|(name, _)| (*name).to_owned()).collect();
    assert_eq!(bundled.len(), io::BUNDLED.len(), "a scenario is bundled twice");
    assert_eq!(bundled, on_disk, "io::BUNDLED and the files in scenarios/ differ");
    assert_eq!(io::BUNDLED[0].0, FLAGSHIP, "the flagship must open first");
}

#[test]
fn bundled_texts_are_the_files_and_load() {
    for (name, text) in io::BUNDLED {
        let on_disk = std::fs::read_to_string(library().join(name)).expect("the bundled file exists");
        assert!(*text == on_disk, "the bundled text of {name} is not the file");
        io::load_str(text, name).unwrap_or_else(|e| panic!("bundled {name} does not load:\n{e}"));
    }
}

fn readme() -> String {
    std::fs::read_to_string(library().join("README.md")).expect("scenarios/README.md exists")
}

/// The ```ron blocks of a Markdown text.
fn ron_blocks(markdown: &str) -> Vec<&str> {
    markdown.split("```ron\n").skip(1).map(|rest| rest.split("\n```").next().unwrap_or(rest)).collect()
}

#[test]
fn every_example_in_the_readme_loads() {
    let text = readme();
    let blocks = ron_blocks(&text);
    assert!(blocks.len() >= 3, "the README should show complete examples, found {}", blocks.len());
    for (i, block) in blocks.iter().enumerate() {
        io::load_str(block, &format!("README example {}", i + 1))
            .unwrap_or_else(|e| panic!("README example {} does not load:\n{e}\n{block}", i + 1));
    }
}

#[test]
fn the_readme_lists_every_scenario() {
    let text = readme();
    let missing: Vec<String> = scenario_files()
        .iter()
        .map(|p| name_of(p))
        .filter(|name| !text.contains(&format!("`{name}`")))
        .collect();
    assert!(missing.is_empty(), "scenarios/README.md does not list {missing:?}");
}

#[test]
fn every_scenario_has_valid_correlations_and_says_what_format_2_changed() {
    for path in scenario_files() {
        let s = load(&path);
        assert!(
            !s.correlations.is_empty(),
            "{}: markets' background moves need correlations",
            name_of(&path)
        );
        let notes = s.notes.as_deref().unwrap_or_default();
        assert!(notes.contains("Format 2"), "{}: the notes say what changed in format 2", name_of(&path));
    }
}

/// The default risk matrix must separate events: in each bundled scenario, placed by the size of
/// their causal impact (at 20,000 trials with the file's seed), no impact column holds more than
/// half of the events and at least three columns are used.
#[test]
fn the_default_impact_columns_spread_every_scenario() {
    use georisk::engine::{self, Control, Settings};
    for path in scenario_files() {
        let s = load(&path);
        if !s.matrix.is_default() {
            continue;
        }
        let settings = Settings { trials: 20_000, ..Settings::for_scenario(&s) };
        let analysis = engine::analyse(&s, &settings, &Control::new()).expect("the scenario runs");
        let mut columns = vec![0usize; s.matrix.impact_bins()];
        for impact in &analysis.impacts {
            columns[impact.impact_bin] += 1;
        }
        let events = s.events.len();
        assert!(
            columns.iter().all(|&c| 2 * c <= events),
            "{}: a column holds more than half of {events} events: {columns:?}",
            name_of(&path)
        );
        assert!(columns.iter().filter(|&&c| c > 0).count() >= 3, "{}: {columns:?}", name_of(&path));
    }
}
