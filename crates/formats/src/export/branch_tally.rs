//! The branch report's questions: each one's tally across the branch, and their rows.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::branch_place::Order;
use super::branch_summary::QuestionRow;

/// A question's figures across the branch.
#[derive(Default)]
pub(super) struct QuestionTally {
    pub(super) row: QuestionRow,
    /// The stem of the first answer (when the trainer's bank has not the question).
    pub(super) first: Option<(Order, String)>,
    pub(super) wrong: HashMap<String, usize>,
    pub(super) seconds: i64,
}

/// The questions' rows: each with its average time and the wrong answer given most, the
/// hardest first (lowest share right, then most answered).
pub(super) fn question_rows(
    questions: HashMap<(String, String), QuestionTally>,
) -> Vec<QuestionRow> {
    let mut rows: Vec<QuestionRow> = questions
        .into_values()
        .map(|t| {
            let mut r = t.row;
            if let Some((_, stem)) = t.first {
                r.stem = stem;
            }
            r.avg_seconds = t.seconds as f64 / r.answers.max(1) as f64;
            r.distractor = t
                .wrong
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
                .map(|(t, n)| (t.clone(), *n));
            r
        })
        .collect();
    rows.sort_by(|a, b| {
        let fa = a.right as f64 / a.answers.max(1) as f64;
        let fb = b.right as f64 / b.answers.max(1) as f64;
        fa.total_cmp(&fb)
            .then(b.answers.cmp(&a.answers))
            .then(a.question.cmp(&b.question))
            // (one id in two banks: by bank, not as a hash map happens to give them)
            .then(a.bank.cmp(&b.bank))
    });
    rows
}

/// A material's readers, and the title of the first finish in order.
#[derive(Default)]
pub(super) struct ReadBy {
    pub(super) first: Option<(Order, String)>,
    /// The members (by number) who read it to the end.
    pub(super) who: BTreeSet<u32>,
}

/// Per material (in order of id): its id, its title (the first finish's, else its id), and how
/// many members read it to the end.
pub(super) fn material_rows(read_by: BTreeMap<String, ReadBy>) -> Vec<(String, String, usize)> {
    read_by
        .into_iter()
        .map(|(id, r)| {
            let title = r.first.map(|(_, t)| t).unwrap_or_default();
            let title = if title.is_empty() { id.clone() } else { title };
            (id, title, r.who.len())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn question_rows_put_the_hardest_first_and_break_ties_the_same_way_each_time() {
        let tally = |q: &str, answers, right| {
            (
                ("b".to_string(), q.to_string()),
                QuestionTally {
                    row: QuestionRow {
                        bank: "b".into(),
                        question: q.into(),
                        answers,
                        right,
                        ..QuestionRow::default()
                    },
                    ..QuestionTally::default()
                },
            )
        };
        let mut questions: HashMap<_, _> = [("a", 2, 1), ("b", 4, 2), ("c", 1, 0), ("d", 2, 1)]
            .into_iter()
            .map(|(q, n, r)| tally(q, n, r))
            .collect();
        let b = questions
            .get_mut(&("b".to_string(), "b".to_string()))
            .unwrap();
        b.seconds = 10;
        // two wrong answers given as often: the one that sorts first, every time
        b.wrong = [("甲".to_string(), 1), ("乙".to_string(), 1)].into();
        let rows = question_rows(questions);
        let order: Vec<&str> = rows.iter().map(|r| r.question.as_str()).collect();
        // none right first; then at one half, the most answered, then by id
        assert_eq!(order, ["c", "b", "a", "d"]);
        assert_eq!(rows[1].avg_seconds, 2.5);
        assert_eq!(rows[1].distractor, Some(("乙".to_string(), 1)));
        assert_eq!(rows[0].avg_seconds, 0.0, "no seconds noted: none");
    }
}
