//! Quiz sessions: screens (insta at 80x24 and 41x12), a scripted exam through the real event
//! loop, an exam killed mid-way in a child process and resumed, daily/challenge/wrong-book rules.

mod common;

use std::cell::Cell;
use std::collections::VecDeque;
use std::io::{self, BufRead, BufReader};
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::*;
use jiff::{SignedDuration, Timestamp};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::app::quiz::{Phase, Start};
use xuexi::app::{App, Effect, ScreenKind};
use xuexi::domain::log::Record;
use xuexi::domain::quiz::Kind;
use xuexi::domain::session::Mode;
use xuexi::i18n::{Lang, Strings};
use xuexi::store::Store;
use xuexi::tui::{self, Clock, EventSource};
use xuexi::ui::Theme;

/// The zone the tests count days in (the app's `tz` in `common::app`).
const UTC: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;

/// Starts a session directly (as the menu's Enter would) at 80x24.
fn started(store: &mut Store, start: Start, w: u16, h: u16) -> App {
    let mut app = common::app(store, Lang::ZhCn, w, h);
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

fn exam() -> Start {
    Start::Exam {
        bank: "newsletter-2020-02".into(),
        paper: "bibei-ceshi".into(),
    }
}

/// Practice on the bundled bank, every question.
fn practice() -> Start {
    Start::Practice {
        bank: Some("newsletter-2020-02".into()),
        tag: None,
        material: None,
    }
}

fn run_of(app: &App) -> &xuexi::app::quiz::Run {
    app.quiz().unwrap().run.as_ref().unwrap()
}

/// Keys that answer item `i` of a session rightly.
fn right_keys_for(session: &xuexi::domain::session::Session, i: usize) -> Vec<Event> {
    let item = &session.items[i];
    match &item.question.answer {
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
fn wrong_keys(app: &App) -> Vec<Event> {
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
fn right_keys(app: &App) -> Vec<Event> {
    let run = run_of(app);
    right_keys_for(&run.session, run.current)
}

#[test]
fn menu_screens() {
    let mut store = store_with_banks();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('t')], t0());
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!("menu_80x24", t.backend());
    let text = screen_text(&t);
    assert!(text.contains("考试 · 理论学习闭卷测试"));
    assert!(text.contains("20 分钟 · 28 题 · 及格 60%"));
    app.resize(41, 12);
    draw(&app, 41, 12);
}

#[test]
fn question_feedback_and_review_screens() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, practice(), 80, 24);
    insta::assert_snapshot!("practice_question_80x24", draw(&app, 80, 24).backend());
    let keys = right_keys(&app);
    send(&mut app, &mut store, &keys, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(matches!(run_of(&app).phase, Phase::Feedback(g) if g.correct));
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!("practice_feedback_80x24", t.backend());
    let text = screen_text(&t);
    assert!(text.contains("✓ 答对了"));
    assert!(
        text.contains("原文：「"),
        "the explanation quotes the source"
    );
    app.resize(41, 12);
    insta::assert_snapshot!("practice_feedback_41x12", draw(&app, 41, 12).backend());
}

#[test]
fn exam_screens_with_timer_map_confirm_results_review() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!("exam_question_80x24", t.backend());
    assert!(screen_text(&t).contains("剩余 20:00"));
    // time passes only through ticks
    for s in 1..=5 {
        let fx = app.tick(t0() + SignedDuration::from_secs(s));
        xuexi::tui::apply(&mut app, &mut store, fx, t0());
    }
    assert!(screen_text(&draw(&app, 80, 24)).contains("剩余 19:55"));
    let keys = right_keys(&app);
    send(&mut app, &mut store, &keys, t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::PageDown), key('m')],
        t0(),
    );
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!("exam_map_80x24", t.backend());
    assert!(screen_text(&t).contains("题目导航"));
    send(&mut app, &mut store, &[code(KeyCode::Esc), key('S')], t0());
    assert!(matches!(run_of(&app).phase, Phase::Confirm(_)));
    let t = draw(&app, 80, 24);
    assert!(
        screen_text(&t).contains("还有 27 题没有作答"),
        "{}",
        screen_text(&t)
    );
    app.resize(41, 12);
    draw(&app, 41, 12);
    app.resize(80, 24);
    send(&mut app, &mut store, &[key('y')], t0());
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!("exam_results_80x24", t.backend());
    let text = screen_text(&t);
    assert!(text.contains("不及格"));
    assert!(text.contains("用时 00:05"));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    insta::assert_snapshot!("exam_review_80x24", draw(&app, 80, 24).backend());
    app.resize(41, 12);
    insta::assert_snapshot!("exam_review_41x12", draw(&app, 41, 12).backend());
}

