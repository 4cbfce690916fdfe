//! `xuexi stats` and `xuexi export`: the study log as figures and as files to hand in.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Result, bail};
use jiff::civil::Date;
use serde_json::json;

use crate::domain::stats::{Period, PointRules, Stats, day_of, minutes};
use crate::export::Format;
use crate::i18n::{Strings, fill};
use crate::service::bootstrap::Env;
use crate::service::files::write_atomically;
use crate::service::report::{ExportRequest, Log, export_text, period};
use crate::text::width::{fit, width};

/// `xuexi stats [--from DATE] [--to DATE] [--json]`
pub fn stats(
    env: &Env,
    from: Option<Date>,
    to: Option<Date>,
    json: bool,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    check_order(&env.strings, from, to)?;
    let store = env.open_store()?;
    let log = Log::load(&store)?;
    let tz = jiff::tz::TimeZone::system();
    let today = day_of(jiff::Timestamp::now(), &tz);
    let p = period(&log, from, to, &tz, today);
    let st = log.stats(&env.config, &tz, today, p);
    let rules = &env.config.points;
    if json {
        stats_json(&st, p, today, rules, out)?;
    } else {
        stats_text(&env.strings, &st, p, today, rules, out)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi stats --json`: the period's days, today, the streaks, the totals.
fn stats_json(
    st: &Stats,
    p: Period,
    today: Date,
    rules: &PointRules,
    out: &mut dyn Write,
) -> Result<()> {
    let today_day = st.days.get(&today).copied().unwrap_or_default();
    let days: Vec<serde_json::Value> = st
        .days
        .range(p.from..=p.to)
        .map(|(d, day)| {
            json!({
                "date": d.to_string(),
                "minutes": minutes(day.study_secs()),
                "points": rules.points(day).total,
            })
        })
        .collect();
    let v = json!({
        "period": { "from": p.from.to_string(), "to": p.to.to_string() },
        "today": {
            "date": today.to_string(),
            "minutes": minutes(today_day.study_secs()),
            "points": st.today_points,
            "max_points": rules.daily_max(),
        },
        "streak": { "current": st.current_streak, "longest": st.longest_streak },
        "totals": {
            "minutes": minutes(st.totals.study_secs),
            "reading_minutes": minutes(st.totals.reading_secs),
            "quiz_minutes": minutes(st.totals.quiz_secs),
            "points": st.totals.points,
            "days_studied": st.totals.days_studied,
            "articles": st.totals.articles,
            "attempts": st.totals.attempts,
            "exams_passed": st.totals.exams_passed,
            "answers": st.totals.answers,
            "right_answers": st.totals.right_answers,
        },
        "by_column": st.by_column.iter().map(|(c, s)| json!({"column": c, "minutes": minutes(*s)})).collect::<Vec<_>>(),
        "quiz_percent": st.quiz_percent.iter().map(|(t, p)| json!({"at": t.to_string(), "percent": p})).collect::<Vec<_>>(),
        "days": days,
    });
    serde_json::to_writer_pretty(&mut *out, &v)?;
    writeln!(out)?;
    Ok(())
}

/// `xuexi stats`: the figures as lines, then the time per column.
fn stats_text(
    s: &Strings,
    st: &Stats,
    p: Period,
    today: Date,
    rules: &PointRules,
    out: &mut dyn Write,
) -> Result<()> {
    let today_day = st.days.get(&today).copied().unwrap_or_default();
    let hm = |secs: i64| s.hours_minutes(secs);
    let rows: Vec<(String, String)> = vec![
        (
            s.stats_today.clone(),
            fill(
                &s.stats_today_line,
                &[
                    ("minutes", &minutes(today_day.study_secs())),
                    ("points", &st.today_points.total),
                    ("max", &rules.daily_max()),
                    ("all", &st.all_points),
                ],
            ),
        ),
        (
            s.stats_streak.clone(),
            fill(
                &s.stats_streak_line,
                &[
                    ("current", &st.current_streak),
                    ("longest", &st.longest_streak),
                ],
            ),
        ),
        (s.report_study_time.clone(), hm(st.totals.study_secs)),
        (s.report_reading_time.clone(), hm(st.totals.reading_secs)),
        (s.report_quiz_time.clone(), hm(st.totals.quiz_secs)),
        (s.report_points.clone(), st.totals.points.to_string()),
        (
            s.report_days.clone(),
            fill(&s.report_n_days, &[("n", &st.totals.days_studied)]),
        ),
        (s.report_articles.clone(), st.totals.articles.to_string()),
        (s.report_attempts.clone(), st.totals.attempts.to_string()),
        (
            s.report_exams_passed.clone(),
            st.totals.exams_passed.to_string(),
        ),
    ];
    writeln!(out, "{}  {} – {}", s.screen_stats, p.from, p.to)?;
    let w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(8);
    for (k, v) in &rows {
        writeln!(out, "{}  {v}", fit(k, w))?;
    }
    if !st.by_column.is_empty() {
        writeln!(out, "{}", s.stats_by_column)?;
        let cw = st
            .by_column
            .iter()
            .map(|(c, _)| width(c))
            .max()
            .unwrap_or(4);
        for (c, secs) in &st.by_column {
            let c = if c.is_empty() { &s.column_other } else { c };
            writeln!(out, "  {}  {}", fit(c, cw), hm(*secs))?;
        }
    }
    Ok(())
}

fn check_order(s: &crate::i18n::Strings, from: Option<Date>, to: Option<Date>) -> Result<()> {
    if let (Some(a), Some(b)) = (from, to)
        && b < a
    {
        bail!(fill(&s.cli_to_before_from, &[("to", &b), ("from", &a)]));
    }
    Ok(())
}

/// `xuexi export --format csv|json|md|xapi [--from] [--to] [-o FILE] [--force]`
#[allow(clippy::too_many_arguments)]
pub fn export(
    env: &Env,
    format: &str,
    from: Option<Date>,
    to: Option<Date>,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    check_order(&env.strings, from, to)?;
    let Some(format) = Format::parse(format) else {
        bail!(
            env.strings.problem(
                &crate::i18n::msg("format_unknown")
                    .arg("format", format)
                    .arg("formats", "csv, json, md, html, xapi")
            )
        );
    };
    refuse_existing(&env.strings, output, force)?;
    let store = env.open_store()?;
    let log = Log::load_for_export(&store)?;
    let tz = jiff::tz::TimeZone::system();
    let req = ExportRequest {
        config: &env.config,
        strings: &env.strings,
        format,
        from,
        to,
        now: jiff::Timestamp::now(),
        tz: &tz,
    };
    let text = export_text(&log, &req).map_err(anyhow::Error::msg)?;
    match output {
        Some(path) => {
            write_new(&env.strings, path, text.as_bytes(), force)?;
            writeln!(
                err,
                "{}",
                fill(
                    &env.strings.cli_export_written,
                    &[("path", &path.display())]
                )
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// Writes a file whole or not at all, refusing to replace one unless `force`.
/// Checked again just before writing: a long export leaves time for the file to appear.
pub fn write_new(strings: &Strings, path: &Path, bytes: &[u8], force: bool) -> Result<()> {
    refuse_existing(strings, Some(path), force)?;
    write_atomically(path, bytes).map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))
}

/// An existing output file is an error unless `force` (checked before any work is done).
pub fn refuse_existing(strings: &Strings, output: Option<&Path>, force: bool) -> Result<()> {
    if let Some(path) = output
        && !force
        && path.exists()
    {
        bail!(fill(
            &strings.cli_export_exists,
            &[("path", &path.display())]
        ));
    }
    Ok(())
}

/// `xuexi lrs push [--from DATE] [--to DATE]`: the only command that uses the network.
pub fn lrs_push(
    env: &Env,
    from: Option<Date>,
    to: Option<Date>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    check_order(&env.strings, from, to)?;
    let mut store = env.open_store_for_writing()?;
    let tz = jiff::tz::TimeZone::system();
    let req = ExportRequest {
        config: &env.config,
        strings: &env.strings,
        format: Format::Xapi,
        from,
        to,
        now: jiff::Timestamp::now(),
        tz: &tz,
    };
    let pushed = crate::service::lrs::push(
        &mut store,
        &req,
        &env.config.lrs,
        std::env::var("XUEXI_LRS_PASSWORD").ok(),
        &env.strings,
    )
    .map_err(anyhow::Error::msg)?;
    let s = &env.strings;
    if pushed.sent == 0 && pushed.refused.is_empty() {
        writeln!(
            out,
            "{}",
            s.problem(&crate::i18n::msg("lrs_nothing_new").arg("sent", pushed.before))
        )?;
        return Ok(ExitCode::SUCCESS);
    }
    if pushed.sent > 0 {
        writeln!(
            out,
            "{}",
            s.problem(
                &crate::i18n::msg("lrs_sent")
                    .arg("n", pushed.sent)
                    .arg(
                        "endpoint",
                        crate::service::lrs::shown_endpoint(&env.config.lrs.endpoint)
                    )
                    .arg("batches", pushed.batches)
            )
        )?;
    }
    for r in &pushed.refused {
        writeln!(out, "{r}")?;
    }
    Ok(if pushed.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
