//! A results snapshot: one run's figures, kept as a RON file so they can be reopened, compared
//! and mailed without simulating again — the summary with its bands, the risk-matrix cells and
//! the matrix they refer to, the chart data (histogram, exceedance curve, tornado, markets, regions), the events table, and
//! what reproduces it (the scenario's title and hash, variant, trials, seed, georisk version,
//! when it was made).
//!
//! Pure: it turns a snapshot into text and text into a snapshot; it never reads or writes a file
//! (that is `io`), never simulates and reads no clock (the time is given).

use crate::engine::{Analysis, Bands, EventImpact, RegionSeverity, Sensitivity, SimResult, region_severity};
use crate::model::{Item, RiskMatrix, Scenario, validate};
use serde::{Deserialize, Serialize};

/// The version of the snapshot's layout, written as `snapshot_format` (separate from the
/// scenario file's `format`). A reader refuses a newer one rather than misread it.
pub const SNAPSHOT_FORMAT: u64 = 1;

/// One run's results and what reproduces them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Snapshot", deny_unknown_fields)]
pub struct Snapshot {
    pub snapshot_format: u64,
    pub made_from: MadeFrom,
    /// Summary figures, events (probabilities, matrix likelihood bin), markets, histogram and
    /// exceedance curve.
    pub result: SimResult,
    /// Each event's causal impact and its risk-matrix cell (impact bin, rating), in file order.
    pub impacts: Vec<EventImpact>,
    /// The tornado rows.
    pub sensitivity: Sensitivity,
    /// The 90% bands from the likelihood ranges.
    pub bands: Bands,
    /// Each region's expected severity, in the scenario's order.
    pub regions: Vec<RegionSeverity>,
    /// The scenario's risk matrix: the levels, edges and ratings the events' cells refer to.
    pub matrix: RiskMatrix,
}

/// What the results were made from, so that anyone can make them again.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MadeFrom {
    pub title: String,
    /// SHA-256 of the scenario's canonical text (as `georisk fmt` writes it), lowercase hex: the
    /// same scenario gives the same hash whatever its file's layout.
    pub scenario_sha256: String,
    pub variant: Option<String>,
    pub trials: u64,
    pub seed: u64,
    pub georisk_version: String,
    /// When the snapshot was made, e.g. `2026-11-28 12:40 UTC`.
    pub made: String,
}

#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    #[error("not a georisk results snapshot: {0}")]
    Syntax(#[from] ron::error::SpannedError),
    #[error(
        "results snapshot format {found} is newer than this georisk understands (format {SNAPSHOT_FORMAT}); update georisk"
    )]
    Newer { found: u64 },
    #[error("could not write the results snapshot: {0}")]
    Write(#[from] ron::Error),
    /// It parses, but its parts do not fit together (a hand-edited or damaged file).
    #[error("the results snapshot does not hold together: {0}")]
    Inconsistent(String),
}

/// SHA-256 of the scenario's canonical text: what [`MadeFrom::scenario_sha256`] holds, and
/// what the app compares to tell whether results are stale.
pub fn scenario_sha256(scenario: &Scenario) -> String {
    super::html::sha256_hex(crate::io::to_ron_string(scenario).as_bytes())
}

impl Snapshot {
    /// The snapshot of `analysis`, a run of `scenario` (before its variant was applied).
    pub fn new(scenario: &Scenario, analysis: &Analysis, made: String) -> Snapshot {
        let result = analysis.result.clone();
        Snapshot {
            snapshot_format: SNAPSHOT_FORMAT,
            made_from: MadeFrom {
                title: scenario.title.clone(),
                scenario_sha256: scenario_sha256(scenario),
                variant: result.variant.clone(),
                trials: result.trials,
                seed: result.seed,
                georisk_version: env!("CARGO_PKG_VERSION").to_owned(),
                made,
            },
            regions: region_severity(scenario, &result),
            matrix: scenario.matrix.clone(),
            result,
            impacts: analysis.impacts.clone(),
            sensitivity: analysis.sensitivity.clone(),
            bands: analysis.bands.clone(),
        }
    }

    /// The stored figures as the live result type the tables and charts draw from.
    pub fn analysis(&self) -> Analysis {
        Analysis {
            result: self.result.clone(),
            impacts: self.impacts.clone(),
            sensitivity: self.sensitivity.clone(),
            bands: self.bands.clone(),
        }
    }