#[test]
fn fill_input_takes_chinese_and_places_the_cursor_by_width() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    // find a fill question in the paper
    let i = run_of(&app)
        .session
        .items
        .iter()
        .position(|it| it.question.kind == Kind::Fill)
        .unwrap();
    for _ in 0..i {
        send(&mut app, &mut store, &[code(KeyCode::PageDown)], t0());
    }
    send(
        &mut app,
        &mut store,
        &"四个意识".chars().map(key).collect::<Vec<_>>(),
        t0(),
    );
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let theme = Theme::fallback(true);
    terminal
        .draw(|f| xuexi::ui::render(f, &app, &theme))
        .unwrap();
    let text = screen_text(&terminal);
    let row = text
        .lines()
        .position(|l| l.contains("第 1 空：四个意识"))
        .expect("typed text shown");
    let line = text.lines().nth(row).unwrap();
    let prefix = &line[..line.find("四个意识").unwrap()];
    let want_x = unicode_width::UnicodeWidthStr::width(prefix)
        + unicode_width::UnicodeWidthStr::width("四个意识");
    let pos = terminal.get_cursor_position().unwrap();
    assert_eq!(
        (pos.x as usize, pos.y as usize),
        (want_x, row),
        "cursor after the wide text"
    );
}

#[test]
fn practice_from_the_reading_pane() {
    let mut store = store_with_banks();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(
        &mut app,
        &mut store,
        &[key('j'), key('j'), code(KeyCode::Enter), key('t')],
        t0(),
    );
    let run = run_of(&app);
    assert_eq!(run.session.mode, Mode::Practice);
    assert!(
        run.session
            .items
            .iter()
            .all(|it| it.question.material.as_deref() == Some("xuzhou-sixue-jizhi"))
    );
    // a wrong answer, then 'o' opens the source; Esc comes back to the quiz
    let wrong = wrong_keys(&app);
    send(&mut app, &mut store, &wrong, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(matches!(run_of(&app).phase, Phase::Feedback(g) if !g.correct));
    send(&mut app, &mut store, &[key('o')], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Reader);
    assert_eq!(
        app.library.reader.as_ref().map(|r| r.id()),
        Some("xuzhou-sixue-jizhi")
    );
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
    assert!(run_of(&app).session.grades[0].is_some());
    // the wrong answer is in the book
    assert_eq!(store.book_size().unwrap(), 1);
}

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
    let mut child = common::spawn_child("child_exam_process", CHILD_ENV, &db);
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

// ---- daily, challenge, wrong-answer book

#[test]
fn daily_quiz_is_the_same_all_day_and_done_once() {
    let mut store = store_with_banks();
    let app1 = started(&mut store, Start::Daily, 80, 24);
    let ids1: Vec<String> = run_of(&app1)
        .session
        .items
        .iter()
        .map(|i| i.question.id.clone())
        .collect();
    assert_eq!(ids1.len(), 5);
    let mut app2 = started(&mut store, Start::Daily, 80, 24);
    let ids2: Vec<String> = run_of(&app2)
        .session
        .items
        .iter()
        .map(|i| i.question.id.clone())
        .collect();
    assert_eq!(ids1, ids2, "the same five all day");
    for _ in 0..5 {
        let keys = right_keys(&app2);
        send(&mut app2, &mut store, &keys, t0());
        send(
            &mut app2,
            &mut store,
            &[code(KeyCode::Enter), code(KeyCode::Enter)],
            t0(),
        );
    }
    assert!(matches!(run_of(&app2).phase, Phase::Results(_)));
    let menu =
        xuexi::service::quiz::menu(&store, &Strings::load(Lang::ZhCn), t0(), &UTC, 20).unwrap();
    assert!(
        menu.iter()
            .any(|e| e.label.contains("今日已完成") && e.start.is_none())
    );
    assert!(xuexi::service::quiz::start(&mut store, &Start::Daily, t0(), &UTC, 20).is_err());
}

#[test]
fn challenge_ends_at_the_first_wrong_answer() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, Start::Challenge, 80, 24);
    for _ in 0..2 {
        let keys = right_keys(&app);
        send(&mut app, &mut store, &keys, t0());
        send(
            &mut app,
            &mut store,
            &[code(KeyCode::Enter), code(KeyCode::Enter)],
            t0(),
        );
    }
    // now a wrong one
    let wrong = wrong_keys(&app);
    send(&mut app, &mut store, &wrong, t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
        t0(),
    );
    let run = run_of(&app);
    let Phase::Results(r) = &run.phase else {
        panic!("run over");
    };
    // only the three questions shown count, and the score is the run of right answers
    let shown: usize = r.by_kind.iter().map(|k| k.2).sum();
    assert_eq!((shown, r.score, r.max), (3, 2.0, 3.0));
    let h = store.history().unwrap();
    assert_eq!((h[0].score, h[0].max_score), (Some(2.0), Some(3.0)));
    assert_eq!(store.best_challenge().unwrap(), Some(2.0));
    assert!(screen_text(&draw(&app, 80, 24)).contains("连续答对 2 题"));
}

