//! A GIFT answer block read as Moodle reads it (question/format/gift/format.php): the type is
//! told from the block's text in Moodle's order (nothing → essay, `#…` → numerical, a `~`
//! anywhere → multiple choice, `=… -> …` → matching, `T`/`FALSE` → true/false, else short
//! answer), and the weights decide what a choice is: one `=` makes it single choice (Moodle's
//! `single`), none makes it multi-response whose `~%n%` weights are the shares.
//!
//! xuexi grades right or wrong (a 多选 by the set of right options), so what it cannot grade
//! the way Moodle would is refused with the reason — never turned into something else:
//! partial credit, a single choice with several full-mark answers, a short answer whose
//! catch-all `*` is right.

use super::{split_unescaped, strip_tags, unescape};
use crate::i18n::{Msg, msg};

/// One answer of a block as written: `=`/`~`, its weight (`%50%`), its text, its feedback.
#[derive(Clone, Debug, PartialEq)]
pub(super) struct GiftAnswer {
    pub mark: char,
    /// Percent: `=` alone is 100, `~` alone 0.
    pub weight: f64,
    pub text: String,
    pub feedback: String,
}

/// What a block is in xuexi's terms.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Shape {
    /// A type xuexi cannot grade: its 题型 word (简答, 数值, 匹配), refused or skipped as such.
    Unsupported(&'static str),
    /// Something Moodle can model and xuexi cannot, with the reason.
    Cannot(Msg),
    Judge {
        answer: bool,
        /// Feedback shown for the wrong pick, then for the right one (Moodle's order).
        feedback: [String; 2],
    },
    Choice {
        multiple: bool,
        answers: Vec<GiftAnswer>,
    },
    Fill {
        right: Vec<String>,
        /// Every answer with its feedback (right, 0% and the catch-all alike).
        answers: Vec<GiftAnswer>,
    },
}

/// Moodle's format markers: `[html]` text is HTML (tags dropped), the others plain.
pub(super) fn strip_format(s: &str) -> (&str, bool) {
    let t = s.trim_start();
    for tag in ["[html]", "[moodle]", "[plain]", "[markdown]"] {
        if let Some(rest) = t.strip_prefix(tag) {
            return (rest, tag == "[html]");
        }
    }
    (s, false)
}

/// A piece of text as a member should read it: marker gone, escapes undone, HTML tags dropped.
pub(super) fn clean(s: &str) -> String {
    let (t, html) = strip_format(s);
    let t = unescape(t.trim());
    if html { strip_tags(&t) } else { t }
}

/// Is there an unescaped `c` in `s`?
fn has_unescaped(s: &str, c: char) -> bool {
    let mut escaped = false;
    for ch in s.chars() {
        match ch {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            _ if ch == c => return true,
            _ => {}
        }
    }
    false
}

/// The answers of a block (general feedback already taken off): each from an unescaped `=`
/// or `~` to the next.
pub(super) fn answers(body: &str) -> Vec<GiftAnswer> {
    let mut raw: Vec<(char, String)> = Vec::new();
    let mut escaped = false;
    for c in body.chars() {
        if escaped {
            escaped = false;
            if let Some((_, t)) = raw.last_mut() {
                t.push('\\');
                t.push(c);
            }
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | '~' => raw.push((c, String::new())),
            _ => {
                if let Some((_, t)) = raw.last_mut() {
                    t.push(c);
                }
            }
        }
    }
    raw.into_iter()
        .map(|(mark, text)| {
            let parts = split_unescaped(&text, "#");
            let main = parts[0].trim();
            let feedback = parts[1..].join("#");
            let (weight, main) = match main
                .strip_prefix('%')
                .and_then(|r| r.split_once('%'))
                .and_then(|(w, t)| Some((w.trim().parse::<f64>().ok()?, t)))
            {
                Some((w, t)) => (w, t),
                None => (if mark == '=' { 100.0 } else { 0.0 }, main),
            };
            GiftAnswer {
                mark,
                weight,
                text: clean(main),
                feedback: clean(&feedback),
            }
        })
        .collect()
}

/// Full marks, allowing for thirds written `33.33333`.
fn full(w: f64) -> bool {
    (w - 100.0).abs() < 0.01
}

