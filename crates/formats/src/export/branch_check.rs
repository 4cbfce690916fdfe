//! What a branch report may believe of a member's file: every answer re-graded against the
//! trainer's bank, every exam's score worked out again from its answers, impossible values
//! clamped and said, and what a file says against itself or the bank listed as a doubt (需要核实).
//! Also how a member's JSON export is read whole (its events kept as compact text), for the
//! library's `read_export`; the report itself folds each file as it reads it (`branch_fold`).
//! Pure: the caller gives the banks and the files' text.

use std::collections::HashMap;

use serde_json::Value;

use crate::domain::quiz::{Answer, Bank, Kind, Paper, Question, Response, normalize_fill};
use crate::domain::session::response_from_json;
use crate::i18n::{Msg, msg};

/// One event's duration is at most a day: more (or less than nothing) is not a study time.
pub const MAX_EVENT_SECS: i64 = 24 * 3600;

/// What a member's files say that cannot be believed as it stands.
#[derive(Clone, Debug, PartialEq)]
pub enum Doubt {
    /// An exam recorded with a score but not one answer.
    NoAnswers { attempt: i64, percent: f64 },
    /// An answer marked right (or wrong) that the bank grades the other way.
    Marked {
        bank: String,
        question: String,
        claimed: bool,
    },
    /// A percent outside 0–100 (or not a number), counted as `clamped`.
    Percent {
        attempt: i64,
        value: String,
        clamped: f64,
    },
    /// A score that its own answers, re-graded, do not give.
    Score {
        attempt: i64,
        claimed: f64,
        checked: f64,
    },
    /// A negative or absurd duration, counted as `clamped`.
    Seconds {
        kind: String,
        value: String,
        clamped: i64,
    },
    /// One event id with two different contents: the first is counted.
    TwoContents { kind: String, id: String },
    /// One account in exports of `n` installations of xuexi.
    Installations { n: usize },
}

impl Doubt {
    /// In the trainer's words.
    pub fn msg(&self) -> Msg {
        match self {
            Doubt::NoAnswers { attempt, percent } => msg("branch_doubt_no_answers")
                .arg("attempt", attempt)
                .arg("percent", format!("{percent:.0}")),
            Doubt::Marked {
                bank,
                question,
                claimed: true,
            } => msg("branch_doubt_marked_right")
                .arg("bank", bank)
                .arg("question", question),
            Doubt::Marked { bank, question, .. } => msg("branch_doubt_marked_wrong")
                .arg("bank", bank)
                .arg("question", question),
            Doubt::Percent {
                attempt,
                value,
                clamped,
            } => msg("branch_doubt_percent")
                .arg("attempt", attempt)
                .arg("value", value)
                .arg("clamped", format!("{clamped:.0}")),
            Doubt::Score {
                attempt,
                claimed,
                checked,
            } => msg("branch_doubt_score")
                .arg("attempt", attempt)
                .arg("claimed", format!("{claimed:.0}"))
                .arg("checked", format!("{checked:.0}")),
            Doubt::Seconds {
                kind,
                value,
                clamped,
            } => msg("branch_doubt_seconds")
                .arg("kind", kind)
                .arg("value", value)
                .arg("clamped", clamped),
            Doubt::TwoContents { kind, id } => msg("branch_doubt_two_contents")
                .arg("kind", kind)
                .arg("id", id),
            Doubt::Installations { n } => msg("branch_doubt_installations").arg("n", n),
        }
    }
}

/// A value shown as it was written (cut short: a file's number may be 300 digits long).
fn shown(v: &Value) -> String {
    let t = v.to_string();
    match t.char_indices().nth(24) {
        Some((i, _)) => format!("{}…", &t[..i]),
        None => t,
    }
}

/// An event's `seconds`, clamped to 0..=[`MAX_EVENT_SECS`] (a doubt when it had to be).
pub fn seconds(ev: &Value, doubts: &mut Vec<Doubt>) -> i64 {
    let v = &ev["seconds"];
    let n = v.as_i64();
    match n {
        Some(s) if (0..=MAX_EVENT_SECS).contains(&s) => s,
        _ if v.is_null() => 0,
        _ => {
            let clamped = match (n, v.as_f64()) {
                (Some(s), _) => s.clamp(0, MAX_EVENT_SECS),
                (None, Some(f)) if f > 0.0 => MAX_EVENT_SECS,
                _ => 0,
            };
            doubts.push(Doubt::Seconds {
                kind: ev["kind"].as_str().unwrap_or("").to_string(),
                value: shown(v),
                clamped,
            });
            clamped
        }
    }
}

