//! The first start's welcome: what is here, where to start, where the data lives, and the
//! member's name typed once and written into their config file (its comments kept); Esc is
//! "later"; `w` on the library brings it back with the name ready to change.

use crate::common;

use common::*;
use ratatui::crossterm::event::KeyCode;
use xuexi::app::ScreenKind;
use xuexi::i18n::Lang;

#[test]
fn the_welcome_takes_the_members_name_into_their_config() {
    let mut store = store();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("xuexi").join("config.toml");
    let mut a = app(&store, Lang::ZhCn, 80, 24);
    a.data_dir = "/home/zhang/.local/share/xuexi".into();
    a.config_path = Some(cfg.clone());
    a.show_welcome(true);
    let t = draw(&a, 80, 24);
    insta::assert_snapshot!("welcome_80x24", t.backend());
    let text = screen_text(&t);
    assert!(text.contains("5 篇学习资料"), "{text}");
    assert!(text.contains("/home/zhang/.local/share/xuexi"), "{text}");
    assert!(
        text.lines().last().unwrap().contains("Enter 保存"),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().contains("Esc 以后再说"),
        "{text}"
    );
    // letters are the name, not keys (t is not the quiz here)
    let typed: Vec<_> = "张三t".chars().map(key).collect();
    send(&mut a, &mut store, &typed, t0());
    assert_eq!(a.screen_kind(), ScreenKind::Welcome);
    send(
        &mut a,
        &mut store,
        &[code(KeyCode::Backspace), code(KeyCode::Enter)],
        t0(),
    );
    assert_eq!(a.screen_kind(), ScreenKind::Library);
    assert_eq!(a.config.member.name, "张三");
    let written = std::fs::read_to_string(&cfg).unwrap();
    assert_eq!(written, "[member]\nname = \"张三\"\n");
    assert!(
        a.message
            .as_ref()
            .unwrap()
            .text
            .contains("已保存姓名“张三”")
    );
    // seen: the next start does not show it
    assert!(store.meta(xuexi::store::WELCOMED_KEY).unwrap().is_some());
    // w brings it back with the name ready; a new name replaces it, the rest of the file kept
    std::fs::write(
        &cfg,
        "# 我的设置\n[member]\nname = \"张三\"\nbranch = \"第一党支部\"\n",
    )
    .unwrap();
    send(&mut a, &mut store, &[key('w')], at(1));
    assert_eq!(a.welcome().unwrap().name(), "张三");
    send(&mut a, &mut store, &[ctrl('u')], at(1));
    let typed: Vec<_> = "张小三".chars().map(key).collect();
    send(&mut a, &mut store, &typed, at(1));
    send(&mut a, &mut store, &[code(KeyCode::Enter)], at(2));
    let written = std::fs::read_to_string(&cfg).unwrap();
    assert_eq!(
        written,
        "# 我的设置\n[member]\nname = \"张小三\"\nbranch = \"第一党支部\"\n"
    );
    // Esc: later, nothing written
    send(
        &mut a,
        &mut store,
        &[key('w'), key('x'), code(KeyCode::Esc)],
        at(3),
    );
    assert_eq!(a.screen_kind(), ScreenKind::Library);
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), written);
}

#[test]
fn a_config_that_would_not_load_is_not_written() {
    let mut store = store();
    let dir = tempfile::tempdir().unwrap();
    let cfg = dir.path().join("config.toml");
    std::fs::write(&cfg, "[member\nname = ").unwrap();
    let mut a = app(&store, Lang::ZhCn, 80, 24);
    a.config_path = Some(cfg.clone());
    a.show_welcome(false);
    let typed: Vec<_> = "李四".chars().map(key).collect();
    send(&mut a, &mut store, &typed, t0());
    send(&mut a, &mut store, &[code(KeyCode::Enter)], t0());
    let m = a.message.as_ref().unwrap();
    assert!(m.error && m.text.contains("不是有效的 TOML"), "{m:?}");
    assert_eq!(std::fs::read_to_string(&cfg).unwrap(), "[member\nname = ");
}

#[test]
fn the_welcome_fits_a_small_terminal_with_its_input_in_view() {
    let store = store();
    let mut a = app(&store, Lang::ZhCn, 40, 12);
    a.show_welcome(true);
    let t = draw(&a, 40, 12);
    insta::assert_snapshot!("welcome_40x12", t.backend());
    // the name's line is on screen (the text above gives way)
    let text = screen_text(&t);
    assert!(
        text.contains("w 可以再改") || text.contains("姓名"),
        "{text}"
    );
    let mut en = app(&store, Lang::En, 80, 24);
    en.show_welcome(true);
    let text = screen_text(&draw(&en, 80, 24));
    assert!(
        text.contains("Welcome to xuexi") && text.contains("Your name"),
        "{text}"
    );
    assert!(
        text.lines().last().unwrap().contains("Enter save"),
        "{text}"
    );
}

#[test]
fn a_member_who_studied_before_the_welcome_existed_is_not_welcomed() {
    use xuexi::store::{Store, WELCOMED_KEY};
    for (name, studied) in [("studied", true), ("new", false)] {
        // (each in its own folder: the migration backs the file up beside it)
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("xuexi.db");
        Store::create_at_version(&path, 9).unwrap();
        if studied {
            let conn = rusqlite::Connection::open(&path).unwrap();
            conn.execute(
                "INSERT INTO events (id, at, kind, data) VALUES (1, '2026-01-01T00:00:00Z',
                 'finished', '{\"kind\":\"finished\",\"material\":\"m\"}')",
                [],
            )
            .unwrap();
        }
        let store = Store::open(&path).unwrap();
        assert_eq!(
            store.meta(WELCOMED_KEY).unwrap().is_some(),
            studied,
            "{name}"
        );
    }
}

#[test]
fn a_terminal_that_is_not_utf8_is_told_what_to_set() {
    let store = store();
    for (w, h) in [(80, 24), (40, 12)] {
        let mut a = app(&store, Lang::ZhCn, w, h);
        a.show_welcome(true);
        a.welcome_mut().unwrap().locale_note = Some("C".into());
        let text = screen_text(&draw(&a, w, h));
        assert!(text.contains("UTF-8"), "{w}x{h}: {text}");
        assert!(text.contains('›'), "the name's line stays: {text}");
    }
}
