//! The member's study log as files to hand in: CSV (spreadsheets), JSON, the 述学 report in
//! Markdown, and xAPI 1.0.3 statements for a learning record store. Pure: the caller loads the
//! events and writes the text.

use std::collections::HashMap;
use std::fmt::Write as _;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::{Value, json};

use crate::domain::log::{Event, Record, reading_sessions};
use crate::domain::plan::{ItemKind, ItemState, ItemStatus, Plan};
use crate::domain::stats::{Totals, day_of, iso_duration, minutes};
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
    fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.materials.get(id).map_or(id, |(t, _)| t.as_str())
    }
}

fn local(t: Timestamp, tz: &TimeZone) -> String {
    t.to_zoned_datetime(tz.clone())
        .strftime("%Y-%m-%dT%H:%M:%S%:z")
        .to_string()
}

// ---------------------------------------------------------------------------------------------
// CSV

/// The CSV columns, in order (documented in the README).
pub const CSV_COLUMNS: [&str; 20] = [
    "id", "time", "kind", "material", "title", "session", "from", "seconds", "attempt", "mode",
    "bank", "paper", "question", "response", "correct", "score", "max", "percent", "passed",
    "note",
];

/// A spreadsheet would run a cell that begins with = + - @ (or a tab or CR) as a formula:
/// such a cell gets a leading apostrophe.
pub fn neutralize(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One row per event, UTF-8 with a BOM (so Excel and WPS read the Chinese right).
pub fn to_csv(events: &[Event], names: &Names, tz: &TimeZone) -> String {
    let mut w = csv::WriterBuilder::new().from_writer(Vec::new());
    // writing into a Vec cannot fail; errors would only come from the writer's I/O
    let _ = w.write_record(CSV_COLUMNS);
    for e in events {
        let mut row: [String; 20] = Default::default();
        row[0] = e.id.to_string();
        row[1] = local(e.at, tz);
        row[2] = e.record.kind().to_string();
        let b = |v: bool| if v { "true" } else { "false" }.to_string();
        let num = |v: f64| format!("{}", (v * 100.0).round() / 100.0);
        match &e.record {
            Record::Reading {
                session,
                material,
                from,
                seconds,
                ..
            } => {
                row[3] = material.clone();
                row[4] = names.title(material).to_string();
                row[5] = session.to_string();
                row[6] = local(*from, tz);
                row[7] = seconds.to_string();
            }
            Record::Finished { material } => {
                row[3] = material.clone();
                row[4] = names.title(material).to_string();
            }
            Record::Answer {
                attempt,
                mode,
                bank,
                question,
                response,
                correct,
                points,
                seconds,
                ..
            } => {
                row[7] = seconds.to_string();
                row[8] = attempt.to_string();
                row[9] = mode.clone();
                row[10] = bank.clone();
                row[12] = question.clone();
                row[13] = response.clone();
                row[14] = b(*correct);
                row[15] = num(*points);
            }
            Record::Attempt {
                attempt,
                mode,
                bank,
                paper,
                title,
                started,
                seconds,
                score,
                max,
                percent,
                passed,
                ..
            } => {
                row[4] = title.clone();
                row[6] = local(*started, tz);
                row[7] = seconds.to_string();
                row[8] = attempt.to_string();
                row[9] = mode.clone();
                row[10] = bank.clone().unwrap_or_default();
                row[11] = paper.clone().unwrap_or_default();
                row[15] = num(*score);
                row[16] = num(*max);
                row[17] = num(*percent);
                row[18] = passed.map(b).unwrap_or_default();
            }
            Record::Tick {
                plan,
                item,
                done,
                note,
            } => {
                row[4] = format!("{plan}/{item}");
                row[14] = b(*done);
                row[19] = note.clone();
            }
        }
        let _ = w.write_record(row.iter().map(|c| neutralize(c)));
    }
    let body = w.into_inner().unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(&body));
    out
}

// ---------------------------------------------------------------------------------------------
// JSON

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

// ---------------------------------------------------------------------------------------------
// Markdown: the 述学 report

/// Escapes text for Markdown (and for a table cell).
pub fn md_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '~'
        ) {
            out.push('\\');
        }
        if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn hm(secs: i64, s: &Strings) -> String {
    let m = minutes(secs);
    fill(&s.report_hm, &[("h", &(m / 60)), ("m", &(m % 60))])
}

/// Everything the report needs besides the events.
pub struct Report<'a> {
    pub header: &'a Header,
    pub names: &'a Names,
    pub totals: &'a Totals,
    pub plans: &'a [(Plan, Vec<ItemStatus>)],
    pub strings: &'a Strings,
    pub tz: &'a TimeZone,
}