/// The trainer's banks, to re-grade against.
pub struct Banks<'a> {
    pub(super) banks: HashMap<&'a str, &'a Bank>,
}

impl<'a> Banks<'a> {
    /// A sealed bank without its key (a member's copy) grades nothing: it is left out, so its
    /// answers are said to be ungraded rather than all graded wrong.
    pub fn new(banks: &'a [Bank]) -> Banks<'a> {
        Banks {
            banks: banks
                .iter()
                .filter(|b| !b.keyless())
                .map(|b| (b.id.as_str(), b))
                .collect(),
        }
    }

    /// Whether a file's claim that its paper of `bank` was sealed stands: not where the
    /// trainer's own copy of the bank is open (a member who marks an open paper sealed would
    /// skip the checks of what it claims); where the bank is not here, nothing contradicts it.
    pub fn sealed_claim(&self, bank: &str, claimed: bool) -> bool {
        claimed && self.banks.get(bank).is_none_or(|b| b.sealed)
    }

    fn question(&self, bank: &str, id: &str) -> Option<&'a Question> {
        self.banks.get(bank)?.questions.iter().find(|q| q.id == id)
    }

    /// A question's stem as the trainer's bank words it.
    pub fn stem(&self, bank: &str, id: &str) -> Option<&'a str> {
        self.question(bank, id).map(|q| q.stem.as_str())
    }

    /// The paper `paper` of `bank`, when the trainer has it.
    pub fn paper(&self, bank: &str, paper: &str) -> Option<&'a Paper> {
        self.banks.get(bank)?.papers.iter().find(|p| p.id == paper)
    }

    /// An answer event graded against the bank, as far as it can be without its paper: the
    /// question and how the response fares; `None` when the question or the response cannot
    /// be read (an unknown bank, a response in xAPI's words).
    pub fn outcome(&self, ev: &Value) -> Option<(&'a Question, Outcome)> {
        let q = self.question(ev["bank"].as_str()?, ev["question"].as_str()?)?;
        let text = match &ev["response"] {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let r = response_from_json(q.kind, &text)?;
        Some((q, Outcome::of(q, &r)))
    }
}

/// How a response fares against its question, whatever paper priced it: what an answer keeps
/// until its attempt's paper is known (it may be in a later file).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Outcome {
    /// The choice or the judgement asked for.
    Right,
    Wrong,
    /// Some of a 多选's right options and no wrong one: a share of its points where the paper
    /// gives one.
    Subset,
    /// `right` of a fill question's `of` blanks (u32: an answer waiting for its paper takes
    /// 48 bytes, not 56).
    Fill {
        right: u32,
        of: u32,
    },
}

impl Outcome {
    /// As [`grade`](crate::domain::quiz::grade) judges it (a unit test holds the two together).
    pub fn of(q: &Question, r: &Response) -> Outcome {
        match (&q.answer, r) {
            (Answer::Choice(want), Response::Choice(got)) => {
                if want == got {
                    Outcome::Right
                } else if q.kind == Kind::Multiple && !got.is_empty() && got.is_subset(want) {
                    Outcome::Subset
                } else {
                    Outcome::Wrong
                }
            }
            (Answer::Judge(want), Response::Judge(got)) if want == got => Outcome::Right,
            (Answer::Fill(blanks), Response::Fill(got)) if !blanks.is_empty() => Outcome::Fill {
                right: blanks
                    .iter()
                    .enumerate()
                    .filter(|(i, alts)| {
                        got.get(*i).is_some_and(|g| {
                            let g = normalize_fill(g);
                            !g.is_empty() && alts.iter().any(|a| normalize_fill(a) == g)
                        })
                    })
                    .count()
                    .try_into()
                    .unwrap_or(u32::MAX),
                // (a question's blanks are few: a bank's file is at most some megabytes)
                of: blanks.len().try_into().unwrap_or(u32::MAX),
            },
            _ => Outcome::Wrong,
        }
    }

