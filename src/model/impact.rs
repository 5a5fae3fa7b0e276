//! What an event does when it happens: a qualitative severity for each region (it places the event
//! on the risk matrix) and a price move of each market (it moves the portfolio).
//!
//! A shock is a *price move*, a simple return over the horizon: −0.2 means the price falls by
//! exactly 20%, +0.1 that it rises by 10%. Moves of several events compound (−20% then −10% is
//! −28%), and background noise multiplies on top. A price cannot fall below zero, so a move is
//! at least −100%; a normal shock's draws below −100% are set to −100%.

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

/// The price move of a market if the event happens, drawn once per trial (see the module doc).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ShockSpec", into = "ShockSpec")]
pub enum Shock {
    Fixed(Finite),
    Normal { mean: Finite, sd: NonNegative },
    Triangular { low: Finite, mode: Finite, high: Finite },
    Uniform { low: Finite, high: Finite },
}

/// The lowest price move: the price falls to zero.
pub const MIN_MOVE: f64 = -1.0;
/// The highest price move a shock may take, +1,000%: far above any move a geopolitical event
/// has caused in a liquid market, low enough that compounded moves stay finite.
pub const MAX_MOVE: f64 = 10.0;
/// How far a normal draw may go from its mean, in standard deviations: the engine cuts draws
/// there (a chance of about 1e-23 per draw), so every shock has a largest growth factor.
pub const NORMAL_CUT: f64 = 10.0;
/// The standard normal's 99% quantile.
const Z99: f64 = 2.326_347_874_040_841;

