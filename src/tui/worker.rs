//! The loads that read the whole study log (the plans' checklists, the stats, the 述学 export):
//! off the loop thread. In the running app a worker thread with its own read-only connection
//! takes them one at a time, in the order asked, and the loop feeds each result back when it
//! comes ([`Worker::feed`], every turn of the loop, which turns faster while one is awaited) —
//! as the library's full list comes at start. Called without a worker ([`super::apply`] from a test, or a database in memory,
//! which a second connection cannot open), the same [`Job`] runs at once on the store given.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, Sender, channel};

use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;

use crate::app::{App, Effect};
use crate::config::Config;
use crate::domain::plan::{ItemStatus, Plan};
use crate::domain::stats::{Period, PeriodKind, Stats};
use crate::i18n::Strings;
use crate::service::errors::store_text;
use crate::service::report::{ExportRequest, Log, export_file};
use crate::store::{Store, StoreError};

/// A load of the whole log, with what it needs from the app (copied: it may run elsewhere).
pub(super) enum Job {
    Plans {
        tz: TimeZone,
        today: Date,
    },
    Stats {
        kind: PeriodKind,
        config: Box<Config>,
        tz: TimeZone,
        today: Date,
    },
    Export {
        format: crate::domain::report::Format,
        period: Period,
        config: Box<Config>,
        strings: Box<Strings>,
        dir: Option<PathBuf>,
        tz: TimeZone,
        now: Timestamp,
    },
}

type PlansLoaded = (Vec<(Plan, Vec<ItemStatus>)>, HashMap<String, String>);

/// A job's result, fed back to the app by [`deliver`].
pub(super) enum Done {
    Plans(Result<PlansLoaded, StoreError>, Date),
    Stats(Result<Stats, StoreError>),
    Exported(Result<String, String>),
}

impl Job {
    /// The job an effect asks for; `None` for an effect that does not read the whole log.
    pub(super) fn of(app: &App, fx: &Effect, now: Timestamp) -> Option<Job> {
        let today = crate::domain::stats::day_of(now, &app.tz);
        let tz = app.tz.clone();
        Some(match fx {
            Effect::LoadPlans => Job::Plans { tz, today },
            Effect::LoadStats(kind) => Job::Stats {
                kind: *kind,
                config: Box::new(app.config.clone()),
                tz,
                today,
            },
            Effect::Export { format, period } => Job::Export {
                format: *format,
                period: *period,
                config: Box::new(app.config.clone()),
                strings: Box::new(app.strings.clone()),
                dir: app.export_dir.clone(),
                tz,
                now,
            },
            _ => return None,
        })
    }

    /// Runs the job on `store`.
    pub(super) fn run(self, store: &Store) -> Done {
        match self {
            Job::Plans { tz, today } => Done::Plans(
                Log::load(store).map(|log| {
                    let status = log.plan_status(&tz, today, None);
                    (status, log.names.quizzes)
                }),
                today,
            ),
            Job::Stats {
                kind,
                config,
                tz,
                today,
            } => Done::Stats(stats(store, &config, &tz, today, kind)),
            Job::Export {
                format,
                period,
                config,
                strings,
                dir,
                tz,
                now,
            } => Done::Exported(match dir {
                Some(dir) => export_file(
                    store,
                    &ExportRequest {
                        config: &config,
                        strings: &strings,
                        format,
                        from: Some(period.from),
                        to: Some(period.to),
                        now,
                        tz: &tz,
                    },
                    &dir,
                ),
                None => Err(strings.export_no_dir.clone()),
            }),
        }
    }
}

/// The stats screen's figures for the period of `kind` ending `today`, with the reviews due
/// today and tomorrow.
fn stats(
    store: &Store,
    config: &Config,
    tz: &TimeZone,
    today: Date,
    kind: PeriodKind,
) -> Result<Stats, StoreError> {
    let period = Period::ending(kind, today);
    let log = Log::load(store)?;
    let mut stats = log.stats(config, tz, today, period);
    let tomorrow = today.tomorrow().unwrap_or(today).to_string();
    stats.review_today = store
        .review_today(&today.to_string(), config.review.daily)
        .map_or(0, |v| v.len());
    stats.review_tomorrow = store.review_due_on(&tomorrow).unwrap_or(0);
    Ok(stats)
}

