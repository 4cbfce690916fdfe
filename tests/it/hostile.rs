//! Hostile text: materials, banks and plans carrying escape sequences (CSI 2J, OSC 0 title,
//! OSC 8 link, OSC 52 clipboard), C1 controls, NUL, CR, DEL, bidi overrides and isolates, zero
//! width joiners, 10,000-character lines, a BOM and CRLF line ends. Each is imported or
//! rejected with a clean error; when shown at 80x24 and 20x5 no cell holds a control or bidi
//! character and no wide character is cut (common::draw checks every frame).

use crate::common;

use std::path::Path;

use common::{code, draw, key, screen_text, send, t0};
use ratatui::crossterm::event::KeyCode;
use xuexi::app::{Effect, ScreenKind, quiz::Start};
use xuexi::i18n::Lang;
use xuexi::text::sanitize::is_forbidden;

/// Every trick in one string (what a TOML basic string can carry: TOML refuses raw NUL and
/// most C0 controls, so those come in as escapes here and raw in the CSV below).
const NASTY: &str = "\\u001b[2J\\u001b]0;pwned\\u0007\\u001b]8;;http://evil.example/\\u001b\\\\链接\\u001b]8;;\\u001b\\\\\\u001b]52;c;ZXZpbA==\\u0007\\u009b31m红\\u009d\\u0000\\r\\u007f\\u202e反向\\u2066隔离\\u2069👨\\u200d👩\\u200b学习";

fn material_text() -> String {
    let long = "长".repeat(10_000);
    format!(
        "\u{feff}+++\r\nid = \"hostile\"\r\ntitle = \"{NASTY}标题\"\r\ncolumn = \"{NASTY}栏目\"\r\nsource = \"{NASTY}\"\r\n+++\r\n\r\n正文\x1b[31m红色\x1b[0m，\u{202e}反向\u{202c}，\u{9b}C1，\x07铃，\x7f删，学习。\r\n\r\n{long}\r\n"
    )
}

fn assert_clean(s: &str, what: &str) {
    assert!(
        !s.chars().any(is_forbidden),
        "{what} carries a forbidden character: {s:?}"
    );
}

#[test]
fn a_hostile_material_is_cleaned_and_shown_safely() {
    let mut store = common::store();
    let m = xuexi::import::material::parse_material_bytes(
        Path::new("hostile.md"),
        material_text().as_bytes(),
    )
    .unwrap();
    assert_clean(&m.meta.title, "title");
    assert_clean(&m.meta.column, "column");
    assert_clean(&m.body, "body");
    assert!(!m.body.contains('\r'), "CRLF became LF");
    store.import_user(&[(m, "h".into())], t0()).unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('G')], t0());
    assert_eq!(app.selected_id(), Some("hostile"));
    for (w, h) in [(80, 24), (20, 5), (140, 30)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
    app.resize(80, 24);
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Reader);
    for (w, h) in [(80, 24), (20, 5), (41, 12)] {
        app.resize(w, h);
        let t = draw(&app, w, h);
        assert_clean(&screen_text(&t), "the reader");
    }
    app.resize(80, 24);
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("正文红色，反向，1，铃，删，学习。"),
        "whole sequences removed (8-bit CSI C took the C): {text}"
    );
    // found by search, shown in results and snippets
    app.resize(80, 24);
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Esc), key('/'), key('红'), key('色')],
        t0(),
    );
    let fx = app.tick(t0() + jiff::SignedDuration::from_secs(1));
    xuexi::tui::apply(&mut app, &mut store, fx, t0());
    assert!(!app.search().unwrap().results.is_empty());
    for (w, h) in [(80, 24), (20, 5)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
    // and the CLI's search output is clean too
    let hits = store
        .search(&xuexi::text::search::Query::parse("红色").unwrap(), None, 5)
        .unwrap();
    for h in &hits {
        assert_clean(&h.title, "a hit's title");
        for s in &h.snippets {
            assert_clean(&s.text, "a snippet");
        }
    }
}