/// The standard normal quantile function (Acklam's rational approximation, relative error below
/// 1.2e-9), for showing what a normal shock implies.
pub fn normal_quantile(q: f64) -> f64 {
    if q <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if q >= 1.0 {
        return f64::INFINITY;
    }
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] =
        [7.784_695_709_041_462e-3, 3.224_671_290_700_398e-1, 2.445_134_137_142_996, 3.754_408_661_907_416];
    let tail = |r: f64| {
        (((((C[0] * r + C[1]) * r + C[2]) * r + C[3]) * r + C[4]) * r + C[5])
            / ((((D[0] * r + D[1]) * r + D[2]) * r + D[3]) * r + 1.0)
    };
    if q < 0.02425 {
        tail((-2.0 * q.ln()).sqrt())
    } else if q > 1.0 - 0.02425 {
        -tail((-2.0 * (1.0 - q).ln()).sqrt())
    } else {
        let r = q - 0.5;
        let t = r * r;
        (((((A[0] * t + A[1]) * t + A[2]) * t + A[3]) * t + A[4]) * t + A[5]) * r
            / (((((B[0] * t + B[1]) * t + B[2]) * t + B[3]) * t + B[4]) * t + 1.0)
    }
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

    /// The largest growth factor (`1 + price move`) the engine can draw from the shock.
    pub fn largest_growth(&self) -> f64 {
        1.0 + match *self {
            Shock::Fixed(v) => v.get(),
            Shock::Normal { mean, sd } => mean.get() + NORMAL_CUT * sd.get(),
            Shock::Triangular { high, .. } | Shock::Uniform { high, .. } => high.get(),
        }
    }

    /// Why the shock cannot be a price move, if it cannot: a move below −100%, a move or spread
    /// beyond what keeps every figure finite, or a normal shock that would put more than 1% of
    /// its draws below −100% (where they are floored, and its mean would no longer be its mean).
    pub fn price_move_problem(&self) -> Option<String> {
        let pct = |v: f64| format!("{:+}%", (v * 1e4).round() / 1e2);
        let (low, high) = match *self {
            Shock::Fixed(v) => (v.get(), v.get()),
            Shock::Normal { mean, .. } => (mean.get(), mean.get()),
            Shock::Triangular { low, high, .. } | Shock::Uniform { low, high } => (low.get(), high.get()),
        };
        if low < MIN_MOVE {
            return Some(format!(
                "a price move of {} is impossible: a price can fall by at most 100% (write -1 for a wipe-out)",
                pct(low)
            ));
        }
        if high > MAX_MOVE {
            return Some(format!(
                "a price move of {} is beyond the largest supported move, +{}%",
                pct(high),
                MAX_MOVE * 100.0
            ));
        }
        if let Shock::Normal { mean, sd } = *self {
            if sd.get() > MAX_MOVE {
                return Some(format!(
                    "a standard deviation of {} is beyond the largest supported, {}",
                    sd, MAX_MOVE
                ));
            }
            let p01 = mean.get() - Z99 * sd.get();
            if p01 < MIN_MOVE {
                return Some(format!(
                    "Normal(mean: {}, sd: {}) puts more than 1% of its draws below −100% (its 1% quantile is {}); \
                     use a smaller sd, or Triangular or Uniform for a move that can wipe a market out",
                    mean,
                    sd,
                    pct(p01)
                ));
            }
        }
        None
    }

    /// The price move at probability `q` of the shock's distribution (the floor at −100%
    /// included): `quantile(0.5)` is the median move, 0.05 and 0.95 the 90% range.
    pub fn quantile(&self, q: f64) -> f64 {
        let q = q.clamp(0.0, 1.0);
        match *self {
            Shock::Fixed(v) => v.get(),
            Shock::Normal { mean, sd } => (mean.get() + sd.get() * normal_quantile(q)).max(MIN_MOVE),
            Shock::Uniform { low, high } => low.get() + q * (high.get() - low.get()),
            Shock::Triangular { low, mode, high } => {
                let (a, c, b) = (low.get(), mode.get(), high.get());
                if b <= a {
                    return c;
                }
                let split = (c - a) / (b - a);
                if q <= split {
                    a + (q * (b - a) * (c - a)).sqrt()
                } else {
                    b - ((1.0 - q) * (b - a) * (b - c)).sqrt()
                }
            }
        }
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
    fn normal_quantiles_match_known_values() {
        for (q, z) in [
            (0.5, 0.0),
            (0.95, 1.644_853_626_951_472_2),
            (0.05, -1.644_853_626_951_472_2),
            (0.99, Z99),
            (0.001, -3.090_232_306_167_813),
        ] {
            assert!((normal_quantile(q) - z).abs() < 1e-8, "q={q}: {}", normal_quantile(q));
        }
    }

    #[test]
    fn implied_moves_are_the_distributions_quantiles() {
        let tri = Shock::triangular(-0.3, -0.1, 0.0).unwrap();
        // The mode splits the triangle at (mode − low) / (high − low) = 2/3 of the mass.
        assert!((tri.quantile(2.0 / 3.0) - -0.1).abs() < 1e-12);
        assert_eq!(tri.quantile(0.0), -0.3);
        assert_eq!(Shock::uniform(-0.2, 0.2).unwrap().quantile(0.25), -0.1);
        let normal = Shock::normal(-0.1, 0.05).unwrap();
        assert!((normal.quantile(0.05) - (-0.1 - 0.05 * 1.644_853_626_951_472_2)).abs() < 1e-9);
        assert_eq!(Shock::normal(-0.9, 0.2).unwrap().quantile(0.001), -1.0);
    }

    #[test]
    fn price_moves_below_a_wipe_out_or_too_wide_are_refused() {
        assert!(Shock::fixed(-1.0).unwrap().price_move_problem().is_none());
        assert!(Shock::fixed(-1.2).unwrap().price_move_problem().unwrap().contains("at most 100%"));
        assert!(Shock::uniform(-0.5, 11.0).unwrap().price_move_problem().unwrap().contains("+1000%"));
        assert!(Shock::normal(-0.5, 0.2).unwrap().price_move_problem().is_none());
        assert!(Shock::normal(-0.6, 0.2).unwrap().price_move_problem().unwrap().contains("1% of its draws"));
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
