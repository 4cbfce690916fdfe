//! Cleaning untrusted text (materials, banks, user files) before it is stored or shown.
//!
//! Removed: terminal escape sequences whole (CSI `ESC [ … final`, OSC `ESC ] … BEL/ST` such as
//! window titles, hyperlinks and clipboard writes, DCS/PM/APC strings, two-character escapes,
//! and their 8-bit C1 forms), then any other C0 control except newline (tab is expanded to
//! spaces), DEL, C1 controls, the byte-order mark, and the bidi embedding/override/isolate/mark
//! characters that can reorder what the member sees, and the invisible zero-width space and
//! word joiner. CR LF and lone CR become LF. (Joiners that build an emoji stay.)

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
    // most text is clean: copied whole, not char by char (an import's every material)
    if is_clean(input, false) {
        return input.to_string();
    }
    clean(input, false)
}

/// Cleans a whole document as it leaves xuexi (an export, a report, a printed paper, a CSV):
/// the same characters go as in [`sanitize`], but the layout stays byte for byte — tabs are
/// kept, and so is a CR before LF (a CSV's line ends); a lone CR goes. The one function every
/// output path ends in.
pub fn sanitize_document(input: &str) -> String {
    // a byte-order mark that opens a CSV (so Excel reads UTF-8) stays; anywhere else it goes
    // (one: a second mark after it goes, as any other would)
    match input.strip_prefix('\u{feff}') {
        Some(rest) => format!("\u{feff}{}", document_body(rest)),
        None => document_body(input),
    }
}

/// [`sanitize_document`] without its opening mark.
fn document_body(input: &str) -> String {
    // most documents are clean: keep them without copying char by char
    if is_clean(input, true) {
        return input.to_string();
    }
    clean(input, true)
}

/// Whether [`sanitize_document`] would change `input` (a BOM at its start aside).
fn needs_cleaning(input: &str) -> bool {
    !is_clean(input, true)
}

/// Whether `input` holds nothing [`clean`] (with `layout`) takes out or rewrites, so that it
/// would give `input` back as it is: no [`is_forbidden`] character, no CR, no zero-width space
/// or word joiner, and (unless `layout`) no tab. Read byte by byte: every character it looks
/// for is ASCII or begins with one of four lead bytes (C1 controls C2, U+061C D8, the bidi
/// marks, U+200B and U+2060 E2, the BOM EF), so only those few are decoded; the CJK text of a
/// material (lead bytes E3–E9) is passed over unread. A CR before LF in a document is called
/// unclean though `clean` keeps it: the slow path is then taken, which is only slower.
fn is_clean(input: &str, layout: bool) -> bool {
    let bytes = input.as_bytes();
    let mut i = 0;
    // (a table, not a match, so that the search for the next byte to look at is a tight loop)
    while let Some(k) = bytes.get(i..).and_then(|rest| {
        rest.iter()
            .position(|&b| BYTE_CLASS[usize::from(b)] != PASS)
    }) {
        let at = i + k;
        let b = bytes[at];
        if BYTE_CLASS[usize::from(b)] == CONTROL {
            if !(layout && b == b'\t') {
                return false;
            }
        } else if let Some(c) = input.get(at..).and_then(|rest| rest.chars().next())
            && (is_forbidden(c) || c == '\u{200b}' || c == '\u{2060}')
        {
            // (a lead byte begins a character, so `at` is on a char boundary)
            return false;
        }
        i = at + 1;
    }
    true
}

const PASS: u8 = 0;
const CONTROL: u8 = 1;
const LEAD: u8 = 2;
/// What [`is_clean`] does with each byte: passes it, fails it (a C0 control but newline, DEL;
/// tab is looked at again), or decodes the character it begins (see there).
const BYTE_CLASS: [u8; 256] = {
    let mut t = [PASS; 256];
    let mut b = 0;
    while b < 0x20 {
        t[b] = CONTROL;
        b += 1;
    }
    t[b'\n' as usize] = PASS;
    t[0x7f] = CONTROL;
    t[0xc2] = LEAD;
    t[0xd8] = LEAD;
    t[0xe2] = LEAD;
    t[0xef] = LEAD;
    t
};

