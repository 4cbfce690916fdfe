//! `xuexi pack build|import|list`: study packs (学习包) from the trainer to the members.

use std::io::{BufRead, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::i18n::msg;
use crate::service::bootstrap::Env;
use crate::service::files::write_atomically;
use crate::service::pack;

/// `xuexi pack build DIR -o FILE [--force]`: every file checked, every problem printed;
/// the pack written (atomically) only when there is none.
pub fn build(
    env: &Env,
    dir: &Path,
    output: &Path,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    super::log::refuse_existing(&env.strings, Some(output), force)?;
    let today = crate::domain::stats::day_of(jiff::Timestamp::now(), &jiff::tz::TimeZone::system())
        .to_string();
    match pack::build(dir, &today) {
        Err(errors) => {
            super::report_problems(env, &errors, err)?;
            Ok(ExitCode::FAILURE)
        }
        Ok(built) => {
            write_atomically(output, &built.bytes).map_err(|e| {
                anyhow::anyhow!(
                    env.strings.problem(
                        &msg("data_dir_create")
                            .arg("path", output.display())
                            .arg("error", e)
                    )
                )
            })?;
            let h = &built.manifest.pack;
            let m = msg("pack_built")
                .arg("path", output.display())
                .arg("id", &h.id)
                .arg("version", &h.version)
                .arg("files", built.manifest.files.len())
                .arg("kb", built.bytes.len().div_ceil(1024));
            writeln!(out, "{}", env.strings.problem(&m))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// `xuexi pack import FILE [--yes]`: says what it adds, updates and removes, asks (unless
/// `--yes`), then installs it whole — or says every reason it is refused, writing nothing.
pub fn import(
    env: &Env,
    file: &Path,
    yes: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    let prepared = match pack::prepare(&store, file)? {
        Ok(p) => p,
        Err(errors) => {
            super::report_problems(env, &errors, err)?;
            writeln!(err, "{}", env.strings.problem(&msg("pack_nothing")))?;
            return Ok(ExitCode::FAILURE);
        }
    };
    for line in pack::describe(&env.strings, &prepared) {
        writeln!(out, "{line}")?;
    }
    if !yes && !super::backup::confirm(&env.strings.problem(&msg("pack_confirm")), input, out)? {
        writeln!(out, "{}", env.strings.problem(&msg("pack_nothing")))?;
        return Ok(ExitCode::FAILURE);
    }
    pack::install(&mut store, &prepared, jiff::Timestamp::now())?;
    writeln!(
        out,
        "{}",
        env.strings.problem(
            &msg("pack_installed")
                .arg("id", &prepared.manifest.pack.id)
                .arg("version", &prepared.manifest.pack.version)
        )
    )?;
    Ok(ExitCode::SUCCESS)
}

/// `xuexi pack list [--json]`.
pub fn list(env: &Env, json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let store = env.open_store()?;
    let packs = store.packs()?;
    if json {
        writeln!(out, "{}", serde_json::to_string_pretty(&packs)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if packs.is_empty() {
        writeln!(out, "{}", env.strings.problem(&msg("pack_none")))?;
    }
    for p in &packs {
        writeln!(
            out,
            "{}",
            env.strings.problem(
                &msg("pack_line")
                    .arg("id", &p.id)
                    .arg("version", &p.version)
                    .arg("title", &p.title)
                    .arg("publisher", &p.publisher)
                    .arg("materials", p.materials.len())
                    .arg("banks", p.banks.len())
                    .arg("plans", p.plans.len())
            )
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
