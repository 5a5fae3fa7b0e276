//! How hard the scenario is expected to hit each region: for every region, the severity levels
//! (1 negligible … 5 severe) of the events that rate it, weighted by how often each event happened
//! in the simulation. By linearity of expectation this is exactly the expected sum of the levels of
//! the events that hit the region over the horizon, links included (each event's own simulated
//! probability already carries them). Pure: it reads a scenario and a result.

use super::SimResult;
use crate::model::Scenario;

/// One region's expected severity.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RegionSeverity {
    pub id: String,
    pub name: String,
    /// Σ over the events that rate this region of P(event happens) × its severity level: the
    /// severity points the region can expect over the horizon.
    pub expected: f64,
    /// How many events rate this region.
    pub events: usize,
    /// The event that adds most to `expected` (its name) and the share of `expected` it adds.
    pub top: Option<(String, f64)>,
}

/// Every region of the scenario, in the file's order.
pub fn region_severity(scenario: &Scenario, result: &SimResult) -> Vec<RegionSeverity> {
    scenario
        .regions
        .iter()
        .map(|region| {
            let contributions: Vec<(&str, f64)> = scenario
                .events
                .iter()
                .enumerate()
                .filter_map(|(i, event)| {
                    let severity = event.regions.get(&region.id)?;
                    // The result lists the events in the file's order; the search is a fallback.
                    let stats = result
                        .events
                        .get(i)
                        .filter(|s| s.id == event.id.as_str())
                        .or_else(|| result.events.iter().find(|s| s.id == event.id.as_str()))?;
                    Some((stats.name.as_str(), stats.probability * f64::from(severity.level())))
                })
                .collect();
            let expected: f64 = contributions.iter().map(|(_, points)| points).sum();
            let top = contributions
                .iter()
                .max_by(|a, b| a.1.total_cmp(&b.1))
                .filter(|_| expected > 0.0)
                .map(|&(name, points)| (name.to_owned(), points / expected));
            RegionSeverity {
                id: region.id.to_string(),
                name: region.display_name().to_owned(),
                expected,
                events: contributions.len(),
                top,
            }
        })
        .collect()
}
