//! The branch's picture (支部学习情况汇总) from its members' JSON exports: per member the time
//! studied, the days, the materials read and the best exam; per question how often it was
//! answered, how many got it right, the wrong answer chosen most and the time taken; per
//! material how many read it. Members of one name are told apart by account; the same member's
//! exports (a second hand-in, overlapping periods) are merged, each event counted once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;

use crate::i18n::{Msg, Strings, msg};

/// One member's export as read.
#[derive(Clone, Debug)]
pub struct MemberExport {
    pub member: String,
    pub account: String,
    pub branch: String,
    pub from: Option<String>,
    pub to: Option<String>,
    pub events: Vec<Value>,
}

/// Reads a member's `xuexi export --format json`, or xAPI statements (`--format xapi`, or a
/// list fetched from an LRS: one export per actor); what is wrong with it, otherwise.
pub fn read_export(text: &str) -> Result<Vec<MemberExport>, Msg> {
    let v: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).map_err(|e| {
        // serde's words for the log; the member reads where
        tracing::info!(error = %e, "a branch report input is not JSON");
        msg("branch_not_json")
            .arg("line", e.line())
            .arg("column", e.column())
    })?;
    if let Some(members) = super::from_xapi::read_statements(&v) {
        return Ok(members);
    }
    let h = &v["header"];
    let events = v["events"].as_array();
    if h.get("app").and_then(Value::as_str) != Some("xuexi") || events.is_none() {
        return Err(msg("branch_not_export"));
    }
    let s = |k: &str| {
        crate::text::sanitize::sanitize_line(h.get(k).and_then(Value::as_str).unwrap_or(""))
    };
    Ok(vec![MemberExport {
        member: s("member"),
        account: s("account"),
        branch: s("branch"),
        from: h.get("from").and_then(Value::as_str).map(str::to_string),
        to: h.get("to").and_then(Value::as_str).map(str::to_string),
        events: events.cloned().unwrap_or_default(),
    }])
}

/// One member's figures.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemberRow {
    pub member: String,
    pub account: String,
    pub branch: String,
    pub minutes: i64,
    pub days: usize,
    pub materials_read: usize,
    /// The best exam percent, and whether any exam was passed.
    pub best_exam: Option<(f64, bool)>,
    /// The plan asked for (`--plan`): items done of all.
    pub plan: Option<(usize, usize)>,
}

/// One question's figures across the branch.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuestionRow {
    pub bank: String,
    pub question: String,
    pub stem: String,
    pub answers: usize,
    pub right: usize,
    /// The wrong answer given most, and how often.
    pub distractor: Option<(String, usize)>,
    pub avg_seconds: f64,
}

/// The branch's picture.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    pub exports: usize,
    pub from: Option<String>,
    pub to: Option<String>,
    pub members: Vec<MemberRow>,
    pub questions: Vec<QuestionRow>,
    /// (material id, title, members who read it to the end)
    pub materials: Vec<(String, String, usize)>,
}

/// A member's exported events as the study log's events again (the export renames `points`
/// to `score` and `started` to `from`, and writes `response` as JSON): what a plan's checklist
/// is worked out from. Events this version cannot read are left out.
pub fn log_events(events: &[Value]) -> Vec<crate::domain::log::Event> {
    events
        .iter()
        .filter_map(|ev| {
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
        })
        .collect()
}

