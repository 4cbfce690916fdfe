//! Quiz sessions: screens (insta at 80x24 and 41x12), daily/challenge/wrong-book rules, the
//! history command, practice by tag. The exam's own rules are in `exam`, the hint bar and
//! small screens in `quiz_hints`.

use crate::common;

use common::quiz::*;
use common::*;
use jiff::SignedDuration;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::KeyCode;
use xuexi::app::ScreenKind;
use xuexi::app::quiz::{Phase, Start};
use xuexi::domain::quiz::Kind;
use xuexi::domain::session::Mode;
use xuexi::i18n::{Lang, Strings};
use xuexi::store::Store;
use xuexi::ui::Theme;

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
