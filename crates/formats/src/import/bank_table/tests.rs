use super::*;
use crate::domain::quiz::{Answer, Kind};

const CSV: &str = "题型,题干,选项A,选项B,选项C,选项D,答案,解析,分值,难度,标签,出处
单选,做好疫情防控工作直接关系（　）,人民生命安全和身体健康,经济增长,对外贸易,,A,原文。,2,1,疫情,m1
多选,要坚决反对（　）,形式主义,官僚主义,享乐主义,,\"A,B\",,,,,
判断,疫情防控只是医药卫生问题。,,,,,×,,,,,
填空,增强“（　）”，坚定“（　）”,,,,,四个意识；四个自信|4个自信,,,,,
";

fn rows(s: &str) -> Vec<Vec<String>> {
    csv_rows(Path::new("b.csv"), s.as_bytes()).unwrap()
}

#[test]
fn reads_the_chinese_template() {
    let bank = bank_from_rows(Path::new("b.csv"), &rows(CSV), "b", "题库", &|_| true).unwrap();
    let kinds: Vec<Kind> = bank.questions.iter().map(|q| q.kind).collect();
    assert_eq!(
        kinds,
        [Kind::Single, Kind::Multiple, Kind::Judge, Kind::Fill]
    );
    assert_eq!(
        bank.questions[0].options.len(),
        3,
        "trailing empty options dropped"
    );
    assert_eq!(bank.questions[0].points, 2.0);
    let id = &bank.questions[0].id;
    assert!(
        id.starts_with('c') && id.len() == 11,
        "an id from the question: {id}"
    );
    assert_eq!(bank.questions[2].answer, Answer::Judge(false));
    assert_eq!(
        bank.questions[3].answer,
        Answer::Fill(vec![
            vec!["四个意识".into()],
            vec!["四个自信".into(), "4个自信".into()]
        ])
    );
}

#[test]
fn a_keep_order_column_keeps_a_questions_options_in_order() {
    let csv = "题型,题干,选项A,选项B,选项C,答案,不乱序
单选,第一步是（　）,学,思,践,A,是
单选,要坚持（　）,甲,乙,丙,B,
";
    let bank = bank_from_rows(Path::new("b.csv"), &rows(csv), "b", "题库", &|_| true).unwrap();
    assert!(!bank.questions[0].shuffle, "marked 是: kept in order");
    assert!(bank.questions[1].shuffle, "empty: shuffled");
    let again = bank_from_rows(
        Path::new("b.csv"),
        &rows(&export_bank_csv(&bank)),
        "b",
        "题库",
        &|_| true,
    )
    .unwrap();
    assert_eq!(again, bank, "the mark survives an export");
}

#[test]
fn headers_as_trainers_write_them_and_a_title_row_above() {
    let csv = "2020年冬训测试题（请勿改动表头）,,,,,,
试题类型（必填）,题目内容,A选项,B选项,C选项,参考答案,答案解析,难易度
单项选择题,1、要坚持（　）,A．全国一盘棋,B．属地管理,C．分级负责,A,原文。,较难
,2. 要做到（　）,(A)早发现,（B）早报告,C、早隔离,B,,易
不定项选择题,要反对（　）,形式主义,官僚主义,享乐主义,AB,,中等
判断题,疫情防控只是医药卫生问题。,正确,错误,,B,,
";
    let bank = bank_from_rows(Path::new("b.csv"), &rows(csv), "b", "题库", &|_| true).unwrap();
    let q = &bank.questions;
    assert_eq!(q.len(), 4);
    assert_eq!(q[0].stem, "要坚持（　）", "the stem number goes");
    assert_eq!(
        q[0].options,
        ["全国一盘棋", "属地管理", "分级负责"],
        "the letters go"
    );
    assert_eq!(q[1].kind, Kind::Single, "a merged 题型 cell carries down");
    assert_eq!(q[1].options, ["早发现", "早报告", "早隔离"]);
    assert_eq!(
        (q[0].difficulty, q[1].difficulty, q[2].difficulty),
        (Some(4), Some(1), Some(3))
    );
    assert_eq!(q[2].kind, Kind::Multiple, "不定项选择题");
    assert_eq!(
        q[3].answer,
        Answer::Judge(false),
        "a 判断 answered by letter"
    );
    assert!(q[3].options.is_empty());
}

#[test]
fn ids_come_from_the_question_so_an_inserted_row_moves_nothing() {
    let before = bank_from_rows(Path::new("b.csv"), &rows(CSV), "b", "题库", &|_| true).unwrap();
    let mut lines: Vec<&str> = CSV.lines().collect();
    lines.insert(1, "单选,新加的一题（　）,甲,乙,,,A,,,,,");
    let inserted = lines.join("\n");
    let after = bank_from_rows(Path::new("b.csv"), &rows(&inserted), "b", "题库", &|_| {
        true
    })
    .unwrap();
    for q in &before.questions {
        let same = after
            .questions
            .iter()
            .find(|a| a.id == q.id)
            .expect("kept its id");
        assert_eq!(same.stem, q.stem);
    }
    assert_eq!(after.questions.len(), before.questions.len() + 1);
}

