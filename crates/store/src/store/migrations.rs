//! Numbered schema migrations. Append only: a shipped migration is never edited.

use std::path::Path;

use rusqlite::Connection;

use super::{Result, StoreError};

/// Each entry takes the schema from version `i` to `i + 1`.
pub(crate) const MIGRATIONS: &[&str] = &[
    // 1: materials (their bodies in a table of their own, so listing the library never reads
    // through megabytes of text) and reading progress
    "CREATE TABLE materials (
        id          TEXT PRIMARY KEY,
        origin      TEXT NOT NULL CHECK (origin IN ('bundled', 'user')),
        title       TEXT NOT NULL,
        column_name TEXT NOT NULL DEFAULT '',
        source      TEXT NOT NULL DEFAULT '',
        date        TEXT,
        tags        TEXT NOT NULL DEFAULT '[]',
        summary     TEXT NOT NULL DEFAULT '',
        chars       INTEGER NOT NULL DEFAULT 0,
        hash        TEXT NOT NULL,
        sort_key    TEXT NOT NULL,
        in_bundle   INTEGER NOT NULL DEFAULT 1,
        added_at    TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE material_bodies (
        material_id TEXT PRIMARY KEY REFERENCES materials(id) ON DELETE CASCADE,
        body        TEXT NOT NULL
    );
    CREATE TABLE progress (
        material_id TEXT PRIMARY KEY REFERENCES materials(id),
        block       INTEGER NOT NULL DEFAULT 0,
        offset      INTEGER NOT NULL DEFAULT 0,
        percent     INTEGER NOT NULL DEFAULT 0 CHECK (percent BETWEEN 0 AND 100),
        read_at     TEXT,
        updated_at  TEXT NOT NULL
    );",
    // 2: reading sessions (time counted in the reader) and small key/value state
    "CREATE TABLE reading_sessions (
        id             INTEGER PRIMARY KEY,
        material_id    TEXT NOT NULL REFERENCES materials(id),
        started_at     TEXT NOT NULL,
        ended_at       TEXT NOT NULL,
        active_seconds INTEGER NOT NULL CHECK (active_seconds >= 0),
        UNIQUE (material_id, started_at)
    );
    CREATE INDEX reading_sessions_started ON reading_sessions(started_at);
    CREATE TABLE meta (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );",
    // 3: quiz banks, their questions and exam papers (a bank is replaced whole on re-import)
    "CREATE TABLE banks (
        id          TEXT PRIMARY KEY,
        origin      TEXT NOT NULL CHECK (origin IN ('bundled', 'user')),
        title       TEXT NOT NULL,
        description TEXT NOT NULL DEFAULT '',
        version     INTEGER,
        hash        TEXT NOT NULL,
        source_name TEXT NOT NULL DEFAULT '',
        updated_at  TEXT NOT NULL
    );
    CREATE TABLE questions (
        bank_id     TEXT NOT NULL REFERENCES banks(id) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        position    INTEGER NOT NULL,
        kind        TEXT NOT NULL CHECK (kind IN ('single', 'multiple', 'judge', 'fill')),
        stem        TEXT NOT NULL,
        options     TEXT NOT NULL DEFAULT '[]',
        answer      TEXT NOT NULL,
        explanation TEXT NOT NULL DEFAULT '',
        material_id TEXT,
        tags        TEXT NOT NULL DEFAULT '[]',
        difficulty  INTEGER,
        points      INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (bank_id, id)
    );
    CREATE TABLE papers (
        bank_id          TEXT NOT NULL REFERENCES banks(id) ON DELETE CASCADE,
        id               TEXT NOT NULL,
        position         INTEGER NOT NULL,
        title            TEXT NOT NULL,
        minutes          INTEGER NOT NULL,
        pass             INTEGER NOT NULL,
        draw             TEXT NOT NULL,
        tags             TEXT NOT NULL DEFAULT '[]',
        multiple_partial REAL,
        PRIMARY KEY (bank_id, id)
    );",
    // 4: quiz attempts and every answer, written as it is given; the wrong-answer book.
    // No foreign keys to banks or questions: the history outlives a removed or re-imported bank.
    "CREATE TABLE attempts (
        id          INTEGER PRIMARY KEY,
        mode        TEXT NOT NULL CHECK (mode IN ('practice', 'exam', 'daily', 'challenge', 'review')),
        bank_id     TEXT,
        paper_id    TEXT,
        title       TEXT NOT NULL,
        seed        INTEGER NOT NULL,
        items       TEXT NOT NULL,
        day         TEXT NOT NULL,
        started_at  TEXT NOT NULL,
        finished_at TEXT,
        status      TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'submitted', 'abandoned')),
        time_limit  INTEGER,
        used_secs   INTEGER NOT NULL DEFAULT 0,
        pass        INTEGER,
        partial     REAL,
        score       REAL,
        max_score   REAL,
        percent     REAL,
        passed      INTEGER
    );
    CREATE INDEX attempts_mode_day ON attempts(mode, day);
    CREATE TABLE answers (
        id          INTEGER PRIMARY KEY,
        attempt_id  INTEGER NOT NULL REFERENCES attempts(id),
        position    INTEGER NOT NULL,
        bank_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        response    TEXT NOT NULL,
        correct     INTEGER NOT NULL,
        points      REAL NOT NULL,
        seconds     INTEGER NOT NULL,
        answered_at TEXT NOT NULL,
        UNIQUE (attempt_id, position)
    );
    CREATE INDEX answers_question ON answers(bank_id, question_id);
    CREATE TABLE wrong_book (
        bank_id        TEXT NOT NULL,
        question_id    TEXT NOT NULL,
        box            INTEGER NOT NULL DEFAULT 0,
        right_days     INTEGER NOT NULL DEFAULT 0,
        last_right_day TEXT,
        added_at       TEXT NOT NULL,
        PRIMARY KEY (bank_id, question_id)
    );",
    // 5: the study log (append only: triggers refuse UPDATE and DELETE), filled at once with
    // what earlier versions recorded, and study plans with their items
    "CREATE TABLE events (
        id   INTEGER PRIMARY KEY,
        at   TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('reading', 'finished', 'answer', 'attempt', 'tick')),
        data TEXT NOT NULL CHECK (json_valid(data))
    );
    CREATE INDEX events_at ON events(at);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the study log is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the study log is append-only'); END;
    INSERT INTO events (at, kind, data)
    SELECT at, kind, data FROM (
        SELECT ended_at AS at, 'reading' AS kind, json_object('kind', 'reading',
                'session', id, 'material', material_id, 'from', started_at, 'to', ended_at,
                'seconds', active_seconds) AS data, 0 AS o, id AS k
            FROM reading_sessions WHERE active_seconds > 0
        UNION ALL
        SELECT read_at, 'finished', json_object('kind', 'finished', 'material', material_id), 1, 0
            FROM progress WHERE read_at IS NOT NULL
        UNION ALL
        SELECT n.answered_at, 'answer', json_object('kind', 'answer', 'attempt', n.attempt_id,
                'mode', a.mode, 'position', n.position, 'bank', n.bank_id,
                'question', n.question_id, 'response', n.response,
                'correct', json(CASE WHEN n.correct THEN 'true' ELSE 'false' END),
                'points', n.points, 'seconds', n.seconds), 2, n.id
            FROM answers n JOIN attempts a ON a.id = n.attempt_id
        UNION ALL
        SELECT a.finished_at, 'attempt', json_object('kind', 'attempt', 'attempt', a.id,
                'mode', a.mode, 'bank', a.bank_id, 'paper', a.paper_id, 'title', a.title,
                'started', a.started_at, 'seconds', a.used_secs, 'score', coalesce(a.score, 0),
                'max', coalesce(a.max_score, 0), 'percent', coalesce(a.percent, 0),
                'passed', json(CASE WHEN a.passed IS NULL THEN 'null'
                                    WHEN a.passed THEN 'true' ELSE 'false' END),
                'right', (SELECT count(*) FROM answers n WHERE n.attempt_id = a.id AND n.correct),
                'answered', (SELECT count(*) FROM answers n WHERE n.attempt_id = a.id)), 3, a.id
            FROM attempts a WHERE a.status = 'submitted' AND a.finished_at IS NOT NULL
    ) ORDER BY at, o, k;
    CREATE TABLE plans (
        id         TEXT PRIMARY KEY,
        origin     TEXT NOT NULL CHECK (origin IN ('bundled', 'user', 'member')),
        title      TEXT NOT NULL,
        starts     TEXT,
        ends       TEXT,
        hash       TEXT NOT NULL DEFAULT '',
        updated_at TEXT NOT NULL
    );
    CREATE TABLE plan_items (
        plan_id     TEXT NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
        id          TEXT NOT NULL,
        position    INTEGER NOT NULL,
        by_member   INTEGER NOT NULL DEFAULT 0,
        kind        TEXT NOT NULL CHECK (kind IN ('read', 'quiz', 'minutes', 'task')),
        title       TEXT NOT NULL DEFAULT '',
        material_id TEXT,
        bank_id     TEXT,
        paper_id    TEXT,
        min_percent INTEGER,
        minutes     INTEGER,
        due         TEXT,
        PRIMARY KEY (plan_id, id)
    );",
    // 6: full-text search over the materials' titles and text, in tokens made by the app
    // (text::search: CJK bigrams, Latin words). Filled by the app after migrating.
    "CREATE TABLE search_docs (
        id          INTEGER PRIMARY KEY,
        material_id TEXT NOT NULL UNIQUE
    );
    CREATE VIRTUAL TABLE search USING fts5(
        title, body, content = '', contentless_delete = 1, tokenize = 'ascii'
    );",
    // 7: bookmarks and notes, anchored by paragraph and quote; the log gains notes (SQLite
    // cannot widen a CHECK, so the events table is rebuilt, ids and rows kept)
    "CREATE TABLE annotations (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL CHECK (kind IN ('bookmark', 'note')),
        material_id TEXT NOT NULL,
        block       INTEGER NOT NULL CHECK (block >= 0),
        offset      INTEGER NOT NULL DEFAULT 0 CHECK (offset >= 0),
        quote       TEXT NOT NULL DEFAULT '',
        text        TEXT NOT NULL DEFAULT '',
        lost        INTEGER NOT NULL DEFAULT 0,
        created_at  TEXT NOT NULL
    );
    CREATE INDEX annotations_material ON annotations(material_id);
    DROP TRIGGER events_no_update;
    DROP TRIGGER events_no_delete;
    CREATE TABLE events_new (
        id   INTEGER PRIMARY KEY,
        at   TEXT NOT NULL,
        kind TEXT NOT NULL
             CHECK (kind IN ('reading', 'finished', 'answer', 'attempt', 'tick', 'note')),
        data TEXT NOT NULL CHECK (json_valid(data))
    );
    INSERT INTO events_new (id, at, kind, data) SELECT id, at, kind, data FROM events;
    DROP TABLE events;
    ALTER TABLE events_new RENAME TO events;
    CREATE INDEX events_at ON events(at);
    CREATE TRIGGER events_no_update BEFORE UPDATE ON events
        BEGIN SELECT RAISE(ABORT, 'the study log is append-only'); END;
    CREATE TRIGGER events_no_delete BEFORE DELETE ON events
        BEGIN SELECT RAISE(ABORT, 'the study log is append-only'); END;",
    // 8: a question may keep its options in order; an attempt remembers the question the
    // member was on (an exam reopens there)
    "ALTER TABLE questions ADD COLUMN shuffle INTEGER NOT NULL DEFAULT 1;
    ALTER TABLE attempts ADD COLUMN current INTEGER NOT NULL DEFAULT 0;",
    // 9: a paper's rules beyond what it draws: points per type, difficulties drawn from, the
    // same paper for everyone, a limit on attempts; and this database's own random id (kept in
    // its backups), which makes its xAPI statement ids its own; the study packs installed, with what each brought; the xAPI statements an LRS has taken
    "ALTER TABLE papers ADD COLUMN points TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(points));
    ALTER TABLE papers ADD COLUMN difficulty TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(difficulty));
    ALTER TABLE papers ADD COLUMN fixed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE papers ADD COLUMN attempts INTEGER;
    INSERT OR IGNORE INTO meta (key, value) VALUES ('install_id', lower(hex(randomblob(16))));
    CREATE TABLE lrs_sent (
        statement_id TEXT PRIMARY KEY,
        sent_at      TEXT NOT NULL
    );
    CREATE TABLE packs (
        id           TEXT PRIMARY KEY,
        title        TEXT NOT NULL,
        version      TEXT NOT NULL,
        publisher    TEXT NOT NULL,
        created      TEXT NOT NULL,
        installed_at TEXT NOT NULL,
        materials    TEXT NOT NULL CHECK (json_valid(materials)),
        banks        TEXT NOT NULL CHECK (json_valid(banks)),
        plans        TEXT NOT NULL CHECK (json_valid(plans))
    );",
    // 10: the day the member started a plan over (its dates moved to begin then); kept when
    // the plan is imported again (an upsert), like the member's own items; gone with the plan.
    // An answer given after the hint was looked at (查看提示), which earns no 积分. The days the
    // app was opened (登录 points). A member who has studied already has no need of the
    // first start's welcome
    "CREATE TABLE plan_restarts (
        plan_id TEXT PRIMARY KEY,
        starts  TEXT NOT NULL,
        at      TEXT NOT NULL
    );
    CREATE TRIGGER plans_restart_gone AFTER DELETE ON plans
        BEGIN DELETE FROM plan_restarts WHERE plan_id = old.id; END;
    ALTER TABLE answers ADD COLUMN hinted INTEGER NOT NULL DEFAULT 0;
    CREATE TABLE opened_days (day TEXT PRIMARY KEY);
    INSERT OR IGNORE INTO meta (key, value)
        SELECT 'welcomed', 'before the welcome screen' WHERE EXISTS (SELECT 1 FROM events);",
    // 11: long-term review (复习): a FSRS card per question answered (the cards of earlier
    // answers are made by replaying them, once, after this: Store::seed_review_cards), with the
    // card before its last grade, so a grade changed on the feedback screen replaces it
    "CREATE TABLE review_cards (
        bank_id     TEXT NOT NULL,
        question_id TEXT NOT NULL,
        card        TEXT NOT NULL,
        before      TEXT,
        due         TEXT NOT NULL,
        recall      INTEGER NOT NULL CHECK (recall BETWEEN 1 AND 4),
        attempt     INTEGER,
        position    INTEGER,
        answered_at TEXT NOT NULL,
        suspended   INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (bank_id, question_id)
    );
    CREATE INDEX review_cards_due ON review_cards(suspended, due);
    ALTER TABLE attempts ADD COLUMN hints TEXT NOT NULL DEFAULT '[]';
    CREATE TABLE contests (
        id          INTEGER PRIMARY KEY,
        started_at  TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        record      TEXT NOT NULL
    );
    -- two more modes (每周答题, 专项答题) in the attempts' CHECK: widening a CHECK changes no
    -- stored row, so the schema text is edited in place (SQLite's ALTER TABLE documentation,
    -- \"making other kinds of table schema changes\"), not the table rebuilt under its answers
    PRAGMA writable_schema = ON;
    UPDATE sqlite_schema SET sql = replace(sql,
        'CHECK (mode IN (''practice'', ''exam'', ''daily'', ''challenge'', ''review''))',
        'CHECK (mode IN (''practice'', ''exam'', ''daily'', ''challenge'', ''review'', ''weekly'', ''special''))')
        WHERE type = 'table' AND name = 'attempts';
    PRAGMA writable_schema = OFF;",
    // 12: the library's order as an index, so its first screen is read without sorting every
    // material (the TUI shows it at once and loads the rest beside it)
    "CREATE INDEX materials_order ON materials(origin = 'user', sort_key);",
    // 13: search moves to its own engine beside the database (store/engine.rs), which scores
    // matches from compressed postings rather than through SQLite; a write queues the material
    // it changes, and every material is queued once here
    "DROP TABLE search;
    DROP TABLE search_docs;
    DELETE FROM meta WHERE key = 'search_index_version';
    CREATE TABLE search_queue (material_id TEXT PRIMARY KEY) WITHOUT ROWID;
    INSERT INTO search_queue (material_id) SELECT id FROM materials;",
    // 14: sealed banks (闭卷, the key with the trainer): the bank says so, and an attempt on a
    // member's copy without the key is kept as sealed (its answers recorded, never graded here)
    "ALTER TABLE banks ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE attempts ADD COLUMN sealed INTEGER NOT NULL DEFAULT 0;",
    // 15: a restart moves only the items that came from a bundled or imported plan's file; the
    // member's own items on such a plan keep the date typed (the member's own plan still moves
    // whole). Before, every item of a restarted plan was shown moved by the restart's shift (a
    // date typed after the restart was stored shifted back to read as typed). So each member
    // item on such a plan is moved by the shift: what the member sees does not change — save
    // one case that cannot be a date anyone typed after the restart, a moved date more than two
    // years past the day of the restart (a 2020 plan restarted in 2026 showed +7 as 2033): that
    // one was typed before the restart and stored as typed, and keeps it
    "UPDATE plan_items SET due = date(due, (
        SELECT printf('%+d days', CAST(julianday(r.starts) - julianday(p.starts) AS INTEGER))
        FROM plans p JOIN plan_restarts r ON r.plan_id = p.id WHERE p.id = plan_items.plan_id))
    WHERE by_member AND due IS NOT NULL AND EXISTS (
        SELECT 1 FROM plans p JOIN plan_restarts r ON r.plan_id = p.id
        WHERE p.id = plan_items.plan_id AND p.origin <> 'member' AND p.starts IS NOT NULL
          AND NOT (date(plan_items.due,
                        printf('%+d days', CAST(julianday(r.starts) - julianday(p.starts) AS INTEGER)))
                   > date(r.at, '+2 years')));",
];

