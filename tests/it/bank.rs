//! Quiz banks, read and written: the bundled bank checked against the newsletter's text,
//! every input format (TOML, CSV in UTF-8 / UTF-8 with BOM / GBK, a real .xlsx and .xls,
//! Excel's Unicode text) and the round trips. The bank commands are in `bank_cli`.

use crate::common;

use std::collections::HashSet;
use std::path::Path;

use common::cli::CliEnv as Cli;
use common::no_space;
use predicates::prelude::*;
use xuexi::domain::quiz::{Answer, Bank, Kind};
use xuexi::import::bank_table::{bank_from_rows, csv_rows, export_bank_csv, xlsx_rows};
use xuexi::import::bank_toml::{export_bank_toml, parse_bank_toml};
use xuexi::import::material::parse_material_bytes;
use xuexi::markdown::parse_markdown;

/// Material id → its whole text (title and body), without whitespace.
fn material_texts() -> Vec<(String, String)> {
    xuexi::bundle::material_files()
        .iter()
        .map(|f| {
            let m = parse_material_bytes(Path::new(&f.name), &f.bytes).unwrap();
            let text = format!("{}{}", m.meta.title, parse_markdown(&m.body).plain_text());
            (m.meta.id, no_space(&text))
        })
        .collect()
}

fn bundled_bank() -> Bank {
    let files = xuexi::bundle::bank_files();
    assert_eq!(files.len(), 1);
    let ids: HashSet<String> = material_texts().into_iter().map(|(id, _)| id).collect();
    parse_bank_toml(
        Path::new(&files[0].name),
        &String::from_utf8_lossy(&files[0].bytes),
        &|m| ids.contains(m),
    )
    .unwrap_or_else(|e| panic!("{e:?}"))
}

#[test]
fn bundled_bank_covers_the_newsletter() {
    let bank = bundled_bank();
    assert!(
        bank.questions.len() >= 60,
        "{} questions",
        bank.questions.len()
    );
    for kind in Kind::ALL {
        assert!(bank.questions.iter().any(|q| q.kind == kind), "no {kind:?}");
    }
    let texts = material_texts();
    for (id, _) in &texts {
        assert!(
            bank.questions
                .iter()
                .any(|q| q.material.as_deref() == Some(id)),
            "no question on {id}"
        );
    }
    assert!(!bank.papers.is_empty());
}

#[test]
fn every_bundled_answer_is_in_the_text() {
    let bank = bundled_bank();
    let texts = material_texts();
    for q in &bank.questions {
        let material = q
            .material
            .as_deref()
            .unwrap_or_else(|| panic!("{}: no material", q.id));
        let text = &texts.iter().find(|(id, _)| id == material).unwrap().1;
        // the explanation quotes the sentence that answers the question, word for word
        let quote = q
            .explanation
            .split_once('「')
            .and_then(|(_, r)| r.rsplit_once('」'))
            .map(|(qt, _)| no_space(qt))
            .unwrap_or_else(|| panic!("{}: explanation quotes nothing", q.id));
        assert!(
            text.contains(&quote),
            "{}: quote not in {material}: {quote}",
            q.id
        );
        match &q.answer {
            Answer::Sealed => unreachable!("no sealed bank in this test"),
            Answer::Choice(set) => {
                for &i in set {
                    let opt = no_space(&q.options[i]);
                    assert!(
                        text.contains(&opt),
                        "{}: right option {opt} not in the text",
                        q.id
                    );
                }
            }
            Answer::Fill(blanks) => {
                for alts in blanks {
                    assert!(
                        quote.contains(&no_space(&alts[0])),
                        "{}: blank {} not in the quoted sentence",
                        q.id,
                        alts[0]
                    );
                }
            }
            Answer::Judge(_) => {}
        }
    }
}

#[test]
fn toml_round_trip_of_the_bundled_bank() {
    let bank = bundled_bank();
    let text = export_bank_toml(&bank);
    let again = parse_bank_toml(Path::new("x.toml"), &text, &|_| true).unwrap();
    assert_eq!(again, bank);
}

#[test]
fn csv_round_trip_of_the_bundled_questions() {
    let bank = bundled_bank();
    let text = export_bank_csv(&bank);
    let rows = csv_rows(Path::new("x.csv"), text.as_bytes()).unwrap();
    let again =
        bank_from_rows(Path::new("x.csv"), &rows, &bank.id, &bank.title, &|_| true).unwrap();
    assert_eq!(again.questions, bank.questions);
}

