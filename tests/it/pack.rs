//! Study packs end to end: a trainer's folder built (every problem located first), imported by
//! a member (all or nothing, after saying what changes), upgraded (what the newer version
//! drops removed, the member's study kept), and every damaged or hostile pack refused with
//! nothing written.

use crate::common;

use std::path::{Path, PathBuf};

use common::cli::CliEnv as Cli;
use predicates::prelude::*;

/// A trainer's folder: a material, a spreadsheet bank with a Chinese name (its id and title
/// in pack.toml) citing it, and a plan using both.
fn folder(c: &Cli, version: &str, with_plan: bool) -> PathBuf {
    let dir = c.dir.path().join(format!("src-{version}"));
    let w = |rel: &str, text: &str| {
        let p = dir.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    };
    w(
        "pack.toml",
        &format!(
            "[pack]\nid = \"dongxun-2026\"\ntitle = \"2026年冬训学习包\"\nversion = \"{version}\"\npublisher = \"第一党支部\"\n\n[[banks]]\nfile = \"banks/冬训.csv\"\nid = \"dongxun\"\ntitle = \"冬训题库\"\n"
        ),
    );
    w(
        "materials/sanhui.md",
        "+++\nid = \"sanhui-yike\"\ntitle = \"三会一课制度\"\ncolumn = \"学习动态\"\ndate = \"2026-11-01\"\n+++\n\n支部党员大会每季度召开一次。\n",
    );
    w(
        "banks/冬训.csv",
        "题型,题干,答案,出处\n判断,支部党员大会每季度召开一次。,对,sanhui-yike\n",
    );
    if with_plan {
        w(
            "plans/plan.toml",
            "[plan]\nid = \"dongxun-plan\"\ntitle = \"2026年冬训计划\"\n\n[[items]]\nkind = \"read\"\nmaterial = \"sanhui-yike\"\n\n[[items]]\nkind = \"quiz\"\nbank = \"dongxun\"\n",
        );
    }
    dir
}

fn build(c: &Cli, dir: &Path, name: &str) -> PathBuf {
    let out = c.dir.path().join(name);
    c.cmd()
        .args(["pack", "build"])
        .arg(dir)
        .arg("-o")
        .arg(&out)
        .assert()
        .success()
        .stdout(predicate::str::contains("已写出学习包"));
    out
}

fn packs(c: &Cli) -> serde_json::Value {
    c.json(&["pack", "list", "--json"])
}

#[test]
fn a_pack_is_built_imported_and_upgraded_and_the_members_study_stays() {
    let c = Cli::new();
    let v1 = build(&c, &folder(&c, "1", true), "v1.xuexi");
    // says what it brings, then imports it whole
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&v1)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("新装")
                .and(predicate::str::contains("资料：新增 1"))
                .and(predicate::str::contains("学习计划：新增 1")),
        );
    let p = packs(&c);
    assert_eq!(p[0]["version"], "1");
    assert_eq!(p[0]["banks"], serde_json::json!(["dongxun"]));
    let banks = c.json(&["bank", "list", "--json"]);
    assert!(
        banks
            .as_array()
            .unwrap()
            .iter()
            .any(|b| b["title"] == "冬训题库")
    );
    // the same version again: refused with the reason, nothing written
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&v1)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("不比已装的 1 新"));
    // without --yes and no answer: nothing imported
    let v2 = build(&c, &folder(&c, "1.1", false), "v2.xuexi");
    c.cmd()
        .args(["pack", "import"])
        .arg(&v2)
        .write_stdin("n\n")
        .assert()
        .code(1);
    assert_eq!(packs(&c)[0]["version"], "1");
    // the newer version drops the plan: removed, said
    c.cmd()
        .args(["pack", "import"])
        .arg(&v2)
        .write_stdin("y\n")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("从已装的版本 1 升级")
                .and(predicate::str::contains("移除：dongxun-plan"))
                .and(predicate::str::contains("留在学习记录里")),
        );
    assert_eq!(packs(&c)[0]["version"], "1.1");
    let plans = c.json(&["plan", "list", "--json"]);
    assert!(
        !plans
            .as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == "dongxun-plan")
    );
}

