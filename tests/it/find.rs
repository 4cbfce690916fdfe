//! The search screen and find in the article, driven by keys: results as you type (after a
//! pause), Enter opens the material at its hit with the hits marked, n/N walk the hits.

use crate::common;

use common::{at, code, ctrl, draw, key, screen_text, send, t0};
use jiff::Timestamp;
use ratatui::crossterm::event::KeyCode;
use ratatui::style::Modifier;
use xuexi::app::{App, ScreenKind};
use xuexi::i18n::Lang;
use xuexi::store::Store;

fn tick(app: &mut App, store: &mut Store, now: Timestamp) {
    let fx = app.tick(now);
    xuexi::tui::apply(app, store, fx, now);
}

fn typed(s: &str) -> Vec<ratatui::crossterm::event::Event> {
    s.chars().map(key).collect()
}

/// Cells drawn reversed (the marked hits), as text.
fn reversed(t: &ratatui::Terminal<ratatui::backend::TestBackend>) -> String {
    let buf = t.backend().buffer();
    let mut out = String::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let c = &buf[(x, y)];
            if c.modifier.contains(Modifier::REVERSED) {
                out.push_str(c.symbol());
            }
        }
    }
    out
}

/// Where the current hit is drawn (bold and underlined, beside the other hits' reverse): the
/// first cell of it on each row it is on.
fn current_rows(t: &ratatui::Terminal<ratatui::backend::TestBackend>) -> Vec<(u16, u16)> {
    let buf = t.backend().buffer();
    let mut rows = Vec::new();
    for y in 0..buf.area.height {
        for x in 0..buf.area.width {
            let m = buf[(x, y)].modifier;
            if m.contains(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED) {
                rows.push((x, y));
                break;
            }
        }
    }
    rows
}

#[test]
fn search_as_you_type_then_open_at_the_hit() {
    let mut store = common::store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('/')], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Search);
    insta::assert_snapshot!("search_empty_80x24", draw(&app, 80, 24).backend());
    send(&mut app, &mut store, &typed("四学"), at(1));
    // typing has not paused yet: no search
    tick(&mut app, &mut store, at(1));
    assert!(app.search().unwrap().results.is_empty());
    send(&mut app, &mut store, &typed("机制"), at(1));
    tick(&mut app, &mut store, at(2));
    let v = app.search().unwrap();
    assert_eq!(v.searched, "四学机制");
    assert_eq!(v.results[0].id, "xuzhou-sixue-jizhi");
    let counted = v.results[0].hits;
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains("徐州：建立健全“四学机制”保障学习走深走实"));
    assert!(
        reversed(&t).contains("四学机制"),
        "the hit is marked in the snippet"
    );
    insta::assert_snapshot!("search_results_80x24", t.backend());
    app.resize(41, 12);
    insta::assert_snapshot!("search_results_41x12", draw(&app, 41, 12).backend());
    for (w, h) in [(40, 10), (20, 5), (1, 1)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
    app.resize(80, 24);

    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(3));
    assert_eq!(app.screen_kind(), ScreenKind::Reader);
    let r = app.library.reader.as_ref().unwrap();
    let f = r.find.as_ref().expect("the search's hits are marked");
    assert_eq!(
        f.hits.len(),
        1,
        "once in the text (the other hit is the title)"
    );
    // the search counted what find steps through (it said 2 处 for 1/1)
    assert_eq!(counted, f.hits.len());
    let t = draw(&app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("“四学机制” 1/1"), "{text}");
    assert!(reversed(&t).contains("四学机制"), "{text}");
    insta::assert_snapshot!("reader_at_search_hit_80x24", t.backend());
    send(&mut app, &mut store, &[key('n')], at(4));
    assert_eq!(
        app.library
            .reader
            .as_ref()
            .unwrap()
            .find
            .as_ref()
            .unwrap()
            .current,
        0
    );
    // back to the results, kept
    send(&mut app, &mut store, &[code(KeyCode::Esc)], at(7));
    assert_eq!(app.screen_kind(), ScreenKind::Search);
    assert_eq!(app.search().unwrap().results.len(), 1);
    let last = app.search().unwrap().text();
    send(&mut app, &mut store, &[code(KeyCode::Esc)], at(8));
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    // (the search screen left keeps nothing open)
    assert!(app.search().is_none());
    // / again: the last query is there, selected (shown reversed); typing replaces it
    send(&mut app, &mut store, &[key('/')], at(9));
    let t = draw(&app, 80, 24);
    assert!(reversed(&t).contains(&last), "{last} selected");
    send(&mut app, &mut store, &typed("冬训"), at(9));
    assert_eq!(app.search().unwrap().text(), "冬训");
    // an arrow keeps it to change it; Ctrl-U clears the line
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Esc), key('/')],
        at(10),
    );
    send(&mut app, &mut store, &[code(KeyCode::End)], at(10));
    send(&mut app, &mut store, &typed("工作"), at(10));
    assert_eq!(app.search().unwrap().text(), "冬训工作");
    assert!(!reversed(&draw(&app, 80, 24)).contains("冬训"));
    send(&mut app, &mut store, &[ctrl('u')], at(11));
    assert_eq!(app.search().unwrap().text(), "");
}

