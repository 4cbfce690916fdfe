//! Quiz banks in a spreadsheet (CSV or .xlsx), in the common Chinese 题库 template:
//!
//! `[编号,]题型,题干,选项A,选项B,选项C,选项D[,选项E…选项H],答案,解析[,分值,难度,标签,出处]`
//!
//! English headers work too (id, type, stem, a…h, answer, explanation, points, difficulty, tags,
//! material). CSV may be UTF-8 (with or without BOM) or GBK, as Excel saves it on Chinese
//! Windows. Rows count the header as row 1, as a spreadsheet shows them.

use std::path::Path;

mod cells;
mod export;
mod option_rows;
pub mod papers;
mod rows;

use super::question::{Checker, Field, Loc, RawAnswer, RawQuestion};
use super::raw_text::{blank_markers, content_id, strip_option_letter};
use super::{ImportError, msg};
use crate::domain::quiz::{Bank, letter};
use crate::text::sanitize::sanitize_line;
use cells::{difficulty_word, judge_by_letter, parse_int, parse_points, strip_stem_number};
pub use export::{export_bank_csv, export_papers_csv};
#[cfg(test)]
use rows::unclosed_quote;
pub use rows::{WorkbookRows, csv_rows, csv_text_rows, decode_csv, workbook_rows, xlsx_rows};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Col {
    Id,
    Type,
    Stem,
    Opt(usize),
    Answer,
    Explanation,
    Points,
    Difficulty,
    Tags,
    Material,
    /// `不乱序`: a mark (是/√/1/y) keeps the options in order.
    KeepOrder,
}

/// A header as compared: full-width forms folded, spaces, `*` and a `（必填）`/`(选填)` note
/// dropped, lower case — so `题型（必填）`, ` 题 型 ` and `*题型` are all 题型.
fn normalise_header(header: &str) -> String {
    let folded: String = header
        .trim_start_matches('\u{feff}')
        .chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            c => c,
        })
        .filter(|c| !c.is_whitespace() && *c != '*' && *c != '\u{3000}')
        .collect();
    let mut h = folded.to_lowercase();
    for note in ["(必填)", "(选填)", "(可选)", "(可不填)", "(非必填)"] {
        h = h.replace(note, "");
    }
    h
}

/// The header names accepted for the two columns every bank needs (for the message when one
/// is missing). Without a 题型 column each question's type is told from its answer and options.
const REQUIRED_NAMES: [(Col, &str); 2] = [
    (Col::Stem, "题干/题目/题目内容/试题内容/试题/stem"),
    (Col::Answer, "答案/正确答案/参考答案/标准答案/answer"),
];

fn column_of(header: &str) -> Option<Col> {
    let lower = normalise_header(header);
    let opt = |c: char| Some(Col::Opt((c.to_ascii_uppercase() as u8 - b'A') as usize));
    match lower.as_str() {
        "编号" | "题号" | "序号" | "试题编号" | "id" => Some(Col::Id),
        "题型" | "类型" | "试题类型" | "题目类型" | "type" => Some(Col::Type),
        "题干" | "题目" | "题目内容" | "试题内容" | "试题" | "stem" | "question" => {
            Some(Col::Stem)
        }
        // 是否正确项: the answer of a table made from one row per option (option_rows)
        "答案" | "正确答案" | "参考答案" | "标准答案" | "answer" | "是否正确项" => {
            Some(Col::Answer)
        }
        // 说明: the 学习强国 banks' column
        "解析" | "答案解析" | "解析说明" | "试题解析" | "题目解析" | "整体解析" | "说明"
        | "答案说明" | "解释" | "分析" | "试题分析" | "答案分析" | "详解" | "explanation"
        | "analysis" => Some(Col::Explanation),
        "分值" | "分数" | "points" => Some(Col::Points),
        "难度" | "难易度" | "难易程度" | "difficulty" => Some(Col::Difficulty),
        "标签" | "知识点" | "专题" | "tags" => Some(Col::Tags),
        "出处" | "资料" | "来源" | "material" => Some(Col::Material),
        "不乱序" | "选项不乱序" | "keep order" | "keep_order" => Some(Col::KeepOrder),
        _ => {
            // 选项A, optionA, A, and A选项
            let rest = lower
                .strip_prefix("选项")
                .or_else(|| lower.strip_prefix("option"))
                .or_else(|| lower.strip_suffix("选项"))
                .unwrap_or(&lower)
                .trim();
            let mut chars = rest.chars();
            match (chars.next(), chars.next()) {
                (Some(c @ 'a'..='h'), None) => opt(c),
                _ => None,
            }
        }
    }
}

