//! Scripted key sequences through the real event loop (tui::run) with an injected event source
//! and clock, checking the database afterwards.

use crate::common;

use std::cell::Cell;
use std::collections::VecDeque;
use std::io;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use common::*;
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::app::App;
use xuexi::i18n::{Lang, Strings};
use xuexi::store::Store;
use xuexi::tui::{self, Clock, EventSource};
use xuexi::ui::Theme;

/// Plays a script; raises `stop` or fails when told to; running out is an error (no hang).
struct Script<'a> {
    events: VecDeque<Step>,
    stop: &'a AtomicBool,
}

enum Step {
    Ev(Event),
    Idle,
    Signal,
    Fail,
}

impl EventSource for Script<'_> {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        match self.events.pop_front() {
            Some(Step::Ev(e)) => Ok(Some(e)),
            Some(Step::Idle) => Ok(None),
            Some(Step::Signal) => {
                self.stop.store(true, Ordering::Relaxed);
                Ok(None)
            }
            Some(Step::Fail) => Err(io::Error::other("terminal went away")),
            None => Err(io::Error::other("script ran out")),
        }
    }
}

/// Ten seconds pass at every look at the clock.
struct StepClock(Cell<Timestamp>);

impl Clock for StepClock {
    fn now(&self) -> Timestamp {
        let t = self.0.get();
        self.0.set(t + SignedDuration::from_secs(10));
        t
    }
}

fn run(
    store: &mut Store,
    steps: Vec<Step>,
    size: (u16, u16),
) -> (anyhow::Result<()>, App, Terminal<TestBackend>) {
    let mut app = App::new(
        Strings::load(Lang::ZhCn),
        store.list_materials().unwrap(),
        300,
    );
    let mut terminal = Terminal::new(TestBackend::new(size.0, size.1)).unwrap();
    let stop = AtomicBool::new(false);
    let mut script = Script {
        events: steps.into(),
        stop: &stop,
    };
    let clock = StepClock(Cell::new(t0()));
    let theme = Theme::fallback(true);
    let r = tui::run(
        &mut terminal,
        &mut app,
        store,
        &theme,
        &mut script,
        &clock,
        &stop,
    );
    (r, app, terminal)
}

fn ev(e: Event) -> Step {
    Step::Ev(e)
}

fn open_third() -> Vec<Step> {
    vec![ev(key('j')), ev(key('j')), ev(code(KeyCode::Enter))]
}

#[test]
fn reopening_resumes_at_the_same_place() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xuexi.db");
    let mut store = Store::open(&path).unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut store, t0()).unwrap();
    let mut steps = open_third();
    steps.extend([
        ev(key(' ')),
        ev(key('j')),
        ev(key('j')),
        ev(key('j')),
        ev(key('q')),
    ]);
    let (r, app, _) = run(&mut store, steps, (80, 24));
    r.unwrap();
    assert!(app.quit);
    let top_before = {
        // what the member saw at the top when they quit
        let reader = app.library.reader.as_ref().expect("reader open at quit");
        reader.layout.lines[reader.top].text()
    };
    drop(store);

    // the next day: a new process, a new store handle
    let mut store = Store::open(&path).unwrap();
    let (_, _, p) = store.material("xuzhou-sixue-jizhi").unwrap();
    assert!(
        p.position.block > 0 || p.position.offset > 0,
        "position saved: {p:?}"
    );
    assert!(p.percent > 0);
    let mut steps = open_third();
    steps.push(ev(key('q')));
    let (r, app, terminal) = run(&mut store, steps, (80, 24));
    r.unwrap();
    let reader = app.library.reader.as_ref().unwrap();
    assert_eq!(reader.layout.lines[reader.top].text(), top_before);
    assert!(screen_text(&terminal).contains(top_before.trim()));
}

