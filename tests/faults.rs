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
    let chmod = |mode: &str, p: &std::path::Path| {
        std::process::Command::new("chmod")
            .arg(mode)
            .arg(p)
            .status()
            .unwrap();
    };
    chmod("755", e.dir.path());
    chmod("755", &locked);
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
fn a_read_only_data_folder_is_named_and_nothing_panics() {
    if !can_drop_privileges() {
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
        let out = as_nobody(&e.data(), home.path(), &args);
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