#[test]
fn challenge_question_timer() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, Start::Challenge, 80, 24);
    for s in 0..=46 {
        let fx = app.tick(t0() + SignedDuration::from_millis(s * 1000));
        xuexi::tui::apply(&mut app, &mut store, fx, t0());
    }
    assert!(
        matches!(run_of(&app).phase, Phase::Feedback(g) if !g.correct),
        "timed out"
    );
}

#[test]
fn wrong_book_leaves_after_three_separate_right_days() {
    let mut store = store_with_banks();
    let r = xuexi::domain::quiz::Response::Judge(true);
    for _ in 0..2 {
        let a = xuexi::store::NewAttempt {
            mode: Mode::Practice,
            bank: Some("b"),
            paper: None,
            title: "t",
            seed: 1,
            items: &[],
            day: "2026-11-01",
            limit_secs: None,
            pass: None,
            partial: None,
        };
        store.start_attempt(&a, t0()).unwrap();
    }
    store
        .save_answer(
            &common::answer(1, 0, "b", "q", &r, false, 0.0, 3, false, "2026-11-01"),
            t0(),
        )
        .unwrap();
    assert_eq!(store.book_due("2026-11-01").unwrap().len(), 1);
    for (day, left) in [
        ("2026-11-01", 1),
        ("2026-11-01", 1),
        ("2026-11-02", 1),
        ("2026-11-04", 0),
    ] {
        store
            .save_answer(
                &common::answer(2, 0, "b", "q", &r, true, 1.0, 3, true, day),
                t0(),
            )
            .unwrap();
        assert_eq!(store.book_size().unwrap(), left, "after {day}");
    }
    assert_eq!(store.book_due("2026-11-05").unwrap().len(), 0);
}

#[test]
fn every_exam_answer_is_stored_when_chosen_ungraded() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, exam(), 80, 24);
    let attempt = run_of(&app).session.attempt;
    let rows = |store: &Store| -> Vec<(String, i64)> {
        let mut st = store
            .conn()
            .prepare("SELECT response, correct FROM answers WHERE attempt_id = ?1")
            .unwrap();
        st.query_map([attempt], |r| Ok((r.get(0).unwrap(), r.get(1).unwrap())))
            .unwrap()
            .map(Result::unwrap)
            .collect()
    };
    // choosing is enough: no Enter, no moving on (kill -9 now loses nothing)
    let keys = right_keys(&app);
    send(&mut app, &mut store, &keys, t0());
    let saved = rows(&store);
    assert_eq!(saved.len(), 1, "the choice is saved when made");
    assert_eq!(saved[0].1, 0, "and not graded before submission");
    // a changed choice replaces it
    let wrong = wrong_keys(&app);
    send(&mut app, &mut store, &wrong, t0());
    let again = rows(&store);
    assert_eq!(again.len(), 1);
    assert_ne!(again[0].0, saved[0].0, "the new choice is what is kept");
}

#[test]
fn exam_submits_itself_when_time_runs_out() {
    let mut store = store_with_banks();
    let mut app = started(
        &mut store,
        Start::Exam {
            bank: "newsletter-2020-02".into(),
            paper: "shangqing-xiada".into(),
        },
        80,
        24,
    );
    let keys = right_keys(&app);
    send(&mut app, &mut store, &keys, t0());
    // ten minutes of ticks, one a second; the answer being entered counts
    for s in 1..=601 {
        let fx = app.tick(at(s));
        xuexi::tui::apply(&mut app, &mut store, fx, at(s));
    }
    assert!(matches!(run_of(&app).phase, Phase::Results(_)));
    let h = store.history().unwrap();
    assert_eq!(h[0].status, "submitted");
    assert_eq!(h[0].answered, 1);
    assert_eq!(h[0].duration_secs, 600);
    assert!(
        screen_text(&draw(&app, 80, 24)).contains("时间到，已自动交卷"),
        "the member is told why it ended"
    );
}

#[test]
fn library_shows_the_questions_to_review_today() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, practice(), 80, 24);
    let wrong = wrong_keys(&app);
    send(&mut app, &mut store, &wrong, t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Esc), code(KeyCode::Esc)],
        t0(),
    );
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("今日复习 1 题"), "{text}");
    // the practice left after one answer is unfinished: kept, resumable, not scored
    let h = store.history().unwrap();
    assert_eq!(
        (h[0].mode.as_str(), h[0].status.as_str(), h[0].answered),
        ("practice", "open", 1)
    );
}

