//! An exam left open, as the quiz menu shows it (its clock and whose it is).

/// The exam left open, as the menu shows it: its clock counts down to `deadline_ms` (ms since
/// the epoch; none for a paper without a time limit); `elsewhere` when another xuexi holds the
/// data folder, whose exam it is (this one may not open, hand in or review it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenExam {
    pub title: String,
    pub deadline_ms: Option<i64>,
    pub elsewhere: bool,
}

impl OpenExam {
    /// Whole seconds left at `now_ms` (rounded up, never below 0); none without a time limit.
    pub fn left_secs(&self, now_ms: i64) -> Option<i64> {
        self.deadline_ms
            .map(|d| (d.saturating_sub(now_ms).max(0) + 999) / 1000)
    }
}
