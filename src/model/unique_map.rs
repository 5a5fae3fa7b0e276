//! Maps in a file whose keys must be unique. Serde's own map keeps the last of two equal keys
//! without a word (`{"kospi": .., "kospi": ..}`), which would make a user's entry vanish silently.

use serde::de::{self, Deserialize, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt::{self, Display};
use std::marker::PhantomData;

/// Deserializes a map, refusing a key that appears twice.
pub fn deserialize<'de, D, K, V>(deserializer: D) -> Result<BTreeMap<K, V>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + Display,
    V: Deserialize<'de>,
{
    deserializer.deserialize_map(UniqueMapVisitor(PhantomData))
}

/// A map of maps (variant shock overrides: event → market → shock), unique at both levels.
pub fn deserialize_nested<'de, D, K, K2, V>(deserializer: D) -> Result<BTreeMap<K, BTreeMap<K2, V>>, D::Error>
where
    D: Deserializer<'de>,
    K: Deserialize<'de> + Ord + Display,
    K2: Deserialize<'de> + Ord + Display,
    V: Deserialize<'de>,
{
    let outer: BTreeMap<K, Inner<K2, V>> = deserialize(deserializer)?;
    Ok(outer.into_iter().map(|(k, inner)| (k, inner.0)).collect())
}

struct Inner<K, V>(BTreeMap<K, V>);

impl<'de, K, V> Deserialize<'de> for Inner<K, V>
where
    K: Deserialize<'de> + Ord + Display,
    V: Deserialize<'de>,
{
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserialize(deserializer).map(Inner)
    }
}

struct UniqueMapVisitor<K, V>(PhantomData<(K, V)>);

impl<'de, K, V> Visitor<'de> for UniqueMapVisitor<K, V>
where
    K: Deserialize<'de> + Ord + Display,
    V: Deserialize<'de>,
{
    type Value = BTreeMap<K, V>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a map like {\"key\": value}")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let mut map = BTreeMap::new();
        while let Some(key) = access.next_key::<K>()? {
            if map.contains_key(&key) {
                return Err(de::Error::custom(format!("key \"{key}\" appears twice in this map")));
            }
            let value = access.next_value()?;
            map.insert(key, value);
        }
        Ok(map)
    }
}
