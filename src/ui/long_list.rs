//! Long lists that draw only what is in view: the outline, the drivers table and the risk
//! matrix's numbered list of a 500-event scenario would otherwise be most of a frame's work. An
//! item out of view keeps its place as blank space of its last drawn height, so the scroll bar
//! and the items in view stay where they were. Knows egui; keeps no state (each list keeps its
//! items' heights under its own keys).

/// Up to this many items a list draws every one each frame: below it skipping saves nothing worth
/// the guessed heights of items never drawn.
pub const DRAW_ALL_UP_TO: usize = 100;

/// Whether the next item of `ui`, `height` tall (its last drawn height, or a guess), lies wholly
/// outside the visible part; if so, blank space of that height keeps its place and the caller
/// does not draw it.
pub fn skipped_out_of_view(ui: &mut egui::Ui, height: f32) -> bool {
    let top = ui.cursor().min.y;
    let clip = ui.clip_rect();
    let hidden = top > clip.max.y || top + height < clip.min.y;
    if hidden {
        ui.allocate_space(egui::vec2(1.0, height));
    }
    hidden
}
