//! 学习积分: the rules (points per so many units, at most a cap a day; the defaults are
//! 学习强国's) and one day's points under them.

use serde::{Deserialize, Serialize};

/// What one day holds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Day {
    pub reading_secs: i64,
    pub quiz_secs: i64,
    pub articles: u32,
    pub daily_right: u32,
    pub exams_passed: u32,
    pub challenge_right: u32,
    /// Right answers in the week's set (每周答题).
    pub weekly_right: u32,
    /// Right answers in 专项答题 sets handed in for the first time.
    pub special_right: u32,
    pub answers: u32,
    pub ticks: u32,
    pub notes: u32,
    /// Notes of at least [`OPINION_CHARS`] characters written that day (发表观点).
    pub opinions: u32,
    /// The app was opened that day (登录).
    pub opened: bool,
}

impl Day {
    pub fn study_secs(&self) -> i64 {
        self.reading_secs + self.quiz_secs
    }

    /// Any study at all (time, a finished article, an answer, a tick).
    pub fn studied(&self) -> bool {
        self.study_secs() > 0
            || self.articles > 0
            || self.answers > 0
            || self.ticks > 0
            || self.notes > 0
    }
}

/// Points per `per` units, at most `cap` a day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub points: u32,
    pub per: u32,
    pub cap: u32,
}

impl Rule {
    pub fn score(&self, units: u64) -> u32 {
        let per = u64::from(self.per.max(1));
        let earned = (units / per).saturating_mul(u64::from(self.points));
        earned.min(u64::from(self.cap)) as u32
    }
}

/// The point rules; the defaults are those members know from 学习强国.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PointRules {
    /// Per material read to the end.
    pub article: Rule,
    /// Per minute of reading (`per = 4`: a point per 4 minutes).
    pub reading: Rule,
    /// Per right answer in the daily quiz.
    pub daily: Rule,
    /// Per exam passed.
    pub exam: Rule,
    /// Per right answer in a challenge (`per = 2`).
    pub challenge: Rule,
    /// 登录: the first open of the app on a day.
    pub login: Rule,
    /// 发表观点: per note of at least [`OPINION_CHARS`] characters written that day.
    pub opinion: Rule,
    /// Per right answer in the week's set (每周答题, once a week).
    pub weekly: Rule,
    /// Per right answer in a 专项答题 set, the first time the set is handed in.
    pub special: Rule,
}

/// The shortest note that counts as 发表观点.
pub const OPINION_CHARS: usize = 20;

impl Default for PointRules {
    fn default() -> Self {
        let r = |points, per, cap| Rule { points, per, cap };
        PointRules {
            article: r(1, 1, 6),
            reading: r(1, 4, 6),
            daily: r(1, 1, 5),
            exam: r(5, 1, 5),
            challenge: r(1, 2, 6),
            login: r(1, 1, 1),
            opinion: r(1, 1, 1),
            weekly: r(1, 1, 5),
            special: r(1, 1, 10),
        }
    }
}

/// Points of one day, per rule, with their total.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Points {
    pub article: u32,
    pub reading: u32,
    pub daily: u32,
    pub exam: u32,
    pub challenge: u32,
    pub login: u32,
    pub opinion: u32,
    pub weekly: u32,
    pub special: u32,
    pub total: u32,
}

impl PointRules {
    pub fn points(&self, d: &Day) -> Points {
        let mut p = Points {
            article: self.article.score(u64::from(d.articles)),
            reading: self.reading.score((d.reading_secs.max(0) / 60) as u64),
            daily: self.daily.score(u64::from(d.daily_right)),
            exam: self.exam.score(u64::from(d.exams_passed)),
            challenge: self.challenge.score(u64::from(d.challenge_right)),
            login: self.login.score(u64::from(d.opened)),
            opinion: self.opinion.score(u64::from(d.opinions)),
            weekly: self.weekly.score(u64::from(d.weekly_right)),
            special: self.special.score(u64::from(d.special_right)),
            total: 0,
        };
        p.total = p.article
            + p.reading
            + p.daily
            + p.exam
            + p.challenge
            + p.login
            + p.opinion
            + p.weekly
            + p.special;
        p
    }

    /// The most a day can earn.
    pub fn daily_max(&self) -> u32 {
        self.article.cap
            + self.reading.cap
            + self.daily.cap
            + self.exam.cap
            + self.challenge.cap
            + self.login.cap
            + self.opinion.cap
            + self.weekly.cap
            + self.special.cap
    }
}
/// Right answers that earn no 积分 because the hint (查看提示) was looked at before them: of an
/// attempt's answers as (hinted, correct).
pub fn right_after_hint(answers: impl IntoIterator<Item = (bool, bool)>) -> usize {
    answers
        .into_iter()
        .filter(|&(hinted, correct)| hinted && correct)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_right_answers_after_a_hint_lose_their_points() {
        let answers = [(true, true), (true, false), (false, true), (true, true)];
        assert_eq!(right_after_hint(answers), 2);
        assert_eq!(right_after_hint([]), 0);
    }
}
