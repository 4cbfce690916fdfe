//! Quiz banks as trainers paste them from a Word document (close to Moodle's Aiken format):
//!
//! ```text
//! 一、单选题
//! 1. 疫情防控要坚持（　）。
//! A. 全国一盘棋
//! B. 属地管理
//! 答案：A
//! 解析：原文：「……」
//! ```
//!
//! Sections (一、单选题 二、多选题 三、判断题 四、填空题) give the type; without one it is told
//! from the question (options and one letter: 单选; several letters: 多选; 对/错 and no options:
//! 判断; else 填空). Optional lines: 分值：, 难度：, 标签：, 出处：. Ids are made from the
//! question (as for a spreadsheet without 编号). Every problem is reported with its line.

use std::path::Path;

use super::question::{Checker, Loc, RawAnswer, RawQuestion};
use super::text_bank::{TextLines, check_text_question, finish_text_bank, guess_kind};
use super::{ImportError, msg};
use crate::domain::quiz::{Answer, Bank, Kind, letter, points_text};

/// Does this text look like a Word-style bank (a line starting 答案：)?
pub fn looks_like_text_bank(text: &str) -> bool {
    text.lines()
        .any(|l| field_of(l).is_some_and(|(k, _)| k == "答案"))
}

/// `答案：B`, `【答案】B`, `解析:…` → (the field's name, its value).
fn field_of(line: &str) -> Option<(&'static str, String)> {
    let t = line.trim();
    let names: [(&str, &'static str); 11] = [
        ("正确答案", "答案"),
        ("参考答案", "答案"),
        ("答案", "答案"),
        ("答案解析", "解析"),
        ("解析", "解析"),
        ("分值", "分值"),
        ("难度", "难度"),
        ("标签", "标签"),
        ("知识点", "标签"),
        ("出处", "出处"),
        ("编号", "编号"),
    ];
    for (word, name) in names {
        for (open, close) in [("", ""), ("【", "】"), ("[", "]")] {
            let head = format!("{open}{word}{close}");
            if let Some(rest) = t.strip_prefix(&head) {
                let rest = rest.trim_start();
                let value = rest
                    .strip_prefix(['：', ':'])
                    .or((!close.is_empty()).then_some(rest));
                if let Some(v) = value {
                    return Some((name, v.trim().to_string()));
                }
            }
        }
    }
    None
}

/// `一、单选题（每题 2 分）` → the section's type.
fn section_of(line: &str) -> Option<Kind> {
    let t = line.trim();
    let numerals = "一二三四五六七八九十";
    let first = t.chars().next()?;
    if !numerals.contains(first) {
        return None;
    }
    let rest = t.trim_start_matches(|c| numerals.contains(c));
    let rest = rest.strip_prefix(['、', '.', '．'])?;
    let name: String = rest
        .chars()
        .take_while(|c| !matches!(c, '（' | '(' | '：' | ':' | ' '))
        .collect();
    Kind::parse(&name)
}

/// `12. 题干`, `12、题干`, `12．题干` → the stem's first line.
fn question_start(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return None;
    }
    let rest = &t[digits..];
    let sep = rest.chars().next()?;
    matches!(sep, '.' | '．' | '、').then(|| rest[sep.len_utf8()..].trim())
}

/// `A. 选项`, `A、选项`, `(A) 选项` → (index, text).
fn option_of(line: &str) -> Option<(usize, String)> {
    let t = line.trim();
    let mut cs = t.chars();
    let (l, rest) = match cs.next()? {
        '(' | '（' => {
            let l = cs.next()?;
            (l, cs.as_str().strip_prefix([')', '）'])?)
        }
        l => {
            let sep = cs.next()?;
            if !matches!(sep, '.' | '．' | '、' | ':' | '：' | ')' | '）') {
                return None;
            }
            (l, cs.as_str())
        }
    };
    if !l.is_ascii_uppercase() || l > 'H' {
        return None;
    }
    Some(((l as u8 - b'A') as usize, rest.trim().to_string()))
}

