//! Edits that touch more than one place of a scenario: renaming an id everywhere it is used,
//! listing what refers to an id, and deleting an item together with the references to it.
//!
//! The app uses these so that a rename never leaves a dangling reference and a delete can say,
//! before it happens, what else it removes.

use super::id::Id;
use super::scenario::Scenario;
use std::collections::BTreeMap;

/// The kinds of item that other items refer to by id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IdKind {
    Region,
    Market,
    Event,
    Group,
}

impl IdKind {
    pub fn label(self) -> &'static str {
        match self {
            IdKind::Region => "region",
            IdKind::Market => "market",
            IdKind::Event => "event",
            IdKind::Group => "exclusive group",
        }
    }
}

/// Moves the entry under `from` to `to`, unless `to` has an entry already: then both stay, and
/// validation names the one left behind, rather than one silently replacing the other.
fn rename_key<V>(map: &mut BTreeMap<Id, V>, from: &Id, to: &Id) {
    if !map.contains_key(to)
        && let Some(value) = map.remove(from)
    {
        map.insert(to.clone(), value);
    }
}

fn rename_in(id: &mut Id, from: &Id, to: &Id) {
    if id == from {
        *id = to.clone();
    }
}

impl Scenario {
    /// Whether an item of this kind already uses `id`.
    pub fn has_id(&self, kind: IdKind, id: &str) -> bool {
        match kind {
            IdKind::Region => self.regions.iter().any(|r| r.id.as_str() == id),
            IdKind::Market => self.markets.iter().any(|m| m.id.as_str() == id),
            IdKind::Event => self.events.iter().any(|e| e.id.as_str() == id),
            IdKind::Group => self.groups.iter().any(|g| g.id.as_str() == id),
        }
    }

    /// An id made from `name` that no item of this kind uses yet.
    pub fn fresh_id(&self, kind: IdKind, name: &str) -> Id {
        Id::unique(&Id::slug(name), |candidate| self.has_id(kind, candidate.as_str()))
    }

    /// Renames the item `from` to `to` and every reference to it. The caller checks that `to` is
    /// free; renaming onto a used id would merge two items' references.
    pub fn rename_id(&mut self, kind: IdKind, from: &Id, to: &Id) {
        match kind {
            IdKind::Region => {
                self.regions.iter_mut().for_each(|r| rename_in(&mut r.id, from, to));
                for market in &mut self.markets {
                    if let Some(region) = &mut market.region {
                        rename_in(region, from, to);
                    }
                }
                self.events.iter_mut().for_each(|e| rename_key(&mut e.regions, from, to));
            }
            IdKind::Market => {
                self.markets.iter_mut().for_each(|m| rename_in(&mut m.id, from, to));
                self.events.iter_mut().for_each(|e| rename_key(&mut e.markets, from, to));
                self.portfolio.holdings.iter_mut().for_each(|h| rename_in(&mut h.market, from, to));
                for correlation in &mut self.correlations {
                    rename_in(&mut correlation.between.0, from, to);
                    rename_in(&mut correlation.between.1, from, to);
                }
                for variant in &mut self.variants {
                    variant.shocks.values_mut().for_each(|shocks| rename_key(shocks, from, to));
                    rename_key(&mut variant.holdings, from, to);
                }
            }
            IdKind::Event => {
                self.events.iter_mut().for_each(|e| rename_in(&mut e.id, from, to));
                for link in &mut self.links {
                    rename_in(&mut link.from, from, to);
                    rename_in(&mut link.to, from, to);
                }
                for group in &mut self.groups {
                    group.events.iter_mut().for_each(|e| rename_in(e, from, to));
                }
                for variant in &mut self.variants {
                    rename_key(&mut variant.likelihoods, from, to);
                    rename_key(&mut variant.shocks, from, to);
                }
            }
            IdKind::Group => self.groups.iter_mut().for_each(|g| rename_in(&mut g.id, from, to)),
        }
    }

    /// Applies a problem's suggested fix: every reference to the undefined id becomes the defined
    /// one (a row that already refers to the defined id keeps its own numbers).
    pub fn apply_fix(&mut self, fix: &crate::model::Fix) {
        self.rename_id(fix.kind, &fix.wrong, &fix.right);
    }

