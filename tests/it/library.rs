//! A large library: the first screen from the first rows (read through the library's index),
//! the whole list loaded beside it, and after reading only the progress read again.

use crate::common;

use common::{at, check_buffer, draw, screen_text, t0};
use ratatui::crossterm::event::KeyCode;
use xuexi::app::{App, Effect};
use xuexi::i18n::{Lang, Strings};
use xuexi::store::Store;

/// A store with the bundled materials and `n` of the member's own, u000…, in three columns.
fn big(n: usize) -> Store {
    let mut store = common::store();
    let items: Vec<_> = (0..n)
        .map(|i| {
            let column = ["学习动态", "经验交流", "上情下达"][i % 3];
            let src = format!(
                "+++\nid = \"u{i:03}\"\ntitle = \"第{i}篇 资料\"\ncolumn = \"{column}\"\nsummary = \"摘要{i}\"\ntags = [\"标签\"]\n+++\n\n正文{i}。\n"
            );
            let m = xuexi::import::material::parse_material_bytes(
                std::path::Path::new("m.md"),
                src.as_bytes(),
            )
            .unwrap();
            (m, format!("h{i}"))
        })
        .collect();
    store.import_user(&items, t0()).unwrap();
    store
}

fn ids(items: &[xuexi::domain::material::Summary]) -> Vec<String> {
    items.iter().map(|s| s.meta.id.clone()).collect()
}

#[test]
fn the_librarys_first_rows_come_through_its_index_in_the_librarys_order() {
    let store = big(60);
    let all = store.list_materials().unwrap();
    let head = store.library(Some(10)).unwrap();
    assert_eq!(ids(&head), ids(&all[..10]));
    let whole = store.library(None).unwrap();
    assert_eq!(ids(&whole), ids(&all));
    // what the list does not show is not held
    assert!(
        whole
            .iter()
            .all(|s| s.meta.summary.is_empty() && s.meta.tags.is_empty())
    );
    assert!(all.iter().any(|s| s.meta.summary == "摘要1"));
    let plan = store.library_plan(Some(10)).unwrap().join("\n");
    assert!(plan.contains("materials_order"), "{plan}");
    assert!(
        !plan.contains("TEMP B-TREE"),
        "no sort of every material: {plan}"
    );
}

#[test]
fn a_large_library_shows_its_first_rows_then_the_whole_list() {
    let mut store = big(60);
    // the material read last is beyond the first rows
    store
        .save_progress("u050", Default::default(), 30, false, at(5))
        .unwrap();
    let head = store.library(Some(10)).unwrap();
    let mut app = App::new(Strings::load(Lang::ZhCn), head, 300);
    app.tz = jiff::tz::TimeZone::UTC;
    app.resize(80, 24);
    let (tx, rx) = std::sync::mpsc::channel();
    app.start_on(Some("u050".into()), Some(rx), at(9));
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains("载入中…"), "{}", screen_text(&t));
    assert!(app.tick(at(10)).is_empty(), "nothing yet");
    tx.send(store.library(None).unwrap()).unwrap();
    let fx = app.tick(at(11));
    assert!(fx.contains(&Effect::RefreshLibrary), "{fx:?}");
    xuexi::tui::apply(&mut app, &mut store, fx, at(11));
    assert_eq!(app.library.order.len(), 65);
    assert_eq!(app.selected_id(), Some("u050"), "on the material read last");
    let t = draw(&app, 80, 24);
    let text = screen_text(&t);
    assert!(!text.contains("载入中"), "{text}");
    assert!(text.contains("/65"), "{text}");
    assert!(text.contains("第50篇"), "{text}");
    assert!(text.contains("继续阅读"), "the offer to go on: {text}");
    for (w, h) in [(40, 12), (20, 6)] {
        app.resize(w, h);
        check_buffer(draw(&app, w, h).backend().buffer());
    }
}

/// A loader that failed (its sender gone) leaves the first rows, and the mark goes.
#[test]
fn a_failed_loader_leaves_the_first_rows() {
    let store = big(20);
    let mut app = App::new(
        Strings::load(Lang::ZhCn),
        store.library(Some(10)).unwrap(),
        300,
    );
    let (tx, rx) = std::sync::mpsc::channel();
    app.start_on(None, Some(rx), at(0));
    drop(tx);
    assert!(app.tick(at(1)).is_empty());
    assert!(app.library.loading.is_none());
    assert_eq!(app.library.order.len(), 10);
}

