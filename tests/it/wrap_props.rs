//! Properties of our wrapping, on generated mixes of Chinese, punctuation, Latin and spaces.

use proptest::prelude::*;
use unicode_width::UnicodeWidthStr;
use xuexi::text::wrap::{is_closing, is_opening, wrap_spans, wrap_str};

fn piece() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(vec!["学", "习", "强", "国", "疫", "情", "防", "控", "党", "员"]).prop_map(str::to_string),
        2 => prop::sample::select(vec!["，", "。", "、", "；", "：", "？", "！", "）", "】", "」", "』", "”"]).prop_map(str::to_string),
        1 => prop::sample::select(vec!["（", "【", "「", "『", "“", "《"]).prop_map(str::to_string),
        2 => "[a-zA-Z0-9]{1,12}",
        2 => Just(" ".to_string()),
        1 => Just("　".to_string()),
        1 => Just("\n".to_string()),
        1 => Just("é".to_string()),
    ]
}

fn text() -> impl Strategy<Value = String> {
    prop::collection::vec(piece(), 0..200).prop_map(|v| v.concat())
}

/// Only punctuation (and ideographic spaces) on a line.
fn only_punct(line: &str) -> bool {
    line.chars().all(|c| {
        let s = c.to_string();
        is_closing(&s) || is_opening(&s) || c == '　' || c == ' '
    })
}

fn squash(s: &str) -> String {
    s.chars().filter(|c| *c != ' ' && *c != '\n').collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn no_line_wider_than_the_width(t in text(), w in 2usize..100) {
        for line in wrap_str(&t, w) {
            prop_assert!(UnicodeWidthStr::width(line.as_str()) <= w, "{line:?} > {w}");
        }
    }

    #[test]
    fn text_preserved_apart_from_spaces_at_breaks(t in text(), w in 2usize..100) {
        let lines = wrap_str(&t, w);
        // every non-space character survives, in order
        prop_assert_eq!(squash(&lines.concat()), squash(&t));
        // and a break only ever removed ASCII spaces: joining the lines with the removed
        // spaces put back is a subsequence-preserving operation, so check counts too
        let kept_spaces: usize = lines.iter().map(|l| l.matches(' ').count()).sum();
        prop_assert!(kept_spaces <= t.matches(' ').count());
    }

    #[test]
    fn closing_punctuation_never_starts_a_line(t in text(), w in 4usize..100) {
        let lines = wrap_str(&t, w);
        for pair in lines.windows(2) {
            let (prev, line) = (&pair[0], &pair[1]);
            let Some(first) = line.chars().next() else { continue };
            if is_closing(&first.to_string()) {
                // allowed only where nothing else fits: the line is all punctuation, the source
                // put the punctuation after a hard break, or the previous line is one
                // unbreakable group (opening brackets, one character, closing punctuation)
                // wider than the line, as "（学，" is at width 4
                let hard = t.contains(&format!("\n{line}"));
                let solid: String = prev.chars().filter(|c| !only_punct(&c.to_string())).collect();
                let prev_is_one_group = solid.chars().count() <= 1;
                prop_assert!(only_punct(line) || hard || prev_is_one_group,
                    "line {line:?} after {prev:?} at width {w}");
            }
        }
    }

    #[test]
    fn opening_brackets_never_end_a_line(t in text(), w in 4usize..100) {
        let lines = wrap_str(&t, w);
        let n = lines.len();
        for (i, line) in lines.iter().enumerate() {
            if i + 1 == n { continue; }
            let Some(last) = line.chars().last() else { continue };
            if is_opening(&last.to_string()) {
                let next_is_hard = t
                    .match_indices(line.as_str())
                    .any(|(at, _)| t[at + line.len()..].trim_start_matches(' ').starts_with('\n'));
                prop_assert!(only_punct(line) || next_is_hard, "line {line:?} ends with an opening bracket at width {w}");
            }
        }
    }

    #[test]
    fn tags_follow_their_text(a in text(), b in text(), w in 2usize..60) {
        let lines = wrap_spans(&[(a.as_str(), 1u8), (b.as_str(), 2u8)], w);
        let mut got_a = String::new();
        let mut got_b = String::new();
        for l in &lines {
            for s in &l.segs {
                if s.tag == 1 { got_a.push_str(&s.text) } else { got_b.push_str(&s.text) }
            }
        }
        prop_assert_eq!(squash(&got_a), squash(&a));
        prop_assert_eq!(squash(&got_b), squash(&b));
    }
}

#[test]
fn a_wide_character_is_never_split() {
    // every line is made of whole characters of the input: widths add up exactly
    let t = "中共中央政治局常务委员会召开会议，听取中央应对新型冠状病毒感染肺炎疫情工作领导小组";
    for w in 2..20 {
        for line in wrap_str(t, w) {
            let sum: usize = line
                .chars()
                .map(|c| unicode_width::UnicodeWidthChar::width(c).unwrap_or(0))
                .sum();
            assert_eq!(sum, UnicodeWidthStr::width(line.as_str()));
            assert!(sum <= w);
        }
    }
}
