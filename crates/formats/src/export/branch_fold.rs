//! The branch report folded one export at a time: each event is turned into what the picture
//! needs as it is read (the member's figures, their exam answers' outcomes, the question's
//! tally, who read what) and dropped. What is kept across files per event is its place (member,
//! installation, kind, id) and a hash of its content, to count it once and to tell one event
//! read twice from two events under one id; per exam answer also its question and outcome,
//! until its attempt's paper is known; per exam attempt its figures.
//!
//! The picture is the one the events would give merged in order: every JSON export before any
//! xAPI file (whose events for days a JSON export of the member covers are left out), the first
//! of two events with one place counted; per member their events in order of (installation,
//! kind, id) — the order the doubts are listed in, and the first stem and title are taken in.

use std::cmp::Ordering;
use std::collections::{BTreeMap, BTreeSet, HashMap};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::Value;

use super::branch_check::{Attempt, Banks, Doubt, Exam, Outcome, seconds};
pub use super::branch_event::Head;
use super::branch_place::{Id, Names, Order, Seen, content_hash, first_hash};
use super::branch_sealed::exam;
use super::branch_summary::{MemberRow, QuestionRow, Summary};
use super::branch_tally::{QuestionTally, question_rows};
use crate::domain::log::Event;
use crate::domain::quiz::{Bank, Question};

/// An event's place within its member: (installation, kind, id).
type Place = (u32, u32, Id);

/// An answer of an attempt: its id, and its question and outcome when the bank has them.
type Graded<'b> = (Id, Option<(&'b Question, Outcome)>);

/// An answer as scored on its paper: (right, points), `None` where it could not be.
type Scored = Option<(bool, f64)>;

/// One member as folded so far.
struct Member<'b> {
    key: (String, String),
    row: MemberRow,
    installations: BTreeSet<String>,
    /// One place with two contents, in the order met.
    twice: Vec<Doubt>,
    secs: i64,
    days: BTreeSet<Date>,
    read: BTreeSet<String>,
    /// The doubts found in events, each at its event's place.
    doubts: Vec<(Place, Doubt)>,
    /// Each attempt's answers, by (installation, attempt number).
    answers: HashMap<(u32, i64), Vec<Graded<'b>>>,
    /// The exam attempts, each at its place.
    exams: Vec<(Place, Attempt)>,
}

/// An export being folded: returned by [`Fold::begin`], given with each of its events.
pub struct Source {
    member: u32,
    installation: u32,
    /// The days the member's JSON exports cover, for an xAPI file (its events on them are
    /// the same events again).
    covered: Vec<(String, String)>,
    xapi: bool,
    /// (member, account) as the export names them: whose plan log its events go to.
    who: (String, String),
}

/// Each member's events as the study log's, minus their answers (a plan's checklist never
/// looks at them): kept only when a plan's progress is asked for.
pub type PlanLogs = HashMap<(String, String), Vec<Event>>;

/// The branch's picture, folded one export (and one event) at a time.
pub struct Fold<'b> {
    banks: Banks<'b>,
    tz: TimeZone,
    installations: Names,
    kinds: Names,
    index: BTreeMap<(String, String), u32>,
    members: Vec<Member<'b>>,
    /// Per (member, installation, kind): each id met, with the hash of its first content.
    seen: HashMap<(u32, u32, u32), Seen>,
    covered: HashMap<(String, String), Vec<(String, String)>>,
    exports: usize,
    from: Option<String>,
    to: Option<String>,
    questions: HashMap<(String, String), QuestionTally>,
    read_by: BTreeMap<String, ReadBy>,
    plan_logs: Option<PlanLogs>,
}

/// A material's readers, and the title of the first finish in order.
#[derive(Default)]
struct ReadBy {
    first: Option<(Order, String)>,
    who: BTreeSet<(String, String)>,
}

