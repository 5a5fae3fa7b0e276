//! Bounded cost for any input: a hostile file with thousands of problems is answered quickly, in
//! little memory and with a short report — at most `MAX_LISTED` problems listed with the count of
//! the rest, each message and excerpt cut to a readable length, and validation stopped after a
//! fatal size error.
#![expect(clippy::unwrap_used, reason = "test helpers: a failed unwrap is a failed test")]

use georisk::io;
use georisk::model::validate::{MAX_ITEMS, MAX_PROBLEMS};
use std::fmt::Write as _;
use std::process::Command;
use std::time::Instant;

/// One line of `events` events, each with `padding` characters of notes and a shock on a market
/// that does not exist (`x0`, `x1`, ...).
fn one_long_line(events: usize, padding: usize) -> String {
    let notes = "n".repeat(padding);
    let mut text = String::from("Scenario(title: \"long line\", markets: [Market(id: \"m\")], events: [");
    for e in 0..events {
        write!(
            text,
            "Event(id: \"e{e}\", likelihood: 0.1, markets: {{\"x{e}\": Fixed(0.0)}}, notes: \"{notes}\"), "
        )
        .unwrap();
    }
    text.push_str("])\n");
    text
}

#[test]
fn a_16_mb_line_with_ten_thousand_unknown_references_is_answered_quickly_and_briefly() {
    let text = one_long_line(10_000, 1_500);
    assert!(text.len() > 15_000_000 && (text.len() as u64) < io::MAX_FILE_BYTES, "{}", text.len());
    let started = Instant::now();
    let error = io::load_str(&text, "long.ron").expect_err("10,000 unknown markets");
    let elapsed = started.elapsed();
    assert_eq!(error.total(), 10_000);
    assert_eq!(error.diagnostics.len(), io::MAX_LISTED);
    assert_eq!(error.more, 9_800);
    let rendered = error.to_string();
    assert!(rendered.ends_with("… and 9,800 more problems (only the first 200 are listed)"));
    // Each listed problem: a message and an excerpt of at most 200 characters of the line.
    assert!(rendered.len() < io::MAX_LISTED * 700, "{} bytes", rendered.len());
    assert!(elapsed.as_secs() < 30, "took {elapsed:?}");
    eprintln!("15.6 MB line, 10,000 problems: {elapsed:?}, {} bytes of report", rendered.len());
}

#[test]
fn fifty_thousand_misspelt_references_keep_a_thousand_problems_and_print_two_hundred() {
    // One event shocking 50,000 markets that are one letter off `kospi`.
    let mut text = String::from(
        "Scenario(title: \"typos\", markets: [Market(id: \"kospi\")], events: [Event(id: \"e\", likelihood: 0.1, markets: {",
    );
    for i in 0..50_000 {
        write!(text, "\"kospi{i}\": Fixed(0.0), ").unwrap();
    }
    text.push_str("})])\n");
    let scenario = io::parse_str(&text).unwrap();
    let checked = georisk::model::validate::check(&scenario);
    assert_eq!(checked.total, 50_000);
    assert_eq!(checked.problems.len(), MAX_PROBLEMS);
    let error = io::load_str(&text, "typos.ron").expect_err("50,000 unknown markets");
    assert_eq!((error.diagnostics.len(), error.more), (200, 49_800));
    assert!(error.to_string().len() < 200 * 700);
}

#[test]
fn a_ten_thousand_event_cycle_is_one_short_message() {
    let mut text = String::from("Scenario(title: \"cycle\", events: [");
    for e in 0..10_000 {
        write!(text, "Event(id: \"event-number-{e}\", likelihood: 0.1), ").unwrap();
    }
    text.push_str("], links: [");
    for e in 0..10_000 {
        write!(
            text,
            "Link(from: \"event-number-{e}\", to: \"event-number-{}\", odds: 2.0), ",
            (e + 1) % 10_000
        )
        .unwrap();
    }
    text.push_str("])\n");
    let error = io::load_str(&text, "cycle.ron").expect_err("a cycle");
    let cycle = error.diagnostics.iter().find(|d| d.message.contains("links form a cycle")).expect("cycle");
    assert!(
        cycle.message.chars().count() <= io::printable::MAX_MESSAGE_CHARS + 60,
        "{}",
        cycle.message.len()
    );
    assert!(cycle.message.contains("characters left out"), "{}", cycle.message);
    assert!(cycle.message.ends_with("links must not loop back"));
}

#[test]
fn too_many_variants_is_the_only_problem_reported() {
    let mut text = String::from("Scenario(title: \"variants\", variants: [");
    for v in 0..=MAX_ITEMS {
        // Every variant also overrides an event that does not exist: not checked past the size error.
        write!(text, "Variant(name: \"v{v}\", likelihoods: {{\"nope\": 0.5}}), ").unwrap();
    }
    text.push_str("])\n");
    let error = io::load_str(&text, "variants.ron").expect_err("too many variants");
    assert_eq!(error.total(), 1, "{}", error.diagnostics[0].message);
    assert_eq!(
        error.diagnostics[0].message,
        format!("the scenario has {} variants; at most {MAX_ITEMS} are supported", MAX_ITEMS + 1)
    );
}

#[test]
fn too_many_groups_is_refused_too() {
    let mut text = String::from("Scenario(title: \"groups\", groups: [");
    for g in 0..=MAX_ITEMS {
        write!(text, "ExclusiveGroup(id: \"g{g}\", events: []), ").unwrap();
    }
    text.push_str("])\n");
    let error = io::load_str(&text, "groups.ron").expect_err("too many groups");
    assert_eq!(error.total(), 1);
    assert!(error.diagnostics[0].message.contains("10001 exclusive groups; at most 10000"));
}

#[test]
fn validate_prints_a_bounded_report_for_a_hostile_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.ron");
    std::fs::write(&path, one_long_line(10_000, 1_500)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_georisk")).arg("validate").arg(&path).output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.len() < 200 * 700, "{} bytes", stderr.len());
    assert!(stderr.contains("… and 9,800 more problems"), "{}", &stderr[stderr.len() - 300..]);
    assert!(stderr.contains(": 10,000 problems"), "{}", &stderr[stderr.len() - 300..]);
}
