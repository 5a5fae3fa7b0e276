//! Data in and out of the Portfolio and Markets pages: Import CSV… and Export CSV… of the
//! holdings (`model::holdings_csv`, the format of `georisk portfolio import/export`) and Calibrate
//! from prices… (`model::prices`, `model::calibrate`, as `georisk calibrate`). Nothing changes
//! until a whole file is good; each change is one undo step. Files are read and written through
//! `io`; the dialogs that ask are `data_dialogs`.

use super::app::GeoriskApp;
use super::command::Selection;
use super::file_dialogs::Purpose;
use super::modals::Modal;
use crate::io;
use crate::model::calibrate::{self, Calibration, Change};
use crate::model::holdings_csv::{self, HoldingsCsvError, ImportedHoldings};
use crate::model::{Scenario, prices, validate};
use std::path::{Path, PathBuf};

/// Bad rows listed in a dialog at most; the rest are counted.
const MAX_ROWS_LISTED: usize = 200;

const CANNOT_IMPORT: &str = "Cannot import the holdings";
const CANNOT_CALIBRATE: &str = "Cannot calibrate from these prices";
const NOTHING_CHANGED: &str = "Nothing was changed in the scenario.";

/// A calibration read from a price file, shown before it is applied.
#[derive(Debug, Clone, PartialEq)]
pub struct CalibrationPreview {
    /// The price file's name, as the notes it writes call it.
    pub source: String,
    pub calibration: Calibration,
    /// Rows of prices in the file.
    pub rows: usize,
    /// Every value it writes, with its old value, in the order `calibrate::apply` writes them.
    pub changes: Vec<Change>,
}

