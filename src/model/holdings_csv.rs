//! A portfolio's holdings as CSV, the way a broker exports them: a header naming a `market`
//! column (a market's id or name) and a `value` column, and optionally a `currency` column that
//! must match the portfolio's. Reading checks every row and reports every bad one with its row
//! number; nothing is returned unless the whole file is good. Writing gives the same format back.
//!
//! Pure: text in, holdings or text out. Reading the file is `io`'s job, writing it back the
//! caller's.

use super::id::Id;
use super::numbers::Finite;
use super::scenario::{Holding, Scenario};
use super::validate::{MAX_HOLDING, MAX_ITEMS};

/// A bad row: its number as a spreadsheet shows it (the header is row 1) and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowProblem {
    pub row: u64,
    pub message: String,
}

/// Why a holdings file was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HoldingsCsvError {
    /// The file as a whole: no header, a missing or repeated column, no rows, too many rows.
    #[error("{0}")]
    File(String),
    /// Every bad row, and the names of the markets the scenario does not have (in file order,
    /// each once).
    #[error("{} bad row(s); first: row {}: {}", .problems.len(), .problems[0].row, .problems[0].message)]
    Rows { problems: Vec<RowProblem>, unknown_markets: Vec<String> },
}

/// The holdings of a good file, in its order, and the columns it had that are not read.
#[derive(Debug, Clone, PartialEq)]
pub struct ImportedHoldings {
    pub holdings: Vec<(Id, Finite)>,
    pub ignored_columns: Vec<String>,
}

/// Reads holdings from CSV text against the scenario's markets and currency.
pub fn parse_holdings_csv(text: &str, scenario: &Scenario) -> Result<ImportedHoldings, HoldingsCsvError> {
    let file = |message: String| HoldingsCsvError::File(message);
    let mut reader = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(text.as_bytes());
    let mut records = reader.records();
    let header = match records.next() {
        Some(Ok(header)) => header,
        Some(Err(e)) => return Err(file(format!("row 1: {e}"))),
        None => {
            return Err(file("the file is empty; expected a header row with market and value".to_owned()));
        }
    };
    let names: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
    let column = |name: &str| -> Result<Option<usize>, HoldingsCsvError> {
        match names.iter().enumerate().filter(|(_, n)| *n == name).map(|(i, _)| i).collect::<Vec<_>>()[..] {
            [] => Ok(None),
            [i] => Ok(Some(i)),
            _ => Err(file(format!("row 1: the header has more than one \"{name}\" column"))),
        }
    };
    let header_text = header.iter().map(|h| format!("\"{h}\"")).collect::<Vec<_>>().join(", ");
    let (Some(market_col), Some(value_col)) = (column("market")?, column("value")?) else {
        return Err(file(format!(
            "row 1: the header must name a \"market\" column and a \"value\" column; it has {header_text}"
        )));
    };
    let currency_col = column("currency")?;
    let ignored_columns = header
        .iter()
        .enumerate()
        .filter(|(i, _)| ![Some(market_col), Some(value_col), currency_col].contains(&Some(*i)))
        .map(|(_, h)| h.to_owned())
        .collect();

    let mut problems = Vec::new();
    let mut unknown_markets: Vec<String> = Vec::new();
    let mut holdings: Vec<(Id, Finite)> = Vec::new();
    let mut rows_of: Vec<u64> = Vec::new();
    for record in records {
        let record = match record {
            Ok(record) => record,
            Err(e) => {
                let row = e.position().map_or(0, |p| p.line());
                problems.push(RowProblem { row, message: e.to_string() });
                continue;
            }
        };
        let row = record.position().map_or(0, |p| p.line());
        if record.iter().all(|cell| cell.trim().is_empty()) {
            continue;
        }
        if holdings.len() + problems.len() >= MAX_ITEMS {
            return Err(file(format!(
                "row {row}: more than {MAX_ITEMS} holdings; at most {MAX_ITEMS} are supported"
            )));
        }
        let mut reasons = Vec::new();
        let cell = |i: usize| record.get(i).map(str::trim);
        let market = match cell(market_col) {
            None | Some("") => {
                reasons.push("the market is empty".to_owned());
                None
            }
            Some(name) => match find_market(scenario, name) {
                Ok(id) => Some(id),
                Err(Lookup::Unknown) => {
                    reasons.push(format!(
                        "unknown market \"{name}\" (neither an id nor a name in the scenario)"
                    ));
                    if !unknown_markets.iter().any(|m| m == name) {
                        unknown_markets.push(name.to_owned());
                    }
                    None
                }
                Err(Lookup::Ambiguous(ids)) => {
                    reasons.push(format!(
                        "\"{name}\" is the name of several markets ({}); use the id",
                        ids.join(", ")
                    ));
                    None
                }
            },
        };
        let value = match cell(value_col) {
            None | Some("") => {
                reasons.push("the value is empty".to_owned());
                None
            }
            Some(text) => match parse_value(text) {
                Ok(value) => Some(value),
                Err(reason) => {
                    reasons.push(reason);
                    None
                }
            },
        };
        if let Some(col) = currency_col {
            let currency = cell(col).unwrap_or("");
            if !currency.eq_ignore_ascii_case(scenario.portfolio.currency.trim()) {
                reasons.push(format!(
                    "currency \"{currency}\" is not the portfolio's, {}",
                    scenario.portfolio.currency
                ));
            }
        }
        if let Some(id) = &market
            && let Some(first) = holdings.iter().position(|(m, _)| m == id)
        {
            reasons
                .push(format!("market \"{id}\" is already on row {}; give each market once", rows_of[first]));
        }
        match (market, value, reasons.is_empty()) {
            (Some(id), Some(value), true) => {
                holdings.push((id, value));
                rows_of.push(row);
            }
            _ => problems.push(RowProblem { row, message: reasons.join("; ") }),
        }
    }
    if !problems.is_empty() {
        return Err(HoldingsCsvError::Rows { problems, unknown_markets });
    }
    if holdings.is_empty() {
        return Err(file("the file has a header but no holdings".to_owned()));
    }
    Ok(ImportedHoldings { holdings, ignored_columns })
}