#[test]
fn a_hostile_bank_and_plan_are_cleaned_and_shown_safely() {
    let mut store = common::store();
    let bank = format!(
        "[bank]\nid = \"hostile-bank\"\ntitle = \"{NASTY}题库\"\n\n[[questions]]\nid = \"q1\"\ntype = \"single\"\nstem = \"{NASTY}选哪个（　）\"\noptions = [\"{NASTY}甲\", \"乙\"]\nanswer = \"A\"\nexplanation = \"{NASTY}解析\"\n"
    );
    let b = xuexi::import::bank_toml::parse_bank_toml(Path::new("hostile.toml"), &bank, &|_| true)
        .unwrap();
    assert_clean(&b.title, "bank title");
    assert_clean(&b.questions[0].stem, "stem");
    assert_clean(&b.questions[0].options[0], "option");
    assert_clean(&b.questions[0].explanation, "explanation");
    store
        .import_banks(&[(b, "h".into(), "hostile.toml".into())], t0())
        .unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    app.stack.show_quiz();
    xuexi::tui::apply(
        &mut app,
        &mut store,
        vec![Effect::StartQuiz(Start::Practice {
            bank: Some("hostile-bank".into()),
            tag: None,
            material: None,
        })],
        t0(),
    );
    for (w, h) in [(80, 24), (20, 5)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
    app.resize(80, 24);
    assert!(
        screen_text(&draw(&app, 80, 24)).contains("选哪个"),
        "the question is shown"
    );
    send(
        &mut app,
        &mut store,
        &[key('1'), code(KeyCode::Enter)],
        t0(),
    );
    for (w, h) in [(80, 24), (20, 5)] {
        app.resize(w, h);
        let t = draw(&app, w, h);
        assert_clean(&screen_text(&t), "the feedback screen");
    }

    let plan = format!(
        "[plan]\nid = \"hostile-plan\"\ntitle = \"{NASTY}计划\"\n[[items]]\nkind = \"task\"\ntitle = \"{NASTY}任务\"\n"
    );
    let p = xuexi::import::plan::parse_plan(
        Path::new("hostile-plan.toml"),
        &plan,
        &xuexi::import::plan::Refs::default(),
    )
    .unwrap();
    assert_clean(&p.title, "plan title");
    assert_clean(&p.items[0].title, "item title");
    store.import_plans(&[(p, "h".into())], t0()).unwrap();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p'), key('l')], t0());
    assert!(
        screen_text(&draw(&app, 80, 24)).contains("任务"),
        "the hostile plan is shown"
    );
    for (w, h) in [(80, 24), (20, 5)] {
        app.resize(w, h);
        draw(&app, w, h);
    }
}

#[test]
fn errors_that_echo_a_hostile_line_are_clean() {
    // raw controls where a TOML or CSV parser meets them, and an unknown value echoed back
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("a.toml", b"[bank]\nid = \"b\x1b[2J\"\ntitle = \"t\x00\"\n".to_vec()),
        (
            "b.csv",
            "题型,题干,选项A,选项B,答案\n\u{1b}]0;pwned\u{7}问答,题干（　）,甲,乙,A\n".as_bytes().to_vec(),
        ),
        ("c.toml", b"[bank]\nid = \"b\"\ntitle = \"t\"\n[[questions]]\nid = \"q\xe2\x80\xae1\"\ntype = \"\x1b[31mjudge\"\nstem = \"s\"\nanswer = true\n".to_vec()),
        ("d.toml", b"[bank]\n\xff\xfe".to_vec()),
    ];
    let dir = tempfile::tempdir().unwrap();
    for (name, bytes) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, &bytes).unwrap();
        let errs = xuexi::import::bank::load_bank_file(
            &path,
            &xuexi::import::bank::TableOptions::default(),
            &|_| true,
        )
        .unwrap_err();
        for e in errs {
            assert_clean(&e.to_string(), name);
        }
    }
    // a plan and a material whose broken value is echoed
    let e = xuexi::import::plan::parse_plan(
        Path::new("p.toml"),
        "[plan]\nid = \"p\"\ntitle = \"t\"\n[[items]]\nkind = \"\u{1b}]52;c;eA==\u{7}watch\"\ntitle = \"x\"\n",
        &xuexi::import::plan::Refs::default(),
    )
    .unwrap_err();
    for e in e {
        assert_clean(&e.to_string(), "plan error");
    }
    let e = xuexi::import::material::parse_material(
        Path::new("m.md"),
        "+++\nid = \"\u{202e}evil\"\ntitle = \"t\"\n+++\n正文\n",
    )
    .unwrap_err();
    assert_clean(&e.to_string(), "material error");
}

