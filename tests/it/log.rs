//! The study log: written in the transactions that record study, append-only, and filled from
//! an older database. The exports that read it back are in `log_export`.

use crate::common;

use common::{at, t0};
use xuexi::domain::log::Record;
use xuexi::domain::material::Position;
use xuexi::domain::quiz::Response;
use xuexi::domain::reading::ReadingSession;
use xuexi::domain::session::{Mode, Results};
use xuexi::store::{NewAttempt, Store};

const M: &str = "xuzhou-sixue-jizhi";

fn kinds(store: &Store) -> Vec<String> {
    store
        .events(None, None)
        .unwrap()
        .iter()
        .map(|e| e.record.kind().to_string())
        .collect()
}

fn attempt(store: &mut Store, mode: Mode) -> i64 {
    store
        .start_attempt(
            &NewAttempt {
                mode,
                bank: Some("newsletter-2020-02"),
                paper: Some("bibei-ceshi"),
                title: "理论学习闭卷测试",
                seed: 1,
                items: &[],
                day: "2026-11-28",
                limit_secs: Some(1200),
                pass: Some(60),
                partial: None,
            },
            t0(),
        )
        .unwrap()
}

fn results(percent: f64, passed: Option<bool>) -> Results {
    Results {
        sealed: false,
        score: percent,
        max: 100.0,
        percent,
        passed,
        right: 3,
        answered: 4,
        by_kind: vec![],
    }
}

#[test]
fn study_writes_its_events_in_the_same_transactions() {
    let mut store = common::store();
    let session = |secs, end| ReadingSession {
        material: M.into(),
        started: t0(),
        ended: at(end),
        active_seconds: secs,
    };
    // two checkpoints and the final write of one session: the log holds what each added
    store.save_session(&session(30, 30)).unwrap();
    store.save_session(&session(55, 60)).unwrap();
    store.save_session(&session(55, 61)).unwrap(); // nothing new: no event
    store
        .save_progress(M, Position::default(), 100, true, at(61))
        .unwrap();
    store
        .save_progress(M, Position::default(), 100, true, at(90))
        .unwrap(); // read again: not a second finish
    let a = attempt(&mut store, Mode::Exam);
    let r = Response::Choice([1].into_iter().collect());
    store
        .save_answer(
            &common::answer(
                a,
                0,
                "newsletter-2020-02",
                "q001",
                &r,
                true,
                1.0,
                5,
                false,
                "2026-11-28",
            ),
            at(100),
        )
        .unwrap();
    store
        .finish_attempt(a, &results(80.0, Some(true)), 300, &[], at(400))
        .unwrap();
    store
        .finish_attempt(a, &results(80.0, Some(true)), 300, &[], at(401))
        .unwrap(); // once only
    store
        .tick("2020-winter", "task-xinde", true, "写好了", at(500))
        .unwrap();

    assert_eq!(
        kinds(&store),
        [
            "reading", "reading", "finished", "answer", "attempt", "tick"
        ]
    );
    let events = store.events(None, None).unwrap();
    let secs: Vec<i64> = events
        .iter()
        .filter_map(|e| match &e.record {
            Record::Reading { seconds, from, .. } => Some((*seconds, *from)),
            _ => None,
        })
        .map(|(s, _)| s)
        .collect();
    assert_eq!(
        secs,
        [30, 25],
        "each checkpoint logs only the seconds it added"
    );
    match &events[1].record {
        Record::Reading { from, to, .. } => assert_eq!((*from, *to), (at(30), at(60))),
        r => panic!("{r:?}"),
    }
    match &events[4].record {
        Record::Attempt {
            mode,
            percent,
            passed,
            right,
            seconds,
            ..
        } => {
            assert_eq!(
                (mode.as_str(), *percent, *passed),
                ("exam", 80.0, Some(true))
            );
            assert_eq!((*right, *seconds), (3, 300));
        }
        r => panic!("{r:?}"),
    }
}

#[test]
fn the_log_refuses_updates_and_deletes() {
    let mut store = common::store();
    store.tick("p", "i", true, "", t0()).unwrap();
    let conn = store.conn();
    let e = conn
        .execute("UPDATE events SET data = '{}'", [])
        .unwrap_err()
        .to_string();
    assert!(e.contains("append-only"), "{e}");
    let e = conn
        .execute("DELETE FROM events", [])
        .unwrap_err()
        .to_string();
    assert!(e.contains("append-only"), "{e}");
    assert_eq!(kinds(&store), ["tick"]);
}

#[test]
fn migrating_from_version_4_fills_the_log_from_the_old_tables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xuexi.db");
    Store::create_at_version(&path, 4).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(&format!(
            "INSERT INTO materials (id, origin, title, hash, sort_key, added_at, updated_at)
                VALUES ('{M}', 'bundled', 't', 'h', 'k', 'x', 'x');
             INSERT INTO progress (material_id, percent, read_at, updated_at)
                VALUES ('{M}', 100, '2026-01-02T10:00:00Z', '2026-01-02T10:00:00Z');
             INSERT INTO reading_sessions (material_id, started_at, ended_at, active_seconds)
                VALUES ('{M}', '2026-01-02T09:00:00Z', '2026-01-02T09:30:00Z', 1500),
                       ('{M}', '2026-01-03T09:00:00Z', '2026-01-03T09:00:05Z', 0);
             INSERT INTO attempts (id, mode, bank_id, paper_id, title, seed, items, day, started_at,
                                   finished_at, status, used_secs, score, max_score, percent, passed)
                VALUES (1, 'exam', 'b', 'p', '考试', 1, '[]', '2026-01-02', '2026-01-02T11:00:00Z',
                        '2026-01-02T11:10:00Z', 'submitted', 600, 9, 10, 90, 1),
                       (2, 'practice', 'b', NULL, '练习', 1, '[]', '2026-01-02', '2026-01-02T12:00:00Z',
                        NULL, 'open', 0, NULL, NULL, NULL, NULL);
             INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct,
                                  points, seconds, answered_at)
                VALUES (1, 0, 'b', 'q1', '[0]', 1, 1, 4, '2026-01-02T11:01:00Z'),
                       (1, 1, 'b', 'q2', 'true', 0, 0, 4, '2026-01-02T11:02:00Z');"
        ))
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let events = store.events(None, None).unwrap();
    let got: Vec<&str> = events.iter().map(|e| e.record.kind()).collect();
    // oldest first; the session with no time and the open attempt leave no event
    assert_eq!(got, ["reading", "finished", "answer", "answer", "attempt"]);
    match &events[4].record {
        Record::Attempt {
            passed,
            right,
            answered,
            seconds,
            ..
        } => assert_eq!(
            (*passed, *right, *answered, *seconds),
            (Some(true), 1, 2, 600)
        ),
        r => panic!("{r:?}"),
    }
    match &events[3].record {
        Record::Answer {
            correct, response, ..
        } => assert_eq!((*correct, response.as_str()), (false, "true")),
        r => panic!("{r:?}"),
    }
}
