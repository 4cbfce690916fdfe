//! The bank commands: list, check, import (CSV in every encoding, sheets, Word, GIFT, papers
//! beside a bank), export, remove, and what a reimport keeps.

use crate::common;

use predicates::prelude::*;
use xuexi::domain::quiz::Kind;

use common::cli::CliEnv as Cli;

fn banks(c: &Cli) -> serde_json::Value {
    c.json(&["bank", "list", "--json"])
}

const CSV: &str = "题型,题干,选项A,选项B,选项C,选项D,答案,解析,分值,难度,标签,出处
单选,做好疫情防控工作直接关系（　）,人民生命安全和身体健康,经济增长,对外贸易,,A,原文。,2,1,疫情,zhongyang-changweihui-0203
多选,要坚决反对（　）,形式主义,官僚主义,享乐主义,,\"A,B\",,,,,
判断,疫情防控只是医药卫生问题。,,,,,×,,,,,
填空,增强“（　）”，坚定“（　）”,,,,,四个意识；四个自信,,,,,
";

#[test]
fn bank_list_shows_the_bundled_bank() {
    let c = Cli::new();
    let v = banks(&c);
    let arr = v.as_array().unwrap();
    assert_eq!(arr[0]["id"], "newsletter-2020-02");
    assert!(arr[0]["questions"].as_u64().unwrap() >= 60);
    assert!(arr[0]["papers"].as_u64().unwrap() >= 1);
}

#[test]
fn csv_in_every_encoding_imports() {
    let c = Cli::new();
    let (gbk, _, _) = encoding_rs::GBK.encode(CSV);
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(CSV.as_bytes());
    let a = c.write("utf8.csv", CSV.as_bytes());
    let b = c.write("bom.csv", &bom);
    let g = c.write("gbk.csv", &gbk);
    c.cmd()
        .args(["bank", "check"])
        .arg(&a)
        .arg(&b)
        .arg(&g)
        .assert()
        .success();
    c.cmd()
        .args(["bank", "import"])
        .arg(&a)
        .arg(&b)
        .arg(&g)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入题库 gbk：4 题"));
    let v = banks(&c);
    let ids: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["newsletter-2020-02", "bom", "gbk", "utf8"]);
    // the GBK file's text arrived intact
    let out = c
        .cmd()
        .args(["bank", "export", "gbk", "--format", "csv"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("做好疫情防控工作直接关系（　）"));
}

#[test]
fn check_prints_every_problem_and_import_is_all_or_nothing() {
    let c = Cli::new();
    let good = c.write("good.csv", CSV.as_bytes());
    let bad = c.write(
        "bad.toml",
        "[bank]\nid = \"bad\"\ntitle = \"坏\"\n[[questions]]\nid = \"a\"\ntype = \"single\"\nstem = \"题\"\noptions = [\"甲\", \"乙\"]\nanswer = \"C\"\n[[questions]]\nid = \"a\"\ntype = \"judge\"\nstem = \"题\"\nanswer = \"也许\"\nmaterial = \"nope\"\n".as_bytes(),
    );
    c.cmd()
        .args(["bank", "check"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:9:10：答案 C 没有对应的选项",
            bad.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}:14:10：判断题的答案应是",
            bad.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}:15:12：没有编号为“nope”的资料",
            bad.display()
        )))
        .stderr(predicate::str::contains("题目编号“a”重复（第 5 行也用了）"))
        .stderr(predicate::str::contains("发现 4 个问题"));
    c.cmd()
        .args(["bank", "import"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1);
    assert_eq!(banks(&c).as_array().unwrap().len(), 1, "nothing imported");
}

#[test]
fn spreadsheet_errors_name_row_and_column() {
    let c = Cli::new();
    let p = c.write(
        "t.csv",
        "题型,题干,选项A,选项B,选项C,答案\n单选,题,甲,,丙,A\n问答,题,,,,A\n".as_bytes(),
    );
    c.cmd()
        .args(["bank", "check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}：第 2 行“选项B”列：选项 B 是空的",
            p.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}：第 3 行“题型”列：不支持“问答”",
            p.display()
        )));
}

