//! Backups (`backups/` beside the database: one a day when something changed, kept for a
//! week by default, and any made by hand) and the health check at start.

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use super::{Result, Store};

const MARKER_KEY: &str = "backup_marker";
const DAILY_PREFIX: &str = "daily-";

/// What the health check found.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Health {
    Ok,
    /// No database yet.
    Missing,
    /// Damaged: what SQLite said.
    Corrupt(String),
    /// Could not be read, for a reason that is not damage (no permission, held by another
    /// program, …): what SQLite said. Never set aside or replaced on this ground.
    Unreadable(String),
}

/// Whether SQLite's error says the file itself is damaged (rather than unreachable or busy).
fn is_damage(e: &rusqlite::Error) -> bool {
    matches!(
        e.sqlite_error_code(),
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase)
    )
}

fn health_of(e: rusqlite::Error) -> Health {
    if is_damage(&e) {
        Health::Corrupt(e.to_string())
    } else {
        Health::Unreadable(e.to_string())
    }
}

/// The tables of the archive — the materials' texts and what is queued for their index: they
/// grow with the library (7 GB at a million materials), not with the member's study, and a
/// material is imported again from its file. [`Scope`] tells a check's tables apart by them.
pub const ARCHIVE_TABLES: &[&str] = &["materials", "material_bodies", "search_queue"];

/// Which tables a health check reads through.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Every table.
    All,
    /// The member's: all but [`ARCHIVE_TABLES`] (their study, answers, notes, plans, banks) —
    /// in proportion to what the member did, so a start can afford it.
    Member,
    /// Only [`ARCHIVE_TABLES`].
    Archive,
}

impl Scope {
    /// Whether the check reads table `name`.
    pub fn has(self, name: &str) -> bool {
        let archive = ARCHIVE_TABLES.contains(&name);
        match self {
            Scope::All => true,
            Scope::Member => !archive,
            Scope::Archive => archive,
        }
    }
}

/// Runs SQLite's quick_check on the file at `path`, read-only: nothing is written to it.
///
/// Table by table, virtual tables left out: since SQLite 3.44 a whole-file check also reads
/// every entry of a full-text index against its rows (FTS5's xIntegrity), which took 3.8 s at
/// 20,000 materials. Databases of schema 13 and later have no such table (search has its own
/// engine); this is the check a start after an unclean exit makes on one from before, which
/// the upgrade then follows. Their FTS5 tables were still checked page by page.
pub fn check_file(path: &Path) -> Health {
    check_file_in(path, Scope::All)
}

/// [`check_file`] over the tables of `scope` only.
pub fn check_file_in(path: &Path, scope: Scope) -> Health {
    if !path.exists() {
        return Health::Missing;
    }
    let conn = match super::open_for_reading(path) {
        Ok(c) => c,
        Err(e) => return health_of(e),
    };
    let check = || -> rusqlite::Result<Vec<String>> {
        let tables: Vec<String> = conn
            .prepare(
                "SELECT name FROM sqlite_schema WHERE type = 'table'
                 AND sql NOT LIKE 'CREATE VIRTUAL TABLE%'",
            )?
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        let mut found = Vec::new();
        for t in tables.iter().filter(|t| scope.has(t)) {
            let mut stmt = conn.prepare(&format!("PRAGMA quick_check(\"{t}\")"))?;
            let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
            for row in rows {
                let row = row?;
                if row != "ok" {
                    found.push(row);
                }
            }
        }
        Ok(found)
    };
    match check() {
        Ok(found) if found.is_empty() => Health::Ok,
        Ok(found) => Health::Corrupt(found.join("; ")),
        Err(e) => health_of(e),
    }
}

/// Runs the full integrity_check on a file (for backups, which are small and checked once).
pub fn integrity_ok(path: &Path) -> bool {
    super::open_for_reading(path)
        .and_then(|c| c.query_row("PRAGMA integrity_check", [], |r| r.get::<_, String>(0)))
        .is_ok_and(|s| s == "ok")
}

