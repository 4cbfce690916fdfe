//! The branch report folded one export at a time: each event is turned into what the picture
//! needs as it is read (the member's figures, their exam answers' outcomes, the question's
//! tally, who read what) and dropped. What must be kept across files per event — its place
//! (member, installation, kind, id) and a hash of its content, to count it once and to tell one
//! event read twice from two events under one id; per exam answer also its question and
//! outcome, until its attempt's paper is known — is held here only until [`SPILL_EVERY`] of
//! them are, then handed to the [`Spill`] (on disk in the report). What stays in memory grows
//! with members, installations, days, materials, questions and exam attempts, not with events.
//!
//! The picture is the one the events would give merged in order: every JSON export before any
//! xAPI file (whose events for days a JSON export of the member covers are left out), the first
//! of two events with one place counted; per member their events in order of (installation,
//! kind, id) — the order the doubts are listed in, and the first stem and title are taken in.

use std::collections::{BTreeMap, HashMap, HashSet};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::Value;

use super::branch_check::{Attempt, Banks, Doubt, seconds};
pub use super::branch_event::Head;
use super::branch_member::{Ending, Member, Place, earlier};
use super::branch_place::{Id, Names, Order, Seen, content_hash, first_hash};
use super::branch_plan::PlanFold;
use super::branch_spill::{
    Handed, Held, MemorySpill, Spill, SpillAnswer, answers_in_order, places_in_order,
};
use super::branch_summary::{MemberRow, QuestionRow, Summary};
use super::branch_tally::{QuestionTally, ReadBy, material_rows, question_rows};
use crate::domain::plan::Plan;
use crate::domain::quiz::{Bank, Question};
use crate::i18n::{Msg, msg};

/// How many places (and as many exam answers) the fold holds before it hands them to its
/// spill: about 4 MB.
pub const SPILL_EVERY: usize = 50_000;

/// The kind the fold gives a plan's look-up of one event per (member, id, time): never an
/// event's.
const PLAN_KIND: u32 = u32::MAX;

/// A deferred xAPI file's events are read back from the spill this many at a time.
const DEFERRED_PAGE: usize = 4096;

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

/// The branch's picture, folded one export (and one event) at a time.
pub struct Fold<'b> {
    banks: Banks<'b>,
    tz: TimeZone,
    installations: Names,
    kinds: Names,
    index: BTreeMap<(String, String), u32>,
    members: Vec<Member>,
    /// Per (member, installation, kind): each id met since the last hand-over to the spill,
    /// with the hash of its first content.
    seen: HashMap<(u32, u32, u32), Seen>,
    /// The exam answers met since the last hand-over.
    answers: Vec<SpillAnswer>,
    /// Places and answers held (`seen` and `answers`).
    held: usize,
    /// How many are held before they go to the spill.
    every: usize,
    /// The (member, installation, kind) of which some places are in the spill: an id met again
    /// is looked up there.
    spilled: HashSet<(u32, u32, u32)>,
    /// The places handed over, as a filter: only a place it may hold is looked up.
    handed: Handed,
    spill: Box<dyn Spill + 'b>,
    /// The spill's first failure: the fold stops, and finishing it says so.
    failed: Option<String>,
    /// The trainer's questions answered, numbered (an answer in the spill names its question
    /// by number).
    question_no: HashMap<*const Question, u32>,
    question_list: Vec<&'b Question>,
    /// The xAPI exports put off, in order.
    deferred: Vec<Head>,
    covered: HashMap<(String, String), Vec<(String, String)>>,
    exports: usize,
    from: Option<String>,
    to: Option<String>,
    questions: HashMap<(String, String), QuestionTally>,
    read_by: BTreeMap<String, ReadBy>,
    /// A plan's progress, when asked for (and the day it is worked out on).
    plan: Option<(PlanFold<'b>, Date)>,
}

fn str_of(ev: &Value, k: &str) -> String {
    ev.get(k).and_then(Value::as_str).unwrap_or("").to_string()
}

