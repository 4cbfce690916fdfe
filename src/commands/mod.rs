//! Subcommands: plain output on stdout, problems on stderr, no raw mode.

pub mod backup;
pub mod bank;
pub mod branch;
pub mod cli_text;
pub mod log;
pub mod man;
pub mod materials;
pub mod notes;
pub mod pack;
pub mod paper;
pub mod plan;
pub mod search;

pub use materials::{materials_import, materials_list, materials_remove};

use std::io::Write;
use std::process::ExitCode;

use crate::domain::session::Mode;
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
    let s = &env.strings;
    let tz = jiff::tz::TimeZone::system();
    let title = |mode: &str, stored: &str| match Mode::parse(mode) {
        Some(m) => s.session_title(m, stored),
        None => stored.to_string(),
    };
    let title_w = rows
        .iter()
        .map(|r| width(&title(&r.mode, &r.title)))
        .max()
        .unwrap_or(4)
        .min(30);
    let mode_w = rows
        .iter()
        .map(|r| width(&mode_name(s, &r.mode)))
        .max()
        .unwrap_or(4);
    let status_w = [&s.history_open, &s.history_submitted, &s.history_abandoned]
        .iter()
        .map(|t| width(t))
        .max()
        .unwrap_or(4);
    for r in &rows {
        // stored in UTC; every time a member sees is local
        let date = match r.started_at.parse::<jiff::Timestamp>() {
            Ok(t) => tz.to_datetime(t).strftime("%Y-%m-%d %H:%M").to_string(),
            Err(_) => r.started_at.clone(),
        };
        let status = match r.status.as_str() {
            "open" => &s.history_open,
            "submitted" => &s.history_submitted,
            _ => &s.history_abandoned,
        };
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
            "{date}  {}  {}  {}  {:>14} {passed}  {}",
            fit(&mode_name(s, &r.mode), mode_w),
            fit(&title(&r.mode, &r.title), title_w),
            fit(status, status_w),
            score,
            crate::text::clock(r.duration_secs)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A mode as the member calls it.
fn mode_name(s: &crate::i18n::Strings, mode: &str) -> String {
    match Mode::parse(mode) {
        Some(Mode::Exam) => s.mode_exam.clone(),
        Some(Mode::Practice) => s.mode_practice.clone(),
        Some(Mode::Daily) => s.title_daily.clone(),
        Some(Mode::Challenge) => s.title_challenge.clone(),
        Some(Mode::Review) => s.title_review.clone(),
        Some(Mode::Weekly) => s.title_weekly.clone(),
        Some(Mode::Special) => s.title_special.clone(),
        None => mode.to_string(),
    }
}

/// Each problem on its line, in the member's language.
pub fn print_problems(
    env: &Env,
    errors: &[crate::service::import::ImportError],
    err: &mut dyn Write,
) -> std::io::Result<()> {
    for e in errors {
        writeln!(
            err,
            "{}",
            crate::i18n::fill(
                &env.strings.error_line,
                &[("text", &e.render(&env.strings))]
            )
        )?;
    }
    Ok(())
}

/// Every problem found in files a trainer gave, then how many there were.
pub fn report_problems(
    env: &Env,
    errors: &[crate::service::import::ImportError],
    err: &mut dyn Write,
) -> anyhow::Result<()> {
    print_problems(env, errors, err)?;
    writeln!(
        err,
        "{}",
        crate::i18n::fill(&env.strings.cli_bank_problems, &[("n", &errors.len())])
    )?;
    Ok(())
}

/// Brings the search index up to the database now, with a bar on a terminal (an import, a
/// restore, a start after an upgrade queued every material), rather than at the first search,
/// which would wait without one. `catch_up` is the store's, given the bar's callback.
pub fn with_index_bar<E: Into<anyhow::Error>>(
    env: &Env,
    catch_up: impl FnOnce(&mut dyn FnMut(usize, usize)) -> Result<usize, E>,
) -> anyhow::Result<()> {
    let mut bar = materials::Progress::new(0, &env.strings.cli_indexing);
    let done = catch_up(&mut |done, total| {
        bar.show_of(done, total);
        if done == total {
            // (the commit and the merges come after the last material, uncounted)
            bar.say(&env.strings.cli_index_merging);
        }
    });
    bar.clear();
    done.map_err(Into::into)?;
    Ok(())
}
