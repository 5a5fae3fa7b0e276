//! The central editor: one form per kind of item, for the item selected in the outline.
//!
//! Field edits change the scenario directly (undo records them once they settle); edits that
//! touch other items (rename, add, delete) go out as commands.

mod correlations;
mod entities;
mod event;
mod impacts;
mod matrix;
mod outcome;
mod overview;
mod portfolio;
mod relations;
mod variant;
mod widgets;

pub use outcome::outcome_summary;

use super::command::{Command, Commands, Selection};
use crate::model::{Id, IdKind, Scenario};

/// What the editor keeps between frames: the text of an id being typed, until it is committed.
#[derive(Debug, Default)]
pub struct EditorState {
    pub id_edit: Option<IdEdit>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct IdEdit {
    pub kind: IdKind,
    /// The id as it was when typing started.
    pub original: Id,
    pub text: String,
    pub error: Option<String>,
}

pub fn editor(
    ui: &mut egui::Ui,
    state: &mut EditorState,
    scenario: &mut Scenario,
    selection: &Selection,
    commands: &mut Commands,
) {
    // Both ways: in a narrow window a wide form scrolls sideways instead of being cut off.
    // Each page keeps its own scroll position: back on a long page, the user is where they were.
    egui::ScrollArea::both().id_salt(("editor", selection)).auto_shrink([false, false]).show(ui, |ui| {
        // At most 1,200 points wide, and never wider than the window: text wraps, grids scroll.
        let width = ui.available_width().min(1200.0);
        ui.set_max_width(width);
        let missing = match selection {
            Selection::Overview => {
                overview::overview(ui, scenario, commands);
                false
            }
            // The app draws the results view instead of the editor.
            Selection::Results | Selection::Compare => false,
            Selection::Region(id) => !entities::region(ui, state, scenario, id, commands),
            Selection::Market(id) => !entities::market(ui, state, scenario, id, commands),
            Selection::Event(id) => !event::event(ui, state, scenario, id, commands),
            Selection::Link(i) => !relations::link(ui, scenario, *i, commands),
            Selection::Group(id) => !relations::group(ui, state, scenario, id, commands),
            Selection::Portfolio => {
                portfolio::portfolio(ui, scenario, commands);
                false
            }
            Selection::Variant(i) => !variant::variant(ui, scenario, *i, commands),
            Selection::Correlations => {
                correlations::correlations(ui, scenario, commands);
                false
            }
            Selection::Matrix => {
                matrix::matrix(ui, &mut scenario.matrix, commands);
                false
            }
        };
        if missing {
            ui.label("This item no longer exists. Pick another one in the outline.");
        }
    });
}

const CALIBRATE_TIP: &str = "Sets the markets' volatilities and correlations from a CSV of dated closes \
     (a date column and one column per market id). A preview shows the old and new values first.";

/// Markets ▸ Calibrate from prices…, on the Correlations page and each market's.
fn calibrate_button(ui: &mut egui::Ui, commands: &mut Commands) {
    if ui.button("Calibrate from prices…").on_hover_text(CALIBRATE_TIP).clicked() {
        commands.push(Command::CalibrateDialog);
    }
}