/// Moves a damaged database (and its -wal and -shm files) aside, untouched, as
/// `xuexi.db.corrupt-<timestamp>`. Returns the new path of the database file.
pub fn set_aside(path: &Path, now: Timestamp) -> std::io::Result<PathBuf> {
    let stamp = now.strftime("%Y%m%dT%H%M%SZ").to_string();
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "xuexi.db".into());
    let target = path.with_file_name(format!("{name}.corrupt-{stamp}"));
    std::fs::rename(path, &target)?;
    for ext in ["-wal", "-shm"] {
        let side = path.with_file_name(format!("{name}{ext}"));
        if side.exists() {
            let _ = std::fs::rename(
                &side,
                target.with_file_name(format!("{name}.corrupt-{stamp}{ext}")),
            );
        }
    }
    Ok(target)
}

/// The backups folder beside a database file.
pub fn backup_dir(db: &Path) -> PathBuf {
    db.parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups")
}

/// A backup file, newest first in [`list_backups`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BackupFile {
    pub path: PathBuf,
    pub bytes: u64,
    pub modified: Option<Timestamp>,
}

/// Every `.db` file in the backups folder, newest first.
pub fn list_backups(db: &Path) -> Vec<BackupFile> {
    let Ok(dir) = std::fs::read_dir(backup_dir(db)) else {
        return Vec::new();
    };
    let mut out: Vec<BackupFile> = dir
        .filter_map(|e| e.ok())
        .filter(|e| e.path().extension().is_some_and(|x| x == "db"))
        .filter_map(|e| {
            let meta = e.metadata().ok()?;
            Some(BackupFile {
                path: e.path(),
                bytes: meta.len(),
                modified: meta
                    .modified()
                    .ok()
                    .and_then(|m| Timestamp::try_from(m).ok()),
            })
        })
        .collect();
    out.sort_by(|a, b| b.modified.cmp(&a.modified).then(b.path.cmp(&a.path)));
    out
}

impl Store {
    /// What changed since the last daily backup: the log, reading positions, notes, plans.
    fn change_marker(&self) -> Result<String> {
        Ok(self.conn.query_row(
            "SELECT coalesce((SELECT max(id) FROM events), 0) || '/' ||
                    coalesce((SELECT max(updated_at) FROM progress), '') || '/' ||
                    coalesce((SELECT max(id) FROM annotations), 0) || '/' ||
                    (SELECT count(*) FROM plan_items) || '/' ||
                    (SELECT count(*) FROM materials WHERE origin = 'user') || '/' ||
                    (SELECT count(*) FROM banks WHERE origin = 'user')",
            [],
            |r| r.get(0),
        )?)
    }

    /// The daily backup: made when something changed since the last one and none exists for
    /// `day` yet; then only the newest `keep` daily backups are kept. Returns the file made.
    pub fn daily_backup(&mut self, day: &str, keep: usize) -> Result<Option<PathBuf>> {
        let Some(db) = self.path.clone() else {
            return Ok(None);
        };
        let marker = self.change_marker()?;
        let last = self.meta(MARKER_KEY)?;
        let target = backup_dir(&db).join(format!("{DAILY_PREFIX}{day}.db"));
        if last.as_deref() == Some(marker.as_str()) || target.exists() {
            return Ok(None);
        }
        self.backup_to(&target)?;
        super::put_meta(&self.conn, MARKER_KEY, &marker)?;
        let mut daily: Vec<PathBuf> = list_backups(&db)
            .into_iter()
            .map(|b| b.path)
            .filter(|p| {
                p.file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with(DAILY_PREFIX))
            })
            .collect();
        // names carry the day, so name order is age order
        daily.sort();
        while daily.len() > keep.max(1) {
            let old = daily.remove(0);
            let _ = std::fs::remove_file(&old);
        }
        tracing::info!(path = %target.display(), "daily backup");
        Ok(Some(target))
    }
}
