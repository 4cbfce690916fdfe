//! What the branch report's fold must remember of every event until the last file is read,
//! kept where the caller says ([`Spill`]): the report keeps it on disk (a temporary SQLite
//! database the service layer opens with the store), so the memory a report takes does not
//! grow with the number of events; a library call and the tests keep it in memory
//! ([`MemorySpill`]). Per event that is its place and its content's hash (to count it once and
//! to tell one event read twice from two under one id); per exam answer its attempt, id and
//! outcome (its attempt's paper may be in a later file); per xAPI file its events, folded after
//! every JSON export (whose periods they need).

use std::collections::{BTreeMap, HashMap, HashSet};

use super::branch_check::Outcome;
pub use super::branch_place::Id;
use super::branch_place::Seen;

/// An event's place across the files: (member, installation, kind, id), numbered by the fold.
pub type SpillPlace = (u32, u32, u32, Id);

/// An exam answer waiting for its attempt's paper.
#[derive(Clone, Debug, PartialEq)]
pub struct SpillAnswer {
    pub member: u32,
    pub installation: u32,
    pub attempt: i64,
    /// The answer's id as text: an attempt's answers are scored in this order.
    pub id: String,
    /// Its question (as the fold numbers the trainer's questions) and how the response fares,
    /// when the trainer's bank has them.
    pub graded: Option<(u32, Outcome)>,
}

/// The places held, as rows for the spill in the order its index keeps them (its pages are
/// then written one after another); each (member, installation, kind) noted in `spilled`.
pub(super) fn places_in_order(
    held: impl Iterator<Item = ((u32, u32, u32), Seen)>,
    spilled: &mut HashSet<(u32, u32, u32)>,
) -> Vec<(SpillPlace, u64)> {
    let mut rows = Vec::new();
    for ((m, i, k), seen) in held {
        spilled.insert((m, i, k));
        let numbers = seen.numbers.into_iter();
        rows.extend(numbers.map(|(n, h)| ((m, i, k, Id::Int(n)), h)));
        let texts = seen.texts.into_iter();
        rows.extend(texts.map(|(t, h)| ((m, i, k, Id::Text(t)), h)));
    }
    fn id(id: &Id) -> (u8, i64, &str) {
        match id {
            Id::Int(x) => (0, *x, ""),
            Id::Text(t) => (1, 0, t),
        }
    }
    rows.sort_unstable_by(|((m, i, k, a), _), ((n, j, l, b), _)| {
        (m, i, k, id(a)).cmp(&(n, j, l, id(b)))
    });
    rows
}

/// Answers in the order the spill's index keeps them.
pub(super) fn answers_in_order(answers: &mut [SpillAnswer]) {
    answers.sort_unstable_by(|a, b| {
        let key = |a: &SpillAnswer| (a.member, a.installation, a.attempt);
        (key(a), a.id.as_str()).cmp(&(key(b), b.id.as_str()))
    });
}

/// Where the fold keeps what it remembers of each event. Every call may fail (a full disk):
/// the error's words, and then the report is not to be finished.
pub trait Spill {
    /// Keeps these places, each not kept yet, with their content's hash.
    fn keep_places(&mut self, rows: &[(SpillPlace, u64)]) -> Result<(), String>;
    /// The hash kept for `place`, if it is kept.
    fn place(&mut self, place: &SpillPlace) -> Result<Option<u64>, String>;
    /// Keeps these answers (each of its own place: no two of one member, installation,
    /// attempt and id).
    fn keep_answers(&mut self, rows: &[SpillAnswer]) -> Result<(), String>;
    /// `member`'s answers, in order of (installation, attempt, id as text).
    fn answers(&mut self, member: u32, each: &mut dyn FnMut(SpillAnswer)) -> Result<(), String>;
    /// Keeps an xAPI export's events (its number `export`, in the order of [`Fold::defer`](super::branch_fold::Fold::defer)),
    /// as compact JSON texts, to fold after every JSON export.
    fn keep_deferred(&mut self, export: u32, events: &[Box<str>]) -> Result<(), String>;
    /// Up to `limit` of the deferred events after position `after` (-1: from the first), in the
    /// order kept: (position, export, text).
    fn deferred(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, u32, String)>, String>;
}

/// An answer's key in a [`MemorySpill`]: (member, installation, attempt, id).
type AnswerKey = (u32, u32, i64, String);

/// A spill in memory: for a library call on exports already in memory, and the tests.
#[derive(Default)]
pub struct MemorySpill {
    places: HashMap<SpillPlace, u64>,
    answers: BTreeMap<AnswerKey, Option<(u32, Outcome)>>,
    deferred: Vec<(u32, String)>,
}

