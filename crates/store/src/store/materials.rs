//! Materials: the member's imports, removing one, and the library listing (the bundled
//! materials' sync is `bundled_sync.rs`).

use std::collections::HashSet;

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{Result, Store, StoreError, ts};
use crate::domain::material::{Material, Meta, Origin, Position, Progress, Summary};
use crate::domain::removal;
use crate::markdown::parse_markdown;

/// What an import of the member's own materials did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ImportReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
}

pub(super) fn upsert(
    tx: &Transaction<'_>,
    m: &Material,
    origin: Origin,
    hash: &str,
    sort_key: &str,
    now: &str,
) -> Result<crate::domain::doc::Doc> {
    let doc = parse_markdown(&m.body);
    let chars = doc.char_count() as i64;
    let tags = serde_json::to_string(&m.meta.tags).unwrap_or_else(|_| "[]".into());
    // (cached: an import runs these once a material, and preparing them was 6% of its time)
    tx.prepare_cached(
        "INSERT INTO materials (id, origin, title, column_name, source, date, tags, summary,
                                chars, hash, sort_key, in_bundle, added_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, 1, ?12, ?12)
         ON CONFLICT(id) DO UPDATE SET
            origin = excluded.origin, title = excluded.title, column_name = excluded.column_name,
            source = excluded.source, date = excluded.date, tags = excluded.tags,
            summary = excluded.summary, chars = excluded.chars,
            hash = excluded.hash, sort_key = excluded.sort_key, in_bundle = 1,
            updated_at = excluded.updated_at",
    )?
    .execute(params![
        m.meta.id,
        origin.as_str(),
        m.meta.title,
        m.meta.column,
        m.meta.source,
        m.meta.date,
        tags,
        m.meta.summary,
        chars,
        hash,
        sort_key,
        now
    ])?;
    tx.prepare_cached(
        "INSERT INTO material_bodies (material_id, body) VALUES (?1, ?2)
         ON CONFLICT(material_id) DO UPDATE SET body = excluded.body",
    )?
    .execute(params![m.meta.id, m.body])?;
    super::search::queue(tx, &m.meta.id)?;
    super::annotations::reanchor_all(tx, &m.meta.id, &doc)?;
    Ok(doc)
}

