//! Choosing a file to open or save: the system's dialog (rfd, run on its own thread, since it
//! blocks until the user answers and the window must keep painting), or georisk's built-in
//! chooser (`file_chooser`) when the system cannot show one or the user prefers it. The answer
//! comes back to the app, which polls every frame; this module never reads or writes a file.

use super::chart_export::ChartFormat;
use super::command::Replace;
use super::file_chooser::FileChooser;
use super::results_out::ResultsFormat;
use crate::report::html::Chart;
use serde::{Deserialize, Serialize};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// What a dialog was opened for.
#[derive(Debug, Clone, PartialEq)]
pub enum Purpose {
    Open,
    /// Save as; `then` runs after a successful save (the action that asked to save first).
    SaveAs {
        then: Option<Replace>,
    },
    /// File ▸ Export report…: where to write the HTML report.
    ExportReport,
    /// Portfolio ▸ Import CSV…: a broker's holdings file to read.
    ImportHoldings,
    /// Portfolio ▸ Export CSV…: where to write the holdings.
    ExportHoldings,
    /// Markets ▸ Calibrate from prices…: a file of dated closes to read.
    CalibratePrices,
    /// File ▸ Export results ▸ CSV… or JSON…: where to write them.
    ExportResults(ResultsFormat),
    /// Compare ▸ Open another file…: the scenario to compare the open one with.
    CompareWith,
    /// File ▸ Save results…: where to write the results snapshot.
    SaveResults,
    /// File ▸ Open results…: a results snapshot to show read-only.
    OpenResults,
    /// A Results chart's ⬇ Save ▸ Save as SVG… or PNG…: where to write it.
    SaveChart(Chart, ChartFormat),
}

impl Purpose {
    /// The extension of the files this dialog lists and adds to a name typed without one.
    pub fn extension(&self) -> &'static str {
        match self {
            Purpose::Open
            | Purpose::SaveAs { .. }
            | Purpose::CompareWith
            | Purpose::SaveResults
            | Purpose::OpenResults => "ron",
            Purpose::ExportReport => "html",
            Purpose::ImportHoldings | Purpose::ExportHoldings | Purpose::CalibratePrices => "csv",
            Purpose::ExportResults(format) => format.extension(),
            Purpose::SaveChart(_, format) => format.extension(),
        }
    }

    fn filter_name(&self) -> &'static str {
        match self {
            Purpose::Open | Purpose::SaveAs { .. } | Purpose::CompareWith => "Scenario (RON)",
            Purpose::ExportReport => "Report (HTML)",
            Purpose::ImportHoldings | Purpose::ExportHoldings => "Holdings (CSV)",
            Purpose::CalibratePrices => "Prices (CSV)",
            Purpose::ExportResults(ResultsFormat::Csv) => "Results (CSV)",
            Purpose::ExportResults(ResultsFormat::Json) => "Results (JSON)",
            Purpose::SaveResults | Purpose::OpenResults => "Saved results (RON)",
            Purpose::SaveChart(_, ChartFormat::Svg) => "Chart (SVG)",
            Purpose::SaveChart(_, ChartFormat::Png) => "Chart (PNG)",
        }
    }
}

/// How a dialog ended.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    Picked(PathBuf),
    Cancelled,
    /// It closed faster than a person can answer: no dialog could be shown (no desktop portal
    /// and no zenity), which rfd reports the same way as a cancel.
    Unavailable,
}

/// Which file dialog the user wants; kept in the preferences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum DialogChoice {
    /// The system's dialog, and the built-in chooser when the system cannot show one.
    #[default]
    System,
    /// Always the built-in chooser.
    BuiltIn,
}

/// Faster than this, a "cancel" came from the system, not from a person.
const TOO_FAST_FOR_A_PERSON: Duration = Duration::from_millis(250);

/// The system's dialog: blocks until answered; `None` for a cancel or when it cannot be shown.
pub type NativeDialog = fn(&Purpose, Option<PathBuf>, String) -> Option<PathBuf>;

/// What the built-in chooser starts in: the folder and file name suggested, and the places
/// listed beside it (recent folders first, then home).
#[derive(Debug, Clone, Default)]
pub struct Suggestion {
    pub folder: Option<PathBuf>,
    pub file_name: String,
    pub places: Vec<PathBuf>,
}

