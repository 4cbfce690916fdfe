//! What the quiz screens show: every key the hint bar names does something, the bar names the
//! keys of the question type, menus, stems and rules scroll into view on a small screen,
//! points after a hint.

use crate::common;

use common::quiz::*;
use common::*;
use jiff::SignedDuration;
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::app::quiz::{Phase, Start};
use xuexi::app::{App, Effect};
use xuexi::domain::log::Record;
use xuexi::domain::quiz::Kind;
use xuexi::i18n::Lang;
use xuexi::store::Store;

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
        sealed: false,
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
            // and its detail's last part (a paper's 还没做过 or 已交卷) is read whole, not cut
            let detail = app.quiz().unwrap().menu[i].detail.clone();
            let last = detail.rsplit(" · ").next().unwrap_or_default();
            assert!(
                screen_text(&t).contains(last),
                "{w}x{h}: entry {i}'s detail ({detail}) is cut:\n{}",
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

#[test]
fn a_small_exams_header_keeps_the_question_type_whole() {
    // at 40 columns the header was cut in the type: "1. single choic…"
    for (lang, kind) in [(Lang::En, "1. single choice"), (Lang::ZhCn, "一、单选题")] {
        let mut store = store_with_banks();
        let mut app = common::app(&store, lang, 40, 12);
        xuexi::tui::apply(&mut app, &mut store, vec![Effect::StartQuiz(exam())], t0());
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        let text = screen_text(&draw(&app, 40, 12));
        let head = text.lines().find(|l| l.contains("1/28")).unwrap_or("");
        assert!(head.contains(kind) && !head.contains('…'), "{text}");
    }
}
