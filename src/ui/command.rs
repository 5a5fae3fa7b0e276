//! What a view asks the app to do. Views never change files, the selection or the item lists
//! themselves: they return commands, and the app applies them once per frame, after drawing.
//! A test issues the same commands the menus do.

use super::chart_export::ChartFormat;
use super::results_out::ResultsFormat;
use crate::model::{EventCategory, Fix, Id, IdKind, Item, ListEdit, Scenario, VariantOverride};
use crate::report::html::Chart;
use std::path::PathBuf;

/// Which item the editor shows.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Default)]
pub enum Selection {
    #[default]
    Overview,
    /// The live simulation results (derived data, never saved).
    Results,
    Region(Id),
    Market(Id),
    Event(Id),
    Link(usize),
    Group(Id),
    Portfolio,
    /// The grid of market correlations.
    Correlations,
    Variant(usize),
    Matrix,
    /// The base and variants, or two files, side by side (derived data, never saved).
    Compare,
}

impl Selection {
    /// Where a validation problem is, as a selection.
    pub fn of_item(scenario: &Scenario, item: Item) -> Selection {
        let by_id =
            |id: Option<&Id>, make: fn(Id) -> Selection| id.cloned().map_or(Selection::Overview, make);
        match item {
            Item::Scenario => Selection::Overview,
            Item::Matrix => Selection::Matrix,
            Item::Region(i) => by_id(scenario.regions.get(i).map(|r| &r.id), Selection::Region),
            Item::Market(i) => by_id(scenario.markets.get(i).map(|m| &m.id), Selection::Market),
            Item::Event(i) => by_id(scenario.events.get(i).map(|e| &e.id), Selection::Event),
            Item::Group(i) => by_id(scenario.groups.get(i).map(|g| &g.id), Selection::Group),
            Item::Link(i) => Selection::Link(i),
            Item::Holding(_) => Selection::Portfolio,
            Item::Correlation(_) => Selection::Correlations,
            Item::Variant(i) => Selection::Variant(i),
        }
    }

    /// The selection after `from` of `kind` was renamed to `to`.
    pub fn renamed(self, kind: IdKind, from: &Id, to: &Id) -> Selection {
        match (kind, self) {
            (IdKind::Region, Selection::Region(id)) if &id == from => Selection::Region(to.clone()),
            (IdKind::Market, Selection::Market(id)) if &id == from => Selection::Market(to.clone()),
            (IdKind::Event, Selection::Event(id)) if &id == from => Selection::Event(to.clone()),
            (IdKind::Group, Selection::Group(id)) if &id == from => Selection::Group(to.clone()),
            (_, other) => other,
        }
    }
}

/// What replaces the open document once its unsaved changes are dealt with: the commands that
/// ask "save changes first?", kept while the question (and any save it leads to) is answered.
#[derive(Debug, Clone, PartialEq)]
pub enum Replace {
    New,
    OpenDialog,
    OpenPath(PathBuf),
    OpenBundled(usize),
    RestoreRecovery(String),
    Quit,
}

/// The answer to "save changes first?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UnsavedChoice {
    Save,
    DontSave,
    Cancel,
}

/// The answer to "the file changed on disk / is read-only: overwrite it?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SaveChoice {
    Overwrite,
    SaveAs,
    Cancel,
}

