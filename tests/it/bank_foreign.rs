//! Banks from other systems, in the shapes those systems write them: Moodle's GIFT saved as
//! .txt, Aiken, a 学习强国 挑战答题 workbook without 题型, an exam system's one-row-per-option
//! export — each imported the first time, through the command a trainer runs.

use crate::common;

use predicates::prelude::*;
use xuexi::domain::quiz::{Answer, Kind};
use xuexi::import::bank::{TableOptions, load_bank};

use common::cli::CliEnv as Cli;

/// A workbook with one sheet of these comma-separated rows (every cell a string, as
/// collections and exports write them).
fn workbook(path: &std::path::Path, rows: &[&str]) {
    use rust_xlsxwriter::Workbook;
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, line) in rows.iter().enumerate() {
        for (c, v) in line.split(',').enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32, c as u16, v).unwrap();
            }
        }
    }
    wb.save(path).unwrap();
}

#[test]
fn a_xuexi_qiangguo_workbook_without_a_type_column_imports_first_time() {
    let c = Cli::new();
    let path = c.dir.path().join("tiaozhan.xlsx");
    workbook(
        &path,
        &[
            "序号,答案,题干,选项A,选项B,选项C,选项D,说明,出题单位",
            "1,B,        是中国共产党的根本宗旨。,发展经济,全心全意为人民服务,,,宗旨,宣传部",
            "2,A,我国的根本政治制度是        。,人民代表大会制度,政治协商制度,,,,",
            "3,C,3 做好疫情防控工作直接关系（　）,经济增长,对外贸易,人民生命安全和身体健康,,,",
        ],
    );
    c.cmd()
        .args(["bank", "check"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("没有题型列"))
        .stdout(predicate::str::contains("单选 3"))
        .stdout(predicate::str::contains("出题单位"));
    let bytes = std::fs::read(&path).unwrap();
    let opts = TableOptions {
        id: Some("tiaozhan".into()),
        ..Default::default()
    };
    let b = load_bank(&path, &bytes, &opts, &|_| true).unwrap_or_else(|e| panic!("{e:?}"));
    assert!(b.questions.iter().all(|q| q.kind == Kind::Single));
    assert_eq!(b.questions[0].stem, "（　）是中国共产党的根本宗旨。");
    assert_eq!(b.questions[0].explanation, "宗旨");
    assert_eq!(b.questions[1].stem, "我国的根本政治制度是（　）。");
    assert_eq!(b.questions[2].stem, "做好疫情防控工作直接关系（　）");
}

#[test]
fn an_exam_systems_export_with_numbered_types_and_first_row_numbers_imports() {
    let c = Cli::new();
    let path = c.dir.path().join("xzs.xlsx");
    workbook(
        &path,
        &[
            "题目序号,题目类型,题目内容,是否正确项,选项内容,整体解析",
            "1,1,疫情防控要坚持（　）。,1,全国一盘棋,原文：全国一盘棋",
            ",,,0,属地管理,",
            "2,2,要坚决反对（　）。,1,形式主义,",
            ",,,1,官僚主义,",
            ",,,0,好人主义,",
            "3,3,疫情防控只是医药卫生问题。,0,正确,",
            ",,,1,错误,",
        ],
    );
    c.cmd()
        .args(["bank", "import", "--id", "xzs"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 题"));
    let bytes = std::fs::read(&path).unwrap();
    let b = load_bank(&path, &bytes, &TableOptions::default(), &|_| true).unwrap();
    let qs = &b.questions;
    assert_eq!(qs[0].options, ["全国一盘棋", "属地管理"]);
    assert_eq!(qs[0].explanation, "原文：全国一盘棋");
    assert_eq!(qs[1].kind, Kind::Multiple);
    assert_eq!(qs[1].answer, Answer::Choice([0, 1].into_iter().collect()));
    assert_eq!(qs[2].answer, Answer::Judge(false));
}

/// GIFT as Moodle exports it, saved as .txt, with a true/false carrying feedback.
const MOODLE_TXT: &str = "// question: 1  name: Q1\n// [id:q-one] [tag:moodle]\n::Q1::[html]<p>42 is the Absolute Answer to everything.</p>{FALSE#42 is the Ultimate Answer.#You gave the right answer.}\n\n// question: 2  name: colours\n::colours::What's between orange and green in the spectrum?{\n\t~%100%yellow#right; good!\n\t~%-50%red#wrong, it's yellow\n\t~%-50%[plain]blue#wrong, it's yellow\n}\n\n";

#[test]
fn a_gift_txt_from_moodle_imports_as_gift() {
    let c = Cli::new();
    let p = c.write("moodle.txt", MOODLE_TXT);
    c.cmd()
        .args(["bank", "import", "--id", "moodle"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 题"));
    let b = load_bank(&p, MOODLE_TXT.as_bytes(), &TableOptions::default(), &|_| {
        true
    })
    .unwrap();
    assert_eq!(b.questions[0].id, "q-one");
    assert_eq!(b.questions[0].tags, ["moodle"]);
    assert_eq!(b.questions[1].kind, Kind::Multiple, "100/-50/-50");
    assert_eq!(b.questions[1].options, ["yellow", "red", "blue"]);
    // a short answer with partial credit is refused with its line, never a multiple choice
    let bad = c.write(
        "sa.txt",
        "::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n}\n",
    );
    c.cmd()
        .args(["bank", "check", "--id", "sa"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("sa.txt").and(predicate::str::contains("部分得分")));
}

#[test]
fn aiken_imports_and_its_errors_are_located() {
    let c = Cli::new();
    let p = c.write(
        "aiken.txt",
        "What is the correct answer to this question?\nA. Is it this one?\nB) Maybe this answer?\nC、Possibly this one?\nANSWER: A\n\n我国的根本政治制度是（　）。\nA. 人民代表大会制度\nB. 政治协商制度\n答案：A\n",
    );
    c.cmd()
        .args(["bank", "import", "--id", "aiken"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("2 题"));
    let bad = c.write(
        "bad-aiken.txt",
        "A question with too few answers\nA) Only answer\nANSWER: A\n",
    );
    c.cmd()
        .args(["bank", "check", "--id", "bad"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad-aiken.txt:3:"));
}

#[test]
fn a_json_bank_imports_and_broken_json_is_located_in_chinese() {
    let c = Cli::new();
    let p = c.write(
        "xxqg.json",
        r#"{"code": 200, "data": [
  {"category": "单选题", "content": "我国的根本政治制度是（　）。", "options": ["A. 人民代表大会制度", "B. 政治协商制度"], "answer": "A"},
  {"question": "疫情防控只是医药卫生问题。", "answer": "错", "analysis": "不只是"},
  {"content": "中国共产党成立于____年。", "tips": [], "answer": "1921"}
]}"#,
    );
    c.cmd()
        .args(["bank", "import"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("3 题"));
    let bad = c.write(
        "bad.json",
        "[\n  {\"content\": \"题\", \"answer\": \"A\",}\n]",
    );
    c.cmd()
        .args(["bank", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("bad.json:2:")
                .and(predicate::str::contains("不是合法的 JSON"))
                .and(predicate::str::contains("trailing").not()),
        );
}

#[test]
fn a_csv_export_carries_papers_and_other_exports_say_what_they_drop() {
    let c = Cli::new();
    let bundled = xuexi::bundle::bank_files();
    let toml = String::from_utf8_lossy(&bundled[0].bytes).into_owned();
    let papers = toml.matches("[[papers]]").count();
    assert!(papers > 0, "the bundled bank has papers");
    let out = c.dir.path().join("导出.csv");
    c.cmd()
        .args([
            "bank",
            "export",
            "newsletter-2020-02",
            "--format",
            "csv",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("导出-试卷.csv"));
    assert!(c.dir.path().join("导出-试卷.csv").is_file());
    // imported back: the same papers, beside it
    c.cmd()
        .args(["bank", "import", "--id", "copy"])
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains(format!("{papers} 份试卷")));
    // GIFT and the Word-style text have no place for papers: said, on stderr
    for format in ["gift", "txt"] {
        c.cmd()
            .args(["bank", "export", "copy", "--format", format])
            .assert()
            .success()
            .stderr(predicate::str::contains("带不上").and(predicate::str::contains("试卷")));
    }
    // a CSV to the screen cannot put its papers beside it: said too
    c.cmd()
        .args(["bank", "export", "copy", "--format", "csv"])
        .assert()
        .success()
        .stderr(predicate::str::contains("-o"));
    // TOML keeps everything: nothing said
    c.cmd()
        .args(["bank", "export", "copy", "--format", "toml"])
        .assert()
        .success()
        .stderr(predicate::str::is_empty());
}
