//! A question's words as files bring them, cleaned the same way by every reader: an option
//! without the letter copied with it, a blank written as spaces made a bracket, an id made
//! from the content when the file gives none.

use crate::domain::quiz::Kind;
use crate::domain::rng::fnv;
use crate::text::sanitize::sanitize_line;

/// An option without the letter copied from Word with it: `A．`, `A、`, `A.`, `(A)`, `（A）`.
pub fn strip_option_letter(v: &str) -> &str {
    let t = v.trim();
    let rest = if let Some(r) = t.strip_prefix(['(', '（']) {
        let mut cs = r.chars();
        match cs.next() {
            Some(l) if l.is_ascii_alphabetic() => cs.as_str().strip_prefix([')', '）']),
            _ => None,
        }
    } else {
        let mut cs = t.chars();
        match (cs.next(), cs.next()) {
            (Some(l), Some(sep))
                if l.is_ascii_uppercase() && matches!(sep, '.' | '．' | '、' | '：' | ':') =>
            {
                Some(&t[1 + sep.len_utf8()..])
            }
            _ => None,
        }
    };
    match rest {
        Some(r) if !r.trim().is_empty() => r.trim(),
        _ => t,
    }
}

/// A blank written as a run of spaces (two or more, ASCII, full-width or no-break) or of
/// underscores, at the start of the stem or inside it, as `（　）`: HTML papers and Markdown
/// would collapse the spaces to nothing. A run inside brackets is already a blank.
pub fn blank_markers(stem: &str) -> String {
    let chars: Vec<char> = stem.chars().collect();
    let is_space = |c: char| matches!(c, ' ' | '\u{3000}' | '\u{a0}');
    let mut out = String::with_capacity(stem.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let run_of = |f: &dyn Fn(char) -> bool| chars[i..].iter().take_while(|&&x| f(x)).count();
        let n = if is_space(c) {
            run_of(&is_space)
        } else if c == '_' {
            run_of(&|x| x == '_')
        } else {
            0
        };
        let bracketed = i > 0
            && matches!(chars[i - 1], '（' | '(')
            && chars.get(i + n).is_some_and(|&c| matches!(c, '）' | ')'));
        let at_end = i + n == chars.len();
        if n >= 2 && !bracketed && !at_end {
            out.push_str("（　）");
            i += n;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out.trim().to_string()
}

/// An id made from a question's type and stem (the same question keeps it wherever its row
/// moves): `c` and ten hex digits.
pub fn content_id(kind: &str, stem: &str) -> String {
    let kind = Kind::parse(kind).map_or(kind.trim(), |k| k.as_str());
    let stem: String = sanitize_line(stem)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let h = fnv(&format!("{kind}|{stem}"));
    format!("c{:010x}", h >> 24)
}
