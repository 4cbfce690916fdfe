//! xAPI statements read back as members' exports, for the branch report: a file written by
//! `xuexi export --format xapi` (or statements fetched from an LRS) becomes one export per
//! actor, its statements the events the JSON export would carry. Only what xuexi writes is
//! understood (read, finished, answered, an attempt's result); other statements are left out.
//! What xAPI does not carry is not invented: the branch (empty), a plan's ticks, a question's stem.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use super::branch_event::MemberExport;

/// The members in a list of statements; `None` when `v` is not one.
pub fn read_statements(v: &Value) -> Option<Vec<MemberExport>> {
    let mut actors = Actors::default();
    for st in v.as_array()? {
        actors.push(st);
    }
    actors.finish()
}

/// The members in a file of statements, each statement turned into its event as it is
/// parsed (the file is never a tree in memory); `Ok(None)` when it is JSON but not a list of
/// statements.
pub fn read_statements_text(text: &str) -> Result<Option<Vec<MemberExport>>, serde_json::Error> {
    let mut de = serde_json::Deserializer::from_str(text);
    let actors = serde::de::DeserializeSeed::deserialize(Statements, &mut de)?;
    de.end()?;
    Ok(actors.and_then(Actors::finish))
}

/// A list of statements, read one at a time (`None`: not a list).
struct Statements;

impl<'de> serde::de::DeserializeSeed<'de> for Statements {
    type Value = Option<Actors>;
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<Actors>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Statements {
    type Value = Option<Actors>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of xAPI statements")
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut actors = Actors::default();
        while let Some(st) = seq.next_element::<Value>()? {
            actors.push(&st);
        }
        Ok(Some(actors))
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        while map
            .next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?
            .is_some()
        {}
        Ok(None)
    }
    fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
}

/// One actor's events as compact texts, and the first and last day they are of.
type ActorEvents = (Vec<Box<str>>, Option<String>, Option<String>);

/// Statements gathered by actor, each as its event's compact text with the days it spans.
#[derive(Default)]
struct Actors {
    by_actor: BTreeMap<(String, String), ActorEvents>,
    statements: usize,
    /// Every statement has a verb (otherwise the list is not statements).
    verbs: bool,
}

impl Actors {
    fn push(&mut self, st: &Value) {
        if self.statements == 0 {
            self.verbs = true;
        }
        self.statements += 1;
        self.verbs &= st.get("verb").is_some();
        if !self.verbs {
            return;
        }
        let actor = &st["actor"];
        let name = text(&actor["name"]);
        let account = text(&actor["account"]["name"]);
        if let Some(ev) = event_of(st) {
            let (events, from, to) = self.by_actor.entry((name, account)).or_default();
            // the period: the first and the last day a statement is of
            if let Some(t) = ev["at"].as_str() {
                let day = t.get(..10).unwrap_or(t);
                if from.as_deref().is_none_or(|f| day < f) {
                    *from = Some(day.to_string());
                }
                if to.as_deref().is_none_or(|f| day > f) {
                    *to = Some(day.to_string());
                }
            }
            events.push(ev.to_string().into_boxed_str());
        }
    }

    fn finish(self) -> Option<Vec<MemberExport>> {
        if self.statements == 0 || !self.verbs {
            return None;
        }
        Some(
            self.by_actor
                .into_iter()
                .map(|((member, account), (events, from, to))| MemberExport {
                    from,
                    to,
                    member,
                    account,
                    branch: String::new(),
                    installation: String::new(),
                    xapi: true,
                    events,
                })
                .collect(),
        )
    }
}

fn text(v: &Value) -> String {
    crate::text::sanitize::sanitize_line(v.as_str().unwrap_or(""))
}

