//! The branch's picture (支部学习情况汇总) from its members' JSON exports: per member the time
//! studied, the days, the materials read and the best exam; per question how often it was
//! answered, how many got it right, the wrong answer chosen most and the time taken; per
//! material how many read it. Members of one name are told apart by account; the same member's
//! exports (a second hand-in, overlapping periods) are merged, each event counted once.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::tz::TimeZone;
use serde_json::Value;

use super::branch_check::{Banks, Doc, Doubt, Exam, Merged, exam, merge, seconds};
pub use super::branch_event::MemberExport;
use crate::domain::quiz::Bank;
use crate::i18n::{Msg, Strings, msg};

/// Reads a member's `xuexi export --format json`, or xAPI statements (`--format xapi`, or a
/// list fetched from an LRS: one export per actor); what is wrong with it, otherwise.
pub fn read_export(text: &str) -> Result<Vec<MemberExport>, Msg> {
    let text = text.trim_start_matches('\u{feff}');
    let not_json = |e: serde_json::Error| {
        // serde's words for the log; the member reads where
        tracing::info!(error = %e, "a branch report input is not JSON");
        msg("branch_not_json")
            .arg("line", e.line())
            .arg("column", e.column())
    };
    if text.trim_start().starts_with('[') {
        let v: Value = serde_json::from_str(text).map_err(not_json)?;
        return super::from_xapi::read_statements(&v).ok_or_else(|| msg("branch_not_export"));
    }
    let doc: Doc = match serde_json::from_str(text) {
        Ok(doc) => doc,
        Err(e) => {
            return Err(match serde_json::from_str::<serde::de::IgnoredAny>(text) {
                Err(_) => not_json(e),
                Ok(_) => msg("branch_not_export"),
            });
        }
    };
    let h = &doc.header;
    if h.get("app").and_then(Value::as_str) != Some("xuexi") {
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
        installation: s("installation"),
        xapi: false,
        events: doc.events.0,
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
    /// The best exam: checked ones before the file's word.
    pub best_exam: Option<Exam>,
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
    /// (member, account, what their files say that cannot be believed): 需要核实.
    pub doubts: Vec<(String, String, Vec<Doubt>)>,
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

/// Per question across the branch: its row, the wrong answers given, the seconds taken.
#[derive(Default)]
struct Tally {
    questions: HashMap<(String, String), QuestionRow>,
    wrong: HashMap<(String, String), HashMap<String, usize>>,
    seconds: HashMap<(String, String), i64>,
}

impl Tally {
    /// An answer, `right` as the bank grades it (the file's word where it cannot).
    fn answer(&mut self, ev: &Value, right: bool, banks: &Banks<'_>, found: &mut Vec<Doubt>) {
        let str_of = |k: &str| ev.get(k).and_then(Value::as_str).unwrap_or("").to_string();
        let q = (str_of("bank"), str_of("question"));
        let r = self
            .questions
            .entry(q.clone())
            .or_insert_with(|| QuestionRow {
                bank: q.0.clone(),
                question: q.1.clone(),
                stem: banks
                    .stem(&q.0, &q.1)
                    .map_or_else(|| str_of("stem"), str::to_string),
                ..QuestionRow::default()
            });
        r.answers += 1;
        let took = seconds(ev, found);
        let total = self.seconds.entry(q.clone()).or_default();
        *total = total.saturating_add(took);
        if right {
            r.right += 1;
        } else {
            let text = str_of("response_text");
            let text = if text.is_empty() {
                ev["response"].to_string()
            } else {
                text
            };
            *self.wrong.entry(q).or_default().entry(text).or_default() += 1;
        }
    }
}

/// An attempt: the installation it was made on, and its number there (two installations of
/// one account number their attempts each from 1).
type AttemptKey<'a> = (&'a str, i64);

/// Each exam attempt's (bank, paper).
fn exam_papers<'a>(
    events: impl Iterator<Item = (&'a str, Value)>,
) -> HashMap<AttemptKey<'a>, (String, String)> {
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    events
        .filter(|(_, ev)| ev["kind"] == "attempt" && ev["mode"] == "exam")
        .map(|(inst, ev)| {
            (
                (inst, ev["attempt"].as_i64().unwrap_or(0)),
                (str_of(&ev, "bank"), str_of(&ev, "paper")),
            )
        })
        .collect()
}

