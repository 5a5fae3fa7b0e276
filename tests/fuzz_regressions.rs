//! Inputs the fuzz targets in `fuzz/` found, each kept as a test of what the target checks.

use georisk::io;

/// What `fuzz/fuzz_targets/load_fmt.rs` checks for one input.
fn load_fmt_holds(text: &str) {
    if let Err(error) = io::load_str(text, "fuzz.ron") {
        assert!(error.diagnostics.len() <= io::MAX_LISTED);
        let rendered = error.to_string();
        assert!(
            !rendered.chars().any(|c| !matches!(c, '\n' | '\t') && io::printable::is_unsafe(c)),
            "unsafe character in {rendered:?}"
        );
    }
    if let Ok(scenario) = io::parse_str(text) {
        let canonical = io::to_ron_string(&scenario);
        let back = io::parse_str(&canonical).unwrap_or_else(|d| panic!("{d:?}"));
        assert_eq!(io::to_ron_string(&back), canonical);
        if georisk::model::validate(&scenario).is_empty() {
            assert_eq!(back, scenario);
        }
    }
}

#[test]
fn a_nan_in_a_file_with_problems_round_trips_as_text() {
    let text = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/broken/matrix-nan-edge.ron"),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    load_fmt_holds(&text);
}

#[test]
fn shift_out_characters_in_the_shown_line_are_escaped() {
    let text = "   \u{e}\t  \u{e}\t";
    load_fmt_holds(text);
    let error = io::load_str(text, "fuzz.ron").expect_err("not a scenario");
    assert!(error.to_string().contains("1 |    \\u{e}\t  \\u{e}\t"), "{error}");
}
