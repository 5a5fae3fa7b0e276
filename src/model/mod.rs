//! The scenario model: types, defaults and semantic validation.
//!
//! Owns what a scenario *is*. It never reads or writes files (that is `io`), never simulates
//! (that is `engine`) and never knows about a window (that is `ui`).

pub mod calibrate;
pub mod correlation;
mod date;
pub mod diff;
mod edit;
mod event_kind;
pub mod graph;
pub mod holdings_csv;
mod id;
mod impact;
mod likelihood;
mod matrix;
pub mod merge;
mod numbers;
pub mod pool;
pub mod prices;
mod resolution;
mod scenario;
mod unique_map;
pub mod validate;

pub use date::Date;
pub use edit::IdKind;
pub use event_kind::{EventCategory, EventKind, Transition};
pub use id::{Id, IdError, MAX_ID_LEN};
pub use impact::{MAX_MOVE, MIN_MOVE, NORMAL_CUT, Severity, Shock, ShockError, normal_quantile};
pub use likelihood::{Likelihood, LikelihoodError, ThreePoint};
pub use matrix::{MAX_MATRIX_LEVELS, MIN_MATRIX_LEVELS, MatrixAxis, Rating, RiskMatrix};
pub use numbers::{Finite, NonNegative, NumberError, Odds, Probability};
pub use resolution::Resolution;
pub use scenario::{
    Correlation, DEFAULT_HORIZON_MONTHS, Event, ExclusiveGroup, FORMAT_VERSION, GroupKind, Holding, Link,
    Market, MarketKind, Portfolio, Region, Scenario, Variant,
};
pub use validate::{Fix, Item, MAX_COMPOUND, Problem, validate};
