//! Form pieces the editors share: labelled rows with plain-words tooltips, the id field that
//! renames everywhere, notes, likelihoods and shocks.

use super::{EditorState, IdEdit};
use crate::model::{Id, IdKind, Likelihood, Probability, Scenario, Shock, ThreePoint};
use crate::ui::command::{Command, Commands};

pub const ID_TIP: &str = "A short unique name that the file and other items use to refer to this one. \
     It follows the name until you change it yourself; renaming it updates every reference.";
pub const NOTES_TIP: &str = "Your commentary: sources, reasoning, caveats. Saved in the file.";
pub const LIKELIHOOD_TIP: &str = "How likely the event is to happen within the scenario's horizon. \
     50% is a coin flip; 5% is rare; 95% is almost certain.";
pub const RANGE_TIP: &str = "When you are unsure, give a low, a most likely and a high estimate. Each \
     simulated run draws a likelihood between low and high, most often near the likely value.";
pub const ODDS_TIP: &str = "Odds multiplier: if the first event happens, the odds of the second are \
     multiplied by this. 2 doubles them (a 50% chance becomes 67%), 0.5 halves them (50% becomes \
     33%), and 1 changes nothing.";

/// Narrowest and widest a text field gets: fields line up in a form and a long title fits, and on
/// a wide screen they grow with the window up to a comfortable line length.
pub const FIELD_WIDTH: f32 = 560.0;
const MAX_FIELD_WIDTH: f32 = 900.0;

/// The width of a form's text fields in this place: what is left of the row, within bounds.
pub fn field_width(ui: &egui::Ui) -> f32 {
    ui.available_width().clamp(FIELD_WIDTH, MAX_FIELD_WIDTH)
}

/// A two-column form.
pub fn form(ui: &mut egui::Ui, salt: &str, rows: impl FnOnce(&mut egui::Ui)) {
    egui::Grid::new(salt).num_columns(2).spacing([16.0, 8.0]).min_col_width(110.0).show(ui, rows);
}

/// A row label with its tooltip; returns the label's response so the field can be labelled by it.
pub fn label(ui: &mut egui::Ui, text: &str, tip: &str) -> egui::Response {
    ui.label(text).on_hover_text(tip)
}

pub fn text_row(ui: &mut egui::Ui, text: &str, tip: &str, value: &mut String) -> egui::Response {
    let label = label(ui, text, tip);
    let response =
        ui.add(egui::TextEdit::singleline(value).desired_width(field_width(ui))).labelled_by(label.id);
    ui.end_row();
    response.on_hover_text(tip)
}

/// Notes are optional in the file; an empty text box means none.
pub fn notes_row(ui: &mut egui::Ui, notes: &mut Option<String>) {
    let label = label(ui, "Notes", NOTES_TIP);
    let mut text = notes.clone().unwrap_or_default();
    let edit = egui::TextEdit::multiline(&mut text).desired_rows(3).desired_width(field_width(ui));
    if ui.add(edit).labelled_by(label.id).changed() {
        *notes = (!text.trim().is_empty()).then_some(text);
    }
    ui.end_row();
}

/// A list of short texts, typed as "KP, RU". While the field has focus its text is the user's
/// draft, kept in egui's memory; it becomes the list when the field loses focus (Enter, Tab or a
/// click elsewhere). Parsing on every keystroke would eat a comma the moment it was typed.
/// `owner` (the region's or event's id) keeps one item's draft out of another's field.
pub fn list_row(ui: &mut egui::Ui, owner: &Id, text: &str, tip: &str, items: &mut Vec<String>) {
    let id = ui.make_persistent_id(("list-row", owner, text));
    // The draft is the field's while it has focus, and in the frame it loses it, to be committed.
    let editing = ui.memory(|m| m.has_focus(id) || m.had_focus_last_frame(id));
    let draft = if editing { ui.data(|d| d.get_temp::<String>(id)) } else { None };
    let mut draft = draft.unwrap_or_else(|| items.join(", "));
    let label = label(ui, text, tip);
    let response = ui
        .add(egui::TextEdit::singleline(&mut draft).id(id).desired_width(field_width(ui)))
        .labelled_by(label.id)
        .on_hover_text(tip);
    ui.end_row();
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, draft));
    } else {
        ui.data_mut(|d| d.remove::<String>(id));
        if response.lost_focus() {
            let typed = parse_list(&draft);
            if &typed != items {
                *items = typed;
            }
        }
    }
}

