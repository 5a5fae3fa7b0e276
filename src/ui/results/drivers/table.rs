//! The drivers table: every event's figures in one row, sorted by any column (click a heading;
//! click it again to reverse). Each heading's tooltip is the README's definition of its figure.

use crate::engine::Analysis;
use crate::report::thousands;
use crate::ui::long_list::{DRAW_ALL_UP_TO, skipped_out_of_view};
use crate::ui::results_out::{copy_button, tab_separated};

/// A column of the table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Column {
    Event,
    Probability,
    Impact,
    Direct,
    Es99,
    WorstShare,
    IfOrNot,
}

impl Column {
    pub const ALL: [Column; 7] = [
        Column::Event,
        Column::Probability,
        Column::Impact,
        Column::Direct,
        Column::Es99,
        Column::WorstShare,
        Column::IfOrNot,
    ];

    pub fn heading(self) -> &'static str {
        match self {
            Column::Event => "Event",
            Column::Probability => "Probability\n(simulated)",
            Column::Impact => "Impact\n(total)",
            Column::Direct => "Direct\nimpact",
            Column::Es99 => "Adds to\nES 99%",
            Column::WorstShare => "Worst 1%\nshare",
            Column::IfOrNot => "Mean P&L\nif / if not",
        }
    }

    /// The figure's definition, in the README's words.
    pub fn tip(self) -> &'static str {
        match self {
            Column::Event => "The event, as the scenario names it. Click a name to edit the event.",
            Column::Probability => {
                "The share of trials in which the event happened, after links and groups, with \
                 standard error √(p(1−p)/n). The likelihood the file states is in each figure's \
                 tooltip."
            }
            Column::Impact => {
                "The event's causal effect on mean P&L: the average P&L when it is forced to \
                 happen minus when it is prevented, in the same trials, what it sets off through \
                 links included; ± its standard error. Negative: it causes a loss."
            }
            Column::Direct => {
                "The part of the impact from the event's own market moves: its shocks added to \
                 the world where it was prevented (downstream events as they would be without it)."
            }
            Column::Es99 => {
                "ES 99% when the event is forced to happen minus when it is prevented. Positive: \
                 it deepens the worst 1% of trials."
            }
            Column::WorstShare => {
                "The share of exactly the worst 1% of trials (n/100, rounded up) in which the event \
                 happened, beside its probability (its share of all trials). Far above it: the event comes with the \
                 worst cases."
            }
            Column::IfOrNot => {
                "The average P&L over the trials where the event happened / did not: descriptive \
                 only, since other events co-occur with it. Its effect is the impact."
            }
        }
    }

    /// The order of a first click: names A to Z, the largest loss or share first.
    fn first_ascending(self) -> bool {
        match self {
            Column::Event | Column::Impact | Column::Direct | Column::IfOrNot => true,
            Column::Probability | Column::Es99 | Column::WorstShare => false,
        }
    }

    /// The number a row sorts by (every column but the name).
    fn key(self, a: &Analysis, i: usize) -> f64 {
        let (e, impact) = (&a.result.events[i], &a.impacts[i]);
        match self {
            Column::Event => 0.0,
            Column::Probability => e.probability,
            Column::Impact => impact.total,
            Column::Direct => impact.direct,
            Column::Es99 => impact.es99,
            Column::WorstShare => e.worst_share,
            // An event that never happened has no "if": last, whichever the order.
            Column::IfOrNot => e.mean_pnl_if.unwrap_or(f64::NAN),
        }
    }
}

/// The table's order: by `column`, then by file order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SortBy {
    pub column: Column,
    pub ascending: bool,
}

impl Default for SortBy {
    /// The largest loss first, as `georisk run` lists the events.
    fn default() -> SortBy {
        SortBy { column: Column::Impact, ascending: true }
    }
}

impl SortBy {
    /// A click on `column`'s heading: sort by it, or reverse if it already is the order.
    pub fn click(&mut self, column: Column) {
        *self = if self.column == column {
            SortBy { column, ascending: !self.ascending }
        } else {
            SortBy { column, ascending: column.first_ascending() }
        };
    }

