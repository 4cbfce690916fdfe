//! `xuexi branch report EXPORT...`: the branch's picture from its members' JSON exports.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::export::branch::{summarize, to_csv, to_markdown};
use crate::i18n::msg;
use crate::service::bootstrap::Env;
use crate::service::files::write_atomically;

/// `xuexi branch report EXPORT... [--format md|csv] [-o FILE] [--force]`: every file read
/// first (a file that is not an export is named, and nothing written).
pub fn report(
    env: &Env,
    files: &[PathBuf],
    format: &str,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let s = &env.strings;
    super::log::refuse_existing(s, output, force)?;
    let (exports, errors) = crate::service::report::read_member_exports(files);
    if !errors.is_empty() {
        super::report_problems(env, &errors, err)?;
        return Ok(ExitCode::FAILURE);
    }
    let sum = summarize(&exports, &jiff::tz::TimeZone::system());
    let text = match format {
        "csv" => to_csv(&sum, s),
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
