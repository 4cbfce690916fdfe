//! Study figures from the log: minutes per day (a session over midnight counts on both days),
//! points with daily caps (学习积分), streaks, totals for a period.

use std::collections::{BTreeMap, HashMap};

use jiff::civil::Date;
use jiff::tz::TimeZone;
use jiff::{Timestamp, ToSpan};
use serde::Serialize;

use super::log::{Event, Record};
pub use super::points::{Day, OPINION_CHARS, PointRules, Points, Rule};

/// The member's local day of a moment.
pub fn day_of(t: Timestamp, tz: &TimeZone) -> Date {
    t.to_zoned_datetime(tz.clone()).date()
}

/// The moment a local day begins (the earliest time of that date in `tz`).
pub fn start_of(d: Date, tz: &TimeZone) -> Timestamp {
    d.to_zoned_datetime(tz.clone())
        .and_then(|z| z.start_of_day())
        .map(|z| z.timestamp())
        .unwrap_or(Timestamp::MIN)
}

/// Splits `secs` of activity between `from` and `to` over the local days it spans, in
/// proportion to the wall-clock time spent in each day.
pub fn split_by_day(from: Timestamp, to: Timestamp, secs: i64, tz: &TimeZone) -> Vec<(Date, i64)> {
    let first = day_of(from, tz);
    let last = day_of(to, tz);
    if to <= from || first >= last {
        return vec![(first, secs)];
    }
    let span = to.duration_since(from).as_secs_f64();
    let mut out = Vec::new();
    let mut left = secs;
    let mut d = first;
    let mut begin = from;
    while d < last {
        let Ok(next) = d.tomorrow() else { break };
        let end = start_of(next, tz).min(to);
        let share = (secs as f64 * end.duration_since(begin).as_secs_f64() / span).round() as i64;
        let share = share.clamp(0, left);
        out.push((d, share));
        left -= share;
        begin = end;
        d = next;
    }
    out.push((last, left));
    out
}

/// Every day with something in it.
pub fn days(events: &[Event], tz: &TimeZone) -> BTreeMap<Date, Day> {
    let mut map: BTreeMap<Date, Day> = BTreeMap::new();
    // a note counts on the day it was written, not again when edited or deleted
    let written = crate::domain::log::note_firsts(events);
    // a 专项答题 set earns its 积分 once: the first time it is handed in
    let mut specials = std::collections::HashSet::new();
    for e in events {
        match &e.record {
            Record::Reading {
                from, to, seconds, ..
            } => {
                for (d, s) in split_by_day(*from, *to, *seconds, tz) {
                    map.entry(d).or_default().reading_secs += s;
                }
            }
            Record::Attempt {
                started,
                seconds,
                mode,
                passed,
                right,
                hinted,
                bank,
                title,
                ..
            } => {
                for (d, s) in split_by_day(*started, e.at, *seconds, tz) {
                    map.entry(d).or_default().quiz_secs += s;
                }
                let day = map.entry(day_of(e.at, tz)).or_default();
                // an answer given after its hint earns no 积分
                let right = right.saturating_sub(*hinted) as u32;
                match mode.as_str() {
                    "daily" => day.daily_right += right,
                    "challenge" => day.challenge_right += right,
                    "weekly" => day.weekly_right += right,
                    "special" if specials.insert((bank.clone(), title.clone())) => {
                        day.special_right += right
                    }
                    "exam" if *passed == Some(true) => day.exams_passed += 1,
                    _ => {}
                }
            }
            Record::Finished { .. } => map.entry(day_of(e.at, tz)).or_default().articles += 1,
            Record::Answer { .. } => map.entry(day_of(e.at, tz)).or_default().answers += 1,
            Record::Tick { .. } => map.entry(day_of(e.at, tz)).or_default().ticks += 1,
            Record::Note { text, .. } if written.contains(&e.id) => {
                let day = map.entry(day_of(e.at, tz)).or_default();
                day.notes += 1;
                if text.chars().filter(|c| !c.is_whitespace()).count() >= OPINION_CHARS {
                    day.opinions += 1;
                }
            }
            Record::Note { .. } => {}
        }
    }
    map
}

