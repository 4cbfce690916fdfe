//! Material files: Markdown with TOML front matter between `+++` lines.
//!
//! ```text
//! +++
//! id = "xuzhou-sixue-jizhi"        # required, [a-z0-9-]
//! title = "徐州：建立健全“四学机制”…" # required
//! column = "经验交流"
//! source = "徐州市委理论学习中心组"
//! date = 2020-02-05                # or "2020-02-05"
//! tags = ["中心组学习"]
//! summary = "…"
//! +++
//! Markdown body…
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::{ImportError, Msg, line_col, msg};
use crate::domain::material::{Material, Meta, is_valid_id};
use crate::text::sanitize::{sanitize, sanitize_line};

/// Files larger than this are refused (by `materials import` and in a pack alike).
pub const MAX_FILE_BYTES: u64 = super::limits::MATERIAL_BYTES;

/// The keys a front matter may and must have.
const SHAPE: super::toml_keys::Shape = super::toml_keys::Shape {
    top: super::toml_keys::TableShape {
        allowed: &["id", "title", "column", "source", "date", "tags", "summary"],
        required: &["id", "title"],
    },
    tables: &[],
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FrontMatter {
    id: Spanned<String>,
    title: Spanned<String>,
    #[serde(default)]
    column: String,
    #[serde(default)]
    source: String,
    date: Option<Spanned<toml::Value>>,
    #[serde(default)]
    tags: Vec<String>,
    #[serde(default)]
    summary: String,
}

/// Reads and parses one material file, with the size limit.
pub fn read_material(path: &Path) -> Result<Material, ImportError> {
    let bytes = super::read_limited(path, MAX_FILE_BYTES)?;
    parse_material_bytes(path, &bytes)
}

/// Parses a material from raw bytes (UTF-8, with or without BOM).
pub fn parse_material_bytes(path: &Path, bytes: &[u8]) -> Result<Material, ImportError> {
    parse_material_bytes_all(path, bytes).map_err(|mut e| e.remove(0))
}

/// [`parse_material_bytes`] with every problem of the file.
pub fn parse_material_bytes_all(path: &Path, bytes: &[u8]) -> Result<Material, Vec<ImportError>> {
    let text = super::decode_utf8(path, bytes).map_err(|e| vec![e])?;
    parse_material_all(path, text)
}

/// Parses a material from text. Every error names the file, line and column.
pub fn parse_material(path: &Path, text: &str) -> Result<Material, ImportError> {
    parse_material_all(path, text).map_err(|mut e| e.remove(0))
}

/// [`parse_material`] with every problem of the file (an id, a title, a date and an empty text
/// all wrong are four problems; one that stops the reading — no front matter — is one).
pub fn parse_material_all(path: &Path, text: &str) -> Result<Material, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let at = |offset: usize, message: Msg| {
        let (line, col) = line_col(text, offset);
        ImportError::at(path, line, col, message)
    };
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "+++" {
        return Err(vec![at(0, msg("material_start"))]);
    }
    let fm_start = first.len();
    let mut pos = fm_start;
    let mut fm_end = None;
    for line in lines {
        if line.trim_end() == "+++" {
            fm_end = Some((pos, pos + line.len()));
            break;
        }
        pos += line.len();
    }
    let Some((fm_end, body_start)) = fm_end else {
        return Err(vec![at(0, msg("material_unclosed"))]);
    };
    let fm_text = &text[fm_start..fm_end];
    // every unknown and missing key at once, placed in the whole file (the front matter
    // starts on line 2)
    let keys = super::toml_keys::key_problems(path, fm_text, &SHAPE);
    if !keys.is_empty() {
        let below = |e: ImportError| match e {
            ImportError::At {
                path,
                line,
                col,
                message,
            } => ImportError::At {
                path,
                line: line + 1,
                col,
                message,
            },
            other => other,
        };
        return Err(keys.into_iter().map(below).collect());
    }
    let fm: FrontMatter = toml::from_str(fm_text).map_err(|e| {
        let offset = fm_start + e.span().map_or(0, |s| s.start);
        vec![at(offset, super::toml_problem(e.message()))]
    })?;
    let mut errors = Vec::new();

    let id_at = fm_start + fm.id.span().start;
    let id = fm.id.into_inner();
    if !is_valid_id(&id) {
        errors.push(at(id_at, msg("material_id_invalid").arg("id", &id)));
    }
    let title_at = fm_start + fm.title.span().start;
    let title = sanitize_line(fm.title.get_ref());
    if title.is_empty() {
        errors.push(at(title_at, msg("material_no_title")));
    }
    let date = match fm.date {
        None => None,
        Some(d) => {
            let d_at = fm_start + d.span().start;
            let parsed = parse_date(d.get_ref());
            if parsed.is_none() {
                errors.push(at(d_at, msg("material_date")));
            }
            parsed
        }
    };
    let body = sanitize(&text[body_start..]);
    if body.trim().is_empty() {
        errors.push(at(body_start, msg("material_no_text")));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Material {
        meta: Meta {
            id,
            title,
            column: sanitize_line(&fm.column),
            source: sanitize_line(&fm.source),
            date,
            tags: fm
                .tags
                .iter()
                .map(|t| sanitize_line(t))
                .filter(|t| !t.is_empty())
                .collect(),
            summary: sanitize_line(&fm.summary),
        },
        body: body.trim_start_matches('\n').to_string(),
    })
}

