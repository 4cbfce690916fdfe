//! Study plans (学习计划) and their checklists. An item's completion is derived from the study
//! log, never stored, so a checklist always agrees with the log.

use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde::Serialize;

use super::log::{Event, Record};
use super::stats::{day_of, days_between, split_by_day, start_of};

/// Where a plan came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PlanOrigin {
    /// Shipped in `data/plans/`.
    Bundled,
    /// Imported from a trainer's file.
    User,
    /// Made by the member in the app.
    Member,
}

impl PlanOrigin {
    pub fn as_str(self) -> &'static str {
        match self {
            PlanOrigin::Bundled => "bundled",
            PlanOrigin::User => "user",
            PlanOrigin::Member => "member",
        }
    }

    pub fn parse(s: &str) -> Option<PlanOrigin> {
        [PlanOrigin::Bundled, PlanOrigin::User, PlanOrigin::Member]
            .into_iter()
            .find(|o| o.as_str() == s)
    }
}

/// What completes an item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum ItemKind {
    /// Done when the material is read to the end.
    Read { material: String },
    /// Done when an attempt on the bank (and paper, if given) reaches `min_percent` (without
    /// it: passes, or is submitted when the session has no pass mark).
    Quiz {
        bank: String,
        paper: Option<String>,
        min_percent: Option<u8>,
    },
    /// Done when study time since the plan starts reaches `minutes`.
    Minutes { minutes: u32 },
    /// Ticked by the member.
    Task,
}

impl ItemKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            ItemKind::Read { .. } => "read",
            ItemKind::Quiz { .. } => "quiz",
            ItemKind::Minutes { .. } => "minutes",
            ItemKind::Task => "task",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlanItem {
    pub id: String,
    pub title: String,
    #[serde(flatten)]
    pub kind: ItemKind,
    pub due: Option<Date>,
    /// Added by the member in the app (kept when the plan file is imported again).
    pub by_member: bool,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Plan {
    pub id: String,
    pub title: String,
    pub origin: PlanOrigin,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    pub items: Vec<PlanItem>,
    /// The day the member started the plan over (从今天开始这个计划): its dates are moved to
    /// begin then, and only what was done since counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub restarted: Option<Date>,
}

impl Plan {
    /// The plan moved to begin on `on`: its end and the due date of every item the restart
    /// moves ([`Plan::moves_on_restart`]) shifted by as many days, so a plan of two months is
    /// again two months with its steps where they were. A plan without a start is moved by its
    /// first such due date.
    pub fn restarted_on(mut self, on: Date) -> Plan {
        if let Some(days) = self.restart_shift(on) {
            let shift = jiff::Span::new().days(days);
            let moved = |d: Date| d.checked_add(shift).unwrap_or(d);
            self.ends = self.ends.map(moved);
            let whole = self.origin == PlanOrigin::Member;
            for item in &mut self.items {
                if whole || !item.by_member {
                    item.due = item.due.map(moved);
                }
            }
        }
        self.starts = Some(on);
        self.restarted = Some(on);
        self
    }

    /// Does a restart move `item`? The items that came from the plan's file (bundled or
    /// imported) do; what the member added to such a plan keeps the date the member typed; a
    /// plan the member made is all theirs, and moves whole.
    pub fn moves_on_restart(&self, item: &PlanItem) -> bool {
        self.origin == PlanOrigin::Member || !item.by_member
    }

    /// Days a restart on `on` moves this plan (as stored, before any restart): from its start,
    /// or, without one, from the first due date of the items it moves. `None`: nothing to move
    /// by.
    pub fn restart_shift(&self, on: Date) -> Option<i64> {
        self.starts
            .or_else(|| {
                self.items
                    .iter()
                    .filter(|i| self.moves_on_restart(i))
                    .filter_map(|i| i.due)
                    .min()
            })
            .map(|base| days_between(base, on))
    }

    /// The date to keep for a due date the member typed on a plan restarted on `on` (this plan
    /// as stored). On the member's own plan the restart moves every stored date when the plan
    /// is loaded, so a date typed after the restart is kept that many days earlier, and shows
    /// as typed; on a bundled or imported plan the member's items do not move: kept as typed.
    pub fn stored_due(&self, restarted: Option<Date>, typed: Date) -> Date {
        if self.origin != PlanOrigin::Member {
            return typed;
        }
        match restarted.and_then(|on| self.restart_shift(on)) {
            Some(days) => typed
                .checked_sub(jiff::Span::new().days(days))
                .unwrap_or(typed),
            None => typed,
        }
    }

    /// Is it over (its end is past) or behind (an item overdue)? Then the screen offers to
    /// start it again.
    pub fn behind(&self, status: &[ItemStatus], today: Date) -> bool {
        self.ends.is_some_and(|e| e < today) || status.iter().any(|s| s.state == ItemState::Overdue)
    }
}

/// Where an item stands.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum ItemState {
    Done {
        on: Date,
    },
    /// Not done, due within [`DUE_SOON_DAYS`] days (or today).
    Due,
    /// Not done and past its due date.
    Overdue,
    Open,
}

