//! Results beside the editor: the central area split in two panes (egui_tiles), the selected
//! item's editor on the left and the live results on the right, with a divider the user drags.
//! Each pane scrolls on its own. Draws only; what the panes ask for comes back as commands.

use super::command::{Commands, Selection};
use super::editor::{self, EditorState};
use super::results::{self, ResultsState};
use crate::model::Scenario;

/// What a pane shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Editor,
    Results,
}

/// The split: the editor a little wider than the results, as editing is what the user does.
pub fn new_split() -> egui_tiles::Tree<Pane> {
    let mut tiles = egui_tiles::Tiles::default();
    let editor = tiles.insert_pane(Pane::Editor);
    let results = tiles.insert_pane(Pane::Results);
    let root = tiles.insert_horizontal_tile(vec![editor, results]);
    if let Some(egui_tiles::Tile::Container(egui_tiles::Container::Linear(linear))) = tiles.get_mut(root) {
        linear.shares.set_share(editor, 0.55);
        linear.shares.set_share(results, 0.45);
    }
    egui_tiles::Tree::new(egui::Id::unique("georisk-split"), root, tiles)
}

/// What the panes draw from and into, for one frame.
pub struct Panes<'a> {
    pub editor: &'a mut EditorState,
    pub results: &'a mut ResultsState,
    pub scenario: &'a mut Scenario,
    pub selection: &'a Selection,
    pub commands: &'a mut Commands,
}

impl egui_tiles::Behavior<Pane> for Panes<'_> {
    fn tab_title_for_pane(&mut self, pane: &Pane) -> egui::WidgetText {
        match pane {
            Pane::Editor => "Editor".into(),
            Pane::Results => "Results".into(),
        }
    }

    fn pane_ui(
        &mut self,
        ui: &mut egui::Ui,
        _tile: egui_tiles::TileId,
        pane: &mut Pane,
    ) -> egui_tiles::UiResponse {
        // A little air between the divider and the text on either side.
        egui::Frame::NONE.inner_margin(egui::Margin::symmetric(6, 0)).show(ui, |ui| match pane {
            Pane::Results => results::results(ui, self.results, self.scenario, self.commands),
            Pane::Editor if *self.selection == Selection::Results => {
                ui.heading("Results are on the right");
                ui.label("Choose an item in the outline to edit it here; the results follow each edit.");
            }
            Pane::Editor => editor::editor(ui, self.editor, self.scenario, self.selection, self.commands),
        });
        egui_tiles::UiResponse::None
    }

    fn min_size(&self) -> f32 {
        // Narrower than this, neither the forms nor the results can be read.
        320.0
    }

    fn simplification_options(&self) -> egui_tiles::SimplificationOptions {
        // Two fixed panes: nothing to tidy, and no tab bars above them.
        egui_tiles::SimplificationOptions { all_panes_must_have_tabs: false, ..Default::default() }
    }
}