/// The schema version this build writes.
pub const LATEST: i64 = MIGRATIONS.len() as i64;

pub(crate) fn check_version(path: &str, found: i64) -> Result<()> {
    if found > LATEST {
        return Err(StoreError::TooNew {
            path: path.to_string(),
            found,
            supported: LATEST,
        });
    }
    Ok(())
}

/// Brings the schema up to [`LATEST`]. An existing database at an older version is first
/// copied to `backups/` beside it.
/// `db` is the database's file with what keeps that copy (`member_backup::backup_before_migration`,
/// handed in by the opener, so that the migrations do not name the backup, which names the
/// schema).
pub(crate) fn migrate(conn: &mut Connection, db: Option<(&Path, Backup)>) -> Result<()> {
    migrate_to(conn, db, LATEST)
}

/// Copies the database on the connection (at the file given, its schema at the version given)
/// aside before a migration.
pub(crate) type Backup = fn(&Connection, &Path, i64) -> Result<()>;

pub(crate) fn migrate_to(
    conn: &mut Connection,
    db: Option<(&Path, Backup)>,
    target: i64,
) -> Result<()> {
    let db_path = db.map(|(p, _)| p);
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    check_version(
        &db_path.map(|p| p.display().to_string()).unwrap_or_default(),
        current,
    )?;
    if current >= target {
        return Ok(());
    }
    if current > 0
        && let Some((path, backup)) = db
    {
        backup(conn, path, current)?;
    }
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    for (i, sql) in MIGRATIONS
        .iter()
        .enumerate()
        .take(target as usize)
        .skip(current as usize)
    {
        tx.execute_batch(sql)?;
        tracing::info!(version = i + 1, "applied migration");
    }
    // a migration may edit the schema's text in place (11 widens a CHECK): the schema cookie
    // moves on, so this connection and every other one read the schema again
    let cookie: i64 = tx.pragma_query_value(None, "schema_version", |r| r.get(0))?;
    tx.pragma_update(None, "schema_version", cookie + 1)?;
    tx.pragma_update(None, "user_version", target)?;
    tx.commit()?;
    Ok(())
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn migrations_apply_in_order() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, None, 1).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, 1);
        migrate(&mut conn, None).unwrap();
        let v: i64 = conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap();
        assert_eq!(v, LATEST);
        let n: i64 = conn
            .query_row("SELECT count(*) FROM reading_sessions", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 0);
    }

    #[test]
    fn an_old_attempts_table_takes_the_new_modes_after_the_upgrade() {
        let mut conn = Connection::open_in_memory().unwrap();
        conn.pragma_update(None, "foreign_keys", "ON").unwrap();
        migrate_to(&mut conn, None, 10).unwrap();
        let insert = |conn: &Connection, mode: &str| {
            conn.execute(
                "INSERT INTO attempts (mode, title, seed, items, day, started_at)
                 VALUES (?1, '', 1, '[]', '2026-11-30', '2026-11-30T00:00:00Z')",
                [mode],
            )
        };
        assert!(insert(&conn, "weekly").is_err(), "v10 refuses it");
        migrate(&mut conn, None).unwrap();
        insert(&conn, "weekly").unwrap();
        insert(&conn, "special").unwrap();
        assert!(insert(&conn, "nonsense").is_err(), "still checked");
        let ok: String = conn
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(ok, "ok");
    }

    #[test]
    fn a_members_dates_on_a_restarted_plan_read_as_typed_after_the_upgrade() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate_to(&mut conn, None, 13).unwrap();
        // the 2020 plan restarted to begin 2026-12-07 (2501 days later); the member's items:
        // one typed before the restart (kept as typed: shown 2033, past any date typed after
        // it), one typed 2026-12-31 after it (kept 2501 days back); a plan restarted a week
        // late; and the member's own plan, restarted too, which moves whole
        conn.execute_batch(
            "INSERT INTO plans (id, origin, title, starts, updated_at) VALUES
                ('2020-winter', 'bundled', '', '2020-02-01', ''),
                ('week-late', 'user', '', '2026-11-30', ''),
                ('my-1', 'member', '', '2026-11-01', '');
             INSERT INTO plan_restarts (plan_id, starts, at) VALUES
                ('2020-winter', '2026-12-07', '2026-12-07T09:00:00Z'),
                ('week-late', '2026-12-07', '2026-12-07T09:00:00Z'),
                ('my-1', '2026-12-07', '2026-12-07T09:00:00Z');
             INSERT INTO plan_items (plan_id, id, position, by_member, kind, due) VALUES
                ('2020-winter', 'read-1', 0, 0, 'task', '2020-02-10'),
                ('2020-winter', 'my-task-1', 1, 1, 'task', '2026-12-14'),
                ('2020-winter', 'my-task-2', 2, 1, 'task', date('2026-12-31', '-2501 days')),
                ('2020-winter', 'my-task-3', 3, 1, 'task', NULL),
                ('week-late', 'my-task-1', 0, 1, 'task', '2026-12-13'),
                ('week-late', 'my-task-2', 1, 1, 'task', '2026-12-01'),
                ('my-1', 'my-task-1', 0, 1, 'task', '2026-11-03');",
        )
        .unwrap();
        migrate(&mut conn, None).unwrap();
        let due = |plan: &str, item: &str| -> Option<String> {
            conn.query_row(
                "SELECT due FROM plan_items WHERE plan_id = ?1 AND id = ?2",
                [plan, item],
                |r| r.get(0),
            )
            .unwrap()
        };
        assert_eq!(due("2020-winter", "read-1").as_deref(), Some("2020-02-10"));
        assert_eq!(
            due("2020-winter", "my-task-1").as_deref(),
            Some("2026-12-14")
        );
        assert_eq!(
            due("2020-winter", "my-task-2").as_deref(),
            Some("2026-12-31")
        );
        assert_eq!(due("2020-winter", "my-task-3"), None);
        // a plan restarted a week late: the member saw each of their dates a week on (one typed
        // 2026-12-20 after the restart was stored as 12-13; one typed 12-01 before it was shown
        // as 12-08): both read as the member saw them
        assert_eq!(due("week-late", "my-task-1").as_deref(), Some("2026-12-20"));
        assert_eq!(due("week-late", "my-task-2").as_deref(), Some("2026-12-08"));
        assert_eq!(due("my-1", "my-task-1").as_deref(), Some("2026-11-03"));
    }
}
