//! `xuexi plan`, `xuexi stats` and `xuexi export` as a member and a trainer run them.

use crate::common;

use common::cli::{CliEnv, stdout};
use predicates::prelude::*;

const PLAN: &str = r#"[plan]
id = "spring"
title = "春季自学计划"
starts = "2026-03-01"

[[items]]
id = "read-xuzhou"
kind = "read"
material = "xuzhou-sixue-jizhi"

[[items]]
id = "xinde"
kind = "task"
title = "写心得"
"#;

#[test]
fn plans_are_checked_imported_and_listed() {
    let e = CliEnv::new();
    let good = e.write("spring.toml", PLAN);
    let bad = e.write(
        "bad.toml",
        PLAN.replace("xuzhou-sixue-jizhi", "no-such")
            .replace("kind = \"task\"", "kind = \"chore\""),
    );
    e.cmd()
        .args(["plan", "check"])
        .arg(&good)
        .assert()
        .success()
        .stdout(predicate::str::contains("计划 spring，2 项"));
    let out = e
        .cmd()
        .args(["plan", "import"])
        .arg(&good)
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    let bad_s = bad.display().to_string();
    assert!(
        err.contains(&format!("{bad_s}:9:12：没有编号为“no-such”的资料")),
        "{err}"
    );
    assert!(
        err.contains(&format!("{bad_s}:13:8：不认识的条目类型“chore”")),
        "{err}"
    );
    assert!(err.contains("没有导入任何学习计划"), "{err}");
    let ids = |e: &CliEnv| -> Vec<String> {
        e.json(&["plan", "list", "--json"])
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&e), ["2020-winter"], "all or nothing");
    e.cmd()
        .args(["plan", "import"])
        .arg(&good)
        .assert()
        .success();
    assert_eq!(ids(&e), ["2020-winter", "spring"]);
    // a trainer's plan cannot take a bundled id
    let clash = e.write("clash.toml", PLAN.replace("\"spring\"", "\"2020-winter\""));
    e.cmd()
        .args(["plan", "import"])
        .arg(&clash)
        .assert()
        .failure()
        .stderr(predicate::str::contains("xuexi 自带的计划"));
    e.cmd()
        .args(["plan", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("0/10").and(predicate::str::contains("春季自学计划")));
}

#[test]
fn stats_print_the_figures_of_a_period() {
    let e = CliEnv::with_log();
    let v = e.json(&[
        "stats",
        "--from",
        "2026-03-01",
        "--to",
        "2026-03-07",
        "--json",
    ]);
    assert_eq!(v["period"]["from"], "2026-03-01");
    assert_eq!(v["totals"]["minutes"], 25);
    assert_eq!(
        v["totals"]["points"], 7,
        "1 article + 6 (capped) for 25 minutes"
    );
    assert_eq!(v["totals"]["days_studied"], 1);
    assert_eq!(v["by_column"][0]["column"], "经验交流");
    assert_eq!(v["days"].as_array().unwrap().len(), 1);
    let v = e.json(&[
        "stats",
        "--from",
        "2026-03-02",
        "--to",
        "2026-03-07",
        "--json",
    ]);
    assert_eq!(v["totals"]["minutes"], 0, "another period");
    e.cmd()
        .args(["stats", "--from", "2026-03-07", "--to", "2026-03-01"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "--to 2026-03-01 早于 --from 2026-03-07",
        ));
    e.cmd()
        .args(["stats", "--from", "3/1/2026"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("不是日期"));
}

#[test]
fn a_period_in_the_future_is_an_empty_report_not_a_crash() {
    // `--from` after today with `--to` left to default (today) used to panic (exit 101)
    let e = CliEnv::with_log();
    // two days ahead: in the future in any zone
    let tomorrow = xuexi::domain::stats::day_of(
        jiff::Timestamp::now() + jiff::SignedDuration::from_hours(48),
        &jiff::tz::TimeZone::UTC,
    )
    .to_string();
    let v = e.json(&["stats", "--from", &tomorrow, "--json"]);
    assert_eq!(v["totals"]["minutes"], 0);
    assert_eq!(v["period"]["from"], tomorrow.as_str());
    let out = e
        .cmd()
        .args(["export", "--format", "md", "--from", &tomorrow])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("#"));
}

