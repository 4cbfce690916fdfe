//! GIFT as Moodle writes it, and its problems.

use super::*;
use crate::domain::quiz::Answer;

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
    assert_eq!(
        qs[0].explanation, "原文：「疫情防控要坚持全国一盘棋。」\n「全国一盘棋」对",
        "general feedback, then each answer's"
    );
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

// ---- Moodle's own cases (question/format/gift/tests/giftformat_test.php), as Moodle expects
// them read, each through a .gift and a .txt file ----

/// The bank read from `text` as a `.gift` and as a `.txt` (Moodle saves GIFT as .txt): both
/// must give the same result.
fn moodle(text: &str) -> Result<Bank, Vec<ImportError>> {
    let opts = crate::import::bank::TableOptions {
        id: Some("m".into()),
        ..Default::default()
    };
    let load = |name: &str| {
        crate::import::bank::load_bank(Path::new(name), text.as_bytes(), &opts, &|_| true)
    };
    let gift = load("m.gift");
    assert_eq!(
        format!("{gift:?}"),
        format!("{:?}", load("m.txt")).replace("m.txt", "m.gift"),
        "as .txt"
    );
    gift
}

fn shown(errs: &[ImportError]) -> Vec<String> {
    let s = crate::i18n::Strings::load(crate::i18n::Lang::ZhCn);
    errs.iter().map(|e| e.render(&s)).collect()
}

#[test]
fn moodle_essay_is_refused_as_such() {
    let errs = moodle("\n// essay\n::Q8:: How are you? {}").unwrap_err();
    let e = shown(&errs);
    assert!(e[0].contains("m.gift:3:") && e[0].contains("简答"), "{e:?}");
}

#[test]
fn moodle_match_is_refused_as_such() {
    let text = "\n// question: 2  name: Moodle activities\n::Moodle activities::[html]Match the <b>activity</b> to the description.{\n    =[html]An activity supporting asynchronous discussions. -> Forum\n    =[moodle]A teacher asks a question and specifies a choice of multiple responses. -> Choice\n    =[plain]A bank of record entries which participants can add to. -> Database\n    =[markdown]A collection of web pages that anyone can add to or edit. -> Wiki\n    = -> Chat\n}";
    let e = shown(&moodle(text).unwrap_err());
    assert!(e[0].contains(":3:") && e[0].contains("匹配"), "{e:?}");
}

#[test]
fn moodle_multichoice_with_feedback_and_markers() {
    let text = "\n// multiple choice with specified feedback for right and wrong answers\n::Q2:: What's between orange and green in the spectrum?\n{\n    =yellow # right; good!\n    ~red # [html]wrong, it's yellow\n    ~[plain]blue # wrong, it's yellow\n}";
    let b = moodle(text).unwrap();
    let q = &b.questions[0];
    assert_eq!(q.id, "q2");
    assert_eq!(q.kind, Kind::Single, "Moodle: single = 1");
    assert_eq!(q.stem, "What's between orange and green in the spectrum?");
    assert_eq!(q.options, ["yellow", "red", "blue"], "[plain] dropped");
    assert_eq!(q.answer, Answer::Choice([0].into_iter().collect()));
    assert_eq!(
        q.explanation,
        "「yellow」right; good!\n「red」wrong, it's yellow\n「blue」wrong, it's yellow",
        "each answer's feedback kept, its [html] dropped"
    );
}

#[test]
fn moodle_multiple_response_by_weights() {
    let text = "\n// multiple choice, multiple response with specified feedback for right and wrong answers\n::colours:: What's between orange and green in the spectrum?\n{\n    ~%50%yellow # right; good!\n    ~%-100%red # [html]wrong\n    ~%50%off-beige # right; good!\n    ~%-100%[plain]blue # wrong\n}";
    let q = &moodle(text).unwrap().questions[0];
    assert_eq!(q.id, "colours");
    assert_eq!(q.kind, Kind::Multiple);
    assert_eq!(q.options, ["yellow", "red", "off-beige", "blue"]);
    assert_eq!(q.answer, Answer::Choice([0, 2].into_iter().collect()));
    assert!(q.explanation.contains("「red」wrong"), "{}", q.explanation);
}

#[test]
fn moodle_multiple_response_tricky_is_multiple_with_one_right() {
    // 100/−50/−50: no `=`, so Moodle's single = 0 — a 多选 whose one right option is yellow
    let text = "\n// multiple choice, multiple response with specified feedback for right and wrong answers\n::colours:: What's between orange and green in the spectrum?\n{\n    ~%100%yellow # right; good!\n    ~%-50%red # wrong\n    ~%-50%blue # wrong\n}";
    let q = &moodle(text).unwrap().questions[0];
    assert_eq!(q.kind, Kind::Multiple);
    assert_eq!(q.answer, Answer::Choice([0].into_iter().collect()));
}

#[test]
fn moodle_numerical_is_refused_as_such() {
    let text =
        "\n// math range question\n::Q5:: What is a number from 1 to 5? {#3:2~#Completely wrong}";
    let e = shown(&moodle(text).unwrap_err());
    assert!(e[0].contains(":3:") && e[0].contains("数值"), "{e:?}");
}

