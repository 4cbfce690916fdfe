//! The checklist and stats screens, driven by keys: snapshots at 80x24 and small sizes, ticks
//! and notes written to the log, the member's own tasks and plans, exports from the screen.

use crate::common;

use common::{at, code, ctrl, draw, key, screen_text, send, t0};
use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::KeyCode;
use xuexi::app::ScreenKind;
use xuexi::domain::log::Record;
use xuexi::domain::plan::ItemState;
use xuexi::i18n::Lang;
use xuexi::store::Store;

fn store() -> Store {
    let mut s = common::store();
    xuexi::service::bootstrap::sync_bundled_banks(&mut s, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_plans(&mut s, t0()).unwrap();
    s
}

fn days_ago(n: i64) -> Timestamp {
    t0() - SignedDuration::from_hours(24 * n)
}

/// Two months of study with gaps: the heat map has every shade; a quiz now and then.
fn with_history(store: &mut Store) {
    let mut events = Vec::new();
    for n in 0..60i64 {
        if n % 7 == 3 {
            continue;
        }
        let end = days_ago(n);
        let secs = (n * 397 % 80) * 60;
        if secs > 0 {
            events.push((
                end,
                Record::Reading {
                    session: n,
                    material: if n % 2 == 0 {
                        "xuzhou-sixue-jizhi".into()
                    } else {
                        "zhongyang-changweihui-0203".into()
                    },
                    from: end - SignedDuration::from_secs(secs),
                    to: end,
                    seconds: secs,
                },
            ));
        }
        if n % 9 == 0 {
            events.push((
                end,
                Record::Attempt {
                    sealed: false,
                    attempt: n,
                    mode: "daily".into(),
                    bank: Some("newsletter-2020-02".into()),
                    paper: None,
                    title: "每日答题".into(),
                    started: end - SignedDuration::from_secs(120),
                    seconds: 120,
                    score: (n % 5 + 1) as f64,
                    max: 5.0,
                    percent: ((n % 5 + 1) * 20) as f64,
                    passed: None,
                    right: (n % 5 + 1) as usize,
                    answered: 5,
                    hinted: 0,
                },
            ));
        }
    }
    events.push((
        days_ago(0),
        Record::Finished {
            material: "xuzhou-sixue-jizhi".into(),
        },
    ));
    store.append_events(&events).unwrap();
}

#[test]
fn checklist_screen_at_80x24_and_small() {
    let mut store = store();
    with_history(&mut store);
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p')], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Plans);
    let t = draw(&app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("学习徐州“四学机制”经验"), "{text}");
    assert!(text.contains("已结束"), "the 2020 plan has ended: {text}");
    insta::assert_snapshot!("plans_80x24", t.backend());
    for (w, h) in [(41, 12), (40, 10), (20, 5), (1, 1)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
    app.resize(41, 12);
    insta::assert_snapshot!("plans_41x12", draw(&app, 41, 12).backend());
}

#[test]
fn ticking_a_task_asks_for_a_note_and_logs_it() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p'), key('G')], t0());
    // the last item is the task 撰写学习心得一篇
    send(&mut app, &mut store, &[key(' ')], t0());
    assert!(app.plans().unwrap().prompt.is_some(), "a note prompt");
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!("plans_note_prompt_80x24", t.backend());
    let typed: Vec<_> = "心得已交".chars().map(key).collect();
    send(&mut app, &mut store, &typed, at(5));
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains("心得已交"), "typed text shows");
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(6));
    let v = app.plans().unwrap();
    assert!(v.prompt.is_none());
    let (plan, status) = v.current().unwrap();
    let last = status.last().unwrap();
    assert_eq!(plan.items.last().unwrap().id, "task-xinde");
    assert!(matches!(last.state, ItemState::Done { .. }), "{last:?}");
    assert_eq!(last.note, "心得已交");
    let events = store.events(None, None).unwrap();
    assert!(matches!(
        &events.last().unwrap().record,
        Record::Tick { done: true, note, .. } if note == "心得已交"
    ));
    // Space again unticks (another event; the first stays)
    send(&mut app, &mut store, &[key(' ')], at(7));
    let (_, status) = app.plans().unwrap().current().unwrap();
    assert!(!status.last().unwrap().done());
    assert_eq!(store.events(None, None).unwrap().len(), events.len() + 1);
    // Space on a read item does nothing
    send(&mut app, &mut store, &[key('g'), key(' ')], at(8));
    assert!(app.plans().unwrap().prompt.is_none());
}