#[test]
fn quiz_history_cli() {
    use assert_cmd::Command;
    let dir = tempfile::tempdir().unwrap();
    let cmd = || {
        let mut c = Command::cargo_bin("xuexi").unwrap();
        c.env_clear()
            .env("HOME", dir.path())
            .env("LANG", "zh_CN.UTF-8")
            .env("TZ", "CST-8")
            .arg("--data-dir")
            .arg(dir.path());
        c
    };
    let out = cmd().args(["quiz", "history"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("还没有答题记录"));
    {
        let mut store = Store::open(&dir.path().join("xuexi.db")).unwrap();
        let mut app = started(&mut store, exam(), 80, 24);
        send(&mut app, &mut store, &[ctrl('s'), key('y')], t0());
    }
    let out = cmd().args(["quiz", "history", "--json"]).output().unwrap();
    assert!(out.status.success());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let a = &v.as_array().unwrap()[0];
    assert_eq!(a["mode"], "exam");
    assert_eq!(a["title"], "理论学习闭卷测试");
    assert_eq!(a["percent"], 0.0);
    assert_eq!(a["passed"], false);
    for k in ["started_at", "score", "duration_secs", "bank", "paper"] {
        assert!(a.get(k).is_some(), "{k}");
    }
    let out = cmd().args(["quiz", "history"]).output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("理论学习闭卷测试"));
    // started at t0 (08:00 UTC): shown in the member's zone, with Chinese words
    assert!(text.contains("2026-11-28 16:00"), "{text}");
    assert!(text.contains("考试") && text.contains("已交卷"), "{text}");
    assert!(
        !text.contains("submitted") && !text.contains("exam "),
        "{text}"
    );
}

#[test]
fn long_feedback_scrolls_on_a_small_screen() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, practice(), 41, 12);
    let keys = right_keys(&app);
    send(&mut app, &mut store, &keys, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let first = screen_text(&draw(&app, 41, 12));
    assert!(first.contains('↓'), "more below is shown: {first}");
    for _ in 0..20 {
        send(&mut app, &mut store, &[key('j')], t0());
    }
    let last = screen_text(&draw(&app, 41, 12));
    assert!(
        last.contains("原文"),
        "the explanation is reachable: {last}"
    );
    assert!(last.contains('↑'));
}

#[test]
fn practice_by_tag() {
    let mut store = store_with_banks();
    let menu =
        xuexi::service::quiz::menu(&store, &Strings::load(Lang::ZhCn), t0(), &UTC, 20).unwrap();
    assert!(menu.iter().any(|e| e.label.contains("专题练习 · 经验交流")));
    let app = started(
        &mut store,
        Start::Practice {
            bank: Some("newsletter-2020-02".into()),
            tag: Some("经验交流".into()),
            material: None,
        },
        80,
        24,
    );
    let run = run_of(&app);
    assert!(!run.session.items.is_empty());
    assert!(
        run.session
            .items
            .iter()
            .all(|i| i.question.tags.iter().any(|t| t == "经验交流"))
    );
    assert!(
        run.session
            .items
            .iter()
            .all(|i| i.question.material.as_deref() == Some("xuzhou-sixue-jizhi"))
    );
}

// ---- every key the hint bar shows does something

/// The event a binding's first key (the one the hint bar shows) makes.
fn first_key(b: &xuexi::app::keys::Binding) -> Event {
    let k = b.keys[0];
    Event::Key(ratatui::crossterm::event::KeyEvent::new(k.code, k.mods))
}

/// Everything a key can change that the member could notice: the styled screen, the effects
/// it asks for, help and quitting.
fn noticed(app: &App) -> (ratatui::buffer::Buffer, bool, bool) {
    (
        draw(app, 80, 24).backend().buffer().clone(),
        app.help,
        app.quit,
    )
}

/// For the state `setup` makes: every binding the hint bar shows, pressed (after `prep`, so
/// that moving up or back has somewhere to go), changes something the member sees or asks the
/// loop for something. `name` says which state failed.
fn every_hint_does_something(name: &str, setup: &dyn Fn(&mut Store) -> App) {
    let mut store = store_with_banks();
    let app = setup(&mut store);
    let ctx = app.context();
    let bindings: Vec<_> = xuexi::app::keys::active(ctx, app.facts())
        .filter(|b| b.hint)
        .copied()
        .collect();
    assert!(!bindings.is_empty(), "{name}: no hints");
    for b in bindings {
        let mut store = store_with_banks();
        let mut app = setup(&mut store);
        // something to go back to: first the move the other way
        use xuexi::app::keys::Command as C;
        let forth = match b.command {
            C::Up => Some(C::Down),
            C::PrevQuestion => Some(C::NextQuestion),
            C::LineUp => Some(C::LineDown),
            C::PageUp => Some(C::PageDown),
            C::HalfUp => Some(C::HalfDown),
            C::Top => Some(C::Bottom),
            C::First => Some(C::Last),
            C::PrevColumn => Some(C::NextColumn),
            C::PrevPlan => Some(C::NextPlan),
            _ => None,
        };
        if let Some(forth) = forth {
            let key = xuexi::app::keys::active(ctx, app.facts())
                .find(|d| d.command == forth)
                .map(first_key);
            if let Some(k) = key {
                send(&mut app, &mut store, &[k], t0());
            }
        }
        let before = noticed(&app);
        let fx = app.handle(&first_key(&b), t0());
        let asked = !fx.is_empty();
        xuexi::tui::apply(&mut app, &mut store, fx, t0());
        assert!(
            asked || noticed(&app) != before,
            "{name} ({ctx:?}): the hint {:?} {:?} does nothing",
            xuexi::ui::keys::key_label(&b.keys[0]),
            b.command
        );
    }
}

