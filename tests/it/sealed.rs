//! Sealed banks (闭卷, the key with the trainer): a trainer's `sealed = true` bank goes into a
//! pack without its answers and explanations, a member takes its paper and hands it in without
//! a score, nothing on the member's machine can tell an answer, and the trainer's branch report
//! grades the member's export (or says it could not).

use crate::common;

use std::path::{Path, PathBuf};

use common::cli::CliEnv as Cli;
use common::quiz::run_of;
use common::*;
use predicates::prelude::*;
use ratatui::crossterm::event::KeyCode;
use xuexi::app::quiz::{Phase, Start};
use xuexi::domain::quiz::Kind;
use xuexi::store::DB_FILE;

/// The secrets: the fill question's answer and every explanation. None may reach a member.
const SECRETS: &[&str] = &["秘答玄武", "绝密青龙", "朱雀乙项", "白虎确证"];

const BANK: &str = r#"sealed = true

[bank]
id = "fengcun"
title = "封存测试题库"

[[questions]]
id = "f1"
type = "fill"
stem = "支部的暗号是（　）。"
answer = ["秘答玄武"]
explanation = "绝密青龙之说。"

[[questions]]
id = "s1"
type = "single"
stem = "哪一项是对的？"
options = ["甲项", "乙项", "丙项"]
answer = "B"
explanation = "朱雀乙项为正。"
shuffle = false

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
fixed = true
draw = { single = 1, judge = 1, fill = 1 }
"#;

/// The trainer's folder: pack.toml and the sealed bank.
fn folder(c: &Cli) -> PathBuf {
    let dir = c.dir.path().join("src");
    std::fs::create_dir_all(dir.join("banks")).unwrap();
    std::fs::write(
        dir.join("pack.toml"),
        "[pack]\nid = \"fengcun-pack\"\ntitle = \"封存测试学习包\"\nversion = \"1\"\npublisher = \"第一党支部\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("banks/fengcun.toml"), BANK).unwrap();
    dir
}

fn build(c: &Cli) -> PathBuf {
    let out = c.dir.path().join("fengcun.xuexi");
    c.cmd()
        .args(["pack", "build"])
        .arg(folder(c))
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    out
}

/// Every file under `dir`, with its bytes.
fn files_under(dir: &Path, out: &mut Vec<(PathBuf, Vec<u8>)>) {
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            files_under(&p, out);
        } else {
            out.push((p.clone(), std::fs::read(&p).unwrap()));
        }
    }
}

fn assert_no_secret(what: &str, bytes: &[u8]) {
    for s in SECRETS {
        let needle = s.as_bytes();
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle),
            "{what} holds {s}"
        );
    }
}

/// The member's side: the pack imported, its paper taken in the TUI (the single and the judge
/// answered rightly, the fill with the member's own words), handed in; the store handed back.
/// A member's folder into which `pack` was imported.
fn member_with(pack: &Path) -> Cli {
    let member = Cli::new();
    member
        .cmd()
        .args(["pack", "import", "--yes"])
        .arg(pack)
        .assert()
        .success();
    member
}

fn member_takes_the_paper(member: &Cli, pack: &Path) -> xuexi::app::App {
    member
        .cmd()
        .args(["pack", "import", "--yes"])
        .arg(pack)
        .assert()
        .success()
        .stdout(predicate::str::contains("“封存测试题库”是封存题库"));
    let mut store = xuexi::store::Store::open(&member.data().join(DB_FILE)).unwrap();
    let start = Start::Exam {
        bank: "fengcun".into(),
        paper: "kaoshi".into(),
    };
    let mut app = common::quiz::started(&mut store, start, 80, 24);
    assert!(run_of(&app).session.sealed);
    for _ in 0..3 {
        let keys: Vec<_> = match run_of(&app).kind() {
            Kind::Single => vec![key('2')],
            Kind::Judge => vec![key('t')],
            _ => "我的回答".chars().map(key).collect(),
        };
        send(&mut app, &mut store, &keys, t0());
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    }
    send(&mut app, &mut store, &[ctrl('s'), key('y')], t0());
    assert!(
        matches!(&run_of(&app).phase, Phase::Results(r) if r.sealed),
        "handed in, sealed"
    );
    app
}

