//! The branch report's memory: what it remembers of each event goes to a scratch database on
//! disk (the fold holds a few thousand at most), and the picture is the one the fold gives
//! holding everything in memory — on random forged branches, with the hand-over to disk as
//! often as every event. A temporary folder it cannot write in is said in Chinese.

use std::path::PathBuf;

use proptest::prelude::*;
use serde_json::{Value, json};
use xuexi::domain::plan::{ItemKind, Plan, PlanItem, PlanOrigin};
use xuexi::export::branch::Fold;
use xuexi::service::branch_spill::DiskSpill;
use xuexi::service::report::fold_member_exports;

use crate::common;
use common::cli::{CliEnv as Cli, stdout};

const BANK: &str = r#"[bank]
id = "b"
title = "冬训题库"

[[questions]]
id = "q0"
type = "multiple"
stem = "多选（　）。"
options = ["甲", "乙", "丙"]
answer = "AC"

[[questions]]
id = "q1"
type = "single"
stem = "单选（　）。"
options = ["甲", "乙"]
answer = "A"

[[papers]]
id = "p"
title = "冬训测试"
minutes = 10
pass = 60
draw = { single = 1, multiple = 1 }
points = { single = 5, multiple = 5 }
multiple_partial = 0.5
"#;

/// A small generator from the test's seed.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % n.max(1)
    }
}

/// One event of a forged member's log: readings, finishes, exam answers and attempts, ticks,
/// now and then a text id or an absurd value.
fn event(r: &mut Rng, i: u64) -> Value {
    let pick = |r: &mut Rng| {
        [json!([0]), json!([1]), json!([0, 2]), json!([2])][r.below(4) as usize].clone()
    };
    let at = format!("2026-03-{:02}T{:02}:00:00Z", 1 + r.below(27), r.below(24));
    let id = if r.below(20) == 0 {
        json!(format!("t{i}"))
    } else {
        json!(i)
    };
    match r.below(5) {
        0 => json!({"kind": "reading", "id": id, "at": at, "session": i, "from": at, "to": at,
                    "material": format!("m{}", r.below(4)), "title": "资料",
                    "seconds": ([600, -5, 1_000_000_000_000_i64][r.below(3) as usize])}),
        1 => json!({"kind": "finished", "id": id, "at": at,
                    "material": format!("m{}", r.below(4)), "title": format!("题{}", r.below(3))}),
        2 => json!({"kind": "answer", "id": id, "at": at, "attempt": r.below(3), "mode": "exam",
                    "position": 0, "bank": "b", "question": format!("q{}", r.below(3)),
                    "stem": "", "response": (pick(r)),
                    "response_text": "", "correct": r.below(2) == 0, "score": 5.0, "seconds": 10}),
        3 => json!({"kind": "attempt", "id": id, "at": at, "attempt": r.below(3), "mode": "exam",
                    "bank": "b", "paper": "p", "title": "冬训测试", "from": at, "seconds": 300,
                    "score": 5.0, "max": 10.0, "percent": ([50.0, 100.0, 300.0][r.below(3) as usize]),
                    "passed": true, "right": 1, "answered": 2}),
        _ => json!({"kind": "tick", "id": id, "at": at, "plan": "pl", "item": "t",
                    "done": r.below(2) == 0, "note": ""}),
    }
}

/// A forged branch: a few members, each in one to three exports (overlapping, now and then an
/// event changed or of another installation), written into `c`'s folder.
fn branch(c: &Cli, r: &mut Rng) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for m in 0..1 + r.below(4) {
        let events: Vec<Value> = (0..r.below(40)).map(|i| event(r, i)).collect();
        for f in 0..1 + r.below(3) {
            let mut part: Vec<Value> = events.iter().filter(|_| r.below(5) > 0).cloned().collect();
            if r.below(3) == 0
                && let Some(e) = part.first().cloned()
            {
                let mut e = e;
                e["seconds"] = json!(999);
                part.push(e);
            }
            let install = format!("{:032x}", m * 10 + r.below(2) * (r.below(4) / 3));
            let text = common::member_export(
                json!({"member": format!("成员{m}"), "account": format!("a{m}"),
                       "installation": install}),
                Value::Array(part),
            );
            files.push(c.write(&format!("m{m}-{f}.json"), text));
        }
    }
    files
}

