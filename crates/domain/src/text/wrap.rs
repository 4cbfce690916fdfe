//! Our own line wrapping, by display width, for Chinese and Latin text alike.
//!
//! Rules (DESIGN.md explains why ratatui's `Wrap` is not used):
//! - no line is wider than the width asked for (clamped to at least 2, the width of one CJK
//!   character), and a wide character or grapheme is never split; the one exception is a
//!   grapheme wider than the whole line (a wide character with spacing marks at a width of 2
//!   or 3), which stands alone on its line for drawing to clip — no text is ever dropped;
//! - a break may fall between any two CJK characters, after a run of spaces (the spaces are
//!   consumed), and between CJK and Latin text; a Latin word is kept whole unless it alone is
//!   wider than the line;
//! - simple 避头尾: closing punctuation never starts a line, opening brackets never end one, as
//!   long as a line of at least two characters leaves room to move one character along;
//! - a hard line break (`\n`) always breaks; spaces at the start of such a line (indentation)
//!   and an ideographic `　　` paragraph indent are kept.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Closing punctuation that must not start a line.
pub fn is_closing(g: &str) -> bool {
    let mut chars = g.chars();
    matches!(
        chars.next(),
        Some(
            '，' | '。'
                | '、'
                | '；'
                | '：'
                | '？'
                | '！'
                | '）'
                | '】'
                | '」'
                | '』'
                | '”'
                | '’'
                | '》'
                | '〉'
                | '〕'
                | '〗'
                | '〙'
                | '〛'
                | '…'
                | '‥'
                | '．'
                | '％'
                | '～'
                | '·'
                | '・'
                | 'ー'
                | '々'
                | '〻'
        )
    ) && chars.next().is_none()
}

/// Opening brackets and quotes that must not end a line.
pub fn is_opening(g: &str) -> bool {
    let mut chars = g.chars();
    matches!(
        chars.next(),
        Some('（' | '【' | '「' | '『' | '“' | '‘' | '《' | '〈' | '〔' | '〖' | '〘' | '〚')
    ) && chars.next().is_none()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Space,
    Newline,
    /// Narrow non-space text: Latin letters, digits, ASCII punctuation. Runs of it form words.
    Word,
    /// Everything else: CJK ideographs, kana, fullwidth forms, emoji.
    Wide,
    Open,
    Close,
}

#[derive(Clone, Copy, Debug)]
struct Unit<'a, T> {
    text: &'a str,
    /// Byte offset of this unit in the concatenated input.
    at: usize,
    width: usize,
    class: Class,
    tag: T,
}

/// A run of text with one tag (a style) inside a wrapped line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Seg<T> {
    pub text: String,
    pub tag: T,
}

/// One output line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Line<T> {
    pub segs: Vec<Seg<T>>,
    /// Display width of the line.
    pub width: usize,
    /// Byte offset, in the concatenated input, of the first unit on this line.
    pub start: usize,
}

impl<T> Line<T> {
    /// The line's text without tags.
    pub fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }
}

/// The class of grapheme `g`, `width` columns wide.
fn classify(g: &str, width: usize) -> Class {
    match g {
        "\n" | "\r\n" => Class::Newline,
        " " => Class::Space,
        _ if is_closing(g) => Class::Close,
        _ if is_opening(g) => Class::Open,
        _ if width >= 2 => Class::Wide,
        _ => Class::Word,
    }
}

/// The columns grapheme `g` takes: a CJK ideograph or a fullwidth form is two and printable
/// ASCII one without a table look-up (most of a Chinese text); anything else as unicode-width
/// says.
fn grapheme_width(g: &str) -> usize {
    let mut chars = g.chars();
    match (chars.next(), chars.next()) {
        (Some(' '..='~'), None) => 1,
        (
            Some('\u{3400}'..='\u{4dbf}' | '\u{4e00}'..='\u{9fff}' | '\u{ff01}'..='\u{ff60}'),
            None,
        ) => 2,
        _ => UnicodeWidthStr::width(g),
    }
}

/// A character that is always a grapheme cluster of its own, whatever stands beside it: printable
/// ASCII, a line feed, CJK ideographs, CJK and fullwidth punctuation, curly quotes, dashes and
/// the ellipsis — none of them combines with a neighbour, and none is a combining mark (the
/// ideographic tone marks U+302A–U+302F are left out for that).
fn own_grapheme(c: char) -> bool {
    matches!(c,
        ' '..='~'
        | '\n'
        | '\u{2014}' | '\u{2018}'..='\u{201d}' | '\u{2026}'
        | '\u{3000}'..='\u{3029}'
        | '\u{3030}'..='\u{303f}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ff01}'..='\u{ff60}')
}