/// An exam, moved on to the first question of `kind` (with two blanks when a 填空).
fn exam_at(store: &mut Store, kind: Kind) -> App {
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
fn practice_at(store: &mut Store, kind: Kind) -> App {
    for s in 0..200 {
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        xuexi::tui::apply(&mut app, store, vec![Effect::StartQuiz(practice())], at(s));
        let run = run_of(&app);
        if run.session.items[run.current].question.kind == kind {
            return app;
        }
    }
    panic!("no practice starts with a {kind:?} question");
}

#[test]
fn every_hint_in_a_quiz_does_what_it_says() {
    every_hint_does_something("menu", &|store| {
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        send(&mut app, store, &[key('t')], t0());
        app
    });
    for kind in [Kind::Single, Kind::Multiple, Kind::Judge, Kind::Fill] {
        every_hint_does_something(&format!("exam {kind:?}"), &|store| exam_at(store, kind));
        every_hint_does_something(&format!("practice {kind:?}"), &|store| {
            practice_at(store, kind)
        });
    }
    every_hint_does_something("exam start screen", &|store| {
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        xuexi::tui::apply(&mut app, store, vec![Effect::StartQuiz(exam())], t0());
        app
    });
    every_hint_does_something("leave the exam?", &|store| {
        let mut app = exam_at(store, Kind::Single);
        send(&mut app, store, &[code(KeyCode::Esc)], t0());
        app
    });
    every_hint_does_something("abandon the exam?", &|store| {
        let mut app = exam_at(store, Kind::Single);
        leave_exam(&mut app, store, t0());
        send(&mut app, store, &[key('x')], t0());
        app
    });
    every_hint_does_something("exam map", &|store| {
        let mut app = exam_at(store, Kind::Single);
        send(&mut app, store, &[code(KeyCode::F(2))], t0());
        app
    });
    every_hint_does_something("confirm", &|store| {
        let mut app = exam_at(store, Kind::Single);
        send(&mut app, store, &[ctrl('s')], t0());
        app
    });
    every_hint_does_something("feedback", &|store| {
        let mut app = practice_at(store, Kind::Single);
        let keys = right_keys(&app);
        send(&mut app, store, &keys, t0());
        send(&mut app, store, &[code(KeyCode::Enter)], t0());
        app
    });
    every_hint_does_something("results", &|store| {
        let mut app = exam_at(store, Kind::Single);
        send(&mut app, store, &[ctrl('s'), key('y')], t0());
        app
    });
    every_hint_does_something("review", &|store| {
        let mut app = exam_at(store, Kind::Single);
        send(
            &mut app,
            store,
            &[ctrl('s'), key('y'), code(KeyCode::Enter)],
            t0(),
        );
        app
    });
}

#[test]
fn every_hint_on_the_library_reader_plans_and_stats_does_what_it_says() {
    every_hint_does_something("library", &|store| common::app(store, Lang::ZhCn, 80, 24));
    every_hint_does_something("reader", &|store| {
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        send(&mut app, store, &[code(KeyCode::Enter)], t0());
        app
    });
    every_hint_does_something("plans", &|store| {
        // the bundled plan, as every start syncs it
        xuexi::service::bootstrap::sync_bundled_plans(store, t0()).unwrap();
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        send(&mut app, store, &[key('p')], t0());
        app
    });
    every_hint_does_something("stats", &|store| {
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        send(&mut app, store, &[key('s')], t0());
        app
    });
}

#[test]
fn every_hint_on_the_notes_and_search_screens_does_what_it_says() {
    every_hint_does_something("notes", &|store| {
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        // two notes, so there is somewhere to move
        for (m, text) in [
            ("xuzhou-sixue-jizhi", "四学机制"),
            ("siyang-sanxun", "三训"),
        ] {
            let note = Effect::Annotate {
                kind: xuexi::domain::annotation::AnnotationKind::Note,
                material: m.into(),
                position: Default::default(),
                quote: String::new(),
                text: text.into(),
            };
            xuexi::tui::apply(&mut app, store, vec![note], t0());
        }
        send(&mut app, store, &[key('n')], t0());
        app
    });
    every_hint_does_something("search", &|store| {
        let mut app = common::app(store, Lang::ZhCn, 80, 24);
        send(&mut app, store, &[key('/'), key('学'), key('习')], t0());
        // typing has paused: the search runs
        let fx = app.tick(at(5));
        xuexi::tui::apply(&mut app, store, fx, at(5));
        app
    });
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

/// Leaves the exam screen, confirming (its clock keeps running): back on the quiz menu.
fn leave_exam(app: &mut App, store: &mut Store, now: Timestamp) {
    send(app, store, &[code(KeyCode::Esc)], now);
    assert_eq!(app.context(), xuexi::app::keys::Context::ConfirmLeave);
    send(app, store, &[key('y')], now);
    assert!(app.quiz().unwrap().run.is_none(), "back on the menu");
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

/// A trainer's bank of `n` 单选 questions, the first with a stem of `stem_chars` characters
/// (a 材料题 passage).
fn trainer_bank(id: &str, n: usize, stem_chars: usize) -> xuexi::domain::quiz::Bank {
    use xuexi::domain::quiz::{Answer, Bank, Question};
    let questions = (0..n)
        .map(|i| Question {
            id: format!("{id}-{i}"),
            kind: Kind::Single,
            stem: if i == 0 {
                "材料：".to_string() + &"学习贯彻党的理论，".repeat(stem_chars / 9)
            } else {
                format!("第{i}题（　）")
            },
            options: vec![
                "甲选项".into(),
                "乙选项".into(),
                "丙选项".into(),
                "丁选项".into(),
            ],
            answer: Answer::Choice([3].into()),
            explanation: String::new(),
            material: None,
            // topics: each one more line on the menu
            tags: vec![format!("专题{}", i % 2 + 1)],
            difficulty: None,
            points: 1.0,
            shuffle: false,
        })
        .collect();
    Bank {
        id: id.into(),
        title: format!("{id} 题库"),
        description: String::new(),
        version: None,
        questions,
        papers: vec![],
    }
}

#[test]
fn the_quiz_menu_scrolls_to_every_entry_at_80x24_and_40x12() {
    let mut store = store_with_banks();
    let banks: Vec<_> = ["一支部", "二支部", "三支部"]
        .iter()
        .map(|id| {
            (
                trainer_bank(id, 3, 0),
                "h".to_string(),
                format!("{id}.toml"),
            )
        })
        .collect();
    store.import_banks(&banks, t0()).unwrap();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = common::app(&store, Lang::ZhCn, w, h);
        send(&mut app, &mut store, &[key('t')], t0());
        let menu = &app.quiz().unwrap().menu;
        let n = menu.len();
        let rows: usize = menu
            .iter()
            .map(|e| 1 + usize::from(!e.detail.is_empty()))
            .sum();
        assert!(
            rows > usize::from(h) - 3,
            "{rows} rows: more than the frame holds"
        );
        // down through every entry: each, in turn, is on screen and highlighted
        for i in 0..n {
            let label = app.quiz().unwrap().menu[i].label.clone();
            let t = draw(&app, w, h);
            check_buffer(t.backend().buffer());
            let seen = xuexi::text::width::truncate(&label, usize::from(w) - 6);
            let prefix: String = seen.chars().take(4).collect();
            assert!(
                screen_text(&t).contains(&prefix),
                "{w}x{h}: entry {i} ({label}) is off screen:\n{}",
                screen_text(&t)
            );
            send(&mut app, &mut store, &[key('j')], t0());
        }
        let text = screen_text(&draw(&app, w, h));
        assert!(
            text.contains("错题本"),
            "the last entry is reachable: {text}"
        );
        assert!(text.contains('↑'), "and the screen says more is above");
    }
}

#[test]
fn a_long_stem_keeps_the_highlighted_option_in_view() {
    let mut store = store_with_banks();
    store
        .import_banks(
            &[(trainer_bank("材料", 1, 650), "h".into(), "材料.toml".into())],
            t0(),
        )
        .unwrap();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = started(
            &mut store,
            Start::Practice {
                bank: Some("材料".into()),
                tag: None,
                material: None,
            },
            w,
            h,
        );
        for (k, opt) in ["甲选项", "乙选项", "丙选项", "丁选项"].iter().enumerate() {
            let t = draw(&app, w, h);
            check_buffer(t.backend().buffer());
            assert!(
                screen_text(&t).contains(opt),
                "{w}x{h}: option {k} is off screen:\n{}",
                screen_text(&t)
            );
            send(&mut app, &mut store, &[key('j')], t0());
        }
        // and D is what Enter answers: the member saw it
        send(
            &mut app,
            &mut store,
            &[key('4'), code(KeyCode::Enter)],
            t0(),
        );
        assert!(matches!(run_of(&app).phase, Phase::Feedback(g) if g.correct));
    }
}

#[test]
fn the_bundled_bank_cannot_be_farmed_by_always_pressing_a() {
    use xuexi::domain::quiz::Answer;
    let store = store_with_banks();
    let bank = store.bank("newsletter-2020-02").unwrap();
    let singles: Vec<usize> = bank
        .questions
        .iter()
        .filter_map(|q| match (&q.kind, &q.answer) {
            (Kind::Single, Answer::Choice(set)) => set.iter().next().copied(),
            _ => None,
        })
        .collect();
    for letter in 0..4 {
        let n = singles.iter().filter(|&&a| a == letter).count();
        assert!(
            n * 100 <= singles.len() * 35,
            "{n} of {} 单选 answers are option {letter}",
            singles.len()
        );
    }
    let judges: Vec<bool> = bank
        .questions
        .iter()
        .filter_map(|q| match &q.answer {
            Answer::Judge(b) => Some(*b),
            _ => None,
        })
        .collect();
    let right = judges.iter().filter(|b| **b).count();
    assert!(
        right.abs_diff(judges.len() - right) <= 1,
        "{right} of {} 判断 are 正确",
        judges.len()
    );
    // and the letter a member sees is drawn per attempt anyway
    assert!(bank.questions.iter().all(|q| q.shuffle));
}

#[test]
fn the_hint_bar_names_the_keys_of_the_question_type() {
    let mut store = store_with_banks();
    let hints = |app: &App| -> String {
        screen_text(&draw(app, 80, 24))
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    let single = hints(&practice_at(&mut store, Kind::Single));
    assert!(
        single.contains("1-4 选择") && !single.contains("勾选"),
        "{single}"
    );
    let multiple = hints(&practice_at(&mut store, Kind::Multiple));
    assert!(multiple.contains("Space 勾选/取消"), "{multiple}");
    let judge = hints(&practice_at(&mut store, Kind::Judge));
    // t/f, or 1-2 (it said "1 选择", as if there were one option)
    assert!(
        judge.contains("t ") && judge.contains("1-2 选择") && !judge.contains(" 1 选择"),
        "{judge}"
    );
    let fill = hints(&practice_at(&mut store, Kind::Fill));
    assert!(!fill.contains("选择") && !fill.contains("勾选"), "{fill}");
}

#[test]
fn partly_right_shows_the_points_not_wrong() {
    let mut store = store_with_banks();
    // a 填空 of two blanks, only the first right
    let mut app = exam_at(&mut store, Kind::Fill);
    let i = run_of(&app).current;
    let first: String = match &run_of(&app).session.items[i].question.answer {
        xuexi::domain::quiz::Answer::Fill(b) => b[0][0].clone(),
        _ => unreachable!("exam_at found a 填空"),
    };
    let keys: Vec<Event> = first.chars().map(key).collect();
    send(&mut app, &mut store, &keys, t0());
    send(
        &mut app,
        &mut store,
        &[ctrl('s'), key('y'), code(KeyCode::Enter)],
        t0(),
    );
    let next: Vec<Event> = (0..i).map(|_| key('n')).collect();
    send(&mut app, &mut store, &next, t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("◐ 部分正确：得"), "{text}");
    assert!(!text.contains("答错了"), "{text}");
}

#[test]
fn an_exams_rules_scroll_into_view_on_a_small_screen() {
    let mut store = store_with_banks();
    let mut app = common::app(&store, Lang::ZhCn, 40, 12);
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::StartQuiz(exam())], t0());
    assert!(matches!(run_of(&app).phase, Phase::Start));
    let t = draw(&app, 40, 12);
    check_buffer(t.backend().buffer());
    let first = screen_text(&t);
    assert!(first.contains('↓'), "more below is shown:\n{first}");
    assert!(!first.contains("按 Enter 开始考试"), "{first}");
    // j scrolls to the rules' end; the title stays on top
    send(&mut app, &mut store, &vec![key('j'); 12], t0());
    let t = draw(&app, 40, 12);
    check_buffer(t.backend().buffer());
    let last = screen_text(&t);
    assert!(last.contains("按 Enter 开始考试"), "{last}");
    assert!(last.contains("理论学习闭卷测试"), "{last}");
    assert!(
        matches!(run_of(&app).phase, Phase::Start),
        "j does not start it"
    );
    // k goes back; Enter still starts the clock
    send(&mut app, &mut store, &vec![key('k'); 30], t0());
    assert!(screen_text(&draw(&app, 40, 12)).contains('↓'));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(matches!(run_of(&app).phase, Phase::Answering));
}

