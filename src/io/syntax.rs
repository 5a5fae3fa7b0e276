//! Syntax errors in words: where a missing comma or closing bracket belongs and what was
//! expected there. ron reports a missing comma where the next item starts, often on the line
//! after; this reads the text up to that point (brackets, strings and comments, nothing more)
//! to point at the end of the previous item instead and to name it (`the likelihood field`).

use super::locate::line_column;
use super::printable::shown;

/// A syntax error, said in words, at the 1-based line and column where the fix goes.
#[derive(Debug, PartialEq, Eq)]
pub struct Explained {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

/// What ron stopped at, when the fix is a missing comma or closing bracket.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Missing {
    /// A comma or the closing bracket (ron's `ExpectedComma`).
    CommaOrEnd,
    /// The closing bracket only: a newtype like `Fixed(…)` holds one value.
    End,
    /// The text ends inside brackets (ron's `Eof`).
    EndOfFile,
}

/// Words and the place for a missing comma or bracket, found by reading `text` up to the byte
/// offset `stop` where ron stopped. `None` when the text there does not fit the picture (no
/// bracket is open, or the previous item is not complete), so ron's own message is kept.
pub fn explain_missing(text: &str, stop: usize, missing: Missing) -> Option<Explained> {
    let stop = stop.min(text.len());
    // ron asks for a comma at the end of the text when it ends after a complete item.
    let missing = if text[stop..].trim().is_empty() { Missing::EndOfFile } else { missing };
    let scan = scan(text, stop);
    let frame = scan.frames.last()?;
    let close = closing(frame.open);
    let item = frame.item_start.map(|start| text[start..scan.last_end].trim_end());
    // `likelihood:` with nothing after it: a value is missing, not a comma.
    if item.is_some_and(|item| item.is_empty() || item.ends_with(':')) {
        return None;
    }
    let after = item.map(|item| describe(frame, item));
    let message = match (missing, after) {
        (Missing::CommaOrEnd, Some(after)) => format!("expected a comma or `{close}` after {after}"),
        (Missing::End, Some(after)) => format!("expected `{close}` after {after}"),
        (Missing::CommaOrEnd | Missing::End, None) => return None,
        (Missing::EndOfFile, after) => {
            let (opened, _) = line_column(text, frame.at);
            let open = scan.frames.len();
            let still = if open == 1 {
                String::new()
            } else {
                format!(" ({open} brackets are still open; this is the innermost)")
            };
            let wanted = match after {
                Some(after) => format!("a comma or `{close}` after {after}"),
                None => format!("`{close}` here"),
            };
            format!(
                "the file ends before {} from line {opened} is closed{still}: expected {wanted}; is \
                 the file truncated or missing a closing bracket?",
                frame.opening()
            )
        }
    };
    let (line, column) = line_column(text, scan.last_end);
    Some(Explained { line, column, message })
}

/// The byte offset of a 1-based line and column (a character count), as ron reports them; the
/// end of the line or of the text when the column or line is beyond it.
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let start = match line.checked_sub(2) {
        None => 0,
        Some(newlines) => match text.match_indices('\n').nth(newlines) {
            Some((at, _)) => at + 1,
            None => return text.len(),
        },
    };
    let line = text[start..].split('\n').next().unwrap_or("");
    line.char_indices().nth(column.saturating_sub(1)).map_or(start + line.len(), |(at, _)| start + at)
}

/// An open bracket, what it belongs to, and where the item being read inside it starts.
struct Frame {
    open: char,
    /// Byte offset of the bracket.
    at: usize,
    /// The name written before it: `Event` for `Event(`.
    name: Option<String>,
    /// The field or key it is the value of: `events` for `events: [`.
    field: Option<String>,
    /// Byte offset of the current item's first character; `None` right after the bracket or a
    /// comma.
    item_start: Option<usize>,
}

impl Frame {
    /// `` `Event(` `` or `` the `[` of `events` ``.
    fn opening(&self) -> String {
        match (&self.name, &self.field) {
            (Some(name), _) => format!("`{}{}`", shown(name), self.open),
            (None, Some(field)) => format!("the `{}` of `{}`", self.open, shown(field)),
            (None, None) => format!("a `{}`", self.open),
        }
    }
}

