//! Display-width helpers: every measure of on-screen text goes through here, never bytes or chars.

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

/// Columns a string takes in a terminal.
pub fn width(s: &str) -> usize {
    UnicodeWidthStr::width(s)
}

/// Cuts `s` to at most `max` columns, never splitting a wide character or a grapheme; a cut
/// string ends in `…` (which itself counts one column). A grapheme of no width (a stray
/// zero-width space or joiner) is left out: it has no cell of its own, and a terminal buffer
/// would put it in the next cell, the right half of a wide character.
pub fn truncate(s: &str, max: usize) -> String {
    if s.chars()
        .any(|c| unicode_width::UnicodeWidthChar::width(c) == Some(0))
    {
        let visible: String = s.graphemes(true).filter(|g| width(g) > 0).collect();
        if visible.len() != s.len() {
            return truncate(&visible, max);
        }
    }
    if width(s) <= max {
        return s.to_string();
    }
    if max == 0 {
        return String::new();
    }
    let mut out = String::new();
    let mut used = 0;
    for g in s.graphemes(true) {
        let w = width(g);
        if used + w > max - 1 {
            break;
        }
        out.push_str(g);
        used += w;
    }
    out.push('…');
    out
}

/// `s` cut to `w` columns and padded with spaces to exactly `w` columns.
pub fn fit(s: &str, w: usize) -> String {
    let mut out = truncate(s, w);
    let used = width(&out);
    out.extend(std::iter::repeat_n(' ', w.saturating_sub(used)));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_never_splits_wide_chars() {
        assert_eq!(truncate("学习强国", 8), "学习强国");
        assert_eq!(truncate("学习强国", 7), "学习强…");
        assert_eq!(truncate("学习强国", 6), "学习…");
        assert_eq!(truncate("学习强国", 1), "…");
        assert_eq!(truncate("学习强国", 0), "");
        for w in 0..10 {
            assert!(width(&truncate("学a习b强国", w)) <= w);
        }
    }

    #[test]
    fn zero_width_graphemes_are_left_out() {
        assert_eq!(
            truncate("👨\u{200d}👩\u{200b}学\u{2060}", 10),
            "👨\u{200d}👩学"
        );
        assert_eq!(
            truncate("\u{200d}学", 10),
            "学",
            "a joiner with nothing to join"
        );
        assert_eq!(
            truncate("e\u{301}", 10),
            "e\u{301}",
            "a combining mark stays"
        );
    }

    #[test]
    fn fit_pads_to_exact_width() {
        assert_eq!(fit("学", 4), "学  ");
        assert_eq!(width(&fit("学习强国学习", 5)), 5);
    }
}
