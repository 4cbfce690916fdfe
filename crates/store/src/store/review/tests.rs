//! Cards made by answers, grades changed, what is due, suspended, forgotten, seeded.
use super::*;
use crate::domain::quiz::Response;
use crate::domain::session::Mode;
use crate::store::NewAttempt;

fn store_with_bank() -> Store {
    use crate::domain::quiz::{Answer, Bank, Question};
    let mut s = Store::open_in_memory().unwrap();
    let q = Question {
        id: "q1".into(),
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
    let bank = Bank {
        id: "b".into(),
        title: "题库".into(),
        description: String::new(),
        version: None,
        sealed: false,
        questions: vec![q],
        papers: vec![],
    };
    s.import_banks(&[(bank, "h".into(), "b.toml".into())], t("2026-11-01"))
        .unwrap();
    s
}

fn answer(s: &mut Store, mode: Mode, correct: bool, day: &str, now: Timestamp) -> AnswerRecord {
    let attempt = s
        .start_attempt(
            &NewAttempt {
                mode,
                bank: None,
                paper: None,
                title: "",
                seed: 1,
                items: &[],
                day,
                limit_secs: None,
                pass: None,
                partial: None,
            },
            now,
        )
        .unwrap();
    let a = AnswerRecord {
        sealed: false,
        attempt,
        position: 0,
        bank: "b".into(),
        question: "q1".into(),
        response: Response::Judge(correct),
        correct,
        points: 1.0,
        seconds: 12,
        review: mode == Mode::Review,
        hinted: false,
        day: day.into(),
    };
    s.save_answer(&a, now).unwrap();
    a
}

fn t(day: &str) -> Timestamp {
    format!("{day}T08:00:00Z").parse().unwrap()
}

#[test]
fn an_answer_makes_a_card_that_falls_due_and_a_changed_grade_replaces_its_own() {
    let mut s = store_with_bank();
    let a = answer(&mut s, Mode::Practice, true, "2026-11-30", t("2026-11-30"));
    let rows = s.review_rows().unwrap();
    assert_eq!(rows.len(), 1);
    let good = rows[0].due;
    assert_eq!(rows[0].recall, Recall::Good, "a 判断 right in 12 s");
    assert!(s.review_due("2026-11-30").unwrap().is_empty());
    assert_eq!(
        s.review_due(&good.to_string()).unwrap(),
        [("b".to_string(), "q1".to_string())]
    );
    // 忘了 instead: due sooner, still one review (reps 1), and changing back restores it
    let again = s.rate(&a, Recall::Again, t("2026-11-30")).unwrap().unwrap();
    assert!(again.due < good, "{again:?}");
    assert_eq!(again.reps(), 1);
    let back = s.rate(&a, Recall::Good, t("2026-11-30")).unwrap().unwrap();
    assert_eq!(back.due, good);
    // the same answer written twice (a retried write) is still one review
    s.save_answer(&a, t("2026-11-30")).unwrap();
    assert_eq!(s.review_rows().unwrap()[0].reps, 1);
    // a review on the due day is a second one, and counts against the day's limit
    let day = good.to_string();
    answer(&mut s, Mode::Review, true, &day, t(&day));
    assert_eq!(s.review_rows().unwrap()[0].reps, 2);
    assert_eq!(s.reviewed_on(&day).unwrap(), 1);
    assert!(s.review_rows().unwrap()[0].due > good);
}

#[test]
fn suspended_cards_are_not_due_and_forgotten_ones_leave_the_book_too() {
    let mut s = store_with_bank();
    answer(&mut s, Mode::Practice, false, "2026-11-30", t("2026-11-30"));
    assert_eq!(s.book_size().unwrap(), 1);
    let due = s.review_rows().unwrap()[0].due.to_string();
    assert_eq!(s.review_due(&due).unwrap().len(), 1);
    assert_eq!(s.review_due_on(&due).unwrap(), 1);
    s.suspend_card("b", "q1", true).unwrap();
    assert!(s.review_due(&due).unwrap().is_empty());
    assert!(s.review_rows().unwrap()[0].suspended);
    s.suspend_card("b", "q1", false).unwrap();
    assert_eq!(s.review_due(&due).unwrap().len(), 1);
    s.forget_card("b", "q1").unwrap();
    assert!(s.review_rows().unwrap().is_empty());
    assert_eq!(s.book_size().unwrap(), 0);
}

#[test]
fn answers_from_before_review_existed_get_their_cards_once() {
    let mut s = store_with_bank();
    answer(&mut s, Mode::Practice, true, "2026-11-20", t("2026-11-20"));
    answer(&mut s, Mode::Practice, false, "2026-11-25", t("2026-11-25"));
    let made = s.review_rows().unwrap();
    // as if they had been written before the table existed
    s.conn.execute("DELETE FROM review_cards", []).unwrap();
    s.conn
        .execute("DELETE FROM meta WHERE key = ?1", [SEEDED_KEY])
        .unwrap();
    s.seed_review_cards().unwrap();
    assert_eq!(
        s.review_rows().unwrap(),
        made,
        "the same replay, the same card"
    );
    assert_eq!(made[0].reps, 2);
    assert_eq!(made[0].lapses, 1);
    s.forget_card("b", "q1").unwrap();
    s.seed_review_cards().unwrap();
    assert!(s.review_rows().unwrap().is_empty(), "seeded once only");
}
