//! Bookmarks and notes: written from the reader, marked in the margin, listed on the notes
//! screen, found again after the text changes, in the study log, exported.

use crate::common;

use common::{at, code, ctrl, draw, key, screen_text, send, t0};
use ratatui::crossterm::event::KeyCode;
use xuexi::app::ScreenKind;
use xuexi::domain::annotation::AnnotationKind;
use xuexi::domain::log::Record;
use xuexi::domain::material::Position;
use xuexi::i18n::Lang;
use xuexi::store::Store;

const XUZHOU: &str = "xuzhou-sixue-jizhi";

fn typed(s: &str) -> Vec<ratatui::crossterm::event::Event> {
    s.chars().map(key).collect()
}

fn open_xuzhou(store: &mut Store) -> xuexi::app::App {
    let mut app = common::app(store, Lang::ZhCn, 80, 24);
    send(
        &mut app,
        store,
        &[key('j'), key('j'), code(KeyCode::Enter)],
        t0(),
    );
    assert_eq!(app.library.reader.as_ref().unwrap().id(), XUZHOU);
    app
}

#[test]
fn a_note_from_the_reader_is_saved_marked_and_logged() {
    let mut store = common::store();
    let mut app = open_xuzhou(&mut store);
    // down to the second paragraph, then a note of two lines
    send(
        &mut app,
        &mut store,
        &[key('j'), key('j'), key('j'), key('j'), key('j'), key('j')],
        at(1),
    );
    send(&mut app, &mut store, &[key('a')], at(2));
    assert!(matches!(app.overlay, Some(xuexi::app::Overlay::Input(_))));
    send(&mut app, &mut store, &typed("领导带头学"), at(3));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(3));
    send(&mut app, &mut store, &typed("值得借鉴"), at(3));
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains("值得借鉴"));
    insta::assert_snapshot!("note_editor_80x24", t.backend());
    app.resize(41, 12);
    insta::assert_snapshot!("note_editor_41x12", draw(&app, 41, 12).backend());
    app.resize(80, 24);
    send(&mut app, &mut store, &[ctrl('s')], at(4));
    assert!(app.overlay.is_none());
    let notes = store.annotations(Some(XUZHOU)).unwrap();
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0].kind, AnnotationKind::Note);
    assert_eq!(notes[0].text, "领导带头学\n值得借鉴");
    assert_eq!(
        notes[0].position.offset, 0,
        "a note belongs to its whole paragraph"
    );
    let t = draw(&app, 80, 24);
    assert!(
        screen_text(&t).contains("✎"),
        "the paragraph is marked in the margin"
    );
    let events = store.events(None, None).unwrap();
    assert!(events.iter().any(|e| matches!(
        &e.record,
        Record::Note { material, text, .. } if material == XUZHOU && text == "领导带头学\n值得借鉴"
    )));
    // Esc in the editor throws a draft away
    send(&mut app, &mut store, &[key('a')], at(5));
    send(&mut app, &mut store, &typed("草稿"), at(5));
    send(&mut app, &mut store, &[code(KeyCode::Esc)], at(5));
    assert_eq!(store.annotations(Some(XUZHOU)).unwrap().len(), 1);
    assert_eq!(
        app.screen_kind(),
        ScreenKind::Reader,
        "Esc closed only the editor"
    );
}

#[test]
fn bookmarks_are_listed_and_jumped_to() {
    let mut store = common::store();
    let mut app = open_xuzhou(&mut store);
    send(&mut app, &mut store, &[code(KeyCode::PageDown)], at(1));
    let top = app.library.reader.as_ref().unwrap().top;
    send(&mut app, &mut store, &[key('m')], at(2));
    let t = draw(&app, 80, 24);
    assert!(screen_text(&t).contains("书签名（可不填）："));
    send(&mut app, &mut store, &typed("第二部分"), at(2));
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(2));
    let b = &store.annotations(Some(XUZHOU)).unwrap()[0];
    assert_eq!(
        (b.kind, b.text.as_str()),
        (AnnotationKind::Bookmark, "第二部分")
    );
    send(&mut app, &mut store, &[key('G')], at(3));
    send(&mut app, &mut store, &[key('\'')], at(4));
    let t = draw(&app, 80, 24);
    assert!(
        screen_text(&t).contains("第二部分 · “"),
        "{}",
        screen_text(&t)
    );
    insta::assert_snapshot!("bookmark_list_80x24", t.backend());
    // the bar says what the title says Enter does (it said 阅读 under a title of 跳转)
    let text = screen_text(&t);
    let bar = text.lines().last().unwrap();
    assert!(
        text.contains("Enter 跳转）") && bar.contains("Enter 跳转"),
        "{bar}"
    );
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(5));
    let r = app.library.reader.as_ref().unwrap();
    assert!(r.top <= top, "back near the bookmark: {} vs {top}", r.top);
    assert!(
        r.layout.line_of(b.position) >= r.top && r.layout.line_of(b.position) < r.top + r.height
    );
}