/// Cleans every string in a JSON value (keys too) with [`sanitize_document`]: what a JSON or
/// xAPI export carries is decoded by its reader, so `\u001b` escaped is as raw as ESC.
pub fn sanitize_json(v: &mut serde_json::Value) {
    use serde_json::Value;
    match v {
        Value::String(s) if needs_cleaning(s) => *s = sanitize_document(s),
        Value::Array(items) => items.iter_mut().for_each(sanitize_json),
        Value::Object(map) if map.keys().any(|k| needs_cleaning(k)) => {
            let old = std::mem::take(map);
            for (k, mut item) in old {
                sanitize_json(&mut item);
                map.insert(sanitize_document(&k), item);
            }
        }
        Value::Object(map) => map.values_mut().for_each(sanitize_json),
        _ => {}
    }
}

/// [`sanitize`] (`layout` false) or [`sanitize_document`] (`layout` true: tabs and CR LF kept).
fn clean(input: &str, layout: bool) -> String {
    let mut out = String::with_capacity(input.len());
    let mut col = 0usize;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' if layout => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                    out.push_str("\r\n");
                }
            }
            '\t' if layout => out.push('\t'),
            '\u{1b}' => match chars.peek().copied() {
                Some('[') => {
                    chars.next();
                    skip_csi(&mut chars);
                }
                Some(']' | 'P' | '^' | '_' | 'X') => {
                    chars.next();
                    skip_string(&mut chars);
                }
                Some(_) => skip_escape(&mut chars),
                None => {}
            },
            '\u{9b}' => skip_csi(&mut chars),
            '\u{9d}' | '\u{90}' | '\u{9e}' | '\u{9f}' | '\u{98}' => skip_string(&mut chars),
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
            '\u{200b}' | '\u{2060}' => {}
            c => {
                out.push(c);
                col += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            }
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// The rest of a CSI sequence: parameter and intermediate bytes (0x20–0x3F), then one final
/// byte (0x40–0x7E). Anything else ends it without being taken.
fn skip_csi(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{3f}' => {
                chars.next();
            }
            '\u{40}'..='\u{7e}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
}

/// The rest of an OSC, DCS, PM or APC string: up to and including BEL or ST (`ESC \` or
/// 0x9C); a line break ends it without being taken, so a broken one eats no more than its line.
fn skip_string(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\n' | '\r' => return,
            '\u{7}' | '\u{9c}' => {
                chars.next();
                return;
            }
            '\u{1b}' => {
                chars.next();
                if chars.peek() == Some(&'\\') {
                    chars.next();
                }
                return;
            }
            _ => {
                chars.next();
            }
        }
    }
}

