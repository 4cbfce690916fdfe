//! Every word a member reads from the command line is from the string tables: clap's errors
//! and help through our templates (Chinese by default, English under --lang en), and the
//! third-party readers' English (serde, zip, calamine) worded as a sentence, kept for the log.

use crate::common;

use common::cli::CliEnv;

/// English of clap's that must not reach a Chinese member.
const CLAP_ENGLISH: [&str; 7] = [
    "Usage:",
    "error:",
    "invalid value",
    "Print help",
    "Options:",
    "Commands:",
    "For more information",
];

fn no_clap_english(text: &str) {
    for w in CLAP_ENGLISH {
        assert!(!text.contains(w), "clap's `{w}` in: {text}");
    }
}

#[test]
fn clap_errors_are_worded_from_the_string_tables() {
    let c = CliEnv::new();
    let out = c
        .cmd()
        .args(["export", "--format", "docx"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("“docx”不是 --format") && err.contains("csv, json"),
        "{err}"
    );
    no_clap_english(&err);
    let out = c.cmd().arg("materails").output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("不认识的命令“materails”") && err.contains("materials"),
        "{err}"
    );
    assert!(err.contains("用法："), "{err}");
    no_clap_english(&err);
    let out = c
        .cmd()
        .args(["export", "--from", "2026-13-01"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不是日期"), "{err}");
    no_clap_english(&err);
    let out = c.cmd().args(["bank", "--nonsense"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("不认识的参数“--nonsense”"), "{err}");
    no_clap_english(&err);
    // and in English when asked
    let out = c
        .cmd()
        .args(["--lang", "en", "export", "--format", "docx"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("`docx` is not a value --format"), "{err}");
}

#[test]
fn help_pages_are_laid_out_in_the_members_language() {
    let c = CliEnv::new();
    for args in [
        vec!["--help"],
        vec!["-h"],
        vec!["bank", "--help"],
        vec!["help", "bank", "import"],
        vec!["bank"],
    ] {
        let out = c.cmd().args(&args).output().unwrap();
        let text = format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(text.contains("用法："), "{args:?}: {text}");
        no_clap_english(&text);
    }
    let top = common::cli::stdout(c.cmd().arg("--help"));
    assert!(
        top.contains("命令：") && top.contains("选项：") && top.contains("显示帮助"),
        "{top}"
    );
    let import = common::cli::stdout(c.cmd().args(["help", "bank", "import"]));
    assert!(
        import.contains("参数：") && import.contains("题库文件或文件夹"),
        "{import}"
    );
    let en = common::cli::stdout(c.cmd().args(["--lang", "en", "--help"]));
    assert!(en.contains("Usage:") && en.contains("Print help"), "{en}");
}

#[test]
fn third_party_readers_english_is_worded() {
    let c = CliEnv::new();
    // serde's `expected value at line 1 column 1`
    let bad = c.write("a.json", "not json");
    let out = c
        .cmd()
        .args(["branch", "report"])
        .arg(&bad)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("不是 JSON 文件（第 1 行第 2 列有误）"),
        "{err}"
    );
    assert!(!err.contains("expected"), "{err}");
    // calamine's `Cannot detect file format`
    let book = c.write("题库.xlsx", "this is no workbook");
    let out = c.cmd().args(["bank", "check"]).arg(&book).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("读不了这个工作簿"), "{err}");
    assert!(
        !err.contains("Cannot detect") && !err.contains("Zip"),
        "{err}"
    );
    // the zip reader's `invalid Zip archive`
    let pack = c.write("假的.xuexi", "PK\u{3}\u{4} and nothing more");
    let out = c
        .cmd()
        .args(["pack", "import", "--yes"])
        .arg(&pack)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("读不了的 zip 文件"), "{err}");
    assert!(!err.to_lowercase().contains("zip archive"), "{err}");
}

/// SQLite's English ("database or disk is full", "database disk image is malformed") is worded
/// from the string tables.
#[test]
fn sqlites_english_is_worded() {
    use xuexi::i18n::{Lang, Strings};
    let sql = |code: i32, text: &str| {
        xuexi::store::StoreError::Sql(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(code),
            Some(text.into()),
        ))
    };
    let zh = Strings::load(Lang::ZhCn);
    let full = xuexi::service::errors::store_text(&sql(13, "database or disk is full"), &zh);
    assert!(
        full.contains("磁盘已满") && !full.contains("disk is full"),
        "{full}"
    );
    let bad = sql(11, "database disk image is malformed");
    assert!(bad.is_damaged());
    let text = xuexi::service::errors::store_text(&bad, &zh);
    assert!(
        text.contains("已损坏") && !text.contains("malformed"),
        "{text}"
    );
    let en = xuexi::service::errors::store_text(&bad, &Strings::load(Lang::En));
    assert!(en.contains("damaged") && !en.contains("malformed"), "{en}");
}