/// Works out the picture; days are counted in `tz`.
pub fn summarize(exports: &[MemberExport], tz: &TimeZone) -> Summary {
    // one member per account (or name, when no account was set): their events merged by
    // (kind, id, at), so a member's two exports count once
    let mut members: BTreeMap<(String, String), (MemberExport, BTreeMap<String, Value>)> =
        BTreeMap::new();
    for e in exports {
        let key = (
            if e.account.is_empty() {
                e.member.clone()
            } else {
                e.account.clone()
            },
            e.member.clone(),
        );
        let entry = members
            .entry(key)
            .or_insert_with(|| (e.clone(), BTreeMap::new()));
        for ev in &e.events {
            let k = format!(
                "{}|{}|{}",
                ev["kind"].as_str().unwrap_or(""),
                ev["id"],
                ev["at"].as_str().unwrap_or("")
            );
            entry.1.insert(k, ev.clone());
        }
    }
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut rows = Vec::new();
    let mut questions: HashMap<(String, String), QuestionRow> = HashMap::new();
    let mut wrong: HashMap<(String, String), HashMap<String, usize>> = HashMap::new();
    let mut seconds: HashMap<(String, String), i64> = HashMap::new();
    let mut read_by: BTreeMap<String, (String, BTreeSet<(String, String)>)> = BTreeMap::new();
    for (key, (head, events)) in &members {
        let mut row = MemberRow {
            member: head.member.clone(),
            account: head.account.clone(),
            branch: head.branch.clone(),
            ..MemberRow::default()
        };
        let mut secs = 0i64;
        let mut days = BTreeSet::new();
        let mut read = BTreeSet::new();
        for ev in events.values() {
            if let Ok(t) = str_of(ev, "at").parse::<Timestamp>() {
                days.insert(crate::domain::stats::day_of(t, tz));
            }
            match ev["kind"].as_str() {
                Some("reading") | Some("attempt") => {
                    secs += ev["seconds"].as_i64().unwrap_or(0).max(0);
                }
                _ => {}
            }
            match ev["kind"].as_str() {
                Some("finished") => {
                    let m = str_of(ev, "material");
                    read.insert(m.clone());
                    read_by
                        .entry(m)
                        .or_insert_with(|| (str_of(ev, "title"), BTreeSet::new()))
                        .1
                        .insert(key.clone());
                }
                Some("attempt") if ev["mode"] == "exam" => {
                    let p = ev["percent"].as_f64().unwrap_or(0.0);
                    let passed = ev["passed"].as_bool().unwrap_or(false);
                    row.best_exam = Some(match row.best_exam {
                        Some((best, any)) => (best.max(p), any || passed),
                        None => (p, passed),
                    });
                }
                Some("answer") => {
                    let q = (str_of(ev, "bank"), str_of(ev, "question"));
                    let r = questions.entry(q.clone()).or_insert_with(|| QuestionRow {
                        bank: q.0.clone(),
                        question: q.1.clone(),
                        stem: str_of(ev, "stem"),
                        ..QuestionRow::default()
                    });
                    r.answers += 1;
                    *seconds.entry(q.clone()).or_default() += ev["seconds"].as_i64().unwrap_or(0);
                    if ev["correct"].as_bool() == Some(true) {
                        r.right += 1;
                    } else {
                        let text = str_of(ev, "response_text");
                        let text = if text.is_empty() {
                            ev["response"].to_string()
                        } else {
                            text
                        };
                        *wrong.entry(q).or_default().entry(text).or_default() += 1;
                    }
                }
                _ => {}
            }
        }
        row.minutes = secs / 60;
        row.days = days.len();
        row.materials_read = read.len();
        rows.push(row);
    }
    let mut questions: Vec<QuestionRow> = questions
        .into_iter()
        .map(|(k, mut r)| {
            r.avg_seconds = seconds.get(&k).copied().unwrap_or(0) as f64 / r.answers.max(1) as f64;
            r.distractor = wrong.get(&k).and_then(|w| {
                w.iter()
                    .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                    .map(|(t, n)| (t.clone(), *n))
            });
            r
        })
        .collect();
    // the hardest first: lowest share right, then most answered
    questions.sort_by(|a, b| {
        let fa = a.right as f64 / a.answers.max(1) as f64;
        let fb = b.right as f64 / b.answers.max(1) as f64;
        fa.total_cmp(&fb)
            .then(b.answers.cmp(&a.answers))
            .then(a.question.cmp(&b.question))
    });
    let from = exports.iter().filter_map(|e| e.from.clone()).min();
    let to = exports.iter().filter_map(|e| e.to.clone()).max();
    Summary {
        exports: exports.len(),
        from,
        to,
        members: rows,
        questions,
        materials: read_by
            .into_iter()
            .map(|(id, (title, who))| {
                let title = if title.is_empty() { id.clone() } else { title };
                (id, title, who.len())
            })
            .collect(),
    }
}

fn cell(t: &str) -> String {
    super::md_escape(t).replace('|', "\\|").replace('\n', " ")
}

fn pct(n: usize, of: usize) -> String {
    if of == 0 {
        "—".into()
    } else {
        format!("{:.0}%", n as f64 * 100.0 / of as f64)
    }
}

