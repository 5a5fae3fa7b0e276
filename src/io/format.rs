//! RON format: the options every read and write uses, the `format` version check (and where
//! migrations of older formats go), and canonical output.

use super::diagnostic::{Diagnostic, Lines, LoadError, MAX_LISTED};
use super::locate::{locate_key, locate_problems};
use super::printable::{shown, tidy_message};
use super::syntax::{Explained, Missing, explain_missing, offset_of};
use crate::model::validate::{self, Validation};
use crate::model::{FORMAT_VERSION, Scenario, Shock};
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::Deserialize;

/// Optional fields are written bare (`region: "korea"`), so both reading and writing accept
/// implicit `Some`. The default recursion limit stays: without it a deeply nested file would
/// overflow the stack.
fn options() -> ron::Options {
    ron::Options::default().with_default_extension(Extensions::IMPLICIT_SOME)
}

/// Canonical form: struct names, one field per line down to entity level, maps and holdings on
/// one line, four-space indent, a final newline. Stable: save → load → save gives the same bytes.
pub fn to_ron_string(scenario: &Scenario) -> String {
    let config = PrettyConfig::new().struct_names(true).depth_limit(3).indentor("    ".to_owned());
    match options().to_string_pretty(scenario, config) {
        Ok(text) => {
            let mut text = unescape_apostrophes(&text);
            text.push('\n');
            text
        }
        // The model holds only finite numbers and strings: serialising it cannot fail. Should
        // it ever, an empty string would silently destroy a file, so fail loudly instead.
        Err(e) => panic!("serialising a scenario failed: {e}"),
    }
}

/// ron escapes `'` inside double-quoted strings (`Putin\'s`), which reads badly in a file people
/// edit and diff. Inside an escaped string `\'` can only come from an apostrophe (a literal
/// backslash is written `\\`), and the parser accepts a bare `'`, so write it bare.
fn unescape_apostrophes(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let (mut inside, mut chars) = (false, text.chars().peekable());
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                inside = !inside;
                out.push(c);
            }
            '\\' if inside => match chars.next() {
                Some('\'') => out.push('\''),
                Some(escaped) => {
                    out.push('\\');
                    out.push(escaped);
                }
                None => out.push('\\'),
            },
            _ => out.push(c),
        }
    }
    out
}

/// Only the version, read before the rest so a newer file is refused by version rather than by
/// whatever new field it happens to contain first.
#[derive(Deserialize)]
#[serde(rename = "Scenario")]
struct FormatProbe {
    #[serde(default)]
    format: Option<u64>,
}

/// Parses text into a scenario: syntax, types and format version, but not semantic validation.
/// A UTF-8 byte-order mark at the start is ignored, as editors ignore it.
pub fn parse_str(text: &str) -> Result<Scenario, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let probed = options().from_str::<FormatProbe>(text).ok().and_then(|p| p.format);
    // A refused version is reported at its `format:` field, like every other error in a file.
    let at_format = |message: String| match locate_key(text, "format") {
        Some((line, column)) => Diagnostic::at(text, line, column, message),
        None => Diagnostic::message(message),
    };
    match probed {
        Some(version) if version > u64::from(FORMAT_VERSION) => Err(at_format(format!(
            "this file is format {version}, written by a newer georisk; this version reads format \
             {FORMAT_VERSION} and older — update georisk to open it"
        ))),
        Some(0) => Err(at_format(format!(
            "format 0 does not exist; scenario files start at format 1 (this version writes {FORMAT_VERSION})"
        ))),
        // Format 1 has the same shape as format 2; only what its shocks mean differs.
        Some(1) => parse_current(text).map(migrate_from_format_1),
        // Older formats get an arm here: parse with their own frozen types, then migrate.
        _ => parse_current(text),
    }
}

