//! What every parser, the sanitizer and the wrapper must hold on any input, as plain functions
//! so the property tests (tests/it/parser_props.rs) and the fuzz targets (fuzz/fuzz_targets/)
//! check the same things: no panic (the caller sees one), every error names the file with a
//! place, and nothing that comes out carries a control, escape or bidi character.
//! Each returns the first broken promise as a message.

use std::path::Path;

use xuexi::import::ImportError;
use xuexi::text::sanitize::{is_forbidden, sanitize};

fn clean(s: &str) -> bool {
    !s.chars().any(is_forbidden)
}

fn ensure(ok: bool, what: impl FnOnce() -> String) -> Result<(), String> {
    if ok { Ok(()) } else { Err(what()) }
}

/// An error is `file:line:col: …` (or `file: …` for whole-file ones) and clean.
fn error_ok(file: &str, e: &impl std::fmt::Display) -> Result<(), String> {
    let e = e.to_string();
    ensure(e.starts_with(&format!("{file}:")) && clean(&e), || {
        format!("bad error: {e:?}")
    })
}

fn errors_ok(file: &str, errs: &[ImportError]) -> Result<(), String> {
    ensure(!errs.is_empty(), || "an Err with no errors".into())?;
    errs.iter().try_for_each(|e| error_ok(file, e))
}

/// The bytes as UTF-8 text, as the app decodes a TOML file; when they are not, the check of
/// the error that names the place (to be returned as the result).
fn decoded<'a>(file: &str, bytes: &'a [u8]) -> Result<&'a str, Result<(), String>> {
    xuexi::import::decode_utf8(Path::new(file), bytes).map_err(|e| error_ok(file, &e))
}

/// Front matter + Markdown, from raw bytes as a file is read.
pub fn material(bytes: &[u8]) -> Result<(), String> {
    match xuexi::import::material::parse_material_bytes(Path::new("m.md"), bytes) {
        Ok(m) => ensure(
            clean(&m.meta.title) && clean(&m.meta.column) && clean(&m.body),
            || format!("unclean material: {:?}", m.meta.title),
        ),
        Err(e) => error_ok("m.md", &e),
    }
}

/// A TOML bank, from raw bytes.
pub fn bank_toml(bytes: &[u8]) -> Result<(), String> {
    let path = Path::new("b.toml");
    let text = match decoded("b.toml", bytes) {
        Ok(t) => t,
        Err(r) => return r,
    };
    match xuexi::import::bank_toml::parse_bank_toml(path, text, &|_| true) {
        Ok(b) => ensure(
            clean(&b.title)
                && b.questions.iter().all(|q| {
                    clean(&q.stem) && clean(&q.explanation) && q.options.iter().all(|o| clean(o))
                }),
            || format!("unclean bank: {:?}", b.title),
        ),
        Err(errs) => errors_ok("b.toml", &errs),
    }
}

/// A CSV bank, from raw bytes (UTF-8 or GBK, as spreadsheets save them).
pub fn bank_csv(bytes: &[u8]) -> Result<(), String> {
    let path = Path::new("b.csv");
    let result = xuexi::import::bank_table::csv_rows(path, bytes)
        .map_err(|e| vec![e])
        .and_then(|rows| {
            xuexi::import::bank_table::bank_from_rows(path, &rows, "b", "题库", &|_| true)
        });
    match result {
        Ok(b) => ensure(
            b.questions
                .iter()
                .all(|q| clean(&q.stem) && q.options.iter().all(|o| clean(o))),
            || "unclean CSV question".into(),
        ),
        Err(errs) => errors_ok("b.csv", &errs),
    }
}

/// A bank file of any text format, from raw bytes, by the reader its name and content choose
/// (`b.txt`: Aiken, Word-style, GIFT or a table; `b.gift`; `b.json`).
#[allow(dead_code)] // the fuzz targets use some of these checks, the property tests all
pub fn bank_file(name: &str, bytes: &[u8]) -> Result<(), String> {
    let opts = xuexi::import::bank::TableOptions {
        id: Some("b".into()),
        ..Default::default()
    };
    match xuexi::import::bank::load_bank(Path::new(name), bytes, &opts, &|_| true) {
        Ok(b) => ensure(
            b.questions.iter().all(|q| {
                clean(&q.stem) && clean(&q.explanation) && q.options.iter().all(|o| clean(o))
            }),
            || format!("unclean {name} question"),
        ),
        Err(errs) => errors_ok(name, &errs),
    }
}

/// A study plan, from raw bytes.
pub fn plan(bytes: &[u8]) -> Result<(), String> {
    let path = Path::new("p.toml");
    let text = match decoded("p.toml", bytes) {
        Ok(t) => t,
        Err(r) => return r,
    };
    let refs = xuexi::import::plan::Refs::default();
    match xuexi::import::plan::parse_plan(path, text, &refs) {
        Ok(p) => ensure(
            clean(&p.title) && p.items.iter().all(|i| clean(&i.title)),
            || format!("unclean plan: {:?}", p.title),
        ),
        Err(errs) => errors_ok("p.toml", &errs),
    }
}

/// The config file.
pub fn config(text: &str) -> Result<(), String> {
    match xuexi::config::Config::parse(Path::new("c.toml"), text) {
        Ok(_) => Ok(()),
        Err(e) => error_ok("c.toml", &e),
    }
}

/// The sanitizer: clean, and a second pass changes nothing.
pub fn sanitizer(text: &str) -> Result<(), String> {
    let once = sanitize(text);
    ensure(clean(&once), || format!("unclean: {once:?}"))?;
    let twice = sanitize(&once);
    ensure(twice == once, || {
        format!("not idempotent: {once:?} → {twice:?}")
    })
}

/// The wrapper on sanitized text: no line wider than asked (at least 2 columns, the width of
/// one wide character) but a single grapheme wider than that alone on its line, and no text
/// lost but the spaces a break swallows.
pub fn wrapper(text: &str, width: usize) -> Result<(), String> {
    use unicode_segmentation::UnicodeSegmentation;
    let width = width.clamp(2, 400);
    let text = sanitize(text);
    let lines = xuexi::text::wrap::wrap_str(&text, width);
    for line in &lines {
        let w = xuexi::text::width::width(line);
        let alone = line.graphemes(true).count() == 1;
        ensure(w <= width || alone, || {
            format!("line of {w} columns at width {width}: {line:?}")
        })?;
    }
    let kept: String = lines
        .concat()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    let given: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    ensure(kept == given, || {
        format!("text changed: {given:?} → {kept:?}")
    })
}
