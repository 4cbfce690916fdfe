//! Quiz attempts: every answer is written when it is given (with the wrong-answer book in the
//! same transaction), exam time is checkpointed, and an open exam can be resumed or abandoned.

use crate::domain::book::{AnswerRecord, BookChange, BookEntry, book_change};
use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::log::append;
use super::{Result, Store, ts};
use crate::domain::log::Record;
use crate::domain::quiz::Response;
use crate::domain::session::{ItemRef, Mode, Results, response_from_json, response_json};

/// What is written when an attempt starts.
pub struct NewAttempt<'a> {
    pub mode: Mode,
    pub bank: Option<&'a str>,
    pub paper: Option<&'a str>,
    pub title: &'a str,
    pub seed: u64,
    pub items: &'a [ItemRef],
    pub day: &'a str,
    pub limit_secs: Option<i64>,
    pub pass: Option<u8>,
    pub partial: Option<f64>,
}

/// An exam left open (the app was closed or killed during it).
#[derive(Clone, Debug, PartialEq)]
pub struct OpenAttempt {
    pub id: i64,
    pub mode: Mode,
    pub bank: Option<String>,
    pub paper: Option<String>,
    pub title: String,
    pub items: Vec<ItemRef>,
    pub limit_secs: Option<i64>,
    pub used_secs: i64,
    pub pass: Option<u8>,
    pub partial: Option<f64>,
    /// (position, response json) of the answers given.
    pub answers: Vec<(usize, String)>,
    pub started_at: Timestamp,
    /// The question the member was on.
    pub current: usize,
    /// Positions whose hint (查看提示) was looked at.
    pub hints: Vec<usize>,
}

impl OpenAttempt {
    /// Seconds since it started (the wall clock: time with xuexi closed counts), never less
    /// than the time it counted itself.
    pub fn elapsed_secs(&self, now: Timestamp) -> i64 {
        crate::domain::exam::elapsed_secs(self.started_at, self.used_secs, now)
    }

    /// The stored responses, decoded for the question kinds at their positions.
    pub fn response(&self, position: usize, kind: crate::domain::quiz::Kind) -> Option<Response> {
        self.answers
            .iter()
            .find(|(p, _)| *p == position)
            .and_then(|(_, r)| response_from_json(kind, r))
    }
}

