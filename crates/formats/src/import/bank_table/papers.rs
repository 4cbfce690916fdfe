//! Exam papers in a spreadsheet: a 试卷 sheet in the workbook, or a `<bank>-试卷.csv` beside
//! a CSV bank. One row per paper:
//!
//! `名称,时长,及格线,单选数,多选数,判断数,填空数[,标签,难度,单选分值…填空分值,每题分值,固定试卷,
//! 限考次数,多选部分得分,编号]`
//!
//! (时长 in minutes; 及格线 as `60` or `60%`; 标签: draw only questions with one of these; 难度:
//! only these difficulties, `1-3` or `易,中等`; 单选分值: each 单选 is worth this on the paper,
//! 每题分值 every question; 固定试卷 是: everyone gets the same paper; 限考次数: how many times a
//! member may hand it in.)

use std::path::Path;

use super::normalise_header;
use crate::domain::quiz::{Bank, Kind, Paper};
use crate::import::question::{Checker, Drawable, Loc};
use crate::import::{ImportError, msg};
use crate::text::sanitize::sanitize_line;

#[derive(Clone, Copy, PartialEq, Eq)]
enum PCol {
    Id,
    Title,
    Minutes,
    Pass,
    Draw(Kind),
    Tags,
    Partial,
    /// 每题分值 of one type, or of every type (`None`)
    Points(Option<Kind>),
    Difficulty,
    Fixed,
    Attempts,
}

fn pcol(header: &str) -> Option<PCol> {
    Some(match normalise_header(header).as_str() {
        "编号" | "试卷编号" | "id" => PCol::Id,
        "名称" | "试卷名称" | "试卷" | "title" => PCol::Title,
        "时长" | "时长(分钟)" | "考试时长" | "分钟" | "minutes" => PCol::Minutes,
        "及格线" | "及格分" | "及格" | "及格率" | "pass" => PCol::Pass,
        "单选数" | "单选" | "单选题数" | "single" => PCol::Draw(Kind::Single),
        "多选数" | "多选" | "多选题数" | "multiple" => PCol::Draw(Kind::Multiple),
        "判断数" | "判断" | "判断题数" | "judge" => PCol::Draw(Kind::Judge),
        "填空数" | "填空" | "填空题数" | "fill" => PCol::Draw(Kind::Fill),
        "标签" | "按标签" | "抽题标签" | "tags" => PCol::Tags,
        "多选部分得分" | "部分得分" | "multiple_partial" => PCol::Partial,
        "单选分值" | "单选每题分值" | "单选题分值" => {
            PCol::Points(Some(Kind::Single))
        }
        "多选分值" | "多选每题分值" | "多选题分值" => {
            PCol::Points(Some(Kind::Multiple))
        }
        "判断分值" | "判断每题分值" | "判断题分值" => {
            PCol::Points(Some(Kind::Judge))
        }
        "填空分值" | "填空每题分值" | "填空题分值" => PCol::Points(Some(Kind::Fill)),
        "每题分值" | "分值" | "points" => PCol::Points(None),
        "难度" | "按难度" | "抽题难度" | "difficulty" => PCol::Difficulty,
        "固定试卷" | "固定" | "固定题目" | "fixed" => PCol::Fixed,
        "限考次数" | "考试次数" | "次数" | "attempts" => PCol::Attempts,
        _ => return None,
    })
}

/// The papers file beside a CSV bank (`题库.csv` → `题库-试卷.csv` or `题库.papers.csv`).
pub fn beside(bank: &Path) -> Option<std::path::PathBuf> {
    let stem = bank.file_stem()?.to_string_lossy().into_owned();
    let dir = bank.parent()?;
    [format!("{stem}-试卷.csv"), format!("{stem}.papers.csv")]
        .into_iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}

/// Reads the papers in `rows` (header first) into `bank`, checked against its questions.
pub fn add_papers(
    path: &Path,
    rows: &[Vec<String>],
    bank: &mut Bank,
) -> Result<(), Vec<ImportError>> {
    let Some(header) = rows.first() else {
        return Ok(());
    };
    let mut sheet = PaperSheet {
        ck: Checker::new(path, &|_| true),
        header,
        cols: header.iter().map(|h| pcol(h)).collect(),
    };
    sheet.required_columns();
    if !sheet.ck.errors.is_empty() {
        return Err(sheet.ck.errors);
    }
    let drawable: Vec<Drawable> = bank
        .questions
        .iter()
        .map(|q| (q.kind, q.tags.clone(), q.difficulty))
        .collect();
    for (ri, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row_no = ri + 1;
        let paper = sheet.paper(row, row_no);
        sheet
            .ck
            .paper(&drawable, &paper, Loc::Cell(row_no, "名称".into()));
        bank.papers.push(paper);
    }
    if sheet.ck.errors.is_empty() {
        Ok(())
    } else {
        Err(sheet.ck.errors)
    }
}

