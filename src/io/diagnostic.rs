//! Problems found while loading a file, each with where (line and column when known, the item
//! path for semantic problems) and what, safe to print and bounded in size.

use super::printable::{escape, escape_except, thousands, tidy_message};
use crate::model::{Item, Problem};
use std::fmt;

/// One problem in a file. Everything in it is safe to print: file-derived text is escaped and
/// long values are elided when the diagnostic is made (see `printable`), and it keeps no copy of
/// the file's lines, only a short excerpt around the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// 1-based line and column, when the problem can be pinned to a place in the text.
    pub line: Option<usize>,
    pub column: Option<usize>,
    /// The item a semantic problem is about, for the app to jump to.
    pub item: Option<Item>,
    /// `events[3] "dprk-test"` for semantic problems.
    pub path: Option<String>,
    pub message: String,
    /// At most 200 characters of the offending line around the column, to show under the message.
    /// Boxed, so that a `Result<_, Diagnostic>` stays small.
    pub excerpt: Option<Box<Excerpt>>,
}

/// Part of the offending line, escaped, and the padding that puts a caret under the column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Excerpt {
    pub shown: String,
    pub caret: String,
}

impl Diagnostic {
    pub fn message(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: None,
            column: None,
            item: None,
            path: None,
            message: tidy_message(&message.into()),
            excerpt: None,
        }
    }

    /// A problem at a 1-based line and column of `text`.
    pub fn at(text: &str, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let source = text.lines().nth(line.saturating_sub(1));
        Diagnostic::on_line(source, line, column, message)
    }

    /// A problem at a 1-based line and column, given the text of that line.
    pub fn on_line(
        source: Option<&str>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        Diagnostic {
            line: Some(line),
            column: Some(column),
            excerpt: source.map(|source| Box::new(excerpt(source, column))),
            ..Diagnostic::message(message)
        }
    }

    pub fn from_problem(
        problem: &Problem,
        position: Option<(usize, usize)>,
        lines: &Lines<'_>,
    ) -> Diagnostic {
        let mut d = match position {
            Some((line, column)) => Diagnostic::on_line(lines.line(line), line, column, &problem.message),
            None => Diagnostic::message(&problem.message),
        };
        d.item = Some(problem.item);
        d.path = Some(tidy_message(&problem.path));
        d
    }

    /// The shown part of the offending line (escaped, at most 200 characters around the column).
    pub fn source_line(&self) -> Option<String> {
        self.excerpt.as_ref().map(|e| e.shown.clone())
    }

    /// `12:5` or an empty string.
    pub fn position(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{line}:{column}"),
            _ => String::new(),
        }
    }

    /// `origin:line:column: path: message`, then the offending line with a caret under the column.
    /// The origin (a file name, which may hold any character) is escaped here.
    pub fn render(&self, origin: &str) -> String {
        let mut out = escape(origin).into_owned();
        if let (Some(line), Some(column)) = (self.line, self.column) {
            out.push_str(&format!(":{line}:{column}"));
        }
        out.push_str(": ");
        if let Some(path) = &self.path {
            out.push_str(path);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let (Some(excerpt), Some(line)) = (&self.excerpt, self.line) {
            let gutter = line.to_string().len();
            out.push_str(&format!(
                "\n{:gutter$} |\n{line} | {}\n{:gutter$} | {}^",
                "", excerpt.shown, "", excerpt.caret
            ));
        }
        out
    }
}

/// The lines of a text, found once, so that many diagnostics do not each scan it from the start.
pub struct Lines<'t> {
    text: &'t str,
    starts: Vec<usize>,
}

impl<'t> Lines<'t> {
    pub fn new(text: &'t str) -> Lines<'t> {
        let starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        Lines { text, starts }
    }

    /// The 1-based `line`, without its line ending.
    pub fn line(&self, line: usize) -> Option<&'t str> {
        let start = *self.starts.get(line.checked_sub(1)?)?;
        let end = self.starts.get(line).map_or(self.text.len(), |&next| next - 1);
        let text = &self.text[start..end];
        Some(text.strip_suffix('\r').unwrap_or(text))
    }
}

/// At most this many characters of the offending line are shown.
const EXCERPT_CHARS: usize = 200;

