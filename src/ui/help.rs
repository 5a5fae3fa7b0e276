//! The Help window: a short guide, the keyboard shortcuts and the file-format reference, all
//! built into the binary (nothing is fetched). It only shows text; it changes nothing.

use super::shortcuts;

const GUIDE: &str = include_str!("../../docs/guide.md");
/// The format reference for people who write scenario files, kept beside the example library.
const FORMAT_REFERENCE: &str = include_str!("../../scenarios/README.md");
/// Where the reference proper starts in that file (before it: the library's table of files).
const FORMAT_START: &str = "## The format, field by field";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum HelpPage {
    Guide,
    Shortcuts,
    FileFormat,
}

/// Shows the Help window on `page`; sets it to `None` when the user closes it.
pub fn show(ctx: &egui::Context, page: &mut Option<HelpPage>) {
    let Some(current) = page.as_mut() else { return };
    let mut open = true;
    let screen = ctx.content_rect();
    egui::Window::new("Help")
        .id(egui::Id::unique("georisk-help"))
        .open(&mut open)
        .default_pos(screen.left_top() + egui::vec2(48.0, 40.0))
        .default_size([
            (screen.width() - 80.0).clamp(320.0, 680.0),
            (screen.height() - 120.0).clamp(240.0, 640.0),
        ])
        .collapsible(false)
        .show(ctx, |ui| {
            ui.horizontal(|ui| {
                ui.selectable_value(current, HelpPage::Guide, "Guide");
                ui.selectable_value(current, HelpPage::Shortcuts, "Keyboard shortcuts");
                ui.selectable_value(current, HelpPage::FileFormat, "File format");
            });
            ui.separator();
            egui::ScrollArea::vertical().auto_shrink(false).show(ui, |ui| match current {
                HelpPage::Guide => markdown(ui, GUIDE),
                HelpPage::Shortcuts => shortcut_list(ui),
                HelpPage::FileFormat => {
                    let at = FORMAT_REFERENCE.find(FORMAT_START).unwrap_or(0);
                    markdown(ui, &FORMAT_REFERENCE[at..]);
                }
            });
        });
    if !open {
        *page = None;
    }
}

fn shortcut_list(ui: &mut egui::Ui) {
    egui::Grid::new("help-shortcuts").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
        for shortcut in shortcuts::table() {
            ui.label(egui::RichText::new(ui.ctx().format_shortcut(&shortcut.keys)).monospace());
            ui.label(shortcut.what);
            ui.end_row();
        }
    });
    ui.add_space(8.0);
    ui.label("In a text field, Enter confirms and Escape leaves it. Escape also closes a dialog.");
}

/// Just enough Markdown for the bundled texts: headings, bullets, code blocks, tables as
/// monospace lines, and paragraphs joined from their lines.
fn markdown(ui: &mut egui::Ui, text: &str) {
    let text = &drawable(ui.ctx(), text);
    let mut paragraph = String::new();
    let mut in_code = false;
    let flush = |ui: &mut egui::Ui, paragraph: &mut String| {
        if !paragraph.is_empty() {
            ui.label(inline(paragraph));
            ui.add_space(4.0);
            paragraph.clear();
        }
    };
    for line in text.lines() {
        if line.starts_with("```") {
            flush(ui, &mut paragraph);
            in_code = !in_code;
            continue;
        }
        if in_code || line.starts_with('|') {
            flush(ui, &mut paragraph);
            ui.label(egui::RichText::new(line).monospace());
            continue;
        }
        let trimmed = line.trim();
        if let Some(heading) = trimmed.strip_prefix("# ") {
            flush(ui, &mut paragraph);
            ui.heading(heading);
        } else if let Some(heading) = trimmed.strip_prefix("## ").or_else(|| trimmed.strip_prefix("### ")) {
            flush(ui, &mut paragraph);
            ui.add_space(6.0);
            ui.label(egui::RichText::new(heading).strong().size(16.0));
        } else if let Some(item) = trimmed.strip_prefix("- ") {
            flush(ui, &mut paragraph);
            paragraph.push_str("•  ");
            paragraph.push_str(item);
        } else if trimmed.is_empty() || trimmed == "---" {
            flush(ui, &mut paragraph);
        } else {
            if !paragraph.is_empty() {
                paragraph.push(' ');
            }
            paragraph.push_str(trimmed);
        }
    }
    flush(ui, &mut paragraph);
}

/// The text with every character the fonts cannot draw replaced by a plain one ("≤" by "<="),
/// so the bundled texts never show empty boxes.
fn drawable(ctx: &egui::Context, text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    ctx.fonts_mut(|fonts| {
        let proportional = egui::FontId::proportional(14.0);
        let monospace = egui::FontId::monospace(14.0);
        for c in text.chars() {
            if c.is_ascii() || (fonts.has_glyph(&proportional, c) && fonts.has_glyph(&monospace, c)) {
                out.push(c);
                continue;
            }
            out.push_str(match c {
                '≤' => "<=",
                '≥' => ">=",
                '→' => "->",
                '←' => "<-",
                '↓' => "v",
                '↑' => "^",
                '−' | '–' => "-",
                '—' => "--",
                '×' => "x",
                '±' => "+/-",
                '·' => ".",
                '⁻' => "^-",
                '⁰' => "0",
                '¹' => "1",
                '²' => "2",
                '³' => "3",
                '⁴' => "4",
                '⁵' => "5",
                '⁶' => "6",
                '⁷' => "7",
                '⁸' => "8",
                '⁹' => "9",
                _ => "?",
            });
        }
    });
    out
}

/// Drops Markdown's emphasis and code marks, which would otherwise show as stray characters.
fn inline(text: &str) -> String {
    text.replace("**", "").replace(['*', '`'], "")
}