/// A papers sheet being read: its header, the column each header names, the problems so far.
struct PaperSheet<'a> {
    ck: Checker<'a>,
    header: &'a [String],
    cols: Vec<Option<PCol>>,
}

/// One cell of a paper's row: its text, trimmed, and where it stands.
struct Cell<'v> {
    v: &'v str,
    at: Loc,
}

impl PaperSheet<'_> {
    /// 名称 and 时长 are needed; a problem (in row 1) for each missing.
    fn required_columns(&mut self) {
        for (need, name) in [(PCol::Title, "名称"), (PCol::Minutes, "时长")] {
            if !self.cols.contains(&Some(need)) {
                let message = msg("papers_no_column").arg("column", name);
                self.ck.err(Loc::Cell(1, name.into()), message);
            }
        }
    }

    /// The paper in one row (`row_no` counts the header as 1), its cells read one by one.
    fn paper(&mut self, row: &[String], row_no: usize) -> Paper {
        let mut paper = Paper {
            id: String::new(),
            title: String::new(),
            minutes: 0,
            pass: 60,
            draw: Vec::new(),
            tags: Vec::new(),
            multiple_partial: None,
            ..Paper::default()
        };
        for (ci, cell) in row.iter().enumerate() {
            let Some(&Some(col)) = self.cols.get(ci) else {
                continue;
            };
            let cell = Cell {
                v: cell.trim(),
                at: Loc::Cell(row_no, sanitize_line(self.header[ci].trim())),
            };
            self.cell(&mut paper, col, &cell);
        }
        paper.draw.sort_by_key(|(k, _)| *k);
        paper.points.sort_by_key(|(k, _)| *k);
        if paper.id.is_empty() {
            // from the name, so a re-import keeps the paper's history
            let h = crate::domain::rng::fnv(&paper.title);
            paper.id = format!("p{:08x}", h >> 32);
        }
        if paper.title.is_empty() {
            self.ck
                .err(Loc::Cell(row_no, "名称".into()), msg("paper_no_name"));
        }
        paper
    }

    /// One cell into the paper, by its column.
    fn cell(&mut self, paper: &mut Paper, col: PCol, cell: &Cell<'_>) {
        let ck = &mut self.ck;
        let v = cell.v;
        match col {
            PCol::Id => paper.id = sanitize_line(v),
            PCol::Title => paper.title = sanitize_line(v),
            PCol::Minutes => paper.minutes = cell.number(ck).unwrap_or(0.0).max(0.0) as u32,
            PCol::Pass => paper.pass = pass_mark(cell.number(ck).unwrap_or(60.0), v),
            PCol::Draw(kind) => {
                let n = cell.number(ck).unwrap_or(0.0).max(0.0) as usize;
                if n > 0 {
                    paper.draw.push((kind, n));
                }
            }
            PCol::Tags => {
                paper.tags = v
                    .split([',', '，', '、', ';', '；'])
                    .map(|t| sanitize_line(t.trim()))
                    .filter(|t| !t.is_empty())
                    .collect()
            }
            PCol::Partial => paper.multiple_partial = cell.number(ck),
            PCol::Points(kind) => {
                if let Some(n) = cell.number(ck) {
                    set_points(paper, kind, (n * 100.0).round() / 100.0);
                }
            }
            PCol::Difficulty => match difficulties(v) {
                Some(ds) => paper.difficulty = ds,
                None => ck.err(cell.at.clone(), msg("difficulty_range")),
            },
            PCol::Fixed => match yes_no(v) {
                Some(b) => paper.fixed = b,
                None => ck.err(cell.at.clone(), msg("not_yes_no").arg("value", v)),
            },
            PCol::Attempts => {
                paper.attempts = cell.number(ck).map(|n| n.clamp(0.0, 10_000.0) as u32)
            }
        }
    }
}

impl Cell<'_> {
    /// The cell as a number (`60%` reads 60); `None` when empty, or when it is not a number,
    /// which is a problem.
    fn number(&self, ck: &mut Checker<'_>) -> Option<f64> {
        if self.v.is_empty() {
            return None;
        }
        let n = self.v.trim_end_matches(['%', '％']).parse::<f64>().ok();
        if n.is_none() {
            ck.err(self.at.clone(), msg("not_a_number").arg("value", self.v));
        }
        n
    }
}

