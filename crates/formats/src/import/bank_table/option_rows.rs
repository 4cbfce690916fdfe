//! The second spreadsheet shape exam systems export (yf-exam and the like): one row per
//! option, not per question —
//!
//! ```text
//! 题目序号,题目类型,题目内容,是否正确项,选项内容,解析
//! 1,单选题,疫情防控要坚持（　）。,是,全国一盘棋,原文：……
//! 1,单选题,疫情防控要坚持（　）。,否,属地管理,
//! 2,判断题,疫情防控只是医药卫生问题。,否,正确,
//! 2,判断题,疫情防控只是医药卫生问题。,是,错误,
//! ```
//!
//! A question's rows follow each other (the same 题目序号, or the same 题目内容 where there is no
//! 序号; a row with neither starts nothing). They are turned into the usual one-row-per-question
//! table, each question on its first row (the others left empty), so every message still names
//! the row the trainer sees.

use super::normalise_header;
use crate::domain::quiz::{Kind, MAX_OPTIONS, letter};

#[derive(Clone, Copy, PartialEq, Eq)]
enum OCol {
    Seq,
    Type,
    Stem,
    Right,
    Text,
    Explanation,
    Points,
    Difficulty,
    Tags,
    Material,
}

fn ocol(header: &str) -> Option<OCol> {
    Some(match normalise_header(header).as_str() {
        "题目序号" | "试题序号" | "序号" | "题号" => OCol::Seq,
        "题目类型" | "试题类型" | "题型" | "类型" => OCol::Type,
        "题目内容" | "试题内容" | "题干" | "题目" => OCol::Stem,
        "是否正确项" | "是否正确" | "正确项" | "是否答案" | "是否正确答案" => {
            OCol::Right
        }
        "选项内容" | "选项" | "选项文本" => OCol::Text,
        "解析" | "答案解析" | "试题解析" | "题目解析" | "整体解析" | "说明" => {
            OCol::Explanation
        }
        "分值" | "分数" => OCol::Points,
        "难度" | "难易度" => OCol::Difficulty,
        "标签" | "知识点" | "专题" => OCol::Tags,
        "出处" | "资料" | "来源" => OCol::Material,
        _ => return None,
    })
}

/// The header this shape needs: 题目类型, 题目内容, 是否正确项 and 选项内容.
fn option_columns(row: &[String]) -> Option<Vec<Option<OCol>>> {
    let cols: Vec<Option<OCol>> = row.iter().map(|h| ocol(h)).collect();
    [OCol::Type, OCol::Stem, OCol::Right, OCol::Text]
        .iter()
        .all(|c| cols.contains(&Some(*c)))
        .then_some(cols)
}

/// Does this row name the columns of this shape?
pub(super) fn is_option_header(row: &[String]) -> bool {
    option_columns(row).is_some()
}

/// 是/否 of 是否正确项 as exam systems write it.
fn is_right(v: &str) -> bool {
    matches!(
        v.trim().to_lowercase().as_str(),
        "是" | "正确" | "对" | "√" | "✓" | "1" | "y" | "yes" | "true" | "t" | "正确项"
    )
}

/// One question gathered from its rows.
#[derive(Default)]
struct Gathered {
    at: usize,
    seq: String,
    kind: String,
    stem: String,
    options: Vec<String>,
    right: Vec<usize>,
    explanation: String,
    points: String,
    difficulty: String,
    tags: String,
    material: String,
}

/// The table's header; the answer is named as the trainer's column is, for messages.
const HEADER: [&str; 6] = ["题型", "题干", "是否正确项", "解析", "分值", "难度"];