#[test]
fn the_notes_screen_lists_and_opens() {
    let mut store = common::store();
    let doc = xuexi::markdown::parse_markdown(&store.material(XUZHOU).unwrap().0.body);
    let p = Position {
        block: 6,
        offset: 0,
    };
    let quote = xuexi::domain::annotation::quote_at(&doc, p);
    store
        .annotate(
            AnnotationKind::Bookmark,
            "siyang-sanxun",
            Position::default(),
            "泗阳县将",
            "",
            t0(),
        )
        .unwrap();
    store
        .annotate(AnnotationKind::Note, XUZHOU, p, &quote, "学讲结合", at(60))
        .unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('n')], at(100));
    assert_eq!(app.screen_kind(), ScreenKind::Notes);
    let v = app.notes().unwrap();
    assert_eq!(v.items.len(), 2);
    assert_eq!(v.items[0].text, "学讲结合", "newest first");
    let t = draw(&app, 80, 24);
    insta::assert_snapshot!("notes_80x24", t.backend());
    app.resize(41, 12);
    insta::assert_snapshot!("notes_41x12", draw(&app, 41, 12).backend());
    for (w, h) in [(40, 10), (20, 5), (1, 1)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
    app.resize(80, 24);
    send(&mut app, &mut store, &[code(KeyCode::Enter)], at(101));
    assert_eq!(app.screen_kind(), ScreenKind::Reader);
    let r = app.library.reader.as_ref().unwrap();
    assert_eq!(r.id(), XUZHOU);
    let line = r.layout.line_of(p);
    assert!(
        line >= r.top && line < r.top + r.height,
        "opened at the note"
    );
    send(&mut app, &mut store, &[code(KeyCode::Esc)], at(102));
    assert_eq!(app.screen_kind(), ScreenKind::Notes);
}

#[test]
fn annotations_follow_their_paragraph_through_a_content_update() {
    let mut store = common::store();
    let body = |paras: &[&str]| {
        format!(
            "+++\nid = \"{XUZHOU}\"\ntitle = \"徐州\"\ncolumn = \"经验交流\"\n+++\n\n{}\n",
            paras.join("\n\n")
        )
    };
    let sync = |store: &mut Store, text: String, hash: &str| {
        common::sync_changed_xuzhou(store, &text, hash);
    };
    sync(
        &mut store,
        body(&["第一段。", "第二段讲四学机制。", "第三段讲学讲结合。"]),
        "v1",
    );
    let doc = xuexi::markdown::parse_markdown(&store.material(XUZHOU).unwrap().0.body);
    let at_block = |b: usize| Position {
        block: b,
        offset: 0,
    };
    let q1 = xuexi::domain::annotation::quote_at(&doc, at_block(1));
    let q2 = xuexi::domain::annotation::quote_at(&doc, at_block(2));
    let n1 = store
        .annotate(AnnotationKind::Note, XUZHOU, at_block(1), &q1, "记一", t0())
        .unwrap();
    let n2 = store
        .annotate(AnnotationKind::Bookmark, XUZHOU, at_block(2), &q2, "", t0())
        .unwrap();
    // a paragraph inserted before both, the third rewritten
    sync(
        &mut store,
        body(&[
            "新增的导语。",
            "第一段。",
            "第二段讲四学机制。",
            "第三段改写了。",
        ]),
        "v2",
    );
    let all = store.annotations(Some(XUZHOU)).unwrap();
    let get = |id| all.iter().find(|a| a.id == id).unwrap();
    assert_eq!(
        get(n1).position.block,
        2,
        "re-found one paragraph further down"
    );
    assert!(!get(n1).lost);
    assert!(get(n2).lost, "its paragraph is gone: flagged, kept");
    // and the notes screen says so
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('n')], at(1));
    assert!(screen_text(&draw(&app, 80, 24)).contains("原段落已改动"));
}

