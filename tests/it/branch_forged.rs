//! The branch report believes nothing it can check: forged members' files, built here, one
//! test per forgery, each re-graded against the trainer's bank (`--bank FILE`) and listed under
//! 需要核实.

use crate::common;

use common::cli::{CliEnv as Cli, stdout};
use serde_json::{Value, json};

/// The trainer's bank: two singles (answer A), a paper of both, 5 points each, pass 60.
const BANK: &str = r#"[bank]
id = "b"
title = "冬训题库"

[[questions]]
id = "q1"
type = "single"
stem = "疫情防控要坚持（　）。"
options = ["全国一盘棋", "属地管理"]
answer = "A"

[[questions]]
id = "q2"
type = "single"
stem = "三会一课是（　）。"
options = ["组织生活制度", "学习方法"]
answer = "A"

[[papers]]
id = "p"
title = "冬训测试"
minutes = 10
pass = 60
draw = { single = 2 }
points = { single = 5 }
"#;

fn export(name: &str, account: &str, installation: &str, events: Value) -> String {
    common::member_export(
        json!({"member": name, "account": account, "installation": installation}),
        events,
    )
}

/// An exam answer to `q` (option `pick`, 0 = A) in attempt 1, marked `correct`.
fn answer(id: i64, q: &str, pick: usize, correct: bool) -> Value {
    json!({"kind": "answer", "id": id, "at": "2026-03-02T02:00:00Z", "attempt": 1,
           "mode": "exam", "position": 0, "bank": "b", "question": q, "stem": "",
           "response": [pick], "response_text": "", "correct": correct,
           "score": if correct { 5.0 } else { 0.0 }, "seconds": 10})
}

/// Attempt 1 of the paper, with the file's own figures.
fn attempt(id: i64, percent: Value, answered: i64) -> Value {
    json!({"kind": "attempt", "id": id, "at": "2026-03-02T02:05:00Z", "attempt": 1,
           "mode": "exam", "bank": "b", "paper": "p", "title": "冬训测试",
           "from": "2026-03-02T02:00:00Z", "seconds": 300, "score": 10.0, "max": 10.0,
           "percent": percent, "passed": true, "right": answered, "answered": answered})
}

/// The report of `files` (each a member's export) graded against the bank, as Markdown.
fn report(files: &[String]) -> String {
    report_as(files, "md")
}

fn report_as(files: &[String], format: &str) -> String {
    let c = Cli::new();
    let bank = c.write("bank.toml", BANK);
    let paths: Vec<_> = files
        .iter()
        .enumerate()
        .map(|(i, f)| c.write(&format!("m{i}.json"), f.clone()))
        .collect();
    stdout(
        c.cmd()
            .args(["branch", "report", "--format", format, "--bank"])
            .arg(&bank)
            .args(&paths),
    )
}

/// The 需要核实 section of a Markdown report.
fn doubts(md: &str) -> &str {
    let start = md.find("## 需要核实").expect("the section is there");
    let end = md[start..]
        .find("\n## 题目")
        .map_or(md.len(), |e| start + e);
    &md[start..end]
}

#[test]
fn an_honest_file_is_graded_and_nothing_is_doubted() {
    let events = json!([
        answer(1, "q1", 0, true),
        answer(2, "q2", 1, false),
        attempt(3, json!(50.0), 2)
    ]);
    let md = report(&[export("张三", "zs", "i1", events)]);
    // scored from its answers: 5 of 10 points, under the pass mark
    assert!(
        md.contains("| 张三 | zs | 第一党支部 | 5 | 1 | 0 | 50% 未及格 |"),
        "{md}"
    );
    assert!(doubts(&md).contains("没有发现需要核实的地方"), "{md}");
}

#[test]
fn an_attempt_without_answers_is_not_believed() {
    let events = json!([attempt(1, json!(100.0), 10)]);
    let md = report(&[export("张三", "zs", "i1", events)]);
    assert!(
        md.contains("100% 及格（未核实）"),
        "never shown as checked: {md}"
    );
    assert!(
        doubts(&md).contains("第 1 次考试记有成绩 100%，却没有一道题的答案"),
        "{md}"
    );
}

#[test]
fn answers_marked_right_with_a_wrong_response_count_as_wrong() {
    // both answers pick B (wrong) and say they are right; the attempt claims 100%
    let events = json!([
        answer(1, "q1", 1, true),
        answer(2, "q2", 1, true),
        attempt(3, json!(100.0), 2)
    ]);
    let md = report(&[export("张三", "zs", "i1", events)]);
    assert!(
        md.contains("| 张三 | zs | 第一党支部 | 5 | 1 | 0 | 0% 未及格 |"),
        "{md}"
    );
    let d = doubts(&md);
    assert!(
        d.contains("题目 b/q1 的答案被记为答对，按题库是答错"),
        "{d}"
    );
    assert!(
        d.contains("第 1 次考试记的成绩是 100%，按它的答案重新评分是 0%"),
        "{d}"
    );
    // the question's row counts them wrong
    assert!(
        md.contains("| 疫情防控要坚持（　）。 | b | 1 | 0% |"),
        "{md}"
    );
}

