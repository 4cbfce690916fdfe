//! Quiz sessions for the tests: started directly, the bundled bank's exam and practice, and the
//! keys that answer a question rightly or wrongly.

use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::app::quiz::{Phase, Start};
use xuexi::app::{App, Effect, ScreenKind};
use xuexi::domain::quiz::Kind;
use xuexi::i18n::Lang;
use xuexi::store::Store;

use jiff::Timestamp;

use super::{at, code, key, send, t0};

/// The zone the tests count days in (the app's `tz` in `common::app`).
pub const UTC: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;

/// Starts a session directly (as the menu's Enter would) at 80x24.
pub fn started(store: &mut Store, start: Start, w: u16, h: u16) -> App {
    let mut app = super::app(store, Lang::ZhCn, w, h);
    xuexi::tui::apply(&mut app, store, vec![Effect::StartQuiz(start)], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
    assert!(app.quiz().unwrap().run.is_some(), "session started");
    if matches!(run_of(&app).phase, Phase::Start) {
        // an exam's start screen: Enter starts its clock
        send(&mut app, store, &[code(KeyCode::Enter)], t0());
        assert!(matches!(run_of(&app).phase, Phase::Answering));
    }
    app
}

pub fn exam() -> Start {
    Start::Exam {
        bank: "newsletter-2020-02".into(),
        paper: "bibei-ceshi".into(),
    }
}

/// Practice on the bundled bank, every question.
pub fn practice() -> Start {
    Start::Practice {
        bank: Some("newsletter-2020-02".into()),
        tag: None,
        material: None,
    }
}

pub fn run_of(app: &App) -> &xuexi::app::quiz::Run {
    app.quiz().unwrap().run.as_ref().unwrap()
}

/// Keys that answer item `i` of a session rightly.
pub fn right_keys_for(session: &xuexi::domain::session::Session, i: usize) -> Vec<Event> {
    let item = &session.items[i];
    match &item.question.answer {
        xuexi::domain::quiz::Answer::Sealed => unreachable!("no sealed bank in this test"),
        xuexi::domain::quiz::Answer::Choice(set) => item
            .shown(set)
            .into_iter()
            .map(|k| key((b'1' + k as u8) as char))
            .collect(),
        xuexi::domain::quiz::Answer::Judge(b) => vec![key(if *b { 't' } else { 'f' })],
        xuexi::domain::quiz::Answer::Fill(blanks) => {
            let mut v = Vec::new();
            for (i, alts) in blanks.iter().enumerate() {
                if i > 0 {
                    v.push(code(KeyCode::Tab));
                }
                v.extend(alts[0].chars().map(key));
            }
            v
        }
    }
}

/// Keys that answer the current question wrongly.
pub fn wrong_keys(app: &App) -> Vec<Event> {
    let right = right_keys(app);
    match run_of(app).kind() {
        Kind::Fill => "错误答案".chars().map(key).collect(),
        Kind::Judge => vec![if right[0] == key('t') {
            key('f')
        } else {
            key('t')
        }],
        _ => vec![
            (1..=4)
                .map(|d| key((b'0' + d) as char))
                .find(|k| !right.contains(k))
                .unwrap(),
        ],
    }
}

/// Keys that answer the current question rightly.
pub fn right_keys(app: &App) -> Vec<Event> {
    let run = run_of(app);
    right_keys_for(&run.session, run.current)
}

/// An exam, moved on to the first question of `kind` (with two blanks when a 填空).
pub fn exam_at(store: &mut Store, kind: Kind) -> App {
    let mut app = started(store, exam(), 80, 24);
    for _ in 0..run_of(&app).session.len() {
        let run = run_of(&app);
        let q = &run.session.items[run.current].question;
        let blanks_ok = match &q.answer {
            xuexi::domain::quiz::Answer::Fill(b) => b.len() >= 2,
            _ => true,
        };
        if q.kind == kind && blanks_ok {
            return app;
        }
        send(&mut app, store, &[code(KeyCode::PageDown)], t0());
    }
    panic!("the exam has no {kind:?} question");
}

/// A practice session whose first question is of `kind` (sessions are drawn by the time).
pub fn practice_at(store: &mut Store, kind: Kind) -> App {
    for s in 0..200 {
        let mut app = super::app(store, Lang::ZhCn, 80, 24);
        xuexi::tui::apply(&mut app, store, vec![Effect::StartQuiz(practice())], at(s));
        let run = run_of(&app);
        if run.session.items[run.current].question.kind == kind {
            return app;
        }
    }
    panic!("no practice starts with a {kind:?} question");
}

/// Leaves the exam screen, confirming (its clock keeps running): back on the quiz menu.
pub fn leave_exam(app: &mut App, store: &mut Store, now: Timestamp) {
    send(app, store, &[code(KeyCode::Esc)], now);
    assert_eq!(app.context(), xuexi::app::keys::Context::ConfirmLeave);
    send(app, store, &[key('y')], now);
    assert!(app.quiz().unwrap().run.is_none(), "back on the menu");
}
