//! Quiz banks as JSON, in the shapes 学习强国 question-bank collections share them:
//!
//! ```text
//! [
//!   {"category": "单选题", "content": "我国的根本政治制度是（　）。",
//!    "options": ["A. 人民代表大会制度", "B. 政治协商制度"], "answer": "A", "analysis": "宪法第二条"},
//!   {"question": "疫情防控只是医药卫生问题。", "answer": "错"},
//!   {"content": "中国共产党成立于____年。", "tips": [], "answer": "1921"}
//! ]
//! ```
//!
//! The array may stand alone or under a key (`{"data": […]}`, any key whose value is an array
//! of objects). Keys read (the first present wins):
//!
//! | field | keys |
//! |---|---|
//! | stem | `content`, `question`, `stem`, `title`, `题干`, `题目` |
//! | options | `options`, `tips`, `choices`, `选项` — a list of texts (`"A. …"` loses its letter), or an object `{"A": …, "B": …}` |
//! | answer | `answer`, `answers`, `correct`, `答案`, `正确答案` — letters (`"AC"`, `["A","C"]`), an option's text, 对/错, `true`/`false`, a fill's text |
//! | type | `category`, `type`, `题型` — a type word (单选题…); anything else is a tag, and the type is told from the answer |
//! | explanation | `analysis`, `explanation`, `解析`, `说明`, `note` |
//! | id | `id`, `编号` (when it makes an id; else one is made from the question) |
//! | tags | `tags`, `标签`, `知识点` — a list or a `，`-separated text |
//! | points, difficulty | `score`/`points`/`分值`, `difficulty`/`难度` |
//!
//! Broken JSON is reported in Chinese with its line and column, never the parser's English;
//! each question's problems with the line and column where its object opens.

use std::path::Path;

use serde_json::{Map, Value};

use super::question::{Checker, Field, Loc, RawAnswer, RawQuestion};
use super::{ImportError, msg};
use crate::domain::quiz::{Bank, Kind, letter};

const STEM: [&str; 6] = ["content", "question", "stem", "title", "题干", "题目"];
const OPTIONS: [&str; 4] = ["options", "tips", "choices", "选项"];
const ANSWER: [&str; 5] = ["answer", "answers", "correct", "答案", "正确答案"];
const KIND: [&str; 3] = ["category", "type", "题型"];
const EXPLANATION: [&str; 5] = ["analysis", "explanation", "解析", "说明", "note"];
const ID: [&str; 2] = ["id", "编号"];
const TAGS: [&str; 3] = ["tags", "标签", "知识点"];
const POINTS: [&str; 3] = ["score", "points", "分值"];
const DIFFICULTY: [&str; 2] = ["difficulty", "难度"];

/// Does this text look like a JSON bank (an array, or an object, as its first character)?
pub fn looks_like_json(text: &str) -> bool {
    let t = text.trim_start_matches('\u{feff}').trim_start();
    t.starts_with('{') || (t.starts_with('[') && t[1..].trim_start().starts_with(['{', ']']))
}

/// The first of `keys` in `obj` (compared without case).
fn field<'a>(obj: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| {
        obj.iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(k))
            .map(|(_, v)| v)
    })
}

/// A value as text: strings as they are, numbers and booleans written out.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Null => String::new(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => if *b { "对" } else { "错" }.into(),
        Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join("，"),
        Value::Object(_) => String::new(),
    }
}

/// Where each object of the questions' array opens (line, column), in order: a scan that
/// knows strings, for an array at the top or one level down.
fn object_starts(src: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut stack: Vec<char> = Vec::new();
    let (mut line, mut col) = (1, 0);
    let (mut in_str, mut escaped) = (false, false);
    for c in src.chars() {
        col += 1;
        if c == '\n' {
            line += 1;
            col = 0;
        }
        if in_str {
            match c {
                _ if escaped => escaped = false,
                '\\' => escaped = true,
                '"' => in_str = false,
                _ => {}
            }
            continue;
        }
        match c {
            '"' => in_str = true,
            '{' | '[' => {
                let in_array = stack.last() == Some(&'[') && stack.len() <= 2;
                if c == '{' && in_array {
                    out.push((line, col));
                }
                stack.push(c);
            }
            '}' | ']' => {
                stack.pop();
            }
            _ => {}
        }
    }
    out
}

