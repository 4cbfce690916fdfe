//! Writes `tests/fixtures/schemas/v{1..N-1}.db`: a database at every earlier schema version
//! with a few rows in each of its tables, for the migration tests. Run when a migration is
//! added: `cargo run --example make_schema_fixtures` (files already there are left alone, so
//! a shipped version's fixture never changes).
use std::path::Path;

/// Rows for the tables each version adds (version, SQL).
const ROWS: &[(i64, &str)] = &[
    (1, "INSERT INTO materials (id, origin, title, column_name, hash, sort_key, added_at, updated_at)
            VALUES ('my-notes', 'user', '我的心得', '学习心得', 'h1', 'user/1', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'),
                   ('siyang-sanxun', 'bundled', '泗阳', '学习动态', 'old', '05', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z');
         INSERT INTO material_bodies (material_id, body) VALUES ('my-notes', '学习体会。'), ('siyang-sanxun', '旧版正文。');
         INSERT INTO progress (material_id, block, offset, percent, read_at, updated_at)
            VALUES ('my-notes', 0, 0, 100, '2026-01-02T00:00:00Z', '2026-01-02T00:00:00Z');"),
    (2, "INSERT INTO reading_sessions (material_id, started_at, ended_at, active_seconds)
            VALUES ('my-notes', '2026-01-02T00:00:00Z', '2026-01-02T00:10:00Z', 540);
         INSERT INTO meta (key, value) VALUES ('note', 'fixture');"),
    (3, "INSERT INTO banks (id, origin, title, hash, updated_at) VALUES ('my-bank', 'user', '我的题库', 'h', '2026-01-03T00:00:00Z');
         INSERT INTO questions (bank_id, id, position, kind, stem, options, answer)
            VALUES ('my-bank', 'q1', 0, 'judge', '学习是终身的事。', '[]', 'true');
         INSERT INTO papers (bank_id, id, position, title, minutes, pass, draw)
            VALUES ('my-bank', 'p1', 0, '测试', 5, 60, '{\"judge\":1}');"),
    (4, "INSERT INTO attempts (id, mode, bank_id, paper_id, title, seed, items, day, started_at, finished_at,
                               status, used_secs, score, max_score, percent, passed)
            VALUES (1, 'exam', 'my-bank', 'p1', '测试', 1, '[]', '2026-01-04', '2026-01-04T00:00:00Z',
                    '2026-01-04T00:05:00Z', 'submitted', 300, 1, 1, 100, 1);
         INSERT INTO answers (attempt_id, position, bank_id, question_id, response, correct, points, seconds, answered_at)
            VALUES (1, 0, 'my-bank', 'q1', 'true', 1, 1, 20, '2026-01-04T00:01:00Z');
         INSERT INTO wrong_book (bank_id, question_id, added_at) VALUES ('my-bank', 'q1', '2026-01-04T00:00:00Z');"),
    (5, "INSERT INTO plans (id, origin, title, updated_at) VALUES ('my-1', 'member', '我的计划', '2026-01-05T00:00:00Z');
         INSERT INTO plan_items (plan_id, id, position, by_member, kind, title)
            VALUES ('my-1', 'my-task-1', 0, 1, 'task', '写心得');
         INSERT INTO events (at, kind, data) VALUES ('2026-01-05T00:00:00Z', 'tick',
            '{\"kind\":\"tick\",\"plan\":\"my-1\",\"item\":\"my-task-1\",\"done\":true,\"note\":\"写好了\"}');"),
    (6, "INSERT INTO search_docs (material_id) VALUES ('my-notes');"),
];

/// Rows whose tables a later version drops (the version of the rows, the version that drops
/// them): 13 moved search to its own engine, without `search_docs`.
const DROPPED: &[(i64, i64)] = &[(6, 13)];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = Path::new("tests/fixtures/schemas");
    std::fs::create_dir_all(dir)?;
    for v in 1..xuexi::store::Store::latest_version() {
        let path = dir.join(format!("v{v}.db"));
        if path.exists() {
            continue;
        }
        xuexi::store::Store::create_at_version(&path, v)?;
        let conn = rusqlite::Connection::open(&path)?;
        for (since, sql) in ROWS {
            let dropped = DROPPED.iter().any(|&(rows, at)| rows == *since && at <= v);
            if *since <= v && !dropped {
                conn.execute_batch(sql)?;
            }
        }
        conn.execute_batch("VACUUM;")?;
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}
