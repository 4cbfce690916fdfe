//! Exam papers in a spreadsheet: a 试卷 sheet in the workbook, or a `<bank>-试卷.csv` beside
//! a CSV bank. One row per paper:
//!
//! `名称,时长,及格线,单选数,多选数,判断数,填空数[,标签,多选部分得分,编号]`
//!
//! (时长 in minutes; 及格线 as `60` or `60%`; 标签: draw only questions with one of these.)

use std::path::Path;

use super::normalise_header;
use crate::domain::quiz::{Bank, Kind, Paper};
use crate::import::bank::{Checker, Loc};
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
    let mut ck = Checker::new(path, &|_| true);
    let Some(header) = rows.first() else {
        return Ok(());
    };
    let cols: Vec<Option<PCol>> = header.iter().map(|h| pcol(h)).collect();
    for (need, name) in [(PCol::Title, "名称"), (PCol::Minutes, "时长")] {
        if !cols.contains(&Some(need)) {
            ck.errors.push(ImportError::Cell {
                path: path.to_path_buf(),
                row: 1,
                column: name.into(),
                message: msg("papers_no_column").arg("column", name),
            });
        }
    }
    if !ck.errors.is_empty() {
        return Err(ck.errors);
    }
    let drawable: Vec<(Kind, Vec<String>)> = bank
        .questions
        .iter()
        .map(|q| (q.kind, q.tags.clone()))
        .collect();
    for (ri, row) in rows.iter().enumerate().skip(1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let row_no = ri + 1;
        let mut paper = Paper {
            id: String::new(),
            title: String::new(),
            minutes: 0,
            pass: 60,
            draw: Vec::new(),
            tags: Vec::new(),
            multiple_partial: None,
        };
        for (ci, cell) in row.iter().enumerate() {
            let Some(Some(col)) = cols.get(ci) else {
                continue;
            };
            let v = cell.trim();
            let number = |ck: &mut Checker<'_>| -> Option<f64> {
                if v.is_empty() {
                    return None;
                }
                let n = v.trim_end_matches(['%', '％']).parse::<f64>().ok();
                if n.is_none() {
                    ck.errors.push(ImportError::Cell {
                        path: path.to_path_buf(),
                        row: row_no,
                        column: sanitize_line(header[ci].trim()),
                        message: msg("not_a_number").arg("value", v),
                    });
                }
                n
            };
            match col {
                PCol::Id => paper.id = sanitize_line(v),
                PCol::Title => paper.title = sanitize_line(v),
                PCol::Minutes => paper.minutes = number(&mut ck).unwrap_or(0.0).max(0.0) as u32,
                PCol::Pass => {
                    // 60, 60% or 0.6
                    let p = number(&mut ck).unwrap_or(60.0);
                    let p = if p > 0.0 && p <= 1.0 && !v.contains(['%', '％']) {
                        p * 100.0
                    } else {
                        p
                    };
                    paper.pass = p.clamp(0.0, 255.0) as u8;
                }
                PCol::Draw(kind) => {
                    let n = number(&mut ck).unwrap_or(0.0).max(0.0) as usize;
                    if n > 0 {
                        paper.draw.push((*kind, n));
                    }
                }
                PCol::Tags => {
                    paper.tags = v
                        .split([',', '，', '、', ';', '；'])
                        .map(|t| sanitize_line(t.trim()))
                        .filter(|t| !t.is_empty())
                        .collect()
                }
                PCol::Partial => paper.multiple_partial = number(&mut ck),
            }
        }
        paper.draw.sort_by_key(|(k, _)| *k);
        if paper.id.is_empty() {
            // from the name, so a re-import keeps the paper's history
            let h = crate::domain::session::fnv(&paper.title);
            paper.id = format!("p{:08x}", h >> 32);
        }
        if paper.title.is_empty() {
            ck.errors.push(ImportError::Cell {
                path: path.to_path_buf(),
                row: row_no,
                column: "名称".into(),
                message: msg("paper_no_name"),
            });
        }
        ck.paper(&drawable, &paper, Loc::Cell(row_no, "名称".into()));
        bank.papers.push(paper);
    }
    if ck.errors.is_empty() {
        Ok(())
    } else {
        Err(ck.errors)
    }
}
