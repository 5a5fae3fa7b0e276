//! Changes to the lists inside a scenario — an event's impact rows, the holdings, a group's
//! members, the correlations, the matrix's levels — as values, so the app can issue each as a
//! command (one undo step) and tests can apply them without a window.
//!
//! An edit that no longer fits the scenario (its event was deleted, its row is gone, its target
//! is taken) changes nothing: [`Scenario::apply_list_edit`] says whether it applied. Pure: no I/O.

use super::id::Id;
use super::impact::{Severity, Shock};
use super::matrix::MatrixAxis;
use super::numbers::Finite;
use super::scenario::{Correlation, Scenario};
use std::collections::BTreeMap;

#[derive(Debug, Clone, PartialEq)]
pub enum ListEdit {
    /// Rates a region the event does not rate yet, at Moderate.
    AddRegionImpact {
        event: Id,
        region: Id,
    },
    RemoveRegionImpact {
        event: Id,
        region: Id,
    },
    /// Moves a row to a region the event does not rate yet, keeping its severity.
    RepointRegionImpact {
        event: Id,
        from: Id,
        to: Id,
    },
    /// Moves a market the event does not move yet, by 0% until edited.
    AddMarketImpact {
        event: Id,
        market: Id,
    },
    RemoveMarketImpact {
        event: Id,
        market: Id,
    },
    /// Moves a row to a market the event does not move yet, keeping its shock.
    RepointMarketImpact {
        event: Id,
        from: Id,
        to: Id,
    },
    /// The holding at this position.
    RemoveHolding(usize),
    AddGroupMember {
        group: Id,
        event: Id,
    },
    RemoveGroupMember {
        group: Id,
        event: Id,
    },
    /// A pair not listed yet, with its value.
    AddCorrelation {
        between: (Id, Id),
        value: Finite,
    },
    /// The correlation at this position.
    RemoveCorrelation(usize),
    AddMatrixLevel(MatrixAxis),
    RemoveMatrixLevel(MatrixAxis, usize),
}

/// Moves `from`'s value to `to` when `to` is free; whether it did.
fn repoint<T>(rows: &mut BTreeMap<Id, T>, from: &Id, to: &Id) -> bool {
    if rows.contains_key(to) {
        return false;
    }
    match rows.remove(from) {
        Some(value) => rows.insert(to.clone(), value).is_none(),
        None => false,
    }
}

/// Adds `key` when it is not there yet; whether it did.
fn add<T>(rows: &mut BTreeMap<Id, T>, key: &Id, value: T) -> bool {
    if rows.contains_key(key) {
        return false;
    }
    rows.insert(key.clone(), value);
    true
}

