//! Sealed banks (闭卷, the key with the trainer): a bank that says `sealed = true` reaches
//! members without its answers and explanations. Whoever holds the full bank (the trainer)
//! grades; a member's copy only lets its papers be taken and handed in.

use crate::domain::quiz::{Answer, Bank};

impl Bank {
    /// A sealed bank without its key (a member's copy from a pack): its papers can only be
    /// taken and handed in, never graded, practised or reviewed on this machine.
    pub fn keyless(&self) -> bool {
        self.sealed && self.questions.iter().any(|q| q.answer == Answer::Sealed)
    }

    /// This bank as a member's pack carries it when it is sealed: every answer and explanation
    /// taken out (nothing else tells the answer). An open bank is returned as it is.
    pub fn without_key(&self) -> Bank {
        let mut b = self.clone();
        if b.sealed {
            for q in &mut b.questions {
                q.answer = Answer::Sealed;
                q.explanation.clear();
            }
        }
        b
    }
}

#[cfg(test)]
mod tests {
    use crate::domain::quiz::{Answer, Bank, Kind, Question, Response, grade, hint};

    fn bank(sealed: bool) -> Bank {
        Bank {
            id: "b".into(),
            title: "题库".into(),
            description: String::new(),
            version: None,
            sealed,
            questions: vec![Question {
                id: "q".into(),
                kind: Kind::Fill,
                stem: "“两个维护”的核心是坚决维护（　）。".into(),
                options: Vec::new(),
                answer: Answer::Fill(vec![vec!["核心地位".into()]]),
                explanation: "原文：“坚决维护核心地位”。".into(),
                material: None,
                tags: Vec::new(),
                difficulty: None,
                points: 2.0,
                shuffle: true,
            }],
            papers: Vec::new(),
        }
    }

    #[test]
    fn a_sealed_bank_loses_its_key_and_an_open_one_keeps_it() {
        let open = bank(false);
        assert_eq!(open.without_key(), open);
        assert!(!open.keyless());
        let full = bank(true);
        assert!(!full.keyless(), "the trainer's full bank has its key");
        let copy = full.without_key();
        assert!(copy.keyless());
        let q = &copy.questions[0];
        assert_eq!(q.answer, Answer::Sealed);
        assert!(q.explanation.is_empty());
        assert_eq!(q.stem, full.questions[0].stem, "the question itself stays");
    }

    #[test]
    fn a_question_without_its_key_grades_nothing_and_hints_nothing() {
        let copy = bank(true).without_key();
        let q = &copy.questions[0];
        let g = grade(q, Some(&Response::Fill(vec!["核心地位".into()])), None);
        assert!(!g.correct);
        assert_eq!(g.points, 0.0);
        assert_eq!(hint(q), None);
        assert_eq!(q.answer.display(), "");
    }
}