#[test]
fn bad_and_empty_searches_say_why() {
    let mut store = common::store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('/')], t0());
    send(&mut app, &mut store, &typed("，。"), t0());
    tick(&mut app, &mut store, at(1));
    let v = app.search().unwrap();
    assert!(v.error.as_ref().unwrap().contains("，。"));
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Backspace), code(KeyCode::Backspace)],
        at(2),
    );
    send(&mut app, &mut store, &typed("不存在的词"), at(2));
    tick(&mut app, &mut store, at(3));
    let t = draw(&app, 80, 24);
    assert!(
        screen_text(&t).contains("没有找到“不存在的词”"),
        "{}",
        screen_text(&t)
    );
    // j and k are text here, not moves
    send(&mut app, &mut store, &typed("jk"), at(4));
    assert!(app.search().unwrap().text().ends_with("jk"));
}

#[test]
fn find_in_the_article() {
    let mut store = common::store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    // the third material: 徐州
    send(
        &mut app,
        &mut store,
        &[key('j'), key('j'), code(KeyCode::Enter)],
        t0(),
    );
    assert_eq!(
        app.library.reader.as_ref().unwrap().id(),
        "xuzhou-sixue-jizhi"
    );
    send(&mut app, &mut store, &[key('/')], at(1));
    assert!(matches!(app.overlay, Some(xuexi::app::Overlay::Find(_))));
    send(&mut app, &mut store, &typed("学习"), at(1));
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains("在文中查找：学习"));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(2));
    let f = app.library.reader.as_ref().unwrap().find.as_ref().unwrap();
    let n = f.hits.len();
    assert!(n > 5, "{n}");
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains(&format!("“学习” 1/{n}")));
    assert!(reversed(&t).contains("学习"));
    // one hit is the current one, shown apart from the rest; n moves it
    let first = current_rows(&t);
    assert_eq!(first.len(), 1, "one current hit: {first:?}");
    insta::assert_snapshot!("reader_find_80x24", t.backend());
    send(&mut app, &mut store, &[key('n')], at(3));
    let second = current_rows(&draw(&app, 80, 24));
    assert_eq!(second.len(), 1);
    assert_ne!(first, second, "the next hit is current now");
    send(&mut app, &mut store, &[key('N')], at(3));
    assert_eq!(
        current_rows(&draw(&app, 80, 24)),
        first,
        "N comes back to it"
    );
    let top = app.library.reader.as_ref().unwrap().top;
    for _ in 0..(n - 1) {
        send(&mut app, &mut store, &[key('n')], at(3));
    }
    assert!(
        app.library.reader.as_ref().unwrap().top > top,
        "the last hit is further down"
    );
    let current = |app: &App| {
        app.library
            .reader
            .as_ref()
            .unwrap()
            .find
            .as_ref()
            .unwrap()
            .current
    };
    assert_eq!(current(&app), n - 1);
    send(&mut app, &mut store, &[key('n')], at(3));
    assert_eq!(current(&app), 0, "wraps around");
    send(&mut app, &mut store, &[key('N')], at(3));
    assert_eq!(current(&app), n - 1);
    // not in the text: said, nothing marked
    send(&mut app, &mut store, &[key('/')], at(4));
    send(&mut app, &mut store, &typed("不存在的词"), at(4));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(4));
    let m = app.message.as_ref().unwrap();
    assert!(m.text.contains("不存在的词"), "{m:?}");
    assert!(reversed(&draw(&app, 80, 24)).is_empty());
    // text that cannot be looked for: said in the member's language
    send(&mut app, &mut store, &[key('/')], at(4));
    send(&mut app, &mut store, &typed("\"学习"), at(4));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(4));
    let m = app.message.as_ref().unwrap();
    assert!(
        m.text.contains("引号") && !m.text.contains("quote"),
        "{m:?}"
    );
    // an empty find clears the marks; Esc in the prompt leaves them as they are
    send(&mut app, &mut store, &[key('/'), code(KeyCode::Esc)], at(5));
    assert!(app.overlay.is_none());
    send(
        &mut app,
        &mut store,
        &[key('/'), code(KeyCode::Enter)],
        at(6),
    );
    assert!(app.library.reader.as_ref().unwrap().find.is_none());
}
