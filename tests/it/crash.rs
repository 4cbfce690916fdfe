//! Crashes: a child process writes answers, attempts, reading progress and sessions, ticks and
//! notes in a loop, printing each id once its transaction committed, and is SIGKILLed at a
//! random moment. After every kill the database must pass integrity_check, have no dangling
//! reference, hold every id printed, hold no attempt half written, and open normally.
//! `cargo test` runs 20 kills; `XUEXI_CRASH_KILLS=200` runs more (the fault suite).

use crate::common;

use std::io::{BufRead, BufReader};
use std::time::{Duration, Instant};

use common::t0;
use jiff::SignedDuration;
use xuexi::domain::annotation::AnnotationKind;
use xuexi::domain::material::Position;
use xuexi::domain::quiz::Response;
use xuexi::domain::reading::ReadingSession;
use xuexi::domain::session::{ItemRef, Mode, Results};
use xuexi::store::{NewAttempt, Store};

const CHILD_ENV: &str = "XUEXI_CRASH_CHILD_DB";
const MATERIAL: &str = "xuzhou-sixue-jizhi";

/// The child: writes forever (until killed), printing what committed.
#[test]
fn crash_child_writer() {
    let Ok(db) = std::env::var(CHILD_ENV) else {
        return;
    };
    let mut store = Store::open(std::path::Path::new(&db)).unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut store, t0()).unwrap();
    println!("READY");
    let mut i: i64 = 0;
    loop {
        i += 1;
        let now = t0() + SignedDuration::from_secs(i);
        // a whole practice: start, two answers, submit
        let items = [
            ItemRef {
                bank: "b".into(),
                question: "q1".into(),
                order: vec![],
            },
            ItemRef {
                bank: "b".into(),
                question: "q2".into(),
                order: vec![],
            },
        ];
        let a = store
            .start_attempt(
                &NewAttempt {
                    mode: Mode::Practice,
                    bank: Some("b"),
                    paper: None,
                    title: "练习",
                    seed: i as u64,
                    items: &items,
                    day: "2026-11-28",
                    limit_secs: None,
                    pass: None,
                    partial: None,
                },
                now,
            )
            .unwrap();
        for (p, q) in ["q1", "q2"].iter().enumerate() {
            let r = Response::Choice([p].into_iter().collect());
            store
                .save_answer(
                    &common::answer(a, p, "b", q, &r, p == 0, 1.0, 3, false, "2026-11-28"),
                    now,
                )
                .unwrap();
            println!("ANSWER {a} {p}");
        }
        let results = Results {
            sealed: false,
            score: 1.0,
            max: 2.0,
            percent: 50.0,
            passed: None,
            right: 1,
            answered: 2,
            by_kind: vec![],
        };
        store.finish_attempt(a, &results, 6, &[], now).unwrap();
        println!("ATTEMPT {a}");
        // reading: progress and a session checkpoint
        store
            .save_progress(
                MATERIAL,
                Position {
                    block: (i % 10) as usize,
                    offset: 0,
                },
                (i % 100) as u8,
                false,
                now,
            )
            .unwrap();
        store
            .save_session(&ReadingSession {
                material: MATERIAL.into(),
                started: t0(),
                ended: now,
                active_seconds: i,
            })
            .unwrap();
        println!("SESSION {i}");
        // a tick and a note
        store.tick("p", &format!("i{i}"), true, "", now).unwrap();
        let n = store
            .annotate(
                AnnotationKind::Note,
                MATERIAL,
                Position::default(),
                "",
                &format!("笔记{i}"),
                now,
            )
            .unwrap();
        println!("NOTE {n}");
    }
}

