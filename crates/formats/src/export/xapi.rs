//! xAPI 1.0.3 statements for a learning record store.

use std::fmt::Write as _;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::Names;
use crate::domain::log::{Event, ReadingSession, Record, reading_sessions};
use crate::domain::stats::iso_duration;

/// The actor of every statement.
#[derive(Clone, Debug)]
pub struct Actor {
    pub name: String,
    pub account: String,
    pub home_page: String,
    /// The member's database's own random id: statement ids are made from it and the event,
    /// so two members of one name never share one.
    pub install: String,
}

const VERB_BASE: &str = "http://adlnet.gov/expapi/verbs/";
const ACTIVITY_TYPES: &str = "http://adlnet.gov/expapi/activities/";

/// A UUID made from a stable key: the same key gives the same id at every export. A
/// name-based UUID version 5 (RFC 9562) in the URL namespace, which LRSs and xAPI client
/// libraries accept (version 8 is refused by some).
pub fn stable_uuid(key: &str) -> String {
    uuid::Uuid::new_v5(&uuid::Uuid::NAMESPACE_URL, key.as_bytes()).to_string()
}

/// Percent-encodes an id for use in an IRI path segment.
fn seg(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

fn verb(id: &str, en: &str, zh: &str) -> Value {
    json!({ "id": format!("{VERB_BASE}{id}"), "display": { "en-US": en, "zh-CN": zh } })
}

fn ts_utc(t: Timestamp) -> String {
    t.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// The statements; a message instead when the member has not set a name (an xAPI actor
/// needs one) or there is nothing to send.
pub fn to_xapi(
    events: &[Event],
    actor: &Actor,
    base: &str,
    names: &Names,
) -> Result<String, crate::i18n::Msg> {
    if actor.name.trim().is_empty() {
        return Err(crate::i18n::msg("xapi_no_name"));
    }
    let w = Statements::new(actor, base, names);
    let mut out: Vec<(Timestamp, i64, Value)> = Vec::new();
    for rs in reading_sessions(events) {
        out.push((rs.from, rs.last_event, w.session(&rs)));
    }
    for e in events {
        if let Some(stmt) = w.statement(e) {
            out.push((e.at, e.id, stmt));
        }
    }
    if out.is_empty() {
        // nothing to post: said, not an empty `[]` handed to an LRS
        return Err(crate::i18n::msg("xapi_nothing"));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let mut list: Vec<Value> = out.into_iter().map(|(_, _, v)| v).collect();
    // the member's name, titles, answers: nothing a reader decodes may be a control
    list.iter_mut()
        .for_each(crate::text::sanitize::sanitize_json);
    // serializing JSON values cannot fail
    let mut s = serde_json::to_string_pretty(&list).unwrap_or_default();
    s.push('\n');
    Ok(s)
}

/// What every statement shares: the actor, the installation its ids are made from, the base
/// of the activity ids, the materials' titles. One method per kind of statement.
struct Statements<'a> {
    agent: Value,
    install: &'a str,
    base: &'a str,
    names: &'a Names,
}

impl<'a> Statements<'a> {
    fn new(actor: &'a Actor, base: &'a str, names: &'a Names) -> Statements<'a> {
        let account = if actor.account.trim().is_empty() {
            actor.name.trim()
        } else {
            actor.account.trim()
        };
        let home = if actor.home_page.trim().is_empty() {
            base
        } else {
            actor.home_page.trim()
        };
        let agent = json!({
            "objectType": "Agent",
            "name": actor.name.trim(),
            "account": { "homePage": home, "name": account },
        });
        Statements {
            agent,
            install: actor.install.as_str(),
            base,
            names,
        }
    }

    /// A statement's id: unique per database and event, the same at every export — the
    /// database's own id, what the event is, its number and its time (after `xuexi restore` a
    /// new event may get an old number, never an old number and time).
    fn key(&self, what: &str, id: i64, at: Timestamp) -> String {
        stable_uuid(&format!(
            "xuexi:{}:{what}:{id}:{}",
            self.install,
            at.as_millisecond()
        ))
    }

    /// What groups an attempt's statements (the same at every export; not a statement id).
    fn registration(&self, attempt: i64) -> String {
        stable_uuid(&format!("xuexi:{}:attempt:{attempt}", self.install))
    }

    fn material(&self, id: &str) -> Value {
        json!({
            "objectType": "Activity",
            "id": format!("{}materials/{}", self.base, seg(id)),
            "definition": {
                "name": { "zh-CN": self.names.title(id) },
                "type": format!("{ACTIVITY_TYPES}lesson"),
            },
        })
    }

    /// A reading session: experienced, for how long.
    fn session(&self, rs: &ReadingSession) -> Value {
        json!({
            "id": self.key("session", rs.session, rs.from),
            "actor": self.agent,
            "verb": verb("experienced", "experienced", "学习了"),
            "object": self.material(&rs.material),
            "result": { "duration": iso_duration(rs.seconds) },
            "timestamp": ts_utc(rs.from),
        })
    }

    /// The statement of one event; `None` for what is sent otherwise (reading, as sessions) or
    /// not at all (a plan's tick, a deleted note).
    fn statement(&self, e: &Event) -> Option<Value> {
        Some(match &e.record {
            Record::Reading { .. } | Record::Tick { .. } => return None,
            // a deleted note (its last version has no text) is not a comment
            Record::Note { text, .. } if text.trim().is_empty() => return None,
            Record::Note {
                note,
                material: m,
                text,
                ..
            } => json!({
                "id": self.key("note", *note, e.at),
                "actor": self.agent,
                "verb": verb("commented", "commented", "写了笔记"),
                "object": self.material(m),
                "result": { "response": text },
                "timestamp": ts_utc(e.at),
            }),
            Record::Finished { material: m } => json!({
                "id": self.key("finished", e.id, e.at),
                "actor": self.agent,
                "verb": verb("completed", "completed", "读完了"),
                "object": self.material(m),
                "result": { "completion": true },
                "timestamp": ts_utc(e.at),
            }),
            Record::Answer { .. } => return self.answer(e),
            Record::Attempt { .. } => return self.attempt(e),
        })
    }

    /// The extension that marks a sealed paper's statement (graded by the trainer, not here).
    fn sealed_ext(&self) -> String {
        format!("{}extensions/sealed", self.base)
    }

    /// One answer: the question as an interaction, right or not, the response, the time.
    fn answer(&self, e: &Event) -> Option<Value> {
        let Record::Answer {
            attempt,
            bank,
            question,
            response,
            correct,
            seconds,
            ..
        } = &e.record
        else {
            return None;
        };
        let (interaction, text) = xapi_response(response);
        let sealed = super::sealed_record(&e.record);
        Some(json!({
            "id": self.key("answer", e.id, e.at),
            "actor": self.agent,
            "verb": verb("answered", "answered", "回答了"),
            "object": {
                "objectType": "Activity",
                "id": format!("{}banks/{}/questions/{}", self.base, seg(bank), seg(question)),
                "definition": {
                    "type": format!("{ACTIVITY_TYPES}cmi.interaction"),
                    "interactionType": interaction,
                },
            },
            "result": if sealed {
                // a sealed paper: the response only, the trainer grades it
                json!({ "response": text, "duration": iso_duration(*seconds),
                        "extensions": { (self.sealed_ext()): true } })
            } else {
                json!({ "success": correct, "response": text, "duration": iso_duration(*seconds) })
            },
            "context": { "registration": self.registration(*attempt) },
            "timestamp": ts_utc(e.at),
        }))
    }

    /// An attempt's result: passed, failed or completed, with its score scaled.
    fn attempt(&self, e: &Event) -> Option<Value> {
        let Record::Attempt {
            attempt,
            bank,
            paper,
            title,
            seconds,
            score,
            max,
            percent,
            passed,
            mode,
            ..
        } = &e.record
        else {
            return None;
        };
        let sealed = super::sealed_record(&e.record);
        let (v, en, zh) = match passed.filter(|_| !sealed) {
            Some(true) => ("passed", "passed", "通过了"),
            Some(false) => ("failed", "failed", "未通过"),
            None => ("completed", "completed", "完成了"),
        };
        let base = self.base;
        let id = match (bank, paper) {
            (Some(b), Some(p)) => format!("{base}banks/{}/papers/{}", seg(b), seg(p)),
            (Some(b), None) => format!("{base}banks/{}", seg(b)),
            // the daily quiz, the challenge, the book: by mode, never by a title that
            // depends on the member's language
            _ => format!("{base}quizzes/{}", seg(mode)),
        };
        let max = max.max(0.0);
        let raw = score.clamp(0.0, max);
        let scaled = if max > 0.0 {
            (percent / 100.0).clamp(0.0, 1.0)
        } else {
            0.0
        };
        let mut result = json!({
            "score": { "scaled": scaled, "raw": raw, "min": 0.0, "max": max },
            "completion": true,
            "duration": iso_duration(*seconds),
        });
        if let Some(p) = passed {
            result["success"] = json!(p);
        }
        if sealed {
            // handed in, not graded here: no score, no success
            result = json!({
                // the paper's points (no raw, no scaled): what the trainer's grading divides by
                "score": { "min": 0.0, "max": max },
                "completion": true,
                "duration": iso_duration(*seconds),
                "extensions": { (self.sealed_ext()): true },
            });
        }
        Some(json!({
            "id": self.key("attempt-result", *attempt, e.at),
            "actor": self.agent,
            "verb": verb(v, en, zh),
            "object": {
                "objectType": "Activity",
                "id": id,
                "definition": {
                    "name": { "zh-CN": title },
                    "type": format!("{ACTIVITY_TYPES}assessment"),
                },
            },
            "result": result,
            "context": { "registration": self.registration(*attempt) },
            "timestamp": ts_utc(e.at),
        }))
    }
}

/// The xAPI interaction type and response string of a stored answer: choices as letters
/// joined by `[,]` (A[,]C), true/false, or the blanks joined by `[,]`.
pub fn xapi_response(stored: &str) -> (&'static str, String) {
    match serde_json::from_str::<Value>(stored) {
        Ok(Value::Bool(b)) => ("true-false", b.to_string()),
        Ok(Value::Array(items)) if items.iter().all(Value::is_u64) => (
            "choice",
            items
                .iter()
                .filter_map(Value::as_u64)
                .map(|i| crate::domain::quiz::letter(i as usize).to_string())
                .collect::<Vec<_>>()
                .join("[,]"),
        ),
        Ok(Value::Array(items)) => (
            "fill-in",
            items
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
                .join("[,]"),
        ),
        _ => ("other", stored.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = stable_uuid("k");
        assert_eq!(a, stable_uuid("k"));
        assert_ne!(a, stable_uuid("k2"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "5", "version 5");
        assert!("89ab".contains(&a[19..20]), "RFC 4122 variant");
    }

    #[test]
    fn responses_become_xapi_strings() {
        assert_eq!(xapi_response("[0,2]"), ("choice", "A[,]C".into()));
        assert_eq!(xapi_response("true"), ("true-false", "true".into()));
        assert_eq!(
            xapi_response("[\"学习\",\"强国\"]"),
            ("fill-in", "学习[,]强国".into())
        );
    }

    #[test]
    fn an_attempt_out_of_nothing_scales_to_zero_and_says_no_success() {
        let actor = Actor {
            name: "张三".into(),
            account: String::new(),
            home_page: String::new(),
            install: "i".into(),
        };
        let names = Names::default();
        let w = Statements::new(&actor, "https://x/", &names);
        let at = Timestamp::from_second(1_700_000_000).unwrap();
        let attempt = Event {
            id: 7,
            at,
            record: Record::Attempt {
                sealed: false,
                attempt: 3,
                mode: "daily".into(),
                bank: None,
                paper: None,
                title: "每日答题".into(),
                started: at,
                seconds: 60,
                score: 2.0,
                max: 0.0,
                percent: 50.0,
                passed: None,
                right: 0,
                answered: 0,
                hinted: 0,
            },
        };
        let v = w.statement(&attempt).unwrap();
        assert_eq!(
            v["object"]["id"], "https://x/quizzes/daily",
            "by mode, not title"
        );
        assert_eq!(v["result"]["score"]["scaled"], 0.0);
        assert_eq!(
            v["result"]["score"]["raw"], 0.0,
            "a score is never over its max"
        );
        assert!(v["result"].get("success").is_none());
        assert_eq!(v["verb"]["id"], format!("{VERB_BASE}completed"));
        // the account falls back to the name, the home page to the base
        assert_eq!(v["actor"]["account"]["name"], "张三");
        assert_eq!(v["actor"]["account"]["homePage"], "https://x/");
        let tick = Event {
            id: 8,
            at,
            record: Record::Tick {
                plan: "p".into(),
                item: "i".into(),
                done: true,
                note: String::new(),
            },
        };
        assert!(w.statement(&tick).is_none(), "a tick is not sent");
    }
}
