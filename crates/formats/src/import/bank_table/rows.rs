//! A spreadsheet's bytes as rows of cell texts: CSV (UTF-8, UTF-16 or GBK; commas or tabs) and
//! workbooks (.xlsx, .xls, .ods), each cell as the trainer sees it.

use std::io::Cursor;
use std::path::Path;

use super::super::{ImportError, Msg, msg};

/// Decodes CSV bytes: UTF-8 (BOM or not), UTF-16 with a BOM (Excel's "Unicode 文本"), else
/// GBK.
pub fn decode_csv(path: &Path, bytes: &[u8]) -> Result<String, ImportError> {
    for (bom, enc) in [
        (&b"\xff\xfe"[..], encoding_rs::UTF_16LE),
        (&b"\xfe\xff"[..], encoding_rs::UTF_16BE),
    ] {
        if let Some(rest) = bytes.strip_prefix(bom) {
            let (text, had_errors) = enc.decode_without_bom_handling(rest);
            if had_errors {
                return Err(ImportError::file(path, msg("not_utf16")));
            }
            return Ok(text.into_owned());
        }
    }
    let bytes = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    if let Ok(s) = std::str::from_utf8(bytes) {
        return Ok(s.to_string());
    }
    let (text, had_errors) = encoding_rs::GBK.decode_without_bom_handling(bytes);
    if had_errors {
        return Err(ImportError::file(path, msg("not_utf8_gbk")));
    }
    Ok(text.into_owned())
}

/// Where a `"` opens a cell that is never closed (line and column), if one does. As the CSV
/// reader sees quotes: one opens a cell only at its start; `""` inside is a quote; elsewhere a
/// `"` is a character like any other.
pub(super) fn unclosed_quote(text: &str) -> Option<(usize, usize)> {
    let mut open: Option<(usize, usize)> = None;
    let (mut line, mut col) = (1, 0);
    let mut at_start = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        match (open, c) {
            (Some(_), '"') => {
                if chars.peek() == Some(&'"') {
                    chars.next();
                    col += 1;
                } else {
                    open = None;
                    at_start = false;
                }
            }
            (None, '"') if at_start => open = Some((line, col)),
            (None, ',' | '\t') => at_start = true,
            (_, '\n') => {
                line += 1;
                col = 0;
                if open.is_none() {
                    at_start = true;
                }
            }
            (None, _) => at_start = false,
            (Some(_), _) => {}
        }
    }
    open
}

/// What the CSV reader said: an unclosed quote and rows of another length in the member's
/// words, anything else in its own.
fn csv_problem(e: &csv::Error) -> Msg {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => msg("csv_lengths")
            .arg("expected", expected_len)
            .arg("found", len),
        csv::ErrorKind::Utf8 { .. } => msg("not_utf8"),
        _ => {
            tracing::info!(error = %e, "a CSV the reader refused");
            msg("csv_error")
        }
    }
}

/// Reads the rows of a CSV file (all cells as text).
pub fn csv_rows(path: &Path, bytes: &[u8]) -> Result<Vec<Vec<String>>, ImportError> {
    csv_text_rows(path, &decode_csv(path, bytes)?)
}

/// The rows of CSV (or tab-separated) text already decoded.
pub fn csv_text_rows(path: &Path, text: &str) -> Result<Vec<Vec<String>>, ImportError> {
    // a quote never closed swallows the rest of the file into one cell: say where it opened
    if let Some((line, col)) = unclosed_quote(text) {
        return Err(ImportError::at(path, line, col, msg("csv_unclosed_quote")));
    }
    // tab-separated (.tsv, Excel's text exports): the first line has tabs and no commas
    let first = text.lines().next().unwrap_or("");
    let tabs = first.contains('\t') && !first.contains(',');
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(if tabs { b'\t' } else { b',' })
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, rec) in reader.records().enumerate() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(i + 1, |p| p.line() as usize);
            ImportError::at(path, line, 1, csv_problem(&e))
        })?;
        // a formula cell written with an apostrophe before it (by `bank export`): as it was
        let cell = |c| crate::text::sanitize::unneutralize(c).to_string();
        rows.push(rec.iter().map(cell).collect());
    }
    Ok(rows)
}