#[test]
fn moodle_shortanswer_with_partial_credit_is_refused_never_a_choice() {
    for text in [
        "\n// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n    =%0%*#Completely wrong\n}",
        "\n// question: 666  name: Shortanswer\n::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n    =%50%Cat#What is it with Moodlers and cats?\n    =%0%*#Completely wrong\n    ####[html]Here is some general feedback!\n}",
    ] {
        let e = shown(&moodle(text).unwrap_err());
        assert_eq!(e.len(), 1, "{e:?}");
        assert!(
            e[0].contains("m.gift:3:") && e[0].contains("Cat") && e[0].contains("50%"),
            "{e:?}"
        );
    }
    // left out with --skip-unsupported, and said why
    let (b, skipped) = parse_bank_gift_skipping(
        Path::new("m.gift"),
        "::a::Which is the best animal?{=Frog =%50%Cat}\n\n::b:: 对吗？{T}\n",
        "m",
        "m",
        &|_| true,
        true,
    )
    .unwrap();
    assert_eq!(b.questions.len(), 1);
    assert!(shown(&skipped)[0].contains("Cat"));
}

#[test]
fn shortanswer_with_a_worthless_catch_all_keeps_its_feedback() {
    let text = "::Shortanswer::Which is the best animal?{\n    =Frog#Good!\n    =%100%Toad\n    =%0%*#Completely wrong\n    ####[html]<p>Here is some general feedback!</p>\n}";
    let q = &moodle(text).unwrap().questions[0];
    assert_eq!(q.kind, Kind::Fill);
    assert_eq!(q.stem, "Which is the best animal?（　）");
    assert_eq!(
        q.answer,
        Answer::Fill(vec![vec!["Frog".into(), "Toad".into()]])
    );
    assert_eq!(
        q.explanation,
        "Here is some general feedback!\n「Frog」Good!\n「*」Completely wrong"
    );
    // a right catch-all: any response would be right — refused, not a choice
    let e = shown(&moodle("::s::Best animal?{=Frog =*}").unwrap_err());
    assert!(e[0].contains('*'), "{e:?}");
}

#[test]
fn moodle_truefalse_with_both_feedbacks() {
    let text = "\n// true/false\n::Q1:: 42 is the Absolute Answer to everything.{\nFALSE#42 is the Ultimate Answer.#You gave the right answer.}";
    let q = &moodle(text).unwrap().questions[0];
    assert_eq!(q.id, "q1");
    assert_eq!(q.answer, Answer::Judge(false));
    assert_eq!(q.stem, "42 is the Absolute Answer to everything.");
    // Moodle: feedbacktrue = the first, feedbackfalse = the second
    assert_eq!(
        q.explanation,
        "「正确」42 is the Ultimate Answer.\n「错误」You gave the right answer."
    );
    for t in [
        "// name 0-11\n::2-08 TSL::TSL is blablabla.{T}",
        "// name 0-11\n::2-08 TSL::TSL is blablabla.{TRUE}",
    ] {
        let q = &moodle(t).unwrap().questions[0];
        assert_eq!(q.id, "2-08-tsl");
        assert_eq!(q.stem, "TSL is blablabla.");
        assert_eq!(q.answer, Answer::Judge(true));
    }
}

#[test]
fn moodle_backslash_and_pre_content_as_essays() {
    let e = shown(&moodle("\n// essay\n::double backslash:: A \\\\ B \\\\\\\\ C{}").unwrap_err());
    assert!(e[0].contains("简答"), "{e:?}");
    // the same stem as a true/false: Moodle's text `A \ B \\ C`
    let q = &moodle("::double backslash:: A \\\\ B \\\\\\\\ C{T}")
        .unwrap()
        .questions[0];
    assert_eq!(q.stem, "A \\ B \\\\ C");
    let pre = "\n::Q001::[html]<p>What would running the test method print?</p>\n<pre>\n    public void test() \\{\n        method1();\n    \\}\n</pre>\n{T}";
    let q = &moodle(pre).unwrap().questions[0];
    assert!(
        q.stem
            .starts_with("What would running the test method print?"),
        "{}",
        q.stem
    );
    assert!(q.stem.contains("public void test() {"), "{}", q.stem);
}

