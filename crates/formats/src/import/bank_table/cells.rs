//! Cleaning cells as trainers fill them: words for 难度, letters and numbers copied from Word
//! with options and stems, a 判断 answered by letter, an id made from the question.

use super::super::msg;
use super::super::question::{Checker, Loc, RawAnswer, RawQuestion};

/// 难度 as trainers write it in words: 易 1, 较易 2, 中/中等 3, 较难 4, 难 5.
pub(super) fn difficulty_word(v: &str) -> Option<i64> {
    match v.trim() {
        "易" | "容易" | "简单" => Some(1),
        "较易" | "较简单" => Some(2),
        "中" | "中等" | "一般" => Some(3),
        "较难" => Some(4),
        "难" | "困难" => Some(5),
        _ => None,
    }
}

/// A stem without the number copied with it: `1、`, `12.`, `3．`, `（4）`; and `3 ` (a number
/// and a space) when the number is the question's — its 序号 `id` or its place `seq` among the
/// rows — so `2020 年…` keeps its year.
pub(super) fn strip_stem_number<'a>(v: &'a str, id: &str, seq: usize) -> &'a str {
    let t = v.trim();
    let digits = t.chars().take_while(char::is_ascii_digit).count();
    if digits == 0 || digits > 4 {
        return t;
    }
    let rest = &t[digits..];
    match rest.chars().next() {
        Some(c @ ('.' | '．' | '、')) => {
            let r = rest[c.len_utf8()..].trim();
            if r.is_empty() { t } else { r }
        }
        Some(' ' | '\u{3000}') if t[..digits] == *id.trim() || t[..digits] == *seq.to_string() => {
            let r = rest.trim();
            if r.is_empty() { t } else { r }
        }
        _ => t,
    }
}

/// A 题型 written as exam systems export it, a number (学之思 xzs and 云帆 yf-exam number
/// them alike: 1 单选, 2 多选, 3 判断, 4 填空, 5 简答); any other text as it is.
pub(super) fn kind_code(v: &str) -> String {
    match v.trim() {
        "1" => "单选",
        "2" => "多选",
        "3" => "判断",
        "4" => "填空",
        "5" => "简答",
        other => other,
    }
    .to_string()
}

/// A 判断 written as a choice: options 正确/错误 (or 对/错) with the answer a letter.
pub(super) fn judge_by_letter(raw: &mut RawQuestion) {
    if crate::domain::quiz::Kind::parse(&raw.kind) != Some(crate::domain::quiz::Kind::Judge)
        || raw.options.is_empty()
    {
        return;
    }
    let letter_answer = match &raw.answer {
        Some(RawAnswer::Text(a)) => {
            let a = a.trim();
            (a.len() == 1 && a.as_bytes()[0].is_ascii_alphabetic())
                .then(|| (a.as_bytes()[0].to_ascii_uppercase() - b'A') as usize)
        }
        _ => None,
    };
    let all_judge = raw
        .options
        .iter()
        .all(|o| super::super::answer_text::parse_judge(o).is_some());
    if let (Some(i), true) = (letter_answer, all_judge)
        && let Some(text) = raw.options.get(i).cloned()
    {
        raw.answer = Some(RawAnswer::Text(text));
        raw.options.clear();
    }
}

/// A workbook cell as the trainer sees it: a date as `1921-07-01` (with the time when it has
/// one), a percent as `60%` (when its number format, `format`, is a percent), a whole number
/// without `.0`.
pub(super) fn cell_text(c: &calamine::Data, format: Option<&str>) -> String {
    let number = match c {
        calamine::Data::Float(f) => Some(*f),
        calamine::Data::Int(i) => Some(*i as f64),
        _ => None,
    };
    if let (Some(n), Some(f)) = (number, format)
        && is_percent_format(f)
    {
        let p = (n * 100.0 * 1e6).round() / 1e6;
        return format!("{p}%");
    }
    match c {
        calamine::Data::DateTime(d) if d.is_datetime() => excel_date(d.as_f64()),
        calamine::Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
        other => other.to_string(),
    }
}

