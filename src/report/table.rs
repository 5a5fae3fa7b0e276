//! The result as a person reads it in a terminal: the portfolio's risk first, then what drives it.

use crate::engine::{Analysis, Band};
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

/// `100000` → `100k`, `1250000` → `1.25M`, `-50000` → `−50k`: at most three significant digits,
/// trailing zeros dropped, a true minus sign.
pub fn compact_number(amount: f64) -> String {
    let sign = if amount < 0.0 { "\u{2212}" } else { "" };
    let size = amount.abs();
    let (unit, suffix) = match size {
        s if s >= 1e9 => (1e9, "B"),
        s if s >= 1e6 => (1e6, "M"),
        s if s >= 1e3 => (1e3, "k"),
        _ => (1.0, ""),
    };
    let scaled = size / unit;
    let decimals = if scaled >= 100.0 {
        0
    } else if scaled >= 10.0 {
        1
    } else {
        2
    };
    let mut digits = format!("{scaled:.decimals$}");
    if digits.contains('.') {
        digits = digits.trim_end_matches('0').trim_end_matches('.').to_owned();
    }
    if digits == "1000" && suffix != "B" {
        // 999,999 rounds up to the next unit: `1M`, not `1000k`.
        return compact_number(amount.signum() * 1000.0 * unit);
    }
    if digits == "0" {
        return "0".to_owned();
    }
    format!("{sign}{digits}{suffix}")
}

/// `0.0123` → `1.23%`.
pub fn percent(share: f64) -> String {
    format!("{:.2}%", share * 100.0)
}

pub fn table(analysis: &Analysis) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = write_table(&mut out, analysis);
    out
}

fn write_table(out: &mut String, a: &Analysis) -> std::fmt::Result {
    let r = &a.result;
    let p = &r.portfolio;
    let (t, alone, b) = (&p.total, &p.events_only, &a.bands);
    let cur = &r.currency;
    let variant =
        r.variant.as_deref().map_or_else(|| "base scenario".to_owned(), |v| format!("variant \"{v}\""));
    let noise = if r.noise { "background noise on" } else { "background noise off" };
    writeln!(
        out,
        "{} — {}, {} trials, seed {}, {noise}",
        r.scenario,
        variant,
        thousands(r.trials as f64),
        r.seed
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "Portfolio value {} {cur} (gross {}; shares of value are of the gross)",
        thousands(p.value),
        thousands(p.gross_value)
    )?;
    writeln!(out)?;
    let money_band = |band: &Band| format!("{} to {}", thousands(band.low), thousands(band.high));
    let share_band = |band: &Band| format!("{} to {}", percent(band.low), percent(band.high));
    let first = if r.noise { "Events + noise" } else { "Events" };
    writeln!(
        out,
        "{:<40} {:>16}  {:>26}  {:>14}",
        cur.as_str(),
        first,
        "90% band from ranges",
        "Events alone"
    )?;
    let money_rows: [(&str, f64, &Band, f64); 5] = [
        ("Mean P&L", t.mean, &b.mean, alone.mean),
        ("Value at risk 95%", t.var95, &b.var95, alone.var95),
        ("Value at risk 99%", t.var99, &b.var99, alone.var99),
        ("Expected shortfall 95%", t.es95, &b.es95, alone.es95),
        ("Expected shortfall 99%", t.es99, &b.es99, alone.es99),
    ];
    for (label, value, band, events_only) in money_rows {
        writeln!(
            out,
            "{label:<40} {:>16}  {:>26}  {:>14}",
            thousands(value),
            money_band(band),
            thousands(events_only)
        )?;
    }
    writeln!(out, "{:<40} {:>16}", "  standard error of the mean", format!("± {}", thousands(t.mean_se)))?;
    let beyond = format!("Chance of losing more than {}", thousands(p.loss_threshold));
    let share_rows: [(&str, f64, &Band, f64); 2] = [
        ("Chance of a loss", t.prob_loss, &b.prob_loss, alone.prob_loss),
        (&beyond, t.prob_loss_beyond, &b.prob_loss_beyond, alone.prob_loss_beyond),
    ];
    for (label, value, band, events_only) in share_rows {
        writeln!(
            out,
            "{label:<40} {:>16}  {:>26}  {:>14}",
            percent(value),
            share_band(band),
            percent(events_only)
        )?;
    }
    if b.outer_draws == 0 {
        writeln!(out, "No likelihood is a range, so the bands have no width.")?;
    } else {
        writeln!(
            out,
            "Bands: {} draws of the {} ranged likelihoods, each weighing these trials (effective sample size {} at least, {} typically).",
            b.outer_draws,
            b.ranged_events,
            percent(b.ess_min),
            percent(b.ess_median)
        )?;
    }
    writeln!(out)?;

    writeln!(
        out,
        "Events by the loss they cause (impact: P&L if forced to happen minus if prevented, links included):"
    )?;
    let width = r.events.iter().map(|e| e.id.chars().count()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{:width$}  {:>7} {:>7} {:>6}  {:>11} {:>8}  {:>11}  {:>10}  {:>8}  Matrix",
        "Event", "Stated", "P", "± s.e.", "Impact", "± s.e.", "Direct", "ES99 +", "Worst 1%"
    )?;
    let mut rows: Vec<usize> = (0..r.events.len()).collect();
    rows.sort_by(|&x, &y| a.impacts[x].total.total_cmp(&a.impacts[y].total).then(x.cmp(&y)));
    for i in rows {
        let (e, impact) = (&r.events[i], &a.impacts[i]);
        let rating = impact.rating.map_or("—", |x| x.label());
        writeln!(
            out,
            "{:width$}  {:>7} {:>7} {:>6}  {:>11} {:>8}  {:>11}  {:>10}  {:>8}  {} (L{} I{})",
            e.id,
            percent(e.stated),
            percent(e.probability),
            percent(e.probability_se),
            thousands(impact.total),
            thousands(impact.total_se),
            thousands(impact.direct),
            thousands(impact.es99),
            percent(e.worst_share),
            rating,
            e.likelihood_bin + 1,
            impact.impact_bin + 1,
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

    let s = &a.sensitivity;
    writeln!(out)?;
    writeln!(
        out,
        "Tornado (base mean {} {cur}, base ES99 {} {cur}), largest ES99 swing first:",
        thousands(s.base_mean),
        thousands(s.base_es99)
    )?;
    let width = s.events.iter().map(|e| e.id.chars().count()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "{:width$}  {:>15}  {:>12} {:>12}  {:>12} {:>12}",
        "Event", "Likelihood", "Mean at low", "at high", "ES99 at low", "at high"
    )?;
    let mut rows: Vec<_> = s.events.iter().collect();
    rows.sort_by(|a, b| b.es99_swing().total_cmp(&a.es99_swing()).then_with(|| a.id.cmp(&b.id)));
    for e in rows {
        writeln!(
            out,
            "{:width$}  {:>7}–{:<7}  {:>12} {:>12}  {:>12} {:>12}",
            e.id,
            percent(e.low_probability),
            percent(e.high_probability),
            thousands(e.mean_at_low),
            thousands(e.mean_at_high),
            thousands(e.es99_at_low),
            thousands(e.es99_at_high)
        )?;
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
