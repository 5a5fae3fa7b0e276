//! What an event does when it happens: a qualitative severity for each region (it places the event
//! on the risk matrix) and a shock to the log-return of each market (it moves the portfolio).

use super::numbers::{Finite, NonNegative, NumberError};
use serde::{Deserialize, Serialize};
use std::fmt;

/// How hard an event hits a region, 1 (negligible) to 5 (severe).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Negligible = 1,
    Minor = 2,
    Moderate = 3,
    Major = 4,
    Severe = 5,
}

impl Severity {
    pub const ALL: [Severity; 5] =
        [Severity::Negligible, Severity::Minor, Severity::Moderate, Severity::Major, Severity::Severe];

    /// 1 for negligible up to 5 for severe.
    pub fn level(self) -> u8 {
        self as u8
    }

    pub fn from_level(level: u8) -> Option<Severity> {
        Severity::ALL.get(usize::from(level).checked_sub(1)?).copied()
    }

    pub fn label(self) -> &'static str {
        match self {
            Severity::Negligible => "Negligible",
            Severity::Minor => "Minor",
            Severity::Moderate => "Moderate",
            Severity::Major => "Major",
            Severity::Severe => "Severe",
        }
    }

    /// Plain words for a tooltip: what this level means for the people and economy of a region.
    pub fn explanation(self) -> &'static str {
        match self {
            Severity::Negligible => "1 — barely noticed outside specialist news; no lasting change.",
            Severity::Minor => "2 — local disruption or market jitters that fade within weeks.",
            Severity::Moderate => {
                "3 — a clear regional shock: policy responses, trade or security disrupted for months."
            }
            Severity::Major => {
                "4 — a lasting change to the region's security or economy; allies and markets reprice."
            }
            Severity::Severe => "5 — war, regime collapse or a crisis that reshapes the region for years.",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// A shock added to a market's log-return if the event happens, drawn once per trial.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ShockSpec", into = "ShockSpec")]
pub enum Shock {
    Fixed(Finite),
    Normal { mean: Finite, sd: NonNegative },
    Triangular { low: Finite, mode: Finite, high: Finite },
    Uniform { low: Finite, high: Finite },
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ShockError {
    #[error("{field}: {source}")]
    Number {
        field: &'static str,
        #[source]
        source: NumberError,
    },
    #[error("triangular shock must satisfy low <= mode <= high, found low {low}, mode {mode}, high {high}")]
    TriangularOrder { low: f64, mode: f64, high: f64 },
    #[error("uniform shock must satisfy low <= high, found low {low}, high {high}")]
    UniformOrder { low: f64, high: f64 },
}

/// The file form of a shock, before its numbers are checked.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename = "Shock", deny_unknown_fields)]
pub enum ShockSpec {
    Fixed(f64),
    Normal { mean: f64, sd: f64 },
    Triangular { low: f64, mode: f64, high: f64 },
    Uniform { low: f64, high: f64 },
}

fn finite(field: &'static str, v: f64) -> Result<Finite, ShockError> {
    Finite::new(v).map_err(|source| ShockError::Number { field, source })
}

impl Shock {
    pub fn fixed(value: f64) -> Result<Shock, ShockError> {
        Ok(Shock::Fixed(finite("value", value)?))
    }

    pub fn normal(mean: f64, sd: f64) -> Result<Shock, ShockError> {
        let sd = NonNegative::new(sd).map_err(|source| ShockError::Number { field: "sd", source })?;
        Ok(Shock::Normal { mean: finite("mean", mean)?, sd })
    }

    pub fn triangular(low: f64, mode: f64, high: f64) -> Result<Shock, ShockError> {
        let (l, m, h) = (finite("low", low)?, finite("mode", mode)?, finite("high", high)?);
        if !(low <= mode && mode <= high) {
            return Err(ShockError::TriangularOrder { low, mode, high });
        }
        Ok(Shock::Triangular { low: l, mode: m, high: h })
    }

    pub fn uniform(low: f64, high: f64) -> Result<Shock, ShockError> {
        let (l, h) = (finite("low", low)?, finite("high", high)?);
        if low > high {
            return Err(ShockError::UniformOrder { low, high });
        }
        Ok(Shock::Uniform { low: l, high: h })
    }

    /// Re-checks the ordering rules that the enum's public fields cannot enforce on their own.
    pub fn check(&self) -> Result<(), ShockError> {
        Shock::try_from(ShockSpec::from(*self)).map(|_| ())
    }

    /// The expected shock.
    pub fn mean(&self) -> f64 {
        match *self {
            Shock::Fixed(v) => v.get(),
            Shock::Normal { mean, .. } => mean.get(),
            Shock::Triangular { low, mode, high } => (low.get() + mode.get() + high.get()) / 3.0,
            Shock::Uniform { low, high } => (low.get() + high.get()) / 2.0,
        }
    }

    /// The name of the distribution, as written in a file.
    pub fn kind_name(&self) -> &'static str {
        match self {
            Shock::Fixed(_) => "Fixed",
            Shock::Normal { .. } => "Normal",
            Shock::Triangular { .. } => "Triangular",
            Shock::Uniform { .. } => "Uniform",
        }
    }
}

impl TryFrom<ShockSpec> for Shock {
    type Error = ShockError;
    fn try_from(spec: ShockSpec) -> Result<Shock, ShockError> {
        match spec {
            ShockSpec::Fixed(v) => Shock::fixed(v),
            ShockSpec::Normal { mean, sd } => Shock::normal(mean, sd),
            ShockSpec::Triangular { low, mode, high } => Shock::triangular(low, mode, high),
            ShockSpec::Uniform { low, high } => Shock::uniform(low, high),
        }
    }
}

impl From<Shock> for ShockSpec {
    fn from(shock: Shock) -> ShockSpec {
        match shock {
            Shock::Fixed(v) => ShockSpec::Fixed(v.get()),
            Shock::Normal { mean, sd } => ShockSpec::Normal { mean: mean.get(), sd: sd.get() },
            Shock::Triangular { low, mode, high } => {
                ShockSpec::Triangular { low: low.get(), mode: mode.get(), high: high.get() }
            }
            Shock::Uniform { low, high } => ShockSpec::Uniform { low: low.get(), high: high.get() },
        }
    }
}

impl fmt::Display for Shock {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let pct = |v: Finite| format!("{:+.1}%", v.get() * 100.0);
        match *self {
            Shock::Fixed(v) => write!(f, "{}", pct(v)),
            Shock::Normal { mean, sd } => write!(f, "N({}, sd {:.1}%)", pct(mean), sd.get() * 100.0),
            Shock::Triangular { low, mode, high } => {
                write!(f, "Tri({}, {}, {})", pct(low), pct(mode), pct(high))
            }
            Shock::Uniform { low, high } => write!(f, "U({}, {})", pct(low), pct(high)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shocks_check_their_parameters() {
        assert!(Shock::normal(-0.02, 0.01).is_ok());
        assert!(matches!(Shock::normal(0.0, -0.1), Err(ShockError::Number { field: "sd", .. })));
        assert!(matches!(Shock::triangular(0.0, -0.03, -0.08), Err(ShockError::TriangularOrder { .. })));
        assert!(matches!(Shock::uniform(0.1, 0.0), Err(ShockError::UniformOrder { .. })));
        assert!(Shock::fixed(f64::NAN).is_err());
    }

    #[test]
    fn means_match_the_distributions() {
        let close = |a: f64, b: f64| (a - b).abs() < 1e-12;
        assert!(close(Shock::triangular(-0.08, -0.03, 0.0).unwrap().mean(), -0.11 / 3.0));
        // (-0.1 + 0.3) / 2 is 0.09999999999999999 in f64: compare with a tolerance.
        assert!(close(Shock::uniform(-0.1, 0.3).unwrap().mean(), 0.1));
    }

    #[test]
    fn severity_levels_round_trip() {
        for s in Severity::ALL {
            assert_eq!(Severity::from_level(s.level()), Some(s));
        }
        assert_eq!(Severity::from_level(0), None);
        assert_eq!(Severity::from_level(6), None);
    }
}
