//! Outcomes in the file: `as_of`, an event's `criterion` and `resolution` load, save back to the
//! same bytes, and are checked against the horizon and the exclusive groups.

use georisk::io;
use georisk::model::{Date, Scenario, validate};

/// A dated scenario with one event resolved as happened, one as not, and one unresolved.
const DATED: &str = r#"Scenario(
    format: 2,
    title: "Outcomes",
    as_of: "2024-06-19",
    horizon_months: 12,
    events: [
        Event(
            id: "troops",
            kind: Custom,
            criterion: "Two of Reuters, AP and AFP report DPRK troops in Russia's Kursk region.",
            likelihood: 0.3,
            resolution: Resolution(happened: true, when: "2024-10-23", source: "Reuters, 23 Oct 2024: troops in Kursk"),
        ),
        Event(
            id: "test",
            kind: Custom,
            likelihood: 0.2,
            resolution: Resolution(happened: false, source: "CTBTO: no seismic event by 19 June 2025"),
        ),
        Event(
            id: "open",
            kind: Custom,
            likelihood: 0.5,
        ),
    ],
)
"#;

fn load(text: &str) -> Scenario {
    io::parse_str(text).unwrap_or_else(|e| panic!("{e:?}\n{text}"))
}

fn date(text: &str) -> Date {
    Date::parse(text).unwrap_or_else(|| panic!("{text} is a date"))
}

/// The problems validation reports, as "path: message".
fn problems(s: &Scenario) -> Vec<String> {
    validate(s).iter().map(ToString::to_string).collect()
}

#[test]
fn outcomes_load_with_their_dates_and_save_to_the_same_bytes() {
    let s = load(DATED);
    assert_eq!(s.as_of, Some(date("2024-06-19")));
    assert_eq!(s.horizon_end(), Some(date("2025-06-19")));
    let troops = s.event("troops").unwrap_or_else(|| panic!("troops"));
    assert!(troops.criterion.as_deref().is_some_and(|c| c.starts_with("Two of Reuters")));
    let r = troops.resolution.as_ref().unwrap_or_else(|| panic!("resolved"));
    assert_eq!((r.happened, r.when), (true, Some(date("2024-10-23"))));
    let test = s.event("test").and_then(|e| e.resolution.as_ref()).unwrap_or_else(|| panic!("resolved"));
    assert_eq!((test.happened, test.when), (false, None));
    assert_eq!(s.event("open").map(|e| e.resolution.is_none()), Some(true));
    assert_eq!(problems(&s), Vec::<String>::new());
    assert_eq!(io::to_ron_string(&s), DATED);
}