struct Pending {
    raw: RawQuestion,
    line: usize,
    /// Line of each field, for messages.
    option_lines: Vec<usize>,
    answer_line: usize,
    section: Option<Kind>,
}

/// Reads a Word-style text bank.
pub fn parse_bank_text(
    path: &Path,
    text: &str,
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
) -> Result<Bank, Vec<ImportError>> {
    parse_bank_text_skipping(path, text, id, title, material_exists, false).map(|(b, _)| b)
}

/// [`parse_bank_text`], leaving out (and listing) questions of an unsupported type when
/// `skip_unsupported`.
pub fn parse_bank_text_skipping(
    path: &Path,
    text: &str,
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
    skip_unsupported: bool,
) -> Result<(Bank, Vec<ImportError>), Vec<ImportError>> {
    let mut r = TextReader {
        ck: Checker::new(path, material_exists),
        section: None,
        pending: Vec::new(),
        last_field: "",
    };
    r.ck.skip_unsupported = skip_unsupported;
    r.ck.bank_id(id, Loc::LineCol(1, 1));
    for (i, line) in text.lines().enumerate() {
        r.line(i + 1, line);
    }
    let TextReader {
        mut ck, pending, ..
    } = r;
    let mut ids = Vec::new();
    let mut questions = Vec::new();
    for mut p in pending {
        p.raw.kind = p
            .section
            .unwrap_or_else(|| guess_kind(&p.raw))
            .as_str()
            .to_string();
        if p.raw.id.is_empty() {
            p.raw.id = super::raw_text::content_id(&p.raw.kind, &p.raw.stem);
        }
        let at = TextLines {
            line: p.line,
            option_lines: p.option_lines,
            answer_line: p.answer_line,
        };
        check_text_question(&mut ck, &mut ids, &mut questions, p.raw, at);
    }
    finish_text_bank(ck, &ids, questions, id, title, msg("text_no_questions"))
}

/// A Word-style bank being read line by line: the section (一、单选题) it is in, the questions
/// so far, and the field a line that goes on belongs to. One step per kind of line.
struct TextReader<'a> {
    ck: Checker<'a>,
    section: Option<Kind>,
    pending: Vec<Pending>,
    /// the field a continuation line belongs to
    last_field: &'static str,
}

impl TextReader<'_> {
    fn line(&mut self, line_no: usize, line: &str) {
        if line.trim().is_empty() {
            return;
        }
        if let Some(kind) = section_of(line) {
            self.section = Some(kind);
            self.last_field = "";
            return;
        }
        if let Some(stem) = question_start(line) {
            self.pending.push(Pending {
                raw: RawQuestion {
                    stem: stem.to_string(),
                    ..RawQuestion::default()
                },
                line: line_no,
                option_lines: Vec::new(),
                answer_line: line_no,
                section: self.section,
            });
            self.last_field = "题干";
            return;
        }
        if self.pending.is_empty() {
            // text before the first question (a title, instructions): not a question
            return;
        }
        if let Some((name, value)) = field_of(line) {
            self.field(name, value, line_no);
        } else if let Some((idx, opt)) = option_of(line) {
            self.option(idx, opt, line_no);
        } else {
            self.more(line.trim(), line_no);
        }
    }

    /// The question being read, when one is (every step after the first question's line).
    fn question(&mut self) -> Option<&mut Pending> {
        self.pending.last_mut()
    }

    /// `答案：`, `解析：`, `分值：`, … — a field of the question.
    fn field(&mut self, name: &'static str, value: String, line_no: usize) {
        self.last_field = name;
        let Some(q) = self.question() else { return };
        match name {
            "答案" => {
                q.raw.answer = (!value.is_empty()).then_some(RawAnswer::Text(value));
                q.answer_line = line_no;
            }
            "解析" => q.raw.explanation = value,
            "分值" => q.raw.points = value.trim_end_matches('分').trim().parse().ok(),
            "难度" => q.raw.difficulty = value.parse().ok(),
            "标签" => {
                q.raw.tags = value
                    .split([',', '，', '、', ';', '；'])
                    .map(|t| t.trim().to_string())
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            "出处" => q.raw.material = (!value.is_empty()).then_some(value),
            "编号" => q.raw.id = value,
            _ => {}
        }
    }

    /// `A．…`: the next option, which must come in letter order.
    fn option(&mut self, idx: usize, opt: String, line_no: usize) {
        let Some(q) = self.question() else { return };
        let expected = q.raw.options.len();
        q.raw.options.push(opt);
        q.option_lines.push(line_no);
        self.last_field = "选项";
        if idx != expected {
            self.ck.err(
                Loc::LineCol(line_no, 1),
                msg("option_order")
                    .arg("letter", letter(idx))
                    .arg("expected", letter(expected)),
            );
        }
    }

    /// A line that goes on: the stem, the explanation, or the last option; else stray.
    fn more(&mut self, t: &str, line_no: usize) {
        let field = self.last_field;
        let Some(q) = self.question() else { return };
        match field {
            "题干" => q.raw.stem.push_str(t),
            "解析" => {
                q.raw.explanation.push('\n');
                q.raw.explanation.push_str(t);
            }
            "选项" => {
                if let Some(o) = q.raw.options.last_mut() {
                    o.push_str(t);
                }
            }
            _ => self
                .ck
                .err(Loc::LineCol(line_no, 1), msg("text_stray_line")),
        }
    }
}

