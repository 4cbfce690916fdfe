//! A plan's progress per member (`branch report --plan`), folded from their events as they are
//! read: what the plans screen works out from the whole log, kept as little per member as it
//! needs — per item the one event that decides it (the first that completes a reading or a quiz
//! item, the latest tick of a task), and the study seconds a time item counts. The domain's
//! [`status`] judges each deciding event, so the rules stay where they are.
//!
//! The member's events count as their log would: every export of theirs (JSON and xAPI alike),
//! one event per (id, time) — the fold looks that up in its spill.

use std::collections::HashMap;

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::domain::log::{Event, Record};
use crate::domain::plan::{ItemKind, Plan, status};
use crate::domain::stats::{split_by_day, start_of};

/// One member's progress so far: per item its deciding event, and the seconds studied.
#[derive(Default)]
struct Progress {
    deciding: Vec<Option<Event>>,
    seconds: i64,
    /// Some study counted (a time item of 0 minutes is done only then, as in the log).
    studied: bool,
}

/// The plan's progress of every member (by (member, account) as their exports name them).
pub(super) struct PlanFold<'p> {
    plan: &'p Plan,
    /// Each item alone in a plan (its start kept, no restart: the fold leaves out what came
    /// before one), for [`status`] to judge one event by.
    alone: Vec<Plan>,
    tz: TimeZone,
    /// A restarted plan counts what was done since.
    since: Option<Timestamp>,
    /// Time items count study since the plan starts.
    minutes_since: Option<Timestamp>,
    who: HashMap<(String, String), u32>,
    progress: Vec<Progress>,
}

impl<'p> PlanFold<'p> {
    pub(super) fn new(plan: &'p Plan, tz: &TimeZone) -> PlanFold<'p> {
        let alone = plan
            .items
            .iter()
            .map(|item| Plan {
                items: vec![item.clone()],
                restarted: None,
                ..plan.clone()
            })
            .collect();
        PlanFold {
            plan,
            alone,
            tz: tz.clone(),
            since: plan.restarted.map(|on| start_of(on, tz)),
            minutes_since: plan.starts.map(|d| start_of(d, tz)),
            who: HashMap::new(),
            progress: Vec::new(),
        }
    }

    /// The number the fold gives `who`'s events (for their one-per-(id, time) look-up).
    pub(super) fn who(&mut self, who: &(String, String)) -> u32 {
        if let Some(&n) = self.who.get(who) {
            return n;
        }
        let n = self.progress.len() as u32;
        self.who.insert(who.clone(), n);
        self.progress.push(Progress {
            deciding: vec![None; self.plan.items.len()],
            seconds: 0,
            studied: false,
        });
        n
    }

    /// Member number `w`'s event, met for the first time.
    pub(super) fn event(&mut self, w: u32, e: Event, today: Date) {
        let Some(p) = self.progress.get_mut(w as usize) else {
            return;
        };
        if self.since.is_some_and(|from| e.at < from) {
            return;
        }
        let secs = e.record.study_seconds();
        if secs != 0 && self.minutes_since.is_none_or(|s| e.began() >= s) {
            for (_, s) in split_by_day(e.began(), e.at, secs, &self.tz) {
                p.seconds = p.seconds.saturating_add(s);
                p.studied = true;
            }
        }
        for ((item, alone), deciding) in
            self.plan.items.iter().zip(&self.alone).zip(&mut p.deciding)
        {
            match &item.kind {
                ItemKind::Minutes { .. } => {}
                // the latest tick of this task decides it
                ItemKind::Task => {
                    let ticks = matches!(&e.record, Record::Tick { plan, item: i, .. }
                        if *plan == self.plan.id && *i == item.id);
                    if ticks
                        && deciding
                            .as_ref()
                            .is_none_or(|d| (d.at, d.id) < (e.at, e.id))
                    {
                        *deciding = Some(e.clone());
                    }
                }
                // the first event that completes it (any one: done is done)
                ItemKind::Read { .. } | ItemKind::Quiz { .. } => {
                    if deciding.is_none()
                        && status(alone, std::slice::from_ref(&e), &self.tz, today)
                            .first()
                            .is_some_and(|s| s.done())
                    {
                        *deciding = Some(e.clone());
                    }
                }
            }
        }
    }

    /// (items done, items) of `who`, as the plans screen would count them from their log.
    pub(super) fn done(&self, who: &(String, String), today: Date) -> (usize, usize) {
        let p = self
            .who
            .get(who)
            .and_then(|&n| self.progress.get(n as usize));
        let done = self
            .plan
            .items
            .iter()
            .zip(&self.alone)
            .enumerate()
            .filter(|(n, (item, alone))| match (&item.kind, p) {
                (ItemKind::Minutes { minutes }, Some(p)) => {
                    p.studied && p.seconds >= i64::from(*minutes) * 60
                }
                (_, Some(p)) => p.deciding[*n].as_ref().is_some_and(|e| {
                    status(alone, std::slice::from_ref(e), &self.tz, today)
                        .first()
                        .is_some_and(|s| s.done())
                }),
                (_, None) => false,
            })
            .count();
        (done, self.plan.items.len())
    }
}
