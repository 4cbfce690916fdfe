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
