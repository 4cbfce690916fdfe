//! The search engine: a tantivy index beside the database (`xuexi.db-search/`), which scores
//! matches straight from compressed postings and keeps only the best (FTS5's bm25, called for
//! every match through SQLite, took 1.6 s for a word in most of 100,000 materials).
//!
//! SQLite stays the truth. A write that changes a material queues its id (`search_queue`) in
//! the write's own transaction; [`Engine::catch_up`] indexes the queue, commits the index with a
//! fresh generation as its payload, then clears the queue and stores the same generation in
//! `meta` in one SQLite transaction. So after a crash anywhere the queue still names what the
//! index may lack (indexing it again is harmless), and an index whose generation is not the
//! database's (a restored file, a lost or damaged folder, a crash between the two commits) is
//! rebuilt from the materials.
//!
//! Tokens, as in `text::search`: a CJK character begins a bigram at its position, or, the last
//! of its run, is a run-end token (`国|`), one position further on when the run has bigrams; a
//! Latin word is one lower-case token. A query's tokens, placed the same way, are then a phrase
//! wherever its text occurs, and bigrams no more than two apart are enough to find it (the
//! rarest such: `engine_tokens::phrase_terms`). Every CJK character is also a token alone in a
//! field of its own, without positions, for one-character queries.
//!
//! A read-only store (a data folder the member cannot write) searches the index as it is, or,
//! when there is none, one built in memory for the session.

mod beside;
mod merges;
mod query;