/// The 述学 study report: a document to print and hand in.
pub fn to_markdown(r: &Report<'_>, events: &[Event]) -> String {
    let s = r.strings;
    let tz = r.tz;
    let mut o = String::new();
    let period = match (r.header.from, r.header.to) {
        (Some(a), Some(b)) => format!("{a} – {b}"),
        (Some(a), None) => format!("{a} –"),
        (None, Some(b)) => format!("– {b}"),
        (None, None) => s.report_all_time.clone(),
    };
    let _ = writeln!(o, "# {}\n", s.report_title);
    let name = if r.header.member.is_empty() {
        s.report_no_name.clone()
    } else {
        md_escape(&r.header.member)
    };
    let sep = &s.report_sep;
    let _ = writeln!(o, "- {}{sep}{}", s.report_member, name);
    let _ = writeln!(o, "- {}{sep}{}", s.report_period, period);
    let _ = writeln!(
        o,
        "- {}{sep}{} · xuexi {}\n",
        s.report_generated,
        local(r.header.generated_at, tz)
            .get(..16)
            .unwrap_or_default()
            .replace('T', " "),
        env!("CARGO_PKG_VERSION")
    );

    let t = r.totals;
    let _ = writeln!(o, "## {}\n", s.report_summary);
    let _ = writeln!(o, "| {} | {} |\n|---|---|", s.report_item, s.report_value);
    for (k, v) in [
        (&s.report_study_time, hm(t.study_secs, s)),
        (&s.report_reading_time, hm(t.reading_secs, s)),
        (&s.report_quiz_time, hm(t.quiz_secs, s)),
        (&s.report_points, t.points.to_string()),
        (
            &s.report_days,
            fill(&s.report_n_days, &[("n", &t.days_studied)]),
        ),
        (&s.report_articles, t.articles.to_string()),
        (&s.report_attempts, t.attempts.to_string()),
        (&s.report_exams_passed, t.exams_passed.to_string()),
    ] {
        let _ = writeln!(o, "| {k} | {v} |");
    }
    o.push('\n');

    // materials read, with the reading time in the period
    let mut per_material: HashMap<&str, i64> = HashMap::new();
    for e in events {
        if let Record::Reading {
            material, seconds, ..
        } = &e.record
        {
            *per_material.entry(material.as_str()).or_default() += seconds;
        }
    }
    let _ = writeln!(o, "## {}\n", s.report_read);
    let finished: Vec<(&Event, &str)> = events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Finished { material } => Some((e, material.as_str())),
            _ => None,
        })
        .collect();
    if finished.is_empty() {
        let _ = writeln!(o, "{}\n", s.report_none);
    } else {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} |\n|---|---|---|---|",
            s.report_date, s.report_column, s.report_material, s.report_reading_time
        );
        for (e, m) in finished {
            let column = r.names.materials.get(m).map_or("", |(_, c)| c.as_str());
            let _ = writeln!(
                o,
                "| {} | {} | {} | {} |",
                day_of(e.at, tz),
                md_escape(column),
                md_escape(r.names.title(m)),
                hm(per_material.get(m).copied().unwrap_or(0), s)
            );
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## {}\n", s.report_quizzes);
    let attempts: Vec<&Event> = events
        .iter()
        .filter(|e| matches!(e.record, Record::Attempt { .. }))
        .collect();
    if attempts.is_empty() {
        let _ = writeln!(o, "{}\n", s.report_none);
    } else {
        let _ = writeln!(
            o,
            "| {} | {} | {} | {} | {} |\n|---|---|---|---|---|",
            s.report_date, s.report_quiz, s.report_score, s.report_percent, s.report_result
        );
        for e in attempts {
            if let Record::Attempt {
                title,
                mode,
                score,
                max,
                percent,
                passed,
                ..
            } = &e.record
            {
                let mode_name = match mode.as_str() {
                    "exam" => &s.mode_exam,
                    "daily" => &s.title_daily,
                    "challenge" => &s.title_challenge,
                    "review" => &s.title_review,
                    _ => &s.mode_practice,
                };
                let result = match passed {
                    Some(true) => s.quiz_passed.as_str(),
                    Some(false) => s.quiz_failed.as_str(),
                    None => "—",
                };
                let _ = writeln!(
                    o,
                    "| {} | {} · {} | {:.1}/{:.0} | {:.0}% | {} |",
                    day_of(e.at, tz),
                    md_escape(mode_name.trim()),
                    md_escape(title),
                    score,
                    max,
                    percent,
                    result
                );
            }
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## {}\n", s.report_plans);
    if r.plans.is_empty() {
        let _ = writeln!(o, "{}\n", s.report_none);
    }
    for (plan, status) in r.plans {
        let done = status.iter().filter(|x| x.done()).count();
        let _ = writeln!(
            o,
            "### {} ({done}/{})\n",
            md_escape(&plan.title),
            plan.items.len()
        );
        for (item, st) in plan.items.iter().zip(status) {
            let mark = if st.done() { "x" } else { " " };
            let state = match &st.state {
                ItemState::Done { on } => fill(&s.report_done_on, &[("date", on)]),
                ItemState::Overdue => fill(
                    &s.report_overdue,
                    &[("date", &item.due.map(|d| d.to_string()).unwrap_or_default())],
                ),
                ItemState::Due | ItemState::Open => match item.due {
                    Some(d) => fill(&s.report_due, &[("date", &d)]),
                    None => String::new(),
                },
            };
            let title = item_title(item, r.names, s);
            let sep = if state.is_empty() { "" } else { " — " };
            let _ = writeln!(o, "- [{mark}] {}{sep}{state}", md_escape(&title));
            if !st.note.is_empty() {
                let _ = writeln!(o, "  {}{sep}{}", s.report_note, md_escape(&st.note));
            }
        }
        o.push('\n');
    }

    let _ = writeln!(o, "## {}\n", s.report_notes);
    let notes: Vec<String> = events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Tick {
                plan, item, note, ..
            } if !note.trim().is_empty() => {
                let item_title = r
                    .plans
                    .iter()
                    .find(|(p, _)| &p.id == plan)
                    .and_then(|(p, _)| p.items.iter().find(|i| &i.id == item))
                    .map(|i| item_title(i, r.names, s))
                    .unwrap_or_else(|| item.clone());
                Some(format!(
                    "- {} {}{sep}{}",
                    day_of(e.at, tz),
                    md_escape(&item_title),
                    md_escape(note)
                ))
            }
            _ => None,
        })
        .collect();
    if notes.is_empty() {
        let _ = writeln!(o, "{}", s.report_none);
    } else {
        for n in notes {
            let _ = writeln!(o, "{n}");
        }
    }
    o
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

// ---------------------------------------------------------------------------------------------
// xAPI 1.0.3

/// The actor of every statement.
#[derive(Clone, Debug)]
pub struct Actor {
    pub name: String,
    pub account: String,
    pub home_page: String,
}

const VERB_BASE: &str = "http://adlnet.gov/expapi/verbs/";
const ACTIVITY_TYPES: &str = "http://adlnet.gov/expapi/activities/";

/// A UUID made from a stable key: the same member and event give the same id at every export.
/// (SHA-256 of the key, marked as an RFC 9562 version-8 UUID with the RFC 4122 variant.)
pub fn stable_uuid(key: &str) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(key.as_bytes());
    let mut b = [0u8; 16];
    b.copy_from_slice(&d[..16]);
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let h: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &h[0..8],
        &h[8..12],
        &h[12..16],
        &h[16..20],
        &h[20..32]
    )
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