/// Current streak (days in a row with study, ending today, or yesterday when today has none
/// yet) and the longest streak ever.
pub fn streaks(days: &BTreeMap<Date, Day>, today: Date) -> (u32, u32) {
    let studied: Vec<Date> = days
        .iter()
        .filter(|(_, d)| d.studied())
        .map(|(k, _)| *k)
        .collect();
    let mut longest = 0u32;
    let mut run = 0u32;
    let mut prev: Option<Date> = None;
    for d in &studied {
        run = match prev {
            Some(p) if p.tomorrow().ok() == Some(*d) => run + 1,
            _ => 1,
        };
        longest = longest.max(run);
        prev = Some(*d);
    }
    let is = |d: Date| days.get(&d).is_some_and(Day::studied);
    let mut current = 0u32;
    let mut d = if is(today) {
        today
    } else {
        today.yesterday().unwrap_or(today)
    };
    while is(d) {
        current += 1;
        match d.yesterday() {
            Ok(y) => d = y,
            Err(_) => break,
        }
    }
    (current, longest)
}

/// A period of whole local days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

impl Period {
    pub fn contains(&self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// `[start of from, start of the day after to)` as moments.
    pub fn bounds(&self, tz: &TimeZone) -> (Timestamp, Timestamp) {
        let end = self.to.tomorrow().unwrap_or(self.to);
        (start_of(self.from, tz), start_of(end, tz))
    }

    /// The week (from Monday), month or year that holds `today`, up to today.
    pub fn ending(kind: PeriodKind, today: Date) -> Period {
        let from = match kind {
            PeriodKind::Week => today
                .checked_sub(i64::from(today.weekday().to_monday_zero_offset()).days())
                .unwrap_or(today),
            PeriodKind::Month => today.first_of_month(),
            PeriodKind::Year => today.first_of_year(),
        };
        Period { from, to: today }
    }

    pub fn days(&self) -> i64 {
        self.to.duration_since(self.from).as_hours() / 24 + 1
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PeriodKind {
    Week,
    Month,
    Year,
}

impl PeriodKind {
    pub fn next(self) -> PeriodKind {
        match self {
            PeriodKind::Week => PeriodKind::Month,
            PeriodKind::Month => PeriodKind::Year,
            PeriodKind::Year => PeriodKind::Week,
        }
    }
}

/// Totals over a period.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Totals {
    pub study_secs: i64,
    pub reading_secs: i64,
    pub quiz_secs: i64,
    pub points: u32,
    pub days_studied: u32,
    pub articles: u32,
    pub attempts: u32,
    pub exams_passed: u32,
    pub answers: u32,
    pub right_answers: u32,
}

/// Everything the stats screen and `xuexi stats` show.
#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub today: Date,
    pub days: BTreeMap<Date, Day>,
    pub today_points: Points,
    /// Every point ever earned (累计积分).
    pub all_points: u64,
    pub current_streak: u32,
    pub longest_streak: u32,
    pub period: Period,
    pub totals: Totals,
    /// Reading seconds per column in the period (largest first), then quiz time as its own row.
    pub by_column: Vec<(String, i64)>,
    /// Percent of each submitted quiz session in the period (with a score), oldest first.
    pub quiz_percent: Vec<(Timestamp, f64)>,
    /// Long-term review: questions to review today (within the day's limit) and falling due
    /// tomorrow (from the store's cards, not the log; filled in by the caller).
    pub review_today: usize,
    pub review_tomorrow: usize,
}

/// Computes the figures. `column_of` names a material's column ("" when unknown).
pub fn stats(
    events: &[Event],
    opened: &[Date],
    rules: &PointRules,
    tz: &TimeZone,
    today: Date,
    period: Period,
    column_of: &dyn Fn(&str) -> String,
) -> Stats {
    let mut days = days(events, tz);
    // 登录: a day the app was opened (a day with nothing else is no study day: `studied`)
    for d in opened {
        days.entry(*d).or_default().opened = true;
    }
    let (current_streak, longest_streak) = streaks(&days, today);
    let today_points = days
        .get(&today)
        .map(|d| rules.points(d))
        .unwrap_or_default();
    let mut totals = Totals::default();
    for day in days.range(period.from..=period.to).map(|(_, d)| d) {
        totals.study_secs += day.study_secs();
        totals.reading_secs += day.reading_secs;
        totals.quiz_secs += day.quiz_secs;
        totals.points += rules.points(day).total;
        totals.days_studied += u32::from(day.studied());
        totals.articles += day.articles;
        totals.exams_passed += day.exams_passed;
        totals.answers += day.answers;
    }
    let mut columns: HashMap<String, i64> = HashMap::new();
    let mut quiz_percent = Vec::new();
    for e in events {
        match &e.record {
            Record::Reading {
                material,
                from,
                to,
                seconds,
                ..
            } => {
                let secs: i64 = split_by_day(*from, *to, *seconds, tz)
                    .into_iter()
                    .filter(|(d, _)| period.contains(*d))
                    .map(|(_, s)| s)
                    .sum();
                if secs > 0 {
                    *columns.entry(column_of(material)).or_default() += secs;
                }
            }
            Record::Attempt {
                percent,
                max,
                right,
                sealed,
                ..
            } if period.contains(day_of(e.at, tz)) => {
                totals.attempts += 1;
                totals.right_answers += *right as u32;
                // a sealed paper has no score on this machine: no point on the curve
                if *max > 0.0 && !*sealed {
                    quiz_percent.push((e.at, *percent));
                }
            }
            _ => {}
        }
    }
    let mut by_column: Vec<(String, i64)> = columns.into_iter().collect();
    by_column.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let all_points = days
        .values()
        .map(|d| u64::from(rules.points(d).total))
        .sum();
    Stats {
        today,
        all_points,
        days,
        today_points,
        current_streak,
        longest_streak,
        period,
        totals,
        by_column,
        quiz_percent,
        review_today: 0,
        review_tomorrow: 0,
    }
}

/// Study seconds as the minutes the member is shown, one rule everywhere (the stats screen,
/// `xuexi stats`, `stats --json`, the heat map, hours and minutes): whole minutes rounded
/// down, except that any study at all shows as at least one minute, never as 0. The rule is
/// monotone, so a day never shows more than the week holding it.
pub fn minutes(secs: i64) -> i64 {
    match secs {
        i64::MIN..=0 => 0,
        1..=59 => 1,
        _ => secs / 60,
    }
}

/// Seconds as an ISO 8601 duration (`PT1H2M3S`).
pub fn iso_duration(secs: i64) -> String {
    let s = secs.max(0);
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    let mut out = String::from("PT");
    if h > 0 {
        out += &format!("{h}H");
    }
    if m > 0 {
        out += &format!("{m}M");
    }
    if s > 0 || (h == 0 && m == 0) {
        out += &format!("{s}S");
    }
    out
}

/// Whole days from `a` to `b` (negative when `b` is earlier).
pub fn days_between(a: Date, b: Date) -> i64 {
    b.duration_since(a).as_hours() / 24
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> Timestamp {
        s.parse().unwrap()
    }
    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }
    fn ev(id: i64, at: &str, record: Record) -> Event {
        Event {
            id,
            at: t(at),
            record,
        }
    }
    fn reading(from: &str, to: &str, seconds: i64) -> Record {
        Record::Reading {
            session: 1,
            material: "m".into(),
            from: t(from),
            to: t(to),
            seconds,
        }
    }

