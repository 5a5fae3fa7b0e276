//! Semantic validation: everything a file can get wrong that its syntax cannot show. Returns all
//! problems at once, each naming the item (`events[3] "dprk-test"`) and what is wrong with it.

use super::correlation;
use super::edit::IdKind;
use super::graph;
use super::id::Id;
use super::impact::Shock;
use super::likelihood::Likelihood;
use super::matrix::{MAX_MATRIX_LEVELS, MIN_MATRIX_LEVELS};
use super::resolution::{self, Finding};
use super::scenario::{GroupKind, Scenario};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Which item of a scenario a problem is about; the app uses it to jump there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Item {
    Scenario,
    Region(usize),
    Market(usize),
    Correlation(usize),
    Event(usize),
    Link(usize),
    Group(usize),
    Holding(usize),
    Variant(usize),
    Matrix,
}

/// One thing wrong with a scenario.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub item: Item,
    /// Where, as a reader finds it in the file: `events[3] "dprk-test"`.
    pub path: String,
    pub message: String,
    /// The repair the message suggests, when it suggests one ("did you mean …?").
    pub fix: Option<Fix>,
}

/// A one-step repair: every reference to the undefined id `wrong` of this kind becomes `right`, the
/// defined id it is a likely typo of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    pub kind: IdKind,
    pub wrong: Id,
    pub right: Id,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.message)
    }
}

/// The longest horizon accepted: a century.
pub const MAX_HORIZON_MONTHS: u32 = 1200;

/// The most regions, markets, events, links, exclusive groups, holdings or variants a scenario
/// may have (each counted on its own). Far above any real scenario (the largest bundled one has
/// 40 events), low enough that a run's memory stays bounded. Every other list in a file (an
/// event's shocks, a variant's overrides, a group's members) is bounded by these, since each
/// entry must name a distinct known item, and all of them by the 16 MiB file size.
pub const MAX_ITEMS: usize = 10_000;

/// The most problems kept in full. A hostile file can hold a million unknown references; past
/// this many, problems are only counted (`Validation::total`) and no suggestion is computed.
pub const MAX_PROBLEMS: usize = 1000;

/// The highest annualised background volatility (3.0 = 300% a year), far above any traded
/// market's; it keeps every draw of background noise, and the portfolio figures computed from
/// it, finite at any horizon and trial count.
pub const MAX_VOLATILITY: f64 = 3.0;

/// The largest value of one holding, in either direction (a thousand trillion in the portfolio's
/// currency); with at most `MAX_ITEMS` holdings the portfolio's value, and every sum over trials,
/// stays finite.
pub const MAX_HOLDING: f64 = 1e15;

/// The most a market's price may multiply by if every event that moves it happened at its
/// largest move. With the background noise's own bound (volatility, drift and horizon limits, noise
/// cut at ten standard deviations: at most about 1e70) and `MAX_HOLDING`, every P&L stays below
/// about 1e120 and every sum of squares over trials finite.
pub const MAX_COMPOUND: f64 = 1e30;

/// Per market: the sum of the logs of its movers' largest growth factors, and each mover's log
/// growth and event id.
type Compounding<'a> = BTreeMap<&'a str, (f64, Vec<(f64, &'a str)>)>;

/// Problems found by [`check`]: the first [`MAX_PROBLEMS`] in full, and how many there are.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Validation {
    pub problems: Vec<Problem>,
    /// All problems found, including those past `MAX_PROBLEMS` that were only counted.
    pub total: usize,
}

/// The range of a market's drift, its expected price change per year.
pub const MIN_DRIFT: f64 = -0.9;
pub const MAX_DRIFT: f64 = 2.0;

/// Tolerance when checking that an exactly-one group's probabilities sum to 1.
const SUM_TOLERANCE: f64 = 1e-6;

/// The problems of a scenario in file order (at most [`MAX_PROBLEMS`]); empty when it is valid.
pub fn validate(scenario: &Scenario) -> Vec<Problem> {
    check(scenario).problems
}

/// The problems of a scenario in file order, at most [`MAX_PROBLEMS`] of them, and their count.
/// A scenario over a size limit gets only its size problems: checking the rest could be slow.
pub fn check(scenario: &Scenario) -> Validation {
    let mut check = Checker {
        scenario,
        problems: Vec::new(),
        total: 0,
        known_regions: scenario.regions.iter().map(|r| r.id.as_str()).collect(),
        known_markets: scenario.markets.iter().map(|m| m.id.as_str()).collect(),
        known_events: scenario.events.iter().map(|e| e.id.as_str()).collect(),
        likelihoods: scenario.events.iter().rev().map(|e| (e.id.as_str(), e.likelihood)).collect(),
        group_of: scenario
            .groups
            .iter()
            .flat_map(|g| g.events.iter().map(move |e| (e.as_str(), g.id.as_str())))
            .collect(),
    };
    if check.overview() {
        return Validation { problems: check.problems, total: check.total };
    }
    check.regions();
    check.markets();
    check.correlations();
    check.events();
    check.compounding();
    check.links();
    check.groups();
    check.outcomes();
    check.portfolio();
    check.variants();
    check.matrix();
    Validation { problems: check.problems, total: check.total }
}

struct Checker<'a> {
    scenario: &'a Scenario,
    problems: Vec<Problem>,
    total: usize,
    // Sets, not scans of the lists: a large file must not make validation quadratic.
    known_regions: BTreeSet<&'a str>,
    known_markets: BTreeSet<&'a str>,
    known_events: BTreeSet<&'a str>,
    likelihoods: BTreeMap<&'a str, Likelihood>,
    group_of: BTreeMap<&'a str, &'a str>,
}

