//! Three-way merge of scenarios by id and field: what two people changed in their copies of a
//! common base, combined, as a version-control merge does for text but on the scenario's items.
//!
//! Pure: scenarios in, a scenario and its conflicts out; no files.
//!
//! Items are matched by key: regions, markets, events and groups by `id`, links by (from, to),
//! correlations by their pair (either order), holdings by market, variants by name. Within an
//! item each field merges on its own, and the maps inside an event (`regions`, `markets`) and a
//! variant (`likelihoods`, `shocks` per event and market, `holdings`) merge key by key. A field
//! changed on one side takes that side's value; changed the same way on both, that value;
//! changed differently, it is a conflict and MINE's value is kept. An item added on one side is
//! kept; deleted on one side and unchanged on the other, it is deleted; deleted on one side and
//! edited on the other, it is a conflict and MINE's choice is kept. The order is MINE's, with
//! THEIRS' additions appended in their order.
//!
//! The merge works on each item as a `serde_json::Value` (every field generically), and the
//! result is typed back into a [`Scenario`]; the caller validates it.

use crate::model::Scenario;
use serde_json::{Map, Value};

/// The merged scenario and every conflict, in file order.
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub scenario: Scenario,
    pub conflicts: Vec<Conflict>,
}

/// A field (or item) both sides changed differently; the merged scenario holds MINE's value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    /// Where: `events "dprk-shells" likelihood`, or the item alone when it was deleted.
    pub place: String,
    pub mine: String,
    pub theirs: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MergeError {
    #[error("{side} has two {collection} with the key {key}; fix it (see `georisk validate`) before merging")]
    Duplicate { side: &'static str, collection: &'static str, key: String },
    #[error("the merged scenario cannot be formed: {0}")]
    Typed(String),
}

/// How a field merges.
#[derive(Clone, Copy)]
enum Kind {
    /// One value: equal or conflicting as a whole.
    Atomic,
    /// A map merged key by key, `depth` levels deep.
    Map(u8),
    /// A list of items matched by a key.
    Keyed(Collection),
    /// An object whose fields merge one by one.
    Object(Context),
}

#[derive(Clone, Copy, PartialEq)]
enum Context {
    Scenario,
    Portfolio,
    Event,
    Variant,
    Plain,
}

#[derive(Clone, Copy)]
enum Collection {
    ById(&'static str),
    Links,
    Correlations,
    Holdings,
    Variants,
}

fn kind_of(context: Context, field: &str) -> Kind {
    match (context, field) {
        (Context::Scenario, "regions") => Kind::Keyed(Collection::ById("regions")),
        (Context::Scenario, "markets") => Kind::Keyed(Collection::ById("markets")),
        (Context::Scenario, "events") => Kind::Keyed(Collection::ById("events")),
        (Context::Scenario, "groups") => Kind::Keyed(Collection::ById("groups")),
        (Context::Scenario, "links") => Kind::Keyed(Collection::Links),
        (Context::Scenario, "correlations") => Kind::Keyed(Collection::Correlations),
        (Context::Scenario, "variants") => Kind::Keyed(Collection::Variants),
        (Context::Scenario, "portfolio") => Kind::Object(Context::Portfolio),
        (Context::Portfolio, "holdings") => Kind::Keyed(Collection::Holdings),
        (Context::Event, "regions" | "markets") => Kind::Map(1),
        (Context::Variant, "likelihoods" | "holdings") => Kind::Map(1),
        (Context::Variant, "shocks") => Kind::Map(2),
        _ => Kind::Atomic,
    }
}

impl Collection {
    fn name(self) -> &'static str {
        match self {
            Collection::ById(name) => name,
            Collection::Links => "links",
            Collection::Correlations => "correlations",
            Collection::Holdings => "holdings",
            Collection::Variants => "variants",
        }
    }

    fn item_context(self) -> Context {
        match self {
            Collection::ById("events") => Context::Event,
            Collection::Variants => Context::Variant,
            _ => Context::Plain,
        }
    }

    /// The item's key as a reader sees it: `"dprk-shells"`, `"a" → "b"`, `"kospi" & "won"`.
    fn key(self, item: &Value) -> String {
        let text = |field: &str| format!("{}", item.get(field).unwrap_or(&Value::Null));
        match self {
            Collection::ById(_) => text("id"),
            Collection::Links => format!("{} → {}", text("from"), text("to")),
            Collection::Correlations => {
                let pair = item.get("between").and_then(Value::as_array);
                let mut ends: Vec<String> = pair.into_iter().flatten().map(|v| format!("{v}")).collect();
                ends.sort();
                ends.join(" & ")
            }
            Collection::Holdings => text("market"),
            Collection::Variants => text("name"),
        }
    }
}

/// Merges MINE's and THEIRS' changes to BASE (see the module documentation).
pub fn merge(base: &Scenario, mine: &Scenario, theirs: &Scenario) -> Result<Merged, MergeError> {
    let as_value = |s: &Scenario| serde_json::to_value(s).map_err(|e| MergeError::Typed(e.to_string()));
    let (b, m, t) = (as_value(base)?, as_value(mine)?, as_value(theirs)?);
    let mut merger = Merger { conflicts: Vec::new() };
    let merged = merger.value("", Kind::Object(Context::Scenario), Some(&b), Some(&m), Some(&t))?;
    let scenario = serde_json::from_value(merged.unwrap_or(Value::Null))
        .map_err(|e| MergeError::Typed(e.to_string()))?;
    Ok(Merged { scenario, conflicts: merger.conflicts })
}

