//! georisk: a scenario planner for geopolitical risk.
//!
//! The walls: `model` is what a scenario is; `io` is the only code that touches the file system;
//! `engine` simulates, pure and deterministic for a seed; `report` turns results into tables and
//! files' contents; `ui` (behind the `gui` feature) is the only code that knows egui.

pub mod engine;
pub mod io;
pub mod model;
pub mod report;
#[cfg(feature = "gui")]
pub mod ui;