#[test]
fn building_reports_every_problem_with_its_place_and_writes_nothing() {
    let c = Cli::new();
    let dir = folder(&c, "1", true);
    // a plan citing a material the pack lacks, a bank row without an answer, a stray file
    std::fs::write(
        dir.join("plans/plan.toml"),
        "[plan]\nid = \"p\"\ntitle = \"计划\"\n\n[[items]]\nkind = \"read\"\nmaterial = \"meiyou\"\n",
    )
    .unwrap();
    std::fs::write(dir.join("banks/冬训.csv"), "题型,题干,答案\n判断,对吗？,\n").unwrap();
    std::fs::write(dir.join("notes.docx"), "x").unwrap();
    std::fs::write(
        dir.join("banks/冬训-试卷.csv"),
        "名称,时长,判断数\n卷,10,1\n",
    )
    .unwrap();
    let out = c.dir.path().join("bad.xuexi");
    c.cmd()
        .args(["pack", "build"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("plans/plan.toml:")
                .and(predicate::str::contains("meiyou"))
                .and(predicate::str::contains("banks/冬训.csv"))
                .and(predicate::str::contains("notes.docx"))
                .and(predicate::str::contains("试卷 CSV")),
        );
    assert!(!out.exists());
}

/// A pack written with this manifest and these files as they are (a tampered or hostile one).
fn forged(c: &Cli, name: &str, files: &[(&str, &[u8])], lie: Option<(&str, &[u8])>) -> PathBuf {
    use xuexi::import::pack::{Manifest, PackFile, PackHead, sha256, write_pack};
    let files: Vec<(String, Vec<u8>)> = files
        .iter()
        .map(|(n, b)| (n.to_string(), b.to_vec()))
        .collect();
    let manifest = Manifest {
        pack: PackHead {
            id: "forged".into(),
            title: "伪造".into(),
            version: "1".into(),
            publisher: "某人".into(),
            created: String::new(),
            description: String::new(),
        },
        banks: vec![],
        files: files
            .iter()
            .map(|(n, b)| {
                // the manifest may describe other bytes than the pack holds
                let described = lie.filter(|(l, _)| l == n).map_or(b.as_slice(), |(_, x)| x);
                PackFile {
                    path: n.clone(),
                    sha256: sha256(described),
                    size: described.len() as u64,
                }
            })
            .collect(),
    };
    let p = c.dir.path().join(name);
    std::fs::write(&p, write_pack(&manifest, &files).unwrap()).unwrap();
    p
}

#[test]
fn damaged_tampered_and_hostile_packs_are_refused_with_nothing_written() {
    let c = Cli::new();
    let md: &[u8] = "+++\nid = \"m\"\ntitle = \"资料\"\n+++\n正文。\n".as_bytes();
    let cases: Vec<(PathBuf, &str)> = vec![
        (
            forged(
                &c,
                "tampered.xuexi",
                &[("materials/m.md", md)],
                Some(("materials/m.md", b"other")),
            ),
            "SHA-256",
        ),
        (
            forged(&c, "escape.xuexi", &[("../../evil.md", md)], None),
            "不是学习包可以放文件的位置",
        ),
        (
            forged(&c, "abs.xuexi", &[("/etc/evil.md", md)], None),
            "不是学习包可以放文件的位置",
        ),
        (
            c.write("junk.xuexi", b"PK\x03\x04 not really"),
            "这不是学习包",
        ),
    ];
    for (file, why) in cases {
        c.cmd()
            .args(["pack", "import", "--yes"])
            .arg(&file)
            .assert()
            .code(1)
            .stderr(predicate::str::contains(why).and(predicate::str::contains("没有导入")));
    }
    assert_eq!(packs(&c), serde_json::json!([]));
    let m = c.json(&["materials", "list", "--json"]);
    assert!(!m.as_array().unwrap().iter().any(|x| x["id"] == "m"));
}

#[test]
fn a_material_an_upgrade_drops_leaves_its_reading_in_the_log() {
    use xuexi::domain::log::Record;
    let c = Cli::new();
    let mut store = common::store();
    let install = |store: &mut xuexi::store::Store, dir: &Path, name: &str| {
        let built = xuexi::service::pack::build(dir, "2026-11-30").unwrap();
        let file = c.dir.path().join(name);
        std::fs::write(&file, &built.bytes).unwrap();
        let prepared = xuexi::service::pack::prepare(store, &file)
            .unwrap()
            .unwrap();
        xuexi::service::pack::install(store, &prepared, common::t0()).unwrap();
    };
    install(&mut store, &folder(&c, "1", true), "v1.xuexi");
    store
        .append_events(&[(
            common::t0(),
            Record::Finished {
                material: "sanhui-yike".into(),
            },
        )])
        .unwrap();
    // version 2 holds only the bank, citing no material
    let dir = folder(&c, "2", false);
    std::fs::remove_file(dir.join("materials/sanhui.md")).unwrap();
    std::fs::write(
        dir.join("banks/冬训.csv"),
        "题型,题干,答案\n判断,对吗？,对\n",
    )
    .unwrap();
    install(&mut store, &dir, "v2.xuexi");
    assert!(
        store.material("sanhui-yike").is_err()
            || store
                .list_materials()
                .unwrap()
                .iter()
                .all(|m| m.meta.id != "sanhui-yike")
    );
    let events = store.events(None, None).unwrap();
    assert!(
        events.iter().any(
            |e| matches!(&e.record, Record::Finished { material } if material == "sanhui-yike")
        ),
        "the member's study stays in the log"
    );
    assert_eq!(
        store.pack("dongxun-2026").unwrap().unwrap().materials,
        Vec::<String>::new()
    );
}

#[test]
fn the_plans_screen_imports_a_pack_after_showing_what_it_changes() {
    use common::{code, draw, key, screen_text, send, t0};
    use ratatui::crossterm::event::KeyCode;
    use xuexi::i18n::Lang;
    let c = Cli::new();
    let built = xuexi::service::pack::build(&folder(&c, "1", true), "2026-11-30").unwrap();
    let file = c.dir.path().join("冬训.xuexi");
    std::fs::write(&file, &built.bytes).unwrap();
    let mut store = common::store();
    // the bundled plan is there before, and shown
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_plans(&mut store, t0()).unwrap();
    for (w, h) in [(40, 12), (80, 24)] {
        let mut app = common::app(&store, Lang::ZhCn, w, h);
        send(&mut app, &mut store, &[key('p'), key('i')], t0());
        let typed: Vec<_> = file.display().to_string().chars().map(key).collect();
        send(&mut app, &mut store, &typed, t0());
        assert!(
            screen_text(&draw(&app, w, h)).contains("Enter 检查"),
            "the hint says what Enter does here"
        );
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        let t = draw(&app, w, h);
        common::check_buffer(t.backend().buffer());
        let text = screen_text(&t);
        if w == 80 {
            assert!(
                text.contains("新装") && text.contains("资料：新增 1"),
                "{text}"
            );
        }
        assert!(store.packs().unwrap().is_empty(), "nothing before yes");
        if w == 40 {
            // n: nothing imported
            send(&mut app, &mut store, &[key('n')], t0());
            assert!(store.packs().unwrap().is_empty());
            continue;
        }
        let before = app
            .plans()
            .and_then(|v| v.current().map(|(p, _)| p.id.clone()));
        assert_eq!(
            before.as_deref(),
            Some("2020-winter"),
            "on the bundled plan before"
        );
        send(&mut app, &mut store, &[key('y')], t0());
        assert_eq!(store.packs().unwrap()[0].version, "1");
        assert!(
            app.message
                .as_ref()
                .is_some_and(|m| m.text.contains("已导入学习包 dongxun-2026")),
        );
        // the screen turned to the pack's plan
        assert_eq!(
            app.plans()
                .and_then(|v| v.current().map(|(p, _)| p.id.clone())),
            Some("dongxun-plan".to_string())
        );
        assert!(screen_text(&draw(&app, w, h)).contains("2026年冬训计划"));
    }
    // a damaged file says why on the status line
    let bad = c.write("bad.xuexi", b"not a zip");
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('p'), key('i')], t0());
    let typed: Vec<_> = bad.display().to_string().chars().map(key).collect();
    send(&mut app, &mut store, &typed, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert!(
        app.message
            .as_ref()
            .is_some_and(|m| m.error && m.text.contains("这不是学习包"))
    );
}

