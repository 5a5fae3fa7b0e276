//! georisk's own file chooser, for Open, Save as, imports and exports when the system cannot
//! show its dialog (or the user prefers this one): a folder browser with a path field (`egui_file`), a list of
//! places beside it (recent folders, home), and a question before a save replaces a file.
//!
//! It lists folders through `io` (`egui_file` reads them through the `Vfs` given here) and never
//! reads or writes a scenario: it only answers with a path, which the app opens or saves.

use super::file_dialogs::{Answer, Purpose, Suggestion};
use crate::io::{self, EntryKind};
use egui_file::vfs::VfsFile;
use egui_file::{DialogType, FileDialog, State};
use std::path::{Path, PathBuf};

const CHOOSER_ID: &str = "georisk-file-chooser";
const PLACES_WIDTH: f32 = 190.0;
const GAP: f32 = 8.0;

pub struct FileChooser {
    dialog: FileDialog,
    purpose: Purpose,
    /// Why this chooser is showing instead of the system's, when that is news to the user.
    note: Option<String>,
    /// Shown beside the chooser: (label, folder).
    places: Vec<(String, PathBuf)>,
    /// How many of the places are recent folders (the rest: home).
    recent: usize,
    /// A save that would replace this existing file, waiting for the user to confirm.
    confirm_replace: Option<PathBuf>,
}

impl FileChooser {
    pub fn new(ctx: &egui::Context, purpose: Purpose, suggestion: Suggestion, note: Option<String>) -> Self {
        let mut places: Vec<(String, PathBuf)> =
            suggestion.places.into_iter().map(|folder| (folder_name(&folder), folder)).collect();
        let recent = places.len();
        if let Some(home) = io::home_folder() {
            places.push(("Home".to_owned(), home));
        }
        let folder = suggestion
            .folder
            .or_else(|| places.first().map(|(_, folder)| folder.clone()))
            .or_else(io::current_folder)
            .unwrap_or_else(|| PathBuf::from("/"));

        // The chooser and the places beside it, centred together in the window.
        let screen = ctx.content_rect();
        let width = (screen.width() - PLACES_WIDTH - GAP - 24.0).clamp(340.0, 560.0);
        let height = (screen.height() - 80.0).clamp(280.0, 460.0);
        let left = (screen.center().x - (PLACES_WIDTH + GAP + width) / 2.0).max(screen.left() + 4.0);
        let top = (screen.center().y - height / 2.0).max(screen.top() + 4.0);

        let dialog = match &purpose {
            Purpose::Open => FileDialog::open_file().title("Open scenario"),
            Purpose::CompareWith => FileDialog::open_file().title("Compare with another scenario"),
            Purpose::SaveAs { .. } => {
                FileDialog::save_file().title("Save scenario as").default_filename(suggestion.file_name)
            }
            Purpose::ExportReport => {
                FileDialog::save_file().title("Export report").default_filename(suggestion.file_name)
            }
            Purpose::ImportHoldings => FileDialog::open_file().title("Import holdings (CSV)"),
            Purpose::CalibratePrices => FileDialog::open_file().title("Calibrate from prices (CSV)"),
            Purpose::ExportHoldings => {
                FileDialog::save_file().title("Export holdings (CSV)").default_filename(suggestion.file_name)
            }
            Purpose::ExportResults(_) => {
                FileDialog::save_file().title("Export results").default_filename(suggestion.file_name)
            }
            Purpose::SaveResults => {
                FileDialog::save_file().title("Save results").default_filename(suggestion.file_name)
            }
            Purpose::OpenResults => FileDialog::open_file().title("Open saved results"),
            Purpose::SaveChart(..) => {
                FileDialog::save_file().title("Save chart").default_filename(suggestion.file_name)
            }
        };
        let extension = purpose.extension();
        let mut dialog = dialog
            .id(egui::Id::unique(CHOOSER_ID))
            .with_fs(Box::new(IoFolders))
            .initial_path(folder)
            .show_files_filter(Box::new(move |path| has_extension(path, extension)))
            .show_rename(false)
            .new_folder_button_text("New folder".into())
            .show_hidden_checkbox_text("Show hidden".into())
            .parent_folder_button_hover_text("Parent folder".into())
            .refresh_button_hover_text("Refresh".into())
            .file_label_text("File name:".into())
            .default_size([width, height])
            .resizable(false)
            .current_pos([left + PLACES_WIDTH + GAP, top]);
        dialog.open();
        FileChooser { dialog, purpose, note, places, recent, confirm_replace: None }
    }

