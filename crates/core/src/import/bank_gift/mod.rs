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
//! Single and multiple choice (`=` right, `~` wrong, `~%50%` a share of the points), true/false
//! (`{T}`, `{FALSE}`), short answer (only `=` answers: a 填空 whose alternatives they are), the
//! missing-word form (`text {…} text`: the blank stands where the braces are), `::title::`
//! (the question's id when it is one, lowercased), `####` general feedback (解析), `$CATEGORY:`
//! (its last part a tag for the questions under it) and the escapes `\~ \= \# \{ \} \:`.
//! What GIFT has no place for — points, difficulty, tags, source material, options kept in
//! order — is written as comments Moodle ignores (`// 分值：2`, the text format's field names)
//! and read back. Essay (`{}`), numerical (`{#…}`) and matching (`->`) questions are reported as
//! not supported (or left out with `--skip-unsupported`). Every problem is reported with its
//! line.

use std::path::Path;

use super::bank::{Checker, Field, Loc, RawAnswer, RawQuestion};
use super::{ImportError, msg};
use crate::domain::quiz::{Answer, Bank, Kind, count_blanks, points_text};

/// Does this text look like a GIFT bank: a question with an answer block in braces?
pub fn looks_like_gift(text: &str) -> bool {
    let body: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    find_block(&body).is_some_and(|(open, close)| {
        let inner = body[open + 1..close].trim();
        inner.starts_with(['=', '~'])
            || matches!(
                inner.to_ascii_uppercase().as_str(),
                "T" | "F" | "TRUE" | "FALSE"
            )
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

/// One answer of a choice or short-answer block: right or not, its text.
struct Choice {
    /// Written `=…` (unweighted): a short answer when every answer is.
    plain_right: bool,
    right: bool,
    /// `~%50%`: a share, so the question is a 多选.
    weighted: bool,
    text: String,
}

/// The answers of a block: `=a ~b ~%50%c #feedback`.
fn choices(body: &str) -> Vec<Choice> {
    let mut out: Vec<Choice> = Vec::new();
    let mut cur: Option<(char, String)> = None;
    let mut escaped = false;
    let finish = |cur: Option<(char, String)>, out: &mut Vec<Choice>| {
        let Some((mark, raw)) = cur else { return };
        // per-answer feedback (`#…`) is dropped: xuexi has one 解析 per question
        let raw = split_unescaped(&raw, "#")[0].trim().to_string();
        let (weight, text) = match raw
            .strip_prefix('%')
            .and_then(|r| r.split_once('%'))
            .and_then(|(w, t)| Some((w.trim().parse::<f64>().ok()?, t)))
        {
            Some((w, t)) => (Some(w), t.trim().to_string()),
            None => (None, raw),
        };
        out.push(Choice {
            plain_right: mark == '=' && weight.is_none(),
            right: mark == '=' || weight.is_some_and(|w| w > 0.0),
            weighted: weight.is_some_and(|w| w > 0.0 && w < 100.0),
            text: unescape(&text),
        });
    };
    for c in body.chars() {
        if escaped {
            escaped = false;
            if let Some((_, t)) = cur.as_mut() {
                t.push('\\');
                t.push(c);
            }
            continue;
        }
        match c {
            '\\' => escaped = true,
            '=' | '~' => {
                finish(cur.take(), &mut out);
                cur = Some((c, String::new()));
            }
            _ => {
                if let Some((_, t)) = cur.as_mut() {
                    t.push(c);
                }
            }
        }
    }
    finish(cur, &mut out);
    out
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
    let mut ids = Vec::new();
    let mut questions = Vec::new();
    for b in blocks {
        let Some((raw, answer_line)) = read_block(&b, path, &mut ck) else {
            continue;
        };
        ids.push((raw.id.clone(), Loc::LineCol(b.line, 1)));
        let line = b.line;
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
    super::bank_text::finish_text_bank(ck, &ids, questions, id, title, msg("gift_no_questions"))
}

/// One block as a raw question (and the line its answers start on); `None` when it has no
/// answer block (reported).
fn read_block(b: &Block, path: &Path, ck: &mut Checker<'_>) -> Option<(RawQuestion, usize)> {
    let mut s = b.text.trim_start();
    let mut title = String::new();
    if let Some(rest) = s.strip_prefix("::") {
        let parts = split_unescaped(rest, "::");
        if parts.len() > 1 {
            title = unescape(parts[0].trim());
            s = rest[parts[0].len() + 2..].trim_start();
        }
    }
    let mut html = false;
    // one format tag at most (a stem of xuexi's own that starts with `[` is written after
    // `[plain]`)
    if let Some(tag) = ["[html]", "[moodle]", "[plain]", "[markdown]"]
        .into_iter()
        .find(|t| s.starts_with(t))
    {
        html = tag == "[html]";
        s = &s[tag.len()..];
    }
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
    if let Some(general) = parts.get(1) {
        raw.explanation = clean(general);
    }
    let body = parts[0].trim();
    let upper = split_unescaped(body, "#")[0].trim().to_ascii_uppercase();
    if body.is_empty() {
        raw.kind = "简答".into();
    } else if body.starts_with('#') {
        raw.kind = "数值".into();
    } else if matches!(upper.as_str(), "T" | "TRUE" | "F" | "FALSE") {
        raw.kind = Kind::Judge.as_str().into();
        raw.answer = Some(RawAnswer::Bool(upper.starts_with('T')));
    } else {
        let cs = choices(body);
        if cs.iter().any(|c| c.text.contains("->")) {
            raw.kind = "匹配".into();
        } else if cs.iter().all(|c| c.plain_right) {
            // short answer: a 填空 whose alternatives these are (`；` parts: several blanks)
            raw.kind = Kind::Fill.as_str().into();
            if count_blanks(&raw.stem) == 0 {
                raw.stem.push_str("（　）");
            }
            let texts: Vec<&str> = cs.iter().map(|c| c.text.as_str()).collect();
            raw.answer = Some(RawAnswer::Text(texts.join("|")));
        } else {
            let right = cs.iter().filter(|c| c.right).count();
            // a 多选 with one right answer says so in a comment (GIFT would read a single)
            let said = b.meta.iter().any(|m| m == "多选");
            raw.kind = if right > 1 || said || cs.iter().any(|c| c.weighted) {
                Kind::Multiple
            } else {
                Kind::Single
            }
            .as_str()
            .into();
            raw.options = cs.iter().map(|c| c.text.clone()).collect();
            raw.answer = Some(RawAnswer::Text(
                cs.iter()
                    .enumerate()
                    .filter(|(_, c)| c.right)
                    .map(|(i, _)| crate::domain::quiz::letter(i))
                    .collect(),
            ));
        }
    }
    for m in &b.meta {
        read_meta(m, &mut raw);
    }
    if let Some(c) = &b.category
        && !raw.tags.contains(c)
    {
        raw.tags.push(c.clone());
    }
    // a title that is an id (Moodle's `Q1` as `q1`) is kept; else one made from the question
    let title = title.to_ascii_lowercase();
    raw.id = if crate::domain::material::is_valid_id(&title) {
        title
    } else {
        super::bank_table::content_id(&raw.kind, &raw.stem)
    };
    Some((raw, answer_line))
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

/// Writes a bank as GIFT; [`parse_bank_gift`] reads it back to the same questions, and Moodle
/// imports it (xuexi's extra fields are comments to Moodle).
pub fn export_bank_gift(bank: &Bank) -> String {
    let mut out = format!("// {}（{}）\n\n", bank.title, bank.id);
    for q in &bank.questions {
        if q.points != 1.0 {
            out.push_str(&format!("// 分值：{}\n", points_text(q.points)));
        }
        if let Some(d) = q.difficulty {
            out.push_str(&format!("// 难度：{d}\n"));
        }
        if !q.tags.is_empty() {
            out.push_str(&format!("// 标签：{}\n", q.tags.join("，")));
        }
        if let Some(m) = &q.material {
            out.push_str(&format!("// 出处：{m}\n"));
        }
        if !q.shuffle {
            out.push_str("// 不乱序\n");
        }
        if q.kind == Kind::Multiple && matches!(&q.answer, Answer::Choice(s) if s.len() == 1) {
            out.push_str("// 多选\n");
        }
        let plain = if q.stem.starts_with('[') {
            "[plain]"
        } else {
            ""
        };
        out.push_str(&format!("::{}:: {plain}{} {{\n", q.id, escape(&q.stem)));
        match &q.answer {
            Answer::Choice(set) => {
                let right = set.len().max(1);
                for (i, o) in q.options.iter().enumerate() {
                    // an option starting with `%` is not a weight
                    let o = &match o.strip_prefix('%') {
                        Some(rest) => format!("\\%{rest}"),
                        None => o.clone(),
                    };
                    let line = match (q.kind, set.contains(&i)) {
                        (Kind::Multiple, true) => {
                            let share = (100.0 / right as f64 * 100_000.0).round() / 100_000.0;
                            format!("~%{share}%{}", escape(o))
                        }
                        (Kind::Multiple, false) => format!("~%-100%{}", escape(o)),
                        (_, true) => format!("={}", escape(o)),
                        (_, false) => format!("~{}", escape(o)),
                    };
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            Answer::Judge(b) => out.push_str(if *b { "TRUE\n" } else { "FALSE\n" }),
            Answer::Fill(blanks) => {
                if let [alts] = blanks.as_slice() {
                    // one blank: Moodle's alternatives
                    for a in alts {
                        out.push_str(&format!("={}\n", escape(a)));
                    }
                } else {
                    let all: Vec<String> = blanks.iter().map(|a| a.join("|")).collect();
                    out.push_str(&format!("={}\n", escape(&all.join("；"))));
                }
            }
        }
        if !q.explanation.is_empty() {
            out.push_str(&format!("####{}\n", escape(&q.explanation)));
        }
        out.push_str("}\n\n");
    }
    crate::text::sanitize::sanitize_document(&out)
}

#[cfg(test)]
mod tests;
