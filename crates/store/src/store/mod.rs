//! The only module that talks to SQLite: one file, `xuexi.db`, in the data dir.
//!
//! Habits (DESIGN.md): WAL, foreign keys on, an explicit busy timeout, `synchronous=FULL`
//! (writes happen at human pace), numbered append-only migrations tracked in
//! `PRAGMA user_version`, a refusal (before anything is written) of a database from a newer
//! app, a backup before migrating an existing database, and a transaction around every
//! multi-row write.

mod annotations;
mod attempt_history;
mod attempts;
pub mod backup;
mod banks;
mod bundled_sync;
mod engine;
mod engine_tokens;
mod log;
mod materials;
mod member_backup;
mod migrations;
mod packs;
mod plans;
mod pread_dir;
mod progress;
mod review;
pub mod scratch;
mod search;

pub use crate::domain::material::BundledFile;
pub use crate::domain::search::{SearchHit, Snippet};
pub use attempt_history::AttemptSummary;
pub use attempts::{NewAttempt, OpenAttempt};
pub use banks::BankSummary;
pub use bundled_sync::{SyncError, SyncReport};
pub use engine::index_dir;
pub use materials::{ImportReport, Removed, UserImport};
pub use member_backup::{MemberRestore, is_member_backup};
pub use packs::{InstalledPack, PackInstall};
pub use plans::PlanSummary;
pub use review::ReviewRow;
pub use search::IndexOpening;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

/// The file name of the database inside the data dir.
pub const DB_FILE: &str = "xuexi.db";

/// The `meta` key that says the member has seen the welcome screen (its value: when).
pub const WELCOMED_KEY: &str = "welcomed";

