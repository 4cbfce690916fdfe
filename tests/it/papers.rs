//! A paper's rules as a trainer sets them: points per type, difficulties drawn from, the same
//! paper for everyone, a limit on attempts — from TOML and from a spreadsheet's 试卷 sheet,
//! kept through the store, applied when drawn and when an exam left open is resumed.

use crate::common;

use common::*;
use jiff::SignedDuration;
use ratatui::crossterm::event::KeyCode;
use xuexi::app::quiz::Start;
use xuexi::domain::quiz::Kind;
use xuexi::i18n::{Lang, Strings};
use xuexi::import::bank_toml::{export_bank_toml, parse_bank_toml};
use xuexi::service::quiz::{QuizError, menu, start};

const UTC: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;

/// Ten singles (difficulty 1 or 4) and four judges.
fn bank_toml(paper: &str) -> String {
    let mut t = String::from("[bank]\nid = \"rules\"\ntitle = \"规则\"\n");
    for i in 0..10 {
        t.push_str(&format!(
            "\n[[questions]]\nid = \"s{i}\"\ntype = \"single\"\nstem = \"单选{i}（　）\"\noptions = [\"甲\", \"乙\", \"丙\"]\nanswer = \"A\"\ndifficulty = {}\n",
            if i % 2 == 0 { 1 } else { 4 }
        ));
    }
    for i in 0..4 {
        t.push_str(&format!(
            "\n[[questions]]\nid = \"j{i}\"\ntype = \"judge\"\nstem = \"判断{i}\"\nanswer = true\ndifficulty = 1\n"
        ));
    }
    t + paper
}

const PAPER: &str = r#"
[[papers]]
id = "exam"
title = "限考一次"
minutes = 10
pass = 60
draw = { single = 3, judge = 2 }
points = { single = 2.5, judge = 1 }
difficulty = [1]
fixed = true
attempts = 1
"#;

fn store_with(paper: &str) -> xuexi::store::Store {
    let text = bank_toml(paper);
    let bank = parse_bank_toml(std::path::Path::new("rules.toml"), &text, &|_| true)
        .unwrap_or_else(|e| panic!("{e:?}"));
    let mut store = common::store();
    store
        .import_banks(&[(bank, "h".into(), "rules.toml".into())], t0())
        .unwrap();
    store
}

fn exam() -> Start {
    Start::Exam {
        bank: "rules".into(),
        paper: "exam".into(),
    }
}

#[test]
fn the_rules_survive_toml_and_the_store() {
    let store = store_with(PAPER);
    let bank = store.bank("rules").unwrap();
    let p = &bank.papers[0];
    assert_eq!(p.points, vec![(Kind::Single, 2.5), (Kind::Judge, 1.0)]);
    assert_eq!(p.difficulty, vec![1]);
    assert!(p.fixed);
    assert_eq!(p.attempts, Some(1));
    // exported and read back: the same paper
    let text = export_bank_toml(&bank);
    let again = parse_bank_toml(std::path::Path::new("x.toml"), &text, &|_| true).unwrap();
    assert_eq!(again.papers, bank.papers, "{text}");
}

#[test]
fn a_fixed_paper_is_the_same_for_everyone_with_the_papers_points_and_difficulty() {
    let mut a = store_with(PAPER);
    let mut b = store_with(PAPER);
    let (sa, _) = start(&mut a, &exam(), t0(), &UTC, 20).unwrap();
    let (sb, _) = start(
        &mut b,
        &exam(),
        t0() + SignedDuration::from_hours(5),
        &UTC,
        20,
    )
    .unwrap();
    let ids = |s: &xuexi::domain::session::Session| -> Vec<(String, Vec<usize>)> {
        s.items
            .iter()
            .map(|i| (i.question.id.clone(), i.order.clone()))
            .collect()
    };
    assert_eq!(ids(&sa), ids(&sb), "two members, two times: one paper");
    assert!(sa.fixed, "its start screen says so");
    for it in &sa.items {
        match it.question.kind {
            Kind::Single => {
                assert_eq!(it.question.points, 2.5);
                assert_eq!(it.question.difficulty, Some(1), "only difficulty 1 drawn");
            }
            _ => assert_eq!(it.question.points, 1.0),
        }
    }
    // the same paper unfixed: another draw at another time
    let unfixed = PAPER
        .replace("fixed = true", "fixed = false")
        .replace("attempts = 1", "");
    let mut c = store_with(&unfixed);
    let mut d = store_with(&unfixed);
    let draws: Vec<_> = (0..4)
        .map(|h| {
            let s = if h % 2 == 0 { &mut c } else { &mut d };
            let (x, _) = start(s, &exam(), t0() + SignedDuration::from_hours(h), &UTC, 20).unwrap();
            s.abandon_attempt(x.attempt, t0()).unwrap();
            ids(&x)
        })
        .collect();
    assert!(
        draws.windows(2).any(|w| w[0] != w[1]),
        "unfixed papers vary"
    );
}

#[test]
fn an_exam_resumed_keeps_the_papers_points() {
    let mut store = store_with(PAPER);
    let (s, _) = start(&mut store, &exam(), t0(), &UTC, 20).unwrap();
    let (again, _) = start(&mut store, &Start::Resume(s.attempt), t0(), &UTC, 20).unwrap();
    let pts: Vec<f64> = again.items.iter().map(|i| i.question.points).collect();
    assert_eq!(
        pts,
        s.items
            .iter()
            .map(|i| i.question.points)
            .collect::<Vec<_>>()
    );
    assert!(pts.contains(&2.5), "{pts:?}");
}

