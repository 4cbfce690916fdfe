//! A member's home (issue #33, what was left): a restart that keeps the member's own dates,
//! messages and bars whole at 40 columns, help that scrolls, hints that say where a key goes.

use crate::common;

use common::{at, code, draw, key, screen_text, send, t0};
use jiff::civil::Date;
use ratatui::crossterm::event::KeyCode;
use xuexi::config::Config;
use xuexi::export::Format;
use xuexi::i18n::{Lang, Strings};
use xuexi::service::report::{ExportRequest, Log, export_text};
use xuexi::store::Store;

fn store() -> Store {
    let mut s = common::store();
    xuexi::service::bootstrap::sync_bundled_banks(&mut s, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_plans(&mut s, t0()).unwrap();
    s
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

fn typed(s: &str) -> Vec<ratatui::crossterm::event::Event> {
    s.chars().map(key).collect()
}

/// The 述学 report in Markdown, the whole log.
fn report(store: &Store) -> String {
    let log = Log::load_for_export(store).unwrap();
    export_text(
        &log,
        &ExportRequest {
            config: &Config::default(),
            strings: &Strings::load(Lang::ZhCn),
            format: Format::Md,
            from: None,
            to: None,
            now: at(600),
            tz: &jiff::tz::TimeZone::UTC,
        },
    )
    .unwrap()
}

#[test]
fn a_restart_moves_the_plans_steps_and_keeps_the_dates_the_member_typed() {
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    // before the restart: a task due in a week on the bundled 2020 plan (+7 on 2026-11-28)
    send(&mut app, &mut store, &[key('p'), key('a')], t0());
    send(&mut app, &mut store, &typed("写心得"), t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    send(&mut app, &mut store, &typed("+7"), t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    // then the plan starts over from today: its own steps move 2020 → 2026
    send(
        &mut app,
        &mut store,
        &[key('r'), code(KeyCode::Enter)],
        at(10),
    );
    let plan = store.plan("2020-winter").unwrap();
    assert_eq!(plan.items[0].due, Some(d("2026-12-07")), "was 2020-02-10");
    let mine = plan.items.iter().find(|i| i.title == "写心得").unwrap();
    assert_eq!(mine.due, Some(d("2026-12-05")), "became 2033-10-19");
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("12-05") && !text.contains("2033"), "{text}");
    // what is handed in says the same
    let md = report(&store);
    assert!(
        md.contains("2026-12-05 截止") && !md.contains("2033"),
        "{md}"
    );

    // the member's own plan is all theirs: a restart moves every item of it
    send(&mut app, &mut store, &[key('n')], at(20));
    send(&mut app, &mut store, &typed("我的计划"), at(20));
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), key('a')],
        at(20),
    );
    send(&mut app, &mut store, &typed("读原文"), at(20));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(20));
    send(&mut app, &mut store, &typed("2026-12-01"), at(20));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(20));
    let id = app.plans().unwrap().current().unwrap().0.id.clone();
    send(&mut app, &mut store, &[key('r'), common::ctrl('u')], at(30));
    send(&mut app, &mut store, &typed("2026-12-11"), at(30));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(30));
    let own = store.plan(&id).unwrap();
    assert_eq!(own.restarted, Some(d("2026-12-11")));
    assert_eq!(
        own.items[0].due,
        Some(d("2026-12-11")),
        "moved with its plan"
    );
}

/// The last `n` rows of the screen, joined without their spaces.
fn bottom_rows(app: &xuexi::app::App, w: u16, h: u16, n: usize) -> String {
    let t = draw(app, w, h);
    common::check_buffer(t.backend().buffer());
    let rows = common::rows(t.backend().buffer());
    rows[rows.len() - n..].concat().replace(' ', "")
}

