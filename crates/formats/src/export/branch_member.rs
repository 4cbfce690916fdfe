//! One member as the branch report's fold keeps them (figures, doubts, exam attempts: nothing
//! that grows with their other events), and their row worked out at the end, each exam scored
//! from its answers as the spill gives them back.

use std::cmp::Ordering;
use std::collections::{BTreeSet, HashMap};

use jiff::civil::Date;

use super::branch_check::{Attempt, Banks, Doubt, Exam};
use super::branch_place::{Id, Names, Order};
use super::branch_sealed::exam;
use super::branch_spill::{Spill, SpillAnswer};
use super::branch_summary::MemberRow;
use crate::domain::quiz::Question;

/// An event's place within its member: (installation, kind, id).
pub(super) type Place = (u32, u32, Id);

/// An answer as scored on its paper: (right, points), `None` where it could not be.
type Scored = Option<(bool, f64)>;

/// An exam as checked: its figures (`None`: a sealed paper that cannot be graded here) and the
/// doubts it raises.
type Checked = (Option<Exam>, Vec<Doubt>);

/// A member's row, what cannot be believed of their files, and the sealed papers not graded
/// here (each its bank, and whether the bank is here).
type Ended = (MemberRow, Vec<Doubt>, Vec<(String, bool)>);

/// One member as folded so far.
pub(super) struct Member {
    pub(super) key: (String, String),
    pub(super) row: MemberRow,
    pub(super) installations: BTreeSet<String>,
    /// One place with two contents, in the order met.
    pub(super) twice: Vec<Doubt>,
    pub(super) secs: i64,
    pub(super) days: BTreeSet<Date>,
    /// Materials read to the end (counted at the end from who read each).
    pub(super) read: usize,
    /// The doubts found in events, each at its event's place.
    pub(super) doubts: Vec<(Place, Doubt)>,
    /// The exam attempts, each at its place.
    pub(super) exams: Vec<(Place, Attempt)>,
}

impl Member {
    pub(super) fn new(key: (String, String), row: MemberRow) -> Member {
        Member {
            key,
            row,
            installations: BTreeSet::new(),
            twice: Vec::new(),
            secs: 0,
            days: BTreeSet::new(),
            read: 0,
            doubts: Vec::new(),
            exams: Vec::new(),
        }
    }
}

/// What the end of the fold needs to work out a member's row.
pub(super) struct Ending<'e, 'b> {
    pub(super) banks: &'e Banks<'b>,
    pub(super) questions: &'e [&'b Question],
    pub(super) spill: &'e mut dyn Spill,
    /// A place's order: (installation's name, kind's name, id's text).
    pub(super) place_key: &'e dyn Fn(&Place) -> (String, String, String),
}

impl Ending<'_, '_> {
    /// Member number `i`'s row, what cannot be believed of their files, and the sealed papers
    /// that could not be graded here (each its bank, and whether the bank is here).
    pub(super) fn row(&mut self, i: u32, m: &mut Member) -> Result<Ended, String> {
        let mut found = std::mem::take(&mut m.twice);
        if m.installations.len() > 1 {
            found.push(Doubt::Installations {
                n: m.installations.len(),
            });
        }
        // the events' doubts in the events' order (a stable sort: one event's in the order
        // found)
        let mut event_doubts = std::mem::take(&mut m.doubts);
        event_doubts.sort_by_cached_key(|(p, _)| (self.place_key)(p));
        found.extend(event_doubts.into_iter().map(|(_, d)| d));
        let mut exams = std::mem::take(&mut m.exams);
        exams.sort_by_cached_key(|(p, _)| (self.place_key)(p));
        let checked = self.exams(i, &exams)?;
        let mut best: Option<Exam> = None;
        let mut ungraded = Vec::new();
        for ((e, doubts), (_, a)) in checked.into_iter().zip(&exams) {
            found.extend(doubts);
            let Some(e) = e else {
                let here = self.banks.paper(&a.bank, &a.paper).is_some();
                ungraded.push((a.bank.clone(), here));
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
        row.materials_read = m.read;
        Ok((row, found, ungraded))
    }

    /// Each exam (in order) checked against its attempt's answers, with the doubts it raises:
    /// the answers come back one attempt after another, each attempt's in order of id.
    fn exams(&mut self, member: u32, exams: &[(Place, Attempt)]) -> Result<Vec<Checked>, String> {
        let banks = self.banks;
        // each attempt's paper: the last exam of its number (in order) names it
        let papers: HashMap<(u32, i64), (&str, &str)> = exams
            .iter()
            .map(|(p, a)| ((p.0, a.attempt), (a.bank.as_str(), a.paper.as_str())))
            .collect();
        let mut of_attempt: HashMap<(u32, i64), Vec<usize>> = HashMap::new();
        for (n, (p, a)) in exams.iter().enumerate() {
            of_attempt.entry((p.0, a.attempt)).or_default().push(n);
        }
        let mut out: Vec<Option<Checked>> = vec![None; exams.len()];
        let mut check = |key: (u32, i64), answers: &[Scored]| {
            for &n in of_attempt.get(&key).map_or(&[][..], Vec::as_slice) {
                let a = &exams[n].1;
                let mut doubts = Vec::new();
                let e = exam(a, answers, banks.paper(&a.bank, &a.paper), &mut doubts);
                out[n] = Some((e, doubts));
            }
        };
        let questions = self.questions;
        let mut group: Option<((u32, i64), Vec<Scored>)> = None;
        self.spill.answers(member, &mut |a: SpillAnswer| {
            let key = (a.installation, a.attempt);
            if group.as_ref().is_some_and(|(k, _)| *k != key)
                && let Some((k, scored)) = group.take()
            {
                check(k, &scored);
            }
            let (_, scored) = group.get_or_insert_with(|| (key, Vec::new()));
            if !of_attempt.contains_key(&key) {
                return; // answers of no exam: not scored
            }
            let paper = papers.get(&key).and_then(|(b, p)| banks.paper(b, p));
            let question = |(q, o): (u32, _)| questions.get(q as usize).map(|q| (*q, o));
            scored.push(
                a.graded
                    .and_then(question)
                    .map(|(q, o): (&Question, super::branch_check::Outcome)| o.graded(q, paper)),
            );
        })?;
        if let Some((k, scored)) = group {
            check(k, &scored);
        }
        // an exam without a single answer
        Ok(out
            .into_iter()
            .zip(exams)
            .map(|(done, (_, a))| {
                done.unwrap_or_else(|| {
                    let mut doubts = Vec::new();
                    let e = exam(a, &[], banks.paper(&a.bank, &a.paper), &mut doubts);
                    (e, doubts)
                })
            })
            .collect())
    }
}

/// Whether `order` comes before `first` (or there is none yet) in the picture's order: by
/// member (as the report lists them), installation, id.
pub(super) fn earlier(
    order: &Order,
    first: Option<&(Order, String)>,
    members: &[Member],
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