#[test]
fn a_database_that_will_not_open_is_worded_not_sqlites_english() {
    let c = CliEnv::new();
    // a folder where the database file belongs
    std::fs::create_dir_all(c.data().join("xuexi.db")).unwrap();
    let out = c.cmd().args(["materials", "list"]).output().unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{err}");
    assert!(
        err.contains("打不开数据库") && err.contains("读写"),
        "{err}"
    );
    assert!(!err.contains("unable to open"), "SQLite's English: {err}");
}

#[cfg(unix)]
#[test]
fn an_argument_that_is_not_utf8_is_worded_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let c = CliEnv::new();
    let out = c
        .cmd()
        .arg("search")
        .arg(std::ffi::OsStr::from_bytes(b"\xff\xfe"))
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("不是有效的 UTF-8"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// clap's syntax words, which its help and usage lines print in English unless told.
const CLAP_SYNTAX: [&str; 8] = [
    "[OPTIONS]",
    "<COMMAND>",
    "[COMMAND]",
    "[env:",
    "[default:",
    "[possible values",
    "<FILE>",
    "<DIR>",
];

/// No clap syntax word, and no `<PLACEHOLDER>` or `[word:` of ASCII letters at all.
fn no_clap_syntax(args: &[&str], text: &str) {
    no_clap_english(text);
    for w in CLAP_SYNTAX {
        assert!(!text.contains(w), "{args:?}: clap's `{w}` in: {text}");
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let word: String = chars[i + 1..]
            .iter()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect();
        let after = chars.get(i + 1 + word.chars().count());
        let english_placeholder = *c == '<' && word.chars().any(|c| c.is_ascii_uppercase());
        let english_note = *c == '[' && !word.is_empty() && after == Some(&':');
        assert!(
            !english_placeholder && !english_note,
            "{args:?}: `{c}{word}` in: {text}"
        );
    }
}

/// Display width of a help line's start (CJK two columns).
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if (c as u32) >= 0x1100 { 2 } else { 1 })
        .sum()
}

/// Where each option's description starts, in columns: one place for every option.
fn description_columns(page: &str) -> Vec<usize> {
    page.lines()
        .filter(|l| l.starts_with("  -") || l.starts_with("      --"))
        .filter_map(|l| {
            let spec = l.trim_start();
            let indent = l.len() - spec.len();
            let gap = spec.find("  ")?;
            let rest = &spec[gap..];
            let start = indent + gap + (rest.len() - rest.trim_start().len());
            Some(width(&l[..start]))
        })
        .collect()
}