    #[test]
    fn rules_cap_each_kind() {
        let r = PointRules::default();
        let day = Day {
            reading_secs: 30 * 60,
            articles: 9,
            daily_right: 3,
            exams_passed: 2,
            challenge_right: 5,
            weekly_right: 7,
            special_right: 12,
            ..Day::default()
        };
        let p = r.points(&day);
        assert_eq!((p.weekly, p.special), (5, 10), "each at its cap");
        assert_eq!(
            (p.article, p.reading, p.daily, p.exam, p.challenge),
            (6, 6, 3, 5, 2)
        );
        assert_eq!(p.total, 37);
        assert_eq!(
            r.daily_max(),
            45,
            "28, a point each for login and an opinion, 5 for the week's set and 10 for 专项"
        );
        // 7 minutes of reading: one point (a point per 4 whole minutes)
        let p = r.points(&Day {
            reading_secs: 7 * 60 + 59,
            ..Day::default()
        });
        assert_eq!(p.reading, 1);
    }

    #[test]
    fn a_session_over_midnight_counts_on_both_days() {
        let tz = TimeZone::fixed(jiff::tz::offset(8));
        // 23:50 to 00:10 Beijing time, 20 minutes active
        let e = [ev(
            1,
            "2026-03-01T16:10:00Z",
            reading("2026-03-01T15:50:00Z", "2026-03-01T16:10:00Z", 1200),
        )];
        let days = days(&e, &tz);
        assert_eq!(days[&d("2026-03-01")].reading_secs, 600);
        assert_eq!(days[&d("2026-03-02")].reading_secs, 600);
        // points on each side: 10 minutes is 2 points each day, not 5 on one
        let r = PointRules::default();
        assert_eq!(r.points(&days[&d("2026-03-01")]).reading, 2);
        assert_eq!(r.points(&days[&d("2026-03-02")]).reading, 2);
    }

