//! Native open and save dialogs, run on their own thread: rfd's dialogs block until the user
//! answers, and the window must keep painting meanwhile. The answer comes back over a channel
//! that the app polls every frame.

use super::command::Command;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::{Duration, Instant};

/// What a dialog was opened for.
#[derive(Debug)]
pub enum Purpose {
    Open,
    /// Save as; `then` runs after a successful save (the action that asked to save first).
    SaveAs {
        then: Option<Box<Command>>,
    },
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

/// Faster than this, a "cancel" came from the system, not from a person.
const TOO_FAST_FOR_A_PERSON: Duration = Duration::from_millis(250);

pub struct FileDialogs {
    sender: Sender<(Purpose, Answer)>,
    receiver: Receiver<(Purpose, Answer)>,
    open: bool,
}

impl Default for FileDialogs {
    fn default() -> Self {
        let (sender, receiver) = channel();
        FileDialogs { sender, receiver, open: false }
    }
}

impl FileDialogs {
    /// Whether a dialog is showing; a second one is not opened meanwhile.
    pub fn is_open(&self) -> bool {
        self.open
    }

    /// Shows a dialog on a worker thread; `folder` and `file_name` are the starting suggestion.
    pub fn show(
        &mut self,
        ctx: &egui::Context,
        purpose: Purpose,
        folder: Option<PathBuf>,
        file_name: String,
    ) {
        if self.open {
            return;
        }
        self.open = true;
        let sender = self.sender.clone();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name("file dialog".to_owned()).spawn(move || {
            let mut dialog = rfd::FileDialog::new().add_filter("Scenario (RON)", &["ron"]);
            if let Some(folder) = folder {
                dialog = dialog.set_directory(folder);
            }
            let started = Instant::now();
            let picked = match purpose {
                Purpose::Open => dialog.pick_file(),
                Purpose::SaveAs { .. } => dialog.set_file_name(file_name).save_file(),
            };
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
            self.open = false;
        }
    }

    /// The answer of a finished dialog, if one arrived since the last frame.
    pub fn poll(&mut self) -> Option<(Purpose, Answer)> {
        let answer = self.receiver.try_recv().ok()?;
        self.open = false;
        Some(answer)
    }
}
