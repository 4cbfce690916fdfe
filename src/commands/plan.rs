//! `xuexi plan check|import|list`: study plans for trainers and members.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use crate::domain::plan::{Plan, status};
use crate::domain::stats::day_of;
use crate::i18n::fill;
use crate::service::bootstrap::Env;
use crate::service::import::{self, Parsed};
use crate::text::width::{fit, width};

/// `xuexi plan check FILE...`
pub fn check(
    env: &Env,
    files: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let store = env.open_store()?;
    let checked = import::check_plans(&store, files)?;
    report_notes(env, &checked.skipped, out)?;
    for Parsed {
        path, item: plan, ..
    } in &checked.items
    {
        writeln!(
            out,
            "{}",
            fill(
                &env.strings.cli_plan_ok,
                &[
                    ("path", &path.display()),
                    ("id", &plan.id),
                    ("items", &plan.items.len()),
                ]
            )
        )?;
    }
    if checked.errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        super::report_problems(env, &checked.errors, err)?;
        Ok(ExitCode::FAILURE)
    }
}

/// `xuexi plan import FILE...`: checks all, then imports in one transaction.
pub fn import(
    env: &Env,
    files: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    let checked = import::check_plans(&store, files)?;
    report_notes(env, &checked.skipped, out)?;
    if !checked.is_ok() {
        super::report_problems(env, &checked.errors, err)?;
        writeln!(err, "{}", env.strings.cli_plan_nothing_imported)?;
        return Ok(ExitCode::FAILURE);
    }
    for plan in &import::import_plans(&mut store, checked)? {
        writeln!(
            out,
            "{}",
            fill(
                &env.strings.cli_plan_imported,
                &[("id", &plan.id), ("items", &plan.items.len())]
            )
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// What the trainer should know before a plan is imported again (ticks it would lose).
fn report_notes(
    env: &Env,
    notes: &[crate::service::import::ImportError],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    if notes.is_empty() {
        return Ok(());
    }
    writeln!(out, "{}", env.strings.cli_notes)?;
    for e in notes {
        writeln!(out, "  {}", e.render(&env.strings))?;
    }
    Ok(())
}

/// `xuexi plan list [--json]`: plans with how many items are done.
pub fn list(env: &Env, json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let store = env.open_store()?;
    let plans = store.plans()?;
    let events = store.events(None, None)?;
    let tz = jiff::tz::TimeZone::system();
    let today = day_of(jiff::Timestamp::now(), &tz);
    let rows: Vec<(Plan, usize)> = plans
        .into_iter()
        .map(|p| {
            let done = status(&p, &events, &tz, today)
                .iter()
                .filter(|s| s.done())
                .count();
            (p, done)
        })
        .collect();
    if json {
        let v: Vec<serde_json::Value> = rows
            .iter()
            .map(|(p, done)| {
                serde_json::json!({
                    "id": p.id, "title": p.title, "origin": p.origin,
                    "starts": p.starts.map(|d| d.to_string()),
                    "ends": p.ends.map(|d| d.to_string()),
                    "items": p.items.len(), "done": done,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = &env.strings;
    let id_w = rows
        .iter()
        .map(|(p, _)| width(&p.id))
        .chain([width(&s.cli_header_id)])
        .max()
        .unwrap_or(2);
    writeln!(
        out,
        "{}  {}  {}  {}",
        fit(&s.cli_header_id, id_w),
        fit(&s.cli_header_done, 7),
        fit(&s.cli_header_period, 23),
        s.cli_header_title
    )?;
    for (p, done) in &rows {
        let period = match (p.starts, p.ends) {
            (None, None) => String::new(),
            (a, b) => format!(
                "{} – {}",
                a.map(|d| d.to_string()).unwrap_or_default(),
                b.map(|d| d.to_string()).unwrap_or_default()
            ),
        };
        writeln!(
            out,
            "{}  {}  {}  {}",
            fit(&p.id, id_w),
            fit(&format!("{done}/{}", p.items.len()), 7),
            fit(&period, 23),
            p.title
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi plan remove ID`: a plan from a file or made in the app; never a bundled one.
pub fn remove(env: &Env, id: &str, out: &mut dyn Write) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    if !store.remove_plan(id)? {
        anyhow::bail!(fill(&env.strings.cli_no_plan, &[("id", &id)]));
    }
    writeln!(
        out,
        "{}",
        fill(&env.strings.cli_plan_removed, &[("id", &id)])
    )?;
    Ok(ExitCode::SUCCESS)
}
