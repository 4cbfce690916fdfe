//! The command line, run as a process in temporary data dirs: output, exit codes, error text.

use crate::common;

use std::path::Path;

use assert_cmd::Command;
use predicates::prelude::*;

use common::cli::CliEnv as Env;

/// Material ids as `materials list --json` prints them.
fn ids(e: &Env) -> Vec<String> {
    e.json(&["materials", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .map(|m| m["id"].as_str().unwrap().to_string())
        .collect()
}

fn material(id: &str, title: &str, body: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\ntitle = \"{title}\"\ncolumn = \"学习心得\"\ndate = 2026-11-28\n+++\n\n{body}\n"
    )
}

#[test]
fn version_and_help() {
    let e = Env::new();
    e.cmd()
        .arg("--version")
        .assert()
        .success()
        .stdout(predicate::str::starts_with(format!(
            "xuexi {}",
            env!("CARGO_PKG_VERSION")
        )));
    for args in [
        vec!["--help"],
        vec!["materials", "--help"],
        vec!["materials", "list", "--help"],
        vec!["materials", "import", "--help"],
    ] {
        e.cmd().args(&args).assert().success().stdout(
            predicate::str::contains("用法：").and(predicate::str::contains("Usage:").not()),
        );
    }
    e.cmd()
        .args(["materials", "import", "--help"])
        .assert()
        .stdout(predicate::str::contains("全部成功或一篇也不导入"));
    e.cmd()
        .args(["--lang", "en", "materials", "import", "--help"])
        .assert()
        .stdout(predicate::str::contains("all or nothing"));
}

#[test]
fn list_shows_the_bundled_newsletter() {
    let e = Env::new();
    e.cmd()
        .args(["materials", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("xuzhou-sixue-jizhi"))
        .stdout(predicate::str::contains("经验交流"))
        .stdout(predicate::str::contains("0%"));
    assert!(e.data().join("xuexi.db").exists());
    assert!(
        e.data().join("xuexi.log").exists(),
        "logs go to a file in the data dir"
    );
}

#[test]
fn list_json_fields() {
    let e = Env::new();
    let out = e
        .cmd()
        .args(["materials", "list", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let arr = v.as_array().expect("a plain array");
    assert_eq!(arr.len(), 5);
    let first = &arr[0];
    for key in [
        "id", "title", "column", "source", "date", "progress", "read",
    ] {
        assert!(first.get(key).is_some(), "missing {key}");
    }
    assert_eq!(first["progress"], 0);
    assert_eq!(first["read"], false);
    assert_eq!(arr[2]["source"], "徐州市委理论学习中心组");
}

#[test]
fn english_headers() {
    let e = Env::new();
    e.cmd()
        .args(["--lang", "en", "materials", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Column"))
        .stdout(predicate::str::contains("Progress"));
    e.cmd()
        .env("LANG", "en_US.UTF-8")
        .args(["materials", "list"])
        .assert()
        .stdout(predicate::str::contains("Title"));
}

#[test]
fn import_files_and_folders_then_reimport_keeps_progress() {
    let e = Env::new();
    let a = e.write("mine/a.md", material("my-notes", "我的心得", "学习体会。"));
    e.write("mine/sub/b.md", material("my-plan", "我的计划", "计划。"));
    e.write("mine/ignored.txt", "not a material");
    e.cmd()
        .args(["materials", "import"])
        .arg(e.dir.path().join("mine"))
        .assert()
        .success()
        .stdout(predicate::str::contains("新增 2"));
    assert_eq!(ids(&e).len(), 7);
    // progress in one of them, then re-import with a change
    {
        let mut s = e.store();
        s.save_progress(
            "my-notes",
            Default::default(),
            55,
            false,
            jiff::Timestamp::now(),
        )
        .unwrap();
    }
    std::fs::write(
        &a,
        material("my-notes", "我的心得（修订）", "学习体会。修订。"),
    )
    .unwrap();
    e.cmd()
        .args(["materials", "import"])
        .arg(&a)
        .assert()
        .success()
        .stdout(predicate::str::contains("更新 1"));
    let out = e
        .cmd()
        .args(["materials", "list", "--json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mine = v
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["id"] == "my-notes")
        .unwrap();
    assert_eq!(mine["title"], "我的心得（修订）");
    assert_eq!(mine["progress"], 55);
}

#[test]
fn bad_front_matter_names_path_line_column_and_imports_nothing() {
    let e = Env::new();
    let good = e.write("good.md", material("fine", "好的", "正文"));
    let bad = e.write("bad.md", "+++\nid = \"x\"\ntitle = 3\n+++\n正文\n");
    e.cmd()
        .args(["materials", "import"])
        .arg(&good)
        .arg(&bad)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:3:9：", bad.display())))
        .stderr(predicate::str::contains("没有导入任何资料"));
    assert_eq!(ids(&e).len(), 5, "nothing imported, not even the good file");
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let e = Env::new();
    let a = e.write(
        "a.md",
        "+++\nid = \"a\"\ntitle = \"t\"\nauthor = \"某\"\nlevel = 3\n+++\n",
    );
    let b = e.write("b.md", "no front matter\n");
    e.cmd()
        .args(["materials", "import"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:4:1：", a.display())))
        .stderr(predicate::str::contains("author"))
        // both unknown keys of a.md in the same run
        .stderr(predicate::str::contains(format!(
            "{}:5:1：不认识的键“level”",
            a.display()
        )))
        .stderr(predicate::str::contains(format!("{}:1:1：", b.display())))
        .stderr(predicate::str::contains("发现 3 个问题"));
}

#[test]
fn two_files_with_one_id_name_both() {
    let e = Env::new();
    let a = e.write("one.md", material("same", "甲", "甲"));
    let b = e.write("two.md", material("same", "乙", "乙"));
    e.cmd()
        .args(["materials", "import"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(a.display().to_string()))
        .stderr(predicate::str::contains(b.display().to_string()))
        .stderr(predicate::str::contains("`same`"));
    assert_eq!(ids(&e).len(), 5);
}

#[test]
fn bundled_id_is_an_error_not_an_overwrite() {
    let e = Env::new();
    let a = e.write("x.md", material("siyang-sanxun", "冒名", "覆盖"));
    e.cmd()
        .args(["materials", "import"])
        .arg(&a)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("siyang-sanxun"))
        .stderr(predicate::str::contains("xuexi 自带资料"));
    let out = e.cmd().args(["materials", "list"]).output().unwrap();
    assert!(String::from_utf8_lossy(&out.stdout).contains("泗阳：“三训”工作法"));
}

#[test]
fn missing_and_unreadable_paths_are_named() {
    let e = Env::new();
    let missing = e.dir.path().join("nope.md");
    e.cmd()
        .args(["materials", "import"])
        .arg(&missing)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}：没有这个文件",
            missing.display()
        )));
    let empty_dir = e.dir.path().join("empty");
    std::fs::create_dir_all(&empty_dir).unwrap();
    e.cmd()
        .args(["materials", "import"])
        .arg(&empty_dir)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("这里没有资料文件"));
    // a folder given as a file's content is unreadable as text
    let bin = e.dir.path().join("bin.md");
    std::fs::write(&bin, b"+++\nid = \"b\"\ntitle = \"\xff\"\n+++\n").unwrap();
    e.cmd()
        .args(["materials", "import"])
        .arg(&bin)
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:3:10：",
            bin.display()
        )))
        .stderr(predicate::str::contains("UTF-8"));
}

#[test]
fn files_over_5_mb_are_refused() {
    let e = Env::new();
    let mut text = material("big", "大", "");
    text.push_str(&"学".repeat(2 * 1024 * 1024));
    let p = e.write("big.md", &text);
    e.cmd()
        .args(["materials", "import"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("超过了 5 MB 的上限"));
}

#[test]
fn hostile_text_is_cleaned_before_storing() {
    let e = Env::new();
    let p = e.write(
        "evil.md",
        "+++\nid = \"evil\"\ntitle = \"标题\\u001b]0;pwned\\u0007\u{202e}\"\n+++\n正文\u{1b}[2J\u{9b}31m\n",
    );
    e.cmd()
        .args(["materials", "import"])
        .arg(&p)
        .assert()
        .success();
    let out = e.cmd().args(["materials", "list"]).output().unwrap();
    let stdout = out.stdout;
    assert!(!stdout.contains(&0x1b), "no ESC reaches the terminal");
    assert!(!String::from_utf8_lossy(&stdout).contains('\u{202e}'));
    let text = String::from_utf8_lossy(&stdout);
    assert!(text.contains("标题"), "{text}");
    assert!(
        !text.contains("pwned"),
        "the whole title-setting sequence is gone: {text}"
    );
}

#[test]
fn bad_config_names_line_and_key() {
    let e = Env::new();
    let cfg = e.write("cfg.toml", "theme = \"default\"\nidle_minutes = -3\n");
    e.cmd()
        .arg("--config")
        .arg(&cfg)
        .args(["materials", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!("{}:2:", cfg.display())))
        .stderr(predicate::str::contains("idle_minutes"));
    // said in the member's language
    let theme = e.write("theme.toml", "theme = \"neon\"\n");
    e.cmd()
        .arg("--config")
        .arg(&theme)
        .args(["materials", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(format!(
            "{}:1:1：不认识的配色“neon”；可用：auto, dark, light, default, high-contrast",
            theme.display()
        )));
    // XUEXI_CONFIG works the same; a missing explicit file is an error
    e.cmd()
        .env("XUEXI_CONFIG", e.dir.path().join("missing.toml"))
        .args(["materials", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("missing.toml"));
    // the language from the config file
    let en = e.write("en.toml", "language = \"en\"\n");
    e.cmd()
        .arg("--config")
        .arg(&en)
        .args(["materials", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Progress"));
}

#[test]
fn data_dir_from_environment() {
    let e = Env::new();
    let dir = e.dir.path().join("elsewhere");
    Command::cargo_bin("xuexi")
        .unwrap()
        .env_clear()
        .env("HOME", e.dir.path())
        .env("XUEXI_DATA_DIR", &dir)
        .args(["materials", "list"])
        .assert()
        .success();
    assert!(dir.join("xuexi.db").exists());
}

#[test]
fn newer_database_is_refused_with_a_message() {
    let e = Env::new();
    std::fs::create_dir_all(e.data()).unwrap();
    let db = e.data().join("xuexi.db");
    {
        let c = rusqlite::Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA user_version = 42;").unwrap();
    }
    let before = std::fs::read(&db).unwrap();
    e.cmd()
        .env("LANG", "en_US.UTF-8")
        .args(["materials", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("newer xuexi"));
    // in the member's language
    e.cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["materials", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "这个数据库由更新版本的 xuexi 写成（结构版本 42",
        ));
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn our_own_argument_messages_are_in_the_members_language() {
    let e = Env::new();
    e.cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["export", "--from", "3月1日"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "“3月1日”不是日期，日期的写法如 2026-03-01",
        ));
    e.cmd()
        .env("LANG", "zh_CN.UTF-8")
        .args(["--lang", "fr", "materials", "list"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--lang fr：不认识的语言"));
}

#[test]
fn the_reader_needs_a_terminal() {
    let e = Env::new();
    e.cmd()
        .assert()
        .code(1)
        .stderr(predicate::str::contains("阅读界面需要在终端里运行"));
}

#[test]
fn runs_from_any_directory_without_data_files() {
    let e = Env::new();
    e.cmd()
        .current_dir(e.dir.path())
        .args(["materials", "list", "--json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("zhongyang-changweihui-0203"));
    assert!(!Path::new(&e.dir.path().join("data/materials")).exists());
}

#[test]
fn every_command_and_argument_has_chinese_help_and_no_key_is_stale() {
    let zh = xuexi::i18n::Strings::load(xuexi::i18n::Lang::ZhCn);
    let keys = xuexi::cli::help_keys();
    let missing: Vec<&String> = keys.iter().filter(|k| !zh.help.contains_key(*k)).collect();
    assert!(missing.is_empty(), "no Chinese --help for {missing:?}");
    let stale: Vec<&String> = zh.help.keys().filter(|k| !keys.contains(k)).collect();
    assert!(stale.is_empty(), "help for no command: {stale:?}");
    // what a trainer sees
    let e = Env::new();
    e.cmd()
        .args(["bank", "import", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("跳过 xuexi 不能评判的题型"))
        .stdout(predicate::str::contains("数据库和日志所在的文件夹"));
    e.cmd()
        .env("LANG", "en_US.UTF-8")
        .args(["bank", "import", "--help"])
        .assert()
        .success()
        .stdout(predicate::str::contains("Leave out questions of a type"));
}

#[test]
fn every_problem_of_every_material_file_in_one_run() {
    let e = Env::new();
    // a bad id, an empty title, a bad date and no text: four problems in one file
    let a = e.write(
        "a.md",
        "+++\nid = \"A B\"\ntitle = \"\"\ndate = \"昨天\"\n+++\n\n",
    );
    // a bundled id in another file is reported with them, not after they are fixed
    let b = e.write("b.md", material("siyang-sanxun", "同名", "正文"));
    e.cmd()
        .args(["materials", "import"])
        .arg(&a)
        .arg(&b)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("编号“A B”只能用"))
        .stderr(predicate::str::contains("标题（title）不能为空"))
        .stderr(predicate::str::contains("date 应写成"))
        .stderr(predicate::str::contains("头信息之后没有正文"))
        .stderr(predicate::str::contains("xuexi 自带资料"))
        .stderr(predicate::str::contains("发现 5 个问题"));
}

#[test]
fn a_streamed_import_keeps_nothing_when_a_file_midway_is_broken_and_no_progress_goes_to_a_pipe() {
    use xuexi::service::import::{Imported, collect_materials, import_material_files};
    let e = Env::new();
    let files: Vec<_> = (0..5)
        .map(|i| {
            e.write(
                &format!("m/{i}.md"),
                material(&format!("stream-{i}"), &format!("第{i}篇"), "学习强国"),
            )
        })
        .collect();
    // the fourth file is broken, the fifth gives the second's id: three were imported (in the
    // transaction) before the first problem, and all five are read and checked
    std::fs::write(&files[3], material("stream-3", "", "别的内容")).unwrap();
    std::fs::write(&files[4], material("stream-1", "又一篇", "别的内容")).unwrap();
    let (listed, errors) = collect_materials(&[e.dir.path().join("m")]);
    assert!(errors.is_empty());
    assert_eq!(listed.len(), 5);
    std::fs::create_dir_all(e.data()).unwrap();
    let mut store = e.store();
    let mut seen = Vec::new();
    let r = import_material_files(Some(&mut store), listed, Vec::new(), &mut |i| seen.push(i));
    match r {
        Ok(Imported::Problems(errs)) => {
            let text: Vec<String> = errs.iter().map(|e| e.to_string()).collect();
            assert_eq!(errs.len(), 2, "{text:?}");
            assert!(text[0].contains("3.md"), "{text:?}");
            assert!(
                text[1].contains("1.md") && text[1].contains("4.md"),
                "{text:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(seen, [1, 2, 3, 4, 5], "every file checked");
    assert!(
        store
            .list_materials()
            .unwrap()
            .iter()
            .all(|m| !m.meta.id.starts_with("stream-")),
        "the transaction was rolled back"
    );
    std::fs::write(&files[4], material("stream-4", "第4篇", "学习强国")).unwrap();
    drop(store);
    // through the command (stderr a pipe): all five, and no progress line
    std::fs::write(&files[3], material("stream-3", "第3篇", "学习强国")).unwrap();
    let out = e
        .cmd()
        .args(["materials", "import"])
        .arg(e.dir.path().join("m"))
        .output()
        .unwrap();
    assert!(out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains('\r') && !err.contains('━'), "{err}");
    assert_eq!(
        ids(&e).iter().filter(|i| i.starts_with("stream-")).count(),
        5
    );
}

#[test]
fn help_says_what_to_set_when_the_terminal_is_not_utf8() {
    let e = Env::new();
    for lang in ["C", "zh_CN.GB18030"] {
        let out = e.cmd().env("LANG", lang).arg("--help").output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.contains("LANG=zh_CN.UTF-8") && text.contains(lang),
            "{text}"
        );
    }
    let out = e.cmd().arg("--help").output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stdout).contains("LANG=zh_CN.UTF-8"));
}

/// `--config` (or XUEXI_CONFIG) naming a file that is not there is said in the member's words,
/// with the file, in either language; never the system's `No such file or directory (os error 2)`.
#[test]
fn a_config_file_that_is_not_there_is_said_in_words() {
    let e = Env::new();
    let missing = e.dir.path().join("没有的配置.toml");
    for (lang, words) in [
        ("zh-CN", "没有这个文件或文件夹"),
        ("en", "no such file or folder"),
    ] {
        let out = e
            .cmd()
            .args(["--lang", lang, "materials", "list"])
            .env("XUEXI_CONFIG", &missing)
            .output()
            .unwrap();
        assert!(!out.status.success());
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(words), "{lang}: {err}");
        assert!(err.contains("没有的配置.toml"), "{lang}: {err}");
        assert!(!err.contains("os error"), "{lang}: {err}");
    }
}
