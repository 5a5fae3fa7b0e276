//! Saved results, opened read-only (File ▸ Open results…, or File ▸ Open on a snapshot): each in
//! a window of its own over the open scenario, which it never replaces or changes. A banner says
//! what the results are of and whether the open scenario is still the one they were made from.
//! The file is read through `io`; the figures are drawn by the Results view's parts (`results::
//! stored_results`), never simulated again.

use super::app::GeoriskApp;
use super::modals::Modal;
use super::results::{self, StoredState};
use crate::engine::Analysis;
use crate::io;
use crate::model::Scenario;
use crate::report::snapshot::{Snapshot, looks_like_snapshot, scenario_sha256};
use crate::report::thousands;
use std::path::{Path, PathBuf};

const CANNOT_OPEN: &str = "Cannot open these results";

/// How saved results stand against the open scenario.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Freshness {
    /// Same title and the same canonical text: the figures are of the scenario as it is.
    UpToDate,
    /// Same title, other text: the scenario was edited since.
    Stale,
    /// Another scenario (by title) is open.
    NotOpen,
}

impl Freshness {
    pub fn text(self) -> &'static str {
        match self {
            Freshness::UpToDate => "Up to date with the open scenario",
            Freshness::Stale => "Stale: the open scenario has changed since these results were made",
            Freshness::NotOpen => "Scenario not open",
        }
    }
}

/// One snapshot on screen.
struct SavedResults {
    path: PathBuf,
    snapshot: Snapshot,
    analysis: Analysis,
    /// The title and matrix the drawing reads, from the snapshot.
    shell: Scenario,
    state: StoredState,
}

/// The open snapshots and the open scenario's hash, kept until the scenario changes.
#[derive(Default)]
pub struct SnapshotViews {
    open: Vec<SavedResults>,
    /// The document revision last hashed and its hash: hashing (its canonical text, then
    /// SHA-256) reruns only when the document changed, not every frame.
    hashed: Option<(u64, String)>,
}

impl SnapshotViews {
    /// Shows a snapshot; the same file opened again replaces its window's figures.
    fn show_snapshot(&mut self, path: PathBuf, snapshot: Snapshot) {
        let saved = SavedResults {
            analysis: snapshot.analysis(),
            shell: snapshot.matrix_scenario(),
            state: StoredState::default(),
            path,
            snapshot,
        };
        match self.open.iter_mut().find(|s| s.path == saved.path) {
            Some(old) => *old = saved,
            None => self.open.push(saved),
        }
    }

    /// The files of the snapshots on screen, in the order they were opened.
    pub fn paths(&self) -> Vec<&Path> {
        self.open.iter().map(|s| s.path.as_path()).collect()
    }

    /// How a snapshot stands against `scenario` (at document `revision`), hashing it only if it
    /// changed since last time.
    fn freshness(&mut self, snapshot: &Snapshot, scenario: &Scenario, revision: u64) -> Freshness {
        if snapshot.made_from.title != scenario.title {
            return Freshness::NotOpen;
        }
        if self.hashed.as_ref().is_none_or(|(hashed, _)| *hashed != revision) {
            self.hashed = Some((revision, scenario_sha256(scenario)));
        }
        match &self.hashed {
            Some((_, hash)) if *hash == snapshot.made_from.scenario_sha256 => Freshness::UpToDate,
            _ => Freshness::Stale,
        }
    }

    /// Draws every open snapshot's window; a closed window is forgotten.
    pub fn ui(&mut self, ctx: &egui::Context, scenario: &Scenario, revision: u64) {
        let mut open = std::mem::take(&mut self.open);
        open.retain_mut(|saved| {
            let freshness = self.freshness(&saved.snapshot, scenario, revision);
            let mut keep = true;
            let name = saved
                .path
                .file_name()
                .map_or_else(|| saved.path.display().to_string(), |n| n.to_string_lossy().into_owned());
            egui::Window::new(format!("Saved results — {name}"))
                .id(egui::Id::unique(("saved-results", &saved.path)))
                .open(&mut keep)
                .default_size([980.0, 720.0])
                .resizable(true)
                .show(ctx, |ui| {
                    banner(ui, &saved.snapshot, freshness);
                    ui.separator();
                    egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
                        let SavedResults { snapshot, analysis, shell, state, .. } = saved;
                        results::stored_results(ui, state, shell, analysis, &snapshot.regions);
                    });
                });
            keep
        });
        self.open = open;
        if self.open.is_empty() {
            self.hashed = None;
        }
    }
}

/// "Saved results — read-only · made … · N trials · seed S · variant …", then how the open
/// scenario stands.
fn banner(ui: &mut egui::Ui, snapshot: &Snapshot, freshness: Freshness) {
    let made = &snapshot.made_from;
    ui.strong(banner_text(snapshot)).on_hover_text(format!(
        "Results of \"{}\", saved by georisk {}; nothing here is simulated again and nothing \
         here changes the open scenario.",
        made.title, made.georisk_version
    ));
    let text = freshness.text();
    match freshness {
        Freshness::UpToDate => ui.label(text),
        Freshness::Stale => ui.colored_label(ui.visuals().warn_fg_color, text),
        Freshness::NotOpen => ui.weak(text),
    }
    .on_hover_text(
        "Compared by the scenario's title, then by the SHA-256 of its canonical text (as `georisk fmt` \
         writes it), which the results keep.",
    );
}

/// The banner's first line.
pub fn banner_text(snapshot: &Snapshot) -> String {
    let made = &snapshot.made_from;
    format!(
        "Saved results — read-only · made {} · {} trials · seed {} · variant {}",
        made.made,
        thousands(made.trials as f64),
        made.seed,
        made.variant.as_deref().unwrap_or("base")
    )
}

impl GeoriskApp {
    /// Whether a file holds results rather than a scenario, by its head.
    pub(crate) fn holds_results(&self, path: &Path) -> bool {
        io::read_text(path).is_ok_and(|text| looks_like_snapshot(&text))
    }

    /// Shows a results snapshot read-only; a file that is not one, is damaged or is of a newer
    /// georisk gets an error saying where and what, and nothing else changes.
    pub(crate) fn open_results(&mut self, path: PathBuf) {
        let path = std::path::absolute(&path).unwrap_or(path);
        match io::read_text(&path) {
            Ok(text) => self.show_results_text(path, &text),
            Err(e) => self.modal = Some(Modal::file_error(CANNOT_OPEN, e.to_string())),
        }
    }

    /// Shows `text`, already read from `path`, as saved results, or says why it cannot.
    pub(crate) fn show_results_text(&mut self, path: PathBuf, text: &str) {
        match Snapshot::from_ron(text) {
            Ok(snapshot) => self.snapshots.show_snapshot(path, snapshot),
            Err(e) => self.modal = Some(Modal::file_error(CANNOT_OPEN, format!("{e}: {}", path.display()))),
        }
    }
}