/// The block's answers (without `####` general feedback) as xuexi can hold them.
pub(super) fn shape(body: &str) -> Shape {
    let body = body.trim();
    if body.is_empty() {
        return Shape::Unsupported("简答");
    }
    if body.starts_with('#') {
        return Shape::Unsupported("数值");
    }
    if has_unescaped(body, '~') {
        return choice(answers(body));
    }
    if has_unescaped(body, '=') && body.contains("->") {
        return Shape::Unsupported("匹配");
    }
    let parts = split_unescaped(body, "#");
    let tf = parts[0].trim().to_ascii_uppercase();
    if matches!(tf.as_str(), "T" | "TRUE" | "F" | "FALSE") {
        let fb = |i: usize| parts.get(i).map(|f| clean(f)).unwrap_or_default();
        return Shape::Judge {
            answer: tf.starts_with('T'),
            feedback: [fb(1), fb(2)],
        };
    }
    short_answer(answers(body))
}

fn choice(answers: Vec<GiftAnswer>) -> Shape {
    let multiple = !answers.iter().any(|a| a.mark == '=');
    if let Some(a) = answers.iter().find(|a| a.weight > 0.0 && !full(a.weight)) {
        if !multiple {
            return Shape::Cannot(partial(a));
        }
        // multi-response: the right options' shares must make full marks together
        let sum: f64 = answers.iter().map(|a| a.weight.max(0.0)).sum();
        if !full(sum) {
            return Shape::Cannot(
                msg("gift_shares")
                    .arg("sum", format!("{}", (sum * 100.0).round() / 100.0))
                    .arg("answer", &a.text),
            );
        }
    }
    if !multiple && answers.iter().filter(|a| full(a.weight)).count() > 1 {
        return Shape::Cannot(msg("gift_single_many_right"));
    }
    Shape::Choice { multiple, answers }
}

fn partial(a: &GiftAnswer) -> Msg {
    msg("gift_partial")
        .arg("answer", &a.text)
        .arg("weight", format!("{}", (a.weight * 100.0).round() / 100.0))
}

fn short_answer(answers: Vec<GiftAnswer>) -> Shape {
    let mut right = Vec::new();
    for a in &answers {
        if a.weight <= 0.0 {
            // an answer worth nothing only carries feedback: xuexi marks it wrong as Moodle does
            continue;
        }
        if !full(a.weight) {
            return Shape::Cannot(partial(a));
        }
        if a.text.contains('*') {
            return Shape::Cannot(msg("gift_catch_all").arg("answer", &a.text));
        }
        right.push(a.text.clone());
    }
    if right.is_empty() {
        return Shape::Cannot(msg("gift_no_right"));
    }
    Shape::Fill { right, answers }
}

/// Per-answer feedback as lines of the explanation (shown after answering): `「yellow」right;
/// good!`.
pub(super) fn feedback_lines(answers: &[GiftAnswer]) -> String {
    answers
        .iter()
        .filter(|a| !a.feedback.is_empty())
        .map(|a| format!("「{}」{}", a.text, a.feedback))
        .collect::<Vec<_>>()
        .join("\n")
}

/// `[id:…]` and `[tag:…]` in a comment, as Moodle reads them (`\]` escapes a bracket; spaces
/// around the value dropped; neither spans lines).
pub(super) fn id_and_tags(comment: &str) -> (Option<String>, Vec<String>) {
    let mut id = None;
    let mut tags = Vec::new();
    for line in comment.lines() {
        let mut rest = line;
        while let Some(at) = rest.find('[') {
            rest = &rest[at..];
            let (is_id, head) = if rest.starts_with("[id:") {
                (true, 4)
            } else if rest.starts_with("[tag:") {
                (false, 5)
            } else {
                rest = &rest[1..];
                continue;
            };
            let body = &rest[head..];
            let mut value = String::new();
            let mut end = None;
            let mut cs = body.char_indices();
            while let Some((i, c)) = cs.next() {
                match c {
                    '\\' if body[i + 1..].starts_with(']') => {
                        value.push(']');
                        cs.next();
                    }
                    ']' => {
                        end = Some(i);
                        break;
                    }
                    _ => value.push(c),
                }
            }
            let Some(end) = end else { break };
            let value = value.trim().to_string();
            if !value.is_empty() {
                if is_id {
                    id = Some(value);
                } else {
                    tags.push(value);
                }
            }
            rest = &body[end + 1..];
        }
    }
    (id, tags)
}
