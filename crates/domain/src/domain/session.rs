//! A quiz session: the questions drawn, the member's responses, time, and the result. Pure:
//! time comes in as deltas, randomness from a recorded seed.

use serde::{Deserialize, Serialize};

use crate::domain::quiz::{Grade, Kind, Question, Response, grade, shuffle};
use crate::domain::rng::Rng;
// the hash lives with the generator (the questions use it too); its old path stays for the formats
use crate::domain::rng::fnv;

/// How a session runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Mode {
    /// 练习: feedback after each answer.
    Practice,
    /// 考试: closed book, timed, no feedback before submitting.
    Exam,
    /// 每日答题: five a day.
    Daily,
    /// 挑战答题: until the first wrong answer, a timer per question.
    Challenge,
    /// 错题本 review.
    Review,
    /// 每周答题: a set of five a week.
    Weekly,
    /// 专项答题: a bank's questions of one tag (专题), scored the first time the set is done.
    Special,
}

impl Mode {
    pub fn as_str(self) -> &'static str {
        match self {
            Mode::Practice => "practice",
            Mode::Exam => "exam",
            Mode::Daily => "daily",
            Mode::Challenge => "challenge",
            Mode::Review => "review",
            Mode::Weekly => "weekly",
            Mode::Special => "special",
        }
    }

    /// The sessions a new one replaces (one left unfinished is abandoned) and the menu offers
    /// to resume: practice, challenge, review and 专项答题. An exam stays open until it is
    /// handed in; the daily and weekly sets are resumed from their own lines.
    pub const REPLACEABLE: [Mode; 4] =
        [Mode::Practice, Mode::Challenge, Mode::Review, Mode::Special];

    pub fn replaceable(self) -> bool {
        Mode::REPLACEABLE.contains(&self)
    }

    pub fn parse(s: &str) -> Option<Mode> {
        [
            Mode::Practice,
            Mode::Exam,
            Mode::Daily,
            Mode::Challenge,
            Mode::Review,
            Mode::Weekly,
            Mode::Special,
        ]
        .into_iter()
        .find(|m| m.as_str() == s)
    }

    /// Is the right answer shown after each question?
    pub fn feedback(self) -> bool {
        self != Mode::Exam
    }
}

/// Questions a daily quiz has.
pub const DAILY_COUNT: usize = 5;
/// Questions in a week's set (每周答题).
pub const WEEKLY_COUNT: usize = 5;
/// Questions in a 专项答题 set at most.
pub const SPECIAL_COUNT: usize = 10;
/// Seconds per question in a challenge.
pub const CHALLENGE_SECS: i64 = 45;
/// Separate days a question must be answered right to leave the wrong-answer book.
pub const BOOK_DAYS: i64 = 3;

/// One question of a session, with the order its options are shown in.
#[derive(Clone, Debug, PartialEq)]
pub struct Item {
    pub bank: String,
    pub question: Question,
    /// `order[shown] = original option index`.
    pub order: Vec<usize>,
}

/// What is recorded of an item with the attempt, to rebuild the session on resumption.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ItemRef {
    pub bank: String,
    pub question: String,
    pub order: Vec<usize>,
}

impl Item {
    pub fn new(bank: &str, question: Question, shuffle_options: Option<&mut Rng>) -> Item {
        let mut order: Vec<usize> = (0..question.options.len()).collect();
        if let Some(rng) = shuffle_options {
            shuffle(&mut order, rng);
        }
        Item {
            bank: bank.to_string(),
            question,
            order,
        }
    }

    /// Display positions of a set of original option indices, in display order.
    pub fn shown(&self, set: &std::collections::BTreeSet<usize>) -> Vec<usize> {
        self.order
            .iter()
            .enumerate()
            .filter(|(_, o)| set.contains(o))
            .map(|(shown, _)| shown)
            .collect()
    }

    pub fn reference(&self) -> ItemRef {
        ItemRef {
            bank: self.bank.clone(),
            question: self.question.id.clone(),
            order: self.order.clone(),
        }
    }
}

/// A response as stored: choices by original option index.
pub fn response_json(r: &Response) -> String {
    match r {
        Response::Choice(set) => serde_json::json!(set.iter().collect::<Vec<_>>()),
        Response::Judge(b) => serde_json::json!(b),
        Response::Fill(v) => serde_json::json!(v),
    }
    .to_string()
}

pub fn response_from_json(kind: Kind, s: &str) -> Option<Response> {
    let v: serde_json::Value = serde_json::from_str(s).ok()?;
    match kind {
        Kind::Single | Kind::Multiple => Some(Response::Choice(
            v.as_array()?
                .iter()
                .map(|i| i.as_u64().map(|i| i as usize))
                .collect::<Option<_>>()?,
        )),
        Kind::Judge => v.as_bool().map(Response::Judge),
        Kind::Fill => serde_json::from_value(v).ok().map(Response::Fill),
    }
}