    /// Whether the answer is right.
    pub fn correct(self) -> bool {
        match self {
            Outcome::Right => true,
            Outcome::Fill { right, of } => right == of,
            Outcome::Wrong | Outcome::Subset => false,
        }
    }

    /// (right, points) for `q` on `paper` (its points per type and its share for a 多选
    /// subset; the question's own points without a paper): what [`grade`](crate::domain::quiz::grade) gives.
    pub fn graded(self, q: &Question, paper: Option<&Paper>) -> (bool, f64) {
        let full = paper
            .and_then(|p| p.points.iter().find(|(k, _)| *k == q.kind))
            .map_or(q.points, |(_, pts)| *pts);
        let points = match self {
            Outcome::Right => full,
            Outcome::Wrong => 0.0,
            Outcome::Subset => paper
                .and_then(|p| p.multiple_partial)
                .map_or(0.0, |share| full * share.clamp(0.0, 1.0)),
            Outcome::Fill { right, of } => full * right as f64 / of as f64,
        };
        (self.correct(), points)
    }
}

/// An exam's figures as the report may show them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Exam {
    pub percent: f64,
    pub passed: bool,
    /// Worked out from its answers, re-graded against the trainer's bank; otherwise the
    /// file's word (clamped), shown as unchecked.
    pub checked: bool,
}

/// An exam attempt as the report keeps it: what [`exam`] checks, not the event.
#[derive(Clone, Debug, PartialEq)]
pub struct Attempt {
    pub attempt: i64,
    pub bank: String,
    pub paper: String,
    /// The percent written, when it is a finite number.
    pub percent: Option<f64>,
    /// The percent as written, when it is not a number within 0–100 (a doubt).
    pub odd_percent: Option<String>,
    pub passed: Option<bool>,
    pub answered: i64,
    pub max: Option<f64>,
    /// A sealed paper (`"sealed": true`): the member's machine had no key, so the file claims
    /// no score; only the trainer's bank can grade it.
    pub sealed: bool,
}

impl Attempt {
    pub fn of(ev: &Value) -> Attempt {
        let str_of = |k: &str| ev.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let raw = ev["percent"].as_f64().filter(|p| p.is_finite());
        let claimed = raw.unwrap_or(0.0).clamp(0.0, 100.0);
        Attempt {
            attempt: ev["attempt"].as_i64().unwrap_or(0),
            bank: str_of("bank"),
            paper: str_of("paper"),
            percent: raw,
            odd_percent: (raw != Some(claimed) && !ev["percent"].is_null())
                .then(|| shown(&ev["percent"])),
            passed: ev["passed"].as_bool(),
            answered: ev["answered"].as_i64().unwrap_or(0),
            max: ev["max"].as_f64(),
            sealed: ev["sealed"] == Value::Bool(true),
        }
    }
}

/// An exam attempt checked against its own answers (`answers`: (right, points) per answer of
/// that attempt, `None` where one could not be re-graded). A sealed one: `branch_sealed::exam`.
pub fn exam(
    ev: &Attempt,
    answers: &[Option<(bool, f64)>],
    paper: Option<&Paper>,
    doubts: &mut Vec<Doubt>,
) -> Exam {
    let attempt = ev.attempt;
    let claimed = ev.percent.unwrap_or(0.0).clamp(0.0, 100.0);
    if let Some(value) = &ev.odd_percent {
        doubts.push(Doubt::Percent {
            attempt,
            value: value.clone(),
            clamped: claimed,
        });
    }
    // the pass mark is the trainer's paper's, when the trainer has it
    let claimed_pass = match paper {
        Some(p) => claimed + 1e-9 >= f64::from(p.pass),
        None => ev.passed.unwrap_or(false),
    };
    let answered = ev.answered;
    if answers.is_empty() {
        if claimed > 0.0 || answered > 0 {
            doubts.push(Doubt::NoAnswers {
                attempt,
                percent: claimed,
            });
        }
        return Exam {
            percent: claimed,
            passed: claimed_pass,
            checked: false,
        };
    }
    let max = ev.max.filter(|m| m.is_finite() && *m > 0.0);
    let all: Option<Vec<(bool, f64)>> = answers.iter().copied().collect();
    let (Some(all), Some(max), Some(paper)) = (all, max, paper) else {
        return Exam {
            percent: claimed,
            passed: claimed_pass,
            checked: false,
        };
    };
    let score: f64 = all.iter().map(|(_, p)| p).sum();
    let checked = (score / max * 100.0).clamp(0.0, 100.0);
    if (checked - claimed).abs() >= 0.5 {
        doubts.push(Doubt::Score {
            attempt,
            claimed,
            checked,
        });
    }
    Exam {
        percent: checked,
        passed: checked + 1e-9 >= f64::from(paper.pass),
        checked: true,
    }
}