pub(crate) use beside::Beside;

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, TransactionBehavior};
use tantivy::directory::MmapDirectory;
use tantivy::indexer::{AddOperation, IndexWriterOptions, NoMergePolicy, SegmentWriter};
use tantivy::schema::{
    Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::store::Compressor;
use tantivy::{Index, IndexReader, IndexSettings, ReloadPolicy, TantivyDocument, Term};

use super::engine_tokens::XuexiTokenizer;
use super::{Result, StoreError};
use crate::markdown::parse_markdown;
use merges::SmallMerges;

/// The `meta` key holding the generation the index was last committed at.
pub(crate) const GENERATION_KEY: &str = "search_generation";
/// Bump when the schema or the tokens change: every index made before is rebuilt.
const ENGINE_VERSION: &str = "2";
const TOKENIZER: &str = "xuexi";
const CHAR_TOKENIZER: &str = "xuexi_chars";
/// The indexer's memory before it writes a segment (tantivy's least is 15 MB). Most of it, in a
/// small segment, is the terms it has seen once (each a key, a posting list begun and a slot in
/// the table, which alone takes 4 MB): 16 MB held some 70 materials of dense text, 28 MB hold
/// some 570. So the budget buys far more than its size: at 20,000 materials, 28 MB made the
/// import 36 s of processor time against 72 at 16 MB (writing a segment, and merging eight into
/// one, cost by the terms, not by the materials), at the same peak (50 MB).
const WRITER_BUDGET: usize = 28_000_000;
/// Threads a search runs on.
const SEARCH_THREADS: usize = 2;
/// Room left in the budget when a segment is written (as tantivy's own writer leaves).
const MARGIN_IN_BYTES: usize = 1_000_000;
/// The title weighs this many times the text.
const TITLE_BOOST: f32 = 10.0;
/// How many bigrams a last character alone may stand for (`PhrasePrefixQuery` allocates room
/// for them all at every search).
const MAX_EXPANSIONS: u32 = 5_000;

/// The folder of the index that belongs to the database at `db`.
pub fn index_dir(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-search", db.display()))
}

#[derive(Clone, Copy)]
struct Fields {
    id: Field,
    column: Field,
    title: Field,
    body: Field,
    /// Every CJK character of the title / text alone, without positions (one-character queries).
    title_chars: Field,
    body_chars: Field,
}

impl Fields {
    /// A material's document, its text given as plain text (`Doc::plain_text` of its body).
    fn doc_of_plain(&self, id: &str, title: &str, column: &str, plain: String) -> TantivyDocument {
        let mut doc = TantivyDocument::default();
        doc.add_text(self.id, id);
        doc.add_text(self.column, column);
        doc.add_text(self.title, title);
        doc.add_text(self.title_chars, title);
        doc.add_text(self.body_chars, &plain);
        doc.add_text(self.body, plain);
        doc
    }
}

fn schema() -> (Schema, Fields) {
    let mut b = Schema::builder();
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    let chars = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(CHAR_TOKENIZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    let f = Fields {
        id: b.add_text_field("id", STRING | STORED),
        column: b.add_text_field("column", STRING),
        title: b.add_text_field("title", text.clone()),
        body: b.add_text_field("body", text),
        title_chars: b.add_text_field("title_chars", chars.clone()),
        body_chars: b.add_text_field("body_chars", chars),
    };
    (b.build(), f)
}

pub(crate) struct Engine {
    index: Index,
    /// The index's folder (`None`: in memory).
    dir: Option<PathBuf>,
    reader: IndexReader,
    f: Fields,
    /// The generation the reader was last loaded at.
    loaded: Option<String>,
}

impl From<tantivy::TantivyError> for StoreError {
    fn from(e: tantivy::TantivyError) -> Self {
        StoreError::Search(e.to_string())
    }
}

impl From<tantivy::directory::error::OpenDirectoryError> for StoreError {
    fn from(e: tantivy::directory::error::OpenDirectoryError) -> Self {
        StoreError::Search(e.to_string())
    }
}

impl Engine {
    /// Opens the index in `dir` (creating it when `create` and it is not there), or one in
    /// memory when `dir` is `None`.
    pub(crate) fn open(dir: Option<&Path>, create: bool) -> Result<Engine> {
        let (schema, f) = schema();
        let mut index = match dir {
            None => Index::builder()
                .schema(schema)
                .settings(settings())
                .create_in_ram()?,
            Some(d) => {
                if create {
                    std::fs::create_dir_all(d)?;
                }
                let dir = MmapDirectory::open(d)?;
                let index = if create {
                    Index::builder()
                        .schema(schema.clone())
                        .settings(settings())
                        .open_or_create(dir)?
                } else {
                    Index::open(dir)?
                };
                if index.schema() != schema {
                    return Err(StoreError::Search("another schema".into()));
                }
                index
            }
        };
        register(&index);
        // a query's segments searched on both cores of a small machine (a long phrase at
        // 100,000 materials is most of its time in checking positions, segment by segment)
        index.set_multithread_executor(SEARCH_THREADS)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Engine {
            index,
            dir: dir.map(Path::to_path_buf),
            reader,
            f,
            loaded: None,
        })
    }

    /// An index in memory of every material, for a store that cannot write its own.
    pub(crate) fn in_memory_of(conn: &Connection) -> Result<Engine> {
        let mut engine = Engine::open(None, true)?;
        let mut writer = engine.writer()?;
        let mut stmt = conn.prepare(
            "SELECT m.id, m.title, m.column_name, b.body FROM materials m
             JOIN material_bodies b ON b.material_id = m.id",
        )?;
        let mut rows = stmt.query([])?;
        while let Some(r) = rows.next()? {
            writer.add_document(engine.doc(
                &r.get::<_, String>(0)?,
                &r.get::<_, String>(1)?,
                &r.get::<_, String>(2)?,
                &r.get::<_, String>(3)?,
            ))?;
        }
        writer.commit()?;
        engine.reader.reload()?;
        engine.loaded = generation(conn)?;
        Ok(engine)
    }

    fn writer(&self) -> Result<tantivy::IndexWriter> {
        let options = IndexWriterOptions::builder()
            .memory_budget_per_thread(WRITER_BUDGET)
            .num_worker_threads(1)
            .num_merge_threads(1)
            .build();
        match &self.dir {
            // (reading what it merges range by range: see pread_dir.rs)
            Some(d) => {
                let index = Index::open(super::pread_dir::PreadDirectory::open(d)?)?;
                register(&index);
                Ok(index.writer_with_options(options)?)
            }
            None => Ok(self.index.writer_with_options(options)?),
        }
    }

    fn doc(&self, id: &str, title: &str, column: &str, body: &str) -> TantivyDocument {
        let plain = parse_markdown(body).plain_text();
        self.f.doc_of_plain(id, title, column, plain)
    }

    /// The generation of the last commit, with the engine's version (`None`: never committed).
    fn committed(&self) -> Result<Option<String>> {
        Ok(self.index.load_metas()?.payload)
    }

    /// The reader was just loaded at the newest commit, which is the database's generation.
    pub(crate) fn loaded_now(&mut self, conn: &Connection) -> Result<()> {
        self.loaded = generation(conn)?;
        Ok(())
    }

    /// Loads the newest commit for searching when the database says the index has moved on.
    pub(crate) fn refresh(&mut self, conn: &Connection) -> Result<()> {
        let now = generation(conn)?;
        if now != self.loaded {
            self.reader.reload()?;
            self.loaded = now;
        }
        Ok(())
    }

    /// Does the index belong to this database as it was at its last catch-up, made by this
    /// engine's version (a generation begins with the version that committed it)?
    pub(crate) fn in_step(&self, conn: &Connection) -> Result<bool> {
        in_step_at(self.committed()?, conn)
    }

    /// Is the index at `dir` this database's, made by this engine? Read from its last
    /// commit alone, without opening its segments: what a start asks, to build it with a bar
    /// rather than at the first search.
    pub(crate) fn in_step_on_disk(dir: &Path, conn: &Connection) -> Result<bool> {
        if !dir.join("meta.json").exists() {
            return Ok(false);
        }
        let index = Index::open(MmapDirectory::open(dir)?)?;
        in_step_at(index.load_metas()?.payload, conn)
    }

    /// Indexes what the queue names (every material when the index is not in step), commits
    /// both sides, and says how far it got to `progress` (done, of). Holds the database's write
    /// lock throughout: two catch-ups never run at once.
    pub(crate) fn catch_up(
        &mut self,
        conn: &Connection,
        progress: &mut dyn FnMut(usize, usize),
    ) -> Result<usize> {
        let tx = rusqlite::Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        let rebuild = !self.in_step(&tx)?;
        if rebuild {
            tx.execute(
                "INSERT OR IGNORE INTO search_queue (material_id) SELECT id FROM materials",
                [],
            )?;
        }
        let total: usize = tx.query_row("SELECT count(*) FROM search_queue", [], |r| {
            r.get::<_, i64>(0).map(|n| n.max(0) as usize)
        })?;
        if total == 0 && !rebuild {
            return Ok(0);
        }
        let mut writer = self.writer()?;
        let id_field = self.f.id;
        if rebuild {
            writer.delete_all_documents()?;
        } else {
            // the queued materials the index holds are taken out first, in a commit of their
            // own (at the generation it had: a crash after it leaves them queued), so that the
            // segments added below are not subject to them
            self.reader.reload()?;
            let searcher = self.reader.searcher();
            let mut held = false;
            let mut stmt = tx.prepare("SELECT material_id FROM search_queue")?;
            let mut rows = stmt.query([])?;
            while let Some(r) = rows.next()? {
                let term = Term::from_field_text(id_field, &r.get::<_, String>(0)?);
                if searcher.doc_freq(&term)? > 0 {
                    writer.delete_term(term);
                    held = true;
                }
            }
            if held {
                let mut commit = writer.prepare_commit()?;
                if let Some(g) = self.committed()? {
                    commit.set_payload(&g);
                }
                commit.commit()?;
            }
        }
        let mut stmt = tx.prepare(
            "SELECT q.material_id, m.title, m.column_name, b.body
             FROM search_queue q
             LEFT JOIN materials m ON m.id = q.material_id
             LEFT JOIN material_bodies b ON b.material_id = q.material_id",
        )?;
        let mut rows = stmt.query([])?;
        // segments are written here, one at a time, rather than handed to the writer's own
        // thread, whose queue holds up to 10,000 documents (some 60 MB of text at the end of an
        // import): memory stays at the segment's budget whatever the number of materials
        let mut building = Building::new(WRITER_BUDGET);
        // merged once all are written, not while: a merge beside the segment being built adds
        // its memory to the budget's (at 20,000 with merges of eight beside it, 61 MB at a 24 MB
        // budget); a larger budget alone saves more time than the second core did
        writer.set_merge_policy(Box::new(NoMergePolicy));
        let mut done = 0;
        while let Some(r) = rows.next()? {
            let id: String = r.get(0)?;
            if let (Some(title), Some(column), Some(body)) = (
                r.get::<_, Option<String>>(1)?,
                r.get::<_, Option<String>>(2)?,
                r.get::<_, Option<String>>(3)?,
            ) {
                let document = self.doc(&id, &title, &column, &body);
                if let Some(meta) = building.add(|| writer.new_segment(), document)? {
                    writer.add_segment(meta)?;
                }
            }
            done += 1;
            progress(done, total);
        }
        if let Some(meta) = building.finish()? {
            writer.add_segment(meta)?;
        }
        drop(rows);
        drop(stmt);
        writer.set_merge_policy(Box::new(SmallMerges));
        let generation = new_generation();
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&generation);
        commit.commit()?;
        tx.execute("DELETE FROM search_queue", [])?;
        super::put_meta(&tx, GENERATION_KEY, &generation)?;
        tx.commit()?;
        // the merges the commit started, waited for: the writer's lock is let go after them
        writer.wait_merging_threads()?;
        self.reader.reload()?;
        self.loaded = Some(generation);
        Ok(done)
    }
}

