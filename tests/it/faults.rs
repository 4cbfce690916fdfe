//! Faults around the data: a folder the member cannot write, a database another process holds.
//! The permission case runs as an unprivileged user (setpriv), since root writes anywhere; when
//! that is impossible the test says why and checks nothing.

use crate::common;

use std::time::{Duration, Instant};

use common::cli::CliEnv;
use predicates::prelude::*;

fn is_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

const SETPRIV: &str = "/usr/bin/setpriv";

/// Whether the permission cases can run; says why not when they cannot.
fn can_drop_privileges() -> bool {
    let ok = is_root() && std::path::Path::new(SETPRIV).exists();
    if !ok {
        eprintln!(
            "not run: needs root and setpriv to act as an unprivileged user (root ignores file modes)"
        );
    }
    ok
}

/// `xuexi ARGS` as uid/gid 65534 (nobody), with a clean environment.
fn as_nobody(
    data: &std::path::Path,
    home: &std::path::Path,
    args: &[&str],
) -> std::process::Output {
    std::process::Command::new(SETPRIV)
        .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
        .arg(assert_cmd::cargo::cargo_bin("xuexi"))
        .arg("--data-dir")
        .arg(data)
        .args(args)
        .env_clear()
        .env("HOME", home)
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap()
}

/// `chmod ARGS… PATH`.
fn chmod(args: &[&str], path: &std::path::Path) {
    let ok = std::process::Command::new("chmod")
        .args(args)
        .arg(path)
        .status()
        .unwrap();
    assert!(ok.success(), "chmod {args:?} {}", path.display());
}

/// Lets `nobody` read everything under the test's folder (the database root made) and write
/// its own `home`, and nothing more.
fn readable_by_nobody(e: &CliEnv, home: &std::path::Path) {
    chmod(&["755"], e.dir.path());
    chmod(&["777"], home);
    chmod(&["-R", "a+rX"], e.dir.path());
}

