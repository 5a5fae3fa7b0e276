//! The open document: the scenario being edited, the last saved copy (so dirtiness is a
//! comparison, and undoing back to the saved state clears it), where it lives, its undo history
//! and its validation problems.

use crate::io::FileStamp;
use crate::model::{Item, Problem, Scenario, validate};
use egui::util::undoer::{Settings, Undoer};
use std::path::{Path, PathBuf};

pub struct Document {
    pub scenario: Scenario,
    /// What the file on disk holds; `None` when the document was never saved.
    pub saved: Option<Scenario>,
    pub path: Option<PathBuf>,
    /// What the file at `path` held when it was opened or last saved, so a save can see that
    /// another program changed it since; `None` when that is not known.
    pub disk: Option<FileStamp>,
    /// The name in the window title when there is no path: the bundled file's name or "Untitled".
    pub untitled_name: String,
    /// Whether this is one of the examples built into georisk (saving it asks where).
    pub is_example: bool,
    pub undoer: Undoer<Scenario>,
    problems: Vec<Problem>,
    /// The scenario the cached problems belong to; validation reruns only when it differs.
    validated: Option<Scenario>,
}

impl Document {
    /// A document that matches what is stored (`saved` = the scenario), so it starts clean.
    pub fn clean(scenario: Scenario, path: Option<PathBuf>, untitled_name: &str) -> Document {
        Document { saved: Some(scenario.clone()), ..Document::unsaved(scenario, path, untitled_name) }
    }

    /// A document with changes no file holds yet (a restored recovery file).
    pub fn unsaved(scenario: Scenario, path: Option<PathBuf>, untitled_name: &str) -> Document {
        let undoer = Undoer::with_settings(Settings { max_undos: 100, ..Settings::default() });
        Document {
            scenario,
            saved: None,
            path,
            disk: None,
            untitled_name: untitled_name.to_owned(),
            is_example: false,
            undoer,
            problems: Vec::new(),
            validated: None,
        }
    }

    pub fn is_dirty(&self) -> bool {
        Some(&self.scenario) != self.saved.as_ref()
    }

    /// The file name, or the name of an unsaved document.
    pub fn name(&self) -> String {
        match &self.path {
            Some(path) => path
                .file_name()
                .map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned()),
            None => self.untitled_name.clone(),
        }
    }

    /// `contract.ron* — georisk`: the star marks unsaved changes.
    pub fn window_title(&self) -> String {
        let star = if self.is_dirty() { "*" } else { "" };
        format!("{}{star} — georisk", self.name())
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Records that `path` now holds the current scenario, written as `disk`.
    pub fn mark_saved(&mut self, path: PathBuf, disk: FileStamp) {
        self.saved = Some(self.scenario.clone());
        self.path = Some(path);
        self.disk = Some(disk);
    }

    /// Validation problems of the current scenario, recomputed only after a change.
    pub fn problems(&mut self) -> &[Problem] {
        if self.validated.as_ref() != Some(&self.scenario) {
            self.problems = validate(&self.scenario);
            self.validated = Some(self.scenario.clone());
        }
        &self.problems
    }

    /// Feeds the undo history; call once per frame, after the views have edited.
    pub fn feed_undo(&mut self, time: f64) {
        self.undoer.feed_state(time, &self.scenario);
    }

    /// Makes the current state an undo point now, before a structural edit (add, delete,
    /// rename), so each such edit is its own step even when done in quick succession.
    pub fn checkpoint(&mut self) {
        self.undoer.add_undo(&self.scenario);
    }

    pub fn undo(&mut self) {
        if let Some(state) = self.undoer.undo(&self.scenario) {
            self.scenario = state.clone();
        }
    }

    pub fn redo(&mut self) {
        if let Some(state) = self.undoer.redo(&self.scenario) {
            self.scenario = state.clone();
        }
    }

    pub fn can_undo(&self) -> bool {
        self.undoer.has_undo(&self.scenario)
    }

    pub fn can_redo(&self) -> bool {
        self.undoer.has_redo(&self.scenario)
    }

    /// Whether a problem's item still exists (problems can be stale for one frame after a delete).
    pub fn item_exists(&self, item: Item) -> bool {
        let s = &self.scenario;
        match item {
            Item::Scenario | Item::Matrix => true,
            Item::Region(i) => i < s.regions.len(),
            Item::Market(i) => i < s.markets.len(),
            Item::Correlation(i) => i < s.correlations.len(),
            Item::Event(i) => i < s.events.len(),
            Item::Link(i) => i < s.links.len(),
            Item::Group(i) => i < s.groups.len(),
            Item::Holding(i) => i < s.portfolio.holdings.len(),
            Item::Variant(i) => i < s.variants.len(),
        }
    }
}