#[must_use]
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    // Files. The first four ask about unsaved changes before they replace the document.
    New,
    /// Shows the open dialog (off the UI thread).
    OpenDialog,
    OpenPath(PathBuf),
    /// One of `io::BUNDLED`, by index.
    OpenBundled(usize),
    Save,
    SaveAsDialog,
    SaveTo(PathBuf),
    /// Asks where to write the HTML report (off the UI thread).
    ExportReportDialog,
    /// Asks for another scenario file to compare the open one with (off the UI thread).
    CompareWithDialog,
    /// Makes the report on a background thread and writes it there.
    ExportReportTo(PathBuf),
    /// Asks where to write the results as CSV or JSON (off the UI thread).
    ExportResultsDialog(ResultsFormat),
    /// Writes what `georisk run --format csv|json` prints for the scenario, trials and seed.
    ExportResultsTo(ResultsFormat, PathBuf),
    /// Asks where to save the results snapshot (off the UI thread).
    SaveResultsDialog,
    /// Writes what `georisk run --format ron` prints for what Results shows.
    SaveResultsTo(PathBuf),
    /// Asks for a results snapshot to show read-only (off the UI thread).
    OpenResultsDialog,
    /// Shows a results snapshot read-only, beside the open scenario.
    OpenResults(PathBuf),
    /// Asks where to save a Results chart as SVG or PNG (off the UI thread).
    SaveChartDialog(Chart, ChartFormat),
    /// Writes the chart of the Results view's current analysis there.
    SaveChartTo(Chart, ChartFormat, PathBuf),
    // Data in and out.
    /// Asks for a holdings CSV to import.
    ImportHoldingsDialog,
    /// Replaces the holdings with a CSV's, as one undo step, if every row is good.
    ImportHoldingsFrom(PathBuf),
    /// The answer to "these markets are unknown: create them?": adds them and imports, as one
    /// undo step.
    CreateMarketsAndImport,
    ExportHoldingsDialog,
    ExportHoldingsTo(PathBuf),
    /// Asks for a file of dated closes to calibrate the markets from.
    CalibrateDialog,
    /// Calibrates from the file and shows old and new values; nothing changes yet.
    CalibrateFrom(PathBuf),
    /// Writes the previewed calibration into the scenario, as one undo step.
    ApplyCalibration,
    Quit,
    AnswerUnsaved(UnsavedChoice),
    /// Answers the question a save asked before replacing a file that changed on disk or
    /// protects itself.
    AnswerSave(SaveChoice),
    /// Restores the work left by a crashed instance (by its recovery key); asks about unsaved
    /// changes first.
    RestoreRecovery(String),
    /// Deletes the work left by a crashed instance (by its recovery key).
    DiscardRecovery(String),
    /// Looks again for work left by crashed instances and offers it.
    OfferRecovery,
    // Edit.
    Undo,
    Redo,
    Select(Selection),
    AddRegion,
    AddMarket,
    AddEvent(EventCategory),
    AddLink,
    AddGroup,
    AddHolding,
    AddVariant,
    DuplicateEvent(Id),
    /// Asks first when something refers to the item.
    Delete(IdKind, Id),
    DeleteConfirmed(IdKind, Id),
    DeleteLink(usize),
    DeleteVariant(usize),
    /// Copies a variant, named "X (copy)" (or "X (copy 2)"…), right after it; Results show the copy.
    DuplicateVariant(usize),
    /// Gives a variant a new name (a unique, non-empty one; anything else does nothing); Results
    /// keep showing it under its new name.
    RenameVariant(usize, String),
    /// Makes a variant override one of the base scenario's numbers, starting from the base value.
    AddOverride(usize, VariantOverride),
    /// Takes an override out of a variant: the base scenario's value applies again.
    RemoveOverride(usize, VariantOverride),
    /// Renames an id and every reference to it, as its own undo step.
    Rename(IdKind, Id, Id),
    /// The same, while the name is typed and the id follows it: part of the typing's undo step.
    IdFollowsName(IdKind, Id, Id),
    /// A problem's suggested fix ("did you mean …?"), as one undo step.
    ApplyFix(Fix),
    /// A row added to, removed from or re-pointed in one of the scenario's lists, as one undo
    /// step.
    EditList(ListEdit),
    /// The full run's trial count kept in the file (`None`: the default), as one undo step.
    SetTrials(Option<u64>),
    // View.
    SetTheme(egui::ThemePreference),
    /// Results in a pane beside the editor (`true`) or as a page of their own.
    SetResultsBeside(bool),
    /// The system's file dialog or georisk's own chooser.
    SetFileDialog(super::file_dialogs::DialogChoice),
    ShowProblems(bool),
    ShowAbout,
    ShowHelp(super::help::HelpPage),
    CloseDialog,
}

/// Commands collected during a frame.
#[derive(Debug, Default)]
pub struct Commands(Vec<Command>);

impl Commands {
    pub fn push(&mut self, command: Command) {
        self.0.push(command);
    }

    pub fn take(&mut self) -> Vec<Command> {
        std::mem::take(&mut self.0)
    }
}
