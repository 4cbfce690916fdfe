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

use crate::setup::Env;
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
            crate::quiz_setup::clock(r.duration_secs)
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// Every problem found in files a trainer gave, then how many there were.
pub fn report_problems(
    env: &Env,
    errors: &[crate::import::ImportError],
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

/// Hex SHA-256 of a file's bytes: what tells a changed file from an unchanged one.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::store::materials_hex(&Sha256::digest(bytes))
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, then renamed.
/// A path that is not a regular file (`/dev/stdout`, a pipe, a device) is written to directly:
/// renaming over it would replace the device with a file.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) {
        let mut f = std::fs::OpenOptions::new().write(true).open(path)?;
        f.write_all(bytes)?;
        return f.flush();
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.xuexi-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
