//! Reading progress and reading sessions.

use jiff::Timestamp;
use rusqlite::params;

use super::{Result, Store, ts};
use crate::domain::material::Position;
use crate::domain::reading::Session;

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
        self.conn.execute(
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
        Ok(())
    }

    /// Records a reading session, or updates it as it goes on (sessions are keyed by material
    /// and start time, so a checkpoint and the final write are the same row).
    pub fn save_session(&mut self, s: &Session) -> Result<()> {
        self.conn.execute(
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