/// Results of a finished session.
#[derive(Clone, Debug, PartialEq)]
pub struct Results {
    pub score: f64,
    pub max: f64,
    pub percent: f64,
    pub passed: Option<bool>,
    pub right: usize,
    pub answered: usize,
    /// Per type: (type, right, total, points, max points).
    pub by_kind: Vec<(Kind, usize, usize, f64, f64)>,
    /// A paper of a sealed bank without its key: handed in, not graded (the trainer grades
    /// it); score, percent and passed mean nothing and are never shown or kept.
    pub sealed: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Session {
    pub attempt: i64,
    pub mode: Mode,
    pub title: String,
    pub bank: Option<String>,
    pub paper: Option<String>,
    pub items: Vec<Item>,
    pub responses: Vec<Option<Response>>,
    pub grades: Vec<Option<Grade>>,
    /// Milliseconds spent on each question.
    pub spent_ms: Vec<i64>,
    /// The hint (查看提示) was looked at before the question was answered: no 积分 for it.
    pub hinted: Vec<bool>,
    /// Time limit of the whole session (exams).
    pub limit_secs: Option<i64>,
    /// Time counted so far (only while the app is open).
    pub used_ms: i64,
    /// Time on the current question.
    pub question_ms: i64,
    pub pass: Option<u8>,
    pub partial: Option<f64>,
    /// A timed exam's clock is the wall clock from its start (ms since the epoch): it runs
    /// while the member is on other screens and while xuexi is closed.
    pub clock_from_ms: Option<i64>,
    /// The question to reopen on (where the member was when the attempt was left).
    pub place: usize,
    /// A paper with a limit: (this attempt's number, the limit), said on its start screen.
    pub attempts: Option<(u32, u32)>,
    /// A fixed paper (固定试卷): the same for everyone.
    pub fixed: bool,
    /// Each question's long-term review card as it was when the session started (`None`: not
    /// met before), for the grades the feedback screen offers.
    pub cards: Vec<Option<crate::domain::review::Card>>,
    /// A paper of a sealed bank without its key ([`crate::domain::quiz::Bank::keyless`]):
    /// answered and handed in, never graded here.
    pub sealed: bool,
}

impl Session {
    /// May this session show a hint before a question is answered (查看提示)? Practice, the
    /// daily quiz and the review: not an exam, not the challenge.
    pub fn hints_allowed(&self) -> bool {
        matches!(
            self.mode,
            Mode::Practice | Mode::Daily | Mode::Review | Mode::Weekly | Mode::Special
        )
    }

    pub fn new(attempt: i64, mode: Mode, title: String, items: Vec<Item>) -> Session {
        let n = items.len();
        Session {
            attempt,
            mode,
            title,
            bank: None,
            paper: None,
            items,
            responses: vec![None; n],
            grades: vec![None; n],
            spent_ms: vec![0; n],
            hinted: vec![false; n],
            limit_secs: None,
            used_ms: 0,
            question_ms: 0,
            pass: None,
            partial: None,
            clock_from_ms: None,
            place: 0,
            attempts: None,
            fixed: false,
            cards: vec![None; n],
            sealed: false,
        }
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Seconds left of the time limit.
    pub fn remaining_secs(&self) -> Option<i64> {
        self.limit_secs
            .map(|l| ((l * 1000 - self.used_ms).max(0) as u64).div_ceil(1000) as i64)
    }

    /// Seconds left on the current question (challenge).
    pub fn question_remaining_secs(&self) -> Option<i64> {
        (self.mode == Mode::Challenge).then(|| {
            ((CHALLENGE_SECS * 1000 - self.question_ms).max(0) as u64).div_ceil(1000) as i64
        })
    }

    /// Brings a wall-clock session's used time up to `now_ms`: the time away counts. Returns
    /// the milliseconds added (to count on the question on screen).
    pub fn catch_up(&mut self, now_ms: i64) -> i64 {
        match self.clock_from_ms {
            Some(from) => (now_ms - from - self.used_ms).max(0),
            None => 0,
        }
    }

    /// Counts `delta_ms` of time on question `current`. True when time ran out (the exam's
    /// limit, or a challenge question's timer).
    pub fn advance(&mut self, current: usize, delta_ms: i64) -> bool {
        let delta_ms = delta_ms.max(0);
        self.used_ms += delta_ms;
        self.question_ms += delta_ms;
        if let Some(s) = self.spent_ms.get_mut(current) {
            *s += delta_ms;
        }
        self.remaining_secs() == Some(0) || self.question_remaining_secs() == Some(0)
    }

    /// Records and grades a response to item `i`.
    pub fn answer(&mut self, i: usize, r: Response) -> Grade {
        let g = grade(&self.items[i].question, Some(&r), self.partial);
        self.responses[i] = Some(r);
        self.grades[i] = Some(g);
        self.question_ms = 0;
        g
    }

    pub fn unanswered(&self) -> usize {
        self.responses.iter().filter(|r| r.is_none()).count()
    }

    pub fn results(&self) -> Results {
        self.results_of(self.items.len())
    }

    /// A challenge's results: only the `shown` questions count, and its score is its run of
    /// right answers (out of the questions shown).
    pub fn challenge_results(&self, shown: usize) -> Results {
        let mut r = self.results_of(shown.min(self.items.len()));
        r.score = r.right as f64;
        r.max = shown.min(self.items.len()) as f64;
        r.percent = if r.max > 0.0 {
            r.score * 100.0 / r.max
        } else {
            0.0
        };
        r
    }

    /// Results over the first `n` questions.
    fn results_of(&self, n: usize) -> Results {
        let mut by_kind: Vec<(Kind, usize, usize, f64, f64)> = Vec::new();
        let mut score = 0.0;
        let mut max = 0.0;
        let mut right = 0;
        for (i, item) in self.items.iter().enumerate().take(n) {
            let q = &item.question;
            let g = grade(q, self.responses[i].as_ref(), self.partial);
            let full = q.points;
            score += g.points;
            max += full;
            right += usize::from(g.correct);
            match by_kind.iter_mut().find(|(k, ..)| *k == q.kind) {
                Some(e) => {
                    e.1 += usize::from(g.correct);
                    e.2 += 1;
                    e.3 += g.points;
                    e.4 += full;
                }
                None => by_kind.push((q.kind, usize::from(g.correct), 1, g.points, full)),
            }
        }
        by_kind.sort_by_key(|e| e.0);
        let percent = if max > 0.0 { score * 100.0 / max } else { 0.0 };
        Results {
            score,
            max,
            percent,
            // a sealed paper is graded by the trainer: neither passed nor failed here
            passed: self
                .pass
                .filter(|_| !self.sealed)
                .map(|p| percent + 1e-9 >= f64::from(p)),
            right,
            answered: self
                .responses
                .iter()
                .take(n)
                .filter(|r| r.is_some())
                .count(),
            by_kind,
            sealed: self.sealed,
        }
    }
}

/// How a daily-quiz candidate ranks: never answered first, then answered wrong, then the rest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Freshness {
    Never,
    Wrong,
    Seen,
}

/// Picks the day's questions: by freshness, then by a hash of the day and the question, so the
/// same candidates give the same five all day and different days differ.
pub fn daily_pick(candidates: &[(String, String, Freshness)], day: &str) -> Vec<usize> {
    fresh_pick(candidates, day, DAILY_COUNT)
}

/// The `n` freshest candidates, in an order keyed by `key` (a day, a week): the same all the
/// time the key holds.
pub fn fresh_pick(candidates: &[(String, String, Freshness)], key: &str, n: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..candidates.len()).collect();
    idx.sort_by_key(|&i| {
        let (bank, q, f) = &candidates[i];
        (*f, fnv(&format!("{key}/{bank}/{q}")))
    });
    idx.truncate(n);
    idx
}

