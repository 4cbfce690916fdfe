//! The branch report from members' exports: members of one name told apart by account, one
//! member's two exports merged, the hardest question and its distractor, who read what; a file
//! that is not an export named.

use crate::common;

use common::cli::{CliEnv as Cli, stdout};
use predicates::prelude::*;
use serde_json::json;

fn export(name: &str, account: &str, events: serde_json::Value) -> String {
    common::member_export(json!({"member": name, "account": account}), events)
}

fn answer(id: i64, at: &str, correct: bool, text: &str) -> serde_json::Value {
    json!({"kind": "answer", "id": id, "at": at, "attempt": 1, "mode": "exam", "position": 0,
           "bank": "b", "question": "q1", "stem": "疫情防控要坚持（　）。",
           "response": [0], "response_text": text, "correct": correct, "score": 1.0, "seconds": 10})
}

#[test]
fn the_branch_picture_from_members_exports() {
    let c = Cli::new();
    let a_events = json!([
        {"kind": "reading", "id": 1, "at": "2026-03-01T02:00:00Z", "session": 1, "material": "m1",
         "title": "三会一课", "from": "2026-03-01T01:30:00Z", "to": "2026-03-01T02:00:00Z", "seconds": 1800},
        {"kind": "finished", "id": 2, "at": "2026-03-01T02:00:00Z", "material": "m1", "title": "三会一课"},
        answer(3, "2026-03-02T02:00:00Z", false, "B. 属地管理"),
        {"kind": "attempt", "id": 4, "at": "2026-03-02T02:05:00Z", "attempt": 1, "mode": "exam",
         "bank": "b", "paper": "p", "title": "卷", "from": "2026-03-02T02:00:00Z", "seconds": 300,
         "score": 8.0, "max": 10.0, "percent": 80.0, "passed": true, "right": 8, "answered": 10}
    ]);
    // 张三 (zs1) hands in twice, the exports overlapping; another 张三 (zs2) once
    let a1 = c.write("a1.json", export("张三", "zs1", a_events.clone()));
    let a2 = c.write("a2.json", export("张三", "zs1", a_events));
    let b = c.write(
        "b.json",
        export(
            "张三",
            "zs2",
            json!([
                answer(1, "2026-03-03T02:00:00Z", false, "B. 属地管理"),
                answer(2, "2026-03-04T02:00:00Z", true, "A. 全国一盘棋"),
            ]),
        ),
    );
    let md = stdout(c.cmd().args(["branch", "report"]).args([&a1, &a2, &b]));
    assert!(md.contains("成员 2 人（来自 3 份导出）"), "{md}");
    assert!(md.contains("期间：2026-03-01 – 2026-03-07"));
    // zs1: 30 min reading + 5 min exam, counted once though handed in twice
    assert!(
        md.contains("| 张三 | zs1 | 第一党支部 | 35 | 2 | 1 | 80% 及格（未核实） |"),
        "{md}"
    );
    assert!(
        md.contains("| 张三 | zs2 | 第一党支部 | 0 | 2 | 0 | — |"),
        "{md}"
    );
    // q1: three answers, one right; the distractor chosen twice
    assert!(
        md.contains("| 疫情防控要坚持（　）。 | b | 3 | 33% | B. 属地管理（2） | 10 |"),
        "{md}"
    );
    assert!(md.contains("| 三会一课 | 1 / 2 |"));
    // a file that is not an export is named, nothing written
    let bad = c.write("notes.json", "{\"x\": 1}");
    let o = c.dir.path().join("out.md");
    c.cmd()
        .args(["branch", "report"])
        .arg(&a1)
        .arg(&bad)
        .arg("-o")
        .arg(&o)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("notes.json")
                .and(predicate::str::contains("不是 xuexi 的导出")),
        );
    assert!(!o.exists());
    // the members' table as CSV
    let csv = stdout(
        c.cmd()
            .args(["branch", "report", "--format", "csv"])
            .arg(&b),
    );
    assert!(csv.starts_with("\u{feff}成员,账号,支部"), "{csv}");
}

#[test]
fn a_members_real_export_is_read_back() {
    // what `xuexi export --format json` writes is what `branch report` reads
    let c = Cli::new();
    let cfg = c.write(
        "config/xuexi/config.toml",
        "[member]\nname = \"李四\"\nbranch = \"第二党支部\"\n",
    );
    let out = stdout(
        c.cmd()
            .args(["export", "--format", "json", "--config"])
            .arg(&cfg),
    );
    let f = c.write("li.json", out);
    c.cmd()
        .args(["branch", "report"])
        .arg(&f)
        .assert()
        .success()
        .stdout(predicate::str::contains("| 李四 |  | 第二党支部 |"));
}