/// A JSON export's events, each kept as compact text as it is read: the whole list is never a
/// tree in memory, only one event at a time.
pub struct Compact(pub Vec<Box<str>>);

impl<'de> serde::Deserialize<'de> for Compact {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Compact, D::Error> {
        struct Events;
        impl<'de> serde::de::Visitor<'de> for Events {
            type Value = Compact;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of events")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Compact, A::Error> {
                let mut out = Vec::new();
                while let Some(ev) = seq.next_element::<Value>()? {
                    out.push(ev.to_string().into_boxed_str());
                }
                Ok(Compact(out))
            }
        }
        d.deserialize_seq(Events)
    }
}

/// A JSON export as read: its header, its events as compact texts.
#[derive(serde::Deserialize)]
pub struct Doc {
    #[serde(default)]
    pub header: Value,
    pub events: Compact,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quiz::grade;

    fn question(kind: Kind, answer: Answer) -> Question {
        Question {
            id: "q".into(),
            kind,
            stem: "题（　）".into(),
            options: vec!["甲".into(), "乙".into(), "丙".into()],
            answer,
            explanation: String::new(),
            material: None,
            tags: Vec::new(),
            difficulty: None,
            points: 3.0,
            shuffle: true,
        }
    }

    /// An answer graded later from its outcome gets what grading it at once gets, on every
    /// paper: the fold keeps outcomes, not responses, until an attempt's paper is known.
    #[test]
    fn an_outcome_grades_as_the_response_does_on_any_paper() {
        let set = |v: &[usize]| v.iter().copied().collect::<std::collections::BTreeSet<_>>();
        let cases = [
            (
                question(Kind::Single, Answer::Choice(set(&[0]))),
                Response::Choice(set(&[0])),
            ),
            (
                question(Kind::Single, Answer::Choice(set(&[0]))),
                Response::Choice(set(&[1])),
            ),
            (
                question(Kind::Multiple, Answer::Choice(set(&[0, 2]))),
                Response::Choice(set(&[2])),
            ),
            (
                question(Kind::Multiple, Answer::Choice(set(&[0, 2]))),
                Response::Choice(set(&[1])),
            ),
            (
                question(Kind::Judge, Answer::Judge(true)),
                Response::Judge(false),
            ),
            (
                question(Kind::Judge, Answer::Judge(true)),
                Response::Judge(true),
            ),
            (
                question(
                    Kind::Fill,
                    Answer::Fill(vec![vec!["a".into()], vec!["b".into()], vec!["c".into()]]),
                ),
                Response::Fill(vec!["a".into(), "x".into(), "Ｃ".into()]),
            ),
            (
                question(Kind::Fill, Answer::Fill(vec![])),
                Response::Fill(vec![]),
            ),
            (
                question(Kind::Judge, Answer::Judge(true)),
                Response::Choice(set(&[0])),
            ),
        ];
        for partial in [None, Some(0.5), Some(7.0)] {
            let paper = Paper {
                points: vec![(Kind::Multiple, 4.0), (Kind::Fill, 1.7)],
                multiple_partial: partial,
                ..Paper::default()
            };
            for (q, r) in &cases {
                let o = Outcome::of(q, r);
                let mut priced = q.clone();
                if let Some((_, p)) = paper.points.iter().find(|(k, _)| *k == q.kind) {
                    priced.points = *p;
                }
                let share = if q.kind == Kind::Multiple {
                    partial
                } else {
                    None
                };
                let g = grade(&priced, Some(r), share);
                assert_eq!(
                    o.graded(q, Some(&paper)),
                    (g.correct, g.points),
                    "{q:?} {r:?}"
                );
                let g = grade(q, Some(r), None);
                assert_eq!(o.graded(q, None), (g.correct, g.points), "{q:?} {r:?}");
            }
        }
    }
}