impl Scenario {
    /// Applies a list edit; `false` (and no change) when it no longer fits the scenario.
    pub fn apply_list_edit(&mut self, edit: &ListEdit) -> bool {
        let event_at = |s: &Scenario, id: &Id| s.event_index(id.as_str());
        match edit {
            ListEdit::AddRegionImpact { event, region } => event_at(self, event)
                .is_some_and(|e| add(&mut self.events[e].regions, region, Severity::Moderate)),
            ListEdit::RemoveRegionImpact { event, region } => {
                event_at(self, event).is_some_and(|e| self.events[e].regions.remove(region).is_some())
            }
            ListEdit::RepointRegionImpact { event, from, to } => {
                event_at(self, event).is_some_and(|e| repoint(&mut self.events[e].regions, from, to))
            }
            ListEdit::AddMarketImpact { event, market } => event_at(self, event)
                .is_some_and(|e| add(&mut self.events[e].markets, market, Shock::Fixed(Finite::ZERO))),
            ListEdit::RemoveMarketImpact { event, market } => {
                event_at(self, event).is_some_and(|e| self.events[e].markets.remove(market).is_some())
            }
            ListEdit::RepointMarketImpact { event, from, to } => {
                event_at(self, event).is_some_and(|e| repoint(&mut self.events[e].markets, from, to))
            }
            ListEdit::RemoveHolding(i) => {
                let holdings = &mut self.portfolio.holdings;
                (*i < holdings.len()).then(|| holdings.remove(*i)).is_some()
            }
            ListEdit::AddGroupMember { group, event } => {
                match self.groups.iter_mut().find(|g| &g.id == group) {
                    Some(g) if !g.events.contains(event) => {
                        g.events.push(event.clone());
                        true
                    }
                    _ => false,
                }
            }
            ListEdit::RemoveGroupMember { group, event } => {
                let Some(g) = self.groups.iter_mut().find(|g| &g.id == group) else { return false };
                let before = g.events.len();
                g.events.retain(|member| member != event);
                g.events.len() != before
            }
            ListEdit::AddCorrelation { between: (a, b), value } => {
                let listed = self.correlations.iter().any(|c| {
                    (&c.between.0 == a && &c.between.1 == b) || (&c.between.0 == b && &c.between.1 == a)
                });
                if listed || a == b {
                    return false;
                }
                let between = (a.clone(), b.clone());
                self.correlations.push(Correlation { between, value: *value, notes: None });
                true
            }
            ListEdit::RemoveCorrelation(i) => {
                (*i < self.correlations.len()).then(|| self.correlations.remove(*i)).is_some()
            }
            ListEdit::AddMatrixLevel(axis) => {
                let before = self.matrix.levels(*axis);
                self.matrix.add_level(*axis);
                self.matrix.levels(*axis) != before
            }
            ListEdit::RemoveMatrixLevel(axis, level) => {
                let before = self.matrix.levels(*axis);
                self.matrix.remove_level(*axis, *level);
                self.matrix.levels(*axis) != before
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> Id {
        Id::new(s).expect("a valid id")
    }

    fn example() -> Scenario {
        let text = include_str!("../../tests/fixtures/contract.ron");
        ron::Options::default()
            .with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
            .from_str(text)
            .expect("the contract fixture parses")
    }

    #[test]
    fn impact_rows_are_added_removed_and_repointed_keeping_their_numbers() {
        let mut s = example();
        let shells = id("dprk-shells");
        let at = s.event_index("dprk-shells").expect("the event");
        let (region, severity) =
            s.events[at].regions.iter().next().map(|(r, v)| (r.clone(), *v)).expect("a row");
        let free = id("russia");
        s.regions.push(super::super::scenario::Region {
            id: free.clone(),
            name: "Russia".into(),
            countries: vec![],
            notes: None,
        });
        let edit =
            ListEdit::RepointRegionImpact { event: shells.clone(), from: region.clone(), to: free.clone() };
        assert!(s.apply_list_edit(&edit));
        assert_eq!(s.events[at].regions.get(&free), Some(&severity), "the severity moves with the row");
        assert!(!s.events[at].regions.contains_key(&region));
        let market = s.markets[0].id.clone();
        let had = s.events[at].markets.contains_key(&market);
        let add = ListEdit::AddMarketImpact { event: shells.clone(), market: market.clone() };
        assert_eq!(s.apply_list_edit(&add), !had, "a market already moved is not added twice");
        let remove = ListEdit::RemoveMarketImpact { event: shells.clone(), market: market.clone() };
        assert!(s.apply_list_edit(&remove));
        assert!(!s.events[at].markets.contains_key(&market));
        assert!(!s.apply_list_edit(&remove), "removing it again changes nothing");
        let gone = ListEdit::AddRegionImpact { event: id("no-such-event"), region: s.regions[0].id.clone() };
        let before = s.clone();
        assert!(!s.apply_list_edit(&gone));
        assert_eq!(s, before, "an edit of a deleted event changes nothing");
    }

    #[test]
    fn a_repoint_never_overwrites_a_row_the_target_already_has() {
        let mut s = example();
        let at = s.event_index("dprk-shells").expect("the event");
        let rows: Vec<Id> = s.events[at].markets.keys().cloned().collect();
        let [a, b, ..] = &rows[..] else { panic!("the fixture's shells move two markets: {rows:?}") };
        let before = s.clone();
        let edit = ListEdit::RepointMarketImpact { event: id("dprk-shells"), from: a.clone(), to: b.clone() };
        assert!(!s.apply_list_edit(&edit));
        assert_eq!(s, before);
    }

    #[test]
    fn holdings_members_correlations_and_levels_change_by_position_or_id() {
        let mut s = example();
        let holdings = s.portfolio.holdings.len();
        assert!(s.apply_list_edit(&ListEdit::RemoveHolding(0)));
        assert_eq!(s.portfolio.holdings.len(), holdings - 1);
        assert!(!s.apply_list_edit(&ListEdit::RemoveHolding(99)));

        let (a, b) = (s.markets[0].id.clone(), s.markets[1].id.clone());
        let value = Finite::new(0.3).expect("finite");
        let pairs = s.correlations.len();
        let add = ListEdit::AddCorrelation { between: (a.clone(), b.clone()), value };
        let added = s.apply_list_edit(&add);
        assert_eq!(s.correlations.len(), pairs + usize::from(added));
        let reversed = ListEdit::AddCorrelation { between: (b, a), value };
        assert!(!s.apply_list_edit(&reversed), "a pair is listed once, either way round");
        assert!(s.apply_list_edit(&ListEdit::RemoveCorrelation(s.correlations.len() - 1)));

        let levels = s.matrix.levels(MatrixAxis::Impact);
        assert!(s.apply_list_edit(&ListEdit::AddMatrixLevel(MatrixAxis::Impact)));
        assert_eq!(s.matrix.levels(MatrixAxis::Impact), levels + 1);
        assert!(s.apply_list_edit(&ListEdit::RemoveMatrixLevel(MatrixAxis::Impact, 0)));
        assert_eq!(s.matrix.levels(MatrixAxis::Impact), levels);
    }

    #[test]
    fn group_members_are_added_once_and_removed_by_id() {
        let mut s = example();
        let group = id("one-of");
        s.groups.push(super::super::scenario::ExclusiveGroup {
            id: group.clone(),
            name: String::new(),
            kind: Default::default(),
            events: vec![s.events[0].id.clone()],
            notes: None,
        });
        let outsider = s
            .events
            .iter()
            .find(|e| !s.groups[0].events.contains(&e.id))
            .map(|e| e.id.clone())
            .expect("an event outside the group");
        let add = ListEdit::AddGroupMember { group: group.clone(), event: outsider.clone() };
        assert!(s.apply_list_edit(&add));
        assert!(!s.apply_list_edit(&add), "a member is listed once");
        assert!(s.apply_list_edit(&ListEdit::RemoveGroupMember { group, event: outsider.clone() }));
        assert!(!s.groups[0].events.contains(&outsider));
    }
}