/// Does this row name the columns every bank needs (题型, 题干, 答案)?
fn is_header(row: &[String]) -> bool {
    let cols: Vec<Option<Col>> = row.iter().map(|h| column_of(h)).collect();
    REQUIRED_NAMES
        .iter()
        .all(|(need, _)| cols.contains(&Some(*need)))
}

/// A bank's header in either shape: one row per question, or one per option.
pub(crate) fn is_bank_header(row: &[String]) -> bool {
    is_header(row) || option_rows::is_option_header(row)
}

/// What the trainer should know of how the table was read, said with the check's output (kept
/// with the questions left out; `note_` keys): the types told from the answers when there is
/// no 题型 column, and the columns no field was read from.
fn notes(
    ck: &mut Checker<'_>,
    header_row: usize,
    header: &[String],
    cols: &[Option<Col>],
    inferred: &std::collections::BTreeMap<crate::domain::quiz::Kind, usize>,
) {
    if !inferred.is_empty() {
        let counts: Vec<String> = inferred
            .iter()
            .map(|(k, n)| format!("{} {n}", k.zh()))
            .collect();
        ck.skipped.push(ImportError::Cell {
            path: ck.path.to_path_buf(),
            row: header_row,
            column: "题型".into(),
            message: msg("note_kind_inferred").arg("counts", counts.join("，")),
        });
    }
    let unused: Vec<String> = header
        .iter()
        .zip(cols.iter().chain(std::iter::repeat(&None)))
        .filter(|(h, c)| c.is_none() && !h.trim().is_empty())
        .map(|(h, _)| sanitize_line(h.trim()))
        .collect();
    if !unused.is_empty() {
        ck.skipped.push(ImportError::Cell {
            path: ck.path.to_path_buf(),
            row: header_row,
            column: unused[0].clone(),
            message: msg("note_columns_unused").arg("columns", unused.join("、")),
        });
    }
}

/// Turns spreadsheet rows (header first) into a checked bank.
pub fn bank_from_rows(
    path: &Path,
    rows: &[Vec<String>],
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
) -> Result<Bank, Vec<ImportError>> {
    bank_from_rows_skipping(path, rows, id, title, material_exists, false).map(|(b, _)| b)
}

/// [`bank_from_rows`], leaving out (and listing) questions of an unsupported type when
/// `skip_unsupported`.
pub fn bank_from_rows_skipping(
    path: &Path,
    rows: &[Vec<String>],
    id: &str,
    title: &str,
    material_exists: &dyn Fn(&str) -> bool,
    skip_unsupported: bool,
) -> Result<(Bank, Vec<ImportError>), Vec<ImportError>> {
    let mut ck = Checker::new(path, material_exists);
    ck.skip_unsupported = skip_unsupported;
    if !crate::domain::material::is_valid_id(id) {
        ck.errors
            .push(ImportError::file(path, msg("table_bank_id").arg("id", id)));
    }
    if rows.is_empty() {
        return Err(vec![ImportError::at(path, 1, 1, msg("no_header"))]);
    }
    // one row per option (题目序号, 是否正确项, 选项内容): as one per question, rows kept
    let per_question;
    let rows = match option_rows::to_question_rows(rows) {
        Some(r) => {
            per_question = r;
            &per_question[..]
        }
        None => rows,
    };
    // the header row: the first (of the first ten) naming 题型, 题干 and 答案 — title rows
    // above it (a merged 标题 line, 填写说明) are passed over
    let header_at = rows.iter().take(10).position(|r| is_header(r)).unwrap_or(0);
    let header = &rows[header_at];
    let cols: Vec<Option<Col>> = header.iter().map(|h| column_of(h)).collect();
    let mut table = Table {
        ck,
        columns: Columns {
            header,
            row: header_at + 1,
            has_ids: cols.contains(&Some(Col::Id)),
            has_kinds: cols.contains(&Some(Col::Type)),
            cols,
        },
        ids: Vec::new(),
        questions: Vec::new(),
        inferred: Default::default(),
        seq: 0,
        last_kind: String::new(),
    };
    table.check_header();
    if !table.ck.errors.is_empty() {
        return Err(table.ck.errors);
    }
    for (ri, row) in rows.iter().enumerate().skip(header_at + 1) {
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        table.row(row, ri + 1);
    }
    let Table {
        mut ck,
        columns,
        ids,
        questions,
        inferred,
        ..
    } = table;
    ck.unique_ids(&ids);
    if !ck.errors.is_empty() {
        return Err(ck.errors);
    }
    notes(&mut ck, columns.row, header, &columns.cols, &inferred);
    Ok((
        Bank {
            id: id.to_string(),
            title: sanitize_line(title),
            description: String::new(),
            version: None,
            sealed: false,
            questions,
            papers: Vec::new(),
        },
        ck.skipped,
    ))
}