/// Feeds a job's result to the app.
pub(super) fn deliver(app: &mut App, done: Done, now: Timestamp) {
    match done {
        Done::Plans(Ok((status, titles)), today) => app.plans_loaded(status, titles, today),
        Done::Plans(Err(e), _) => {
            tracing::error!(error = %e, "loading the plans failed");
            app.error(store_text(&e, &app.strings), now);
        }
        Done::Stats(Ok(stats)) => app.stats_loaded(stats),
        Done::Stats(Err(e)) => app.error(store_text(&e, &app.strings), now),
        Done::Exported(result) => app.exported(result, now),
    }
}

/// The thread that runs [`Job`]s on a read-only connection of its own.
pub struct Worker {
    /// `None` once the worker is being dropped (the thread then ends after its queue).
    jobs: Option<Sender<Job>>,
    /// Set when the app is leaving: loads still queued are skipped (nobody will show them),
    /// exports still run (the member asked for a file).
    leaving: std::sync::Arc<std::sync::atomic::AtomicBool>,
    thread: Option<std::thread::JoinHandle<()>>,
    done: Receiver<Done>,
    /// Jobs asked whose result has not been fed back yet.
    pending: std::cell::Cell<usize>,
    /// A job was asked since the last feed: worth a short wait before the next frame.
    fresh: std::cell::Cell<bool>,
}

impl Worker {
    /// Starts the thread for the database at `db` (opened at its first job). It ends when the
    /// worker is dropped, after the exports asked (see [`Drop`]).
    pub fn start(db: PathBuf) -> Worker {
        let (jobs, asked) = channel::<Job>();
        let (tell, done) = channel();
        let leaving = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let skip = leaving.clone();
        let thread = std::thread::spawn(move || {
            let mut store: Option<Store> = None;
            for job in asked {
                if skip.load(std::sync::atomic::Ordering::Relaxed)
                    && !matches!(job, Job::Export { .. })
                {
                    continue;
                }
                let done = match store.as_ref() {
                    Some(s) => job.run(s),
                    None => match Store::open_read_only(&db) {
                        Ok(s) => job.run(store.insert(s)),
                        Err(e) => failed(job, e),
                    },
                };
                // the loop may have ended meanwhile: nobody to take it (an export's file is
                // written all the same; the rest of the queue still runs, for its exports)
                let _ = tell.send(done);
            }
        });
        Worker {
            jobs: Some(jobs),
            leaving,
            thread: Some(thread),
            done,
            pending: std::cell::Cell::new(0),
            fresh: std::cell::Cell::new(false),
        }
    }

    /// Hands a job to the thread; the job back when the thread is gone (the caller runs it).
    pub(super) fn ask(&self, job: Job) -> Result<(), Job> {
        let Some(jobs) = self.jobs.as_ref() else {
            return Err(job);
        };
        jobs.send(job).map_err(|e| e.0)?;
        self.pending.set(self.pending.get() + 1);
        self.fresh.set(true);
        Ok(())
    }

    /// Results still to come.
    pub fn pending(&self) -> bool {
        self.pending.get() > 0
    }

    /// Feeds every result that has come to the app, in the order asked. Right after a job was
    /// asked, waits up to `wait` for the first (a small log's result is there in a few
    /// milliseconds: the screen is drawn with it, not empty first); a long one is not waited
    /// for again.
    pub fn feed(&self, app: &mut App, now: Timestamp, wait: std::time::Duration) {
        let mut first = self.fresh.replace(false) && !wait.is_zero();
        while self.pending() {
            let done = if first {
                first = false;
                self.done.recv_timeout(wait).ok()
            } else {
                self.done.try_recv().ok()
            };
            let Some(done) = done else { return };
            self.pending.set(self.pending.get() - 1);
            deliver(app, done, now);
        }
    }
}

/// Leaving (a quit, a signal, an error exit): the loads still queued are dropped, but an export
/// the member asked for is written before the app ends — pressing `e` `m` and then `q` at once
/// still leaves the file (the export ran on the loop, before it moved to the worker).
impl Drop for Worker {
    fn drop(&mut self) {
        self.leaving
            .store(true, std::sync::atomic::Ordering::Relaxed);
        // the thread's queue ends with the sender
        self.jobs = None;
        if let Some(t) = self.thread.take()
            && t.join().is_err()
        {
            tracing::error!("the worker thread panicked");
        }
    }
}

