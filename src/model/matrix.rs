//! Risk-matrix settings: how a likelihood and an impact are binned, what each bin is called, and
//! how each cell is rated. The defaults are the usual 5×5 matrix.

use super::impact::Severity;
use serde::{Deserialize, Serialize};

/// The rating of one cell of the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Rating {
    Low,
    Medium,
    High,
    Extreme,
}

impl Rating {
    pub fn label(self) -> &'static str {
        match self {
            Rating::Low => "Low",
            Rating::Medium => "Medium",
            Rating::High => "High",
            Rating::Extreme => "Extreme",
        }
    }
}

/// Bins are given by their inner edges: `n` edges make `n + 1` bins, and a value equal to an edge
/// falls in the upper bin.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RiskMatrix {
    /// Probability edges between likelihood bins, increasing, inside (0, 1).
    #[serde(default = "default_likelihood_edges")]
    pub likelihood_edges: Vec<f64>,
    #[serde(default = "default_likelihood_labels")]
    pub likelihood_labels: Vec<String>,
    /// How much an event moves the portfolio — the size of its causal impact on mean P&L, a loss
    /// or a gain, as a share of the portfolio's gross value — between impact bins.
    #[serde(default = "default_impact_edges")]
    pub impact_edges: Vec<f64>,
    #[serde(default = "default_impact_labels")]
    pub impact_labels: Vec<String>,
    /// One row per likelihood bin (lowest first), one rating per impact bin (lowest first).
    #[serde(default = "default_ratings")]
    pub ratings: Vec<Vec<Rating>>,
}

fn default_likelihood_edges() -> Vec<f64> {
    vec![0.05, 0.2, 0.5, 0.8]
}

fn default_likelihood_labels() -> Vec<String> {
    ["Rare", "Unlikely", "Possible", "Likely", "Almost certain"].map(String::from).to_vec()
}

/// 0.05%, 0.2%, 0.5% and 2% of the portfolio: geopolitical events move a diversified portfolio's
/// mean by fractions of a percent, so these edges spread every bundled scenario over at least
/// three columns with none holding more than half of its events (a test checks it).
fn default_impact_edges() -> Vec<f64> {
    vec![0.0005, 0.002, 0.005, 0.02]
}

fn default_impact_labels() -> Vec<String> {
    Severity::ALL.map(|s| s.label().to_owned()).to_vec()
}

/// The usual 5×5 scoring: likelihood level × impact level, 1–3 low, 4–6 medium, 8–12 high,
/// 15–25 extreme.
fn default_ratings() -> Vec<Vec<Rating>> {
    (1..=5)
        .map(|likelihood| {
            (1..=5)
                .map(|impact| match likelihood * impact {
                    0..=3 => Rating::Low,
                    4..=6 => Rating::Medium,
                    7..=12 => Rating::High,
                    _ => Rating::Extreme,
                })
                .collect()
        })
        .collect()
}

impl Default for RiskMatrix {
    fn default() -> Self {
        RiskMatrix {
            likelihood_edges: default_likelihood_edges(),
            likelihood_labels: default_likelihood_labels(),
            impact_edges: default_impact_edges(),
            impact_labels: default_impact_labels(),
            ratings: default_ratings(),
        }
    }
}

fn bin(edges: &[f64], value: f64) -> usize {
    edges.iter().take_while(|&&edge| value >= edge).count()
}

impl RiskMatrix {
    pub fn is_default(&self) -> bool {
        *self == RiskMatrix::default()
    }

    pub fn likelihood_bins(&self) -> usize {
        self.likelihood_edges.len() + 1
    }

    pub fn impact_bins(&self) -> usize {
        self.impact_edges.len() + 1
    }

    /// The likelihood bin (0 = lowest) of a probability.
    pub fn likelihood_bin(&self, probability: f64) -> usize {
        bin(&self.likelihood_edges, probability)
    }

