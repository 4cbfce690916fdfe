//! Quiz banks in Moodle's GIFT format, for trainers who also use Moodle:
//!
//! ```text
//! // 分值：2
//! ::q1:: 疫情防控要坚持（　）。{
//! =全国一盘棋
//! ~属地管理
//! ####原文：「……」
//! }
//!
//! 疫情防控只是医药卫生问题。{F}
//!
//! 中国共产党成立于（　）年。{=1921}
//! ```
//!
//! Read as Moodle reads it (see `answers`): single choice (one `=`), multi-response (no `=`,
//! `~%50%` the shares; 100/−50/−50 is a 多选 with one right option), true/false (`{T}`,
//! `{FALSE#wrong#right}`), short answer (`=` answers: a 填空 whose alternatives they are; a
//! `=%0%*` catch-all only carries feedback), the missing-word form (`text {…} text`: the blank
//! stands where the braces are). The format markers `[html]` `[moodle]` `[plain]` `[markdown]`
//! are dropped wherever they stand (stem, answers, feedback; `[html]` text loses its tags).
//! `####` general feedback is the 解析, and each answer's `#feedback` follows it as a line
//! `「answer」feedback` (xuexi shows the 解析 after answering). `// [id:…]` is the question's
//! id and `[tag:…]` its tags; otherwise `::title::` gives the id (as a slug: `2-08 TSL` →
//! `2-08-tsl`) or the question does, and two questions sharing a title get `q1`, `q1-2`.
//! `$CATEGORY:` (its last part a tag for the questions under it) and the escapes
//! `\~ \= \# \{ \} \:` as Moodle has them.
//! What GIFT has no place for — points, difficulty, tags, source material, options kept in
//! order — is written as comments Moodle ignores (`// 分值：2`, the text format's field names)
//! and read back. Essay (`{}`), numerical (`{#…}`) and matching (`->`) questions, and what
//! xuexi cannot grade as Moodle would (partial credit, a right catch-all, a single choice with
//! two full-mark answers), are refused with the reason (or left out with
//! `--skip-unsupported`). Every problem is reported with its line.

use std::path::Path;

use super::question::{Checker, Field, Loc, RawAnswer, RawQuestion};
use super::{ImportError, Msg, msg};
use crate::domain::quiz::{Bank, Kind, count_blanks};
use answers::Shape;
pub use export::export_bank_gift;

mod answers;
mod export;

/// Does this text look like a GIFT bank: a question with an answer block in braces?
pub fn looks_like_gift(text: &str) -> bool {
    let body: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    find_block(&body).is_some_and(|(open, close)| {
        let inner = body[open + 1..close].trim();
        // `{T#feedback}`: the answer is what stands before the feedback
        let tf = split_unescaped(inner, "#")[0].trim().to_ascii_uppercase();
        // an essay `{}` and a numerical `{#…}` are GIFT too (refused with their reason)
        inner.is_empty()
            || inner.starts_with(['=', '~', '#'])
            || matches!(tf.as_str(), "T" | "F" | "TRUE" | "FALSE")
    })
}

/// The byte positions of the first unescaped `{` and the unescaped `}` closing it.
fn find_block(s: &str) -> Option<(usize, usize)> {
    let mut open = None;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '{' if open.is_none() => open = Some(i),
            '}' if open.is_some() => return open.map(|o| (o, i)),
            _ => {}
        }
    }
    None
}

/// GIFT's escapes undone: `\~` → `~`, `\n` → a new line.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut cs = s.chars();
    while let Some(c) = cs.next() {
        if c == '\\' {
            match cs.next() {
                Some('n') => out.push('\n'),
                Some(n) => out.push(n),
                None => out.push('\\'),
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// Text written so GIFT reads it back as it is.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '~' | '=' | '#' | '{' | '}' | ':' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            _ => out.push(c),
        }
    }
    out
}

/// Splits `s` at unescaped occurrences of `sep`.
fn split_unescaped<'a>(s: &'a str, sep: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        if i < start {
            // inside a separator just taken
            continue;
        }
        if escaped {
            escaped = false;
        } else if c == '\\' {
            escaped = true;
        } else if s[i..].starts_with(sep) {
            parts.push(&s[start..i]);
            start = i + sep.len();
        }
    }
    parts.push(&s[start..]);
    parts
}

/// Reads a GIFT bank.
pub fn parse_bank_gift(
    path: &Path,
    text: &str,
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
) -> Result<Bank, Vec<ImportError>> {
    parse_bank_gift_skipping(path, text, id, title, material_exists, false).map(|(b, _)| b)
}

/// A question's lines: where it starts, its text, the comments before it.
struct Block {
    line: usize,
    text: String,
    meta: Vec<String>,
    category: Option<String>,
}