/// Reads the rows of a workbook sheet (.xlsx, .xls, .ods): the one `sheet` names, else the
/// first whose first rows hold a bank's header (a 填写说明 sheet before it is passed over),
/// else the first. Date cells read as the date the trainer sees, not Excel's serial number.
pub fn xlsx_rows(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<Vec<Vec<String>>, ImportError> {
    workbook_rows(path, bytes, sheet).map(|(rows, _)| rows)
}

/// The names the papers' sheet may have.
const PAPER_SHEETS: [&str; 2] = ["试卷", "papers"];

/// A workbook read once: the bank's rows (as [`xlsx_rows`]) and the rows of its papers' 试卷
/// sheet, if it has one.
pub type WorkbookRows = (Vec<Vec<String>>, Option<Vec<Vec<String>>>);

/// The bank's rows and the papers' rows of a workbook, each sheet read at most once.
pub fn workbook_rows(
    path: &Path,
    bytes: &[u8],
    sheet: Option<&str>,
) -> Result<WorkbookRows, ImportError> {
    use calamine::Reader;
    // calamine's words are English and name its internals: the trainer gets ours, the log its
    let mut wb = calamine::open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|e| {
        tracing::info!(path = %path.display(), error = %e, "not a readable workbook");
        let password = e.to_string().to_ascii_lowercase().contains("password");
        ImportError::file(
            path,
            msg(if password {
                "workbook_password"
            } else {
                "not_workbook"
            }),
        )
    })?;
    let names = wb.sheet_names().to_vec();
    let mut read = |name: &str| -> Result<Vec<Vec<String>>, ImportError> {
        let range = wb.worksheet_range(name).map_err(|e| {
            tracing::info!(path = %path.display(), sheet = name, error = %e, "an unreadable sheet");
            ImportError::file(path, msg("sheet_error").arg("sheet", name))
        })?;
        // the cells' number formats (xlsx only; others have none): a percent cell reads as
        // the `60%` the trainer sees, not 0.6
        let styles = wb.worksheet_style(name).ok();
        let (top, left) = range.start().unwrap_or((0, 0));
        Ok(range
            .rows()
            .enumerate()
            .map(|(ri, r)| {
                r.iter()
                    .enumerate()
                    .map(|(ci, c)| {
                        let format = styles
                            .as_ref()
                            .and_then(|s| s.get((top + ri as u32, left + ci as u32)))
                            .and_then(|st| st.number_format.as_ref())
                            .map(|f| f.format_code.as_str());
                        super::cells::cell_text(c, format)
                    })
                    .collect()
            })
            .collect())
    };
    let bank = match sheet {
        Some(s) => {
            let name = names.iter().find(|n| n.as_str() == s).ok_or_else(|| {
                ImportError::file(
                    path,
                    msg("no_sheet")
                        .arg("sheet", s)
                        .arg("sheets", names.join(", ")),
                )
            })?;
            read(name)?
        }
        None => {
            if names.is_empty() {
                return Err(ImportError::file(path, msg("no_sheets")));
            }
            let mut first = None;
            let mut found = None;
            for name in &names {
                let rows = read(name)?;
                if rows.iter().take(10).any(|r| super::is_bank_header(r)) {
                    found = Some(rows);
                    break;
                }
                first.get_or_insert(rows);
            }
            // no sheet holds a header: the first, for the message that says so
            found.or(first).unwrap_or_default()
        }
    };
    let papers = match names.iter().find(|n| PAPER_SHEETS.contains(&n.trim())) {
        Some(name) => Some(read(name)?),
        None => None,
    };
    Ok((bank, papers))
}
