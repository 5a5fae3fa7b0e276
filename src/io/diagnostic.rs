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
            let shown: String = source.chars().take(200).collect();
            let caret_at: String = shown
                .chars()
                .take(column.saturating_sub(1))
                .map(|c| if c == '\t' { '\t' } else { ' ' })
                .collect();
            out.push_str(&format!("\n{:gutter$} |\n{line} | {shown}\n{:gutter$} | {caret_at}^", "", ""));
        }
        out
    }
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
}