#[test]
fn members_add_tasks_and_plans_of_their_own() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p'), key('a')], t0());
    let typed: Vec<_> = "参加支部学习".chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    // Enter names it, then asks for a due date (none here)
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(screen_text(&draw(&app, 80, 24)).contains("截止日期"));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let (plan, _) = app.plans().unwrap().current().unwrap();
    let last = plan.items.last().unwrap();
    assert_eq!(
        (last.title.as_str(), last.by_member),
        ("参加支部学习", true)
    );
    // a new plan, then a task in it; Esc on an empty prompt makes nothing
    send(&mut app, &mut store, &[key('n'), code(KeyCode::Esc)], t0());
    assert_eq!(app.plans().unwrap().plans.len(), 1);
    send(&mut app, &mut store, &[key('n')], t0());
    let typed: Vec<_> = "我的读书计划".chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let v = app.plans().unwrap();
    assert_eq!(v.plans.len(), 2);
    assert_eq!(
        v.current().unwrap().0.title,
        "我的读书计划",
        "the new plan is shown"
    );
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains("还没有") || screen_text(&t).contains("完成 0/0"));
    // the member's task survives a re-import of the plan file
    xuexi::service::bootstrap::sync_bundled_plans(&mut store, t0()).unwrap();
    let p = store.plan("2020-winter").unwrap();
    assert!(p.items.iter().any(|i| i.title == "参加支部学习"));
}

#[test]
fn enter_opens_a_read_item_and_esc_comes_back() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(
        &mut app,
        &mut store,
        &[key('p'), code(KeyCode::Enter)],
        t0(),
    );
    assert_eq!(app.screen_kind(), ScreenKind::Reader);
    assert_eq!(
        app.library.reader.as_ref().unwrap().id(),
        "zhongyang-changweihui-0203"
    );
    // at the end in ten seconds: not yet read; after reading on for the time it needs, it is
    send(&mut app, &mut store, &[key('G')], at(10));
    send(&mut app, &mut store, &[key('G')], at(150));
    send(&mut app, &mut store, &[code(KeyCode::Esc)], at(300));
    assert_eq!(app.screen_kind(), ScreenKind::Plans);
    let (_, status) = app.plans().unwrap().current().unwrap();
    assert!(status[0].done(), "read to the end: done, from the log");
    // the wheel moves through the items
    let wheel = |kind| {
        ratatui::crossterm::event::Event::Mouse(ratatui::crossterm::event::MouseEvent {
            kind,
            column: 10,
            row: 5,
            modifiers: ratatui::crossterm::event::KeyModifiers::NONE,
        })
    };
    use ratatui::crossterm::event::MouseEventKind::{ScrollDown, ScrollUp};
    send(
        &mut app,
        &mut store,
        &[wheel(ScrollDown), wheel(ScrollDown), wheel(ScrollUp)],
        at(25),
    );
    assert_eq!(app.plans().unwrap().item, 1);
    send(&mut app, &mut store, &[key('g')], at(26));
    // a quiz item starts its exam
    send(
        &mut app,
        &mut store,
        &[key('j'), key('j'), code(KeyCode::Enter)],
        at(30),
    );
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
}

#[test]
fn stats_screen_at_80x24_and_small() {
    let mut store = store();
    with_history(&mut store);
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('s')], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Stats);
    let t = draw(&app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("近 26 周学习时长"), "{text}");
    assert!(
        text.contains("█") && text.contains("░"),
        "every shade: {text}"
    );
    insta::assert_snapshot!("stats_80x24", t.backend());
    send(&mut app, &mut store, &[key('w')], t0());
    assert!(screen_text(&draw(&app, 80, 24)).contains("本月"));
    for (w, h) in [(41, 12), (40, 10), (20, 5), (1, 1), (120, 40)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
    app.resize(41, 12);
    insta::assert_snapshot!("stats_41x12", draw(&app, 41, 12).backend());
    app.resize(80, 24);
    let mut en = common::app(&store, Lang::En, 80, 24);
    send(&mut en, &mut store, &[key('s')], t0());
    insta::assert_snapshot!("stats_en_80x24", draw(&en, 80, 24).backend());
}

