//! Backups and damaged databases: daily backups only when something changed and kept for a
//! week, each one checked; a damaged database is set aside untouched and a good backup offered.

use crate::common;

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
    // a table of the member's (a start after an unclean exit reads those before the screen)
    let root: usize = store_root(&db, "events");
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    assert!(bytes.len() > root * page);
    for b in &mut bytes[(root - 1) * page..root * page] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    db
}

/// The first page of `table` in the database file `db`.
fn store_root(db: &std::path::Path, table: &str) -> usize {
    let c = rusqlite::Connection::open(db).unwrap();
    let root: i64 = c
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap();
    root as usize
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
        let mut store = e.store();
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
        .stdout(predicate::str::contains("里的学习数据替换现在的学习数据吗"))
        .stdout(predicate::str::contains("没有恢复"));
    e.cmd()
        .args(["restore", "--yes"])
        .arg(&list[0].path)
        .assert()
        .success()
        .stdout(predicate::str::contains("已恢复"))
        .stdout(predicate::str::contains("已放回备份里的学习数据"));
    assert!(
        list_backups(&e.data().join(DB_FILE))
            .iter()
            .any(|b| b.path.to_string_lossy().contains("before-restore-")),
        "the database replaced was backed up first"
    );
    // a whole copy, asked for, is put in the database's place
    e.cmd()
        .args(["backup", "--full"])
        .assert()
        .success()
        .stdout(predicate::str::contains("full-"));
    let full = list_backups(&e.data().join(DB_FILE))
        .into_iter()
        .find(|b| b.path.to_string_lossy().contains("full-"))
        .unwrap();
    assert!(!xuexi::store::is_member_backup(&full.path));
    let out = e
        .cmd()
        .args(["restore", "--yes"])
        .arg(&full.path)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("已恢复") && !text.contains("已放回"),
        "{text}"
    );
}

fn material(id: &str, text: &str) -> xuexi::domain::material::Material {
    let src = format!("+++\nid = \"{id}\"\ntitle = \"资料 {id}\"\n+++\n\n{text}\n");
    xuexi::import::material::parse_material_bytes(
        std::path::Path::new(&format!("{id}.md")),
        src.as_bytes(),
    )
    .unwrap()
}

/// Imports `from..to` materials u{n} as the member's archive, each with a word of its own.
fn archive(store: &mut Store, from: usize, to: usize) {
    let items: Vec<_> = (from..to)
        .map(|n| {
            let text = format!("第{n}篇。档案正文，独有词语号{n}号。");
            (material(&format!("u{n}"), &text), format!("h{n}"))
        })
        .collect();
    store.import_user(&items, t0()).unwrap();
}

/// Every row of every table that is the member's doing (not the library's materials nor the
/// search index), as text, table by table.
fn member_dump(store: &Store) -> Vec<(String, Vec<String>)> {
    let conn = store.conn();
    let names: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite%'
             AND name NOT IN ('materials', 'material_bodies') AND name NOT LIKE 'search%'
             ORDER BY name",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    names
        .into_iter()
        .map(|t| {
            let mut stmt = conn.prepare(&format!("SELECT * FROM \"{t}\"")).unwrap();
            let n = stmt.column_count();
            let mut rows: Vec<String> = stmt
                .query_map([], |r| {
                    Ok((0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).unwrap()))
                        .collect::<Vec<_>>()
                        .join("|"))
                })
                .unwrap()
                .map(Result::unwrap)
                .collect();
            rows.sort();
            (t, rows)
        })
        .collect()
}

fn count(store: &Store, sql: &str) -> i64 {
    store.conn().query_row(sql, [], |r| r.get(0)).unwrap()
}

fn some_study(store: &mut Store, material: &str, note: &str, secs: i64) {
    use xuexi::domain::annotation::AnnotationKind;
    use xuexi::domain::material::Position;
    let p = Position {
        block: 0,
        offset: 0,
    };
    store
        .save_progress(material, p, 60, false, common::at(secs))
        .unwrap();
    store
        .save_session(&xuexi::domain::reading::ReadingSession {
            material: material.into(),
            started: common::at(secs),
            ended: common::at(secs + 120),
            active_seconds: 100,
        })
        .unwrap();
    store
        .annotate(
            AnnotationKind::Note,
            material,
            p,
            "第",
            note,
            common::at(secs),
        )
        .unwrap();
    tick(store, note);
}

