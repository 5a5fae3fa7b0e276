//! Applying the edit commands that change the scenario's lists: add, rename and remove items,
//! each as an undo step of its own, and where the selection goes after an undo or redo.

use crate::model::{
    Event, EventCategory, ExclusiveGroup, GroupKind, Holding, Id, IdKind, Likelihood, Link, Market, Odds,
    Region, Scenario, Variant,
};
use crate::ui::app::GeoriskApp;
use crate::ui::command::Selection;

impl GeoriskApp {
    pub(super) fn rename(&mut self, kind: IdKind, from: &Id, to: &Id) {
        if from != to && !self.doc.scenario().has_id(kind, to.as_str()) {
            self.doc.scenario_mut().rename_id(kind, from, to);
            self.selection = std::mem::take(&mut self.selection).renamed(kind, from, to);
        }
    }

    /// After an undo or redo the selected item may be gone: when the step was a rename, follow
    /// it to its other id; otherwise show the overview.
    pub(super) fn keep_selection_after(&mut self, before: &Scenario) {
        let s = self.doc.scenario();
        let (kind, id) = match &self.selection {
            Selection::Region(id) => (IdKind::Region, id),
            Selection::Market(id) => (IdKind::Market, id),
            Selection::Event(id) => (IdKind::Event, id),
            Selection::Group(id) => (IdKind::Group, id),
            Selection::Link(i) if *i >= s.links.len() => return self.selection = Selection::Overview,
            Selection::Variant(i) if *i >= s.variants.len() => return self.selection = Selection::Overview,
            _ => return,
        };
        if s.has_id(kind, id.as_str()) {
            return;
        }
        let ids = |scenario: &Scenario| -> Vec<Id> {
            match kind {
                IdKind::Region => scenario.regions.iter().map(|r| r.id.clone()).collect(),
                IdKind::Market => scenario.markets.iter().map(|m| m.id.clone()).collect(),
                IdKind::Event => scenario.events.iter().map(|e| e.id.clone()).collect(),
                IdKind::Group => scenario.groups.iter().map(|g| g.id.clone()).collect(),
            }
        };
        let old = ids(before);
        let appeared: Vec<Id> = ids(s).into_iter().filter(|id| !old.contains(id)).collect();
        self.selection = match (kind, &appeared[..]) {
            (IdKind::Region, [one]) => Selection::Region(one.clone()),
            (IdKind::Market, [one]) => Selection::Market(one.clone()),
            (IdKind::Event, [one]) => Selection::Event(one.clone()),
            (IdKind::Group, [one]) => Selection::Group(one.clone()),
            _ => Selection::Overview,
        };
    }

    /// An edit as an undo step of its own, apart from any typing before or after it.
    pub(super) fn one_step(&mut self, edit: impl FnOnce(&mut GeoriskApp)) {
        self.doc.checkpoint();
        edit(self);
        self.doc.checkpoint();
    }

    pub(super) fn remove_at<T>(&mut self, i: usize, list: fn(&mut Scenario) -> &mut Vec<T>) {
        if i < list(self.doc.scenario_mut()).len() {
            self.doc.checkpoint();
            list(self.doc.scenario_mut()).remove(i);
            self.doc.checkpoint();
            self.selection = Selection::Overview;
        }
    }

    pub(super) fn add(&mut self, item: NewItem) {
        self.doc.checkpoint();
        let s = self.doc.scenario_mut();
        self.selection = match item {
            NewItem::Region => {
                let id = s.fresh_id(IdKind::Region, "New region");
                s.regions.push(Region {
                    id: id.clone(),
                    name: "New region".into(),
                    countries: vec![],
                    notes: None,
                });
                Selection::Region(id)
            }
            NewItem::Market => {
                let id = s.fresh_id(IdKind::Market, "New market");
                s.markets.push(Market {
                    id: id.clone(),
                    name: "New market".into(),
                    kind: Default::default(),
                    region: None,
                    volatility: None,
                    drift: None,
                    notes: None,
                });
                Selection::Market(id)
            }
            NewItem::Event(category) => {
                let id = s.fresh_id(IdKind::Event, "New event");
                s.events.push(new_event(id.clone(), category));
                Selection::Event(id)
            }
            NewItem::CopyOf(original) => {
                let Some(at) = s.event_index(original.as_str()) else { return };
                let mut copy = s.events[at].clone();
                copy.name = format!("{} (copy)", copy.display_name());
                copy.id = s.fresh_id(IdKind::Event, &copy.name);
                let id = copy.id.clone();
                s.events.insert(at + 1, copy);
                Selection::Event(id)
            }
            NewItem::Link => {
                let [from, to] = match &s.events[..] {
                    [a, b, ..] => [a.id.clone(), b.id.clone()],
                    _ => return,
                };
                s.links.push(Link { from, to, odds: Odds::EVEN, notes: None });
                Selection::Link(s.links.len() - 1)
            }
            NewItem::Group => {
                let id = s.fresh_id(IdKind::Group, "New group");
                s.groups.push(ExclusiveGroup {
                    id: id.clone(),
                    name: "New group".into(),
                    kind: GroupKind::AtMostOne,
                    events: vec![],
                    notes: None,
                });
                Selection::Group(id)
            }
            NewItem::Holding => {
                let held = |m: &Market| s.portfolio.holdings.iter().any(|h| h.market == m.id);
                if let Some(market) = s.markets.iter().find(|m| !held(m)).map(|m| m.id.clone()) {
                    s.portfolio.holdings.push(Holding {
                        market,
                        value: crate::model::Finite::ZERO,
                        notes: None,
                    });
                }
                Selection::Portfolio
            }
            NewItem::Variant => {
                let name = (1..)
                    .map(|n| format!("Variant {n}"))
                    .find(|n| s.variant(n).is_none())
                    .unwrap_or_default();
                s.variants.push(Variant {
                    name,
                    likelihoods: Default::default(),
                    shocks: Default::default(),
                    holdings: Default::default(),
                    notes: None,
                });
                Selection::Variant(s.variants.len() - 1)
            }
        };
        // The edit is a step of its own, apart from any typing that follows it at once.
        self.doc.checkpoint();
    }
}

fn new_event(id: Id, category: EventCategory) -> Event {
    Event {
        id,
        name: "New event".into(),
        kind: category.empty_kind(),
        likelihood: Likelihood::default(),
        regions: Default::default(),
        markets: Default::default(),
        notes: None,
        criterion: None,
        resolution: None,
    }
}

/// What an add command adds.
pub(super) enum NewItem {
    Region,
    Market,
    Event(EventCategory),
    /// A copy of the event, right after it.
    CopyOf(Id),
    Link,
    Group,
    Holding,
    Variant,
}
