//! The open document: the scenario being edited, its revision (a number that changes with every
//! change to the scenario, so derived state compares numbers instead of scenarios), the last
//! saved copy (so undoing back to the saved state reads as clean), where it lives, its undo
//! history and its validation problems.

use crate::io::FileStamp;
use crate::model::{Item, Problem, Scenario, validate};
use egui::util::undoer::{Settings, Undoer};
use std::cell::Cell;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Revisions are unique across documents, so a document opened in place of another never shares
/// a revision with it and whatever was derived from the old one is never taken for the new one's.
static NEXT_REVISION: AtomicU64 = AtomicU64::new(1);

fn fresh_revision() -> u64 {
    NEXT_REVISION.fetch_add(1, Ordering::Relaxed)
}

pub struct Document {
    /// Private so that every change goes through [`Document::scenario_mut`] (which bumps the
    /// revision) or the widgets' in-place edits, which [`Document::notice_widget_edits`] detects.
    scenario: Scenario,
    revision: u64,
    /// A copy of the scenario at `snapshot_revision`: what widget edits are detected against,
    /// and what debug builds check that no change slipped past the revision.
    snapshot: Scenario,
    snapshot_revision: u64,
    /// What the file on disk holds; `None` when the document was never saved.
    saved: Option<Scenario>,
    /// The revision `saved` was taken at: equal revisions mean clean without comparing.
    saved_revision: Option<u64>,
    /// Whether the scenario differs from `saved`, as found at a revision.
    dirty_at: Cell<Option<(u64, bool)>>,
    pub path: Option<PathBuf>,
    /// What the file at `path` held when it was opened or last saved, so a save can see that
    /// another program changed it since; `None` when that is not known.
    pub disk: Option<FileStamp>,
    /// The name in the window title when there is no path: the bundled file's name or "Untitled".
    pub untitled_name: String,
    /// Whether this is one of the examples built into georisk (saving it asks where).
    pub is_example: bool,
    pub undoer: Undoer<Scenario>,
    /// The revision last fed to the undo history: while it stands and no change is settling,
    /// the history has nothing to compare.
    fed_revision: Option<u64>,
    problems: Vec<Problem>,
    /// The revision the cached problems belong to; validation reruns only when it changes.
    validated: Option<u64>,
}

impl Document {
    /// A document that matches what is stored (`saved` = the scenario), so it starts clean.
    pub fn clean(scenario: Scenario, path: Option<PathBuf>, untitled_name: &str) -> Document {
        let mut doc = Document::unsaved(scenario, path, untitled_name);
        doc.saved = Some(doc.scenario.clone());
        doc.saved_revision = Some(doc.revision);
        doc
    }

