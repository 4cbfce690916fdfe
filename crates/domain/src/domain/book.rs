//! An answer as given, and what it does to the wrong-answer book (错题本): a wrong answer puts
//! the question in (or back at its start); in a review, a right answer on a new day moves it
//! one step along, and after right answers on [`BOOK_DAYS`] separate days it leaves.
//!
//! The rule lives here, not in the store, so that whoever writes an answer decides with it
//! when the book may learn of it (an exam's answers only at submission, for one).

use super::quiz::Response;
use super::session::BOOK_DAYS;

/// One answer as given: what the store writes, and what the book learns from.
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerRecord {
    pub attempt: i64,
    /// The question's place in the attempt.
    pub position: usize,
    pub bank: String,
    pub question: String,
    pub response: Response,
    pub correct: bool,
    pub points: f64,
    pub seconds: i64,
    /// Given in a review of the wrong-answer book.
    pub review: bool,
    /// Given after the hint (查看提示) was looked at: no 积分.
    pub hinted: bool,
    /// The member's day it was given on (YYYY-MM-DD).
    pub day: String,
    /// An answer to a sealed paper (no key here): kept and logged as given, never graded,
    /// never in the wrong-answer book or the review.
    pub sealed: bool,
}

/// A question's place in the wrong-answer book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BookEntry {
    /// Separate days it has been answered right in a review since it last went wrong.
    pub right_days: i64,
    pub last_right_day: Option<String>,
}

/// What an answer does to the wrong-answer book.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BookChange {
    /// Nothing.
    Keep,
    /// A wrong answer: into the book, or back to its start.
    Enter,
    /// A right answer in a review on a new day: one step along.
    Advance { right_days: i64, day: String },
    /// Right on [`BOOK_DAYS`] separate days: out of the book.
    Leave,
}

/// What `answer` does to a question whose book entry is `entry` (`None`: not in the book).
pub fn book_change(entry: Option<&BookEntry>, answer: &AnswerRecord) -> BookChange {
    if !answer.correct {
        return BookChange::Enter;
    }
    match entry {
        Some(e) if answer.review && e.last_right_day.as_deref() != Some(answer.day.as_str()) => {
            if e.right_days + 1 >= BOOK_DAYS {
                BookChange::Leave
            } else {
                BookChange::Advance {
                    right_days: e.right_days + 1,
                    day: answer.day.clone(),
                }
            }
        }
        _ => BookChange::Keep,
    }
}

/// Every answer of a session graded, as the records submission writes (an exam's reach the
/// log and the wrong-answer book only then).
pub fn graded_answers(session: &super::session::Session, day: &str) -> Vec<AnswerRecord> {
    session
        .items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let r = session.responses[i].clone()?;
            let g = super::quiz::grade(&item.question, Some(&r), session.partial);
            Some(record_of(session, i, r, g, day))
        })
        .collect()
}

/// The record of item `i` of `session` answered `response`, graded `g`, on `day`.
pub fn record_of(
    session: &super::session::Session,
    i: usize,
    response: Response,
    g: super::quiz::Grade,
    day: &str,
) -> AnswerRecord {
    let item = &session.items[i];
    AnswerRecord {
        attempt: session.attempt,
        position: i,
        bank: item.bank.clone(),
        question: item.question.id.clone(),
        response,
        correct: g.correct,
        points: g.points,
        seconds: session.spent_ms[i] / 1000,
        review: session.mode == super::session::Mode::Review,
        hinted: session.hinted.get(i).copied().unwrap_or(false),
        day: day.to_string(),
        sealed: session.sealed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(correct: bool, review: bool, day: &str) -> AnswerRecord {
        AnswerRecord {
            sealed: false,
            attempt: 1,
            position: 0,
            bank: "b".into(),
            question: "q".into(),
            response: Response::Judge(true),
            correct,
            points: if correct { 1.0 } else { 0.0 },
            seconds: 3,
            review,
            hinted: false,
            day: day.into(),
        }
    }

    fn entry(right_days: i64, last: Option<&str>) -> BookEntry {
        BookEntry {
            right_days,
            last_right_day: last.map(str::to_string),
        }
    }

    #[test]
    fn a_wrong_answer_enters_or_restarts() {
        assert_eq!(
            book_change(None, &answer(false, false, "d1")),
            BookChange::Enter
        );
        let e = entry(2, Some("d1"));
        assert_eq!(
            book_change(Some(&e), &answer(false, true, "d2")),
            BookChange::Enter
        );
    }

    #[test]
    fn a_right_answer_outside_a_review_changes_nothing() {
        assert_eq!(
            book_change(None, &answer(true, false, "d1")),
            BookChange::Keep
        );
        let e = entry(1, Some("d1"));
        assert_eq!(
            book_change(Some(&e), &answer(true, false, "d2")),
            BookChange::Keep
        );
        // in a review, but the question is not in the book
        assert_eq!(
            book_change(None, &answer(true, true, "d2")),
            BookChange::Keep
        );
    }

    #[test]
    fn right_in_reviews_on_separate_days_moves_along_then_out() {
        let a = answer(true, true, "d1");
        let e = entry(0, None);
        assert_eq!(
            book_change(Some(&e), &a),
            BookChange::Advance {
                right_days: 1,
                day: "d1".into()
            }
        );
        // the same day again counts once
        let e = entry(1, Some("d1"));
        assert_eq!(book_change(Some(&e), &a), BookChange::Keep);
        let e = entry(BOOK_DAYS - 1, Some("d1"));
        assert_eq!(
            book_change(Some(&e), &answer(true, true, "d3")),
            BookChange::Leave
        );
    }
}