#[test]
fn paper_drawing_more_than_the_bank_has() {
    let c = Cli::new();
    let p = c.write(
        "p.toml",
        "[bank]\nid = \"p\"\ntitle = \"卷\"\n[[questions]]\nid = \"a\"\ntype = \"judge\"\nstem = \"题\"\nanswer = true\n[[papers]]\nid = \"x\"\ntitle = \"x\"\nminutes = 5\npass = 60\ndraw = { judge = 2 }\n".as_bytes(),
    );
    c.cmd()
        .args(["bank", "check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("要抽 2 道判断题，题库只有 1 道"));
}

#[test]
fn export_import_round_trip_and_remove() {
    let c = Cli::new();
    let src = c.write("mine.csv", CSV.as_bytes());
    c.cmd()
        .args(["bank", "import", "--id", "mine", "--title", "我的题库"])
        .arg(&src)
        .assert()
        .success();
    let toml_out = c.dir.path().join("mine.toml");
    c.cmd()
        .args(["bank", "export", "mine", "-o"])
        .arg(&toml_out)
        .assert()
        .success();
    let exported = std::fs::read_to_string(&toml_out).unwrap();
    assert!(exported.contains("title = \"我的题库\""));
    // re-import the export: the same bank
    c.cmd()
        .args(["bank", "import"])
        .arg(&toml_out)
        .assert()
        .success();
    let out = c.cmd().args(["bank", "export", "mine"]).output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), exported);
    // the trainer's file is not replaced by accident
    c.cmd()
        .args(["bank", "export", "mine", "-o"])
        .arg(&toml_out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("已存在；加 --force 覆盖"));
    c.cmd()
        .args(["bank", "export", "mine", "--force", "-o"])
        .arg(&toml_out)
        .assert()
        .success();
    // --id on a TOML file imports a copy under that id (not ignored)
    c.cmd()
        .args(["bank", "import", "--id", "mine-copy", "--title", "副本"])
        .arg(&toml_out)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入题库 mine-copy"));
    c.cmd()
        .args(["bank", "remove", "mine"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已删除题库 mine"));
    c.cmd()
        .args(["bank", "remove", "mine"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有编号为 mine 的题库"));
    c.cmd()
        .args(["bank", "remove", "newsletter-2020-02"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("xuexi 自带的"));
}

#[test]
fn export_to_an_unwritable_place_leaves_nothing() {
    let c = Cli::new();
    let target = c.dir.path().join("no-such-dir").join("x.toml");
    c.cmd()
        .args(["bank", "export", "newsletter-2020-02", "-o"])
        .arg(&target)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("x.toml"));
    assert!(!target.exists());
}

#[test]
fn a_chinese_file_name_gets_an_id_made_from_it_and_several_files_their_own() {
    let c = Cli::new();
    let p = c.write("题库.csv", CSV.as_bytes());
    // the id made from the name, said and shown
    let out = c
        .cmd()
        .args(["bank", "check"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("题库编号取为 bank-"))
        .get_output()
        .stdout
        .clone();
    let out = String::from_utf8(out).unwrap();
    let id = out
        .split("题库编号取为 ")
        .nth(1)
        .and_then(|r| r.split_whitespace().next())
        .unwrap()
        .trim_end_matches(|c: char| !c.is_ascii_alphanumeric());
    assert!(
        out.matches(id).count() >= 2,
        "the id in the check's line too: {out}"
    );
    // several files, each with its own --id, in order; a count that does not match is refused
    let q = c.write("题库二.csv", CSV.as_bytes());
    c.cmd()
        .args(["bank", "check", "--id", "yi", "--id", "er"])
        .arg(&p)
        .arg(&q)
        .assert()
        .success()
        .stdout(predicate::str::contains("yi").and(predicate::str::contains("er")));
    c.cmd()
        .args(["bank", "check", "--id", "yi", "--id", "er", "--id", "san"])
        .arg(&p)
        .arg(&q)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("3 个 --id"));
    c.cmd()
        .args(["bank", "import", "--id", "tiku", "--title", "题库"])
        .arg(&p)
        .assert()
        .success();
}

#[test]
fn unknown_format_and_bundled_id() {
    let c = Cli::new();
    let p = c.write("bank.yaml", b"{}");
    c.cmd()
        .args(["bank", "check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("不认识的题库格式"));
    let q = c.write("newsletter-2020-02.csv", CSV.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&q)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("xuexi 自带题库"));
}

#[test]
fn a_reimport_says_what_changed_and_an_inserted_row_moves_no_answers() {
    let c = Cli::new();
    let p = c.write("tiku.csv", CSV.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("新增 4，修改 0，删除 0，未变 0"));
    // a row inserted at the top, one stem edited: only those two differ
    let mut lines: Vec<String> = CSV.lines().map(str::to_string).collect();
    lines.insert(1, "单选,新加的一题（　）,甲,乙,,,A,,,,,".into());
    let edited = lines
        .join("\n")
        .replace("疫情防控只是医药卫生问题。", "疫情防控只是卫生问题。");
    let p = c.write("tiku.csv", edited.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&p)
        .assert()
        .success()
        // the edited 判断 has no id column to keep: it is a new question, the old one removed
        .stdout(predicate::str::contains("新增 2，修改 0，删除 1，未变 3"))
        .stdout(predicate::str::contains("删除的题目"));
    // with an 编号 column the id stays, and an edited question is reported as changed
    let with_ids =
        "编号,题型,题干,选项A,选项B,答案\nk1,单选,题一（　）,甲,乙,A\nk2,判断,说法一。,,,对\n";
    let p = c.write("ids.csv", with_ids.as_bytes());
    c.cmd().args(["bank", "import"]).arg(&p).assert().success();
    let p = c.write(
        "ids.csv",
        with_ids.replace("说法一。", "说法二。").as_bytes(),
    );
    c.cmd()
        .args(["bank", "import"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("新增 0，修改 1，删除 0，未变 1"))
        .stdout(predicate::str::contains(
            "修改的题目（编号不变；成员此前的作答仍记在这些编号下）：k2（第 2 题：说法二。）",
        ));
}

#[test]
fn a_bank_pasted_from_word_imports_and_the_bundled_one_round_trips_as_text() {
    let c = Cli::new();
    let p = c.write(
        "冬训.txt",
        "一、单选题\n1. 疫情防控要坚持（　）。\nA. 全国一盘棋\nB. 属地管理\n答案：A\n二、判断题\n2. 疫情防控只是医药卫生问题。\n答案：错\n"
            .as_bytes(),
    );
    c.cmd()
        .args(["bank", "import", "--id", "dongxun"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入题库 dongxun：2 题"));
    // the bundled bank as text, and back: the same questions
    let out = c
        .cmd()
        .args(["bank", "export", "newsletter-2020-02", "--format", "txt"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.starts_with("一、单选题"), "{}", &text[..100]);
    let p = c.write("copy.txt", text.as_bytes());
    c.cmd()
        .args(["bank", "import", "--id", "copy"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入题库 copy：72 题"));
    let a = c.json(&["bank", "list", "--json"]);
    assert!(a.as_array().unwrap().iter().any(|b| b["id"] == "copy"));
}

#[test]
fn half_points_survive_every_format() {
    let c = Cli::new();
    let p = c.write(
        "half.csv",
        "题型,题干,选项A,选项B,答案,分值\n单选,疫情防控要坚持（　）。,全国一盘棋,属地管理,A,0.5\n判断,疫情防控只是医药卫生问题。,,,错,1.5分\n"
            .as_bytes(),
    );
    c.cmd()
        .args(["bank", "import", "--id", "half"])
        .arg(&p)
        .assert()
        .success();
    let export = |format: &str| {
        let out = c
            .cmd()
            .args(["bank", "export", "half", "--format", format])
            .output()
            .unwrap();
        String::from_utf8(out.stdout).unwrap()
    };
    let toml = export("toml");
    assert!(toml.contains("points = 0.5"), "{toml}");
    assert!(toml.contains("points = 1.5"), "{toml}");
    assert!(export("txt").contains("分值：0.5"));
    assert!(export("csv").contains(",0.5"));
    // and back from TOML: the same points
    let back = c.write(
        "half.toml",
        toml.replace("id = \"half\"", "id = \"half2\"").as_bytes(),
    );
    c.cmd()
        .args(["bank", "import"])
        .arg(&back)
        .assert()
        .success();
    let out = c.cmd().args(["bank", "export", "half2"]).output().unwrap();
    assert_eq!(
        String::from_utf8(out.stdout).unwrap(),
        toml.replace("id = \"half\"", "id = \"half2\"")
    );
}

#[test]
fn gift_from_moodle_imports_and_the_bundled_bank_round_trips_as_gift() {
    let c = Cli::new();
    // Moodle saves GIFT as .txt
    let p = c.write(
        "moodle.txt",
        "$CATEGORY: $course$/top/冬训\n\n::Q1:: 疫情防控要坚持（　）。{=全国一盘棋 ~属地管理}\n\n疫情防控只是医药卫生问题。{F}\n"
            .as_bytes(),
    );
    c.cmd()
        .args(["bank", "import", "--id", "moodle"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入题库 moodle：2 题"));
    let export = |id: &str, format: &str| {
        let out = c
            .cmd()
            .args(["bank", "export", id, "--format", format])
            .output()
            .unwrap();
        assert!(out.status.success());
        String::from_utf8(out.stdout).unwrap()
    };
    let gift = export("newsletter-2020-02", "gift");
    let p = c.write("copy.gift", gift.as_bytes());
    c.cmd()
        .args(["bank", "import", "--id", "copy", "--title", "自带题库"])
        .arg(&p)
        .assert()
        .success();
    // the same questions, every field: their TOML is the same but for the bank's head
    let questions = |toml: String| {
        toml[toml.find("[[questions]]").unwrap()..]
            .split("[[papers]]")
            .next()
            .unwrap()
            .trim_end()
            .to_string()
    };
    assert_eq!(
        questions(export("copy", "toml")),
        questions(export("newsletter-2020-02", "toml"))
    );
    // a GIFT problem names its line, in Chinese
    let bad = c.write("bad.gift", "::a:: 对吗？{T}\n\n没有答案的题\n".as_bytes());
    c.cmd()
        .args(["bank", "check"])
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bad.gift:3:1").and(predicate::str::contains("没有答案")));
}

#[test]
fn a_reimport_that_drops_a_paper_a_plan_uses_is_refused_unless_forced() {
    let c = Cli::new();
    let with_paper = "[bank]\nid = \"mine\"\ntitle = \"我的\"\n\n[[questions]]\nid = \"q1\"\ntype = \"judge\"\nstem = \"对吗？\"\nanswer = true\n\n[[papers]]\nid = \"kao\"\ntitle = \"小测\"\nminutes = 5\npass = 60\ndraw = { judge = 1 }\n";
    let bank = c.write("mine.toml", with_paper.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&bank)
        .assert()
        .success();
    let plan = c.write(
        "plan.toml",
        "[plan]\nid = \"p\"\ntitle = \"计划\"\n\n[[items]]\nkind = \"quiz\"\nbank = \"mine\"\npaper = \"kao\"\n".as_bytes(),
    );
    c.cmd()
        .args(["plan", "import"])
        .arg(&plan)
        .assert()
        .success();
    let without = with_paper[..with_paper.find("[[papers]]").unwrap()].to_string();
    let bank = c.write("mine.toml", without.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&bank)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("试卷“kao”被计划 p 使用")
                .and(predicate::str::contains("--force")),
        );
    let papers = |c: &Cli| {
        banks(c)
            .as_array()
            .unwrap()
            .iter()
            .find(|b| b["id"] == "mine")
            .unwrap()["papers"]
            .clone()
    };
    assert_eq!(papers(&c), 1, "nothing imported");
    c.cmd()
        .args(["bank", "import", "--force"])
        .arg(&bank)
        .assert()
        .success()
        .stderr(predicate::str::contains("注意"));
    assert_eq!(papers(&c), 0);
}

#[test]
fn row_number_ids_of_an_older_import_are_kept_by_the_next_one() {
    let c = Cli::new();
    // what an older xuexi stored for a spreadsheet without 编号: ids by row
    let old = c.write(
        "old.toml",
        "[bank]\nid = \"dx\"\ntitle = \"冬训\"\n\n[[questions]]\nid = \"r0002\"\ntype = \"judge\"\nstem = \"疫情防控只是医药卫生问题。\"\nanswer = false\n\n[[questions]]\nid = \"r0003\"\ntype = \"fill\"\nstem = \"坚决打赢疫情防控（　）。\"\nanswer = [\"阻击战\"]\n"
            .as_bytes(),
    );
    c.cmd()
        .args(["bank", "import"])
        .arg(&old)
        .assert()
        .success();
    // the same sheet today, with a row inserted above
    let sheet = c.write(
        "冬训.csv",
        "题型,题干,答案\n判断,新插入的一题。,对\n判断,疫情防控只是医药卫生问题。,错\n填空,坚决打赢疫情防控（　）。,阻击战\n".as_bytes(),
    );
    c.cmd()
        .args(["bank", "import", "--id", "dx", "--title", "冬训"])
        .arg(&sheet)
        .assert()
        .success()
        .stdout(predicate::str::contains("新增 1，修改 0，删除 0，未变 2"));
    let out = c.cmd().args(["bank", "export", "dx"]).output().unwrap();
    let toml = String::from_utf8(out.stdout).unwrap();
    assert!(
        toml.contains("id = \"r0002\"") && toml.contains("id = \"r0003\""),
        "{toml}"
    );
}

#[test]
fn the_bundled_bank_round_trips_exactly_as_text() {
    use xuexi::import::bank_text::{export_bank_text, parse_bank_text};
    let file = xuexi::bundle::bank_files().remove(0);
    let toml = String::from_utf8(file.bytes.to_vec()).unwrap();
    let bank =
        xuexi::import::bank_toml::parse_bank_toml(std::path::Path::new("b.toml"), &toml, &|_| true)
            .unwrap();
    let text = export_bank_text(&bank);
    let again = parse_bank_text(std::path::Path::new("b.txt"), &text, "b", "b", &|_| true).unwrap();
    let mut want = bank.questions.clone();
    // the text lists questions by type
    want.sort_by_key(|q| q.kind);
    assert_eq!(again.questions, want);
}

#[test]
fn bank_check_reads_folders_and_never_writes_the_database() {
    let c = Cli::new();
    c.write("banks/a.csv", CSV.as_bytes());
    c.write("banks/b.csv", CSV.as_bytes());
    c.write("banks/readme.md", b"# not a bank");
    c.cmd()
        .args(["bank", "check"])
        .arg(c.dir.path().join("banks"))
        .assert()
        .success()
        .stdout(predicate::str::contains("a.csv"))
        .stdout(predicate::str::contains("b.csv"));
    assert!(
        !c.data().join("xuexi.db").exists(),
        "checking files made no database"
    );
    // a material the bank cites is known from the bundle all the same
    let cites = CSV.replace(",zhongyang-changweihui-0203", ",no-such-material");
    let p = c.write("cites.csv", cites.as_bytes());
    c.cmd()
        .args(["bank", "check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("no-such-material"));
    assert!(!c.data().join("xuexi.db").exists());
}

#[test]
fn papers_come_from_a_sheet_or_a_file_beside_and_survive_a_reimport() {
    use rust_xlsxwriter::Workbook;
    let c = Cli::new();
    // a workbook with its 试卷 sheet
    let path = c.dir.path().join("冬训.xlsx");
    let mut wb = Workbook::new();
    let q = wb.add_worksheet();
    for (r, row) in CSV.lines().enumerate() {
        for (col, cell) in row.split(',').enumerate() {
            q.write_string(r as u32, col as u16, cell.trim_matches('"'))
                .unwrap();
        }
    }
    let p = wb.add_worksheet();
    p.set_name("试卷").unwrap();
    for (col, h) in ["名称", "时长", "及格线", "单选数", "判断数"]
        .iter()
        .enumerate()
    {
        p.write_string(0, col as u16, *h).unwrap();
    }
    p.write_string(1, 0, "冬训小测").unwrap();
    p.write_number(1, 1, 15.0).unwrap();
    p.write_string(1, 2, "80%").unwrap();
    p.write_number(1, 3, 1.0).unwrap();
    p.write_number(1, 4, 1.0).unwrap();
    wb.save(&path).unwrap();
    c.cmd()
        .args(["bank", "import", "--id", "dongxun"])
        .arg(&path)
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "已导入题库 dongxun：4 题，1 份试卷",
        ));
    let store = xuexi::store::Store::open_read_only(&c.data().join("xuexi.db")).unwrap();
    let bank = store.bank("dongxun").unwrap();
    let paper = &bank.papers[0];
    assert_eq!(
        (paper.title.as_str(), paper.minutes, paper.pass),
        ("冬训小测", 15, 80)
    );
    assert_eq!(paper.draw, vec![(Kind::Single, 1), (Kind::Judge, 1)]);
    drop(store);
    // the CSV of the same bank, without papers: the paper is kept
    let csv = c.write("dongxun.csv", CSV.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&csv)
        .assert()
        .success()
        .stdout(predicate::str::contains("1 份试卷"));
    // questions that cannot fill it: refused, with the reason
    let no_judge: String = CSV
        .lines()
        .filter(|l| !l.starts_with("判断"))
        .collect::<Vec<_>>()
        .join("\n");
    let csv = c.write("dongxun.csv", no_judge.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&csv)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("冬训小测"))
        .stderr(predicate::str::contains("判断 1 > 0"));
    // a CSV with its papers beside it
    c.write(
        "other-试卷.csv",
        "名称,时长,及格线,单选数,多选数\n周测,10,60,1,1\n".as_bytes(),
    );
    let other = c.write("other.csv", CSV.as_bytes());
    c.cmd()
        .args(["bank", "import"])
        .arg(&other)
        .assert()
        .success()
        .stdout(predicate::str::contains("已导入题库 other：4 题，1 份试卷"));
}

#[test]
fn skip_unsupported_leaves_out_and_lists_what_cannot_be_graded() {
    let c = Cli::new();
    let p = c.write(
        "mixed.csv",
        "题型,题干,选项A,选项B,答案\n单选,题（　）,甲,乙,A\n简答题,谈谈你的体会,,,略\n论述,论述题,,,略\n"
            .as_bytes(),
    );
    c.cmd()
        .args(["bank", "import"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("不支持“简答题”"));
    c.cmd()
        .args(["bank", "import", "--skip-unsupported"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("已跳过 2 道不支持的题"))
        .stdout(predicate::str::contains(
            "第 3 行“题型”列：已跳过：不支持“简答题”",
        ))
        .stdout(predicate::str::contains("已导入题库 mixed：1 题"));
}

#[test]
fn every_key_problem_of_a_toml_bank_in_one_run() {
    let c = Cli::new();
    let p = c.write(
        "keys.toml",
        "[bank]\nid = \"keys\"\ntitle = \"键\"\nauthor = \"某\"\n\n[[questions]]\nid = \"q1\"\ntype = \"judge\"\nanswer = true\ncolour = \"红\"\n"
            .as_bytes(),
    );
    c.cmd()
        .args(["bank", "check"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:4:1：不认识的键“author”",
            p.display()
        )))
        .stderr(predicate::str::contains(format!(
            "{}:10:1：不认识的键“colour”",
            p.display()
        )))
        .stderr(predicate::str::contains("缺少键“stem”"))
        .stderr(predicate::str::contains("发现 3 个问题"));
}
