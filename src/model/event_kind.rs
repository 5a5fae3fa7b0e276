//! What kind of thing an event is, with the fields that describe that kind. The kind does not
//! change the simulation; it documents the event, groups it in the app and filters reports.

use serde::{Deserialize, Serialize};

/// Countries are ISO 3166 alpha-2 codes where possible (`"KP"`, `"RU"`), but any text is accepted
/// so that blocs and organisations (`"EU"`, `"NATO"`) can be named.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub enum EventKind {
    LeadershipChange {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        country: String,
        #[serde(default, skip_serializing_if = "Transition::is_other")]
        how: Transition,
    },
    ArmsTransfer {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        from: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        to: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        systems: String,
    },
    TechnologyTransfer {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        from: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        to: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        field: String,
    },
    Sanctions {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        imposer: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        target: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        sector: String,
    },
    MilitaryEscalation {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        parties: Vec<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        theatre: String,
    },
    NuclearTest {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        country: String,
    },
    Summit {
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        parties: Vec<String>,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        outcome: String,
    },
    Cyber {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        attacker: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        target: String,
    },
    TradeRestriction {
        #[serde(default, skip_serializing_if = "String::is_empty")]
        imposer: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        target: String,
        #[serde(default, skip_serializing_if = "String::is_empty")]
        goods: String,
    },
    #[default]
    Custom,
}

/// How a leader leaves or arrives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Transition {
    Election,
    Succession,
    Resignation,
    Death,
    Coup,
    #[default]
    Other,
}

impl Transition {
    fn is_other(&self) -> bool {
        *self == Transition::Other
    }

    pub const ALL: [Transition; 6] = [
        Transition::Election,
        Transition::Succession,
        Transition::Resignation,
        Transition::Death,
        Transition::Coup,
        Transition::Other,
    ];
}

/// The kind of an event without its fields, for pickers and grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum EventCategory {
    LeadershipChange,
    ArmsTransfer,
    TechnologyTransfer,
    Sanctions,
    MilitaryEscalation,
    NuclearTest,
    Summit,
    Cyber,
    TradeRestriction,
    Custom,
}

impl EventCategory {
    pub const ALL: [EventCategory; 10] = [
        EventCategory::LeadershipChange,
        EventCategory::ArmsTransfer,
        EventCategory::TechnologyTransfer,
        EventCategory::Sanctions,
        EventCategory::MilitaryEscalation,
        EventCategory::NuclearTest,
        EventCategory::Summit,
        EventCategory::Cyber,
        EventCategory::TradeRestriction,
        EventCategory::Custom,
    ];

    pub fn label(self) -> &'static str {
        match self {
            EventCategory::LeadershipChange => "Leadership change",
            EventCategory::ArmsTransfer => "Arms transfer",
            EventCategory::TechnologyTransfer => "Technology transfer",
            EventCategory::Sanctions => "Sanctions",
            EventCategory::MilitaryEscalation => "Military escalation",
            EventCategory::NuclearTest => "Nuclear test",
            EventCategory::Summit => "Summit or treaty",
            EventCategory::Cyber => "Cyber attack",
            EventCategory::TradeRestriction => "Trade restriction",
            EventCategory::Custom => "Other",
        }
    }

    /// A kind of this category with empty fields, for when the user switches kind.
    pub fn empty_kind(self) -> EventKind {
        let s = String::new;
        match self {
            EventCategory::LeadershipChange => {
                EventKind::LeadershipChange { country: s(), how: Transition::Other }
            }
            EventCategory::ArmsTransfer => EventKind::ArmsTransfer { from: s(), to: s(), systems: s() },
            EventCategory::TechnologyTransfer => {
                EventKind::TechnologyTransfer { from: s(), to: s(), field: s() }
            }
            EventCategory::Sanctions => EventKind::Sanctions { imposer: s(), target: s(), sector: s() },
            EventCategory::MilitaryEscalation => {
                EventKind::MilitaryEscalation { parties: Vec::new(), theatre: s() }
            }
            EventCategory::NuclearTest => EventKind::NuclearTest { country: s() },
            EventCategory::Summit => EventKind::Summit { parties: Vec::new(), outcome: s() },
            EventCategory::Cyber => EventKind::Cyber { attacker: s(), target: s() },
            EventCategory::TradeRestriction => {
                EventKind::TradeRestriction { imposer: s(), target: s(), goods: s() }
            }
            EventCategory::Custom => EventKind::Custom,
        }
    }
}

impl EventKind {
    pub fn category(&self) -> EventCategory {
        match self {
            EventKind::LeadershipChange { .. } => EventCategory::LeadershipChange,
            EventKind::ArmsTransfer { .. } => EventCategory::ArmsTransfer,
            EventKind::TechnologyTransfer { .. } => EventCategory::TechnologyTransfer,
            EventKind::Sanctions { .. } => EventCategory::Sanctions,
            EventKind::MilitaryEscalation { .. } => EventCategory::MilitaryEscalation,
            EventKind::NuclearTest { .. } => EventCategory::NuclearTest,
            EventKind::Summit { .. } => EventCategory::Summit,
            EventKind::Cyber { .. } => EventCategory::Cyber,
            EventKind::TradeRestriction { .. } => EventCategory::TradeRestriction,
            EventKind::Custom => EventCategory::Custom,
        }
    }
}
