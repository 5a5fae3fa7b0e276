//! Numbers with preconditions: a `Probability` cannot hold 1.7 or NaN, an `Odds` cannot be zero.
//!
//! Each type is constructed only through `new`, which rejects bad values with a message that says
//! what was wrong. Deserialization goes through the same check, so a file with `likelihood: 1.7`
//! fails at the line and column of the number.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Why a number was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum NumberError {
    #[error("{0} is not a finite number")]
    NotFinite(f64),
    #[error("probability {0} is outside 0..=1")]
    NotProbability(f64),
    #[error("{0} is negative; it must be zero or more")]
    Negative(f64),
    #[error("{0} must be greater than zero")]
    NotPositive(f64),
}

fn finite(value: f64) -> Result<f64, NumberError> {
    if value.is_finite() { Ok(value) } else { Err(NumberError::NotFinite(value)) }
}

macro_rules! checked_number {
    ($(#[$meta:meta])* $name:ident, $check:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Serialize, Deserialize)]
        #[serde(try_from = "f64", into = "f64")]
        pub struct $name(f64);

        impl $name {
            pub fn new(value: f64) -> Result<Self, NumberError> {
                let check: fn(f64) -> Result<f64, NumberError> = $check;
                check(value).map(Self)
            }

            pub fn get(self) -> f64 {
                self.0
            }
        }

        impl TryFrom<f64> for $name {
            type Error = NumberError;
            fn try_from(value: f64) -> Result<Self, NumberError> {
                Self::new(value)
            }
        }

        impl From<$name> for f64 {
            fn from(value: $name) -> f64 {
                value.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

checked_number!(
    /// A probability in `0..=1`.
    Probability,
    |v| {
        let v = finite(v)?;
        if (0.0..=1.0).contains(&v) { Ok(v) } else { Err(NumberError::NotProbability(v)) }
    }
);

checked_number!(
    /// An odds multiplier: `> 1` makes the target event more likely, `< 1` less likely.
    Odds,
    |v| {
        let v = finite(v)?;
        if v > 0.0 { Ok(v) } else { Err(NumberError::NotPositive(v)) }
    }
);

checked_number!(
    /// A finite number of either sign (a holding's value: negative is a short position).
    Finite,
    finite
);

checked_number!(
    /// A finite number that is zero or more (a volatility, a standard deviation).
    NonNegative,
    |v| {
        let v = finite(v)?;
        if v >= 0.0 { Ok(v) } else { Err(NumberError::Negative(v)) }
    }
);

impl Probability {
    pub const ZERO: Probability = Probability(0.0);
    pub const ONE: Probability = Probability(1.0);

    /// Clamps any number into a probability (NaN becomes 0); for sliders and derived values.
    pub fn saturating(value: f64) -> Probability {
        if value.is_nan() { Probability(0.0) } else { Probability(value.clamp(0.0, 1.0)) }
    }
}

impl Odds {
    pub const EVEN: Odds = Odds(1.0);
}

impl NonNegative {
    pub const ZERO: NonNegative = NonNegative(0.0);
}

impl Finite {
    pub const ZERO: Finite = Finite(0.0);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn probability_rejects_out_of_range_and_nan() {
        assert!(Probability::new(0.0).is_ok());
        assert!(Probability::new(1.0).is_ok());
        assert_eq!(Probability::new(1.7), Err(NumberError::NotProbability(1.7)));
        assert!(matches!(Probability::new(f64::NAN), Err(NumberError::NotFinite(_))));
        assert!(matches!(Probability::new(-0.1), Err(NumberError::NotProbability(_))));
    }

    #[test]
    fn odds_must_be_positive_and_finite() {
        assert!(Odds::new(0.5).is_ok());
        assert_eq!(Odds::new(0.0), Err(NumberError::NotPositive(0.0)));
        assert!(Odds::new(f64::INFINITY).is_err());
    }

    #[test]
    fn saturating_probability_clamps() {
        assert_eq!(Probability::saturating(2.0).get(), 1.0);
        assert_eq!(Probability::saturating(f64::NAN).get(), 0.0);
    }
}
