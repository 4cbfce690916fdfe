//! Long-term review (复习) of every question the member has met, scheduled with FSRS (the
//! `rs-fsrs` crate, Anki's scheduler) in whole days: each answer is graded 忘了/困难/记得/简单
//! (Again/Hard/Good/Easy) — by default from right or wrong and the time taken, changed by the
//! member on the feedback screen — and the card is due again that many days after the day it
//! was answered.
//!
//! Pure: the time and the member's day come in from the caller.

use jiff::civil::Date;
use jiff::{Timestamp, ToSpan};
use serde::{Deserialize, Serialize};

use crate::domain::quiz::Kind;

/// Reviews a day when the config does not say (`[review] daily`).
pub const DAILY_REVIEWS: usize = 20;

/// How well the member recalled a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Recall {
    /// 忘了
    Again,
    /// 困难
    Hard,
    /// 记得
    Good,
    /// 简单
    Easy,
}

impl Recall {
    pub const ALL: [Recall; 4] = [Recall::Again, Recall::Hard, Recall::Good, Recall::Easy];

    /// 1–4, as stored and as keyed.
    pub fn number(self) -> u8 {
        match self {
            Recall::Again => 1,
            Recall::Hard => 2,
            Recall::Good => 3,
            Recall::Easy => 4,
        }
    }

    pub fn from_number(n: i64) -> Option<Recall> {
        Recall::ALL.into_iter().find(|r| i64::from(r.number()) == n)
    }

    fn rating(self) -> rs_fsrs::Rating {
        match self {
            Recall::Again => rs_fsrs::Rating::Again,
            Recall::Hard => rs_fsrs::Rating::Hard,
            Recall::Good => rs_fsrs::Rating::Good,
            Recall::Easy => rs_fsrs::Rating::Easy,
        }
    }
}

/// The grade an answer gets unless the member changes it: wrong is 忘了; right after the hint
/// or slowly is 困难; right quickly is 简单; otherwise 记得. "Quickly" and "slowly" depend on
/// what the question asks of the member (a 判断 is read and answered in seconds, a blank typed).
pub fn default_recall(correct: bool, seconds: i64, hinted: bool, kind: Kind) -> Recall {
    if !correct {
        return Recall::Again;
    }
    let (fast, slow) = match kind {
        Kind::Judge => (4, 20),
        Kind::Single => (6, 30),
        Kind::Multiple => (8, 45),
        Kind::Fill => (10, 60),
    };
    if hinted || seconds > slow {
        Recall::Hard
    } else if seconds <= fast {
        Recall::Easy
    } else {
        Recall::Good
    }
}

/// One card as the 错题/复习 browser lists it.
#[derive(Clone, Debug, PartialEq)]
pub struct ReviewRow {
    pub bank: String,
    /// The bank's title, what the member is shown (the id is the trainer's, or `my-cards`).
    pub bank_title: String,
    pub question: String,
    pub stem: String,
    /// The material the question's answer is found in.
    pub material: Option<String>,
    pub due: jiff::civil::Date,
    /// The last grade given.
    pub recall: Recall,
    pub reps: i32,
    pub lapses: i32,
    pub suspended: bool,
    /// In the wrong-answer book (answered wrong and not yet right on three days since).
    pub in_book: bool,
    /// Due today in the wrong-answer book (whatever the long-term schedule says).
    pub book_due: bool,
}

/// A question's place in the member's long-term review: the FSRS card (kept as FSRS keeps it)
/// and the day it is due.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    pub fsrs: rs_fsrs::Card,
    /// The member's day it is next due.
    pub due: Date,
}

impl Card {
    /// A card never reviewed, due on `day` (a question the member made today).
    pub fn new_on(day: Date, now: Timestamp) -> Card {
        let now = chrono_time(now);
        Card {
            fsrs: rs_fsrs::Card {
                due: now,
                last_review: now,
                ..rs_fsrs::Card::default()
            },
            due: day,
        }
    }

    /// Days between reviews as now scheduled.
    pub fn interval_days(&self) -> i64 {
        self.fsrs.scheduled_days
    }

    pub fn reps(&self) -> i32 {
        self.fsrs.reps
    }

    pub fn lapses(&self) -> i32 {
        self.fsrs.lapses
    }
}

fn scheduler() -> rs_fsrs::FSRS {
    // whole days: no minutes-long learning steps (a member studies once a day, not in sittings
    // of cards), and no fuzz, so a schedule is the same on every machine
    rs_fsrs::FSRS::new(rs_fsrs::Parameters {
        enable_short_term: false,
        enable_fuzz: false,
        ..rs_fsrs::Parameters::default()
    })
}

fn chrono_time(t: Timestamp) -> chrono::DateTime<chrono::Utc> {
    // every jiff timestamp a member's clock gives is within chrono's range; the epoch stands in
    // otherwise (a card then falls due at once, never lost)
    chrono::DateTime::from_timestamp(t.as_second(), 0).unwrap_or_default()
}

