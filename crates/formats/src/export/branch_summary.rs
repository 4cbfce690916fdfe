//! The branch's picture as figures: one row per member, one per question, the materials
//! read and the doubts — what `branch` works out and `branch_render` writes.

use super::branch_check::{Doubt, Exam};

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
    /// Sealed papers this machine could not grade: (bank, whether its paper is here at all —
    /// imported or given with `--bank` — , exam attempts left ungraded). Without the paper the
    /// bank is missing; with it, some answer does not match the bank as it is now.
    pub sealed_ungraded: Vec<(String, bool, usize)>,
}
