//! Long-term review (复习): every question the member has answered has a card, scheduled by
//! FSRS ([`crate::domain::review`]) when the answer is written, in the answer's transaction.
//! A grade changed on the feedback screen is applied to the card as it was before that answer
//! (kept beside it), so changing one's mind never counts as a second review.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, ts};
use crate::domain::book::AnswerRecord;
use crate::domain::quiz::Kind;
pub use crate::domain::review::ReviewRow;
use crate::domain::review::{Card, Recall, default_recall, schedule};
use crate::domain::session::book_due;

/// The card stored for a question: what it is now, what it was before its last grade, and
/// which answer gave that grade.
struct Stored {
    card: Card,
    before: Option<Card>,
    attempt: Option<i64>,
    position: Option<i64>,
}

fn parse_card(s: Option<String>) -> Option<Card> {
    serde_json::from_str(&s?).ok()
}

fn stored(conn: &rusqlite::Connection, bank: &str, question: &str) -> Result<Option<Stored>> {
    let row = conn
        .query_row(
            "SELECT card, before, attempt, position FROM review_cards
             WHERE bank_id = ?1 AND question_id = ?2",
            params![bank, question],
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, Option<String>>(1)?,
                    r.get::<_, Option<i64>>(2)?,
                    r.get::<_, Option<i64>>(3)?,
                ))
            },
        )
        .optional()?;
    // a card that does not parse (written by hand, or by a future version) starts over: the
    // answers themselves are kept in their own table
    Ok(row.and_then(|(card, before, attempt, position)| {
        Some(Stored {
            card: parse_card(Some(card))?,
            before: parse_card(before),
            attempt,
            position,
        })
    }))
}

/// Schedules the card of an answer's question with `recall`, from the card as it was before
/// this answer: an answer written again (the same attempt and place) replaces its grade.
fn apply(
    conn: &rusqlite::Connection,
    a: &AnswerRecord,
    recall: Recall,
    now: Timestamp,
    day: jiff::civil::Date,
) -> Result<Card> {
    let (bank, question) = (a.bank.as_str(), a.question.as_str());
    let at = (a.attempt, a.position as i64);
    let old = stored(conn, bank, question)?;
    let before = match &old {
        Some(s) if (s.attempt, s.position) == (Some(at.0), Some(at.1)) => s.before.clone(),
        Some(s) => Some(s.card.clone()),
        None => None,
    };
    let card = schedule(before.as_ref(), recall, now, day);
    conn.execute(
        "INSERT INTO review_cards (bank_id, question_id, card, before, due, recall, attempt,
                                   position, answered_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(bank_id, question_id) DO UPDATE SET card = excluded.card,
            before = excluded.before, due = excluded.due, recall = excluded.recall,
            attempt = excluded.attempt, position = excluded.position,
            answered_at = excluded.answered_at",
        params![
            bank,
            question,
            serde_json::to_string(&card).unwrap_or_default(),
            before.map(|b| serde_json::to_string(&b).unwrap_or_default()),
            card.due.to_string(),
            recall.number(),
            at.0,
            at.1,
            ts(now)
        ],
    )?;
    Ok(card)
}

fn kind_of(conn: &rusqlite::Connection, bank: &str, question: &str) -> Result<Option<Kind>> {
    let k: Option<String> = conn
        .query_row(
            "SELECT kind FROM questions WHERE bank_id = ?1 AND id = ?2",
            params![bank, question],
            |r| r.get(0),
        )
        .optional()?;
    Ok(k.as_deref().and_then(Kind::parse))
}

/// A question made today (a card from the text): in review from `day`, as never answered.
pub(crate) fn new_card(
    conn: &rusqlite::Connection,
    bank: &str,
    question: &str,
    day: jiff::civil::Date,
    now: Timestamp,
) -> Result<()> {
    let card = Card::new_on(day, now);
    conn.execute(
        "INSERT OR IGNORE INTO review_cards (bank_id, question_id, card, due, recall, answered_at)
         VALUES (?1, ?2, ?3, ?4, 3, ?5)",
        params![
            bank,
            question,
            serde_json::to_string(&card).unwrap_or_default(),
            day.to_string(),
            ts(now)
        ],
    )?;
    Ok(())
}