#[test]
fn a_missing_column_lists_what_was_found_and_a_doubled_one_is_refused() {
    let e = bank_from_rows(
        Path::new("b.csv"),
        &rows("类型,内容,答案\n单选,题,A\n"),
        "b",
        "题库",
        &|_| true,
    )
    .unwrap_err();
    let msg = e
        .iter()
        .map(|e| e.to_string())
        .collect::<Vec<_>>()
        .join("\n");
    assert!(
        msg.contains("题目内容") && msg.contains("found: 类型, 内容, 答案"),
        "{msg}"
    );
    let e = bank_from_rows(
        Path::new("b.csv"),
        &rows("题型,题干,选项A,选项B,选项A,答案\n单选,题,甲,乙,丙,A\n"),
        "b",
        "题库",
        &|_| true,
    )
    .unwrap_err();
    assert!(
        e[0].to_string().contains("the same column as `选项A`"),
        "{}",
        e[0]
    );
}

#[test]
fn unsupported_types_say_so() {
    let e = bank_from_rows(
        Path::new("b.csv"),
        &rows("题型,题干,答案\n简答题,谈谈体会,略\n"),
        "b",
        "题库",
        &|_| true,
    )
    .unwrap_err();
    assert!(e[0].to_string().contains("not supported"), "{}", e[0]);
}

#[test]
fn csv_round_trip() {
    let bank = bank_from_rows(Path::new("b.csv"), &rows(CSV), "b", "题库", &|_| true).unwrap();
    let out = export_bank_csv(&bank);
    assert!(out.starts_with('\u{feff}'));
    let again = bank_from_rows(Path::new("b.csv"), &rows(&out), "b", "题库", &|_| true).unwrap();
    assert_eq!(again, bank);
}

#[test]
fn gbk_and_bom() {
    let (gbk, _, _) = encoding_rs::GBK.encode(CSV);
    let a = csv_rows(Path::new("g.csv"), &gbk).unwrap();
    let mut bom = b"\xef\xbb\xbf".to_vec();
    bom.extend_from_slice(CSV.as_bytes());
    let b = csv_rows(Path::new("u.csv"), &bom).unwrap();
    assert_eq!(a, rows(CSV));
    assert_eq!(b, rows(CSV));
    assert_eq!(a[0][1], "题干");
}

#[test]
fn errors_name_row_and_column() {
    let bad = "type,stem,a,b,c,answer,material\nsingle,题,甲,,丙,A,nope\njudge,题,,,,maybe,\nfill,题（　）,,,,,\n";
    let e: Vec<String> = bank_from_rows(Path::new("b.csv"), &rows(bad), "b", "t", &|_| false)
        .unwrap_err()
        .iter()
        .map(|e| e.to_string())
        .collect();
    let joined = e.join("\n");
    assert!(
        joined.contains("b.csv:row 2, column b: option B is empty"),
        "{joined}"
    );
    assert!(
        joined.contains("b.csv:row 2, column material: no material with id `nope`"),
        "{joined}"
    );
    assert!(
        joined.contains("b.csv:row 3, column answer: a judge answer"),
        "{joined}"
    );
    assert!(
        joined.contains("b.csv:row 4, column answer: every blank needs an answer"),
        "{joined}"
    );
}

#[test]
fn missing_columns() {
    let e = bank_from_rows(
        Path::new("b.csv"),
        &rows("题型,题干\n单选,题\n"),
        "b",
        "t",
        &|_| true,
    )
    .unwrap_err();
    assert!(
        e[0].to_string()
            .starts_with("b.csv:row 1, column 答案: the header row has no 答案 column"),
        "{}",
        e[0]
    );
}

mod quotes {
    use super::super::unclosed_quote;

    #[test]
    fn only_a_cell_opened_by_a_quote_and_never_closed_is_reported() {
        assert_eq!(unclosed_quote("a,\"b,c\nd"), Some((1, 3)));
        assert_eq!(
            unclosed_quote("a,\"b,\"\"c\"\"\"\nd"),
            None,
            "doubled quotes inside"
        );
        assert_eq!(
            unclosed_quote("a,他说\"好\nd"),
            None,
            "a quote inside a cell is a character"
        );
        assert_eq!(
            unclosed_quote("\"多\n行\",x"),
            None,
            "a cell over two lines"
        );
    }
}

#[test]
fn formula_cells_are_neutralised_on_export_and_read_back_exactly() {
    let mut bank = bank_from_rows(Path::new("b.csv"), &rows(CSV), "b", "题库", &|_| true).unwrap();
    let q = &mut bank.questions[0];
    q.stem = "=HYPERLINK(\"http://x.example\",\"点击\")（　）".into();
    q.options[0] = "+cmd|' /C calc'!A0".into();
    q.options[1] = "-1".into();
    q.options[2] = "'=已经带撇号".into();
    q.explanation = "@SUM(A1)".into();
    let out = export_bank_csv(&bank);
    let raw = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(out.trim_start_matches('\u{feff}').as_bytes())
        .into_records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect::<Vec<_>>();
    for cell in raw.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@']),
            "a cell a spreadsheet would run: {cell}"
        );
    }
    assert!(
        raw.iter()
            .flatten()
            .any(|c| c == "'=HYPERLINK(\"http://x.example\",\"点击\")（　）")
    );
    assert!(raw.iter().flatten().any(|c| c == "''=已经带撇号"));
    let again = bank_from_rows(Path::new("b.csv"), &rows(&out), "b", "题库", &|_| true).unwrap();
    assert_eq!(
        again, bank,
        "the stem that starts with = comes back exactly"
    );
}

