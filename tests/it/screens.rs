//! Screen tests on ratatui's TestBackend with the real bundled Chinese materials: snapshots at
//! 80x24 and an odd small size, side by side at 140x30, help, and tiny terminals.

use crate::common;

use common::*;
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::i18n::Lang;

#[test]
fn home_80x24() {
    let store = store();
    let app = app(&store, Lang::ZhCn, 80, 24);
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    let text = screen_text(&t);
    for column in ["上情下达", "经验交流", "学习动态"] {
        assert!(text.contains(column), "{column} missing");
    }
}

#[test]
fn the_librarys_keys_all_show_at_80_columns_in_both_languages() {
    let store = store();
    for (lang, want) in [
        (
            Lang::ZhCn,
            [
                "/ 搜索",
                "s 统计",
                "n 笔记",
                "e 导出",
                "p 学习计划",
                "? 帮助",
            ],
        ),
        (
            Lang::En,
            [
                "/ find", "s stats", "n notes", "e export", "p plans", "? help",
            ],
        ),
    ] {
        let t = draw(&app(&store, lang, 80, 24), 80, 24);
        let text = screen_text(&t);
        let bar = text.lines().last().unwrap();
        for w in want {
            assert!(bar.contains(w), "{lang:?}: no {w} in {bar}");
        }
    }
}

#[test]
fn e_on_the_library_opens_the_export_menu() {
    let mut store = store();
    let mut a = app(&store, Lang::ZhCn, 80, 24);
    send(&mut a, &mut store, &[key('e')], t0());
    let text = screen_text(&draw(&a, 80, 24));
    assert!(text.contains("述学") || text.contains("导出"), "{text}");
    assert_eq!(
        a.context(),
        xuexi::app::keys::Context::ExportMenu,
        "the export menu is open"
    );
}

#[test]
fn home_41x12() {
    let store = store();
    let app = app(&store, Lang::ZhCn, 41, 12);
    let t = draw(&app, 41, 12);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn home_english_80x24() {
    let store = store();
    let app = app(&store, Lang::En, 80, 24);
    let t = draw(&app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("Library"));
    assert!(text.contains("quit"));
    assert!(
        !text.contains("资料库"),
        "English UI shows no Chinese UI strings"
    );
}

#[test]
fn reader_80x24() {
    let mut store = store();
    let mut app = app(&store, Lang::ZhCn, 80, 24);
    send(
        &mut app,
        &mut store,
        &[key('j'), key('j'), code(KeyCode::Enter)],
        t0(),
    );
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    let text = screen_text(&t);
    assert!(text.contains("徐州：建立健全“四学机制”保障学习走深走实"));
    assert!(text.contains("来源 徐州市委理论学习中心组"));
    assert!(
        !text.contains("##"),
        "headings are styled, not raw Markdown"
    );
    assert!(!text.contains("**"));
}

#[test]
fn reader_scrolled_41x12() {
    let mut store = store();
    let mut app = app(&store, Lang::ZhCn, 41, 12);
    send(
        &mut app,
        &mut store,
        &[key('G'), code(KeyCode::Enter), key(' '), key('j')],
        t0(),
    );
    let t = draw(&app, 41, 12);
    insta::assert_snapshot!(t.backend());
}

#[test]
fn reader_end_shows_full_gauge() {
    let mut store = store();
    let mut app = app(&store, Lang::ZhCn, 80, 24);
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), key('G')],
        t0(),
    );
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("已读 100%"), "{text}");
    // a 2-minute article at its end in no time: how long is left, not "read"
    assert!(text.contains("再读约 1 分钟"), "{text}");
    send(&mut app, &mut store, &[key('G')], at(45));
    let fx = app.tick(at(61));
    xuexi::tui::apply(&mut app, &mut store, fx, at(61));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("读完了"),
        "a minute later it is read, and the member is told: {text}"
    );
}