pub(super) enum Lookup {
    Unknown,
    Ambiguous(Vec<String>),
}

/// A market by id, else by name (ignoring case and surrounding spaces).
pub(super) fn find_market(scenario: &Scenario, name: &str) -> Result<Id, Lookup> {
    if let Some(market) = scenario.market(name) {
        return Ok(market.id.clone());
    }
    let named: Vec<&Id> = scenario
        .markets
        .iter()
        .filter(|m| m.name.trim().to_lowercase() == name.to_lowercase())
        .map(|m| &m.id)
        .collect();
    match named[..] {
        [] => Err(Lookup::Unknown),
        [id] => Ok(id.clone()),
        _ => Err(Lookup::Ambiguous(named.iter().map(|id| id.to_string()).collect())),
    }
}

fn parse_value(text: &str) -> Result<Finite, String> {
    let value: f64 = text.parse().map_err(|_| {
        let hint =
            if text.contains(',') { " (write it without thousands separators, like 250000.50)" } else { "" };
        format!("value \"{text}\" is not a number{hint}")
    })?;
    if !value.is_finite() {
        return Err(format!("value \"{text}\" is not a finite number"));
    }
    if value.abs() > MAX_HOLDING {
        return Err(format!("value {text} is beyond the largest accepted, ±{MAX_HOLDING:e}"));
    }
    Finite::new(value).map_err(|e| e.to_string())
}

/// Replaces the portfolio's holdings with these, in this order; a market held before keeps its
/// holding's notes.
pub fn replace_holdings(scenario: &mut Scenario, holdings: &[(Id, Finite)]) {
    let old = std::mem::take(&mut scenario.portfolio.holdings);
    scenario.portfolio.holdings = holdings
        .iter()
        .map(|(market, value)| Holding {
            market: market.clone(),
            value: *value,
            notes: old.iter().find(|h| &h.market == market).and_then(|h| h.notes.clone()),
        })
        .collect();
}

/// Adds a market for each name, as Add market does (default kind, no region, volatility or
/// drift), named as given and with an id made from the name; returns the new ids. The CSV's rows
/// then find them by name.
pub fn add_named_markets(scenario: &mut Scenario, names: &[String]) -> Vec<Id> {
    let mut added = Vec::with_capacity(names.len());
    for name in names {
        let id = scenario.fresh_id(super::IdKind::Market, name);
        scenario.markets.push(super::scenario::Market {
            id: id.clone(),
            name: name.clone(),
            kind: Default::default(),
            region: None,
            volatility: None,
            drift: None,
            notes: None,
        });
        added.push(id);
    }
    added
}

/// The portfolio as CSV: `market,value,currency`, one row per holding with the market's id and
/// the value written so that it reads back exactly.
pub fn holdings_csv(scenario: &Scenario) -> String {
    let mut out = String::from("market,value,currency\n");
    for holding in &scenario.portfolio.holdings {
        out.push_str(&format!(
            "{},{},{}\n",
            quote(holding.market.as_str()),
            holding.value.get(),
            quote(&scenario.portfolio.currency)
        ));
    }
    out
}

/// A CSV field, quoted when it holds a comma, quote or line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Market;

    fn scenario() -> Scenario {
        let mut s = Scenario::new("t");
        for (id, name) in [("kospi", "KOSPI"), ("gold", "Gold")] {
            s.markets.push(Market {
                id: Id::new(id).unwrap(),
                name: name.to_owned(),
                kind: Default::default(),
                region: None,
                volatility: None,
                drift: None,
                notes: None,
            });
        }
        s
    }

    #[test]
    fn names_and_ids_both_find_markets_and_extra_columns_are_reported() {
        let text = "Account,Market,Value\nA1,KOSPI,100.5\nA1,gold,-20\n";
        let imported = parse_holdings_csv(text, &scenario()).unwrap();
        assert_eq!(imported.holdings.len(), 2);
        assert_eq!(imported.holdings[0].0.as_str(), "kospi");
        assert_eq!(imported.holdings[1].1.get(), -20.0);
        assert_eq!(imported.ignored_columns, ["Account"]);
    }

    #[test]
    fn exported_text_reads_back_to_the_same_holdings() {
        let mut s = scenario();
        let holdings = vec![(Id::new("gold").unwrap(), Finite::new(0.1 + 0.2).unwrap())];
        replace_holdings(&mut s, &holdings);
        assert_eq!(parse_holdings_csv(&holdings_csv(&s), &s).unwrap().holdings, holdings);
    }
}
