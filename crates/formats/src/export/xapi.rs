//! xAPI 1.0.3 statements for a learning record store.

use std::fmt::Write as _;

use jiff::Timestamp;
use serde_json::{Value, json};

use super::Names;
use crate::domain::log::{Event, Record, reading_sessions};
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
    // unique per database and event, the same at every export: the database's own id, what
    // the event is, its number and its time (after `xuexi restore` a new event may get an old
    // number, never an old number and time)
    let install = actor.install.as_str();
    let key = |what: &str, id: i64, at: Timestamp| {
        stable_uuid(&format!(
            "xuexi:{install}:{what}:{id}:{}",
            at.as_millisecond()
        ))
    };
    // an attempt groups its statements (the same at every export; not a statement id)
    let registration = |attempt: i64| stable_uuid(&format!("xuexi:{install}:attempt:{attempt}"));
    let material = |id: &str| {
        json!({
            "objectType": "Activity",
            "id": format!("{base}materials/{}", seg(id)),
            "definition": {
                "name": { "zh-CN": names.title(id) },
                "type": format!("{ACTIVITY_TYPES}lesson"),
            },
        })
    };
    let mut out: Vec<(Timestamp, i64, Value)> = Vec::new();
    for rs in reading_sessions(events) {
        out.push((
            rs.from,
            rs.last_event,
            json!({
                "id": key("session", rs.session, rs.from),
                "actor": agent,
                "verb": verb("experienced", "experienced", "学习了"),
                "object": material(&rs.material),
                "result": { "duration": iso_duration(rs.seconds) },
                "timestamp": ts_utc(rs.from),
            }),
        ));
    }
    for e in events {
        let stmt = match &e.record {
            Record::Reading { .. } | Record::Tick { .. } => continue,
            // a deleted note (its last version has no text) is not a comment
            Record::Note { text, .. } if text.trim().is_empty() => continue,
            Record::Note {
                note,
                material: m,
                text,
                ..
            } => json!({
                "id": key("note", *note, e.at),
                "actor": agent,
                "verb": verb("commented", "commented", "写了笔记"),
                "object": material(m),
                "result": { "response": text },
                "timestamp": ts_utc(e.at),
            }),
            Record::Finished { material: m } => json!({
                "id": key("finished", e.id, e.at),
                "actor": agent,
                "verb": verb("completed", "completed", "读完了"),
                "object": material(m),
                "result": { "completion": true },
                "timestamp": ts_utc(e.at),
            }),
            Record::Answer {
                attempt,
                bank,
                question,
                response,
                correct,
                seconds,
                ..
            } => {
                let (interaction, text) = xapi_response(response);
                json!({
                    "id": key("answer", e.id, e.at),
                    "actor": agent,
                    "verb": verb("answered", "answered", "回答了"),
                    "object": {
                        "objectType": "Activity",
                        "id": format!("{base}banks/{}/questions/{}", seg(bank), seg(question)),
                        "definition": {
                            "type": format!("{ACTIVITY_TYPES}cmi.interaction"),
                            "interactionType": interaction,
                        },
                    },
                    "result": {
                        "success": correct,
                        "response": text,
                        "duration": iso_duration(*seconds),
                    },
                    "context": { "registration": registration(*attempt) },
                    "timestamp": ts_utc(e.at),
                })
            }
            Record::Attempt {
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
            } => {
                let (v, en, zh) = match passed {
                    Some(true) => ("passed", "passed", "通过了"),
                    Some(false) => ("failed", "failed", "未通过"),
                    None => ("completed", "completed", "完成了"),
                };
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
                json!({
                    "id": key("attempt-result", *attempt, e.at),
                    "actor": agent,
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
                    "context": { "registration": registration(*attempt) },
                    "timestamp": ts_utc(e.at),
                })
            }
        };
        out.push((e.at, e.id, stmt));
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
}
