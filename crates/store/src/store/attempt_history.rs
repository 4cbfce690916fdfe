//! What the history of attempts tells: the list of `xuexi quiz history`, best and last
//! scores, a paper's tries, the day's and the week's sets, 专项答题 sets scored, and what
//! drawing a session needs to know.

use rusqlite::{OptionalExtension, params};
use serde::Serialize;

use super::{Result, Store};
use crate::domain::exam::AttemptStatus;
use crate::domain::session::{ItemRef, Mode};

/// One row of `xuexi quiz history`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct AttemptSummary {
    pub id: i64,
    pub mode: String,
    pub bank: Option<String>,
    pub paper: Option<String>,
    pub title: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub status: String,
    pub questions: usize,
    pub answered: usize,
    pub score: Option<f64>,
    pub max_score: Option<f64>,
    pub percent: Option<f64>,
    pub passed: Option<bool>,
    pub duration_secs: i64,
}

impl Store {
    /// Attempts, newest first.
    pub fn history(&self) -> Result<Vec<AttemptSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, a.mode, a.bank_id, a.paper_id, a.title, a.started_at, a.finished_at,
                    a.status, a.items, (SELECT count(*) FROM answers x WHERE x.attempt_id = a.id),
                    a.score, a.max_score, a.percent, a.passed, a.used_secs
             FROM attempts a ORDER BY a.id DESC",
        )?;
        let rows = stmt.query_map([], |r| {
            let items: Vec<ItemRef> =
                serde_json::from_str(&r.get::<_, String>(8)?).unwrap_or_default();
            Ok(AttemptSummary {
                id: r.get(0)?,
                mode: r.get(1)?,
                bank: r.get(2)?,
                paper: r.get(3)?,
                title: r.get(4)?,
                started_at: r.get(5)?,
                finished_at: r.get(6)?,
                status: r.get(7)?,
                questions: items.len(),
                answered: r.get::<_, i64>(9)?.max(0) as usize,
                score: r.get(10)?,
                max_score: r.get(11)?,
                percent: r.get(12)?,
                passed: r.get(13)?,
                duration_secs: r.get(14)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// (best, last) percent of the submitted attempts of a mode for a bank (and paper).
    pub fn best_and_last(
        &self,
        mode: Mode,
        bank: Option<&str>,
        paper: Option<&str>,
    ) -> Result<(Option<f64>, Option<f64>)> {
        let q = "SELECT max(percent),
                    (SELECT percent FROM attempts b WHERE b.status = 'submitted' AND b.mode = ?1
                       AND b.bank_id IS ?2 AND b.paper_id IS ?3 ORDER BY b.id DESC LIMIT 1)
                 FROM attempts a WHERE a.status = 'submitted' AND a.mode = ?1
                   AND a.bank_id IS ?2 AND a.paper_id IS ?3";
        Ok(self
            .conn
            .query_row(q, params![mode.as_str(), bank, paper], |r| {
                Ok((r.get(0)?, r.get(1)?))
            })?)
    }

    /// How many times a paper was taken: handed in or given up (an exam left and abandoned
    /// counts, or a member could look at a paper and start again).
    pub fn exam_attempts(&self, bank: &str, paper: &str) -> Result<u32> {
        // which states use a try is the domain's (AttemptStatus::counts_as_try)
        let tries = AttemptStatus::ALL
            .into_iter()
            .filter(|s| s.counts_as_try())
            .map(|s| format!("'{}'", s.as_str()))
            .collect::<Vec<_>>()
            .join(", ");
        let n: i64 = self.conn.query_row(
            &format!(
                "SELECT count(*) FROM attempts WHERE mode = 'exam' AND bank_id = ?1
                   AND paper_id = ?2 AND status IN ({tries})"
            ),
            params![bank, paper],
            |r| r.get(0),
        )?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// How many times a paper was handed in (not given up): what a sealed paper's line says,
    /// having no score to show.
    pub fn exams_handed_in(&self, bank: &str, paper: &str) -> Result<u32> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM attempts WHERE mode = 'exam' AND bank_id = ?1
               AND paper_id = ?2 AND status = ?3",
            params![bank, paper, AttemptStatus::Submitted.as_str()],
            |r| r.get(0),
        )?;
        Ok(u32::try_from(n).unwrap_or(u32::MAX))
    }

    /// The longest challenge run.
    pub fn best_challenge(&self) -> Result<Option<f64>> {
        Ok(self.conn.query_row(
            "SELECT max(score) FROM attempts WHERE mode = 'challenge' AND status = 'submitted'",
            [],
            |r| r.get(0),
        )?)
    }

    /// Today's daily attempt: its id, items and whether it was submitted.
    pub fn daily(&self, day: &str) -> Result<Option<(i64, Vec<ItemRef>, bool)>> {
        self.set_between(Mode::Daily, day, day)
    }

    /// This week's 每周答题 (the week of `day`, Monday to Sunday), as [`Store::daily`].
    pub fn weekly(&self, day: &str) -> Result<Option<(i64, Vec<ItemRef>, bool)>> {
        let Some(monday) = crate::domain::session::week_of(day) else {
            return Ok(None);
        };
        let sunday = monday
            .checked_add(jiff::Span::new().days(6))
            .unwrap_or(monday);
        self.set_between(Mode::Weekly, &monday.to_string(), &sunday.to_string())
    }

    /// Was the 专项答题 set of `bank`'s `tag` handed in before (its 积分 are given once)?
    pub fn special_done(&self, bank: &str, tag: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM attempts WHERE mode = 'special' AND bank_id = ?1
                AND title = ?2 AND status = 'submitted')",
            params![bank, tag],
            |r| r.get(0),
        )?)
    }

    /// The latest attempt of a set that is done once in a period (a day, a week).
    fn set_between(
        &self,
        mode: Mode,
        from: &str,
        to: &str,
    ) -> Result<Option<(i64, Vec<ItemRef>, bool)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT id, items, status = 'submitted' FROM attempts
                 WHERE mode = ?1 AND day BETWEEN ?2 AND ?3 AND status != 'abandoned'
                 ORDER BY id DESC LIMIT 1",
                params![mode.as_str(), from, to],
                |r| {
                    let items: Vec<ItemRef> =
                        serde_json::from_str(&r.get::<_, String>(1)?).unwrap_or_default();
                    Ok((r.get(0)?, items, r.get(2)?))
                },
            )
            .optional()?)
    }

    /// What drawing a session needs to know of the history: the questions in the
    /// wrong-answer book, those ever answered, and those to review on `day` (at most `daily`
    /// reviews a day, [`Store::review_today`]).
    pub fn draw_history(&self, day: &str, daily: usize) -> Result<crate::domain::draw::History> {
        let pairs = |sql: &str| -> Result<std::collections::HashSet<(String, String)>> {
            let mut stmt = self.conn.prepare(sql)?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok(crate::domain::draw::History {
            in_book: pairs("SELECT bank_id, question_id FROM wrong_book")?,
            answered: pairs("SELECT DISTINCT bank_id, question_id FROM answers")?,
            due: self.review_today(day, daily)?,
        })
    }
}