/// The segment being built by `catch_up` or beside an import, written out when its budget is
/// used: what it gives back is a written segment's meta, to be given to the writer (its files
/// are kept from the index's clean-ups while the meta lives).
struct Building {
    budget: usize,
    current: Option<(tantivy::index::Segment, SegmentWriter)>,
}

impl Building {
    fn new(budget: usize) -> Building {
        Building {
            budget,
            current: None,
        }
    }

    /// Adds `document` to the segment being built (a new one from `new_segment` when none is):
    /// the segment, written, when this used its budget.
    fn add(
        &mut self,
        new_segment: impl FnOnce() -> tantivy::index::Segment,
        document: TantivyDocument,
    ) -> Result<Option<tantivy::index::SegmentMeta>> {
        let (_, w) = match &mut self.current {
            Some(b) => b,
            None => {
                let segment = new_segment();
                let w = SegmentWriter::for_segment(self.budget, segment.clone())?;
                self.current.insert((segment, w))
            }
        };
        w.add_document(AddOperation {
            opstamp: 0,
            document,
        })?;
        if w.mem_usage() >= self.budget - MARGIN_IN_BYTES {
            return self.finish();
        }
        Ok(None)
    }

    /// The segment being built, written (`None`: none was begun).
    fn finish(&mut self) -> Result<Option<tantivy::index::SegmentMeta>> {
        let Some((segment, w)) = self.current.take() else {
            return Ok(None);
        };
        let max_doc = w.max_doc();
        w.finalize()?;
        let meta = segment.with_max_doc(max_doc).meta().clone();
        meta.untrack_temp_docstore();
        Ok(Some(meta))
    }
}

