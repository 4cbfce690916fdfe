//! `xuexi materials …`

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use super::sha256_hex;
use crate::domain::material::Material;
use crate::i18n::fill;
use crate::import::{ImportError, material};
use crate::service::bootstrap::Env;
use crate::text::width::{fit, width};

#[derive(Serialize)]
struct MaterialRow<'a> {
    id: &'a str,
    title: &'a str,
    column: &'a str,
    source: &'a str,
    date: Option<&'a str>,
    tags: &'a [String],
    summary: &'a str,
    origin: &'static str,
    in_bundle: bool,
    minutes: u32,
    progress: u8,
    read: bool,
}

/// `xuexi materials list [--json]`
pub fn materials_list(env: &Env, json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let store = env.open_store()?;
    let items = store.list_materials()?;
    if json {
        let rows: Vec<MaterialRow<'_>> = items
            .iter()
            .map(|s| MaterialRow {
                id: &s.meta.id,
                title: &s.meta.title,
                column: &s.meta.column,
                source: &s.meta.source,
                date: s.meta.date.as_deref(),
                tags: &s.meta.tags,
                summary: &s.meta.summary,
                origin: s.origin.as_str(),
                in_bundle: s.in_bundle,
                minutes: s.minutes(),
                progress: s.progress.shown_percent(),
                read: s.progress.read,
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = &env.strings;
    let id_w = items
        .iter()
        .map(|m| width(&m.meta.id))
        .chain([width(&s.cli_header_id)])
        .max()
        .unwrap_or(2);
    let col_w = items
        .iter()
        .map(|m| width(&m.meta.column))
        .chain([width(&s.cli_header_column)])
        .max()
        .unwrap_or(4);
    let prog_w = width(&s.cli_header_progress).max(4);
    writeln!(
        out,
        "{}  {}  {}  {}",
        fit(&s.cli_header_id, id_w),
        fit(&s.cli_header_column, col_w),
        fit(&s.cli_header_progress, prog_w),
        s.cli_header_title
    )?;
    for m in &items {
        let pct = format!("{}%", m.progress.shown_percent());
        writeln!(
            out,
            "{}  {}  {}{}  {}",
            fit(&m.meta.id, id_w),
            fit(&m.meta.column, col_w),
            " ".repeat(prog_w.saturating_sub(width(&pct))),
            pct,
            m.meta.title
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi materials import PATH...`: every file is validated first; then all are imported in
/// one transaction, or none.
pub fn materials_import(
    env: &Env,
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let mut errors: Vec<ImportError> = Vec::new();
    let mut files = Vec::new();
    for p in paths {
        match material::collect_files(std::slice::from_ref(p)) {
            Ok(mut f) => files.append(&mut f),
            Err(e) => errors.push(e),
        }
    }
    let mut parsed: Vec<(PathBuf, Material, String)> = Vec::new();
    for f in &files {
        let result = crate::import::read_limited(f, material::MAX_FILE_BYTES).and_then(|bytes| {
            let m = material::parse_material_bytes(f, &bytes)?;
            Ok((m, sha256_hex(&bytes)))
        });
        match result {
            Ok((m, hash)) => parsed.push((f.clone(), m, hash)),
            Err(e) => errors.push(e),
        }
    }
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    for (path, m, _) in &parsed {
        if let Some(first) = seen.insert(&m.meta.id, path) {
            errors.push(ImportError::DuplicateId {
                id: m.meta.id.clone(),
                first: first.clone(),
                second: path.clone(),
            });
        }
    }
    let mut store = if errors.is_empty() {
        Some(env.open_store_for_writing()?)
    } else {
        None
    };
    if let Some(store) = &store {
        let bundled = store.bundled_ids()?;
        for (path, m, _) in &parsed {
            if bundled.contains(&m.meta.id) {
                errors.push(ImportError::file(
                    path,
                    format!(
                        "id `{}` belongs to a material bundled with xuexi; give yours another id",
                        m.meta.id
                    ),
                ));
            }
        }
    }
    if files.is_empty() && errors.is_empty() {
        errors.push(ImportError::file(
            &paths[0],
            "no material files (*.md) found here",
        ));
    }
    if !errors.is_empty() {
        for e in &errors {
            writeln!(err, "{}: {e}", env.strings.error_prefix)?;
        }
        writeln!(
            err,
            "{}",
            fill(&env.strings.cli_errors, &[("n", &errors.len())])
        )?;
        return Ok(ExitCode::FAILURE);
    }
    let Some(store) = store.as_mut() else {
        // unreachable: the store was opened because there were no errors
        return Ok(ExitCode::FAILURE);
    };
    let items: Vec<(Material, String)> = parsed.into_iter().map(|(_, m, h)| (m, h)).collect();
    let report = store.import_user(&items, jiff::Timestamp::now())?;
    writeln!(
        out,
        "{}",
        fill(
            &env.strings.cli_imported,
            &[
                ("n", &items.len()),
                ("added", &report.added),
                ("updated", &report.updated),
                ("unchanged", &report.unchanged),
            ]
        )
    )?;
    Ok(ExitCode::SUCCESS)
}