#[test]
fn moodle_tags_and_idnumber() {
    let text = "\n// This question is to test importing tags: [tag:tag] [tag:other-tag].\n// And an idnumber: [id:myid].\n::Question name:: How are you? {T}";
    let q = &moodle(text).unwrap().questions[0];
    assert_eq!(q.id, "myid");
    assert_eq!(q.tags, ["tag", "other-tag"]);
    // Moodle's extract_idnumber_and_tags_from_comment cases
    let cases: [(&str, Option<&str>, &[&str]); 9] = [
        ("", None, &[]),
        ("// A basic comment.", None, &[]),
        (
            "// A comment with [id:frog] <-- an idnumber.",
            Some("frog"),
            &[],
        ),
        (
            "// Look tags: [tag:frog] [tag:toad].",
            None,
            &["frog", "toad"],
        ),
        (
            "// [tag:add] [tag:basic] [id:four]",
            Some("four"),
            &["add", "basic"],
        ),
        (
            "// [tag:  basic] Here is  \n// a [id:   four   ] que[tag:add   ]stion.",
            Some("four"),
            &["basic", "add"],
        ),
        ("// Ceci n'est pas une [tag:\n\\ frog].", None, &[]),
        ("// [id:i\\]d].", Some("i]d"), &[]),
        ("// [tag:t\\]ag].", None, &["t]ag"]),
    ];
    for (comment, id, tags) in cases {
        let (i, t) = answers::id_and_tags(comment);
        assert_eq!(i.as_deref(), id, "{comment}");
        assert_eq!(t, tags, "{comment}");
    }
}

#[test]
fn what_moodle_exports_reads_back() {
    // Moodle's exporter: tab-indented answers, feedback after `#`, `####[html]` general
    // feedback, `// [id:…] [tag:…]` comments
    let text = "// question: 666  name: Q8\n::Q8::What's between orange and green in the spectrum?{\n\t=yellow#right; good!\n\t~red#[html]wrong, it's yellow\n\t~[plain]blue#wrong, it's yellow\n}\n\n// question: 667  name: Q9\n::Q9::What's between orange and green in the spectrum?{\n\t~%100%yellow#right; good!\n\t~%-50%red#wrong, it's yellow\n\t~%-50%blue#wrong, it's yellow\n}\n\n// question: 1  name: True/false question\n// [id:myid] [tag:tag1] [tag:tag2]\n::True/false question::[html]The answer is true.{TRUE#This is the wrong answer.#This is the right answer.####You should have selected true.}\n\n";
    let b = moodle(text).unwrap();
    let qs = &b.questions;
    assert_eq!(qs.len(), 3);
    assert_eq!((qs[0].kind, qs[1].kind), (Kind::Single, Kind::Multiple));
    assert_eq!(qs[0].options, ["yellow", "red", "blue"]);
    assert_eq!(qs[2].id, "myid");
    assert_eq!(qs[2].tags, ["tag1", "tag2"]);
    assert_eq!(qs[2].stem, "The answer is true.");
    assert_eq!(
        qs[2].explanation,
        "You should have selected true.\n「正确」This is the right answer.\n「错误」This is the wrong answer."
    );
}

#[test]
fn what_xuexi_cannot_grade_is_refused_with_the_reason() {
    // a single choice with a partial-credit option, and one with two full-mark answers
    let e = shown(&moodle("::a::Pick{=yes ~%50%maybe ~no}").unwrap_err());
    assert!(e[0].contains("maybe"), "{e:?}");
    let e = shown(&moodle("::a::Pick{=yes =also ~no}").unwrap_err());
    assert!(e[0].contains('='), "{e:?}");
    // multi-response shares that never make full marks
    let e = shown(&moodle("::a::Pick{~%50%a ~%30%b ~%-100%c}").unwrap_err());
    assert!(e[0].contains("80%"), "{e:?}");
}

#[test]
fn duplicate_names_get_distinct_ids() {
    let b = moodle("::Q1::One?{T}\n\n::Q1::Two?{F}\n\n::Q1::Three?{T}\n").unwrap();
    let ids: Vec<&str> = b.questions.iter().map(|q| q.id.as_str()).collect();
    assert_eq!(ids, ["q1", "q1-2", "q1-3"]);
    // ids the trainer wrote stay theirs: two of them are a located error
    let e = shown(&moodle("// [id:a]\n::x::One?{T}\n\n// [id:a]\n::y::Two?{F}\n").unwrap_err());
    assert!(e[0].contains(":5:"), "{e:?}");
}

#[test]
fn a_txt_truefalse_with_feedback_is_gift_not_a_table() {
    assert!(looks_like_gift("Grass is green.{T#Yes}\n"));
    let b = moodle("// a quiz\nGrass is green.{T#Yes#No}\n\nSky is red.{FALSE}\n").unwrap();
    assert_eq!(b.questions.len(), 2);
}

#[test]
fn blocks_split_at_blank_lines_and_a_category_only_between_questions() {
    let text = "// 丢掉的注释\n$CATEGORY: $course$/top/冬训\n// 分值：2\n::Q1:: 甲\n$CATEGORY: 乙\n{T}\n\n\n乙{F}\n";
    let blocks = split_blocks(text);
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0].line, 4);
    assert_eq!(
        blocks[0].text, "::Q1:: 甲\n$CATEGORY: 乙\n{T}",
        "inside a question the line is its text"
    );
    assert_eq!(
        blocks[0].meta,
        ["分值：2"],
        "comments before a category are dropped"
    );
    assert_eq!(blocks[0].category.as_deref(), Some("冬训"));
    assert_eq!(
        (blocks[1].line, blocks[1].category.as_deref()),
        (9, Some("冬训"))
    );
}
