//! Backups of the member's own data: everything the member did (reading progress and time,
//! answers and attempts, the study log, notes, plans, banks, review cards, contests, settings
//! kept in `meta`) and the materials that data points at, with their text — but not the
//! library's other materials nor the search index, which come from the binary, a pack or the
//! member's own files and can be imported again. So a backup's size and time follow what the
//! member did, not the size of the library (a 100,000-material archive is not copied every
//! day).
//!
//! A member backup is restored by merging it into the database: the member's tables are
//! replaced by the backup's in one transaction, and any material the backup holds that the
//! database lacks is added (and indexed). Materials the database holds stay.

use std::path::Path;

use rusqlite::Connection;

use super::backup::integrity_ok;
use super::engine::GENERATION_KEY;
use super::{Result, Store, StoreError};

/// The `meta` key that marks a file as a member backup (its value: [`MEMBER`]).
const KIND_KEY: &str = "backup_kind";
const MEMBER: &str = "member";

/// The materials the member's data in schema `s` points at (the tables that hold such data at
/// the schema's version: a backup before a migration is made at the old one).
fn referenced(conn: &Connection, s: &str) -> Result<String> {
    let mut parts = Vec::new();
    for (table, filter) in [
        ("progress", ""),
        ("reading_sessions", ""),
        ("annotations", ""),
        ("plan_items", " WHERE material_id IS NOT NULL"),
    ] {
        let here: bool = conn.query_row(
            &format!(
                "SELECT count(*) > 0 FROM {s}.sqlite_schema WHERE type = 'table' AND name = ?1"
            ),
            [table],
            |r| r.get(0),
        )?;
        if here {
            parts.push(format!("SELECT material_id FROM {s}.{table}{filter}"));
        }
    }
    Ok(parts.join(" UNION "))
}

/// The copy kept in `backups/` beside the database before a migration (the opener hands this
/// to the migrations).
pub(crate) fn backup_before_migration(
    conn: &Connection,
    db_path: &Path,
    version: i64,
) -> Result<()> {
    let dir = db_path
        .parent()
        .unwrap_or_else(|| Path::new("."))
        .join("backups");
    std::fs::create_dir_all(&dir)?;
    let stamp = jiff::Timestamp::now()
        .strftime("%Y%m%dT%H%M%SZ")
        .to_string();
    let target = dir.join(format!("xuexi-v{version}-{stamp}.db"));
    if version >= 2 {
        // the member's data at the old schema, not the whole file (the library can be imported
        // again; a whole copy of a large archive would take a minute and gigabytes)
        backup_at_version(conn, &target, version)?;
    } else {
        conn.execute("VACUUM INTO ?1", [target.to_string_lossy().as_ref()])?;
    }
    tracing::info!(path = %target.display(), "backed up the database before migrating");
    Ok(())
}

/// A member backup of the database on `conn`, whose schema is at `version` (at least 2, the
/// first with `meta`), written at that version into `target`: what is kept before a
/// migration, small whatever the library's size (a whole copy of a 100,000-material archive is
/// 1.5 GB). Putting it back migrates it first (see [`Store::restore_member_data`]).
pub(crate) fn backup_at_version(conn: &Connection, target: &Path, version: i64) -> Result<()> {
    let tmp = empty_backup(target, version)?;
    let copied = with_attached(conn, &tmp, || copy_member_data(conn, "main", "bk"));
    finish(copied, &tmp, target)
}

/// The empty database at schema `version` a backup into `target` is written in first (beside
/// it, renamed by [`finish`] when whole; one file, in rollback-journal mode).
fn empty_backup(target: &Path, version: i64) -> Result<std::path::PathBuf> {
    if let Some(dir) = target.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = target.with_extension("db-partial");
    let _ = std::fs::remove_file(&tmp);
    Store::create_at_version(&tmp, version)?;
    Ok(tmp)
}

/// Keeps the backup written into `tmp` as `target` when it was written whole and passes the
/// integrity check; else removes it.
fn finish(copied: Result<()>, tmp: &Path, target: &Path) -> Result<()> {
    if let Err(e) = copied {
        let _ = std::fs::remove_file(tmp);
        return Err(e);
    }
    if !integrity_ok(tmp) {
        let _ = std::fs::remove_file(tmp);
        return Err(std::io::Error::other(format!(
            "{}: the backup did not pass SQLite's integrity check",
            target.display()
        ))
        .into());
    }
    std::fs::rename(tmp, target)?;
    Ok(())
}

