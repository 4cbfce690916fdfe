//! Full-text search. A write that changes a material queues it here, in its own transaction;
//! the engine (`engine.rs`) indexes the queue before the next search (or when a command asks,
//! with progress), so the index is never behind what a search can see.

use std::cell::RefMut;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::engine::Engine;
use super::{Result, Store};
use crate::domain::search::{SearchHit, Snippet};
use crate::markdown::parse_markdown;
use crate::text::search::Query;

/// The search index of a database being opened on a thread of its own, while the caller
/// opens the database ([`IndexOpening::start`], then [`Store::with_index`]): a search at a
/// million materials opens both, some 2 and 1.5 ms, one after the other before.
pub struct IndexOpening {
    dir: PathBuf,
    thread: std::thread::JoinHandle<Result<Engine>>,
}

impl IndexOpening {
    /// Starts opening the index of the database at `db`; `None` when it has none yet (the
    /// store then makes it) or no thread could be had.
    pub fn start(db: &Path) -> Option<IndexOpening> {
        let dir = super::engine::index_dir(db);
        if !dir.join("meta.json").is_file() {
            return None;
        }
        let at = dir.clone();
        let thread = std::thread::Builder::new()
            .name("xuexi-index".into())
            .spawn(move || Engine::open(Some(&at), false))
            .ok()?;
        Some(IndexOpening { dir, thread })
    }
}

impl Store {
    /// This store, to search with the index `opening` opens when it is this database's and
    /// opens (else the store opens its own at the first search, as without it).
    pub fn with_index(self, opening: Option<IndexOpening>) -> Store {
        let own = self.path.as_deref().map(super::engine::index_dir);
        *self.opening.borrow_mut() = opening.filter(|o| own.as_ref() == Some(&o.dir));
        self
    }
}

/// Queues a material for (re)indexing — after a change to it, or its removal.
pub(crate) fn queue(conn: &Connection, id: &str) -> Result<()> {
    conn.prepare_cached("INSERT OR IGNORE INTO search_queue (material_id) VALUES (?1)")?
        .execute([id])?;
    Ok(())
}

/// Characters of context either side of an occurrence in a snippet.
pub const CONTEXT_CHARS: usize = 18;
/// Snippets kept per material.
pub const SNIPPETS: usize = 3;

/// Cuts snippets from `text` around `occ` (byte ranges, sorted): each within its line, with
/// the occurrences inside it marked.
pub fn snippets(text: &str, occ: &[std::ops::Range<usize>], max: usize) -> Vec<Snippet> {
    let mut out: Vec<Snippet> = Vec::new();
    let mut covered = 0usize;
    for r in occ {
        if out.len() >= max {
            break;
        }
        if r.start < covered {
            continue;
        }
        let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
        let before: Vec<(usize, char)> = text[line_start..r.start].char_indices().collect();
        let start = if before.len() > CONTEXT_CHARS {
            line_start + before[before.len() - CONTEXT_CHARS].0
        } else {
            line_start
        };
        let end = text[r.end..line_end]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(line_end, |(i, _)| r.end + i);
        let marks = occ
            .iter()
            .filter(|o| o.start >= start && o.end <= end)
            .map(|o| (o.start - start, o.end - start))
            .collect();
        out.push(Snippet {
            text: text[start..end].to_string(),
            marks,
            cut_before: start > line_start,
            cut_after: end < line_end,
        });
        covered = end;
    }
    out
}

/// The reader position of a byte offset in a body's plain text (one block a line).
pub fn position_of(plain: &str, offset: usize) -> crate::domain::material::Position {
    let before = &plain[..offset.min(plain.len())];
    let block = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    crate::domain::material::Position {
        block,
        offset: offset - line_start,
    }
}