/// The limits are one set: a material over `materials import`'s limit is refused by `pack
/// build` and by `pack import` (a forged pack) with the same message, nothing installed.
#[test]
fn a_pack_holds_its_files_to_the_limits_the_importers_hold_them_to() {
    use xuexi::import::limits::MATERIAL_BYTES;
    let c = Cli::new();
    let mut big = "+++\nid = \"big\"\ntitle = \"太大的资料\"\n+++\n".to_string();
    while (big.len() as u64) <= MATERIAL_BYTES {
        big.push_str("支部党员大会每季度召开一次。\n");
    }
    // materials import refuses it
    let alone = c.write("big.md", &big);
    c.cmd()
        .args(["materials", "import"])
        .arg(&alone)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("超过了 5 MB 的上限"));
    // pack build refuses it
    let dir = folder(&c, "1", false);
    std::fs::write(dir.join("materials/big.md"), &big).unwrap();
    let out = c.dir.path().join("big.xuexi");
    c.cmd()
        .args(["pack", "build"])
        .arg(&dir)
        .arg("-o")
        .arg(&out)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("materials/big.md")
                .and(predicate::str::contains("超过了 5 MB 的上限")),
        );
    assert!(!out.exists());
    // and pack import refuses it in a pack made without xuexi
    let p = forged(
        &c,
        "forged-big.xuexi",
        &[("materials/big.md", big.as_bytes())],
        None,
    );
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&p)
        .assert()
        .code(1)
        .stderr(
            predicate::str::contains("big.md").and(predicate::str::contains("超过了 5 MB 的上限")),
        );
    let ids: Vec<String> = c
        .json(&["materials", "list", "--json"])
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["id"].as_str().map(str::to_string))
        .collect();
    assert!(ids.len() > 1, "the ids are read: {ids:?}");
    assert!(!ids.iter().any(|i| i == "big"), "nothing installed");
}