fn plan() -> Plan {
    let item = |id: &str, kind| PlanItem {
        id: id.into(),
        title: id.into(),
        kind,
        due: None,
        by_member: false,
    };
    Plan {
        id: "pl".into(),
        title: "计划".into(),
        origin: PlanOrigin::User,
        starts: Some("2026-03-05".parse().unwrap()),
        ends: None,
        items: vec![
            item(
                "r",
                ItemKind::Read {
                    material: "m1".into(),
                },
            ),
            item(
                "q",
                ItemKind::Quiz {
                    bank: "b".into(),
                    paper: None,
                    min_percent: Some(60),
                },
            ),
            item("mi", ItemKind::Minutes { minutes: 30 }),
            item("t", ItemKind::Task),
        ],
        restarted: None,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// The picture with the fold's memory handed to disk every `every` places is the picture
    /// with everything in memory: the same members, exams, questions, doubts and plan progress.
    #[test]
    fn the_report_on_disk_is_the_report_in_memory(seed in any::<u64>(), every in 1usize..12) {
        let c = Cli::new();
        let mut r = Rng(seed);
        let files = branch(&c, &mut r);
        let path = c.write("bank.toml", BANK);
        let bank = xuexi::import::bank_toml::parse_bank_toml(&path, BANK, &|_| true).unwrap();
        let banks = [bank];
        let plan = plan();
        let tz = jiff::tz::TimeZone::UTC;
        let today = "2026-04-01".parse().unwrap();
        let mut memory = Fold::new(&banks, &tz).with_plan(&plan, today);
        prop_assert!(fold_member_exports(&files, &mut memory).is_empty());
        let spill = DiskSpill::create_in(c.dir.path()).unwrap();
        let mut disk = Fold::with_spill(&banks, &tz, Box::new(spill))
            .with_plan(&plan, today)
            .spill_every(every);
        prop_assert!(fold_member_exports(&files, &mut disk).is_empty());
        let held = disk.held();
        prop_assert!(held.places + held.answers < every, "{:?}", held);
        let (a, b) = (memory.finish().unwrap(), disk.finish().unwrap());
        prop_assert_eq!(a, b);
        // the scratch folder went with the report
        let left: Vec<_> = std::fs::read_dir(c.dir.path()).unwrap().flatten()
            .filter(|e| e.file_name().to_string_lossy().starts_with("xuexi-scratch"))
            .collect();
        prop_assert!(left.is_empty(), "{:?}", left);
    }
}

/// A temporary folder the report cannot make its scratch database in is named, in Chinese,
/// with what to do; nothing is printed as a report.
#[test]
fn a_temporary_folder_it_cannot_write_in_is_said_in_chinese() {
    let c = Cli::new();
    let file = c.write(
        "m.json",
        common::member_export(
            json!({}),
            json!([{"kind": "finished", "id": 1,
            "at": "2026-03-02T02:00:00Z", "material": "m1", "title": "资料"}]),
        ),
    );
    let missing = c.dir.path().join("no-such-folder");
    c.cmd()
        .env("TMPDIR", &missing)
        .args(["branch", "report"])
        .arg(&file)
        .assert()
        .failure()
        .stdout("")
        .stderr(predicates::str::contains(format!(
            "无法在临时文件夹 {} 中建立汇总用的临时数据库",
            missing.display()
        )))
        .stderr(predicates::str::contains("TMPDIR"));
    // with a folder it can write in, the same report is made, and leaves nothing there
    let tmp = c.dir.path().join("tmp");
    std::fs::create_dir(&tmp).unwrap();
    let md = stdout(
        c.cmd()
            .env("TMPDIR", &tmp)
            .args(["branch", "report"])
            .arg(&file),
    );
    assert!(md.contains("| 张三 | zs |"), "{md}");
    assert_eq!(std::fs::read_dir(&tmp).unwrap().count(), 0);
}
