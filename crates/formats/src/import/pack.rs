//! Study packs (学习包): a trainer's materials, banks and plans (and their images) in one zip
//! with a `pack.toml` manifest — the pack's id, title, version, publisher and the day it was
//! built, and every file with its SHA-256 and size.
//!
//! ```text
//! pack.toml
//! materials/*.md
//! banks/*.toml|csv|tsv|txt|gift|xlsx|xls|ods (with banks/<bank>-试卷.csv beside a CSV)
//! plans/*.toml
//! images/*.png|jpg|jpeg|gif|webp|svg
//! ```
//!
//! Reading a pack trusts nothing in it: a path that leaves the pack (`../`, absolute, a drive),
//! a symbolic link, a file not in the manifest or whose hash differs, more than
//! [`MAX_ENTRIES`] files or more than [`MAX_UNPACKED`] bytes unpacked (counted while reading,
//! not from the sizes the zip claims) — each refuses the whole pack.

use std::cmp::Ordering;
use std::io::{Cursor, Read, Write};
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{ImportError, line_col, msg};
use crate::text::sanitize::sanitize_line;

/// The manifest's name inside a pack (and beside the folders a trainer builds from).
pub const MANIFEST: &str = "pack.toml";
/// A pack file on disk is read up to this size.
pub const MAX_PACK_BYTES: u64 = super::limits::PACK_BYTES;
/// What a pack may unpack to, in all.
pub const MAX_UNPACKED: u64 = super::limits::PACK_UNPACKED;
/// One file of a pack, unpacked (each then held to its kind's limit, [`super::limits`]).
pub const MAX_FILE: u64 = super::limits::PACK_FILE;
/// Files in a pack.
pub const MAX_ENTRIES: usize = super::limits::PACK_ENTRIES;

/// What a file of a pack is, by its folder and extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Material,
    Bank,
    Plan,
    Image,
}

/// The part a pack path (`banks/冬训.xlsx`) is, or `None` for a path a pack may not hold.
pub fn part_of(rel: &str) -> Option<Part> {
    let (folder, rest) = rel.split_once('/')?;
    if rest.is_empty()
        || rel.contains('\\')
        || rel
            .split('/')
            .any(|c| c.is_empty() || c == "." || c == ".." || c.contains(':'))
    {
        return None;
    }
    let ext = rest
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    let part = match folder {
        "materials" => Part::Material,
        "banks" => Part::Bank,
        "plans" => Part::Plan,
        "images" => Part::Image,
        _ => return None,
    };
    let ok = match part {
        Part::Material => ext == "md",
        Part::Bank => [
            "toml", "csv", "tsv", "txt", "gift", "xlsx", "xlsm", "xls", "ods",
        ]
        .contains(&ext.as_str()),
        Part::Plan => ext == "toml",
        Part::Image => ["png", "jpg", "jpeg", "gif", "webp", "svg"].contains(&ext.as_str()),
    };
    ok.then_some(part)
}

/// The pack's own fields (the `[pack]` table).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackHead {
    pub id: String,
    pub title: String,
    /// `1`, `2.1`, `2026.3`: compared number by number.
    pub version: String,
    /// Who hands it out: a branch (支部) or a trainer (培训员).
    pub publisher: String,
    /// The day it was built (`pack build` sets it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub created: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
}

/// One file of a pack, as the manifest lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackFile {
    pub path: String,
    pub sha256: String,
    pub size: u64,
}

/// The id and title of a spreadsheet or text bank of the pack (what `--id`/`--title` give on
/// the command line): `[[banks]] file = "banks/冬训.xlsx"`, `id = "dongxun"`, `title = "…"`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BankEntry {
    pub file: String,
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// 封存: the bank is sealed (a spreadsheet's way to say `sealed = true`). A built pack
    /// marks every sealed bank so, its file the copy without answers and explanations.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sealed: bool,
}

/// A pack's `pack.toml`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub pack: PackHead,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub banks: Vec<BankEntry>,
    #[serde(default)]
    pub files: Vec<PackFile>,
}

