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

#[test]
fn a_read_only_data_folder_is_named_and_nothing_panics() {
    let setpriv = std::path::Path::new("/usr/bin/setpriv");
    if !is_root() || !setpriv.exists() {
        eprintln!(
            "not run: needs root and setpriv to act as an unprivileged user (root ignores file modes)"
        );
        return;
    }
    let e = CliEnv::new();
    e.cmd().args(["materials", "list"]).assert().success(); // a database, owned by root
    let home = tempfile::tempdir().unwrap();
    for dir in [e.dir.path(), home.path()] {
        std::process::Command::new("chmod")
            .arg("755")
            .arg(dir)
            .status()
            .unwrap();
    }
    std::process::Command::new("chmod")
        .arg("777")
        .arg(home.path())
        .status()
        .unwrap();
    std::process::Command::new("chmod")
        .args(["-R", "a+rX"])
        .arg(e.dir.path())
        .status()
        .unwrap();
    let before = std::fs::read(e.data().join("xuexi.db")).unwrap();
    for args in [
        vec!["materials", "list"],
        vec!["search", "疫情"],
        vec!["stats"],
    ] {
        let out = std::process::Command::new(setpriv)
            .args(["--reuid=65534", "--regid=65534", "--clear-groups"])
            .arg(assert_cmd::cargo::cargo_bin("xuexi"))
            .arg("--data-dir")
            .arg(e.data())
            .args(&args)
            .env_clear()
            .env("HOME", home.path())
            .env("LANG", "zh_CN.UTF-8")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{args:?}: {err}");
        assert!(
            err.contains(&e.data().display().to_string()),
            "{args:?}: names the path: {err}"
        );
        assert!(
            err.contains("--data-dir"),
            "{args:?}: says what to do: {err}"
        );
        assert!(
            !err.contains("panicked") && !err.contains("RUST_BACKTRACE"),
            "{err}"
        );
    }
    assert_eq!(
        std::fs::read(e.data().join("xuexi.db")).unwrap(),
        before,
        "untouched"
    );
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