#[test]
fn a_hint_shows_the_source_with_the_answer_hidden_and_that_answer_earns_no_points() {
    let mut store = store_with_banks();
    let mut app = started(&mut store, Start::Daily, 80, 24);
    let bar = |app: &App| {
        screen_text(&draw(app, 80, 24))
            .lines()
            .last()
            .unwrap()
            .to_string()
    };
    let next = |app: &mut App, store: &mut Store| {
        let keys = right_keys(app);
        send(app, store, &keys, t0());
        send(
            app,
            store,
            &[code(KeyCode::Enter), code(KeyCode::Enter)],
            t0(),
        );
    };
    // F3 is on the bar only where the question has a hint (a 判断 has none: its source is its
    // answer); the first question that has one gets it looked at
    let mut at = None;
    for i in 0..5 {
        let q = run_of(&app).session.items[i].question.clone();
        let hint = xuexi::domain::quiz::hint(&q);
        assert_eq!(
            bar(&app).contains("F3 查看提示"),
            hint.is_some(),
            "{}",
            bar(&app)
        );
        assert!(q.kind != Kind::Judge || hint.is_none());
        if let (Some(h), None) = (hint, at) {
            send(&mut app, &mut store, &[code(KeyCode::F(3))], t0());
            let text = screen_text(&draw(&app, 80, 24));
            assert!(text.contains("提示（原文，答案已隐去"), "{text}");
            assert!(h.contains("＿＿"), "{h}");
            assert!(!bar(&app).contains("F3"), "once per question");
            at = Some(i);
        }
        next(&mut app, &mut store);
    }
    let at = at.expect("one of the day's five has a hint");
    assert!(matches!(run_of(&app).phase, Phase::Results(_)));
    let events = store.events(None, None).unwrap();
    let hinted: Vec<bool> = events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Answer { hinted, .. } => Some(*hinted),
            _ => None,
        })
        .collect();
    let mut want = vec![false; 5];
    want[at] = true;
    assert_eq!(hinted, want);
    let (right, hinted_right) = events
        .iter()
        .find_map(|e| match &e.record {
            Record::Attempt { right, hinted, .. } => Some((*right, *hinted)),
            _ => None,
        })
        .unwrap();
    assert_eq!((right, hinted_right), (5, 1));
    // the day's 积分 count four right answers, not five
    let log = xuexi::service::report::Log::load(&store).unwrap();
    let today = xuexi::domain::stats::day_of(t0(), &UTC);
    let stats = log.stats(
        &Default::default(),
        &UTC,
        today,
        xuexi::domain::stats::Period::ending(xuexi::domain::stats::PeriodKind::Week, today),
    );
    let config = xuexi::config::Config::default();
    let with = |n| config.points.daily.score(n);
    assert_ne!(with(4), with(5), "the rule tells four from five");
    assert_eq!(
        stats.today_points.daily,
        with(4),
        "{:?}",
        stats.today_points
    );
}

