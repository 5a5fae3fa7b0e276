//! The desktop app: state, views, commands and undo. The only module that knows egui.
//!
//! It never touches the file system itself (that goes through `io`) and never simulates on the
//! UI thread.

mod outline;

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the window on `file`, or on the bundled example.
pub fn run_app(file: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let (origin, scenario) = match &file {
        Some(path) => (path.display().to_string(), crate::io::load_file(path)?),
        None => {
            let (name, text) = crate::io::BUNDLED[0];
            (name.to_owned(), crate::io::load_str(text, name)?)
        }
    };
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(format!("{origin} — georisk"))
            .with_inner_size([1100.0, 720.0]),
        ..Default::default()
    };
    eframe::run_native(
        "georisk",
        options,
        Box::new(move |_cc| Ok(Box::new(outline::Outline::new(origin, scenario)))),
    )
    .map_err(|e| anyhow::anyhow!("cannot open a window: {e}"))?;
    Ok(ExitCode::SUCCESS)
}
