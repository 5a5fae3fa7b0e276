//! A CSV of dated closing prices, as a spreadsheet or a data vendor exports it: a `date` column
//! (ISO `YYYY-MM-DD`) and one column per market (its id or name). Empty cells are gaps; rows may
//! come in any order and are sorted by date. Every bad cell, row and column is reported with its
//! row number; nothing is returned unless the whole file is good.
//!
//! Pure: text in, a table out. Reading the file is `io`'s job; the statistics are `calibrate`.

pub use super::date::Date;
use super::holdings_csv::{Lookup, RowProblem, find_market};
use super::id::Id;
use super::scenario::Scenario;

/// Closing prices by date: `prices[market][row]`, rows sorted by date, `None` for a gap.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable {
    pub dates: Vec<Date>,
    pub markets: Vec<Id>,
    pub prices: Vec<Vec<Option<f64>>>,
}

/// Why a price file was refused: every problem found, with its row (the header is row 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{} problem(s); first: row {}: {}", .0.len(), .0[0].row, .0[0].message)]
pub struct PricesCsvError(pub Vec<RowProblem>);

/// The most rows read: forty years of daily closes.
pub const MAX_ROWS: usize = 10_000;

/// Reads prices from CSV text against the scenario's markets.
pub fn parse_prices_csv(text: &str, scenario: &Scenario) -> Result<PriceTable, PricesCsvError> {
    let one = |row: u64, message: String| PricesCsvError(vec![RowProblem { row, message }]);
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(one(1, e.to_string())),
        None => {
            return Err(one(
                1,
                "the file is empty; expected a header with date and market columns".to_owned(),
            ));
        }
    };
    let date_columns: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.trim().eq_ignore_ascii_case("date"))
        .map(|(i, _)| i)
        .collect();
    let [date_col] = date_columns[..] else {
        return Err(one(1, "the header must have exactly one \"date\" column".to_owned()));
    };
    let mut problems = Vec::new();
    let mut columns: Vec<(usize, Id)> = Vec::new();
    for (i, name) in header.iter().enumerate().filter(|&(i, _)| i != date_col) {
        let name = name.trim();
        match find_market(scenario, name) {
            Ok(id) if columns.iter().any(|(_, m)| *m == id) => problems.push(RowProblem {
                row: 1,
                message: format!("column \"{name}\" is market \"{id}\" again; give each market once"),
            }),
            Ok(id) => columns.push((i, id)),
            Err(Lookup::Unknown) => problems.push(RowProblem {
                row: 1,
                message: format!(
                    "column \"{name}\" is not a market of the scenario (neither an id nor a name)"
                ),
            }),
            Err(Lookup::Ambiguous(ids)) => problems.push(RowProblem {
                row: 1,
                message: format!(
                    "column \"{name}\" is the name of several markets ({}); use the id",
                    ids.join(", ")
                ),
            }),
        }
    }
    if columns.is_empty() && problems.is_empty() {
        problems.push(RowProblem { row: 1, message: "the header has no market columns".to_owned() });
    }
    let mut rows: Vec<(Date, u64, Vec<Option<f64>>)> = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                problems
                    .push(RowProblem { row: e.position().map_or(0, |p| p.line()), message: e.to_string() });
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if rows.len() >= MAX_ROWS {
            return Err(one(
                row,
                format!("more than {MAX_ROWS} rows of prices; at most {MAX_ROWS} are read"),
            ));
        }
        let mut reasons = Vec::new();
        let date_text = record.get(date_col).unwrap_or("").trim();
        let date = Date::parse(date_text);
        if date.is_none() {
            reasons.push(format!("date \"{date_text}\" is not a date like 2024-06-19 (YYYY-MM-DD)"));
        }
        let mut prices = Vec::with_capacity(columns.len());
        for (col, id) in &columns {
            let cell = record.get(*col).unwrap_or("").trim();
            if cell.is_empty() {
                prices.push(None);
                continue;
            }
            match cell.parse::<f64>() {
                Ok(p) if p.is_finite() && p > 0.0 => prices.push(Some(p)),
                _ => {
                    reasons
                        .push(format!("{id}: price \"{cell}\" is not a positive number (leave a gap empty)"));
                    prices.push(None);
                }
            }
        }
        match (date, reasons.is_empty()) {
            (Some(date), true) => rows.push((date, row, prices)),
            _ => problems.push(RowProblem { row, message: reasons.join("; ") }),
        }
    }
    rows.sort_by_key(|(date, row, _)| (*date, *row));
    for pair in rows.windows(2) {
        if pair[0].0 == pair[1].0 {
            problems.push(RowProblem {
                row: pair[1].1,
                message: format!("date {} is already on row {}; give each date once", pair[1].0, pair[0].1),
            });
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|p| p.row);
        return Err(PricesCsvError(problems));
    }
    let mut prices = vec![Vec::with_capacity(rows.len()); columns.len()];
    for (_, _, row) in &rows {
        for (market, price) in prices.iter_mut().zip(row) {
            market.push(*price);
        }
    }
    Ok(PriceTable {
        dates: rows.iter().map(|(date, _, _)| *date).collect(),
        markets: columns.into_iter().map(|(_, id)| id).collect(),
        prices,
    })
}