    /// The folder being shown.
    pub fn folder(&self) -> &Path {
        self.dialog.directory()
    }

    /// Whether a save waits for "Replace the existing file?".
    pub fn asks_to_replace(&self) -> Option<&Path> {
        self.confirm_replace.as_deref()
    }

    pub fn into_purpose(self) -> Purpose {
        self.purpose
    }

    /// Draws the chooser; returns the answer once the user has chosen or cancelled.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Answer> {
        if self.confirm_replace.is_some() {
            return self.confirm_replace_ui(ctx);
        }
        self.dialog.show(ctx);
        name_text_fields(ctx);
        match self.dialog.state() {
            State::Open => {
                self.places_ui(ctx);
                None
            }
            State::Selected => self.chosen(),
            State::Cancelled | State::Closed => Some(Answer::Cancelled),
        }
    }

    /// The user pressed Open or Save on `dialog.path()`.
    fn chosen(&mut self) -> Option<Answer> {
        let path = self.dialog.path()?.to_path_buf();
        if self.dialog.dialog_type() == DialogType::OpenFile {
            return Some(Answer::Picked(path));
        }
        let path = with_extension(path, self.purpose.extension());
        match io::path_kind(&path) {
            Some(EntryKind::File) => {
                self.confirm_replace = Some(path);
                None
            }
            Some(EntryKind::Folder) => {
                // A folder's name was typed: show it rather than try to write over it.
                self.dialog.set_path(path);
                self.dialog.open();
                None
            }
            Some(EntryKind::Other) | None => Some(Answer::Picked(path)),
        }
    }

    fn confirm_replace_ui(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let path = self.confirm_replace.clone()?;
        let name =
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into());
        let folder = path.parent().map(|p| p.display().to_string()).unwrap_or_default();
        let mut answer = None;
        let mut back = false;
        let response = egui::Modal::new(egui::Id::unique("georisk-confirm-replace")).show(ctx, |ui| {
            ui.set_max_width(460.0);
            ui.heading("Replace the existing file?");
            ui.label(format!(
                "\"{name}\" already exists in {folder}. Replacing it overwrites what it holds."
            ));
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                if ui.button("Replace").clicked() {
                    answer = Some(Answer::Picked(path.clone()));
                }
                if ui.button("Choose another name").clicked() {
                    back = true;
                }
            });
        });
        if back || response.should_close() {
            self.confirm_replace = None;
            // Back to the same folder and name.
            self.dialog.open();
        }
        answer
    }

    /// Recent folders and home, beside the chooser; a click shows that folder.
    fn places_ui(&mut self, ctx: &egui::Context) {
        let Some(chooser) = ctx.memory(|m| m.area_rect(egui::Id::unique(CHOOSER_ID))) else { return };
        let mut go_to = None;
        egui::Window::new("Places")
            .id(egui::Id::unique("georisk-file-chooser-places"))
            .fixed_pos(chooser.left_top() - egui::vec2(PLACES_WIDTH + GAP, 0.0))
            .fixed_size([PLACES_WIDTH - 12.0, (chooser.height() - 40.0).max(120.0)])
            .collapsible(false)
            .show(ctx, |ui| {
                // As tall as the chooser, so the two read as one dialog.
                ui.set_min_height((chooser.height() - 50.0).max(120.0));
                if let Some(note) = &self.note {
                    ui.label(egui::RichText::new(note).color(ui.visuals().warn_fg_color));
                    ui.separator();
                }
                egui::ScrollArea::vertical().show(ui, |ui| {
                    let recent = self.recent;
                    ui.label(egui::RichText::new("Recent folders").strong());
                    if recent == 0 {
                        ui.label(egui::RichText::new("None yet").weak());
                    }
                    for (i, (label, folder)) in self.places.iter().enumerate() {
                        if i == recent {
                            ui.separator();
                        }
                        let shown = folder.as_path() == self.dialog.directory();
                        let button = egui::Button::selectable(shown, label.as_str()).truncate();
                        if ui.add(button).on_hover_text(folder.display().to_string()).clicked() {
                            go_to = Some(folder.clone());
                        }
                    }
                });
            });
        if let Some(folder) = go_to {
            self.dialog.set_path(folder);
        }
    }
}