/// Excel's serial day (days since 1899-12-30, the fraction the time of day) as a date.
fn excel_date(serial: f64) -> String {
    let base = jiff::civil::date(1899, 12, 30);
    let days = serial.floor() as i64;
    let Ok(day) = base.checked_add(jiff::Span::new().days(days)) else {
        return serial.to_string();
    };
    let secs = ((serial - serial.floor()) * 86_400.0).round() as i64;
    if secs == 0 {
        day.to_string()
    } else {
        format!("{day} {:02}:{:02}", secs / 3600, secs % 3600 / 60)
    }
}

/// Is this Excel number format a percent (`0%`, `0.00%`; a `%` outside quotes and escapes)?
fn is_percent_format(code: &str) -> bool {
    let mut quoted = false;
    let mut escaped = false;
    for c in code.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '"' => quoted = !quoted,
            '%' if !quoted => return true,
            _ => {}
        }
    }
    false
}

/// 分值 as written: `2`, `0.5`, `1.5分`.
pub(super) fn parse_points(v: &str, ck: &mut Checker<'_>, row: usize, column: &str) -> Option<f64> {
    if v.is_empty() {
        return None;
    }
    let n = v.trim_end_matches('分').trim().parse::<f64>().ok();
    if n.is_none() {
        ck.err(
            Loc::Cell(row, column.to_string()),
            msg("not_a_number").arg("value", v),
        );
    }
    n
}

pub(super) fn parse_int(v: &str, ck: &mut Checker<'_>, row: usize, column: &str) -> Option<i64> {
    if v.is_empty() {
        return None;
    }
    // spreadsheets store whole numbers as 2.0
    let n = v.parse::<i64>().ok().or_else(|| {
        v.parse::<f64>()
            .ok()
            .filter(|f| f.fract() == 0.0 && f.abs() < 1e9)
            .map(|f| f as i64)
    });
    if n.is_none() {
        ck.err(
            Loc::Cell(row, column.to_string()),
            msg("not_whole_number").arg("value", v),
        );
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::raw_text::blank_markers;

    #[test]
    fn blanks_as_spaces_or_underscores_become_brackets() {
        assert_eq!(
            blank_markers("        是中国共产党的根本宗旨。"),
            "（　）是中国共产党的根本宗旨。"
        );
        assert_eq!(
            blank_markers("我国的根本制度是        。"),
            "我国的根本制度是（　）。"
        );
        assert_eq!(blank_markers("成立于____年"), "成立于（　）年");
        assert_eq!(
            blank_markers("坚持（  ）不动摇"),
            "坚持（  ）不动摇",
            "already a blank"
        );
        assert_eq!(blank_markers("one two"), "one two");
        assert_eq!(blank_markers("尾部空格   "), "尾部空格");
        assert_eq!(strip_stem_number("3 直接关系（）", "3", 9), "直接关系（）");
        assert_eq!(strip_stem_number("3 直接关系（）", "", 3), "直接关系（）");
        assert_eq!(
            strip_stem_number("2020 年是决胜之年", "", 4),
            "2020 年是决胜之年"
        );
        assert_eq!(kind_code("2"), "多选");
    }

    #[test]
    fn percent_formats_are_told_from_quoted_percent_signs() {
        assert!(is_percent_format("0%"));
        assert!(is_percent_format("0.00%"));
        assert!(!is_percent_format("General"));
        assert!(!is_percent_format("0\"%\""));
        assert!(!is_percent_format("0\\%"));
        assert_eq!(cell_text(&calamine::Data::Float(0.6), Some("0%")), "60%");
        assert_eq!(
            cell_text(&calamine::Data::Float(0.125), Some("0.0%")),
            "12.5%"
        );
        assert_eq!(
            cell_text(&calamine::Data::Float(0.6), Some("General")),
            "0.6"
        );
    }
}
