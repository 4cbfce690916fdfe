//! Exams: a scripted exam through the real event loop, an exam killed mid-way in a child
//! process and resumed, and an exam a branch can trust (closed book, timed, nothing lost,
//! asked first).

use crate::common;

use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::quiz::*;
use common::*;
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::app::quiz::{Phase, Start};
use xuexi::app::{App, Effect, ScreenKind};
use xuexi::domain::quiz::Kind;
use xuexi::domain::session::Mode;
use xuexi::i18n::{Lang, Strings};
use xuexi::store::Store;
use xuexi::tui::{self, Clock, EventSource};
use xuexi::ui::Theme;

// ---- through the real loop

struct Script(VecDeque<Event>);

impl EventSource for Script {
    fn next(&mut self, _t: Duration) -> io::Result<Option<Event>> {
        self.0
            .pop_front()
            .map(Some)
            .ok_or_else(|| io::Error::other("script ran out"))
    }
}

struct StepClock(Cell<Timestamp>);

impl Clock for StepClock {
    fn now(&self) -> Timestamp {
        let t = self.0.get();
        self.0.set(t + SignedDuration::from_secs(1));
        t
    }
}

#[test]
fn scripted_exam_through_the_event_loop() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("xuexi.db")).unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut store, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, t0()).unwrap();
    let mut app = App::new(
        Strings::load(Lang::ZhCn),
        store.list_materials().unwrap(),
        300,
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let stop = AtomicBool::new(false);
    let theme = Theme::fallback(true);
    let clock = StepClock(Cell::new(t0()));
    // the menu: t, down to the first exam (after the daily quiz, the bank's practice and its
    // three topics), Enter; the script then runs out with the exam on screen
    let menu =
        xuexi::service::quiz::menu(&store, &Strings::load(Lang::ZhCn), t0(), &UTC, 20).unwrap();
    let exam_at = menu
        .iter()
        .position(|e| matches!(e.start, Some(Start::Exam { .. })))
        .unwrap();
    let mut keys: Vec<Event> = vec![key('t')];
    keys.extend(std::iter::repeat_n(key('j'), exam_at));
    // Enter on the menu shows the start screen; Enter there starts the clock
    keys.push(code(KeyCode::Enter));
    keys.push(code(KeyCode::Enter));
    let mut script = Script(keys.into());
    let r = tui::run(
        &mut terminal,
        &mut app,
        &mut store,
        &theme,
        &mut script,
        &clock,
        &stop,
    );
    assert!(r.is_err(), "the first script ends inside the exam");
    let session = run_of(&app).session.clone();
    assert_eq!(session.len(), 28);
    assert_eq!(session.mode, Mode::Exam);
    // now answer every question rightly, moving on with PgDn, and hand in
    let mut events: VecDeque<Event> = VecDeque::new();
    for i in 0..session.len() {
        events.extend(right_keys_for(&session, i));
        events.push_back(code(KeyCode::PageDown));
    }
    // Ctrl-s (S is text in a blank: the paper ends with its 填空 section) asks even with every
    // question answered; y hands in
    events.push_back(ctrl('s'));
    events.push_back(key('y'));
    events.push_back(ctrl('c'));
    let mut script = Script(events);
    tui::run(
        &mut terminal,
        &mut app,
        &mut store,
        &theme,
        &mut script,
        &clock,
        &stop,
    )
    .unwrap();
    let h = store.history().unwrap();
    assert_eq!(h[0].mode, "exam");
    assert_eq!(h[0].status, "submitted");
    assert_eq!(h[0].answered, 28);
    assert_eq!(h[0].percent, Some(100.0));
    assert_eq!(h[0].passed, Some(true));
    assert!(h[0].duration_secs > 0);
    let right: i64 = store
        .conn()
        .query_row(
            "SELECT count(*) FROM answers WHERE attempt_id = ?1 AND correct = 1",
            [h[0].id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(right, 28);
}

// ---- an exam killed mid-way and resumed

const CHILD_ENV: &str = "XUEXI_TEST_CHILD_DB";

/// Runs as the child when `XUEXI_TEST_CHILD_DB` is set: starts an exam, answers three
/// questions (printing each position once its effects were applied), then waits to be killed.
#[test]
fn child_exam_process() {
    let Ok(db) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(std::path::Path::new(&db)).unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut store, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, t0()).unwrap();
    let mut app = started(&mut store, exam(), 80, 24);
    for i in 0..3 {
        let keys = right_keys(&app);
        send(&mut app, &mut store, &keys, t0());
        send(&mut app, &mut store, &[code(KeyCode::PageDown)], t0());
        // ten seconds on each question, ticking every second as the loop does
        for s in 1..=10 {
            let fx = app.tick(at(10 * i + s));
            xuexi::tui::apply(&mut app, &mut store, fx, t0());
        }
        println!("ANSWERED {i}");
    }
    println!("READY");
    std::thread::sleep(Duration::from_secs(60));
}

#[test]
fn killed_exam_is_offered_and_resumed() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    let mut child = common::spawn_child(module_path!(), "child_exam_process", CHILD_ENV, &db);
    let out = BufReader::new(child.stdout.take().unwrap());
    let mut answered = 0;
    for line in out.lines() {
        let line = line.unwrap();
        // libtest may print its "test … " prefix on the same line
        if line.contains("ANSWERED") {
            answered += 1;
        }
        if line.contains("READY") {
            break;
        }
    }
    assert_eq!(answered, 3);
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();

    let mut store = Store::open(&db).unwrap();
    let integrity: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(integrity, "ok");
    let open = store.open_exam().unwrap().expect("the exam is still open");
    assert_eq!(open.answers.len(), 3, "every printed answer is stored");
    assert!(
        open.used_secs >= 25 && open.used_secs <= 40,
        "used {}",
        open.used_secs
    );

    // the next start offers it; Enter resumes at the first unanswered question
    let mut app = App::new(
        Strings::load(Lang::ZhCn),
        store.list_materials().unwrap(),
        300,
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let stop = AtomicBool::new(false);
    let mut script = Script([code(KeyCode::Enter)].into());
    let clock = StepClock(Cell::new(t0()));
    let r = tui::run(
        &mut terminal,
        &mut app,
        &mut store,
        &Theme::fallback(true),
        &mut script,
        &clock,
        &stop,
    );
    assert!(r.is_err(), "script ran out inside the resumed exam");
    let run = run_of(&app);
    assert_eq!(run.session.attempt, open.id);
    assert_eq!(run.current, 3);
    assert_eq!(
        run.session.responses.iter().filter(|r| r.is_some()).count(),
        3
    );
    let left = run.session.remaining_secs().unwrap();
    assert!(
        left <= 20 * 60 - open.used_secs && left >= 20 * 60 - open.used_secs - 3,
        "left {left}"
    );
    // or abandon it: it stays in the history as abandoned
    store.abandon_attempt(open.id, t0()).unwrap();
    assert!(store.open_exam().unwrap().is_none());
    assert_eq!(store.history().unwrap()[0].status, "abandoned");
}

// ---- an exam a branch can trust (closed book, timed, nothing lost, asked first) ----

/// Kinds of the events in the study log.
fn log_kinds(store: &Store) -> Vec<String> {
    store
        .events(None, None)
        .unwrap()
        .iter()
        .map(|e| e.record.kind().to_string())
        .collect()
}

#[test]
fn exam_answers_reach_the_book_and_the_log_only_when_handed_in() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    let wrong = wrong_keys(&app);
    send(&mut app, &mut store, &wrong, t0());
    send(&mut app, &mut store, &[code(KeyCode::PageDown)], t0());
    // nothing says it was wrong: not the book, not its due count, not the log
    assert_eq!(store.book_size().unwrap(), 0);
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::RefreshLibrary], t0());
    assert_eq!(app.library.review_due, 0);
    assert!(!log_kinds(&store).contains(&"answer".to_string()));
    send(&mut app, &mut store, &[ctrl('s'), key('y')], t0());
    assert!(matches!(run_of(&app).phase, Phase::Results(_)));
    assert_eq!(
        store.book_size().unwrap(),
        1,
        "handed in: the wrong answer is booked"
    );
    let answers = log_kinds(&store).iter().filter(|k| *k == "answer").count();
    assert_eq!(answers, 1, "and logged once");
}

