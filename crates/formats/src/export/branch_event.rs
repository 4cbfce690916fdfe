//! One member's export as the branch report reads it: what `branch` (the JSON export) and
//! `from_xapi` (xAPI statements) both make, and `branch_check` checks.

use jiff::Timestamp;
use serde_json::Value;

/// An export's header as the fold reads it.
#[derive(Clone, Debug, Default)]
pub struct Head {
    pub member: String,
    pub account: String,
    pub branch: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub installation: String,
    /// Read from xAPI statements: folded after every JSON export.
    pub xapi: bool,
}

/// One member's export as read.
#[derive(Clone, Debug)]
pub struct MemberExport {
    pub member: String,
    pub account: String,
    pub branch: String,
    pub from: Option<String>,
    pub to: Option<String>,
    /// The random id of the xuexi installation that wrote it (empty in xAPI and older exports):
    /// one member's several exports share it; two people on one account do not.
    pub installation: String,
    /// Read from xAPI statements (their events are the JSON export's, under other ids).
    pub xapi: bool,
    /// Each event as compact JSON text: a parsed tree takes about seven times its text, so the
    /// events are parsed again one member at a time ([`MemberExport::parsed_events`]).
    pub events: Vec<Box<str>>,
}

impl MemberExport {
    /// Its header, for a fold.
    pub fn head(&self) -> Head {
        Head {
            member: self.member.clone(),
            account: self.account.clone(),
            branch: self.branch.clone(),
            from: self.from.clone(),
            to: self.to.clone(),
            installation: self.installation.clone(),
            xapi: self.xapi,
        }
    }

    /// The events as JSON values.
    pub fn parsed_events(&self) -> Vec<Value> {
        parsed(self.events.iter().map(AsRef::as_ref))
    }
}

/// Events parsed from their compact texts (each written from a parsed value when the export was
/// read, so each parses).
pub(crate) fn parsed<'a>(texts: impl Iterator<Item = &'a str>) -> Vec<Value> {
    texts.filter_map(|t| serde_json::from_str(t).ok()).collect()
}

/// One exported event as the study log's; `None` when this version cannot read it.
pub fn log_event(ev: &Value) -> Option<crate::domain::log::Event> {
    let mut v = ev.clone();
    let m = v.as_object_mut()?;
    let id = m.get("id").and_then(Value::as_i64)?;
    let at: Timestamp = m.get("at").and_then(Value::as_str)?.parse().ok()?;
    match m.get("kind").and_then(Value::as_str) {
        Some("answer") => {
            if let Some(x) = m.remove("score") {
                m.insert("points".into(), x);
            }
            if let Some(r) = m.get("response")
                && !r.is_string()
            {
                let text = r.to_string();
                m.insert("response".into(), Value::String(text));
            }
        }
        Some("attempt") => {
            if let Some(x) = m.remove("from") {
                m.insert("started".into(), x);
            }
        }
        _ => {}
    }
    let record: crate::domain::log::Record = serde_json::from_value(v).ok()?;
    Some(crate::domain::log::Event { id, at, record })
}
