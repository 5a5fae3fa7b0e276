//! The scenario and its entities, as a file holds them. Field order here is the order in a saved
//! file; empty or default fields are left out of a saved file so hand-written files stay short.

use super::date::Date;
use super::event_kind::EventKind;
use super::id::Id;
use super::impact::{Severity, Shock};
use super::likelihood::Likelihood;
use super::matrix::RiskMatrix;
use super::numbers::{Finite, NonNegative, Odds};
use super::resolution::Resolution;
use super::unique_map;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The file format this build writes. Format 1 (shocks as log-returns) is read and migrated.
pub const FORMAT_VERSION: u32 = 2;

/// The default horizon: a year.
pub const DEFAULT_HORIZON_MONTHS: u32 = 12;

fn current_format() -> u32 {
    FORMAT_VERSION
}

fn default_horizon() -> u32 {
    DEFAULT_HORIZON_MONTHS
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Scenario {
    #[serde(default = "current_format")]
    pub format: u32,
    pub title: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Commentary on the whole scenario: sources, assumptions, what changed since.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// When the forecast was made: the horizon runs from here, and outcomes are judged against it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// How far ahead the scenario looks; likelihoods are over this horizon.
    #[serde(default = "default_horizon")]
    pub horizon_months: u32,
    /// The random seed for simulations, so a shared file gives the same numbers everywhere.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub seed: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub regions: Vec<Region>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub markets: Vec<Market>,
    /// Correlations of markets' background returns; pairs not listed are uncorrelated.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub correlations: Vec<Correlation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub events: Vec<Event>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<Link>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub groups: Vec<ExclusiveGroup>,
    #[serde(default, skip_serializing_if = "Portfolio::is_empty")]
    pub portfolio: Portfolio,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<Variant>,
    #[serde(default, skip_serializing_if = "RiskMatrix::is_default")]
    pub matrix: RiskMatrix,
}

/// A part of the world that events hit with a qualitative severity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Region {
    pub id: Id,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// ISO 3166 alpha-2 codes of the countries the region covers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub countries: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// What kind of asset a market is; used for grouping and labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize)]
pub enum MarketKind {
    EquityIndex,
    SovereignBond,
    Fx,
    Commodity,
    Sector,
    Credit,
    #[default]
    Other,
}

impl MarketKind {
    pub const ALL: [MarketKind; 7] = [
        MarketKind::EquityIndex,
        MarketKind::SovereignBond,
        MarketKind::Fx,
        MarketKind::Commodity,
        MarketKind::Sector,
        MarketKind::Credit,
        MarketKind::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            MarketKind::EquityIndex => "Equity index",
            MarketKind::SovereignBond => "Sovereign bond",
            MarketKind::Fx => "Currency (FX)",
            MarketKind::Commodity => "Commodity",
            MarketKind::Sector => "Sector basket",
            MarketKind::Credit => "Credit",
            MarketKind::Other => "Other",
        }
    }
}

/// Something whose price events move and a portfolio holds.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Market {
    pub id: Id,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default)]
    pub kind: MarketKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub region: Option<Id>,
    /// Annualised volatility of background moves (0.2 = 20% a year), scaled to the horizon. The
    /// moves are lognormal with zero expected price change unless `drift` says otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volatility: Option<NonNegative>,
    /// Expected price change per year without any event (0.05 = +5% a year), compounded over
    /// the horizon; none means zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub drift: Option<Finite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// The correlation of two markets' background returns (log-returns of their noise), −1 to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correlation {
    pub between: (Id, Id),
    pub value: Finite,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// Something that may happen within the horizon.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    pub id: Id,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default)]
    pub kind: EventKind,
    /// The observable rule that settles the event: who must confirm it, with what, past which
    /// threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criterion: Option<String>,
    pub likelihood: Likelihood,
    /// Severity of the event in each region it hits.
    #[serde(
        default,
        deserialize_with = "unique_map::deserialize",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub regions: BTreeMap<Id, Severity>,
    /// The price move of each market it moves (−0.2 = the price falls by 20%).
    #[serde(
        default,
        deserialize_with = "unique_map::deserialize",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub markets: BTreeMap<Id, Shock>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
    /// What happened, once it is known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolution: Option<Resolution>,
}

/// If `from` happens, the odds of `to` are multiplied by `odds`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Link {
    pub from: Id,
    pub to: Id,
    pub odds: Odds,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// How many events of an exclusive group may happen together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum GroupKind {
    #[default]
    AtMostOne,
    ExactlyOne,
}

/// Events that exclude each other, such as the possible outcomes of one election.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExclusiveGroup {
    pub id: Id,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    #[serde(default)]
    pub kind: GroupKind,
    pub events: Vec<Id>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