/// The statements, or an error when the member has not set a name (an xAPI actor needs one).
pub fn to_xapi(
    events: &[Event],
    actor: &Actor,
    base: &str,
    names: &Names,
) -> Result<String, String> {
    if actor.name.trim().is_empty() {
        return Err(
            "xAPI statements need your name: set `name` in the [member] table of the config file"
                .into(),
        );
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
    let key = |what: &str, id: i64| stable_uuid(&format!("xuexi:{home}:{account}:{what}:{id}"));
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
                "id": key("session", rs.session),
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
            Record::Finished { material: m } => json!({
                "id": key("finished", e.id),
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
                    "id": key("answer", e.id),
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
                    "context": { "registration": key("attempt", *attempt) },
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
                    _ => format!("{base}quizzes/{}", seg(title)),
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
                    "id": key("attempt-result", *attempt),
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
                    "context": { "registration": key("attempt", *attempt) },
                    "timestamp": ts_utc(e.at),
                })
            }
        };
        out.push((e.at, e.id, stmt));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
    let list: Vec<Value> = out.into_iter().map(|(_, _, v)| v).collect();
    let mut s = serde_json::to_string_pretty(&list).map_err(|e| e.to_string())?;
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
    fn formula_cells_are_neutralized() {
        assert_eq!(neutralize("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralize("+1"), "'+1");
        assert_eq!(neutralize("-1"), "'-1");
        assert_eq!(neutralize("@x"), "'@x");
        assert_eq!(neutralize("学习"), "学习");
        assert_eq!(neutralize(""), "");
    }

    #[test]
    fn uuids_are_stable_and_well_formed() {
        let a = stable_uuid("k");
        assert_eq!(a, stable_uuid("k"));
        assert_ne!(a, stable_uuid("k2"));
        assert_eq!(a.len(), 36);
        assert_eq!(&a[14..15], "8", "version 8");
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
    fn markdown_is_escaped() {
        assert_eq!(md_escape("a|b *c*\n#d"), "a\\|b \\*c\\* \\#d");
    }
}