#[test]
fn export_from_the_stats_screen_names_the_file() {
    let mut store = store();
    with_history(&mut store);
    let dir = tempfile::tempdir().unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    app.export_dir = Some(dir.path().join("exports"));
    send(&mut app, &mut store, &[key('s'), key('e')], t0());
    insta::assert_snapshot!("stats_export_menu_80x24", draw(&app, 80, 24).backend());
    send(&mut app, &mut store, &[key('m')], t0());
    let msg = app.message.as_ref().unwrap().text.clone();
    let path = dir.path().join("exports/xuexi-2026-11-23-2026-11-28.md");
    assert!(msg.contains(&path.display().to_string()), "{msg}");
    let md = std::fs::read_to_string(&path).unwrap();
    assert!(md.contains("- 期间：2026-11-23 – 2026-11-28"), "{md}");
    // a second export the same day does not replace the first
    send(&mut app, &mut store, &[key('e'), key('m')], t0());
    assert!(
        dir.path()
            .join("exports/xuexi-2026-11-23-2026-11-28-1.md")
            .exists()
    );
    // the 述学 report as a page to print, as `xuexi export --format html` writes it
    send(&mut app, &mut store, &[key('e'), key('h')], t0());
    let html = dir.path().join("exports/xuexi-2026-11-23-2026-11-28.html");
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(
        page.starts_with("<!DOCTYPE html>") && page.contains("@page"),
        "{page}"
    );
    // xAPI without a name: the reason, as an error message
    send(&mut app, &mut store, &[key('e'), key('x')], t0());
    let m = app.message.as_ref().unwrap();
    assert!(m.error && m.text.contains("[member]"), "{m:?}");
}

#[test]
fn quiz_items_are_named_by_their_paper_not_by_ids() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p'), key('j'), key('j')], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("完成条件：上情下达专项测试 达到 80%"),
        "{text}"
    );
    assert!(!text.contains("newsletter-2020-02/"), "{text}");
}

#[test]
fn an_ended_plan_is_started_again_from_today() {
    let mut store = store();
    // the task was ticked back in the plan's own time
    store
        .append_events(&[(
            "2020-03-01T02:00:00Z".parse().unwrap(),
            Record::Tick {
                plan: "2020-winter".into(),
                item: "task-xinde".into(),
                done: true,
                note: String::new(),
            },
        )])
        .unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p')], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("按 r 从今天重新开始"), "{text}");
    // r asks for the day, today's date ready in the prompt; Enter confirms it
    send(&mut app, &mut store, &[key('r')], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("从哪天开始这个计划") && text.contains("2026-11-28"),
        "{text}"
    );
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let v = app.plans().unwrap();
    let (plan, status) = v.current().unwrap();
    // 2020-02-01 – 2020-03-31 moved to begin today: the same 60 days, each step as far in
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    assert_eq!(plan.starts, Some(d("2026-11-28")));
    assert_eq!(plan.ends, Some(d("2027-01-26")));
    assert_eq!(plan.items[0].due, Some(d("2026-12-07")), "was 2020-02-10");
    assert!(
        status
            .iter()
            .all(|s| !matches!(s.state, ItemState::Overdue))
    );
    // what was done in 2020 does not count for the new run
    assert!(!status.last().unwrap().done(), "{status:?}");
    let text = screen_text(&draw(&app, 80, 24));
    assert!(!text.contains("按 r 从今天重新开始"), "{text}");
    assert!(text.contains("2026-11-28 – 2027-01-26"), "{text}");
    // kept: a new start of the app (and a re-sync of the bundled plan) shows the same dates
    xuexi::service::bootstrap::sync_bundled(&mut store, at(60)).unwrap();
    assert_eq!(
        store.plan("2020-winter").unwrap().starts,
        Some(d("2026-11-28"))
    );
    // an item added after the restart keeps the date typed (+7 became 2033-10-19: the
    // restart's shift was added to it), on screen and in the store the report reads
    for (i, due) in ["+7", "2026-12-31"].into_iter().enumerate() {
        send(&mut app, &mut store, &[key('a')], at(50));
        let typed: Vec<_> = format!("心得{i}").chars().map(key).collect();
        send(&mut app, &mut store, &typed, at(50));
        send(&mut app, &mut store, &[code(KeyCode::Enter)], at(50));
        let typed: Vec<_> = due.chars().map(key).collect();
        send(&mut app, &mut store, &typed, at(50));
        send(&mut app, &mut store, &[code(KeyCode::Enter)], at(50));
    }
    let items = store.plan("2020-winter").unwrap().items;
    let n = items.len();
    assert_eq!(
        items[n - 2].due,
        Some(d("2026-12-05")),
        "{:?}",
        items[n - 2]
    );
    assert_eq!(
        items[n - 1].due,
        Some(d("2026-12-31")),
        "{:?}",
        items[n - 1]
    );
    let (plan, _) = app.plans().unwrap().current().unwrap();
    assert_eq!(plan.items.last().unwrap().due, Some(d("2026-12-31")));
    // a day that is not a date is said so, nothing changed
    send(&mut app, &mut store, &[key('r'), ctrl('u')], at(61));
    let typed: Vec<_> = "明天".chars().map(key).collect();
    send(&mut app, &mut store, &typed, at(62));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(63));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("“明天”不是日期"), "{text}");
}

