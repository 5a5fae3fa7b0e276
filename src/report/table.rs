//! The result as a person reads it in a terminal: the portfolio's risk first, then what drives it.

use crate::engine::{Sensitivity, SimResult};
use std::fmt::Write;

/// `-1234567.8` → `-1,234,568`: money is read at a glance, not to the cent. The one grouping of
/// thousands, for the terminal table and the app alike.
pub fn thousands(amount: f64) -> String {
    let rounded = amount.round();
    let digits = format!("{:.0}", rounded.abs());
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if rounded < 0.0 { format!("-{grouped}") } else { grouped }
}

/// `0.0123` → `1.23%`.
pub fn percent(share: f64) -> String {
    format!("{:.2}%", share * 100.0)
}

fn optional_money(amount: Option<f64>) -> String {
    amount.map_or_else(|| "—".to_owned(), thousands)
}

pub fn table(result: &SimResult, sensitivity: Option<&Sensitivity>) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = write_table(&mut out, result, sensitivity);
    out
}

fn write_table(out: &mut String, r: &SimResult, sensitivity: Option<&Sensitivity>) -> std::fmt::Result {
    let p = &r.portfolio;
    let cur = &r.currency;
    let variant =
        r.variant.as_deref().map_or_else(|| "base scenario".to_owned(), |v| format!("variant \"{v}\""));
    writeln!(out, "{} — {}, {} trials, seed {}", r.scenario, variant, thousands(r.trials as f64), r.seed)?;
    writeln!(out)?;
    writeln!(out, "Portfolio value        {} {cur}", thousands(p.value))?;
    writeln!(
        out,
        "Mean P&L               {} {cur} (± {} standard error)",
        thousands(p.mean),
        thousands(p.mean_se)
    )?;
    writeln!(out, "Standard deviation     {} {cur}", thousands(p.sd))?;
    writeln!(out, "Value at risk 95%      {} {cur}   99%: {} {cur}", thousands(p.var95), thousands(p.var99))?;
    writeln!(out, "Expected shortfall 95% {} {cur}   99%: {} {cur}", thousands(p.es95), thousands(p.es99))?;
    writeln!(out, "Chance of a loss       {}", percent(p.prob_loss))?;
    writeln!(
        out,
        "Chance of losing more than {} {cur}: {}",
        thousands(p.loss_threshold),
        percent(p.prob_loss_beyond)
    )?;
    writeln!(out)?;

    let width = r.events.iter().map(|e| e.id.chars().count()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{:width$}  {:>8} {:>7}  {:>12} {:>12}  {:>7}  {:>7}  Matrix",
        "Event", "P", "± s.e.", "P&L if", "P&L if not", "In tail", "Loss"
    )?;
    for e in &r.events {
        let rating = e.rating.map_or("—", |x| x.label());
        writeln!(
            out,
            "{:width$}  {:>8} {:>7}  {:>12} {:>12}  {:>7}  {:>7}  {} (L{} I{})",
            e.id,
            percent(e.probability),
            percent(e.probability_se),
            optional_money(e.mean_pnl_if),
            optional_money(e.mean_pnl_if_not),
            percent(e.tail_share),
            percent(e.loss_share),
            rating,
            e.likelihood_bin + 1,
            e.impact_bin + 1,
        )?;
    }
    writeln!(out)?;

    let width = r.markets.iter().map(|m| m.id.chars().count()).max().unwrap_or(6).max(6);
    writeln!(out, "{:width$}  {:>9} {:>9} {:>9}  {:>12}", "Market", "Mean", "5%", "95%", "Held")?;
    for m in &r.markets {
        writeln!(
            out,
            "{:width$}  {:>9} {:>9} {:>9}  {:>12}",
            m.id,
            percent(m.mean_return),
            percent(m.p05),
            percent(m.p95),
            thousands(m.held_value)
        )?;
    }

    if let Some(s) = sensitivity {
        writeln!(out)?;
        writeln!(
            out,
            "Sensitivity (base mean {} {cur}, base ES99 {} {cur}), largest ES99 swing first:",
            thousands(s.base_mean),
            thousands(s.base_es99)
        )?;
        let width = s.events.iter().map(|e| e.id.chars().count()).max().unwrap_or(5).max(5);
        writeln!(
            out,
            "{:width$}  {:>13}  {:>12} {:>12}  {:>12} {:>12}",
            "Event", "Likelihood", "Mean at low", "at high", "ES99 at low", "at high"
        )?;
        let mut rows: Vec<_> = s.events.iter().collect();
        rows.sort_by(|a, b| b.es99_swing().total_cmp(&a.es99_swing()).then_with(|| a.id.cmp(&b.id)));
        for e in rows {
            writeln!(
                out,
                "{:width$}  {:>6}–{:<6}  {:>12} {:>12}  {:>12} {:>12}",
                e.id,
                percent(e.low_probability),
                percent(e.high_probability),
                thousands(e.mean_at_low),
                thousands(e.mean_at_high),
                thousands(e.es99_at_low),
                thousands(e.es99_at_high)
            )?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn money_is_grouped_in_thousands() {
        assert_eq!(thousands(250000.0), "250,000");
        assert_eq!(thousands(-1234567.4), "-1,234,567");
        assert_eq!(thousands(-1_234_567.8), "-1,234,568");
        assert_eq!(thousands(999.0), "999");
        assert_eq!(thousands(0.2), "0");
        assert_eq!(thousands(-0.2), "0");
    }

    #[test]
    fn money_groups_thousands_and_keeps_the_sign() {
        assert_eq!(thousands(-1_234_567.8), "-1,234,568");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1000.0), "1,000");
        assert_eq!(thousands(-0.2), "0");
    }
}