    #[test]
    fn caps_apply_per_day_not_per_period() {
        let tz = TimeZone::UTC;
        let finished = |id, at| {
            ev(
                id,
                at,
                Record::Finished {
                    material: format!("m{id}"),
                },
            )
        };
        let mut e: Vec<Event> = (0..8)
            .map(|i| finished(i, "2026-03-01T10:00:00Z"))
            .collect();
        e.push(finished(9, "2026-03-02T00:00:00Z"));
        // a note of 20 characters on the 2nd (发表观点), a short one (not), and the app opened
        // on the 2nd (登录)
        let note = |id, text: &str| Event {
            id,
            at: "2026-03-02T01:00:00Z".parse().unwrap(),
            record: Record::Note {
                note: id,
                material: "m".into(),
                block: 0,
                quote: String::new(),
                text: text.into(),
            },
        };
        e.push(note(10, "坚持全国一盘棋，联防联控，群防群治，人人有责。"));
        e.push(note(11, "好"));
        let s = stats(
            &e,
            &[d("2026-03-02")],
            &PointRules::default(),
            &tz,
            d("2026-03-02"),
            Period {
                from: d("2026-03-01"),
                to: d("2026-03-02"),
            },
            &|_| String::new(),
        );
        assert_eq!(
            s.totals.points, 9,
            "6 (capped) + 1, and the 2nd's login and opinion"
        );
        assert_eq!(s.totals.articles, 9);
        assert_eq!(s.today_points.article, 1);
        assert_eq!((s.today_points.login, s.today_points.opinion), (1, 1));
        assert_eq!(s.today_points.total, 3);
        assert_eq!(s.all_points, 9, "the 1st's 6 and the 2nd's 3");
    }

    #[test]
    fn streaks_count_days_in_a_row() {
        let mut days = BTreeMap::new();
        let some = Day {
            answers: 1,
            ..Day::default()
        };
        for s in [
            "2026-01-01",
            "2026-01-02",
            "2026-01-03",
            "2026-01-10",
            "2026-01-11",
        ] {
            days.insert(d(s), some);
        }
        days.insert(d("2026-01-12"), Day::default()); // a day with nothing in it
        assert_eq!(streaks(&days, d("2026-01-11")), (2, 3));
        // today without study yet: yesterday's streak still stands
        assert_eq!(streaks(&days, d("2026-01-12")), (2, 3));
        // two days without: broken
        assert_eq!(streaks(&days, d("2026-01-13")), (0, 3));
        assert_eq!(streaks(&BTreeMap::new(), d("2026-01-13")), (0, 0));
    }

    #[test]
    fn periods() {
        let today = d("2026-11-29"); // a Sunday
        assert_eq!(
            Period::ending(PeriodKind::Week, today).from,
            d("2026-11-23")
        );
        assert_eq!(
            Period::ending(PeriodKind::Month, today).from,
            d("2026-11-01")
        );
        assert_eq!(Period::ending(PeriodKind::Year, today).days(), 333);
    }

    #[test]
    fn iso_durations() {
        assert_eq!(iso_duration(0), "PT0S");
        assert_eq!(iso_duration(59), "PT59S");
        assert_eq!(iso_duration(3600), "PT1H");
        assert_eq!(iso_duration(3723), "PT1H2M3S");
    }
}