const SHAPE: super::toml_keys::Shape = super::toml_keys::Shape {
    top: super::toml_keys::TableShape {
        allowed: &["pack", "banks", "files"],
        required: &["pack"],
    },
    tables: &[
        (
            "pack",
            super::toml_keys::TableShape {
                allowed: &[
                    "id",
                    "title",
                    "version",
                    "publisher",
                    "created",
                    "description",
                ],
                required: &["id", "title", "version", "publisher"],
            },
        ),
        (
            "banks",
            super::toml_keys::TableShape {
                allowed: &["file", "id", "title", "sheet", "sealed"],
                required: &["file", "id"],
            },
        ),
        (
            "files",
            super::toml_keys::TableShape {
                allowed: &["path", "sha256", "size"],
                required: &["path", "sha256", "size"],
            },
        ),
    ],
};

/// Reads a `pack.toml` (a trainer's, with `[pack]` only, or a built pack's, with its files):
/// every key problem in one run, the values checked.
pub fn parse_manifest(path: &Path, text: &str) -> Result<Manifest, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let keys = super::toml_keys::key_problems(path, text, &SHAPE);
    if !keys.is_empty() {
        return Err(keys);
    }
    let m: Manifest = toml::from_str(text).map_err(|e| {
        let (l, c) = line_col(text, e.span().map_or(0, |s| s.start));
        vec![ImportError::at(
            path,
            l,
            c,
            crate::i18n::toml_problem(e.message()),
        )]
    })?;
    let mut errors = Vec::new();
    if !crate::domain::material::is_valid_id(&m.pack.id) {
        errors.push(ImportError::file(
            path,
            msg("pack_id_invalid").arg("id", &m.pack.id),
        ));
    }
    if m.pack.title.trim().is_empty() {
        errors.push(ImportError::file(path, msg("pack_no_title")));
    }
    if version_parts(&m.pack.version).is_none() {
        errors.push(ImportError::file(
            path,
            msg("pack_version").arg("version", &m.pack.version),
        ));
    }
    if m.pack.publisher.trim().is_empty() {
        errors.push(ImportError::file(path, msg("pack_no_publisher")));
    }
    if errors.is_empty() {
        Ok(Manifest {
            pack: PackHead {
                id: m.pack.id.trim().to_string(),
                title: sanitize_line(m.pack.title.trim()),
                version: m.pack.version.trim().to_string(),
                publisher: sanitize_line(m.pack.publisher.trim()),
                created: sanitize_line(m.pack.created.trim()),
                description: sanitize_line(m.pack.description.trim()),
            },
            banks: m.banks,
            files: m.files,
        })
    } else {
        Err(errors)
    }
}

/// The manifest as TOML.
pub fn manifest_text(m: &Manifest) -> String {
    // plain structs of strings and numbers always serialize
    toml::to_string_pretty(m).unwrap_or_default()
}

fn version_parts(v: &str) -> Option<Vec<u64>> {
    let v = v.trim();
    if v.is_empty() {
        return None;
    }
    v.split('.').map(|p| p.trim().parse::<u64>().ok()).collect()
}

/// Compares two versions number by number (`1.10` is after `1.9`; `2` equals `2.0`).
pub fn version_cmp(a: &str, b: &str) -> Ordering {
    let (mut a, mut b) = (
        version_parts(a).unwrap_or_default(),
        version_parts(b).unwrap_or_default(),
    );
    let n = a.len().max(b.len());
    a.resize(n, 0);
    b.resize(n, 0);
    a.cmp(&b)
}

/// Writes a pack: the manifest first, then the files in the manifest's order, deflated.
pub fn write_pack(manifest: &Manifest, files: &[(String, Vec<u8>)]) -> std::io::Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .unix_permissions(0o644);
    let io = |e: zip::result::ZipError| std::io::Error::other(e.to_string());
    zip.start_file(MANIFEST, options).map_err(io)?;
    zip.write_all(manifest_text(manifest).as_bytes())?;
    for (path, bytes) in files {
        zip.start_file(path.as_str(), options).map_err(io)?;
        zip.write_all(bytes)?;
    }
    Ok(zip.finish().map_err(io)?.into_inner())
}