/// How long a write waits for another process's lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path}: this database was written by a newer xuexi (schema {found}, this one knows up to {supported}); it was left untouched — please update xuexi"
    )]
    TooNew {
        path: String,
        found: i64,
        supported: i64,
    },
    /// (`error`, not `source`: SQLite's words are in the message, and a chain after them
    /// would repeat them twice more.)
    #[error("{path}: {error}")]
    Open {
        path: String,
        error: rusqlite::Error,
    },
    /// (Not a `#[source]`: the message already holds SQLite's, in plain words where it can,
    /// and a chain would repeat it after them.)
    #[error("database: {}", sql_message(.0))]
    Sql(rusqlite::Error),
    #[error(
        "{path}: xuexi cannot write here (a read-only folder or file, or one that belongs to someone else), so it cannot keep your study; run it with --data-dir DIR for a folder you can write"
    )]
    ReadOnly { path: String },
    #[error("material `{0}` is bundled with xuexi; give your material another id")]
    BundledId(String),
    #[error("no material with id `{0}`")]
    NoSuchMaterial(String),
    #[error("bank `{0}` is bundled with xuexi; give your bank another id")]
    BundledBank(String),
    #[error("no bank with id `{0}`")]
    NoSuchBank(String),
    #[error("plan `{0}` is bundled with xuexi; give your plan another id")]
    BundledPlan(String),
    #[error("no plan with id `{0}`")]
    NoSuchPlan(String),
    #[error("{0}")]
    Io(#[from] std::io::Error),
    #[error("search index: {0}")]
    Search(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

impl StoreError {
    /// The disk (or the database's size limit) is full: SQLite's SQLITE_FULL, or ENOSPC/EDQUOT
    /// from a file. Such a write can succeed later, once there is room again.
    pub fn is_disk_full(&self) -> bool {
        let sql = |e: &rusqlite::Error| matches!(e, rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull);
        match self {
            StoreError::Sql(e) | StoreError::Open { error: e, .. } => sql(e),
            StoreError::Io(e) => matches!(
                e.kind(),
                std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
            ),
            _ => false,
        }
    }

    /// The database file is damaged or no database (SQLite's "malformed", "not a database"),
    /// found on opening or on a page read later.
    pub fn is_damaged(&self) -> bool {
        match self {
            StoreError::Sql(e) | StoreError::Open { error: e, .. } => {
                matches!(sql_trouble(e), SqlTrouble::Damaged)
            }
            _ => false,
        }
    }
}

pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Opened by [`Store::open_read_only`]: every write fails with a plain message.
    read_only: bool,
    /// Read-only because another xuexi holds the data folder (its writer lock), not because
    /// the folder cannot be written: set by the one who took the lock ([`Store::held_elsewhere`]).
    held_elsewhere: bool,
    /// The search engine, opened at the first search (`search.rs`).
    engine: std::cell::RefCell<Option<engine::Engine>>,
    /// The engine being opened on a thread of its own, taken at the first search
    /// ([`Store::with_index`]).
    opening: std::cell::RefCell<Option<search::IndexOpening>>,
}

impl Store {
    /// A value of the small key/value table (`meta`), if set ([`WELCOMED_KEY`], …).
    pub fn meta(&self, key: &str) -> Result<Option<String>> {
        use rusqlite::OptionalExtension;
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&mut self, key: &str, value: &str) -> Result<()> {
        let tx = self.write_tx()?;
        put_meta(&tx, key, value)?;
        tx.commit()?;
        Ok(())
    }

    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    /// A database from a newer app is refused without being written to; one that cannot be
    /// written (a read-only folder or file) is a plain error naming the path.
    pub fn open(path: &Path) -> Result<Store> {
        Self::open_inner(path).map_err(|e| {
            let code = match &e {
                StoreError::Sql(rusqlite::Error::SqliteFailure(f, _))
                | StoreError::Open {
                    error: rusqlite::Error::SqliteFailure(f, _),
                    ..
                } => Some(f.code),
                _ => None,
            };
            match code {
                Some(
                    rusqlite::ErrorCode::ReadOnly
                    | rusqlite::ErrorCode::CannotOpen
                    | rusqlite::ErrorCode::PermissionDenied,
                ) => StoreError::ReadOnly {
                    path: path.display().to_string(),
                },
                _ => e,
            }
        })
    }

    fn open_inner(path: &Path) -> Result<Store> {
        let shown = path.display().to_string();
        if path.exists() {
            let ro = open_for_reading(path).map_err(|error| StoreError::Open {
                path: shown.clone(),
                error,
            })?;
            let found: i64 = ro
                .pragma_query_value(None, "user_version", |r| r.get(0))
                .map_err(|error| StoreError::Open {
                    path: shown.clone(),
                    error,
                })?;
            migrations::check_version(&shown, found)?;
        }
        let conn = Connection::open(path).map_err(|error| StoreError::Open {
            path: shown.clone(),
            error,
        })?;
        // SQLite opens a file it may not write read-only without a word; say so here, where
        // the caller can choose the read-only mode, rather than at the first write
        if conn.is_readonly(rusqlite::MAIN_DB)? {
            return Err(StoreError::ReadOnly { path: shown });
        }
        let mut store = Store {
            conn,
            path: Some(path.to_path_buf()),
            read_only: false,
            held_elsewhere: false,
            engine: Default::default(),
            opening: Default::default(),
        };
        store.configure(true)?;
        let db = store.path.clone();
        let backup: migrations::Backup = member_backup::backup_before_migration;
        migrations::migrate(&mut store.conn, db.as_deref().map(|p| (p, backup)))?;
        store.seed_review_cards()?;
        Ok(store)
    }

    /// Opens an existing database for reading only, writing nothing anywhere — no migration, no
    /// sync, no `-wal`/`-shm` files: the read-only mode for a data folder the member cannot
    /// write. Refused (as [`StoreError::ReadOnly`]) when the schema is not this build's, since
    /// an upgrade must write.
    pub fn open_read_only(path: &Path) -> Result<Store> {
        let refused = || StoreError::ReadOnly {
            path: path.display().to_string(),
        };
        let conn = open_for_reading(path).map_err(|_| refused())?;
        let found: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|_| refused())?;
        migrations::check_version(&path.display().to_string(), found)?;
        if found != migrations::LATEST {
            return Err(refused());
        }
        conn.busy_timeout(BUSY_TIMEOUT)?;
        Ok(Store {
            conn,
            path: Some(path.to_path_buf()),
            read_only: true,
            held_elsewhere: false,
            engine: Default::default(),
            opening: Default::default(),
        })
    }

    /// Whether this store was opened by [`Store::open_read_only`].
    pub fn is_read_only(&self) -> bool {
        self.read_only
    }

    /// Notes that this read-only store is so because another xuexi is the folder's writer.
    pub fn set_held_elsewhere(&mut self) {
        self.held_elsewhere = self.read_only;
    }

    /// Whether another xuexi holds the data folder: its open exam is that one's.
    pub fn held_elsewhere(&self) -> bool {
        self.held_elsewhere
    }

    /// A private in-memory database, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Store> {
        let mut store = Store {
            conn: Connection::open_in_memory()?,
            path: None,
            read_only: false,
            held_elsewhere: false,
            engine: Default::default(),
            opening: Default::default(),
        };
        store.configure(false)?;
        migrations::migrate(&mut store.conn, None)?;
        store.seed_review_cards()?;
        Ok(store)
    }

    fn configure(&mut self, file: bool) -> Result<()> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        if file {
            self.conn
                .pragma_update_and_check(None, "journal_mode", "WAL", |_| Ok(()))?;
        }
        self.conn.pragma_update(None, "synchronous", "FULL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        Ok(())
    }

    /// Creates a database file at an older schema version, for migration tests.
    #[doc(hidden)]
    pub fn create_at_version(path: &Path, version: i64) -> Result<()> {
        let mut conn = Connection::open(path)?;
        migrations::migrate_to(&mut conn, None, version)?;
        Ok(())
    }

    /// The schema version this build writes.
    pub fn latest_version() -> i64 {
        migrations::LATEST
    }

    /// The schema version of this database.
    pub fn schema_version(&self) -> Result<i64> {
        Ok(self
            .conn
            .pragma_query_value(None, "user_version", |r| r.get(0))?)
    }

    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// A write transaction taken at once (BEGIN IMMEDIATE): when another process holds the
    /// database, this waits up to the busy timeout. (A deferred transaction that must upgrade
    /// from reading to writing gets SQLITE_BUSY at once, without waiting.)
    pub(crate) fn write_tx(&mut self) -> rusqlite::Result<rusqlite::Transaction<'_>> {
        self.conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)
    }

    /// Direct access for tests and diagnostics in this crate.
    #[doc(hidden)]
    pub fn conn(&self) -> &Connection {
        &self.conn
    }
}

