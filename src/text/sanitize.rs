//! Cleaning untrusted text (materials, banks, user files) before it is stored or shown.
//!
//! Removed: C0 controls except newline (tab is expanded to spaces), DEL, C1 controls (which
//! covers ESC-introduced and 8-bit CSI/OSC sequences: their introducer is gone, so what is left
//! is inert text), the byte-order mark, and the bidi embedding/override/isolate/mark characters
//! that can reorder what the member sees. CR LF and lone CR become LF.

/// Tab stops for tab expansion, in columns.
pub const TAB_WIDTH: usize = 4;

/// Characters that must never reach the terminal or the database.
pub fn is_forbidden(c: char) -> bool {
    matches!(c,
        '\u{0}'..='\u{8}' | '\u{b}'..='\u{1f}' | '\u{7f}'..='\u{9f}'
        | '\u{61c}' | '\u{200e}' | '\u{200f}'
        | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'
        | '\u{feff}')
}

/// Cleans multi-line text: keeps newlines, expands tabs, drops everything [`is_forbidden`].
pub fn sanitize(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut col = 0usize;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
                col = 0;
            }
            '\n' => {
                out.push('\n');
                col = 0;
            }
            '\t' => {
                let n = TAB_WIDTH - col % TAB_WIDTH;
                out.extend(std::iter::repeat_n(' ', n));
                col += n;
            }
            c if is_forbidden(c) => {}
            c => {
                out.push(c);
                col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            }
        }
    }
    out
}

/// Cleans a one-line field (a title, a source): like [`sanitize`], with line breaks folded to
/// single spaces and the ends trimmed.
pub fn sanitize_line(input: &str) -> String {
    let cleaned = sanitize(input);
    let mut out = String::with_capacity(cleaned.len());
    for (i, part) in cleaned
        .split('\n')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .enumerate()
    {
        if i > 0 {
            out.push(' ');
        }
        out.push_str(part);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        let s = sanitize("a\u{1b}[2Jb\u{1b}]0;title\u{7}c\u{9b}31md\u{202e}e\u{0}f\u{7f}");
        assert_eq!(s, "a[2Jb]0;titlec31mdef");
        assert!(!s.chars().any(is_forbidden));
    }

    #[test]
    fn line_endings_and_tabs() {
        assert_eq!(sanitize("a\r\nb\rc\n"), "a\nb\nc\n");
        assert_eq!(sanitize("\tx\ty"), "    x   y");
        assert_eq!(sanitize("学\tx"), "学  x");
    }

    #[test]
    fn one_line_fields_fold_breaks() {
        assert_eq!(sanitize_line("  标题\n 第二行 \r\n"), "标题 第二行");
    }

    #[test]
    fn keeps_chinese_and_ideographic_space() {
        let s = "　　中国共产党（党组）“四学机制”……";
        assert_eq!(sanitize(s), s);
    }
}