impl MemorySpill {
    /// How many places it keeps.
    pub fn places(&self) -> usize {
        self.places.len()
    }
}

impl Spill for MemorySpill {
    fn keep_places(&mut self, rows: &[(SpillPlace, u64)]) -> Result<(), String> {
        for (p, h) in rows {
            self.places.entry(p.clone()).or_insert(*h);
        }
        Ok(())
    }

    fn place(&mut self, place: &SpillPlace) -> Result<Option<u64>, String> {
        Ok(self.places.get(place).copied())
    }

    fn keep_answers(&mut self, rows: &[SpillAnswer]) -> Result<(), String> {
        for a in rows {
            let key = (a.member, a.installation, a.attempt, a.id.clone());
            self.answers.entry(key).or_insert(a.graded);
        }
        Ok(())
    }

    fn answers(&mut self, member: u32, each: &mut dyn FnMut(SpillAnswer)) -> Result<(), String> {
        let from = (member, 0, i64::MIN, String::new());
        for ((m, installation, attempt, id), graded) in self.answers.range(from..) {
            if *m != member {
                break;
            }
            each(SpillAnswer {
                member,
                installation: *installation,
                attempt: *attempt,
                id: id.clone(),
                graded: *graded,
            });
        }
        Ok(())
    }

    fn keep_deferred(&mut self, export: u32, events: &[Box<str>]) -> Result<(), String> {
        self.deferred
            .extend(events.iter().map(|t| (export, t.to_string())));
        Ok(())
    }

    fn deferred(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, u32, String)>, String> {
        let from = usize::try_from(after + 1).unwrap_or(0);
        Ok(self
            .deferred
            .iter()
            .enumerate()
            .skip(from)
            .take(limit)
            .map(|(i, (e, t))| (i as i64, *e, t.clone()))
            .collect())
    }
}

/// The places handed to the spill, as a filter of fixed size (4 MB, made at the first
/// hand-over): "not there" is certain, "maybe there" is asked of the spill. An export's own new
/// events (nearly all of them) are then not looked up on disk one by one; with the most events
/// a report may read (256 MB of input) about one lookup in 200 is asked for nothing.
#[derive(Default)]
pub(super) struct Handed {
    bits: Vec<u64>,
}

const HANDED_WORDS: usize = 4 * 1024 * 1024 / 8;
const HANDED_PROBES: u64 = 5;

impl Handed {
    fn probes(place: (u32, u32, u32), id: &Id) -> impl Iterator<Item = usize> {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let mut h = DefaultHasher::new();
        place.hash(&mut h);
        id.hash(&mut h);
        let x = h.finish();
        let (a, b) = (x & 0xffff_ffff, (x >> 32) | 1);
        let bits = (HANDED_WORDS * 64) as u64;
        (0..HANDED_PROBES).map(move |k| (a.wrapping_add(k.wrapping_mul(b)) % bits) as usize)
    }

    /// Notes a place handed over.
    pub(super) fn insert(&mut self, place: (u32, u32, u32), id: &Id) {
        if self.bits.is_empty() {
            self.bits = vec![0; HANDED_WORDS];
        }
        for p in Handed::probes(place, id) {
            self.bits[p / 64] |= 1 << (p % 64);
        }
    }

    /// Whether the place may have been handed over.
    pub(super) fn maybe(&self, place: (u32, u32, u32), id: &Id) -> bool {
        !self.bits.is_empty()
            && Handed::probes(place, id).all(|p| self.bits[p / 64] & (1 << (p % 64)) != 0)
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    /// A place handed over is always "maybe there"; one never handed over almost never is
    /// (it would only be looked up for nothing).
    #[test]
    fn the_filter_of_places_handed_over_never_forgets_one() {
        let mut h = Handed::default();
        assert!(!h.maybe((0, 0, 0), &Id::Int(1)), "nothing handed over yet");
        for n in 0..20_000 {
            h.insert((n % 7, 0, 1), &Id::Int(i64::from(n)));
        }
        h.insert((3, 1, 2), &Id::Text("\"a\"".into()));
        assert!((0..20_000).all(|n| h.maybe((n % 7, 0, 1), &Id::Int(i64::from(n)))));
        assert!(h.maybe((3, 1, 2), &Id::Text("\"a\"".into())));
        let strays = (0..20_000)
            .filter(|&n| h.maybe((n % 7 + 100, 0, 1), &Id::Int(i64::from(n))))
            .count();
        assert!(
            strays < 20,
            "{strays} of 20,000 never handed over said maybe"
        );
    }
}
