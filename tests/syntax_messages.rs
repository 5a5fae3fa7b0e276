//! Syntax errors as a person reads them: a missing comma or bracket is reported where it goes
//! (the end of the item before it, not the start of the next line) and named in words. Each case
//! is `tests/corpus/valid/base.ron` with one edit, and the expected first line of what
//! `georisk validate` prints: `file:line:column: path: message`.

use georisk::io;
use std::path::Path;

fn base() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/valid/base.ron");
    std::fs::read_to_string(path).expect("the corpus base is readable")
}

/// `base.ron` with `from` (which must occur once) replaced by `to`.
fn edited(from: &str, to: &str) -> String {
    let base = base();
    assert_eq!(base.matches(from).count(), 1, "{from:?} must occur once in the base");
    base.replacen(from, to, 1)
}

/// Loads `text` and checks the first line of the rendered error, and the position on its own.
fn check(text: &str, line: usize, column: usize, first_line: &str) {
    let error = io::load_str(text, "base.ron").expect_err("the text is broken");
    let [diagnostic] = error.diagnostics.as_slice() else { panic!("expected one problem, got:\n{error}") };
    assert_eq!((diagnostic.line, diagnostic.column), (Some(line), Some(column)), "{error}");
    let rendered = error.to_string();
    assert_eq!(rendered.lines().next(), Some(first_line), "{rendered}");
}

#[test]
fn a_missing_comma_between_two_fields_is_placed_after_the_first_and_names_it() {
    let text = edited("likelihood: 0.8,", "likelihood: 0.8");
    check(&text, 19, 28, "base.ron:19:28: events[0]: expected a comma or `)` after the `likelihood` field");
}

#[test]
fn a_missing_comma_between_two_events_is_placed_after_the_first_events_bracket() {
    let first_end = "        ),\n        Event(\n            id: \"ru-satellite-tech\"";
    let text = edited(first_end, &first_end.replacen("),", ")", 1));
    check(
        &text,
        22,
        10,
        "base.ron:22:10: events: expected a comma or `]` after `Event(…)` in the `events` list",
    );
}

#[test]
fn a_missing_comma_between_map_entries_names_the_entry_before_it() {
    let text = edited("\"korea\": Moderate, \"russia\"", "\"korea\": Moderate \"russia\"");
    check(
        &text,
        20,
        40,
        "base.ron:20:40: events[0].regions: expected a comma or `}` after the entry for \"korea\"",
    );
}

#[test]
fn an_unclosed_parenthesis_at_the_end_of_the_file_names_the_bracket_and_where_to_close_it() {
    let base = base();
    let text = base.trim_end().strip_suffix(')').expect("the base ends with `)`");
    check(
        text,
        61,
        7,
        "base.ron:61:7: the file ends before `Scenario(` from line 1 is closed: expected `)` here; \
         is the file truncated or missing a closing bracket?",
    );
}

#[test]
fn an_unclosed_parenthesis_after_a_field_asks_for_a_comma_or_the_bracket_after_it() {
    let text = "Scenario(\n    title: \"Short\",\n    horizon_months: 12 // a year\n";
    check(
        text,
        3,
        23,
        "base.ron:3:23: the file ends before `Scenario(` from line 1 is closed: expected a comma or \
         `)` after the `horizon_months` field; is the file truncated or missing a closing bracket?",
    );
}
