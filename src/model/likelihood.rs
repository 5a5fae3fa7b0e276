//! How likely an event is over the scenario's horizon: a point probability, or a three-point
//! estimate (low, likely, high) that the engine samples per trial from a PERT distribution, so a
//! user can say how unsure they are.
//!
//! In a file: `likelihood: 0.85` or `likelihood: Range(low: 0.2, likely: 0.35, high: 0.6)`.

use super::numbers::{NumberError, Probability};
use serde::de::{self, MapAccess, Visitor};
use serde::ser::SerializeStruct;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Likelihood {
    Point(Probability),
    Range(ThreePoint),
}

/// A low / most likely / high estimate with `low <= likely <= high`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ThreePoint {
    low: Probability,
    likely: Probability,
    high: Probability,
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum LikelihoodError {
    #[error("Range {field}: {source}")]
    Number {
        field: &'static str,
        #[source]
        source: NumberError,
    },
    #[error("range must satisfy low <= likely <= high, found low {low}, likely {likely}, high {high}")]
    Unordered { low: f64, likely: f64, high: f64 },
}

impl ThreePoint {
    pub fn new(low: f64, likely: f64, high: f64) -> Result<ThreePoint, LikelihoodError> {
        let check =
            |field, v| Probability::new(v).map_err(|source| LikelihoodError::Number { field, source });
        let (low_p, likely_p, high_p) = (check("low", low)?, check("likely", likely)?, check("high", high)?);
        if !(low <= likely && likely <= high) {
            return Err(LikelihoodError::Unordered { low, likely, high });
        }
        Ok(ThreePoint { low: low_p, likely: likely_p, high: high_p })
    }

    pub fn low(&self) -> Probability {
        self.low
    }
    pub fn likely(&self) -> Probability {
        self.likely
    }
    pub fn high(&self) -> Probability {
        self.high
    }

    /// Mean of the PERT distribution: `(low + 4·likely + high) / 6`.
    pub fn pert_mean(&self) -> f64 {
        (self.low.get() + 4.0 * self.likely.get() + self.high.get()) / 6.0
    }
}

impl Likelihood {
    pub fn point(p: f64) -> Result<Likelihood, NumberError> {
        Probability::new(p).map(Likelihood::Point)
    }

    /// The expected probability: the point itself, or the PERT mean of a range.
    pub fn mean(&self) -> f64 {
        match self {
            Likelihood::Point(p) => p.get(),
            Likelihood::Range(r) => r.pert_mean(),
        }
    }

    /// The lowest and highest probability this likelihood can take.
    pub fn bounds(&self) -> (f64, f64) {
        match self {
            Likelihood::Point(p) => (p.get(), p.get()),
            Likelihood::Range(r) => (r.low.get(), r.high.get()),
        }
    }
}

impl Default for Likelihood {
    fn default() -> Self {
        Likelihood::Point(Probability::saturating(0.5))
    }
}

impl Serialize for Likelihood {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Likelihood::Point(p) => serializer.serialize_f64(p.get()),
            Likelihood::Range(r) => {
                let mut s = serializer.serialize_struct("Range", 3)?;
                s.serialize_field("low", &r.low.get())?;
                s.serialize_field("likely", &r.likely.get())?;
                s.serialize_field("high", &r.high.get())?;
                s.end()
            }
        }
    }
}

impl<'de> Deserialize<'de> for Likelihood {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LikelihoodVisitor)
    }
}

struct LikelihoodVisitor;

impl LikelihoodVisitor {
    fn point<E: de::Error>(value: f64) -> Result<Likelihood, E> {
        Likelihood::point(value).map_err(E::custom)
    }
}

impl<'de> Visitor<'de> for LikelihoodVisitor {
    type Value = Likelihood;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a probability like 0.85 or Range(low: 0.2, likely: 0.35, high: 0.6)")
    }

    fn visit_f64<E: de::Error>(self, value: f64) -> Result<Likelihood, E> {
        Self::point(value)
    }

    fn visit_u64<E: de::Error>(self, value: u64) -> Result<Likelihood, E> {
        Self::point(value as f64)
    }

    fn visit_i64<E: de::Error>(self, value: i64) -> Result<Likelihood, E> {
        Self::point(value as f64)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Likelihood, A::Error> {
        let (mut low, mut likely, mut high) = (None, None, None);
        while let Some(key) = map.next_key::<String>()? {
            let slot = match key.as_str() {
                "low" => &mut low,
                "likely" => &mut likely,
                "high" => &mut high,
                // serde's own unknown/missing-field errors would name the enclosing `Event`.
                other => {
                    return Err(de::Error::custom(format!(
                        "Range has no field `{other}`; it takes `low`, `likely` and `high`"
                    )));
                }
            };
            if slot.is_some() {
                return Err(de::Error::custom(format!("field `{key}` is given twice in Range")));
            }
            *slot = Some(map.next_value::<f64>()?);
        }
        let missing = |field: &str| {
            de::Error::custom(format!("Range is missing `{field}`; it needs `low`, `likely` and `high`"))
        };
        let low = low.ok_or_else(|| missing("low"))?;
        let likely = likely.ok_or_else(|| missing("likely"))?;
        let high = high.ok_or_else(|| missing("high"))?;
        ThreePoint::new(low, likely, high).map(Likelihood::Range).map_err(de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn three_point_checks_order_and_range() {
        assert!(ThreePoint::new(0.2, 0.35, 0.6).is_ok());
        assert!(matches!(ThreePoint::new(0.5, 0.3, 0.6), Err(LikelihoodError::Unordered { .. })));
        assert!(matches!(ThreePoint::new(0.2, 0.3, 1.6), Err(LikelihoodError::Number { field: "high", .. })));
    }

    #[test]
    fn pert_mean_weights_the_likely_value() {
        let r = ThreePoint::new(0.2, 0.35, 0.6).unwrap();
        assert!((r.pert_mean() - (0.2 + 1.4 + 0.6) / 6.0).abs() < 1e-12);
    }
}