impl Store {
    /// The engine, opened at first use: in the folder beside the database (made when missing
    /// unless read-only), or in memory for an in-memory database.
    fn engine(&self) -> Result<RefMut<'_, Engine>> {
        let mut slot = self.engine.borrow_mut();
        if slot.is_none() {
            let dir = self.path.as_deref().map(super::engine::index_dir);
            // (opened beside the database when the caller asked, if it opened)
            let early = self.opening.borrow_mut().take();
            let early = early.and_then(|o| o.thread.join().ok()?.ok());
            let opened =
                match early.map_or_else(|| Engine::open(dir.as_deref(), !self.read_only), Ok) {
                    Err(_) if self.read_only => Engine::in_memory_of(&self.conn)?,
                    Err(e) => {
                        // a damaged or foreign index is made again from the materials
                        tracing::warn!("search index: {e}; building it again");
                        if let Some(d) = &dir {
                            clear_index_place(d);
                        }
                        Engine::open(dir.as_deref(), true)?
                    }
                    Ok(e) => e,
                };
            let mut opened = opened;
            // (opened at the newest commit: no reload until the database moves on)
            opened.loaded_now(&self.conn)?;
            *slot = Some(opened);
        }
        // (set just above when it was empty)
        Ok(RefMut::map(slot, |s| s.as_mut().expect("engine opened")))
    }

    /// Brings the search index up to the database: the materials queued since the last
    /// catch-up, or all of them when the index is not this database's. `progress` hears
    /// (done, of). Returns how many were indexed. Nothing to do for a read-only store.
    pub fn catch_up_search(&self, progress: &mut dyn FnMut(usize, usize)) -> Result<usize> {
        if self.read_only {
            return Ok(0);
        }
        let mut engine = self.engine()?;
        if !self.search_queued()? && engine.in_step(&self.conn)? {
            return Ok(0);
        }
        engine.catch_up(&self.conn, progress)
    }

    /// Before an import: a search index a little behind (the bundled materials of a new data
    /// folder, a few changes queued) is brought up first, so that the import's materials can
    /// be indexed beside it. One far behind (a restored database) is left to the catch-up after
    /// the import, which shows its progress.
    pub(crate) fn catch_up_before_import(&self) {
        const LITTLE: i64 = 2_000;
        // how many materials the index lacks (all of them when it is not the database's, which
        // with none at all is still worth a catch-up: an index committed at its generation)
        let owed = || -> Result<Option<i64>> {
            let count =
                |sql: &str| -> Result<i64> { Ok(self.conn.query_row(sql, [], |r| r.get(0))?) };
            if self.engine()?.in_step(&self.conn)? {
                let queued = count("SELECT count(*) FROM search_queue")?;
                Ok((queued > 0).then_some(queued))
            } else {
                count("SELECT count(*) FROM materials").map(Some)
            }
        };
        if self.read_only {
            return;
        }
        match owed() {
            Ok(Some(n)) if n <= LITTLE => {
                if let Err(e) = self.catch_up_search(&mut |_, _| {}) {
                    tracing::warn!("search index before an import: {e}");
                }
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("search index before an import: {e}"),
        }
    }

    /// An indexer beside the import whose transaction `tx` has just begun, when the index is
    /// this database's and nothing is queued (read under the import's write lock).
    pub(crate) fn index_beside(
        &self,
        tx: &Connection,
        files: usize,
    ) -> Option<super::engine::Beside> {
        if self.read_only {
            return None;
        }
        let start = || -> Result<Option<super::engine::Beside>> {
            let queued: bool =
                tx.query_row("SELECT EXISTS(SELECT 1 FROM search_queue)", [], |r| {
                    r.get(0)
                })?;
            let engine = self.engine()?;
            if queued || !engine.in_step(tx)? {
                return Ok(None);
            }
            engine.beside(files).map(Some)
        };
        start().unwrap_or_else(|e| {
            tracing::warn!("search index beside an import: {e}");
            None
        })
    }

    /// Ends an import indexed beside (`Engine::commit_beside`), committing its transaction.
    pub(crate) fn commit_beside(
        &self,
        beside: super::engine::Beside,
        tx: rusqlite::Transaction<'_>,
    ) -> Result<()> {
        self.engine()?.commit_beside(beside, tx)
    }

    /// Has the search index work to do before a search: materials queued, or an index that is
    /// not this database's (none yet, another engine's version, a restored database)? Cheap:
    /// the index's segments are not opened.
    pub fn search_behind(&self) -> Result<bool> {
        if self.read_only {
            return Ok(false);
        }
        if self.search_queued()? {
            return Ok(true);
        }
        // (the index's last commit is read from its folder, opened or not; an index that
        // cannot be read is behind: the catch-up builds it again)
        Ok(self.path.as_deref().is_some_and(|db| {
            !Engine::in_step_on_disk(&super::engine::index_dir(db), &self.conn).unwrap_or(false)
        }))
    }

    /// Are materials waiting to be indexed?
    pub fn search_queued(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS(SELECT 1 FROM search_queue)", [], |r| {
                r.get(0)
            })?)
    }

    /// The engine, caught up and loaded at the newest commit. A catch-up that fails (a full
    /// disk) leaves the search on the index as it was.
    fn ready_engine(&self) -> Result<RefMut<'_, Engine>> {
        if let Err(e) = self.catch_up_search(&mut |_, _| {}) {
            tracing::warn!("search index not brought up to date: {e}");
        }
        let mut engine = self.engine()?;
        engine.refresh(&self.conn)?;
        Ok(engine)
    }

    /// How many materials the search index holds, once caught up.
    pub fn indexed_materials(&self) -> Result<u64> {
        Ok(self.ready_engine()?.len())
    }

    /// How many materials hold every term of `query` (optionally only in `column`).
    pub fn search_count(&self, query: &Query, column: Option<&str>) -> Result<usize> {
        self.ready_engine()?.count(query, column)
    }

    /// Materials where every term of `query` occurs, best first (bm25, the title weighing ten
    /// times the text), at most `limit`, optionally only in `column`.
    pub fn search(
        &self,
        query: &Query,
        column: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        let ids = self.ready_engine()?.top(query, column, limit)?;
        let mut row = self.conn.prepare_cached(
            "SELECT m.title, m.column_name, b.body FROM materials m
             JOIN material_bodies b ON b.material_id = m.id WHERE m.id = ?1",
        )?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            let Some((title, column, body)) = row
                .query_row(params![id], |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, String>(2)?,
                    ))
                })
                .optional()?
            else {
                // (removed by another process since the index was loaded)
                continue;
            };
            let plain = parse_markdown(&body).plain_text();
            let occ = query.occurrences(&plain);
            out.push(SearchHit {
                first: occ.first().map(|r| position_of(&plain, r.start)),
                snippets: snippets(&plain, &occ, SNIPPETS),
                // the places in the text, as the reader's find counts them (the title's were
                // counted too: 15 处 here, 1/14 there)
                hits: occ.len(),
                id,
                title,
                column,
            });
        }
        Ok(out)
    }
}

