//! The member's study log as files to hand in: CSV (spreadsheets), JSON, the 述学 report in
//! Markdown, and xAPI 1.0.3 statements for a learning record store. Pure: the caller loads the
//! events and writes the text.

pub mod branch;
pub mod branch_check;
mod branch_event;
mod branch_fold;
mod branch_member;
mod branch_place;
mod branch_plan;
mod branch_render;
mod branch_sealed;
mod branch_spill;
mod branch_summary;
mod branch_tally;
pub mod contest;
mod csv;
mod from_xapi;
mod md;
pub mod paper;
mod xapi;

pub use csv::{CSV_COLUMNS, neutralize, to_csv, unneutralize};
pub use md::{Report, md_escape, to_html, to_markdown};
pub use xapi::{Actor, stable_uuid, to_xapi, xapi_response};

pub use crate::domain::report::{Format, Names};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use crate::domain::log::Event;

/// Who and what period an export covers.
#[derive(Clone, Debug)]
pub struct Header {
    pub member: String,
    /// `[member] account` (tells apart two members of one name).
    pub account: String,
    /// `[member] branch`: the 党支部.
    pub branch: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub generated_at: Timestamp,
    /// The random id of this installation of xuexi (its database): the branch report tells one
    /// member's several exports from two people claiming one account by it.
    pub installation: String,
}

pub(crate) fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn header_json(h: &Header) -> Value {
    json!({
        "member": h.member,
        "account": h.account,
        "branch": h.branch,
        "from": h.from.map(|d| d.to_string()),
        "to": h.to.map(|d| d.to_string()),
        "app": "xuexi",
        "app_version": env!("CARGO_PKG_VERSION"),
        "generated_at": h.generated_at.to_string(),
        "installation": h.installation,
    })
}

/// `{"header": {...}, "events": [...]}`: each event its `kind`, `id`, `at` and the fields of
/// its record under the CSV's column names (`score`, `from`); an answer with its question's
/// `stem`, its `response` as JSON and as text, and its material's `title`.
pub fn to_json(h: &Header, events: &[Event], names: &Names) -> String {
    let events: Vec<Value> = events
        .iter()
        .map(|e| {
            let mut v = serde_json::to_value(&e.record).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("kind".into(), json!(e.record.kind()));
                m.insert("id".into(), json!(e.id));
                m.insert("at".into(), json!(e.at.to_string()));
                if sealed_record(&e.record) {
                    // graded by the trainer: nothing here says right, wrong or how well (`max`,
                    // the paper's points, stays: the trainer's grading divides by it)
                    for k in ["correct", "points", "score", "percent", "passed", "right"] {
                        m.remove(k);
                    }
                }
                for (old, new) in [("points", "score"), ("started", "from")] {
                    if let Some(x) = m.remove(old) {
                        m.insert(new.into(), x);
                    }
                }
                if let Some(mat) = m.get("material").and_then(Value::as_str) {
                    let title = names.title(mat).to_string();
                    m.insert("title".into(), json!(title));
                }
                if let crate::domain::log::Record::Answer {
                    bank,
                    question,
                    response,
                    ..
                } = &e.record
                {
                    m.insert(
                        "response".into(),
                        serde_json::from_str(response).unwrap_or(json!(response)),
                    );
                    m.insert(
                        "response_text".into(),
                        json!(names.response_text(bank, question, response)),
                    );
                    if let Some(q) = names.question(bank, question) {
                        m.insert("stem".into(), json!(q.stem));
                        if let Some(mat) = &q.material {
                            m.insert("material".into(), json!(mat));
                            m.insert("title".into(), json!(names.title(mat)));
                        }
                    }
                }
            }
            v
        })
        .collect();
    let mut doc = json!({ "header": header_json(h), "events": events });
    crate::text::sanitize::sanitize_json(&mut doc);
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// An answer to, or an attempt of, a sealed paper (the key is the trainer's).
pub(crate) fn sealed_record(r: &crate::domain::log::Record) -> bool {
    use crate::domain::log::Record;
    matches!(
        r,
        Record::Answer { sealed: true, .. } | Record::Attempt { sealed: true, .. }
    )
}

/// Text as HTML text (the printed paper, the reports' titles).
pub(crate) fn html_escape(t: &str) -> String {
    let mut o = String::with_capacity(t.len());
    for c in t.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            _ => o.push(c),
        }
    }
    o
}