/// What a job gives when the worker's connection could not be opened.
fn failed(job: Job, e: StoreError) -> Done {
    match job {
        Job::Plans { today, .. } => Done::Plans(Err(e), today),
        Job::Stats { .. } => Done::Stats(Err(e)),
        Job::Export { strings, .. } => Done::Exported(Err(store_text(&e, &strings))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn at(secs: i64) -> Timestamp {
        Timestamp::from_second(1_764_000_000 + secs).unwrap()
    }

    fn app() -> App {
        let mut app = App::new(Strings::load(Lang::ZhCn), Vec::new(), 300);
        app.tz = TimeZone::UTC;
        app
    }

    /// Feeds the worker's results until every one asked has come (or gives up after 10 s), and
    /// says the tasks of `plan` the plans screen shows then. Each write asks a reload, and the
    /// worker may run an early one before the later writes: only the last shows them all.
    fn tasks_when_all_came(w: &Worker, app: &mut App, plan: &str) -> Vec<String> {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while w.pending() && std::time::Instant::now() < end {
            w.feed(app, at(9), std::time::Duration::from_millis(10));
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        assert!(!w.pending(), "the worker's results came within 10 s");
        app.plans()
            .and_then(|v| v.plans.iter().find(|(p, _)| p.id == plan))
            .map(|(p, _)| p.items.iter().map(|i| i.title.clone()).collect())
            .unwrap_or_default()
    }

    #[test]
    fn writes_run_at_once_and_in_order_and_the_log_loads_come_back_from_the_worker() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("xuexi.db");
        let mut store = Store::open(&db).unwrap();
        let plan = store.create_member_plan("我的计划", at(0)).unwrap();
        let worker = Worker::start(db.clone());
        let mut app = app();
        // the plans screen was never opened (whoever asked has gone): the writes still run,
        // each before the next, on the loop thread; the reloads they ask go to the worker
        let fx = vec![
            Effect::AddTask {
                plan: plan.clone(),
                title: "一".into(),
            },
            Effect::AddTask {
                plan: plan.clone(),
                title: "二".into(),
            },
            Effect::RemoveItem {
                plan: plan.clone(),
                item: "my-task-1".into(),
            },
            Effect::AddTask {
                plan: plan.clone(),
                title: "三".into(),
            },
        ];
        super::super::apply_with(&mut app, &mut store, fx, at(1), Some(&worker));
        let stored: Vec<String> = store
            .plan(&plan)
            .unwrap()
            .items
            .into_iter()
            .map(|i| i.title)
            .collect();
        assert_eq!(stored, ["二", "三"], "written at once, in order");
        // a load that comes back with no plans screen to show it is dropped; the member opens
        // the plans now, and the worker's reloads (asked after the writes) show them
        let _ = app.open_plans(at(2));
        assert_eq!(tasks_when_all_came(&worker, &mut app, &plan), ["二", "三"]);
    }

    #[test]
    fn without_a_worker_a_log_load_runs_on_the_store_given() {
        let mut store = Store::open_in_memory().unwrap();
        let plan = store.create_member_plan("我的计划", at(0)).unwrap();
        let mut app = app();
        // on the plans screen (its own first load is not needed here)
        let _ = app.open_plans(at(0));
        let fx = vec![Effect::AddTask {
            plan: plan.clone(),
            title: "一".into(),
        }];
        super::super::apply(&mut app, &mut store, fx, at(1));
        let v = app.plans().expect("the plans were loaded at once");
        let (p, _) = v.plans.iter().find(|(p, _)| p.id == plan).unwrap();
        assert_eq!(p.items.len(), 1);
    }

    #[test]
    fn an_export_asked_just_before_leaving_is_still_written_and_the_loads_are_dropped() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("xuexi.db");
        drop(Store::open(&db).unwrap());
        let out = dir.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let mut app = app();
        app.export_dir = Some(out.clone());
        let worker = Worker::start(db);
        let period = Period::ending(
            PeriodKind::Week,
            crate::domain::stats::day_of(at(1), &TimeZone::UTC),
        );
        let asked = [
            Effect::LoadPlans,
            Effect::Export {
                format: crate::domain::report::Format::Md,
                period,
            },
            Effect::LoadStats(PeriodKind::Week),
        ];
        for fx in &asked {
            let job = Job::of(&app, fx, at(1)).expect("a load of the whole log");
            assert!(worker.ask(job).is_ok());
        }
        // the member quits at once: the app ends, the worker with it
        drop(worker);
        let files: Vec<String> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
            .collect();
        assert_eq!(files.len(), 1, "the export was written: {files:?}");
        assert!(files[0].ends_with(".md"), "{files:?}");
    }
}