/// The header row as read: each cell's column, and where the header stands.
struct Columns<'a> {
    header: &'a [String],
    /// the header's row number (counting from 1)
    row: usize,
    cols: Vec<Option<Col>>,
    has_ids: bool,
    has_kinds: bool,
}

impl Columns<'_> {
    /// The name of `col`'s header cell, as shown in a problem (its usual name when the table
    /// has no such column).
    fn name(&self, col: Col) -> String {
        self.cols
            .iter()
            .position(|c| *c == Some(col))
            // shown in messages: cleaned, as a header may carry controls (found by fuzzing:
            // `选项\x0cB` is read as option B, and its name was echoed raw)
            .map(|i| sanitize_line(self.header[i].trim().trim_start_matches('\u{feff}')))
            .unwrap_or_else(|| match col {
                Col::Opt(i) => format!("选项{}", letter(i)),
                _ => "题型".into(),
            })
    }
}

/// A table of questions being read, one row at a time: what is checked so far, and what a
/// row carries down to the next (its number among the questions, a merged 题型).
struct Table<'a> {
    ck: Checker<'a>,
    columns: Columns<'a>,
    ids: Vec<(String, Loc)>,
    questions: Vec<crate::domain::quiz::Question>,
    /// the types told from the answers, counted, when there is no 题型 column
    inferred: std::collections::BTreeMap<crate::domain::quiz::Kind, usize>,
    /// the question's number among the rows, for a stem that starts with it (`3 直接关系`)
    seq: usize,
    /// a 题型 cell merged over several rows is read in its first row only: carried down
    last_kind: String,
}