/// [`parse_bank_gift`], leaving out (and listing) questions of an unsupported type when
/// `skip_unsupported`.
pub fn parse_bank_gift_skipping(
    path: &Path,
    text: &str,
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
    skip_unsupported: bool,
) -> Result<(Bank, Vec<ImportError>), Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut ck = Checker::new(path, material_exists);
    ck.skip_unsupported = skip_unsupported;
    ck.bank_id(id, Loc::LineCol(1, 1));
    let blocks = split_blocks(text);
    let mut read = Vec::new();
    for b in &blocks {
        let mut explicit = false;
        if let Some((raw, answer_line)) = read_block(b, path, &mut ck, &mut explicit) {
            read.push((raw, answer_line, b.line, explicit));
        }
    }
    // Moodle lets two questions share a name: an id made from a name or the question is made
    // distinct (`q1`, `q1-2`); ids written `[id:…]` are the trainer's and checked as written
    let mut taken: std::collections::HashSet<String> = read
        .iter()
        .filter(|r| r.3)
        .map(|r| r.0.id.clone())
        .collect();
    let mut ids = Vec::new();
    let mut questions = Vec::new();
    for (mut raw, answer_line, line, explicit) in read {
        if !explicit {
            let base = raw.id.clone();
            let mut n = 1;
            while taken.contains(&raw.id) {
                n += 1;
                raw.id = format!("{base}-{n}");
            }
            taken.insert(raw.id.clone());
        }
        ids.push((raw.id.clone(), Loc::LineCol(line, 1)));
        let loc = move |f: Field| -> Loc {
            match f {
                Field::Answer | Field::Option(_) => Loc::LineCol(answer_line, 1),
                _ => Loc::LineCol(line, 1),
            }
        };
        if let Some(q) = ck.question(raw, &loc) {
            questions.push(q);
        }
    }
    super::text_bank::finish_text_bank(ck, &ids, questions, id, title, msg("gift_no_questions"))
}

/// The text cut into questions at blank lines, each with the comments before it and the
/// `$CATEGORY:` it is under.
fn split_blocks(text: &str) -> Vec<Block> {
    let mut blocks: Vec<Block> = Vec::new();
    let mut cur: Option<Block> = None;
    let mut meta: Vec<String> = Vec::new();
    let mut category: Option<String> = None;
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() {
            blocks.extend(cur.take());
            continue;
        }
        if let Some(c) = t.strip_prefix("//") {
            meta.push(c.trim().to_string());
            continue;
        }
        if cur.is_none()
            && let Some(c) = t.strip_prefix("$CATEGORY:")
        {
            // `$course$/top/疫情防控` → the tag 疫情防控
            category = c
                .trim()
                .rsplit('/')
                .next()
                .map(|s| unescape(s.trim()))
                .filter(|s| !s.is_empty() && !s.starts_with('$'));
            meta.clear();
            continue;
        }
        match cur.as_mut() {
            Some(b) => {
                b.text.push('\n');
                b.text.push_str(line);
            }
            None => {
                cur = Some(Block {
                    line: i + 1,
                    text: line.to_string(),
                    meta: std::mem::take(&mut meta),
                    category: category.clone(),
                })
            }
        }
    }
    blocks.extend(cur);
    blocks
}

/// One block as a raw question (and the line its answers start on); `None` when it has no
/// answer block (reported).
fn read_block(
    b: &Block,
    path: &Path,
    ck: &mut Checker<'_>,
    explicit: &mut bool,
) -> Option<(RawQuestion, usize)> {
    let mut s = b.text.trim_start();
    let mut title = String::new();
    if let Some(rest) = s.strip_prefix("::") {
        let parts = split_unescaped(rest, "::");
        if parts.len() > 1 {
            title = unescape(parts[0].trim());
            s = rest[parts[0].len() + 2..].trim_start();
        }
    }
    // one format tag at most (a stem of xuexi's own that starts with `[` is written after
    // `[plain]`)
    let (rest, html) = answers::strip_format(s);
    s = rest;
    let Some((open, close)) = find_block(s) else {
        ck.errors
            .push(ImportError::at(path, b.line, 1, msg("gift_no_answers")));
        return None;
    };
    let offset = b.text.len() - s.len();
    let answer_line = b.line + b.text[..offset + open].matches('\n').count();
    let clean = |t: &str| -> String {
        let t = unescape(t.trim());
        if html { strip_tags(&t) } else { t }
    };
    let (before, body, after) = (&s[..open], &s[open + 1..close], &s[close + 1..]);
    let mut raw = RawQuestion {
        stem: clean(before),
        ..RawQuestion::default()
    };
    // the missing-word form: the blank stands where the answers were
    if !after.trim().is_empty() {
        raw.stem = format!("{}（　）{}", raw.stem, clean(after));
    }
    let parts = split_unescaped(body, "####");
    let general = parts.get(1).map(|g| answers::clean(g)).unwrap_or_default();
    let feedback = match read_answers(&mut raw, answers::shape(parts[0]), &b.meta) {
        Ok(feedback) => feedback,
        Err(why) => {
            let e = ImportError::at(path, answer_line, 1, why);
            if ck.skip_unsupported {
                ck.skipped.push(e);
            } else {
                ck.errors.push(e);
            }
            return None;
        }
    };
    raw.explanation = [general, feedback]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n");
    *explicit = identify(&mut raw, b, title);
    Some((raw, answer_line))
}

