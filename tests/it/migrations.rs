//! A database from every earlier schema version (tests/fixtures/schemas/vN.db, written once by
//! `cargo run --example make_schema_fixtures` and never changed) upgrades keeping every row.

use std::collections::BTreeMap;
use std::path::Path;

use xuexi::store::Store;
use xuexi::text::search::Query;

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