impl Table<'_> {
    /// The columns every bank needs are there, and none is given twice.
    fn check_header(&mut self) {
        let Columns {
            header, row, cols, ..
        } = &self.columns;
        for (need, names) in REQUIRED_NAMES {
            if !cols.contains(&Some(need)) {
                let found: Vec<String> = header
                    .iter()
                    .map(|h| sanitize_line(h.trim()))
                    .filter(|h| !h.is_empty())
                    .collect();
                let name = names.split('/').next().unwrap_or(names);
                let message = msg("no_column")
                    .arg("column", name)
                    .arg("names", names)
                    .arg("found", found.join(", "));
                self.ck.err(Loc::Cell(*row, name.into()), message);
            }
        }
        // one column per field: a second 选项A would silently reorder the options (标签 and
        // 知识点 are both tags)
        for (i, c) in cols.iter().enumerate() {
            if let Some(c) = c
                && *c != Col::Tags
                && let Some(first) = cols[..i].iter().position(|d| d.as_ref() == Some(c))
            {
                let message = msg("column_twice")
                    .arg("other", header[first].trim())
                    .arg("n", first + 1);
                self.ck
                    .err(Loc::Cell(*row, sanitize_line(header[i].trim())), message);
            }
        }
    }

    /// One question's row (`row_no` counting the header as 1): its cells read, its type told
    /// or carried down, its id given or made, the question checked.
    fn row(&mut self, row: &[String], row_no: usize) {
        let mut raw = self.cells(row, row_no);
        self.seq += 1;
        raw.stem = strip_stem_number(&raw.stem, &raw.id, self.seq).to_string();
        raw.kind = cells::kind_code(&raw.kind);
        self.kind(&mut raw);
        judge_by_letter(&mut raw);
        if raw.id.is_empty() && !self.columns.has_ids {
            // from the question itself, not its row: inserting a row must not move every
            // member's answers and 错题本 entries onto other questions
            raw.id = content_id(&raw.kind, &raw.stem);
        } else if raw.id.is_empty() {
            raw.id = format!("r{row_no:04}");
        }
        let columns = &self.columns;
        self.ids
            .push((raw.id.clone(), Loc::Cell(row_no, columns.name(Col::Id))));
        let loc = |f: Field| -> Loc {
            let col = match f {
                Field::Question | Field::Type if columns.has_kinds => Col::Type,
                Field::Question | Field::Type => Col::Stem,
                Field::Id => Col::Id,
                Field::Stem => Col::Stem,
                Field::Option(i) => Col::Opt(i),
                Field::Answer => Col::Answer,
                Field::Material => Col::Material,
                Field::Difficulty => Col::Difficulty,
                Field::Points => Col::Points,
            };
            Loc::Cell(row_no, columns.name(col))
        };
        if let Some(q) = self.ck.question(raw, &loc) {
            self.questions.push(q);
        }
    }

    /// A row's cells into a question as written, the options in their columns' order up to
    /// the last one given.
    fn cells(&mut self, row: &[String], row_no: usize) -> RawQuestion {
        let mut raw = RawQuestion::default();
        let mut opts: Vec<(usize, String)> = Vec::new();
        for (ci, cell) in row.iter().enumerate() {
            let Some(&Some(col)) = self.columns.cols.get(ci) else {
                continue;
            };
            let v = cell.trim().to_string();
            match col {
                Col::Id => raw.id = v,
                Col::Type => raw.kind = v,
                // a blank written as a run of spaces may open the stem: not trimmed away
                Col::Stem => raw.stem = blank_markers(cell.trim_end()),
                Col::Opt(i) => opts.push((i, v)),
                Col::Answer => raw.answer = (!v.is_empty()).then_some(RawAnswer::Text(v)),
                Col::Explanation => raw.explanation = v,
                Col::Points => {
                    raw.points = parse_points(&v, &mut self.ck, row_no, &self.columns.name(col))
                }
                Col::Difficulty => {
                    raw.difficulty = match difficulty_word(&v) {
                        Some(d) => Some(d),
                        None => parse_int(&v, &mut self.ck, row_no, &self.columns.name(col)),
                    }
                }
                Col::Tags => {
                    for t in v.split([',', '，', '、', ';', '；']).map(str::trim) {
                        if !t.is_empty() && !raw.tags.iter().any(|x| x == t) {
                            raw.tags.push(t.to_string());
                        }
                    }
                }
                Col::Material => raw.material = (!v.is_empty()).then_some(v),
                Col::KeepOrder => {
                    raw.keep_order = matches!(
                        v.to_lowercase().as_str(),
                        "是" | "√" | "✓" | "1" | "y" | "yes" | "true" | "不乱序"
                    )
                }
            }
        }
        opts.sort_by_key(|(i, _)| *i);
        let last = opts.iter().rposition(|(_, v)| !v.is_empty());
        raw.options = match last {
            Some(l) => opts[..=l]
                .iter()
                .map(|(_, v)| strip_option_letter(v).to_string())
                .collect(),
            None => Vec::new(),
        };
        raw
    }

    /// The question's type: told from its options and answer when the table has no 题型
    /// column (and counted, for the note), else its cell's, or the one above when empty.
    fn kind(&mut self, raw: &mut RawQuestion) {
        if !self.columns.has_kinds {
            let mut kind = super::text_bank::guess_kind(raw);
            // options 正确/错误 answered by letter: a 判断 (judge_by_letter after this)
            if raw.options.len() == 2
                && raw
                    .options
                    .iter()
                    .all(|o| super::answer_text::parse_judge(o).is_some())
            {
                kind = crate::domain::quiz::Kind::Judge;
            }
            *self.inferred.entry(kind).or_insert(0) += 1;
            raw.kind = kind.as_str().into();
        } else if raw.kind.is_empty() {
            raw.kind = self.last_kind.clone();
        } else {
            self.last_kind = raw.kind.clone();
        }
    }
}

#[cfg(test)]
mod tests;
