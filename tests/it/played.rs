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