#[test]
fn export_writes_a_file_once_and_never_half() {
    let e = CliEnv::with_log();
    let out = e.dir.path().join("述学.md");
    e.cmd()
        .args(["export", "--format", "md", "-o"])
        .arg(&out)
        .assert()
        .success()
        .stderr(predicate::str::contains("已写入"));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("| 学习时长 | 0 小时 25 分 |"), "{md}");
    // an existing file is kept without --force
    std::fs::write(&out, "mine").unwrap();
    e.cmd()
        .args(["export", "--format", "csv", "-o"])
        .arg(&out)
        .assert()
        .failure()
        .stderr(predicate::str::contains("--force"));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "mine");
    e.cmd()
        .args(["export", "--format", "csv", "--force", "-o"])
        .arg(&out)
        .assert()
        .success();
    assert!(
        std::fs::read_to_string(&out)
            .unwrap()
            .starts_with("\u{feff}id,time,kind")
    );
    // a folder that does not exist: a clear error and no file
    let missing = e.dir.path().join("nope").join("x.json");
    e.cmd()
        .args(["export", "--format", "json", "-o"])
        .arg(&missing)
        .assert()
        .failure()
        .stderr(predicate::str::contains("x.json"));
    assert!(!missing.exists());
    let leftovers: Vec<_> = std::fs::read_dir(e.dir.path())
        .unwrap()
        .filter_map(|f| f.ok())
        .filter(|f| f.file_name().to_string_lossy().contains("xuexi-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "no temporary file left behind");
    // to standard output; xAPI needs a name
    e.cmd()
        .args(["export", "--format", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"events\""));
    e.cmd()
        .args(["export", "--format", "xapi"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("[member]"));
    let cfg = e.write("config/xuexi/config.toml", "[member]\nname = \"张三\"\n");
    let out = e
        .cmd()
        .args(["export", "--format", "xapi"])
        .arg("--config")
        .arg(&cfg)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v[0]["actor"]["account"]["name"], "张三");
}

#[test]
fn export_to_a_full_disk_or_a_device() {
    let e = CliEnv::with_log();
    // /dev/full: every write fails with "no space left"; the device must stay a device
    if std::path::Path::new("/dev/full").exists() {
        e.cmd()
            .args(["export", "--format", "csv", "--force", "-o", "/dev/full"])
            .assert()
            .failure()
            .stderr(predicate::str::contains("/dev/full"));
        use std::os::unix::fs::FileTypeExt;
        let t = std::fs::metadata("/dev/full").unwrap().file_type();
        assert!(t.is_char_device(), "/dev/full is still a device");
        let left: Vec<_> = std::fs::read_dir("/dev")
            .unwrap()
            .filter_map(|f| f.ok())
            .filter(|f| f.file_name().to_string_lossy().contains("xuexi-tmp"))
            .collect();
        assert!(left.is_empty(), "no temporary file left in /dev");
    } else {
        eprintln!("no /dev/full here: the full-disk case is not run");
    }
    // a file in a folder that cannot be created: a clear error naming it
    let blocked = e.write("blocker", "a file, not a folder");
    e.cmd()
        .args(["export", "--format", "md", "-o"])
        .arg(blocked.join("x.md"))
        .assert()
        .failure()
        .stderr(predicate::str::contains("x.md"));
}

#[test]
fn removing_a_plan_a_material_or_a_bank_a_plan_uses() {
    let e = CliEnv::new();
    // a trainer's material, a bank and a plan that uses both
    let m = e.write(
        "m.md",
        "+++\nid = \"my-notes\"\ntitle = \"支部学习材料\"\n+++\n正文。\n",
    );
    e.cmd()
        .args(["materials", "import"])
        .arg(&m)
        .assert()
        .success();
    let bank = e.write(
        "tiku.csv",
        "题型,题干,选项A,选项B,答案\n单选,题（　）,甲,乙,A\n",
    );
    e.cmd()
        .args(["bank", "import"])
        .arg(&bank)
        .assert()
        .success();
    let plan = e.write(
        "p.toml",
        "[plan]\nid = \"zhibu\"\ntitle = \"支部计划\"\n\n[[items]]\nkind = \"read\"\nmaterial = \"my-notes\"\n\n[[items]]\nkind = \"quiz\"\nbank = \"tiku\"\n",
    );
    e.cmd()
        .args(["plan", "import"])
        .arg(&plan)
        .assert()
        .success();
    // the bank a plan uses is not removed by accident
    e.cmd()
        .args(["bank", "remove", "tiku"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains(
            "学习计划 zhibu 的条目用到了题库 tiku",
        ));
    e.cmd()
        .args(["bank", "remove", "tiku", "--force"])
        .assert()
        .success();
    // the material goes, the plan is told of
    e.cmd()
        .args(["materials", "remove", "my-notes"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已删除资料 my-notes"))
        .stdout(predicate::str::contains(
            "学习计划 zhibu 有条目用到这篇资料",
        ));
    let list = e
        .cmd()
        .args(["materials", "list", "--json"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&list.stdout).contains("my-notes"));
    e.cmd()
        .args(["materials", "remove", "siyang-sanxun"])
        .assert()
        .code(1);
    // plans: the member's goes, the bundled one stays
    e.cmd()
        .args(["plan", "remove", "zhibu"])
        .assert()
        .success()
        .stdout(predicate::str::contains("已删除学习计划 zhibu"));
    e.cmd()
        .args(["plan", "remove", "2020-winter"])
        .assert()
        .code(1);
    e.cmd()
        .args(["plan", "remove", "zhibu"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有编号为 zhibu 的学习计划"));
}

/// A `{name}` or `{name|one|other}` a template left in what a command printed.
fn unfilled(text: &str) -> Option<String> {
    let mut rest = text;
    while let Some(i) = rest.find('{') {
        let tail = &rest[i + 1..];
        let name: String = tail
            .chars()
            .take_while(|c| c.is_ascii_lowercase() || *c == '_')
            .collect();
        if !name.is_empty() && tail[name.len()..].starts_with(['}', '|']) {
            let end = tail.find('}').map_or(tail.len(), |e| e + 1);
            return Some(format!("{{{}", &tail[..end]));
        }
        rest = tail;
    }
    None
}

#[test]
fn no_command_leaves_a_placeholder_unfilled_or_a_plural_wrong() {
    // `xuexi stats` printed 累计 {all}: the CLI passed no value for it; English said "1 days"
    let e = CliEnv::with_log();
    let runs: &[&[&str]] = &[
        &["stats"],
        &["stats", "--from", "2026-03-01", "--to", "2026-03-01"],
        &["stats", "--json"],
        &["export", "--format", "md", "--from", "2026-03-01"],
        &["export", "--format", "html", "--from", "2026-03-01"],
        &["export", "--format", "csv"],
        &["plan", "list"],
        &["bank", "list"],
        &["materials", "list"],
        &["quiz", "history"],
        &["notes", "list"],
        &["search", "学习"],
        &["search", "--count", "学习"],
        &["paper", "print", "--help"],
        &["restore"],
        &["--help"],
        &["stats", "--help"],
    ];
    for lang in ["zh-CN", "en"] {
        for args in runs {
            let out = e.cmd().args(["--lang", lang]).args(*args).output().unwrap();
            let text = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            assert_eq!(unfilled(&text), None, "{lang} {args:?}:\n{text}");
            for wrong in [
                " 1 days",
                " 1 points",
                " 1 items",
                " 1 questions",
                " 1 quizzes",
            ] {
                assert!(!text.contains(wrong), "{lang} {args:?}: {wrong}\n{text}");
            }
        }
    }
    let out = stdout(
        e.cmd()
            .args(["--lang", "en", "stats", "--from", "2026-03-01"]),
    );
    assert!(out.contains("1 day"), "{out}");
    let out = stdout(e.cmd().arg("stats"));
    assert!(out.contains("累计 "), "{out}");
}

#[test]
fn minutes_are_rounded_one_way_in_the_table_and_the_json() {
    // 30 seconds in one column showed 0 in the JSON and 1 in the table
    let e = CliEnv::with_log();
    let mut store = e.store();
    let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    store
        .append_events(&[(
            ts("2026-03-05T02:00:30Z"),
            xuexi::domain::log::Record::Reading {
                session: 2,
                material: "xuzhou-sixue-jizhi".into(),
                from: ts("2026-03-05T02:00:00Z"),
                to: ts("2026-03-05T02:00:30Z"),
                seconds: 30,
            },
        )])
        .unwrap();
    drop(store);
    let day = ["--from", "2026-03-05", "--to", "2026-03-05"];
    let v = e.json(&[&["stats"][..], &day[..], &["--json"][..]].concat());
    assert_eq!(v["totals"]["minutes"], 1);
    assert_eq!(v["days"][0]["minutes"], 1);
    assert_eq!(v["by_column"][0]["minutes"], 1);
    let out = stdout(e.cmd().arg("stats").args(day));
    assert!(out.contains("0 小时 1 分"), "{out}");
}

#[test]
fn two_profiles_on_one_data_folder_keep_their_own_study() {
    // a branch's shared computer: each member's database, log, lock and config in a folder of
    // their own; the folder as it was stays the first profile
    let e = CliEnv::with_log();
    let data = e.data();
    let before = std::fs::read(data.join(xuexi::store::DB_FILE)).unwrap();
    for name in ["张三", "李四"] {
        e.cmd()
            .args(["--profile", name, "plan", "list"])
            .assert()
            .success();
        assert!(
            data.join("profiles")
                .join(name)
                .join(xuexi::store::DB_FILE)
                .exists()
        );
    }
    // 张三 reads 25 minutes in his profile: his figures, not 李四's, not the first profile's
    let mut store =
        xuexi::store::Store::open(&data.join("profiles/张三").join(xuexi::store::DB_FILE)).unwrap();
    let ts = |s: &str| s.parse::<jiff::Timestamp>().unwrap();
    store
        .append_events(&[(
            ts("2026-03-05T02:25:00Z"),
            xuexi::domain::log::Record::Reading {
                session: 1,
                material: "xuzhou-sixue-jizhi".into(),
                from: ts("2026-03-05T02:00:00Z"),
                to: ts("2026-03-05T02:25:00Z"),
                seconds: 1500,
            },
        )])
        .unwrap();
    drop(store);
    let minutes = |args: &[&str]| {
        let all = [
            args,
            &[
                "stats",
                "--from",
                "2026-03-05",
                "--to",
                "2026-03-05",
                "--json",
            ],
        ]
        .concat();
        e.json(&all)["totals"]["minutes"].as_i64().unwrap()
    };
    assert_eq!(minutes(&["--profile", "张三"]), 25);
    assert_eq!(minutes(&["--profile", "李四"]), 0);
    assert_eq!(minutes(&[]), 0);
    let md = stdout(
        e.cmd()
            .env("XUEXI_PROFILE", "李四")
            .args(["export", "--format", "csv"]),
    );
    assert!(!md.contains("2026-03-05"), "{md}");
    // the first profile's database was not touched by the others
    assert_eq!(
        std::fs::read(data.join(xuexi::store::DB_FILE)).unwrap(),
        before
    );
    // a new profile does not take the computer's member name into its exports
    let cfg = e.write("cfg.toml", "[member]\nname = \"王五\"\n");
    let home = e.dir.path().join("config/xuexi");
    std::fs::create_dir_all(&home).unwrap();
    std::fs::copy(&cfg, home.join("config.toml")).unwrap();
    let md = stdout(
        e.cmd()
            .args(["--profile", "李四", "export", "--format", "md"]),
    );
    assert!(!md.contains("王五"), "{md}");
    let md = stdout(e.cmd().args(["export", "--format", "md"]));
    assert!(md.contains("王五"), "the first profile keeps it: {md}");
    // a name that is not one folder is refused, saying why
    e.cmd()
        .args(["--profile", "../x", "plan", "list"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("不能用作名字"));
}

// ---- a plan imported again
// A plan file imported again after an item was inserted: items without ids keep the ids (and
// the member's ticks) of the items they are, and ticks that would be lost are said first.

const DONGXUN: &str = "[plan]\nid = \"dongxun\"\ntitle = \"冬训\"\n\n[[items]]\nkind = \"task\"\ntitle = \"学党章\"\n\n[[items]]\nkind = \"task\"\ntitle = \"写心得\"\n";

#[test]
fn an_inserted_item_moves_no_ticks_and_a_removed_one_is_warned_of() {
    let c = CliEnv::new();
    let p = c.write("plan.toml", DONGXUN);
    c.cmd().args(["plan", "import"]).arg(&p).assert().success();
    // the member ticks 写心得 (item-2)
    c.tick("dongxun", "item-2");
    let done = |c: &CliEnv| -> serde_json::Value {
        let plans = c.json(&["plan", "list", "--json"]);
        plans
            .as_array()
            .unwrap()
            .iter()
            .find(|p| p["id"] == "dongxun")
            .cloned()
            .unwrap()
    };
    let before = done(&c);
    // a new item above both: 写心得 keeps item-2 and its tick
    let inserted = DONGXUN.replace(
        "[[items]]\nkind = \"task\"\ntitle = \"学党章\"",
        "[[items]]\nkind = \"task\"\ntitle = \"新加的\"\n\n[[items]]\nkind = \"task\"\ntitle = \"学党章\"",
    );
    let p = c.write("plan.toml", inserted);
    c.cmd()
        .args(["plan", "check"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("不再计入").not());
    c.cmd().args(["plan", "import"]).arg(&p).assert().success();
    let after = done(&c);
    assert_eq!(before["done"], 1);
    assert_eq!(after["done"], 1, "{after}");
    // and it is 写心得's: the item kept its id
    c.assert_plan_items(
        "dongxun",
        &[
            ("新加的", "item-3"),
            ("学党章", "item-1"),
            ("写心得", "item-2"),
        ],
    );
    // 写心得 removed: plan check says its tick would be lost
    let removed = "[plan]\nid = \"dongxun\"\ntitle = \"冬训\"\n\n[[items]]\nkind = \"task\"\ntitle = \"新加的\"\n\n[[items]]\nkind = \"task\"\ntitle = \"学党章\"\n";
    let p = c.write("plan.toml", removed);
    c.cmd()
        .args(["plan", "check"])
        .arg(&p)
        .assert()
        .success()
        .stdout(predicate::str::contains("写心得").and(predicate::str::contains("不再计入")));
}