struct Merger {
    conflicts: Vec<Conflict>,
}

fn shown(value: Option<&Value>) -> String {
    value.map(Value::to_string).unwrap_or_else(|| "(none)".to_owned())
}

fn join(place: &str, field: &str) -> String {
    if place.is_empty() { field.to_owned() } else { format!("{place} {field}") }
}

impl Merger {
    fn value(
        &mut self,
        place: &str,
        kind: Kind,
        b: Option<&Value>,
        m: Option<&Value>,
        t: Option<&Value>,
    ) -> Result<Option<Value>, MergeError> {
        if m == t {
            return Ok(m.cloned());
        }
        if m == b {
            return Ok(t.cloned());
        }
        if t == b {
            return Ok(m.cloned());
        }
        match kind {
            Kind::Atomic => {
                self.conflicts.push(Conflict { place: place.to_owned(), mine: shown(m), theirs: shown(t) });
                Ok(m.cloned())
            }
            Kind::Map(depth) => {
                let inner = if depth > 1 { Kind::Map(depth - 1) } else { Kind::Atomic };
                let merged = self.fields(place, |_| inner, b, m, t, true)?;
                Ok((!merged.is_empty()).then_some(Value::Object(merged)))
            }
            Kind::Object(context) => {
                let merged = self.fields(place, |field| kind_of(context, field), b, m, t, false)?;
                Ok(Some(Value::Object(merged)))
            }
            Kind::Keyed(collection) => self.keyed(place, collection, b, m, t).map(Some),
        }
    }

    /// Merges the fields of three objects (a missing one counts as empty); map keys are shown
    /// quoted in conflict places.
    fn fields(
        &mut self,
        place: &str,
        kind: impl Fn(&str) -> Kind,
        b: Option<&Value>,
        m: Option<&Value>,
        t: Option<&Value>,
        quoted: bool,
    ) -> Result<Map<String, Value>, MergeError> {
        let empty = Map::new();
        let object =
            |v: Option<&Value>| v.and_then(Value::as_object).cloned().unwrap_or_else(|| empty.clone());
        let (b, m, t) = (object(b), object(m), object(t));
        let mut keys: Vec<&String> = m.keys().collect();
        keys.extend(t.keys().filter(|k| !m.contains_key(*k)));
        keys.extend(b.keys().filter(|k| !m.contains_key(*k) && !t.contains_key(*k)));
        let mut merged = Map::new();
        for key in keys {
            let label = if quoted { format!("\"{key}\"") } else { key.clone() };
            let place = join(place, &label);
            if let Some(v) = self.value(&place, kind(key), b.get(key), m.get(key), t.get(key))? {
                merged.insert(key.clone(), v);
            }
        }
        Ok(merged)
    }

    fn keyed(
        &mut self,
        place: &str,
        collection: Collection,
        b: Option<&Value>,
        m: Option<&Value>,
        t: Option<&Value>,
    ) -> Result<Value, MergeError> {
        let b = index(collection, "BASE", b)?;
        let m = index(collection, "MINE", m)?;
        let t = index(collection, "THEIRS", t)?;
        let find =
            |list: &[(String, Value)], key: &str| list.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone());
        let kind = Kind::Object(collection.item_context());
        let mut merged = Vec::new();
        for (key, mine) in &m {
            let item_place = join(place, key);
            match (find(&b, key), find(&t, key)) {
                (base, Some(theirs)) => {
                    merged.extend(self.value(&item_place, kind, base.as_ref(), Some(mine), Some(&theirs))?);
                }
                (Some(base), None) if &base == mine => {}
                (Some(_), None) => {
                    self.item_conflict(item_place, "edited (kept)", "deleted");
                    merged.push(mine.clone());
                }
                (None, None) => merged.push(mine.clone()),
            }
        }
        for (key, theirs) in t.iter().filter(|(key, _)| find(&m, key).is_none()) {
            match find(&b, key) {
                None => merged.push(theirs.clone()),
                Some(base) if &base == theirs => {}
                Some(_) => {
                    let item_place = join(place, key);
                    self.item_conflict(item_place, "deleted (kept deleted)", "edited");
                }
            }
        }
        Ok(Value::Array(merged))
    }

    fn item_conflict(&mut self, place: String, mine: &str, theirs: &str) {
        self.conflicts.push(Conflict { place, mine: mine.to_owned(), theirs: theirs.to_owned() });
    }
}

/// The items of a list with their keys, refusing a key given twice.
fn index(
    collection: Collection,
    side: &'static str,
    list: Option<&Value>,
) -> Result<Vec<(String, Value)>, MergeError> {
    let mut out: Vec<(String, Value)> = Vec::new();
    for item in list.and_then(Value::as_array).into_iter().flatten() {
        let key = collection.key(item);
        if out.iter().any(|(k, _)| k == &key) {
            return Err(MergeError::Duplicate { side, collection: collection.name(), key });
        }
        out.push((key, item.clone()));
    }
    Ok(out)
}