#[test]
fn the_plans_screen_opens_on_the_plan_running_today() {
    let mut store = store();
    let plan = "[plan]\nid = \"spring\"\ntitle = \"今冬自学计划\"\nstarts = \"2026-11-01\"\nends = \"2026-12-31\"\n\n[[items]]\nid = \"t\"\ntitle = \"写心得\"\nkind = \"task\"\n";
    let parsed = xuexi::import::plan::parse_plan(
        std::path::Path::new("spring.toml"),
        plan,
        &Default::default(),
    )
    .unwrap();
    store.import_plans(&[(parsed, "h".into())], t0()).unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p')], t0());
    let (p, _) = app.plans().unwrap().current().unwrap();
    assert_eq!(p.id, "spring", "not the 2020 plan that ended");
    // a task without a due date ends with its title, no stray mark
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.lines().any(|l| l.contains("○ 写心得 ")), "{text}");
    assert!(!text.contains("写心得 ·"), "{text}");
}

#[test]
fn members_rename_and_delete_what_is_theirs_and_only_that() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    // a task of their own in the bundled plan: the last item
    send(&mut app, &mut store, &[key('p'), key('a')], t0());
    let typed: Vec<_> = "参加支部学习".chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Enter), key('G')],
        t0(),
    );
    let items = |app: &xuexi::app::App| app.plans().unwrap().current().unwrap().0.items.len();
    assert_eq!(items(&app), 11);
    // d asks; n keeps it, y deletes it
    send(&mut app, &mut store, &[key('d')], at(1));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("删除这个自己加的任务？"), "{text}");
    assert!(text.lines().last().unwrap().contains("y 删除"), "{text}");
    send(&mut app, &mut store, &[key('n')], at(1));
    assert_eq!(items(&app), 11);
    send(&mut app, &mut store, &[key('d'), key('y')], at(2));
    assert_eq!(items(&app), 10);
    // the plan's own items, and the bundled plan itself, are not the member's to change
    send(&mut app, &mut store, &[key('g'), key('d')], at(3));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("只能删除自己加的任务")
    );
    assert_eq!(items(&app), 10);
    send(&mut app, &mut store, &[key('D')], at(4));
    assert!(
        app.message
            .as_ref()
            .unwrap()
            .text
            .contains("只能改自己建的计划")
    );
    assert!(app.plans().unwrap().ask.is_none());
    // a plan of their own: R renames it, D deletes it (asked)
    send(&mut app, &mut store, &[key('n')], at(5));
    let typed: Vec<_> = "读书计划".chars().map(key).collect();
    send(&mut app, &mut store, &typed, at(5));
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), key('R'), ctrl('u')],
        at(6),
    );
    let typed: Vec<_> = "冬季读书计划".chars().map(key).collect();
    send(&mut app, &mut store, &typed, at(6));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(7));
    let title = |app: &xuexi::app::App| app.plans().unwrap().current().unwrap().0.title.clone();
    assert_eq!(title(&app), "冬季读书计划");
    send(&mut app, &mut store, &[key('D'), key('y')], at(8));
    let v = app.plans().unwrap();
    assert_eq!(v.plans.len(), 1, "only the bundled plan left");
    assert!(store.plan("my-1").is_err());
}

#[test]
fn a_short_study_is_labelled_as_a_minute_not_as_a_full_bar_of_zero() {
    let mut store = store();
    store
        .append_events(&[(
            at(30),
            Record::Reading {
                session: 1,
                material: "xuzhou-sixue-jizhi".into(),
                from: t0(),
                to: at(30),
                seconds: 30,
            },
        )])
        .unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('s')], at(40));
    let text = screen_text(&draw(&app, 80, 24));
    // the columns follow the day's and the week's rule too (they said 30 秒)
    assert!(text.contains("▇ 1 分钟"), "{text}");
    assert!(!text.contains("秒"), "{text}");
    assert!(!text.contains("▇ 0"), "{text}");
    // one rule for minutes: today and the week, one day of 30 seconds, say the same (it was
    // 今日 0 分钟 beside 本周 1 分)
    assert!(text.contains("学习 1 分钟"), "{text}");
    assert!(text.contains("学习 0 小时 1 分"), "{text}");
    // the heat map names its months under the weeks, and keeps its legend
    assert!(text.contains("10月") && text.contains("11月"), "{text}");
    assert!(text.contains("少 ··░░▒▒▓▓██ 多"), "{text}");
}

