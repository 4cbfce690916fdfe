//! GIFT as Moodle writes it, and its problems.

use super::*;

fn parse(text: &str) -> Result<Bank, Vec<ImportError>> {
    parse_bank_gift(Path::new("g.gift"), text, "g", "g", &|_| true)
}

const MOODLE: &str = r#"// 冬训测试（Moodle 导出）
$CATEGORY: $course$/top/疫情防控

::Q1:: 疫情防控要坚持（　）。{
  =全国一盘棋 # 对
  ~属地管理
  ~分级负责
  #### 原文：「疫情防控要坚持全国一盘棋。」
}

::Q2::要坚决反对哪些作风？{~%50%形式主义 ~%50%官僚主义 ~%-100%好人主义}

疫情防控只是医药卫生问题。{F}

中国共产党成立于{=1921 =1921年}年。

[html]<p>比例 50\% 的写法\: 用 \{ \} 转义</p>{T}
"#;

#[test]
fn reads_what_moodle_writes() {
    let b = parse(MOODLE).unwrap_or_else(|e| panic!("{e:?}"));
    let qs = &b.questions;
    assert_eq!(qs.len(), 5);
    assert_eq!(qs[0].id, "q1", "Moodle's title, as an id");
    assert_eq!(qs[0].kind, Kind::Single);
    assert_eq!(qs[0].options, ["全国一盘棋", "属地管理", "分级负责"]);
    assert_eq!(qs[0].explanation, "原文：「疫情防控要坚持全国一盘棋。」");
    assert_eq!(qs[0].tags, ["疫情防控"], "the category's last part");
    assert_eq!(qs[1].kind, Kind::Multiple);
    assert_eq!(qs[1].answer, Answer::Choice([0, 1].into_iter().collect()));
    assert_eq!(qs[2].answer, Answer::Judge(false));
    assert_eq!(qs[3].kind, Kind::Fill);
    assert_eq!(qs[3].stem, "中国共产党成立于（　）年。");
    assert_eq!(
        qs[3].answer,
        Answer::Fill(vec![vec!["1921".into(), "1921年".into()]])
    );
    assert_eq!(qs[4].stem, "比例 50% 的写法: 用 { } 转义");
}

#[test]
fn every_problem_with_its_line_and_unsupported_types_named() {
    let text = "写一篇心得。{}\n\n::ok:: 对吗？{T}\n\n没有答案的题\n\n匹配 {=甲 -> 乙 =丙 -> 丁}\n\n单选 {~甲 ~乙}\n";
    let errs = parse(text).unwrap_err();
    let s = crate::i18n::Strings::load(crate::i18n::Lang::ZhCn);
    let shown: Vec<String> = errs.iter().map(|e| e.render(&s)).collect();
    assert!(
        shown
            .iter()
            .any(|e| e.contains(":1:") && e.contains("简答")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|e| e.contains(":5:")), "{shown:?}");
    assert!(
        shown
            .iter()
            .any(|e| e.contains(":7:") && e.contains("匹配")),
        "{shown:?}"
    );
    assert!(
        shown.iter().any(|e| e.contains(":9:")),
        "no right answer: {shown:?}"
    );
    assert_eq!(errs.len(), 4, "{shown:?}");
    // --skip-unsupported: the essay and the matching left out and listed
    let (b, skipped) = parse_bank_gift_skipping(
        Path::new("g.gift"),
        "写一篇心得。{}\n\n::ok:: 对吗？{T}\n",
        "g",
        "g",
        &|_| true,
        true,
    )
    .unwrap();
    assert_eq!(b.questions.len(), 1);
    assert_eq!(skipped.len(), 1);
}

#[test]
fn looks_like_gift_and_not_like_the_word_format() {
    assert!(looks_like_gift(MOODLE));
    assert!(!looks_like_gift("1. 题干（　）\nA. 甲\n答案：A\n"));
    assert!(!looks_like_gift("题型\t题干\t答案\n"));
}
