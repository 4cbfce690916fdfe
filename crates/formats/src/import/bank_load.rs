//! Which reader a bank file goes to: by its extension, and for text by what it holds — a GIFT
//! or Aiken file saved as .txt or .csv is read as such, not as a spreadsheet.

use std::path::Path;

use super::question::MAX_BANK_BYTES;
use super::{ImportError, msg};
use crate::domain::material::is_valid_id;
use crate::domain::quiz::Bank;

/// How a spreadsheet bank gets its id, title and sheet.
#[derive(Clone, Debug, Default)]
pub struct TableOptions {
    pub id: Option<String>,
    pub title: Option<String>,
    pub sheet: Option<String>,
    /// Leave out questions of a type xuexi cannot grade, listing them, instead of refusing.
    pub skip_unsupported: bool,
    /// One id per file, in the order the files are given (`--id a --id b`); `id` when empty.
    pub ids: Vec<String>,
}

/// Reads and checks one bank file of any supported format.
pub fn load_bank(
    path: &Path,
    bytes: &[u8],
    opts: &TableOptions,
    material_exists: &dyn Fn(&str) -> bool,
) -> Result<Bank, Vec<ImportError>> {
    load_bank_noting(path, bytes, opts, material_exists, &mut Vec::new())
}

/// [`load_bank`]; the questions left out by `opts.skip_unsupported` are noted in `skipped`.
pub fn load_bank_noting(
    path: &Path,
    bytes: &[u8],
    opts: &TableOptions,
    material_exists: &dyn Fn(&str) -> bool,
    skipped: &mut Vec<ImportError>,
) -> Result<Bank, Vec<ImportError>> {
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    // without --id: the file's name when it is an id, else one made from it (and said)
    let id = match &opts.id {
        Some(id) => id.clone(),
        None if is_valid_id(&stem) || ext == "toml" => stem.clone(),
        None => {
            let id = id_from_name(&stem);
            skipped.push(ImportError::file(
                path,
                msg("note_id_from_name").arg("id", &id),
            ));
            id
        }
    };
    let title = opts.title.clone().unwrap_or_else(|| stem.clone());
    let mut load = Loader {
        path,
        opts,
        material_exists,
        id,
        title,
        skipped,
    };
    let bank = match ext.as_str() {
        "toml" => load.toml(bytes),
        // a .txt is a table (tab-separated, Excel's Unicode text), a bank pasted from Word
        // (with 答案： lines), Aiken or GIFT as Moodle saves it; what the text holds decides,
        // whatever the extension — but a .csv whose first line is a bank's header is a table
        "csv" | "txt" | "tsv" | "gift" | "json" => load.text(bytes, &ext),
        "xlsx" | "xlsm" | "xls" | "ods" => load.workbook(bytes),
        _ => Err(vec![ImportError::file(path, msg("bank_format"))]),
    }?;
    if bank.questions.is_empty() {
        return Err(vec![ImportError::at(path, 1, 1, msg("bank_empty"))]);
    }
    Ok(bank)
}

/// A bank file being loaded: the id and title it gets, and where the questions left out are
/// noted. One step per kind of file.
struct Loader<'a> {
    path: &'a Path,
    opts: &'a TableOptions,
    material_exists: &'a dyn Fn(&str) -> bool,
    id: String,
    title: String,
    skipped: &'a mut Vec<ImportError>,
}

impl Loader<'_> {
    /// xuexi's own TOML; --id / --title make an imported copy, never ignored.
    fn toml(&mut self, bytes: &[u8]) -> Result<Bank, Vec<ImportError>> {
        let (path, opts) = (self.path, self.opts);
        let text = super::decode_utf8(path, bytes).map_err(|e| vec![e])?;
        if let Some(id) = &opts.id
            && !is_valid_id(id)
        {
            return Err(vec![ImportError::file(
                path,
                msg("bank_id_invalid").arg("id", id),
            )]);
        }
        super::bank_toml::parse_bank_toml(path, text, self.material_exists).map(|mut b| {
            if let Some(id) = &opts.id {
                b.id = id.clone();
            }
            if let Some(title) = &opts.title {
                b.title = title.clone();
            }
            b
        })
    }

    /// A text file (CSV, tab-separated, Word-style, Aiken, GIFT, JSON): its extension says
    /// GIFT or JSON, else what it holds.
    fn text(&mut self, bytes: &[u8], ext: &str) -> Result<Bank, Vec<ImportError>> {
        let path = self.path;
        let text = super::bank_table::decode_csv(path, bytes).map_err(|e| vec![e])?;
        let format = match ext {
            "gift" => TextFormat::Gift,
            "json" => TextFormat::Json,
            _ => sniff(&text),
        };
        match format {
            TextFormat::Gift => self.text_bank(super::bank_gift::parse_bank_gift_skipping, &text),
            TextFormat::Json => self.text_bank(super::bank_json::parse_bank_json_skipping, &text),
            TextFormat::Aiken => {
                self.text_bank(super::bank_aiken::parse_bank_aiken_skipping, &text)
            }
            TextFormat::Word => self.text_bank(super::bank_text::parse_bank_text_skipping, &text),
            TextFormat::Table => {
                let rows = super::bank_table::csv_text_rows(path, &text).map_err(|e| vec![e])?;
                let mut bank = self.table(&rows)?;
                // papers beside it: 题库-试卷.csv
                if let Some(p) = super::bank_table::papers::beside(path) {
                    let bytes = super::read_limited(&p, MAX_BANK_BYTES).map_err(|e| vec![e])?;
                    let rows = super::bank_table::csv_rows(&p, &bytes).map_err(|e| vec![e])?;
                    super::bank_table::papers::add_papers(&p, &rows, &mut bank)?;
                }
                Ok(bank)
            }
        }
    }

    /// A workbook: the bank's sheet, and the papers in a 试卷 sheet.
    fn workbook(&mut self, bytes: &[u8]) -> Result<Bank, Vec<ImportError>> {
        let (rows, papers) =
            super::bank_table::workbook_rows(self.path, bytes, self.opts.sheet.as_deref())
                .map_err(|e| vec![e])?;
        let mut bank = self.table(&rows)?;
        if let Some(rows) = papers {
            super::bank_table::papers::add_papers(self.path, &rows, &mut bank)?;
        }
        Ok(bank)
    }

    /// A spreadsheet's rows as a bank, the questions left out noted.
    fn table(&mut self, rows: &[Vec<String>]) -> Result<Bank, Vec<ImportError>> {
        let (bank, mut s) = super::bank_table::bank_from_rows_skipping(
            self.path,
            rows,
            &self.id,
            &self.title,
            self.material_exists,
            self.opts.skip_unsupported,
        )?;
        self.skipped.append(&mut s);
        Ok(bank)
    }

    /// A text bank read by `parse`, the questions left out noted.
    fn text_bank(&mut self, parse: TextParser, text: &str) -> Result<Bank, Vec<ImportError>> {
        let (bank, mut s) = parse(
            self.path,
            text,
            &self.id,
            &self.title,
            self.material_exists,
            self.opts.skip_unsupported,
        )?;
        self.skipped.append(&mut s);
        Ok(bank)
    }
}