/// The corpus of tests/fixtures/hostile/ (the files tests/fault-suite.sh shows in a
/// pseudo-terminal) through the CLI: each imported or refused with its place, and nothing the
/// commands print afterwards — lists, search, the bank as text — carries a forbidden character.
#[test]
fn the_hostile_corpus_imports_through_the_cli_and_prints_clean() {
    let e = common::cli::CliEnv::new();
    let h = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/hostile");
    let run = |args: &[&str]| {
        let out = e.cmd().args(args).output().unwrap();
        // a CSV starts with our own BOM, for spreadsheet programs: not from the files
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stdout = stdout.strip_prefix('\u{feff}').unwrap_or(&stdout);
        let text = format!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
        assert_clean(&text, &format!("xuexi {args:?}"));
        (out.status.success(), text)
    };
    for (what, file) in [
        ("materials", "material.md"),
        ("bank", "bank.toml"),
        ("bank", "bank.csv"),
        ("plan", "plan.toml"),
    ] {
        let path = h.join(file);
        let (ok, text) = run(&[what, "import", path.to_str().unwrap()]);
        assert!(ok, "{file}: {text}");
    }
    let bad = h.join("bad-utf8.md");
    let (ok, text) = run(&["materials", "import", bad.to_str().unwrap()]);
    assert!(!ok, "invalid UTF-8 is refused");
    assert!(text.contains("bad-utf8.md:3:10"), "with its place: {text}");
    let (_, list) = run(&["materials", "list"]);
    assert!(list.contains("敌意资料"), "{list}");
    let (_, hits) = run(&["search", "敌意"]);
    assert!(hits.contains("敌意资料"), "{hits}");
    run(&["search", "红色", "--json"]);
    let (_, banks) = run(&["bank", "list"]);
    assert!(banks.contains("敌意题库"), "{banks}");
    run(&["bank", "export", "hostile-bank", "--format", "csv"]);
    let (_, plans) = run(&["plan", "list"]);
    assert!(plans.contains("敌意计划"), "{plans}");
}

/// A file name is a trainer's choice too: one carrying an escape sequence is shown cleaned in
/// every error that names it (found while mending a fuzz finding: only messages were cleaned).
#[test]
fn a_hostile_file_name_is_shown_clean() {
    let e = common::cli::CliEnv::new();
    let dir = e.dir.path().join("in");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("\u{1b}]0;pwned\u{7}\u{202e}坏.md"),
        "no front matter\n",
    )
    .unwrap();
    std::fs::write(dir.join("\u{1b}[2J题库.csv"), "题型,题干\n单选\n").unwrap();
    let out = e
        .cmd()
        .args(["materials", "import"])
        .arg(&dir)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("坏.md"), "names the file: {err}");
    assert_clean(&err, "the material error");
    let out = e
        .cmd()
        .args(["bank", "import"])
        .arg(dir.join("\u{1b}[2J题库.csv"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("题库.csv"), "names the file: {err}");
    assert_clean(&err, "the bank error");
}
