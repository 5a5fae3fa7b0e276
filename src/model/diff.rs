//! The structural difference of two scenarios, matched by id: which regions, markets,
//! correlations, events, links, groups, holdings and variants were added, removed or changed, and
//! which fields of a changed one differ.
//!
//! Pure: it compares two values and never reads files or simulates. Fields are named as the file
//! names them (through serde), so a reader can find them in either file.

use super::scenario::Scenario;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;

/// What happened to one item between the first scenario and the second.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "change", content = "fields")]
pub enum ChangeKind {
    Added,
    Removed,
    /// The names of the fields that differ, in the file's order.
    Changed(Vec<String>),
}

/// One item that differs: its section (`events`), its key (`dprk-shells`; a link is
/// `from -> to`, a correlation `a ~ b`, a holding its market, a variant its name) and the change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    pub section: &'static str,
    pub key: String,
    #[serde(flatten)]
    pub kind: ChangeKind,
}

/// The scenario-wide fields (title, horizon, seed…) appear as one `scenario` change whose fields
/// are those that differ.
pub const SCENARIO_SECTION: &str = "scenario";

/// Every difference between `before` and `after`, section by section in file order; within a
/// section, by key.
pub fn diff(before: &Scenario, after: &Scenario) -> Vec<Change> {
    let mut changes = Vec::new();
    let whole = |s: &Scenario| {
        let mut top = as_object(s);
        for list in LISTS {
            top.remove(list);
        }
        // Holdings are compared one by one below; the portfolio's own fields (named
        // `portfolio.currency`) stay here, whether or not an empty portfolio was written out.
        top.remove("portfolio");
        for (field, value) in object(&json(&s.portfolio)) {
            if field != "holdings" {
                top.insert(format!("portfolio.{field}"), value);
            }
        }
        top
    };
    let fields = changed_fields(&whole(before), &whole(after));
    if !fields.is_empty() {
        changes.push(Change {
            section: SCENARIO_SECTION,
            key: String::new(),
            kind: ChangeKind::Changed(fields),
        });
    }
    let keyed = |s: &Scenario| -> [(&'static str, BTreeMap<String, Value>); 8] {
        [
            ("regions", s.regions.iter().map(|r| (r.id.to_string(), json(r))).collect()),
            ("markets", s.markets.iter().map(|m| (m.id.to_string(), json(m))).collect()),
            (
                "correlations",
                s.correlations
                    .iter()
                    .map(|c| {
                        let (a, b) = (&c.between.0, &c.between.1);
                        let (a, b) = if a <= b { (a, b) } else { (b, a) };
                        (format!("{a} ~ {b}"), json(c))
                    })
                    .collect(),
            ),
            ("events", s.events.iter().map(|e| (e.id.to_string(), json(e))).collect()),
            ("links", s.links.iter().map(|l| (format!("{} -> {}", l.from, l.to), json(l))).collect()),
            ("groups", s.groups.iter().map(|g| (g.id.to_string(), json(g))).collect()),
            ("holdings", s.portfolio.holdings.iter().map(|h| (h.market.to_string(), json(h))).collect()),
            ("variants", s.variants.iter().map(|v| (v.name.clone(), json(v))).collect()),
        ]
    };
    for ((section, old), (_, new)) in keyed(before).into_iter().zip(keyed(after)) {
        let start = changes.len();
        for (key, value) in &old {
            match new.get(key) {
                None => changes.push(Change { section, key: key.clone(), kind: ChangeKind::Removed }),
                Some(other) => {
                    let fields = changed_fields(&object(value), &object(other));
                    if !fields.is_empty() {
                        changes.push(Change { section, key: key.clone(), kind: ChangeKind::Changed(fields) });
                    }
                }
            }
        }
        for key in new.keys().filter(|key| !old.contains_key(*key)) {
            changes.push(Change { section, key: key.clone(), kind: ChangeKind::Added });
        }
        changes[start..].sort_by(|a, b| a.key.cmp(&b.key));
    }
    changes
}

/// The scenario's lists, compared item by item rather than as scenario-wide fields.
const LISTS: [&str; 7] = ["regions", "markets", "correlations", "events", "links", "groups", "variants"];

fn json(value: &impl Serialize) -> Value {
    // Serializing plain model types to a JSON value cannot fail (no maps with non-string keys).
    serde_json::to_value(value).unwrap_or(Value::Null)
}

fn object(value: &Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map.clone(),
        other => std::iter::once(("value".to_owned(), other.clone())).collect(),
    }
}

fn as_object(scenario: &Scenario) -> serde_json::Map<String, Value> {
    object(&json(scenario))
}

/// Names of fields present in one and absent from the other, or different, in the first's order
/// then the second's new ones. A field left out of a file equals its default, so serde's
/// "skip if default" makes an absent field and a default one compare equal.
fn changed_fields(a: &serde_json::Map<String, Value>, b: &serde_json::Map<String, Value>) -> Vec<String> {
    let mut fields: Vec<String> =
        a.iter().filter(|(key, value)| b.get(*key) != Some(value)).map(|(key, _)| key.clone()).collect();
    fields.extend(b.keys().filter(|key| !a.contains_key(*key)).cloned());
    fields
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Finite, Holding, Id};

    #[test]
    fn a_scenario_has_no_difference_with_itself() {
        let mut s = Scenario::new("t");
        s.portfolio.holdings.push(Holding {
            market: Id::new("kospi").unwrap(),
            value: Finite::new(1.0).unwrap(),
            notes: None,
        });
        assert!(diff(&s, &s).is_empty());
    }

    #[test]
    fn changed_holding_and_title_name_their_fields() {
        let before = Scenario::new("a");
        let mut after = Scenario::new("b");
        after.portfolio.holdings.push(Holding {
            market: Id::new("kospi").unwrap(),
            value: Finite::new(1.0).unwrap(),
            notes: None,
        });
        let changes = diff(&before, &after);
        assert_eq!(changes.len(), 2, "{changes:?}");
        assert_eq!(changes[0].kind, ChangeKind::Changed(vec!["title".to_owned()]));
        assert_eq!((changes[1].section, changes[1].kind.clone()), ("holdings", ChangeKind::Added));
    }
}
