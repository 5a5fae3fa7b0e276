//! Scenario files: RON reading and writing, format versions, error positions and atomic saves;
//! per-trial samples as CSV (`samples`).
//!
//! The only module that touches the file system. It never simulates and never knows about a
//! window; it hands `model` types to whoever asked and reports problems as `Diagnostic`s with a
//! line and column wherever one can be found.

mod diagnostic;
mod files;
mod folders;
#[cfg(feature = "gui")]
mod fonts;
mod format;
mod locate;
pub mod printable;
mod recovery;
mod samples;
mod syntax;

pub use diagnostic::{Diagnostic, Excerpt, LoadError, MAX_LISTED};
pub use files::{
    FileStamp, MAX_FILE_BYTES, SaveError, SaveOptions, load_file, read_bounded, read_text, read_text_stamped,
    remove_file_if_exists, save_file, save_file_with, write_atomic, write_atomic_with,
};
pub use folders::{
    EntryKind, FolderEntry, create_folder, current_folder, home_folder, list_folder, path_kind,
};
#[cfg(feature = "gui")]
pub use fonts::load_system_fonts;
pub use format::{first_comment, load_str, parse_str, to_ron_string};
pub use locate::{MAX_LOCATED, locate_problems};
pub use recovery::{Orphan, Recovered, RecoveryInstance, RecoveryStore};
pub use samples::write_samples_csv;

/// Scenarios built into the binary, so the app opens on an example from any folder:
/// `(file name, text)`, the flagship Russia–DPRK case first, then the students' starter, then the
/// rest by name. `tests/scenario_library.rs` checks this list against the files in `scenarios/`.
pub const BUNDLED: &[(&str, &str)] = &[
    ("russia-dprk-2024.ron", include_str!("../../scenarios/russia-dprk-2024.ron")),
    ("starter-tariff-dispute.ron", include_str!("../../scenarios/starter-tariff-dispute.ron")),
    ("hormuz-energy-shock.ron", include_str!("../../scenarios/hormuz-energy-shock.ron")),
    ("red-sea-shipping.ron", include_str!("../../scenarios/red-sea-shipping.ron")),
    ("russian-oil-sanctions.ron", include_str!("../../scenarios/russian-oil-sanctions.ron")),
    ("sahel-coups.ron", include_str!("../../scenarios/sahel-coups.ron")),
    ("taiwan-strait-blockade.ron", include_str!("../../scenarios/taiwan-strait-blockade.ron")),
];