/// The card after an answer graded `recall`, given at `now` on the member's `day`
/// (`before`: the card as it was, `None` for a question met for the first time).
pub fn schedule(before: Option<&Card>, recall: Recall, now: Timestamp, day: Date) -> Card {
    let card = match before {
        Some(c) => c.fsrs.clone(),
        None => Card::new_on(day, now).fsrs,
    };
    let next = scheduler()
        .next(card, chrono_time(now), recall.rating())
        .card;
    let days = next.scheduled_days.clamp(1, 36_500);
    Card {
        due: day.checked_add(days.days()).unwrap_or(day),
        fsrs: next,
    }
}

/// The days each grade would next bring the card back in (for the feedback screen's line).
pub fn intervals(before: Option<&Card>, now: Timestamp, day: Date) -> [i64; 4] {
    Recall::ALL.map(|r| (schedule(before, r, now, day).due - day).get_days() as i64)
}

/// A question in review: (bank, question).
pub type QuestionKey = (String, String);

/// What a review asks on a day: the wrong-answer book's questions due (`book_due`, in the
/// book's order), then the long-term review's (`cards_due`, longest overdue first), each once,
/// at most `daily` in all less the `reviewed` questions already reviewed that day.
pub fn queue(
    book_due: Vec<QuestionKey>,
    cards_due: Vec<QuestionKey>,
    reviewed: usize,
    daily: usize,
) -> Vec<QuestionKey> {
    let left = daily.saturating_sub(reviewed);
    let mut due = book_due;
    let mut seen: std::collections::HashSet<QuestionKey> = due.iter().cloned().collect();
    for q in cards_due {
        if due.len() >= left {
            break;
        }
        if seen.insert(q.clone()) {
            due.push(q);
        }
    }
    due.truncate(left);
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Date {
        s.parse().unwrap()
    }

    fn at(d: &str) -> Timestamp {
        format!("{d}T08:00:00Z").parse().unwrap()
    }

    #[test]
    fn the_default_grade_follows_right_wrong_and_time() {
        assert_eq!(default_recall(false, 3, false, Kind::Single), Recall::Again);
        assert_eq!(default_recall(true, 3, false, Kind::Single), Recall::Easy);
        assert_eq!(default_recall(true, 12, false, Kind::Single), Recall::Good);
        assert_eq!(default_recall(true, 90, false, Kind::Single), Recall::Hard);
        assert_eq!(default_recall(true, 3, true, Kind::Single), Recall::Hard);
        // a blank takes longer to type than a 判断 to read
        assert_eq!(default_recall(true, 9, false, Kind::Fill), Recall::Easy);
        assert_eq!(default_recall(true, 9, false, Kind::Judge), Recall::Good);
    }

    #[test]
    fn better_recall_means_a_longer_wait_and_forgetting_brings_it_back_soon() {
        let d = day("2026-11-30");
        let i = intervals(None, at("2026-11-30"), d);
        assert!(i[0] >= 1, "never due the same day: {i:?}");
        assert!(i[0] <= i[1] && i[1] <= i[2] && i[2] < i[3], "{i:?}");
        // remembered on each due day, the waits grow
        let mut card = schedule(None, Recall::Good, at("2026-11-30"), d);
        let mut waits = vec![card.interval_days()];
        for _ in 0..4 {
            let when = card.due;
            card = schedule(Some(&card), Recall::Good, at(&when.to_string()), when);
            waits.push(card.interval_days());
        }
        assert!(waits.windows(2).all(|w| w[0] < w[1]), "{waits:?}");
        assert_eq!(card.reps(), 5);
        // then forgotten: back within days, and counted as a lapse
        let when = card.due;
        let lapsed = schedule(Some(&card), Recall::Again, at(&when.to_string()), when);
        assert!(
            lapsed.interval_days() < card.interval_days() / 4,
            "{lapsed:?}"
        );
        assert_eq!(lapsed.lapses(), 1);
        assert_eq!(
            lapsed.due,
            when.checked_add(lapsed.interval_days().days()).unwrap()
        );
    }

    #[test]
    fn a_card_keeps_through_json_and_schedules_the_same_everywhere() {
        let c = schedule(None, Recall::Hard, at("2026-11-30"), day("2026-11-30"));
        let back: Card = serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
        assert_eq!(
            schedule(Some(&c), Recall::Good, at("2026-12-05"), day("2026-12-05")),
            schedule(
                Some(&back),
                Recall::Good,
                at("2026-12-05"),
                day("2026-12-05")
            )
        );
        for r in Recall::ALL {
            assert_eq!(Recall::from_number(r.number().into()), Some(r));
        }
    }

    fn k(q: &str) -> QuestionKey {
        ("b".into(), q.into())
    }

    #[test]
    fn the_queue_puts_the_book_first_once_each_and_keeps_the_days_limit() {
        let q = queue(vec![k("1"), k("2")], vec![k("2"), k("3"), k("4")], 0, 3);
        assert_eq!(q, vec![k("1"), k("2"), k("3")]);
        // two already reviewed today: one left
        assert_eq!(
            queue(vec![k("1"), k("2")], vec![k("3")], 2, 3),
            vec![k("1")]
        );
        // the limit reached: nothing, even from the book
        assert!(queue(vec![k("1")], vec![k("3")], 5, 3).is_empty());
        assert_eq!(queue(vec![], vec![k("3"), k("3")], 0, 20), vec![k("3")]);
    }
}
