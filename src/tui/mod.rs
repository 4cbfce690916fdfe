//! The event loop: read an event → app.update → carry out effects on the store → draw.
//! The one place that holds both the terminal and the store.

pub mod terminal;
pub mod tty;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;

use crate::app::{App, Effect};
use crate::i18n::fill;
use crate::store::Store;
use crate::ui::{self, Theme};

/// How long the loop waits for an event before ticking (timers, saves, signals).
pub const TICK: Duration = Duration::from_millis(250);

/// Where events come from: the real terminal, or a script in tests.
pub trait EventSource {
    /// The next event, or `None` when `timeout` passed without one.
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>>;
}

pub use tty::TtyEvents;

/// Test-only faults for the fault suite's exit-path cases, compiled only with the feature
/// `fault-hooks` (never in a default or release build): with `XUEXI_FAULT=panic` or
/// `XUEXI_FAULT=error` in the environment, the key F12 makes the event loop panic or return an
/// error, so the suite can check that both leave the terminal as it was.
#[cfg(feature = "fault-hooks")]
pub struct FaultHooks<E> {
    inner: E,
    fault: Option<String>,
}

#[cfg(feature = "fault-hooks")]
impl<E: EventSource> FaultHooks<E> {
    pub fn from_env(inner: E) -> Self {
        let fault = std::env::var("XUEXI_FAULT").ok();
        Self { inner, fault }
    }
}

#[cfg(feature = "fault-hooks")]
impl<E: EventSource> EventSource for FaultHooks<E> {
    fn next(&mut self, timeout: Duration) -> io::Result<Option<Event>> {
        let ev = self.inner.next(timeout)?;
        if let Some(Event::Key(k)) = &ev
            && k.code == ratatui::crossterm::event::KeyCode::F(12)
        {
            match self.fault.as_deref() {
                Some("panic") => panic!("fault hook: a panic in the event loop"),
                Some("error") => return Err(io::Error::other("fault hook: an error in the loop")),
                _ => {}
            }
        }
        Ok(ev)
    }
}

/// The time, injected so timers and sessions are testable.
pub trait Clock {
    fn now(&self) -> Timestamp;
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> Timestamp {
        Timestamp::now()
    }
}

