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

/// `xuexi materials import PATH...`: every file is checked as it is imported, all in one
/// transaction kept only when every one checked out: all or none.
pub fn materials_import(
    env: &Env,
    paths: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    // each file is read, checked and imported once, one at a time, in one transaction kept
    // only when every file checked out (a broken file leaves the database as it was); with a
    // path that could not be read, the files are only checked, without the database
    let (files, errors) = import::collect_materials(paths);
    let mut store = if errors.is_empty() {
        Some(env.open_store_for_writing()?)
    } else {
        None
    };
    let n = files.len();
    let mut bar = Progress::new(n, &env.strings.cli_importing);
    let writing = store.is_some();
    let imported = import::import_material_files(store.as_mut(), files, errors, &mut |i| {
        bar.show(i);
        if writing && i == n {
            // the index built beside the import is finished and merged before it is kept
            bar.say(&env.strings.cli_index_merging);
        }
    });
    bar.clear();
    let errors = match imported? {
        import::Imported::Problems(errors) => errors,
        import::Imported::Done(report) => {
            // (done only when collecting found no problem, and then the store was opened)
            let store = store.expect("opened when collecting found no problem");
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
    };
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