#[test]
fn side_by_side_140x30() {
    let mut store = store();
    let mut app = app(&store, Lang::ZhCn, 140, 30);
    // the first resize event opens the selection in the reader
    send(
        &mut app,
        &mut store,
        &[ratatui::crossterm::event::Event::Resize(140, 30)],
        t0(),
    );
    send(&mut app, &mut store, &[key('j')], t0());
    let t = draw(&app, 140, 30);
    insta::assert_snapshot!(t.backend());
    let text = screen_text(&t);
    assert!(text.contains("资料库"));
    assert!(
        text.contains("2月5日，省委常委会召开会议"),
        "reader follows the selection"
    );
    assert!(text.contains("Tab"), "Tab hint side by side");
    // the preview of an unread material says what was read of it, not how far it shows
    assert!(text.contains("预览 · 已读 0%"), "{text}");
    // both panes end on the same row
    let bottoms: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains('╰'))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(bottoms.len(), 1, "{text}");
    assert_eq!(
        text.lines().nth(bottoms[0]).unwrap().matches('╰').count(),
        2
    );
    // Tab into the reader: it is read now, and says how far down it shows
    send(&mut app, &mut store, &[code(KeyCode::Tab)], t0());
    let text = screen_text(&draw(&app, 140, 30));
    assert!(!text.contains("预览") && text.contains("已读"), "{text}");
}

#[test]
fn help_overlay_lists_current_keys() {
    let mut store = store();
    let mut app = app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('?')], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("按键（资料库）"), "{text}");
    assert!(text.contains("下一项"));
    assert!(
        !text.contains("下半页"),
        "reader keys are not listed on the library"
    );
    send(
        &mut app,
        &mut store,
        &[key('x'), code(KeyCode::Enter), key('?')],
        t0(),
    );
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!(t.backend());
    let text = screen_text(&t);
    assert!(text.contains("按键（阅读）"));
    assert!(text.contains("Ctrl-d"));
    assert!(text.contains("下半页"));
}

#[test]
fn help_overlay_small() {
    let mut store = store();
    let mut app = app(&store, Lang::ZhCn, 41, 12);
    send(&mut app, &mut store, &[key('?')], t0());
    draw(&app, 41, 12);
}

#[test]
fn too_small_notice() {
    let store = store();
    let app = app(&store, Lang::ZhCn, 39, 9);
    let t = draw(&app, 39, 9);
    let text = screen_text(&t);
    assert!(text.contains("终端太小"), "{text}");
}

#[test]
fn no_panic_at_any_small_size() {
    let mut store = store();
    for (w, h) in [
        (1, 1),
        (2, 1),
        (1, 2),
        (3, 3),
        (10, 4),
        (20, 5),
        (39, 10),
        (40, 10),
        (41, 11),
        (119, 12),
        (120, 10),
    ] {
        let mut app = app(&store, Lang::ZhCn, w, h);
        draw(&app, w, h);
        send(
            &mut app,
            &mut store,
            &[code(KeyCode::Enter), key('j'), key('?')],
            t0(),
        );
        draw(&app, w, h);
        send(
            &mut app,
            &mut store,
            &[key('x'), key('G'), code(KeyCode::Esc)],
            t0(),
        );
        draw(&app, w, h);
    }
}

#[test]
fn every_width_keeps_panes_intact() {
    let mut store = store();
    for w in 40..=130 {
        let mut app = app(&store, Lang::ZhCn, w, 16);
        send(
            &mut app,
            &mut store,
            &[ratatui::crossterm::event::Event::Resize(w, 16)],
            t0(),
        );
        draw(&app, w, 16);
        send(
            &mut app,
            &mut store,
            &[code(KeyCode::Enter), key(' ')],
            t0(),
        );
        let t = draw(&app, w, 16);
        // the reader's right border is intact on every body row
        let buf = t.backend().buffer();
        for y in 1..13 {
            let sym = buf[(w - 1, y)].symbol();
            assert_eq!(sym, "│", "right border broken at width {w}, row {y}");
        }
    }
}