/// Carries out effects against the store, feeding results back to the app.
pub fn apply(app: &mut App, store: &mut Store, effects: Vec<Effect>, now: Timestamp) {
    for fx in effects {
        if store.is_read_only()
            && matches!(
                fx,
                Effect::SaveProgress { .. } | Effect::SaveSession(_) | Effect::SaveQuizTime { .. }
            )
        {
            // read-only mode: the periodic saves would fail every time; the hints line and the
            // notice at start say nothing is saved
            continue;
        }
        let retry = is_write(&fx).then(|| fx.clone());
        if retry.is_some() && !app.unsaved.is_empty() {
            // the disk is full: keep this behind what already waits, in order
            keep_unsaved(app, fx);
            continue;
        }
        match fx {
            Effect::Open(id) => match store.material(&id) {
                Ok((m, origin, progress)) => {
                    app.opened(m, origin, progress, now);
                    match store.annotations(Some(&id)) {
                        Ok(a) => app.annotations_loaded(&id, a),
                        Err(e) => tracing::error!(%id, error = %e, "loading notes failed"),
                    }
                }
                Err(e) => {
                    tracing::error!(%id, error = %e, "open failed");
                    let text = fill(&app.strings.open_failed, &[("e", &e)]);
                    app.error(text, now);
                }
            },
            Effect::SaveProgress {
                material,
                position,
                percent,
                read,
            } => {
                if let Err(e) = store.save_progress(&material, position, percent, read, now) {
                    tracing::error!(%material, error = %e, "saving progress failed");
                    write_failed(app, retry, &e, now);
                }
            }
            Effect::SaveSession(s) => {
                if let Err(e) = store.save_session(&s) {
                    tracing::error!(material = %s.material, error = %e, "saving a session failed");
                    write_failed(app, retry, &e, now);
                }
            }
            Effect::RefreshLibrary => {
                match store.list_materials() {
                    Ok(items) => app.set_items(items),
                    Err(e) => tracing::error!(error = %e, "reloading the library failed"),
                }
                let day = crate::domain::stats::day_of(now, &app.tz).to_string();
                app.book_due = store.book_due(&day).map(|v| v.len()).unwrap_or(0);
            }
            Effect::LoadQuizMenu => {
                match crate::service::quiz::menu(store, &app.strings, now, &app.tz) {
                    Ok(menu) => app.quiz_menu(menu),
                    Err(e) => {
                        tracing::error!(error = %e, "building the quiz menu failed");
                        app.error(e.to_string(), now);
                    }
                }
            }
            Effect::StartQuiz(start) => {
                let strings = app.strings.clone();
                match crate::service::quiz::start(store, &strings, &start, now, &app.tz) {
                    Ok((session, day)) => app.quiz_started(session, day, now),
                    Err(e) => {
                        app.error(format!("{e:#}"), now);
                        apply(app, store, vec![Effect::LoadQuizMenu], now);
                    }
                }
            }
            Effect::SaveAnswer(answer) => {
                if let Err(e) = store.save_answer(&answer, now) {
                    tracing::error!(attempt = answer.attempt, error = %e, "saving an answer failed");
                    write_failed(app, retry, &e, now);
                }
            }
            Effect::SaveQuizTime { attempt, used_secs } => {
                if let Err(e) = store.save_used_time(attempt, used_secs) {
                    tracing::error!(attempt, error = %e, "saving exam time failed");
                    write_failed(app, retry, &e, now);
                }
            }
            Effect::FinishAttempt {
                attempt,
                results,
                used_secs,
            } => {
                if let Err(e) = store.finish_attempt(attempt, &results, used_secs, now) {
                    tracing::error!(attempt, error = %e, "finishing an attempt failed");
                    write_failed(app, retry, &e, now);
                }
            }
            Effect::AbandonAttempt(attempt) => {
                if let Err(e) = store.abandon_attempt(attempt, now) {
                    tracing::error!(attempt, error = %e, "abandoning an attempt failed");
                    write_failed(app, retry, &e, now);
                }
            }
            Effect::OpenMaterial(id) => {
                let fx = app.open_from_quiz(&id);
                apply(app, store, fx, now);
            }
            Effect::LoadPlans => {
                let today = crate::domain::stats::day_of(now, &app.tz);
                match crate::service::report::Log::load(store) {
                    Ok(log) => app.plans_loaded(log.plan_status(&app.tz, today, None), today),
                    Err(e) => {
                        tracing::error!(error = %e, "loading the plans failed");
                        app.error(e.to_string(), now);
                    }
                }
            }
            Effect::Tick {
                plan,
                item,
                done,
                note,
            } => {
                if let Err(e) = store.tick(&plan, &item, done, &note, now) {
                    tracing::error!(error = %e, "saving a tick failed");
                    write_failed(app, retry, &e, now);
                }
                apply(app, store, vec![Effect::LoadPlans], now);
            }
            Effect::AddTask { plan, title } => {
                if let Err(e) = store.add_member_task(&plan, &title, None) {
                    write_failed(app, retry, &e, now);
                }
                apply(app, store, vec![Effect::LoadPlans], now);
            }
            Effect::NewPlan { title } => {
                match store.create_member_plan(&title, now) {
                    Ok(id) => {
                        if let Some(v) = app.plans.as_mut() {
                            v.want_plan = Some(id);
                        }
                    }
                    Err(e) => write_failed(app, retry, &e, now),
                }
                apply(app, store, vec![Effect::LoadPlans], now);
            }
            Effect::LoadStats(kind) => {
                let today = crate::domain::stats::day_of(now, &app.tz);
                let period = crate::domain::stats::Period::ending(kind, today);
                match crate::service::report::Log::load(store) {
                    Ok(log) => {
                        let stats = log.stats(&app.config, &app.tz, today, period);
                        app.stats_loaded(stats);
                    }
                    Err(e) => app.error(e.to_string(), now),
                }
            }
            Effect::Annotate {
                kind,
                material,
                position,
                quote,
                text,
            } => {
                match store.annotate(kind, &material, position, &quote, &text, now) {
                    Ok(_) => {
                        let text = match kind {
                            crate::domain::annotation::AnnotationKind::Note => {
                                app.strings.saved_note.clone()
                            }
                            crate::domain::annotation::AnnotationKind::Bookmark => {
                                app.strings.saved_bookmark.clone()
                            }
                        };
                        app.notice(text, now);
                    }
                    Err(e) => write_failed(app, retry, &e, now),
                }
                if let Ok(a) = store.annotations(Some(&material)) {
                    app.annotations_loaded(&material, a);
                }
            }
            Effect::LoadNotes => match store.annotations(None) {
                Ok(a) => app.notes_loaded(a),
                Err(e) => app.error(e.to_string(), now),
            },
            Effect::Search(text) => {
                let result = match crate::text::search::Query::parse(&text) {
                    Ok(q) => store
                        .search(&q, None, crate::app::find::RESULTS)
                        .map_err(|e| e.to_string()),
                    Err(e) => Err(e.to_string()),
                };
                app.search_results(text, result);
            }
            Effect::Export { format, period } => {
                let result = match &app.export_dir {
                    Some(dir) => crate::service::report::export_file(
                        store,
                        &app.config,
                        &app.strings,
                        dir,
                        format,
                        period,
                        now,
                        &app.tz,
                    ),
                    None => Err("no export folder is set".to_string()),
                };
                app.exported(result, now);
            }
            Effect::Quit => {}
        }
    }
}

