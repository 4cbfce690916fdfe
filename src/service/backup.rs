//! Backups as the member uses them: the store's checked copies, and putting one back.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::bootstrap::Env;
use crate::i18n::fill;
pub use crate::store::backup::{
    BackupFile, Health, backup_dir, check_file, integrity_ok, list_backups, set_aside,
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