fn default_currency() -> String {
    "USD".to_owned()
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Portfolio {
    /// ISO 4217 code of the currency the values are in.
    #[serde(default = "default_currency")]
    pub currency: String,
    #[serde(default)]
    pub holdings: Vec<Holding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Default for Portfolio {
    fn default() -> Self {
        Portfolio { currency: default_currency(), holdings: Vec::new(), notes: None }
    }
}

impl Portfolio {
    pub fn is_empty(&self) -> bool {
        *self == Portfolio::default()
    }

    /// Sum of holding values.
    pub fn value(&self) -> f64 {
        self.holdings.iter().map(|h| h.value.get()).sum()
    }
}

/// Money held in one market; a negative value is a short position.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Holding {
    pub market: Id,
    pub value: Finite,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

/// A named set of overrides on the base scenario, compared side by side with it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Variant {
    pub name: String,
    /// New likelihoods, by event id.
    #[serde(
        default,
        deserialize_with = "unique_map::deserialize",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub likelihoods: BTreeMap<Id, Likelihood>,
    /// New shocks, by event id and then market id.
    #[serde(
        default,
        deserialize_with = "unique_map::deserialize_nested",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub shocks: BTreeMap<Id, BTreeMap<Id, Shock>>,
    /// New holding values, by market id; a market not held in the base is added.
    #[serde(
        default,
        deserialize_with = "unique_map::deserialize",
        skip_serializing_if = "BTreeMap::is_empty"
    )]
    pub holdings: BTreeMap<Id, Finite>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notes: Option<String>,
}

impl Scenario {
    /// An empty scenario with only a title.
    pub fn new(title: impl Into<String>) -> Scenario {
        Scenario {
            format: FORMAT_VERSION,
            title: title.into(),
            description: String::new(),
            as_of: None,
            horizon_months: DEFAULT_HORIZON_MONTHS,
            seed: 0,
            regions: Vec::new(),
            markets: Vec::new(),
            correlations: Vec::new(),
            events: Vec::new(),
            links: Vec::new(),
            groups: Vec::new(),
            portfolio: Portfolio::default(),
            variants: Vec::new(),
            matrix: RiskMatrix::default(),
            notes: None,
        }
    }

    pub fn region(&self, id: &str) -> Option<&Region> {
        self.regions.iter().find(|r| r.id.as_str() == id)
    }

    pub fn market(&self, id: &str) -> Option<&Market> {
        self.markets.iter().find(|m| m.id.as_str() == id)
    }

    pub fn event(&self, id: &str) -> Option<&Event> {
        self.events.iter().find(|e| e.id.as_str() == id)
    }

    pub fn event_index(&self, id: &str) -> Option<usize> {
        self.events.iter().position(|e| e.id.as_str() == id)
    }

    pub fn variant(&self, name: &str) -> Option<&Variant> {
        self.variants.iter().find(|v| v.name == name)
    }

    /// The group an event belongs to, if any.
    pub fn group_of(&self, event: &str) -> Option<&ExclusiveGroup> {
        self.groups.iter().find(|g| g.events.iter().any(|e| e.as_str() == event))
    }

    /// The base scenario with a variant's overrides applied, or `None` if no variant has that name.
    /// Overrides of ids that do not exist are ignored here; validation reports them.
    pub fn with_variant(&self, name: &str) -> Option<Scenario> {
        let variant = self.variant(name)?;
        let mut out = self.clone();
        for event in &mut out.events {
            if let Some(likelihood) = variant.likelihoods.get(&event.id) {
                event.likelihood = *likelihood;
            }
            if let Some(shocks) = variant.shocks.get(&event.id) {
                for (market, shock) in shocks {
                    event.markets.insert(market.clone(), *shock);
                }
            }
        }
        for (market, value) in &variant.holdings {
            match out.portfolio.holdings.iter_mut().find(|h| &h.market == market) {
                Some(holding) => holding.value = *value,
                None => out.portfolio.holdings.push(Holding {
                    market: market.clone(),
                    value: *value,
                    notes: None,
                }),
            }
        }
        Some(out)
    }
}

impl Scenario {
    /// The last day of the horizon (`as_of` plus `horizon_months`), when the scenario is dated.
    pub fn horizon_end(&self) -> Option<Date> {
        self.as_of.map(|d| d.plus_months(self.horizon_months))
    }
}

impl Event {
    /// The name, or the id if the name is empty.
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() { self.id.as_str() } else { &self.name }
    }
}

impl Market {
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() { self.id.as_str() } else { &self.name }
    }
}

impl Region {
    pub fn display_name(&self) -> &str {
        if self.name.trim().is_empty() { self.id.as_str() } else { &self.name }
    }
}
