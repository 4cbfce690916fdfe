//! An import's materials indexed on a thread beside it, while it writes them to the database:
//! the import's own work (reading, checking, hashing, SQLite) and the indexer's then share the
//! machine's two cores, where a catch-up after the import did them one after the other.
//!
//! Only when the index is this database's and nothing is queued as the import begins (under
//! its write lock): the index then lacks exactly what the import writes. The materials are
//! still queued in the import's transaction, as every write is; at its end the index is
//! committed at a fresh generation, then that transaction clears the queue, stores the
//! generation and commits. So a crash before the index's commit leaves both as they were; a
//! crash between the two leaves an index whose generation the database never had, rebuilt at
//! the next search, as after a crash between a catch-up's two commits. When something goes
//! wrong beside the import (a full disk under the index), the indexer is dropped: the import
//! goes on, its materials stay queued, and the catch-up after it indexes them as before.

use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;

use tantivy::index::SegmentMeta;
use tantivy::indexer::NoMergePolicy;
use tantivy::{Index, IndexWriter, TantivyDocument, Term};

use super::new_generation;
use super::{Building, Engine, Fields, GENERATION_KEY, SmallMerges, WRITER_BUDGET};
use crate::store::{Result, StoreError};

/// Materials waiting for the indexer (a few hundred KB of text at most).
const WAITING: usize = 16;
/// The indexer's budget gives up this much a file of the import (whose own lists of files and
/// ids, some 40 bytes a file, are held beside it), down to [`LEAST_BUDGET`]: 27.2 MB at 20,000
/// files, 24 MB at 100,000 (27.2 took 100,000 topical materials to 61 MiB, the target being
/// 60; 24, to 54), 20 MB from 200,000 (28 took a million to 98 MB, 20 to 89).
const BUDGET_A_FILE: usize = 40;
const LEAST_BUDGET: usize = 20_000_000;

/// The indexer's budget beside an import of `files` files.
fn budget(files: usize) -> usize {
    WRITER_BUDGET
        .saturating_sub(files.saturating_mul(BUDGET_A_FILE))
        .max(LEAST_BUDGET)
}

/// The indexer beside an import ([`Engine::beside`]).
pub(crate) struct Beside {
    f: Fields,
    /// Taken while the import runs: no other catch-up writes the index meanwhile.
    writer: IndexWriter,
    thread: Thread,
    /// Did the import change a material the index already held?
    replaces: bool,
}

impl Engine {
    /// An indexer for an import of some `files` that begins now, on its own thread. The caller
    /// has checked that the index is in step with the database and nothing is queued.
    pub(crate) fn beside(&self, files: usize) -> Result<Beside> {
        let writer = self.writer()?;
        // (merged once all are written, as in a catch-up: see `catch_up`)
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let (send, receive) = sync_channel(WAITING);
        let index = writer.index().clone();
        let budget = budget(files);
        let thread = std::thread::Builder::new()
            .name("xuexi-index".into())
            .spawn(move || build(&index, receive, budget))?;
        Ok(Beside {
            f: self.f,
            writer,
            thread: Thread {
                send: Some(send),
                handle: Some(thread),
            },
            replaces: false,
        })
    }

    /// Ends `beside`: the index committed with every material handed over at a new
    /// generation, which `tx` (the import's transaction) then stores, with the queue cleared,
    /// and commits. When the indexer failed, `tx` is committed with its materials queued.
    pub(crate) fn commit_beside(
        &mut self,
        mut beside: Beside,
        tx: rusqlite::Transaction<'_>,
    ) -> Result<()> {
        let generation = match beside.finish().and_then(|segments| {
            let writer = &mut beside.writer;
            if beside.replaces {
                self.take_out_queued(writer, &tx)?;
            }
            for meta in segments {
                writer.add_segment(meta)?;
            }
            writer.set_merge_policy(Box::new(SmallMerges));
            let generation = new_generation();
            let mut commit = writer.prepare_commit()?;
            commit.set_payload(&generation);
            commit.commit()?;
            Ok(generation)
        }) {
            Ok(g) => g,
            Err(e) => {
                // (whether or not the index took a commit, its generation is not the
                // database's: the queue, kept, brings it up)
                tracing::warn!("search index beside the import: {e}; indexing it after");
                drop(beside);
                tx.commit()?;
                return Ok(());
            }
        };
        tx.execute("DELETE FROM search_queue", [])?;
        super::super::put_meta(&tx, GENERATION_KEY, &generation)?;
        tx.commit()?;
        // the merges the commit started, waited for (the writer's lock is let go after them)
        if let Err(e) = beside.writer.wait_merging_threads() {
            tracing::warn!("search index: merging after the import: {e}");
        }
        self.reader.reload()?;
        self.loaded = Some(generation);
        Ok(())
    }

