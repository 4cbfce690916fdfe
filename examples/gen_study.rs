//! Writes a year of a member's study into a database, for `bench/scale.sh` (the backup's size
//! and time): `cargo run --release --example gen_study -- DB [DAYS]` (default 365). Each day:
//! three materials of the library read (progress, a reading session, its log rows), one read
//! to the end, a ten-question quiz in the log, a plan item ticked; a note every third day.
//! Deterministic: the materials are taken in the library's order, stepping through it.

use std::path::PathBuf;

use xuexi::domain::annotation::AnnotationKind;
use xuexi::domain::log::Record;
use xuexi::domain::material::Position;
use xuexi::domain::reading::ReadingSession;
use xuexi::store::Store;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().ok_or("usage: gen_study DB [DAYS]")?);
    let days: i64 = args.next().and_then(|a| a.parse().ok()).unwrap_or(365);
    let mut store = Store::open(&db)?;
    let mut ids = Vec::new();
    store.each_material(|m| {
        ids.push(m.meta.id);
        Ok(())
    })?;
    if ids.is_empty() {
        return Err("the library is empty: import materials first".into());
    }
    let start: jiff::Timestamp = "2025-11-30T12:00:00Z".parse()?;
    let mut next = 0usize;
    for day in 0..days {
        let at = |secs: i64| start + jiff::SignedDuration::from_secs(day * 86_400 + secs);
        for k in 0..3i64 {
            let id = ids[(next * 7919) % ids.len()].clone();
            next += 1;
            let p = Position {
                block: k as usize,
                offset: 0,
            };
            let done = k == 0;
            store.save_progress(&id, p, if done { 100 } else { 40 }, done, at(k * 900))?;
            store.save_session(&ReadingSession {
                material: id.clone(),
                started: at(k * 900),
                ended: at(k * 900 + 600),
                active_seconds: 540,
            })?;
            if k == 0 && day % 3 == 0 {
                store.annotate(
                    AnnotationKind::Note,
                    &id,
                    p,
                    "疫情防控",
                    "这一段要结合本支部实际，在组织生活会上交流。",
                    at(k * 900 + 300),
                )?;
            }
        }
        let attempt = day + 1;
        let mut events: Vec<(jiff::Timestamp, Record)> = (0..10)
            .map(|q| {
                (
                    at(4000 + q * 20),
                    Record::Answer {
                        sealed: false,
                        attempt,
                        mode: "daily".into(),
                        position: q as usize,
                        bank: "newsletter-2020-02".into(),
                        question: format!("q{:03}", (day * 10 + q) % 120 + 1),
                        response: "[1]".into(),
                        correct: q % 4 != 0,
                        points: 1.0,
                        seconds: 18,
                        hinted: false,
                    },
                )
            })
            .collect();
        events.push((
            at(4200),
            Record::Attempt {
                sealed: false,
                attempt,
                mode: "daily".into(),
                bank: None,
                paper: None,
                title: "每日答题".into(),
                started: at(4000),
                seconds: 200,
                score: 7.0,
                max: 10.0,
                percent: 70.0,
                passed: None,
                right: 7,
                answered: 10,
                hinted: 0,
            },
        ));
        events.push((
            at(5000),
            Record::Tick {
                plan: "winter-2020".into(),
                item: format!("day-{day}"),
                done: true,
                note: "按计划完成当天自学。".into(),
            },
        ));
        store.append_events(&events)?;
    }
    eprintln!("{days} days of study written into {}", db.display());
    Ok(())
}