/// "EE, LV,,  LT" as `["EE", "LV", "LT"]`.
fn parse_list(text: &str) -> Vec<String> {
    text.split(',').map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()).collect()
}

/// The name row; while the id is the name's slug, the id follows the name.
pub fn name_row(
    ui: &mut egui::Ui,
    scenario: &Scenario,
    kind: IdKind,
    id: &Id,
    name: &mut String,
    commands: &mut Commands,
) {
    let before = name.clone();
    let tip = "The name people read in the app and in reports.";
    if text_row(ui, "Name", tip, name).changed() && id_follows(id, &before) {
        let wanted = Id::slug(name);
        let free = Id::unique(&wanted, |c| c != id && scenario.has_id(kind, c.as_str()));
        if &free != id {
            commands.push(Command::IdFollowsName(kind, id.clone(), free));
        }
    }
}

/// Whether `id` was made from `name`: its slug, or the slug with a counter (`new-event-2`).
fn id_follows(id: &Id, name: &str) -> bool {
    let slug = Id::slug(name);
    match id.as_str().strip_prefix(slug.as_str()) {
        Some("") => true,
        Some(rest) => {
            rest.strip_prefix('-').is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
        }
        None => false,
    }
}

/// The id row: typed text is committed when the field loses focus or on Enter.
pub fn id_row(
    ui: &mut egui::Ui,
    state: &mut EditorState,
    scenario: &Scenario,
    kind: IdKind,
    current: &Id,
    commands: &mut Commands,
) {
    let fresh = |e: &IdEdit| e.kind == kind && &e.original == current;
    if !state.id_edit.as_ref().is_some_and(fresh) {
        state.id_edit =
            Some(IdEdit { kind, original: current.clone(), text: current.to_string(), error: None });
    }
    let Some(edit) = &mut state.id_edit else { return };
    let label = label(ui, "Id", ID_TIP);
    let response = ui
        .add(egui::TextEdit::singleline(&mut edit.text).desired_width(field_width(ui)))
        .labelled_by(label.id)
        .on_hover_text(ID_TIP);
    ui.end_row();
    if response.lost_focus() {
        let wanted = edit.text.trim();
        edit.error = match Id::new(wanted) {
            Ok(id) if &id == current => None,
            Ok(id) if scenario.has_id(kind, id.as_str()) => {
                Some(format!("another {} already uses the id \"{id}\"", kind.label()))
            }
            Ok(id) => {
                commands.push(Command::Rename(kind, current.clone(), id));
                None
            }
            Err(e) => Some(e.to_string()),
        };
    }
    if let Some(error) = &edit.error {
        ui.label("");
        ui.colored_label(ui.visuals().error_fg_color, error);
        ui.end_row();
    }
}

/// A number typed in percent ("−20", "-20%", "+12.5 %") as a fraction, exactly: "−20" is the
/// same `f64` as the literal `-0.2`, because the decimal point is moved in the text before the
/// number is rounded once (dividing by 100 afterwards would round twice).
pub fn parse_percent(text: &str) -> Option<f64> {
    let cleaned: String = text
        .trim()
        .trim_end_matches('%')
        .chars()
        .filter(|c| !c.is_whitespace() && *c != ',')
        .map(|c| if c == '\u{2212}' { '-' } else { c })
        .collect();
    let cleaned = cleaned.strip_prefix('+').unwrap_or(&cleaned);
    if cleaned.is_empty() || !cleaned.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    let value: f64 = format!("{cleaned}e-2").parse().ok()?;
    value.is_finite().then_some(value)
}

