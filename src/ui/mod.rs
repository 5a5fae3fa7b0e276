//! The desktop app: state, views, commands and undo. The only module that knows egui.
//!
//! The app state (`app::GeoriskApp`, `document::Document`) is kept apart from the views (one
//! panel per file: `menu`, `outline`, `editor`, `results`, `status`, `modals`; `report_export` makes
//! the HTML report off the UI thread, `results_out` the results as CSV or JSON, `results_save`
//! and `snapshot_view` save results and show saved ones read-only, `chart_export` each Results
//! chart as SVG or PNG, and `data_in`
//! imports holdings and calibrates markets from prices). Views return `Command`s,
//! which the app applies once per frame (`apply`). It never touches the file system itself
//! (every read and write goes through `io`), and file dialogs run off the UI thread, with a
//! built-in chooser where the system has none.

mod app;
mod apply;
mod chart_export;
mod command;
mod data_dialogs;
mod data_in;
mod document;
mod editor;
mod file_chooser;
mod file_dialogs;
mod help;
mod long_list;
mod menu;
mod modals;
mod outline;
mod report_export;
mod results;
mod results_out;
mod results_save;
mod shortcuts;
mod snapshot_view;
mod split;
mod status;

pub use app::{AUTOSAVE_SECONDS, AppConfig, GeoriskApp, Preferences, Startup};
pub use chart_export::{ChartFormat, PNG_SCALE, chart_file};
pub use command::{Command, Replace, SaveChoice, Selection, UnsavedChoice};
pub use file_dialogs::{DialogChoice, Purpose};
pub use help::HelpPage;
pub use modals::{Modal, SaveRisk};
pub use results::{
    CompareState, CompareStatus, CompareWhat, Compared, OtherFile, PREVIEW_TRIALS, ResultsWorker,
    SETTLE_SECONDS, Stage as ResultsStage, Status as ResultsStatus, compact_number, exceedance_at,
    exceedance_hover, full_trials,
};
pub use results_out::ResultsFormat;
pub use snapshot_view::{Freshness, banner_text};

use std::path::PathBuf;
use std::process::ExitCode;

/// The application icon (also `assets/georisk.svg`, for desktop menus).
const ICON_PNG: &[u8] = include_bytes!("../../assets/georisk.png");

/// Opens the window on `file`, or on the bundled example.
pub fn run_app(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    if !display_available() {
        anyhow::bail!(
            "no display to open a window on (DISPLAY and WAYLAND_DISPLAY are unset); \
             see `georisk --help` for the command-line subcommands"
        );
    }
    let startup = match file {
        Some(path) => Startup::File(path),
        None => Startup::Bundled(0),
    };
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("georisk")
        .with_app_id("georisk")
        .with_inner_size([1200.0, 780.0])
        .with_min_inner_size([640.0, 420.0])
        .with_drag_and_drop(true);
    // The icon is drawn into the binary; a broken one costs the icon, never the window.
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON_PNG) {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions { viewport, ..Default::default() };
    eframe::run_native(
        "georisk",
        options,
        Box::new(move |cc| Ok(Box::new(GeoriskApp::from_creation_context(cc, startup)))),
    )
    .map_err(|e| {
        anyhow::anyhow!("cannot open a window ({e}); see `georisk --help` for the command-line subcommands")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// On Linux and the BSDs a window needs an X11 or Wayland display; elsewhere there always is one.
fn display_available() -> bool {
    if cfg!(any(target_os = "linux", target_os = "freebsd", target_os = "openbsd", target_os = "netbsd")) {
        let set = |name| std::env::var_os(name).is_some_and(|v| !v.is_empty());
        set("DISPLAY") || set("WAYLAND_DISPLAY")
    } else {
        true
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_decodes() {
        let icon = eframe::icon_data::from_png_bytes(super::ICON_PNG).expect("assets/georisk.png decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
