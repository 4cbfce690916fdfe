//! A scratch database: what a long computation must remember but need not hold in memory
//! (the branch report's places, exam answers and put-off xAPI events), in a folder of its own
//! made in a temporary folder and removed with it. Nothing in it outlives the computation: no
//! journal, no syncing, a small page cache (about 4 MB: the memory it takes does not grow with
//! what it holds).

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, StoreError};

/// An id as kept: a number as one, any other as text (never equal to a number).
#[derive(Clone, Copy, Debug)]
pub enum ScratchId<'a> {
    Int(i64),
    Text(&'a str),
}

/// An answer's question and outcome as numbers: (question, outcome, its right blanks, of).
pub type ScratchGraded = (u32, u8, u32, u32);

/// An answer as kept: (member, installation, attempt, id, graded).
pub type ScratchAnswer<'a> = (u32, u32, i64, &'a str, Option<ScratchGraded>);

const SCHEMA: &str = "
PRAGMA journal_mode = OFF;
PRAGMA synchronous = OFF;
PRAGMA cache_size = -4096;
CREATE TABLE place (member INTEGER NOT NULL, inst INTEGER NOT NULL, kind INTEGER NOT NULL,
    id NOT NULL, hash INTEGER NOT NULL, PRIMARY KEY (member, inst, kind, id)) WITHOUT ROWID;
CREATE TABLE answer (member INTEGER NOT NULL, inst INTEGER NOT NULL, attempt INTEGER NOT NULL,
    id TEXT NOT NULL, question INTEGER, outcome INTEGER, fill_right INTEGER, fill_of INTEGER,
    PRIMARY KEY (member, inst, attempt, id)) WITHOUT ROWID;
CREATE TABLE deferred (pos INTEGER PRIMARY KEY, export INTEGER NOT NULL, event TEXT NOT NULL);
";

/// A scratch database in its own folder (removed, with the database, when dropped).
pub struct Scratch {
    conn: Option<Connection>,
    dir: PathBuf,
}

impl Scratch {
    /// A new scratch database in a new folder inside `parent`. An error naming the folder
    /// when it cannot be made there (a folder that is not writable, a full disk).
    pub fn create_in(parent: &Path) -> Result<Scratch> {
        let pid = std::process::id();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = parent.join(format!("xuexi-scratch-{pid}-{nanos}"));
        std::fs::create_dir(&dir)?;
        let mut scratch = Scratch { conn: None, dir };
        let path = scratch.dir.join("scratch.db");
        let conn = Connection::open(&path).map_err(|error| StoreError::Open {
            path: path.display().to_string(),
            error,
        })?;
        conn.execute_batch(SCHEMA)?;
        scratch.conn = Some(conn);
        Ok(scratch)
    }