    /// A document with changes no file holds yet (a restored recovery file).
    pub fn unsaved(scenario: Scenario, path: Option<PathBuf>, untitled_name: &str) -> Document {
        let undoer = Undoer::with_settings(Settings { max_undos: 100, ..Settings::default() });
        let revision = fresh_revision();
        Document {
            snapshot: scenario.clone(),
            scenario,
            revision,
            snapshot_revision: revision,
            saved: None,
            saved_revision: None,
            dirty_at: Cell::new(None),
            path,
            disk: None,
            untitled_name: untitled_name.to_owned(),
            is_example: false,
            undoer,
            fed_revision: None,
            problems: Vec::new(),
            validated: None,
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// The scenario, for a change: the revision moves on, so everything derived follows.
    pub fn scenario_mut(&mut self) -> &mut Scenario {
        self.bump();
        &mut self.scenario
    }

    /// The scenario for the editor's widgets, which change fields in place on frames with input;
    /// [`Document::notice_widget_edits`] must follow once they are drawn.
    pub fn scenario_for_widgets(&mut self) -> &mut Scenario {
        &mut self.scenario
    }

    /// Replaces the whole scenario (an import, a calibration), moving the revision on.
    pub fn replace_scenario(&mut self, scenario: Scenario) {
        self.bump();
        self.scenario = scenario;
    }

    /// A number that changes with every change to the scenario (never repeats, even across
    /// documents); equal revisions mean the same scenario.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    fn bump(&mut self) {
        self.revision = fresh_revision();
    }

    /// After the widgets were drawn: on a frame with input they may have changed the scenario,
    /// so it is compared with the last revision's copy; without input nothing is compared.
    pub fn notice_widget_edits(&mut self, had_input: bool) {
        if had_input && self.scenario != self.snapshot {
            self.bump();
        }
    }

    /// Once per frame, after every change: keeps the copy that widget edits are detected
    /// against, and in debug builds checks that nothing changed the scenario without a new
    /// revision (a change that forgot to bump would leave results and problems stale).
    pub fn settle_revision(&mut self) {
        if self.snapshot_revision != self.revision {
            self.snapshot.clone_from(&self.scenario);
            self.snapshot_revision = self.revision;
        } else {
            debug_assert!(
                self.scenario == self.snapshot,
                "the scenario changed without a new revision: use Document::scenario_mut"
            );
        }
    }

    /// Whether the scenario differs from the saved file's: compared only when the revision
    /// changed, so undoing back to the saved state reads as clean again.
    pub fn is_dirty(&self) -> bool {
        if self.saved_revision == Some(self.revision) {
            return false;
        }
        match self.dirty_at.get() {
            Some((revision, dirty)) if revision == self.revision => dirty,
            _ => {
                let dirty = Some(&self.scenario) != self.saved.as_ref();
                self.dirty_at.set(Some((self.revision, dirty)));
                dirty
            }
        }
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
        self.saved_revision = Some(self.revision);
        self.path = Some(path);
        self.disk = Some(disk);
    }

    /// Validation problems of the current scenario, recomputed only after a change.
    pub fn problems(&mut self) -> &[Problem] {
        if self.validated != Some(self.revision) {
            self.problems = validate(&self.scenario);
            self.validated = Some(self.revision);
        }
        &self.problems
    }

    /// Feeds the undo history; call once per frame, after the views have edited. The history
    /// compares the whole scenario, so it is fed only after a change and while the change is
    /// settling into an undo point.
    pub fn feed_undo(&mut self, time: f64) {
        if self.fed_revision == Some(self.revision) && !self.undoer.is_in_flux() {
            return;
        }
        self.undoer.feed_state(time, &self.scenario);
        self.fed_revision = Some(self.revision);
    }

    /// Makes the current state an undo point now, before a structural edit (add, delete,
    /// rename), so each such edit is its own step even when done in quick succession.
    pub fn checkpoint(&mut self) {
        self.undoer.add_undo(&self.scenario);
    }

    pub fn undo(&mut self) {
        if let Some(state) = self.undoer.undo(&self.scenario) {
            self.scenario = state.clone();
            self.bump();
        }
    }

    pub fn redo(&mut self) {
        if let Some(state) = self.undoer.redo(&self.scenario) {
            self.scenario = state.clone();
            self.bump();
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

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let scenario = crate::io::parse_str(crate::io::BUNDLED[0].1).expect("the bundled example parses");
        Document::clean(scenario, None, "example")
    }

    #[test]
    fn every_change_moves_the_revision_and_undo_back_to_the_saved_state_is_clean() {
        let mut doc = doc();
        let saved = doc.revision();
        doc.checkpoint();
        doc.scenario_mut().horizon_months += 1;
        doc.checkpoint();
        doc.settle_revision();
        let edited = doc.revision();
        assert_ne!(edited, saved);
        assert!(doc.is_dirty());
        doc.undo();
        assert!(doc.revision() != edited && doc.revision() != saved, "undo is a new revision");
        assert!(!doc.is_dirty(), "back at the saved scenario");
        doc.redo();
        assert!(doc.is_dirty());
    }

    #[test]
    fn widget_edits_are_noticed_only_on_frames_with_input() {
        let mut doc = doc();
        let before = doc.revision();
        doc.notice_widget_edits(true);
        assert_eq!(doc.revision(), before, "no change, no new revision");
        doc.scenario_for_widgets().horizon_months += 1;
        doc.notice_widget_edits(true);
        assert_ne!(doc.revision(), before);
        doc.settle_revision();
    }

    #[test]
    #[cfg(debug_assertions)]
    #[should_panic(expected = "without a new revision")]
    fn a_change_that_forgets_the_revision_is_caught_in_debug_builds() {
        let mut doc = doc();
        doc.scenario_for_widgets().horizon_months += 1;
        doc.notice_widget_edits(false);
        doc.settle_revision();
    }
}
