//! Reading progress and reading sessions.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::log::append;
use super::{Result, Store, ts};
use crate::domain::log::Record;
use crate::domain::material::Position;
use crate::domain::reading::ReadingSession;

impl Store {
    /// Saves where the member is in a material. `percent` only ever grows (it is the furthest
    /// point reached); `read` is set once, with its time, and never unset.
    pub fn save_progress(
        &mut self,
        material: &str,
        position: Position,
        percent: u8,
        read: bool,
        now: Timestamp,
    ) -> Result<()> {
        let now_s = ts(now);
        let tx = self.write_tx()?;
        let was_read: bool = tx
            .query_row(
                "SELECT read_at IS NOT NULL FROM progress WHERE material_id = ?1",
                [material],
                |r| r.get(0),
            )
            .optional()?
            .unwrap_or(false);
        tx.execute(
            "INSERT INTO progress (material_id, block, offset, percent, read_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, CASE WHEN ?5 THEN ?6 END, ?6)
             ON CONFLICT(material_id) DO UPDATE SET
                block = excluded.block, offset = excluded.offset,
                percent = max(progress.percent, excluded.percent),
                read_at = coalesce(progress.read_at, excluded.read_at),
                updated_at = excluded.updated_at",
            params![
                material,
                position.block as i64,
                position.offset as i64,
                i64::from(percent.min(100)),
                read,
                now_s
            ],
        )?;
        if read && !was_read {
            append(
                &tx,
                now,
                &Record::Finished {
                    material: material.to_string(),
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Records a reading session, or updates it as it goes on (sessions are keyed by material
    /// and start time, so a checkpoint and the final write are the same row). The time added
    /// since the last checkpoint goes into the study log in the same transaction.
    pub fn save_session(&mut self, s: &ReadingSession) -> Result<()> {
        let tx = self.write_tx()?;
        let before: Option<(i64, String)> = tx
            .query_row(
                "SELECT active_seconds, ended_at FROM reading_sessions
                 WHERE material_id = ?1 AND started_at = ?2",
                params![s.material, ts(s.started)],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        tx.execute(
            "INSERT INTO reading_sessions (material_id, started_at, ended_at, active_seconds)
             VALUES (?1, ?2, ?3, ?4)
             ON CONFLICT(material_id, started_at) DO UPDATE SET
                ended_at = excluded.ended_at,
                active_seconds = max(reading_sessions.active_seconds, excluded.active_seconds)",
            params![
                s.material,
                ts(s.started),
                ts(s.ended),
                s.active_seconds.max(0)
            ],
        )?;
        let (id, total): (i64, i64) = tx.query_row(
            "SELECT id, active_seconds FROM reading_sessions
             WHERE material_id = ?1 AND started_at = ?2",
            params![s.material, ts(s.started)],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (old, from) = match before {
            Some((secs, ended)) => (secs, ended.parse().unwrap_or(s.started)),
            None => (0, s.started),
        };
        if total > old {
            append(
                &tx,
                s.ended,
                &Record::Reading {
                    session: id,
                    material: s.material.clone(),
                    from,
                    to: s.ended.max(from),
                    seconds: total - old,
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Total active reading seconds, per material or overall.
    pub fn reading_seconds(&self, material: Option<&str>) -> Result<i64> {
        Ok(self.conn.query_row(
            "SELECT coalesce(sum(active_seconds), 0) FROM reading_sessions
             WHERE ?1 IS NULL OR material_id = ?1",
            [material],
            |r| r.get(0),
        )?)
    }
}