/// A fraction as a percentage for reading: up to `decimals` decimals, no trailing zeros, a true
/// minus sign ("−20%", "12.5%", "0%").
pub fn percent_text(value: f64, decimals: usize) -> String {
    let text = format!("{:.*}", decimals, value * 100.0);
    let text = if text.contains('.') { text.trim_end_matches('0').trim_end_matches('.') } else { &text };
    let text = if text == "-0" { "0" } else { text };
    format!("{}%", text.replace('-', "\u{2212}"))
}

/// The same with a sign on every non-zero move: "−20%", "+10%", "0%".
pub fn move_text(value: f64, decimals: usize) -> String {
    let text = percent_text(value, decimals);
    if text.starts_with('\u{2212}') || text == "0%" { text } else { format!("+{text}") }
}

/// A slider over 0–100 % with an exact number box (type "35" or "35%").
pub fn probability_slider(ui: &mut egui::Ui, value: &mut f64, text: &str, tip: &str) -> egui::Response {
    ui.add(
        egui::Slider::new(value, 0.0..=1.0)
            .text(text)
            .custom_formatter(|v, _| format!("{:.1}%", v * 100.0))
            .custom_parser(parse_percent)
            .clamping(egui::SliderClamping::Always),
    )
    .on_hover_text(tip)
}

/// A likelihood: a single value, or low / likely / high; switching keeps the likely value.
pub fn likelihood_editor(ui: &mut egui::Ui, likelihood: &mut Likelihood) {
    ui.spacing_mut().slider_width = 320.0;
    ui.horizontal(|ui| {
        let is_range = matches!(likelihood, Likelihood::Range(_));
        if ui.radio(!is_range, "Single value").on_hover_text(LIKELIHOOD_TIP).clicked() && is_range {
            *likelihood = Likelihood::Point(Probability::saturating(likelihood.mean()));
        }
        if ui.radio(is_range, "Range (low, likely, high)").on_hover_text(RANGE_TIP).clicked() && !is_range {
            let p = likelihood.mean();
            let range = ThreePoint::new((p - 0.1).max(0.0), p, (p + 0.1).min(1.0));
            if let Ok(range) = range {
                *likelihood = Likelihood::Range(range);
            }
        }
    });
    match likelihood {
        Likelihood::Point(p) => {
            let mut value = p.get();
            if probability_slider(ui, &mut value, "Likelihood", LIKELIHOOD_TIP).changed() {
                *p = Probability::saturating(value);
            }
        }
        Likelihood::Range(range) => {
            let (mut low, mut likely, mut high) =
                (range.low().get(), range.likely().get(), range.high().get());
            let low_tip = "The lowest likelihood you find plausible.";
            let changed_low = probability_slider(ui, &mut low, "Low", low_tip).changed();
            let changed_likely = probability_slider(ui, &mut likely, "Likely", LIKELIHOOD_TIP).changed();
            let changed_high =
                probability_slider(ui, &mut high, "High", "The highest likelihood you find plausible.")
                    .changed();
            // Keep low ≤ likely ≤ high by moving the other values, not by refusing the drag.
            if changed_low {
                likely = likely.max(low);
                high = high.max(likely);
            } else if changed_high {
                likely = likely.min(high);
                low = low.min(likely);
            } else if changed_likely {
                low = low.min(likely);
                high = high.max(likely);
            }
            if let Ok(new) = ThreePoint::new(low, likely, high) {
                *range = new;
            }
            ui.label(format!("Average likelihood: {:.1}%", range.pert_mean() * 100.0));
        }
    }
}