    /// The folder it lives in.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    fn conn(&mut self) -> Result<&mut Connection> {
        // (set by `create_in`, taken only by `drop`)
        self.conn
            .as_mut()
            .ok_or_else(|| StoreError::Io(std::io::Error::other("scratch database closed")))
    }

    /// Keeps places with their hash ((member, installation, kind), id, hash); a place kept
    /// already keeps its first hash.
    pub fn keep_places<'a>(
        &mut self,
        rows: impl IntoIterator<Item = ((u32, u32, u32), ScratchId<'a>, u64)>,
    ) -> Result<()> {
        let tx = self.conn()?.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO place (member, inst, kind, id, hash) VALUES (?1, ?2, ?3, ?4, ?5)",
            )?;
            for ((m, i, k), id, hash) in rows {
                let hash = hash as i64; // (the bits, kept as SQLite's integer)
                match id {
                    ScratchId::Int(n) => st.execute(params![m, i, k, n, hash])?,
                    ScratchId::Text(t) => st.execute(params![m, i, k, t, hash])?,
                };
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// The hash kept for a place.
    pub fn place(&mut self, at: (u32, u32, u32), id: ScratchId<'_>) -> Result<Option<u64>> {
        let conn = self.conn()?;
        let mut st = conn.prepare_cached(
            "SELECT hash FROM place WHERE member = ?1 AND inst = ?2 AND kind = ?3 AND id = ?4",
        )?;
        let (m, i, k) = at;
        let got: Option<i64> = match id {
            ScratchId::Int(n) => st.query_row(params![m, i, k, n], |r| r.get(0)),
            ScratchId::Text(t) => st.query_row(params![m, i, k, t], |r| r.get(0)),
        }
        .optional()?;
        Ok(got.map(|h| h as u64))
    }

    /// Keeps answers; an answer kept already (one member, installation, attempt and id) is
    /// kept as it was.
    pub fn keep_answers<'a>(
        &mut self,
        rows: impl IntoIterator<Item = ScratchAnswer<'a>>,
    ) -> Result<()> {
        let tx = self.conn()?.transaction()?;
        {
            let mut st = tx.prepare_cached(
                "INSERT OR IGNORE INTO answer (member, inst, attempt, id, question, outcome, \
                 fill_right, fill_of) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            )?;
            for (m, i, attempt, id, graded) in rows {
                st.execute(params![
                    m,
                    i,
                    attempt,
                    id,
                    graded.map(|g| g.0),
                    graded.map(|g| g.1),
                    graded.map(|g| g.2),
                    graded.map(|g| g.3),
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// `member`'s answers in order of (installation, attempt, id): (installation, attempt, id,
    /// graded) each.
    pub fn answers(
        &mut self,
        member: u32,
        each: &mut dyn FnMut(u32, i64, String, Option<ScratchGraded>),
    ) -> Result<()> {
        let conn = self.conn()?;
        let mut st = conn.prepare_cached(
            "SELECT inst, attempt, id, question, outcome, fill_right, fill_of FROM answer \
             WHERE member = ?1 ORDER BY inst, attempt, id",
        )?;
        let mut rows = st.query(params![member])?;
        while let Some(r) = rows.next()? {
            let q: Option<u32> = r.get(3)?;
            let graded = match q {
                Some(q) => Some((q, r.get(4)?, r.get(5)?, r.get(6)?)),
                None => None,
            };
            each(r.get(0)?, r.get(1)?, r.get(2)?, graded);
        }
        Ok(())
    }

    /// Keeps events of export number `export` (texts), after those kept before.
    pub fn keep_deferred<'a>(
        &mut self,
        export: u32,
        events: impl IntoIterator<Item = &'a str>,
    ) -> Result<()> {
        let tx = self.conn()?.transaction()?;
        {
            let mut st =
                tx.prepare_cached("INSERT INTO deferred (export, event) VALUES (?1, ?2)")?;
            for e in events {
                st.execute(params![export, e])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Up to `limit` events kept after position `after`, in the order kept: (position,
    /// export, text).
    pub fn deferred(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, u32, String)>> {
        let conn = self.conn()?;
        let mut st = conn.prepare_cached(
            "SELECT pos, export, event FROM deferred WHERE pos > ?1 ORDER BY pos LIMIT ?2",
        )?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = st.query_map(params![after, limit], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        drop(self.conn.take());
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            tracing::warn!(dir = %self.dir.display(), error = %e, "a scratch folder was left behind");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_scratch_database_keeps_and_gives_back_and_leaves_nothing_behind() {
        let parent = std::env::temp_dir();
        let mut s = Scratch::create_in(&parent).unwrap();
        let dir = s.dir().to_path_buf();
        assert!(dir.join("scratch.db").is_file());
        s.keep_places([
            ((0, 0, 1), ScratchId::Int(5), u64::MAX),
            ((0, 0, 1), ScratchId::Text("\"5\""), 7),
        ])
        .unwrap();
        s.keep_places([((0, 0, 1), ScratchId::Int(5), 1)]).unwrap();
        assert_eq!(
            s.place((0, 0, 1), ScratchId::Int(5)).unwrap(),
            Some(u64::MAX)
        );
        assert_eq!(
            s.place((0, 0, 1), ScratchId::Text("\"5\"")).unwrap(),
            Some(7)
        );
        assert_eq!(s.place((0, 0, 1), ScratchId::Text("5")).unwrap(), None);
        assert_eq!(s.place((1, 0, 1), ScratchId::Int(5)).unwrap(), None);
        s.keep_answers([
            (3, 1, 2, "9", Some((4, 3, 1, 2))),
            (3, 1, 2, "10", None),
            (3, 0, 7, "1", None),
            (4, 0, 0, "1", None),
        ])
        .unwrap();
        let mut got = Vec::new();
        s.answers(3, &mut |i, a, id, g| got.push((i, a, id, g)))
            .unwrap();
        assert_eq!(
            got,
            [
                (0, 7, "1".to_string(), None),
                (1, 2, "10".to_string(), None),
                (1, 2, "9".to_string(), Some((4, 3, 1, 2))),
            ]
        );
        s.keep_deferred(0, ["a", "b"]).unwrap();
        s.keep_deferred(1, ["c"]).unwrap();
        let first = s.deferred(-1, 2).unwrap();
        assert_eq!(first.len(), 2);
        let rest = s.deferred(first[1].0, 10).unwrap();
        assert_eq!(
            rest.iter().map(|r| (r.1, r.2.as_str())).collect::<Vec<_>>(),
            [(1, "c")]
        );
        drop(s);
        assert!(!dir.exists(), "the scratch folder goes with it");
    }

    #[test]
    fn a_folder_it_cannot_write_in_is_an_error_not_a_panic() {
        let missing = std::env::temp_dir().join("xuexi-no-such-folder-for-scratch/deeper");
        assert!(Scratch::create_in(&missing).is_err());
    }
}