/// SHA-256 of `bytes`, as hex.
pub fn sha256(bytes: &[u8]) -> String {
    super::sha256_hex(bytes)
}

/// A pack's files: (path in the pack, bytes).
pub type PackFiles = Vec<(String, Vec<u8>)>;

/// A zip that cannot be read, in the member's words (the zip crate's English goes to the log).
fn not_zip(path: &Path, e: &dyn std::fmt::Display) -> crate::i18n::Msg {
    tracing::warn!("{}: {e}", path.display());
    msg("pack_not_zip")
}

/// Reads and checks a pack's bytes: its manifest and its files (in the manifest's order),
/// or every reason it is refused. Nothing is written anywhere.
pub fn read_pack(path: &Path, bytes: &[u8]) -> Result<(Manifest, PackFiles), Vec<ImportError>> {
    let refuse = |m: crate::i18n::Msg| vec![ImportError::file(path, m)];
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| refuse(not_zip(path, &e)))?;
    if zip.len() > MAX_ENTRIES {
        return Err(refuse(msg("pack_too_many").arg("max", MAX_ENTRIES)));
    }
    let mut errors = Vec::new();
    let mut manifest_text = None;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut unpacked: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = match zip.by_index(i) {
            Ok(e) => e,
            Err(e) => return Err(refuse(not_zip(path, &e))),
        };
        let name = entry
            .name()
            .map(|n| n.to_string())
            .unwrap_or_else(|_| "?".into());
        if entry.is_dir() {
            continue;
        }
        if entry.is_symlink() {
            errors.push(ImportError::file(
                path,
                msg("pack_symlink").arg("name", &name),
            ));
            continue;
        }
        if name != MANIFEST && part_of(&name).is_none() {
            errors.push(ImportError::file(
                path,
                msg("pack_bad_path").arg("name", &name),
            ));
            continue;
        }
        // counted as it is read: a zip's own sizes may lie
        let room = (MAX_UNPACKED - unpacked).min(MAX_FILE);
        let mut data = Vec::new();
        if let Err(e) = (&mut entry).take(room + 1).read_to_end(&mut data) {
            return Err(refuse(not_zip(path, &e)));
        }
        if data.len() as u64 > room {
            return Err(refuse(
                msg("pack_too_big").arg("mb", MAX_UNPACKED / 1024 / 1024),
            ));
        }
        unpacked += data.len() as u64;
        if name == MANIFEST {
            manifest_text = Some(data);
        } else {
            files.push((name, data));
        }
    }
    let Some(text) = manifest_text else {
        errors.push(ImportError::file(path, msg("pack_no_manifest")));
        return Err(errors);
    };
    let shown = path.join(MANIFEST);
    let text = super::decode_utf8(&shown, &text).map_err(|e| vec![e])?;
    let manifest = match parse_manifest(&shown, text) {
        Ok(m) => m,
        Err(mut e) => {
            errors.append(&mut e);
            return Err(errors);
        }
    };
    // every file listed, unchanged; nothing unlisted
    let mut ordered = Vec::new();
    for f in &manifest.files {
        match files.iter().position(|(n, _)| *n == f.path) {
            None => errors.push(ImportError::file(
                path,
                msg("pack_missing_file").arg("name", &f.path),
            )),
            Some(i) => {
                let (name, data) = files.swap_remove(i);
                if sha256(&data) != f.sha256.to_ascii_lowercase() || data.len() as u64 != f.size {
                    errors.push(ImportError::file(path, msg("pack_hash").arg("name", &name)));
                } else {
                    ordered.push((name, data));
                }
            }
        }
    }
    for (name, _) in &files {
        errors.push(ImportError::file(
            path,
            msg("pack_unlisted").arg("name", name),
        ));
    }
    if errors.is_empty() {
        Ok((manifest, ordered))
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