/// Writes a bank in this format; [`parse_bank_text`] reads it back to the same questions.
pub fn export_bank_text(bank: &Bank) -> String {
    let mut out = String::new();
    let numerals = ["一", "二", "三", "四"];
    let mut n = 0;
    for (k, kind) in Kind::ALL.iter().enumerate() {
        let qs: Vec<_> = bank.questions.iter().filter(|q| q.kind == *kind).collect();
        if qs.is_empty() {
            continue;
        }
        out.push_str(&format!("{}、{}题\n\n", numerals[k], kind.zh()));
        for q in qs {
            n += 1;
            out.push_str(&format!("{n}. {}\n", q.stem.replace('\n', " ")));
            for (i, o) in q.options.iter().enumerate() {
                out.push_str(&format!("{}. {o}\n", letter(i)));
            }
            let answer = match &q.answer {
                Answer::Choice(set) => set.iter().map(|&i| letter(i)).collect(),
                Answer::Judge(b) => if *b { "对" } else { "错" }.to_string(),
                Answer::Fill(blanks) => blanks
                    .iter()
                    .map(|a| a.join("|"))
                    .collect::<Vec<_>>()
                    .join("；"),
                // `bank export` refuses a sealed bank without its key before it gets here
                Answer::Sealed => String::new(),
            };
            out.push_str(&format!("答案：{answer}\n"));
            if !q.explanation.is_empty() {
                out.push_str(&format!("解析：{}\n", q.explanation));
            }
            if q.points != 1.0 {
                out.push_str(&format!("分值：{}\n", points_text(q.points)));
            }
            if let Some(d) = q.difficulty {
                out.push_str(&format!("难度：{d}\n"));
            }
            if !q.tags.is_empty() {
                out.push_str(&format!("标签：{}\n", q.tags.join("，")));
            }
            if let Some(m) = &q.material {
                out.push_str(&format!("出处：{m}\n"));
            }
            out.push_str(&format!("编号：{}\n\n", q.id));
        }
    }
    crate::text::sanitize::sanitize_document(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const WORD: &str = "2020年冬训测试题

一、单选题（每题 1 分）
1. 疫情防控要坚持（　）。
A. 全国一盘棋
B. 属地管理
C．分级负责
答案：A
解析：原文：「习近平指出，疫情防控要坚持全国一盘棋。」
二、多选题
2、要坚决反对（　）。
A、形式主义
B、官僚主义
C、享乐主义
【答案】AB
三、判断题
3. 疫情防控只是医药卫生问题。
答案：错
四、填空题
4. 增强“（　）”，坚定“（　）”。
答案：四个意识；四个自信|4个自信
";

    fn parse(text: &str) -> Result<Bank, Vec<ImportError>> {
        parse_bank_text(Path::new("b.txt"), text, "b", "题库", &|_| true)
    }

    #[test]
    fn reads_what_trainers_paste_from_word() {
        assert!(looks_like_text_bank(WORD));
        let bank = parse(WORD).unwrap();
        let kinds: Vec<Kind> = bank.questions.iter().map(|q| q.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Single, Kind::Multiple, Kind::Judge, Kind::Fill]
        );
        let q = &bank.questions;
        assert_eq!(q[0].stem, "疫情防控要坚持（　）。");
        assert_eq!(q[0].options, ["全国一盘棋", "属地管理", "分级负责"]);
        assert!(q[0].explanation.contains("全国一盘棋"));
        assert_eq!(q[1].answer, Answer::Choice([0, 1].into()));
        assert_eq!(q[2].answer, Answer::Judge(false));
        assert_eq!(
            q[3].answer,
            Answer::Fill(vec![
                vec!["四个意识".into()],
                vec!["四个自信".into(), "4个自信".into()]
            ])
        );
    }

    #[test]
    fn round_trips_through_export() {
        let bank = parse(WORD).unwrap();
        let again = parse(&export_bank_text(&bank)).unwrap();
        assert_eq!(again.questions, bank.questions);
    }

    #[test]
    fn without_sections_the_type_is_told_from_the_question() {
        let bank = parse("1. 题一（　）\nA. 甲\nB. 乙\n答案：B\n2. 说法。\n答案：对\n3. 空（　）\n答案：甲\n4. 多（　）\nA. 甲\nB. 乙\nC. 丙\n答案：AC\n").unwrap();
        let kinds: Vec<Kind> = bank.questions.iter().map(|q| q.kind).collect();
        assert_eq!(
            kinds,
            [Kind::Single, Kind::Judge, Kind::Fill, Kind::Multiple]
        );
    }

    #[test]
    fn every_problem_with_its_line() {
        let e = parse("1. 题一（　）\nA. 甲\nC. 乙\n答案：D\n这一行什么也不是\n").unwrap_err();
        let all: Vec<String> = e.iter().map(ToString::to_string).collect();
        let joined = all.join("\n");
        assert!(
            joined.contains("b.txt:3:1: option C comes where option B was expected"),
            "{joined}"
        );
        assert!(joined.contains("b.txt:4:1:"), "the answer's line: {joined}");
    }

    #[test]
    fn lines_that_go_on_join_their_field_and_others_are_said_at_their_line() {
        let text =
            "1. 甲（　）\nB. 乙\n   接着乙\nA. 甲\n答案：A\n不属于任何字段\n二、判断题\n又一行\n";
        let errs = parse(text).unwrap_err();
        let said: Vec<(String, &str)> = errs
            .iter()
            .map(|e| {
                let at = e.to_string().split(": ").next().unwrap_or("").to_string();
                (at, e.message().map_or("", |m| m.key))
            })
            .collect();
        let want = [
            ("b.txt:2:1", "option_order"),
            ("b.txt:4:1", "option_order"),
            ("b.txt:6:1", "text_stray_line"),
            ("b.txt:8:1", "text_stray_line"),
        ];
        assert_eq!(said.len(), want.len(), "{said:?}");
        for ((at, key), (w_at, w_key)) in said.iter().zip(want) {
            assert_eq!((at.as_str(), *key), (w_at, w_key), "{said:?}");
        }
        // a continuation goes to the option above it
        let ok = parse("1. 甲（　）\nA. 乙\n   接着乙\nB. 甲\n答案：A\n").unwrap();
        assert_eq!(ok.questions[0].options[0], "乙接着乙");
    }
}