/// The effects that write the member's record (progress, reading time, answers, ticks, notes).
fn is_write(fx: &Effect) -> bool {
    matches!(
        fx,
        Effect::SaveProgress { .. }
            | Effect::SaveSession(_)
            | Effect::SaveAnswer(_)
            | Effect::SaveQuizTime { .. }
            | Effect::FinishAttempt { .. }
            | Effect::AbandonAttempt(_)
            | Effect::Tick { .. }
            | Effect::AddTask { .. }
            | Effect::NewPlan { .. }
            | Effect::Annotate { .. }
    )
}

/// How often writes kept in memory are tried again while the disk is full.
pub const RETRY_SECS: i64 = 5;

/// A write failed. A full disk is one state, not an error per save: the write waits in memory
/// (the banner says so) and is tried again every [`RETRY_SECS`]; anything else is reported.
fn write_failed(
    app: &mut App,
    retry: Option<Effect>,
    e: &crate::store::StoreError,
    now: Timestamp,
) {
    match retry {
        Some(fx) if e.is_disk_full() => {
            if app.unsaved.is_empty() {
                tracing::warn!("the disk is full: the study record is kept in memory");
                app.retry_at = Some(now + jiff::SignedDuration::from_secs(RETRY_SECS));
            }
            keep_unsaved(app, fx);
        }
        _ => {
            let text = fill(&app.strings.save_failed, &[("e", e)]);
            app.error(text, now);
        }
    }
}

/// Queues a write; a newer position, reading-session checkpoint or exam time replaces the
/// one of the same material, session or attempt still waiting (each is an upsert).
fn keep_unsaved(app: &mut App, fx: Effect) {
    app.unsaved.retain(|old| !same_row(&fx, old));
    app.unsaved.push(fx);
}

fn same_row(new: &Effect, old: &Effect) -> bool {
    match (new, old) {
        (Effect::SaveProgress { material: a, .. }, Effect::SaveProgress { material: b, .. }) => {
            a == b
        }
        (Effect::SaveQuizTime { attempt: a, .. }, Effect::SaveQuizTime { attempt: b, .. }) => {
            a == b
        }
        (Effect::SaveSession(a), Effect::SaveSession(b)) => {
            a.material == b.material && a.started == b.started
        }
        _ => false,
    }
}

/// Tries the writes kept in memory again, in order, when their time has come (`force`: now).
/// When all went through, the banner goes and the member is told.
pub fn retry_unsaved(app: &mut App, store: &mut Store, now: Timestamp, force: bool) {
    if app.unsaved.is_empty() || (!force && app.retry_at.is_some_and(|t| now < t)) {
        return;
    }
    let waiting = std::mem::take(&mut app.unsaved);
    let count = waiting.len();
    apply(app, store, waiting, now);
    if app.unsaved.is_empty() {
        tracing::info!(count, "disk space is back: the kept writes are saved");
        app.retry_at = None;
        let text = app.strings.disk_saved_again.clone();
        app.notice(text, now);
    } else {
        app.retry_at = Some(now + jiff::SignedDuration::from_secs(RETRY_SECS));
    }
}

/// Runs the app until it quits, `stop` is raised (a signal), the terminal hangs up, or an error
/// occurs. Whatever the way out, unsaved progress, the running reading session and the exam
/// answer being edited are written first. A hang-up is a normal exit, not an error: there is
/// no terminal left to tell.
pub fn run<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    store: &mut Store,
    theme: &Theme,
    events: &mut dyn EventSource,
    clock: &dyn Clock,
    stop: &AtomicBool,
) -> anyhow::Result<()>
where
    B::Error: Send + Sync + 'static,
{
    let mut run_loop = || -> anyhow::Result<()> {
        let size = terminal.size()?;
        let now = clock.now();
        let mut fx = app.handle(&Event::Resize(size.width, size.height), now);
        fx.push(Effect::RefreshLibrary);
        if store.open_exam()?.is_some() {
            // an exam was interrupted (crash, kill, closed terminal): offer it first
            fx.extend(app.offer_resume(now));
        }
        apply(app, store, fx, now);
        loop {
            terminal.draw(|f| ui::render(f, app, theme))?;
            if app.quit || stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            let event = events.next(TICK)?;
            let now = clock.now();
            let mut fx = match &event {
                Some(ev) => app.handle(ev, now),
                None => Vec::new(),
            };
            fx.extend(app.tick(now));
            apply(app, store, fx, now);
            retry_unsaved(app, store, now, false);
        }
    };
    let result = run_loop();
    let now = clock.now();
    let fx = app.shutdown(now);
    apply(app, store, fx, now);
    // a last try for what waited in memory; what still cannot be written is named in the log
    retry_unsaved(app, store, now, true);
    if !app.unsaved.is_empty() {
        tracing::error!(lost = ?app.unsaved, "the disk is still full: these writes were not saved");
    }
    match result {
        Err(e) if tty::is_terminal_gone(&e) => {
            tracing::info!("the terminal hung up: saved and leaving");
            Ok(())
        }
        other => other,
    }
}