/// A statement as the JSON export's event; `None` for what xuexi does not write.
fn event_of(st: &Value) -> Option<Value> {
    let verb = st["verb"]["id"].as_str()?.rsplit('/').next()?;
    let at = st["timestamp"].as_str()?;
    // the statement's UUID, folded to the number an event id is: the same statement read twice
    // (two files, an LRS dump beside an export) is one event
    let id = folded(st["id"].as_str()?)?;
    // an attempt's statements share its registration: its answers are found by it
    let attempt = st["context"]["registration"]
        .as_str()
        .and_then(folded)
        .unwrap_or(id);
    let object = st["object"]["id"].as_str()?;
    let name = &st["object"]["definition"]["name"];
    let title = name["zh-CN"]
        .as_str()
        .or_else(|| name.as_object()?.values().find_map(Value::as_str))
        .map(crate::text::sanitize::sanitize_line)
        .unwrap_or_default();
    let result = &st["result"];
    let seconds = result["duration"].as_str().map_or(0, duration_seconds);
    let after = |marker: &str| object.rsplit_once(marker).map(|(_, s)| s.to_string());
    let material = after("/materials/").map(|m| decode(&m));
    // a sealed paper's statement (xapi.rs marks it): no success, no score claimed
    let sealed = result["extensions"]
        .as_object()
        .is_some_and(|m| m.keys().any(|k| k.ends_with("/extensions/sealed")));
    Some(match (verb, material) {
        ("experienced", Some(m)) => json!({
            "kind": "reading", "id": id, "at": at, "session": id, "material": m,
            "title": title, "from": at, "to": at, "seconds": seconds,
        }),
        ("completed", Some(m)) => {
            json!({"kind": "finished", "id": id, "at": at, "material": m, "title": title})
        }
        ("answered", None) => {
            let (bank, question) = after("/banks/")?
                .split_once("/questions/")
                .map(|(b, q)| (decode(b), decode(q)))?;
            if sealed {
                // no `correct` to fall back on: the response as stored, for the bank to grade
                let kind = st["object"]["definition"]["interactionType"].as_str();
                let response = result["response"].as_str().unwrap_or("");
                return Some(json!({
                    "kind": "answer", "id": id, "at": at, "attempt": attempt, "mode": "exam",
                    "position": 0, "bank": bank, "question": question, "stem": "",
                    "response": stored_response(kind, response),
                    "response_text": text(&result["response"]), "seconds": seconds,
                    "sealed": true,
                }));
            }
            json!({
                "kind": "answer", "id": id, "at": at, "attempt": attempt, "mode": "",
                "position": 0, "bank": bank, "question": question, "stem": "",
                "response": result["response"].as_str().unwrap_or(""),
                "response_text": text(&result["response"]),
                "correct": result["success"].as_bool().unwrap_or(false),
                "score": 0.0, "seconds": seconds,
            })
        }
        ("passed" | "failed" | "completed", None) => {
            let score = &result["score"];
            let (bank, paper) = match after("/banks/") {
                Some(rest) => match rest.split_once("/papers/") {
                    Some((b, p)) => (Some(decode(b)), Some(decode(p))),
                    None => (Some(decode(&rest)), None),
                },
                None => (None, None),
            };
            let passed = match verb {
                "passed" => Some(true),
                "failed" => Some(false),
                _ => None,
            };
            if sealed {
                return Some(json!({
                    "kind": "attempt", "id": id, "at": at, "attempt": attempt, "mode": "exam",
                    "bank": bank, "paper": paper, "title": title, "from": at,
                    "seconds": seconds, "max": score["max"].as_f64(), "answered": 0,
                    "sealed": true,
                }));
            }
            let mode = match (passed, after("/quizzes/")) {
                (Some(_), _) => "exam".to_string(),
                (None, Some(m)) => decode(&m),
                (None, None) => "practice".to_string(),
            };
            json!({
                "kind": "attempt", "id": id, "at": at, "attempt": attempt, "mode": mode,
                "bank": bank, "paper": paper, "title": title, "from": at, "seconds": seconds,
                "score": score["raw"].as_f64().unwrap_or(0.0),
                "max": score["max"].as_f64().unwrap_or(0.0),
                "percent": score["scaled"].as_f64().unwrap_or(0.0) * 100.0,
                "passed": passed, "right": 0, "answered": 0,
            })
        }
        _ => return None,
    })
}

/// An xAPI response as xuexi stores it (what `xapi::xapi_response` wrote, read back by its
/// interaction type): `true`, the choices 0-based (`B[,]D` → `[1,3]`), the blanks. Anything
/// else stays text (and does not grade).
fn stored_response(interaction: Option<&str>, text: &str) -> Value {
    let parts = || text.split("[,]");
    match interaction {
        Some("true-false") if matches!(text, "true" | "false") => json!(text == "true"),
        Some("choice") => parts()
            .map(|l| match l.as_bytes() {
                [c @ b'A'..=b'Z'] => Some(json!(c - b'A')),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()
            .map_or_else(|| json!(text), Value::Array),
        Some("fill-in") => json!(parts().collect::<Vec<_>>()),
        _ => json!(text),
    }
}

/// A UUID folded to the number an event id is.
fn folded(uuid: &str) -> Option<i64> {
    let uuid = uuid::Uuid::parse_str(uuid).ok()?;
    Some((u64::from_be_bytes(uuid.as_bytes()[..8].try_into().ok()?) >> 1) as i64)
}

/// `PT1H2M3S` (fractions of a second dropped) as seconds; 0 when it is not a duration.
fn duration_seconds(d: &str) -> i64 {
    let Some(rest) = d.strip_prefix("PT") else {
        return 0;
    };
    let mut total = 0f64;
    let mut num = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => num.push(c),
            'H' | 'M' | 'S' => {
                let n: f64 = num.parse().unwrap_or(0.0);
                total += n * match c {
                    'H' => 3600.0,
                    'M' => 60.0,
                    _ => 1.0,
                };
                num.clear();
            }
            _ => return 0,
        }
    }
    total as i64
}

/// An IRI segment percent-decoded (what `xapi::seg` encoded).
fn decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let hex = b
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (b[i], hex) {
            (b'%', Some(x)) => {
                out.push(x);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    crate::text::sanitize::sanitize_line(&String::from_utf8_lossy(&out))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sealed_response_reads_back_as_stored() {
        for stored in ["true", "[1,3]", "[0]", "[\"甲\",\"乙\"]"] {
            let (kind, text) = super::super::xapi::xapi_response(stored);
            let back = stored_response(Some(kind), &text);
            assert_eq!(
                back,
                serde_json::from_str::<Value>(stored).unwrap(),
                "{stored}"
            );
        }
        assert_eq!(stored_response(Some("choice"), "B[,]?"), json!("B[,]?"));
    }

    #[test]
    fn durations_and_segments_read_back() {
        assert_eq!(duration_seconds("PT1H2M3S"), 3723);
        assert_eq!(duration_seconds("PT0.5S"), 0);
        assert_eq!(duration_seconds("PT90.9S"), 90);
        assert_eq!(duration_seconds("P1D"), 0);
        assert_eq!(decode("%E5%86%AC%E8%AE%AD-1"), "冬训-1");
        assert_eq!(decode("a%2"), "a%2");
    }
}