#[test]
fn notes_export_groups_by_material_with_the_paragraph() {
    let e = common::cli::CliEnv::new();
    e.cmd().args(["notes", "export"]).assert().success();
    let mut store = e.store();
    let doc = xuexi::markdown::parse_markdown(&store.material(XUZHOU).unwrap().0.body);
    let p = Position {
        block: 6,
        offset: 0,
    };
    let q = xuexi::domain::annotation::quote_at(&doc, p);
    store
        .annotate(AnnotationKind::Note, XUZHOU, p, &q, "学讲结合|值得学", t0())
        .unwrap();
    // a second note on the same paragraph, and one on an earlier paragraph written later
    store
        .annotate(AnnotationKind::Note, XUZHOU, p, &q, "第二条", at(1))
        .unwrap();
    let p2 = Position {
        block: 2,
        offset: 0,
    };
    let q2 = xuexi::domain::annotation::quote_at(&doc, p2);
    store
        .annotate(AnnotationKind::Bookmark, XUZHOU, p2, &q2, "", at(2))
        .unwrap();
    drop(store);
    let out = e.cmd().args(["notes", "export"]).output().unwrap();
    let md = String::from_utf8(out.stdout).unwrap();
    assert!(
        md.contains("## 徐州：建立健全“四学机制”保障学习走深走实"),
        "{md}"
    );
    assert!(
        md.contains(&format!(
            "> {}",
            xuexi::export::md_escape(&doc.blocks[6].text())
        )),
        "{md}"
    );
    assert!(md.contains("- 笔记 2026-11-28：学讲结合\\|值得学"), "{md}");
    // the paragraph once, with both its notes under it; paragraphs in the material's order
    let sixth = format!("> {}", xuexi::export::md_escape(&doc.blocks[6].text()));
    assert_eq!(md.matches(&sixth).count(), 1, "{md}");
    let second = format!("> {}", xuexi::export::md_escape(&doc.blocks[2].text()));
    assert!(md.find(&second).unwrap() < md.find(&sixth).unwrap(), "{md}");
    assert!(md.find("学讲结合").unwrap() < md.find("第二条").unwrap());
    let v = e.json(&["notes", "export", "--format", "json"]);
    assert_eq!(v[0]["material"], XUZHOU);
    // in the material's order: the bookmark on the 3rd paragraph, then the 7th's notes
    assert_eq!(v[0]["annotations"][0]["kind"], "bookmark");
    assert_eq!(v[0]["annotations"][1]["kind"], "note");
    assert_eq!(v[0]["annotations"][1]["paragraph"], doc.blocks[6].text());
}

#[test]
fn migrating_from_version_6_keeps_the_log() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xuexi.db");
    Store::create_at_version(&path, 6).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute(
            "INSERT INTO events (id, at, kind, data) VALUES (41, '2026-01-01T00:00:00Z', 'tick',
             '{\"kind\":\"tick\",\"plan\":\"p\",\"item\":\"i\",\"done\":true,\"note\":\"\"}')",
            [],
        )
        .unwrap();
    }
    let mut store = Store::open(&path).unwrap();
    let events = store.events(None, None).unwrap();
    assert_eq!((events.len(), events[0].id), (1, 41), "rows and ids kept");
    assert!(
        store.conn().execute("DELETE FROM events", []).is_err(),
        "still append-only"
    );
    store
        .annotate(
            AnnotationKind::Note,
            "x",
            Position::default(),
            "",
            "新",
            t0(),
        )
        .unwrap();
    assert_eq!(store.events(None, None).unwrap().len(), 2);
}