#[test]
fn xlsx_written_by_a_library_is_read() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("题库.xlsx");
    let mut wb = Workbook::new();
    let other = wb.add_worksheet();
    other.set_name("说明").unwrap();
    other.write_string(0, 0, "第一张表不是题").unwrap();
    let sheet = wb.add_worksheet();
    sheet.set_name("题目").unwrap();
    let rows: [&[&str]; 4] = [
        &[
            "题型", "题干", "选项A", "选项B", "选项C", "答案", "解析", "分值",
        ],
        &[
            "单选",
            "疫情防控要坚持（　）",
            "全国一盘棋",
            "属地管理",
            "分级负责",
            "A",
            "原文",
            "",
        ],
        &[
            "判断",
            "疫情防控只是医药卫生问题。",
            "",
            "",
            "",
            "错",
            "",
            "",
        ],
        &[
            "多选",
            "要坚决反对（　）",
            "形式主义",
            "官僚主义",
            "享乐主义",
            "A、B",
            "",
            "",
        ],
    ];
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(r as u32, c as u16, *cell).unwrap();
        }
    }
    sheet.write_number(1, 7, 2.0).unwrap();
    wb.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let rows = xlsx_rows(&path, &bytes, Some("题目")).unwrap();
    let bank = bank_from_rows(&path, &rows, "t", "t", &|_| true).unwrap();
    assert_eq!(bank.questions.len(), 3);
    assert_eq!(
        bank.questions[0].points, 2.0,
        "a number cell 2.0 reads as 2"
    );
    assert_eq!(bank.questions[1].answer, Answer::Judge(false));
    // without --sheet: the sheet that holds a bank's header, not the 说明 before it
    let found = xlsx_rows(&path, &bytes, None).unwrap();
    assert_eq!(found[0][0], "题型");
    let e = xlsx_rows(&path, &bytes, Some("无此表")).unwrap_err();
    assert!(e.to_string().contains("no sheet named `无此表`"));
}

#[test]
fn workbook_dates_read_as_dates_and_a_title_row_is_passed_over() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("题库.xlsx");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    sheet
        .merge_range(0, 0, 0, 3, "建党百年知识测试", &Format::new())
        .unwrap();
    for (c, h) in ["题型", "题干", "答案", "解析"].iter().enumerate() {
        sheet.write_string(1, c as u16, *h).unwrap();
    }
    sheet.write_string(2, 0, "填空").unwrap();
    sheet
        .write_string(2, 1, "中国共产党的生日是（　）。")
        .unwrap();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    sheet.write_number_with_format(2, 2, 7853.0, &date).unwrap();
    wb.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let rows = xlsx_rows(&path, &bytes, None).unwrap();
    assert_eq!(
        rows[2][2], "1921-07-01",
        "the date the trainer sees, not 7853"
    );
    let bank = bank_from_rows(&path, &rows, "t", "t", &|_| true).unwrap();
    assert_eq!(
        bank.questions[0].answer,
        Answer::Fill(vec![vec!["1921-07-01".into()]])
    );
}

#[test]
fn workbook_percent_cells_read_as_the_trainer_sees_them() {
    use rust_xlsxwriter::{Format, Workbook};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("题库.xlsx");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    for (c, h) in ["题型", "题干", "答案"].iter().enumerate() {
        sheet.write_string(0, c as u16, *h).unwrap();
    }
    sheet.write_string(1, 0, "填空").unwrap();
    sheet
        .write_string(1, 1, "全省党员参学率达到（　）。")
        .unwrap();
    let percent = Format::new().set_num_format("0%");
    sheet
        .write_number_with_format(1, 2, 0.98, &percent)
        .unwrap();
    let papers = wb.add_worksheet().set_name("试卷").unwrap();
    for (c, h) in ["名称", "时长", "及格线", "填空数"].iter().enumerate() {
        papers.write_string(0, c as u16, *h).unwrap();
    }
    papers.write_string(1, 0, "测试").unwrap();
    papers.write_number(1, 1, 10.0).unwrap();
    papers
        .write_number_with_format(1, 2, 0.8, &percent)
        .unwrap();
    papers.write_number(1, 3, 1.0).unwrap();
    wb.save(&path).unwrap();
    let bytes = std::fs::read(&path).unwrap();
    let rows = xlsx_rows(&path, &bytes, None).unwrap();
    assert_eq!(rows[1][2], "98%", "the percent the trainer sees, not 0.98");
    let c = Cli::new();
    c.cmd()
        .args(["bank", "import", "--id", "pct"])
        .arg(&path)
        .assert()
        .success();
    let out = c.cmd().args(["bank", "export", "pct"]).output().unwrap();
    let toml = String::from_utf8_lossy(&out.stdout);
    assert!(toml.contains("answer = [\"98%\"]"), "{toml}");
    assert!(toml.contains("pass = 80"), "{toml}");
}