/// What a shock's number is, said the same way wherever a shock is edited.
pub const SHOCK_TIP: &str = "A price move over the horizon, in percent: −20% means the market's price \
     falls by exactly 20%, +10% that it rises by 10%. Moves of several events compound (−20% and then \
     −10% is −28%), and −100% wipes the market out. Pick a distribution when the size of the move is \
     uncertain; beside it you see the moves it implies.";
const IMPLIED_TIP: &str = "The price moves this distribution implies: half of the moves are above the \
     median and half below, and 90% of them fall between the 5% and the 95% values.";

/// The distribution kinds of a shock, in picker order.
const SHOCK_KINDS: [(&str, &str); 4] = [
    ("Fixed", "Always the same price move."),
    ("Normal", "A bell curve of price moves around a mean; sd says how spread out they are."),
    ("Triangular", "Price moves between low and high, most often near the mode."),
    ("Uniform", "Price moves anywhere between low and high, all equally likely."),
];

/// One parameter of a shock, typed or dragged in percent and stored as a fraction exactly as
/// typed ("−20" is stored as −0.2). Moves go from −100% (a wipe-out) to +1000%.
/// Its accessible name is "Low of the shock on KOSPI" (the prefix, capitalised, and `on`).
fn move_field(
    ui: &mut egui::Ui,
    value: &mut f64,
    prefix: &str,
    on: &str,
    range: std::ops::RangeInclusive<f64>,
    tip: &str,
) -> bool {
    let mut name = prefix.trim().to_owned();
    if let Some(first) = name.get_mut(0..1) {
        first.make_ascii_uppercase();
    }
    ui.add(
        egui::DragValue::new(value)
            .speed(0.001)
            .range(range)
            // A file's out-of-range value is shown as it is (validation names it), never changed.
            .clamp_existing_to_range(false)
            .prefix(prefix)
            .suffix("%")
            .custom_formatter(|v, _| percent_text(v, 4).trim_end_matches('%').to_owned())
            .custom_parser(parse_percent),
    )
    .accessible_name(format!("{name} of the shock on {on}"))
    .on_hover_text(tip)
    .changed()
}

/// A shock: its distribution and its parameters as price moves in percent, with the moves a
/// distribution implies beside it unless the caller shows them elsewhere (`implied_beside`).
/// Returns whether it changed.
pub fn shock_editor(
    ui: &mut egui::Ui,
    salt: impl egui::AsIdSalt,
    name: &str,
    shock: &mut Shock,
    implied_beside: bool,
) -> bool {
    use crate::model::{MAX_MOVE, MIN_MOVE};
    let before = *shock;
    let mean = shock.mean();
    let mut kind = shock.kind_name();
    egui::ComboBox::from_id_salt(salt)
        .selected_text(kind)
        .width(100.0)
        .show_ui(ui, |ui| {
            for (name, tip) in SHOCK_KINDS {
                ui.selectable_value(&mut kind, name, name).on_hover_text(tip);
            }
        })
        .response
        .accessible_name(format!("Distribution of the shock on {name}"))
        .on_hover_text(SHOCK_TIP);
    if kind != shock.kind_name() {
        *shock = switched(kind, mean).unwrap_or(*shock);
    }
    let moves = MIN_MOVE..=MAX_MOVE;
    let rebuilt = match *shock {
        Shock::Fixed(v) => {
            let mut v = v.get();
            move_field(ui, &mut v, "move ", name, moves, SHOCK_TIP);
            Shock::fixed(v)
        }
        Shock::Normal { mean, sd } => {
            let (mut m, mut s) = (mean.get(), sd.get());
            move_field(ui, &mut m, "mean ", name, moves, "The average price move.");
            let sd_tip = "How spread out the price moves are, in percentage points: about two moves in \
                          three fall within one sd of the mean.";
            move_field(ui, &mut s, "sd ", name, 0.0..=MAX_MOVE, sd_tip);
            Shock::normal(m, s.max(0.0))
        }
        Shock::Triangular { low, mode, high } => {
            let (mut l, mut m, mut h) = (low.get(), mode.get(), high.get());
            move_field(
                ui,
                &mut l,
                "low ",
                name,
                moves.clone(),
                "The largest fall (or smallest rise) you find plausible.",
            );
            move_field(ui, &mut m, "mode ", name, moves.clone(), "The most likely price move.");
            move_field(
                ui,
                &mut h,
                "high ",
                name,
                moves,
                "The largest rise (or smallest fall) you find plausible.",
            );
            m = m.clamp(l.min(h), h.max(l));
            Shock::triangular(l.min(m), m, h.max(m))
        }
        Shock::Uniform { low, high } => {
            let (mut l, mut h) = (low.get(), high.get());
            move_field(ui, &mut l, "low ", name, moves.clone(), "The lowest price move.");
            move_field(ui, &mut h, "high ", name, moves, "The highest price move.");
            Shock::uniform(l.min(h), h.max(l))
        }
    };
    if let Ok(rebuilt) = rebuilt {
        *shock = rebuilt;
    }
    if implied_beside {
        implied_label(ui, shock);
    }
    if let Some(problem) = shock.price_move_problem() {
        ui.colored_label(ui.visuals().error_fg_color, "⚠").on_hover_text(problem);
    }
    *shock != before
}

