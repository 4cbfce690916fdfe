//! Bookmarks and notes. A note is also an event in the study log, written in the same
//! transaction. When a material's text changes, its annotations are re-anchored in the
//! transaction that changes it.

use jiff::Timestamp;
use rusqlite::{Connection, params};

use super::log::append;
use super::{Result, Store, ts};
use crate::domain::annotation::{Annotation, AnnotationKind, reanchor};
use crate::domain::doc::Doc;
use crate::domain::log::Record;
use crate::domain::material::Position;

/// Finds each annotation of `material` again in its new text (flagging those whose paragraph
/// is gone, and un-flagging those that came back).
pub(crate) fn reanchor_all(conn: &Connection, material: &str, doc: &Doc) -> Result<()> {
    let rows: Vec<(i64, i64, i64, String)> = {
        let mut stmt = conn.prepare_cached(
            "SELECT id, block, offset, quote FROM annotations WHERE material_id = ?1",
        )?;
        stmt.query_map([material], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
        })?
        .collect::<rusqlite::Result<_>>()?
    };
    for (id, block, offset, quote) in rows {
        let old = Position {
            block: block.max(0) as usize,
            offset: offset.max(0) as usize,
        };
        match reanchor(doc, old, &quote) {
            Some(p) => conn.execute(
                "UPDATE annotations SET block = ?2, offset = ?3, lost = 0 WHERE id = ?1",
                params![id, p.block as i64, p.offset as i64],
            )?,
            None => conn.execute("UPDATE annotations SET lost = 1 WHERE id = ?1", [id])?,
        };
    }
    Ok(())
}

/// One annotation's kind, material, block and quote.
type Stored = (String, String, i64, String);

fn one(conn: &Connection, id: i64) -> Result<Option<Stored>> {
    use rusqlite::OptionalExtension;
    Ok(conn
        .query_row(
            "SELECT kind, material_id, block, quote FROM annotations WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .optional()?)
}

fn note_record(id: i64, (_, material, block, quote): Stored, text: &str) -> Record {
    Record::Note {
        note: id,
        material,
        block: block.max(0) as usize,
        quote,
        text: text.to_string(),
    }
}

impl Store {
    /// Adds a bookmark (with an optional label) or a note; a note goes into the study log in
    /// the same transaction. Returns its id.
    pub fn annotate(
        &mut self,
        kind: AnnotationKind,
        material: &str,
        position: Position,
        quote: &str,
        text: &str,
        now: Timestamp,
    ) -> Result<i64> {
        let tx = self.write_tx()?;
        tx.execute(
            "INSERT INTO annotations (kind, material_id, block, offset, quote, text, created_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                kind.as_str(),
                material,
                position.block as i64,
                position.offset as i64,
                quote,
                text,
                ts(now)
            ],
        )?;
        let id = tx.last_insert_rowid();
        if kind == AnnotationKind::Note {
            append(
                &tx,
                now,
                &Record::Note {
                    note: id,
                    material: material.to_string(),
                    block: position.block,
                    quote: quote.to_string(),
                    text: text.to_string(),
                },
            )?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// Changes a bookmark's label or a note's text. A note's new text goes into the study log
    /// too (the log keeps every version), in the same transaction. False when it is gone.
    pub fn edit_annotation(&mut self, id: i64, text: &str, now: Timestamp) -> Result<bool> {
        let tx = self.write_tx()?;
        let Some(a) = one(&tx, id)? else {
            return Ok(false);
        };
        tx.execute(
            "UPDATE annotations SET text = ?2 WHERE id = ?1",
            params![id, text],
        )?;
        if a.0 == AnnotationKind::Note.as_str() {
            append(&tx, now, &note_record(id, a, text))?;
        }
        tx.commit()?;
        Ok(true)
    }

    /// Deletes a bookmark or a note. A deleted note is an event of the log too (the note with
    /// no text), so exports and reports leave it out while the log keeps its history.
    pub fn delete_annotation(&mut self, id: i64, now: Timestamp) -> Result<bool> {
        let tx = self.write_tx()?;
        let Some(a) = one(&tx, id)? else {
            return Ok(false);
        };
        tx.execute("DELETE FROM annotations WHERE id = ?1", [id])?;
        if a.0 == AnnotationKind::Note.as_str() {
            append(&tx, now, &note_record(id, a, ""))?;
        }
        tx.commit()?;
        Ok(true)
    }

    /// Bookmarks and notes, newest first; only those of `material` when given.
    pub fn annotations(&self, material: Option<&str>) -> Result<Vec<Annotation>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.kind, a.material_id, coalesce(m.title, a.material_id), a.block,
                    a.offset, a.quote, a.text, a.lost, a.created_at
             FROM annotations a LEFT JOIN materials m ON m.id = a.material_id
             WHERE ?1 IS NULL OR a.material_id = ?1
             ORDER BY a.created_at DESC, a.id DESC",
        )?;
        let rows = stmt.query_map([material], |r| {
            Ok(Annotation {
                id: r.get(0)?,
                kind: AnnotationKind::parse(&r.get::<_, String>(1)?)
                    .unwrap_or(AnnotationKind::Note),
                material: r.get(2)?,
                title: r.get(3)?,
                position: Position {
                    block: r.get::<_, i64>(4)?.max(0) as usize,
                    offset: r.get::<_, i64>(5)?.max(0) as usize,
                },
                quote: r.get(6)?,
                text: r.get(7)?,
                lost: r.get(8)?,
                created_at: r
                    .get::<_, String>(9)?
                    .parse()
                    .unwrap_or(Timestamp::UNIX_EPOCH),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
