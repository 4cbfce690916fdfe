//! 学习强国's scored modes offline: 每周答题 (a set of five once a week) and 专项答题 (a bank's
//! questions of one column in sets of ten, scored the first time a set is handed in).

use crate::common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use xuexi::config::Config;
use xuexi::domain::quiz::{Answer, Response};
use xuexi::domain::session::{Mode, Session, Start};
use xuexi::i18n::{Lang, Strings};
use xuexi::service::quiz::{menu, start};
use xuexi::store::Store;

const UTC: jiff::tz::TimeZone = jiff::tz::TimeZone::UTC;

/// Answers every question of `session` (the first `right` rightly, the rest wrongly) and hands
/// it in, as the quiz screen would.
fn play(store: &mut Store, mut session: Session, day: &str, right: usize, now: Timestamp) {
    for i in 0..session.len() {
        let item = session.items[i].clone();
        let good = i < right;
        let r = match (&item.question.answer, good) {
            (Answer::Sealed, _) => unreachable!("no sealed bank in this test"),
            (Answer::Choice(set), true) => Response::Choice(set.clone()),
            (Answer::Choice(set), false) => {
                Response::Choice([(0..8).find(|k| !set.contains(k)).unwrap()].into())
            }
            (Answer::Judge(b), g) => Response::Judge(*b == g),
            (Answer::Fill(blanks), true) => {
                Response::Fill(blanks.iter().map(|alts| alts[0].clone()).collect())
            }
            (Answer::Fill(blanks), false) => Response::Fill(vec!["错".into(); blanks.len()]),
        };
        let g = session.answer(i, r.clone());
        assert_eq!(g.correct, good, "{:?}", item.question.id);
        let a = xuexi::domain::book::record_of(&session, i, r, g, day);
        store.save_answer(&a, now).unwrap();
    }
    store
        .finish_attempt(session.attempt, &session.results(), 60, &[], now)
        .unwrap();
}

fn points_on(store: &Store, day: Timestamp) -> xuexi::domain::stats::Points {
    let log = xuexi::service::report::Log::load(store).unwrap();
    let today = xuexi::domain::stats::day_of(day, &UTC);
    let period =
        xuexi::domain::stats::Period::ending(xuexi::domain::stats::PeriodKind::Week, today);
    log.stats(&Config::default(), &UTC, today, period)
        .today_points
}

fn labels(store: &Store, now: Timestamp) -> Vec<String> {
    menu(store, &Strings::load(Lang::ZhCn), now, &UTC, 20)
        .unwrap()
        .into_iter()
        .map(|m| m.label)
        .collect()
}

#[test]
fn the_weekly_set_is_five_once_a_week_and_scores_its_right_answers() {
    let mut store = store_with_banks();
    // 2026-11-28 is a Saturday
    let (s, day) = start(&mut store, &Start::Weekly, t0(), &UTC, 20).unwrap();
    assert_eq!((s.mode, s.len()), (Mode::Weekly, 5));
    let first: Vec<String> = s.items.iter().map(|i| i.question.id.clone()).collect();
    play(&mut store, s, &day, 4, t0());
    assert_eq!(points_on(&store, t0()).weekly, 4);
    // done for the week: the menu says so and it is not drawn again on Sunday
    let sunday = t0() + SignedDuration::from_hours(24);
    assert!(labels(&store, sunday).contains(&"每周答题：本周已完成".to_string()));
    assert!(start(&mut store, &Start::Weekly, sunday, &UTC, 20).is_err());
    // Monday is a new week, with other questions first (the week's were answered)
    let monday = t0() + SignedDuration::from_hours(48);
    assert!(labels(&store, monday).contains(&"每周答题（本周 5 题）".to_string()));
    let (s, _) = start(&mut store, &Start::Weekly, monday, &UTC, 20).unwrap();
    let second: Vec<String> = s.items.iter().map(|i| i.question.id.clone()).collect();
    assert!(
        second.iter().all(|q| !first.contains(q)),
        "{first:?} {second:?}"
    );
}