/// `"kopsi"` → `Some("kospi")`: the closest known id, if it is close enough to be a typo.
/// Swapped neighbours are the commonest typo, so they count as one edit (optimal string alignment),
/// not two as plain Levenshtein would have it.
fn closest<'a>(wanted: &str, known: impl Iterator<Item = &'a Id>) -> Option<&'a Id> {
    known
        .map(|id| (strsim::osa_distance(wanted, id.as_str()), id))
        .filter(|&(distance, candidate)| distance <= (candidate.as_str().len().max(wanted.len()) / 3).max(1))
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, id)| id)
}

/// Above this many candidates a suggestion is not worth its cost (a hostile file could otherwise
/// ask for a hundred thousand edit distances per unknown id).
const MAX_SUGGESTION_CANDIDATES: usize = 2000;

/// A free-text name cut to 64 characters for an item path (`io` escapes it for printing).
fn short(name: &str) -> std::borrow::Cow<'_, str> {
    match name.char_indices().nth(64) {
        None => name.into(),
        Some((at, _)) => format!("{}… ({} characters)", &name[..at], name.chars().count()).into(),
    }
}

/// `3.5`, or `1e300` for a number too long to read in full.
fn short_number(value: f64) -> String {
    if value.abs() < 1e6 { value.to_string() } else { format!("{value:e}") }
}

/// Why a holding's value is refused, if it is.
fn holding_too_large(value: f64) -> Option<String> {
    (value.abs() > MAX_HOLDING).then(|| {
        format!(
            "value {value:e} is beyond the largest accepted, ±{MAX_HOLDING:e}; holdings are amounts of money"
        )
    })
}

/// What a file leaves unchecked without being wrong: today, outcomes whose dates cannot be
/// compared with the horizon because the scenario has no `as_of`. A file with warnings is valid.
pub fn warnings(scenario: &Scenario) -> Vec<Problem> {
    resolution::warnings(scenario)
        .into_iter()
        .map(|finding| {
            let (item, message) = finding_item(finding);
            let path = item_path(scenario, item);
            Problem { item, path, message, fix: None }
        })
        .collect()
}

fn finding_item(finding: Finding) -> (Item, String) {
    match finding {
        Finding::Event(i, message) => (Item::Event(i), message),
        Finding::Group(i, message) => (Item::Group(i), message),
        Finding::Scenario(message) => (Item::Scenario, message),
    }
}

fn item_path(s: &Scenario, item: Item) -> String {
    match item {
        Item::Scenario => "scenario".to_owned(),
        Item::Region(i) => format!("regions[{i}] \"{}\"", s.regions[i].id),
        Item::Market(i) => format!("markets[{i}] \"{}\"", s.markets[i].id),
        Item::Correlation(i) => {
            let (a, b) = &s.correlations[i].between;
            format!("correlations[{i}] (\"{a}\", \"{b}\")")
        }
        Item::Event(i) => format!("events[{i}] \"{}\"", s.events[i].id),
        Item::Link(i) => format!("links[{i}] \"{}\" -> \"{}\"", s.links[i].from, s.links[i].to),
        Item::Group(i) => format!("groups[{i}] \"{}\"", s.groups[i].id),
        Item::Holding(i) => format!("portfolio.holdings[{i}] \"{}\"", s.portfolio.holdings[i].market),
        // A name is free text, possibly megabytes; every problem of the variant copies it.
        Item::Variant(i) => format!("variants[{i}] \"{}\"", short(&s.variants[i].name)),
        Item::Matrix => "matrix".to_owned(),
    }
}