    /// The events' indices in this order; an event without the figure goes last either way.
    pub fn order(self, a: &Analysis) -> Vec<usize> {
        let events = &a.result.events;
        let by = |x: usize, y: usize| match self.column {
            Column::Event => events[x].name.to_lowercase().cmp(&events[y].name.to_lowercase()),
            column => column.key(a, x).total_cmp(&column.key(a, y)),
        };
        let missing = |x: usize| self.column.key(a, x).is_nan();
        let mut rows: Vec<usize> = (0..events.len()).collect();
        rows.sort_by(|&x, &y| {
            let order = if self.ascending { by(x, y) } else { by(y, x) };
            missing(x).cmp(&missing(y)).then(order).then(x.cmp(&y))
        });
        rows
    }
}

/// What the table keeps between frames: its order for one result and one sort (sorted once,
/// not every frame), and each event's row height as last drawn.
#[derive(Debug, Clone, Default)]
pub struct RowCache {
    /// The result's generation and the sort `order` is of.
    key: Option<(u64, SortBy)>,
    order: Vec<usize>,
    /// By event index; `None` until the row was drawn once.
    heights: Vec<Option<f32>>,
}

impl RowCache {
    /// The rows in `sort`'s order for the analysis of `generation`, sorted again only when
    /// either changed.
    fn refresh(&mut self, generation: u64, sort: SortBy, analysis: &Analysis) {
        if self.key != Some((generation, sort)) {
            self.order = sort.order(analysis);
            self.key = Some((generation, sort));
        }
        let events = analysis.result.events.len();
        if self.heights.len() != events {
            self.heights = vec![None; events];
        }
    }
}

/// Draws the table of the analysis of `generation`; returns the id of the event whose name was
/// clicked.
pub fn table(
    ui: &mut egui::Ui,
    sort: &mut SortBy,
    rows: &mut RowCache,
    analysis: &Analysis,
    generation: u64,
) -> Option<String> {
    let result = &analysis.result;
    let currency = &result.currency;
    // Beside the outline at 900×600 the table is about 600 points wide: the second figure of
    // a cell goes below the first, and names wrap sooner.
    let wide = ui.available_width() >= 800.0;
    let (name_width, gap) = if wide { (240.0, 12.0) } else { (120.0, 8.0) };
    ui.label("Every event").on_hover_text("All the events, with the figures the charts are drawn from.");
    ui.weak(format!(
        "Amounts in {currency}. Click a heading to sort by it (again to reverse), a name to edit the event."
    ));
    rows.refresh(generation, *sort, analysis);
    let draw_all = rows.order.len() <= DRAW_ALL_UP_TO;
    let mut picked = None;
    let mut clicked = None;
    egui::Grid::new("drivers-table").num_columns(7).spacing([gap, 6.0]).striped(true).show(ui, |ui| {
        for column in Column::ALL {
            let arrow = match (sort.column == column, sort.ascending) {
                (false, _) => "",
                (true, true) => " ⏶",
                (true, false) => " ⏷",
            };
            let heading = format!("{}{arrow}", column.heading());
            let tip = format!("{}\n\nClick to sort by it; click again to reverse.", column.tip());
            let response = ui.add(egui::Button::selectable(sort.column == column, heading));
            if response.on_hover_text(tip).clicked() {
                clicked = Some(column);
            }
        }
        ui.end_row();
        // A row never drawn yet is taken to be as tall as the last one drawn.
        let mut typical = ui.spacing().interact_size.y;
        for &i in &rows.order {
            if !draw_all && skipped_out_of_view(ui, rows.heights[i].unwrap_or(typical)) {
                ui.end_row();
                continue;
            }
            let (drawn, name_clicked) = row(ui, analysis, i, wide, name_width);
            if name_clicked {
                picked = Some(result.events[i].id.clone());
            }
            rows.heights[i] = Some(drawn);
            typical = drawn;
            ui.end_row();
        }
    });
    copy_button(ui, "Copy events table", || copied(*sort, analysis));
    if let Some(column) = clicked {
        sort.click(column);
    }
    picked
}

