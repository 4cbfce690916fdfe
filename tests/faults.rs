//! Faults around the data: a folder the member cannot write, a database another process holds.
//! The permission case runs as an unprivileged user (setpriv), since root writes anywhere; when
//! that is impossible the test says why and checks nothing.

mod common;

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
    assert!(
        err.contains("read-only") && err.contains("--data-dir"),
        "{err}"
    );
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
    let store = xuexi::store::Store::open(&e.data().join("xuexi.db")).unwrap();
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
    let file = e.write(
        "mine.md",
        "+++\nid = \"mine\"\ntitle = \"我的\"\n+++\n\n正文。\n",
    );
    let db = e.data().join("xuexi.db");
    let holder = rusqlite::Connection::open(&db).unwrap();
    holder.execute_batch("BEGIN IMMEDIATE").unwrap(); // another instance's write lock
    let started = Instant::now();
    e.cmd()
        .args(["materials", "import"])
        .arg(&file)
        .assert()
        .failure()
        .stderr(predicate::str::contains("another xuexi"));
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
