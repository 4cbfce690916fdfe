//! Subcommands: plain output on stdout, problems on stderr, no raw mode.

pub mod backup;
pub mod bank;
pub mod log;
pub mod materials;
pub mod notes;
pub mod plan;
pub mod search;

pub use materials::{materials_import, materials_list};

use std::io::Write;
use std::process::ExitCode;

use crate::service::bootstrap::Env;
use crate::text::width::{fit, width};

/// `xuexi quiz history [--json]`: attempts, newest first.
pub fn quiz_history(env: &Env, json: bool, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let store = env.open_store()?;
    let rows = store.history()?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &rows)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if rows.is_empty() {
        writeln!(out, "{}", env.strings.cli_history_empty)?;
        return Ok(ExitCode::SUCCESS);
    }
    let title_w = rows
        .iter()
        .map(|r| width(&r.title))
        .max()
        .unwrap_or(4)
        .min(30);
    for r in &rows {
        let date = r
            .started_at
            .get(..16)
            .unwrap_or(&r.started_at)
            .replace('T', " ");
        let score = match (r.score, r.max_score, r.percent) {
            (Some(s), Some(m), Some(p)) => format!("{s:.1}/{m:.0} {p:>3.0}%"),
            _ => "—".into(),
        };
        let passed = match r.passed {
            Some(true) => "✓",
            Some(false) => "✗",
            None => " ",
        };
        writeln!(
            out,
            "{date}  {:<9}  {}  {:<9}  {:>14} {passed}  {}",
            r.mode,
            fit(&r.title, title_w),
            r.status,
            score,
            crate::text::clock(r.duration_secs)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every problem found in files a trainer gave, then how many there were.
pub fn report_problems(
    env: &Env,
    errors: &[crate::service::import::ImportError],
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    for e in errors {
        writeln!(err, "{}: {e}", env.strings.error_prefix)?;
    }
    writeln!(
        err,
        "{}",
        crate::i18n::fill(&env.strings.cli_bank_problems, &[("n", &errors.len())])
    )?;
    Ok(())
}