/// 及格线 as written — `60`, `60%` or `0.6` — as a percent.
fn pass_mark(p: f64, v: &str) -> u8 {
    let p = if p > 0.0 && p <= 1.0 && !v.contains(['%', '％']) {
        p * 100.0
    } else {
        p
    };
    p.clamp(0.0, 255.0) as u8
}

/// Each question of `kind` worth `n` on the paper; `None`: every type, unless its own column
/// says otherwise (before or after this one).
fn set_points(paper: &mut Paper, kind: Option<Kind>, n: f64) {
    match kind {
        Some(k) => {
            paper.points.retain(|(pk, _)| *pk != k);
            paper.points.push((k, n));
        }
        None => {
            for k in Kind::ALL {
                if !paper.points.iter().any(|(pk, _)| *pk == k) {
                    paper.points.push((k, n));
                }
            }
        }
    }
}

/// 难度 of a paper as written: `1-3`, `1,2`, `易,中等`, `较难`; empty for any. `None` when a
/// level is not 1–5 or a word the trainer's template uses.
fn difficulties(v: &str) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    for part in v
        .split([',', '，', '、', ';', '；', ' '])
        .map(str::trim)
        .filter(|p| !p.is_empty())
    {
        let level = |t: &str| -> Option<u8> {
            let t = t.trim();
            let n = t
                .parse::<i64>()
                .ok()
                .or_else(|| super::cells::difficulty_word(t))?;
            u8::try_from(n).ok().filter(|d| (1..=5).contains(d))
        };
        match part.split_once(['-', '－', '~', '～', '至']) {
            Some((a, b)) => {
                let (a, b) = (level(a)?, level(b)?);
                out.extend(a.min(b)..=a.max(b));
            }
            None => out.push(level(part)?),
        }
    }
    out.sort_unstable();
    out.dedup();
    Some(out)
}

/// 是/否 as trainers write it.
fn yes_no(v: &str) -> Option<bool> {
    match v.trim().to_lowercase().as_str() {
        "" | "否" | "不" | "no" | "n" | "false" | "0" | "×" => Some(false),
        "是" | "固定" | "yes" | "y" | "true" | "1" | "√" | "✓" => Some(true),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn difficulties_read_as_ranges_words_and_lists() {
        assert_eq!(difficulties("1-3"), Some(vec![1, 2, 3]));
        assert_eq!(difficulties("易，中等"), Some(vec![1, 3]));
        assert_eq!(difficulties("较难~难"), Some(vec![4, 5]));
        assert_eq!(difficulties(""), Some(vec![]));
        assert_eq!(difficulties("6"), None);
        assert_eq!(difficulties("很难"), None);
        assert_eq!(yes_no("是"), Some(true));
        assert_eq!(yes_no(""), Some(false));
        assert_eq!(yes_no("也许"), None);
    }

    #[test]
    fn a_type_s_own_points_win_over_every_question_s_whichever_column_comes_first() {
        let split = |lines: &[&str]| -> Vec<Vec<String>> {
            lines
                .iter()
                .map(|r| r.split(',').map(String::from).collect())
                .collect()
        };
        let questions = split(&["题型,题干,选项A,选项B,答案", "单选,题（　）,甲,乙,A"]);
        let path = Path::new("p.csv");
        for header in ["名称,时长,每题分值,单选分值", "名称,时长,单选分值,每题分值"]
        {
            let values = if header.ends_with("每题分值") {
                "卷,30,3,1.005"
            } else {
                "卷,30,1.005,3"
            };
            let mut b =
                super::super::bank_from_rows(path, &questions, "b", "b", &|_| true).unwrap();
            let rows = split(&[&format!("{header},单选数"), &format!("{values},1")]);
            add_papers(path, &rows, &mut b).unwrap();
            let points = &b.papers[0].points;
            assert_eq!(points.len(), Kind::ALL.len(), "{header}");
            assert_eq!(points[0], (Kind::Single, 3.0), "{header}");
            assert!(
                points[1..].iter().all(|(_, n)| *n == 1.0),
                "{header}: {points:?}"
            );
        }
    }

    #[test]
    fn a_pass_mark_of_one_or_less_is_a_fraction_unless_it_has_a_percent_sign() {
        assert_eq!(pass_mark(0.6, "0.6"), 60);
        assert_eq!(pass_mark(1.0, "1"), 100);
        assert_eq!(pass_mark(1.0, "1%"), 1);
        assert_eq!(pass_mark(0.5, "0.5％"), 0);
        assert_eq!(pass_mark(0.0, "0"), 0);
        assert_eq!(pass_mark(300.0, "300"), 255);
    }
}
