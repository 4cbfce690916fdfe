//! The malformed-input corpus (tests/fixtures/malformed/): every broken file of every input
//! format gives a diagnostic naming the file and, where a place exists, the line and column
//! (or spreadsheet row and column); none panics; the diagnostics are pinned by a snapshot; and
//! a valid file given alongside is not affected.

use crate::common;

use std::path::{Path, PathBuf};

use predicates::prelude::*;
use xuexi::config::Config;
use xuexi::import::bank::{TableOptions, load_bank_file as load_bank};
use xuexi::import::plan::{Refs, parse_plan};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/malformed")
}

/// The diagnostics for one file, or None when it parsed.
fn diagnose(path: &Path) -> Option<Vec<String>> {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    let text = || String::from_utf8_lossy(&bytes).into_owned();
    let errs: Vec<String> = if name.starts_with("material-") {
        match xuexi::import::material::parse_material_bytes(path, &bytes) {
            Ok(_) => return None,
            Err(e) => vec![e.to_string()],
        }
    } else if name.starts_with("bank-") {
        match load_bank(path, &TableOptions::default(), &|_| true) {
            Ok(_) => return None,
            Err(e) => e.iter().map(|e| e.to_string()).collect(),
        }
    } else if name.starts_with("plan-") {
        let text = match xuexi::import::decode_utf8(path, &bytes) {
            Ok(t) => t.to_string(),
            Err(e) => return Some(vec![e.to_string()]),
        };
        match parse_plan(path, &text, &Refs::default()) {
            Ok(_) => return None,
            Err(e) => e.iter().map(|e| e.to_string()).collect(),
        }
    } else if name.starts_with("config-") {
        match Config::parse(path, &text()) {
            Ok(_) => return None,
            Err(e) => vec![e.to_string()],
        }
    } else {
        panic!("{name}: no parser for this file");
    };
    Some(errs)
}

#[test]
fn every_malformed_file_is_diagnosed_with_its_place() {
    let dir = corpus();
    let mut names: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    names.sort();
    assert!(names.len() >= 40, "the corpus has {} files", names.len());
    let mut report = String::new();
    let mut unplaced: Vec<String> = Vec::new();
    for path in &names {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        let Some(errs) = diagnose(path) else {
            unplaced.push(format!("{name}: PARSED"));
            continue;
        };
        assert!(!errs.is_empty(), "{name}");
        for e in &errs {
            let shown = path.display().to_string();
            assert!(
                e.starts_with(&shown),
                "{name}: `{e}` does not name the file"
            );
            let rest = &e[shown.len()..];
            let placed = rest.starts_with(":row ")
                || rest
                    .split(':')
                    .nth(1)
                    .zip(rest.split(':').nth(2))
                    .is_some_and(|(l, c)| l.parse::<usize>().is_ok() && c.parse::<usize>().is_ok());
            if !placed {
                unplaced.push(format!("{name}: {e}"));
            }
            assert!(
                !e.chars().any(xuexi::text::sanitize::is_forbidden),
                "{name}: a control character in `{e}`"
            );
            report.push_str(&format!("{name}{rest}\n"));
        }
    }
    assert!(
        unplaced.is_empty(),
        "no line and column:\n{}",
        unplaced.join("\n")
    );
    insta::assert_snapshot!("malformed_diagnostics", report);
}

#[test]
fn ten_times_the_largest_real_file() {
    let dir = tempfile::tempdir().unwrap();
    // the bundled bank, ten times over (ids made unique): parses, within the limits
    let bank = String::from_utf8(xuexi::bundle::bank_files()[0].bytes.to_vec()).unwrap();
    let (head, rest) = bank.split_once("[[questions]]").unwrap();
    let questions_end = rest.find("[[papers]]").unwrap_or(rest.len());
    let questions = format!("[[questions]]{}", &rest[..questions_end]);
    let mut big = head.to_string();
    for k in 0..10 {
        big.push_str(&questions.replace("id = \"q", &format!("id = \"k{k}q")));
    }
    let path = dir.path().join("big.toml");
    std::fs::write(&path, &big).unwrap();
    let (b, _) = load_bank(&path, &TableOptions::default(), &|_| true).unwrap();
    assert_eq!(b.questions.len(), 720);
    // a material over the 5 MB limit: refused before it is read, named
    let path = dir.path().join("huge.md");
    let mut text = String::from("+++\nid = \"huge\"\ntitle = \"大\"\n+++\n\n");
    while text.len() <= 5 * 1024 * 1024 {
        text.push_str(&"学".repeat(10_000));
        text.push('\n');
    }
    std::fs::write(&path, &text).unwrap();
    let e = common::cli::CliEnv::new();
    e.cmd()
        .args(["materials", "import"])
        .arg(&path)
        .assert()
        .failure()
        .stderr(predicate::str::contains("huge.md").and(predicate::str::contains("上限")));
}

#[test]
fn a_valid_file_beside_broken_ones_is_not_affected() {
    let e = common::cli::CliEnv::new();
    let good = e.write(
        "good.toml",
        "[bank]\nid = \"good\"\ntitle = \"好题库\"\n[[questions]]\nid = \"q1\"\ntype = \"judge\"\nstem = \"学习是终身的事。\"\nanswer = true\n",
    );
    let bad: Vec<PathBuf> = [
        "bank-truncated.toml",
        "bank-ragged.csv",
        "bank-not-utf8.toml",
    ]
    .iter()
    .map(|n| corpus().join(n))
    .collect();
    let out = e
        .cmd()
        .args(["bank", "import"])
        .arg(&good)
        .args(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for b in &bad {
        assert!(err.contains(&b.display().to_string()), "{err}");
    }
    assert!(
        !err.contains("good.toml"),
        "nothing said of the good file: {err}"
    );
    // all or nothing: none imported; then the good one alone is, as it is
    let ids = |e: &common::cli::CliEnv| -> Vec<String> {
        e.json(&["bank", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|b| b["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(!ids(&e).contains(&"good".to_string()));
    e.cmd()
        .args(["bank", "import"])
        .arg(&good)
        .assert()
        .success();
    assert!(ids(&e).contains(&"good".to_string()));
}