#[test]
fn attempts_run_out_and_the_menu_says_so() {
    let mut store = store_with(&PAPER.replace("attempts = 1", "attempts = 2"));
    let s = Strings::load(Lang::ZhCn);
    let exam_entry = |store: &xuexi::store::Store| {
        menu(store, &s, t0(), &UTC, 20)
            .unwrap()
            .into_iter()
            .find(|e| e.label.contains("限考一次"))
            .unwrap()
    };
    assert!(exam_entry(&store).detail.contains("还可考 2 次"));
    // handed in once, given up once: both count
    let (first, _) = start(&mut store, &exam(), t0(), &UTC, 20).unwrap();
    assert_eq!(
        first.attempts,
        Some((1, 2)),
        "its start screen says: try 1 of 2"
    );
    store
        .finish_attempt(first.attempt, &first.results(), 60, &[], t0())
        .unwrap();
    assert!(exam_entry(&store).detail.contains("还可考 1 次"));
    let (second, _) = start(&mut store, &exam(), t0(), &UTC, 20).unwrap();
    store.abandon_attempt(second.attempt, t0()).unwrap();
    let entry = exam_entry(&store);
    assert!(
        entry.detail.contains("2 次考试机会已用完"),
        "{}",
        entry.detail
    );
    assert!(entry.start.is_none(), "a used-up paper cannot be started");
    assert_eq!(entry.closed.as_deref(), Some("2 次考试机会已用完"));
    // in the TUI: Enter on it says why, and starts nothing
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('t')], t0());
    let at = app
        .quiz()
        .unwrap()
        .menu
        .iter()
        .position(|e| e.label.contains("限考一次"))
        .unwrap();
    app.quiz_mut().unwrap().selected = at;
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(app.quiz().unwrap().run.is_none(), "nothing started");
    assert_eq!(
        app.message.as_ref().map(|m| m.text.as_str()),
        Some("2 次考试机会已用完"),
        "said on the status line"
    );
    let err = start(&mut store, &exam(), t0(), &UTC, 20).unwrap_err();
    assert!(matches!(err, QuizError::NoAttemptsLeft(2)));
    assert_eq!(err.message(&s), "2 次考试机会已用完");
}

#[test]
fn a_papers_sheet_sets_the_same_rules() {
    use xuexi::import::bank_table::{bank_from_rows, papers::add_papers};
    let rows: Vec<Vec<String>> = std::iter::once("题型,题干,选项A,选项B,答案,难度".to_string())
        .chain((0..6).map(|i| {
            format!(
                "单选,题{i}（　）,甲,乙,A,{}",
                if i < 3 { "易" } else { "难" }
            )
        }))
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    let path = std::path::Path::new("题库.csv");
    let mut bank = bank_from_rows(path, &rows, "t", "t", &|_| true).unwrap();
    let papers: Vec<Vec<String>> = [
        "名称,时长,及格线,单选数,单选分值,难度,固定试卷,限考次数",
        "易题卷,10,60%,3,0.5,易,是,2",
        "难题卷,10,60,4,,较难-难,否,",
    ]
    .iter()
    .map(|l| l.split(',').map(str::to_string).collect())
    .collect();
    let errs = add_papers(path, &papers, &mut bank).unwrap_err();
    assert_eq!(errs.len(), 1, "{errs:?}");
    let text = errs[0].render(&Strings::load(Lang::ZhCn));
    assert!(
        text.contains("第 3 行") && text.contains("符合它的标签和难度的只有 3 道"),
        "{text}"
    );
    let mut bank = bank_from_rows(path, &rows, "t", "t", &|_| true).unwrap();
    add_papers(path, &papers[..2], &mut bank).unwrap();
    let p = &bank.papers[0];
    assert_eq!(p.points, vec![(Kind::Single, 0.5)]);
    assert_eq!(p.difficulty, vec![1]);
    assert!(p.fixed);
    assert_eq!(p.attempts, Some(2));
}

#[test]
fn abandoning_a_limited_paper_says_it_uses_an_attempt() {
    let mut store = store_with(PAPER);
    let (open, _) = start(&mut store, &exam(), t0(), &UTC, 20).unwrap();
    store.begin_exam(open.attempt, t0()).unwrap();
    let s = Strings::load(Lang::ZhCn);
    let entries = menu(&store, &s, t0(), &UTC, 20).unwrap();
    let resume = entries.iter().find(|e| e.abandon.is_some()).unwrap();
    assert!(resume.uses_attempt);
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('t')], t0());
    let at = app
        .quiz()
        .unwrap()
        .menu
        .iter()
        .position(|e| e.abandon.is_some())
        .unwrap();
    app.quiz_mut().unwrap().selected = at;
    send(&mut app, &mut store, &[key('x')], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("算用掉一次考试机会"), "{text}");
    // a paper without a limit does not say so
    let mut free = store_with(&PAPER.replace("attempts = 1", ""));
    let (open, _) = start(&mut free, &exam(), t0(), &UTC, 20).unwrap();
    free.begin_exam(open.attempt, t0()).unwrap();
    let entries = menu(&free, &s, t0(), &UTC, 20).unwrap();
    assert!(!entries.iter().any(|e| e.uses_attempt));
}