/// Copies the member's data, and the materials it points at, from schema `src` into the empty
/// database of this build's schema `dst` of `conn`, in one transaction, and marks it a member
/// backup.
fn copy_member_data(conn: &Connection, src: &str, dst: &str) -> Result<()> {
    let refs = referenced(conn, src)?;
    let tx = conn.unchecked_transaction()?;
    tx.execute_batch(&format!(
        "DELETE FROM {dst}.meta;
         INSERT INTO {dst}.materials SELECT * FROM {src}.materials WHERE id IN ({refs});
         INSERT INTO {dst}.material_bodies SELECT * FROM {src}.material_bodies
             WHERE material_id IN ({refs});"
    ))?;
    for t in member_tables(&tx, src)? {
        tx.execute(
            &format!("INSERT INTO {dst}.\"{t}\" SELECT * FROM {src}.\"{t}\""),
            [],
        )?;
    }
    // the backup has no search index: a store that searches it builds one
    tx.execute(
        &format!("DELETE FROM {dst}.meta WHERE key = ?1"),
        [GENERATION_KEY],
    )?;
    tx.execute(
        // (a member backup of a member backup, as opening an older one backs it up, is one)
        &format!("INSERT OR REPLACE INTO {dst}.meta (key, value) VALUES (?1, ?2)"),
        [KIND_KEY, MEMBER],
    )?;
    tx.commit()?;
    Ok(())
}

/// Tables that hold content (materials, their text, the search index), not the member's doing.
fn is_content(table: &str) -> bool {
    matches!(table, "materials" | "material_bodies") || table.starts_with("search")
}

/// The member's tables in `schema`, in the order they were made (parents before children).
fn member_tables(conn: &Connection, schema: &str) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT name FROM {schema}.sqlite_schema
         WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY rowid"
    ))?;
    let names = stmt
        .query_map([], |r| r.get::<_, String>(0))?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(names.into_iter().filter(|n| !is_content(n)).collect())
}

/// Whether the file at `path` is a member backup (rather than a whole copy of a database).
pub fn is_member_backup(path: &Path) -> bool {
    super::open_for_reading(path)
        .and_then(|c| {
            c.query_row("SELECT value FROM meta WHERE key = ?1", [KIND_KEY], |r| {
                r.get::<_, String>(0)
            })
        })
        .is_ok_and(|v| v == MEMBER)
}

/// Runs `body` with the file at `path` attached as `bk`, detaching it whatever happens.
fn with_attached<T>(conn: &Connection, path: &Path, body: impl FnOnce() -> Result<T>) -> Result<T> {
    conn.execute(
        "ATTACH DATABASE ?1 AS bk",
        [path.to_string_lossy().as_ref()],
    )?;
    let out = body();
    let detached = conn.execute_batch("DETACH DATABASE bk");
    let out = out?;
    detached?;
    Ok(out)
}

/// What [`Store::restore_member_data`] did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MemberRestore {
    /// Materials the backup held that this database lacked, added from the backup.
    pub materials_added: usize,
    /// Attempts recorded here after the backup (handed in or given up: facts, like the study
    /// log), kept with their answers and log events: a paper's tries are not undone.
    pub attempts_kept: usize,
}

impl Store {
    /// Writes a member backup into `target` (through a temporary file, so a backup is whole or
    /// absent) and checks it with SQLite's integrity check. Reads the database in one snapshot;
    /// writes nothing to it.
    pub fn backup_to(&self, target: &Path) -> Result<()> {
        let latest = Store::latest_version();
        let (Some(db), true) = (&self.path, self.read_only) else {
            return backup_at_version(&self.conn, target, latest);
        };
        // a connection opened read-only (another xuexi is the writer) cannot write a file it
        // attaches: the backup's own connection writes, with the database attached read-only
        let tmp = empty_backup(target, latest)?;
        let copied = Connection::open(&tmp)
            .and_then(|conn| {
                let uri = format!("file:{}?mode=ro", super::uri_path(db));
                conn.execute("ATTACH DATABASE ?1 AS src", [uri])?;
                Ok(conn)
            })
            .map_err(Into::into)
            .and_then(|conn| copy_member_data(&conn, "src", "main"));
        finish(copied, &tmp, target)
    }

    /// Copies the whole database into `target` (through a temporary file) and checks the copy:
    /// `xuexi backup --full`, and before a whole copy is put in the database's place.
    pub fn copy_to(&self, target: &Path) -> Result<()> {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let tmp = target.with_extension("db-partial");
        let _ = std::fs::remove_file(&tmp);
        let copied = self
            .conn
            .execute("VACUUM INTO ?1", [tmp.to_string_lossy().as_ref()])
            .map(|_| ())
            .map_err(Into::into);
        finish(copied, &tmp, target)
    }

