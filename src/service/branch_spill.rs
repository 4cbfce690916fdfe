//! Where `xuexi branch report` keeps what it remembers of every event until its last file is
//! read: a scratch database (the store's) in a folder of its own inside the temporary folder
//! (`TMPDIR`), removed when the report ends. Its memory then grows with members, days,
//! materials, questions and exam attempts, not with events. SQLite rather than sorted runs of
//! records in files: an id met again must be looked up at once (one event read twice is
//! counted once, and its first content decides), which an index answers and a sort does not.

use std::path::Path;

use crate::export::branch::{Id, Spill, SpillAnswer, SpillPlace};
use crate::export::branch_check::Outcome;
use crate::i18n::{Msg, msg};
use crate::store::scratch::{Scratch, ScratchGraded, ScratchId};

/// The report's spill on disk.
pub struct DiskSpill(Scratch);

impl DiskSpill {
    /// A spill in a new folder inside `parent`; the sentence naming the folder when it cannot
    /// be made there.
    pub fn create_in(parent: &Path) -> Result<DiskSpill, Msg> {
        Scratch::create_in(parent).map(DiskSpill).map_err(|e| {
            msg("branch_spill_dir")
                .arg("path", parent.display())
                .arg("error", e)
        })
    }
}

fn id_of(id: &Id) -> ScratchId<'_> {
    match id {
        Id::Int(n) => ScratchId::Int(*n),
        Id::Text(t) => ScratchId::Text(t),
    }
}

/// An outcome as numbers: (code, right blanks, blanks).
fn outcome_code(o: Outcome) -> (u8, u32, u32) {
    match o {
        Outcome::Right => (0, 0, 0),
        Outcome::Wrong => (1, 0, 0),
        Outcome::Subset => (2, 0, 0),
        Outcome::Fill { right, of } => (3, right, of),
    }
}

fn outcome_of((code, right, of): (u8, u32, u32)) -> Outcome {
    match code {
        0 => Outcome::Right,
        2 => Outcome::Subset,
        3 => Outcome::Fill { right, of },
        _ => Outcome::Wrong,
    }
}

impl Spill for DiskSpill {
    fn keep_places(&mut self, rows: &[(SpillPlace, u64)]) -> Result<(), String> {
        let rows = rows
            .iter()
            .map(|((m, i, k, id), h)| ((*m, *i, *k), id_of(id), *h));
        self.0.keep_places(rows).map_err(|e| e.to_string())
    }

    fn place(&mut self, place: &SpillPlace) -> Result<Option<u64>, String> {
        let (m, i, k, id) = place;
        self.0
            .place((*m, *i, *k), id_of(id))
            .map_err(|e| e.to_string())
    }

    fn keep_answers(&mut self, rows: &[SpillAnswer]) -> Result<(), String> {
        let rows = rows.iter().map(|a| {
            let graded: Option<ScratchGraded> = a.graded.map(|(q, o)| {
                let (code, right, of) = outcome_code(o);
                (q, code, right, of)
            });
            (a.member, a.installation, a.attempt, a.id.as_str(), graded)
        });
        self.0.keep_answers(rows).map_err(|e| e.to_string())
    }

    fn answers(&mut self, member: u32, each: &mut dyn FnMut(SpillAnswer)) -> Result<(), String> {
        self.0
            .answers(member, &mut |installation, attempt, id, graded| {
                each(SpillAnswer {
                    member,
                    installation,
                    attempt,
                    id,
                    graded: graded.map(|(q, c, r, of)| (q, outcome_of((c, r, of)))),
                });
            })
            .map_err(|e| e.to_string())
    }

    fn keep_deferred(&mut self, export: u32, events: &[Box<str>]) -> Result<(), String> {
        self.0
            .keep_deferred(export, events.iter().map(AsRef::as_ref))
            .map_err(|e| e.to_string())
    }

    fn deferred(&mut self, after: i64, limit: usize) -> Result<Vec<(i64, u32, String)>, String> {
        self.0.deferred(after, limit).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_outcome_comes_back_as_it_went() {
        for o in [
            Outcome::Right,
            Outcome::Wrong,
            Outcome::Subset,
            Outcome::Fill { right: 2, of: 3 },
            Outcome::Fill {
                right: u32::MAX,
                of: u32::MAX,
            },
        ] {
            assert_eq!(outcome_of(outcome_code(o)), o);
        }
    }
}