#[test]
fn the_exam_clock_runs_while_the_member_is_away_and_while_xuexi_is_closed() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    leave_exam(&mut app, &mut store, at(10));
    // five minutes on other screens
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::LoadQuizMenu], at(300));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("剩余 15:00"), "{text}");
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(300));
    let fx = app.tick(at(301));
    xuexi::tui::apply(&mut app, &mut store, fx, at(301));
    assert!(screen_text(&draw(&app, 80, 24)).contains("剩余 14:59"));
    drop(app);
    // xuexi closed (or killed) and opened again after the time ran out: handed in as saved
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    let fx = app.offer_resume(at(1300));
    xuexi::tui::apply(&mut app, &mut store, fx, at(1300));
    let h = store.history().unwrap();
    assert_eq!(
        (h[0].status.as_str(), h[0].duration_secs),
        ("submitted", 1200)
    );
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("时间到，已自动交卷"),
        "the member is told"
    );
    assert!(!app.exam_open());
}

#[test]
fn while_an_exam_is_open_materials_search_notes_and_the_book_stay_closed() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    leave_exam(&mut app, &mut store, t0());
    assert!(app.exam_open());
    // the wrong-answer book and practice, from the menu
    let menu = &app.quiz().unwrap().menu;
    let practice_at = menu
        .iter()
        .position(|e| matches!(e.start, Some(Start::Practice { .. })))
        .unwrap();
    let mut keys = vec![code(KeyCode::Home)];
    keys.extend(std::iter::repeat_n(key('j'), practice_at));
    keys.push(code(KeyCode::Enter));
    send(&mut app, &mut store, &keys, t0());
    assert!(
        app.quiz().unwrap().run.is_none(),
        "no practice during an exam"
    );
    assert!(app.message.as_ref().unwrap().text.contains("考试进行中"));
    // the library: opening a material, search, notes
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    app.message = None;
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(app.library.reader.is_none(), "no material during an exam");
    assert!(app.message.as_ref().unwrap().text.contains("考试进行中"));
    send(&mut app, &mut store, &[key('/')], t0());
    assert_ne!(app.screen_kind(), ScreenKind::Search);
    send(&mut app, &mut store, &[key('n')], t0());
    assert_ne!(app.screen_kind(), ScreenKind::Notes);
    // handed in: everything opens again
    send(&mut app, &mut store, &[key('t')], t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Home), code(KeyCode::Enter)],
        t0(),
    );
    send(
        &mut app,
        &mut store,
        &[ctrl('s'), key('y'), code(KeyCode::Esc)],
        t0(),
    );
    assert!(!app.exam_open());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Esc), code(KeyCode::Enter)],
        t0(),
    );
    assert!(
        app.library.reader.is_some(),
        "the material opens after the exam"
    );
}