#[test]
fn written_with_some_the_optional_fields_load_the_same() {
    let explicit = DATED
        .replace(r#"as_of: "2024-06-19""#, r#"as_of: Some("2024-06-19")"#)
        .replace(r#"when: "2024-10-23""#, r#"when: Some("2024-10-23")"#)
        .replace("resolution: Resolution(happened: true", "resolution: Some(Resolution(happened: true")
        .replace("troops in Kursk\"),", "troops in Kursk\")),");
    assert_eq!(load(&explicit), load(DATED));
}

#[test]
fn a_date_the_calendar_lacks_is_a_load_error_naming_it() {
    let text = DATED.replace("2024-10-23", "2024-02-30");
    let error = io::load_str(&text, "outcomes.ron").expect_err("30 February is not a date").to_string();
    assert!(error.contains("\"2024-02-30\" is not a date (YYYY-MM-DD)"), "{error}");
    assert!(error.contains("outcomes.ron:12:"), "the error points at line 12: {error}");
}

#[test]
fn a_resolution_needs_a_source_and_takes_no_unknown_field() {
    let missing = DATED.replace(", source: \"CTBTO: no seismic event by 19 June 2025\"", "");
    let error = io::load_str(&missing, "outcomes.ron").expect_err("source is required").to_string();
    assert!(error.contains("source"), "{error}");
    let blank = load(&DATED.replace("CTBTO: no seismic event by 19 June 2025", "  "));
    assert_eq!(
        problems(&blank),
        ["events[1] \"test\": the resolution's source is blank; say where the outcome can be checked"]
    );
    let typo = DATED.replace("happened: false", "hapened: false");
    assert!(io::parse_str(&typo).is_err());
}

#[test]
fn outcome_dates_must_fall_from_the_forecast_to_the_horizon_end() {
    let before = load(&DATED.replace("2024-10-23", "2024-06-18"));
    assert_eq!(
        problems(&before),
        [
            "events[0] \"troops\": the resolution's date 2024-06-18 is before the forecast's as_of date 2024-06-19"
        ]
    );
    // The horizon's last day still counts; the day after does not, for an event that happened.
    assert_eq!(problems(&load(&DATED.replace("2024-10-23", "2025-06-19"))), Vec::<String>::new());
    let after = load(&DATED.replace("2024-10-23", "2025-06-20"));
    assert_eq!(problems(&after).len(), 1);
    assert!(problems(&after)[0].contains("after the horizon ends on 2025-06-19"), "{:?}", problems(&after));
    // Settling that something did not happen may come after the horizon.
    let late_no = load(&DATED.replace("happened: false,", "happened: false, when: \"2025-07-01\","));
    assert_eq!(problems(&late_no), Vec::<String>::new());
}

#[test]
fn without_as_of_outcome_dates_are_warned_about_not_checked() {
    let undated = load(&DATED.replace("    as_of: \"2024-06-19\",\n", ""));
    assert_eq!(problems(&undated), Vec::<String>::new());
    let warnings: Vec<String> = validate::warnings(&undated).iter().map(ToString::to_string).collect();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    assert!(warnings[0].starts_with("scenario: 2 event(s) have a resolution but the scenario has no as_of"));
    assert!(
        warnings[1].starts_with("events[0] \"troops\": the resolution's date 2024-10-23 cannot be checked")
    );
    assert_eq!(validate::warnings(&load(DATED)), Vec::new());
}

fn grouped(kind: &str, first: bool, second: Option<bool>) -> Scenario {
    let mut s = load(DATED);
    let mut text = io::to_ron_string(&s);
    text = text.trim_end().trim_end_matches(')').to_owned();
    text.push_str(&format!(
        "    groups: [\n        ExclusiveGroup(id: \"g\", kind: {kind}, events: [\"troops\", \"test\"]),\n    ],\n)\n"
    ));
    s = load(&text.replace("likelihood: 0.3", "likelihood: 0.8"));
    let set = |s: &mut Scenario, id: &str, happened: Option<bool>| {
        let event = s.events.iter_mut().find(|e| e.id.as_str() == id).unwrap_or_else(|| panic!("{id}"));
        match happened {
            Some(h) => event.resolution.as_mut().unwrap_or_else(|| panic!("resolved")).happened = h,
            None => event.resolution = None,
        }
    };
    set(&mut s, "troops", Some(first));
    set(&mut s, "test", second);
    s
}

#[test]
fn a_groups_outcomes_agree_with_its_kind() {
    let group_problems = |s: &Scenario| -> Vec<String> {
        problems(s).into_iter().filter(|p| p.starts_with("groups[0]")).collect()
    };
    assert_eq!(group_problems(&grouped("ExactlyOne", true, Some(false))), Vec::<String>::new());
    let two = group_problems(&grouped("AtMostOne", true, Some(true)));
    assert_eq!(
        two,
        [
            "groups[0] \"g\": 2 of its events are resolved as happened (troops, test), but at most one can happen"
        ]
    );
    let none = group_problems(&grouped("ExactlyOne", false, Some(false)));
    assert_eq!(
        none,
        ["groups[0] \"g\": every event is resolved as not happened, but exactly one of them must happen"]
    );
    // Not all resolved yet: the one left may still be the one that happened.
    assert_eq!(group_problems(&grouped("ExactlyOne", false, None)), Vec::<String>::new());
    assert_eq!(group_problems(&grouped("AtMostOne", false, Some(false))), Vec::<String>::new());
}