/// Positions of an attempt whose hint was looked at.
pub(crate) fn hints_of(conn: &rusqlite::Connection, attempt: i64) -> Result<Vec<usize>> {
    let text: Option<String> = conn
        .query_row("SELECT hints FROM attempts WHERE id = ?1", [attempt], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(text
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default())
}

/// What a graded answer does to its question's card, with the default grade (in the answer's
/// transaction). A question no longer in any bank gets none.
pub(crate) fn schedule_answer(
    conn: &rusqlite::Connection,
    a: &AnswerRecord,
    now: Timestamp,
) -> Result<()> {
    let Some(kind) = kind_of(conn, &a.bank, &a.question)? else {
        return Ok(());
    };
    let Ok(day) = a.day.parse::<jiff::civil::Date>() else {
        return Ok(());
    };
    let recall = default_recall(a.correct, a.seconds, a.hinted, kind);
    apply(conn, a, recall, now, day)?;
    Ok(())
}

impl Store {
    /// The cards of these questions as they are now (`None`: never answered), for the feedback
    /// screen's grade line.
    pub fn review_cards_of(&self, questions: &[(String, String)]) -> Result<Vec<Option<Card>>> {
        questions
            .iter()
            .map(|(b, q)| Ok(stored(&self.conn, b, q)?.map(|s| s.card)))
            .collect()
    }

    /// The member changed the grade of an answer on its feedback screen: the card is scheduled
    /// again from where it was before that answer.
    pub fn rate(
        &mut self,
        a: &AnswerRecord,
        recall: Recall,
        now: Timestamp,
    ) -> Result<Option<Card>> {
        let tx = self.write_tx()?;
        let Ok(day) = a.day.parse::<jiff::civil::Date>() else {
            return Ok(None);
        };
        if stored(&tx, &a.bank, &a.question)?.is_none() {
            return Ok(None);
        }
        let card = apply(&tx, a, recall, now, day)?;
        tx.commit()?;
        Ok(Some(card))
    }

    /// What a review asks on `day`, at most `daily` a day: the rows the rule
    /// ([`crate::domain::review::queue`]) needs, loaded and handed to it.
    pub fn review_today(&self, day: &str, daily: usize) -> Result<Vec<(String, String)>> {
        Ok(crate::domain::review::queue(
            self.book_due(day)?,
            self.review_due(day)?,
            self.reviewed_on(day)?,
            daily,
        ))
    }

    /// Questions due for long-term review on `day` (not suspended), longest overdue first.
    pub fn review_due(&self, day: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT bank_id, question_id FROM review_cards
             WHERE due <= ?1 AND NOT suspended ORDER BY due, answered_at, bank_id, question_id",
        )?;
        let rows = stmt.query_map([day], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Cards falling due on exactly `day` (not suspended): "明天到期".
    pub fn review_due_on(&self, day: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM review_cards WHERE due = ?1 AND NOT suspended",
            [day],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as usize)
    }

    /// Questions answered in review sessions on `day` (the daily limit counts them).
    pub fn reviewed_on(&self, day: &str) -> Result<usize> {
        let n: i64 = self.conn.query_row(
            "SELECT count(DISTINCT a.bank_id || char(31) || a.question_id)
             FROM answers a JOIN attempts t ON t.id = a.attempt_id
             WHERE t.mode = 'review' AND t.day = ?1",
            [day],
            |r| r.get(0),
        )?;
        Ok(n.max(0) as usize)
    }

    /// Every card, for the 错题/复习 browser, with what is due on `day` in the wrong-answer book
    /// marked.
    pub fn review_rows_on(&self, day: &str) -> Result<Vec<ReviewRow>> {
        let book: std::collections::HashSet<(String, String)> =
            self.book_due(day)?.into_iter().collect();
        let mut rows = self.review_rows()?;
        for r in &mut rows {
            r.book_due = book.contains(&(r.bank.clone(), r.question.clone()));
        }
        Ok(rows)
    }

    /// Every card, for the 错题/复习 browser: by due day, suspended ones last.
    pub fn review_rows(&self) -> Result<Vec<ReviewRow>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.bank_id, c.question_id, coalesce(q.stem, ''), q.material_id, c.card,
                    c.recall, c.suspended, w.bank_id IS NOT NULL, coalesce(b.title, c.bank_id)
             FROM review_cards c
             LEFT JOIN banks b ON b.id = c.bank_id
             LEFT JOIN questions q ON q.bank_id = c.bank_id AND q.id = c.question_id
             LEFT JOIN wrong_book w ON w.bank_id = c.bank_id AND w.question_id = c.question_id
             ORDER BY c.suspended, c.due, c.bank_id, c.question_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, Option<String>>(3)?,
                r.get::<_, String>(4)?,
                r.get::<_, i64>(5)?,
                r.get::<_, bool>(6)?,
                r.get::<_, bool>(7)?,
                r.get::<_, String>(8)?,
            ))
        })?;
        let mut out = Vec::new();
        for row in rows {
            let (bank, question, stem, material, card, recall, suspended, in_book, bank_title) =
                row?;
            let Some(card) = parse_card(Some(card)) else {
                continue;
            };
            out.push(ReviewRow {
                bank,
                bank_title,
                question,
                stem,
                material,
                due: card.due,
                recall: Recall::from_number(recall).unwrap_or(Recall::Good),
                reps: card.reps(),
                lapses: card.lapses(),
                suspended,
                in_book,
                book_due: false,
            });
        }
        Ok(out)
    }

    /// The hint of question `position` was looked at (kept at once, so that an answer given
    /// after leaving and coming back still earns no 积分).
    pub fn mark_hint(&mut self, attempt: i64, position: usize) -> Result<()> {
        let tx = self.write_tx()?;
        let mut hints = hints_of(&tx, attempt)?;
        if !hints.contains(&position) {
            hints.push(position);
            tx.execute(
                "UPDATE attempts SET hints = ?2 WHERE id = ?1",
                params![attempt, serde_json::to_string(&hints).unwrap_or_default()],
            )?;
        }
        tx.commit()?;
        Ok(())
    }

    /// Wrong-book entries due on `day`: (bank, question).
    pub fn book_due(&self, day: &str) -> Result<Vec<(String, String)>> {
        let mut stmt = self.conn.prepare(
            "SELECT bank_id, question_id, right_days, last_right_day FROM wrong_book
             ORDER BY added_at, bank_id, question_id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, i64>(2)?,
                r.get::<_, Option<String>>(3)?,
            ))
        })?;
        let mut due = Vec::new();
        for row in rows {
            let (b, q, days, last) = row?;
            if book_due(days, last.as_deref(), day) {
                due.push((b, q));
            }
        }
        Ok(due)
    }

    /// Questions in the wrong-answer book.
    pub fn book_size(&self) -> Result<usize> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM wrong_book", [], |r| {
                r.get::<_, i64>(0)
            })?
            .max(0) as usize)
    }

    /// Keeps a finished contest (who played, how every question went).
    pub fn save_contest(&mut self, r: &crate::domain::contest::ContestRecord) -> Result<i64> {
        self.conn.execute(
            "INSERT INTO contests (started_at, finished_at, record) VALUES (?1, ?2, ?3)",
            params![
                ts(r.started_at),
                ts(r.finished_at),
                serde_json::to_string(r).unwrap_or_default()
            ],
        )?;
        Ok(self.conn.last_insert_rowid())
    }

    /// Every contest kept, oldest first.
    pub fn contests(&self) -> Result<Vec<crate::domain::contest::ContestRecord>> {
        let mut stmt = self
            .conn
            .prepare("SELECT record FROM contests ORDER BY started_at, id")?;
        let rows = stmt.query_map([], |r| r.get::<_, String>(0))?;
        let mut out = Vec::new();
        for row in rows {
            if let Ok(r) = serde_json::from_str(&row?) {
                out.push(r);
            }
        }
        Ok(out)
    }

    /// Stops (or resumes) asking a question in reviews.
    pub fn suspend_card(&mut self, bank: &str, question: &str, suspended: bool) -> Result<()> {
        self.conn.execute(
            "UPDATE review_cards SET suspended = ?3 WHERE bank_id = ?1 AND question_id = ?2",
            params![bank, question, suspended],
        )?;
        Ok(())
    }

    /// Takes a question out of review and out of the wrong-answer book (its answers stay in the
    /// record; answered again, it comes back as a question met for the first time).
    pub fn forget_card(&mut self, bank: &str, question: &str) -> Result<()> {
        let tx = self.write_tx()?;
        tx.execute(
            "DELETE FROM review_cards WHERE bank_id = ?1 AND question_id = ?2",
            params![bank, question],
        )?;
        tx.execute(
            "DELETE FROM wrong_book WHERE bank_id = ?1 AND question_id = ?2",
            params![bank, question],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Gives every question answered before long-term review existed its card, by replaying
    /// its graded answers in order with the default grades (once, after the migration that
    /// made the table; marked in `meta`).
    pub(crate) fn seed_review_cards(&mut self) -> Result<()> {
        if self.meta(SEEDED_KEY)?.is_some() {
            return Ok(());
        }
        let tx = self.write_tx()?;
        let answers: Vec<(AnswerRecord, Timestamp)> = {
            let mut stmt = tx.prepare(
                "SELECT a.attempt_id, a.position, a.bank_id, a.question_id, a.correct,
                        a.seconds, a.hinted, t.day, a.answered_at
                 FROM answers a JOIN attempts t ON t.id = a.attempt_id
                 WHERE t.status = 'submitted' OR t.mode != 'exam'
                 ORDER BY a.answered_at, a.id",
            )?;
            let rows = stmt.query_map([], |r| {
                Ok((
                    AnswerRecord {
                        sealed: false,
                        attempt: r.get(0)?,
                        position: r.get::<_, i64>(1)?.max(0) as usize,
                        bank: r.get(2)?,
                        question: r.get(3)?,
                        response: crate::domain::quiz::Response::Judge(false),
                        correct: r.get(4)?,
                        points: 0.0,
                        seconds: r.get(5)?,
                        review: false,
                        hinted: r.get(6)?,
                        day: r.get(7)?,
                    },
                    r.get::<_, String>(8)?,
                ))
            })?;
            let mut out = Vec::new();
            for row in rows {
                let (a, at) = row?;
                if let Ok(at) = at.parse::<Timestamp>() {
                    out.push((a, at));
                }
            }
            out
        };
        for (a, at) in &answers {
            schedule_answer(&tx, a, *at)?;
        }
        tx.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
            params![SEEDED_KEY, answers.len().to_string()],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// The `meta` key that says the cards of answers given before long-term review were made.
const SEEDED_KEY: &str = "review_seeded";

#[cfg(test)]
mod tests;
