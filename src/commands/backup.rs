//! `xuexi backup` and `xuexi restore [FILE]`, and what happens at start when the database is
//! damaged: it is set aside untouched and the newest good backup is offered.

use std::io::{BufRead, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};

use crate::i18n::fill;
use crate::service::backup::{
    ArchiveCheck, BackupFile, Health, Restored, Scope, archive_check, backup_dir, check_file_in,
    integrity_ok, list_backups, restore_from, set_aside,
};
use crate::service::bootstrap::Env;

/// `xuexi backup [--full]`: a checked backup now, into the backups folder — of the member's
/// own data (what the daily backup keeps), or with `--full` a copy of the whole database.
pub fn backup(env: &Env, full: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let store = env.open_store()?;
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let kind = if full { "full" } else { "manual" };
    let target = backup_dir(&env.db_path()).join(format!("{kind}-{stamp}.db"));
    if full {
        store.copy_to(&target)?;
    } else {
        store.backup_to(&target)?;
    }
    writeln!(
        out,
        "{}",
        fill(&env.strings.backup_written, &[("path", &target.display())])
    )?;
    Ok(ExitCode::SUCCESS)
}

fn describe(b: &BackupFile) -> String {
    let when = b
        .modified
        .map(|t| {
            t.to_zoned_datetime(jiff::tz::TimeZone::system())
                .strftime("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    format!("{when}  {:>8} KB  {}", b.bytes / 1024, b.path.display())
}

/// Asks a yes/no question on the terminal; anything but y/yes is no.
pub(crate) fn confirm(
    question: &str,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<bool> {
    write!(out, "{question} [y/N] ")?;
    out.flush()?;
    let mut line = String::new();
    input.read_line(&mut line)?;
    Ok(matches!(
        line.trim().to_lowercase().as_str(),
        "y" | "yes" | "是"
    ))
}

/// `xuexi restore [FILE] [--yes]`: lists the backups, or puts FILE in place of the database
/// after asking.
pub fn restore(
    env: &Env,
    file: Option<&Path>,
    yes: bool,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let s = &env.strings;
    let Some(file) = file else {
        let list = list_backups(&env.db_path());
        if list.is_empty() {
            writeln!(out, "{}", s.restore_none)?;
        }
        for b in &list {
            writeln!(out, "{}", describe(b))?;
        }
        return Ok(ExitCode::SUCCESS);
    };
    // a member backup puts the member's data back; a whole copy replaces the file
    let question = if crate::service::backup::is_member_backup(file) {
        &s.restore_member_confirm
    } else {
        &s.restore_confirm
    };
    if !yes && !confirm(&fill(question, &[("path", &file.display())]), input, out)? {
        writeln!(out, "{}", s.restore_cancelled)?;
        return Ok(ExitCode::FAILURE);
    }
    // the database is replaced: never under a running xuexi
    if let crate::service::bootstrap::Writer::Busy =
        env.take_writer(crate::service::bootstrap::WRITER_WAIT)
    {
        bail!(env.another_writer_notice());
    }
    let restored = restore_from(env, file)?;
    say_restored(env, &restored, out)?;
    Ok(ExitCode::SUCCESS)
}

/// What the member is told after a restore: where, and for a member backup what it held.
fn say_restored(env: &Env, (db, how): &(PathBuf, Restored), out: &mut dyn Write) -> Result<()> {
    let s = &env.strings;
    // a whole file put back is another index's database: built again now, with a bar
    let store = env.open_store_for_writing()?;
    super::with_index_bar(env, |p| store.catch_up_search(p))?;
    writeln!(out, "{}", fill(&s.restore_done, &[("path", &db.display())]))?;
    if let Restored::MemberData {
        materials_added,
        attempts_kept,
    } = how
    {
        let n = materials_added.to_string();
        writeln!(out, "{}", fill(&s.restore_member_data, &[("n", &n)]))?;
        if *attempts_kept > 0 {
            writeln!(
                out,
                "{}",
                fill(&s.restore_attempts_kept, &[("n", attempts_kept)])
            )?;
        }
    }
    Ok(())
}

/// What the start reads through before the screen, if anything: after a run that did not end
/// cleanly, the member's tables — in proportion to their study, so the first frame is not kept
/// waiting on a large archive (a million materials: 7 GB, minutes) — while the archive's are
/// owed a check the app makes in the background ([`crate::service::backup::check_archive`]);
/// after that check found damage, every table. After a clean exit nothing: SQLite still
/// reports damage on any page the app touches, and a database that will not open is checked
/// then ([`check_at_start`] over every table).
pub fn check_needed(env: &Env) -> Option<Scope> {
    let marker = env.archive_check_marker();
    if let ArchiveCheck::Damaged(_) = archive_check(&marker) {
        return Some(Scope::All);
    }
    if !env.running_marker().exists() {
        return None;
    }
    // owed from now until the background check passes (a run closed before it ends owes it
    // still)
    if let Err(e) = std::fs::write(&marker, "pending") {
        tracing::error!(error = %e, path = %marker.display(), "could not note the check owed");
    }
    Some(Scope::Member)
}

/// Before the TUI starts: the tables of `scope` read through; a damaged database is set aside
/// untouched, the member is told in plain words, and offered the newest backup that passes the
/// integrity check. Returns false when the app should not start.
pub fn check_at_start(
    env: &Env,
    scope: Scope,
    input: &mut dyn BufRead,
    out: &mut dyn Write,
) -> Result<bool> {
    let db = env.db_path();
    let health = check_file_in(&db, scope);
    if scope == Scope::All && matches!(health, Health::Ok | Health::Corrupt(_)) {
        // every table read through now (and a damaged file set aside below): nothing owed
        let _ = std::fs::remove_file(env.archive_check_marker());
    }
    let Health::Corrupt(why) = health else {
        return Ok(true);
    };
    let s = &env.strings;
    tracing::error!(path = %db.display(), %why, "damaged database");
    let aside =
        set_aside(&db, jiff::Timestamp::now()).with_context(|| format!("{}", db.display()))?;
    writeln!(
        out,
        "{}",
        fill(
            &s.corrupt_found,
            &[("path", &db.display()), ("aside", &aside.display())]
        )
    )?;
    let good = list_backups(&db)
        .into_iter()
        .find(|b| integrity_ok(&b.path));
    let Some(good) = good else {
        writeln!(out, "{}", s.corrupt_no_backup)?;
        return confirm(&s.corrupt_start_empty, input, out);
    };
    writeln!(
        out,
        "{}",
        fill(&s.corrupt_offer, &[("backup", &describe(&good))])
    )?;
    if confirm(&s.corrupt_restore_q, input, out)? {
        let restored = restore_from(env, &good.path)?;
        say_restored(env, &restored, out)?;
        return Ok(true);
    }
    confirm(&s.corrupt_start_empty, input, out)
}

/// What a command says when the database turned out damaged (on opening, or on a page read
/// later): as at the TUI's start, the file is set aside untouched — unless another xuexi is
/// using it — and the member is told where it is kept and how to put the newest good backup
/// back. SQLite's own words go to the log.
pub fn damaged_notice(env: &Env, error: &anyhow::Error) -> String {
    let s = &env.strings;
    let db = env.db_path();
    tracing::error!(path = %db.display(), error = %format!("{error:#}"), "damaged database");
    let path = db.display().to_string();
    if matches!(
        env.take_writer(std::time::Duration::ZERO),
        crate::service::bootstrap::Writer::Busy
    ) {
        return s.problem(&crate::i18n::msg("damaged_in_use").arg("path", &path));
    }
    let aside = match set_aside(&db, jiff::Timestamp::now()) {
        Ok(aside) => aside,
        Err(e) => {
            tracing::error!(error = %e, "could not set the damaged database aside");
            return s.problem(&crate::i18n::msg("store_damaged"));
        }
    };
    let mut text = fill(
        &s.corrupt_found,
        &[("path", &path), ("aside", &aside.display())],
    );
    text.push('\n');
    let good = list_backups(&db)
        .into_iter()
        .find(|b| integrity_ok(&b.path));
    let next = match good {
        Some(b) => crate::i18n::msg("damaged_restore").arg("backup", b.path.display()),
        None => crate::i18n::msg("damaged_no_backup").arg("aside", aside.display()),
    };
    text.push_str(&s.problem(&next));
    text
}