/// Makes room for the index at `dir`: a damaged index folder is removed (it is made again from
/// the materials); anything else in its place (a plain file, a link) is moved aside under
/// another name, and only removed when it cannot be moved, so that a search never fails on it
/// forever.
fn clear_index_place(dir: &std::path::Path) {
    match std::fs::symlink_metadata(dir) {
        Ok(m) if m.is_dir() => {
            let _ = std::fs::remove_dir_all(dir);
        }
        Ok(_) => {
            let stamp = jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ");
            let aside = std::path::PathBuf::from(format!("{}.moved-{stamp}", dir.display()));
            tracing::warn!(path = %dir.display(), aside = %aside.display(), "no folder where the search index belongs: moved aside");
            if std::fs::rename(dir, &aside).is_err() {
                let _ = std::fs::remove_file(dir);
            }
        }
        Err(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_stay_in_their_line_and_mark_hits() {
        let text = "第一行\n一二三四五六七八九十一二三四五六七八九十学习甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉学习\n末行";
        let q = Query::parse("学习").unwrap();
        let occ = q.occurrences(text);
        assert_eq!(occ.len(), 2);
        let s = snippets(text, &occ, 3);
        assert_eq!(s.len(), 2);
        assert!(s[0].text.starts_with("三四五"), "{:?}", s[0].text);
        assert!(!s[0].text.contains('\n'));
        let (a, b) = s[0].marks[0];
        assert_eq!(&s[0].text[a..b], "学习");
        assert!(s[1].text.ends_with("学习"));
        assert_eq!(position_of(text, occ[0].start).block, 1);
        assert_eq!(position_of(text, occ[0].start).offset, 60);
    }
}
