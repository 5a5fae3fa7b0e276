//! File ▸ Export report…: the same HTML report as `georisk report`, made on a background thread
//! so the window keeps painting. The base analysis the Results view already holds is reused
//! when it matches the scenario; the variants are simulated with the same trials and seed. The
//! file is written through `io::write_atomic`; the app polls for the outcome every frame. The
//! same thread-and-poll runs File ▸ Export results (`results_out`).

use crate::engine::{self, Analysis, Control, Settings};
use crate::io::{self, FileStamp};
use crate::model::Scenario;
use crate::report::html::{self, ReportInput, Source};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, channel};

/// What the report is made from, taken from the app when the user picked the file.
pub struct ExportRequest {
    pub scenario: Scenario,
    /// The Results view's analysis of exactly this scenario, if it has one.
    pub held: Option<Analysis>,
    pub trials: u64,
    /// The document's file when the document is saved as it is on disk, with what it held then:
    /// the report names its hash only if the file still holds those bytes.
    pub saved_file: Option<(PathBuf, Option<FileStamp>)>,
    /// The name shown for the scenario (its file name, or "Untitled").
    pub name: String,
    pub output: PathBuf,
}

/// The export under way, if any.
#[derive(Default)]
pub struct ReportExport {
    running: Option<Receiver<Result<PathBuf, String>>>,
}

impl ReportExport {
    pub fn is_running(&self) -> bool {
        self.running.is_some()
    }

    /// Starts making and writing the report; `Err` when no thread could be started.
    pub fn start(&mut self, ctx: &egui::Context, request: ExportRequest) -> Result<(), String> {
        self.start_job(ctx, move || export(request))
    }

    /// Runs any export that writes one file (the results, too) on its own thread; `Err` when no
    /// thread could be started.
    pub fn start_job(
        &mut self,
        ctx: &egui::Context,
        job: impl FnOnce() -> Result<PathBuf, String> + Send + 'static,
    ) -> Result<(), String> {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::Builder::new()
            .name("georisk-export".to_owned())
            .spawn(move || {
                let outcome = job();
                // The app may have closed meanwhile; then nobody needs the answer.
                let _ = sender.send(outcome);
                ctx.request_repaint();
            })
            .map_err(|e| format!("cannot start the export thread: {e}"))?;
        self.running = Some(receiver);
        Ok(())
    }

    /// The outcome of a finished export: the file written, or why not.
    pub fn poll(&mut self) -> Option<Result<PathBuf, String>> {
        let outcome = self.running.as_ref()?.try_recv().ok()?;
        self.running = None;
        Some(outcome)
    }
}

fn export(request: ExportRequest) -> Result<PathBuf, String> {
    let ExportRequest { scenario, held, trials, saved_file, name, output } = request;
    let settings = Settings { trials, ..Settings::for_scenario(&scenario) };
    let control = Control::new();
    let base = match held {
        Some(analysis) => analysis,
        None => engine::analyse(&scenario, &settings, &control).map_err(|e| e.to_string())?,
    };
    let mut variants = Vec::with_capacity(scenario.variants.len());
    for variant in &scenario.variants {
        let settings = Settings { variant: Some(variant.name.clone()), ..settings.clone() };
        let analysis = engine::analyse(&scenario, &settings, &control)
            .map_err(|e| format!("variant \"{}\": {e}", variant.name))?;
        variants.push(analysis);
    }
    let sha256 = saved_file.as_ref().and_then(|(path, stamp)| file_hash(path, *stamp));
    let input = ReportInput {
        scenario: &scenario,
        base: &base,
        variants: &variants,
        source: Source { file_name: name, sha256, created: html::utc_now() },
    };
    io::write_atomic(&output, html::html(&input).as_bytes())
        .map_err(|e| format!("{e}: {}", output.display()))?;
    Ok(output)
}

/// The SHA-256 of the document's file, if the file still holds what the document was read from
/// or saved as; otherwise no hash names what was simulated.
fn file_hash(path: &Path, stamp: Option<FileStamp>) -> Option<String> {
    let bytes = io::read_bounded(path, io::MAX_FILE_BYTES).ok()?;
    (Some(FileStamp::of(&bytes)) == stamp).then(|| html::sha256_hex(&bytes))
}