fn kills() -> usize {
    std::env::var("XUEXI_CRASH_KILLS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20)
}

#[test]
fn killed_at_any_moment_nothing_committed_is_lost() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    let mut rng = xuexi::domain::rng::Rng::new(2026);
    let mut answers: Vec<(i64, i64)> = Vec::new();
    let mut attempts: Vec<i64> = Vec::new();
    let mut notes: Vec<i64> = Vec::new();
    let mut sessions: i64 = 0;
    let rounds = kills();
    for round in 0..rounds {
        let mut child = common::spawn_child(module_path!(), "crash_child_writer", CHILD_ENV, &db);
        let stdout = child.stdout.take().unwrap();
        // what it prints, line by line, as it prints it
        let (tx, rx) = std::sync::mpsc::channel::<String>();
        let reader = std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(l) = line else { break };
                if tx.send(l).is_err() {
                    break;
                }
            }
        });
        let mut lines = Vec::new();
        // when the kill comes: every other round counts from the start of the process, so a
        // kill may land at any instant, before the schema exists or mid-migration (how slowly
        // the child starts on a busy machine decides which); the others count from the moment
        // it starts writing; the last waits for a whole attempt, so some work is always done
        let wait_for = match round {
            r if r + 1 == rounds => Some("ATTEMPT"),
            r if r % 2 == 1 => Some("READY"),
            _ => None,
        };
        if let Some(mark) = wait_for {
            let limit = Instant::now() + Duration::from_secs(60);
            while Instant::now() < limit {
                match rx.recv_timeout(Duration::from_millis(100)) {
                    Ok(l) => {
                        let hit = l.contains(mark);
                        lines.push(l);
                        if hit {
                            break;
                        }
                    }
                    Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {}
                    Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => break,
                }
            }
        }
        let wait = Duration::from_millis(20 + rng.below(280) as u64);
        std::thread::sleep(wait);
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        reader.join().unwrap();
        lines.extend(rx.try_iter());
        for line in lines {
            let parts: Vec<&str> = line.split_whitespace().collect();
            match parts.as_slice() {
                ["ANSWER", a, p] => answers.push((a.parse().unwrap(), p.parse().unwrap())),
                ["ATTEMPT", a] => attempts.push(a.parse().unwrap()),
                ["NOTE", n] => notes.push(n.parse().unwrap()),
                ["SESSION", s] => sessions = sessions.max(s.parse().unwrap()),
                _ => {}
            }
        }

        // killed before it made the database or its schema: nothing can have been reported
        // committed, and what is there is sound
        let has_schema = db.exists() && {
            let conn = rusqlite::Connection::open(&db).unwrap();
            let ok: String = conn
                .query_row("PRAGMA integrity_check", [], |r| r.get(0))
                .unwrap();
            assert_eq!(ok, "ok", "round {round}");
            conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'answers'",
                [],
                |r| r.get::<_, i64>(0),
            )
            .unwrap()
                > 0
        };
        if !has_schema {
            assert!(
                answers.is_empty() && attempts.is_empty() && notes.is_empty() && sessions == 0,
                "ids printed but no schema, round {round}"
            );
            continue;
        }

        // the database after the kill
        let conn = rusqlite::Connection::open(&db).unwrap();
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok", "round {round}");
        let dangling: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(dangling, 0, "round {round}");
        // every id printed is there (checked against sets: the lists grow every round)
        let in_db: std::collections::HashSet<(i64, i64)> = conn
            .prepare("SELECT attempt_id, position FROM answers")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for ap in &answers {
            assert!(
                in_db.contains(ap),
                "answer {ap:?} printed but missing, round {round}"
            );
        }
        let submitted: std::collections::HashMap<i64, (String, i64)> = conn
            .prepare(
                "SELECT id, status, (SELECT count(*) FROM answers WHERE attempt_id = a.id)
                 FROM attempts a",
            )
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for a in &attempts {
            let (status, answered) = &submitted[a];
            assert_eq!(
                (status.as_str(), *answered),
                ("submitted", 2),
                "attempt {a}"
            );
        }
        // no attempt half written: a submitted attempt has its log event, and every answer
        // in the table has its event too (each pair was written in one transaction)
        let orphans: i64 = conn
            .query_row(
                "SELECT count(*) FROM attempts WHERE status = 'submitted' AND id NOT IN (
                    SELECT json_extract(data, '$.attempt') FROM events WHERE kind = 'attempt')",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(orphans, 0, "round {round}");
        let (answer_rows, answer_events): (i64, i64) = conn
            .query_row(
                "SELECT (SELECT count(*) FROM answers),
                        (SELECT count(*) FROM events WHERE kind = 'answer')",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(answer_rows, answer_events, "round {round}");
        let note_ids: std::collections::HashSet<i64> = conn
            .prepare("SELECT id FROM annotations")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        for n in &notes {
            assert!(
                note_ids.contains(n),
                "note {n} printed but missing, round {round}"
            );
        }
        if sessions > 0 {
            let secs: i64 = conn
                .query_row(
                    "SELECT coalesce(sum(json_extract(data, '$.seconds')), 0) FROM events
                     WHERE kind = 'reading'",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(
                secs >= sessions,
                "reading time printed is in the log, round {round}"
            );
        }
        drop(conn);
        // and the app opens it normally
        let store = Store::open(&db).unwrap();
        assert!(store.events(None, None).is_ok());
    }
    assert!(!attempts.is_empty(), "the children got some work done");
}