/// The README's limits table says what the code holds files to.
#[test]
fn the_readmes_limits_table_matches_the_code() {
    use xuexi::import::limits::*;
    let readme = include_str!("../../README.md");
    let table = readme
        .split("#### Limits")
        .nth(1)
        .expect("a limits table in the README");
    let mb = |b: u64| format!("{} MB", b / 1024 / 1024);
    for (what, limit) in [
        ("a material", mb(MATERIAL_BYTES)),
        ("a bank file", mb(BANK_BYTES)),
        ("a study plan", mb(PLAN_BYTES)),
        ("a pack's manifest (`pack.toml`)", mb(MANIFEST_BYTES)),
        ("a pack file", mb(PACK_BYTES)),
        ("a pack, unpacked", mb(PACK_UNPACKED)),
        ("one file in a pack, unpacked", mb(PACK_FILE)),
        ("files in a pack", "5,000".to_string()),
    ] {
        let row = format!("| {what} | {limit}");
        assert!(table.contains(&row), "README limits table: {row}");
    }
    assert_eq!(PACK_ENTRIES, 5_000);
}

#[test]
fn an_upgrade_that_changed_only_its_version_says_unchanged_and_a_changed_bank_names_its_questions()
{
    let c = Cli::new();
    let v1 = build(&c, &folder(&c, "1", true), "v1.xuexi");
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&v1)
        .assert()
        .success();
    // the same files, a new version: nothing is 更新
    let v11 = build(&c, &folder(&c, "1.1", true), "v11.xuexi");
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&v11)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("资料：新增 0，更新 0，未变 1")
                .and(predicate::str::contains("题库：新增 0，更新 0，未变 1"))
                .and(predicate::str::contains("学习计划：新增 0，更新 0，未变 1")),
        );
    // one answer changed: the bank is 更新, and the question is named
    let dir = folder(&c, "1.2", true);
    std::fs::write(
        dir.join("banks/冬训.csv"),
        "题型,题干,答案,出处\n判断,支部党员大会每季度召开一次。,错,sanhui-yike\n",
    )
    .unwrap();
    let v12 = build(&c, &dir, "v12.xuexi");
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&v12)
        .assert()
        .success()
        .stdout(
            predicate::str::contains("题库：新增 0，更新 1，未变 0")
                .and(predicate::str::contains("题库 dongxun 修改的题目"))
                .and(predicate::str::contains("第 1 题：支部党员大会")),
        );
}

#[test]
fn a_pack_upgrade_that_inserts_a_plan_item_moves_no_ticks() {
    let c = Cli::new();
    let plan = |extra: &str| {
        format!(
            "[plan]\nid = \"dongxun-plan\"\ntitle = \"2026年冬训计划\"\n{extra}\n[[items]]\nkind = \"task\"\ntitle = \"学党章\"\n\n[[items]]\nkind = \"task\"\ntitle = \"写心得\"\n"
        )
    };
    let v1 = folder(&c, "1", true);
    std::fs::write(v1.join("plans/plan.toml"), plan("")).unwrap();
    let v1 = build(&c, &v1, "v1.xuexi");
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&v1)
        .assert()
        .success();
    c.tick("dongxun-plan", "item-2");
    let v2 = folder(&c, "2", true);
    std::fs::write(
        v2.join("plans/plan.toml"),
        plan("\n[[items]]\nkind = \"task\"\ntitle = \"新加的\"\n"),
    )
    .unwrap();
    let v2 = build(&c, &v2, "v2.xuexi");
    c.cmd()
        .args(["pack", "import", "--yes"])
        .arg(&v2)
        .assert()
        .success()
        .stdout(predicate::str::contains("不再计入").not());
    c.assert_plan_items(
        "dongxun-plan",
        &[
            ("新加的", "item-3"),
            ("学党章", "item-1"),
            ("写心得", "item-2"),
        ],
    );
}