#[test]
fn notes_are_changed_and_deleted_and_the_log_keeps_each_version() {
    let mut store = common::store();
    let mut app = open_xuzhou(&mut store);
    send(&mut app, &mut store, &[key('a')], at(1));
    // a long line of Chinese wraps in the editor instead of running off its edge
    let long = "领导干部要带头学习，".repeat(6);
    send(&mut app, &mut store, &typed(&long), at(2));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.lines()
            .filter(|l| l.contains("领导干部要带头学习"))
            .count()
            >= 2,
        "wrapped onto a second row: {text}"
    );
    // Esc on a note with words asks first; n goes back to it
    send(&mut app, &mut store, &[code(KeyCode::Esc)], at(3));
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("放弃刚写的内容？"), "{text}");
    assert!(text.lines().last().unwrap().contains("y 放弃"), "{text}");
    send(&mut app, &mut store, &[key('n')], at(3));
    assert!(matches!(app.overlay, Some(xuexi::app::Overlay::Input(_))));
    send(&mut app, &mut store, &[ctrl('s')], at(4));
    assert_eq!(store.annotations(None).unwrap().len(), 1);
    // the notes screen: e changes it, Ctrl-S saves; the log has both versions
    send(&mut app, &mut store, &[code(KeyCode::Esc), key('n')], at(5));
    assert_eq!(app.screen_kind(), ScreenKind::Notes);
    app.message = None; // (the "saved" notice would stand in the bar for a few seconds)
    let bar = screen_text(&draw(&app, 80, 24));
    assert!(bar.contains("e 修改") && bar.contains("d 删除"), "{bar}");
    send(&mut app, &mut store, &[key('e'), ctrl('u')], at(6));
    send(&mut app, &mut store, &typed("改过的笔记"), at(6));
    send(&mut app, &mut store, &[ctrl('s')], at(7));
    let notes = store.annotations(None).unwrap();
    assert_eq!(notes[0].text, "改过的笔记");
    let versions: Vec<String> = store
        .events(None, None)
        .unwrap()
        .into_iter()
        .filter_map(|e| match e.record {
            Record::Note { text, .. } => Some(text),
            _ => None,
        })
        .collect();
    assert_eq!(versions, vec![long.clone(), "改过的笔记".to_string()]);
    // the report shows the note as it stands, once
    let log = xuexi::service::report::Log::load_for_export(&store).unwrap();
    let report = |log: &xuexi::service::report::Log| {
        xuexi::service::report::export_text(
            log,
            &xuexi::service::report::ExportRequest {
                config: &Default::default(),
                strings: &xuexi::i18n::Strings::load(Lang::ZhCn),
                format: xuexi::domain::report::Format::Md,
                from: None,
                to: None,
                now: at(100),
                tz: &jiff::tz::TimeZone::UTC,
            },
        )
        .unwrap()
    };
    let md = report(&log);
    assert!(
        md.contains("改过的笔记") && !md.contains("领导干部要带头学习"),
        "{md}"
    );
    // d asks; n keeps it, y deletes it
    send(&mut app, &mut store, &[key('d')], at(8));
    assert!(screen_text(&draw(&app, 80, 24)).contains("删除这条笔记？"));
    send(&mut app, &mut store, &[key('n')], at(8));
    assert_eq!(store.annotations(None).unwrap().len(), 1);
    // emptied in the editor, Ctrl-S asks to delete it instead; n goes back to the editor
    send(
        &mut app,
        &mut store,
        &[key('e'), ctrl('u'), ctrl('s')],
        at(9),
    );
    assert!(screen_text(&draw(&app, 80, 24)).contains("删除这条笔记？"));
    send(&mut app, &mut store, &[key('n')], at(9));
    assert!(app.notes().unwrap().editing.is_some());
    send(&mut app, &mut store, &[ctrl('s'), key('y')], at(9));
    assert!(
        app.notes().unwrap().editing.is_none(),
        "the editor goes with the note"
    );
    assert!(store.annotations(None).unwrap().is_empty());
    assert!(app.notes().unwrap().items.is_empty(), "the list follows");
    let log = xuexi::service::report::Log::load_for_export(&store).unwrap();
    assert!(
        !report(&log).contains("改过的笔记"),
        "a deleted note is not reported"
    );
}

#[test]
fn v_shows_each_note_under_its_paragraph_and_hides_it_again() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut store = common::store();
        let mut app = open_xuzhou(&mut store);
        app.resize(w, h);
        send(&mut app, &mut store, &[key('j'), key('j'), key('j')], at(1));
        send(&mut app, &mut store, &[key('a')], at(2));
        send(&mut app, &mut store, &typed("值得借鉴的做法"), at(3));
        send(&mut app, &mut store, &[ctrl('s')], at(4));
        let before = app.library.reader.as_ref().unwrap().position();
        let plain = screen_text(&draw(&app, w, h));
        assert!(
            !plain.contains("✎ 值得借鉴"),
            "not shown until asked: {plain}"
        );
        send(&mut app, &mut store, &[key('v')], at(5));
        assert_eq!(
            app.library.reader.as_ref().unwrap().position(),
            before,
            "the member stays where they were"
        );
        // on a small screen the paragraph runs on: the note is after its last line
        for _ in 0..40 {
            if screen_text(&draw(&app, w, h)).contains("✎ 值得借鉴") {
                break;
            }
            send(&mut app, &mut store, &[key('j')], at(5));
        }
        let t = draw(&app, w, h);
        let text = screen_text(&t);
        assert!(text.contains("✎ 值得借鉴"), "{w}x{h}: {text}");
        // under its paragraph: the note's line follows a line of that paragraph's text
        let r = app.library.reader.as_ref().unwrap();
        let i = r
            .layout
            .lines
            .iter()
            .position(|l| l.text().starts_with("✎ 值得借鉴"))
            .unwrap();
        assert_eq!(r.layout.lines[i - 1].block, r.layout.lines[i].block);
        assert_eq!(r.layout.lines[i].block, before.block);
        if w == 80 {
            insta::assert_snapshot!("notes_under_paragraphs_80x24", t.backend());
        }
        send(&mut app, &mut store, &[key('v')], at(6));
        assert!(!screen_text(&draw(&app, w, h)).contains("✎ 值得借鉴"));
    }
}