/// May a line break fall before `units[i]`? `start` is the first unit of the current line.
/// Spaces are looked through: a break after "（ " would still leave the bracket at the end.
fn can_break_before<T>(units: &[Unit<'_, T>], start: usize, i: usize) -> bool {
    if i <= start {
        return false;
    }
    let next = units[i].class;
    let prev = units[i - 1].class;
    if matches!(next, Class::Space | Class::Close) {
        return false;
    }
    if last_solid(units, start, i) == Some(Class::Open) {
        return false;
    }
    !(prev == Class::Word && next == Class::Word)
}

/// The class of the first non-space unit from `i` on.
fn next_solid<T>(units: &[Unit<'_, T>], i: usize) -> Option<Class> {
    units[i..]
        .iter()
        .find(|u| u.class != Class::Space)
        .map(|u| u.class)
}

/// The class of the last non-space unit in `units[start..i]`.
fn last_solid<T>(units: &[Unit<'_, T>], start: usize, i: usize) -> Option<Class> {
    units[start..i]
        .iter()
        .rev()
        .find(|u| u.class != Class::Space)
        .map(|u| u.class)
}

/// Grapheme `g`, at byte `at` of the input, as a unit to wrap.
fn unit<T>(g: &str, at: usize, tag: T) -> Unit<'_, T> {
    let mut chars = g.chars();
    if let (Some('\u{4e00}'..='\u{9fff}'), None) = (chars.next(), chars.next()) {
        // an ideograph (most of a Chinese text): two columns, no look-ups
        return Unit {
            text: g,
            at,
            width: 2,
            class: Class::Wide,
            tag,
        };
    }
    let w = grapheme_width(g);
    let class = classify(g, w);
    Unit {
        text: g,
        at,
        width: if class == Class::Newline { 0 } else { w },
        class,
        tag,
    }
}

/// Wraps plain text; see [`wrap_spans`].
pub fn wrap_str(text: &str, width: usize) -> Vec<String> {
    wrap_spans(&[(text, ())], width)
        .into_iter()
        .map(|l| l.text())
        .collect()
}

/// Wraps a sequence of tagged spans to `width` columns. Empty input gives no lines; a hard
/// line break gives an empty line where two follow each other.
pub fn wrap_spans<'a, T: Copy + PartialEq>(spans: &[(&'a str, T)], width: usize) -> Vec<Line<T>> {
    let width = width.max(2);
    let mut units: Vec<Unit<'a, T>> = Vec::new();
    let mut at = 0;
    for &(text, tag) in spans {
        // most Chinese text is made of characters that are each a grapheme of their own: such a
        // span is cut by character, which costs a fraction of finding grapheme clusters
        if text.chars().all(own_grapheme) {
            units.reserve(text.len() / 3);
            units.extend(
                text.char_indices()
                    .map(|(i, c)| unit(&text[i..i + c.len_utf8()], at + i, tag)),
            );
        } else {
            units.extend(
                text.grapheme_indices(true)
                    .map(|(i, g)| unit(g, at + i, tag)),
            );
        }
        at += text.len();
    }

    let mut lines = Vec::new();
    let n = units.len();
    let mut start = 0usize; // first unit of the current line
    let mut used = 0usize; // width of units[start..i]
    let mut last_break: Option<usize> = None; // a break is allowed before this unit
    let mut hard_start = true; // the current line follows a hard break (keeps leading spaces)
    let mut i = 0usize;
    while i < n {
        let u = units[i];
        if u.class == Class::Newline {
            lines.push(make_line(&units[start..i], u.at));
            i += 1;
            start = i;
            used = 0;
            last_break = None;
            hard_start = true;
            continue;
        }
        if i == start && u.class == Class::Space && !hard_start {
            // spaces at a soft break are consumed
            i += 1;
            start = i;
            continue;
        }
        if u.width > width {
            // A grapheme wider than the whole line: a wide character with spacing marks (基ూ is
            // 3 columns) at a width of 2 or 3, or hostile stacks of marks. It gets a line of its
            // own, which drawing clips; its text is kept. (It used to be dropped, and when it
            // stood mid-line it stayed in the line uncounted — found by fuzzing.)
            if i > start {
                lines.push(make_line(&units[start..i], units[start].at));
            }
            lines.push(make_line(&units[i..=i], u.at));
            i += 1;
            start = i;
            used = 0;
            last_break = None;
            hard_start = false;
            continue;
        }
        if used + u.width <= width {
            if can_break_before(&units, start, i) {
                last_break = Some(i);
            }
            used += u.width;
            i += 1;
            continue;
        }
        // u does not fit: choose where this line ends
        let end = if (u.class == Class::Space
            && last_solid(&units, start, i) != Some(Class::Open)
            && next_solid(&units, i) != Some(Class::Close))
            || can_break_before(&units, start, i)
        {
            i
        } else if let Some(p) = last_break.filter(|&p| p > start) {
            p
        } else {
            forced_break(&units, start, i)
        };
        lines.push(make_line(&units[start..end], units[start].at));
        start = end;
        i = end;
        used = 0;
        last_break = None;
        hard_start = false;
    }
    if start < n {
        lines.push(make_line(&units[start..n], units[start].at));
    }
    lines
}

