//! Text from files, made safe to print. A scenario file comes from someone else: its titles,
//! names, ids and notes may hold escape sequences (which clear a terminal or recolour it), NUL,
//! or right-to-left overrides (which make `"\u{202e}tnerb"` display as "brent"). Before any such
//! text reaches a terminal or an error message, those characters are written as escapes
//! (`\u{202e}`), and a value too long to read is cut with its length said.

use std::borrow::Cow;

/// A value longer than this many characters is elided in messages.
pub const MAX_VALUE_CHARS: usize = 80;

/// A message longer than this many characters is cut in the middle.
pub const MAX_MESSAGE_CHARS: usize = 1000;

/// Whether a character must never reach a terminal raw: control characters (C0, DEL, C1 —
/// ESC among them), bidirectional embeddings, overrides, isolates and marks, zero-width
/// characters, line and paragraph separators, and the byte-order mark.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
                | '\u{fff9}'..='\u{fffb}'
        )
}

/// `text` with every unsafe character written `\u{1b}`; borrowed when nothing needed escaping.
pub fn escape(text: &str) -> Cow<'_, str> {
    escape_except(text, |_| false)
}

/// [`escape`], keeping the characters `keep` accepts (line feeds and tabs in a table, say).
pub fn escape_except(text: &str, keep: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        push_escaped(&mut out, c, &keep);
    }
    Cow::Owned(out)
}

fn push_escaped(out: &mut String, c: char, keep: &impl Fn(char) -> bool) {
    if is_unsafe(c) && !keep(c) {
        out.push_str(&format!("\\u{{{:x}}}", u32::from(c)));
    } else {
        out.push(c);
    }
}

/// A value as it may be shown: escaped, and if longer than [`MAX_VALUE_CHARS`] characters, its
/// start followed by `…` and its length (`abcd… (10,485,760 characters)`).
pub fn shown(value: &str) -> String {
    let mut chars = value.char_indices();
    match chars.nth(MAX_VALUE_CHARS) {
        None => escape(value).into_owned(),
        Some(_) => {
            let keep = value.char_indices().nth(MAX_VALUE_CHARS / 2).map_or(value.len(), |(at, _)| at);
            let count = value.chars().count();
            format!("{}… ({} characters)", escape(&value[..keep]), thousands(count))
        }
    }
}

/// A message as it may be shown: escaped (a message is one line, so line feeds too), every
/// quoted value (`"..."` or `` `...` ``) longer than [`MAX_VALUE_CHARS`] elided as by [`shown`],
/// and the whole cut in the middle if it is still longer than [`MAX_MESSAGE_CHARS`].
pub fn tidy_message(message: &str) -> String {
    let elided = elide_quoted(message);
    let escaped = escape(&elided);
    let count = escaped.chars().count();
    if count <= MAX_MESSAGE_CHARS {
        return escaped.into_owned();
    }
    let head_chars = MAX_MESSAGE_CHARS * 2 / 3;
    let tail_chars = MAX_MESSAGE_CHARS / 4;
    let head_end = escaped.char_indices().nth(head_chars).map_or(escaped.len(), |(at, _)| at);
    let tail_start = escaped.char_indices().nth(count - tail_chars).map_or(escaped.len(), |(at, _)| at);
    format!(
        "{} … ({} characters left out) … {}",
        &escaped[..head_end],
        thousands(count - head_chars - tail_chars),
        &escaped[tail_start..]
    )
}

/// Every `"..."` or `` `...` `` segment longer than [`MAX_VALUE_CHARS`] replaced as [`shown`]
/// would show it. Backslash-escaped quotes inside a segment do not end it.
fn elide_quoted(message: &str) -> Cow<'_, str> {
    if message.len() <= MAX_VALUE_CHARS {
        return Cow::Borrowed(message);
    }
    let mut out = String::with_capacity(message.len().min(4 * MAX_MESSAGE_CHARS));
    let bytes = message.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < bytes.len() {
        let quote = bytes[i];
        if quote != b'"' && quote != b'`' {
            i += 1;
            continue;
        }
        // Find the closing quote of this segment.
        let mut j = i + 1;
        while j < bytes.len() && bytes[j] != quote {
            j += if bytes[j] == b'\\' { 2 } else { 1 };
        }
        let end = j.min(bytes.len());
        let inner = &message[i + 1..end];
        if inner.chars().nth(MAX_VALUE_CHARS).is_some() {
            out.push_str(&message[copied..=i]);
            out.push_str(&shown(inner));
            copied = end;
        }
        i = end + 1;
    }
    if copied == 0 {
        return Cow::Borrowed(message);
    }
    out.push_str(&message[copied..]);
    Cow::Owned(out)
}

/// `9800` → `9,800`.
pub fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_nul_and_overrides_are_written_as_escapes() {
        assert_eq!(escape("\u{1b}[2Jclear"), "\\u{1b}[2Jclear");
        assert_eq!(escape("a\0b"), "a\\u{0}b");
        assert_eq!(escape("\u{202e}tnerb"), "\\u{202e}tnerb");
        assert_eq!(escape("line\nfeed\r"), "line\\u{a}feed\\u{d}");
        assert_eq!(escape("\u{85}\u{9b}"), "\\u{85}\\u{9b}");
        assert!(matches!(escape("Putin’s visit — Pyongyang, 평양"), Cow::Borrowed(_)));
        assert_eq!(escape_except("a\tb\nc\u{1b}", |c| c == '\n' || c == '\t'), "a\tb\nc\\u{1b}");
    }

    #[test]
    fn long_values_are_elided_with_their_length() {
        let long = "x".repeat(10 * 1024 * 1024);
        let s = shown(&long);
        assert!(s.ends_with("… (10,485,760 characters)"), "{}", &s[..60]);
        assert!(s.chars().count() < 80);
        assert_eq!(shown("kospi"), "kospi");
    }

    #[test]
    fn messages_elide_long_quoted_values_and_are_capped() {
        let id = "y".repeat(5000);
        let message = format!("id \"{id}\" is longer than 64 characters");
        let tidy = tidy_message(&message);
        assert!(tidy.starts_with("id \"yyy"), "{tidy}");
        assert!(tidy.ends_with("… (5,000 characters)\" is longer than 64 characters"), "{tidy}");
        let cycle: Vec<String> = (0..10_000).map(|i| format!("\"e{i}\"")).collect();
        let message = format!("links form a cycle: {}; links must not loop back", cycle.join(" -> "));
        let tidy = tidy_message(&message);
        assert!(tidy.chars().count() < MAX_MESSAGE_CHARS + 60, "{}", tidy.len());
        assert!(tidy.contains("characters left out"));
        assert!(tidy.ends_with("links must not loop back"));
        assert_eq!(tidy_message("plain \u{202e}"), "plain \\u{202e}");
    }

    #[test]
    fn thousands_groups_digits() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(9_800), "9,800");
        assert_eq!(thousands(10_485_760), "10,485,760");
    }
}
