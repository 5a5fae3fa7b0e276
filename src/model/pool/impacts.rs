//! Pooling what an event does: its market shocks and region severities, as several analysts
//! gave them.
//!
//! A shock given by every analyst in the same shape is the weighted average of their
//! parameters (the average of the means and of the sds of normals, not a mixture). Shapes that
//! differ cannot be averaged: the first analyst's shock is kept and the event is flagged. A
//! severity is the weighted mean of the levels (1–5), rounded to the nearest level.

use crate::model::{Id, Severity, Shock, ShockError};
use std::collections::BTreeMap;

/// One analyst's view of an event's impacts: their weight, label and the event's maps.
pub struct Opinion<'a> {
    pub weight: f64,
    pub label: &'a str,
    pub regions: &'a BTreeMap<Id, Severity>,
    pub markets: &'a BTreeMap<Id, Shock>,
}

/// Pools the shocks; returns them and a flag for each market that was not pooled from every
/// analyst who has the event in the same shape.
pub fn pool_shocks(opinions: &[Opinion]) -> Result<(BTreeMap<Id, Shock>, Vec<String>), ShockError> {
    let mut markets: Vec<&Id> = opinions.iter().flat_map(|o| o.markets.keys()).collect();
    markets.sort();
    markets.dedup();
    let mut pooled = BTreeMap::new();
    let mut flags = Vec::new();
    for market in markets {
        let given: Vec<(f64, &str, Shock)> =
            opinions.iter().filter_map(|o| o.markets.get(market).map(|s| (o.weight, o.label, *s))).collect();
        if given.len() < opinions.len() {
            flags.push(format!(
                "shock on \"{market}\" given in {} of {} files (averaged over those)",
                given.len(),
                opinions.len()
            ));
        }
        let shock = match average(&given)? {
            Some(shock) => shock,
            None => {
                let (_, first_label, first) = given[0];
                let shapes: Vec<&str> = given.iter().map(|(_, _, s)| shape(s)).collect();
                flags.push(format!(
                    "shock on \"{market}\" has different shapes ({}); kept {first_label}'s",
                    shapes.join(", ")
                ));
                first
            }
        };
        pooled.insert(market.clone(), shock);
    }
    Ok((pooled, flags))
}

fn shape(shock: &Shock) -> &'static str {
    match shock {
        Shock::Fixed(_) => "Fixed",
        Shock::Normal { .. } => "Normal",
        Shock::Triangular { .. } => "Triangular",
        Shock::Uniform { .. } => "Uniform",
    }
}

/// The parameters of each shock, in a fixed order per shape.
fn parameters(shock: &Shock) -> Vec<f64> {
    match *shock {
        Shock::Fixed(v) => vec![v.get()],
        Shock::Normal { mean, sd } => vec![mean.get(), sd.get()],
        Shock::Triangular { low, mode, high } => vec![low.get(), mode.get(), high.get()],
        Shock::Uniform { low, high } => vec![low.get(), high.get()],
    }
}

/// The weighted average of shocks of one shape, or `None` when the shapes differ.
fn average(given: &[(f64, &str, Shock)]) -> Result<Option<Shock>, ShockError> {
    let first = shape(&given[0].2);
    if given.iter().any(|(_, _, s)| shape(s) != first) {
        return Ok(None);
    }
    let total: f64 = given.iter().map(|(w, _, _)| w).sum();
    let mut mean = vec![0.0; parameters(&given[0].2).len()];
    for (weight, _, shock) in given {
        for (slot, value) in mean.iter_mut().zip(parameters(shock)) {
            *slot += weight / total * value;
        }
    }
    let shock = match given[0].2 {
        Shock::Fixed(_) => Shock::fixed(mean[0])?,
        Shock::Normal { .. } => Shock::normal(mean[0], mean[1])?,
        // A weighted average of ordered triples is ordered; `min`/`max` only absorb rounding.
        Shock::Triangular { .. } => {
            let mode = mean[1].clamp(mean[0], mean[2].max(mean[0]));
            Shock::triangular(mean[0], mode, mean[2].max(mode))?
        }
        Shock::Uniform { .. } => Shock::uniform(mean[0], mean[1].max(mean[0]))?,
    };
    Ok(Some(shock))
}

/// Pools the region severities: the weighted mean level over the analysts who rate the region,
/// rounded to the nearest level (halves up).
pub fn pool_severities(opinions: &[Opinion]) -> (BTreeMap<Id, Severity>, Vec<String>) {
    let mut regions: Vec<&Id> = opinions.iter().flat_map(|o| o.regions.keys()).collect();
    regions.sort();
    regions.dedup();
    let mut pooled = BTreeMap::new();
    let mut flags = Vec::new();
    for region in regions {
        let given: Vec<(f64, Severity)> =
            opinions.iter().filter_map(|o| o.regions.get(region).map(|s| (o.weight, *s))).collect();
        if given.len() < opinions.len() {
            flags.push(format!(
                "severity in \"{region}\" given in {} of {} files",
                given.len(),
                opinions.len()
            ));
        }
        let total: f64 = given.iter().map(|(w, _)| w).sum();
        let level: f64 = given.iter().map(|(w, s)| w / total * f64::from(s.level())).sum();
        let rounded = (level + 0.5).floor().clamp(1.0, 5.0) as u8;
        pooled.insert(region.clone(), Severity::from_level(rounded).unwrap_or(Severity::Moderate));
    }
    (pooled, flags)
}