fn register(index: &Index) {
    index
        .tokenizers()
        .register(TOKENIZER, XuexiTokenizer { chars: false });
    index
        .tokenizers()
        .register(CHAR_TOKENIZER, XuexiTokenizer { chars: true });
}

fn settings() -> IndexSettings {
    IndexSettings {
        docstore_compression: Compressor::None,
        docstore_compress_dedicated_thread: false,
        ..IndexSettings::default()
    }
}

/// Is an index committed with payload `have` this database's, made by this engine?
fn in_step_at(have: Option<String>, conn: &Connection) -> Result<bool> {
    let ours = have
        .as_deref()
        .is_some_and(|g| g.starts_with(&format!("{ENGINE_VERSION}-")));
    Ok(ours && have == generation(conn)?)
}

fn generation(conn: &Connection) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT value FROM meta WHERE key = ?1",
            [GENERATION_KEY],
            |r| r.get(0),
        )
        .optional()?)
}

/// A value no other commit of any database has had: the engine's version, the time and the
/// process.
fn new_generation() -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{ENGINE_VERSION}-{nanos:x}-{:x}", std::process::id())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A commit of an in-memory index with `payload`, and a database whose generation is `db`.
    fn pair(payload: &str, db: &str) -> (Engine, Connection) {
        let engine = Engine::open(None, true).unwrap();
        let mut writer = engine.writer().unwrap();
        let mut commit = writer.prepare_commit().unwrap();
        commit.set_payload(payload);
        commit.commit().unwrap();
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT)")
            .unwrap();
        super::super::put_meta(&conn, GENERATION_KEY, db).unwrap();
        (engine, conn)
    }

    #[test]
    fn an_index_is_in_step_only_at_the_databases_generation_and_this_version() {
        let ours = new_generation();
        let (engine, conn) = pair(&ours, &ours);
        assert!(engine.in_step(&conn).unwrap());
        let (engine, conn) = pair(&ours, "elsewhere");
        assert!(!engine.in_step(&conn).unwrap(), "another generation");
        // an index made by another version of the tokens is rebuilt, generations equal or not
        let old = format!("0{ours}");
        let (engine, conn) = pair(&old, &old);
        assert!(!engine.in_step(&conn).unwrap(), "another version");
    }
}