#[test]
fn a_plans_progress_per_member_from_their_exports() {
    let c = Cli::new();
    // the bundled 2020 plan: its first item is reading this material to its end
    let done = c.write(
        "a.json",
        export(
            "张三",
            "zs1",
            json!([
                {"kind": "finished", "id": 1, "at": "2020-02-05T02:00:00Z",
                 "material": "zhongyang-changweihui-0203", "title": "…"}
            ]),
        ),
    );
    let none = c.write("b.json", export("李四", "ls", json!([])));
    let md = stdout(
        c.cmd()
            .args(["branch", "report", "--plan", "2020-winter"])
            .args([&done, &none]),
    );
    assert!(md.contains("| 计划完成 |"), "{md}");
    assert!(
        md.contains("| 张三 | zs1 | 第一党支部 | 0 | 1 | 1 | — | 1/10 |"),
        "{md}"
    );
    assert!(
        md.contains("| 李四 | ls | 第一党支部 | 0 | 0 | 0 | — | 0/10 |"),
        "{md}"
    );
    // the CSV carries the plan's column too
    let csv = stdout(
        c.cmd()
            .args([
                "branch",
                "report",
                "--plan",
                "2020-winter",
                "--format",
                "csv",
            ])
            .args([&done, &none]),
    );
    assert!(csv.lines().next().unwrap().ends_with(",计划完成"), "{csv}");
    assert!(csv.contains("张三,zs1,第一党支部,0,1,1,,,1/10"), "{csv}");
    c.cmd()
        .args(["branch", "report", "--plan", "meiyou"])
        .arg(&done)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有编号为“meiyou”的学习计划"));
}

#[test]
fn a_members_xapi_file_tells_what_their_json_export_tells() {
    use xuexi::domain::log::Record;

    // 25 minutes of 徐州 read to its end on the 1st; an exam on the 2nd
    let c = Cli::with_log();
    let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    let mut store = c.store();
    store
        .append_events(&[
            (
                ts("2026-03-02T02:00:00Z"),
                Record::Answer {
                    sealed: false,
                    attempt: 7,
                    mode: "exam".into(),
                    position: 0,
                    bank: "冬训".into(),
                    question: "q/1".into(),
                    response: "[1]".into(),
                    correct: false,
                    points: 0.0,
                    seconds: 12,
                    hinted: false,
                },
            ),
            (
                ts("2026-03-02T02:05:00Z"),
                Record::Attempt {
                    sealed: false,
                    attempt: 7,
                    mode: "exam".into(),
                    bank: Some("冬训".into()),
                    paper: Some("p".into()),
                    title: "卷".into(),
                    started: ts("2026-03-02T02:00:00Z"),
                    seconds: 300,
                    score: 6.0,
                    max: 10.0,
                    percent: 60.0,
                    passed: Some(true),
                    right: 6,
                    answered: 10,
                    hinted: 0,
                },
            ),
        ])
        .unwrap();
    drop(store);
    let cfg = c.write(
        "config/xuexi/config.toml",
        "[member]\nname = \"王五\"\naccount = \"ww\"\n",
    );
    let export = |format: &str, file: &str| {
        let out = stdout(
            c.cmd()
                .args(["export", "--format", format, "--config"])
                .arg(&cfg),
        );
        c.write(file, out)
    };
    let json = export("json", "ww.json");
    // every JSON export names its installation (a random id, the same at every export)
    let head: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&json).unwrap()).unwrap();
    let install = head["header"]["installation"].as_str().unwrap_or("");
    assert_eq!(install.len(), 32, "{install}");
    assert!(
        std::fs::read_to_string(export("json", "ww2.json"))
            .unwrap()
            .contains(install)
    );
    let xapi = export("xapi", "ww-xapi.json");
    let report =
        |files: &[&std::path::PathBuf]| stdout(c.cmd().args(["branch", "report"]).args(files));
    let from_json = report(&[&json]);
    let from_xapi = report(&[&xapi]);
    // 25 minutes read + 5 of the exam, on two days, one material read, 60% passed (the
    // file's word: the trainer has not the bank 冬训 to grade it against)
    let row = "| 王五 | ww |  | 30 | 2 | 1 | 60% 及格（未核实） |";
    assert!(from_json.contains(row), "{from_json}");
    assert!(from_xapi.contains(row), "{from_xapi}");
    // the question (its id percent-encoded in the statement) and the wrong answer given
    assert!(
        from_xapi.contains("| q/1 | 冬训 | 1 | 0% | B（1） | 12 |"),
        "{from_xapi}"
    );
    let title = "| 徐州：建立健全“四学机制”保障学习走深走实 | 1 / 1 |";
    assert!(
        from_json.contains(title) && from_xapi.contains(title),
        "{from_xapi}"
    );
    // the JSON export and the xAPI file of the same events count them once
    let both = report(&[&json, &xapi]);
    assert!(
        both.contains("成员 1 人（来自 2 份导出）") && both.contains(row),
        "{both}"
    );
    // the same statements twice (an LRS dump beside the file) count once
    let twice = report(&[&xapi, &xapi]);
    assert!(
        twice.contains("成员 1 人（来自 2 份导出）") && twice.contains(row),
        "{twice}"
    );
}

#[test]
fn the_branch_picture_prints_as_a_page() {
    let c = Cli::new();
    let f = c.write(
        "a.json",
        export(
            "张<b>三</b>",
            "zs",
            json!([answer(1, "2026-03-03T02:00:00Z", false, "B")]),
        ),
    );
    let html = stdout(
        c.cmd()
            .args(["branch", "report", "--format", "html"])
            .arg(&f),
    );
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("size: A4"),
        "{html}"
    );
    assert!(html.contains("<title>支部学习情况汇总</title>"), "{html}");
    assert!(html.contains(">正确率</th>"), "{html}");
    // a member's name is text, never markup
    assert!(
        html.contains("张&lt;b&gt;三&lt;/b&gt;") && !html.contains("<b>"),
        "{html}"
    );
}