fn parse_date(v: &toml::Value) -> Option<String> {
    let s = match v {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => d.to_string(),
        _ => return None,
    };
    let date: jiff::civil::Date = s.parse().ok()?;
    // jiff accepts a few other spellings; keep only the one we document
    (date.to_string() == s).then_some(s)
}

/// toml's message without its own location lines (we give ours).
/// Every material file under `paths`: folders are walked for `*.md` (sorted), files are taken
/// as they are. A missing path is an error naming it.
pub fn collect_files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, ImportError> {
    let mut out = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p).map_err(|e| ImportError::io(p, &e))?;
        if meta.is_dir() {
            walk(p, &mut out)?;
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<(), ImportError> {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| ImportError::io(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            walk(&p, out)?;
        } else if p.extension().is_some_and(|e| e.eq_ignore_ascii_case("md")) {
            out.push(p);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Material, ImportError> {
        parse_material(Path::new("m.md"), s)
    }

    #[test]
    fn parses_front_matter_and_body() {
        let m = parse(
            "+++\nid = \"a-1\"\ntitle = \"标题\"\ncolumn = \"学习动态\"\ndate = 2020-02-05\ntags = [\"甲\"]\n+++\n\n正文\n",
        )
        .unwrap();
        assert_eq!(m.meta.id, "a-1");
        assert_eq!(m.meta.date.as_deref(), Some("2020-02-05"));
        assert_eq!(m.meta.tags, ["甲"]);
        assert_eq!(m.body, "正文\n");
    }

    #[test]
    fn date_as_string_is_accepted_and_checked() {
        let ok =
            parse("+++\nid = \"a\"\ntitle = \"t\"\ndate = \"2020-02-05\"\n+++\n正文\n").unwrap();
        assert_eq!(ok.meta.date.as_deref(), Some("2020-02-05"));
        let e = parse("+++\nid = \"a\"\ntitle = \"t\"\ndate = \"2020-2-5\"\n+++\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "m.md:4:8: date must be a date written YYYY-MM-DD"
        );
    }

    #[test]
    fn errors_carry_line_and_column() {
        let e = parse("+++\nid = \"a\"\ntitle = \"t\"\nauthor = \"x\"\n+++\n").unwrap_err();
        let s = e.to_string();
        assert!(s.starts_with("m.md:4:1: "), "{s}");
        assert!(s.contains("author"), "{s}");

        let e = parse("+++\nid = \"A B\"\ntitle = \"t\"\n+++\n").unwrap_err();
        assert!(e.to_string().starts_with("m.md:2:6: id `A B`"), "{e}");

        let e = parse("+++\ntitle = \"t\"\n+++\n").unwrap_err();
        assert!(e.to_string().contains("id"), "{e}");

        let e = parse("no front matter").unwrap_err();
        assert!(e.to_string().starts_with("m.md:1:1: "), "{e}");

        let e = parse("+++\nid = \"a\"\n").unwrap_err();
        assert!(e.to_string().contains("not closed"), "{e}");

        let e = parse("+++\nid = \"a\"\ntitle = \n+++\n").unwrap_err();
        assert!(e.to_string().starts_with("m.md:3:"), "{e}");
    }

    #[test]
    fn untrusted_text_is_cleaned() {
        let m = parse("\u{feff}+++\r\nid = \"a\"\r\ntitle = \"t\\u001b[2J\u{202e}x\"\r\n+++\r\n正文\u{1b}]0;x\u{7}\r\n")
            .unwrap();
        assert_eq!(m.meta.title, "tx", "the whole escape sequence goes");
        assert_eq!(m.body, "正文\n");
    }
}