    /// Plain descriptions of everything that refers to `id`, for a "delete?" question.
    pub fn references_to(&self, kind: IdKind, id: &str) -> Vec<String> {
        let mut out = Vec::new();
        match kind {
            IdKind::Region => {
                for m in self.markets.iter().filter(|m| m.region.as_ref().is_some_and(|r| r.as_str() == id)) {
                    out.push(format!("market \"{}\" is in this region", m.display_name()));
                }
                for e in self.events.iter().filter(|e| e.regions.contains_key(id)) {
                    out.push(format!("event \"{}\" has a severity for it", e.display_name()));
                }
            }
            IdKind::Market => {
                for e in self.events.iter().filter(|e| e.markets.contains_key(id)) {
                    out.push(format!("event \"{}\" shocks it", e.display_name()));
                }
                if self.portfolio.holdings.iter().any(|h| h.market.as_str() == id) {
                    out.push("the portfolio holds it".to_owned());
                }
                for c in &self.correlations {
                    let other = match (c.between.0.as_str() == id, c.between.1.as_str() == id) {
                        (true, _) => &c.between.1,
                        (_, true) => &c.between.0,
                        _ => continue,
                    };
                    let name = self.market(other.as_str()).map_or(other.as_str(), |m| m.display_name());
                    out.push(format!("its correlation with \"{name}\""));
                }
                for v in &self.variants {
                    let in_shocks = v.shocks.values().any(|s| s.contains_key(id));
                    if in_shocks || v.holdings.contains_key(id) {
                        out.push(format!("variant \"{}\" overrides it", v.name));
                    }
                }
            }
            IdKind::Event => {
                for l in self.links.iter().filter(|l| l.from.as_str() == id || l.to.as_str() == id) {
                    out.push(format!("the link from \"{}\" to \"{}\"", l.from, l.to));
                }
                for g in self.groups.iter().filter(|g| g.events.iter().any(|e| e.as_str() == id)) {
                    out.push(format!("exclusive group \"{}\" lists it", g.id));
                }
                for v in &self.variants {
                    if v.likelihoods.contains_key(id) || v.shocks.contains_key(id) {
                        out.push(format!("variant \"{}\" overrides it", v.name));
                    }
                }
            }
            IdKind::Group => {}
        }
        out
    }