/// The daily backup keeps what the member did and the materials it points at — not the
/// library's other materials nor the search index — and putting it back gives back exactly
/// what the member had, into the same database or into a new one.
#[test]
fn a_member_backup_keeps_the_members_data_and_restores_it_whole() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join(DB_FILE);
    let mut store = Store::open(&db).unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut store, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, t0()).unwrap();
    archive(&mut store, 0, 40);
    some_study(&mut store, "u1", "第一条笔记", 0);
    some_study(&mut store, "u2", "第二条笔记", 600);
    let studied = member_dump(&store);
    let file = dir.path().join("member.db");
    store.backup_to(&file).unwrap();
    assert!(xuexi::store::is_member_backup(&file));
    assert!(!xuexi::store::is_member_backup(&db));
    {
        let copy = Store::open_read_only(&file).unwrap();
        assert_eq!(member_dump(&copy).len(), studied.len());
        let mut ids: Vec<String> = copy
            .conn()
            .prepare("SELECT m.id FROM materials m JOIN material_bodies b ON b.material_id = m.id")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        ids.sort();
        assert_eq!(
            ids,
            ["u1", "u2"],
            "only the materials studied, with their text"
        );
        assert_eq!(
            count(
                &copy,
                "SELECT count(*) FROM meta WHERE key = 'search_generation'"
            ),
            0,
            "no search index goes with it"
        );
    }

    // the member goes on: more study, more materials in the library
    some_study(&mut store, "u5", "备份之后的笔记", 1200);
    archive(&mut store, 40, 45);
    assert_ne!(member_dump(&store), studied);
    let back = store.restore_member_data(&file).unwrap();
    assert_eq!(back.materials_added, 0);
    assert_eq!(member_dump(&store), studied, "the member's data as it was");
    assert_eq!(
        count(
            &store,
            "SELECT count(*) FROM materials WHERE origin = 'user'"
        ),
        45,
        "the library kept"
    );
    // the log is append-only again after the swap
    assert!(
        store
            .conn()
            .execute("DELETE FROM events WHERE id = 1", [])
            .is_err()
    );

    // a new machine: only the bundled materials, then the backup
    let db2 = dir.path().join("new").join(DB_FILE);
    std::fs::create_dir_all(db2.parent().unwrap()).unwrap();
    let mut fresh = Store::open(&db2).unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut fresh, t0()).unwrap();
    let back = fresh.restore_member_data(&file).unwrap();
    assert_eq!(back.materials_added, 2);
    assert_eq!(member_dump(&fresh), studied);
    let (m, _, progress) = fresh.material("u1").unwrap();
    assert!(m.body.contains("独有词语号1号"), "{}", m.body);
    assert_eq!(progress.percent, 60);
    let q = xuexi::text::search::Query::parse("独有词语号2号").unwrap();
    let hits = fresh.search(&q, None, 5).unwrap();
    assert_eq!(hits.len(), 1, "a material put back is found by search");
    assert!(
        !dir.path().join("new").join("xuexi.db-merging").exists(),
        "the scratch copy is gone"
    );
}

/// A backup that cannot be put back whole (here one whose reading progress points at a
/// material it lacks) changes nothing: the restore is one transaction.
#[test]
fn a_member_restore_that_fails_leaves_the_database_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join(DB_FILE)).unwrap();
    archive(&mut store, 0, 5);
    some_study(&mut store, "u1", "要恢复的笔记", 0);
    let file = dir.path().join("member.db");
    store.backup_to(&file).unwrap();
    {
        let broken = Store::open(&file).unwrap();
        broken
            .conn()
            .execute_batch(
                "PRAGMA foreign_keys = OFF;
                 DELETE FROM material_bodies WHERE material_id = 'u1';
                 DELETE FROM materials WHERE id = 'u1';",
            )
            .unwrap();
    }
    let other = dir.path().join("other");
    std::fs::create_dir_all(&other).unwrap();
    let mut target = Store::open(&other.join(DB_FILE)).unwrap();
    some_study_elsewhere(&mut target);
    let before = member_dump(&target);
    assert!(target.restore_member_data(&file).is_err());
    assert_eq!(member_dump(&target), before, "nothing changed");
    assert_eq!(count(&target, "SELECT count(*) FROM materials"), 1);
}