/// serde_json's complaint in the trainer's words.
fn syntax(path: &Path, e: &serde_json::Error) -> ImportError {
    use serde_json::error::Category;
    let key = match e.classify() {
        Category::Eof => "json_eof",
        Category::Data => "json_data",
        _ => "json_syntax",
    };
    ImportError::at(path, e.line().max(1), e.column().max(1), msg(key))
}

/// Reads a JSON bank, leaving out (and listing) questions of an unsupported type when
/// `skip_unsupported`.
pub fn parse_bank_json_skipping(
    path: &Path,
    src: &str,
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
    skip_unsupported: bool,
) -> Result<(Bank, Vec<ImportError>), Vec<ImportError>> {
    let src = src.strip_prefix('\u{feff}').unwrap_or(src);
    let value: Value = serde_json::from_str(src).map_err(|e| vec![syntax(path, &e)])?;
    let items = match &value {
        Value::Array(a) => Some(a),
        Value::Object(o) => o.values().find_map(|v| match v {
            Value::Array(a) if a.iter().any(Value::is_object) => Some(a),
            _ => None,
        }),
        _ => None,
    };
    let Some(items) = items else {
        return Err(vec![ImportError::at(path, 1, 1, msg("json_no_array"))]);
    };
    let starts = object_starts(src);
    let mut ck = Checker::new(path, material_exists);
    ck.skip_unsupported = skip_unsupported;
    ck.bank_id(id, Loc::LineCol(1, 1));
    let mut ids = Vec::new();
    let mut questions = Vec::new();
    let mut objects = 0;
    for item in items {
        let Value::Object(obj) = item else { continue };
        let (line, col) = starts.get(objects).copied().unwrap_or((1, 1));
        objects += 1;
        let raw = question(obj);
        ids.push((raw.id.clone(), Loc::LineCol(line, col)));
        let loc = move |_: Field| Loc::LineCol(line, col);
        if let Some(q) = ck.question(raw, &loc) {
            questions.push(q);
        }
    }
    super::text_bank::finish_text_bank(ck, &ids, questions, id, title, msg("json_no_array"))
}