#[test]
fn resume_survives_another_terminal_width() {
    let mut store = common::store();
    let mut steps = open_third();
    steps.extend([ev(key(' ')), ev(key(' ')), ev(key('q'))]);
    let (r, app, _) = run(&mut store, steps, (80, 24));
    r.unwrap();
    let anchor = app.library.reader.as_ref().unwrap().anchor;
    let mut steps = open_third();
    steps.push(ev(key('q')));
    let (_, app, _) = run(&mut store, steps, (50, 30));
    let reader = app.library.reader.as_ref().unwrap();
    let line = &reader.layout.lines[reader.top];
    assert_eq!(line.block, anchor.block, "same paragraph at another width");
}

#[test]
fn jumping_to_the_end_is_not_reading_it() {
    let mut store = common::store();
    let mut steps = open_third();
    steps.extend([ev(key('G')), ev(code(KeyCode::Esc)), ev(key('q'))]);
    let (r, app, _) = run(&mut store, steps, (80, 24));
    r.unwrap();
    let (_, _, p) = store.material("xuzhou-sixue-jizhi").unwrap();
    assert_eq!(
        (p.read, p.percent),
        (false, 100),
        "at the end, but not read in seconds"
    );
    let s = app
        .library
        .items
        .iter()
        .find(|s| s.meta.id == "xuzhou-sixue-jizhi")
        .unwrap();
    assert!(!s.progress.read);
    assert!(
        !store
            .events(None, None)
            .unwrap()
            .iter()
            .any(|e| e.record.kind() == "finished")
    );
}

#[test]
fn reading_to_the_end_for_long_enough_marks_read_and_counts_time() {
    let mut store = common::store();
    let mut steps = open_third();
    steps.extend([ev(key('j')), ev(key('G'))]);
    // reading on at the end: a key every 10 s for five minutes (the most it ever needs)
    for _ in 0..31 {
        steps.extend([Step::Idle, ev(key('G'))]);
    }
    steps.extend([ev(code(KeyCode::Esc)), ev(key('q'))]);
    let (r, app, _) = run(&mut store, steps, (80, 24));
    r.unwrap();
    let (_, _, p) = store.material("xuzhou-sixue-jizhi").unwrap();
    assert!(p.read);
    assert_eq!(p.percent, 100);
    // the library shows it as read
    let s = app
        .library
        .items
        .iter()
        .find(|s| s.meta.id == "xuzhou-sixue-jizhi")
        .unwrap();
    assert!(s.progress.read);
    let secs = store.reading_seconds(Some("xuzhou-sixue-jizhi")).unwrap();
    assert!(secs >= 300, "active seconds {secs}");
}