    /// The snapshot as RON text, ending in a newline.
    pub fn to_ron(&self) -> Result<String, SnapshotError> {
        let config =
            ron::ser::PrettyConfig::new().struct_names(true).depth_limit(4).indentor("    ".to_owned());
        let mut text = ron::ser::to_string_pretty(self, config)?;
        text.push('\n');
        Ok(text)
    }

    /// Reads a snapshot; a newer `snapshot_format` is refused by its version, before anything
    /// else in it is read.
    pub fn from_ron(text: &str) -> Result<Snapshot, SnapshotError> {
        #[derive(Deserialize)]
        #[serde(rename = "Snapshot")]
        struct FormatProbe {
            snapshot_format: u64,
        }
        if let Ok(FormatProbe { snapshot_format }) = ron::from_str::<FormatProbe>(text)
            && snapshot_format > SNAPSHOT_FORMAT
        {
            return Err(SnapshotError::Newer { found: snapshot_format });
        }
        let snapshot: Snapshot = ron::from_str(text)?;
        snapshot.check().map_err(SnapshotError::Inconsistent)?;
        Ok(snapshot)
    }

    /// A scenario holding only what the Results view's drawing asks of one: the title and the
    /// risk matrix. It has no regions or events, so nothing offers a choice the stored figures
    /// cannot answer.
    pub fn matrix_scenario(&self) -> Scenario {
        let mut scenario = Scenario::new(self.made_from.title.clone());
        scenario.matrix = self.matrix.clone();
        scenario
    }

    /// That every part refers only to what exists: a valid matrix, each event's cell inside it,
    /// an impact per event, finite figures where the charts divide and place by them. Says the
    /// first thing that does not fit, by its field.
    fn check(&self) -> Result<(), String> {
        let shell = self.matrix_scenario();
        if let Some(problem) = validate(&shell).into_iter().find(|p| p.item == Item::Matrix) {
            return Err(format!("matrix: {}", problem.message));
        }
        let (rows, columns) = (self.matrix.likelihood_bins(), self.matrix.impact_bins());
        let events = &self.result.events;
        if self.impacts.len() != events.len() {
            return Err(format!(
                "impacts: {} entries for {} events in result.events",
                self.impacts.len(),
                events.len()
            ));
        }
        for (i, (event, impact)) in events.iter().zip(&self.impacts).enumerate() {
            if event.id != impact.id {
                return Err(format!(
                    "impacts[{i}]: id \"{}\" where result.events has \"{}\"",
                    impact.id, event.id
                ));
            }
            if event.likelihood_bin >= rows {
                return Err(format!(
                    "result.events[{i}].likelihood_bin: {} but the matrix has {rows} likelihood levels",
                    event.likelihood_bin
                ));
            }
            if event.severity_bin.is_some_and(|bin| bin >= columns) || impact.impact_bin >= columns {
                return Err(format!("event \"{}\": an impact level beyond the matrix's {columns}", event.id));
            }
        }
        let histogram = &self.result.histogram;
        if !(histogram.start.is_finite() && histogram.width.is_finite() && histogram.width > 0.0) {
            return Err(
                "result.histogram: start and width must be finite numbers, width above zero".to_owned()
            );
        }
        if self.result.exceedance.iter().any(|p| !(p.loss.is_finite() && p.probability.is_finite())) {
            return Err("result.exceedance: every point must be finite".to_owned());
        }
        let t = &self.result.portfolio.total;
        if ![t.mean, t.var95, t.var99, t.es95, t.es99, t.prob_loss].iter().all(|x| x.is_finite()) {
            return Err("result.portfolio.total: every figure must be finite".to_owned());
        }
        Ok(())
    }
}

/// Whether a file's text opens as a results snapshot rather than a scenario: its first
/// item, past blank lines, comments and `#![...]` attributes, is `Snapshot(` or a bare `(`
/// whose first field is `snapshot_format`.
pub fn looks_like_snapshot(text: &str) -> bool {
    let mut rest = text.trim_start_matches('\u{feff}');
    loop {
        rest = rest.trim_start();
        if rest.starts_with("//") {
            rest = rest.split_once('\n').map_or("", |(_, after)| after);
        } else if rest.starts_with("/*") {
            rest = rest.split_once("*/").map_or("", |(_, after)| after);
        } else if rest.starts_with("#!") {
            rest = rest.split_once(']').map_or("", |(_, after)| after);
        } else {
            break;
        }
    }
    let body = match rest.strip_prefix("Snapshot") {
        Some(after) => return after.trim_start().starts_with('('),
        None => rest,
    };
    body.strip_prefix('(').is_some_and(|inner| inner.trim_start().starts_with("snapshot_format"))
}