#[test]
fn a_long_message_is_read_whole_at_40_columns() {
    // "这一项来自计划本身，不能删除；只能删除自己加的任务" was cut at the 40th column
    for (lang, said) in [
        (
            Lang::ZhCn,
            "这一项来自计划本身，不能删除；只能删除自己加的任务",
        ),
        (Lang::En, "Thisitemcomeswiththeplan"),
    ] {
        let mut store = store();
        let mut app = common::app(&store, lang, 40, 12);
        send(&mut app, &mut store, &[key('p'), key('d')], t0());
        let whole = xuexi::i18n::Strings::load(lang)
            .plan_item_not_yours
            .replace(' ', "");
        assert!(whole.contains(said), "{whole}");
        let bar = bottom_rows(&app, 40, 12, 2);
        assert!(bar.contains(&whole), "{bar}");
        let t = draw(&app, 40, 12);
        insta::assert_snapshot!(format!("long_message_40x12_{lang:?}"), t.backend());
        // gone with the next key: the bar is one row of keys again, the screen whole
        send(&mut app, &mut store, &[key('j')], t0());
        let bar = bottom_rows(&app, 40, 12, 1);
        assert!(bar.contains("?帮助") || bar.contains("?help"), "{bar}");
    }
}

#[test]
fn at_40_columns_a_screens_bar_shows_its_own_keys() {
    // the plans bar dropped Space 勾选 at exactly 40 columns (it fitted at 41); the English
    // stats bar could not hold w and e
    // (and the quiz menu dropped b 错题/复习本: its short form on a narrow bar)
    let cases: [(Lang, char, &[&str]); 6] = [
        (
            Lang::ZhCn,
            't',
            &["Enter 开始", "b 复习本", "Esc 返回", "? 帮助"],
        ),
        (
            Lang::En,
            't',
            &["Enter start", "b cards", "Esc back", "? help"],
        ),
        (
            Lang::ZhCn,
            'p',
            &["Enter 打开", "Space 勾选", "Esc 返回", "? 帮助"],
        ),
        (
            Lang::En,
            'p',
            &["Enter open", "Space tick", "Esc", "? help"],
        ),
        (
            Lang::ZhCn,
            's',
            &["w 周/月/年", "e 导出", "Esc 返回", "? 帮助"],
        ),
        (Lang::En, 's', &["w ", "e export", "Esc", "? help"]),
    ];
    for (lang, screen, keys) in cases {
        let mut store = store();
        let mut app = common::app(&store, lang, 40, 12);
        send(&mut app, &mut store, &[key(screen)], t0());
        let t = draw(&app, 40, 12);
        common::check_buffer(t.backend().buffer());
        let bar = common::rows(t.backend().buffer()).last().cloned().unwrap();
        for k in keys {
            assert!(bar.contains(k), "{lang:?} {screen}: {k} in {bar:?}");
        }
    }
}

#[test]
fn help_scrolls_where_it_is_taller_than_the_screen() {
    // at 40×12 the help cut its last rows with no way to reach them
    for lang in [Lang::ZhCn, Lang::En] {
        let s = Strings::load(lang);
        let mut store = store();
        let mut app = common::app(&store, lang, 40, 12);
        send(&mut app, &mut store, &[key('p'), key('?')], t0());
        let top = screen_text(&draw(&app, 40, 12));
        let more = format!("↓ {}", s.help_more);
        assert!(top.contains(&more), "{more:?} {top}");
        assert!(!top.contains("↑ ╮"), "{top}");
        assert!(!top.contains(&s.cmd_quit), "the last row is below: {top}");
        // j, ↓ and PgDn go down to the last row, and stop there
        let mut seen = top.clone();
        for k in [key('j'), code(KeyCode::Down), code(KeyCode::PageDown)] {
            send(&mut app, &mut store, &[k], t0());
            let t = draw(&app, 40, 12);
            common::check_buffer(t.backend().buffer());
            seen += &screen_text(&t);
        }
        for _ in 0..20 {
            send(&mut app, &mut store, &[key('j')], t0());
        }
        let end = draw(&app, 40, 12);
        let text = screen_text(&end);
        assert!(text.contains(&s.cmd_quit) && text.contains("↑ ╮"), "{text}");
        assert!(!text.contains(&more), "{text}");
        insta::assert_snapshot!(format!("help_40x12_end_{lang:?}"), end.backend());
        // every key of the screen was on it at some point
        for words in [
            &s.cmd_tick,
            &s.cmd_add_task,
            &s.cmd_new_plan,
            &s.cmd_rename_plan,
        ] {
            assert!(
                seen.contains(words.as_str()) || text.contains(words.as_str()),
                "{words}"
            );
        }
        // k, ↑ and PgUp go back; the top is where it began
        send(
            &mut app,
            &mut store,
            &[key('k'), code(KeyCode::Up), code(KeyCode::PageUp)],
            t0(),
        );
        for _ in 0..20 {
            send(&mut app, &mut store, &[key('k')], t0());
        }
        assert_eq!(screen_text(&draw(&app, 40, 12)), top);
        // any other key closes it, and it opens again at the top
        send(&mut app, &mut store, &[key('x')], t0());
        assert!(!app.help);
        send(&mut app, &mut store, &[key('?')], t0());
        assert_eq!(screen_text(&draw(&app, 40, 12)), top);
    }
    // at 80×24 the library's help fits: nothing to scroll, nothing said
    let mut store = store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('?')], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(!text.contains("↓ 更多"), "{text}");
}