#[test]
fn idle_time_is_not_counted() {
    let mut store = common::store();
    let mut steps = open_third();
    // 40 idle ticks = 400 s without a key: only the idle limit (300 s) after the last key counts
    steps.extend((0..40).map(|_| Step::Idle));
    steps.push(ev(key('q')));
    let mut app = App::new(
        Strings::load(Lang::ZhCn),
        store.list_materials().unwrap(),
        60,
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let stop = AtomicBool::new(false);
    let mut script = Script {
        events: steps.into(),
        stop: &stop,
    };
    let clock = StepClock(Cell::new(t0()));
    tui::run(
        &mut terminal,
        &mut app,
        &mut store,
        &Theme::fallback(true),
        &mut script,
        &clock,
        &stop,
    )
    .unwrap();
    let secs = store.reading_seconds(Some("xuzhou-sixue-jizhi")).unwrap();
    // idle limit of 60 s: the 400 s away count as 60, plus the time around the keys
    assert!((60..=100).contains(&secs), "active seconds {secs}");
}

#[test]
fn a_signal_saves_before_leaving() {
    let mut store = common::store();
    let mut steps = open_third();
    steps.extend([ev(key(' ')), ev(key(' ')), Step::Signal]);
    let (r, app, _) = run(&mut store, steps, (80, 24));
    r.unwrap();
    assert!(!app.quit, "left through the signal, not the quit key");
    let (_, _, p) = store.material("xuzhou-sixue-jizhi").unwrap();
    assert!(p.percent > 0, "progress written on the way out");
    assert!(
        store.reading_seconds(None).unwrap() > 0,
        "session written on the way out"
    );
}

#[test]
fn an_error_in_the_loop_still_saves() {
    let mut store = common::store();
    let mut steps = open_third();
    steps.extend([ev(key(' ')), Step::Fail]);
    let (r, _, _) = run(&mut store, steps, (80, 24));
    let err = r.unwrap_err();
    assert!(err.to_string().contains("terminal went away"));
    let (_, _, p) = store.material("xuzhou-sixue-jizhi").unwrap();
    assert!(p.percent > 0);
}

#[test]
fn side_by_side_follows_selection_and_tab_moves_focus() {
    let mut store = common::store();
    let steps = vec![
        ev(key('j')),
        ev(code(KeyCode::Tab)),
        ev(key('j')),
        ev(key('j')),
        ev(code(KeyCode::Tab)),
        ev(key('j')),
        ev(key('q')),
    ];
    let (r, app, terminal) = run(&mut store, steps, (140, 30));
    r.unwrap();
    assert_eq!(app.selected_id(), Some("xuzhou-sixue-jizhi"));
    assert_eq!(
        app.library.reader.as_ref().unwrap().id(),
        "xuzhou-sixue-jizhi"
    );
    // the second material was read a little (two lines) while focused
    let (_, _, p) = store.material("shengwei-changweihui-0205").unwrap();
    assert!(p.percent > 0);
    assert!(screen_text(&terminal).contains("徐州市委理论学习中心组认真落实"));
}

#[test]
fn mouse_wheel_scrolls_the_reader() {
    use ratatui::crossterm::event::{KeyModifiers, MouseEvent, MouseEventKind};
    let mut store = common::store();
    let wheel = |kind| {
        Step::Ev(Event::Mouse(MouseEvent {
            kind,
            column: 40,
            row: 10,
            modifiers: KeyModifiers::NONE,
        }))
    };
    let mut steps = open_third();
    steps.extend([
        wheel(MouseEventKind::ScrollDown),
        wheel(MouseEventKind::ScrollDown),
        wheel(MouseEventKind::ScrollUp),
        ev(key('q')),
    ]);
    let (r, app, _) = run(&mut store, steps, (80, 24));
    r.unwrap();
    assert_eq!(app.library.reader.as_ref().unwrap().top, 3);
}

#[test]
fn scroll_keys_move_as_documented() {
    let mut store = common::store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(
        &mut app,
        &mut store,
        &[key('j'), key('j'), code(KeyCode::Enter)],
        t0(),
    );
    let h = app.library.reader.as_ref().unwrap().height;
    let top = |app: &App| app.library.reader.as_ref().unwrap().top;
    send(&mut app, &mut store, &[key('j')], t0());
    assert_eq!(top(&app), 1);
    send(&mut app, &mut store, &[code(KeyCode::Down), key('k')], t0());
    assert_eq!(top(&app), 1);
    send(&mut app, &mut store, &[ctrl('d')], t0());
    assert_eq!(top(&app), 1 + h / 2);
    send(&mut app, &mut store, &[ctrl('u')], t0());
    assert_eq!(top(&app), 1);
    send(&mut app, &mut store, &[code(KeyCode::PageDown)], t0());
    assert_eq!(top(&app), h);
    send(&mut app, &mut store, &[code(KeyCode::PageUp)], t0());
    assert_eq!(top(&app), 1);
    send(&mut app, &mut store, &[key('G')], t0());
    let total = app.library.reader.as_ref().unwrap().total();
    assert_eq!(top(&app), total - h);
    send(&mut app, &mut store, &[code(KeyCode::Home)], t0());
    assert_eq!(top(&app), 0);
    send(&mut app, &mut store, &[code(KeyCode::End), key('g')], t0());
    assert_eq!(top(&app), 0);
}
