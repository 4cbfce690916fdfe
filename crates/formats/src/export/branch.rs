//! The branch's picture (支部学习情况汇总) from its members' JSON exports: per member the time
//! studied, the days, the materials read and the best exam; per question how often it was
//! answered, how many got it right, the wrong answer chosen most and the time taken; per
//! material how many read it. Members of one name are told apart by account; the same member's
//! exports (a second hand-in, overlapping periods) are merged, each event counted once.

use jiff::tz::TimeZone;
use serde::de::{
    DeserializeSeed, Deserializer, Error as _, IgnoredAny, MapAccess, SeqAccess, Visitor,
};
use serde_json::Value;

use super::branch_check::Doc;
pub use super::branch_event::{MemberExport, log_event};
pub use super::branch_fold::{Fold, Head, SPILL_EVERY, Source};
pub use super::branch_render::{to_csv, to_html, to_markdown};
pub use super::branch_spill::{Held, Id, MemorySpill, Spill, SpillAnswer, SpillPlace};
pub use super::branch_summary::{MemberRow, QuestionRow, Summary};
use crate::domain::quiz::Bank;
use crate::i18n::{Msg, msg};

/// Reads a member's `xuexi export --format json`, or xAPI statements (`--format xapi`, or a
/// list fetched from an LRS: one export per actor); what is wrong with it, otherwise.
pub fn read_export(text: &str) -> Result<Vec<MemberExport>, Msg> {
    let text = text.trim_start_matches('\u{feff}');
    if is_statements(text) {
        let v: Value = serde_json::from_str(text).map_err(not_json)?;
        return super::from_xapi::read_statements(&v).ok_or_else(|| msg("branch_not_export"));
    }
    let doc: Doc = serde_json::from_str(text).map_err(|e| refused(text, e))?;
    let head = head_of(&doc.header).ok_or_else(|| msg("branch_not_export"))?;
    Ok(vec![MemberExport {
        member: head.member,
        account: head.account,
        branch: head.branch,
        from: head.from,
        to: head.to,
        installation: head.installation,
        xapi: false,
        events: doc.events.0,
    }])
}

/// A JSON export's header as the report reads it; `None` when xuexi did not write it.
fn head_of(h: &Value) -> Option<Head> {
    if h.get("app").and_then(Value::as_str) != Some("xuexi") {
        return None;
    }
    let s = |k: &str| {
        crate::text::sanitize::sanitize_line(h.get(k).and_then(Value::as_str).unwrap_or(""))
    };
    Some(Head {
        member: s("member"),
        account: s("account"),
        branch: s("branch"),
        from: h.get("from").and_then(Value::as_str).map(str::to_string),
        to: h.get("to").and_then(Value::as_str).map(str::to_string),
        installation: s("installation"),
        xapi: false,
    })
}

/// Whether a file's text is a list of xAPI statements (folded after every JSON export), not
/// a JSON export.
pub fn is_statements(text: &str) -> bool {
    text.trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('[')
}

/// What a file that does not parse is: not JSON at all (where), or JSON but not an export.
fn refused(text: &str, e: serde_json::Error) -> Msg {
    match serde_json::from_str::<IgnoredAny>(text) {
        Err(_) => not_json(e),
        Ok(_) => msg("branch_not_export"),
    }
}

fn not_json(e: serde_json::Error) -> Msg {
    // serde's words for the log; the member reads where
    tracing::info!(error = %e, "a branch report input is not JSON");
    msg("branch_not_json")
        .arg("line", e.line())
        .arg("column", e.column())
}

/// Folds a member's JSON export (`xuexi export --format json`) into `fold`, each event as it
/// is parsed: the file's events are never all in memory (only when a file puts its header
/// after them, as compact text until the header is read). What is wrong with it, otherwise
/// (and then the fold is not to be finished: the report refuses).
pub fn fold_export(text: &str, fold: &mut Fold<'_>) -> Result<(), Msg> {
    let text = text.trim_start_matches('\u{feff}');
    let mut de = serde_json::Deserializer::from_str(text);
    let read = DocSeed { fold }
        .deserialize(&mut de)
        .and_then(|r| de.end().map(|()| r));
    let (header, pending) = read.map_err(|e| refused(text, e))?;
    let head = header
        .as_ref()
        .and_then(head_of)
        .ok_or_else(|| msg("branch_not_export"))?;
    if let Some(events) = pending {
        let src = fold.begin(head);
        for t in &events {
            if let Ok(ev) = serde_json::from_str::<Value>(t) {
                fold.event(&src, &ev);
            }
        }
    }
    Ok(())
}

