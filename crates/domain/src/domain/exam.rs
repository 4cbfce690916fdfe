//! An exam: its line in the quiz menu when left open (its clock and whose it is), how many
//! tries a paper has left, and its clock (the deadline, the time it records when handed in).

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

/// Where an attempt stands, as the store keeps it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AttemptStatus {
    Open,
    Submitted,
    Abandoned,
}

impl AttemptStatus {
    pub const ALL: [AttemptStatus; 3] = [
        AttemptStatus::Open,
        AttemptStatus::Submitted,
        AttemptStatus::Abandoned,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AttemptStatus::Open => "open",
            AttemptStatus::Submitted => "submitted",
            AttemptStatus::Abandoned => "abandoned",
        }
    }

    /// Does an attempt of a paper in this state use one of its tries? Handed in or given up:
    /// an exam left and abandoned counts, or a member could look at a paper and start again.
    pub fn counts_as_try(self) -> bool {
        matches!(self, AttemptStatus::Submitted | AttemptStatus::Abandoned)
    }
}

/// What is left of a paper's tries (交卷 or given up: an exam left and abandoned counts).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tries {
    /// A paper without a limit.
    Unlimited,
    /// `next` is the number of the try that would start now, of `limit`.
    Left { next: u32, limit: u32 },
    /// All `limit` tries used: the paper cannot be started.
    UsedUp { limit: u32 },
}

impl Tries {
    /// The tries of a paper with at most `limit` tries (none: unlimited), `used` taken.
    pub fn of(limit: Option<u32>, used: u32) -> Tries {
        match limit {
            None => Tries::Unlimited,
            Some(limit) if used >= limit => Tries::UsedUp { limit },
            Some(limit) => Tries::Left {
                next: used + 1,
                limit,
            },
        }
    }
}

/// Seconds an exam has run at `now`: the wall clock since it started (time with xuexi closed
/// counts), never less than the time it counted itself (`used_secs`, a clock set back).
pub fn elapsed_secs(started: jiff::Timestamp, used_secs: i64, now: jiff::Timestamp) -> i64 {
    (now - started).as_secs().max(used_secs)
}

/// When an exam's time runs out (ms since the epoch): its start plus its limit, earlier when
/// it counted more time itself than the wall clock shows.
pub fn deadline_ms(started_ms: i64, used_secs: i64, limit_secs: i64, now_ms: i64) -> i64 {
    let elapsed_ms = (now_ms - started_ms).max(used_secs * 1000);
    now_ms + limit_secs.saturating_mul(1000) - elapsed_ms
}

/// Whole seconds left before `deadline_ms` at `now_ms`, rounded up (0 or less: the time is up
/// and the exam is over).
pub fn secs_left(deadline_ms: i64, now_ms: i64) -> i64 {
    (deadline_ms - now_ms + 999) / 1000
}

/// What a handed-in attempt records: the time it took, never more than its limit, and when it
/// ended, never after its deadline (a tick late, or handed in by the next start).
pub fn closing(
    limit_secs: Option<i64>,
    started: Option<jiff::Timestamp>,
    used_secs: i64,
    now: jiff::Timestamp,
) -> (i64, jiff::Timestamp) {
    let used = match limit_secs {
        Some(l) => used_secs.clamp(0, l.max(0)),
        None => used_secs.max(0),
    };
    let end = limit_secs
        .zip(started)
        .and_then(|(l, from)| from.checked_add(jiff::SignedDuration::from_secs(l)).ok())
        .map_or(now, |end| now.min(end));
    (used, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(secs).unwrap()
    }

    #[test]
    fn a_paper_with_a_limit_counts_its_tries() {
        assert_eq!(Tries::of(None, 9), Tries::Unlimited);
        assert_eq!(Tries::of(Some(2), 0), Tries::Left { next: 1, limit: 2 });
        assert_eq!(Tries::of(Some(2), 1), Tries::Left { next: 2, limit: 2 });
        assert_eq!(Tries::of(Some(2), 2), Tries::UsedUp { limit: 2 });
        assert_eq!(Tries::of(Some(0), 0), Tries::UsedUp { limit: 0 });
    }

    #[test]
    fn a_try_is_an_attempt_handed_in_or_given_up() {
        let tries: Vec<&str> = AttemptStatus::ALL
            .into_iter()
            .filter(|s| s.counts_as_try())
            .map(AttemptStatus::as_str)
            .collect();
        assert_eq!(tries, ["submitted", "abandoned"]);
    }

    #[test]
    fn the_clock_runs_while_closed_and_never_goes_back() {
        assert_eq!(elapsed_secs(at(1000), 10, at(1100)), 100);
        // the clock was set back: the exam's own count holds
        assert_eq!(elapsed_secs(at(1000), 300, at(1100)), 300);
        // 60 s limit, started at 1000 s: the deadline is 1060 s
        assert_eq!(deadline_ms(1_000_000, 0, 60, 1_010_000), 1_060_000);
        // it counted 30 s itself though the wall clock shows 10: 30 s left at most
        assert_eq!(deadline_ms(1_000_000, 30, 60, 1_010_000), 1_040_000);
        assert_eq!(secs_left(1_060_000, 1_059_001), 1);
        assert_eq!(secs_left(1_060_000, 1_060_000), 0);
    }

    #[test]
    fn a_handed_in_paper_never_says_more_than_its_limit_nor_ends_after_its_deadline() {
        assert_eq!(
            closing(Some(60), Some(at(1000)), 75, at(1075)),
            (60, at(1060))
        );
        assert_eq!(
            closing(Some(60), Some(at(1000)), 30, at(1030)),
            (30, at(1030))
        );
        assert_eq!(closing(None, Some(at(1000)), -5, at(2000)), (0, at(2000)));
        assert_eq!(closing(Some(60), None, 90, at(2000)), (60, at(2000)));
    }
}