impl From<rusqlite::Error> for StoreError {
    fn from(e: rusqlite::Error) -> Self {
        StoreError::Sql(e)
    }
}

/// Opens a database file for reading only, writing nothing anywhere. First `mode=ro`; when that
/// cannot open (a folder the member cannot write holds a WAL database whose `-shm` file is
/// gone, after a clean exit) and no write-ahead log is left over, `immutable=1`, which reads the
/// file as it is — the file is then the whole database. The first page is read before this
/// returns, so a file that is not a database fails here (by reading the header's version, not
/// the schema: parsing the schema was a twentieth of a search at a million materials, and
/// `Store::open` reads it again on its own connection).
pub(crate) fn open_for_reading(path: &Path) -> rusqlite::Result<Connection> {
    let open = |param: &str| -> rusqlite::Result<Connection> {
        let conn = Connection::open_with_flags(
            format!("file:{}?{param}", uri_path(path)),
            OpenFlags::SQLITE_OPEN_READ_ONLY
                | OpenFlags::SQLITE_OPEN_URI
                | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        )?;
        conn.query_row("PRAGMA user_version", [], |_| Ok(()))?;
        Ok(conn)
    };
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    match open("mode=ro") {
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::CannotOpen | rusqlite::ErrorCode::ReadOnly)
            ) && !wal.metadata().is_ok_and(|m| m.len() > 0) =>
        {
            open("immutable=1")
        }
        other => other,
    }
}

/// A path as the path part of an SQLite `file:` URI: `%`, `?` and `#` escaped.
fn uri_path(path: &Path) -> String {
    let mut out = String::new();
    for c in path.to_string_lossy().chars() {
        match c {
            '%' => out.push_str("%25"),
            '?' => out.push_str("%3f"),
            '#' => out.push_str("%23"),
            c => out.push(c),
        }
    }
    out
}

/// What an SQLite error means to the member: the two they can act on, else SQLite's words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SqlTrouble {
    /// The database is open read-only: nothing was saved.
    ReadOnly,
    /// Another process held the database longer than [`BUSY_TIMEOUT`].
    Busy,
    /// The file is damaged or is no database (SQLite's "malformed", "not a database").
    Damaged,
    /// The disk (or the member's quota) is full: nothing of that write was kept.
    DiskFull,
    Other(String),
}

pub fn sql_trouble(e: &rusqlite::Error) -> SqlTrouble {
    match e {
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::ReadOnly => {
            SqlTrouble::ReadOnly
        }
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked
            ) =>
        {
            SqlTrouble::Busy
        }
        rusqlite::Error::SqliteFailure(f, _)
            if matches!(
                f.code,
                rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase
            ) =>
        {
            SqlTrouble::Damaged
        }
        rusqlite::Error::SqliteFailure(f, _) if f.code == rusqlite::ErrorCode::DiskFull => {
            SqlTrouble::DiskFull
        }
        _ => SqlTrouble::Other(e.to_string()),
    }
}

/// SQLite's message, in plain (English) words where the member can act on it; the app words
/// it in the member's language from [`sql_trouble`].
fn sql_message(e: &rusqlite::Error) -> String {
    match sql_trouble(e) {
        SqlTrouble::ReadOnly => "the database is open read-only (xuexi cannot write its folder), so nothing was saved; run xuexi with --data-dir DIR for a folder you can write".to_string(),
        SqlTrouble::Busy => format!(
            "another xuexi (or another program) is using the database and did not let go within {} seconds; close it and try again — nothing was changed",
            BUSY_TIMEOUT.as_secs()
        ),
        SqlTrouble::Damaged => format!("the database file is damaged ({e})"),
        SqlTrouble::DiskFull => "the disk is full: nothing of that change was saved; free some space and try again".to_string(),
        SqlTrouble::Other(s) => s,
    }
}

/// Sets a value of the `meta` table inside the caller's transaction.
pub(crate) fn put_meta(conn: &Connection, key: &str, value: &str) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (?1, ?2)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [key, value],
    )?;
    Ok(())
}

/// Current time as stored: RFC 3339 in UTC.
pub(crate) fn ts(t: jiff::Timestamp) -> String {
    t.to_string()
}
