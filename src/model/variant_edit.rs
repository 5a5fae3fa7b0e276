//! Edits of a scenario's variants as whole steps: copying one under a fresh name, renaming one,
//! and adding or removing one override. The app applies each as one undo step.
//!
//! Pure: no files, no window. An edit that cannot apply (an index past the end, a taken name)
//! changes nothing and says why.

use super::id::Id;
use super::numbers::Finite;
use super::scenario::Scenario;

/// One number a variant can override, by the ids it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VariantOverride {
    /// An event's likelihood.
    Likelihood(Id),
    /// An event's shock to a market: (event, market).
    Shock(Id, Id),
    /// The value held in a market.
    Holding(Id),
}

/// Why a variant cannot take a name.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum VariantNameError {
    #[error("a variant needs a name")]
    Empty,
    #[error("another variant is already called \"{0}\"")]
    Taken(String),
}

impl Scenario {
    /// Whether variant `index` may be called `name` (trimmed): not empty, no other variant's name.
    pub fn check_variant_name(&self, index: usize, name: &str) -> Result<String, VariantNameError> {
        let name = name.trim();
        if name.is_empty() {
            return Err(VariantNameError::Empty);
        }
        let taken = self.variants.iter().enumerate().any(|(i, v)| i != index && v.name == name);
        if taken { Err(VariantNameError::Taken(name.to_owned())) } else { Ok(name.to_owned()) }
    }

    /// Renames variant `index`; returns its old name.
    pub fn rename_variant(&mut self, index: usize, name: &str) -> Result<Option<String>, VariantNameError> {
        let name = self.check_variant_name(index, name)?;
        Ok(self.variants.get_mut(index).map(|v| std::mem::replace(&mut v.name, name)))
    }

    /// Copies variant `index` right after it, as "X (copy)" or the first free "X (copy N)";
    /// returns the copy's index.
    pub fn duplicate_variant(&mut self, index: usize) -> Option<usize> {
        let mut copy = self.variants.get(index)?.clone();
        let stem = format!("{} (copy)", copy.name);
        copy.name = std::iter::once(stem.clone())
            .chain((2..).map(|n| format!("{} (copy {n})", copy.name)))
            .find(|name| self.variant(name).is_none())?;
        self.variants.insert(index + 1, copy);
        Some(index + 1)
    }

    /// Makes variant `index` override `what`, starting from the base scenario's value (a market
    /// not held starts at zero); whether the base has that event, shock or market.
    pub fn add_override(&mut self, index: usize, what: &VariantOverride) -> bool {
        let base = &*self;
        let value = match what {
            VariantOverride::Likelihood(event) => {
                base.event(event.as_str()).map(|e| Start::Likelihood(e.likelihood))
            }
            VariantOverride::Shock(event, market) => base
                .event(event.as_str())
                .and_then(|e| e.markets.get(market))
                .map(|shock| Start::Shock(*shock)),
            VariantOverride::Holding(market) => base.market(market.as_str()).map(|_| {
                Start::Holding(
                    base.portfolio
                        .holdings
                        .iter()
                        .find(|h| &h.market == market)
                        .map_or(Finite::ZERO, |h| h.value),
                )
            }),
        };
        let (Some(value), Some(variant)) = (value, self.variants.get_mut(index)) else { return false };
        match (what, value) {
            (VariantOverride::Likelihood(event), Start::Likelihood(l)) => {
                variant.likelihoods.entry(event.clone()).or_insert(l);
            }
            (VariantOverride::Shock(event, market), Start::Shock(s)) => {
                variant.shocks.entry(event.clone()).or_default().entry(market.clone()).or_insert(s);
            }
            (VariantOverride::Holding(market), Start::Holding(v)) => {
                variant.holdings.entry(market.clone()).or_insert(v);
            }
            _ => return false,
        }
        true
    }

    /// Takes an override out of variant `index`; whether there was one.
    pub fn remove_override(&mut self, index: usize, what: &VariantOverride) -> bool {
        let Some(variant) = self.variants.get_mut(index) else { return false };
        match what {
            VariantOverride::Likelihood(event) => variant.likelihoods.remove(event).is_some(),
            VariantOverride::Shock(event, market) => {
                let removed = variant.shocks.get_mut(event).is_some_and(|m| m.remove(market).is_some());
                variant.shocks.retain(|_, shocks| !shocks.is_empty());
                removed
            }
            VariantOverride::Holding(market) => variant.holdings.remove(market).is_some(),
        }
    }
}

/// The base value an override starts from.
enum Start {
    Likelihood(super::likelihood::Likelihood),
    Shock(super::impact::Shock),
    Holding(Finite),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example() -> Scenario {
        let text = include_str!("../../scenarios/russia-dprk-2024.ron");
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .expect("the flagship parses")
    }

    #[test]
    fn a_duplicate_gets_the_first_free_copy_name_right_after_the_original() {
        let mut s = example();
        let name = s.variants[0].name.clone();
        assert_eq!(s.duplicate_variant(0), Some(1));
        assert_eq!(s.variants[1].name, format!("{name} (copy)"));
        assert_eq!(s.variants[1].likelihoods, s.variants[0].likelihoods);
        s.duplicate_variant(0);
        assert_eq!(s.variants[1].name, format!("{name} (copy 2)"));
        assert_eq!(s.duplicate_variant(99), None);
    }

    #[test]
    fn a_rename_refuses_an_empty_or_taken_name() {
        let mut s = example();
        s.duplicate_variant(0);
        let other = s.variants[1].name.clone();
        assert_eq!(s.rename_variant(0, "  "), Err(VariantNameError::Empty));
        assert_eq!(s.rename_variant(0, &other), Err(VariantNameError::Taken(other.clone())));
        let old = s.variants[0].name.clone();
        assert_eq!(s.rename_variant(0, " Calm seas "), Ok(Some(old)));
        assert_eq!(s.variants[0].name, "Calm seas");
    }

    #[test]
    fn an_override_starts_at_the_base_value_and_removing_it_restores_the_base() {
        let mut s = example();
        let event = s.events[0].clone();
        let (market, shock) = event.markets.iter().next().map(|(m, s)| (m.clone(), *s)).expect("a shock");
        s.variants[0].likelihoods.remove(&event.id);
        s.variants[0].shocks.remove(&event.id);
        assert!(s.add_override(0, &VariantOverride::Likelihood(event.id.clone())));
        assert_eq!(s.variants[0].likelihoods[&event.id], event.likelihood);
        let what = VariantOverride::Shock(event.id.clone(), market.clone());
        assert!(s.add_override(0, &what));
        assert_eq!(s.variants[0].shocks[&event.id][&market], shock);
        assert!(s.remove_override(0, &what));
        assert!(!s.variants[0].shocks.contains_key(&event.id), "an emptied event leaves no empty map");
        assert!(!s.remove_override(0, &what), "nothing left to remove");
    }
}