/// One event's row: its height as drawn, and whether its name was clicked.
fn row(ui: &mut egui::Ui, analysis: &Analysis, i: usize, wide: bool, name_width: f32) -> (f32, bool) {
    let (e, impact) = (&analysis.result.events[i], &analysis.impacts[i]);
    let currency = &analysis.result.currency;
    let mut clicked = false;
    let name = ui.vertical(|ui| {
        ui.set_max_width(name_width);
        if ui.add(egui::Link::new(&e.name)).on_hover_text("Edit this event").clicked() {
            clicked = true;
        }
    });
    let mut height = name.response.rect.height();
    let mut cell = |response: egui::Response| height = height.max(response.rect.height());
    cell(ui.label(pct(e.probability)).on_hover_text(format!(
        "± {:.1} points standard error; the file states {}",
        100.0 * e.probability_se,
        pct(e.stated)
    )));
    let tip = Column::Impact.tip();
    cell(pair(ui, wide, thousands(impact.total), format!("± {}", thousands(impact.total_se)), tip));
    cell(
        ui.label(thousands(impact.direct))
            .on_hover_text(format!("± {} standard error", thousands(impact.direct_se))),
    );
    cell(ui.label(thousands(impact.es99)).on_hover_text(format!(
        "ES 99% forced to happen {currency} {} − prevented {currency} {}",
        thousands(impact.es99_if_forced),
        thousands(impact.es99_if_prevented)
    )));
    let tip = Column::WorstShare.tip();
    cell(pair(ui, wide, pct(e.worst_share), format!("vs {} overall", pct(e.probability)), tip));
    let money = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), thousands);
    let tip = "If: mean P&L over the trials where it happened. If not: where it did not. \
         — : it never (always) happened in these trials.";
    cell(pair(ui, wide, money(e.mean_pnl_if), format!("/ {}", money(e.mean_pnl_if_not)), tip));
    (height, clicked)
}

/// The table as tab-separated text, in its order, with each two-part cell as two columns.
fn copied(sort: SortBy, analysis: &Analysis) -> String {
    let header = [
        "Event",
        "Probability (simulated)",
        "Impact (total)",
        "Impact standard error",
        "Direct impact",
        "Adds to ES 99%",
        "Worst 1% share",
        "Mean P&L if",
        "Mean P&L if not",
    ];
    let money = |x: Option<f64>| x.map_or_else(|| "—".to_owned(), thousands);
    let rows: Vec<Vec<String>> = sort
        .order(analysis)
        .into_iter()
        .map(|i| {
            let (e, impact) = (&analysis.result.events[i], &analysis.impacts[i]);
            vec![
                e.name.clone(),
                pct(e.probability),
                thousands(impact.total),
                thousands(impact.total_se),
                thousands(impact.direct),
                thousands(impact.es99),
                pct(e.worst_share),
                money(e.mean_pnl_if),
                money(e.mean_pnl_if_not),
            ]
        })
        .collect();
    tab_separated(&header, &rows)
}

/// A figure and its second part (a standard error, a base rate): side by side when there is
/// room, else one below the other.
fn pair(ui: &mut egui::Ui, wide: bool, first: String, second: String, tip: &str) -> egui::Response {
    let show = |ui: &mut egui::Ui| {
        let second = egui::RichText::new(second).weak();
        for text in [egui::RichText::new(first), second] {
            ui.add(egui::Label::new(text).wrap_mode(egui::TextWrapMode::Extend)).on_hover_text(tip);
        }
    };
    if wide { ui.horizontal(show).response } else { ui.vertical(show).response }
}

/// `0.0834` → `8.3%`.
fn pct(share: f64) -> String {
    format!("{:.1}%", 100.0 * share)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_click_reverses_and_another_column_starts_in_its_own_order() {
        let mut sort = SortBy::default();
        sort.click(Column::Impact);
        assert_eq!(sort, SortBy { column: Column::Impact, ascending: false });
        sort.click(Column::Es99);
        assert_eq!(sort, SortBy { column: Column::Es99, ascending: false });
        sort.click(Column::Event);
        assert_eq!(sort, SortBy { column: Column::Event, ascending: true });
    }
}