/// The part of a line to show around a 1-based column, and the padding that puts a caret under
/// it. A long line is cut to a window around the column (marked with `…`), so the caret still
/// points at the problem and not at the end of the first 200 characters. Unsafe characters are
/// escaped, and the caret moves past their escapes. Costs the length of the line up to the
/// window, never a copy of the line.
fn excerpt(source: &str, column: usize) -> Excerpt {
    let at = column.saturating_sub(1);
    let start = if at < EXCERPT_CHARS { 0 } else { at - EXCERPT_CHARS / 2 };
    let mut window = source.chars().skip(start);
    let (mut shown, mut caret) = (String::new(), String::new());
    if start > 0 {
        shown.push('…');
        caret.push(' ');
    }
    for (i, c) in window.by_ref().take(EXCERPT_CHARS).enumerate() {
        let escaped = escape_except(c.encode_utf8(&mut [0; 4]), |c| c == '\t').into_owned();
        if start + i < at {
            if c == '\t' {
                caret.push('\t');
            } else {
                caret.push_str(&" ".repeat(escaped.chars().count()));
            }
        }
        shown.push_str(&escaped);
    }
    if window.next().is_some() {
        shown.push('…');
    }
    Excerpt { shown, caret }
}

/// The most problems listed for one file; the rest are counted ("… and 9,800 more").
pub const MAX_LISTED: usize = 200;

/// Why a file could not be loaded (or loaded with semantic problems), with the problems found:
/// at most [`MAX_LISTED`] of them, and how many more there are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file's path, or a name like `<bundled example>`.
    pub origin: String,
    pub diagnostics: Vec<Diagnostic>,
    /// Problems found but not listed.
    pub more: usize,
}

impl LoadError {
    pub fn single(origin: impl Into<String>, diagnostic: Diagnostic) -> LoadError {
        LoadError { origin: origin.into(), diagnostics: vec![diagnostic], more: 0 }
    }

    /// How many problems were found, listed or not.
    pub fn total(&self) -> usize {
        self.diagnostics.len() + self.more
    }
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, d) in self.diagnostics.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            f.write_str(&d.render(&self.origin))?;
        }
        if self.more > 0 {
            write!(
                f,
                "\n{}: … and {} more problem{} (only the first {} are listed)",
                escape(&self.origin),
                thousands(self.more),
                if self.more == 1 { "" } else { "s" },
                self.diagnostics.len()
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for LoadError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_position_line_and_caret() {
        let text = "Scenario(\n    title: 5,\n)";
        let d = Diagnostic::at(text, 2, 12, "expected a string");
        assert_eq!(
            d.render("x.ron"),
            "x.ron:2:12: expected a string\n  |\n2 |     title: 5,\n  |            ^"
        );
    }

    #[test]
    fn a_long_line_is_cut_around_the_column_and_the_caret_stays_under_it() {
        let line = format!("{}BAD{}", "a".repeat(1000), "z".repeat(1000));
        let d = Diagnostic::at(&line, 1, 1001, "here");
        let rendered = d.render("x.ron");
        let lines: Vec<&str> = rendered.lines().collect();
        let (shown, caret) = (lines[2], lines[3]);
        assert!(!shown.contains('\u{1b}'));
        assert!(shown.chars().count() < 220, "{shown}");
        assert!(shown.starts_with("1 | …") && shown.ends_with('…'));
        let caret_column = caret.chars().count() - 1;
        assert_eq!(shown.chars().nth(caret_column), Some('B'));
    }
}

#[cfg(test)]
mod escaping {
    use super::*;

    #[test]
    fn the_excerpt_escapes_what_a_terminal_would_obey_and_the_caret_stays_under_the_column() {
        let text = "Scenario(title: \"\u{1b}[2J\u{202e}x\", horizon: 5)";
        let chars_before = text[..text.find("horizon").unwrap()].chars().count();
        let d = Diagnostic::at(text, 1, chars_before + 1, "Unexpected field");
        let rendered = d.render("x.ron");
        assert!(!rendered.contains('\u{1b}') && !rendered.contains('\u{202e}'), "{rendered}");
        let lines: Vec<&str> = rendered.lines().collect();
        let caret_column = lines[3].chars().count() - 1;
        assert_eq!(&lines[2][caret_column..caret_column + 7], "horizon", "{rendered}");
    }

    #[test]
    fn messages_paths_and_origins_are_escaped() {
        let d = Diagnostic::message("title \"\u{1b}]0;owned\u{7}\"");
        assert_eq!(d.message, "title \"\\u{1b}]0;owned\\u{7}\"");
        assert_eq!(d.render("a\u{202e}b.ron"), "a\\u{202e}b.ron: title \"\\u{1b}]0;owned\\u{7}\"");
    }
}