#[test]
fn a_resumed_exam_opens_on_the_question_the_member_was_on() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    let pgdn: Vec<Event> = (0..4).map(|_| code(KeyCode::PageDown)).collect();
    send(&mut app, &mut store, &pgdn, t0());
    let attempt = run_of(&app).session.attempt;
    // killed: no shutdown, nothing but what was saved as it happened
    drop(app);
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    xuexi::tui::apply(
        &mut app,
        &mut store,
        vec![Effect::StartQuiz(Start::Resume(attempt))],
        at(30),
    );
    assert_eq!(run_of(&app).current, 4);
    assert!(matches!(run_of(&app).phase, Phase::Answering));
}

#[test]
fn typing_in_an_exams_blank_is_saved_within_a_second() {
    let mut store = store_with_banks();
    let mut app = exam_at(&mut store, Kind::Fill);
    let attempt = run_of(&app).session.attempt;
    let saved = |store: &Store| -> Option<String> {
        store
            .conn()
            .query_row(
                "SELECT response FROM answers WHERE attempt_id = ?1",
                [attempt],
                |r| r.get(0),
            )
            .ok()
    };
    send(&mut app, &mut store, &[key('四'), key('个')], t0());
    assert_eq!(saved(&store), None, "not at every key");
    let fx = app.tick(at(1));
    xuexi::tui::apply(&mut app, &mut store, fx, at(1));
    assert!(
        saved(&store).unwrap().contains("四个"),
        "saved a second later"
    );
}

