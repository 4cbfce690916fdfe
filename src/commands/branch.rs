//! `xuexi branch report EXPORT...`: the branch's picture from its members' JSON exports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::export::branch::{Fold, to_csv, to_html, to_markdown};
use crate::i18n::msg;
use crate::service::bootstrap::Env;
use crate::service::branch_spill::DiskSpill;
use crate::service::files::write_atomically;

/// What `branch report` is asked for.
pub struct BranchRequest<'a> {
    pub files: &'a [PathBuf],
    /// Bank files to grade against, besides the banks imported here.
    pub banks: &'a [PathBuf],
    pub plan: Option<&'a str>,
    pub format: &'a str,
    pub output: Option<&'a Path>,
    pub force: bool,
}

/// `xuexi branch report EXPORT... [--plan ID] [--format md|csv|html] [-o FILE] [--force]`: every
/// file read first (a file that is not an export is named, and nothing written).
pub fn report(
    env: &Env,
    req: &BranchRequest<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let BranchRequest {
        files,
        banks,
        plan,
        format,
        output,
        force,
    } = *req;
    let s = &env.strings;
    super::log::refuse_existing(s, output, force)?;
    // the trainer's banks, to grade the answers against (read only: nothing is written)
    let (banks, bank_errors) = crate::service::report::banks_to_grade(&env.db_path(), banks);
    let tz = jiff::tz::TimeZone::system();
    // the plan asked for, from this database (its problems said after the files'): each
    // member's progress is folded as their events are read
    let today = crate::domain::stats::day_of(jiff::Timestamp::now(), &tz);
    let found = match plan {
        Some(id) => env
            .open_store()
            .and_then(|store| Ok(crate::service::report::find_plan(&store, id)?)),
        None => Ok(None),
    };
    let (the_plan, plan_error) = match found {
        Ok(p) => (p, None),
        Err(e) => (None, Some(e)),
    };
    // each file folded as it is read; a file that is not an export is named before the banks'
    // problems; what the fold remembers of each event goes to a scratch database in the
    // temporary folder
    let spill =
        DiskSpill::create_in(&std::env::temp_dir()).map_err(|m| anyhow::anyhow!(s.problem(&m)))?;
    let mut fold = Fold::with_spill(&banks, &tz, Box::new(spill));
    if let Some(p) = &the_plan {
        fold = fold.with_plan(p, today);
    }
    let errors = crate::service::report::fold_member_exports(files, &mut fold);
    if !errors.is_empty() {
        super::report_problems(env, &errors, err)?;
        return Ok(ExitCode::FAILURE);
    }
    if !bank_errors.is_empty() {
        super::report_problems(env, &bank_errors, err)?;
        return Ok(ExitCode::FAILURE);
    }
    if let Some(e) = plan_error {
        return Err(e);
    }
    if let Some(id) = plan
        && the_plan.is_none()
    {
        anyhow::bail!(s.problem(&msg("branch_no_plan").arg("id", id)));
    }
    let sum = fold.finish().map_err(|m| anyhow::anyhow!(s.problem(&m)))?;
    let text = match format {
        "csv" => to_csv(&sum, s),
        "html" => to_html(&sum, s),
        _ => to_markdown(&sum, s),
    };
    match output {
        Some(path) => {
            write_atomically(path, text.as_bytes()).map_err(|e| {
                anyhow::anyhow!(
                    s.problem(
                        &msg("data_dir_create")
                            .arg("path", path.display())
                            .arg("error", e)
                    )
                )
            })?;
            writeln!(
                out,
                "{}",
                s.problem(
                    &msg("branch_written")
                        .arg("path", path.display())
                        .arg("members", sum.members.len())
                )
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
