//! The risk matrix as an HTML table: likelihood rows (most likely on top) by impact columns,
//! each cell coloured by its rating, each event a numbered marker in its cell — placed by its
//! causal impact on the portfolio, gains drawn green — and the numbered list of events below.

use super::escape::escape;
use super::tables::by_impact;
use crate::engine::Analysis;
use crate::model::RiskMatrix;
use crate::report::percent;
use std::fmt::Write;

/// `[0.05, 0.2]` → `< 5%`, `5% – 20%`, `≥ 20%`: what each bin holds.
fn bin_ranges(edges: &[f64]) -> Vec<String> {
    let tidy = |share: f64| {
        let text = percent(share);
        let text = text.trim_end_matches('%').trim_end_matches('0').trim_end_matches('.').to_owned();
        format!("{text}%")
    };
    (0..=edges.len())
        .map(|i| match (i.checked_sub(1).map(|k| edges[k]), edges.get(i)) {
            (None, Some(&high)) => format!("&lt; {}", tidy(high)),
            (Some(low), Some(&high)) => format!("{} – {}", tidy(low), tidy(high)),
            (Some(low), None) => format!("≥ {}", tidy(low)),
            (None, None) => "all".to_owned(),
        })
        .collect()
}

pub fn matrix(out: &mut String, analysis: &Analysis, settings: &RiskMatrix) -> std::fmt::Result {
    let ranked = by_impact(analysis);
    let mut number = vec![0; ranked.len()];
    for (rank, &i) in ranked.iter().enumerate() {
        number[i] = rank + 1;
    }
    let (rows, columns) = (settings.likelihood_bins(), settings.impact_bins());
    let label =
        |labels: &[String], i: usize| labels.get(i).map_or_else(|| format!("{}", i + 1), |l| escape(l));
    let impact_ranges = bin_ranges(&settings.impact_edges);
    let likelihood_ranges = bin_ranges(&settings.likelihood_edges);
    writeln!(out, "<table class=\"matrix\"><thead><tr><th class=\"corner\">Likelihood ↓<br>Impact →</th>")?;
    for (c, range) in impact_ranges.iter().enumerate() {
        writeln!(
            out,
            "<th>{}<br><span class=\"small\">{range} of value</span></th>",
            label(&settings.impact_labels, c)
        )?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for row in (0..rows).rev() {
        writeln!(
            out,
            "<tr><th>{}<br><span class=\"small\">{}</span></th>",
            label(&settings.likelihood_labels, row),
            likelihood_ranges[row]
        )?;
        for column in 0..columns {
            let rating = settings.rating(row, column);
            let class = rating.map_or("none", |r| match r {
                crate::model::Rating::Low => "low",
                crate::model::Rating::Medium => "medium",
                crate::model::Rating::High => "high",
                crate::model::Rating::Extreme => "extreme",
            });
            write!(
                out,
                "<td class=\"cell {class}\"><span class=\"rating-name\">{}</span>",
                rating.map_or("", |r| r.label())
            )?;
            for &i in &ranked {
                let (e, impact) = (&analysis.result.events[i], &analysis.impacts[i]);
                if e.likelihood_bin == row && impact.impact_bin == column {
                    let kind = if impact.total > 0.0 { "chip gain" } else { "chip" };
                    write!(out, "<span class=\"{kind}\" title=\"{}\">{}</span>", escape(&e.name), number[i])?;
                }
            }
            writeln!(out, "</td>")?;
        }
        writeln!(out, "</tr>")?;
    }
    writeln!(out, "</tbody></table>")?;
    writeln!(out, "<ol class=\"matrix-key\">")?;
    for &i in &ranked {
        let (e, impact) = (&analysis.result.events[i], &analysis.impacts[i]);
        let name = if e.name.is_empty() { &e.id } else { &e.name };
        let gain = if impact.total > 0.0 { " class=\"gain\"" } else { "" };
        writeln!(
            out,
            "<li{gain}>{} <span class=\"small\">({}, {})</span></li>",
            escape(name),
            label(&settings.likelihood_labels, e.likelihood_bin),
            label(&settings.impact_labels, impact.impact_bin)
        )?;
    }
    writeln!(out, "</ol>")
}

#[cfg(test)]
mod tests {
    use super::bin_ranges;

    #[test]
    fn bins_read_as_ranges_with_the_edge_in_the_upper_bin() {
        assert_eq!(bin_ranges(&[0.05, 0.2]), ["&lt; 5%", "5% – 20%", "≥ 20%"]);
        assert_eq!(bin_ranges(&[0.0005]), ["&lt; 0.05%", "≥ 0.05%"]);
    }
}