#[test]
fn time_used_is_how_long_the_session_lasted_feedback_included() {
    // 用时 was the sum of the answer times: the feedback read between questions was left out
    let mut store = store_with_banks();
    let mut app = started(&mut store, practice(), 80, 24);
    for s in 1..=5 {
        let fx = app.tick(t0() + SignedDuration::from_secs(s));
        xuexi::tui::apply(&mut app, &mut store, fx, t0());
    }
    let keys = right_keys(&app);
    send(&mut app, &mut store, &keys, at(5));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(5));
    assert!(matches!(run_of(&app).phase, Phase::Feedback(_)));
    for s in 6..=25 {
        let fx = app.tick(t0() + SignedDuration::from_secs(s));
        xuexi::tui::apply(&mut app, &mut store, fx, at(s));
    }
    let session = &run_of(&app).session;
    assert_eq!(session.spent_ms[0], 5_000, "the answer's own time");
    assert_eq!(session.used_ms, 25_000, "the session's time");
}

#[test]
fn a_small_exam_bar_keeps_the_keys_that_hand_in_and_leave() {
    // at 40×12 the bar kept PgUp/PgDn and dropped Ctrl-s 交卷, F2 and Esc
    let mut store = store_with_banks();
    let app = started(&mut store, exam(), 40, 12);
    let t = draw(&app, 40, 12);
    let bar = common::rows(t.backend().buffer()).last().cloned().unwrap();
    for k in ["Ctrl-s 交卷", "F2", "Esc"] {
        assert!(bar.contains(k), "{k}: {bar}");
    }
    assert!(!bar.contains("PgUp"), "{bar}");
}
