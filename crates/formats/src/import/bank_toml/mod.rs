//! Quiz banks in TOML, the native format (see the README for the full layout):
//!
//! ```toml
//! [bank]
//! id = "yiqing-2020"
//! title = "疫情防控专题测试"
//!
//! [[questions]]
//! id = "q001"
//! type = "single"            # single | multiple | judge | fill
//! stem = "…（　）…"
//! options = ["…", "…"]
//! answer = "B"               # "ACD"; true/false; ["…", "a|b"] for fill
//! explanation = "…"
//! material = "material-id"
//!
//! [[papers]]
//! id = "yiqing-exam"
//! title = "疫情防控闭卷测试"
//! minutes = 20
//! pass = 60
//! draw = { single = 10, judge = 5 }
//! ```
//!
//! `sealed = true` (at the top of the file or in `[bank]`) makes a closed-book bank whose key
//! only the trainer holds: `pack build` writes it without `answer` and `explanation`, and the
//! member's xuexi reads that copy (every question without an answer) as a bank it can only
//! take papers of. Whoever imports the full file (`bank import`) holds the key: the trainer.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::question::{Checker, Drawable, Field, Loc, RawAnswer, RawQuestion};
use super::{ImportError, line_col, msg};
use crate::domain::quiz::{Bank, Kind, Paper, Question};
use crate::text::sanitize::{sanitize, sanitize_line};

mod export;
pub use export::export_bank_toml;