fn some_study_elsewhere(store: &mut Store) {
    archive(store, 7, 8);
    some_study(store, "u7", "这里的笔记", 0);
}

/// `xuexi backup` while the app runs in another terminal (its database open read-only here)
/// still writes the member's backup: it used to be a copy SQLite could make read-only, and must
/// stay possible.
#[test]
fn a_backup_is_made_while_another_xuexi_writes() {
    let e = CliEnv::new();
    e.cmd().args(["materials", "list"]).assert().success();
    {
        let mut store = e.store();
        tick(&mut store, "另一个终端里的记录");
    }
    let store = Store::open_read_only(&e.data().join(DB_FILE)).unwrap();
    assert!(store.is_read_only());
    let file = e.data().join("backups").join("while-open.db");
    store.backup_to(&file).unwrap();
    assert!(xuexi::store::is_member_backup(&file));
    let copy = Store::open_read_only(&file).unwrap();
    let events = copy.events(None, None).unwrap();
    assert!(matches!(&events[0].record, Record::Tick { note, .. } if note == "另一个终端里的记录"));
}

/// A command (not only the TUI) notices a damaged database — on opening or on the page it
/// reads later — and says so in the member's words: set aside where, and how to put the
/// newest good backup back; SQLite's English stays in the log.
#[test]
fn a_command_on_a_damaged_database_says_so_and_how_to_restore() {
    let e = CliEnv::new();
    std::fs::create_dir_all(e.data()).unwrap();
    {
        let mut store = e.store();
        tick(&mut store, "备份里的记录");
        store.daily_backup("2026-11-27", 7).unwrap().unwrap();
    }
    for f in [DB_FILE, "xuexi.db-wal", "xuexi.db-shm"] {
        let _ = std::fs::remove_file(e.data().join(f));
    }
    // the study log's page overwritten: the library (and `materials list`) still reads, the
    // export does not
    let db = e.data().join(DB_FILE);
    {
        let mut store = Store::open(&db).unwrap();
        xuexi::service::bootstrap::sync_bundled(&mut store, t0()).unwrap();
        tick(&mut store, "坏掉的记录");
        store
            .conn()
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")
            .unwrap();
    }
    let root: i64 = Store::open(&db)
        .unwrap()
        .conn()
        .query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = 'events'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(&db).unwrap();
    let page = 4096;
    let root = usize::try_from(root).unwrap();
    for b in &mut bytes[(root - 1) * page..root * page] {
        *b = 0xA5;
    }
    std::fs::write(&db, &bytes).unwrap();
    e.cmd().args(["materials", "list"]).assert().success();
    let out = e
        .cmd()
        .args(["export", "--format", "json"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(err.contains("已损坏"), "{err}");
    assert!(
        err.contains("xuexi restore") && err.contains("daily-2026-11-27.db"),
        "{err}"
    );
    assert!(
        !err.contains("malformed") && !err.contains("not a database"),
        "SQLite's English: {err}"
    );
    let aside: Vec<String> = std::fs::read_dir(e.data())
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| {
            n.starts_with("xuexi.db.corrupt-") && !n.ends_with("-wal") && !n.ends_with("-shm")
        })
        .collect();
    assert_eq!(aside.len(), 1, "{aside:?}");
    assert!(err.contains(&aside[0]), "where the copy is kept: {err}");
    // the way back it names works
    let backup = e.data().join("backups/daily-2026-11-27.db");
    e.cmd()
        .arg("restore")
        .arg(&backup)
        .arg("--yes")
        .assert()
        .success();
    let store = e.store();
    assert!(!store.events(None, None).unwrap().is_empty());
}

#[test]
fn a_file_that_is_no_database_is_reported_as_damaged_by_any_command() {
    let e = CliEnv::new();
    std::fs::create_dir_all(e.data()).unwrap();
    std::fs::write(e.data().join(DB_FILE), vec![0x5a; 64 * 1024]).unwrap();
    let out = e.cmd().args(["materials", "list"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("已损坏") && err.contains("没有找到完好的备份"),
        "{err}"
    );
    assert!(!err.contains("not a database"), "{err}");
}