impl Store {
    pub fn start_attempt(&mut self, a: &NewAttempt<'_>, now: Timestamp) -> Result<i64> {
        let items = serde_json::to_string(a.items).unwrap_or_else(|_| "[]".into());
        self.conn.execute(
            "INSERT INTO attempts (mode, bank_id, paper_id, title, seed, items, day, started_at,
                                   time_limit, pass, partial)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
            params![
                a.mode.as_str(),
                a.bank,
                a.paper,
                a.title,
                a.seed as i64,
                items,
                a.day,
                ts(now),
                a.limit_secs,
                a.pass,
                a.partial
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Writes one answer (replacing an earlier one at the same position), its study-log event
    /// and, in the same transaction, what the answer does to the wrong-answer book
    /// ([`book_change`]). Exam answers are not written this way before submission: see
    /// [`Store::save_response`] and [`Store::finish_attempt`].
    pub fn save_answer(&mut self, a: &AnswerRecord, now: Timestamp) -> Result<()> {
        let tx = self.write_tx()?;
        record_answer(&tx, a, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Keeps an exam answer as given, ungraded: no log event, no points, nothing in the
    /// wrong-answer book until the paper is submitted. Replaces an earlier answer at the same
    /// position (exam answers may change until then).
    pub fn save_response(&mut self, a: &AnswerRecord, now: Timestamp) -> Result<()> {
        upsert_answer(&self.conn, a, false, 0.0, now)
    }

    /// Starts an exam's clock: its time runs from `at`, on screen or not.
    pub fn begin_exam(&mut self, attempt: i64, at: Timestamp) -> Result<()> {
        self.conn.execute(
            "UPDATE attempts SET started_at = ?2 WHERE id = ?1 AND status = 'open'",
            params![attempt, ts(at)],
        )?;
        Ok(())
    }

    /// Remembers the question the member is on and the time counted, so an exam reopens there.
    pub fn save_place(&mut self, attempt: i64, current: usize, used_secs: i64) -> Result<()> {
        self.conn.execute(
            "UPDATE attempts SET used_secs = max(used_secs, ?2), current = ?3
             WHERE id = ?1 AND status = 'open'",
            params![attempt, used_secs.max(0), current as i64],
        )?;
        Ok(())
    }

    /// Closes an attempt with its results. `graded` are the answers that reach the log and the
    /// wrong-answer book only now (an exam's, graded at submission), in the same transaction.
    pub fn finish_attempt(
        &mut self,
        attempt: i64,
        results: &Results,
        used_secs: i64,
        graded: &[AnswerRecord],
        now: Timestamp,
    ) -> Result<()> {
        let tx = self.write_tx()?;
        let (open, limit, started): (bool, Option<i64>, Option<String>) = tx
            .query_row(
                "SELECT status = 'open', time_limit, started_at FROM attempts WHERE id = ?1",
                [attempt],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?
            .unwrap_or((false, None, None));
        // a timed paper's record never says more than its limit, nor that it ended after its
        // deadline (the rule: domain::exam::closing)
        let started = started.and_then(|s| s.parse::<Timestamp>().ok());
        let (used_secs, now) = crate::domain::exam::closing(limit, started, used_secs, now);
        if open {
            for a in graded {
                record_answer(&tx, a, now)?;
            }
        }
        // a sealed paper keeps no score: NULL, not a 0 that reads as failed
        let graded = !results.sealed;
        let changed = tx.execute(
            "UPDATE attempts SET status = 'submitted', finished_at = ?2, used_secs = ?3,
                score = ?4, max_score = ?5, percent = ?6, passed = ?7, sealed = ?8
             WHERE id = ?1 AND status <> 'submitted'",
            params![
                attempt,
                ts(now),
                used_secs.max(0),
                graded.then_some(results.score),
                graded.then_some(results.max),
                graded.then_some(results.percent),
                results.passed.filter(|_| graded),
                results.sealed
            ],
        )?;
        if changed == 1 {
            let (mode, bank, paper, title, started): (
                String,
                Option<String>,
                Option<String>,
                String,
                String,
            ) = tx.query_row(
                "SELECT mode, bank_id, paper_id, title, started_at FROM attempts WHERE id = ?1",
                [attempt],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
            )?;
            // right answers given after a hint (kept with the answer, so a session left and
            // resumed still knows): they earn no 积分
            let answers = hinted_and_correct(&tx, attempt)?;
            let hinted = crate::domain::points::right_after_hint(answers);
            append(
                &tx,
                now,
                &Record::Attempt {
                    sealed: results.sealed,
                    attempt,
                    mode,
                    bank,
                    paper,
                    title,
                    started: started.parse().unwrap_or(now),
                    seconds: used_secs.max(0),
                    score: results.score,
                    max: results.max,
                    percent: results.percent,
                    passed: results.passed,
                    right: results.right,
                    answered: results.answered,
                    hinted,
                },
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Gives up an open attempt: it stays in the history as abandoned.
    pub fn abandon_attempt(&mut self, attempt: i64, now: Timestamp) -> Result<()> {
        self.conn.execute(
            "UPDATE attempts SET status = 'abandoned', finished_at = ?2
             WHERE id = ?1 AND status = 'open'",
            params![attempt, ts(now)],
        )?;
        Ok(())
    }

    /// Forgets an open attempt that holds no answer (an exam closed on its start screen): it
    /// was never taken, so it is neither in the history nor a try of a paper with a limit.
    pub fn discard_attempt(&mut self, attempt: i64) -> Result<()> {
        self.conn.execute(
            "DELETE FROM attempts WHERE id = ?1 AND status = 'open'
               AND NOT EXISTS (SELECT 1 FROM answers WHERE attempt_id = ?1)",
            [attempt],
        )?;
        Ok(())
    }

    /// The newest exam still open, with its answers.
    pub fn open_exam(&self) -> Result<Option<OpenAttempt>> {
        self.open_where("mode = 'exam'", None)
    }

    /// The newest practice, challenge or review left unfinished (resumable from the menu).
    pub fn open_session(&self) -> Result<Option<OpenAttempt>> {
        self.open_where(&format!("mode IN ({})", replaceable_modes()), None)
    }

    /// An attempt still open, by id.
    pub fn open_attempt(&self, id: i64) -> Result<Option<OpenAttempt>> {
        self.open_where("1", Some(id))
    }

    fn open_where(&self, cond: &str, id: Option<i64>) -> Result<Option<OpenAttempt>> {
        let row = self
            .conn
            .query_row(
                &format!(
                    "SELECT id, mode, bank_id, paper_id, title, items, time_limit, used_secs, pass,
                            partial, started_at, current
                     FROM attempts WHERE status = 'open' AND {cond} AND (?1 IS NULL OR id = ?1)
                     ORDER BY id DESC LIMIT 1"
                ),
                [id],
                |r| {
                    Ok(OpenAttempt {
                        id: r.get(0)?,
                        mode: Mode::parse(&r.get::<_, String>(1)?).unwrap_or(Mode::Exam),
                        bank: r.get(2)?,
                        paper: r.get(3)?,
                        title: r.get(4)?,
                        items: serde_json::from_str(&r.get::<_, String>(5)?).unwrap_or_default(),
                        limit_secs: r.get(6)?,
                        used_secs: r.get(7)?,
                        pass: r.get::<_, Option<i64>>(8)?.map(|p| p.clamp(0, 100) as u8),
                        partial: r.get(9)?,
                        answers: Vec::new(),
                        started_at: r
                            .get::<_, String>(10)?
                            .parse()
                            .unwrap_or(Timestamp::UNIX_EPOCH),
                        current: r.get::<_, i64>(11)?.max(0) as usize,
                        hints: Vec::new(),
                    })
                },
            )
            .optional()?;
        let Some(mut a) = row else { return Ok(None) };
        a.answers = self.answers_of(a.id)?;
        a.hints = super::review::hints_of(&self.conn, a.id)?;
        Ok(Some(a))
    }

    /// Closes the unfinished practice, challenge and review sessions but `keep` (a new one
    /// replaces them): they stay in the history as abandoned, out of every score.
    pub fn abandon_unfinished(&mut self, keep: i64, now: Timestamp) -> Result<()> {
        self.conn.execute(
            &format!(
                "UPDATE attempts SET status = 'abandoned', finished_at = ?2
                 WHERE status = 'open' AND mode IN ({}) AND id <> ?1",
                replaceable_modes()
            ),
            params![keep, ts(now)],
        )?;
        Ok(())
    }

    /// (position, response json) of an attempt's answers.
    pub fn answers_of(&self, attempt: i64) -> Result<Vec<(usize, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT position, response FROM answers WHERE attempt_id = ?1 ORDER BY position",
        )?;
        let rows = stmt
            .query_map([attempt], |r| {
                Ok((r.get::<_, i64>(0)?.max(0) as usize, r.get(1)?))
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(rows)
    }
}

/// (hinted, correct) of each answer of an attempt (its own rows only).
fn hinted_and_correct(conn: &rusqlite::Connection, attempt: i64) -> Result<Vec<(bool, bool)>> {
    let mut stmt = conn.prepare("SELECT hinted, correct FROM answers WHERE attempt_id = ?1")?;
    let rows = stmt.query_map([attempt], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// `Mode::REPLACEABLE` as SQL (`'practice', 'challenge', …`: the domain's names, no input).
fn replaceable_modes() -> String {
    Mode::REPLACEABLE
        .iter()
        .map(|m| format!("'{}'", m.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes an answer's row (replacing an earlier one at its position) with the grade given:
/// the answer's own, or none yet (an exam's before submission).
fn upsert_answer(
    conn: &rusqlite::Connection,
    a: &AnswerRecord,
    correct: bool,
    points: f64,
    now: Timestamp,
) -> Result<()> {
    conn.execute(
        "INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct,
                              points, seconds, answered_at, hinted)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)
         ON CONFLICT(attempt_id, position) DO UPDATE SET response = excluded.response,
            correct = excluded.correct, points = excluded.points,
            seconds = excluded.seconds, answered_at = excluded.answered_at,
            hinted = answers.hinted OR excluded.hinted",
        params![
            a.attempt,
            a.position as i64,
            a.bank,
            a.question,
            response_json(&a.response),
            correct,
            points,
            a.seconds.max(0),
            ts(now),
            a.hinted
        ],
    )?;
    Ok(())
}

/// Writes one graded answer: its row, its log event and what it does to the wrong-answer book.
fn record_answer(tx: &rusqlite::Transaction<'_>, a: &AnswerRecord, now: Timestamp) -> Result<()> {
    let mode: String = tx.query_row(
        "SELECT mode FROM attempts WHERE id = ?1",
        [a.attempt],
        |r| r.get(0),
    )?;
    append(
        tx,
        now,
        &Record::Answer {
            sealed: a.sealed,
            attempt: a.attempt,
            mode,
            position: a.position,
            bank: a.bank.clone(),
            question: a.question.clone(),
            response: response_json(&a.response),
            correct: a.correct,
            points: a.points,
            seconds: a.seconds.max(0),
            hinted: a.hinted,
        },
    )?;
    if a.sealed {
        // a sealed paper's answer: kept as given, ungraded; nothing here knows if it was right
        return upsert_answer(tx, a, false, 0.0, now);
    }
    upsert_answer(tx, a, a.correct, a.points, now)?;
    super::review::schedule_answer(tx, a, now)?;
    let entry: Option<BookEntry> = tx
        .query_row(
            "SELECT right_days, last_right_day FROM wrong_book
             WHERE bank_id = ?1 AND question_id = ?2",
            params![a.bank, a.question],
            |r| {
                Ok(BookEntry {
                    right_days: r.get(0)?,
                    last_right_day: r.get(1)?,
                })
            },
        )
        .optional()?;
    match book_change(entry.as_ref(), a) {
        BookChange::Keep => {}
        BookChange::Enter => {
            tx.execute(
                "INSERT INTO wrong_book (bank_id, question_id, box, right_days, last_right_day, added_at)
                 VALUES (?1, ?2, 0, 0, NULL, ?3)
                 ON CONFLICT(bank_id, question_id) DO UPDATE SET box = 0, right_days = 0,
                    last_right_day = NULL",
                params![a.bank, a.question, ts(now)],
            )?;
        }
        BookChange::Advance { right_days, day } => {
            tx.execute(
                "UPDATE wrong_book SET right_days = ?3, box = ?3, last_right_day = ?4
                 WHERE bank_id = ?1 AND question_id = ?2",
                params![a.bank, a.question, right_days, day],
            )?;
        }
        BookChange::Leave => {
            tx.execute(
                "DELETE FROM wrong_book WHERE bank_id = ?1 AND question_id = ?2",
                params![a.bank, a.question],
            )?;
        }
    }
    Ok(())
}
