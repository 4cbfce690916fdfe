//! Reading user and bundled files into domain types. One file per input format; every error
//! names the file, and the line and column where it can.

pub mod answer_text;
pub mod bank;
pub mod bank_aiken;
pub mod bank_gift;
pub mod bank_json;
pub mod bank_load;
pub mod bank_table;
pub mod bank_text;
pub mod bank_toml;
pub mod limits;
pub mod material;
pub mod pack;
pub mod plan;
pub mod question;
mod raw_text;
mod text_bank;
pub mod toml_keys;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::i18n::Strings;
pub use crate::i18n::{Msg, msg};
use crate::text::sanitize::sanitize_line;

/// A problem in a file a trainer gave, located: kept as data ([`Msg`]) and put into words in
/// the reader's language by [`ImportError::render`] (`Display` is English, for logs). Every
/// part is cleaned when shown: paths are names a trainer chose and messages may quote a file's
/// text, so neither may carry controls or escapes to the terminal.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportError {
    /// A problem at a place in a file.
    At {
        path: PathBuf,
        line: usize,
        col: usize,
        message: Msg,
    },
    /// A problem in a spreadsheet cell (CSV or .xlsx): row numbers count the header as row 1.
    Cell {
        path: PathBuf,
        row: usize,
        column: String,
        message: Msg,
    },
    /// A problem with a whole file (missing, unreadable, too large).
    File { path: PathBuf, message: Msg },
    /// Two files give the same id.
    DuplicateId {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },
}

impl std::error::Error for ImportError {}

impl std::fmt::Display for ImportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Strings::english()))
    }
}

/// A path as it may be shown on a terminal.
pub fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string())
}

impl ImportError {
    /// What is said (none for two files giving the same id).
    pub fn message(&self) -> Option<&Msg> {
        match self {
            ImportError::At { message, .. }
            | ImportError::Cell { message, .. }
            | ImportError::File { message, .. } => Some(message),
            ImportError::DuplicateId { .. } => None,
        }
    }

    /// A note on how a file was read (its key starts `note_`), not a question left out.
    pub fn is_note(&self) -> bool {
        self.message().is_some_and(|m| m.key.starts_with("note_"))
    }

    /// In the words of `s`: where, then what.
    pub fn render(&self, s: &Strings) -> String {
        match self {
            ImportError::At {
                path,
                line,
                col,
                message,
            } => s.problem(
                &msg("at")
                    .arg("path", shown(path))
                    .arg("line", line)
                    .arg("col", col)
                    .arg("message", s.problem(message)),
            ),
            ImportError::Cell {
                path,
                row,
                column,
                message,
            } => s.problem(
                &msg("cell")
                    .arg("path", shown(path))
                    .arg("row", row)
                    .arg("column", column)
                    .arg("message", s.problem(message)),
            ),
            ImportError::File { path, message } => s.problem(
                &msg("file")
                    .arg("path", shown(path))
                    .arg("message", s.problem(message)),
            ),
            ImportError::DuplicateId { id, first, second } => s.problem(
                &msg("duplicate_file_id")
                    .arg("id", id)
                    .arg("first", shown(first))
                    .arg("second", shown(second)),
            ),
        }
    }

    pub fn at(path: &Path, line: usize, col: usize, message: Msg) -> Self {
        ImportError::At {
            path: path.to_path_buf(),
            line,
            col,
            message,
        }
    }

    pub fn file(path: &Path, message: Msg) -> Self {
        ImportError::File {
            path: path.to_path_buf(),
            message,
        }
    }

    pub fn io(path: &Path, e: &std::io::Error) -> Self {
        ImportError::file(path, crate::i18n::io_problem(path, e))
    }
}

pub use crate::i18n::toml_problem;

pub use crate::text::line_col;

/// Reads a whole file, refusing one over `max` bytes before reading it.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| ImportError::io(path, &e))?;
    let len = file
        .metadata()
        .map_err(|e| ImportError::io(path, &e))?
        .len();
    limits::check_len(path, len, max)?;
    let mut bytes = Vec::with_capacity(len as usize);
    // take(max + 1): a file that grows while we read is still caught
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::io(path, &e))?;
    if bytes.len() as u64 > max {
        return Err(ImportError::file(path, msg("file_grew")));
    }
    Ok(bytes)
}

/// Decodes UTF-8, naming the line and column of the first invalid byte.
pub fn decode_utf8<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, ImportError> {
    std::str::from_utf8(bytes).map_err(|e| {
        let good = &bytes[..e.valid_up_to()];
        // valid_up_to is a char boundary, so this cannot fail; fall back to 1:1 all the same
        let text = std::str::from_utf8(good).unwrap_or("");
        let (line, col) = line_col(text, text.len());
        ImportError::at(path, line, col, msg("not_utf8"))
    })
}

/// Hex SHA-256 of a file's bytes: what tells a changed file from an unchanged one.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::text::hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let t = "ab\n学习x\n";
        assert_eq!(line_col(t, 0), (1, 1));
        assert_eq!(line_col(t, 3), (2, 1));
        assert_eq!(line_col(t, 3 + 6), (2, 3));
        assert_eq!(line_col(t, 4), (2, 1), "inside a character rounds down");
    }

    #[test]
    fn invalid_utf8_is_located() {
        let e = decode_utf8(Path::new("x.md"), b"ok\n\xe5\xad\xa6\xff").unwrap_err();
        assert_eq!(e.to_string(), "x.md:2:2: the file is not valid UTF-8 text");
    }
}