/// A 学习强国 挑战答题 bank as collections share it: 序号/答案/题干/选项A–D/说明, no 题型;
/// blanks as runs of spaces, a stem numbered `3 `, a column xuexi has no field for.
const XXQG: &str = "序号,答案,题干,选项A,选项B,选项C,选项D,说明,备注
1,A,\"        是中国共产党的根本宗旨。\",全心全意为人民服务,发展经济,,,出题单位：宣传部,x
2,A.C,要坚决反对（　）。,形式主义,好人主义,官僚主义,,,
3,（B）,3 我国的根本政治制度是        。,政治协商制度,人民代表大会制度,,,,
4,√,疫情防控要坚持全国一盘棋。,,,,,,
5,正确答案：错,疫情防控只是医药卫生问题。,,,,,,
6,选A,党的二十大在（　）召开。,2022年,2017年,,,,
7,1921,中国共产党成立于____年。,,,,,,
";

#[test]
fn a_bank_without_a_type_column_has_its_types_told_and_says_so() {
    let (b, notes) =
        bank_from_rows_skipping(Path::new("b.csv"), &rows(XXQG), "b", "b", &|_| true, false)
            .unwrap_or_else(|e| panic!("{e:?}"));
    let qs = &b.questions;
    let kinds: Vec<Kind> = qs.iter().map(|q| q.kind).collect();
    use Kind::*;
    assert_eq!(
        kinds,
        [Single, Multiple, Single, Judge, Judge, Single, Fill]
    );
    assert_eq!(
        qs[0].stem, "（　）是中国共产党的根本宗旨。",
        "a leading blank kept"
    );
    assert_eq!(qs[0].explanation, "出题单位：宣传部", "说明 read");
    assert_eq!(qs[1].answer, Answer::Choice([0, 2].into_iter().collect()));
    assert_eq!(
        qs[2].stem, "我国的根本政治制度是（　）。",
        "its number and blank"
    );
    assert_eq!(qs[2].answer, Answer::Choice([1].into_iter().collect()));
    assert_eq!(qs[4].answer, Answer::Judge(false));
    assert_eq!(qs[6].stem, "中国共产党成立于（　）年。");
    let s = crate::i18n::Strings::load(crate::i18n::Lang::ZhCn);
    let said: Vec<String> = notes.iter().map(|n| n.render(&s)).collect();
    assert!(notes.iter().all(ImportError::is_note));
    assert!(
        said.iter()
            .any(|n| n.contains("没有题型列") && n.contains("单选 3")),
        "{said:?}"
    );
    assert!(said.iter().any(|n| n.contains("备注")), "{said:?}");
}

#[test]
fn both_tag_columns_are_tags() {
    let text = "题型,题干,选项A,选项B,答案,标签,知识点\n单选,题（　）,甲,乙,A,疫情,防控、基层\n";
    let b = bank_from_rows(Path::new("b.csv"), &rows(text), "b", "b", &|_| true)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(b.questions[0].tags, ["疫情", "防控", "基层"]);
}

#[test]
fn an_answer_written_as_the_options_text() {
    let text = "答案,题干,选项A,选项B,选项C\n好人主义,要反对（　）,形式主义,好人主义,官僚主义\n形式主义、官僚主义,要反对（　）的作风,形式主义,好人主义,官僚主义\n";
    let b = bank_from_rows(Path::new("b.csv"), &rows(text), "b", "b", &|_| true)
        .unwrap_or_else(|e| panic!("{e:?}"));
    assert_eq!(b.questions[0].kind, Kind::Single);
    assert_eq!(
        b.questions[0].answer,
        Answer::Choice([1].into_iter().collect())
    );
    assert_eq!(b.questions[1].kind, Kind::Multiple);
    assert_eq!(
        b.questions[1].answer,
        Answer::Choice([0, 2].into_iter().collect())
    );
}

#[test]
fn a_blank_row_is_no_question_so_the_numbers_count_on_past_it() {
    // `2 ` opens the second question's stem: its number among the questions, not among the
    // rows (row 4 after a blank row 3), so it goes
    let csv =
        "题型,题干,选项A,选项B,答案\n单选,1 甲（　）,对,错,A\n,,,,\n单选,2 乙（　）,对,错,B\n";
    let bank = bank_from_rows(Path::new("b.csv"), &rows(csv), "b", "b", &|_| true).unwrap();
    let stems: Vec<&str> = bank.questions.iter().map(|q| q.stem.as_str()).collect();
    assert_eq!(stems, ["甲（　）", "乙（　）"]);
}
