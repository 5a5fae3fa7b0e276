//! What happened to an event, recorded once the horizon has passed, and the checks that keep
//! outcomes consistent with the scenario's dates and exclusive groups.
//!
//! Pure: no files, no clock. Whether an event *could* have been resolved by today is the user's
//! judgement; these checks only compare the dates the file gives.

use super::date::Date;
use super::scenario::{GroupKind, Scenario};
use serde::{Deserialize, Serialize};

/// An event's outcome: whether it happened within the horizon, when, and who says so.
/// In a file: `resolution: Resolution(happened: true, when: "2024-10-23", source: "Reuters, …")`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resolution {
    pub happened: bool,
    /// When it happened (or, for one that did not, when that was settled).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<Date>,
    /// Where the outcome can be checked: publication, date, headline or link.
    pub source: String,
}

/// One finding about outcomes: the event index (or `None` for the scenario or a group given by
/// index in `group`) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finding {
    Event(usize, String),
    Group(usize, String),
    Scenario(String),
}

/// Problems that make recorded outcomes contradict the file: dates before the forecast or a
/// happening after the horizon, a blank source, a group with too many (or, resolved in full, too
/// few) happenings.
pub fn errors(scenario: &Scenario) -> Vec<Finding> {
    let mut found = Vec::new();
    let (as_of, end) = (scenario.as_of, scenario.horizon_end());
    for (i, event) in scenario.events.iter().enumerate() {
        let Some(r) = &event.resolution else { continue };
        if r.source.trim().is_empty() {
            found.push(Finding::Event(
                i,
                "the resolution's source is blank; say where the outcome can be checked".to_owned(),
            ));
        }
        match (r.when, as_of, end) {
            (Some(when), Some(as_of), _) if when < as_of => found.push(Finding::Event(
                i,
                format!("the resolution's date {when} is before the forecast's as_of date {as_of}"),
            )),
            (Some(when), _, Some(end)) if r.happened && when > end => found.push(Finding::Event(
                i,
                format!(
                    "happened on {when}, after the horizon ends on {end}: it did not happen within \
                     the horizon (record happened: false)"
                ),
            )),
            _ => {}
        }
    }
    for (g, group) in scenario.groups.iter().enumerate() {
        let outcomes: Vec<_> = group
            .events
            .iter()
            .map(|id| scenario.event(id.as_str()).and_then(|e| e.resolution.as_ref()))
            .collect();
        let happened: Vec<&str> = group
            .events
            .iter()
            .zip(&outcomes)
            .filter(|(_, r)| r.is_some_and(|r| r.happened))
            .map(|(id, _)| id.as_str())
            .collect();
        if happened.len() > 1 {
            found.push(Finding::Group(
                g,
                format!(
                    "{} of its events are resolved as happened ({}), but at most one can happen",
                    happened.len(),
                    happened.join(", ")
                ),
            ));
        } else if group.kind == GroupKind::ExactlyOne
            && happened.is_empty()
            && !outcomes.is_empty()
            && outcomes.iter().all(Option::is_some)
        {
            found.push(Finding::Group(
                g,
                "every event is resolved as not happened, but exactly one of them must happen".to_owned(),
            ));
        }
    }
    found
}

/// What cannot be checked: dates with no `as_of` to compare them with.
pub fn warnings(scenario: &Scenario) -> Vec<Finding> {
    if scenario.as_of.is_some() {
        return Vec::new();
    }
    let resolved: Vec<usize> =
        scenario.events.iter().enumerate().filter(|(_, e)| e.resolution.is_some()).map(|(i, _)| i).collect();
    let mut found = Vec::new();
    if !resolved.is_empty() {
        found.push(Finding::Scenario(format!(
            "{} event(s) have a resolution but the scenario has no as_of date; add as_of: \
             \"YYYY-MM-DD\" (when the forecast was made) so outcomes can be checked against the horizon",
            resolved.len()
        )));
    }
    for i in resolved {
        if let Some(when) = scenario.events[i].resolution.as_ref().and_then(|r| r.when) {
            found.push(Finding::Event(
                i,
                format!("the resolution's date {when} cannot be checked against the horizon: the scenario has no as_of date"),
            ));
        }
    }
    found
}