#[test]
fn percents_outside_0_to_100_are_clamped_and_said() {
    for forged in [json!(300.0), json!(1e308), json!(-5.0)] {
        let events = json!([attempt(1, forged.clone(), 0)]);
        let md = report(&[export("张三", "zs", "i1", events)]);
        assert!(!md.contains("300%") && !md.contains("e308"), "{md}");
        assert!(
            doubts(&md).contains("第 1 次考试的百分比") && doubts(&md).contains("不在 0–100 之间"),
            "{forged}: {md}"
        );
    }
}

#[test]
fn absurd_durations_are_clamped_never_wrapped() {
    let reading = |id: i64, secs: Value| {
        json!({"kind": "reading", "id": id, "at": "2026-03-01T02:00:00Z", "session": id,
               "material": "m1", "title": "三会一课", "from": "2026-03-01T01:30:00Z",
               "to": "2026-03-01T02:00:00Z", "seconds": secs})
    };
    let events = json!([
        reading(1, json!(i64::MAX - 10)),
        reading(2, json!(i64::MAX - 10)),
        reading(3, json!(-600)),
        reading(4, json!(1800)),
    ]);
    let md = report(&[export("张三", "zs", "i1", events)]);
    // two days at most, plus half an hour: 2910 minutes, never negative
    assert!(md.contains("| 张三 | zs | 第一党支部 | 2910 |"), "{md}");
    let d = doubts(&md);
    assert!(d.contains("时长 -600 秒不可能"), "{d}");
    assert!(d.contains("按 86400 秒计"), "{d}");
}

#[test]
fn one_event_id_with_two_contents_is_doubted_and_counted_once() {
    let reading = |secs: i64| {
        json!([{"kind": "reading", "id": 5, "at": "2026-03-01T02:00:00Z", "session": 5,
                "material": "m1", "title": "三会一课", "from": "2026-03-01T01:30:00Z",
                "to": "2026-03-01T02:00:00Z", "seconds": secs}])
    };
    let md = report(&[
        export("张三", "zs", "i1", reading(600)),
        export("张三", "zs", "i1", reading(36000)),
    ]);
    assert!(
        md.contains("| 张三 | zs | 第一党支部 | 10 |"),
        "the first counted: {md}"
    );
    assert!(
        doubts(&md).contains("同一编号的记录（reading 5）有两种不同的内容"),
        "{md}"
    );
}

#[test]
fn one_account_claimed_by_two_installations_is_doubted() {
    let own = json!([answer(1, "q1", 0, true)]);
    let other = json!([answer(1, "q2", 0, true)]);
    let md = report(&[
        export("张三", "zs", "install-a", own),
        export("张三", "zs", "install-b", other),
    ]);
    assert!(
        doubts(&md).contains("这个账号出现在 2 个不同的 xuexi 安装的导出里"),
        "{md}"
    );
    // one member's two exports from one installation are not doubted
    let again = json!([answer(1, "q1", 0, true)]);
    let md = report(&[
        export("张三", "zs", "install-a", again.clone()),
        export("张三", "zs", "install-a", again),
    ]);
    assert!(doubts(&md).contains("没有发现需要核实的地方"), "{md}");
}

#[test]
fn the_csv_says_pass_or_fail_in_words() {
    let events = json!([
        answer(1, "q1", 0, true),
        answer(2, "q2", 0, true),
        attempt(3, json!(100.0), 2)
    ]);
    let csv = report_as(&[export("张三", "zs", "i1", events)], "csv");
    assert!(csv.contains("100% 及格"), "{csv}");
    assert!(!csv.contains("true") && !csv.contains("false"), "{csv}");
    let forged = json!([attempt(1, json!(45.0), 3)]);
    let csv = report_as(&[export("李四", "ls", "i2", forged)], "csv");
    // (its pass mark is the paper's, not the file's word)
    assert!(csv.contains("45% 未及格（未核实）"), "{csv}");
    assert!(
        csv.contains("却没有一道题的答案"),
        "the doubt in its column: {csv}"
    );
}

#[test]
fn the_files_together_are_capped_with_a_clear_message() {
    let c = Cli::new();
    // two sparse files of 200 MB each: over the cap together, refused before either is read
    let files: Vec<_> = (0..2)
        .map(|i| {
            let p = c.dir.path().join(format!("big{i}.json"));
            std::fs::File::create(&p)
                .unwrap()
                .set_len(200 * 1024 * 1024)
                .unwrap();
            p
        })
        .collect();
    let out = c
        .cmd()
        .args(["branch", "report"])
        .args(&files)
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("big1.json") && err.contains("合计超过一次汇总能读的 256 MB"),
        "{err}"
    );
}

#[test]
fn an_attempt_is_checked_against_the_answers_of_its_own_installation() {
    // installation a answered; b claims attempt 1 at 100% with no answers of its own
    let own = json!([
        answer(1, "q1", 0, true),
        answer(2, "q2", 0, true),
        attempt(3, json!(100.0), 2)
    ]);
    let claimed = json!([attempt(1, json!(100.0), 2)]);
    let md = report(&[
        export("张三", "zs", "install-a", own),
        export("张三", "zs", "install-b", claimed),
    ]);
    let d = doubts(&md);
    assert!(
        d.contains("第 1 次考试记有成绩 100%，却没有一道题的答案"),
        "b's attempt is not scored with a's answers: {d}"
    );
    // a's own attempt is checked and passes
    assert!(md.contains("100% 及格 |"), "{md}");
}