/// An item counts as due this many days before its date.
pub const DUE_SOON_DAYS: i64 = 3;

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemStatus {
    #[serde(flatten)]
    pub state: ItemState,
    /// The member's note on a task item (from its latest tick).
    pub note: String,
    /// For time items: minutes so far and the target.
    pub minutes: Option<(i64, i64)>,
}

impl ItemStatus {
    pub fn done(&self) -> bool {
        matches!(self.state, ItemState::Done { .. })
    }
}

fn pending(due: Option<Date>, today: Date) -> ItemState {
    match due {
        Some(d) if d < today => ItemState::Overdue,
        Some(d) if days_between(today, d) <= DUE_SOON_DAYS => ItemState::Due,
        _ => ItemState::Open,
    }
}

/// The state of every item of `plan`, from the log (a restarted plan: from what was done since
/// the day it was started again).
pub fn status(plan: &Plan, events: &[Event], tz: &TimeZone, today: Date) -> Vec<ItemStatus> {
    // (the log is in the order written, not always of time: filtered, not split)
    let since: Vec<Event>;
    let events = match plan.restarted {
        Some(on) => {
            let from = start_of(on, tz);
            since = events.iter().filter(|e| e.at >= from).cloned().collect();
            &since[..]
        }
        None => events,
    };
    plan.items
        .iter()
        .map(|item| item_status(plan, item, events, tz, today))
        .collect()
}

fn item_status(
    plan: &Plan,
    item: &PlanItem,
    events: &[Event],
    tz: &TimeZone,
    today: Date,
) -> ItemStatus {
    let done_at = |on| ItemStatus {
        state: ItemState::Done { on },
        note: String::new(),
        minutes: None,
    };
    let not_done = ItemStatus {
        state: pending(item.due, today),
        note: String::new(),
        minutes: None,
    };
    match &item.kind {
        ItemKind::Read { material } => events
            .iter()
            .find(|e| matches!(&e.record, Record::Finished { material: m } if m == material))
            .map(|e| done_at(day_of(e.at, tz)))
            .unwrap_or(not_done),
        ItemKind::Quiz {
            bank,
            paper,
            min_percent,
        } => events
            .iter()
            .find(|e| match &e.record {
                Record::Attempt {
                    bank: Some(b),
                    paper: p,
                    percent,
                    passed,
                    ..
                } if b == bank && (paper.is_none() || p == paper) => match min_percent {
                    Some(min) => *percent + 1e-9 >= f64::from(*min),
                    None => *passed != Some(false),
                },
                _ => false,
            })
            .map(|e| done_at(day_of(e.at, tz)))
            .unwrap_or(not_done),
        ItemKind::Minutes { minutes } => {
            let target = i64::from(*minutes) * 60;
            let since = plan.starts.map(|d| start_of(d, tz));
            let mut per_day: std::collections::BTreeMap<Date, i64> = Default::default();
            for e in events {
                let secs = e.record.study_seconds();
                if secs == 0 || since.is_some_and(|s| e.began() < s) {
                    continue;
                }
                for (d, s) in split_by_day(e.began(), e.at, secs, tz) {
                    *per_day.entry(d).or_default() += s;
                }
            }
            let mut sum = 0;
            let mut on = None;
            for (d, s) in per_day {
                sum += s;
                if on.is_none() && sum >= target {
                    on = Some(d);
                }
            }
            let mut st = match on {
                Some(d) => done_at(d),
                None => not_done,
            };
            st.minutes = Some((sum / 60, i64::from(*minutes)));
            st
        }
        ItemKind::Task => {
            let last = events.iter().rev().find_map(|e| match &e.record {
                Record::Tick {
                    plan: p,
                    item: i,
                    done,
                    note,
                } if *p == plan.id && *i == item.id => Some((e, *done, note.clone())),
                _ => None,
            });
            match last {
                Some((e, true, note)) => ItemStatus {
                    note,
                    ..done_at(day_of(e.at, tz))
                },
                Some((_, false, note)) => ItemStatus { note, ..not_done },
                None => not_done,
            }
        }
    }
}