#[test]
fn members_add_a_material_a_quiz_and_minutes_with_due_dates() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p'), key('a')], t0());
    let hints = screen_text(&draw(&app, 80, 24));
    assert!(hints.contains("Tab 换类型"), "{hints}");
    // Tab: a material to read; part of its title finds it, shown in the prompt's title
    send(&mut app, &mut store, &[code(KeyCode::Tab)], t0());
    let typed: Vec<_> = "四学机制".chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("→ 读完《徐州"), "{text}");
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    // a due date that is not one is said and asked again; +7 is a week from today
    let typed: Vec<_> = "下周".chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(app.message.as_ref().unwrap().error);
    send(&mut app, &mut store, &[ctrl('u'), key('+'), key('7')], t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let items = |store: &Store| store.plan("2020-winter").unwrap().items;
    let read = items(&store).into_iter().last().unwrap();
    assert_eq!(
        read.kind,
        xuexi::domain::plan::ItemKind::Read {
            material: "xuzhou-sixue-jizhi".into()
        }
    );
    assert_eq!(read.due, Some("2026-12-05".parse().unwrap()), "t0 is 11-28");
    assert!(read.by_member);
    // a quiz (Tab twice), by part of a paper's name, no due date
    send(
        &mut app,
        &mut store,
        &[key('a'), code(KeyCode::Tab), code(KeyCode::Tab)],
        t0(),
    );
    let typed: Vec<_> = "闭卷".chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
        t0(),
    );
    let quiz = items(&store).into_iter().last().unwrap();
    assert!(
        matches!(
            &quiz.kind,
            xuexi::domain::plan::ItemKind::Quiz { paper: Some(_), .. }
        ),
        "{quiz:?}"
    );
    assert_eq!(quiz.due, None);
    // minutes (Tab three times); something not found keeps the prompt open
    send(
        &mut app,
        &mut store,
        &[
            key('a'),
            code(KeyCode::Tab),
            code(KeyCode::Tab),
            code(KeyCode::Tab),
        ],
        t0(),
    );
    send(
        &mut app,
        &mut store,
        &[key('x'), code(KeyCode::Enter)],
        t0(),
    );
    assert!(app.message.as_ref().unwrap().text.contains("没有找到"));
    assert!(app.plans().unwrap().prompt.is_some());
    send(&mut app, &mut store, &[ctrl('u'), key('3'), key('0')], t0());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
        t0(),
    );
    let minutes = items(&store).into_iter().last().unwrap();
    assert_eq!(
        minutes.kind,
        xuexi::domain::plan::ItemKind::Minutes { minutes: 30 }
    );
    assert_eq!(minutes.title, "学习累计 30 分钟");
}

/// The bottom row of a drawn screen.
fn bottom_row(app: &xuexi::app::App, w: u16, h: u16) -> String {
    let t = draw(app, w, h);
    common::rows(t.backend().buffer())
        .last()
        .cloned()
        .unwrap_or_default()
}

#[test]
fn a_message_lives_until_the_next_key_and_a_dialogs_keys_win() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    // d on an item of the plan itself: said on the bar
    send(&mut app, &mut store, &[key('p'), key('d')], t0());
    assert!(bottom_row(&app, 80, 24).contains("不能删除"));
    // the next key (n: a new plan's name) opens a prompt: its keys, not the old message
    send(&mut app, &mut store, &[key('n')], t0());
    let bar = bottom_row(&app, 80, 24);
    assert!(!bar.contains("不能删除"), "{bar}");
    assert!(bar.contains("Esc"), "{bar}");
    // a message the dialog's own key gives keeps the dialog's keys beside it
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Esc), key('a'), key('x')],
        t0(),
    );
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let typed: Vec<_> = "下周".chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(app.plans().unwrap().prompt.is_some(), "asked again");
    let bar = bottom_row(&app, 80, 24);
    assert!(bar.contains("下周") && bar.contains("Esc"), "{bar}");
}