    /// Puts the member data of the member backup at `file` in place of this database's, in one
    /// transaction: a failure leaves the database as it was. The backup is first brought to
    /// this build's schema in a scratch copy beside the database (a backup from an older
    /// version restores too).
    pub fn restore_member_data(&mut self, file: &Path) -> Result<MemberRestore> {
        // in a folder of its own: opening an older backup backs it up before migrating it,
        // into a `backups` folder beside it, which must not mix with the member's backups
        let dir = match &self.path {
            Some(db) => db.with_extension("db-merging"),
            None => std::env::temp_dir().join(format!("xuexi-{}-restoring", std::process::id())),
        };
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir)?;
        let scratch = dir.join("backup.db");
        let out = std::fs::copy(file, &scratch)
            .map_err(StoreError::from)
            .and_then(|_| Store::open(&scratch))
            .and_then(|s| {
                s.conn.execute_batch("PRAGMA journal_mode = DELETE;")?;
                Ok(())
            })
            .and_then(|()| with_attached(&self.conn, &scratch, || self.merge_attached()));
        let _ = std::fs::remove_dir_all(&dir);
        out
    }

    /// The merge of [`Store::restore_member_data`], with the backup attached as `bk`.
    fn merge_attached(&self) -> Result<MemberRestore> {
        let tx = self.conn.unchecked_transaction()?;
        // checked at the commit, when every table is whole again
        tx.execute_batch("PRAGMA defer_foreign_keys = ON;")?;
        // the materials the backup holds and this database lacks: queued for the search index
        let added = tx.execute(
            "INSERT OR IGNORE INTO main.search_queue (material_id)
             SELECT id FROM bk.materials WHERE id NOT IN (SELECT id FROM main.materials)",
            [],
        )?;
        tx.execute_batch(
            "INSERT INTO main.materials SELECT * FROM bk.materials
                 WHERE id NOT IN (SELECT id FROM main.materials);
             INSERT INTO main.material_bodies SELECT * FROM bk.material_bodies
                 WHERE material_id NOT IN (SELECT material_id FROM main.material_bodies);",
        )?;
        let kept = set_aside_attempts(&tx)?;
        let tables = member_tables(&tx, "main")?;
        // the log's append-only triggers (and a plan's cascade) would stand in the way of
        // replacing whole tables: set aside for the swap, made again before the commit
        let triggers: Vec<(String, String)> = {
            let mut stmt = tx.prepare(
                "SELECT name, sql FROM main.sqlite_schema WHERE type = 'trigger' AND sql IS NOT NULL",
            )?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        for (name, _) in &triggers {
            tx.execute(&format!("DROP TRIGGER main.\"{name}\""), [])?;
        }
        // children before parents, then parents before children
        for t in tables.iter().rev() {
            if t == "meta" {
                tx.execute("DELETE FROM main.meta WHERE key <> ?1", [GENERATION_KEY])?;
            } else {
                tx.execute(&format!("DELETE FROM main.\"{t}\""), [])?;
            }
        }
        for t in &tables {
            if t == "meta" {
                tx.execute(
                    "INSERT INTO main.meta SELECT * FROM bk.meta WHERE key NOT IN (?1, ?2)",
                    [GENERATION_KEY, KIND_KEY],
                )?;
            } else {
                tx.execute(
                    &format!("INSERT INTO main.\"{t}\" SELECT * FROM bk.\"{t}\""),
                    [],
                )?;
            }
        }
        put_back_attempts(&tx)?;
        for (_, sql) in &triggers {
            tx.execute_batch(sql)?;
        }
        tx.commit()?;
        Ok(MemberRestore {
            materials_added: added,
            attempts_kept: kept,
        })
    }
}

/// Sets aside (in temporary tables) the attempts this database holds that the backup does not
/// — finished ones: handed in or given up — with their answers and their log events, for
/// [`put_back_attempts`]; and, of every question they answered, its 错题本 entry and review
/// card as they are now (what those answers made of them: a question put in the book after the
/// backup stays in it, one answered out of it stays out). An attempt the backup holds still
/// open and this database finished is one of them. How many.
fn set_aside_attempts(tx: &Connection) -> Result<usize> {
    tx.execute_batch(
        "DROP TABLE IF EXISTS temp.kept_attempts;
         DROP TABLE IF EXISTS temp.kept_answers;
         DROP TABLE IF EXISTS temp.kept_events;
         CREATE TEMP TABLE kept_attempts AS
             SELECT a.*, a.id AS new_id FROM main.attempts a
             WHERE a.status <> 'open' AND NOT EXISTS (
                 SELECT 1 FROM bk.attempts b
                 WHERE b.id = a.id AND b.started_at = a.started_at AND b.status = a.status);
         CREATE TEMP TABLE kept_answers AS
             SELECT * FROM main.answers WHERE attempt_id IN (SELECT id FROM temp.kept_attempts);
         CREATE TEMP TABLE kept_events AS
             SELECT * FROM main.events
             WHERE kind IN ('answer', 'attempt')
               AND json_extract(data, '$.attempt') IN (SELECT id FROM temp.kept_attempts);
         DROP TABLE IF EXISTS temp.kept_questions;
         DROP TABLE IF EXISTS temp.kept_wrong;
         DROP TABLE IF EXISTS temp.kept_cards;
         CREATE TEMP TABLE kept_questions AS
             SELECT DISTINCT bank_id, question_id FROM temp.kept_answers;
         CREATE TEMP TABLE kept_wrong AS
             SELECT * FROM main.wrong_book
             WHERE (bank_id, question_id) IN (SELECT bank_id, question_id FROM temp.kept_questions);
         CREATE TEMP TABLE kept_cards AS
             SELECT * FROM main.review_cards
             WHERE (bank_id, question_id) IN (SELECT bank_id, question_id FROM temp.kept_questions);",
    )?;
    let n: i64 = tx.query_row("SELECT count(*) FROM temp.kept_attempts", [], |r| r.get(0))?;
    Ok(usize::try_from(n).unwrap_or(0))
}