#[test]
fn a_special_set_is_a_columns_questions_scored_the_first_time_only() {
    let mut store = store_with_banks();
    let special = Start::Special {
        bank: "newsletter-2020-02".into(),
        tag: "上情下达".into(),
        set: 0,
    };
    assert!(
        labels(&store, t0()).contains(&"专项答题 · 上情下达 第 1/4 组（10 题）".to_string()),
        "{:?}",
        labels(&store, t0())
    );
    let (s, day) = start(&mut store, &special, t0(), &UTC, 20).unwrap();
    assert_eq!((s.mode, s.len()), (Mode::Special, 10));
    assert!(
        s.items
            .iter()
            .all(|i| i.question.tags.contains(&"上情下达".to_string()))
    );
    let set: Vec<String> = s.items.iter().map(|i| i.question.id.clone()).collect();
    play(&mut store, s, &day, 7, t0());
    assert_eq!(points_on(&store, t0()).special, 7);
    // the same set again: the same questions, no more points; the menu offers the next set
    let later = t0() + SignedDuration::from_mins(30);
    let (s, day) = start(&mut store, &special, later, &UTC, 20).unwrap();
    assert_eq!(
        s.items
            .iter()
            .map(|i| i.question.id.clone())
            .collect::<Vec<_>>(),
        set
    );
    play(&mut store, s, &day, 10, later);
    assert_eq!(points_on(&store, later).special, 7, "a set is scored once");
    assert!(labels(&store, later).contains(&"专项答题 · 上情下达 第 2/4 组（10 题）".to_string()));
    // the next set scores, up to the day's cap of 10
    let next = Start::Special {
        bank: "newsletter-2020-02".into(),
        tag: "上情下达".into(),
        set: 1,
    };
    let (s, day) = start(&mut store, &next, later, &UTC, 20).unwrap();
    assert!(s.items.iter().all(|i| !set.contains(&i.question.id)));
    play(&mut store, s, &day, 5, later);
    assert_eq!(points_on(&store, later).special, 10);
}

#[test]
fn a_weekly_set_begun_says_what_is_left_of_it() {
    // after 1 of 5 the menu still said 本周 5 题
    let mut store = store_with_banks();
    let (mut s, day) = start(&mut store, &Start::Weekly, t0(), &UTC, 20).unwrap();
    let item = s.items[0].clone();
    let r = match &item.question.answer {
        Answer::Sealed => unreachable!("no sealed bank in this test"),
        Answer::Choice(set) => Response::Choice(set.clone()),
        Answer::Judge(b) => Response::Judge(*b),
        Answer::Fill(blanks) => Response::Fill(blanks.iter().map(|a| a[0].clone()).collect()),
    };
    let g = s.answer(0, r.clone());
    let a = xuexi::domain::book::record_of(&s, 0, r, g, &day);
    store.save_answer(&a, t0()).unwrap();
    let labels = labels(&store, t0());
    assert!(
        labels.contains(&"每周答题（本周还剩 4/5 题）".to_string()),
        "{labels:?}"
    );
}

#[test]
fn with_two_banks_a_topics_rows_name_their_bank() {
    // the two banks' 专项 rows looked the same
    let mut store = store_with_banks();
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/data/banks/newsletter-2020-02.toml"
    ))
    .unwrap()
    .replacen("id = \"newsletter-2020-02\"", "id = \"copy\"", 1)
    .replacen(
        "title = \"理论学习简报（2020年2月）自测题库\"",
        "title = \"支部题库\"",
        1,
    );
    let ids: Vec<String> = store
        .list_materials()
        .unwrap()
        .into_iter()
        .map(|m| m.meta.id)
        .collect();
    let bank = xuexi::import::bank_toml::parse_bank_toml(
        std::path::Path::new("copy.toml"),
        &text,
        &|id| ids.iter().any(|m| m == id),
    )
    .unwrap();
    store
        .import_banks(&[(bank, "h".into(), "copy.toml".into())], t0())
        .unwrap();
    let entries = menu(&store, &Strings::load(Lang::ZhCn), t0(), &UTC, 20).unwrap();
    let special: Vec<&xuexi::domain::session::MenuEntry> = entries
        .iter()
        .filter(|e| e.label.starts_with("专项答题 · 上情下达"))
        .collect();
    assert_eq!(special.len(), 2);
    assert_ne!(special[0].detail, special[1].detail, "{special:?}");
    assert!(special.iter().all(|e| !e.detail.is_empty()));
}
