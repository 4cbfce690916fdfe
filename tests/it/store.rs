//! Store behaviour: bundle sync, progress, imports, migrations, refusing newer databases.

use crate::common;

use common::{at, t0};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use xuexi::domain::material::{Material, Meta, Position};
use xuexi::domain::reading::ReadingSession;
use xuexi::import::material::parse_material_bytes;
use xuexi::store::{BundledFile, Store, StoreError};
use xuexi::text::search::Query;

fn file(name: &str, id: &str, body: &str) -> BundledFile<'static> {
    let text =
        format!("+++\nid = \"{id}\"\ntitle = \"标题 {id}\"\ncolumn = \"学习动态\"\n+++\n{body}\n");
    BundledFile {
        name: name.to_string(),
        hash: format!("{:x}", text.len() * 7919 + body.chars().count()) + id + body,
        bytes: Cow::Owned(text.into_bytes()),
    }
}

fn sync(store: &mut Store, files: &[BundledFile<'_>]) -> xuexi::store::SyncReport {
    store
        .sync_bundled(files, t0(), |f| {
            parse_material_bytes(std::path::Path::new(&f.name), &f.bytes)
        })
        .unwrap()
}

#[test]
fn bundled_sync_adds_then_leaves_alone() {
    let mut s = Store::open_in_memory().unwrap();
    let r = xuexi::service::bootstrap::sync_bundled(&mut s, t0()).unwrap();
    assert_eq!(r.added, 5);
    let r = xuexi::service::bootstrap::sync_bundled(&mut s, t0()).unwrap();
    assert_eq!((r.added, r.updated, r.unchanged), (0, 0, 5));
    assert_eq!(s.list_materials().unwrap().len(), 5);
}

#[test]
fn changed_content_updates_and_keeps_progress() {
    let mut s = Store::open_in_memory().unwrap();
    sync(
        &mut s,
        &[file("a.md", "a", "第一版"), file("b.md", "b", "乙")],
    );
    s.save_progress(
        "a",
        Position {
            block: 0,
            offset: 3,
        },
        40,
        false,
        t0(),
    )
    .unwrap();
    let r = sync(
        &mut s,
        &[file("a.md", "a", "第二版"), file("b.md", "b", "乙")],
    );
    assert_eq!((r.added, r.updated, r.unchanged), (0, 1, 1));
    let (m, _, p) = s.material("a").unwrap();
    assert_eq!(m.body, "第二版\n");
    assert_eq!(p.percent, 40, "progress survives a content update");
    assert_eq!(
        p.position,
        Position {
            block: 0,
            offset: 3
        }
    );
}

#[test]
fn dropped_material_with_progress_stays_readable() {
    let mut s = Store::open_in_memory().unwrap();
    sync(
        &mut s,
        &[
            file("a.md", "a", "甲"),
            file("b.md", "b", "乙"),
            file("c.md", "c", "丙"),
        ],
    );
    s.save_progress("a", Position::default(), 100, true, t0())
        .unwrap();
    s.save_session(&ReadingSession {
        material: "b".into(),
        started: t0(),
        ended: at(60),
        active_seconds: 60,
    })
    .unwrap();
    let r = sync(&mut s, &[]);
    assert_eq!((r.retired, r.removed), (2, 1));
    let list = s.list_materials().unwrap();
    let ids: Vec<&str> = list.iter().map(|m| m.meta.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert!(list.iter().all(|m| !m.in_bundle));
    let (m, _, p) = s.material("a").unwrap();
    assert_eq!(m.body, "甲\n");
    assert!(p.read);
    assert!(matches!(
        s.material("c"),
        Err(StoreError::NoSuchMaterial(_))
    ));
    // back in the bundle: in_bundle again
    sync(&mut s, &[file("a.md", "a", "甲")]);
    assert!(
        s.list_materials()
            .unwrap()
            .iter()
            .find(|m| m.meta.id == "a")
            .unwrap()
            .in_bundle
    );
}

#[test]
fn progress_percent_only_grows_and_read_sticks() {
    let mut s = common::store();
    let id = "xuzhou-sixue-jizhi";
    s.save_progress(
        id,
        Position {
            block: 3,
            offset: 9,
        },
        60,
        false,
        t0(),
    )
    .unwrap();
    s.save_progress(
        id,
        Position {
            block: 1,
            offset: 0,
        },
        20,
        false,
        at(5),
    )
    .unwrap();
    let (_, _, p) = s.material(id).unwrap();
    assert_eq!(p.percent, 60);
    assert_eq!(
        p.position,
        Position {
            block: 1,
            offset: 0
        },
        "position is where the member is"
    );
    s.save_progress(id, Position::default(), 100, true, at(9))
        .unwrap();
    s.save_progress(id, Position::default(), 10, false, at(10))
        .unwrap();
    assert!(s.material(id).unwrap().2.read);
}

#[test]
fn sessions_are_upserted_by_start() {
    let mut s = common::store();
    let id = "siyang-sanxun";
    let mut sess = ReadingSession {
        material: id.into(),
        started: t0(),
        ended: at(30),
        active_seconds: 30,
    };
    s.save_session(&sess).unwrap();
    sess.ended = at(90);
    sess.active_seconds = 80;
    s.save_session(&sess).unwrap();
    assert_eq!(s.reading_seconds(Some(id)).unwrap(), 80);
    assert_eq!(s.reading_seconds(None).unwrap(), 80);
}

fn user(id: &str, body: &str) -> (Material, String) {
    (
        Material {
            meta: Meta {
                id: id.into(),
                title: format!("我的{id}"),
                ..Default::default()
            },
            body: body.into(),
        },
        format!("hash-{body}"),
    )
}

#[test]
fn user_import_is_all_or_nothing() {
    let mut s = common::store();
    let err = s
        .import_user(&[user("mine", "甲"), user("siyang-sanxun", "乙")], t0())
        .unwrap_err();
    assert!(matches!(err, StoreError::BundledId(ref id) if id == "siyang-sanxun"));
    assert!(s.material("mine").is_err(), "nothing imported");
    let (_, _, p) = s.material("siyang-sanxun").unwrap();
    assert_eq!(p.percent, 0);
    assert_eq!(
        s.material("siyang-sanxun").unwrap().0.meta.title,
        "泗阳：“三训”工作法推动党员冬训工作落地落实"
    );
}

#[test]
fn user_reimport_updates_and_keeps_progress() {
    let mut s = common::store();
    let r = s.import_user(&[user("mine", "甲")], t0()).unwrap();
    assert_eq!(r.added, 1);
    s.save_progress(
        "mine",
        Position {
            block: 0,
            offset: 0,
        },
        50,
        false,
        t0(),
    )
    .unwrap();
    let r = s.import_user(&[user("mine", "甲")], at(1)).unwrap();
    assert_eq!(r.unchanged, 1);
    let r = s.import_user(&[user("mine", "甲乙")], at(2)).unwrap();
    assert_eq!(r.updated, 1);
    let (m, _, p) = s.material("mine").unwrap();
    assert_eq!(m.body, "甲乙");
    assert_eq!(p.percent, 50);
    // user materials come after the bundled ones
    assert_eq!(s.list_materials().unwrap().last().unwrap().meta.id, "mine");
}

#[test]
fn migrating_an_older_schema_keeps_rows_and_backs_up() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xuexi.db");
    Store::create_at_version(&path, 1).unwrap();
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch(
            "INSERT INTO materials (id, origin, title, hash, sort_key, added_at, updated_at)
             VALUES ('old', 'user', '旧资料', 'h', 'user/1', 't', 't');
             INSERT INTO material_bodies (material_id, body) VALUES ('old', '正文');
             INSERT INTO progress (material_id, block, offset, percent, read_at, updated_at)
             VALUES ('old', 2, 5, 70, 't', 't');",
        )
        .unwrap();
    }
    let s = Store::open(&path).unwrap();
    assert_eq!(s.schema_version().unwrap(), Store::latest_version());
    let (m, _, p) = s.material("old").unwrap();
    assert_eq!(m.meta.title, "旧资料");
    assert_eq!(
        (p.position.block, p.position.offset, p.percent, p.read),
        (2, 5, 70, true)
    );
    let backups: Vec<_> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .collect();
    assert_eq!(backups.len(), 1, "one backup before migrating");
    let b = rusqlite::Connection::open(backups[0].as_ref().unwrap().path()).unwrap();
    let v: i64 = b
        .pragma_query_value(None, "user_version", |r| r.get(0))
        .unwrap();
    assert_eq!(v, 1, "the backup is the old schema");
}