#[test]
fn an_exam_systems_one_row_per_option_export_imports() {
    use rust_xlsxwriter::Workbook;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("yf.xlsx");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let rows = [
        "题目序号,题目类型,题目内容,是否正确项,选项内容,试题解析",
        "1,单选题,疫情防控要坚持（　）。,是,全国一盘棋,原文：全国一盘棋",
        "1,单选题,疫情防控要坚持（　）。,否,属地管理,",
        "2,多选题,要坚决反对（　）。,是,形式主义,",
        "2,多选题,要坚决反对（　）。,是,官僚主义,",
        "2,多选题,要坚决反对（　）。,否,好人主义,",
        "3,判断题,疫情防控只是医药卫生问题。,否,正确,",
        "3,判断题,疫情防控只是医药卫生问题。,是,错误,",
        "4,单选题,没有标出正确项的题（　）。,否,甲,",
        "4,单选题,没有标出正确项的题（　）。,否,乙,",
    ];
    for (r, line) in rows.iter().enumerate() {
        for (c, v) in line.split(',').enumerate() {
            sheet.write_string(r as u32, c as u16, v).unwrap();
        }
    }
    wb.save(&path).unwrap();
    let c = Cli::new();
    // the question without a right option is named by its first row
    c.cmd()
        .args(["bank", "check"])
        .arg(&path)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("第 9 行"));
    // without it: three questions, each as written
    let bytes = std::fs::read(&path).unwrap();
    let mut all = xlsx_rows(&path, &bytes, None).unwrap();
    all.truncate(8);
    let bank = bank_from_rows(&path, &all, "yf", "yf", &|_| true).unwrap();
    assert_eq!(bank.questions.len(), 3);
    assert_eq!(bank.questions[0].options, ["全国一盘棋", "属地管理"]);
    assert_eq!(bank.questions[0].explanation, "原文：全国一盘棋");
    assert_eq!(
        bank.questions[1].answer,
        Answer::Choice([0, 1].into_iter().collect())
    );
    assert_eq!(bank.questions[2].answer, Answer::Judge(false));
}

#[test]
fn an_xls_saved_by_wps_with_instructions_a_title_row_and_a_date_imports() {
    // tests/fixtures/wps-bank.xls (BIFF8, written by xlwt as WPS/Excel 97 save it): a 填写说明
    // sheet first, a merged title row, headers 题型（必填）/题目内容/A选项, a date answer cell
    // and 0.5 points
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/wps-bank.xls");
    let bytes = std::fs::read(&path).unwrap();
    let rows = xlsx_rows(&path, &bytes, None).unwrap();
    let bank = bank_from_rows(&path, &rows, "wps", "wps", &|_| true).unwrap();
    assert_eq!(bank.questions.len(), 3);
    assert_eq!(bank.questions[0].options, ["全国一盘棋", "属地管理"]);
    assert_eq!(bank.questions[1].points, 0.5);
    assert_eq!(
        bank.questions[2].answer,
        Answer::Fill(vec![vec!["1921-07-01".into()]])
    );
}

#[test]
fn a_gbk_toml_bank_is_told_to_be_saved_as_utf8() {
    let c = Cli::new();
    let (gbk, _, _) = encoding_rs::GBK.encode("[bank]\nid = \"g\"\ntitle = \"冬训\"\n");
    let p = c.write("g.toml", &gbk);
    c.cmd()
        .args(["bank", "check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("g.toml:3:").and(predicate::str::contains("另存为 UTF-8")),
        );
}

#[test]
fn excels_unicode_text_and_tab_separated_files_import() {
    let tsv = "题型\t题干\t选项A\t选项B\t答案\n单选\t要坚持（　）\t全国一盘棋\t属地管理\tA\n";
    let mut utf16 = vec![0xff, 0xfe];
    for u in tsv.encode_utf16() {
        utf16.extend_from_slice(&u.to_le_bytes());
    }
    for (name, bytes) in [("u.txt", utf16), ("t.tsv", tsv.as_bytes().to_vec())] {
        let rows = csv_rows(std::path::Path::new(name), &bytes).unwrap();
        let bank = bank_from_rows(std::path::Path::new(name), &rows, "t", "t", &|_| true).unwrap();
        assert_eq!(
            bank.questions[0].options,
            ["全国一盘棋", "属地管理"],
            "{name}"
        );
    }
}