impl GeoriskApp {
    pub(crate) fn import_holdings_dialog(&mut self, ctx: &egui::Context) {
        let suggestion = self.suggestion(String::new());
        self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::ImportHoldings, suggestion);
    }

    /// Reads a holdings CSV: a good file replaces the holdings (one undo step); bad rows are
    /// listed and change nothing; a file good but for unknown markets asks to create them.
    pub(crate) fn import_holdings_from(&mut self, path: &Path) {
        let text = match io::read_text(path) {
            Ok(text) => text,
            Err(e) => return self.modal = Some(Modal::file_error(CANNOT_IMPORT, e.to_string())),
        };
        match holdings_csv::parse_holdings_csv(&text, self.doc.scenario()) {
            Ok(imported) => self.replace_holdings(&imported, None),
            Err(HoldingsCsvError::File(message)) => {
                self.modal = Some(Modal::file_error(CANNOT_IMPORT, format!("{message}: {}", path.display())));
            }
            Err(HoldingsCsvError::Rows { problems, unknown_markets }) => {
                if !unknown_markets.is_empty() && imports_with(self.doc.scenario(), &text, &unknown_markets) {
                    self.modal = Some(Modal::UnknownMarkets {
                        source: path.to_path_buf(),
                        text,
                        markets: unknown_markets,
                    });
                    return;
                }
                let mut lines: Vec<String> = problems
                    .iter()
                    .take(MAX_ROWS_LISTED)
                    .map(|p| format!("row {}: {}", p.row, p.message))
                    .collect();
                if problems.len() > MAX_ROWS_LISTED {
                    lines.push(format!("… and {} more bad rows", problems.len() - MAX_ROWS_LISTED));
                }
                lines.push(format!("in {}", path.display()));
                self.modal = Some(Modal::Error {
                    title: CANNOT_IMPORT.into(),
                    message: format!("{} bad row(s); nothing was imported or changed.", problems.len()),
                    detail: Some(lines.join("\n")),
                });
            }
        }
    }

    /// The answer "create them" to the unknown-markets question: the markets and the holdings
    /// arrive together, as one undo step.
    pub(crate) fn create_markets_and_import(&mut self) {
        let Some(Modal::UnknownMarkets { text, markets, .. }) = self.modal.take() else { return };
        let mut with_markets = self.doc.scenario().clone();
        holdings_csv::add_named_markets(&mut with_markets, &markets);
        match holdings_csv::parse_holdings_csv(&text, &with_markets) {
            Ok(imported) => self.replace_holdings(&imported, Some(with_markets)),
            Err(e) => self.modal = Some(Modal::file_error(CANNOT_IMPORT, e.to_string())),
        }
    }

    /// Replaces the holdings (in `base`, the scenario with any markets just created, else the
    /// document's own) as one undo step, and shows them.
    fn replace_holdings(&mut self, imported: &ImportedHoldings, base: Option<Scenario>) {
        self.doc.checkpoint();
        if let Some(base) = base {
            self.doc.replace_scenario(base);
        }
        holdings_csv::replace_holdings(self.doc.scenario_mut(), &imported.holdings);
        self.doc.checkpoint();
        self.selection = Selection::Portfolio;
        if !imported.ignored_columns.is_empty() {
            let columns: Vec<String> = imported.ignored_columns.iter().map(|c| format!("\"{c}\"")).collect();
            self.modal = Some(Modal::error(
                "Holdings imported",
                format!(
                    "{} holdings imported. Columns not read: {}.",
                    imported.holdings.len(),
                    columns.join(", ")
                ),
            ));
        }
    }

    pub(crate) fn export_holdings_dialog(&mut self, ctx: &egui::Context) {
        let stem = self.doc.path().and_then(|p| p.file_stem()).map(|s| s.to_string_lossy().into_owned());
        let name = format!("{}-holdings.csv", stem.as_deref().unwrap_or("portfolio"));
        let suggestion = self.suggestion(name);
        self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::ExportHoldings, suggestion);
    }

    /// Writes the holdings in the format Import CSV… reads.
    pub(crate) fn export_holdings_to(&mut self, path: PathBuf) {
        let text = holdings_csv::holdings_csv(self.doc.scenario());
        self.modal = Some(match io::write_atomic(&path, text.as_bytes()) {
            Ok(_) => Modal::error(
                "Holdings exported",
                format!(
                    "{} holdings were written: {}",
                    self.doc.scenario().portfolio.holdings.len(),
                    path.display()
                ),
            ),
            Err(e) => Modal::error(
                "Cannot export the holdings",
                format!("Nothing was written: {e}: {}", path.display()),
            ),
        });
    }

    pub(crate) fn calibrate_dialog(&mut self, ctx: &egui::Context) {
        let suggestion = self.suggestion(String::new());
        self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::CalibratePrices, suggestion);
    }

    /// Calibrates from a price file and shows the preview; bad rows, too few observations, or
    /// values that conflict with the scenario's other correlations are shown instead.
    pub(crate) fn calibrate_from(&mut self, path: &Path) {
        let text = match io::read_text(path) {
            Ok(text) => text,
            Err(e) => return self.modal = Some(Modal::file_error(CANNOT_CALIBRATE, e.to_string())),
        };
        let table = match prices::parse_prices_csv(&text, self.doc.scenario()) {
            Ok(table) => table,
            Err(prices::PricesCsvError(problems)) => {
                let mut lines: Vec<String> = problems
                    .iter()
                    .take(MAX_ROWS_LISTED)
                    .map(|p| format!("row {}: {}", p.row, p.message))
                    .collect();
                lines.push(format!("in {}", path.display()));
                self.modal = Some(Modal::Error {
                    title: CANNOT_CALIBRATE.into(),
                    message: format!("{} problem(s) in the price file; {NOTHING_CHANGED}", problems.len()),
                    detail: Some(lines.join("\n")),
                });
                return;
            }
        };
        let calibration = match calibrate::calibrate(&table) {
            Ok(calibration) => calibration,
            Err(e) => {
                self.modal = Some(Modal::file_error(CANNOT_CALIBRATE, format!("{e}: {}", path.display())));
                return;
            }
        };
        let source =
            path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
        let mut calibrated = self.doc.scenario().clone();
        let changes = calibrate::apply(&mut calibrated, &calibration, &source);
        let before = validate(self.doc.scenario());
        let conflicts: Vec<String> = validate(&calibrated)
            .into_iter()
            .filter(|p| !before.contains(p))
            .map(|p| p.to_string())
            .collect();
        if !conflicts.is_empty() {
            self.modal = Some(Modal::Error {
                title: CANNOT_CALIBRATE.into(),
                message: format!(
                    "The calibrated values conflict with the scenario's other correlations; add those \
                     markets to the price file or remove those correlations. {NOTHING_CHANGED}"
                ),
                detail: Some(conflicts.join("\n")),
            });
            return;
        }
        let rows = table.dates.len();
        self.modal = Some(Modal::CalibrationPreview(Box::new(CalibrationPreview {
            source,
            calibration,
            rows,
            changes,
        })));
    }

    /// Apply in the preview: the values and their notes, as one undo step.
    pub(crate) fn apply_calibration(&mut self) {
        let Some(Modal::CalibrationPreview(preview)) = self.modal.take() else { return };
        self.doc.checkpoint();
        calibrate::apply(self.doc.scenario_mut(), &preview.calibration, &preview.source);
        self.doc.checkpoint();
    }
}

/// Whether the CSV imports once the unknown markets exist (its only problems were them).
fn imports_with(scenario: &Scenario, text: &str, unknown: &[String]) -> bool {
    let mut with_markets = scenario.clone();
    holdings_csv::add_named_markets(&mut with_markets, unknown);
    holdings_csv::parse_holdings_csv(text, &with_markets).is_ok()
}
