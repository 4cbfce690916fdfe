//! Backups as the member uses them: the store's checked copies, and putting one back.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::bootstrap::Env;
use crate::i18n::fill;
pub use crate::store::backup::{
    BackupFile, Health, Scope, backup_dir, check_file, check_file_in, integrity_ok, list_backups,
    set_aside,
};
pub use crate::store::is_member_backup;

/// What [`restore_from`] put back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Restored {
    /// A member backup, merged into the database (a new one when there was none): the
    /// materials it held that the database lacked were added; the attempts recorded after the
    /// backup were kept.
    MemberData {
        materials_added: usize,
        attempts_kept: usize,
    },
    /// A whole copy of a database, put in its place.
    Whole,
}

/// Puts the backup `file` back (checked first). A member backup (the daily one and `xuexi
/// backup`'s) is merged into the database — the member's data replaced by the backup's in one
/// transaction, the library kept; the member data of the database it replaces is backed up
/// first. A whole copy (`xuexi backup --full`, or an earlier version's backup) replaces the
/// file, after a whole copy of the current one.
pub fn restore_from(env: &Env, file: &Path) -> Result<(PathBuf, Restored)> {
    if !integrity_ok(file) {
        bail!(fill(
            &env.strings.restore_bad_file,
            &[("path", &file.display())]
        ));
    }
    let db = env.db_path();
    let health = check_file(&db);
    if let Health::Unreadable(why) = &health {
        // held by another program or not ours to read: never replaced on that ground
        bail!("{}: {why}", db.display());
    }
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let keep = backup_dir(&db).join(format!("before-restore-{stamp}.db"));
    if is_member_backup(file) {
        if let Health::Corrupt(_) = health {
            // damaged: set aside untouched; the member data goes into a new database
            set_aside(&db, jiff::Timestamp::now()).with_context(|| format!("{}", db.display()))?;
        }
        let mut store = env.open_store()?;
        if health == Health::Ok {
            store.backup_to(&keep)?;
        }
        let merged = store.restore_member_data(file)?;
        // the backup's copies of the bundled banks and plans may be older than this build's
        let now = jiff::Timestamp::now();
        super::bootstrap::sync_bundled_banks(&mut store, now)?;
        super::bootstrap::sync_bundled_plans(&mut store, now)?;
        return Ok((
            db,
            Restored::MemberData {
                materials_added: merged.materials_added,
                attempts_kept: merged.attempts_kept,
            },
        ));
    }
    if health == Health::Ok {
        crate::store::Store::open(&db)?.copy_to(&keep)?;
    }
    let tmp = db.with_extension("db-restoring");
    std::fs::copy(file, &tmp).with_context(|| format!("{}", file.display()))?;
    for ext in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(db.with_extension(ext));
    }
    std::fs::rename(&tmp, &db).with_context(|| format!("{}", db.display()))?;
    Ok((db, Restored::Whole))
}

/// What the archive's check (the tables of [`crate::store::backup::ARCHIVE_TABLES`]) left in
/// its marker file (`xuexi.check-archive` beside the database): it stands from a start after
/// an unclean exit until the check passes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ArchiveCheck {
    /// No check owed.
    None,
    /// Owed: not run yet, or stopped before its end (the app closed first).
    Pending,
    /// It found the archive damaged (SQLite's words): the next start reads every table.
    Damaged(String),
}

/// The archive check owed, as its marker says.
pub fn archive_check(marker: &Path) -> ArchiveCheck {
    match std::fs::read_to_string(marker) {
        Err(_) => ArchiveCheck::None,
        Ok(text) => match text.strip_prefix("damaged\n") {
            Some(why) => ArchiveCheck::Damaged(why.to_string()),
            None => ArchiveCheck::Pending,
        },
    }
}

/// Reads the archive's tables of `db` through (read-only, beside the app's writes: the app
/// runs it on a thread of its own after the first frame): passed, the marker goes; damaged, the
/// marker says so and the next start checks every table, sets the file aside and offers a
/// backup as for any damage. Unreadable or gone: the marker stays, the check is owed still.
pub fn check_archive(db: &Path, marker: &Path) -> ArchiveCheck {
    match check_file_in(db, Scope::Archive) {
        Health::Ok => {
            let _ = std::fs::remove_file(marker);
            ArchiveCheck::None
        }
        Health::Corrupt(why) => {
            tracing::error!(path = %db.display(), %why, "the archive's tables are damaged");
            if let Err(e) = std::fs::write(marker, format!("damaged\n{why}")) {
                tracing::error!(error = %e, path = %marker.display(), "could not note the damage");
            }
            ArchiveCheck::Damaged(why)
        }
        Health::Missing | Health::Unreadable(_) => ArchiveCheck::Pending,
    }
}