/// `egui_file` leaves its two text fields without a name, so a screen reader (or a test)
/// cannot tell them apart: names them, top to bottom, where accessibility is on.
fn name_text_fields(ctx: &egui::Context) {
    let layer = egui::LayerId::new(egui::Order::Middle, egui::Id::unique(CHOOSER_ID));
    let ids: Vec<(f32, egui::Id)> = ctx.viewport(|viewport| {
        viewport.this_pass.widgets.get_layer(layer).map(|w| (w.rect.top(), w.id)).collect()
    });
    let mut fields: Vec<(f32, egui::Id)> = ids
        .into_iter()
        .filter(|(_, id)| ctx.has_accesskit_node(*id))
        .filter(|(_, id)| {
            ctx.accesskit_node_builder(*id, |node| {
                node.role() == egui::accesskit::Role::TextInput && node.label().is_none()
            }) == Some(true)
        })
        .collect();
    fields.sort_by(|a, b| a.0.total_cmp(&b.0));
    for ((_, id), name) in fields.into_iter().zip(["Folder", "File name"]) {
        ctx.accesskit_node_builder(id, |node| node.set_label(name));
    }
}

fn folder_name(folder: &Path) -> String {
    folder.file_name().map_or_else(|| folder.display().to_string(), |n| n.to_string_lossy().into_owned())
}

fn has_extension(path: &Path, extension: &str) -> bool {
    path.extension().is_some_and(|e| e.eq_ignore_ascii_case(extension))
}

/// "plan" is saved as "plan.ron" (a report as "plan.html"); a name with any extension is kept
/// as typed.
fn with_extension(path: PathBuf, extension: &str) -> PathBuf {
    if path.extension().is_none() { path.with_extension(extension) } else { path }
}

/// Folders as `egui_file` asks for them, read through `io`.
struct IoFolders;

impl egui_file::Vfs for IoFolders {
    fn create_dir(&self, path: &Path) -> std::io::Result<()> {
        io::create_folder(path)
    }

    fn rename(&self, _from: &Path, _to: &Path) -> std::io::Result<()> {
        Err(std::io::Error::new(std::io::ErrorKind::Unsupported, "renaming files is not offered here"))
    }

    fn read_folder(
        &self,
        path: &Path,
        show_system_files: bool,
        show_files_filter: &egui_file::Filter<PathBuf>,
        #[cfg(unix)] show_hidden: bool,
        #[cfg(windows)] _show_drives: bool,
    ) -> Result<Vec<Box<dyn VfsFile>>, std::io::Error> {
        #[cfg(not(unix))]
        let show_hidden = true;
        let entries = io::list_folder(path)?;
        Ok(entries
            .into_iter()
            .filter(|e| show_hidden || !e.is_hidden())
            .filter(|e| match e.kind {
                EntryKind::Folder => true,
                EntryKind::File => show_files_filter(&e.path),
                EntryKind::Other => show_system_files,
            })
            .map(|e| Box::new(Entry { path: e.path, name: e.name, kind: e.kind, selected: false }) as _)
            .collect())
    }
}

#[derive(Debug, Clone)]
struct Entry {
    path: PathBuf,
    name: String,
    kind: EntryKind,
    selected: bool,
}

impl VfsFile for Entry {
    fn is_file(&self) -> bool {
        self.kind == EntryKind::File
    }

    fn is_dir(&self) -> bool {
        self.kind == EntryKind::Folder
    }

    fn path(&self) -> &Path {
        &self.path
    }

    fn selected(&self) -> bool {
        self.selected
    }

    fn set_selected(&mut self, selected: bool) {
        self.selected = selected;
    }

    fn get_file_name(&self) -> &str {
        &self.name
    }
}