/// The moves a distribution implies, greyed, with their tooltip; nothing for a fixed move.
pub fn implied_label(ui: &mut egui::Ui, shock: &Shock) {
    if let Some(text) = implied_moves(shock) {
        ui.weak(text).on_hover_text(IMPLIED_TIP);
    }
}

/// "median −3.4%, 5–95%: −6.9% to −0.8%" for a distribution; nothing for a fixed move.
pub fn implied_moves(shock: &Shock) -> Option<String> {
    if matches!(shock, Shock::Fixed(_)) {
        return None;
    }
    let q = |p: f64| move_text(shock.quantile(p), 1);
    Some(format!("median {}, 5–95%: {} to {}", q(0.5), q(0.05), q(0.95)))
}

/// A shock of another distribution with the same mean, kept a valid price move where it can be.
fn switched(kind: &str, mean: f64) -> Option<Shock> {
    use crate::model::MIN_MOVE;
    let made = match kind {
        "Normal" => {
            // Wide enough to see, narrow enough that almost no draw falls below −100%.
            let sd = (mean.abs() / 2.0).max(0.01).min(((mean - MIN_MOVE) / 2.5).max(0.0));
            Shock::normal(mean, sd)
        }
        "Triangular" => Shock::triangular((mean.min(0.0) * 2.0).max(MIN_MOVE), mean, mean.max(0.0) * 2.0),
        "Uniform" => Shock::uniform((mean.min(0.0) * 2.0).max(MIN_MOVE), mean.max(0.0) * 2.0),
        _ => Shock::fixed(mean),
    };
    made.ok()
}

/// A picker over ids shown by name; returns the picked id when it changed.
pub fn id_picker<'a>(
    ui: &mut egui::Ui,
    salt: impl egui::AsIdSalt,
    current: &str,
    options: impl Iterator<Item = (&'a Id, &'a str)>,
    width: f32,
    accessible_name: &str,
) -> Option<Id> {
    let options: Vec<_> = options.collect();
    // An id that names nothing (a typo in the file) is shown as such, to be re-pointed here.
    let shown: egui::WidgetText = match options.iter().find(|(id, _)| id.as_str() == current) {
        Some((_, name)) => (*name).into(),
        None => egui::RichText::new(format!("{current} (unknown)")).color(ui.visuals().error_fg_color).into(),
    };
    let mut picked = None;
    egui::ComboBox::from_id_salt(salt)
        .selected_text(shown)
        .width(width)
        .show_ui(ui, |ui| {
            for (id, name) in options {
                if ui.selectable_label(id.as_str() == current, name).clicked() && id.as_str() != current {
                    picked = Some(id.clone());
                }
            }
        })
        .response
        .accessible_name(accessible_name);
    picked
}