#[test]
fn newer_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xuexi.db");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 99;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path).err().expect("refused");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }));
    assert!(err.to_string().contains("newer xuexi"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file is untouched"
    );
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(
        names,
        ["xuexi.db"],
        "no journal or backup written beside it"
    );
}

#[test]
fn file_database_uses_wal_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let s = Store::open(&dir.path().join("xuexi.db")).unwrap();
    let mode: String = s
        .conn()
        .pragma_query_value(None, "journal_mode", |r| r.get(0))
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = s
        .conn()
        .pragma_query_value(None, "foreign_keys", |r| r.get(0))
        .unwrap();
    assert_eq!(fk, 1);
    let err = s.conn().execute(
        "INSERT INTO progress (material_id, updated_at) VALUES ('nope', 't')",
        [],
    );
    assert!(err.is_err(), "progress for a missing material is refused");
}

#[test]
fn the_days_the_app_was_opened_are_kept_once_each() {
    let mut store = common::store();
    let d = |s: &str| s.parse::<jiff::civil::Date>().unwrap();
    store.record_open(d("2026-11-28")).unwrap();
    store.record_open(d("2026-11-28")).unwrap();
    store.record_open(d("2026-11-27")).unwrap();
    assert_eq!(
        store.opened_days().unwrap(),
        vec![d("2026-11-27"), d("2026-11-28")]
    );
}

// ---- every earlier schema version
// A database from every earlier schema version (tests/fixtures/schemas/vN.db, written once by
// `cargo run --example make_schema_fixtures` and never changed) upgrades keeping every row.