#[test]
fn prompts_and_notices_say_the_key_before_they_are_cut() {
    // at 80×24 the due-date prompt's formats and the read-only notice ran past the edge before
    // they said what to press
    use xuexi::text::width::width;
    for lang in [Lang::ZhCn, Lang::En] {
        // (as the app has them: with the keys they name written in from the key table)
        let s = xuexi::app::keys::with_key_names(xuexi::i18n::Strings::load(lang));
        let due = xuexi::i18n::fill(&s.prompt_due, &[("title", &"写一篇学习心得体会")]);
        let at = due.find("Enter").expect("the key is named");
        assert!(width(&due[..at]) + 5 < 66, "{due}");
        let ro = xuexi::i18n::fill(
            &s.read_only_notice_tui,
            &[("path", &"/home/zhang/.local/share/xuexi")],
        );
        assert!(
            width(&ro) <= 79 || width(&ro[..ro.find('/').unwrap()]) <= 79,
            "{ro}"
        );
        assert!(ro.contains(" q ") || ro.contains("q quits"), "{ro}");
        // the resume offer names its key first (at 40 columns it was cut before it)
        let offer = &s.quiz_resume_offer;
        assert!(width(offer) <= 79, "{offer}");
        assert!(offer.find("Enter").is_some_and(|at| at < 8), "{offer}");
    }
}

#[test]
fn the_stats_page_scrolls_on_a_small_screen() {
    // at 40×12 the heat map, the columns and the quiz results were out of reach
    let mut store = store();
    with_history(&mut store);
    let mut app = common::app(&store, Lang::ZhCn, 40, 12);
    send(&mut app, &mut store, &[key('s')], t0());
    let top = screen_text(&draw(&app, 40, 12));
    assert!(!top.contains("各栏目学习时长"), "{top}");
    assert!(top.contains("↓"), "more below: {top}");
    let mut seen = top.clone();
    for _ in 0..6 {
        send(&mut app, &mut store, &[code(KeyCode::PageDown)], t0());
        let t = draw(&app, 40, 12);
        common::check_buffer(t.backend().buffer());
        seen += &screen_text(&t);
    }
    for part in ["近 26 周学习时长", "各栏目学习时长", "测验成绩"] {
        assert!(seen.contains(part), "{part}: {seen}");
    }
    let bottom = draw(&app, 40, 12);
    insta::assert_snapshot!("stats_40x12_scrolled", bottom.backend());
    // the screen's own keys before quit (the bar kept q 退出 and dropped w and e)
    let bar = common::rows(bottom.backend().buffer())
        .last()
        .cloned()
        .unwrap();
    for k in ["w 周/月/年", "e 导出", "Esc 返回", "? 帮助"] {
        assert!(bar.contains(k), "{k}: {bar}");
    }
    assert!(!screen_text(&bottom).contains("↓"), "at the end");
    for _ in 0..6 {
        send(&mut app, &mut store, &[code(KeyCode::PageUp)], t0());
    }
    assert_eq!(screen_text(&draw(&app, 40, 12)), top);
}

#[test]
fn at_40x12_plan_dates_are_whole_and_the_help_stays_inside_the_frame() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 40, 12);
    send(&mut app, &mut store, &[key('p')], t0());
    let text = screen_text(&draw(&app, 40, 12));
    // the state gave way to the date alone (已逾期（2020-02-1… was cut)
    assert!(text.contains("2020-02-10│"), "{text}");
    assert!(!text.contains("2020-02-1…"), "{text}");
    send(&mut app, &mut store, &[key('?')], t0());
    let t = draw(&app, 40, 12);
    let rows = common::rows(t.backend().buffer());
    let frame_bottom = format!("╰{}╯", "─".repeat(38));
    assert_eq!(rows[10].trim_end(), frame_bottom, "{}", rows.join("\n"));
    assert!(rows[0].starts_with("╭ 学习计划"), "{}", rows.join("\n"));
}

#[test]
fn at_40_columns_the_restart_offer_is_whole_in_both_languages() {
    // "Over or behind: r starts it again tod…" was cut at 40 columns
    for (lang, want) in [
        (Lang::En, "Over or behind: r restarts today"),
        (Lang::ZhCn, "计划已结束或逾期：按 r 从今天重新开始"),
    ] {
        let mut store = store();
        let mut app = common::app(&store, lang, 40, 12);
        send(&mut app, &mut store, &[key('p')], t0());
        let text = screen_text(&draw(&app, 40, 12));
        assert!(text.contains(want), "{text}");
    }
}