/// The answers as the question's type, answer and options; the feedback to add to its
/// explanation; what cannot be read as a question xuexi grades, as `Err`.
fn read_answers(raw: &mut RawQuestion, shape: Shape, meta: &[String]) -> Result<String, Msg> {
    Ok(match shape {
        Shape::Unsupported(kind) => {
            raw.kind = kind.into();
            String::new()
        }
        Shape::Cannot(why) => return Err(why),
        Shape::Judge {
            answer,
            feedback: [wrong, right],
        } => {
            raw.kind = Kind::Judge.as_str().into();
            raw.answer = Some(RawAnswer::Bool(answer));
            // Moodle's first feedback is for the wrong pick, the second for the right one
            let (on_true, on_false) = if answer {
                (right, wrong)
            } else {
                (wrong, right)
            };
            let lines: Vec<String> = [("正确", on_true), ("错误", on_false)]
                .into_iter()
                .filter(|(_, f)| !f.is_empty())
                .map(|(w, f)| format!("「{w}」{f}"))
                .collect();
            lines.join("\n")
        }
        Shape::Fill { right, answers } => {
            // short answer: a 填空 whose alternatives these are (`；` parts: several blanks)
            raw.kind = Kind::Fill.as_str().into();
            if count_blanks(&raw.stem) == 0 {
                raw.stem.push_str("（　）");
            }
            raw.answer = Some(RawAnswer::Text(right.join("|")));
            answers::feedback_lines(&answers)
        }
        Shape::Choice { multiple, answers } => {
            // a 多选 with one right answer: no `=` (Moodle's multi-response), or xuexi's own
            // `// 多选` comment
            let said = meta.iter().any(|m| m == "多选");
            raw.kind = if multiple || said {
                Kind::Multiple
            } else {
                Kind::Single
            }
            .as_str()
            .into();
            raw.options = answers.iter().map(|a| a.text.clone()).collect();
            raw.answer = Some(RawAnswer::Text(
                answers
                    .iter()
                    .enumerate()
                    .filter(|(_, a)| a.weight > 0.0)
                    .map(|(i, _)| crate::domain::quiz::letter(i))
                    .collect(),
            ));
            answers::feedback_lines(&answers)
        }
    })
}

/// The comments' fields, tags and id: `[id:…]` is the question's id (`true`: written by the
/// trainer); else the title when it makes one (Moodle's `Q1` as `q1`), else one made from the
/// question — the two last made distinct by the caller.
fn identify(raw: &mut RawQuestion, b: &Block, title: String) -> bool {
    for m in &b.meta {
        read_meta(m, raw);
    }
    let (moodle_id, moodle_tags) = answers::id_and_tags(&b.meta.join("\n"));
    for t in moodle_tags.into_iter().chain(b.category.clone()) {
        if !raw.tags.contains(&t) {
            raw.tags.push(t);
        }
    }
    let explicit = moodle_id.is_some();
    raw.id = moodle_id
        .or(Some(title))
        .map(|t| slug(&t))
        .filter(|t| crate::domain::material::is_valid_id(t))
        .unwrap_or_else(|| super::raw_text::content_id(&raw.kind, &raw.stem));
    explicit
}

/// A comment written by [`export_bank_gift`]: `分值：2`, `难度：3`, `标签：a，b`, `出处：id`,
/// `不乱序` (and `多选`, read with the answers). Other comments are the trainer's own and are passed over.
fn read_meta(comment: &str, raw: &mut RawQuestion) {
    if comment == "不乱序" {
        raw.keep_order = true;
        return;
    }
    let Some((name, value)) = comment.split_once(['：', ':']) else {
        return;
    };
    let value = value.trim();
    match name.trim() {
        "分值" => raw.points = value.trim_end_matches('分').trim().parse().ok(),
        "难度" => raw.difficulty = value.parse().ok(),
        "标签" => {
            raw.tags = value
                .split([',', '，', '、', ';', '；'])
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect()
        }
        "出处" => raw.material = (!value.is_empty()).then(|| value.to_string()),
        _ => {}
    }
}

/// A name or Moodle idnumber as an id: lower case, other characters as `-` (`2-08 TSL` →
/// `2-08-tsl`); empty when nothing of it is ASCII.
fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// `<p>text</p>` → `text` (Moodle's HTML question text; entities for the five XML ones).
fn strip_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&nbsp;", " ")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests;
