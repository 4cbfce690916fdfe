//! The member's study log as files to hand in: CSV (spreadsheets), JSON, the 述学 report in
//! Markdown, and xAPI 1.0.3 statements for a learning record store. Pure: the caller loads the
//! events and writes the text.

mod csv;
mod md;
mod xapi;

pub use csv::{CSV_COLUMNS, neutralize, to_csv};
pub use md::{Report, md_escape, to_markdown};
pub use xapi::{Actor, stable_uuid, to_xapi, xapi_response};

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use crate::domain::log::Event;
use crate::domain::plan::ItemKind;
use crate::i18n::{Strings, fill};

/// The formats `xuexi export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Md,
    Xapi,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Md, Format::Csv, Format::Json, Format::Xapi];

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" => Some(Format::Md),
            "xapi" => Some(Format::Xapi),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xapi => "xapi",
        }
    }

    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xapi => "xapi.json",
        }
    }
}

/// Who and what period an export covers.
#[derive(Clone, Debug)]
pub struct Header {
    pub member: String,
    pub from: Option<Date>,
    pub to: Option<Date>,
    pub generated_at: Timestamp,
}

/// What the report and the statements name: titles of materials and their columns.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Material id → (title, column).
    pub materials: HashMap<String, (String, String)>,
}

impl Names {
    pub(crate) fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.materials.get(id).map_or(id, |(t, _)| t.as_str())
    }
}

pub(crate) fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

fn header_json(h: &Header) -> Value {
    json!({
        "member": h.member,
        "from": h.from.map(|d| d.to_string()),
        "to": h.to.map(|d| d.to_string()),
        "app": "xuexi",
        "app_version": env!("CARGO_PKG_VERSION"),
        "generated_at": h.generated_at.to_string(),
    })
}

/// `{"header": {...}, "events": [...]}`: each event is its log record with `id` and `at`.
pub fn to_json(h: &Header, events: &[Event]) -> String {
    let events: Vec<Value> = events
        .iter()
        .map(|e| {
            let mut v = serde_json::to_value(&e.record).unwrap_or(Value::Null);
            if let Value::Object(m) = &mut v {
                m.insert("id".into(), json!(e.id));
                m.insert("at".into(), json!(e.at.to_string()));
            }
            v
        })
        .collect();
    let doc = json!({ "header": header_json(h), "events": events });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}

/// An item's title, or what completes it when it has none.
pub fn item_title(item: &crate::domain::plan::PlanItem, names: &Names, s: &Strings) -> String {
    if !item.title.is_empty() {
        return item.title.clone();
    }
    match &item.kind {
        ItemKind::Read { material } => fill(&s.plan_read, &[("title", &names.title(material))]),
        ItemKind::Quiz {
            bank,
            paper,
            min_percent,
        } => {
            let what = match paper {
                Some(p) => format!("{bank}/{p}"),
                None => bank.clone(),
            };
            match min_percent {
                Some(m) => fill(&s.plan_quiz_min, &[("quiz", &what), ("percent", m)]),
                None => fill(&s.plan_quiz_pass, &[("quiz", &what)]),
            }
        }
        ItemKind::Minutes { minutes } => fill(&s.plan_minutes, &[("n", minutes)]),
        ItemKind::Task => String::new(),
    }
}
