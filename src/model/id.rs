//! Readable identifiers (`"dprk-arms-to-russia"`), never list indices, so files diff well and
//! references survive reordering.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The longest identifier accepted; ids are slugs, not prose.
pub const MAX_ID_LEN: usize = 64;

/// An identifier: 1 to 64 ASCII letters, digits, `-`, `_` or `.`, starting with a letter or digit.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Id(String);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an id cannot be empty")]
    Empty,
    #[error("id \"{0}\" is longer than {MAX_ID_LEN} characters")]
    TooLong(String),
    #[error(
        "id \"{0}\" may only use letters, digits, '-', '_' and '.', and must start with a letter or digit"
    )]
    BadCharacter(String),
}

impl Id {
    pub fn new(text: impl Into<String>) -> Result<Id, IdError> {
        let text = text.into();
        if text.is_empty() {
            return Err(IdError::Empty);
        }
        if text.len() > MAX_ID_LEN {
            return Err(IdError::TooLong(text));
        }
        let allowed = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
        let starts_well = text.starts_with(|c: char| c.is_ascii_alphanumeric());
        if !starts_well || !text.chars().all(allowed) {
            return Err(IdError::BadCharacter(text));
        }
        Ok(Id(text))
    }

    /// A slug made from a display name: `"DPRK ships shells"` becomes `"dprk-ships-shells"`.
    /// Never fails: an empty or symbol-only name gives `"item"`.
    pub fn slug(name: &str) -> Id {
        let mut slug = String::new();
        for c in name.chars() {
            if c.is_ascii_alphanumeric() {
                slug.push(c.to_ascii_lowercase());
            } else if !slug.is_empty() && !slug.ends_with('-') {
                slug.push('-');
            }
            if slug.len() >= MAX_ID_LEN {
                break;
            }
        }
        let slug = slug.trim_end_matches('-');
        if slug.is_empty() { Id("item".to_owned()) } else { Id(slug.to_owned()) }
    }

    /// `base`, or `base-2`, `base-3`, ... : the first that `taken` does not claim.
    pub fn unique(base: &Id, taken: impl Fn(&Id) -> bool) -> Id {
        if !taken(base) {
            return base.clone();
        }
        (2..)
            .map(|n| {
                let suffix = format!("-{n}");
                let keep = base.0.len().min(MAX_ID_LEN - suffix.len());
                Id(format!("{}{suffix}", &base.0[..keep]))
            })
            .find(|candidate| !taken(candidate))
            .unwrap_or_else(|| base.clone())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Id {
    type Error = IdError;
    fn try_from(text: String) -> Result<Id, IdError> {
        Id::new(text)
    }
}

impl From<Id> for String {
    fn from(id: Id) -> String {
        id.0
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for Id {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_slugs_and_rejects_the_rest() {
        assert!(Id::new("dprk-arms-to-russia").is_ok());
        assert!(Id::new("US_10y.bond").is_ok());
        assert_eq!(Id::new(""), Err(IdError::Empty));
        assert!(matches!(Id::new("has space"), Err(IdError::BadCharacter(_))));
        assert!(matches!(Id::new("-leading"), Err(IdError::BadCharacter(_))));
        assert!(matches!(Id::new("x".repeat(65)), Err(IdError::TooLong(_))));
    }

    #[test]
    fn slug_is_made_from_a_name() {
        assert_eq!(Id::slug("DPRK ships 152 mm shells!").as_str(), "dprk-ships-152-mm-shells");
        assert_eq!(Id::slug("  ").as_str(), "item");
        assert_eq!(Id::slug("Ünïcode only").as_str(), "n-code-only");
        assert!(Id::new(Id::slug(&"long name ".repeat(20)).as_str()).is_ok());
    }

    #[test]
    fn unique_appends_a_counter() {
        let base = Id::new("sanctions").unwrap();
        let taken = ["sanctions", "sanctions-2"];
        let id = Id::unique(&base, |c| taken.contains(&c.as_str()));
        assert_eq!(id.as_str(), "sanctions-3");
    }
}
