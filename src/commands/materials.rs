//! `xuexi materials …`

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde::Serialize;

use crate::i18n::fill;
use crate::service::bootstrap::Env;
use crate::service::import;
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
    if json {
        // written as they are read, one row at a time: an archive of any size lists in the
        // same memory
        let mut first = true;
        let mut failed: Option<std::io::Error> = None;
        write!(out, "[")?;
        store.each_material(|s| {
            let row = MaterialRow {
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
            };
            let sep = if first { "\n  " } else { ",\n  " };
            first = false;
            let text = serde_json::to_string(&row).unwrap_or_default();
            if failed.is_none()
                && let Err(e) = write!(out, "{sep}{text}")
            {
                failed = Some(e);
            }
            Ok(())
        })?;
        if let Some(e) = failed {
            return Err(e.into());
        }
        writeln!(out, "{}]", if first { "" } else { "\n" })?;
        return Ok(ExitCode::SUCCESS);
    }
    let items = store.list_materials()?;
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
    // the files first, without the member's database: a broken file never touches it; each is
    // read, checked and let go, then read again as it is imported, one at a time
    let (files, mut errors) = import::collect_materials(paths);
    let (checked, mut problems) = import::check_material_files(&files);
    errors.append(&mut problems);
    if errors.is_empty() {
        let mut store = env.open_store_for_writing()?;
        let n = checked.len();
        let mut bar = Progress::new(n, &env.strings.cli_importing);
        let report = match import::import_material_files(&mut store, &checked, &mut |i| bar.show(i))
        {
            Ok(report) => report,
            Err(import::StreamError::File(e)) => {
                bar.clear();
                errors.push(e);
                super::print_problems(env, &errors, err)?;
                return Ok(ExitCode::FAILURE);
            }
            Err(import::StreamError::Store(e)) => {
                bar.clear();
                return Err(e.into());
            }
        };
        bar.clear();
        // the list of files (some 25 MB at 100,000) let go before the index is built, and given
        // back: kept in the heap, it stayed in the import's peak (63 MB at 100,000 against 52)
        drop(checked);
        drop(files);
        crate::service::bootstrap::release_memory();
        super::with_index_bar(env, |p| store.catch_up_search(p))?;
        writeln!(
            out,
            "{}",
            fill(
                &env.strings.cli_imported,
                &[
                    ("n", &n),
                    ("added", &report.added),
                    ("updated", &report.updated),
                    ("unchanged", &report.unchanged),
                ]
            )
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    super::print_problems(env, &errors, err)?;
    writeln!(
        err,
        "{}",
        fill(&env.strings.cli_errors, &[("n", &errors.len())])
    )?;
    Ok(ExitCode::FAILURE)
}

/// The import's progress on the terminal's error stream, in place (`导入 1234/20000 (6%)`), a
/// few times a second; nothing when the stream is not a terminal (piped, in a script).
pub(crate) struct Progress {
    total: usize,
    on: bool,
    label: String,
    last: Option<std::time::Instant>,
}

impl Progress {
    pub(crate) fn new(total: usize, label: &str) -> Progress {
        use std::io::IsTerminal;
        Progress {
            total,
            on: std::io::stderr().is_terminal(),
            label: label.to_string(),
            last: None,
        }
    }

    /// `done` of `total` (a total known only as the work starts).
    pub(crate) fn show_of(&mut self, done: usize, total: usize) {
        self.total = total;
        self.show(done);
    }

    /// Says `what` in place of the bar (work whose length is not known, after the counted
    /// part: the search index's merges).
    pub(crate) fn say(&mut self, what: &str) {
        if self.on && self.total > 1 {
            eprint!("\r\x1b[2K{what}");
            self.last = Some(std::time::Instant::now());
        }
    }

    pub(crate) fn show(&mut self, done: usize) {
        if !self.on || self.total <= 1 {
            return;
        }
        let now = std::time::Instant::now();
        if done < self.total
            && self
                .last
                .is_some_and(|t| now - t < std::time::Duration::from_millis(200))
        {
            return;
        }
        self.last = Some(now);
        let pct = done * 100 / self.total.max(1);
        let width = 30;
        let filled = done * width / self.total.max(1);
        eprint!(
            "\r{} {}{} {done}/{} ({pct}%)",
            self.label,
            "━".repeat(filled),
            "─".repeat(width - filled),
            self.total
        );
    }

    pub(crate) fn clear(&mut self) {
        if self.on && self.last.is_some() {
            // the line wiped, the cursor back at its start
            eprint!("\r\x1b[2K");
        }
    }
}

/// `xuexi materials remove ID`: one of the member's own materials; the study log keeps what
/// was read and noted. Says which plans' items used it.
pub fn materials_remove(env: &Env, id: &str, out: &mut dyn Write) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    let removed = store.remove_material(id)?;
    if !removed.found {
        anyhow::bail!(fill(&env.strings.cli_no_material, &[("id", &id)]));
    }
    writeln!(
        out,
        "{}",
        fill(&env.strings.cli_material_removed, &[("id", &id)])
    )?;
    if !removed.used_by_plans.is_empty() {
        writeln!(
            out,
            "{}",
            fill(
                &env.strings.cli_plans_lose_item,
                &[("plans", &removed.used_by_plans.join(", "))]
            )
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
