//! The study log (`events`): appended to inside the transactions that record what happened,
//! never updated or deleted (the schema's triggers refuse both).

use jiff::{SignedDuration, Timestamp};
use rusqlite::{Connection, params};

use super::{Result, Store, ts};
use crate::domain::log::{Event, Record};

/// Appends one event. Called with the transaction of the write it records.
pub(crate) fn append(conn: &Connection, at: Timestamp, record: &Record) -> Result<()> {
    let data = serde_json::to_string(record).map_err(|e| std::io::Error::other(e.to_string()))?;
    conn.execute(
        "INSERT INTO events (at, kind, data) VALUES (?1, ?2, ?3)",
        params![ts(at), record.kind(), data],
    )?;
    Ok(())
}

/// (id, at, data) of an `events` row.
fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<(i64, String, String)> {
    Ok((r.get(0)?, r.get(1)?, r.get(2)?))
}

/// The event of a row; a row this version cannot read (written by a newer app) is skipped and
/// logged, never fatal.
fn readable((id, at, data): (i64, String, String)) -> Option<Event> {
    let (Ok(at), Ok(record)) = (
        at.parse::<Timestamp>(),
        serde_json::from_str::<Record>(&data),
    ) else {
        tracing::warn!(id, "skipped a log event this version cannot read");
        return None;
    };
    Some(Event { id, at, record })
}

impl Store {
    /// This database's own random id (made by migration 9, kept in its backups): what makes
    /// its xAPI statement ids its own, apart from another member's of the same name.
    pub fn install_id(&self) -> Result<String> {
        // (an unreadable id is an empty one, as before: the statements still export)
        Ok(self.meta("install_id").ok().flatten().unwrap_or_default())
    }

    /// The events with `from <= at < to` (either bound may be open), oldest first. A row this
    /// version cannot read (written by a newer app) is skipped and logged, never fatal.
    pub fn events(&self, from: Option<Timestamp>, to: Option<Timestamp>) -> Result<Vec<Event>> {
        // Stored timestamps vary in their fraction digits, so text comparison is only close:
        // select a day either side, then compare exactly.
        let day = SignedDuration::from_hours(24);
        let lo = from.and_then(|t| t.checked_sub(day).ok()).map(ts);
        let hi = to.and_then(|t| t.checked_add(day).ok()).map(ts);
        let mut stmt = self.conn.prepare(
            "SELECT id, at, data FROM events
             WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR at < ?2) ORDER BY id",
        )?;
        let rows = stmt.query_map(params![lo, hi], event_row)?;
        let mut out = Vec::new();
        for row in rows {
            let Some(e) = readable(row?) else { continue };
            if from.is_some_and(|f| e.at < f) || to.is_some_and(|t| e.at >= t) {
                continue;
            }
            out.push(e);
        }
        Ok(out)
    }

    /// The ticks in the log (ticked or unticked task items), oldest first: what a plan's
    /// re-import needs, without reading every other event.
    pub fn tick_events(&self) -> Result<Vec<Event>> {
        let mut stmt = self
            .conn
            .prepare("SELECT id, at, data FROM events WHERE kind = 'tick' ORDER BY id")?;
        let rows = stmt.query_map([], event_row)?;
        let mut out = Vec::new();
        for row in rows {
            out.extend(readable(row?));
        }
        Ok(out)
    }

    /// Ticks (or unticks) a task item of a plan, with an optional note: an event in the log.
    pub fn tick(
        &mut self,
        plan: &str,
        item: &str,
        done: bool,
        note: &str,
        now: Timestamp,
    ) -> Result<()> {
        let tx = self.write_tx()?;
        append(
            &tx,
            now,
            &Record::Tick {
                plan: plan.into(),
                item: item.into(),
                done,
                note: note.into(),
            },
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Appends events as given, in one transaction (benchmarks and tests build logs with it).
    #[doc(hidden)]
    pub fn append_events(&mut self, events: &[(Timestamp, Record)]) -> Result<()> {
        let tx = self.write_tx()?;
        for (at, r) in events {
            append(&tx, *at, r)?;
        }
        tx.commit()?;
        Ok(())
    }
}

impl Store {
    /// Which of these statement ids an LRS has taken already (`xuexi lrs push`).
    pub fn lrs_sent(&self) -> Result<std::collections::HashSet<String>> {
        let mut stmt = self.conn.prepare("SELECT statement_id FROM lrs_sent")?;
        let rows = stmt.query_map([], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Remembers statements an LRS took, so a later push sends only new ones.
    pub fn mark_lrs_sent(&mut self, ids: &[String], now: Timestamp) -> Result<()> {
        let tx = self.write_tx()?;
        for id in ids {
            tx.execute(
                "INSERT OR IGNORE INTO lrs_sent (statement_id, sent_at) VALUES (?1, ?2)",
                params![id, ts(now)],
            )?;
        }
        tx.commit()?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_events_are_the_ticks_alone_oldest_first() {
        let mut s = Store::open_in_memory().unwrap();
        let at = |n: i64| Timestamp::from_second(1_764_000_000 + n).unwrap();
        s.tick("p", "a", true, "", at(1)).unwrap();
        let answer = Record::Answer {
            sealed: false,
            attempt: 1,
            mode: "practice".into(),
            position: 0,
            bank: "b".into(),
            question: "q".into(),
            response: "true".into(),
            correct: true,
            points: 1.0,
            seconds: 5,
            hinted: false,
        };
        append(&s.conn, at(2), &answer).unwrap();
        s.tick("p", "a", false, "", at(3)).unwrap();
        s.tick("q", "b", true, "", at(4)).unwrap();
        let ticks: Vec<(String, bool)> = s
            .tick_events()
            .unwrap()
            .into_iter()
            .filter_map(|e| match e.record {
                Record::Tick { item, done, .. } => Some((item, done)),
                _ => None,
            })
            .collect();
        assert_eq!(
            ticks,
            [("a".into(), true), ("a".into(), false), ("b".into(), true)]
        );
        assert_eq!(s.events(None, None).unwrap().len(), 4);
    }
}