fn reader_for(body: &str, w: u16, h: u16) -> ratatui::Terminal<ratatui::backend::TestBackend> {
    use xuexi::domain::material::Material;
    let mut store = store();
    let text = format!("+++\nid = \"mine\"\ntitle = \"我的\\u001b[31m心得\"\n+++\n{body}");
    let m: Material =
        xuexi::import::material::parse_material(std::path::Path::new("mine.md"), &text).unwrap();
    store.import_user(&[(m, "h".into())], t0()).unwrap();
    let mut app = app(&store, Lang::ZhCn, 80, 24);
    send(
        &mut app,
        &mut store,
        &[key('G'), code(KeyCode::Enter)],
        t0(),
    );
    assert_eq!(app.library.reader.as_ref().map(|r| r.id()), Some("mine"));
    send(
        &mut app,
        &mut store,
        &[ratatui::crossterm::event::Event::Resize(w, h)],
        t0(),
    );
    draw(&app, w, h)
}

#[test]
fn markdown_is_styled_not_shown_raw() {
    let t = reader_for(
        "# 大标题\n\n正文有**加粗**和*强调*。\n\n- 第一条\n- 第二条\n\n1. 甲\n2. 乙\n\n> 引用的话\n\n---\n\n尾段。\n",
        60,
        30,
    );
    let text = screen_text(&t);
    for raw in ["# ", "**", "*强调*", "> ", "---", "- 第一条"] {
        assert!(!text.contains(raw), "raw Markdown {raw:?} shown:\n{text}");
    }
    for shown in [
        "大标题",
        "• 第一条",
        "1. 甲",
        "▍ 引用的话",
        "────",
        "尾段。",
    ] {
        assert!(text.contains(shown), "{shown:?} missing:\n{text}");
    }
    // bold text carries the bold modifier
    let buf = t.backend().buffer();
    let bold = (0..buf.area.height).any(|y| {
        (0..buf.area.width).any(|x| {
            let c = &buf[(x, y)];
            c.symbol() == "粗" && c.modifier.contains(ratatui::style::Modifier::BOLD)
        })
    });
    assert!(bold, "加粗 is drawn bold");
}

#[test]
fn hostile_text_never_reaches_a_cell() {
    // escape sequences, C1 controls, bidi overrides and a very long line: check_buffer (run by
    // draw) fails on any control or bidi character in a cell
    let long = "长".repeat(10_000);
    let body = format!(
        "正文\u{1b}[2J\u{1b}]0;title\u{7}\u{9b}31m\u{202e}反转\u{2066}隔离\u{2069}\r\n{long}\n"
    );
    for (w, h) in [(80, 24), (20, 5), (41, 12)] {
        let t = reader_for(&body, w, h);
        let text = screen_text(&t);
        assert!(!text.contains('\u{1b}'));
    }
}

#[test]
fn a_table_in_a_material_reads_as_records_at_80x24_and_40x12() {
    let mut store = store();
    let text = "+++\nid = \"xuzhou-sixue-jizhi\"\ntitle = \"三会一课安排\"\ncolumn = \"经验交流\"\n+++\n\n| 项目 | 频次 | 负责人 |\n|---|---|---|\n| 支部党员大会 | 每季度一次 | 支部书记 |\n| 党小组会 | 每月一次 | 党小组长 |\n\n不再使用~~旧提法~~。\n";
    common::sync_changed_xuzhou(&mut store, text, "table");
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = app(&store, Lang::ZhCn, w, h);
        let id = app
            .library
            .order
            .iter()
            .position(|&i| app.library.items[i].meta.id == "xuzhou-sixue-jizhi")
            .unwrap();
        let keys: Vec<_> = std::iter::repeat_n(key('j'), id)
            .chain([code(KeyCode::Enter)])
            .collect();
        send(&mut app, &mut store, &keys, t0());
        let t = draw(&app, w, h);
        check_buffer(t.backend().buffer());
        let shown = screen_text(&t);
        assert!(shown.contains("项目：支部党员大会"), "{w}x{h}:\n{shown}");
        if h >= 24 {
            assert!(shown.contains("~~旧提法~~"), "{w}x{h}:\n{shown}");
        }
    }
}

