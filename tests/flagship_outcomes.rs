//! The flagship as a scored forecast: it states when it was made (19 June 2024), every event says
//! how it is settled, and every recorded outcome says where it can be checked. Also: every bundled
//! scenario states its as-of date, so a reader knows what its authors could have known.

use georisk::io;
use georisk::model::Scenario;
use std::path::{Path, PathBuf};

fn library() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("scenarios")
}

fn load(name: &str) -> Scenario {
    let path = library().join(name);
    io::load_file(&path).unwrap_or_else(|e| panic!("{} does not load:\n{e}", path.display()))
}

fn flagship() -> Scenario {
    load("russia-dprk-2024.ron")
}

/// Whether the text names a year from 2017 to 2025, the span the flagship's sources come from.
fn names_a_year(text: &str) -> bool {
    (2017..=2025).any(|year| text.contains(&year.to_string()))
}

#[test]
fn the_flagship_is_dated_the_day_of_the_treaty() {
    let scenario = flagship();
    assert_eq!(scenario.as_of.map(|d| d.to_string()).as_deref(), Some("2024-06-19"));
    assert_eq!(scenario.seed, 20240619, "the seed keeps naming the as-of date");
    assert_eq!(scenario.horizon_end().map(|d| d.to_string()).as_deref(), Some("2025-06-19"));
}

#[test]
fn every_flagship_event_has_a_criterion_with_a_deadline() {
    let scenario = flagship();
    let missing: Vec<&str> = scenario
        .events
        .iter()
        .filter(|e| e.criterion.as_deref().is_none_or(|c| c.trim().is_empty()))
        .map(|e| e.id.as_str())
        .collect();
    assert!(missing.is_empty(), "events without a criterion: {missing:?}");
    let undated: Vec<&str> = scenario
        .events
        .iter()
        .filter(|e| !e.criterion.as_deref().is_some_and(names_a_year))
        .map(|e| e.id.as_str())
        .collect();
    assert!(undated.is_empty(), "criteria that do not say by when: {undated:?}");
}

#[test]
fn every_recorded_outcome_cites_a_dated_source_inside_the_horizon() {
    let scenario = flagship();
    let (as_of, end) = (scenario.as_of.expect("dated"), scenario.horizon_end().expect("dated"));
    let resolved: Vec<_> =
        scenario.events.iter().filter_map(|e| e.resolution.as_ref().map(|r| (e, r))).collect();
    assert!(resolved.len() >= 15, "only {} outcomes recorded; the horizon is over", resolved.len());
    for (event, resolution) in resolved {
        let id = event.id.as_str();
        assert!(!resolution.source.trim().is_empty(), "{id}: blank source");
        assert!(names_a_year(&resolution.source), "{id}: the source names no date: {:?}", resolution.source);
        if let Some(when) = resolution.when {
            assert!(when >= as_of, "{id}: settled on {when}, before the forecast was made");
            if resolution.happened {
                assert!(when <= end, "{id}: happened on {when}, after the horizon ends on {end}");
            }
        }
    }
}

#[test]
fn the_ex_ante_text_uses_only_what_was_known_on_19_june_2024() {
    let scenario = flagship();
    // Kamala Harris became the Democratic candidate on 21 July 2024: naming her is hindsight.
    let mut texts = vec![("description", scenario.description.clone())];
    for event in &scenario.events {
        texts.push(("event name", event.name.clone()));
        texts.push(("event notes", event.notes.clone().unwrap_or_default()));
        texts.push(("criterion", event.criterion.clone().unwrap_or_default()));
    }
    for (field, text) in texts {
        for hindsight in ["Harris", "late July 2024", "Hindsight"] {
            assert!(!text.contains(hindsight), "{field} says {hindsight:?}: {text}");
        }
    }
}

#[test]
fn every_bundled_scenario_states_its_as_of_date() {
    let undated: Vec<&str> =
        io::BUNDLED.iter().map(|(name, _)| *name).filter(|name| load(name).as_of.is_none()).collect();
    assert!(undated.is_empty(), "scenarios without as_of: {undated:?}");
}
