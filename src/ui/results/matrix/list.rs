//! The numbered list below the matrix: every placed event's number on its cell's colour and its
//! full name, which selects the event when clicked. A long list draws only the entries in view.

use super::{MARKER, MatrixCache, Shown, fill, gain};
use crate::ui::long_list::{DRAW_ALL_UP_TO, skipped_out_of_view};
use egui::Color32;

/// A column of the numbered list is at least this wide.
const LIST_COLUMN: f32 = 300.0;

/// Every placed event's number and full name, in columns as the width allows. Returns a
/// clicked event's id.
pub(super) fn numbered_list(ui: &mut egui::Ui, shown: &Shown<'_>, cache: &mut MatrixCache) -> Option<String> {
    let Shown { width, analysis, placed, matrix, by_portfolio } = *shown;
    if placed.is_empty() {
        return None;
    }
    let events = &analysis.result.events;
    let count = ((width / LIST_COLUMN).floor() as usize).clamp(1, 3).min(placed.len());
    let per_column = placed.len().div_ceil(count);
    let draw_all = placed.len() <= DRAW_ALL_UP_TO;
    let MatrixCache { details, heights, .. } = cache;
    let mut picked = None;
    ui.scope(|ui| {
        ui.set_max_width(width);
        ui.columns(count, |columns| {
            for (column, chunk) in columns.iter_mut().zip(placed.chunks(per_column)) {
                // An entry never drawn yet is taken to be as tall as the last one drawn.
                let mut typical = MARKER;
                for p in chunk {
                    if !draw_all && skipped_out_of_view(column, heights[p.event].unwrap_or(typical)) {
                        continue;
                    }
                    let e = &events[p.event];
                    let entry = column.horizontal_top(|ui| {
                        let rating = matrix.rating(p.row, p.column);
                        let (rect, _) =
                            ui.allocate_exact_size(egui::vec2(MARKER, MARKER - 4.0), egui::Sense::hover());
                        ui.painter().rect_filled(
                            rect,
                            (MARKER - 4.0) / 2.0,
                            fill(rating, ui.visuals().dark_mode),
                        );
                        let text = if gain(&analysis.impacts[p.event], by_portfolio) {
                            Color32::from_rgb(0, 100, 30)
                        } else {
                            Color32::BLACK
                        };
                        ui.painter().text(
                            rect.center(),
                            egui::Align2::CENTER_CENTER,
                            p.number.to_string(),
                            egui::TextStyle::Small.resolve(ui.style()),
                            text,
                        );
                        let name = egui::Button::new(&e.name).frame(false).wrap();
                        if ui.add(name).on_hover_text(&details[p.event]).clicked() {
                            picked = Some(e.id.clone());
                        }
                    });
                    typical = entry.response.rect.height();
                    heights[p.event] = Some(typical);
                }
            }
        });
    });
    picked
}
