//! Backups as the member uses them: the store's checked copies, and putting one back.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use super::bootstrap::Env;
use crate::i18n::fill;
pub use crate::store::backup::{
    BackupFile, Health, backup_dir, check_file, integrity_ok, list_backups, set_aside,
};

/// Replaces the database with `file` (checked first); the current one is backed up before.
pub fn restore_from(env: &Env, file: &Path) -> Result<PathBuf> {
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
    if health == Health::Ok {
        let stamp = jiff::Timestamp::now()
            .strftime("%Y%m%dT%H%M%SZ")
            .to_string();
        let keep = backup_dir(&db).join(format!("before-restore-{stamp}.db"));
        crate::store::Store::open(&db)?.backup_to(&keep)?;
    }
    let tmp = db.with_extension("db-restoring");
    std::fs::copy(file, &tmp).with_context(|| format!("{}", file.display()))?;
    for ext in ["db-wal", "db-shm"] {
        let _ = std::fs::remove_file(db.with_extension(ext));
    }
    std::fs::rename(&tmp, &db).with_context(|| format!("{}", db.display()))?;
    Ok(db)
}