struct Scan {
    /// The brackets still open at the stop, outermost first.
    frames: Vec<Frame>,
    /// Byte offset just past the last character that is neither whitespace nor in a comment.
    last_end: usize,
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Reads `text[..stop]` as far as brackets, commas, strings and comments go.
fn scan(text: &str, stop: usize) -> Scan {
    let bytes = &text.as_bytes()[..stop];
    let mut scan = Scan { frames: Vec::new(), last_end: 0 };
    let mut i = 0;
    while i < stop {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'/' && bytes.get(i + 1) == Some(&b'/') {
            i = bytes[i..].iter().position(|&b| b == b'\n').map_or(stop, |n| i + n);
            continue;
        }
        if c == b'/' && bytes.get(i + 1) == Some(&b'*') {
            i = block_comment_end(bytes, i);
            continue;
        }
        match c {
            b',' => {
                if let Some(frame) = scan.frames.last_mut() {
                    frame.item_start = None;
                }
                i += 1;
            }
            b')' | b']' | b'}' => {
                scan.frames.pop();
                i += 1;
            }
            _ => {
                if let Some(frame) = scan.frames.last_mut() {
                    frame.item_start.get_or_insert(i);
                }
                i = match c {
                    b'(' | b'[' | b'{' => {
                        let frame = open_frame(text, &scan.frames, i);
                        scan.frames.push(frame);
                        i + 1
                    }
                    b'"' | b'\'' => quoted_end(bytes, i),
                    b'r' if raw_string_start(bytes, i) => raw_string_end(bytes, i),
                    _ => i + text[i..].chars().next().map_or(1, char::len_utf8),
                };
            }
        }
        scan.last_end = i.min(stop);
    }
    scan
}

/// A frame for the bracket at `at`, named from the item it opens in.
fn open_frame(text: &str, frames: &[Frame], at: usize) -> Frame {
    let before = frames.last().and_then(|f| f.item_start).map_or(&text[..at], |start| &text[start..at]);
    let name: String = {
        let trimmed = before.trim_end();
        let start = trimmed.len() - trimmed.chars().rev().take_while(|&c| is_ident_char(c)).count();
        trimmed[start..].to_owned()
    };
    let field = frames.last().and_then(|_| leading_key(before)).map(str::to_owned);
    Frame {
        open: char::from(text.as_bytes()[at]),
        at,
        name: (!name.is_empty()).then_some(name),
        field,
        item_start: None,
    }
}

/// `likelihood` for `likelihood: 0.5`, `"kospi"` for `"kospi": Fixed(…)`.
fn leading_key(item: &str) -> Option<&str> {
    let key_len = if let Some(quoted) = item.strip_prefix('"') {
        quoted.find('"')? + 2
    } else {
        item.chars().take_while(|&c| is_ident_char(c)).count()
    };
    let (key, rest) = item.split_at(key_len);
    let rest = rest.trim_start();
    (!key.is_empty() && rest.starts_with(':') && !rest.starts_with("::")).then_some(key)
}

/// The previous item in words: `the `likelihood` field`, `the entry for "kospi"`,
/// `` `Event(…)` in the `events` list ``.
fn describe(frame: &Frame, item: &str) -> String {
    if let Some(key) = leading_key(item) {
        return match frame.open {
            '{' => format!("the entry for {}", shown(key)),
            _ => format!("the `{}` field", shown(key)),
        };
    }
    let ident: String = item.chars().take_while(|&c| is_ident_char(c)).collect();
    let value = if !ident.is_empty() && item[ident.len()..].trim_start().starts_with('(') {
        format!("`{}(…)`", shown(&ident))
    } else if item.chars().count() <= 40 && !item.contains('\n') {
        format!("`{}`", shown(item))
    } else {
        "the item that ends here".to_owned()
    };
    match (frame.open, &frame.field) {
        ('[', Some(field)) => format!("{value} in the `{}` list", shown(field)),
        _ => value,
    }
}

/// The offset after the string or character literal starting at `at` (its closing quote, or the
/// end when it is not closed).
fn quoted_end(bytes: &[u8], at: usize) -> usize {
    let quote = bytes[at];
    let mut i = at + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return i + 1,
            _ => i += 1,
        }
    }
    bytes.len()
}

