//! An event's place in the branch report's fold, kept small: its id (a number as one), the
//! installations and kinds numbered, the ids met with their first content's hash.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{DefaultHasher, Hash, Hasher};

use serde_json::Value;

/// An event's id as written, small: a number kept as one. Ordered as its JSON text (which
/// tells every id apart: a number that is not an `i64` is written otherwise than any `i64`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Id {
    Int(i64),
    Text(Box<str>),
}

impl Id {
    pub fn of(v: &Value) -> Id {
        match v.as_i64() {
            Some(i) => Id::Int(i),
            None => Id::Text(v.to_string().into_boxed_str()),
        }
    }

    pub fn text(&self) -> String {
        match self {
            Id::Int(i) => i.to_string(),
            Id::Text(t) => t.to_string(),
        }
    }
}

/// Where a first value was met, to keep the first in the picture's order: (member, installation,
/// id) — within one kind.
pub(super) type Order = (u32, u32, Id);

/// Strings numbered as they are met (installations, kinds).
#[derive(Default)]
pub(super) struct Names {
    pub(super) list: Vec<String>,
    pub(super) index: HashMap<String, u32>,
}

impl Names {
    pub(super) fn id(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.list.len() as u32;
        self.list.push(s.to_string());
        self.index.insert(s.to_string(), i);
        i
    }

    pub(super) fn name(&self, i: u32) -> &str {
        self.list.get(i as usize).map_or("", String::as_str)
    }
}

/// The ids met of one member's one installation's one kind, each with its first content's
/// hash: a number's in a map of numbers (16 bytes and a control byte an event), any other
/// id by its text.
#[derive(Default)]
pub(super) struct Seen {
    pub(super) numbers: HashMap<i64, u64>,
    pub(super) texts: HashMap<Box<str>, u64>,
}

impl Seen {
    pub(super) fn len(&self) -> usize {
        self.numbers.len() + self.texts.len()
    }
}

/// The hash `k` was first met with; `None` (and `hash` kept) when it is met for the first time.
pub(super) fn first_hash<K: Hash + Eq>(map: &mut HashMap<K, u64>, k: K, hash: u64) -> Option<u64> {
    match map.entry(k) {
        Entry::Occupied(first) => Some(*first.get()),
        Entry::Vacant(v) => {
            v.insert(hash);
            None
        }
    }
}

/// A hash of what an event says, for telling one event read twice from two events under one
/// id: its fields but the names a later export may word differently (titles, stems, response
/// text; an answer's material, looked up at export). Equal for equal JSON values.
pub fn content_hash(ev: &Value) -> u64 {
    let mut h = DefaultHasher::new();
    let answer = ev.get("kind").and_then(Value::as_str) == Some("answer");
    match ev.as_object() {
        Some(m) => {
            8u8.hash(&mut h);
            for (k, v) in m {
                if matches!(k.as_str(), "title" | "stem" | "response_text")
                    || (answer && k == "material")
                {
                    continue;
                }
                k.hash(&mut h);
                hash_value(v, &mut h);
            }
        }
        None => hash_value(ev, &mut h),
    }
    h.finish()
}

fn hash_value(v: &Value, h: &mut DefaultHasher) {
    match v {
        Value::Null => 0u8.hash(h),
        Value::Bool(b) => (1u8, b).hash(h),
        Value::Number(n) => {
            // as serde_json tells numbers apart: 1 and 1.0 differ, 0.0 and -0.0 do not
            if let Some(u) = n.as_u64() {
                (2u8, u).hash(h);
            } else if let Some(i) = n.as_i64() {
                (3u8, i).hash(h);
            } else {
                let f = n.as_f64().unwrap_or(0.0);
                (4u8, if f == 0.0 { 0 } else { f.to_bits() }).hash(h);
            }
        }
        Value::String(s) => (5u8, s).hash(h),
        Value::Array(a) => {
            (6u8, a.len()).hash(h);
            for x in a {
                hash_value(x, h);
            }
        }
        Value::Object(m) => {
            (7u8, m.len()).hash(h);
            for (k, x) in m {
                k.hash(h);
                hash_value(x, h);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn equal_json_hashes_equal_and_a_changed_field_does_not() {
        let a = json!({"kind": "reading", "id": 1, "seconds": 600, "title": "甲"});
        let b = json!({"title": "乙", "seconds": 600, "id": 1, "kind": "reading"});
        assert_eq!(
            content_hash(&a),
            content_hash(&b),
            "titles and key order aside"
        );
        let c = json!({"kind": "reading", "id": 1, "seconds": 36000, "title": "甲"});
        assert_ne!(content_hash(&a), content_hash(&c));
        let d = json!({"kind": "reading", "id": 1, "seconds": 600.0, "title": "甲"});
        assert_ne!(
            content_hash(&a),
            content_hash(&d),
            "600 and 600.0 are not equal JSON"
        );
        assert_eq!(
            content_hash(&json!({"x": 0.0})),
            content_hash(&json!({"x": -0.0}))
        );
    }
}