/// A member's best exam, each checked against its re-graded answers: a checked figure before
/// the file's word, then the higher.
fn best_exam<'a>(
    events: impl Iterator<Item = (&'a str, Value)>,
    graded: &HashMap<AttemptKey<'a>, Vec<Option<(bool, f64)>>>,
    banks: &Banks<'_>,
    found: &mut Vec<Doubt>,
) -> Option<Exam> {
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let mut best: Option<Exam> = None;
    for (inst, ev) in events {
        let ev = &ev;
        if ev["kind"] != "attempt" || ev["mode"] != "exam" {
            continue;
        }
        let attempt = (inst, ev["attempt"].as_i64().unwrap_or(0));
        let paper = banks.paper(&str_of(ev, "bank"), &str_of(ev, "paper"));
        let answers = graded.get(&attempt).map_or(&[][..], Vec::as_slice);
        let e = exam(ev, answers, paper, found);
        best = Some(match best {
            Some(b) if (b.checked, b.percent) >= (e.checked, e.percent) => b,
            _ => e,
        });
    }
    best
}

/// Who read each material: material id → (its title, the members (name, account)).
type ReadBy = BTreeMap<String, (String, BTreeSet<(String, String)>)>;

/// Works out the picture; days are counted in `tz`. Answers are re-graded against `banks` (the
/// trainer's) and exams scored from their answers where they can be; what cannot be checked
/// is shown as the file's word, and what cannot be believed is listed as a doubt.
pub fn summarize(exports: &[MemberExport], banks: &[Bank], tz: &TimeZone) -> Summary {
    let banks = Banks::new(banks);
    let members = merge(exports);
    let mut rows = Vec::new();
    let mut doubts = Vec::new();
    let mut tally = Tally::default();
    let mut read_by: ReadBy = BTreeMap::new();
    for (key, merged) in &members {
        let (row, found) = member_row(key, merged, &banks, tz, &mut tally, &mut read_by);
        if !found.is_empty() {
            doubts.push((row.member.clone(), row.account.clone(), found));
        }
        rows.push(row);
    }
    let from = exports.iter().filter_map(|e| e.from.clone()).min();
    let to = exports.iter().filter_map(|e| e.to.clone()).max();
    Summary {
        exports: exports.len(),
        from,
        to,
        members: rows,
        questions: tally.rows(),
        materials: read_by
            .into_iter()
            .map(|(id, (title, who))| {
                let title = if title.is_empty() { id.clone() } else { title };
                (id, title, who.len())
            })
            .collect(),
        doubts,
    }
}