impl<'a> Checker<'a> {
    fn path(&self, item: Item) -> String {
        item_path(self.scenario, item)
    }

    /// Recorded outcomes against the scenario's dates and exclusive groups.
    fn outcomes(&mut self) {
        for finding in resolution::errors(self.scenario) {
            let (item, message) = finding_item(finding);
            self.report(item, message);
        }
    }

    fn report(&mut self, item: Item, message: impl Into<String>) {
        self.total += 1;
        if !self.full() {
            let path = self.path(item);
            self.problems.push(Problem { item, path, message: message.into(), fix: None });
        }
    }

    /// Whether `MAX_PROBLEMS` are kept already, so further problems are only counted.
    fn full(&self) -> bool {
        self.problems.len() >= MAX_PROBLEMS
    }

    /// A problem with one top-level field, whose path names the field (`portfolio.currency`) so
    /// that a reader, and the io locator, find it there rather than at the title.
    fn report_field(&mut self, field: &str, message: impl Into<String>) {
        self.total += 1;
        if !self.full() {
            self.problems.push(Problem {
                item: Item::Scenario,
                path: field.to_owned(),
                message: message.into(),
                fix: None,
            });
        }
    }

    /// A reference to an id no item of `kind` has, with the closest known id as a suggested fix.
    fn report_unknown(&mut self, item: Item, kind: IdKind, wanted: &Id, known: &[&Id]) {
        self.total += 1;
        // Past `MAX_PROBLEMS` the problem is only counted, so no suggestion is worth computing.
        if self.full() {
            return;
        }
        let what = kind.label();
        let hint = if known.len() > MAX_SUGGESTION_CANDIDATES {
            None
        } else {
            closest(wanted.as_str(), known.iter().copied())
        };
        let message = match hint {
            Some(hint) => format!("{what} \"{wanted}\" is not defined (did you mean \"{hint}\"?)"),
            None => format!("{what} \"{wanted}\" is not defined"),
        };
        let fix = hint.map(|right| Fix { kind, wrong: wanted.clone(), right: right.clone() });
        let path = self.path(item);
        self.problems.push(Problem { item, path, message, fix });
    }

