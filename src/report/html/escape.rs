//! Text from a scenario file made safe inside HTML: it can never open a tag, close an attribute
//! or hide itself. Every report string that came from a file passes through [`escape`].

use crate::io::printable::is_unsafe;

/// `text` as HTML text or attribute content: `& < > " '` become entities, and characters that
/// must never reach a reader raw (controls, bidirectional overrides, zero-width characters —
/// see `io::printable::is_unsafe`) are shown as `\u{202e}`, as the terminal shows them. Line
/// feeds and tabs stay (a `white-space: pre-wrap` block shows them as written).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '\n' | '\t' => out.push(c),
            c if is_unsafe(c) => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn markup_cannot_open_a_tag_or_close_an_attribute() {
        assert_eq!(
            escape("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
    }

    #[test]
    fn entities_are_escaped_once_not_decoded() {
        assert_eq!(escape("&lt;"), "&amp;lt;");
    }

    #[test]
    fn controls_and_bidi_overrides_are_shown_as_escapes() {
        assert_eq!(escape("a\u{202e}b\u{1b}[31mc\u{0}"), "a\\u{202e}b\\u{1b}[31mc\\u{0}");
        assert_eq!(escape("line one\nline\ttwo"), "line one\nline\ttwo");
    }

    #[test]
    fn plain_text_and_other_scripts_pass_unchanged() {
        assert_eq!(escape("Russia–DPRK, 평양, −20%"), "Russia–DPRK, 평양, −20%");
    }
}
