//! A results snapshot: one run's figures, kept as a RON file so they can be reopened, compared
//! and mailed without simulating again — the summary with its bands, the risk-matrix cells, the
//! chart data (histogram, exceedance curve, tornado, markets, regions), the events table, and
//! what reproduces it (the scenario's title and hash, variant, trials, seed, georisk version,
//! when it was made).
//!
//! Pure: it turns a snapshot into text and text into a snapshot; it never reads or writes a file
//! (that is `io`), never simulates and reads no clock (the time is given).

use crate::engine::{Analysis, Bands, EventImpact, RegionSeverity, Sensitivity, SimResult, region_severity};
use crate::model::Scenario;
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
        Ok(ron::from_str(text)?)
    }
}
