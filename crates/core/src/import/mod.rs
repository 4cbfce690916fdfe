//! Reading user and bundled files into domain types. One file per input format; every error
//! names the file, and the line and column where it can.

pub mod bank;
pub mod bank_table;
pub mod bank_text;
pub mod bank_toml;
pub mod material;
pub mod plan;

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::text::sanitize::sanitize_line;

/// Every part of a message is cleaned when shown (`shown`, `sanitize_line`): paths are file
/// names a trainer chose and messages may quote a file's text, so neither may carry controls
/// or escapes to the terminal, whatever the code that made the error forgot.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImportError {
    /// A problem at a place in a file.
    #[error("{}:{line}:{col}: {}", shown(path), sanitize_line(message))]
    At {
        path: PathBuf,
        line: usize,
        col: usize,
        message: String,
    },
    /// A problem in a spreadsheet cell (CSV or .xlsx): row numbers count the header as row 1.
    #[error(
        "{}:row {row}, column {}: {}",
        shown(path),
        sanitize_line(column),
        sanitize_line(message)
    )]
    Cell {
        path: PathBuf,
        row: usize,
        column: String,
        message: String,
    },
    /// A problem with a whole file (missing, unreadable, too large).
    #[error("{}: {}", shown(path), sanitize_line(message))]
    File { path: PathBuf, message: String },
    /// Two files give the same id.
    #[error(
        "{}: id `{}` is also used by {}",
        shown(second),
        sanitize_line(id),
        shown(first)
    )]
    DuplicateId {
        id: String,
        first: PathBuf,
        second: PathBuf,
    },
}

/// A path as it may be shown on a terminal.
pub fn shown(path: &Path) -> String {
    sanitize_line(&path.display().to_string())
}

impl ImportError {
    pub fn at(path: &Path, line: usize, col: usize, message: String) -> Self {
        ImportError::At {
            path: path.to_path_buf(),
            line,
            col,
            message,
        }
    }

    pub fn file(path: &Path, message: impl Into<String>) -> Self {
        ImportError::File {
            path: path.to_path_buf(),
            message: message.into(),
        }
    }

    pub fn io(path: &Path, e: &std::io::Error) -> Self {
        let message = match e.kind() {
            std::io::ErrorKind::NotFound => "no such file or folder".to_string(),
            std::io::ErrorKind::PermissionDenied => "permission denied".to_string(),
            _ => sanitize_line(&e.to_string()),
        };
        ImportError::file(path, message)
    }
}

pub use crate::text::line_col;

/// Reads a whole file, refusing one over `max` bytes before reading it.
pub fn read_limited(path: &Path, max: u64) -> Result<Vec<u8>, ImportError> {
    let file = std::fs::File::open(path).map_err(|e| ImportError::io(path, &e))?;
    let len = file
        .metadata()
        .map_err(|e| ImportError::io(path, &e))?
        .len();
    if len > max {
        return Err(ImportError::file(
            path,
            format!(
                "file is {} bytes; the limit is {} MB",
                len,
                max / (1024 * 1024)
            ),
        ));
    }
    let mut bytes = Vec::with_capacity(len as usize);
    // take(max + 1): a file that grows while we read is still caught
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| ImportError::io(path, &e))?;
    if bytes.len() as u64 > max {
        return Err(ImportError::file(path, "file is larger than the limit"));
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
        ImportError::at(path, line, col, "the file is not valid UTF-8 text".into())
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