/// Format 1 wrote shocks as log-returns (`Fixed(-0.05)` was a fall of 4.88%); format 2 writes
/// the price move itself. Each number of a shock becomes the price move it meant, `e^x − 1`
/// (a normal's sd by the delta method, `sd·e^mean`), rounded to a millionth (0.0001%), so a
/// fixed shock keeps its meaning exactly to that rounding.
fn migrate_from_format_1(mut scenario: Scenario) -> Scenario {
    fn moved(x: f64) -> f64 {
        (x.exp_m1() * 1e6).round() / 1e6 + 0.0
    }
    fn migrate(shock: &mut Shock) {
        let converted = match *shock {
            Shock::Fixed(v) => Shock::fixed(moved(v.get())),
            Shock::Normal { mean, sd } => {
                Shock::normal(moved(mean.get()), (sd.get() * mean.get().exp() * 1e6).round() / 1e6)
            }
            Shock::Triangular { low, mode, high } => {
                Shock::triangular(moved(low.get()), moved(mode.get()), moved(high.get()))
            }
            Shock::Uniform { low, high } => Shock::uniform(moved(low.get()), moved(high.get())),
        };
        // e^x − 1 is increasing, so the order of low, mode and high survives; a log-return too
        // large for a finite move keeps its old number, and validation then names it.
        if let Ok(converted) = converted {
            *shock = converted;
        }
    }
    for event in &mut scenario.events {
        event.markets.values_mut().for_each(migrate);
    }
    for variant in &mut scenario.variants {
        variant.shocks.values_mut().flat_map(|shocks| shocks.values_mut()).for_each(migrate);
    }
    scenario.format = FORMAT_VERSION;
    scenario
}

fn parse_current(text: &str) -> Result<Scenario, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::message(
            "the file is empty; a scenario needs at least Scenario(title: \"...\")",
        ));
    }
    let options = options();
    let mut deserializer = ron::Deserializer::from_str_with_options(text, &options)
        .map_err(|e| Diagnostic::at(text, e.span.start.line, e.span.start.col, explain(&e.code)))?;
    // The path (`events[2].markets.kospi`) says which field failed; ron's own messages often do
    // not ("Expected float").
    let mut track = serde_path_to_error::Track::new();
    let parsed = Scenario::deserialize(serde_path_to_error::Deserializer::new(&mut deserializer, &mut track))
        .and_then(|scenario| deserializer.end().map(|()| scenario));
    parsed.map_err(|code| {
        let e = deserializer.span_error(code);
        let path = track.path().to_string();
        let (line, column, message) = match missing_punctuation(&e, text) {
            Some(Explained { line, column, message }) => (line, column, message),
            None => {
                let (line, column) = (e.span.start.line, e.span.start.col);
                let mut message = explain_in_context(&e.code, text, line, column, &path);
                // A truncated file mostly fails on whatever token it was cut in ("Expected
                // string"), not with ron's end-of-file error; say what is really wrong.
                if !matches!(e.code, ron::Error::Eof | ron::Error::ExpectedStringEnd)
                    && only_whitespace_from(text, e.span.end.line, e.span.end.col)
                {
                    message.push_str(", but the file ends here; is it truncated?");
                }
                (line, column, message)
            }
        };
        let mut diagnostic = Diagnostic::at(text, line, column, message);
        // `events[5].?`: the last segment is unknown when the error is between fields.
        let path = path.trim_end_matches(".?");
        if !matches!(path, "" | "?" | ".") {
            diagnostic.path = Some(tidy_message(path));
        }
        diagnostic
    })
}

/// A missing comma or closing bracket, placed at the end of the item it should follow and said
/// in words (see `syntax`). Not `kind: Custom()`, a name given brackets, which
/// `explain_in_context` words.
fn missing_punctuation(e: &ron::error::SpannedError, text: &str) -> Option<Explained> {
    let missing = match e.code {
        ron::Error::ExpectedComma => Missing::CommaOrEnd,
        ron::Error::ExpectedStructLikeEnd | ron::Error::ExpectedArrayEnd | ron::Error::ExpectedMapEnd => {
            Missing::End
        }
        ron::Error::Eof => Missing::EndOfFile,
        _ => return None,
    };
    let stop = offset_of(text, e.span.end.line, e.span.end.col);
    if missing != Missing::EndOfFile && text[stop..].starts_with('(') {
        return None;
    }
    explain_missing(text, stop, missing)
}

