//! Problems found while loading a file, each with where (line and column when known, the item
//! path for semantic problems) and what.

use crate::model::{Item, Problem};
use std::fmt;

/// One problem in a file.
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
    /// The text of the offending line, to show under the message.
    pub source_line: Option<String>,
}

impl Diagnostic {
    pub fn message(message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: None,
            column: None,
            item: None,
            path: None,
            message: message.into(),
            source_line: None,
        }
    }

    pub fn at(text: &str, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            line: Some(line),
            column: Some(column),
            source_line: text.lines().nth(line.saturating_sub(1)).map(str::to_owned),
            ..Diagnostic::message(message)
        }
    }

    pub fn from_problem(problem: &Problem, position: Option<(usize, usize)>, text: &str) -> Diagnostic {
        let mut d = match position {
            Some((line, column)) => Diagnostic::at(text, line, column, &problem.message),
            None => Diagnostic::message(&problem.message),
        };
        d.item = Some(problem.item);
        d.path = Some(problem.path.clone());
        d
    }

    /// `12:5` or an empty string.
    pub fn position(&self) -> String {
        match (self.line, self.column) {
            (Some(line), Some(column)) => format!("{line}:{column}"),
            _ => String::new(),
        }
    }

    /// `origin:line:column: path: message`, then the offending line with a caret under the column.
    pub fn render(&self, origin: &str) -> String {
        let mut out = String::from(origin);
        if let (Some(line), Some(column)) = (self.line, self.column) {
            out.push_str(&format!(":{line}:{column}"));
        }
        out.push_str(": ");
        if let Some(path) = &self.path {
            out.push_str(path);
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let (Some(source), Some(line), Some(column)) = (&self.source_line, self.line, self.column) {
            let gutter = line.to_string().len();
            let (shown, caret_at) = excerpt(source, column);
            out.push_str(&format!("\n{:gutter$} |\n{line} | {shown}\n{:gutter$} | {caret_at}^", "", ""));
        }
        out
    }
}

/// At most this many characters of the offending line are shown.
const EXCERPT_CHARS: usize = 200;

/// The part of a line to show around a 1-based column, and the padding that puts a caret under
/// it. A long line is cut to a window around the column (marked with `…`), so the caret still
/// points at the problem and not at the end of the first 200 characters.
fn excerpt(source: &str, column: usize) -> (String, String) {
    let chars: Vec<char> = source.chars().collect();
    let at = column.saturating_sub(1).min(chars.len());
    let start = if at < EXCERPT_CHARS { 0 } else { at - EXCERPT_CHARS / 2 };
    let end = (start + EXCERPT_CHARS).min(chars.len());
    let mut shown: String = chars[start..end].iter().collect();
    let mut caret_at: String = chars[start..at].iter().map(|&c| if c == '\t' { '\t' } else { ' ' }).collect();
    if start > 0 {
        shown.insert(0, '…');
        caret_at.insert(0, ' ');
    }
    if end < chars.len() {
        shown.push('…');
    }
    (shown, caret_at)
}

/// Why a file could not be loaded (or loaded with semantic problems), with every problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoadError {
    /// The file's path, or a name like `<bundled example>`.
    pub origin: String,
    pub diagnostics: Vec<Diagnostic>,
}

impl LoadError {
    pub fn single(origin: impl Into<String>, diagnostic: Diagnostic) -> LoadError {
        LoadError { origin: origin.into(), diagnostics: vec![diagnostic] }
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
        assert!(shown.chars().count() < 220, "{shown}");
        assert!(shown.starts_with("1 | …") && shown.ends_with('…'));
        let caret_column = caret.chars().count() - 1;
        assert_eq!(shown.chars().nth(caret_column), Some('B'));
    }
}
