//! Quiz banks: import (all or nothing, a bank replaced whole), listing, export, removal, and the
//! sync of the banks bundled in `data/banks/`.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, Transaction, params};
use serde::Serialize;
use serde_json::{Value, json};

use super::{BundledFile, Result, Store, StoreError, ts};
use crate::domain::material::Origin;
use crate::domain::quiz::{Answer, Bank, Kind, Paper, Question};

/// One row of `xuexi bank list`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct BankSummary {
    pub id: String,
    pub title: String,
    pub origin: Origin,
    pub questions: usize,
    pub papers: usize,
    /// `sealed = true` in its file: a closed-book bank.
    pub sealed: bool,
    /// A sealed bank's member copy: its key is not on this machine ([`Bank::keyless`]).
    pub keyless: bool,
}

fn answer_json(a: &Answer) -> String {
    match a {
        Answer::Choice(set) => json!(set.iter().collect::<Vec<_>>()),
        Answer::Judge(b) => json!(b),
        Answer::Fill(blanks) => json!(blanks),
        // a sealed bank's member copy: no key is written, not even a placeholder
        Answer::Sealed => Value::Null,
    }
    .to_string()
}

fn answer_from_json(kind: Kind, s: &str) -> Option<Answer> {
    let v: Value = serde_json::from_str(s).ok()?;
    if v.is_null() {
        return Some(Answer::Sealed);
    }
    match kind {
        Kind::Single | Kind::Multiple => Some(Answer::Choice(
            v.as_array()?
                .iter()
                .map(|i| i.as_u64().map(|i| i as usize))
                .collect::<Option<_>>()?,
        )),
        Kind::Judge => v.as_bool().map(Answer::Judge),
        Kind::Fill => serde_json::from_value(v).ok().map(Answer::Fill),
    }
}

fn write_bank(
    tx: &Transaction<'_>,
    bank: &Bank,
    origin: Origin,
    hash: &str,
    source: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO banks (id, origin, title, description, version, hash, source_name, updated_at,
                            sealed)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(id) DO UPDATE SET origin = excluded.origin, title = excluded.title,
            description = excluded.description, version = excluded.version,
            hash = excluded.hash, source_name = excluded.source_name,
            updated_at = excluded.updated_at, sealed = excluded.sealed",
        params![
            bank.id,
            origin.as_str(),
            bank.title,
            bank.description,
            bank.version,
            hash,
            source,
            now,
            bank.sealed
        ],
    )?;
    tx.execute("DELETE FROM questions WHERE bank_id = ?1", [&bank.id])?;
    tx.execute("DELETE FROM papers WHERE bank_id = ?1", [&bank.id])?;
    let mut q_stmt = tx.prepare(
        "INSERT INTO questions (bank_id, id, position, kind, stem, options, answer, explanation,
                                material_id, tags, difficulty, points, shuffle)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for (i, q) in bank.questions.iter().enumerate() {
        q_stmt.execute(params![
            bank.id,
            q.id,
            i as i64,
            q.kind.as_str(),
            q.stem,
            json!(q.options).to_string(),
            answer_json(&q.answer),
            q.explanation,
            q.material,
            json!(q.tags).to_string(),
            q.difficulty,
            q.points,
            q.shuffle
        ])?;
    }
    let mut p_stmt = tx.prepare(
        "INSERT INTO papers (bank_id, id, position, title, minutes, pass, draw, tags, multiple_partial,
                             points, difficulty, fixed, attempts)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for (i, p) in bank.papers.iter().enumerate() {
        let draw: serde_json::Map<String, Value> = p
            .draw
            .iter()
            .map(|(k, n)| (k.as_str().to_string(), json!(n)))
            .collect();
        p_stmt.execute(params![
            bank.id,
            p.id,
            i as i64,
            p.title,
            p.minutes,
            p.pass,
            Value::Object(draw).to_string(),
            json!(p.tags).to_string(),
            p.multiple_partial,
            Value::Object(
                p.points
                    .iter()
                    .map(|(k, n)| (k.as_str().to_string(), json!(n)))
                    .collect()
            )
            .to_string(),
            json!(p.difficulty).to_string(),
            p.fixed,
            p.attempts
        ])?;
    }
    Ok(())
}