/// Whether nothing but whitespace follows the 1-based `line` and `column` (a character count).
fn only_whitespace_from(text: &str, line: usize, column: usize) -> bool {
    let mut lines = text.split('\n').skip(line.saturating_sub(1));
    let Some(first) = lines.next() else { return true };
    first.chars().skip(column.saturating_sub(1)).all(char::is_whitespace)
        && lines.all(|rest| rest.trim().is_empty())
}

/// The severities in order, 1 to 5, as a file writes them.
const SEVERITIES: [&str; 5] = ["Negligible", "Minor", "Moderate", "Major", "Severe"];

/// ron's message, made plainer with what the text at the error and the field's path show.
fn explain_in_context(code: &ron::Error, text: &str, line: usize, column: usize, path: &str) -> String {
    let lines = Lines::new(text);
    let here: &str = lines
        .line(line)
        .and_then(|l| l.char_indices().nth(column.saturating_sub(1)).map(|(at, _)| &l[at..]))
        .unwrap_or("");
    let in_regions = path.contains(".regions.") && path.starts_with("events[");
    match code {
        // `"korea": 6`: a severity written as a number.
        ron::Error::SuggestRawIdentifier(found) | ron::Error::InvalidIdentifier(found) if in_regions => {
            let named = found
                .parse::<usize>()
                .ok()
                .and_then(|n| SEVERITIES.get(n.checked_sub(1)?))
                .map(|name| format!("; for {found} write `{name}`"))
                .unwrap_or_default();
            format!(
                "a severity is a name: one of `Negligible`, `Minor`, `Moderate`, `Major` or `Severe` \
                 (1 to 5), found `{}`{named}",
                shown(found)
            )
        }
        // `kind: "Fx"`: a name written as a string.
        ron::Error::ExpectedIdentifier if here.starts_with('"') => {
            let quoted = here[1..].split('"').next().unwrap_or("");
            format!(
                "expected a name written without quotes here, found the string \"{0}\"; write `{0}`",
                shown(quoted)
            )
        }
        // `kind: Custom()`: brackets after a name that takes no fields.
        ron::Error::ExpectedComma
        | ron::Error::ExpectedStructLikeEnd
        | ron::Error::ExpectedArrayEnd
        | ron::Error::ExpectedMapEnd
            if here.starts_with('(') =>
        {
            let before = lines.line(line).map_or("", |l| {
                let at = l.len() - here.len();
                &l[..at]
            });
            let name: String = before
                .chars()
                .rev()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect();
            if name.is_empty() {
                explain(code)
            } else {
                format!("`{name}` takes no fields; write it without brackets: `{name}`")
            }
        }
        // `id: "ömx"`: "letters" means ASCII letters, which the message should say.
        ron::Error::Message(message)
            if message.contains("may only use letters, digits") && !message.is_ascii() =>
        {
            let other = message.chars().find(|c| !c.is_ascii()).unwrap_or('?');
            format!(
                "{message}; only ASCII letters a-z and A-Z count, and `{}` is not ASCII",
                shown(other.encode_utf8(&mut [0; 4]))
            )
        }
        _ => explain(code),
    }
}

/// ron's messages, made plainer where they are cryptic.
fn explain(code: &ron::Error) -> String {
    match code {
        ron::Error::ExceededRecursionLimit => {
            "nesting is too deep; scenario files are never nested this deeply".to_owned()
        }
        // `{"korea": 7}`: ron's own text suggests a raw identifier `r#7`, which helps nobody here.
        ron::Error::SuggestRawIdentifier(found) | ron::Error::InvalidIdentifier(found) => format!(
            "expected a name written without quotes here (like `Moderate` or `EquityIndex`), found `{found}`"
        ),
        ron::Error::TrailingCharacters => {
            "there is more text after the scenario's closing bracket; is a bracket closed too early?"
                .to_owned()
        }
        ron::Error::Eof => {
            "the file ends too early; is it truncated or missing a closing bracket?".to_owned()
        }
        ron::Error::ExpectedStringEnd => "the file ends inside this string, whose closing `\"` is \
                                          missing; is the file truncated?"
            .to_owned(),
        ron::Error::MissingStructField { field, outer } => match outer {
            Some(outer) => format!("`{outer}` needs a `{field}` field, which is missing here"),
            None => format!("the required field `{field}` is missing here"),
        },
        other => other.to_string(),
    }
}