    /// Deletes the item and every reference to it, so the scenario stays consistent.
    pub fn remove_with_references(&mut self, kind: IdKind, id: &str) {
        match kind {
            IdKind::Region => {
                self.regions.retain(|r| r.id.as_str() != id);
                for market in &mut self.markets {
                    if market.region.as_ref().is_some_and(|r| r.as_str() == id) {
                        market.region = None;
                    }
                }
                for event in &mut self.events {
                    event.regions.remove(id);
                }
            }
            IdKind::Market => {
                self.markets.retain(|m| m.id.as_str() != id);
                for event in &mut self.events {
                    event.markets.remove(id);
                }
                self.portfolio.holdings.retain(|h| h.market.as_str() != id);
                self.correlations.retain(|c| c.between.0.as_str() != id && c.between.1.as_str() != id);
                for variant in &mut self.variants {
                    for shocks in variant.shocks.values_mut() {
                        shocks.remove(id);
                    }
                    variant.shocks.retain(|_, s| !s.is_empty());
                    variant.holdings.remove(id);
                }
            }
            IdKind::Event => {
                self.events.retain(|e| e.id.as_str() != id);
                self.links.retain(|l| l.from.as_str() != id && l.to.as_str() != id);
                self.groups.iter_mut().for_each(|g| g.events.retain(|e| e.as_str() != id));
                for variant in &mut self.variants {
                    variant.likelihoods.remove(id);
                    variant.shocks.remove(id);
                }
            }
            IdKind::Group => self.groups.retain(|g| g.id.as_str() != id),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Event, Likelihood, Shock};

    fn id(s: &str) -> Id {
        Id::new(s).unwrap()
    }

    fn sample() -> Scenario {
        let text = include_str!("../../tests/fixtures/contract.ron");
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .unwrap()
    }

    #[test]
    fn a_suggested_fix_repoints_every_reference_to_the_typo_and_keeps_its_numbers() {
        let mut s = sample();
        let event = s.event_index("dprk-shells").unwrap();
        let shock = s.events[event].markets.remove(&id("kospi")).unwrap();
        s.events[event].markets.insert(id("kopsi"), shock);
        s.portfolio.holdings[0].market = id("kopsi");
        let problems = crate::model::validate(&s);
        let fixes: Vec<_> = problems.iter().filter_map(|p| p.fix.clone()).collect();
        assert_eq!(fixes.len(), 2, "{problems:?}");
        assert!(problems.iter().all(|p| p.message.contains("did you mean \"kospi\"")), "{problems:?}");
        s.apply_fix(&fixes[0]);
        assert!(crate::model::validate(&s).is_empty(), "one fix mends every reference to the typo");
        assert_eq!(s.events[event].markets.get(&id("kospi")), Some(&shock));
        assert_eq!(s.portfolio.holdings[0].market, id("kospi"));
    }

    #[test]
    fn a_fix_never_overwrites_a_row_the_defined_id_already_has() {
        let mut s = sample();
        let event = s.event_index("dprk-shells").unwrap();
        let kept = s.events[event].markets[&id("kospi")];
        s.events[event].markets.insert(id("kopsi"), Shock::fixed(0.5).unwrap());
        let fix = crate::model::validate(&s).into_iter().find_map(|p| p.fix).unwrap();
        s.apply_fix(&fix);
        assert_eq!(s.events[event].markets[&id("kospi")], kept);
        assert!(s.events[event].markets.contains_key(&id("kopsi")), "left for the user to decide");
    }

    #[test]
    fn renaming_a_market_follows_every_reference() {
        let mut s = sample();
        s.variants[0].shocks.insert(id("dprk-shells"), [(id("kospi"), Shock::fixed(0.1).unwrap())].into());
        s.rename_id(IdKind::Market, &id("kospi"), &id("kospi-200"));
        assert!(s.market("kospi-200").is_some() && s.market("kospi").is_none());
        assert!(s.events.iter().all(|e| !e.markets.contains_key("kospi")));
        assert!(s.event("dprk-shells").unwrap().markets.contains_key("kospi-200"));
        assert_eq!(s.portfolio.holdings[0].market.as_str(), "kospi-200");
        assert!(s.variants[0].shocks["dprk-shells"].contains_key("kospi-200"));
        assert!(crate::model::validate(&s).is_empty());
    }

    #[test]
    fn renaming_an_event_follows_links_and_variants() {
        let mut s = sample();
        s.rename_id(IdKind::Event, &id("ru-satellite-tech"), &id("sat"));
        assert_eq!(s.links[0].to.as_str(), "sat");
        assert!(s.variants[0].likelihoods.contains_key("sat"));
        assert!(crate::model::validate(&s).is_empty());
    }

    #[test]
    fn renaming_a_region_follows_markets_and_severities() {
        let mut s = sample();
        s.rename_id(IdKind::Region, &id("korea"), &id("peninsula"));
        assert_eq!(s.markets[0].region.as_ref().unwrap().as_str(), "peninsula");
        assert!(s.events[0].regions.contains_key("peninsula"));
        assert!(crate::model::validate(&s).is_empty());
    }

    #[test]
    fn references_name_what_uses_an_item() {
        let s = sample();
        let refs = s.references_to(IdKind::Market, "kospi");
        assert_eq!(refs.len(), 3, "{refs:?}");
        assert!(refs.iter().any(|r| r.contains("portfolio")));
        assert_eq!(s.references_to(IdKind::Event, "ru-satellite-tech").len(), 2);
        assert!(s.references_to(IdKind::Market, "nothing").is_empty());
    }

    #[test]
    fn removing_with_references_leaves_a_valid_scenario() {
        for (kind, what) in [
            (IdKind::Market, "kospi"),
            (IdKind::Region, "korea"),
            (IdKind::Event, "ru-satellite-tech"),
            (IdKind::Event, "dprk-shells"),
        ] {
            let mut s = sample();
            s.remove_with_references(kind, what);
            assert!(!s.has_id(kind, what));
            assert!(s.references_to(kind, what).is_empty());
            assert_eq!(crate::model::validate(&s), vec![], "after removing {what}");
        }
    }

    #[test]
    fn fresh_ids_are_slugs_that_do_not_clash() {
        let mut s = sample();
        let first = s.fresh_id(IdKind::Event, "DPRK shells");
        s.events.push(Event {
            id: first.clone(),
            name: "DPRK shells".into(),
            kind: Default::default(),
            likelihood: Likelihood::default(),
            regions: Default::default(),
            markets: Default::default(),
            notes: None,
            criterion: None,
            resolution: None,
        });
        assert_eq!(first.as_str(), "dprk-shells-2");
        assert_eq!(s.fresh_id(IdKind::Event, "DPRK shells").as_str(), "dprk-shells-3");
        assert_eq!(s.fresh_id(IdKind::Market, "DPRK shells").as_str(), "dprk-shells");
    }
}
