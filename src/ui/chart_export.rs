//! Saving a Results chart as a file: the "⬇ Save …" menu under each chart (Save as SVG…, Save
//! as PNG…), the file dialog, and the file made off the UI thread from the Results view's
//! current analysis — the report's drawing of the same data (`report::html::standalone_svg`),
//! as SVG or rendered to PNG at 2× (`report::chart_png`). Writing goes through `io`.

use super::app::GeoriskApp;
use super::command::{Command, Commands};
use super::file_dialogs::Purpose;
use super::modals::Modal;
use crate::engine::Analysis;
use crate::io;
use crate::model::Scenario;
use crate::report::chart_png;
use crate::report::html::{Chart, standalone_svg};
use std::path::PathBuf;
use std::sync::Arc;

/// PNG pixels per SVG unit: a 900-unit chart becomes 1,800 pixels wide, crisp on a
/// high-density screen and in print.
pub const PNG_SCALE: f32 = 2.0;

/// The file formats a chart is saved in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChartFormat {
    Svg,
    Png,
}

impl ChartFormat {
    pub fn extension(self) -> &'static str {
        match self {
            ChartFormat::Svg => "svg",
            ChartFormat::Png => "png",
        }
    }
}

const SAVE_TIP: &str = "Saves this chart as a file for slides and documents: SVG (sharp at any \
     size, editable) or PNG (an image at twice screen resolution), drawn as in the HTML report \
     from the figures shown here.";
const NOT_YET_TIP: &str = "A chart can be saved once the full run of your latest edit is in \
     (the status line says \"Up to date\").";

/// Whether a chart's save menu is offered: live results can be saved once they are the current
/// full run; saved results shown read-only offer none (the menu saves the live analysis).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChartSaving {
    Ready,
    NotYet,
    Hidden,
}

impl ChartSaving {
    pub fn ready_when(ready: bool) -> ChartSaving {
        if ready { ChartSaving::Ready } else { ChartSaving::NotYet }
    }
}

/// The "⬇ Save `what`" menu under a chart (`what` names it, e.g. "histogram"): Save as SVG… and
/// Save as PNG…, each asking where. Disabled until the chart shows the current full run.
pub fn save_chart_menu(
    ui: &mut egui::Ui,
    what: &str,
    chart: Chart,
    saving: ChartSaving,
    commands: &mut Commands,
) {
    if saving == ChartSaving::Hidden {
        return;
    }
    ui.add_enabled_ui(saving == ChartSaving::Ready, |ui| {
        ui.menu_button(format!("⬇ Save {what}"), |ui| {
            for (label, format) in [("Save as SVG…", ChartFormat::Svg), ("Save as PNG…", ChartFormat::Png)]
            {
                if ui.button(label).clicked() {
                    commands.push(Command::SaveChartDialog(chart, format));
                }
            }
        })
        .response
        .on_hover_text(SAVE_TIP)
        .on_disabled_hover_text(NOT_YET_TIP);
    });
}

/// The file's bytes: the chart's standalone SVG, or that SVG rendered to PNG with the app's
/// typeface and the system's fonts.
pub fn chart_file(
    chart: Chart,
    format: ChartFormat,
    scenario: &Scenario,
    analysis: &Analysis,
) -> Result<Vec<u8>, String> {
    let svg = standalone_svg(chart, scenario, analysis);
    match format {
        ChartFormat::Svg => Ok(svg.into_bytes()),
        ChartFormat::Png => {
            let mut fonts = chart_png::embedded_fonts();
            io::load_system_fonts(&mut fonts);
            chart_png::svg_to_png(&svg, Arc::new(fonts), PNG_SCALE).map_err(|e| e.to_string())
        }
    }
}

const CANNOT_SAVE: &str = "Cannot save the chart";

impl GeoriskApp {
    /// Asks where to save the chart, suggesting `<file stem>-<chart>.svg|png`.
    pub(crate) fn save_chart_dialog(&mut self, ctx: &egui::Context, chart: Chart, format: ChartFormat) {
        let name = self.named_after_document(&format!("{}.{}", chart.file_slug(), format.extension()));
        let suggestion = self.suggestion(name);
        self.dialogs.show(ctx, self.prefs.file_dialog, Purpose::SaveChart(chart, format), suggestion);
    }

    /// Writes the chart of the Results view's current analysis (the base or the variant shown)
    /// on a background thread. Results that changed since the menu was opened say so instead.
    pub(crate) fn save_chart_to(
        &mut self,
        ctx: &egui::Context,
        chart: Chart,
        format: ChartFormat,
        output: PathBuf,
    ) {
        let output =
            if output.extension().is_none() { output.with_extension(format.extension()) } else { output };
        let Some(analysis) = self.results.worker.as_ref().and_then(|w| w.current_analysis()) else {
            self.modal = Some(Modal::error(
                CANNOT_SAVE,
                "The results changed before the chart was saved; save it again once Results says \
                 \"Up to date\".",
            ));
            return;
        };
        let scenario = self.doc.scenario().clone();
        let job = move || {
            let bytes = chart_file(chart, format, &scenario, &analysis)?;
            io::write_atomic(&output, &bytes).map_err(|e| format!("{e}: {}", output.display()))?;
            Ok(output)
        };
        if let Err(why) = self.chart_export.start_job(ctx, job) {
            self.modal = Some(Modal::error(CANNOT_SAVE, why));
        }
    }

    /// Says how a chart save ended, once it has.
    pub(crate) fn poll_chart_export(&mut self) {
        self.modal = match self.chart_export.poll() {
            None => return,
            Some(Ok(path)) => {
                Some(Modal::error("Chart saved", format!("The chart was written: {}", path.display())))
            }
            Some(Err(why)) => Some(Modal::error(CANNOT_SAVE, format!("Nothing was written: {why}"))),
        };
    }
}