/// One object as a raw question.
fn question(obj: &Map<String, Value>) -> RawQuestion {
    let mut raw = RawQuestion {
        stem: super::raw_text::blank_markers(&field(obj, &STEM).map(text).unwrap_or_default()),
        explanation: field(obj, &EXPLANATION).map(text).unwrap_or_default(),
        ..RawQuestion::default()
    };
    raw.options = match field(obj, &OPTIONS) {
        Some(Value::Array(a)) => a
            .iter()
            .map(|o| match o {
                // {"key": "A", "value": "…"} and the like: the longest text in it
                Value::Object(m) => m
                    .values()
                    .map(text)
                    .max_by_key(String::len)
                    .unwrap_or_default(),
                o => text(o),
            })
            .map(|o| super::raw_text::strip_option_letter(&o).to_string())
            .collect(),
        Some(Value::Object(m)) => m.values().map(text).collect(),
        Some(Value::String(s)) if !s.trim().is_empty() => s
            .lines()
            .map(|o| super::raw_text::strip_option_letter(o).to_string())
            .filter(|o| !o.is_empty())
            .collect(),
        _ => Vec::new(),
    };
    raw.answer = field(obj, &ANSWER).map(|a| match a {
        Value::Bool(b) => RawAnswer::Bool(*b),
        Value::Array(v) => RawAnswer::Text(v.iter().map(text).collect::<Vec<_>>().join("")),
        v => RawAnswer::Text(text(v)),
    });
    // an answer given as an option's text: its letter
    if let Some(RawAnswer::Text(a)) = &raw.answer
        && let Some(i) = raw.options.iter().position(|o| o.trim() == a.trim())
        && super::answer_text::parse_letters(&super::answer_text::clean_answer(a)).is_none()
    {
        raw.answer = Some(RawAnswer::Text(letter(i).to_string()));
    }
    let kind = field(obj, &KIND).map(text).unwrap_or_default();
    if Kind::parse(&kind).is_some() || super::answer_text::is_unsupported_kind(&kind) {
        raw.kind = kind;
    } else {
        if !kind.trim().is_empty() {
            raw.tags.push(kind.trim().to_string());
        }
        raw.kind = super::text_bank::guess_kind(&raw).as_str().into();
    }
    if let Some(t) = field(obj, &TAGS) {
        let t = match t {
            Value::Array(a) => a.iter().map(text).collect::<Vec<_>>().join("，"),
            t => text(t),
        };
        for t in t.split([',', '，', '、', ';', '；']).map(str::trim) {
            if !t.is_empty() && !raw.tags.iter().any(|x| x == t) {
                raw.tags.push(t.to_string());
            }
        }
    }
    raw.points =
        field(obj, &POINTS).and_then(|p| text(p).trim_end_matches('分').trim().parse().ok());
    raw.difficulty = field(obj, &DIFFICULTY).and_then(|d| text(d).trim().parse().ok());
    let written = field(obj, &ID)
        .map(text)
        .unwrap_or_default()
        .trim()
        .to_lowercase();
    raw.id = if crate::domain::material::is_valid_id(&written) {
        written
    } else {
        super::raw_text::content_id(&raw.kind, &raw.stem)
    };
    raw
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quiz::Answer;

    fn parse(src: &str) -> Result<Bank, Vec<ImportError>> {
        parse_bank_json_skipping(Path::new("b.json"), src, "b", "b", &|_| true, false)
            .map(|(b, _)| b)
    }

    fn shown(errs: &[ImportError]) -> Vec<String> {
        let s = crate::i18n::Strings::load(crate::i18n::Lang::ZhCn);
        errs.iter().map(|e| e.render(&s)).collect()
    }

    const XXQG: &str = r#"[
  {"category": "单选题", "content": "我国的根本政治制度是（　）。",
   "options": ["A. 人民代表大会制度", "B. 政治协商制度"], "answer": "A", "analysis": "宪法第二条"},
  {"category": "挑战答题", "question": "要坚决反对（　）。",
   "options": ["形式主义", "好人主义", "官僚主义"], "answer": ["A", "C"]},
  {"question": "疫情防控只是医药卫生问题。", "answer": "错"},
  {"content": "中国共产党成立于____年。", "tips": [], "answer": "1921"},
  {"content": "党的二十大在（　）召开。", "tips": ["2022年", "2017年"], "answer": "2022年"}
]"#;

    #[test]
    fn the_common_shapes_read() {
        let b = parse(XXQG).unwrap_or_else(|e| panic!("{:?}", shown(&e)));
        let qs = &b.questions;
        let kinds: Vec<Kind> = qs.iter().map(|q| q.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Single,
                Kind::Multiple,
                Kind::Judge,
                Kind::Fill,
                Kind::Single
            ]
        );
        assert_eq!(qs[0].options, ["人民代表大会制度", "政治协商制度"]);
        assert_eq!(qs[0].explanation, "宪法第二条");
        assert_eq!(
            qs[1].tags,
            ["挑战答题"],
            "a category that is no type is a tag"
        );
        assert_eq!(qs[3].stem, "中国共产党成立于（　）年。");
        assert_eq!(
            qs[4].answer,
            Answer::Choice([0].into_iter().collect()),
            "by its text"
        );
        // under a key
        let wrapped = format!("{{\"code\": 0, \"data\": {XXQG}}}");
        assert_eq!(parse(&wrapped).unwrap().questions.len(), 5);
    }

    #[test]
    fn broken_json_and_bad_questions_are_located_in_chinese() {
        let e = shown(&parse("[\n  {\"content\": \"题\", \"answer\": \"A\",}\n]").unwrap_err());
        assert!(e[0].contains("b.json:2:") && e[0].contains("JSON"), "{e:?}");
        assert!(!e[0].contains("trailing comma"), "no parser English: {e:?}");
        let e = shown(&parse("[\n  {\"content\": \"题\"").unwrap_err());
        assert!(e[0].contains("b.json:2:"), "{e:?}");
        let e = shown(
            &parse("[\n  {\"content\": \"好题（　）\", \"options\": [\"甲\", \"乙\"], \"answer\": \"A\"},\n  {\"content\": \"坏题（　）\", \"options\": [\"甲\", \"乙\"], \"answer\": \"C\"}\n]")
                .unwrap_err(),
        );
        assert!(e[0].contains("b.json:3:3"), "{e:?}");
        let e = shown(&parse("{\"code\": 0}").unwrap_err());
        assert!(e[0].contains("b.json:1:1"), "{e:?}");
    }
}