impl<'b> Fold<'b> {
    /// A fold grading against `banks`, counting days in `tz`, keeping what it remembers of each
    /// event in memory.
    pub fn new(banks: &'b [Bank], tz: &TimeZone) -> Fold<'b> {
        Fold::with_spill(banks, tz, Box::new(MemorySpill::default()))
    }

    /// [`Fold::new`] handing what it remembers of each event to `spill`.
    pub fn with_spill(banks: &'b [Bank], tz: &TimeZone, spill: Box<dyn Spill + 'b>) -> Fold<'b> {
        Fold {
            banks: Banks::new(banks),
            tz: tz.clone(),
            installations: Names::default(),
            kinds: Names::default(),
            index: BTreeMap::new(),
            members: Vec::new(),
            seen: HashMap::new(),
            answers: Vec::new(),
            held: 0,
            every: SPILL_EVERY,
            spilled: HashSet::new(),
            handed: Handed::default(),
            spill,
            failed: None,
            question_no: HashMap::new(),
            question_list: Vec::new(),
            deferred: Vec::new(),
            covered: HashMap::new(),
            exports: 0,
            from: None,
            to: None,
            questions: HashMap::new(),
            read_by: BTreeMap::new(),
            plan: None,
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
                let row = MemberRow {
                    member: head.member.clone(),
                    account: head.account.clone(),
                    branch: head.branch.clone(),
                    ..MemberRow::default()
                };
                self.members.push(Member::new(key.clone(), row));
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

    /// Works out each member's progress on `plan` too (as on `today`), from their events as
    /// they are folded.
    pub fn with_plan(mut self, plan: &'b Plan, today: Date) -> Fold<'b> {
        self.plan = Some((PlanFold::new(plan, &self.tz), today));
        self
    }

    /// Hands what the fold holds of each event to the spill from now on every `n` places and
    /// answers (for a test of what is held).
    pub fn spill_every(mut self, n: usize) -> Fold<'b> {
        self.every = n.max(1);
        self
    }

    /// An xAPI export (read from statements), put off until every JSON export is folded (its
    /// events on days they cover are left out): its events go to the spill, to be folded by
    /// [`Fold::finish`] in the order put off.
    pub fn defer(&mut self, head: Head, events: &[Box<str>]) {
        let n = self.deferred.len() as u32;
        self.deferred.push(head);
        if self.failed.is_none()
            && let Err(e) = self.spill.keep_deferred(n, events)
        {
            self.failed = Some(e);
        }
    }

    /// One event of the export `src`, folded in.
    pub fn event(&mut self, src: &Source, ev: &Value) {
        if self.failed.is_some() {
            return;
        }
        self.plan_event(src, ev);
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
        if let Some(first) = self.first_hash((src.member, src.installation, kind), &id, hash) {
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
        if self.held >= self.every {
            self.hand_over();
        }
    }

    /// An event of `src` into the plan's progress (when asked for): every export's but
    /// answers (a checklist never looks at them), one per (member, id, time) as in the log.
    fn plan_event(&mut self, src: &Source, ev: &Value) {
        let Some((plan, _)) = &mut self.plan else {
            return;
        };
        if ev["kind"] == "answer" {
            return;
        }
        let Some(e) = super::branch_event::log_event(ev) else {
            return;
        };
        let w = plan.who(&src.who);
        let once = Id::Text(format!("{}@{}", e.id, e.at).into_boxed_str());
        if self.first_hash((w, 0, PLAN_KIND), &once, 0).is_none()
            && let Some((plan, today)) = &mut self.plan
        {
            plan.event(w, e, *today);
        }
    }

    /// The hash `id` was first met with in `at` (held, or in the spill); `None` (and `hash`
    /// held) when it is met for the first time.
    fn first_hash(&mut self, at: (u32, u32, u32), id: &Id, hash: u64) -> Option<u64> {
        let seen = self.seen.entry(at).or_default();
        let held = match id {
            Id::Int(n) => seen.numbers.get(n),
            Id::Text(t) => seen.texts.get(t),
        };
        if let Some(&h) = held {
            return Some(h);
        }
        if self.spilled.contains(&at) && self.handed.maybe(at, id) {
            match self.spill.place(&(at.0, at.1, at.2, id.clone())) {
                Ok(Some(h)) => return Some(h),
                Ok(None) => {}
                Err(e) => {
                    self.failed = Some(e);
                    return Some(hash);
                }
            }
        }
        self.held += 1;
        match id {
            Id::Int(n) => first_hash(&mut seen.numbers, *n, hash),
            Id::Text(t) => first_hash(&mut seen.texts, t.clone(), hash),
        }
    }

    /// Every place and answer held goes to the spill.
    fn hand_over(&mut self) {
        let rows = places_in_order(self.seen.drain(), &mut self.spilled);
        for ((m, i, k, id), _) in &rows {
            self.handed.insert((*m, *i, *k), id);
        }
        let mut answers = std::mem::take(&mut self.answers);
        answers_in_order(&mut answers);
        self.held = 0;
        if self.failed.is_some() {
            return;
        }
        let kept = self
            .spill
            .keep_places(&rows)
            .and_then(|()| self.spill.keep_answers(&answers));
        if let Err(e) = kept {
            self.failed = Some(e);
        }
    }

    /// A trainer's question's number, for the spill.
    fn question_no(&mut self, q: &'b Question) -> u32 {
        let list = &mut self.question_list;
        *self
            .question_no
            .entry(std::ptr::from_ref(q))
            .or_insert_with(|| {
                list.push(q);
                (list.len() - 1) as u32
            })
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
                let order = (src.member, src.installation, place.2.clone());
                let title = || str_of(ev, "title");
                let r = self.read_by.entry(material).or_default();
                r.who.insert(src.member);
                if earlier(&order, r.first.as_ref(), &self.members, &self.installations) {
                    r.first = Some((order, title()));
                }
            }
            Some("answer") => {
                let attempt = ev["attempt"].as_i64().unwrap_or(0);
                let outcome = self.banks.outcome(ev);
                let claimed = ev["correct"].as_bool() == Some(true);
                // a sealed paper's answer claims nothing (no key where it was given)
                let sealed = (self.banks).sealed_claim(
                    ev["bank"].as_str().unwrap_or(""),
                    ev["sealed"] == Value::Bool(true),
                );
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
                let right = outcome.map_or(claimed, |(_, o)| o.correct());
                let graded = outcome.map(|(q, o)| (self.question_no(q), o));
                self.answers.push(SpillAnswer {
                    member: src.member,
                    installation: src.installation,
                    attempt,
                    id: place.2.text(),
                    graded,
                });
                self.held += 1;
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
        let firsts = self
            .questions
            .values()
            .filter_map(|t| t.first.as_ref())
            .chain(self.read_by.values().filter_map(|r| r.first.as_ref()))
            .map(|(_, s)| s.len());
        Held {
            places: self.seen.values().map(Seen::len).sum(),
            answers: self.answers.len(),
            text: self
                .seen
                .values()
                .flat_map(|s| s.texts.keys())
                .map(|t| t.len())
                .sum::<usize>()
                + firsts.sum::<usize>()
                + self.answers.iter().map(|a| a.id.len()).sum::<usize>(),
        }
    }

    /// The xAPI exports put off, folded now (after every JSON export), in the order put off.
    fn fold_deferred(&mut self) {
        let heads = std::mem::take(&mut self.deferred);
        let mut begun: Vec<Source> = Vec::new();
        let mut after = -1;
        while self.failed.is_none() {
            let page = match self.spill.deferred(after, DEFERRED_PAGE) {
                Ok(page) => page,
                Err(e) => {
                    self.failed = Some(e);
                    break;
                }
            };
            if page.is_empty() {
                break;
            }
            for (at, export, text) in page {
                after = at;
                while begun.len() <= export as usize
                    && let Some(head) = heads.get(begun.len())
                {
                    let src = self.begin(head.clone());
                    begun.push(src);
                }
                if let (Some(src), Ok(ev)) = (
                    begun.get(export as usize),
                    serde_json::from_str::<Value>(&text),
                ) {
                    self.event(src, &ev);
                }
            }
        }
        // exports without an event still count, and name their member
        for head in heads.into_iter().skip(begun.len()) {
            self.begin(head);
        }
    }

    /// The picture (with each member's progress on the plan, when asked for); what went wrong
    /// with the spill, otherwise.
    pub fn finish(mut self) -> Result<Summary, Msg> {
        self.fold_deferred();
        self.hand_over();
        if let Some(e) = self.failed.take() {
            return Err(msg("branch_spill_failed").arg("error", e));
        }
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
            plan,
            mut spill,
            question_list,
            ..
        } = self;
        let place_key = |p: &Place| {
            (
                installations.name(p.0).to_string(),
                kinds.name(p.1).to_string(),
                p.2.text(),
            )
        };
        let mut ending = Ending {
            banks: &banks,
            questions: &question_list,
            spill: spill.as_mut(),
            place_key: &place_key,
        };
        // how many materials each member read to the end
        for r in read_by.values() {
            for &w in &r.who {
                if let Some(m) = members.get_mut(w as usize) {
                    m.read += 1;
                }
            }
        }
        let mut rows = Vec::new();
        let mut doubts = Vec::new();
        let mut sealed_ungraded = BTreeMap::<(String, bool), usize>::new();
        for &i in index.values() {
            let (mut row, found, ungraded) = ending
                .row(i, &mut members[i as usize])
                .map_err(|e| msg("branch_spill_failed").arg("error", e))?;
            for key in ungraded {
                *sealed_ungraded.entry(key).or_default() += 1;
            }
            if let Some((plan, today)) = &plan {
                row.plan = Some(plan.done(&(row.member.clone(), row.account.clone()), *today));
            }
            if !found.is_empty() {
                doubts.push((row.member.clone(), row.account.clone(), found));
            }
            rows.push(row);
        }
        let summary = Summary {
            exports,
            from,
            to,
            members: rows,
            questions: question_rows(questions),
            materials: material_rows(read_by),
            doubts,
            sealed_ungraded: sealed_ungraded
                .into_iter()
                .map(|((bank, here), n)| (bank, here, n))
                .collect(),
        };
        Ok(summary)
    }
}

#[cfg(test)]
mod tests;