/// A text format's reader: (path, text, id, title, material_exists, skip_unsupported) → the
/// bank and the questions left out.
type TextParser = fn(
    &Path,
    &str,
    &str,
    &str,
    &dyn Fn(&str) -> bool,
    bool,
) -> Result<(Bank, Vec<ImportError>), Vec<ImportError>>;

/// [`load_bank`] on a file, read (at most [`MAX_BANK_BYTES`]); with the hash of its bytes.
pub fn load_bank_file(
    path: &Path,
    opts: &TableOptions,
    material_exists: &dyn Fn(&str) -> bool,
) -> Result<(Bank, String), Vec<ImportError>> {
    let bytes = super::read_limited(path, MAX_BANK_BYTES).map_err(|e| vec![e])?;
    let bank = load_bank(path, &bytes, opts, material_exists)?;
    Ok((bank, super::sha256_hex(&bytes)))
}

/// The kinds of text a bank file may hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TextFormat {
    Table,
    Word,
    Aiken,
    Gift,
    Json,
}

/// What a text file holds, told from its content: a first line naming a bank's columns is a
/// table; then JSON (an array or object), Aiken (`ANSWER:` lines, or `答案：` after unnumbered questions' options), the
/// Word-style format (numbered questions with `答案：` lines), GIFT (answers in braces); else a
/// table (whose missing columns are then reported).
pub fn sniff(text: &str) -> TextFormat {
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("")
        .trim_start_matches('\u{feff}');
    let cells: Vec<String> = first
        .split([',', '\t'])
        .map(|c| c.trim().trim_matches('"').to_string())
        .collect();
    if cells.len() > 1 && super::bank_table::is_bank_header(&cells) {
        TextFormat::Table
    } else if super::bank_json::looks_like_json(text) {
        TextFormat::Json
    } else if super::bank_aiken::looks_like_aiken(text) {
        TextFormat::Aiken
    } else if super::bank_text::looks_like_text_bank(text) {
        TextFormat::Word
    } else if super::bank_gift::looks_like_gift(text) {
        TextFormat::Gift
    } else {
        TextFormat::Table
    }
}

/// A bank id made from a file name that is not one: its ASCII letters and digits in lower
/// case, other characters as `-`, and when the name has characters beyond ASCII (题库2024) six
/// hex digits of its hash, so that each name keeps its own id (`题库.csv` → `bank-1a2b3c`,
/// `题库2024.csv` → `2024-4d5e6f`, `My Bank.csv` → `my-bank`).
pub fn id_from_name(stem: &str) -> String {
    let mut slug = String::new();
    for c in stem.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let mut slug = slug.trim_end_matches('-').to_string();
    slug.truncate(40);
    if stem.is_ascii() && !slug.is_empty() {
        return slug.trim_end_matches('-').to_string();
    }
    let hash = crate::domain::rng::fnv(stem) & 0xff_ffff;
    if slug.is_empty() {
        format!("bank-{hash:06x}")
    } else {
        format!("{}-{hash:06x}", slug.trim_end_matches('-'))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_from_file_names() {
        assert_eq!(id_from_name("My Bank (2)"), "my-bank-2");
        let a = id_from_name("题库");
        assert!(a.starts_with("bank-") && is_valid_id(&a), "{a}");
        assert_ne!(a, id_from_name("题库二"), "each name its own id");
        assert_eq!(a, id_from_name("题库"), "the same name, the same id");
        assert!(id_from_name("题库2024").starts_with("2024-"));
        assert!(is_valid_id(&id_from_name(&"长".repeat(200))));
    }

    #[test]
    fn text_is_told_by_content() {
        assert_eq!(sniff("题型,题干,答案\n单选,x,A\n"), TextFormat::Table);
        assert_eq!(sniff("Grass is green.{T#yes}\n"), TextFormat::Gift);
        assert_eq!(sniff("Q?\nA) a\nB) b\nANSWER: A\n"), TextFormat::Aiken);
        assert_eq!(sniff("1. 题\nA. 甲\n答案：A\n"), TextFormat::Word);
        assert_eq!(sniff("[{\"content\": \"x\"}]"), TextFormat::Json);
    }
}