    /// The impact bin (0 = lowest) of an event's impact given as a share of portfolio value; a
    /// gain counts by its size like a loss.
    pub fn impact_bin_for_share(&self, share: f64) -> usize {
        bin(&self.impact_edges, share.abs())
    }

    /// The impact bin of a region severity: severity 1..=5 spread evenly over the impact bins.
    pub fn impact_bin_for_severity(&self, severity: Severity) -> usize {
        let top = self.impact_bins() - 1;
        (usize::from(severity.level() - 1) * top + 2) / 4
    }

    /// The rating of a cell, or `None` if the settings are malformed there.
    pub fn rating(&self, likelihood_bin: usize, impact_bin: usize) -> Option<Rating> {
        self.ratings.get(likelihood_bin)?.get(impact_bin).copied()
    }

    pub fn levels(&self, axis: MatrixAxis) -> usize {
        match axis {
            MatrixAxis::Likelihood => self.likelihood_bins(),
            MatrixAxis::Impact => self.impact_bins(),
        }
    }

    /// Adds a level at the top of an axis by splitting the top level: halfway between its start
    /// and 100% for a likelihood, at twice its start for an impact (losses have no top). The new
    /// level's ratings copy the old top level's. Does nothing at `MAX_MATRIX_LEVELS`.
    pub fn add_level(&mut self, axis: MatrixAxis) {
        let levels = self.levels(axis);
        if levels >= MAX_MATRIX_LEVELS {
            return;
        }
        let label = format!("Level {}", levels + 1);
        match axis {
            MatrixAxis::Likelihood => {
                let start = self.likelihood_edges.last().copied().unwrap_or(0.0);
                self.likelihood_edges.push((start + 1.0) / 2.0);
                self.likelihood_labels.push(label);
                if let Some(top) = self.ratings.last().cloned() {
                    self.ratings.push(top);
                }
            }
            MatrixAxis::Impact => {
                let start = self.impact_edges.last().copied().unwrap_or(0.005);
                self.impact_edges.push(start * 2.0);
                self.impact_labels.push(label);
                for row in &mut self.ratings {
                    if let Some(&top) = row.last() {
                        row.push(top);
                    }
                }
            }
        }
    }

    /// Removes a level: its range joins the level below it (the lowest joins the one above), and
    /// its ratings go. Does nothing at `MIN_MATRIX_LEVELS` or for a level that does not exist.
    pub fn remove_level(&mut self, axis: MatrixAxis, level: usize) {
        let levels = self.levels(axis);
        if levels <= MIN_MATRIX_LEVELS || level >= levels {
            return;
        }
        // Level `i` starts at edge `i - 1`; the lowest level's range is kept by dropping the
        // start of the level above it.
        let edge = level.saturating_sub(1);
        match axis {
            MatrixAxis::Likelihood => {
                self.likelihood_edges.remove(edge);
                remove_if_present(&mut self.likelihood_labels, level);
                remove_if_present(&mut self.ratings, level);
            }
            MatrixAxis::Impact => {
                self.impact_edges.remove(edge);
                remove_if_present(&mut self.impact_labels, level);
                self.ratings.iter_mut().for_each(|row| remove_if_present(row, level));
            }
        }
    }
}

/// The fewest and most levels an axis may have (validation says the same of files).
pub const MIN_MATRIX_LEVELS: usize = 2;
pub const MAX_MATRIX_LEVELS: usize = 10;

/// The two axes of the matrix: rows by likelihood, columns by impact.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatrixAxis {
    Likelihood,
    Impact,
}