#[test]
fn practice_from_a_reader_opened_from_the_review_browser_says_where_esc_goes() {
    use common::quiz::{practice, right_keys_for, run_of};
    use xuexi::app::{Effect, ScreenKind};
    for lang in [Lang::ZhCn, Lang::En] {
        let s = Strings::load(lang);
        let mut store = common::store_with_banks();
        let mut app = common::app(&store, lang, 80, 24);
        // a question answered makes a card; the browser lists it
        xuexi::tui::apply(
            &mut app,
            &mut store,
            vec![Effect::StartQuiz(practice())],
            t0(),
        );
        let keys = right_keys_for(&run_of(&app).session, 0);
        send(&mut app, &mut store, &keys, t0());
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
        send(&mut app, &mut store, &[key('b')], t0());
        assert!(app.quiz().unwrap().cards.is_some(), "the browser");
        // its source in the reader, then practice on that material
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        assert_eq!(app.screen_kind(), ScreenKind::Reader);
        // the reader's Esc goes back to the browser too, and says so (it said 返回答题)
        let back = xuexi::i18n::fill(&s.cmd_back_to, &[("screen", &s.cmd_cards)]);
        let text = screen_text(&draw(&app, 80, 24));
        assert!(text.lines().last().unwrap().contains(&back), "{text}");
        send(&mut app, &mut store, &[key('t')], at(5));
        assert!(app.quiz().unwrap().run.is_some(), "practising");
        let bar = screen_text(&draw(&app, 80, 24));
        let bar = bar.lines().last().unwrap();
        assert!(bar.contains(&format!("Esc {back}")), "{bar}");
        assert!(!bar.contains(&s.cmd_leave), "{bar}");
        // and that is where Esc goes
        send(&mut app, &mut store, &[code(KeyCode::Esc)], at(6));
        let q = app.quiz().unwrap();
        assert!(q.run.is_none() && q.cards.is_some(), "on the browser");
    }
}

#[test]
fn side_by_side_what_the_gauge_shows_on_focus_is_what_is_saved() {
    // an article that fits the pane showed 已读 100% once in front, but focusing recorded
    // nothing: the preview and the store kept what an earlier look had left
    let mut store = common::store();
    let mut app = common::app(&store, Lang::ZhCn, 160, 45);
    send(
        &mut app,
        &mut store,
        &[ratatui::crossterm::event::Event::Resize(160, 45)],
        t0(),
    );
    let id = app
        .library
        .reader
        .as_ref()
        .expect("the preview")
        .id()
        .to_string();
    assert_eq!(
        app.library.reader.as_ref().unwrap().percent,
        0,
        "a preview reads nothing"
    );
    send(&mut app, &mut store, &[code(KeyCode::Tab)], at(1));
    let r = app.library.reader.as_ref().unwrap();
    let shown = r.visible_percent();
    assert_eq!(shown, 100, "the first material fits a 160×45 pane");
    assert!(screen_text(&draw(&app, 160, 45)).contains("已读 100%"));
    assert_eq!(r.percent, shown);
    let saved = store
        .all_progress()
        .unwrap()
        .into_iter()
        .find(|(m, _)| *m == id)
        .map(|(_, p)| p.percent);
    assert_eq!(saved, Some(shown), "saved as it is shown");
    // back to the library: the preview says the same
    send(&mut app, &mut store, &[code(KeyCode::Tab)], at(2));
    let text = screen_text(&draw(&app, 160, 45));
    assert!(text.contains("预览 · 已读 100%"), "{text}");
}

