use super::*;
use crate::domain::quiz::Answer;

fn q(id: &str, kind: Kind, answer: Answer) -> Question {
    Question {
        id: id.into(),
        kind,
        stem: "题".into(),
        options: if matches!(answer, Answer::Choice(_)) {
            vec!["甲".into(), "乙".into(), "丙".into()]
        } else {
            vec![]
        },
        answer,
        explanation: String::new(),
        material: None,
        tags: vec![],
        difficulty: None,
        points: 2.0,
        shuffle: true,
    }
}

fn session() -> Session {
    let items = vec![
        Item::new("b", q("1", Kind::Single, Answer::Choice([1].into())), None),
        Item::new("b", q("2", Kind::Judge, Answer::Judge(true)), None),
        Item::new(
            "b",
            q("3", Kind::Multiple, Answer::Choice([0, 2].into())),
            None,
        ),
    ];
    let mut s = Session::new(1, Mode::Exam, "卷".into(), items);
    s.pass = Some(60);
    s.partial = Some(0.5);
    s
}

#[test]
fn all_right_is_full_marks_nothing_is_zero() {
    let mut s = session();
    let r = s.results();
    assert_eq!((r.score, r.max, r.passed), (0.0, 6.0, Some(false)));
    s.answer(0, Response::Choice([1].into()));
    s.answer(1, Response::Judge(true));
    s.answer(2, Response::Choice([0, 2].into()));
    let r = s.results();
    assert_eq!(
        (r.score, r.percent, r.passed, r.right),
        (6.0, 100.0, Some(true), 3)
    );
}

#[test]
fn partial_credit_and_breakdown() {
    let mut s = session();
    s.answer(0, Response::Choice([1].into()));
    s.answer(2, Response::Choice([0].into()));
    let r = s.results();
    assert_eq!(r.score, 3.0);
    assert_eq!(r.by_kind[0], (Kind::Single, 1, 1, 2.0, 2.0));
    assert_eq!(r.by_kind[1], (Kind::Multiple, 0, 1, 1.0, 2.0));
    assert_eq!(r.passed, Some(false), "50% is under 60%");
}

#[test]
fn time_limit_runs_out() {
    let mut s = session();
    s.limit_secs = Some(60);
    assert!(!s.advance(0, 30_000));
    assert_eq!(s.remaining_secs(), Some(30));
    assert!(s.advance(1, 30_000));
    assert!(!session().advance(0, 250));
    assert_eq!(s.spent_ms, [30_000, 30_000, 0]);
}

#[test]
fn daily_is_stable_and_prefers_fresh() {
    let c: Vec<(String, String, Freshness)> = (0..20)
        .map(|i| {
            let f = if i < 3 {
                Freshness::Never
            } else if i < 5 {
                Freshness::Wrong
            } else {
                Freshness::Seen
            };
            ("b".into(), format!("q{i}"), f)
        })
        .collect();
    let a = daily_pick(&c, "2026-11-28");
    assert_eq!(a, daily_pick(&c, "2026-11-28"));
    assert_eq!(a.len(), 5);
    let mut first: Vec<usize> = a.clone();
    first.sort();
    assert_eq!(first, [0, 1, 2, 3, 4], "never answered, then wrong ones");
    let seen: Vec<(String, String, Freshness)> = c
        .iter()
        .map(|(b, q, _)| (b.clone(), q.clone(), Freshness::Seen))
        .collect();
    assert_ne!(
        daily_pick(&seen, "2026-11-28"),
        daily_pick(&seen, "2026-11-29")
    );
}

#[test]
fn wrong_book_schedule() {
    assert!(book_due(0, None, "2026-11-28"));
    assert!(!book_due(1, Some("2026-11-28"), "2026-11-28"));
    assert!(book_due(1, Some("2026-11-27"), "2026-11-28"));
    assert!(!book_due(2, Some("2026-11-27"), "2026-11-28"));
    assert!(book_due(2, Some("2026-11-26"), "2026-11-28"));
}

#[test]
fn responses_round_trip_through_json() {
    for (k, r) in [
        (Kind::Multiple, Response::Choice([0, 3].into())),
        (Kind::Judge, Response::Judge(false)),
        (
            Kind::Fill,
            Response::Fill(vec!["四个意识".into(), "".into()]),
        ),
    ] {
        assert_eq!(response_from_json(k, &response_json(&r)), Some(r));
    }
}
