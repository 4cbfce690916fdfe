//! Backups and damaged databases: daily backups only when something changed and kept for a
//! week, each one checked; a damaged database is set aside untouched and a good backup offered.

mod common;

use common::{cli::CliEnv, t0};
use predicates::prelude::*;
use xuexi::domain::log::Record;
use xuexi::store::backup::{Health, check_file, integrity_ok, list_backups};
use xuexi::store::{DB_FILE, Store};

fn tick(store: &mut Store, note: &str) {
    store
        .append_events(&[(
            t0(),
            Record::Tick {
                plan: "p".into(),
                item: "i".into(),
                done: true,
                note: note.into(),
            },
        )])
        .unwrap();
}

#[test]
fn daily_backups_when_something_changed_kept_for_a_week() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let mut store = Store::open(&db).unwrap();
    tick(&mut store, "一");
    let first = store
        .daily_backup("2026-11-01", 3)
        .unwrap()
        .expect("a first backup");
    assert!(integrity_ok(&first));
    assert!(
        store.daily_backup("2026-11-01", 3).unwrap().is_none(),
        "once a day"
    );
    assert!(
        store.daily_backup("2026-11-02", 3).unwrap().is_none(),
        "nothing changed"
    );
    for (i, day) in ["2026-11-03", "2026-11-04", "2026-11-05", "2026-11-06"]
        .iter()
        .enumerate()
    {
        tick(&mut store, &i.to_string());
        assert!(store.daily_backup(day, 3).unwrap().is_some(), "{day}");
    }
    let names: Vec<String> = list_backups(&db)
        .iter()
        .map(|b| b.path.file_name().unwrap().to_string_lossy().into_owned())
        .collect();
    let mut sorted = names.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        [
            "daily-2026-11-04.db",
            "daily-2026-11-05.db",
            "daily-2026-11-06.db"
        ]
    );
    // a backup holds what the database held
    let copy = Store::open(&dir.path().join("backups/daily-2026-11-06.db")).unwrap();
    assert_eq!(copy.events(None, None).unwrap().len(), 5);
}

/// A database file with a page in the middle overwritten, as a bad disk sector would.
fn damaged(dir: &std::path::Path) -> std::path::PathBuf {
    let db = dir.join(DB_FILE);
    {
        let mut store = Store::open(&db).unwrap();
        xuexi::service::bootstrap::sync_bundled(&mut store, t0()).unwrap();
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > 4 * page);
    for b in &mut bytes[2 * page..3 * page] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    db
}

#[test]
fn a_damaged_database_is_found_and_never_modified() {
    let dir = tempfile::tempdir().unwrap();
    let db = damaged(dir.path());
    let before = std::fs::read(&db).unwrap();
    assert!(matches!(check_file(&db), Health::Corrupt(_)));
    assert_eq!(
        std::fs::read(&db).unwrap(),
        before,
        "the check wrote nothing"
    );
    assert_eq!(check_file(&dir.path().join("none.db")), Health::Missing);
}

/// What cannot be opened for a reason other than damage (here a folder where the file should
/// be; in life a file of another user's, or one held by another program) is not called damaged,
/// and nothing is moved aside on that ground.
#[test]
fn an_unreadable_database_is_not_taken_for_a_damaged_one() {
    let e = CliEnv::new();
    let db = e.data().join("xuexi.db");
    std::fs::create_dir_all(&db).unwrap();
    assert!(
        matches!(check_file(&db), Health::Unreadable(_)),
        "{:?}",
        check_file(&db)
    );
    let out = e.cmd().output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let names: Vec<String> = std::fs::read_dir(e.data())
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(db.is_dir(), "left where it was");
    assert!(
        !names.iter().any(|n| n.contains("corrupt")),
        "nothing set aside: {names:?}"
    );
}

#[test]
fn at_start_a_damaged_database_is_set_aside_and_a_backup_offered() {
    let e = CliEnv::new();
    std::fs::create_dir_all(e.data()).unwrap();
    // a good backup from yesterday
    {
        let mut store = Store::open(&e.data().join(DB_FILE)).unwrap();
        tick(&mut store, "备份里的记录");
        store.daily_backup("2026-11-27", 7).unwrap().unwrap();
    }
    std::fs::remove_file(e.data().join(DB_FILE)).unwrap();
    let _ = std::fs::remove_file(e.data().join("xuexi.db-wal"));
    let _ = std::fs::remove_file(e.data().join("xuexi.db-shm"));
    let db = damaged(&e.data());
    let bad = std::fs::read(&db).unwrap();
    // the last run did not end cleanly (its marker is still there): the start reads it through
    std::fs::write(e.data().join("xuexi.running"), "4242").unwrap();
    // the member answers yes; the TUI then cannot start here (no terminal), which is fine
    let out = e.cmd().write_stdin("y\n").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("已损坏"), "{text}");
    assert!(text.contains("daily-2026-11-27.db"), "{text}");
    assert!(text.contains("已恢复"), "{text}");
    let aside: Vec<_> = std::fs::read_dir(e.data())
        .unwrap()
        .filter_map(|f| f.ok())
        .filter(|f| {
            f.file_name()
                .to_string_lossy()
                .starts_with("xuexi.db.corrupt-")
        })
        .filter(|f| !f.file_name().to_string_lossy().ends_with("-wal"))
        .filter(|f| !f.file_name().to_string_lossy().ends_with("-shm"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(aside[0].path()).unwrap(),
        bad,
        "set aside byte for byte"
    );
    let store = Store::open(&db).unwrap();
    let events = store.events(None, None).unwrap();
    assert!(matches!(&events[0].record, Record::Tick { note, .. } if note == "备份里的记录"));
}

#[test]
fn backup_and_restore_commands() {
    let e = CliEnv::new();
    e.cmd()
        .arg("restore")
        .assert()
        .success()
        .stdout(predicate::str::contains("还没有备份"));
    e.cmd()
        .arg("backup")
        .assert()
        .success()
        .stdout(predicate::str::contains("已备份到"));
    let list = list_backups(&e.data().join(DB_FILE));
    assert_eq!(list.len(), 1);
    assert!(integrity_ok(&list[0].path));
    e.cmd()
        .arg("restore")
        .assert()
        .success()
        .stdout(predicate::str::contains("manual-"));
    // a bad file is refused, the database untouched
    let junk = e.write("junk.db", "这不是数据库");
    let before = std::fs::read(e.data().join(DB_FILE)).unwrap();
    e.cmd()
        .args(["restore", "--yes"])
        .arg(&junk)
        .assert()
        .failure()
        .stderr(predicate::str::contains("不是完好的"));
    assert_eq!(std::fs::read(e.data().join(DB_FILE)).unwrap(), before);
    // asked, answered no: nothing happens
    e.cmd()
        .arg("restore")
        .arg(&list[0].path)
        .write_stdin("n\n")
        .assert()
        .failure()
        .stdout(predicate::str::contains("没有恢复"));
    e.cmd()
        .args(["restore", "--yes"])
        .arg(&list[0].path)
        .assert()
        .success()
        .stdout(predicate::str::contains("已恢复"));
    assert!(
        list_backups(&e.data().join(DB_FILE))
            .iter()
            .any(|b| b.path.to_string_lossy().contains("before-restore-")),
        "the database replaced was backed up first"
    );
}