#[test]
fn the_cli_says_error_with_a_full_width_colon_in_chinese() {
    // `错误: ` with an ASCII colon: Chinese writes `错误：`
    let c = common::cli::CliEnv::new();
    std::fs::create_dir_all(c.data().join("xuexi.db")).unwrap();
    let out = c.cmd().args(["materials", "list"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("错误：") && !err.contains("错误:"), "{err}");
    // a parse error too (worded from the string tables)
    let out = c
        .cmd()
        .args(["export", "--format", "docx"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("错误：") && !err.contains("错误:"), "{err}");
    let out = c
        .cmd()
        .args(["--lang", "en", "export", "--format", "docx"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("error: "), "{err}");
}

#[test]
fn no_chinese_string_puts_an_ascii_colon_after_chinese() {
    // (a format written as it is typed, file:line:col or ANSWER:, is not a sentence's colon)
    let table = include_str!("../../assets/i18n/zh-CN.toml");
    let mut wrong = Vec::new();
    for line in table.lines().filter(|l| !l.trim_start().starts_with('#')) {
        let chars: Vec<char> = line.chars().collect();
        for w in chars.windows(2) {
            let cjk = matches!(w[0], '\u{3000}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}');
            if cjk && w[1] == ':' && !line.contains("文件:行:列") {
                wrong.push(line.to_string());
            }
        }
    }
    assert!(wrong.is_empty(), "{wrong:#?}");
    assert!(
        xuexi::i18n::Strings::load(Lang::ZhCn)
            .error_line
            .starts_with("错误：")
    );
}

#[test]
fn the_welcome_says_the_light_palette_exists_when_the_terminal_did_not_say_its_background() {
    for (lang, w, h) in [
        (Lang::ZhCn, 80, 24),
        (Lang::En, 80, 24),
        (Lang::ZhCn, 40, 12),
    ] {
        let store = store();
        let mut app = common::app(&store, lang, w, h);
        app.show_welcome(true);
        let plain = screen_text(&draw(&app, w, h));
        assert!(!plain.contains("theme"), "said only when unknown: {plain}");
        app.welcome_mut().unwrap().theme_note = true;
        let t = draw(&app, w, h);
        common::check_buffer(t.backend().buffer());
        let text = screen_text(&t).replace([' ', '│', '\n'], "");
        let s = Strings::load(lang);
        if w == 80 {
            assert!(text.contains("theme=\"light\""), "{text}");
        } else {
            // too low for it all: the note gives way before where to start
            let start: String = s.welcome_start.chars().take(5).collect();
            assert!(text.contains(&start), "{text}");
        }
        // the name is still asked for
        let name: String = s.welcome_name.replace(' ', "").chars().take(4).collect();
        assert!(text.contains(&name), "{text}");
    }
}

#[test]
fn an_imported_plan_without_a_start_moves_by_its_own_first_date() {
    use xuexi::domain::plan::{ItemKind, Plan, PlanItem, PlanOrigin};
    let mut store = common::store();
    let task = |id: &str, due: &str| PlanItem {
        id: id.into(),
        title: id.into(),
        kind: ItemKind::Task,
        due: Some(d(due)),
        by_member: false,
    };
    let plan = Plan {
        id: "spring".into(),
        title: "春训".into(),
        origin: PlanOrigin::User,
        starts: None,
        ends: None,
        items: vec![task("a", "2026-03-01"), task("b", "2026-03-10")],
        restarted: None,
    };
    store.import_plans(&[(plan, "h".into())], t0()).unwrap();
    // the member's own item, earlier than the plan's first date: it does not move the plan
    store
        .add_member_task("spring", "预习", Some(d("2026-01-15")))
        .unwrap();
    store.restart_plan("spring", d("2026-12-07"), t0()).unwrap();
    let p = store.plan("spring").unwrap();
    let due = |id: &str| p.items.iter().find(|i| i.id == id).and_then(|i| i.due);
    assert_eq!(due("a"), Some(d("2026-12-07")), "{p:?}");
    assert_eq!(due("b"), Some(d("2026-12-16")));
    assert_eq!(
        p.items.iter().find(|i| i.by_member).and_then(|i| i.due),
        Some(d("2026-01-15")),
        "kept as typed"
    );
}