fn remove_if_present<T>(list: &mut Vec<T>, at: usize) {
    if at < list.len() {
        list.remove(at);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn valid(m: &RiskMatrix) -> bool {
        let mut s = crate::model::Scenario::new("m");
        s.matrix = m.clone();
        crate::model::validate(&s).is_empty()
    }

    #[test]
    fn levels_added_up_to_ten_and_removed_down_to_two_keep_the_matrix_valid() {
        for axis in [MatrixAxis::Likelihood, MatrixAxis::Impact] {
            let mut m = RiskMatrix::default();
            for levels in 6..=MAX_MATRIX_LEVELS {
                m.add_level(axis);
                assert_eq!(m.levels(axis), levels);
                assert!(valid(&m), "{axis:?} {levels}: {m:?}");
            }
            m.add_level(axis);
            assert_eq!(m.levels(axis), MAX_MATRIX_LEVELS, "no more than ten");
            while m.levels(axis) > MIN_MATRIX_LEVELS {
                let before = m.levels(axis);
                m.remove_level(axis, before / 2);
                assert_eq!(m.levels(axis), before - 1);
                assert!(valid(&m), "{axis:?} {}: {m:?}", m.levels(axis));
            }
            m.remove_level(axis, 0);
            assert_eq!(m.levels(axis), MIN_MATRIX_LEVELS, "no fewer than two");
        }
    }

    #[test]
    fn a_new_top_level_splits_the_old_one_and_copies_its_ratings() {
        let mut m = RiskMatrix::default();
        m.add_level(MatrixAxis::Likelihood);
        assert_eq!(m.likelihood_edges, [0.05, 0.2, 0.5, 0.8, 0.9]);
        assert_eq!(m.ratings[5], m.ratings[4]);
        assert_eq!(m.likelihood_bin(0.85), 4);
        assert_eq!(m.likelihood_bin(0.95), 5);
        m.add_level(MatrixAxis::Impact);
        assert_eq!(m.impact_edges.last(), Some(&0.04));
        assert!(m.ratings.iter().all(|row| row[5] == row[4]));
    }

    #[test]
    fn a_removed_level_joins_the_one_below_and_the_lowest_joins_the_one_above() {
        let mut m = RiskMatrix::default();
        m.remove_level(MatrixAxis::Likelihood, 2);
        assert_eq!(m.likelihood_edges, [0.05, 0.5, 0.8], "Possible (20–50%) joins Unlikely (5–20%)");
        assert_eq!(m.likelihood_labels, ["Rare", "Unlikely", "Likely", "Almost certain"]);
        m.remove_level(MatrixAxis::Likelihood, 0);
        assert_eq!(m.likelihood_edges, [0.5, 0.8], "Rare joins Unlikely, which now starts at 0%");
        assert_eq!(m.likelihood_labels, ["Unlikely", "Likely", "Almost certain"]);
        assert_eq!(m.ratings.len(), 3);
    }

    #[test]
    fn default_matrix_bins_probabilities_and_losses() {
        let m = RiskMatrix::default();
        assert_eq!(m.likelihood_bin(0.01), 0);
        assert_eq!(m.likelihood_bin(0.05), 1);
        assert_eq!(m.likelihood_bin(0.85), 4);
        assert_eq!(m.impact_bin_for_share(0.0001), 0);
        assert_eq!(m.impact_bin_for_share(0.003), 2);
        assert_eq!(m.impact_bin_for_share(-0.003), 2, "a gain counts by its size");
        assert_eq!(m.impact_bin_for_share(0.5), 4);
    }

    #[test]
    fn severity_maps_to_the_matching_column_of_a_5x5_matrix() {
        let m = RiskMatrix::default();
        for s in Severity::ALL {
            assert_eq!(m.impact_bin_for_severity(s), usize::from(s.level() - 1));
        }
    }

    #[test]
    fn default_ratings_are_the_usual_ones() {
        let m = RiskMatrix::default();
        assert_eq!(m.rating(0, 0), Some(Rating::Low));
        assert_eq!(m.rating(1, 1), Some(Rating::Medium));
        assert_eq!(m.rating(2, 2), Some(Rating::High));
        assert_eq!(m.rating(4, 4), Some(Rating::Extreme));
        assert_eq!(m.rating(5, 0), None);
    }
}
