//! Terminal output that a shared file cannot take over: everything the command line writes goes
//! through [`Printable`], which writes control and bidirectional characters as escapes
//! (`\u{1b}`, `\u{202e}`), keeping only line feeds and tabs. Values put into sentences are also
//! elided when long ([`shown`]).

pub use georisk::io::printable::shown;
use georisk::io::printable::{escape_except, is_unsafe};
use std::io::{self, Write};

/// How unsafe characters are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `\u{202e}`, for people.
    Text,
    /// `\u202e`, which is the same character to a JSON reader: JSON output stays valid and
    /// means the same, and is still safe to print. (serde_json escapes C0 controls itself.)
    Json,
}

/// A writer that escapes what a terminal would obey. Text may arrive in pieces that split a
/// character; the incomplete end of a piece is held until the rest comes.
pub struct Printable<W: Write> {
    inner: W,
    style: Style,
    pending: Vec<u8>,
}

impl<W: Write> Printable<W> {
    pub fn new(inner: W, style: Style) -> Printable<W> {
        Printable { inner, style, pending: Vec::new() }
    }

    fn write_text(&mut self, text: &str) -> io::Result<()> {
        let keep = |c: char| c == '\n' || c == '\t';
        match self.style {
            Style::Text => self.inner.write_all(escape_except(text, keep).as_bytes()),
            Style::Json => {
                if !text.chars().any(|c| is_unsafe(c) && !keep(c)) {
                    return self.inner.write_all(text.as_bytes());
                }
                let mut out = String::with_capacity(text.len() + 16);
                for c in text.chars() {
                    if is_unsafe(c) && !keep(c) {
                        // Every unsafe character is in the Basic Multilingual Plane.
                        out.push_str(&format!("\\u{:04x}", u32::from(c)));
                    } else {
                        out.push(c);
                    }
                }
                self.inner.write_all(out.as_bytes())
            }
        }
    }
}

impl<W: Write> Write for Printable<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.pending.extend_from_slice(buf);
        let bytes = std::mem::take(&mut self.pending);
        let valid = match std::str::from_utf8(&bytes) {
            Ok(_) => bytes.len(),
            // An incomplete character at the end waits for the next write; anything else that is
            // not UTF-8 is written as the replacement character.
            Err(e) if e.error_len().is_none() => e.valid_up_to(),
            Err(_) => bytes.len(),
        };
        let text = String::from_utf8_lossy(&bytes[..valid]).into_owned();
        self.write_text(&text)?;
        self.pending = bytes[valid..].to_vec();
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.pending.is_empty() {
            let rest = String::from_utf8_lossy(&std::mem::take(&mut self.pending)).into_owned();
            self.write_text(&rest)?;
        }
        self.inner.flush()
    }
}

impl<W: Write> Drop for Printable<W> {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn through(style: Style, pieces: &[&[u8]]) -> String {
        let mut out = Vec::new();
        {
            let mut w = Printable::new(&mut out, style);
            for piece in pieces {
                w.write_all(piece).unwrap();
            }
        }
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn escapes_controls_and_overrides_but_keeps_line_feeds_and_tabs() {
        let text = "Title\t\u{1b}[2J\u{202e}tnerb\r\n";
        assert_eq!(through(Style::Text, &[text.as_bytes()]), "Title\t\\u{1b}[2J\\u{202e}tnerb\\u{d}\n");
        assert_eq!(through(Style::Json, &[text.as_bytes()]), "Title\t\\u001b[2J\\u202etnerb\\u000d\n");
    }

    #[test]
    fn a_character_split_between_writes_is_kept_whole() {
        let bytes = "a\u{202e}b平".as_bytes();
        for cut in 0..bytes.len() {
            assert_eq!(through(Style::Text, &[&bytes[..cut], &bytes[cut..]]), "a\\u{202e}b平", "cut {cut}");
        }
    }

    #[test]
    fn json_escapes_read_back_as_the_same_text() {
        let value = serde_json::json!({"title": "\u{202e}x\u{85}"});
        let text = serde_json::to_string(&value).unwrap();
        let safe = through(Style::Json, &[text.as_bytes()]);
        assert!(!safe.contains('\u{202e}') && !safe.contains('\u{85}'));
        let back: serde_json::Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, value);
    }
}
