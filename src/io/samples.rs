//! Per-trial samples as a CSV file for analysts' notebooks: a header `trial,pnl,EVENT-ID…`, then
//! one row per trial with its P&L and a 0/1 per event. Written row by row through a buffer (never
//! held whole as text), to a temporary file beside the target that is renamed over it when
//! complete, so a crash or a full disk never leaves half a file under the name.

use super::files::{create_exclusive, target_parts, temp_name};
use crate::engine::Samples;
use std::fs;
use std::io::{self, BufWriter};
use std::path::Path;

/// Writes `samples` to `path` (replacing it whole). P&L is written as Rust prints an `f64`: the
/// shortest text that reads back to the same number, so sums over the file match the run's.
pub fn write_samples_csv(path: &Path, samples: &Samples) -> io::Result<()> {
    let (target, folder, name) = target_parts(path)?;
    let temp = folder.join(temp_name(&name, std::process::id()));
    let result = (|| {
        let file = create_exclusive(&temp, false)?;
        let mut out = csv::Writer::from_writer(BufWriter::with_capacity(1 << 16, file));
        let mut header = vec!["trial", "pnl"];
        header.extend(samples.event_ids.iter().map(String::as_str));
        out.write_record(&header)?;
        let mut row: Vec<String> = Vec::with_capacity(header.len());
        for (trial, pnl) in samples.pnl.iter().enumerate() {
            row.clear();
            row.push(trial.to_string());
            row.push(pnl.to_string());
            for event in 0..samples.event_ids.len() {
                row.push(if samples.occurred(trial, event) { "1" } else { "0" }.to_owned());
            }
            out.write_record(&row)?;
        }
        let file = out.into_inner().map_err(|e| io::Error::other(e.to_string()))?;
        let file = file.into_inner().map_err(|e| e.into_error())?;
        file.sync_all()?;
        drop(file);
        fs::rename(&temp, &target)?;
        if let Ok(dir) = fs::File::open(&folder) {
            let _ = dir.sync_all();
        }
        Ok::<(), io::Error>(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
