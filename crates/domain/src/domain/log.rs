//! The study log: everything a member does, as append-only events. Stats, points, streaks,
//! plan completion and the exports are all computed from it, so they always agree.

use jiff::Timestamp;
use serde::{Deserialize, Serialize};

/// What happened. Stored as JSON (with `kind` as the tag) in the `events` table.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// Active reading time, written at each checkpoint of a reading session: `seconds` counted
    /// between `from` and `to`. The rows of one session share `session`.
    Reading {
        session: i64,
        material: String,
        from: Timestamp,
        to: Timestamp,
        seconds: i64,
    },
    /// A material read to the end, the first time.
    Finished { material: String },
    /// One answer given in a quiz (an exam answer changed before submitting is logged again).
    Answer {
        attempt: i64,
        mode: String,
        position: usize,
        bank: String,
        question: String,
        /// The answer as stored: JSON of the choices (0-based), true/false, or the blanks.
        response: String,
        correct: bool,
        points: f64,
        seconds: i64,
        /// Answered after the hint was looked at (查看提示): it earns no 积分.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        hinted: bool,
        /// To a sealed paper: `correct` and `points` mean nothing (the trainer grades it).
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        sealed: bool,
    },
    /// A quiz session submitted, with its result.
    Attempt {
        attempt: i64,
        mode: String,
        bank: Option<String>,
        paper: Option<String>,
        title: String,
        started: Timestamp,
        seconds: i64,
        score: f64,
        max: f64,
        percent: f64,
        passed: Option<bool>,
        right: usize,
        answered: usize,
        /// Of the right answers, those given after a hint (no 积分 for them).
        #[serde(default, skip_serializing_if = "is_zero")]
        hinted: usize,
        /// A sealed paper handed in: score, max, percent and passed mean nothing here.
        #[serde(default, skip_serializing_if = "std::ops::Not::not")]
        sealed: bool,
    },
    /// A note the member wrote on a paragraph of a material.
    Note {
        note: i64,
        material: String,
        block: usize,
        quote: String,
        text: String,
    },
    /// A task item of a plan ticked (or unticked), with the member's note.
    Tick {
        plan: String,
        item: String,
        done: bool,
        #[serde(default)]
        note: String,
    },
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl Record {
    pub fn kind(&self) -> &'static str {
        match self {
            Record::Reading { .. } => "reading",
            Record::Finished { .. } => "finished",
            Record::Answer { .. } => "answer",
            Record::Attempt { .. } => "attempt",
            Record::Tick { .. } => "tick",
            Record::Note { .. } => "note",
        }
    }

    /// Seconds of study this event stands for (reading time, or the time of a quiz session).
    pub fn study_seconds(&self) -> i64 {
        match self {
            Record::Reading { seconds, .. } | Record::Attempt { seconds, .. } => (*seconds).max(0),
            _ => 0,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: i64,
    pub at: Timestamp,
    pub record: Record,
}

impl Event {
    /// When the study this event records began (a reading segment or a quiz session spans
    /// time; everything else is an instant).
    pub fn began(&self) -> Timestamp {
        match &self.record {
            Record::Reading { from, .. } => *from,
            Record::Attempt { started, .. } => *started,
            _ => self.at,
        }
    }
}

/// A reading session put back together from its checkpoint rows.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadingSession {
    /// The id of its last event.
    pub last_event: i64,
    pub session: i64,
    pub material: String,
    pub from: Timestamp,
    pub to: Timestamp,
    pub seconds: i64,
}

/// The notes as they stand: the event ids of each note's last version (an edit is a new event
/// with the note's id and its new text; a deletion, one with no text, leaves nothing).
pub fn current_notes(events: &[Event]) -> std::collections::HashSet<i64> {
    let mut last: std::collections::HashMap<i64, (i64, bool)> = Default::default();
    for e in events {
        if let Record::Note { note, text, .. } = &e.record {
            last.insert(*note, (e.id, !text.trim().is_empty()));
        }
    }
    last.into_values()
        .filter(|(_, kept)| *kept)
        .map(|(id, _)| id)
        .collect()
}

/// The first event of each note (when it was written), for counting notes per day.
pub fn note_firsts(events: &[Event]) -> std::collections::HashSet<i64> {
    let mut seen = std::collections::HashSet::new();
    events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Note { note, .. } if seen.insert(*note) => Some(e.id),
            _ => None,
        })
        .collect()
}

/// Joins the checkpoint rows of each reading session (in the order the sessions began).
pub fn reading_sessions(events: &[Event]) -> Vec<ReadingSession> {
    let mut out: Vec<ReadingSession> = Vec::new();
    let mut index = std::collections::HashMap::new();
    for e in events {
        if let Record::Reading {
            session,
            material,
            from,
            to,
            seconds,
        } = &e.record
        {
            match index.get(session) {
                Some(&i) => {
                    let s: &mut ReadingSession = &mut out[i];
                    s.from = s.from.min(*from);
                    s.to = s.to.max(*to);
                    s.seconds += seconds;
                    s.last_event = e.id;
                }
                None => {
                    index.insert(*session, out.len());
                    out.push(ReadingSession {
                        last_event: e.id,
                        session: *session,
                        material: material.clone(),
                        from: *from,
                        to: *to,
                        seconds: *seconds,
                    });
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_json() {
        let r = Record::Tick {
            plan: "p".into(),
            item: "i".into(),
            done: true,
            note: "写完了".into(),
        };
        let s = serde_json::to_string(&r).unwrap();
        assert!(s.starts_with("{\"kind\":\"tick\""), "{s}");
        assert_eq!(serde_json::from_str::<Record>(&s).unwrap(), r);
    }

    #[test]
    fn sessions_are_joined_from_their_segments() {
        let t = |s: &str| s.parse::<Timestamp>().unwrap();
        let seg = |id, session, from: &str, to: &str, seconds| Event {
            id,
            at: t(to),
            record: Record::Reading {
                session,
                material: format!("m{session}"),
                from: t(from),
                to: t(to),
                seconds,
            },
        };
        let events = [
            seg(1, 7, "2026-01-01T10:00:00Z", "2026-01-01T10:00:30Z", 30),
            seg(2, 8, "2026-01-01T11:00:00Z", "2026-01-01T11:00:30Z", 20),
            seg(3, 7, "2026-01-01T10:00:30Z", "2026-01-01T10:01:00Z", 25),
        ];
        let s = reading_sessions(&events);
        assert_eq!(s.len(), 2);
        assert_eq!((s[0].session, s[0].seconds, s[0].last_event), (7, 55, 3));
        assert_eq!(s[0].to, t("2026-01-01T10:01:00Z"));
        assert_eq!(s[1].material, "m8");
    }

    fn note(id: i64, note: i64, text: &str) -> Event {
        Event {
            id,
            at: Timestamp::UNIX_EPOCH,
            record: Record::Note {
                note,
                material: "m".into(),
                block: 0,
                quote: String::new(),
                text: text.into(),
            },
        }
    }

    #[test]
    fn a_note_stands_as_its_last_version_and_is_gone_once_deleted() {
        // note 1 written (event 1) and changed (3); note 2 written (2) and deleted (4)
        let events = [
            note(1, 1, "a"),
            note(2, 2, "b"),
            note(3, 1, "a2"),
            note(4, 2, ""),
        ];
        assert_eq!(current_notes(&events), [3].into_iter().collect());
        assert_eq!(note_firsts(&events), [1, 2].into_iter().collect());
    }
}