    fn region_ids(&self) -> Vec<&'a Id> {
        self.scenario.regions.iter().map(|r| &r.id).collect()
    }

    fn market_ids(&self) -> Vec<&'a Id> {
        self.scenario.markets.iter().map(|m| &m.id).collect()
    }

    fn event_ids(&self) -> Vec<&'a Id> {
        self.scenario.events.iter().map(|e| &e.id).collect()
    }

    fn duplicates<'b>(&mut self, ids: impl Iterator<Item = &'b Id>, item: fn(usize) -> Item, what: &str) {
        let mut first_at: BTreeMap<&Id, usize> = BTreeMap::new();
        for (i, id) in ids.enumerate() {
            if let Some(&first) = first_at.get(id) {
                // Named as the path names items (`events[5]`), counted from 0 like every path.
                self.report(item(i), format!("{what} id \"{id}\" is already used by {what}s[{first}]"));
            } else {
                first_at.insert(id, i);
            }
        }
    }

    /// Whether a count is over its limit, which is fatal: nothing else is checked.
    fn overview(&mut self) -> bool {
        let s = self.scenario;
        if s.title.trim().is_empty() {
            self.report(Item::Scenario, "title is empty; give the scenario a title");
        }
        if s.horizon_months == 0 || s.horizon_months > MAX_HORIZON_MONTHS {
            self.report_field(
                "horizon_months",
                format!("horizon_months is {}; it must be 1 to {MAX_HORIZON_MONTHS}", s.horizon_months),
            );
        }
        let mut too_many = false;
        for (count, what) in [
            (s.regions.len(), "regions"),
            (s.markets.len(), "markets"),
            (s.correlations.len(), "correlations"),
            (s.events.len(), "events"),
            (s.links.len(), "links"),
            (s.groups.len(), "exclusive groups"),
            (s.portfolio.holdings.len(), "holdings"),
            (s.variants.len(), "variants"),
        ] {
            if count > MAX_ITEMS {
                self.report(
                    Item::Scenario,
                    format!("the scenario has {count} {what}; at most {MAX_ITEMS} are supported"),
                );
                too_many = true;
            }
        }
        too_many
    }

    fn regions(&mut self) {
        let s = self.scenario;
        self.duplicates(s.regions.iter().map(|r| &r.id), Item::Region, "region");
        for (i, region) in s.regions.iter().enumerate() {
            for code in &region.countries {
                let is_alpha2 = code.len() == 2 && code.chars().all(|c| c.is_ascii_uppercase());
                if !is_alpha2 {
                    self.report(
                        Item::Region(i),
                        format!(
                            "country \"{code}\" is not an ISO 3166 code like \"KR\" (two capital letters)"
                        ),
                    );
                }
            }
        }
    }

    fn markets(&mut self) {
        let s = self.scenario;
        self.duplicates(s.markets.iter().map(|m| &m.id), Item::Market, "market");
        let regions = self.region_ids();
        for (i, market) in s.markets.iter().enumerate() {
            if let Some(volatility) = market.volatility
                && volatility.get() > MAX_VOLATILITY
            {
                self.report(
                    Item::Market(i),
                    format!(
                        "volatility {} is above the most accepted, {MAX_VOLATILITY} ({:.0}% a year)",
                        short_number(volatility.get()),
                        MAX_VOLATILITY * 100.0
                    ),
                );
            }
            if let Some(region) = &market.region
                && !self.known_regions.contains(region.as_str())
            {
                self.report_unknown(Item::Market(i), IdKind::Region, region, &regions);
            }
            if let Some(drift) = market.drift
                && !(MIN_DRIFT..=MAX_DRIFT).contains(&drift.get())
            {
                self.report(
                    Item::Market(i),
                    format!(
                        "drift {drift} is outside {MIN_DRIFT} to {MAX_DRIFT} (−90% to +200% a year expected price change)"
                    ),
                );
            }
        }
    }

    fn correlations(&mut self) {
        let s = self.scenario;
        let markets = self.market_ids();
        let mut seen: BTreeMap<(&str, &str), usize> = BTreeMap::new();
        for (i, correlation) in s.correlations.iter().enumerate() {
            let (a, b) = &correlation.between;
            for end in [a, b] {
                if !self.known_markets.contains(end.as_str()) {
                    self.report_unknown(Item::Correlation(i), IdKind::Market, end, &markets);
                }
            }
            if a == b {
                self.report(
                    Item::Correlation(i),
                    "a market's correlation with itself is always 1; remove this pair",
                );
            }
            let value = correlation.value.get();
            if !(-1.0..=1.0).contains(&value) {
                self.report(Item::Correlation(i), format!("correlation {value} is outside −1 to 1"));
            }
            let key =
                if a.as_str() <= b.as_str() { (a.as_str(), b.as_str()) } else { (b.as_str(), a.as_str()) };
            if let Some(first) = seen.insert(key, i) {
                self.report(
                    Item::Correlation(i),
                    format!("this pair is already given in correlations[{first}]; keep one of them"),
                );
            }
        }
        if self.problems.iter().any(|p| matches!(p.item, Item::Correlation(_))) {
            return;
        }
        for block in correlation::blocks(s) {
            let (smallest, vector) = correlation::smallest_eigen(&block.matrix, block.size());
            if smallest >= -correlation::EIGEN_TOLERANCE {
                continue;
            }
            // The markets that carry the offending direction, largest weight first.
            let largest = vector.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            let mut involved: Vec<(f64, usize)> = vector
                .iter()
                .zip(&block.markets)
                .filter(|(v, _)| v.abs() >= 0.25 * largest)
                .map(|(v, &m)| (v.abs(), m))
                .collect();
            involved.sort_by(|x, y| y.0.total_cmp(&x.0));
            let names: Vec<String> =
                involved.iter().map(|&(_, m)| format!("\"{}\"", s.markets[m].id)).collect();
            // Scaling every correlation of the block by k makes eigenvalues 1 + k(λ − 1).
            let scale = 1.0 / (1.0 - smallest);
            let first = s
                .correlations
                .iter()
                .position(|c| {
                    involved
                        .iter()
                        .any(|&(_, m)| c.between.0 == s.markets[m].id || c.between.1 == s.markets[m].id)
                })
                .unwrap_or(0);
            self.report(
                Item::Correlation(first),
                format!(
                    "the correlations among {} cannot all hold at once (they are not a valid correlation \
                     matrix: its smallest eigenvalue is {smallest:.3}, and must be 0 or more); \
                     scaling these correlations toward 0 by a factor of {scale:.3} or less makes them valid",
                    names.join(", ")
                ),
            );
        }
    }

    fn events(&mut self) {
        let s = self.scenario;
        self.duplicates(s.events.iter().map(|e| &e.id), Item::Event, "event");
        let (regions, markets) = (self.region_ids(), self.market_ids());
        for (i, event) in s.events.iter().enumerate() {
            for region in event.regions.keys() {
                if !self.known_regions.contains(region.as_str()) {
                    self.report_unknown(Item::Event(i), IdKind::Region, region, &regions);
                }
            }
            for (market, shock) in &event.markets {
                if !self.known_markets.contains(market.as_str()) {
                    self.report_unknown(Item::Event(i), IdKind::Market, market, &markets);
                }
                if let Err(e) = shock.check() {
                    self.report(Item::Event(i), format!("shock on \"{market}\": {e}"));
                } else if let Some(problem) = shock.price_move_problem() {
                    self.report(Item::Event(i), format!("shock on \"{market}\": {problem}"));
                }
            }
        }
    }

    /// Moves compound: a market hit by many large moves at once could grow past what a float
    /// holds. Checked per market for the base scenario and for each variant's overrides.
    fn compounding(&mut self) {
        let s = self.scenario;
        let log_growth = |shock: &Shock| shock.largest_growth().max(1.0).ln();
        let mut base = Compounding::new();
        for event in &s.events {
            for (market, shock) in &event.markets {
                let entry = base.entry(market.as_str()).or_default();
                entry.0 += log_growth(shock);
                entry.1.push((log_growth(shock), event.id.as_str()));
            }
        }
        let message = |total: f64, movers: &mut Vec<(f64, &str)>| {
            movers.sort_by(|a, b| b.0.total_cmp(&a.0));
            let named: Vec<String> = movers
                .iter()
                .take(3)
                .map(|(g, e)| format!("\"{e}\" {:+.0}%", (g.exp() - 1.0) * 100.0))
                .collect();
            format!(
                "if every event that moves it happened at its largest move, its price would multiply by {:.1e}; \
                 at most {MAX_COMPOUND:.0e} is supported (largest: {}). Make the moves smaller or fewer",
                total.exp(),
                named.join(", ")
            )
        };
        let limit = MAX_COMPOUND.ln();
        for (i, market) in s.markets.iter().enumerate() {
            if let Some((total, movers)) = base.get_mut(market.id.as_str())
                && *total > limit
            {
                let text = message(*total, movers);
                self.report(Item::Market(i), text);
            }
        }
        for (i, variant) in s.variants.iter().enumerate() {
            let mut changed = Compounding::new();
            for (event_id, shocks) in &variant.shocks {
                let Some(event) = s.event(event_id.as_str()) else { continue };
                for (market, shock) in shocks {
                    let entry = changed
                        .entry(market.as_str())
                        .or_insert_with(|| base.get(market.as_str()).cloned().unwrap_or_default());
                    let before = event.markets.get(market).map_or(0.0, log_growth);
                    entry.0 += log_growth(shock) - before;
                    entry.1.retain(|&(_, e)| e != event_id.as_str());
                    entry.1.push((log_growth(shock), event_id.as_str()));
                }
            }
            for (market, (total, movers)) in &mut changed {
                if *total > limit {
                    let text = format!("with this variant, market \"{market}\": {}", message(*total, movers));
                    self.report(Item::Variant(i), text);
                }
            }
        }
    }

    fn links(&mut self) {
        let s = self.scenario;
        let events = self.event_ids();
        let mut seen = BTreeSet::new();
        for (i, link) in s.links.iter().enumerate() {
            for end in [&link.from, &link.to] {
                if !self.known_events.contains(end.as_str()) {
                    self.report_unknown(Item::Link(i), IdKind::Event, end, &events);
                }
            }
            if link.from == link.to {
                self.report(Item::Link(i), "a link cannot point from an event to itself");
            }
            if !seen.insert((&link.from, &link.to)) {
                self.report(Item::Link(i), "the same link is given twice; merge their odds into one");
            }
            if let Some(group) = self.group_of.get(link.to.as_str()) {
                self.report(
                    Item::Link(i),
                    format!(
                        "\"{}\" is in exclusive group \"{group}\", whose members are drawn together; \
                         a link cannot change one member's odds alone",
                        link.to
                    ),
                );
            }
        }
        if let Err(cycle) = graph::topological_order(s) {
            let mut names: Vec<String> = cycle.iter().map(|&e| format!("\"{}\"", s.events[e].id)).collect();
            if let Some(first) = names.first().cloned() {
                names.push(first);
            }
            let at = s
                .links
                .iter()
                .position(|l| cycle.first().is_some_and(|&e| l.from == s.events[e].id))
                .unwrap_or(0);
            self.report(
                Item::Link(at),
                format!("links form a cycle: {}; links must not loop back", names.join(" -> ")),
            );
        }
    }

    fn groups(&mut self) {
        let s = self.scenario;
        self.duplicates(s.groups.iter().map(|g| &g.id), Item::Group, "group");
        let events = self.event_ids();
        let mut owner: BTreeMap<&Id, &Id> = BTreeMap::new();
        // Taken out for the loop (and put back after) so the closures below can borrow it.
        let base = std::mem::take(&mut self.likelihoods);
        for (i, group) in s.groups.iter().enumerate() {
            if group.events.len() < 2 {
                self.report(Item::Group(i), "an exclusive group needs at least two events");
            }
            let mut members = BTreeSet::new();
            for event in &group.events {
                if !self.known_events.contains(event.as_str()) {
                    self.report_unknown(Item::Group(i), IdKind::Event, event, &events);
                }
                if !members.insert(event) {
                    self.report(Item::Group(i), format!("event \"{event}\" is listed twice"));
                } else if let Some(other) = owner.insert(event, &group.id) {
                    self.report(
                        Item::Group(i),
                        format!(
                            "event \"{event}\" is already in group \"{other}\"; an event can be in one group"
                        ),
                    );
                }
            }
            self.group_sum(i, |event| base.get(event).copied(), None);
        }
        self.likelihoods = base;
    }

    /// Checks a group's probabilities (means of ranges) against its kind, under base likelihoods
    /// or a variant's.
    fn group_sum(
        &mut self,
        group: usize,
        likelihood: impl Fn(&str) -> Option<Likelihood>,
        variant: Option<&str>,
    ) {
        let g = &self.scenario.groups[group];
        // A sum over a member that does not exist is meaningless; the unknown id is reported already.
        if !g.events.iter().all(|e| self.known_events.contains(e.as_str())) {
            return;
        }
        let sum: f64 = g.events.iter().filter_map(|e| likelihood(e.as_str())).map(|l| l.mean()).sum();
        let under = variant.map(|v| format!(" under variant \"{}\"", short(v))).unwrap_or_default();
        let message = match g.kind {
            GroupKind::AtMostOne if sum > 1.0 + SUM_TOLERANCE => {
                format!("likelihoods of at most one event sum to {sum:.4}{under}; they must not exceed 1")
            }
            GroupKind::ExactlyOne if (sum - 1.0).abs() > SUM_TOLERANCE => {
                format!("likelihoods of exactly one event sum to {sum:.4}{under}; they must sum to 1")
            }
            _ => return,
        };
        self.report(Item::Group(group), message);
    }

    fn portfolio(&mut self) {
        let s = self.scenario;
        let currency = &s.portfolio.currency;
        if !(currency.len() == 3 && currency.chars().all(|c| c.is_ascii_uppercase())) {
            self.report_field(
                "portfolio.currency",
                format!("portfolio currency \"{currency}\" is not an ISO 4217 code like \"USD\""),
            );
        }
        let markets = self.market_ids();
        let mut held = BTreeSet::new();
        for (i, holding) in s.portfolio.holdings.iter().enumerate() {
            if !self.known_markets.contains(holding.market.as_str()) {
                self.report_unknown(Item::Holding(i), IdKind::Market, &holding.market, &markets);
            }
            if let Some(message) = holding_too_large(holding.value.get()) {
                self.report(Item::Holding(i), message);
            }
            if !held.insert(&holding.market) {
                self.report(
                    Item::Holding(i),
                    format!("market \"{}\" is held twice; add the values into one holding", holding.market),
                );
            }
        }
    }

    fn variants(&mut self) {
        let s = self.scenario;
        let (events, markets) = (self.event_ids(), self.market_ids());
        let mut names = BTreeSet::new();
        let base = std::mem::take(&mut self.likelihoods);
        for (i, variant) in s.variants.iter().enumerate() {
            if variant.name.trim().is_empty() {
                self.report(Item::Variant(i), "a variant needs a name");
            } else if !names.insert(variant.name.as_str()) {
                self.report(Item::Variant(i), "another variant has the same name");
            }
            for event in variant.likelihoods.keys().chain(variant.shocks.keys()) {
                if !self.known_events.contains(event.as_str()) {
                    self.report_unknown(Item::Variant(i), IdKind::Event, event, &events);
                }
            }
            for (event, shocks) in &variant.shocks {
                for (market, shock) in shocks {
                    if !self.known_markets.contains(market.as_str()) {
                        self.report_unknown(Item::Variant(i), IdKind::Market, market, &markets);
                    }
                    if let Err(e) = shock.check() {
                        self.report(Item::Variant(i), format!("shock of \"{event}\" on \"{market}\": {e}"));
                    } else if let Some(problem) = shock.price_move_problem() {
                        self.report(
                            Item::Variant(i),
                            format!("shock of \"{event}\" on \"{market}\": {problem}"),
                        );
                    }
                }
            }
            for (market, value) in &variant.holdings {
                if !self.known_markets.contains(market.as_str()) {
                    self.report_unknown(Item::Variant(i), IdKind::Market, market, &markets);
                }
                if let Some(message) = holding_too_large(value.get()) {
                    self.report(Item::Variant(i), format!("holding of \"{market}\": {message}"));
                }
            }
            let touches_group = |g: &super::scenario::ExclusiveGroup| {
                g.events.iter().any(|e| variant.likelihoods.contains_key(e))
            };
            for group in 0..s.groups.len() {
                if touches_group(&s.groups[group]) {
                    let likelihood =
                        |e: &str| variant.likelihoods.get(e).copied().or_else(|| base.get(e).copied());
                    self.group_sum(group, likelihood, Some(&variant.name));
                }
            }
        }
        self.likelihoods = base;
    }

    fn matrix(&mut self) {
        let m = &self.scenario.matrix;
        let mut report = |message: String| {
            self.total += 1;
            self.problems.push(Problem { item: Item::Matrix, path: "matrix".to_owned(), message, fix: None })
        };
        let increasing = |edges: &[f64]| edges.windows(2).all(|w| w[0] < w[1]);
        if !m.likelihood_edges.iter().all(|&e| e.is_finite() && e > 0.0 && e < 1.0)
            || !increasing(&m.likelihood_edges)
        {
            report("likelihood_edges must be increasing probabilities between 0 and 1".to_owned());
        }
        if !m.impact_edges.iter().all(|&e| e.is_finite() && e > 0.0) || !increasing(&m.impact_edges) {
            report("impact_edges must be increasing positive shares of the portfolio (0.02 = 2%)".to_owned());
        }
        for (edges, labels, name) in [
            (&m.likelihood_edges, &m.likelihood_labels, "likelihood"),
            (&m.impact_edges, &m.impact_labels, "impact"),
        ] {
            if labels.len() != edges.len() + 1 {
                report(format!(
                    "{name}_labels has {} labels but {} edges make {} bins",
                    labels.len(),
                    edges.len(),
                    edges.len() + 1
                ));
            }
            if !(MIN_MATRIX_LEVELS - 1..MAX_MATRIX_LEVELS).contains(&edges.len()) {
                report(format!(
                    "{name}_edges must have {} to {} edges ({MIN_MATRIX_LEVELS} to {MAX_MATRIX_LEVELS} bins)",
                    MIN_MATRIX_LEVELS - 1,
                    MAX_MATRIX_LEVELS - 1
                ));
            }
        }
        let (rows, columns) = (m.likelihood_bins(), m.impact_bins());
        if m.ratings.len() != rows || m.ratings.iter().any(|row| row.len() != columns) {
            report(format!(
                "ratings must have {rows} rows (one per likelihood bin) of {columns} ratings (one per impact bin)"
            ));
        }
    }
}