/// One member's figures, and the doubts about them; their answers go into `tally` and what
/// they finished into `read_by`.
fn member_row(
    key: &(String, String),
    merged: &Merged<'_>,
    banks: &Banks<'_>,
    tz: &TimeZone,
    tally: &mut Tally,
    read_by: &mut ReadBy,
) -> (MemberRow, Vec<Doubt>) {
    let str_of = |v: &Value, k: &str| v.get(k).and_then(Value::as_str).unwrap_or("").to_string();
    let head = &merged.head;
    let mut found = merged.doubts.clone();
    let mut row = MemberRow {
        member: head.member.clone(),
        account: head.account.clone(),
        branch: head.branch.clone(),
        ..MemberRow::default()
    };
    let mut secs = 0i64;
    let mut days = BTreeSet::new();
    let mut read = BTreeSet::new();
    // each exam's paper, and each attempt's answers re-graded (the events parsed again at
    // each pass, one at a time: a member's events are never all trees at once)
    let events = || {
        merged
            .events
            .iter()
            .filter_map(|((inst, ..), t)| Some((*inst, serde_json::from_str::<Value>(t).ok()?)))
    };
    let papers = exam_papers(events());
    let mut graded: HashMap<AttemptKey<'_>, Vec<Option<(bool, f64)>>> = HashMap::new();
    for (inst, ev) in events() {
        let ev = &ev;
        if let Ok(t) = str_of(ev, "at").parse::<Timestamp>() {
            days.insert(crate::domain::stats::day_of(t, tz));
        }
        match ev["kind"].as_str() {
            Some("reading") | Some("attempt") => {
                secs = secs.saturating_add(seconds(ev, &mut found));
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
            Some("answer") => {
                let attempt = (inst, ev["attempt"].as_i64().unwrap_or(0));
                let paper = papers.get(&attempt).and_then(|(b, p)| banks.paper(b, p));
                let regraded = banks.regrade(ev, paper);
                let claimed = ev["correct"].as_bool() == Some(true);
                if let Some((right, _)) = regraded
                    && right != claimed
                {
                    found.push(Doubt::Marked {
                        bank: str_of(ev, "bank"),
                        question: str_of(ev, "question"),
                        claimed,
                    });
                }
                graded.entry(attempt).or_default().push(regraded);
                let right = regraded.map_or(claimed, |(r, _)| r);
                tally.answer(ev, right, banks, &mut found);
            }
            _ => {}
        }
    }
    row.best_exam = best_exam(events(), &graded, banks, &mut found);
    row.minutes = secs / 60;
    row.days = days.len();
    row.materials_read = read.len();
    (row, found)
}

impl Tally {
    /// The questions' rows: each with its average time and the wrong answer given most, the
    /// hardest first (lowest share right, then most answered).
    fn rows(self) -> Vec<QuestionRow> {
        let Tally {
            questions,
            wrong,
            seconds: seconds_of,
        } = self;
        let mut questions: Vec<QuestionRow> = questions
            .into_iter()
            .map(|(k, mut r)| {
                r.avg_seconds =
                    seconds_of.get(&k).copied().unwrap_or(0) as f64 / r.answers.max(1) as f64;
                r.distractor = wrong.get(&k).and_then(|w| {
                    w.iter()
                        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                        .map(|(t, n)| (t.clone(), *n))
                });
                r
            })
            .collect();
        questions.sort_by(|a, b| {
            let fa = a.right as f64 / a.answers.max(1) as f64;
            let fb = b.right as f64 / b.answers.max(1) as f64;
            fa.total_cmp(&fb)
                .then(b.answers.cmp(&a.answers))
                .then(a.question.cmp(&b.question))
        });
        questions
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

/// An exam's cell: its percent and 及格/未及格, and 未核实 when it is the file's word.
fn exam_cell(e: Option<Exam>, s: &Strings) -> String {
    let Some(e) = e else { return "—".into() };
    let word = if e.passed {
        "branch_passed"
    } else {
        "branch_failed"
    };
    let mut t = format!("{:.0}% {}", e.percent, s.problem(&msg(word)));
    if !e.checked {
        t.push_str(&s.problem(&msg("branch_unchecked")));
    }
    t
}

/// The 需要核实 section: each member whose files disagree with themselves or the bank.
fn doubts_md(sum: &Summary, s: &Strings) -> String {
    let mut o = format!("\n## {}\n\n", s.problem(&msg("branch_doubts")));
    if sum.doubts.is_empty() {
        o.push_str(&s.problem(&msg("branch_doubts_none")));
        o.push('\n');
    }
    for (member, account, found) in &sum.doubts {
        o.push_str(&format!("- {}（{}）\n", cell(member), cell(account)));
        for d in found {
            o.push_str(&format!("  - {}\n", cell(&s.problem(&d.msg()))));
        }
    }
    o
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
        let exam = exam_cell(r.best_exam, s);
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
    o.push_str(&doubts_md(sum, s));
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
    head.push(s.problem(&msg("branch_doubts")));
    if with_plan {
        head.push(s.problem(&msg("branch_plan_head")));
    }
    // writing into a Vec cannot fail
    let _ = w.write_record(&head);
    for r in &sum.members {
        let doubts = sum
            .doubts
            .iter()
            .find(|(m, a, _)| *m == r.member && *a == r.account)
            .map(|(_, _, found)| {
                found
                    .iter()
                    .map(|d| s.problem(&d.msg()))
                    .collect::<Vec<_>>()
                    .join("；")
            })
            .unwrap_or_default();
        let _ = w.write_record(
            [
                r.member.clone(),
                r.account.clone(),
                r.branch.clone(),
                r.minutes.to_string(),
                r.days.to_string(),
                r.materials_read.to_string(),
                match r.best_exam {
                    Some(_) => exam_cell(r.best_exam, s),
                    None => String::new(),
                },
                doubts,
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