/// Row counts of the ordinary tables (not SQLite's own, not the search index's).
fn counts(path: &Path) -> BTreeMap<String, i64> {
    let conn = rusqlite::Connection::open(path).unwrap();
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table'
             AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'search%'",
        )
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    tables
        .into_iter()
        .map(|t| {
            let n: i64 = conn
                .query_row(&format!("SELECT count(*) FROM \"{t}\""), [], |r| r.get(0))
                .unwrap();
            (t, n)
        })
        .collect()
}

/// A copy of the database at schema `v` (its fixture), in a folder of its own.
fn fixture_copy(v: i64) -> (tempfile::TempDir, std::path::PathBuf) {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/schemas/v{v}.db"));
    assert!(
        fixture.exists(),
        "no fixture for schema {v}: run the make_schema_fixtures example"
    );
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    std::fs::copy(&fixture, &db).unwrap();
    (dir, db)
}

#[test]
fn every_earlier_version_upgrades_keeping_every_row() {
    let latest = Store::latest_version();
    for v in 1..latest {
        let (dir, db) = fixture_copy(v);
        let before = counts(&db);
        let store = Store::open(&db).unwrap();
        assert_eq!(store.schema_version().unwrap(), latest);
        drop(store);
        let after = counts(&db);
        for (table, n) in &before {
            let m = after.get(table).copied().unwrap_or(-1);
            // the upgrade adds to these (the log filled from old tables; the index version;
            // the review cards made once from the answers given before review existed)
            if table == "events" || table == "meta" || table == "review_cards" {
                assert!(m >= *n, "v{v}: {table} {n} → {m}");
            } else {
                assert_eq!(m, *n, "v{v}: rows of {table}");
            }
        }
        // what the rows say survived too, and the new parts work on them
        let store = Store::open(&db).unwrap();
        let (m, _, progress) = store.material("my-notes").unwrap();
        assert_eq!(m.meta.title, "我的心得", "v{v}");
        assert!(progress.read, "v{v}");
        let hits = store
            .search(&Query::parse("体会").unwrap(), None, 5)
            .unwrap();
        assert_eq!(
            hits[0].id, "my-notes",
            "v{v}: the index is built for old rows"
        );
        if v >= 4 {
            let h = store.history().unwrap();
            assert_eq!((h.len(), h[0].status.as_str()), (1, "submitted"), "v{v}");
            // questions answered before long-term review have their cards
            let answered: i64 = store
                .conn()
                .query_row(
                    "SELECT count(DISTINCT bank_id || '/' || question_id) FROM answers",
                    [],
                    |r| r.get(0),
                )
                .unwrap();
            assert!(answered > 0, "v{v}");
            assert_eq!(store.review_rows().unwrap().len() as i64, answered, "v{v}");
        }
        if v >= 2 {
            let note: String = store
                .conn()
                .query_row("SELECT value FROM meta WHERE key = 'note'", [], |r| {
                    r.get(0)
                })
                .unwrap();
            assert_eq!(note, "fixture", "v{v}");
        }
        let events = store.events(None, None).unwrap();
        assert!(
            !events.is_empty(),
            "v{v}: the log holds what the old tables recorded"
        );
        // the old file was backed up before the upgrade
        let backups = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .count();
        assert_eq!(backups, 1, "v{v}");
    }
}

/// Before a migration the member's data is kept at the old schema (a member backup, not a whole
/// copy of the file), and putting it back — into a new database of this build — gives back
/// every row of the member's tables and the materials they point at.
#[test]
fn the_backup_before_a_migration_keeps_the_members_data_at_the_old_schema() {
    let latest = Store::latest_version();
    for v in 2..latest {
        let (dir, db) = fixture_copy(v);
        let migrated = counts(&db);
        drop(Store::open(&db).unwrap());
        let migrated_now = counts(&db);
        let backup = std::fs::read_dir(dir.path().join("backups"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .find(|p| p.to_string_lossy().contains(&format!("xuexi-v{v}-")))
            .unwrap_or_else(|| panic!("v{v}: no backup before migrating"));
        assert!(xuexi::store::is_member_backup(&backup), "v{v}");
        let at: i64 = rusqlite::Connection::open(&backup)
            .unwrap()
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(at, v, "the backup is at the old schema");
        // a new machine: an empty database of this build, then the backup
        let other = tempfile::tempdir().unwrap();
        let fresh = other.path().join("xuexi.db");
        let mut store = Store::open(&fresh).unwrap();
        store.restore_member_data(&backup).unwrap();
        let (m, _, progress) = store.material("my-notes").unwrap();
        assert_eq!(m.meta.title, "我的心得", "v{v}");
        assert!(progress.read, "v{v}");
        drop(store);
        let restored = counts(&fresh);
        for (table, n) in &migrated_now {
            // the materials the member's data does not point at are the library's, not kept
            if table == "materials" || table == "material_bodies" || table == "meta" {
                continue;
            }
            assert_eq!(restored.get(table), Some(n), "v{v}: rows of {table}");
        }
        assert!(migrated.len() <= migrated_now.len());
    }
}