/// The rest of a short escape (`ESC ( B`, `ESC 7`, `ESC c`): intermediates (0x20–0x2F) and one
/// final byte (0x30–0x7E).
fn skip_escape(chars: &mut Chars<'_>) {
    while let Some(&c) = chars.peek() {
        match c {
            '\u{20}'..='\u{2f}' => {
                chars.next();
            }
            '\u{30}'..='\u{7e}' => {
                chars.next();
                return;
            }
            _ => return,
        }
    }
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

/// A spreadsheet would run a cell that begins with = + - @ (or a tab or CR) as a formula:
/// such a cell gets a leading apostrophe (which Excel and WPS read as "text", and hide). A
/// cell that already begins with an apostrophe gets one more, so [`unneutralize`] gives every
/// cell back exactly.
pub fn neutralize(cell: &str) -> String {
    if cell.starts_with(FORMULA_STARTS) || cell.starts_with('\'') {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// The characters that make a spreadsheet cell a formula.
const FORMULA_STARTS: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// A cell read from a CSV as it was before [`neutralize`]: the one leading apostrophe taken
/// off where neutralize would have put it (before a formula character or another apostrophe);
/// any other cell as it is.
pub fn unneutralize(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(FORMULA_STARTS) || rest.starts_with('\'') => rest,
        _ => cell,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_escape_sequences_and_controls() {
        let s = sanitize("a\u{1b}[2Jb\u{1b}]0;title\u{7}c\u{9b}31md\u{202e}e\u{0}f\u{7f}");
        assert_eq!(
            s, "abcdef",
            "whole sequences go, not just their introducers"
        );
        assert!(!s.chars().any(is_forbidden));
        // OSC 8 hyperlink (ST-terminated), OSC 52 clipboard, DCS, a charset switch, C1 OSC
        let s = sanitize(
            "\u{1b}]8;;http://evil/\u{1b}\\链接\u{1b}]8;;\u{1b}\\ \u{1b}]52;c;ZXZpbA==\u{7}剪\u{1b}Pq#0\u{1b}\\贴\u{1b}(B字\u{9d}0;t\u{9c}尾",
        );
        assert_eq!(s, "链接 剪贴字尾");
        // a broken sequence eats no more than its line
        assert_eq!(sanitize("甲\u{1b}]0;没有结尾\n乙"), "甲\n乙");
        assert_eq!(sanitize("\u{1b}[31"), "");
        assert_eq!(sanitize("丙\u{1b}"), "丙");
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

    #[test]
    fn a_document_keeps_its_layout_and_loses_its_controls() {
        use super::{sanitize_document as doc, sanitize_json};
        assert_eq!(doc("\u{feff}a,b\r\n\tc\n"), "\u{feff}a,b\r\n\tc\n");
        assert_eq!(
            doc("a\u{1b}]52;c;aGk=\u{7}b\u{9b}31mc\u{202e}d\re\u{85}\u{feff}"),
            "abcde"
        );
        let mut v = serde_json::json!({"k\u{1b}[2J": ["x\u{9d}0;t\u{9c}y", 1], "n": "\u{2066}z"});
        sanitize_json(&mut v);
        assert_eq!(v, serde_json::json!({"k": ["xy", 1], "n": "z"}));
    }

    /// The characters the fast path looks for, and their neighbours.
    const NEAR: [char; 41] = [
        '\n', '\r', '\t', '\u{1b}', '[', ']', '\\', '\u{7}', '\u{0}', '\u{1f}', ' ', '\u{7f}',
        '\u{80}', '\u{9b}', '\u{9c}', '\u{9f}', '\u{a0}', '\u{61b}', '\u{61c}', '\u{61d}',
        '\u{200a}', '\u{200b}', '\u{200d}', '\u{200e}', '\u{200f}', '\u{2010}', '\u{201c}',
        '\u{2026}', '\u{202a}', '\u{202e}', '\u{202f}', '\u{2060}', '\u{2061}', '\u{2066}',
        '\u{2069}', '\u{206a}', '\u{fefe}', '\u{feff}', '\u{ff0c}', '学', 'a',
    ];

    /// Arbitrary text with a few of [`NEAR`] mixed in: mostly clean, so that one unclean
    /// character is often the only one (and the check must find that one).
    fn text() -> impl proptest::strategy::Strategy<Value = String> {
        use proptest::prelude::*;
        let near = prop::sample::select(NEAR.to_vec());
        prop::collection::vec(prop_oneof![12 => any::<char>(), 1 => near], 0..32)
            .prop_map(|v| v.into_iter().collect())
    }

    #[test]
    fn the_fast_path_knows_each_character_alone() {
        for c in NEAR {
            for s in [c.to_string(), format!("学{c}习")] {
                assert_eq!(is_clean(&s, false), clean(&s, false) == s, "{c:?}");
                if is_clean(&s, true) {
                    assert_eq!(clean(&s, true), s, "{c:?}");
                }
            }
        }
    }

    #[test]
    fn only_the_opening_byte_order_mark_stays() {
        // found by the property below: the mark was kept again and again while the text
        // began with one
        assert_eq!(sanitize_document("\u{feff}\u{feff}a"), "\u{feff}a");
        assert_eq!(sanitize_document("\u{feff}a\u{feff}"), "\u{feff}a");
        assert_eq!(sanitize_document("a\u{feff}"), "a");
    }

    proptest::proptest! {
        /// The byte-level check says clean exactly where the char-by-char path gives the text
        /// back as it was (a document's CR LF, which it keeps, aside), so taking the fast path
        /// never changes what comes out.
        #[test]
        fn the_fast_path_agrees_with_the_slow_one(s in text()) {
            let slow = clean(&s, false);
            proptest::prop_assert_eq!(is_clean(&s, false), slow == s);
            proptest::prop_assert_eq!(sanitize(&s), slow);
            let slow_doc = clean(&s, true);
            if is_clean(&s, true) {
                proptest::prop_assert_eq!(&slow_doc, &s);
            } else if !s.contains('\r') {
                proptest::prop_assert_ne!(&slow_doc, &s);
            }
            let doc = s.strip_prefix('\u{feff}').unwrap_or(&s);
            let want = if doc.len() < s.len() {
                format!("\u{feff}{}", clean(doc, true))
            } else {
                slow_doc
            };
            proptest::prop_assert_eq!(sanitize_document(&s), want);
        }
    }
}