#[test]
fn the_start_screen_shows_the_paper_and_the_clock_waits_for_enter() {
    let mut store = store_with_banks();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::StartQuiz(exam())], t0());
    assert!(matches!(run_of(&app).phase, Phase::Start));
    let text = screen_text(&draw(&app, 80, 24));
    for want in [
        "共 28 题",
        "时长 20 分钟",
        "及格 60%",
        "一、单选题",
        "闭卷",
        "Enter 开始",
    ] {
        assert!(text.contains(want), "{want}: {text}");
    }
    // the paper's name once, not in the frame's title and again on the first line
    assert_eq!(text.matches("理论学习闭卷测试").count(), 1, "{text}");
    check_buffer(draw(&app, 41, 12).backend().buffer());
    // a minute reading the rules does not count
    let fx = app.tick(at(60));
    xuexi::tui::apply(&mut app, &mut store, fx, at(60));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(60));
    assert!(screen_text(&draw(&app, 80, 24)).contains("剩余 20:00"));
    // quitting on a start screen leaves no exam running, and no try in the history (a paper
    // with a limit does not count it)
    let begun = store.open_exam().unwrap().unwrap().id;
    store.abandon_attempt(begun, at(120)).unwrap();
    let before = store.history().unwrap().len();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::StartQuiz(exam())], t0());
    let fx = app.shutdown(t0());
    xuexi::tui::apply(&mut app, &mut store, fx, t0());
    assert!(store.open_exam().unwrap().is_none());
    assert_eq!(store.history().unwrap().len(), before);
    // Esc on a start screen gives the paper back unbegun
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::StartQuiz(exam())], t0());
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert!(store.open_exam().unwrap().is_none());
    assert_eq!(store.history().unwrap().len(), before);
    assert_eq!(
        store
            .exam_attempts("newsletter-2020-02", "bibei-ceshi")
            .unwrap(),
        1,
        "only the one begun and given up above"
    );
}

#[test]
fn handing_in_and_abandoning_ask_first() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    send(&mut app, &mut store, &[ctrl('s')], t0());
    assert_eq!(app.context(), xuexi::app::keys::Context::Confirm);
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert!(matches!(run_of(&app).phase, Phase::Answering));
    leave_exam(&mut app, &mut store, t0());
    send(&mut app, &mut store, &[code(KeyCode::Home), key('x')], t0());
    assert_eq!(app.context(), xuexi::app::keys::Context::ConfirmAbandon);
    assert!(screen_text(&draw(&app, 80, 24)).contains("放弃这场考试"));
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert_eq!(store.history().unwrap()[0].status, "open", "Esc keeps it");
    send(&mut app, &mut store, &[key('x'), key('y')], t0());
    assert_eq!(store.history().unwrap()[0].status, "abandoned");
}

#[test]
fn practice_left_unfinished_is_not_scored_and_can_be_resumed() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, practice(), 80, 24);
    let keys = right_keys(&app);
    send(&mut app, &mut store, &keys, t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Esc)],
        t0(),
    );
    let menu = app.quiz().unwrap().menu.clone();
    let bank_entry = menu.iter().find(|e| e.start == Some(practice())).unwrap();
    assert_eq!(
        bank_entry.detail, "还没做过",
        "one answer of ten is no score"
    );
    let resume = menu
        .iter()
        .position(|e| e.label.contains("继续未完成的"))
        .expect("offered to go on");
    let mut keys = vec![code(KeyCode::Home)];
    keys.extend(std::iter::repeat_n(key('j'), resume));
    keys.push(code(KeyCode::Enter));
    send(&mut app, &mut store, &keys, t0());
    assert_eq!(run_of(&app).current, 1, "on with the second question");
    assert_eq!(run_of(&app).session.unanswered(), 9);
}

#[test]
fn o_opens_the_source_at_the_passage_the_explanation_quotes() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, practice(), 80, 24);
    // the first question whose explanation quotes its material
    loop {
        let run = run_of(&app);
        let q = run.session.items[run.current].question.clone();
        let keys = right_keys(&app);
        send(&mut app, &mut store, &keys, t0());
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        if q.material.is_some() && xuexi::domain::quiz::quoted(&q.explanation).is_some() {
            break;
        }
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    }
    send(&mut app, &mut store, &[key('o')], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Reader);
    let r = app.library.reader.as_ref().expect("the source is open");
    let find = r.find.as_ref().expect("the quote is marked");
    assert!(!find.hits.is_empty(), "the quote is found in the material");
    assert_eq!(r.anchor, find.hits[0], "opened at it");
    let text = screen_text(&draw(&app, 80, 24));
    assert!(!text.contains('"'), "the quote is shown as written: {text}");
    assert!(
        text.contains("Esc 返回答题"),
        "the hint says where Esc goes: {text}"
    );
    // back returns to the question
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
}
