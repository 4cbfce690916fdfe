//! A restore keeps what the attempts recorded after the backup did to the 错题本 and the review
//! cards (issue #30 item 4's leftover): the attempts are kept, and so is their effect.

use xuexi::domain::book::AnswerRecord;
use xuexi::domain::quiz::{Answer, Bank, Kind, Question, Response};
use xuexi::domain::session::{Mode, Results};
use xuexi::store::{NewAttempt, Store};

fn t(s: &str) -> jiff::Timestamp {
    s.parse().unwrap()
}

fn bank() -> Bank {
    let q = |id: &str| Question {
        id: id.into(),
        kind: Kind::Judge,
        stem: "学习是党员的义务。".into(),
        options: vec![],
        answer: Answer::Judge(true),
        explanation: String::new(),
        material: None,
        tags: vec![],
        difficulty: None,
        points: 1.0,
        shuffle: false,
    };
    Bank {
        sealed: false,
        id: "b".into(),
        title: "题库".into(),
        description: String::new(),
        version: None,
        questions: vec![q("q1"), q("q2")],
        papers: vec![],
    }
}

/// A practice attempt answering `question` (`right` or not), handed in.
fn practice(store: &mut Store, question: &str, right: bool, now: jiff::Timestamp) {
    let attempt = store
        .start_attempt(
            &NewAttempt {
                mode: Mode::Practice,
                bank: Some("b"),
                paper: None,
                title: "练习",
                seed: 1,
                items: &[],
                day: "2026-11-02",
                limit_secs: None,
                pass: None,
                partial: None,
            },
            now,
        )
        .unwrap();
    let answer = AnswerRecord {
        sealed: false,
        attempt,
        position: 0,
        bank: "b".into(),
        question: question.into(),
        response: Response::Judge(right),
        correct: right,
        points: if right { 1.0 } else { 0.0 },
        seconds: 12,
        review: false,
        hinted: false,
        day: "2026-11-02".into(),
    };
    store.save_answer(&answer, now).unwrap();
    let results = Results {
        sealed: false,
        score: answer.points,
        max: 1.0,
        percent: answer.points * 100.0,
        passed: None,
        right: usize::from(right),
        answered: 1,
        by_kind: Vec::new(),
    };
    store
        .finish_attempt(attempt, &results, 12, &[], now)
        .unwrap();
}

#[test]
fn a_restore_keeps_the_wrong_answer_book_and_cards_the_kept_attempts_made() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("xuexi.db")).unwrap();
    store
        .import_banks(
            &[(bank(), "h".into(), "b.toml".into())],
            t("2026-11-01T08:00:00Z"),
        )
        .unwrap();
    // before the backup: q2 answered wrong (in the book, with a card)
    practice(&mut store, "q2", false, t("2026-11-01T09:00:00Z"));
    let backup = dir.path().join("morning.db");
    store.backup_to(&backup).unwrap();
    // after it: q1 answered wrong — into the book, a card made
    practice(&mut store, "q1", false, t("2026-11-02T09:00:00Z"));
    let pairs = [
        ("b".to_string(), "q1".to_string()),
        ("b".to_string(), "q2".to_string()),
    ];
    let cards = store.review_cards_of(&pairs).unwrap();
    assert!(cards.iter().all(Option::is_some));
    assert_eq!(store.book_size().unwrap(), 2);
    let back = store.restore_member_data(&backup).unwrap();
    assert_eq!(back.attempts_kept, 1);
    assert_eq!(
        store.book_size().unwrap(),
        2,
        "the question the kept attempt put in the book stays there"
    );
    assert_eq!(
        store.review_cards_of(&pairs).unwrap(),
        cards,
        "and its review card is the one it made"
    );
    // restoring again changes nothing more
    store.restore_member_data(&backup).unwrap();
    assert_eq!(store.book_size().unwrap(), 2);
    assert_eq!(store.review_cards_of(&pairs).unwrap(), cards);
}