    /// The earlier versions of the queued materials taken out of the index, in a commit of
    /// their own before the import's segments are given to the writer: a deletion waiting in
    /// the writer would reach them too. The commit's generation is a fresh one, never the
    /// database's, so that a crash after it has the index rebuilt (the database still holds
    /// those earlier versions).
    fn take_out_queued(
        &mut self,
        writer: &mut IndexWriter,
        tx: &rusqlite::Connection,
    ) -> Result<()> {
        self.reader.reload()?;
        let searcher = self.reader.searcher();
        let mut stmt = tx.prepare("SELECT material_id FROM search_queue")?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            let term = Term::from_field_text(self.f.id, &r.get::<_, String>(0)?);
            if searcher.doc_freq(&term)? > 0 {
                writer.delete_term(term);
            }
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&new_generation());
        commit.commit()?;
        Ok(())
    }
}

impl Beside {
    /// Hands a material the import has just written (its text as plain text) to the indexer;
    /// `replaces` when the database held an earlier version (which the index holds too, taken
    /// out at the commit). Nothing happens once the indexer has failed (the material stays
    /// queued, for the catch-up after the import).
    pub(crate) fn add(
        &mut self,
        id: &str,
        title: &str,
        column: &str,
        plain: String,
        replaces: bool,
    ) {
        let Some(send) = &self.thread.send else {
            return;
        };
        self.replaces |= replaces;
        if send
            .send(self.f.doc_of_plain(id, title, column, plain))
            .is_err()
        {
            // the indexer stopped on an error, which `finish` reports
            self.thread.send = None;
        }
    }

    /// Waits for the indexer to write its last segment: the segments that hold every material
    /// handed over, or the indexer's error.
    fn finish(&mut self) -> Result<Vec<SegmentMeta>> {
        self.thread.send = None;
        match self.thread.handle.take().map(JoinHandle::join) {
            Some(Ok(built)) => built,
            Some(Err(_)) => Err(StoreError::Search("the indexer stopped".into())),
            None => Err(StoreError::Search("the indexer was ended before".into())),
        }
    }
}

/// The indexer's thread and the way to it.
struct Thread {
    send: Option<SyncSender<TantivyDocument>>,
    handle: Option<JoinHandle<Result<Vec<SegmentMeta>>>>,
}

impl Drop for Thread {
    /// An import dropped (a problem found, the transaction rolled back): the indexer ends after
    /// its segment, whose files the index's next commit removes.
    fn drop(&mut self) {
        self.send = None;
        if let Some(t) = self.handle.take() {
            let _ = t.join();
        }
    }
}

/// The indexer's thread: each material into the segment being built, written out when the
/// budget is used.
fn build(
    index: &Index,
    docs: Receiver<TantivyDocument>,
    budget: usize,
) -> Result<Vec<SegmentMeta>> {
    let mut written = Vec::new();
    let mut building = Building::new(budget);
    for document in docs {
        written.extend(building.add(|| index.new_segment(), document)?);
    }
    written.extend(building.finish()?);
    Ok(written)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_indexers_budget_gives_way_to_a_large_imports_lists() {
        assert_eq!(super::budget(0), super::WRITER_BUDGET);
        assert_eq!(super::budget(100_000), super::WRITER_BUDGET - 4_000_000);
        assert_eq!(super::budget(20_000), super::WRITER_BUDGET - 800_000);
        assert_eq!(super::budget(1_000_000), super::LEAST_BUDGET);
        assert_eq!(super::budget(usize::MAX), super::LEAST_BUDGET);
    }
}
