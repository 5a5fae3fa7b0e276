//! Finds where in the text a semantic problem's item is written, so that `validate` can print
//! `file:line:column` for "market is not defined" as it does for syntax errors. Best effort: the
//! model keeps no positions, so this searches the text for the item's identifying field.

use crate::model::{Item, Problem, Scenario};

/// The most problems located in one file; each search reads the text once, so a hostile file with
/// a hundred thousand problems must not cost a hundred thousand reads.
pub const MAX_LOCATED: usize = 200;

/// The 1-based line and column of each problem's item, where it can be found.
pub fn locate_problems(text: &str, scenario: &Scenario, problems: &[Problem]) -> Vec<Option<(usize, usize)>> {
    let finder = Finder { text, in_string: string_mask(text) };
    problems
        .iter()
        .enumerate()
        .map(|(i, p)| if i < MAX_LOCATED { finder.locate(scenario, p) } else { None })
        .collect()
}

/// The 1-based line and column of the first `key:` written as a field name (not inside a string).
pub(crate) fn locate_key(text: &str, key: &str) -> Option<(usize, usize)> {
    let finder = Finder { text, in_string: string_mask(text) };
    finder.find_key(0, key).map(|offset| line_column(text, offset))
}

struct Finder<'t> {
    text: &'t str,
    in_string: Vec<bool>,
}

impl<'t> Finder<'t> {
    fn locate(&self, scenario: &Scenario, problem: &Problem) -> Option<(usize, usize)> {
        let text = self.text;
        let offset = match problem.item {
            // A top-level field's path names it (`portfolio.currency`); otherwise the title.
            Item::Scenario => problem
                .path
                .split('.')
                .try_fold(0, |from, key| self.find_key(from, key))
                .or_else(|| self.find_key(0, "title")),
            Item::Matrix => self.find_key(0, "matrix"),
            Item::Region(i) => {
                let id = scenario.regions.get(i)?.id.as_str();
                let nth = scenario.regions[..i].iter().filter(|r| r.id.as_str() == id).count();
                self.find_field(self.section("regions")?, "id", id, nth)
            }
            Item::Market(i) => {
                let id = scenario.markets.get(i)?.id.as_str();
                let nth = scenario.markets[..i].iter().filter(|m| m.id.as_str() == id).count();
                self.find_field(self.section("markets")?, "id", id, nth)
            }
            Item::Correlation(i) => {
                let (a, b) = &scenario.correlations.get(i)?.between;
                let same = |c: &&crate::model::Correlation| c.between == (a.clone(), b.clone());
                let nth = scenario.correlations[..i].iter().filter(same).count();
                self.find_pair(self.section("correlations")?, a.as_str(), b.as_str(), nth)
            }
            Item::Event(i) => {
                let id = scenario.events.get(i)?.id.as_str();
                let nth = scenario.events[..i].iter().filter(|e| e.id.as_str() == id).count();
                self.find_field(self.section("events")?, "id", id, nth)
            }
            Item::Group(i) => {
                let id = scenario.groups.get(i)?.id.as_str();
                let nth = scenario.groups[..i].iter().filter(|g| g.id.as_str() == id).count();
                self.find_field(self.section("groups")?, "id", id, nth)
            }
            Item::Link(i) => {
                let link = scenario.links.get(i)?;
                let same = |l: &&crate::model::Link| l.from == link.from && l.to == link.to;
                let nth = scenario.links[..i].iter().filter(same).count();
                self.find_link(self.section("links")?, link.from.as_str(), link.to.as_str(), nth)
            }
            Item::Holding(i) => {
                let market = scenario.portfolio.holdings.get(i)?.market.as_str();
                let nth =
                    scenario.portfolio.holdings[..i].iter().filter(|h| h.market.as_str() == market).count();
                self.find_field(self.section("holdings")?, "market", market, nth)
            }
            Item::Variant(i) => {
                let name = scenario.variants.get(i)?.name.as_str();
                let nth = scenario.variants[..i].iter().filter(|v| v.name == name).count();
                self.find_field(self.section("variants")?, "name", name, nth)
            }
        }?;
        Some(line_column(text, offset))
    }

    /// Byte offsets where `key:` is written as a field name (not inside a string).
    fn keys<'k>(&'k self, from: usize, key: &'k str) -> impl Iterator<Item = usize> + 'k {
        let text = self.text;
        let bytes = text.as_bytes();
        text[from..].match_indices(key).map(move |(at, _)| at + from).filter(move |&at| {
            let before_ok = at == 0 || !(bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
            let rest = text[at + key.len()..].trim_start();
            before_ok && !self.in_string[at] && rest.starts_with(':')
        })
    }

    fn find_key(&self, from: usize, key: &str) -> Option<usize> {
        self.keys(from, key).next()
    }

    fn section(&self, key: &str) -> Option<usize> {
        self.find_key(0, key)
    }

    /// The `nth` (0-based) `key: "value"` after `from`.
    fn find_field(&self, from: usize, key: &str, value: &str, nth: usize) -> Option<usize> {
        self.keys(from, key)
            .filter(|&at| string_after_colon(self.text, at + key.len()) == Some(value))
            .nth(nth)
    }

    fn find_link(&self, from: usize, source: &str, target: &str, nth: usize) -> Option<usize> {
        self.keys(from, "from")
            .filter(|&at| {
                string_after_colon(self.text, at + 4) == Some(source)
                    && self
                        .find_key(at, "to")
                        .is_some_and(|to| string_after_colon(self.text, to + 2) == Some(target))
            })
            .nth(nth)
    }
}

impl Finder<'_> {
    /// The `nth` `between: ("a", "b")` after `from`.
    fn find_pair(&self, from: usize, a: &str, b: &str, nth: usize) -> Option<usize> {
        self.keys(from, "between")
            .filter(|&at| {
                let rest = self.text[at + "between".len()..].trim_start();
                let Some(inside) =
                    rest.strip_prefix(':').map(str::trim_start).and_then(|r| r.strip_prefix('('))
                else {
                    return false;
                };
                let mut ids = inside.split('"').skip(1).step_by(2);
                ids.next() == Some(a) && ids.next() == Some(b)
            })
            .nth(nth)
    }
}

/// The 1-based line and column (a character count) of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

/// The plain string literal after `: ` at `at`, without escapes (ids never need them).
fn string_after_colon(text: &str, at: usize) -> Option<&str> {
    let rest = text[at..].trim_start().strip_prefix(':')?.trim_start().strip_prefix('"')?;
    rest.split('"').next()
}

/// For each byte, whether it lies inside a string literal (so `notes: "events: ..."` is skipped).
fn string_mask(text: &str) -> Vec<bool> {
    let mut mask = vec![false; text.len() + 1];
    let (mut inside, mut escaped) = (false, false);
    for (i, b) in text.bytes().enumerate() {
        mask[i] = inside;
        if inside {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => inside = false,
                _ => {}
            }
        } else if b == b'"' {
            inside = true;
        }
    }
    mask
}