/// Reads a file of xAPI statements into `fold`, each statement turned into its event as it is
/// parsed; its exports are put off ([`Fold::defer`]) until every JSON export is folded (their
/// events on days a JSON export of the member covers are left out), so a report reads each file
/// once, in any order. What is wrong with it, otherwise.
pub fn fold_statements(text: &str, fold: &mut Fold<'_>) -> Result<(), Msg> {
    let text = text.trim_start_matches('\u{feff}');
    let exports = super::from_xapi::read_statements_text(text)
        .map_err(not_json)?
        .ok_or_else(|| msg("branch_not_export"))?;
    for e in exports {
        fold.defer(e.head(), &e.events);
    }
    Ok(())
}

/// A JSON export read into a fold: its header, and its events as compact texts when they came
/// before it (`None` when they were folded as read).
type Read = (Option<Value>, Option<Vec<Box<str>>>);

struct DocSeed<'f, 'b> {
    fold: &'f mut Fold<'b>,
}

impl<'de> DeserializeSeed<'de> for DocSeed<'_, '_> {
    type Value = Read;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Read, D::Error> {
        d.deserialize_map(self)
    }
}

impl<'de> Visitor<'de> for DocSeed<'_, '_> {
    type Value = Read;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a xuexi export")
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Read, A::Error> {
        let mut header: Option<Value> = None;
        let mut events: Option<Option<Vec<Box<str>>>> = None;
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "header" if header.is_some() => return Err(A::Error::duplicate_field("header")),
                "header" => header = Some(map.next_value()?),
                "events" if events.is_some() => return Err(A::Error::duplicate_field("events")),
                "events" => {
                    // (a header not xuexi's: its events are only parsed, the file refused)
                    let to = match header.as_ref().map(head_of) {
                        Some(Some(head)) => {
                            let src = self.fold.begin(head);
                            Events::Fold(&mut *self.fold, src)
                        }
                        Some(None) => Events::Skip,
                        None => Events::Keep(Vec::new()),
                    };
                    events = Some(map.next_value_seed(to)?);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        match events {
            Some(kept) => Ok((header, kept)),
            None => Err(A::Error::missing_field("events")),
        }
    }
}

/// Where an export's events go as they are parsed.
enum Events<'f, 'b> {
    Fold(&'f mut Fold<'b>, Source),
    Keep(Vec<Box<str>>),
    Skip,
}

impl<'de> DeserializeSeed<'de> for Events<'_, '_> {
    type Value = Option<Vec<Box<str>>>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_seq(self)
    }
}

impl<'de> Visitor<'de> for Events<'_, '_> {
    type Value = Option<Vec<Box<str>>>;
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a list of events")
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        match self {
            Events::Fold(fold, src) => {
                while let Some(ev) = seq.next_element::<Value>()? {
                    fold.event(&src, &ev);
                }
                Ok(None)
            }
            Events::Keep(mut kept) => {
                while let Some(ev) = seq.next_element::<Value>()? {
                    kept.push(ev.to_string().into_boxed_str());
                }
                Ok(Some(kept))
            }
            Events::Skip => {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(None)
            }
        }
    }
}

/// A member's exported events as the study log's events again (the export renames `points`
/// to `score` and `started` to `from`, and writes `response` as JSON): what a plan's checklist
/// is worked out from. Events this version cannot read are left out.
pub fn log_events(events: &[Value]) -> Vec<crate::domain::log::Event> {
    events
        .iter()
        .filter_map(super::branch_event::log_event)
        .collect()
}

/// Works out the picture from exports read whole; days are counted in `tz`. Answers are
/// re-graded against `banks` (the trainer's) and exams scored from their answers where they
/// can be; what cannot be checked is shown as the file's word, and what cannot be believed is
/// listed as a doubt. (`xuexi branch report` folds each file as it reads it instead.)
pub fn summarize(exports: &[MemberExport], banks: &[Bank], tz: &TimeZone) -> Summary {
    let mut fold = Fold::new(banks, tz);
    for e in exports
        .iter()
        .filter(|e| !e.xapi)
        .chain(exports.iter().filter(|e| e.xapi))
    {
        let src = fold.begin(e.head());
        for t in &e.events {
            if let Ok(ev) = serde_json::from_str::<Value>(t) {
                fold.event(&src, &ev);
            }
        }
    }
    // (a fold in memory has nothing that can fail)
    fold.finish().unwrap_or_default()
}