#[test]
fn a_sealed_bank_reaches_the_member_without_its_key_and_is_graded_by_the_trainer() {
    let trainer = Cli::new();
    trainer
        .cmd()
        .args(["bank", "import"])
        .arg(folder(&trainer).join("banks/fengcun.toml"))
        .assert()
        .success();
    let pack = build(&trainer);
    // the pack: no secret in any of its files (read out of the zip), the bank marked sealed
    let bytes = std::fs::read(&pack).unwrap();
    let (manifest, files) = xuexi::import::pack::read_pack(&pack, &bytes).unwrap();
    assert!(manifest.banks.iter().any(|b| b.id == "fengcun" && b.sealed));
    for (name, data) in &files {
        assert_no_secret(name, data);
        if name.ends_with("fengcun.toml") {
            let text = String::from_utf8_lossy(data);
            assert!(text.contains("sealed = true"), "{text}");
            assert!(!text.contains("answer"), "{text}");
            assert!(!text.contains("explanation"), "{text}");
        }
    }

    let member = Cli::new();
    let app = member_takes_the_paper(&member, &pack);
    // the review: 已交卷, the member's own answers, no score and no right answer
    let results = screen_text(&draw(&app, 80, 24));
    assert!(results.contains("已交卷"), "{results}");
    assert!(
        !results.contains('%') && !results.contains("及格"),
        "{results}"
    );
    drop(app);
    let cfg = member.write("config/xuexi/config.toml", "[member]\nname = \"李四\"\n");
    let json = member.dir.path().join("member.json");
    member
        .cmd()
        .args(["export", "--format", "json", "--config"])
        .arg(&cfg)
        .arg("-o")
        .arg(&json)
        .assert()
        .success();
    let xapi = member.dir.path().join("member.xapi.json");
    member
        .cmd()
        .args(["export", "--format", "xapi", "--config"])
        .arg(&cfg)
        .arg("-o")
        .arg(&xapi)
        .assert()
        .success();
    // the figures: an attempt and its answers counted, no point on the score curve
    let stats = member.json(&["stats", "--json", "--from", "2026-11-01"]);
    assert_eq!(stats["totals"]["attempts"], 1, "{stats}");
    assert_eq!(stats["totals"]["answers"], 3, "{stats}");
    assert_eq!(stats["quiz_percent"], serde_json::json!([]), "{stats}");
    member.cmd().args(["backup"]).assert().success();
    let mut all = Vec::new();
    files_under(member.dir.path(), &mut all);
    assert!(all.len() > 3, "the member's folder has its files");
    for (p, data) in &all {
        assert_no_secret(&p.display().to_string(), data);
    }
    // the exports carry the answers, marked sealed, and nothing graded
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let events = doc["events"].as_array().unwrap();
    let answers: Vec<_> = events.iter().filter(|e| e["kind"] == "answer").collect();
    assert_eq!(answers.len(), 3);
    for a in &answers {
        assert_eq!(a["sealed"], true, "{a}");
        assert!(a.get("correct").is_none(), "{a}");
        assert!(a.get("score").is_none(), "{a}");
    }
    let attempt = events.iter().find(|e| e["kind"] == "attempt").unwrap();
    assert_eq!(attempt["sealed"], true, "{attempt}");
    assert_eq!(attempt["max"], 3.0, "{attempt}");
    for k in ["percent", "score", "passed", "right"] {
        assert!(attempt.get(k).is_none(), "{k} in {attempt}");
    }
    let x = std::fs::read_to_string(&xapi).unwrap();
    assert!(!x.contains("\"success\""), "{x}");
    assert!(!x.contains("\"scaled\""), "{x}");

    // the trainer grades it against the bank imported there
    trainer
        .cmd()
        .args(["branch", "report", "--format", "md"])
        .arg(&json)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("67% 及格").and(predicate::str::contains("封存题库").not()),
        );
    // a member who lowers the paper's max in the file does not raise the percent: the trainer's
    // paper fixes it
    let text = std::fs::read_to_string(&json).unwrap();
    assert!(text.contains("\"max\": 3.0"), "{text}");
    let forged = trainer.write("forged.json", text.replace("\"max\": 3.0", "\"max\": 1.0"));
    trainer
        .cmd()
        .args(["branch", "report", "--format", "md"])
        .arg(&forged)
        .assert()
        .success()
        .stdout(predicate::str::contains("67% 及格"));
    // the xAPI export alone, and both of one member together (its events once), grade the same
    for files in [vec![&xapi], vec![&json, &xapi]] {
        trainer
            .cmd()
            .args(["branch", "report", "--format", "md"])
            .args(files)
            .assert()
            .success()
            .stdout(
                predicate::str::contains("67% 及格")
                    .and(predicate::str::contains("没有发现需要核实的地方")),
            );
    }
    // a trainer without the bank says so, never a figure
    let other = Cli::new();
    other
        .cmd()
        .args(["branch", "report", "--format", "md"])
        .arg(&json)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("封存题库 fengcun")
                .and(predicate::str::contains("1 次考试未评分")),
        )
        .stdout(predicate::str::contains("| 0 | 1 | 0 | — |"));
    // the member's copy without the key given as the bank: grades nothing, said as not here
    let copy = other.write(
        "copy.toml",
        xuexi::import::bank_toml::export_bank_toml(&parse(BANK).unwrap().without_key()),
    );
    other
        .cmd()
        .args(["branch", "report", "--format", "md", "--bank"])
        .arg(&copy)
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 次考试未评分"))
        .stdout(predicate::str::contains("| 0 | 1 | 0 | — |"));
    // a bank whose question is gone since: said, not graded, not 0%
    let changed = other.write("changed.toml", BANK.replace("id = \"f1\"", "id = \"f9\""));
    other
        .cmd()
        .args(["branch", "report", "--format", "md", "--bank"])
        .arg(&changed)
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 次考试有答案与本机的题库对不上"))
        .stdout(predicate::str::contains("| 0 | 1 | 0 | — |"));
    // with the bank file given, it grades
    other
        .cmd()
        .args(["branch", "report", "--format", "md", "--bank"])
        .arg(folder(&trainer).join("banks/fengcun.toml"))
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("67%"));
    // a file that calls a paper of a bank the trainer holds open sealed is not believed: its
    // attempt is checked as any other, and what it does not say is to be verified
    let open = other.write("open.toml", BANK.replacen("sealed = true", "", 1));
    other
        .cmd()
        .args(["branch", "report", "--format", "md", "--bank"])
        .arg(&open)
        .arg(&json)
        .assert()
        .success()
        .stdout(predicate::str::contains("没有发现需要核实的地方").not())
        .stdout(predicate::str::contains("未评分").not());
}