/// Whether `r` at `at` starts a raw string (`r"…"`, `r#"…"#`) rather than ends a name.
fn raw_string_start(bytes: &[u8], at: usize) -> bool {
    let after_name = at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_');
    let hashes = bytes[at + 1..].iter().take_while(|&&b| b == b'#').count();
    !after_name && bytes.get(at + 1 + hashes) == Some(&b'"')
}

fn raw_string_end(bytes: &[u8], at: usize) -> usize {
    let hashes = bytes[at + 1..].iter().take_while(|&&b| b == b'#').count();
    let body = at + 2 + hashes;
    let mut i = body;
    while i < bytes.len() {
        if bytes[i] == b'"' && bytes[i + 1..].iter().take(hashes).filter(|&&b| b == b'#').count() == hashes {
            return i + 1 + hashes;
        }
        i += 1;
    }
    bytes.len()
}

/// The offset after the block comment starting at `at`; ron nests block comments.
fn block_comment_end(bytes: &[u8], at: usize) -> usize {
    let (mut depth, mut i) = (0usize, at);
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return i;
                }
            }
            _ => i += 1,
        }
    }
    bytes.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str, marker: &str, missing: Missing) -> Explained {
        let stop = text.find(marker).unwrap_or(text.len());
        explain_missing(&text.replacen(marker, "", 1), stop, missing).expect("explained")
    }

    #[test]
    fn a_missing_comma_is_placed_after_the_previous_field_past_comments() {
        let text = "A(x: 1, // one\n  y: \"a, (b\" /* c */\n  @z: 2)";
        let e = at(text, "@", Missing::CommaOrEnd);
        assert_eq!(
            (e.line, e.column, e.message.as_str()),
            (2, 13, "expected a comma or `)` after the `y` field")
        );
    }

    #[test]
    fn list_items_and_map_entries_are_named() {
        let e = at("A(events: [E(id: \"a\") @E(id: \"b\")])", "@", Missing::CommaOrEnd);
        assert_eq!(e.message, "expected a comma or `]` after `E(…)` in the `events` list");
        assert_eq!((e.line, e.column), (1, 22));
        let e = at("A(m: {\"k\": 1 @\"j\": 2})", "@", Missing::CommaOrEnd);
        assert_eq!(e.message, "expected a comma or `}` after the entry for \"k\"");
        let e = at("A(s: Fixed(0.1 @0.2))", "@", Missing::End);
        assert_eq!(e.message, "expected `)` after `0.1`");
    }

    #[test]
    fn the_end_of_the_file_names_the_innermost_open_bracket() {
        let e = at("A(\n  b: [\n    r\"x)\"", "@", Missing::EndOfFile);
        assert_eq!((e.line, e.column), (3, 10));
        assert!(
            e.message.starts_with("the file ends before the `[` of `b` from line 2 is closed (2 brackets"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("expected a comma or `]` after `r\"x)\"` in the `b` list"),
            "{}",
            e.message
        );
    }

    #[test]
    fn a_value_that_is_missing_is_left_to_ron() {
        assert_eq!(explain_missing("A(x: ", 5, Missing::EndOfFile), None);
        assert_eq!(explain_missing("x y", 2, Missing::CommaOrEnd), None);
    }

    #[test]
    fn offsets_follow_rons_lines_and_character_columns() {
        let text = "ab\nçd\ne";
        assert_eq!(offset_of(text, 1, 1), 0);
        assert_eq!(offset_of(text, 2, 2), 5);
        assert_eq!(offset_of(text, 3, 1), 7);
        assert_eq!(offset_of(text, 3, 2), 8);
        assert_eq!(offset_of(text, 9, 1), 8);
        assert_eq!(offset_of(text, 2, 9), 6);
    }
}