/// Where to cut a line that has no allowed break and overflows at unit `i`: the latest cut that
/// neither leaves an opening bracket at the end nor starts the next line with closing
/// punctuation (or a space); failing that, right before `i`.
fn forced_break<T>(units: &[Unit<'_, T>], start: usize, i: usize) -> usize {
    (start + 1..=i)
        .rev()
        .find(|&s| {
            last_solid(units, start, s).is_some_and(|c| c != Class::Open)
                && !matches!(units[s].class, Class::Close | Class::Space)
        })
        .unwrap_or(i)
}

fn make_line<T: Copy + PartialEq>(units: &[Unit<'_, T>], start: usize) -> Line<T> {
    let mut end = units.len();
    while end > 0 && units[end - 1].class == Class::Space {
        end -= 1;
    }
    let mut segs: Vec<Seg<T>> = Vec::new();
    let mut width = 0;
    let units = &units[..end];
    for (k, u) in units.iter().enumerate() {
        width += u.width;
        match segs.last_mut() {
            Some(last) if last.tag == u.tag => last.text.push_str(u.text),
            _ => {
                // the run's text in one allocation
                let bytes: usize = units[k..]
                    .iter()
                    .take_while(|v| v.tag == u.tag)
                    .map(|v| v.text.len())
                    .sum();
                let mut text = String::with_capacity(bytes);
                text.push_str(u.text);
                segs.push(Seg { text, tag: u.tag });
            }
        }
    }
    Line {
        segs,
        width,
        start: units.first().map_or(start, |u| u.at),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::width::width;

    #[test]
    fn an_ideograph_is_the_unit_the_look_ups_would_make() {
        for c in '\u{4e00}'..='\u{9fff}' {
            let g = c.to_string();
            let u = unit(&g, 0, ());
            let w = grapheme_width(&g);
            assert_eq!((u.width, u.class), (w, classify(&g, w)), "{c}");
        }
    }

    #[test]
    fn cjk_breaks_anywhere_at_width() {
        let lines = wrap_str("做好疫情防控工作直接关系人民生命安全", 10);
        assert_eq!(lines, ["做好疫情防", "控工作直接", "关系人民生", "命安全"]);
    }

    #[test]
    fn closing_punctuation_never_starts_a_line() {
        // "防，" would leave "，" at the start of line 2: 防 moves along with it
        let lines = wrap_str("做好疫情防，控工作", 10);
        assert_eq!(lines, ["做好疫情", "防，控工作"]);
    }

    #[test]
    fn opening_brackets_never_end_a_line() {
        let lines = wrap_str("中央中《国共", 8);
        assert_eq!(lines, ["中央中", "《国共"]);
    }

    #[test]
    fn latin_words_break_at_spaces_and_long_words_split() {
        assert_eq!(
            wrap_str("hello brave new world", 11),
            ["hello brave", "new world"]
        );
        assert_eq!(wrap_str("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap_str("在APP 开设专栏", 6), ["在APP", "开设专", "栏"]);
    }

    #[test]
    fn ideographic_indent_kept_and_hard_breaks() {
        let lines = wrap_str("　　第一段\n\n  代码", 40);
        assert_eq!(lines, ["　　第一段", "", "  代码"]);
    }

    #[test]
    fn a_grapheme_wider_than_the_line_stands_alone_and_is_kept() {
        // 基ూ is one grapheme of 3 columns (a spacing vowel sign on an ideograph)
        assert_eq!(wrap_str("入基ూ学", 2), ["入", "基ూ", "学"]);
        assert_eq!(wrap_str("基ూ", 2), ["基ూ"]);
        assert_eq!(wrap_str("入基ూ学", 5), ["入基ూ", "学"]);
    }

    #[test]
    fn never_wider_than_width_even_with_odd_widths() {
        let text = "2020年2月3日，中共中央政治局常务委员会召开会议，听取“四个意识”……";
        for w in 2..30 {
            for l in wrap_str(text, w) {
                assert!(width(&l) <= w, "{l:?} wider than {w}");
            }
        }
    }

    #[test]
    fn tags_are_kept_per_segment() {
        let lines = wrap_spans(&[("学习", 1u8), ("强国", 2u8)], 6);
        assert_eq!(lines.len(), 2);
        assert_eq!(lines[0].segs.len(), 2);
        assert_eq!(lines[0].segs[1].text, "强");
        assert_eq!(lines[1].segs[0].tag, 2);
        assert_eq!(lines[1].start, "学习强".len());
    }
}