/// A picker that adds one of `options`; shows `text` until something is picked.
pub fn add_picker<'a>(
    ui: &mut egui::Ui,
    salt: &str,
    text: &str,
    options: impl Iterator<Item = (&'a Id, &'a str)>,
) -> Option<Id> {
    let mut picked = None;
    egui::ComboBox::from_id_salt(salt)
        .selected_text(text)
        .show_ui(ui, |ui| {
            for (id, name) in options {
                if ui.selectable_label(false, name).clicked() {
                    picked = Some(id.clone());
                }
            }
        })
        .response
        .accessible_name(text.trim_end_matches('…'));
    picked
}

/// An amount of money, shown with thousands separators; typing "250,000" or "250000" both work.
pub fn money<'a>(value: &'a mut f64, currency: &str) -> egui::DragValue<'a> {
    egui::DragValue::new(value)
        .speed(1000.0)
        .prefix(format!("{currency} "))
        .custom_formatter(|v, _| crate::report::thousands(v))
        .custom_parser(|text| text.replace([',', ' '], "").parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_id_follows_the_name_it_was_made_from() {
        let id = |s: &str| Id::new(s).unwrap();
        assert!(id_follows(&id("new-event"), "New event"));
        assert!(id_follows(&id("new-event-2"), "New event"));
        assert!(!id_follows(&id("new-event-x"), "New event"));
        assert!(!id_follows(&id("new-events"), "New event"));
        assert!(!id_follows(&id("dprk-shells"), "DPRK ships artillery shells to Russia"));
    }

    #[test]
    fn percentages_parse_with_or_without_the_sign() {
        assert_eq!(parse_percent("35%"), Some(0.35));
        assert_eq!(parse_percent(" 12.5 "), Some(0.125));
        assert_eq!(parse_percent("high"), None);
    }

    #[test]
    fn typed_percentages_are_the_exact_fractions() {
        // Dividing by 100 after parsing would round twice: 0.07 * 100 / 100 is not 0.07.
        for (text, value) in [
            ("-20", -0.2),
            ("\u{2212}20%", -0.2),
            ("7", 0.07),
            ("+0.1", 0.001),
            ("-100", -1.0),
            ("14.3", 0.143),
        ] {
            assert_eq!(parse_percent(text), Some(value), "{text}");
        }
        assert_eq!(parse_percent("-"), None);
        assert_eq!(parse_percent("1e400"), None);
        assert_eq!(parse_percent(""), None);
    }

    #[test]
    fn moves_read_with_a_true_minus_and_no_trailing_zeros() {
        assert_eq!(percent_text(-0.2, 4), "\u{2212}20%");
        assert_eq!(percent_text(0.125, 4), "12.5%");
        assert_eq!(percent_text(-0.00001, 2), "0%");
        assert_eq!(move_text(0.1, 1), "+10%");
        assert_eq!(move_text(-1.0, 1), "\u{2212}100%");
        assert_eq!(move_text(0.0, 1), "0%");
    }

    #[test]
    fn a_switched_distribution_keeps_the_mean_and_stays_a_price_move() {
        for mean in [-0.9, -0.3, -0.02, 0.0, 0.15] {
            for kind in ["Normal", "Triangular", "Uniform", "Fixed"] {
                let shock = switched(kind, mean).unwrap();
                assert!(
                    shock.price_move_problem().is_none(),
                    "{kind} {mean}: {:?}",
                    shock.price_move_problem()
                );
                if mean >= -0.5 {
                    assert!((shock.mean() - mean).abs() < 1e-12, "{kind} {mean}");
                }
            }
        }
        let implied = implied_moves(&Shock::uniform(-0.2, 0.2).unwrap()).unwrap();
        assert_eq!(implied, "median 0%, 5\u{2013}95%: \u{2212}18% to +18%");
    }
}