#[test]
fn an_export_to_a_folder_the_member_cannot_write_is_a_clear_error() {
    if !can_drop_privileges() {
        return;
    }
    let e = CliEnv::new();
    e.cmd().args(["materials", "list"]).assert().success();
    // the member owns the data and home; the export goes into a folder only root may write
    let home = e.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let locked = e.dir.path().join("locked");
    std::fs::create_dir_all(&locked).unwrap();
    chmod(&["755"], e.dir.path());
    chmod(&["755"], &locked);
    std::process::Command::new("chown")
        .args(["-R", "65534:65534"])
        .arg(e.data())
        .arg(&home)
        .status()
        .unwrap();
    let target = locked.join("log.csv");
    let out = as_nobody(
        &e.data(),
        &home,
        &["export", "--format", "csv", "-o", target.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains(&target.display().to_string()),
        "names the file: {err}"
    );
    assert!(!err.contains("panicked"), "{err}");
    assert_eq!(
        std::fs::read_dir(&locked).unwrap().count(),
        0,
        "nothing left behind in the folder"
    );
    // the same member can export where they may write
    let mine = home.join("log.csv");
    let out = as_nobody(
        &e.data(),
        &home,
        &["export", "--format", "csv", "-o", mine.to_str().unwrap()],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(mine.exists());
}

#[test]
fn a_read_only_data_folder_is_opened_read_only_and_named() {
    if !can_drop_privileges() {
        return;
    }
    let e = CliEnv::new();
    e.cmd().args(["materials", "list"]).assert().success(); // a database, owned by root
    let home = tempfile::tempdir().unwrap();
    readable_by_nobody(&e, home.path());
    check_read_only_mode(&e, home.path());
}

/// As `nobody` on a data folder it cannot write: reading commands work, with one notice naming
/// the folder and `--data-dir`; a writing command fails plainly; no file in the folder changes
/// and none is added.
fn check_read_only_mode(e: &CliEnv, home: &std::path::Path) {
    let folder = || {
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(e.data())
            .unwrap()
            .map(|f| f.unwrap().path())
            .filter(|p| p.is_file() && p.extension().is_none_or(|x| x != "log"))
            .map(|p| (p.display().to_string(), std::fs::read(&p).unwrap()))
            .collect();
        files.sort();
        files
    };
    let before = folder();
    let path = e.data().display().to_string();
    for args in [
        vec!["materials", "list"],
        vec!["search", "疫情"],
        vec!["stats"],
        vec!["export", "--format", "md"],
    ] {
        let out = as_nobody(&e.data(), home, &args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {err}");
        assert!(!out.stdout.is_empty(), "{args:?}: prints what it read");
        assert_eq!(err.matches(&path).count(), 1, "{args:?}: one notice: {err}");
        assert!(
            err.contains("--data-dir"),
            "{args:?}: says what to do: {err}"
        );
        assert!(!err.contains("panicked"), "{err}");
    }
    let mine = home.join("mine.md");
    std::fs::write(
        &mine,
        "+++\nid = \"mine\"\ntitle = \"我的\"\n+++\n\n正文。\n",
    )
    .unwrap();
    let out = as_nobody(
        &e.data(),
        home,
        &["materials", "import", mine.to_str().unwrap()],
    );
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "a write fails: {err}");
    assert!(err.contains("只读") && err.contains("--data-dir"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        folder() == before,
        "nothing in the folder changed or was added"
    );
}

#[test]
fn a_read_only_folder_with_a_write_ahead_log_left_over_is_read_with_it() {
    if !can_drop_privileges() {
        return;
    }
    let e = CliEnv::new();
    let mine = e.write(
        "mine.md",
        "+++\nid = \"mine\"\ntitle = \"留在日志里\"\n+++\n\n正文。\n",
    );
    e.cmd().args(["materials", "list"]).assert().success();
    // a writer that never closed (as after kill -9): its last import is only in -wal
    let store = e.store();
    let m = xuexi::import::material::read_material(&mine).unwrap();
    let mut store = store;
    store
        .import_user(&[(m, "h".into())], jiff::Timestamp::now())
        .unwrap();
    std::mem::forget(store);
    assert!(e.data().join("xuexi.db-wal").metadata().unwrap().len() > 0);
    let home = e.dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    readable_by_nobody(&e, &home);
    let out = as_nobody(&e.data(), &home, &["materials", "list"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("留在日志里"),
        "what is only in the log is read"
    );
    check_read_only_mode(&e, &home);
}

/// In the app: the hints line says read-only; the periodic saves are dropped without a word,
/// and an action that must write says why it cannot.
#[test]
fn the_app_in_read_only_mode_says_so_and_drops_the_periodic_saves() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    drop(xuexi::store::Store::open(&db).unwrap());
    let mut store = xuexi::store::Store::open_read_only(&db).unwrap();
    assert!(store.is_read_only());
    let now = common::t0();
    for (lang, tag) in [
        (xuexi::i18n::Lang::ZhCn, "[只读]"),
        (xuexi::i18n::Lang::En, "[read-only]"),
    ] {
        let mut app = common::app(&store, lang, 80, 24);
        app.read_only = true;
        for (w, h) in [(80, 24), (41, 12)] {
            app.resize(w, h);
            let text = common::screen_text(&common::draw(&app, w, h));
            let hints = text.lines().last().unwrap_or_default();
            assert!(hints.trim_start().starts_with(tag), "{w}x{h}: {hints:?}");
        }
    }
    let mut app = common::app(&store, xuexi::i18n::Lang::En, 80, 24);
    app.read_only = true;
    let fx = vec![xuexi::app::Effect::SaveProgress {
        material: "x".into(),
        position: Default::default(),
        percent: 10,
        read: false,
    }];
    xuexi::tui::apply(&mut app, &mut store, fx, now);
    assert!(app.message.is_none(), "a periodic save says nothing");
    let fx = vec![xuexi::app::Effect::NewPlan {
        title: "mine".into(),
    }];
    xuexi::tui::apply(&mut app, &mut store, fx, now);
    let m = app
        .message
        .as_ref()
        .map(|m| m.text.clone())
        .unwrap_or_default();
    assert!(m.contains("read-only"), "{m}");
}

#[test]
fn a_database_held_by_another_process_is_waited_for_then_named() {
    let e = CliEnv::new();
    e.cmd().args(["materials", "list"]).assert().success();
    let file = my_material(&e);
    let db = e.data().join("xuexi.db");
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap(); // another instance's write lock
    let started = Instant::now();
    e.cmd()
        .args(["materials", "import"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("另一个 xuexi"));
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "it waited for the lock (the busy timeout) before giving up"
    );
    holder.execute_batch("ROLLBACK").unwrap();
    drop(holder);
    let conn = rusqlite::Connection::open(&db).unwrap();
    let ok: String = conn
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // with the lock gone, the same import works
    e.cmd()
        .args(["materials", "import"])
        .arg(&file)
        .assert()
        .success();
}

/// A member's own material file, `mine.md`, to import.
fn my_material(e: &CliEnv) -> std::path::PathBuf {
    e.write(
        "mine.md",
        "+++\nid = \"mine\"\ntitle = \"我的\"\n+++\n\n正文。\n",
    )
}

// --- the terminal goes away ---------------------------------------------------------------

use common::pty::{Ctty, PATIENCE, Pty, cpu_ticks};

fn app_in_pty(e: &CliEnv, ctty: Ctty) -> Pty {
    common::pty::app_in_pty(e, ctty, (80, 24))
}

/// An exam with an answer on screen only (not confirmed, the question not left): "1" picks
/// the first option of a 单选 or 判断 ((•)) or ticks a 多选's ([x]), or types 1 into a 填空's
/// first blank.
fn open_exam_with_an_option(pty: &mut Pty) {
    pty.keys("t");
    pty.wait_for("闭卷测试", PATIENCE);
    // the menu: daily, weekly, practice, three topics, three 专项 sets, then the first exam
    pty.keys("jjjjjjjjj");
    pty.keys("\r");
    // the start screen: its clock starts on Enter
    pty.wait_for("开始考试", PATIENCE);
    pty.keys("\r");
    pty.wait_for("剩余", PATIENCE);
    pty.keys("1");
    pty.wait_for_any(&["(•)", "[x]", "空：1"], PATIENCE);
}

/// After the terminal went away: the process ends on its own (well within `PATIENCE`; the
/// fault suite checks the 2 s the member is promised) and spends next to no CPU meanwhile.
/// Returns how long it took. (The bug: it never ended, at 70 % of a core.)
fn ends_without_spinning(pty: &mut Pty) -> Duration {
    let pid = pty.pid();
    let (before, _) = cpu_ticks(pid).expect("the app is running");
    let gone = Instant::now();
    let mut last = before;
    loop {
        match cpu_ticks(pid) {
            Some((ticks, false)) => last = ticks,
            Some((ticks, true)) => {
                last = ticks;
                break;
            }
            None => break,
        }
        assert!(
            gone.elapsed() < PATIENCE,
            "still running {PATIENCE:?} after the terminal went away, {} CPU ticks spent",
            last - before
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    let took = gone.elapsed();
    let status = pty.child.wait().unwrap();
    // a clean exit: not killed by a signal, not aborted (a panic writing to the dead tty)
    assert!(status.code().is_some(), "ended by a signal: {status:?}");
    let ticks = last - before;
    eprintln!("ended {took:?} after the hang-up, {ticks} CPU ticks meanwhile");
    // the ticks of saving and leaving: a spinning loop burns one every 10 ms
    assert!(ticks < 50, "{ticks} CPU ticks after the hang-up");
    took
}

fn db(e: &CliEnv) -> rusqlite::Connection {
    rusqlite::Connection::open(e.data().join("xuexi.db")).unwrap()
}

/// The ticked option of the open exam reached the database, and the exam is still open.
fn exam_answer_saved(e: &CliEnv) {
    let (answers, status): (i64, String) = db(e)
        .query_row(
            "SELECT (SELECT count(*) FROM answers WHERE attempt_id = a.id), a.status
             FROM attempts a WHERE a.mode = 'exam'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((answers, status.as_str()), (1, "open"));
}

#[test]
fn closing_the_window_saves_the_exam_answer_and_ends() {
    // the pty is the app's controlling terminal: closing it sends SIGHUP, as a window does
    let e = CliEnv::new();
    let mut pty = app_in_pty(&e, Ctty::Yes);
    open_exam_with_an_option(&mut pty);
    pty.hang_up();
    ends_without_spinning(&mut pty);
    exam_answer_saved(&e);
}

#[test]
fn a_terminal_that_hangs_up_without_a_signal_is_noticed_and_reading_time_kept() {
    // no controlling terminal, so no SIGHUP: only the tty's hang-up tells (the case where
    // crossterm's reader spun forever)
    let e = CliEnv::new();
    let mut pty = app_in_pty(&e, Ctty::No);
    pty.keys("\r");
    pty.wait_for("Esc 返回", PATIENCE);
    // the reader answers a key before the clock starts: on a loaded machine laying the
    // material out may take a while, and keys queued meanwhile would all land at once (active
    // seconds are the gaps between keys as the app sees them)
    let before = pty.contents();
    pty.keys("j");
    let waited = Instant::now();
    while pty.contents() == before && waited.elapsed() < PATIENCE {
        pty.pump(Duration::from_millis(50));
    }
    // read for a while, pressing keys (and taking what the app draws, so it never waits on a
    // full terminal), so the reading session has active seconds
    let start = Instant::now();
    while start.elapsed() < Duration::from_millis(2500) {
        pty.keys("j");
        pty.pump(Duration::from_millis(250));
    }
    pty.hang_up();
    ends_without_spinning(&mut pty);
    let secs: i64 = db(&e)
        .query_row(
            "SELECT coalesce(sum(json_extract(data, '$.seconds')), 0) FROM events
             WHERE kind = 'reading'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(secs >= 1, "the reading session was saved ({secs} s)");
}

#[test]
fn sigterm_with_the_terminal_gone_is_honoured() {
    let e = CliEnv::new();
    let mut pty = app_in_pty(&e, Ctty::No);
    open_exam_with_an_option(&mut pty);
    pty.hang_up();
    rustix::process::kill_process(
        rustix::process::Pid::from_raw(pty.pid()).unwrap(),
        rustix::process::Signal::TERM,
    )
    .unwrap();
    ends_without_spinning(&mut pty);
    exam_answer_saved(&e);
}

// --- one writer per data folder -----------------------------------------------------------

#[test]
fn a_second_app_on_the_same_folder_opens_read_only_and_says_why() {
    let e = CliEnv::new();
    let mut first = app_in_pty(&e, Ctty::No);
    let mut second = app_in_pty(&e, Ctty::No);
    second.wait_for("已在另一个终端中打开", PATIENCE);
    assert!(second.contents().contains("只读"), "{}", second.contents());
    assert!(
        !first.contents().contains("另一个终端"),
        "{}",
        first.contents()
    );
    // a command that writes waits for the lock, then gives up with the same reason; nothing
    // was imported
    let file = my_material(&e);
    let started = Instant::now();
    e.cmd()
        .args(["materials", "import"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("已在另一个终端中打开"));
    assert!(
        started.elapsed() >= Duration::from_secs(4),
        "it waited first"
    );
    // commands that only read always work
    e.cmd().args(["materials", "list"]).assert().success();
    e.cmd()
        .args(["search", "疫情", "--count"])
        .assert()
        .success();
    e.cmd().args(["stats"]).assert().success();
    // the writer quits: the lock is the kernel's and goes with it; now the import works
    first.keys("q");
    first.child.wait().unwrap();
    second.keys("q");
    second.child.wait().unwrap();
    e.cmd()
        .args(["materials", "import"])
        .arg(&file)
        .assert()
        .success();
}

#[test]
fn a_lock_left_by_a_killed_app_never_blocks() {
    let e = CliEnv::new();
    let mut pty = app_in_pty(&e, Ctty::No);
    pty.child.kill().unwrap(); // SIGKILL: no chance to let go
    pty.child.wait().unwrap();
    let file = my_material(&e);
    // (a lock that outlived its process would make this fail after the 5 s wait)
    e.cmd()
        .args(["materials", "import"])
        .arg(&file)
        .assert()
        .success();
    let mut again = app_in_pty(&e, Ctty::No);
    again.pump(Duration::from_millis(500));
    assert!(!again.contents().contains("只读"), "{}", again.contents());
}

// --- the disk fills while the app runs --------------------------------------------------

/// A note on the first material, `n` in its text so each is told apart.
fn note(n: usize) -> xuexi::app::Effect {
    xuexi::app::Effect::Annotate {
        kind: xuexi::domain::annotation::AnnotationKind::Note,
        material: "xuzhou-sixue-jizhi".into(),
        position: Default::default(),
        quote: String::new(),
        // long enough that every note needs a page of its own
        text: format!("笔记{n}：{}", "学".repeat(1500)),
    }
}

fn notes_in(store: &xuexi::store::Store) -> Vec<String> {
    store
        .conn()
        .prepare("SELECT substr(text, 1, instr(text, '：') - 1) FROM annotations ORDER BY id")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

#[test]
fn a_full_disk_is_one_state_nothing_is_lost_and_saving_resumes() {
    use xuexi::i18n::{Lang, Strings};
    let zh = Strings::load(Lang::ZhCn);
    let mut store = common::store();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    let now = common::t0();
    xuexi::tui::apply(&mut app, &mut store, vec![note(0)], now);
    assert_eq!(
        notes_in(&store),
        ["笔记0"],
        "written before the disk filled"
    );

    // the disk is full: SQLite may not grow the file by a single page (SQLITE_FULL, the
    // error a full disk gives)
    let pages: i64 = store
        .conn()
        .query_row("PRAGMA page_count", [], |r| r.get(0))
        .unwrap();
    store
        .conn()
        .execute_batch(&format!("PRAGMA max_page_count = {pages}"))
        .unwrap();
    app.message = None;
    xuexi::tui::apply(&mut app, &mut store, (1..=3).map(note).collect(), now);
    assert_eq!(app.unsaved.len(), 3, "kept in memory, in order");
    assert!(
        app.message.is_none(),
        "no 'save failed' per write: {:?}",
        app.message
    );
    let screen = common::screen_text(&common::draw(&app, 80, 24));
    assert!(screen.contains(&zh.disk_full), "{screen}");
    // what was committed before is untouched, and the file is sound
    assert_eq!(notes_in(&store), ["笔记0"]);
    let ok: String = store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(ok, "ok");
    // tried again only when its time comes, and still full then: still kept
    let retry_at = app.retry_at.expect("a retry is planned");
    xuexi::tui::retry_unsaved(&mut app, &mut store, now, false);
    assert_eq!(app.unsaved.len(), 3);
    xuexi::tui::retry_unsaved(&mut app, &mut store, retry_at, false);
    assert_eq!(app.unsaved.len(), 3);
    assert_eq!(notes_in(&store), ["笔记0"]);
    // a write made meanwhile waits behind them
    xuexi::tui::apply(&mut app, &mut store, vec![note(4)], retry_at);
    assert_eq!(app.unsaved.len(), 4);

    // space returns: everything kept is written, in the order it was made, and the banner
    // gives way to a notice
    store
        .conn()
        .execute_batch("PRAGMA max_page_count = 1073741823")
        .unwrap();
    let later = app.retry_at.unwrap();
    xuexi::tui::retry_unsaved(&mut app, &mut store, later, false);
    assert!(app.unsaved.is_empty());
    assert_eq!(
        notes_in(&store),
        ["笔记0", "笔记1", "笔记2", "笔记3", "笔记4"]
    );
    let screen = common::screen_text(&common::draw(&app, 80, 24));
    assert!(!screen.contains(&zh.disk_full), "{screen}");
    assert!(screen.contains(&zh.disk_saved_again), "{screen}");
}

#[test]
fn a_run_is_marked_while_it_lasts_so_only_a_start_after_an_unclean_end_reads_the_database_through()
{
    let e = CliEnv::new();
    let marker = e.data().join("xuexi.running");
    let mut pty = app_in_pty(&e, Ctty::No);
    assert!(marker.exists(), "marked while it runs");
    // a second app (read-only) neither marks nor unmarks
    let mut second = app_in_pty(&e, Ctty::No);
    second.wait_for("只读", PATIENCE);
    second.keys("q");
    let _ = second.child.wait();
    assert!(marker.exists(), "still the first one's");
    pty.keys("q");
    let _ = pty.child.wait();
    assert!(!marker.exists(), "a clean end takes it away");
    // killed (-9): the mark stays, and the next start reads the database through — a damaged
    // one is then found before it is opened
    let mut pty = app_in_pty(&e, Ctty::No);
    pty.child.kill().unwrap();
    let _ = pty.child.wait();
    assert!(marker.exists(), "an unclean end leaves it");
    let db = e.data().join("xuexi.db");
    // the member's own tables: read through before the screen
    damage_table(&db, "events");
    let out = e.cmd().write_stdin("n\n").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("已损坏"), "{text}");
}

/// Overwrites the first page of `table` in the database file `db` (its WAL folded in first).
fn damage_table(db: &std::path::Path, table: &str) {
    let root: i64 = {
        let c = rusqlite::Connection::open(db).unwrap();
        c.execute_batch("PRAGMA wal_checkpoint(TRUNCATE);").unwrap();
        c.query_row(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?1",
            [table],
            |r| r.get(0),
        )
        .unwrap()
    };
    let page = 4096;
    let at = (root as usize - 1) * page;
    let mut bytes = std::fs::read(db).unwrap();
    for b in &mut bytes[at..at + page] {
        *b = 0xA5;
    }
    std::fs::write(db, &bytes).unwrap();
}

#[test]
fn after_an_unclean_end_the_archive_is_checked_beside_the_app_and_damage_found_at_the_next_start() {
    use xuexi::service::backup::{ArchiveCheck, archive_check, check_archive};
    let e = CliEnv::new();
    let mut pty = app_in_pty(&e, Ctty::No);
    pty.child.kill().unwrap();
    let _ = pty.child.wait();
    let db = e.data().join("xuexi.db");
    // the archive's texts damaged: a million materials' would take minutes to read through
    damage_table(&db, "material_bodies");
    let owed = e.data().join("xuexi.check-archive");
    let mut pty = app_in_pty(&e, Ctty::No);
    // the screen comes up: only the member's tables were read before it
    pty.keys("t");
    pty.wait_for("闭卷测试", PATIENCE);
    assert!(owed.exists(), "the archive's check is owed until it passes");
    pty.keys("q");
    let _ = pty.child.wait();
    // the check the app runs beside (here again, to know it has run): it finds the damage and
    // notes it for the next start
    assert!(matches!(
        check_archive(&db, &owed),
        ArchiveCheck::Damaged(_)
    ));
    assert!(matches!(archive_check(&owed), ArchiveCheck::Damaged(_)));
    // which, after a clean exit, reads every table through: the damage is said, the file set
    // aside, and the note gone
    let out = e.cmd().write_stdin("n\n").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("已损坏"), "{text}");
    assert!(!owed.exists());
}

#[test]
fn the_days_backup_is_made_beside_the_first_frame_and_never_left_half_made() {
    let e = CliEnv::new();
    let mut pty = app_in_pty(&e, Ctty::No);
    // the library is on screen; the backup of the new database follows in the background
    let backups = e.data().join("backups");
    let daily = || -> Vec<String> {
        std::fs::read_dir(&backups)
            .map(|d| {
                d.filter_map(|f| f.ok())
                    .map(|f| f.file_name().to_string_lossy().into_owned())
                    .collect()
            })
            .unwrap_or_default()
    };
    let start = Instant::now();
    while !daily()
        .iter()
        .any(|n| n.starts_with("daily-") && n.ends_with(".db"))
        && start.elapsed() < PATIENCE
    {
        std::thread::sleep(Duration::from_millis(50));
    }
    let made = daily();
    assert!(
        made.iter()
            .any(|n| n.starts_with("daily-") && n.ends_with(".db")),
        "{made:?}"
    );
    assert!(made.iter().all(|n| !n.ends_with("-partial")), "{made:?}");
    pty.keys("q");
    let _ = pty.child.wait();
}
