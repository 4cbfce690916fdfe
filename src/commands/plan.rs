//! `xuexi plan check|import|list`: study plans for trainers and members.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;

use super::sha256_hex;
use crate::domain::plan::{Plan, PlanOrigin, status};
use crate::domain::stats::day_of;
use crate::i18n::fill;
use crate::import::plan::{MAX_PLAN_BYTES, parse_plan};
use crate::import::{ImportError, decode_utf8, read_limited};
use crate::service::bootstrap::{Env, plan_refs};
use crate::store::Store;
use crate::text::width::{fit, width};

struct Checked {
    plans: Vec<(PathBuf, Plan, String)>,
    errors: Vec<ImportError>,
}

fn check_all(store: &Store, files: &[PathBuf]) -> Result<Checked> {
    let refs = plan_refs(store)?;
    let mut out = Checked {
        plans: Vec::new(),
        errors: Vec::new(),
    };
    for f in files {
        let parsed = read_limited(f, MAX_PLAN_BYTES)
            .map_err(|e| vec![e])
            .and_then(|bytes| {
                let hash = sha256_hex(&bytes);
                let text = decode_utf8(f, &bytes).map_err(|e| vec![e])?;
                parse_plan(f, text, &refs).map(|p| (p, hash))
            });
        match parsed {
            Ok((plan, hash)) => out.plans.push((f.clone(), plan, hash)),
            Err(mut e) => out.errors.append(&mut e),
        }
    }
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    let existing = store.list_plans()?;
    for (path, plan, _) in &out.plans {
        if let Some(first) = seen.insert(&plan.id, path) {
            out.errors.push(ImportError::DuplicateId {
                id: plan.id.clone(),
                first: first.clone(),
                second: path.clone(),
            });
        }
        if let Some(p) = existing.iter().find(|p| p.id == plan.id)
            && p.origin != PlanOrigin::User
        {
            out.errors.push(ImportError::file(
                path,
                format!(
                    "plan id `{}` belongs to a plan bundled with xuexi or made in the app; give yours another id",
                    plan.id
                ),
            ));
        }
    }
    Ok(out)
}

/// `xuexi plan check FILE...`
pub fn check(
    env: &Env,
    files: &[PathBuf],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let store = env.open_store()?;
    let checked = check_all(&store, files)?;
    for (path, plan, _) in &checked.plans {
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
    let checked = check_all(&store, files)?;
    if !checked.errors.is_empty() {
        super::report_problems(env, &checked.errors, err)?;
        writeln!(err, "{}", env.strings.cli_plan_nothing_imported)?;
        return Ok(ExitCode::FAILURE);
    }
    let plans: Vec<(Plan, String)> = checked.plans.into_iter().map(|(_, p, h)| (p, h)).collect();
    store.import_plans(&plans, jiff::Timestamp::now())?;
    for (plan, _) in &plans {
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