/// What the fold holds, for a test of how much that is.
#[derive(Debug, PartialEq)]
pub struct Held {
    /// Events' places remembered (one per distinct event).
    pub places: usize,
    /// Exam answers waiting for their attempt's paper.
    pub answers: usize,
    /// Bytes of text held for first stems and titles and answers' ids.
    pub text: usize,
}

fn str_of(ev: &Value, k: &str) -> String {
    ev.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

impl<'b> Fold<'b> {
    /// A fold grading against `banks`, counting days in `tz`; with `plan`, each member's events
    /// are kept as the log's too, for [`Fold::finish`] to give a plan's progress from.
    pub fn new(banks: &'b [Bank], tz: &TimeZone, plan: bool) -> Fold<'b> {
        Fold {
            banks: Banks::new(banks),
            tz: tz.clone(),
            installations: Names::default(),
            kinds: Names::default(),
            index: BTreeMap::new(),
            members: Vec::new(),
            seen: HashMap::new(),
            covered: HashMap::new(),
            exports: 0,
            from: None,
            to: None,
            questions: HashMap::new(),
            read_by: BTreeMap::new(),
            plan_logs: plan.then(HashMap::new),
        }
    }

    /// An export begins: its events follow through [`Fold::event`]. The caller begins every
    /// JSON export before any xAPI one (an xAPI file's events on days a JSON export covers are
    /// left out, and the first export of a member names them).
    pub fn begin(&mut self, head: Head) -> Source {
        self.exports += 1;
        if let Some(f) = &head.from
            && self.from.as_ref().is_none_or(|m| f < m)
        {
            self.from = Some(f.clone());
        }
        if let Some(t) = &head.to
            && self.to.as_ref().is_none_or(|m| t > m)
        {
            self.to = Some(t.clone());
        }
        let who = if head.account.is_empty() {
            head.member.clone()
        } else {
            head.account.clone()
        };
        let key = (who, head.member.clone());
        if !head.xapi
            && let (Some(f), Some(t)) = (&head.from, &head.to)
        {
            self.covered
                .entry(key.clone())
                .or_default()
                .push((f.clone(), t.clone()));
        }
        let member = match self.index.get(&key) {
            Some(&i) => i,
            None => {
                let i = self.members.len() as u32;
                self.index.insert(key.clone(), i);
                self.members.push(Member {
                    key: key.clone(),
                    row: MemberRow {
                        member: head.member.clone(),
                        account: head.account.clone(),
                        branch: head.branch.clone(),
                        ..MemberRow::default()
                    },
                    installations: BTreeSet::new(),
                    twice: Vec::new(),
                    secs: 0,
                    days: BTreeSet::new(),
                    read: BTreeSet::new(),
                    doubts: Vec::new(),
                    answers: HashMap::new(),
                    exams: Vec::new(),
                });
                i
            }
        };
        if !head.installation.is_empty() {
            self.members[member as usize]
                .installations
                .insert(head.installation.clone());
        }
        Source {
            member,
            installation: self.installations.id(&head.installation),
            covered: if head.xapi {
                self.covered.get(&key).cloned().unwrap_or_default()
            } else {
                Vec::new()
            },
            xapi: head.xapi,
            who: (head.member, head.account),
        }
    }

    /// One event of the export `src`, folded in.
    pub fn event(&mut self, src: &Source, ev: &Value) {
        if let Some(logs) = &mut self.plan_logs
            && ev["kind"] != "answer"
            && let Some(e) = super::branch_event::log_event(ev)
        {
            logs.entry(src.who.clone()).or_default().push(e);
        }
        let day = ev["at"].as_str().and_then(|t| t.get(..10)).unwrap_or("");
        if src.xapi
            && src
                .covered
                .iter()
                .any(|(a, b)| a.as_str() <= day && day <= b.as_str())
        {
            return;
        }
        let kind_name = ev["kind"].as_str().unwrap_or("");
        let kind = self.kinds.id(kind_name);
        let id = Id::of(&ev["id"]);
        let hash = content_hash(ev);
        let seen = self
            .seen
            .entry((src.member, src.installation, kind))
            .or_default();
        let first = match &id {
            Id::Int(n) => first_hash(&mut seen.numbers, *n, hash),
            Id::Text(t) => first_hash(&mut seen.texts, t.clone(), hash),
        };
        if let Some(first) = first {
            let m = &mut self.members[src.member as usize];
            let d = Doubt::TwoContents {
                kind: kind_name.to_string(),
                id: id.text(),
            };
            if first != hash && !m.twice.contains(&d) {
                m.twice.push(d);
            }
            return;
        }
        self.count(src, kind, id, ev);
    }

    /// An event met for the first time: its figures.
    fn count(&mut self, src: &Source, kind: u32, id: Id, ev: &Value) {
        let place: Place = (src.installation, kind, id);
        let mut found = Vec::new();
        let m = &mut self.members[src.member as usize];
        if let Ok(t) = str_of(ev, "at").parse::<Timestamp>() {
            m.days.insert(crate::domain::stats::day_of(t, &self.tz));
        }
        match ev["kind"].as_str() {
            Some("reading") | Some("attempt") => {
                m.secs = m.secs.saturating_add(seconds(ev, &mut found));
            }
            _ => {}
        }
        match ev["kind"].as_str() {
            Some("finished") => {
                let material = str_of(ev, "material");
                if !m.read.contains(&material) {
                    m.read.insert(material.clone());
                }
                let order = (src.member, src.installation, place.2.clone());
                let key = m.key.clone();
                let title = || str_of(ev, "title");
                let r = self.read_by.entry(material).or_default();
                if !r.who.contains(&key) {
                    r.who.insert(key);
                }
                if earlier(&order, r.first.as_ref(), &self.members, &self.installations) {
                    r.first = Some((order, title()));
                }
            }
            Some("answer") => {
                let attempt = (src.installation, ev["attempt"].as_i64().unwrap_or(0));
                let outcome = self.banks.outcome(ev);
                let claimed = ev["correct"].as_bool() == Some(true);
                // a sealed paper's answer claims nothing (no key where it was given)
                let sealed = ev["sealed"] == Value::Bool(true);
                if let Some((_, o)) = outcome
                    && !sealed
                    && o.correct() != claimed
                {
                    found.push(Doubt::Marked {
                        bank: str_of(ev, "bank"),
                        question: str_of(ev, "question"),
                        claimed,
                    });
                }
                m.answers
                    .entry(attempt)
                    .or_default()
                    .push((place.2.clone(), outcome));
                let right = outcome.map_or(claimed, |(_, o)| o.correct());
                let order = (src.member, src.installation, place.2.clone());
                // a sealed answer no bank here grades is in no question's tally
                if outcome.is_some() || !sealed {
                    self.answer(ev, right, order, &mut found);
                }
            }
            Some("attempt") if ev["mode"] == "exam" => {
                let a = Attempt::of(ev).priced(&self.banks);
                m.exams.push((place.clone(), a));
            }
            _ => {}
        }
        let m = &mut self.members[src.member as usize];
        m.doubts
            .extend(found.into_iter().map(|d| (place.clone(), d)));
    }

    /// An answer, `right` as the bank grades it (the file's word where it cannot), into its
    /// question's tally.
    fn answer(&mut self, ev: &Value, right: bool, order: Order, found: &mut Vec<Doubt>) {
        let q = (str_of(ev, "bank"), str_of(ev, "question"));
        let stem = self.banks.stem(&q.0, &q.1);
        let t = self
            .questions
            .entry(q.clone())
            .or_insert_with(|| QuestionTally {
                row: QuestionRow {
                    bank: q.0.clone(),
                    question: q.1.clone(),
                    stem: stem.unwrap_or("").to_string(),
                    ..QuestionRow::default()
                },
                ..QuestionTally::default()
            });
        if stem.is_none() && earlier(&order, t.first.as_ref(), &self.members, &self.installations) {
            t.first = Some((order, str_of(ev, "stem")));
        }
        t.row.answers += 1;
        t.seconds = t.seconds.saturating_add(seconds(ev, found));
        if right {
            t.row.right += 1;
        } else {
            let text = str_of(ev, "response_text");
            let text = if text.is_empty() {
                ev["response"].to_string()
            } else {
                text
            };
            *t.wrong.entry(text).or_default() += 1;
        }
    }

    /// How much the fold holds.
    pub fn held(&self) -> Held {
        let id_text = |id: &Id| match id {
            Id::Int(_) => 0,
            Id::Text(t) => t.len(),
        };
        let firsts = self
            .questions
            .values()
            .filter_map(|t| t.first.as_ref())
            .chain(self.read_by.values().filter_map(|r| r.first.as_ref()))
            .map(|(_, s)| s.len());
        let answers = self
            .members
            .iter()
            .flat_map(|m| m.answers.values().flatten());
        Held {
            places: self.seen.values().map(Seen::len).sum(),
            answers: self
                .members
                .iter()
                .map(|m| m.answers.values().map(Vec::len).sum::<usize>())
                .sum(),
            text: self
                .seen
                .values()
                .flat_map(|s| s.texts.keys())
                .map(|t| t.len())
                .sum::<usize>()
                + firsts.sum::<usize>()
                + answers.map(|(id, _)| id_text(id)).sum::<usize>(),
        }
    }

    /// The picture, and each member's log for a plan's progress (empty unless asked for).
    pub fn finish(self) -> (Summary, PlanLogs) {
        let Fold {
            banks,
            installations,
            kinds,
            index,
            mut members,
            exports,
            from,
            to,
            questions,
            read_by,
            plan_logs,
            ..
        } = self;
        let place_key = |p: &Place| {
            (
                installations.name(p.0).to_string(),
                kinds.name(p.1).to_string(),
                p.2.text(),
            )
        };
        let mut rows = Vec::new();
        let mut doubts = Vec::new();
        let mut sealed_ungraded = BTreeMap::<(String, bool), usize>::new();
        for &i in index.values() {
            let m = &mut members[i as usize];
            let mut found = std::mem::take(&mut m.twice);
            if m.installations.len() > 1 {
                found.push(Doubt::Installations {
                    n: m.installations.len(),
                });
            }
            // the events' doubts in the events' order (a stable sort: one event's in the
            // order found)
            let mut event_doubts = std::mem::take(&mut m.doubts);
            event_doubts.sort_by_cached_key(|(p, _)| place_key(p));
            found.extend(event_doubts.into_iter().map(|(_, d)| d));
            let mut exams = std::mem::take(&mut m.exams);
            exams.sort_by_cached_key(|(p, _)| place_key(p));
            // each attempt's paper: the last exam of its number (in order) names it
            let papers: HashMap<(u32, i64), (&str, &str)> = exams
                .iter()
                .map(|(p, a)| ((p.0, a.attempt), (a.bank.as_str(), a.paper.as_str())))
                .collect();
            let graded: HashMap<(u32, i64), Vec<Scored>> = m
                .answers
                .iter_mut()
                .map(|(k, answers)| {
                    answers.sort_by_cached_key(|(id, _)| id.text());
                    let paper = papers.get(k).and_then(|(b, p)| banks.paper(b, p));
                    let g = answers
                        .iter()
                        .map(|(_, o)| o.map(|(q, o)| o.graded(q, paper)))
                        .collect();
                    (*k, g)
                })
                .collect();
            let mut best: Option<Exam> = None;
            for (p, a) in &exams {
                let answers = graded.get(&(p.0, a.attempt)).map_or(&[][..], Vec::as_slice);
                let Some(e) = exam(a, answers, banks.paper(&a.bank, &a.paper), &mut found) else {
                    let here = banks.paper(&a.bank, &a.paper).is_some();
                    *sealed_ungraded.entry((a.bank.clone(), here)).or_default() += 1;
                    continue;
                };
                best = Some(match best {
                    Some(b) if (b.checked, b.percent) >= (e.checked, e.percent) => b,
                    _ => e,
                });
            }
            let mut row = std::mem::take(&mut m.row);
            row.best_exam = best;
            row.minutes = m.secs / 60;
            row.days = m.days.len();
            row.materials_read = m.read.len();
            if !found.is_empty() {
                doubts.push((row.member.clone(), row.account.clone(), found));
            }
            rows.push(row);
        }
        let questions = question_rows(questions);
        let summary = Summary {
            exports,
            from,
            to,
            members: rows,
            questions,
            materials: read_by
                .into_iter()
                .map(|(id, r)| {
                    let title = r.first.map(|(_, t)| t).unwrap_or_default();
                    let title = if title.is_empty() { id.clone() } else { title };
                    (id, title, r.who.len())
                })
                .collect(),
            doubts,
            sealed_ungraded: sealed_ungraded
                .into_iter()
                .map(|((bank, here), n)| (bank, here, n))
                .collect(),
        };
        (summary, plan_logs.unwrap_or_default())
    }
}

/// Whether `order` comes before `first` (or there is none yet) in the picture's order: by
/// member (as the report lists them), installation, id.
fn earlier(
    order: &Order,
    first: Option<&(Order, String)>,
    members: &[Member<'_>],
    installations: &Names,
) -> bool {
    let Some((first, _)) = first else {
        return true;
    };
    let key = |o: &Order| {
        (
            members.get(o.0 as usize).map(|m| &m.key),
            installations.name(o.1),
        )
    };
    match key(order).cmp(&key(first)) {
        Ordering::Equal => order.2.text() < first.2.text(),
        c => c == Ordering::Less,
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What the fold keeps of an event is its place and a hash (and an exam answer's outcome):
    /// never its body. Events with long titles and stems leave one title and one stem behind
    /// (the first, for the picture), however many there are: the memory a report takes grows
    /// with the count of events, not with what they carry.
    #[test]
    fn the_fold_keeps_no_event_bodies() {
        let long = "长".repeat(10_000);
        let tz = TimeZone::UTC;
        let mut fold = Fold::new(&[], &tz, false);
        let src = fold.begin(Head {
            member: "张三".into(),
            account: "zs".into(),
            installation: "i1".into(),
            ..Head::default()
        });
        for i in 0..500 {
            fold.event(
                &src,
                &json!({"kind": "finished", "id": 2 * i, "at": "2026-03-01T02:00:00Z",
                        "material": "m1", "title": format!("{long}{i}")}),
            );
            fold.event(
                &src,
                &json!({"kind": "answer", "id": 2 * i + 1, "at": "2026-03-01T02:00:00Z",
                        "attempt": 1, "mode": "exam", "bank": "b", "question": "q1",
                        "stem": format!("{long}{i}"), "response": [0],
                        "response_text": "A", "correct": true, "seconds": 10}),
            );
        }
        let held = fold.held();
        assert_eq!((held.places, held.answers), (1000, 500));
        // what an answer waiting for its paper takes, whatever the answer says
        assert!(std::mem::size_of::<Graded<'_>>() <= 48);
        // one title and one stem (each 30,000 bytes and a number), nothing per event
        assert!(held.text <= 2 * (long.len() + 3), "{held:?}");
        // the same events again are counted once and keep nothing more
        for i in 0..500 {
            fold.event(
                &src,
                &json!({"kind": "finished", "id": 2 * i, "at": "2026-03-01T02:00:00Z",
                        "material": "m1", "title": "另一个标题"}),
            );
        }
        assert_eq!(fold.held(), held);
        let (sum, _) = fold.finish();
        assert_eq!(sum.materials, [("m1".to_string(), format!("{long}0"), 1)]);
        assert_eq!(sum.questions[0].answers, 500);
        assert_eq!(sum.questions[0].stem, format!("{long}0"));
    }
}