/// A 专项答题 set's title, as stored with its attempts (the set's identity: it is scored once).
pub fn special_title(tag: &str, set: usize) -> String {
    format!("{tag} · {}", set + 1)
}

/// The Monday of the week `day` (YYYY-MM-DD) falls in: a 每周答题 set's key.
pub fn week_of(day: &str) -> Option<jiff::civil::Date> {
    let d: jiff::civil::Date = day.parse().ok()?;
    let back = i64::from(d.weekday().to_monday_zero_offset());
    d.checked_sub(jiff::Span::new().days(back)).ok()
}

/// Is a wrong-book entry due on `today` (days as YYYY-MM-DD)? Box 0 is due at once; box n
/// (n right days so far) is due n days after the last right answer.
pub fn book_due(right_days: i64, last_right_day: Option<&str>, today: &str) -> bool {
    let Some(last) = last_right_day else {
        return true;
    };
    let (Ok(last), Ok(today)) = (
        last.parse::<jiff::civil::Date>(),
        today.parse::<jiff::civil::Date>(),
    ) else {
        return true;
    };
    let gap = (today - last).get_days() as i64;
    gap >= right_days.max(1)
}

#[cfg(test)]
mod tests;

pub use super::exam::OpenExam;

/// How a session is to be started (the loop builds it from the store).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Start {
    Practice {
        bank: Option<String>,
        /// Only questions with this tag.
        tag: Option<String>,
        material: Option<String>,
    },
    Exam {
        bank: String,
        paper: String,
    },
    Daily,
    /// 每周答题: this week's set (`week`: its Monday, which keys the draw).
    Weekly,
    /// 专项答题: set `set` (from 0) of a bank's questions with this tag, [`SPECIAL_COUNT`] a set.
    Special {
        bank: String,
        tag: String,
        set: usize,
    },
    Challenge,
    Review,
    Resume(i64),
    /// The knowledge contest's setup (a screen of its own, not a session).
    Contest,
}

/// One line of the quiz menu.
#[derive(Clone, Debug, PartialEq)]
pub struct MenuEntry {
    pub start: Option<Start>,
    pub label: String,
    pub detail: String,
    /// An open exam: `x` abandons it.
    pub abandon: Option<i64>,
    /// Abandoning it uses one of its paper's limited attempts (the question says so).
    pub uses_attempt: bool,
    /// Why an entry cannot be started (said when Enter is pressed on it): today's daily quiz
    /// done, a paper's tries used up.
    pub closed: Option<String>,
    /// The exam left open, when this entry is it: its label is made again as its clock runs.
    pub open_exam: Option<OpenExam>,
}
