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
pub use super::branch_render::{to_csv, to_html, to_markdown};
pub use super::branch_summary::{MemberRow, QuestionRow, Summary};
use crate::domain::quiz::Bank;
use crate::i18n::{Msg, msg};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_rows_put_the_hardest_first_and_break_ties_the_same_way_each_time() {
        let key = |q: &str| ("b".to_string(), q.to_string());
        let row = |q: &str, answers, right| QuestionRow {
            bank: "b".into(),
            question: q.into(),
            answers,
            right,
            ..QuestionRow::default()
        };
        let mut tally = Tally::default();
        for (q, answers, right) in [("a", 2, 1), ("b", 4, 2), ("c", 1, 0), ("d", 2, 1)] {
            tally.questions.insert(key(q), row(q, answers, right));
        }
        tally.seconds.insert(key("b"), 10);
        // two wrong answers given as often: the one that sorts first, every time
        tally.wrong.insert(
            key("b"),
            [("甲".to_string(), 1), ("乙".to_string(), 1)].into(),
        );
        let rows = tally.rows();
        let order: Vec<&str> = rows.iter().map(|r| r.question.as_str()).collect();
        // none right first; then at one half, the most answered, then by id
        assert_eq!(order, ["c", "b", "a", "d"]);
        assert_eq!(rows[1].avg_seconds, 2.5);
        assert_eq!(rows[1].distractor, Some(("乙".to_string(), 1)));
        assert_eq!(rows[0].avg_seconds, 0.0, "no seconds noted: none");
    }
}