/// Puts the attempts [`set_aside_attempts`] kept into the restored tables: the same attempt
/// still open in the backup gives way to its finished self; another attempt under the same
/// number (a backup of another database) keeps its number and the kept one takes a new one.
/// Events already in the restored log are not added twice. The questions they answered get
/// back their 错题本 entry and review card as they were before the restore (a card's attempt
/// under its number now).
fn put_back_attempts(tx: &Connection) -> Result<()> {
    tx.execute_batch(
        "DELETE FROM main.answers WHERE attempt_id IN (
             SELECT k.id FROM temp.kept_attempts k JOIN main.attempts a
             ON a.id = k.id AND a.started_at = k.started_at);
         DELETE FROM main.attempts WHERE id IN (
             SELECT k.id FROM temp.kept_attempts k JOIN main.attempts a
             ON a.id = k.id AND a.started_at = k.started_at);
         UPDATE temp.kept_attempts
             SET new_id = (SELECT coalesce(max(id), 0) FROM main.attempts) + rowid
             WHERE id IN (SELECT id FROM main.attempts);",
    )?;
    let columns = |table: &str| -> Result<String> {
        let mut stmt = tx.prepare(&format!("SELECT name FROM pragma_table_info('{table}')"))?;
        let names = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(names
            .iter()
            .map(|n| format!("\"{n}\""))
            .collect::<Vec<_>>()
            .join(", "))
    };
    let attempt_cols = columns("attempts")?;
    let picked = attempt_cols.replacen("\"id\"", "new_id", 1);
    tx.execute(
        &format!(
            "INSERT INTO main.attempts ({attempt_cols}) SELECT {picked} FROM temp.kept_attempts"
        ),
        [],
    )?;
    // the answers under the attempt's number now, each a new row
    let answer_cols = columns("answers")?.replacen("\"id\", ", "", 1);
    let picked = answer_cols.replacen(
        "\"attempt_id\"",
        "(SELECT new_id FROM temp.kept_attempts k WHERE k.id = x.attempt_id)",
        1,
    );
    tx.execute(
        &format!(
            "INSERT INTO main.answers ({answer_cols}) SELECT {picked} FROM temp.kept_answers x"
        ),
        [],
    )?;
    tx.execute_batch(
        "INSERT INTO main.events (at, kind, data)
             SELECT x.at, x.kind, json_set(x.data, '$.attempt',
                 (SELECT new_id FROM temp.kept_attempts k
                  WHERE k.id = json_extract(x.data, '$.attempt')))
             FROM temp.kept_events x
             WHERE NOT EXISTS (SELECT 1 FROM main.events e
                 WHERE e.at = x.at AND e.kind = x.kind AND e.data = x.data)
             ORDER BY x.id;
         UPDATE temp.kept_cards
             SET attempt = (SELECT new_id FROM temp.kept_attempts k WHERE k.id = kept_cards.attempt)
             WHERE attempt IN (SELECT id FROM temp.kept_attempts);
         DELETE FROM main.wrong_book
             WHERE (bank_id, question_id) IN (SELECT bank_id, question_id FROM temp.kept_questions);
         INSERT INTO main.wrong_book SELECT * FROM temp.kept_wrong;
         DELETE FROM main.review_cards
             WHERE (bank_id, question_id) IN (SELECT bank_id, question_id FROM temp.kept_questions);
         INSERT INTO main.review_cards SELECT * FROM temp.kept_cards;
         DROP TABLE temp.kept_attempts;
         DROP TABLE temp.kept_answers;
         DROP TABLE temp.kept_events;
         DROP TABLE temp.kept_questions;
         DROP TABLE temp.kept_wrong;
         DROP TABLE temp.kept_cards;",
    )?;
    Ok(())
}
