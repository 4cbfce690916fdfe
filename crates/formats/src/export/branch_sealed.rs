//! Sealed papers in the branch report: a sealed attempt claims no score (the member's machine
//! had no key), so it is graded from its answers against the trainer's bank alone, its full
//! marks from the trainer's paper where that fixes them, or not at all.

use super::branch_check::{Attempt, Banks, Doubt, Exam};
use crate::domain::quiz::Paper;

impl Banks<'_> {
    /// A paper's full marks where the trainer's bank fixes them: every question it may draw of
    /// a type is worth the same on it (the usual paper), so its draw alone gives the total.
    /// `None` when the paper is not here or its draw could total differently.
    pub fn paper_max(&self, bank: &str, paper: &str) -> Option<f64> {
        let b = self.banks.get(bank)?;
        let p = b.papers.iter().find(|p| p.id == paper)?;
        let mut max = 0.0;
        for &(kind, count) in &p.draw {
            let pts: Vec<f64> = b
                .questions
                .iter()
                .filter(|q| q.kind == kind && p.admits(&q.tags, q.difficulty))
                .map(|q| p.points_for(kind, q.points))
                .collect();
            let Some(&first) = pts.first() else { continue };
            if pts.iter().any(|x| (x - first).abs() > 1e-9) {
                return None;
            }
            max += first * count.min(pts.len()) as f64;
        }
        Some(max)
    }
}

impl Attempt {
    /// A sealed attempt's full marks from the trainer's paper where it fixes them
    /// ([`Banks::paper_max`]): the member's file cannot lower its own `max` to raise its percent.
    /// A claim of sealed on a paper of a bank the trainer holds open is dropped
    /// ([`Banks::sealed_claim`]): the attempt is checked as any other.
    pub fn priced(mut self, banks: &Banks<'_>) -> Attempt {
        self.sealed = banks.sealed_claim(&self.bank, self.sealed);
        if self.sealed
            && let Some(m) = banks.paper_max(&self.bank, &self.paper)
        {
            self.max = Some(m);
        }
        self
    }
}

/// An exam attempt checked against its own answers (`answers`: (right, points) per answer of
/// that attempt, `None` where one could not be re-graded), sealed or not. `None`: a sealed
/// paper the trainer's banks cannot grade (its bank, paper or a question not here): never a
/// guess, never 0%.
pub(super) fn exam(
    ev: &Attempt,
    answers: &[Option<(bool, f64)>],
    paper: Option<&Paper>,
    doubts: &mut Vec<Doubt>,
) -> Option<Exam> {
    if ev.sealed {
        return sealed_exam(ev, answers, paper);
    }
    Some(super::branch_check::exam(ev, answers, paper, doubts))
}

/// A sealed paper graded by the trainer's bank alone: its file claims no score to doubt. Its
/// `max` is the trainer's paper's where that fixes it ([`Attempt::priced`]), else the file's
/// (the member's copy knows the points); every answer must grade, the paper must be here.
fn sealed_exam(
    ev: &Attempt,
    answers: &[Option<(bool, f64)>],
    paper: Option<&Paper>,
) -> Option<Exam> {
    let paper = paper?;
    let max = ev.max.filter(|m| m.is_finite() && *m > 0.0)?;
    let all: Vec<(bool, f64)> = answers.iter().copied().collect::<Option<_>>()?;
    let score: f64 = all.iter().map(|(_, p)| p).sum();
    let percent = (score / max * 100.0).clamp(0.0, 100.0);
    Some(Exam {
        percent,
        passed: percent + 1e-9 >= f64::from(paper.pass),
        checked: true,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn question(
        id: &str,
        kind: crate::domain::quiz::Kind,
        points: f64,
    ) -> crate::domain::quiz::Question {
        crate::domain::quiz::Question {
            id: id.into(),
            kind,
            stem: "题".into(),
            options: Vec::new(),
            answer: crate::domain::quiz::Answer::Judge(true),
            explanation: String::new(),
            material: None,
            tags: Vec::new(),
            difficulty: None,
            points,
            shuffle: true,
        }
    }

    /// The trainer's paper fixes a sealed attempt's full marks when every question it may draw
    /// of a type is worth the same; otherwise it cannot say.
    #[test]
    fn a_papers_full_marks_are_fixed_only_when_its_draw_cannot_vary() {
        use crate::domain::quiz::{Bank, Kind};
        let mut bank = Bank {
            id: "b".into(),
            title: "题库".into(),
            description: String::new(),
            version: None,
            sealed: true,
            questions: vec![
                question("j1", Kind::Judge, 2.0),
                question("j2", Kind::Judge, 2.0),
            ],
            papers: vec![Paper {
                id: "p".into(),
                draw: vec![(Kind::Judge, 3)],
                ..Paper::default()
            }],
        };
        let banks = [bank.clone()];
        // three asked, two there: 2 × 2 points
        assert_eq!(Banks::new(&banks).paper_max("b", "p"), Some(4.0));
        assert_eq!(Banks::new(&banks).paper_max("b", "none"), None);
        bank.questions[1].points = 5.0;
        let banks = [bank.clone()];
        assert_eq!(Banks::new(&banks).paper_max("b", "p"), None);
        // the paper's own points per type make it fixed again
        bank.papers[0].points = vec![(Kind::Judge, 1.0)];
        let banks = [bank];
        assert_eq!(Banks::new(&banks).paper_max("b", "p"), Some(2.0));
    }

    /// A sealed attempt is graded from its answers alone (it claims no score to doubt), and
    /// is never given a figure when the trainer's bank cannot grade it.
    #[test]
    fn a_sealed_attempt_is_graded_by_the_bank_or_not_at_all() {
        let ev = serde_json::json!({"kind": "attempt", "mode": "exam", "attempt": 4,
            "bank": "b", "paper": "p", "max": 4.0, "answered": 2, "sealed": true});
        let a = Attempt::of(&ev);
        assert!(a.sealed);
        let paper = Paper {
            pass: 60,
            ..Paper::default()
        };
        let mut doubts = Vec::new();
        let graded = [Some((true, 1.0)), Some((true, 2.0))];
        let e = exam(&a, &graded, Some(&paper), &mut doubts).unwrap();
        assert_eq!((e.percent.round(), e.passed, e.checked), (75.0, true, true));
        assert!(doubts.is_empty(), "{doubts:?}");
        // the bank or paper not here, or an answer it cannot grade: no figure at all
        assert_eq!(exam(&a, &graded, None, &mut doubts), None);
        assert_eq!(
            exam(&a, &[Some((true, 1.0)), None], Some(&paper), &mut doubts),
            None
        );
        let no_max = Attempt {
            max: None,
            ..a.clone()
        };
        assert_eq!(exam(&no_max, &graded, Some(&paper), &mut doubts), None);
        assert!(doubts.is_empty(), "{doubts:?}");
        // an open attempt with the same answers still has its claimed figures checked
        let open = Attempt {
            sealed: false,
            percent: Some(10.0),
            ..a
        };
        let e = exam(&open, &graded, Some(&paper), &mut doubts).unwrap();
        assert_eq!(e.percent.round(), 75.0);
        assert_eq!(doubts.len(), 1, "{doubts:?}");
    }
}
