//! Quiz banks in Moodle's Aiken format (question/format/aiken), and its Chinese cousin:
//!
//! ```text
//! What is the correct answer to this question?
//! A. Is it this one?
//! B) Maybe this answer?
//! C、 Possibly this one?
//! ANSWER: A
//!
//! 我国的根本政治制度是（　）。
//! A. 人民代表大会制度
//! B. 政治协商制度
//! 答案：A
//! 解析：宪法第二条。
//! ```
//!
//! Read as Moodle reads it: a line that is neither an option (`A.`, `A)`, `A、`, `A）`,
//! `(A)`) nor the answer (`ANSWER:`, `答案：`, `正确答案：`, `【答案】`) starts a question;
//! blank lines do not matter. Moodle's errors, each with its line: an option or answer before
//! any question ("question not started"), an answer after fewer than two options, a new
//! question before the last one's answer ("not completed"). What Aiken lacks and xuexi adds:
//! several letters (`答案：AC`) make a 多选, a stem may run over several lines before its first
//! option, and a `解析：` line after the answer is its explanation. Ids are made from the
//! question, as for a spreadsheet without 编号.

use std::path::Path;

use super::question::{Checker, Loc, RawAnswer, RawQuestion};
use super::{ImportError, msg};
use crate::domain::quiz::{Bank, Kind};

/// `A. text`, `A) text`, `A、text`, `A）text`, `(A) text` → the text (Moodle: a capital letter
/// and `)` or `.`, the space after optional).
fn option_of(line: &str) -> Option<&str> {
    let mut cs = line.chars();
    let first = cs.next()?;
    let rest = if matches!(first, '(' | '（') {
        let l = cs.next()?;
        if !l.is_ascii_uppercase() {
            return None;
        }
        cs.as_str().strip_prefix([')', '）'])?
    } else {
        if !first.is_ascii_uppercase() {
            return None;
        }
        let sep = cs.next()?;
        if !matches!(sep, '.' | ')' | '、' | '）' | '．') {
            return None;
        }
        cs.as_str()
    };
    // `A.I. is…` is a stem: an option's dot is followed by its text, not another letter's dot
    if first != '(' && first != '（' && rest.chars().nth(1) == Some('.') {
        return None;
    }
    Some(rest.trim())
}

/// `ANSWER: B`, `答案：B`, `【答案】B` → `B`.
fn answer_of(line: &str) -> Option<&str> {
    let upper_ok = line
        .get(..6)
        .is_some_and(|h| h.eq_ignore_ascii_case("answer"));
    let rest = if upper_ok {
        &line[6..]
    } else {
        ["正确答案", "参考答案", "答案"]
            .into_iter()
            .find_map(|w| line.strip_prefix(w))?
    };
    let rest = rest.trim_start();
    rest.strip_prefix([':', '：'])
        .map(str::trim)
        .or_else(|| line.strip_prefix("【答案】").map(str::trim))
}

/// `解析：…` after the answer.
fn explanation_of(line: &str) -> Option<&str> {
    ["答案解析", "解析"]
        .into_iter()
        .find_map(|w| line.strip_prefix(w))
        .and_then(|r| r.trim_start().strip_prefix([':', '：']))
        .map(str::trim)
}

/// Does this text look like Aiken: an `ANSWER:` line, or `答案：` lines after lettered options
/// with no numbered questions (those are the Word-style text format's)?
pub fn looks_like_aiken(text: &str) -> bool {
    let mut options = false;
    let mut answers = false;
    for l in text.lines().map(str::trim) {
        if l.starts_with("ANSWER:") || l.starts_with("ANSWER：") {
            return true;
        }
        let digits = l.chars().take_while(char::is_ascii_digit).count();
        if digits > 0 && l[digits..].starts_with(['.', '．', '、']) {
            return false;
        }
        if option_of(l).is_some() {
            options = true;
        } else if options && answer_of(l).is_some() {
            answers = true;
        }
    }
    options && answers
}

struct Pending {
    raw: RawQuestion,
    line: usize,
    option_lines: Vec<usize>,
    answer_line: usize,
}