#[test]
fn clap_syntax_words_are_the_members_too() {
    let c = CliEnv::new();
    // (an environment variable's value is the member's: the help names the variable only)
    let run = |args: &[&str]| {
        let out = c
            .cmd()
            .env("XUEXI_PROFILE", "机密档案")
            .args(args)
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let pages = [
        vec!["--help"],
        vec!["-h"],
        vec!["bank", "--help"],
        vec!["bank", "import", "--help"],
        vec!["export", "--help"],
        vec!["search", "-h"],
        vec!["bank"],
        // usage errors
        vec!["bank", "import"],
        vec!["bank", "--nonsense"],
        vec!["materails"],
        vec!["search", "--json", "--count", "x"],
        vec!["export", "--format", "docx"],
        vec!["search", "--limit", "abc", "x"],
        vec!["export", "--format"],
        vec!["search", "x", "--json", "--json"],
    ];
    for args in pages {
        let text = run(&args);
        no_clap_syntax(&args, &text);
        assert!(!text.contains("机密档案"), "{args:?}: {text}");
    }
    let top = run(&["--help"]);
    assert!(top.contains("用法：xuexi [选项] [命令]"), "{top}");
    assert!(
        top.contains("[环境变量：XUEXI_DATA_DIR]")
            && top.contains("[环境变量：XUEXI_PROFILE]")
            && top.contains("--data-dir <目录>"),
        "{top}"
    );
    let bank = run(&["bank", "--help"]);
    assert!(bank.contains("用法：xuexi bank [选项] <命令>"), "{bank}");
    let import = run(&["bank", "import", "--help"]);
    assert!(
        import.contains("用法：xuexi bank import [选项] <文件>...")
            && import.contains("<文件>...  题库文件或文件夹")
            && import.contains("--sheet <工作表>"),
        "{import}"
    );
    let cols = description_columns(&import);
    assert!(
        cols.len() > 5 && cols.iter().all(|&c| c == cols[0]),
        "{cols:?}: {import}"
    );
    let export = run(&["export", "--help"]);
    assert!(
        export.contains("--format <格式>")
            && export.contains("导出格式 [默认：md] [可选值：csv, json, md, html, xapi]"),
        "{export}"
    );
    let search = run(&["search", "--help"]);
    assert!(
        search.contains("--limit <数目>") && search.contains("[默认：20]"),
        "{search}"
    );
    let missing = run(&["bank", "import"]);
    assert!(
        missing.contains("缺少：<文件>...")
            && missing.contains("用法：xuexi bank import [选项] <文件>..."),
        "{missing}"
    );
    // the standard library's `invalid digit found in string`, worded
    let number = run(&["search", "--limit", "abc", "x"]);
    assert!(
        number.contains("--limit <数目> 的值“abc”不对：这里要写一个整数")
            && !number.contains("invalid digit"),
        "{number}"
    );
    // clap's `a value is required … but none was supplied`, and `cannot be used multiple times`
    let none = run(&["export", "--format"]);
    assert!(
        none.contains("--format <格式> 后面要写一个值；可用的值：csv, json"),
        "{none}"
    );
    let none = run(&["bank", "import", "a.toml", "--id"]);
    assert!(none.contains("--id <编号> 后面要写一个值\n"), "{none}");
    let twice = run(&["search", "x", "--json", "--json"]);
    assert!(twice.contains("--json 只能写一次"), "{twice}");
    let unknown = run(&["bank", "--nonsense"]);
    assert!(
        unknown.contains("用法：xuexi bank [选项] <命令>"),
        "{unknown}"
    );
}

#[test]
fn clap_syntax_words_read_right_in_english() {
    let c = CliEnv::new();
    let run = |args: &[&str]| {
        let out = c
            .cmd()
            .env("XUEXI_PROFILE", "secret-profile")
            .arg("--lang")
            .arg("en")
            .args(args)
            .output()
            .unwrap();
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    };
    let top = run(&["--help"]);
    assert!(
        top.contains("Usage: xuexi [OPTIONS] [COMMAND]")
            && top.contains("--data-dir <DIR>")
            && top.contains("[env: XUEXI_DATA_DIR]")
            && !top.contains("secret-profile"),
        "{top}"
    );
    let bank = run(&["bank", "--help"]);
    assert!(
        bank.contains("Usage: xuexi bank [OPTIONS] <COMMAND>"),
        "{bank}"
    );
    let import = run(&["bank", "import", "--help"]);
    assert!(
        import.contains("Usage: xuexi bank import [OPTIONS] <FILE>..."),
        "{import}"
    );
    let export = run(&["export", "-h"]);
    assert!(
        export.contains("[default: md] [possible values: csv, json, md, html, xapi]"),
        "{export}"
    );
    let missing = run(&["bank", "import"]);
    assert!(
        missing.contains("error: missing: <FILE>...")
            && missing.contains("Usage: xuexi bank import [OPTIONS] <FILE>..."),
        "{missing}"
    );
}

/// A new option's placeholder needs its words in both tables, or it would show in English.
#[test]
fn every_placeholder_has_its_words_in_both_languages() {
    use xuexi::commands::cli_text::VALUE_NAME_KEY;
    use xuexi::i18n::{Lang, Strings};
    fn walk(cmd: &clap::Command, out: &mut Vec<String>) {
        for a in cmd
            .get_arguments()
            .filter(|a| a.get_action().takes_values())
        {
            for n in a.get_value_names().unwrap_or_default() {
                out.push(n.to_string());
            }
        }
        for s in cmd.get_subcommands() {
            walk(s, out);
        }
    }
    let mut names = Vec::new();
    walk(&xuexi::cli::localized(&Default::default()), &mut names);
    assert!(names.iter().any(|n| n == "FILE"), "{names:?}");
    for lang in [Lang::ZhCn, Lang::En] {
        let s = Strings::load(lang);
        let mut missing: Vec<&String> = names
            .iter()
            .filter(|n| !s.problems.contains_key(&format!("{VALUE_NAME_KEY}{n}")))
            .collect();
        missing.dedup();
        assert!(missing.is_empty(), "{lang:?}: no words for {missing:?}");
    }
}