/// Rows in the one-row-per-option shape as the usual table (header
/// `题型,题干,是否正确项,解析,分值,难度,标签,出处,选项A…`), or `None` when the rows are not in that shape.
pub(super) fn to_question_rows(rows: &[Vec<String>]) -> Option<Vec<Vec<String>>> {
    let (header_at, cols) = rows
        .iter()
        .take(10)
        .enumerate()
        .find_map(|(i, r)| Some((i, option_columns(r)?)))?;
    let cell = |row: &[String], c: OCol| -> String {
        cols.iter()
            .position(|x| *x == Some(c))
            .and_then(|i| row.get(i))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut questions: Vec<Gathered> = Vec::new();
    for (ri, row) in rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let (seq, stem) = (cell(row, OCol::Seq), cell(row, OCol::Stem));
        // exports write 题目序号 (and often 题目内容) on a question's first row only: a row
        // without them is the last question's next option
        let same = questions.last().is_some_and(|q| {
            if !seq.is_empty() {
                seq == q.seq
            } else {
                stem.is_empty() || stem == q.stem
            }
        });
        if !same {
            questions.push(Gathered {
                at: ri,
                seq,
                kind: super::cells::kind_code(&cell(row, OCol::Type)),
                stem,
                ..Gathered::default()
            });
        }
        let Some(q) = questions.last_mut() else {
            continue;
        };
        let text = cell(row, OCol::Text);
        if !text.is_empty() {
            if is_right(&cell(row, OCol::Right)) {
                q.right.push(q.options.len());
            }
            q.options.push(text);
        }
        // question fields: from whichever of its rows has them
        for (field, c) in [
            (&mut q.explanation, OCol::Explanation),
            (&mut q.points, OCol::Points),
            (&mut q.difficulty, OCol::Difficulty),
            (&mut q.tags, OCol::Tags),
            (&mut q.material, OCol::Material),
        ] {
            if field.is_empty() {
                *field = cell(row, c);
            }
        }
    }
    let widest = questions
        .iter()
        .map(|q| q.options.len())
        .max()
        .unwrap_or(0)
        .min(MAX_OPTIONS);
    let mut header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    header.extend(["标签".to_string(), "出处".to_string()]);
    header.extend((0..widest).map(|i| format!("选项{}", letter(i))));
    let mut out: Vec<Vec<String>> = vec![Vec::new(); rows.len()];
    out[header_at] = header;
    for q in questions {
        let fill = Kind::parse(&q.kind) == Some(Kind::Fill);
        // a 填空's rows are its blanks' answers, in order
        let answer = if fill {
            q.options.join("；")
        } else {
            q.right.iter().map(|&i| letter(i)).collect()
        };
        let mut row = vec![
            q.kind,
            q.stem,
            answer,
            q.explanation,
            q.points,
            q.difficulty,
            q.tags,
            q.material,
        ];
        if !fill {
            // more options than a question may have: the check says so
            row.extend(q.options);
        }
        out[q.at] = row;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<Vec<String>> {
        text.lines()
            .map(|l| l.split(',').map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn an_exam_systems_export_with_numbers_on_first_rows_only() {
        // 题目序号 and 题目内容 on the first row, 题目类型 a number, 整体解析
        let r = rows(
            "题目序号,题目类型,题目内容,是否正确项,选项内容,整体解析
1,1,疫情防控要坚持（　）。,1,全国一盘棋,原文
,,,0,属地管理,
,,,0,分级负责,
2,2,要反对（　）。,1,形式主义,
,,,0,好人主义,
,,,1,官僚主义,
3,3,疫情防控只是医药卫生问题。,0,正确,
,,,1,错误,",
        );
        let out = to_question_rows(&r).unwrap();
        assert_eq!(out[1][..4], ["单选", "疫情防控要坚持（　）。", "A", "原文"]);
        assert_eq!(out[1][8..], ["全国一盘棋", "属地管理", "分级负责"]);
        assert_eq!(out[4][..3], ["多选", "要反对（　）。", "AC"]);
        assert_eq!(out[7][..3], ["判断", "疫情防控只是医药卫生问题。", "B"]);
        assert!(out[2].is_empty() && out[8].is_empty());
    }

    #[test]
    fn one_row_per_option_becomes_one_row_per_question_on_its_first_row() {
        let r = rows(
            "题目序号,题目类型,题目内容,是否正确项,选项内容,解析
1,单选题,疫情防控要坚持（　）。,是,全国一盘棋,原文
1,单选题,疫情防控要坚持（　）。,否,属地管理,
2,多选题,要反对（　）。,1,形式主义,
2,多选题,要反对（　）。,0,好人主义,
2,多选题,要反对（　）。,1,官僚主义,
3,填空题,成立于（　）年。,,1921,",
        );
        let out = to_question_rows(&r).unwrap();
        assert_eq!(out.len(), r.len(), "rows keep their numbers");
        assert_eq!(out[1][..3], ["单选题", "疫情防控要坚持（　）。", "A"]);
        assert_eq!(out[1][8..], ["全国一盘棋", "属地管理"]);
        assert_eq!(out[1][3], "原文");
        assert!(out[2].is_empty());
        assert_eq!(out[3][2], "AC");
        assert_eq!(out[6][2], "1921");
        assert!(to_question_rows(&rows("题型,题干,答案\n单选,题,A")).is_none());
    }
}