pub struct FileDialogs {
    sender: Sender<(Purpose, Answer)>,
    receiver: Receiver<(Purpose, Answer)>,
    /// A system dialog is showing.
    native_open: bool,
    /// The places of the last request, for a fallback to the built-in chooser.
    pending: Suggestion,
    chooser: Option<FileChooser>,
    native: NativeDialog,
    /// Set once the system failed to show a dialog: for the rest of the session the built-in
    /// chooser opens at once, rather than after a failed attempt each time.
    native_unavailable: bool,
}

impl Default for FileDialogs {
    fn default() -> Self {
        let (sender, receiver) = channel();
        FileDialogs {
            sender,
            receiver,
            native_open: false,
            pending: Suggestion::default(),
            chooser: None,
            native: rfd_dialog,
            native_unavailable: false,
        }
    }
}

impl FileDialogs {
    /// Whether a dialog is showing; a second one is not opened meanwhile.
    pub fn is_open(&self) -> bool {
        self.native_open || self.chooser.is_some()
    }

    /// Replaces the system dialog (tests stand in for a system without one).
    pub fn set_native(&mut self, native: NativeDialog) {
        self.native = native;
    }

    /// Shows a dialog: the system's on a worker thread, or the built-in chooser.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        choice: DialogChoice,
        purpose: Purpose,
        suggestion: Suggestion,
    ) {
        if self.is_open() {
            return;
        }
        if choice == DialogChoice::BuiltIn || self.native_unavailable {
            self.chooser = Some(FileChooser::new(ctx, purpose, suggestion, None));
            return;
        }
        self.native_open = true;
        self.pending = suggestion.clone();
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        let native = self.native;
        let spawned = std::thread::Builder::new().name("file dialog".to_owned()).spawn(move || {
            let started = Instant::now();
            let picked = native(&purpose, suggestion.folder, suggestion.file_name);
            let answer = match picked {
                Some(path) => Answer::Picked(path),
                None if started.elapsed() < TOO_FAST_FOR_A_PERSON => Answer::Unavailable,
                None => Answer::Cancelled,
            };
            // The app may have closed meanwhile; then nobody needs the answer.
            let _ = sender.send((purpose, answer));
            ctx.request_repaint();
        });
        if spawned.is_err() {
            self.native_open = false;
        }
    }

    /// The answer of a finished dialog, if one arrived since the last frame. When the system
    /// could not show its dialog, the built-in chooser takes over the same request at once.
    pub fn poll(&mut self, ctx: &egui::Context) -> Option<(Purpose, Answer)> {
        let (purpose, answer) = self.receiver.try_recv().ok()?;
        self.native_open = false;
        if answer != Answer::Unavailable {
            return Some((purpose, answer));
        }
        self.native_unavailable = true;
        let note = "This system could not show its file dialog (it needs xdg-desktop-portal or zenity), \
                    so georisk shows its own.";
        let suggestion = std::mem::take(&mut self.pending);
        self.chooser = Some(FileChooser::new(ctx, purpose, suggestion, Some(note.to_owned())));
        None
    }

    /// Draws the built-in chooser, if it is open; its answer once the user is done.
    pub fn chooser_ui(&mut self, ctx: &egui::Context) -> Option<(Purpose, Answer)> {
        let chooser = self.chooser.as_mut()?;
        let answer = chooser.show(ctx)?;
        let chooser = self.chooser.take()?;
        Some((chooser.into_purpose(), answer))
    }

    /// The built-in chooser, while it is open (tests read its state).
    pub fn chooser(&self) -> Option<&FileChooser> {
        self.chooser.as_ref()
    }
}

/// The system's dialog through rfd.
fn rfd_dialog(purpose: &Purpose, folder: Option<PathBuf>, file_name: String) -> Option<PathBuf> {
    let mut dialog = rfd::FileDialog::new().add_filter(purpose.filter_name(), &[purpose.extension()]);
    if let Some(folder) = folder {
        dialog = dialog.set_directory(folder);
    }
    match purpose {
        Purpose::Open
        | Purpose::ImportHoldings
        | Purpose::CalibratePrices
        | Purpose::CompareWith
        | Purpose::OpenResults => dialog.pick_file(),
        Purpose::SaveAs { .. }
        | Purpose::ExportReport
        | Purpose::ExportHoldings
        | Purpose::ExportResults(_)
        | Purpose::SaveResults
        | Purpose::SaveChart(..) => dialog.set_file_name(file_name).save_file(),
    }
}
