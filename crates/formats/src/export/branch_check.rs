//! What a branch report may believe of a member's file: every answer re-graded against the
//! trainer's bank, every exam's score worked out again from its answers, impossible values
//! clamped and said, and what a file says against itself or the bank listed as a doubt (需要核实).
//! Also how a member's JSON export is read (its events kept as compact text) and merged with
//! their other exports. Pure: the caller gives the banks and the files' text.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::Value;

use super::branch_event::MemberExport;
use crate::domain::quiz::{Bank, Kind, Paper, Question, grade};
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
    banks: HashMap<&'a str, &'a Bank>,
}

impl<'a> Banks<'a> {
    pub fn new(banks: &'a [Bank]) -> Banks<'a> {
        Banks {
            banks: banks.iter().map(|b| (b.id.as_str(), b)).collect(),
        }
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

    /// An answer event graded against the bank: (right, points), with the paper's points and
    /// partial credit when `paper` is given; `None` when the question or the response cannot
    /// be read (an unknown bank, a response in xAPI's words).
    pub fn regrade(&self, ev: &Value, paper: Option<&Paper>) -> Option<(bool, f64)> {
        let q = self.question(ev["bank"].as_str()?, ev["question"].as_str()?)?;
        let text = match &ev["response"] {
            Value::String(s) => s.clone(),
            v => v.to_string(),
        };
        let r = response_from_json(q.kind, &text)?;
        let mut priced = q.clone();
        if let Some(p) = paper
            && let Some((_, pts)) = p.points.iter().find(|(k, _)| *k == q.kind)
        {
            priced.points = *pts;
        }
        let partial = paper.and_then(|p| p.multiple_partial);
        let partial = if q.kind == Kind::Multiple {
            partial
        } else {
            None
        };
        let g = grade(&priced, Some(&r), partial);
        Some((g.correct, g.points))
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

/// An exam attempt event checked against its own answers (`answers`: (right, points) per
/// answer of that attempt, `None` where one could not be re-graded).
pub fn exam(
    ev: &Value,
    answers: &[Option<(bool, f64)>],
    paper: Option<&Paper>,
    doubts: &mut Vec<Doubt>,
) -> Exam {
    let attempt = ev["attempt"].as_i64().unwrap_or(0);
    let raw = ev["percent"].as_f64().filter(|p| p.is_finite());
    let claimed = raw.unwrap_or(0.0).clamp(0.0, 100.0);
    if raw != Some(claimed) && !ev["percent"].is_null() {
        doubts.push(Doubt::Percent {
            attempt,
            value: shown(&ev["percent"]),
            clamped: claimed,
        });
    }
    // the pass mark is the trainer's paper's, when the trainer has it
    let claimed_pass = match paper {
        Some(p) => claimed + 1e-9 >= f64::from(p.pass),
        None => ev["passed"].as_bool().unwrap_or(false),
    };
    let answered = ev["answered"].as_i64().unwrap_or(0);
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
    let max = ev["max"].as_f64().filter(|m| m.is_finite() && *m > 0.0);
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

/// What an event says, for telling one event read twice from two events under one id: its
/// fields but the names a later export may word differently (titles, stems, response text).
pub fn content(ev: &Value) -> Value {
    let mut v = ev.clone();
    if let Some(m) = v.as_object_mut() {
        for k in ["title", "stem", "response_text"] {
            m.remove(k);
        }
        // (an answer's material is its question's, looked up at export)
        if m.get("kind").and_then(Value::as_str) == Some("answer") {
            m.remove("material");
        }
    }
    v
}

/// One member's events, read from all their exports: each event once, the doubts found.
pub struct Merged<'a> {
    pub head: &'a MemberExport,
    /// (installation, kind, id) → the event, borrowed from its export (never copied: a
    /// branch's events are most of the report's memory).
    pub events: BTreeMap<(&'a str, String, String), &'a str>,
    pub doubts: Vec<Doubt>,
}

/// The exports grouped by member (account, or name when no account was set), each event once:
/// keyed by installation, kind and id, so that one member's two exports count once; one key
/// with two contents, and one account from two installations, are doubts. A member's xAPI
/// statements for days their JSON export covers are the same events again, left out.
pub fn merge(exports: &[MemberExport]) -> BTreeMap<(String, String), Merged<'_>> {
    let mut members: BTreeMap<(String, String), Merged<'_>> = BTreeMap::new();
    let key_of = |e: &MemberExport| {
        let who = if e.account.is_empty() {
            e.member.clone()
        } else {
            e.account.clone()
        };
        (who, e.member.clone())
    };
    for e in exports
        .iter()
        .filter(|e| !e.xapi)
        .chain(exports.iter().filter(|e| e.xapi))
    {
        let key = key_of(e);
        let covered: Vec<(String, String)> = exports
            .iter()
            .filter(|o| !o.xapi && key_of(o) == key)
            .filter_map(|o| Some((o.from.clone()?, o.to.clone()?)))
            .collect();
        let m = members.entry(key).or_insert_with(|| Merged {
            head: e,
            events: BTreeMap::new(),
            doubts: Vec::new(),
        });
        for text in &e.events {
            let Ok(ev) = serde_json::from_str::<Value>(text) else {
                continue;
            };
            let day = ev["at"].as_str().and_then(|t| t.get(..10)).unwrap_or("");
            if e.xapi
                && covered
                    .iter()
                    .any(|(a, b)| a.as_str() <= day && day <= b.as_str())
            {
                continue;
            }
            let kind = ev["kind"].as_str().unwrap_or("").to_string();
            let k = (e.installation.as_str(), kind, ev["id"].to_string());
            match m.events.get(&k) {
                Some(old) => {
                    let old: Value = serde_json::from_str(old).unwrap_or(Value::Null);
                    let d = Doubt::TwoContents {
                        kind: k.1.clone(),
                        id: k.2.clone(),
                    };
                    if content(&old) != content(&ev) && !m.doubts.contains(&d) {
                        m.doubts.push(d);
                    }
                }
                None => {
                    m.events.insert(k, text);
                }
            }
        }
    }
    for m in members.values_mut() {
        let installs: BTreeSet<&str> = exports
            .iter()
            .filter(|e| key_of(e) == key_of(m.head) && !e.installation.is_empty())
            .map(|e| e.installation.as_str())
            .collect();
        if installs.len() > 1 {
            m.doubts.push(Doubt::Installations { n: installs.len() });
        }
    }
    members
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
