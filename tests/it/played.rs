//! What playing the merged main as a trainer and a member turned up, each pinned by a test.

use crate::common;

use common::cli::{CliEnv as Cli, stdout};
use serde_json::json;

/// A member's export with one attempt on a sealed paper (bank `fengcun`, which the trainer
/// running the report has not imported): nothing graded, nothing to grade it with.
fn sealed_export() -> String {
    common::member_export(
        json!({"member": "张三", "account": "zs", "installation": "0123456789abcdef"}),
        json!([
            {"kind": "answer", "id": 1, "at": "2026-03-02T02:00:00Z", "attempt": 1,
             "mode": "exam", "position": 0, "bank": "fengcun", "question": "s1", "stem": "",
             "response": [1], "response_text": "B", "sealed": true, "seconds": 5},
            {"kind": "attempt", "id": 2, "at": "2026-03-02T02:05:00Z", "attempt": 1,
             "mode": "exam", "bank": "fengcun", "paper": "kaoshi", "title": "封存闭卷测试",
             "from": "2026-03-02T02:00:00Z", "seconds": 300, "max": 3.0, "answered": 1,
             "sealed": true}
        ]),
    )
}

/// The CSV said nothing of a sealed bank it could not grade (the Markdown and the page did):
/// the member's empty best exam read as "took none". Now it has the same line.
#[test]
fn the_branch_csv_says_a_sealed_bank_was_not_graded() {
    let c = Cli::new();
    let file = c.write("m.json", sealed_export());
    let csv = stdout(
        c.cmd()
            .args(["branch", "report", "--format", "csv"])
            .arg(&file),
    );
    let line = csv
        .lines()
        .find(|l| l.contains("封存题库 fengcun"))
        .unwrap_or_else(|| panic!("no line for the sealed bank:\n{csv}"));
    assert!(line.contains("1 次考试未评分"), "{line}");
    // as wide as the header, so a spreadsheet reads it as a row
    let head = csv.lines().next().unwrap();
    assert_eq!(
        line.matches(',').count(),
        head.matches(',').count(),
        "{csv}"
    );
    // and the member's row still says nothing was graded
    assert!(csv.contains("张三,zs,第一党支部,"), "{csv}");
}

const SEALED_BANK: &str = r#"sealed = true

[bank]
id = "fengcun"
title = "封存测试题库"

[[questions]]
id = "j1"
type = "judge"
stem = "判断：这句话是真的。"
answer = true
explanation = "白虎确证。"

[[papers]]
id = "kaoshi"
title = "封存闭卷测试"
minutes = 10
pass = 60
draw = { judge = 1 }
"#;

/// `bank list` did not say which banks are sealed: the trainer could not tell the bank that
/// grades members' papers, nor the member why a bank offers no practice. It says both now.
#[test]
fn bank_list_says_which_banks_are_sealed_and_whose_key_is_here() {
    let trainer = Cli::new();
    let src = trainer.dir.path().join("src");
    std::fs::create_dir_all(src.join("banks")).unwrap();
    std::fs::write(
        src.join("pack.toml"),
        "[pack]\nid = \"p\"\ntitle = \"包\"\nversion = \"1\"\npublisher = \"支部\"\n",
    )
    .unwrap();
    std::fs::write(src.join("banks/fengcun.toml"), SEALED_BANK).unwrap();
    trainer
        .cmd()
        .args(["bank", "import"])
        .arg(src.join("banks/fengcun.toml"))
        .assert()
        .success();
    let list = stdout(trainer.cmd().args(["bank", "list"]));
    let line = list.lines().find(|l| l.starts_with("fengcun")).unwrap();
    assert!(line.contains("封存题库，带答案"), "{list}");
    let open = list.lines().find(|l| l.starts_with("newsletter")).unwrap();
    assert!(!open.contains("封存"), "{list}");
    let json = trainer.json(&["bank", "list", "--json"]);
    let b = json
        .as_array()
        .unwrap()
        .iter()
        .find(|b| b["id"] == "fengcun")
        .unwrap();
    assert_eq!(
        (b["sealed"].clone(), b["keyless"].clone()),
        (json!(true), json!(false))
    );

    let pack = trainer.dir.path().join("p.xuexi");
    trainer
        .cmd()
        .args(["pack", "build"])
        .arg(&src)
        .arg("-o")
        .arg(&pack)
        .assert()
        .success();
    let member = Cli::new();
    member
        .cmd()
        .args(["pack", "import", "--yes"])
        .arg(&pack)
        .assert()
        .success();
    let list = stdout(member.cmd().args(["bank", "list"]));
    let line = list.lines().find(|l| l.starts_with("fengcun")).unwrap();
    assert!(line.contains("封存题库，不带答案"), "{list}");
    let en = stdout(member.cmd().args(["--lang", "en", "bank", "list"]));
    assert!(en.contains("(sealed, no key"), "{en}");
}

/// A second xuexi on the folder (read-only) at 40 columns in English: the `[read-only]` tag
/// left the notes bar one column short and it ended `? he…`, a kept key cut. The bar's margin
/// now goes to the keys there too.
#[test]
fn the_read_only_bar_at_40_columns_keeps_its_keys_whole() {
    use common::{draw, key, screen_text, send, t0};
    use xuexi::domain::annotation::AnnotationKind;
    use xuexi::domain::material::Position;
    let mut store = common::store();
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
    let mut app = common::app(&store, xuexi::i18n::Lang::En, 80, 24);
    app.read_only = true;
    send(&mut app, &mut store, &[key('n')], t0());
    assert_eq!(app.screen_kind(), xuexi::app::ScreenKind::Notes);
    for (w, h) in [(40, 12), (41, 12), (80, 24)] {
        app.resize(w, h);
        let text = screen_text(&draw(&app, w, h));
        let bar = text.lines().last().unwrap_or_default();
        assert!(
            bar.trim_start().starts_with("[read-only]"),
            "{w}x{h}: {bar:?}"
        );
        assert!(
            bar.contains("? help") && !bar.contains('…'),
            "{w}x{h}: {bar:?}"
        );
    }
}

/// An English exam's fill question labelled its blank `blank 1：`, a Chinese full-width colon
/// typed in the drawing code. The colon is the language's now.
#[test]
fn an_english_fill_blank_has_an_english_colon() {
    use common::quiz::run_of;
    use common::{code, draw, screen_text, send, t0};
    use ratatui::crossterm::event::KeyCode;
    use xuexi::app::quiz::Start;
    use xuexi::domain::quiz::Kind;
    let mut store = common::store_with_banks();
    let mut app = common::app(&store, xuexi::i18n::Lang::En, 80, 24);
    let start = Start::Exam {
        bank: "newsletter-2020-02".into(),
        paper: "shangqing-xiada".into(),
    };
    xuexi::tui::apply(
        &mut app,
        &mut store,
        vec![xuexi::app::Effect::StartQuiz(start)],
        t0(),
    );
    // past the paper's start page
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    for _ in 0..20 {
        if run_of(&app).kind() == Kind::Fill {
            break;
        }
        send(&mut app, &mut store, &[code(KeyCode::PageDown)], t0());
    }
    assert_eq!(run_of(&app).kind(), Kind::Fill, "the paper has a fill");
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("blank 1: "), "{text}");
    assert!(!text.contains("blank 1："), "{text}");
}