/// The picture as Markdown.
pub fn to_markdown(sum: &Summary, s: &Strings) -> String {
    let p = |m: Msg| s.problem(&m);
    let mut o = format!("# {}\n\n", p(msg("branch_title")));
    o.push_str(&format!(
        "- {}\n",
        p(msg("branch_counts")
            .arg("members", sum.members.len())
            .arg("exports", sum.exports))
    ));
    if let (Some(a), Some(b)) = (&sum.from, &sum.to) {
        o.push_str(&format!(
            "- {}\n",
            p(msg("branch_period").arg("from", a).arg("to", b))
        ));
    }
    o.push_str(&format!("\n## {}\n\n", p(msg("branch_members"))));
    let with_plan = sum.members.iter().any(|r| r.plan.is_some());
    let (plan_head, plan_rule) = if with_plan {
        (format!(" {} |", p(msg("branch_plan_head"))), "---:|")
    } else {
        (String::new(), "")
    };
    o.push_str(&format!(
        "{}{plan_head}\n|---|---|---|---:|---:|---:|---|{plan_rule}\n",
        p(msg("branch_members_head"))
    ));
    for r in &sum.members {
        let exam = match r.best_exam {
            Some((best, passed)) => format!(
                "{best:.0}% {}",
                if passed {
                    p(msg("branch_passed"))
                } else {
                    p(msg("branch_failed"))
                }
            ),
            None => "—".into(),
        };
        let plan = match r.plan {
            Some((done, all)) => format!(" {done}/{all} |"),
            None if with_plan => " — |".into(),
            None => String::new(),
        };
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |{plan}\n",
            cell(&r.member),
            cell(&r.account),
            cell(&r.branch),
            r.minutes,
            r.days,
            r.materials_read,
            exam
        ));
    }
    o.push_str(&format!("\n## {}\n\n", p(msg("branch_questions"))));
    o.push_str(&format!(
        "{}\n|---|---|---:|---:|---|---:|\n",
        p(msg("branch_questions_head"))
    ));
    for q in &sum.questions {
        let d = q
            .distractor
            .as_ref()
            .map_or("—".to_string(), |(t, n)| format!("{}（{n}）", cell(t)));
        let stem = if q.stem.is_empty() {
            &q.question
        } else {
            &q.stem
        };
        o.push_str(&format!(
            "| {} | {} | {} | {} | {} | {:.0} |\n",
            cell(stem),
            cell(&q.bank),
            q.answers,
            pct(q.right, q.answers),
            d,
            q.avg_seconds
        ));
    }
    o.push_str(&format!("\n## {}\n\n", p(msg("branch_materials"))));
    o.push_str(&format!(
        "{}\n|---|---:|\n",
        p(msg("branch_materials_head"))
    ));
    for (_, title, n) in &sum.materials {
        o.push_str(&format!(
            "| {} | {} / {} |\n",
            cell(title),
            n,
            sum.members.len()
        ));
    }
    // every field of a member's export, not only the header, may carry controls
    crate::text::sanitize::sanitize_document(&o)
}

/// The picture as a page that prints on A4 (the Markdown, laid out like the 述学 report).
pub fn to_html(sum: &Summary, s: &Strings) -> String {
    super::md::markdown_page(&to_markdown(sum, s), s, &s.problem(&msg("branch_title")))
}

/// The members' table as CSV (UTF-8 with a BOM), for a spreadsheet.
pub fn to_csv(sum: &Summary, s: &Strings) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    let with_plan = sum.members.iter().any(|r| r.plan.is_some());
    let mut head: Vec<String> = s
        .problem(&msg("branch_members_head"))
        .trim_matches('|')
        .split('|')
        .map(|h| h.trim().to_string())
        .collect();
    if with_plan {
        head.push(s.problem(&msg("branch_plan_head")));
    }
    // writing into a Vec cannot fail
    let _ = w.write_record(&head);
    for r in &sum.members {
        let (best, passed) = match r.best_exam {
            Some((b, p)) => (format!("{b:.0}"), p.to_string()),
            None => (String::new(), String::new()),
        };
        let _ = w.write_record(
            [
                r.member.clone(),
                r.account.clone(),
                r.branch.clone(),
                r.minutes.to_string(),
                r.days.to_string(),
                r.materials_read.to_string(),
                format!("{best} {passed}").trim().to_string(),
            ]
            .into_iter()
            .chain(with_plan.then(|| {
                r.plan
                    .map_or(String::new(), |(done, all)| format!("{done}/{all}"))
            }))
            .collect::<Vec<_>>()
            .iter()
            .map(|c| super::neutralize(c)),
        );
    }
    let body = w.into_inner().unwrap_or_default();
    crate::text::sanitize::sanitize_document(&format!("\u{feff}{}", String::from_utf8_lossy(&body)))
}