/// [`Store::import_banks`] inside a transaction the caller holds (a pack's import).
pub(crate) fn import_banks_tx(
    tx: &rusqlite::Transaction<'_>,
    banks: &[(Bank, String, String)],
    now: Timestamp,
) -> Result<()> {
    let now = ts(now);
    for (bank, hash, source) in banks {
        let origin: Option<String> = tx
            .query_row("SELECT origin FROM banks WHERE id = ?1", [&bank.id], |r| {
                r.get(0)
            })
            .optional()?;
        if origin.as_deref() == Some(Origin::Bundled.as_str()) {
            return Err(StoreError::BundledBank(bank.id.clone()));
        }
        // the trainer's machine keeps its key: a sealed bank held here with its answers is
        // not replaced by a copy without them (a pack's, or its bank file given to `bank
        // import`); the trainer updates it from the full file
        if bank.keyless() && origin.is_some() && holds_key(tx, &bank.id)? {
            continue;
        }
        write_bank(tx, bank, Origin::User, hash, source, &now)?;
    }
    Ok(())
}

/// Whether the bank `id` held here is sealed and has its key (as [`Bank::keyless`] reads it:
/// no question whose answer is the copy's `null`).
fn holds_key(tx: &rusqlite::Transaction<'_>, id: &str) -> Result<bool> {
    Ok(tx.query_row(
        "SELECT sealed AND NOT EXISTS
             (SELECT 1 FROM questions WHERE bank_id = ?1 AND answer = 'null')
         FROM banks WHERE id = ?1",
        [id],
        |r| r.get(0),
    )?)
}