/// Days left until the plan ends (0 on its last day, negative after).
pub fn days_left(plan: &Plan, today: Date) -> Option<i64> {
    plan.ends.map(|e| days_between(today, e))
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::Timestamp;

    fn d(s: &str) -> Date {
        s.parse().unwrap()
    }
    fn ev(id: i64, at: &str, record: Record) -> Event {
        Event {
            id,
            at: at.parse().unwrap(),
            record,
        }
    }
    fn item(id: &str, kind: ItemKind, due: Option<&str>) -> PlanItem {
        PlanItem {
            id: id.into(),
            title: String::new(),
            kind,
            due: due.map(d),
            by_member: false,
        }
    }
    fn attempt(percent: f64, passed: Option<bool>, paper: Option<&str>) -> Record {
        Record::Attempt {
            sealed: false,
            attempt: 1,
            mode: "exam".into(),
            bank: Some("b".into()),
            paper: paper.map(Into::into),
            title: "t".into(),
            started: "2026-02-05T01:00:00Z".parse::<Timestamp>().unwrap(),
            seconds: 600,
            score: percent,
            max: 100.0,
            percent,
            passed,
            right: 0,
            answered: 0,
            hinted: 0,
        }
    }

    fn plan() -> Plan {
        Plan {
            id: "p".into(),
            title: "冬训".into(),
            origin: PlanOrigin::Bundled,
            starts: Some(d("2026-02-01")),
            ends: Some(d("2026-03-31")),
            restarted: None,
            items: vec![
                item(
                    "read",
                    ItemKind::Read {
                        material: "m1".into(),
                    },
                    Some("2026-02-10"),
                ),
                item(
                    "quiz",
                    ItemKind::Quiz {
                        bank: "b".into(),
                        paper: Some("final".into()),
                        min_percent: Some(80),
                    },
                    Some("2026-02-20"),
                ),
                item("time", ItemKind::Minutes { minutes: 30 }, None),
                item("task", ItemKind::Task, Some("2026-02-08")),
            ],
        }
    }

    #[test]
    fn completion_follows_the_log() {
        let tz = TimeZone::UTC;
        let p = plan();
        let before = status(&p, &[], &tz, d("2026-02-06"));
        assert_eq!(before[0].state, ItemState::Open);
        assert_eq!(before[3].state, ItemState::Due, "due the next day");
        let late = status(&p, &[], &tz, d("2026-02-11"));
        assert_eq!(late[0].state, ItemState::Overdue);

        let reading = |id, from: &str, to: &str, secs| {
            ev(
                id,
                to,
                Record::Reading {
                    session: id,
                    material: "m2".into(),
                    from: from.parse().unwrap(),
                    to: to.parse().unwrap(),
                    seconds: secs,
                },
            )
        };
        let events = vec![
            // before the plan starts: does not count towards its minutes
            reading(1, "2026-01-31T10:00:00Z", "2026-01-31T11:00:00Z", 3000),
            ev(
                2,
                "2026-02-03T09:00:00Z",
                Record::Finished {
                    material: "m1".into(),
                },
            ),
            reading(3, "2026-02-03T10:00:00Z", "2026-02-03T10:20:00Z", 1200),
            ev(
                4,
                "2026-02-05T02:00:00Z",
                attempt(70.0, Some(true), Some("final")),
            ),
            ev(
                5,
                "2026-02-06T02:00:00Z",
                attempt(95.0, Some(true), Some("other")),
            ),
            ev(
                6,
                "2026-02-07T02:00:00Z",
                attempt(80.0, Some(true), Some("final")),
            ),
            reading(7, "2026-02-08T10:00:00Z", "2026-02-08T10:20:00Z", 1200),
            ev(
                8,
                "2026-02-08T11:00:00Z",
                Record::Tick {
                    plan: "p".into(),
                    item: "task".into(),
                    done: true,
                    note: "心得已交".into(),
                },
            ),
        ];
        let s = status(&p, &events, &tz, d("2026-02-20"));
        assert_eq!(
            s[0].state,
            ItemState::Done {
                on: d("2026-02-03")
            }
        );
        assert_eq!(
            s[1].state,
            ItemState::Done {
                on: d("2026-02-07")
            },
            "80% of the right paper"
        );
        // 20 minutes of reading on 02-03, then the first exam's 10 minutes on 02-05 make 30
        // (the hour read on 01-31 is before the plan starts)
        assert_eq!(
            s[2].state,
            ItemState::Done {
                on: d("2026-02-05")
            }
        );
        assert_eq!(
            s[2].minutes,
            Some((70, 30)),
            "2 × 20 min reading + 3 × 10 min exams"
        );
        assert_eq!(
            s[3].state,
            ItemState::Done {
                on: d("2026-02-08")
            }
        );
        assert_eq!(s[3].note, "心得已交");

        // an untick puts it back, keeping the note
        let mut more = events.clone();
        more.push(ev(
            9,
            "2026-02-09T11:00:00Z",
            Record::Tick {
                plan: "p".into(),
                item: "task".into(),
                done: false,
                note: "重写".into(),
            },
        ));
        let s = status(&p, &more, &tz, d("2026-02-20"));
        assert_eq!(s[3].state, ItemState::Overdue);
        assert_eq!(s[3].note, "重写");
        assert_eq!(days_left(&p, d("2026-03-30")), Some(1));
    }

    #[test]
    fn a_restarted_plan_keeps_its_shape_and_counts_only_what_came_after() {
        let p = plan().restarted_on(d("2026-12-01"));
        assert_eq!(p.starts, Some(d("2026-12-01")));
        assert_eq!(p.ends, Some(d("2027-01-28")), "59 days after, as before");
        assert_eq!(
            p.items[0].due,
            Some(d("2026-12-10")),
            "9 days in, as before"
        );
        // read before the restart: not done in the new run; read after: done
        let before = Event {
            id: 1,
            at: "2026-11-30T12:00:00Z".parse().unwrap(),
            record: Record::Finished {
                material: "m1".into(),
            },
        };
        let st = status(
            &p,
            std::slice::from_ref(&before),
            &TimeZone::UTC,
            d("2026-12-02"),
        );
        assert!(!st[0].done());
        let after = Event {
            id: 2,
            at: "2026-12-01T00:00:00Z".parse().unwrap(),
            ..before.clone()
        };
        let st = status(&p, &[before, after], &TimeZone::UTC, d("2026-12-02"));
        assert!(st[0].done());
        // a plan without a start moves by its first due date
        let mut undated = plan();
        undated.starts = None;
        let q = undated.restarted_on(d("2026-12-01"));
        assert_eq!(
            q.items.iter().filter_map(|i| i.due).min(),
            Some(d("2026-12-01"))
        );
    }

    #[test]
    fn a_restart_moves_the_plans_own_items_and_keeps_the_members_dates() {
        // +7 on 2026-12-07 (2026-12-14) became 2033-10-19 after a restart of the 2020 plan:
        // the restart's shift was added to the date the member typed
        let on = d("2026-12-01");
        let typed = d("2026-12-14");
        let mine = |due| PlanItem {
            id: "my-task-9".into(),
            title: "心得".into(),
            kind: ItemKind::Task,
            due: Some(due),
            by_member: true,
        };
        // a bundled (or imported) plan: added before or after the restart, as typed
        let stored = plan();
        assert_eq!(stored.stored_due(Some(on), typed), typed);
        let mut with_item = stored.clone();
        with_item.items.push(mine(typed));
        let shown = with_item.clone().restarted_on(on);
        assert_eq!(shown.items.last().and_then(|i| i.due), Some(typed));
        // while the plan's own items move (2026-02-10 is 9 days in: 9 days after the restart)
        assert_eq!(shown.items[0].due, Some(d("2026-12-10")));
        // a member's item that is earlier than the plan's start does not move the plan
        let mut early = with_item.clone();
        early.starts = None;
        early.items.last_mut().unwrap().due = Some(d("2025-01-01"));
        let moved = early.restarted_on(on);
        assert_eq!(moved.items[3].due, Some(on), "moved by its own first date");
        // the member's own plan moves whole: an item added before the restart moves with it,
        // one added after shows as typed
        let mut own = plan();
        own.origin = PlanOrigin::Member;
        own.items.push(mine(d("2026-02-03")));
        let later = own.stored_due(Some(on), typed);
        assert_ne!(later, typed);
        own.items.push(mine(later));
        let shown = own.restarted_on(on);
        let n = shown.items.len();
        assert_eq!(shown.items[n - 2].due, Some(d("2026-12-03")));
        assert_eq!(shown.items[n - 1].due, Some(typed));
        assert_eq!(plan().stored_due(None, typed), typed, "not restarted");
    }
}