impl Store {
    /// Imports the member's own materials, all or nothing. An id that belongs to a bundled
    /// material is refused; re-importing one of the member's own updates it and keeps progress.
    /// Begins an import of the member's materials one at a time ([`UserImport`]).
    /// Its materials (some `files`, for the indexer's budget) are indexed for search beside it
    /// when that can be (`engine/beside.rs`).
    pub fn begin_user_import(&mut self, now: Timestamp, files: usize) -> Result<UserImport<'_>> {
        self.catch_up_before_import();
        let store: &Store = self;
        let tx = rusqlite::Transaction::new_unchecked(
            &store.conn,
            rusqlite::TransactionBehavior::Immediate,
        )?;
        let beside = store.index_beside(&tx, files);
        Ok(UserImport {
            tx,
            now: ts(now),
            report: ImportReport::default(),
            beside,
            store,
        })
    }

    pub fn import_user(
        &mut self,
        items: &[(Material, String)],
        now: Timestamp,
    ) -> Result<ImportReport> {
        let tx = self.write_tx()?;
        let report = import_user_tx(&tx, items, now)?;
        tx.commit()?;
        Ok(report)
    }

    /// Ids of the bundled materials in the database.
    pub fn bundled_ids(&self) -> Result<HashSet<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM materials WHERE origin = 'bundled'")?;
        let ids = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Notes that the app was opened on `day` (登录): once a day, later opens change nothing.
    pub fn record_open(&mut self, day: jiff::civil::Date) -> Result<()> {
        self.conn.execute(
            "INSERT OR IGNORE INTO opened_days (day) VALUES (?1)",
            [day.to_string()],
        )?;
        Ok(())
    }

    /// The days the app was opened, oldest first.
    pub fn opened_days(&self) -> Result<Vec<jiff::civil::Date>> {
        let mut stmt = self
            .conn
            .prepare("SELECT day FROM opened_days ORDER BY day")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        Ok(rows
            .filter_map(|d| d.ok().and_then(|d| d.parse().ok()))
            .collect())
    }

    /// The material the member read last (its progress saved most recently), if any: where
    /// the library opens.
    pub fn last_read(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT material_id FROM progress ORDER BY updated_at DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// The library: every material without its body, bundled ones first in bundle order, then
    /// the member's own in import order.
    pub fn list_materials(&self) -> Result<Vec<Summary>> {
        let mut out = Vec::new();
        self.each_material(|s| {
            out.push(s);
            Ok(())
        })?;
        Ok(out)
    }

    /// Every material's summary in the library's order, one at a time (a listing of a large
    /// archive need not hold them all).
    pub fn each_material(&self, f: impl FnMut(Summary) -> Result<()>) -> Result<()> {
        self.each_in_order(
            "SELECT m.id, m.title, m.column_name, m.source, m.date, m.tags, m.summary,
                    m.origin, p.block, p.offset, p.percent, p.read_at, m.chars, m.in_bundle
             FROM materials m LEFT JOIN progress p ON p.material_id = m.id
             ORDER BY m.origin = 'user', m.sort_key",
            f,
        )
    }

    /// The library as the TUI lists it, in its order: each material's summary without what the
    /// list does not show (the summary text and the tags stay empty), the first `limit` only
    /// when given — read through the `materials_order` index, so the first screen of a large
    /// archive costs no sort of all of it.
    pub fn library(&self, limit: Option<usize>) -> Result<Vec<Summary>> {
        let mut out = Vec::new();
        self.each_in_order(&library_sql(limit), |s| {
            out.push(s);
            Ok(())
        })?;
        Ok(out)
    }

    /// SQLite's plan for [`Store::library`]'s query (for the test that it reads the index).
    #[doc(hidden)]
    pub fn library_plan(&self, limit: Option<usize>) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare(&format!("EXPLAIN QUERY PLAN {}", library_sql(limit)))?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The member's progress in every material begun (a refresh of the library after reading
    /// reads this, not the whole library again).
    pub fn all_progress(&self) -> Result<Vec<(String, Progress)>> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT p.material_id, p.block, p.offset, p.percent, p.read_at FROM progress p",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, progress_from(r, 1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    fn each_in_order(&self, sql: &str, mut f: impl FnMut(Summary) -> Result<()>) -> Result<()> {
        let mut stmt = self.conn.prepare(sql)?;
        let rows = stmt.query_map([], |r| {
            let (meta, origin, progress) = common_columns(r)?;
            Ok(Summary {
                meta,
                origin,
                progress,
                chars: r.get::<_, i64>(12)?.max(0) as usize,
                in_bundle: r.get(13)?,
            })
        })?;
        for row in rows {
            f(row?)?;
        }
        Ok(())
    }

    /// One material with its body and the member's progress in it.
    pub fn material(&self, id: &str) -> Result<(Material, Origin, Progress)> {
        self.conn
            .query_row(
                "SELECT m.id, m.title, m.column_name, m.source, m.date, m.tags, m.summary,
                        m.origin, p.block, p.offset, p.percent, p.read_at, b.body
                 FROM materials m
                 JOIN material_bodies b ON b.material_id = m.id
                 LEFT JOIN progress p ON p.material_id = m.id
                 WHERE m.id = ?1",
                [id],
                |r| {
                    let (meta, origin, progress) = common_columns(r)?;
                    Ok((
                        Material {
                            meta,
                            body: r.get(12)?,
                        },
                        origin,
                        progress,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchMaterial(id.to_string()))
            .and_then(|(m, origin, mut progress)| {
                progress.read_secs = self.conn.query_row(
                    "SELECT coalesce(sum(active_seconds), 0) FROM reading_sessions
                     WHERE material_id = ?1",
                    [id],
                    |r| r.get(0),
                )?;
                Ok((m, origin, progress))
            })
    }
}

/// The columns both the library and the reader select, in this order: id, title, column_name,
/// source, date, tags, summary, origin, then progress (block, offset, percent, read_at).
fn library_sql(limit: Option<usize>) -> String {
    let limit = limit.map_or(-1, |n| i64::try_from(n).unwrap_or(i64::MAX));
    format!(
        "SELECT m.id, m.title, m.column_name, m.source, m.date, '[]', '',
                m.origin, p.block, p.offset, p.percent, p.read_at, m.chars, m.in_bundle
         FROM materials m LEFT JOIN progress p ON p.material_id = m.id
         ORDER BY m.origin = 'user', m.sort_key LIMIT {limit}"
    )
}

fn common_columns(r: &rusqlite::Row<'_>) -> rusqlite::Result<(Meta, Origin, Progress)> {
    let tags: String = r.get(5)?;
    let meta = Meta {
        id: r.get(0)?,
        title: r.get(1)?,
        column: r.get(2)?,
        source: r.get(3)?,
        date: r.get(4)?,
        tags: serde_json::from_str(&tags).unwrap_or_default(),
        summary: r.get(6)?,
    };
    let origin = Origin::parse(&r.get::<_, String>(7)?).unwrap_or(Origin::User);
    Ok((meta, origin, progress_from(r, 8)?))
}

/// Reads (block, offset, percent, read_at) from a LEFT JOIN that may have found no progress.
fn progress_from(r: &rusqlite::Row<'_>, at: usize) -> rusqlite::Result<Progress> {
    let block: Option<i64> = r.get(at)?;
    let offset: Option<i64> = r.get(at + 1)?;
    let percent: Option<i64> = r.get(at + 2)?;
    let read_at: Option<String> = r.get(at + 3)?;
    Ok(Progress {
        position: Position {
            block: block.unwrap_or(0).max(0) as usize,
            offset: offset.unwrap_or(0).max(0) as usize,
        },
        percent: percent.unwrap_or(0).clamp(0, 100) as u8,
        read: read_at.is_some(),
        read_secs: 0,
    })
}

/// What removing something would leave behind for the member to know.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Removed {
    /// It existed and was removed.
    pub found: bool,
    /// Plans whose items use it (their items stay, and say it is gone).
    pub used_by_plans: Vec<String>,
}

impl Store {
    /// Removes one of the member's own materials: its text, progress, search entry and
    /// reading sessions. What the member did with it stays in the study log (reading time,
    /// finishing it, notes), so reports keep it. A bundled material cannot be removed.
    pub fn remove_material(&mut self, id: &str) -> Result<Removed> {
        let tx = self.write_tx()?;
        let removed = remove_material_tx(&tx, id)?;
        tx.commit()?;
        Ok(removed)
    }
}

/// [`Store::import_user`] inside a transaction the caller holds (a pack's import).
pub(crate) fn import_user_tx(
    tx: &rusqlite::Transaction<'_>,
    items: &[(Material, String)],
    now: Timestamp,
) -> Result<ImportReport> {
    let now_s = ts(now);
    let mut report = ImportReport::default();
    for (m, hash) in items {
        import_one(tx, m, hash, &now_s, &mut report)?;
    }
    Ok(report)
}

/// One of the member's materials into the transaction: added, updated, or left (unchanged).
fn import_one(
    tx: &rusqlite::Transaction<'_>,
    m: &Material,
    hash: &str,
    now_s: &str,
    report: &mut ImportReport,
) -> Result<Option<(crate::domain::doc::Doc, bool)>> {
    let existing: Option<(String, String, String)> = tx
        .prepare_cached("SELECT origin, hash, sort_key FROM materials WHERE id = ?1")?
        .query_row([&m.meta.id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    match existing {
        Some((origin, _, _)) if origin == Origin::Bundled.as_str() => {
            return Err(StoreError::BundledId(m.meta.id.clone()));
        }
        Some((_, old_hash, _)) if old_hash == hash => report.unchanged += 1,
        Some((_, _, key)) => {
            let doc = upsert(tx, m, Origin::User, hash, &key, now_s)?;
            report.updated += 1;
            return Ok(Some((doc, true)));
        }
        None => {
            let key = format!("user/{now_s}/{}", m.meta.id);
            let doc = upsert(tx, m, Origin::User, hash, &key, now_s)?;
            report.added += 1;
            return Ok(Some((doc, false)));
        }
    }
    Ok(None)
}

/// An import of the member's materials one at a time, in one transaction: memory does not grow
/// with their number, and nothing is kept unless [`UserImport::commit`] is reached (an error,
/// Ctrl-C or a kill before it leaves the database as it was).
pub struct UserImport<'a> {
    tx: rusqlite::Transaction<'a>,
    now: String,
    report: ImportReport,
    /// The materials written, indexed beside the import (`None`: by a catch-up after it).
    beside: Option<super::engine::Beside>,
    store: &'a Store,
}

impl UserImport<'_> {
    pub fn add(&mut self, m: &Material, hash: &str) -> Result<()> {
        let written = import_one(&self.tx, m, hash, &self.now, &mut self.report)?;
        if let (Some(beside), Some((doc, replaces))) = (self.beside.as_mut(), written) {
            let meta = &m.meta;
            beside.add(
                &meta.id,
                &meta.title,
                &meta.column,
                doc.plain_text(),
                replaces,
            );
        }
        Ok(())
    }

    /// Keeps the import (and the index built beside it, which is what makes this take a while
    /// at the end of a large one: its last segments written and merged).
    pub fn commit(mut self) -> Result<ImportReport> {
        match self.beside.take() {
            Some(beside) => self.store.commit_beside(beside, self.tx)?,
            None => self.tx.commit()?,
        }
        Ok(self.report)
    }
}

/// [`Store::remove_material`] inside a transaction the caller holds.
pub(crate) fn remove_material_tx(tx: &rusqlite::Transaction<'_>, id: &str) -> Result<Removed> {
    let origin: Option<String> = tx
        .query_row("SELECT origin FROM materials WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .optional()?;
    let Some(origin) = origin else {
        return Ok(Removed::default());
    };
    // the rule (domain::removal): a bundled material comes back at every start; an origin this
    // build does not know counts as the member's
    let origin = Origin::parse(&origin).unwrap_or(Origin::User);
    if removal::material(origin) != removal::Verdict::Allowed {
        return Err(StoreError::BundledId(id.to_string()));
    }
    let used_by_plans = plans_using(tx, "material_id", id)?;
    super::search::queue(tx, id)?;
    tx.execute("DELETE FROM reading_sessions WHERE material_id = ?1", [id])?;
    tx.execute("DELETE FROM progress WHERE material_id = ?1", [id])?;
    tx.execute("DELETE FROM materials WHERE id = ?1", [id])?;
    Ok(Removed {
        found: true,
        used_by_plans,
    })
}

/// Plans with an item whose `column` is `id`.
pub(crate) fn plans_using(
    conn: &rusqlite::Connection,
    column: &str,
    id: &str,
) -> Result<Vec<String>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT DISTINCT plan_id FROM plan_items WHERE {column} = ?1 ORDER BY plan_id"
    ))?;
    let rows = stmt.query_map([id], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