/// Parses and validates: the scenario, or every problem found, each with a position when one
/// can be found.
///
/// At most [`MAX_LISTED`] problems are listed, located and given an excerpt; the rest are
/// counted in `LoadError::more`.
pub fn load_str(text: &str, origin: &str) -> Result<Scenario, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let scenario = parse_str(text).map_err(|d| LoadError::single(origin, d))?;
    let Validation { mut problems, total } = validate::check(&scenario);
    if total == 0 {
        return Ok(scenario);
    }
    problems.truncate(MAX_LISTED);
    let positions = locate_problems(text, &scenario, &problems);
    let lines = Lines::new(text);
    let diagnostics: Vec<Diagnostic> = problems
        .iter()
        .zip(positions)
        .map(|(p, position)| Diagnostic::from_problem(p, position, &lines))
        .collect();
    let more = total.saturating_sub(diagnostics.len());
    Err(LoadError { origin: origin.to_owned(), diagnostics, more })
}

/// Line and column of the first `//` or `/*` comment outside a string, if any.
pub fn first_comment(text: &str) -> Option<(usize, usize)> {
    let (mut inside, mut escaped) = (false, false);
    let (mut line, mut column) = (1, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        column += 1;
        if c == '\n' {
            line += 1;
            column = 0;
            continue;
        }
        if inside {
            match (escaped, c) {
                (true, _) => escaped = false,
                (false, '\\') => escaped = true,
                (false, '"') => inside = false,
                _ => {}
            }
        } else if c == '"' {
            inside = true;
        } else if c == '/' && matches!(chars.peek(), Some('/' | '*')) {
            return Some((line, column));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apostrophes_are_written_bare_and_read_back_exactly() {
        let mut scenario = Scenario::new("Putin's visit");
        let tricky = ["it's", "a\\'b", "back\\slash'", "quote \" and ' mixed", "\\\\'"];
        scenario.notes = Some(tricky.join(" | "));
        let text = to_ron_string(&scenario);
        assert!(text.contains("title: \"Putin's visit\""), "{text}");
        let back = parse_str(&text).unwrap();
        assert_eq!(back, scenario);
        assert_eq!(to_ron_string(&back), text);
    }

    #[test]
    fn format_1_shocks_become_the_price_moves_they_meant() {
        let text = "Scenario(format: 1, title: \"t\", markets: [Market(id: \"m\")], events: [Event(id: \"e\", \
                    likelihood: 0.5, markets: {\"m\": Fixed(-0.6931471805599453)})], variants: [Variant(name: \"v\", \
                    shocks: {\"e\": {\"m\": Triangular(low: -0.1, mode: 0.0, high: 0.1)}})])";
        let scenario = parse_str(text).unwrap();
        assert_eq!(scenario.format, FORMAT_VERSION);
        // A log-return of ln(0.5) halves the price: a move of exactly −50%.
        assert_eq!(scenario.events[0].markets.values().next(), Some(&Shock::fixed(-0.5).unwrap()));
        let migrated = scenario.variants[0].shocks.values().next().and_then(|s| s.values().next()).copied();
        assert_eq!(migrated, Some(Shock::triangular(-0.095163, 0.0, 0.105171).unwrap()));
        // Saved again, the file is format 2 and means the same.
        let again = parse_str(&to_ron_string(&scenario)).unwrap();
        assert_eq!(again, scenario);
    }

    #[test]
    fn empty_kind_fields_and_names_are_left_out() {
        let text = "Scenario(title: \"t\", events: [Event(id: \"s\", kind: Summit(), likelihood: 0.5)])";
        let saved = to_ron_string(&parse_str(text).unwrap());
        assert!(saved.contains("kind: Summit(),"), "{saved}");
        assert!(!saved.contains("name:"), "{saved}");
    }
}