/// The keys a bank file may and must have (checked before reading, to report them all).
const SHAPE: super::toml_keys::Shape = super::toml_keys::Shape {
    top: super::toml_keys::TableShape {
        allowed: &["sealed", "bank", "questions", "papers"],
        required: &["bank"],
    },
    tables: &[
        (
            "bank",
            super::toml_keys::TableShape {
                allowed: &["id", "title", "description", "version", "sealed"],
                required: &["id", "title"],
            },
        ),
        (
            "questions",
            super::toml_keys::TableShape {
                allowed: &[
                    "id",
                    "type",
                    "stem",
                    "options",
                    "answer",
                    "explanation",
                    "material",
                    "tags",
                    "difficulty",
                    "points",
                    "shuffle",
                ],
                // `answer`: required unless the bank is sealed (checked after reading)
                required: &["id", "type", "stem"],
            },
        ),
        (
            "papers",
            super::toml_keys::TableShape {
                allowed: &[
                    "id",
                    "title",
                    "minutes",
                    "pass",
                    "draw",
                    "tags",
                    "multiple_partial",
                    "points",
                    "difficulty",
                    "fixed",
                    "attempts",
                ],
                required: &["id", "title", "minutes", "pass", "draw"],
            },
        ),
    ],
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileT {
    #[serde(default)]
    sealed: bool,
    bank: HeadT,
    #[serde(default)]
    questions: Vec<Spanned<QuestionT>>,
    #[serde(default)]
    papers: Vec<Spanned<PaperT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadT {
    id: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    description: String,
    version: Option<i64>,
    #[serde(default)]
    sealed: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct QuestionT {
    id: Spanned<String>,
    #[serde(rename = "type")]
    kind: Spanned<String>,
    stem: Spanned<String>,
    options: Option<Vec<Spanned<String>>>,
    /// absent only in a sealed bank's member copy
    answer: Option<Spanned<toml::Value>>,
    #[serde(default)]
    explanation: String,
    material: Option<Spanned<String>>,
    #[serde(default)]
    tags: Vec<String>,
    difficulty: Option<Spanned<i64>>,
    points: Option<Spanned<f64>>,
    /// `false`: the options keep their order.
    shuffle: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct PaperT {
    id: String,
    title: String,
    minutes: i64,
    pass: i64,
    draw: BTreeMap<String, i64>,
    #[serde(default)]
    tags: Vec<String>,
    multiple_partial: Option<f64>,
    /// 每题分值 by type: `{ single = 2, multiple = 3 }`
    #[serde(default)]
    points: BTreeMap<String, f64>,
    /// draw only questions of these difficulties
    #[serde(default)]
    difficulty: Vec<i64>,
    /// 固定试卷: the same questions for everyone
    #[serde(default)]
    fixed: bool,
    /// how many times a member may hand it in
    attempts: Option<i64>,
}

fn raw_answer(v: &toml::Value) -> Option<RawAnswer> {
    match v {
        toml::Value::String(s) => Some(RawAnswer::Text(s.clone())),
        toml::Value::Boolean(b) => Some(RawAnswer::Bool(*b)),
        toml::Value::Integer(i) => Some(RawAnswer::Text(i.to_string())),
        toml::Value::Array(items) => items
            .iter()
            .map(|i| match i {
                toml::Value::String(s) => Some(s.clone()),
                toml::Value::Integer(n) => Some(n.to_string()),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map(RawAnswer::List),
        _ => None,
    }
}

/// Parses and checks a TOML bank. Every problem found is returned, each as
/// `path:line:col: message`; a syntax or type error stops at that one.
pub fn parse_bank_toml(
    path: &Path,
    text: &str,
    material_exists: &dyn Fn(&str) -> bool,
) -> Result<Bank, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let keys = super::toml_keys::key_problems(path, text, &SHAPE);
    if !keys.is_empty() {
        return Err(keys);
    }
    let file: FileT = toml::from_str(text).map_err(|e| {
        let (l, c) = line_col(text, e.span().map_or(0, |s| s.start));
        vec![ImportError::at(
            path,
            l,
            c,
            super::toml_problem(e.message()),
        )]
    })?;
    let sealed = file.sealed || file.bank.sealed;
    let mut r = TomlBank {
        ck: Checker::new(path, material_exists),
        text,
        drawable: Vec::new(),
    };
    r.keyless(&file.questions, sealed);
    let bank_id = file.bank.id.get_ref().trim().to_string();
    r.ck.bank_id(&bank_id, r.at(file.bank.id.span().start));
    let title = sanitize_line(file.bank.title.get_ref());
    if title.is_empty() {
        let loc = r.at(file.bank.title.span().start);
        r.ck.err(loc, msg("bank_no_title"));
    }
    let mut ids = Vec::new();
    let mut questions = Vec::new();
    for q in &file.questions {
        ids.push((
            q.get_ref().id.get_ref().trim().to_string(),
            r.at(q.get_ref().id.span().start),
        ));
        if let Some(q) = r.question(q) {
            questions.push(q);
        }
    }
    r.ck.unique_ids(&ids);
    let mut bank = Bank {
        id: bank_id,
        title,
        description: sanitize(file.bank.description.trim()),
        version: file.bank.version,
        sealed,
        questions,
        papers: Vec::new(),
    };
    let mut paper_ids: Vec<String> = Vec::new();
    for p in &file.papers {
        let loc = r.at(p.span().start);
        let paper = r.paper(p.get_ref(), &loc);
        if paper_ids.contains(&paper.id) {
            r.ck.err(loc.clone(), msg("paper_id_duplicate").arg("id", &paper.id));
        }
        paper_ids.push(paper.id.clone());
        r.ck.paper(&r.drawable, &paper, loc);
        bank.papers.push(paper);
    }
    if r.ck.errors.is_empty() {
        Ok(bank)
    } else {
        Err(r.ck.errors)
    }
}

/// A TOML bank being checked: its text (for line and column), the problems so far, and what
/// its papers may draw from. One step per question, one per paper.
struct TomlBank<'a> {
    ck: Checker<'a>,
    text: &'a str,
    /// each question's type, tags and difficulty, as a paper draws them
    drawable: Vec<Drawable>,
}

impl TomlBank<'_> {
    fn at(&self, offset: usize) -> Loc {
        let (l, c) = line_col(self.text, offset);
        Loc::LineCol(l, c)
    }

    /// The answers a bank must have: every question's, except in a sealed bank's member copy,
    /// which has none at all (a sealed file with some answers missing is a mistake, not a copy).
    fn keyless(&mut self, questions: &[Spanned<QuestionT>], sealed: bool) {
        let without = questions.iter().filter(|q| q.get_ref().answer.is_none());
        let all_without = questions.iter().all(|q| q.get_ref().answer.is_none());
        if sealed && all_without {
            return;
        }
        for q in without {
            let loc = self.at(q.span().start);
            let m = if sealed {
                msg("sealed_some_answers")
            } else {
                msg("toml_missing_field").arg("field", "answer")
            };
            self.ck.err(loc, m);
        }
    }

    /// One `[[questions]]` table checked, each problem at the key it is in (at the table when
    /// the key is missing).
    fn question(&mut self, spanned: &Spanned<QuestionT>) -> Option<Question> {
        let table_at = spanned.span().start;
        let q = spanned.get_ref();
        if let Some(kind) = Kind::parse(q.kind.get_ref()) {
            self.drawable.push((
                kind,
                q.tags.iter().map(|t| sanitize_line(t)).collect(),
                q.difficulty
                    .as_ref()
                    .and_then(|d| u8::try_from(*d.get_ref()).ok()),
            ));
        }
        let raw = RawQuestion {
            id: q.id.get_ref().clone(),
            kind: q.kind.get_ref().clone(),
            stem: q.stem.get_ref().clone(),
            options: q
                .options
                .as_ref()
                .map(|o| o.iter().map(|s| s.get_ref().clone()).collect())
                .unwrap_or_default(),
            answer: match &q.answer {
                Some(a) => raw_answer(a.get_ref()),
                // a sealed bank's member copy (`keyless` refused every other case)
                None => Some(RawAnswer::Sealed),
            },
            explanation: q.explanation.clone(),
            material: q.material.as_ref().map(|m| m.get_ref().clone()),
            tags: q.tags.clone(),
            difficulty: q.difficulty.as_ref().map(|d| *d.get_ref()),
            points: q.points.as_ref().map(|p| *p.get_ref()),
            keep_order: q.shuffle == Some(false),
        };
        let text = self.text;
        let loc = |f: Field| -> Loc {
            let offset = match f {
                Field::Question => table_at,
                Field::Id => q.id.span().start,
                Field::Type => q.kind.span().start,
                Field::Stem => q.stem.span().start,
                Field::Option(i) => q
                    .options
                    .as_ref()
                    .and_then(|o| o.get(i))
                    .map_or(table_at, |o| o.span().start),
                Field::Answer => q.answer.as_ref().map_or(table_at, |a| a.span().start),
                Field::Material => q.material.as_ref().map_or(table_at, |m| m.span().start),
                Field::Difficulty => q.difficulty.as_ref().map_or(table_at, |d| d.span().start),
                Field::Points => q.points.as_ref().map_or(table_at, |p| p.span().start),
            };
            let (l, c) = line_col(text, offset);
            Loc::LineCol(l, c)
        };
        self.ck.question(raw, &loc)
    }

    /// One `[[papers]]` table as a paper, its types known and its numbers in range; every
    /// problem at the table (`loc`).
    fn paper(&mut self, pt: &PaperT, loc: &Loc) -> Paper {
        let mut draw = Vec::new();
        for (k, n) in &pt.draw {
            match Kind::parse(k) {
                Some(kind) if *n >= 0 => draw.push((kind, *n as usize)),
                Some(_) => self
                    .ck
                    .err(loc.clone(), msg("draw_negative").arg("kind", k)),
                None => self
                    .ck
                    .err(loc.clone(), msg("draw_unknown_kind").arg("kind", k)),
            }
        }
        draw.sort_by_key(|(k, _)| *k);
        let mut points = Vec::new();
        for (k, p) in &pt.points {
            match Kind::parse(k) {
                Some(kind) => points.push((kind, *p)),
                None => self
                    .ck
                    .err(loc.clone(), msg("draw_unknown_kind").arg("kind", k)),
            }
        }
        points.sort_by_key(|(k, _)| *k);
        if pt.pass < 0 {
            self.ck.err(loc.clone(), msg("paper_pass"));
        }
        Paper {
            id: pt.id.trim().to_string(),
            title: sanitize_line(&pt.title),
            minutes: pt.minutes.clamp(0, 10_000) as u32,
            pass: pt.pass.clamp(0, 255) as u8,
            draw,
            tags: pt.tags.iter().map(|t| sanitize_line(t)).collect(),
            multiple_partial: pt.multiple_partial,
            points,
            // out of range: 0, which the check reports
            difficulty: pt
                .difficulty
                .iter()
                .map(|d| u8::try_from(*d).unwrap_or(0))
                .collect(),
            fixed: pt.fixed,
            attempts: pt.attempts.map(|a| u32::try_from(a).unwrap_or(0)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BANK: &str = r#"[bank]
id = "t"
title = "测试题库"

[[questions]]
id = "q1"
type = "single"
stem = "做好疫情防控工作，直接关系（　）"
options = ["人民生命安全和身体健康", "经济增长", "对外贸易"]
answer = "A"
explanation = "习近平指出，做好疫情防控工作，直接关系人民生命安全和身体健康。"
material = "m1"

[[questions]]
id = "q2"
type = "judge"
stem = "疫情防控只是医药卫生问题。"
answer = false

[[questions]]
id = "q3"
type = "fill"
stem = "增强“（　）”，坚定“（　）”"
answer = ["四个意识", "四个自信"]

[[papers]]
id = "p"
title = "卷"
minutes = 10
pass = 60
draw = { single = 1, judge = 1 }
"#;

    fn yes(_: &str) -> bool {
        true
    }

    #[test]
    fn parses_and_round_trips() {
        let bank = parse_bank_toml(Path::new("b.toml"), BANK, &yes).unwrap();
        assert_eq!(bank.questions.len(), 3);
        assert_eq!(
            bank.papers[0].draw,
            vec![(Kind::Single, 1), (Kind::Judge, 1)]
        );
        let again = parse_bank_toml(Path::new("b.toml"), &export_bank_toml(&bank), &yes).unwrap();
        assert_eq!(again, bank);
    }

    #[test]
    fn shuffle_false_keeps_the_order_and_round_trips() {
        let text = BANK.replacen("[[questions]]", "[[questions]]\nshuffle = false", 1);
        let bank = parse_bank_toml(Path::new("b.toml"), &text, &yes).unwrap();
        assert!(!bank.questions[0].shuffle);
        assert!(bank.questions[1].shuffle);
        let again = parse_bank_toml(Path::new("b.toml"), &export_bank_toml(&bank), &yes).unwrap();
        assert_eq!(again, bank);
    }

    fn errors(text: &str) -> Vec<String> {
        parse_bank_toml(Path::new("b.toml"), text, &|m| m == "m1")
            .unwrap_err()
            .iter()
            .map(|e| e.to_string())
            .collect()
    }

    #[test]
    fn every_problem_with_its_place() {
        let bad = BANK
            .replace("answer = \"A\"", "answer = \"D\"")
            .replace("answer = false", "answer = \"maybe\"")
            .replace(
                "answer = [\"四个意识\", \"四个自信\"]",
                "answer = [\"四个意识\"]",
            )
            .replace("id = \"q2\"", "id = \"q1\"")
            .replace("material = \"m1\"", "material = \"nope\"")
            .replace("single = 1, judge = 1", "single = 1, judge = 3");
        let e = errors(&bad);
        let joined = e.join("\n");
        assert!(
            joined.contains("b.toml:10:10: answer D has no option"),
            "{joined}"
        );
        assert!(
            joined.contains("b.toml:12:12: no material with id `nope`"),
            "{joined}"
        );
        assert!(
            joined.contains("b.toml:18:10: a judge answer must be true or false"),
            "{joined}"
        );
        assert!(joined.contains("the stem has 2 blanks"), "{joined}");
        assert!(
            joined.contains("b.toml:15:6: duplicate question id `q1` (also at line 6)"),
            "{joined}"
        );
        assert!(
            joined.contains("draws 3 judge (判断) questions but the bank has 1"),
            "{joined}"
        );
        assert_eq!(e.len(), 6, "{joined}");
    }

    #[test]
    fn syntax_and_unknown_keys() {
        let e = errors(
            "[bank]\nid = \"t\"\ntitle = \"x\"\n[[questions]]\nid = \"a\"\ntype = \"single\"\nstem = \"s\"\nanswer = \"A\"\nhint = \"?\"\n",
        );
        assert!(e[0].starts_with("b.toml:9:1: "), "{e:?}");
        assert!(e[0].contains("hint"));
        let e = errors("[bank]\nid = \"t\"\ntitle = \n");
        assert!(e[0].starts_with("b.toml:3:"), "{e:?}");
    }

    #[test]
    fn empty_option_and_option_counts() {
        let e = errors(
            "[bank]\nid = \"t\"\ntitle = \"x\"\n[[questions]]\nid = \"a\"\ntype = \"multiple\"\nstem = \"s\"\noptions = [\"甲\", \"\"]\nanswer = \"AB\"\n[[questions]]\nid = \"b\"\ntype = \"single\"\nstem = \"s\"\noptions = [\"甲\"]\nanswer = \"A\"\n",
        );
        let joined = e.join("\n");
        assert!(
            joined.contains("b.toml:8:17: option B is empty"),
            "{joined}"
        );
        assert!(joined.contains("needs 2–8 options, it has 1"), "{joined}");
    }

    #[test]
    fn a_paper_s_problems_are_each_said_at_its_table_in_order() {
        let text = format!(
            "{BANK}\n[[papers]]\nid = \"p\"\ntitle = \"二卷\"\nminutes = 10\npass = -1\n\
             draw = {{ single = -1, essay = 2 }}\npoints = {{ poem = 1 }}\n"
        );
        let errs = parse_bank_toml(Path::new("b.toml"), &text, &yes).unwrap_err();
        let keys: Vec<&str> = errs
            .iter()
            .filter_map(|e| e.message())
            .map(|m| m.key)
            .collect();
        assert_eq!(
            keys,
            [
                "draw_unknown_kind",
                "draw_negative",
                "draw_unknown_kind",
                "paper_pass",
                "paper_id_duplicate",
                "paper_draws_none",
            ],
            "{errs:?}"
        );
        let line = BANK.lines().count() + 2;
        assert!(
            errs.iter()
                .all(|e| e.to_string().starts_with(&format!("b.toml:{line}:"))),
            "{errs:?}"
        );
    }
}