/// Reads an Aiken bank, leaving nothing out (Aiken has only choice questions).
pub fn parse_bank_aiken_skipping(
    path: &Path,
    text: &str,
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
    _skip_unsupported: bool,
) -> Result<(Bank, Vec<ImportError>), Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ck = Checker::new(path, material_exists);
    ck.bank_id(id, Loc::LineCol(1, 1));
    let mut done: Vec<Pending> = Vec::new();
    let mut cur: Option<Pending> = None;
    let err = |ck: &mut Checker<'_>, line: usize, key: &'static str| {
        ck.errors.push(ImportError::at(path, line, 1, msg(key)));
    };
    for (i, line) in text.lines().enumerate() {
        let (n, t) = (i + 1, line.trim());
        if t.is_empty() {
            continue;
        }
        if let Some(o) = option_of(t) {
            match cur.as_mut() {
                Some(q) => {
                    q.raw.options.push(o.to_string());
                    q.option_lines.push(n);
                }
                None => err(&mut ck, n, "aiken_not_started"),
            }
        } else if let Some(a) = answer_of(t) {
            match cur.take() {
                None => err(&mut ck, n, "aiken_not_started"),
                Some(q) if q.raw.options.len() < 2 => err(&mut ck, n, "aiken_few_options"),
                Some(mut q) => {
                    q.raw.answer = Some(RawAnswer::Text(a.to_string()));
                    q.answer_line = n;
                    done.push(q);
                }
            }
        } else if let (None, Some(e)) = (&cur, explanation_of(t)) {
            match done.last_mut() {
                Some(q) => q.raw.explanation = e.to_string(),
                None => err(&mut ck, n, "aiken_not_started"),
            }
        } else {
            match cur.as_mut() {
                // the stem goes on until its first option
                Some(q) if q.raw.options.is_empty() => {
                    q.raw.stem.push('\n');
                    q.raw.stem.push_str(t);
                    continue;
                }
                Some(_) => err(&mut ck, n, "aiken_not_completed"),
                None => {}
            }
            cur = Some(Pending {
                raw: RawQuestion {
                    stem: t.to_string(),
                    ..RawQuestion::default()
                },
                line: n,
                option_lines: Vec::new(),
                answer_line: n,
            });
        }
    }
    if let Some(q) = cur {
        err(&mut ck, q.line, "aiken_no_answer");
    }
    let mut ids = Vec::new();
    let mut questions = Vec::new();
    for mut p in done {
        let letters = match &p.raw.answer {
            Some(RawAnswer::Text(a)) => a.chars().filter(char::is_ascii_alphabetic).count(),
            _ => 0,
        };
        p.raw.kind = if letters > 1 {
            Kind::Multiple
        } else {
            Kind::Single
        }
        .as_str()
        .into();
        p.raw.id = super::raw_text::content_id(&p.raw.kind, &p.raw.stem);
        let at = super::text_bank::TextLines {
            line: p.line,
            option_lines: p.option_lines,
            answer_line: p.answer_line,
        };
        super::text_bank::check_text_question(&mut ck, &mut ids, &mut questions, p.raw, at);
    }
    super::text_bank::finish_text_bank(ck, &ids, questions, id, title, msg("aiken_no_questions"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quiz::Answer;

    fn parse(text: &str) -> Result<Bank, Vec<ImportError>> {
        parse_bank_aiken_skipping(Path::new("a.txt"), text, "a", "a", &|_| true, false)
            .map(|(b, _)| b)
    }

    fn shown(errs: &[ImportError]) -> Vec<String> {
        let s = crate::i18n::Strings::load(crate::i18n::Lang::ZhCn);
        errs.iter().map(|e| e.render(&s)).collect()
    }

    /// Moodle's fixture (question/format/aiken/tests/fixtures/aiken_errors.txt), with the
    /// third good question its test names.
    const MOODLE_ERRORS: &str = "A question with too few answers\nA) Only answer\nANSWER: A\n\nA) Question not started\n\nANSWER: Question not started\n\nA good question\nA) Correct\nB) Incorrect\nANSWER: A\n\nA question started but not finished\nA) Correct-ish\nB) Incorrect-ish\n\nA second good question\nA)Incorrect (No space)\nB)Correct (No space)\nANSWER: B\n\nA third good question with HTML chars such as > < &\nA) Correct (< > &)\nB) Incorrect (< > &)\nANSWER: A\n";

    #[test]
    fn moodles_errors_each_on_moodles_line() {
        assert!(looks_like_aiken(MOODLE_ERRORS));
        let e = shown(&parse(MOODLE_ERRORS).unwrap_err());
        // Moodle: too few answers on line 3, not started on lines 5 and 7, not completed
        // before the next question on line 18
        for (line, word) in [
            (3, "至少"),
            (5, "还没有开始"),
            (7, "还没有开始"),
            (18, "还没有答案"),
        ] {
            assert!(
                e.iter()
                    .any(|m| m.contains(&format!("a.txt:{line}:")) && m.contains(word)),
                "line {line}: {e:?}"
            );
        }
        assert_eq!(e.len(), 4, "{e:?}");
    }

    #[test]
    fn moodles_good_questions_as_moodle_reads_them() {
        let good: String = MOODLE_ERRORS
            .split("\n\n")
            .filter(|q| q.contains("good"))
            .collect::<Vec<_>>()
            .join("\n\n");
        let b = parse(&good).unwrap_or_else(|e| panic!("{:?}", shown(&e)));
        let qs = &b.questions;
        assert_eq!(qs.len(), 3);
        assert_eq!(qs[0].stem, "A good question");
        assert_eq!(qs[0].options, ["Correct", "Incorrect"]);
        assert_eq!(qs[0].answer, Answer::Choice([0].into_iter().collect()));
        assert_eq!(
            qs[1].options,
            ["Incorrect (No space)", "Correct (No space)"]
        );
        assert_eq!(qs[1].answer, Answer::Choice([1].into_iter().collect()));
        // xuexi shows plain text: the characters as written (Moodle stores them HTML-escaped)
        assert_eq!(qs[2].options, ["Correct (< > &)", "Incorrect (< > &)"]);
        assert!(qs.iter().all(|q| q.kind == Kind::Single));
    }

    #[test]
    fn chinese_aiken_with_answer_word_and_options() {
        let text = "我国的根本政治制度是（　）。\nA. 人民代表大会制度\nB、政治协商制度\nC）民族区域自治制度\n答案：A\n解析：宪法第二条。\n\n下列属于新发展理念的有（　）。\nA. 创新\nB. 协调\nC. 封闭\n正确答案：AB\n";
        assert!(looks_like_aiken(text));
        let b = parse(text).unwrap_or_else(|e| panic!("{:?}", shown(&e)));
        assert_eq!(b.questions[0].options.len(), 3);
        assert_eq!(b.questions[0].explanation, "宪法第二条。");
        assert_eq!(b.questions[1].kind, Kind::Multiple);
        // a letter with no option is located on the answer's line
        let e = shown(&parse("题干\nA. 甲\nB. 乙\n答案：C\n").unwrap_err());
        assert!(e[0].contains("a.txt:4:"), "{e:?}");
    }

    #[test]
    fn the_word_format_is_not_aiken() {
        assert!(!looks_like_aiken("1. 题干（　）\nA. 甲\nB. 乙\n答案：A\n"));
        assert!(!looks_like_aiken("题型,题干,答案\n单选,x,A\n"));
    }
}
