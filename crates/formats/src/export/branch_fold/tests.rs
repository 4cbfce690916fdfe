//! The fold's memory: what it holds of each event, and its spill.

use serde_json::json;

use super::super::branch_spill::SpillPlace;
use super::*;

/// A spill the test can look into after the fold has it.
#[derive(Clone, Default)]
struct Shared(std::rc::Rc<std::cell::RefCell<MemorySpill>>);

impl Spill for Shared {
    fn keep_places(&mut self, rows: &[(SpillPlace, u64)]) -> Result<(), String> {
        self.0.borrow_mut().keep_places(rows)
    }
    fn place(&mut self, place: &SpillPlace) -> Result<Option<u64>, String> {
        self.0.borrow_mut().place(place)
    }
    fn keep_answers(&mut self, rows: &[SpillAnswer]) -> Result<(), String> {
        self.0.borrow_mut().keep_answers(rows)
    }
    fn answers(&mut self, m: u32, each: &mut dyn FnMut(SpillAnswer)) -> Result<(), String> {
        self.0.borrow_mut().answers(m, each)
    }
    fn keep_deferred(&mut self, export: u32, events: &[Box<str>]) -> Result<(), String> {
        self.0.borrow_mut().keep_deferred(export, events)
    }
    fn deferred(&mut self, after: i64, n: usize) -> Result<Vec<(i64, u32, String)>, String> {
        self.0.borrow_mut().deferred(after, n)
    }
}

/// What the fold holds of an event is its place and a hash (and an exam answer's outcome),
/// never its body, and only until it has a few of them: then they go to its spill. Events
/// with long titles and stems leave one title and one stem behind (the first, for the
/// picture), however many there are; the same events read again are looked up in the spill
/// and counted once.
#[test]
fn the_fold_holds_no_event_bodies_and_hands_places_to_its_spill() {
    let long = "长".repeat(10_000);
    let tz = TimeZone::UTC;
    let spill = Shared::default();
    let mut fold = Fold::with_spill(&[], &tz, Box::new(spill.clone())).spill_every(64);
    let src = fold.begin(Head {
        member: "张三".into(),
        account: "zs".into(),
        installation: "i1".into(),
        ..Head::default()
    });
    for i in 0..500 {
        fold.event(
            &src,
            &json!({"kind": "finished", "id": 2 * i, "at": "2026-03-01T02:00:00Z",
                    "material": "m1", "title": format!("{long}{i}")}),
        );
        fold.event(
            &src,
            &json!({"kind": "answer", "id": 2 * i + 1, "at": "2026-03-01T02:00:00Z",
                    "attempt": 1, "mode": "exam", "bank": "b", "question": "q1",
                    "stem": format!("{long}{i}"), "response": [0],
                    "response_text": "A", "correct": true, "seconds": 10}),
        );
    }
    fold.event(
        &src,
        &json!({"kind": "attempt", "id": 1000, "at": "2026-03-01T03:00:00Z", "attempt": 1,
                "mode": "exam", "bank": "b", "paper": "p", "percent": 80.0, "max": 100.0,
                "passed": true, "answered": 500, "seconds": 60}),
    );
    let held = fold.held();
    // fewer than 64 places and answers held, whatever the count of events
    assert!(held.places + held.answers < 64, "{held:?}");
    assert_eq!(spill.0.borrow().places() + held.places, 1001);
    // one title and one stem (each 30,000 bytes and a number), and the held answers' ids
    assert!(held.text <= 2 * (long.len() + 3) + 64 * 4, "{held:?}");
    // the same events again are counted once and hold nothing more
    for i in 0..500 {
        fold.event(
            &src,
            &json!({"kind": "finished", "id": 2 * i, "at": "2026-03-01T02:00:00Z",
                    "material": "m1", "title": "另一个标题"}),
        );
    }
    assert_eq!(fold.held(), held);
    let sum = fold.finish().unwrap();
    assert_eq!(sum.materials, [("m1".to_string(), format!("{long}0"), 1)]);
    assert_eq!(sum.questions[0].answers, 500);
    assert_eq!(sum.questions[0].stem, format!("{long}0"));
    // the exam found its 500 answers in the spill (not graded without the bank: the file's
    // word), and no doubt says it has none
    let best = sum.members[0].best_exam.unwrap();
    assert_eq!((best.percent, best.checked), (80.0, false));
    assert!(sum.doubts.is_empty(), "{:?}", sum.doubts);
}

/// A spill that fails (a full disk) stops the fold, and finishing it says so.
#[test]
fn a_spill_that_fails_makes_the_fold_refuse_to_finish() {
    struct Full;
    impl Spill for Full {
        fn keep_places(&mut self, _: &[(SpillPlace, u64)]) -> Result<(), String> {
            Err("database or disk is full".into())
        }
        fn place(&mut self, _: &SpillPlace) -> Result<Option<u64>, String> {
            Ok(None)
        }
        fn keep_answers(&mut self, _: &[SpillAnswer]) -> Result<(), String> {
            Ok(())
        }
        fn answers(&mut self, _: u32, _: &mut dyn FnMut(SpillAnswer)) -> Result<(), String> {
            Ok(())
        }
        fn keep_deferred(&mut self, _: u32, _: &[Box<str>]) -> Result<(), String> {
            Ok(())
        }
        fn deferred(&mut self, _: i64, _: usize) -> Result<Vec<(i64, u32, String)>, String> {
            Ok(Vec::new())
        }
    }
    let tz = TimeZone::UTC;
    let mut fold = Fold::with_spill(&[], &tz, Box::new(Full)).spill_every(2);
    let src = fold.begin(Head::default());
    for i in 0..5 {
        fold.event(&src, &json!({"kind": "reading", "id": i, "seconds": 60}));
    }
    let Err(m) = fold.finish() else {
        panic!("a fold whose spill failed finished");
    };
    assert_eq!(m.key, "branch_spill_failed");
}