/// After reading, the library takes the member's progress again without reading the list.
#[test]
fn a_refresh_reads_the_progress_not_the_list() {
    let mut store = big(5);
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    store
        .save_progress("u003", Default::default(), 100, true, at(5))
        .unwrap();
    // a material that left the database meanwhile stays listed until the list is read again
    store.remove_material("u004").unwrap();
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::RefreshLibrary], at(6));
    let u3 = app
        .library
        .items
        .iter()
        .find(|s| s.meta.id == "u003")
        .unwrap();
    assert!(u3.progress.read);
    assert!(app.library.items.iter().any(|s| s.meta.id == "u004"));
    xuexi::tui::apply(&mut app, &mut store, vec![Effect::ReloadLibrary], at(7));
    assert!(!app.library.items.iter().any(|s| s.meta.id == "u004"));
}

/// `f` narrows the list as the member types (title, source or date), Enter keeps the filter,
/// Esc shows the whole library again; Space and PageDown move a screenful.
#[test]
fn the_library_narrows_as_the_member_types_and_pages_by_the_screenful() {
    let mut store = big(60);
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    let all = app.library.order.len();
    common::send(&mut app, &mut store, &[common::key('f')], at(1));
    let t = draw(&app, 80, 24);
    let text = screen_text(&t);
    assert!(text.contains("筛选："), "{text}");
    assert!(
        text.contains("Enter 确认") && text.contains("Esc 取消"),
        "{text}"
    );
    assert!(
        t.backend().cursor_position().x > 0,
        "the cursor is in the filter line"
    );
    common::send(
        &mut app,
        &mut store,
        &[common::key('第'), common::key('5')],
        at(2),
    );
    let shown: Vec<String> = (0..app.library.order.len())
        .map(|n| app.item_at(n).unwrap().meta.id.clone())
        .collect();
    assert_eq!(shown.len(), 11, "第5篇 and 第50…59篇: {shown:?}");
    assert!(shown.iter().all(|id| id == "u005" || id.starts_with("u05")));
    // a word of the filter that nothing holds
    common::send(&mut app, &mut store, &[common::key('x')], at(3));
    assert!(app.library.order.is_empty());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("没有符合筛选的资料"), "{text}");
    common::send(
        &mut app,
        &mut store,
        &[
            common::code(KeyCode::Backspace),
            common::code(KeyCode::Enter),
        ],
        at(4),
    );
    assert_eq!(app.library.order.len(), 11, "kept after Enter");
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("Esc 显示全部"),
        "the hint says how to leave it: {text}"
    );
    for (w, h) in [(40, 12), (20, 6)] {
        app.resize(w, h);
        check_buffer(draw(&app, w, h).backend().buffer());
    }
    app.resize(80, 24);
    common::send(&mut app, &mut store, &[common::code(KeyCode::Esc)], at(5));
    assert!(app.library.filter.is_none());
    assert_eq!(app.library.order.len(), all);
    // the selection stayed on the material it was on; a screenful down and back
    assert_eq!(app.selected_id(), Some("u005"));
    let from = app.library.selected;
    common::send(&mut app, &mut store, &[common::key(' ')], at(6));
    let step = app.library.selected - from;
    assert!(step >= 5, "{step}");
    common::send(
        &mut app,
        &mut store,
        &[common::code(KeyCode::PageDown)],
        at(7),
    );
    assert_eq!(app.library.selected, from + 2 * step);
    common::send(
        &mut app,
        &mut store,
        &[common::code(KeyCode::PageUp)],
        at(8),
    );
    assert_eq!(app.library.selected, from + step);
}

/// A date typed into the filter finds that month's materials.
#[test]
fn the_filter_finds_a_month() {
    let mut store = common::store();
    let dates: Vec<Option<String>> = store
        .list_materials()
        .unwrap()
        .iter()
        .map(|s| s.meta.date.clone())
        .collect();
    let month = dates.iter().flatten().next().unwrap()[..7].to_string();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    let mut keys = vec![common::key('f')];
    keys.extend(month.chars().map(common::key));
    common::send(&mut app, &mut store, &keys, at(1));
    let want = dates
        .iter()
        .filter(|d| d.as_deref().is_some_and(|d| d.starts_with(&month)))
        .count();
    assert!(want > 0);
    assert_eq!(app.library.order.len(), want);
}

/// Scrolling down never leaves the list starting on an item's second line (a detail under no
/// title): the first line under the frame is a title or a column's heading.
#[test]
fn the_list_never_starts_halfway_through_an_item() {
    let mut store = big(60);
    for (w, h) in [(80, 24), (40, 12)] {
        let mut app = common::app(&store, Lang::ZhCn, w, h);
        for n in 0..70 {
            let t = draw(&app, w, h);
            let first = common::rows(t.backend().buffer())[1].clone();
            assert!(
                !first.starts_with("│   "),
                "{w}x{h}, after {n} moves down: {first:?}\n{}",
                screen_text(&t)
            );
            common::send(&mut app, &mut store, &[common::key('j')], at(n));
        }
    }
}
