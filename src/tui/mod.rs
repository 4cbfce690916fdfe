//! The event loop: read an event → app.update → carry out effects on the store → draw.
//! The one place that holds both the terminal and the store.

pub mod background;
mod effects;
mod loads;
pub mod picker;
pub mod terminal;
pub mod tty;
mod worker;

use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::Event;

use crate::app::{App, Effect};
use crate::store::Store;
use crate::ui::{self, Theme};
use worker::Worker;

/// How long the loop waits for an event before ticking (timers, saves, signals).
pub const TICK: Duration = Duration::from_millis(250);

/// How long the loop waits for an event while a load runs beside it ([`Worker`]).
const AWAIT_TICK: Duration = Duration::from_millis(20);

/// How long the loop waits, before drawing, for a load it has just handed to the worker.
const FIRST_WAIT: Duration = Duration::from_millis(100);

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

/// Carries out effects against the store, feeding results back to the app. Writes of the
/// member's record go through [`effects::write`], always and in order; everything else loads
/// something for a screen ([`loads::load`]), here and now. While the disk is full, writes wait
/// in memory, in order.
pub fn apply(app: &mut App, store: &mut Store, effects: Vec<Effect>, now: Timestamp) {
    apply_with(app, store, effects, now, None);
}

/// [`apply`], the loads of the whole study log handed to `worker` when there is one (the
/// running loop's): their results come back through [`Worker::feed`].
fn apply_with(
    app: &mut App,
    store: &mut Store,
    effects: Vec<Effect>,
    now: Timestamp,
    worker: Option<&Worker>,
) {
    for fx in effects {
        if store.is_read_only()
            && matches!(
                fx,
                Effect::SaveProgress { .. } | Effect::SaveSession(_) | Effect::SavePlace { .. }
            )
        {
            // read-only mode: the periodic saves would fail every time; the hints line and the
            // notice at start say nothing is saved
            continue;
        }
        if effects::is_write(&fx) && !app.unsaved.is_empty() {
            // the disk is full: keep this behind what already waits, in order
            effects::keep_unsaved(app, fx);
            continue;
        }
        match effects::write(store, &fx, now) {
            Some(result) => effects::written(app, store, fx, result, now, worker),
            None => loads::load(app, store, fx, now, worker),
        }
    }
}

pub use effects::{RETRY_SECS, retry_unsaved};

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
    // the loads of the whole study log run beside the loop (a database in memory, which no
    // second connection can open, has them here)
    let worker = store.path().map(|db| Worker::start(db.to_path_buf()));
    let mut run_loop = || -> anyhow::Result<()> {
        let size = terminal.size()?;
        let now = clock.now();
        let mut fx = app.handle(&Event::Resize(size.width, size.height), now);
        fx.push(Effect::RefreshLibrary);
        // an exam whose time ran out while xuexi was closed is handed in at its deadline
        if !store.is_read_only()
            && crate::service::quiz::settle_expired(store, now, &app.tz).unwrap_or_else(|e| {
                tracing::error!(error = %e, "submitting a timed-out exam failed");
                false
            })
        {
            let text = app.strings.quiz_time_up_auto.clone();
            app.notice(text, now);
        }
        if !store.is_read_only() && store.open_exam()?.is_some() {
            // an exam was interrupted (crash, kill, closed terminal): offer it first (a
            // read-only xuexi's menu shows another's exam as answered there)
            fx.extend(app.offer_resume(now));
        } else if store.open_exam()?.is_some() {
            // the menu's line keeps this one closed book too, and its clock counts down
            fx.push(Effect::LoadQuizMenu);
        }
        apply_with(app, store, fx, now, worker.as_ref());
        loop {
            if let Some(w) = &worker {
                w.feed(app, clock.now(), FIRST_WAIT);
            }
            terminal.draw(|f| ui::render(f, app, theme))?;
            if app.quit || stop.load(Ordering::Relaxed) {
                return Ok(());
            }
            // a load still running beside the loop: look for its result again soon
            let wait = match &worker {
                Some(w) if w.pending() => AWAIT_TICK,
                _ => TICK,
            };
            let event = events.next(wait)?;
            let now = clock.now();
            let mut fx = match &event {
                Some(ev) => app.handle(ev, now),
                None => Vec::new(),
            };
            fx.extend(app.tick(now));
            apply_with(app, store, fx, now, worker.as_ref());
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