#[test]
fn the_library_opens_on_the_material_read_last_and_offers_to_go_on() {
    use xuexi::domain::material::Position;
    let mut store = store();
    assert_eq!(store.last_read().unwrap(), None);
    let at0 = Position {
        block: 0,
        offset: 0,
    };
    store
        .save_progress("zhongyang-changweihui-0203", at0, 100, true, at(1))
        .unwrap();
    store
        .save_progress(
            "siyang-sanxun",
            Position {
                block: 3,
                offset: 0,
            },
            40,
            false,
            at(2),
        )
        .unwrap();
    assert_eq!(store.last_read().unwrap().as_deref(), Some("siyang-sanxun"));
    let mut a = app(&store, Lang::ZhCn, 80, 24);
    a.open_on("siyang-sanxun", at(3));
    assert_eq!(a.selected_id(), Some("siyang-sanxun"));
    let bar = screen_text(&draw(&a, 80, 24));
    assert!(
        bar.lines()
            .last()
            .unwrap()
            .contains("继续阅读《泗阳：“三训”工作法"),
        "{bar}"
    );
    // Enter opens it where the member stopped
    send(&mut a, &mut store, &[code(KeyCode::Enter)], at(4));
    assert_eq!(a.library.reader.as_ref().unwrap().id(), "siyang-sanxun");
    assert_eq!(a.library.reader.as_ref().unwrap().anchor.block, 3);
    // a finished one is selected, not offered
    let mut b = app(&store, Lang::ZhCn, 80, 24);
    b.open_on("zhongyang-changweihui-0203", at(5));
    assert_eq!(b.selected_id(), Some("zhongyang-changweihui-0203"));
    assert!(b.message.is_none());
}

// ---- any size
// Any terminal size on any screen: 1x1, 20x5, zero height and 500 random resizes in a row
// (each drawn) draw without a panic, every frame passes the frame checks (no control character, no wide
// character cut or half covered, rows exactly as wide as the screen), and the last frame has
// the last size.

/// (also runs the generator's own tests)
#[path = "../../benches/support/corpus.rs"]
mod corpus;

#[test]
fn every_screen_survives_any_size() {
    let mut store = common::store();
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_plans(&mut store, t0()).unwrap();
    let mut rng = xuexi::domain::rng::Rng::new(500);
    // the screens, reached by keys from the library
    let screens: Vec<Vec<Event>> = vec![
        vec![],
        vec![common::code(KeyCode::Enter)],
        vec![key('t')],
        vec![key('p')],
        vec![key('s')],
        vec![key('/'), key('学'), key('习')],
        vec![key('n')],
    ];
    for keys in &screens {
        let mut app = common::app(&store, Lang::ZhCn, 80, 24);
        send(&mut app, &mut store, keys, t0());
        // let a typed search run
        let fx = app.tick(t0() + jiff::SignedDuration::from_secs(1));
        xuexi::tui::apply(&mut app, &mut store, fx, t0());
        for (w, h) in [(1, 1), (20, 5), (80, 0), (0, 24), (0, 0)] {
            send(&mut app, &mut store, &[Event::Resize(w, h)], t0());
            draw(&app, w, h);
        }
        let (mut w, mut h) = (80, 24);
        for _ in 0..500 {
            w = rng.below(161) as u16;
            h = rng.below(51) as u16;
            send(&mut app, &mut store, &[Event::Resize(w, h)], t0());
            draw(&app, w, h);
        }
        let t = draw(&app, w, h);
        let area = t.backend().buffer().area;
        assert_eq!((area.width, area.height), (w, h), "{keys:?}");
        assert_eq!(app.size.width, w);
    }
}