#[test]
fn a_member_cannot_practise_print_or_export_a_sealed_bank() {
    let trainer = Cli::new();
    let pack = build(&trainer);
    let member = member_with(&pack);
    member
        .cmd()
        .args(["paper", "print", "fengcun", "kaoshi", "--key"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("封存题库"));
    member
        .cmd()
        .args(["bank", "export", "fengcun"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("封存题库"));
    // the paper itself prints (no key in it)
    member
        .cmd()
        .args(["paper", "print", "fengcun", "kaoshi"])
        .assert()
        .success()
        .stdout(predicate::str::contains("支部的暗号是"));
    let mut store = member.store();
    let practice = Start::Practice {
        bank: Some("fengcun".into()),
        tag: None,
        material: None,
    };
    let s = xuexi::i18n::Strings::load(xuexi::i18n::Lang::ZhCn);
    let err = xuexi::service::quiz::start(&mut store, &practice, t0(), &common::quiz::UTC, 20)
        .unwrap_err()
        .message(&s);
    assert!(err.contains("封存题库"), "{err}");
    // the menu offers its paper only, graded by the trainer
    let menu = xuexi::service::quiz::menu(&store, &s, t0(), &common::quiz::UTC, 20).unwrap();
    let ours: Vec<_> = menu
        .iter()
        .filter(|m| m.label.contains("封存") || m.detail.contains("封存"))
        .collect();
    assert_eq!(ours.len(), 1, "{menu:?}");
    assert!(matches!(ours[0].start, Some(Start::Exam { .. })));
    // the daily quiz never draws from it
    let (daily, _) =
        xuexi::service::quiz::start(&mut store, &Start::Daily, t0(), &common::quiz::UTC, 20)
            .unwrap();
    assert!(daily.items.iter().all(|i| i.bank != "fengcun"));
}

#[test]
fn the_member_sees_handed_in_and_their_answers_at_80x24_and_40x12() {
    let trainer = Cli::new();
    let pack = build(&trainer);
    let member = Cli::new();
    let mut app = member_takes_the_paper(&member, &pack);
    let mut store = member.store();
    for (w, h) in [(80, 24), (40, 12)] {
        app.resize(w, h);
        insta::assert_snapshot!(
            format!("sealed_results_{w}x{h}"),
            draw(&app, w, h).backend()
        );
    }
    app.resize(80, 24);
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    for (w, h) in [(80, 24), (40, 12)] {
        app.resize(w, h);
        let t = draw(&app, w, h);
        let text = screen_text(&t);
        assert!(!text.contains("正确答案"), "{text}");
        assert!(
            !text.contains("答错了") && !text.contains("答对了"),
            "{text}"
        );
        insta::assert_snapshot!(format!("sealed_review_{w}x{h}"), t.backend());
    }
}

fn parse(text: &str) -> Result<xuexi::domain::quiz::Bank, String> {
    xuexi::import::bank_toml::parse_bank_toml(Path::new("b.toml"), text, &|_| true).map_err(|e| {
        e.iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    })
}

#[test]
fn a_sealed_bank_has_every_answer_or_none() {
    let full = parse(BANK).unwrap();
    assert!(full.sealed && !full.keyless(), "the trainer's file");
    // in [bank] too
    let in_head = BANK.replace("sealed = true\n", "").replace(
        "title = \"封存测试题库\"",
        "title = \"封存测试题库\"\nsealed = true",
    );
    assert!(parse(&in_head).unwrap().sealed);
    // the copy pack build writes reads back without its key, the rest the same
    let copy = xuexi::import::bank_toml::export_bank_toml(&full.without_key());
    let back = parse(&copy).unwrap();
    assert!(back.keyless());
    assert_eq!(back, full.without_key());
    // one answer missing in a sealed file is a mistake, at its question
    let mixed = BANK.replace("answer = true\n", "");
    let e = parse(&mixed).unwrap_err();
    assert!(
        e.contains("b.toml:23:") && e.contains("sealed = true"),
        "{e}"
    );
    // an open bank still needs every answer
    let open = mixed.replace("sealed = true\n", "");
    let e = parse(&open).unwrap_err();
    assert!(e.contains("answer"), "{e}");
}

#[test]
fn a_spreadsheet_bank_is_sealed_in_pack_toml_and_goes_in_as_toml() {
    let c = Cli::new();
    let dir = c.dir.path().join("src");
    std::fs::create_dir_all(dir.join("banks")).unwrap();
    std::fs::write(
        dir.join("pack.toml"),
        "[pack]\nid = \"p\"\ntitle = \"学习包\"\nversion = \"1\"\npublisher = \"支部\"\n\n[[banks]]\nfile = \"banks/题库.csv\"\nid = \"csv-bank\"\ntitle = \"表格题库\"\nsealed = true\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("banks/题库.csv"),
        "题型,题干,选项A,选项B,答案,解析\n填空,支部的暗号是（　）。,,,秘答玄武,绝密青龙之说。\n",
    )
    .unwrap();
    let out = c.dir.path().join("p.xuexi");
    c.cmd()
        .args(["pack", "build"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let (manifest, files) = xuexi::import::pack::read_pack(&out, &bytes).unwrap();
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert!(names.contains(&"banks/题库.toml"), "{names:?}");
    assert!(!names.contains(&"banks/题库.csv"), "{names:?}");
    assert!(
        manifest
            .banks
            .iter()
            .any(|b| b.file == "banks/题库.toml" && b.sealed && b.id == "csv-bank")
    );
    for (name, data) in &files {
        assert_no_secret(name, data);
    }
    let member = member_with(&out);
    let b = member.store().bank("csv-bank").unwrap();
    assert!(b.keyless());
    assert_eq!(b.title, "表格题库");
}

/// A sealed bank in a sub-folder beside an open bank of the same file name: the pack's copy
/// without the key replaces the sealed bank's own file, never its namesake (a match by the end
/// of the path took `banks/x.toml` for `banks/z/banks/x.toml` and shipped the sealed one whole).
#[test]
fn a_sealed_bank_beside_a_namesake_is_the_one_sealed() {
    let c = Cli::new();
    let dir = c.dir.path().join("src");
    std::fs::create_dir_all(dir.join("banks")).unwrap();
    std::fs::create_dir_all(dir.join("banks/z/banks")).unwrap();
    std::fs::write(
        dir.join("pack.toml"),
        "[pack]\nid = \"p\"\ntitle = \"学习包\"\nversion = \"1\"\npublisher = \"支部\"\n\n\
         [[banks]]\nfile = \"banks/fengcun.toml\"\nid = \"open-one\"\n\n\
         [[banks]]\nfile = \"banks/z/banks/fengcun.toml\"\nid = \"fengcun\"\nsealed = true\n",
    )
    .unwrap();
    let open = BANK
        .replacen("sealed = true", "", 1)
        .replace("id = \"fengcun\"", "id = \"open-one\"")
        .replace("秘答玄武", "公开答案")
        .replace("绝密青龙之说。", "公开解析。")
        .replace("朱雀乙项为正。", "公开。")
        .replace("白虎确证。", "公开。");
    std::fs::write(dir.join("banks/fengcun.toml"), open).unwrap();
    std::fs::write(dir.join("banks/z/banks/fengcun.toml"), BANK).unwrap();
    let out = c.dir.path().join("p.xuexi");
    c.cmd()
        .args(["pack", "build"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .assert()
        .success();
    let bytes = std::fs::read(&out).unwrap();
    let (_, files) = xuexi::import::pack::read_pack(&out, &bytes).unwrap();
    for (name, data) in &files {
        assert_no_secret(name, data);
    }
    let open = files
        .iter()
        .find(|(n, _)| n == "banks/fengcun.toml")
        .expect("the open bank is packed");
    assert!(
        String::from_utf8_lossy(&open.1).contains("公开答案"),
        "the open bank keeps its answers"
    );
}

#[test]
fn the_trainer_importing_their_own_pack_keeps_the_key() {
    let trainer = Cli::new();
    trainer
        .cmd()
        .args(["bank", "import"])
        .arg(folder(&trainer).join("banks/fengcun.toml"))
        .assert()
        .success()
        .stdout(predicate::str::contains("封存题库的完整文件"));
    let pack = build(&trainer);
    trainer
        .cmd()
        .args(["pack", "import", "--yes"])
        .arg(&pack)
        .assert()
        .success();
    let b = trainer.store().bank("fengcun").unwrap();
    assert!(b.sealed && !b.keyless(), "the full bank stays");
    assert!(
        b.questions
            .iter()
            .any(|q| q.explanation.contains("绝密青龙"))
    );
    // nor by the copy without the key given to `bank import` (the pack's TOML, sent back)
    let copy = trainer.write(
        "copy.toml",
        xuexi::import::bank_toml::export_bank_toml(&parse(BANK).unwrap().without_key()),
    );
    trainer
        .cmd()
        .args(["bank", "import"])
        .arg(&copy)
        .assert()
        .success();
    let b = trainer.store().bank("fengcun").unwrap();
    assert!(
        b.sealed && !b.keyless(),
        "the full bank stays after bank import"
    );
    // and the trainer may print its key
    trainer
        .cmd()
        .args(["paper", "print", "fengcun", "kaoshi", "--key"])
        .assert()
        .success()
        .stdout(predicate::str::contains("秘答玄武"));
}

#[test]
fn a_sealed_papers_start_page_says_who_grades_it() {
    let trainer = Cli::new();
    let pack = build(&trainer);
    let member = member_with(&pack);
    let mut store = member.store();
    let mut app = app(&store, xuexi::i18n::Lang::ZhCn, 80, 24);
    let start = Start::Exam {
        bank: "fengcun".into(),
        paper: "kaoshi".into(),
    };
    xuexi::tui::apply(
        &mut app,
        &mut store,
        vec![xuexi::app::Effect::StartQuiz(start)],
        t0(),
    );
    assert!(matches!(run_of(&app).phase, Phase::Start));
    let text = no_space(&screen_text(&draw(&app, 80, 24)));
    assert!(text.contains("本卷出自封存题库"), "{text}");
    assert!(text.contains("由培训者评分"), "{text}");
}

/// The menu's line for a sealed paper said 封存 · 由培训者评分 before and after handing it in
/// alike: the member could not tell they had taken it. It says 已交卷 N 次 once handed in.
#[test]
fn a_sealed_papers_menu_line_says_it_was_handed_in() {
    use xuexi::i18n::{Lang, Strings};
    let trainer = Cli::new();
    let pack = build(&trainer);
    let member = Cli::new();
    let line = |store: &xuexi::store::Store| {
        let menu = xuexi::service::quiz::menu(
            store,
            &Strings::load(Lang::ZhCn),
            t0(),
            &jiff::tz::TimeZone::UTC,
            20,
        )
        .unwrap();
        let e = menu
            .into_iter()
            .find(|e| matches!(&e.start, Some(Start::Exam { bank, .. }) if bank == "fengcun"))
            .unwrap();
        e.detail
    };
    let app = member_takes_the_paper(&member, &pack);
    drop(app);
    let store = member.store();
    let detail = line(&store);
    assert!(detail.contains("已交卷 1 次"), "{detail}");
    assert!(
        !detail.contains('%') || detail.contains("及格 60%"),
        "{detail}"
    );
}