impl Store {
    /// Adds a question the member made (a card from the text, 挖空) to their own bank `bank`
    /// (made, titled `title`, when it does not exist yet), under the next free id `c1`, `c2`…,
    /// and puts it in today's review (`day`), all in one transaction. Returns the new id.
    pub fn add_own_question(
        &mut self,
        bank: &str,
        title: &str,
        make: impl FnOnce(&str) -> Question,
        day: jiff::civil::Date,
        now: Timestamp,
    ) -> Result<String> {
        let tx = self.write_tx()?;
        let origin: Option<String> = tx
            .query_row("SELECT origin FROM banks WHERE id = ?1", [bank], |r| {
                r.get(0)
            })
            .optional()?;
        if origin.as_deref() == Some(Origin::Bundled.as_str()) {
            return Err(StoreError::BundledBank(bank.to_string()));
        }
        let mut b = match origin {
            Some(_) => load_bank(&tx, bank)?,
            None => Bank {
                id: bank.to_string(),
                title: title.to_string(),
                description: String::new(),
                version: None,
                sealed: false,
                questions: Vec::new(),
                papers: Vec::new(),
            },
        };
        let n = b
            .questions
            .iter()
            .filter_map(|q| q.id.strip_prefix('c')?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        let id = format!("c{}", n + 1);
        b.questions.push(make(&id));
        write_bank(&tx, &b, Origin::User, "", "xuexi", &ts(now))?;
        super::review::new_card(&tx, bank, &id, day, now)?;
        tx.commit()?;
        Ok(id)
    }

    /// Imports banks in one transaction. A bank id that belongs to a bundled bank is refused;
    /// re-importing one of the member's own replaces its questions and papers (the attempt
    /// history, kept by question id, is untouched).
    pub fn import_banks(&mut self, banks: &[(Bank, String, String)], now: Timestamp) -> Result<()> {
        let tx = self.write_tx()?;
        import_banks_tx(&tx, banks, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Ids of the bundled banks.
    pub fn bundled_bank_ids(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id FROM banks WHERE origin = 'bundled'")?;
        let ids = stmt
            .query_map([], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Brings the bundled banks in line with `files` in one transaction; a file is parsed only
    /// when its hash changed. Bundled banks that left the bundle are removed (the attempt
    /// history is kept apart from the bank).
    pub fn sync_bundled_banks<E>(
        &mut self,
        files: &[BundledFile<'_>],
        now: Timestamp,
        mut parse: impl FnMut(&BundledFile<'_>) -> std::result::Result<Bank, E>,
    ) -> std::result::Result<usize, super::SyncError<E>> {
        let mut changed = Vec::new();
        let mut keep = Vec::new();
        for f in files {
            let known: Option<String> = self
                .conn
                .query_row(
                    "SELECT id FROM banks WHERE origin = 'bundled' AND source_name = ?1 AND hash = ?2",
                    params![f.name, f.hash],
                    |r| r.get(0),
                )
                .optional()?;
            match known {
                Some(id) => keep.push(id),
                None => {
                    let bank = parse(f).map_err(|e| super::SyncError::Parse(f.name.clone(), e))?;
                    keep.push(bank.id.clone());
                    changed.push((f, bank));
                }
            }
        }
        let stale: Vec<String> = self
            .bundled_bank_ids()?
            .into_iter()
            .filter(|id| !keep.contains(id))
            .collect();
        if changed.is_empty() && stale.is_empty() {
            return Ok(0);
        }
        let now = ts(now);
        let tx = self.write_tx()?;
        for (f, bank) in &changed {
            let origin: Option<String> = tx
                .query_row("SELECT origin FROM banks WHERE id = ?1", [&bank.id], |r| {
                    r.get(0)
                })
                .optional()?;
            if origin.as_deref() == Some(Origin::User.as_str()) {
                tracing::warn!(id = %bank.id, "a bundled bank has the id of the member's own; kept theirs");
                continue;
            }
            write_bank(&tx, bank, Origin::Bundled, &f.hash, &f.name, &now)?;
        }
        for id in &stale {
            tx.execute("DELETE FROM banks WHERE id = ?1", [id])?;
        }
        tx.commit()?;
        Ok(changed.len() + stale.len())
    }

    /// True when the bundled banks are exactly `files` as last synced (nothing to parse, nothing
    /// to remove): start-up then skips the sync and what it needs.
    pub fn bundled_banks_current(&self, files: &[BundledFile<'_>]) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM banks WHERE origin = 'bundled'",
            [],
            |r| r.get(0),
        )?;
        if n as usize != files.len() {
            return Ok(false);
        }
        for f in files {
            let known: bool = self.conn.query_row(
                "SELECT count(*) > 0 FROM banks
                 WHERE origin = 'bundled' AND source_name = ?1 AND hash = ?2",
                params![f.name, f.hash],
                |r| r.get(0),
            )?;
            if !known {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// Every bank id with the ids of its papers (cheap: no questions are read).
    pub fn bank_papers(&self) -> Result<std::collections::HashMap<String, Vec<String>>> {
        let mut out: std::collections::HashMap<String, Vec<String>> = Default::default();
        let mut stmt = self.conn.prepare(
            "SELECT b.id, p.id FROM banks b LEFT JOIN papers p ON p.bank_id = b.id
             ORDER BY b.id, p.position",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, Option<String>>(1)?))
        })?;
        for row in rows {
            let (bank, paper) = row?;
            let papers = out.entry(bank).or_default();
            papers.extend(paper);
        }
        Ok(out)
    }

    pub fn list_banks(&self) -> Result<Vec<BankSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT b.id, b.title, b.origin,
                    (SELECT count(*) FROM questions q WHERE q.bank_id = b.id),
                    (SELECT count(*) FROM papers p WHERE p.bank_id = b.id),
                    b.sealed,
                    EXISTS (SELECT 1 FROM questions q WHERE q.bank_id = b.id AND q.answer = 'null')
             FROM banks b ORDER BY b.origin = 'user', b.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(BankSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                origin: Origin::parse(&r.get::<_, String>(2)?).unwrap_or(Origin::User),
                questions: r.get::<_, i64>(3)?.max(0) as usize,
                papers: r.get::<_, i64>(4)?.max(0) as usize,
                sealed: r.get(5)?,
                keyless: r.get::<_, bool>(5)? && r.get::<_, bool>(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A whole bank, questions and papers in file order.
    pub fn bank(&self, id: &str) -> Result<Bank> {
        load_bank(&self.conn, id)
    }

    /// Removes a bank (its questions and papers). False when there was none.
    pub fn remove_bank(&mut self, id: &str) -> Result<bool> {
        Ok(self.conn.execute("DELETE FROM banks WHERE id = ?1", [id])? > 0)
    }

    /// Every bank's and paper's title, keyed `bank` and `bank/paper` (for naming plan items).
    pub fn quiz_titles(&self) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title FROM banks
             UNION ALL SELECT bank_id || '/' || id, title FROM papers",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The plans with an item that uses bank `id` (to warn before it goes).
    pub fn plans_using_bank(&self, id: &str) -> Result<Vec<String>> {
        super::materials::plans_using(&self.conn, "bank_id", id)
    }

    /// The plans with an item on paper `paper` of bank `bank`.
    pub fn plans_using_paper(&self, bank: &str, paper: &str) -> Result<Vec<String>> {
        let mut stmt = self.conn.prepare(
            "SELECT DISTINCT plan_id FROM plan_items WHERE bank_id = ?1 AND paper_id = ?2
             ORDER BY plan_id",
        )?;
        let rows = stmt.query_map([bank, paper], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

/// A bank with its questions and papers, as [`Store::bank`] gives it (also inside a
/// transaction).
fn load_bank(conn: &rusqlite::Connection, id: &str) -> Result<Bank> {
    let (title, description, version, sealed) = conn
        .query_row(
            "SELECT title, description, version, sealed FROM banks WHERE id = ?1",
            [id],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get(2)?,
                    r.get(3)?,
                ))
            },
        )
        .optional()?
        .ok_or_else(|| StoreError::NoSuchBank(id.to_string()))?;
    let mut stmt = conn.prepare(
        "SELECT id, kind, stem, options, answer, explanation, material_id, tags, difficulty,
                points, shuffle
         FROM questions WHERE bank_id = ?1 ORDER BY position",
    )?;
    let questions = stmt
        .query_map([id], |r| {
            let kind_s: String = r.get(1)?;
            let kind = Kind::parse(&kind_s).unwrap_or(Kind::Single);
            let answer_s: String = r.get(4)?;
            Ok(Question {
                id: r.get(0)?,
                kind,
                stem: r.get(2)?,
                options: serde_json::from_str(&r.get::<_, String>(3)?).unwrap_or_default(),
                answer: answer_from_json(kind, &answer_s)
                    .unwrap_or(Answer::Choice(Default::default())),
                explanation: r.get(5)?,
                material: r.get(6)?,
                tags: serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default(),
                difficulty: r.get::<_, Option<i64>>(8)?.map(|d| d.clamp(1, 5) as u8),
                points: r.get::<_, f64>(9)?.clamp(0.01, 1000.0),
                shuffle: r.get(10)?,
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    let mut stmt = conn.prepare(
        "SELECT id, title, minutes, pass, draw, tags, multiple_partial,
                points, difficulty, fixed, attempts
         FROM papers WHERE bank_id = ?1 ORDER BY position",
    )?;
    let papers = stmt
        .query_map([id], |r| {
            let draw: serde_json::Map<String, Value> =
                serde_json::from_str(&r.get::<_, String>(4)?).unwrap_or_default();
            let mut draw: Vec<(Kind, usize)> = draw
                .iter()
                .filter_map(|(k, n)| Some((Kind::parse(k)?, n.as_u64()? as usize)))
                .collect();
            draw.sort_by_key(|(k, _)| *k);
            let points: serde_json::Map<String, Value> =
                serde_json::from_str(&r.get::<_, String>(7)?).unwrap_or_default();
            let mut points: Vec<(Kind, f64)> = points
                .iter()
                .filter_map(|(k, n)| Some((Kind::parse(k)?, n.as_f64()?)))
                .collect();
            points.sort_by_key(|(k, _)| *k);
            Ok(Paper {
                id: r.get(0)?,
                title: r.get(1)?,
                minutes: r.get::<_, i64>(2)?.max(0) as u32,
                pass: r.get::<_, i64>(3)?.clamp(0, 100) as u8,
                draw,
                tags: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
                multiple_partial: r.get(6)?,
                points,
                difficulty: serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default(),
                fixed: r.get(9)?,
                attempts: r
                    .get::<_, Option<i64>>(10)?
                    .map(|a| a.clamp(1, 10_000) as u32),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    Ok(Bank {
        id: id.to_string(),
        title,
        description,
        version,
        questions,
        papers,
        sealed,
    })
}
