//! A plan file imported again after an item was inserted: items without ids keep the ids (and
//! the member's ticks) of the items they are, and ticks that would be lost are said first.

use crate::common;

use predicates::prelude::*;
use xuexi::store::{DB_FILE, Store};

use common::cli::CliEnv as Cli;

const PLAN: &str = "[plan]\nid = \"dongxun\"\ntitle = \"冬训\"\n\n[[items]]\nkind = \"task\"\ntitle = \"学党章\"\n\n[[items]]\nkind = \"task\"\ntitle = \"写心得\"\n";

#[test]
fn an_inserted_item_moves_no_ticks_and_a_removed_one_is_warned_of() {
    let c = Cli::new();
    let p = c.write("plan.toml", PLAN);
    c.cmd().args(["plan", "import"]).arg(&p).assert().success();
    // the member ticks 写心得 (item-2)
    {
        let mut store = Store::open(&c.data().join(DB_FILE)).unwrap();
        store
            .tick("dongxun", "item-2", true, "", jiff::Timestamp::now())
            .unwrap();
    }
    let done = |c: &Cli| -> serde_json::Value {
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
    let inserted = PLAN.replace(
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
    let plan = Store::open(&c.data().join(DB_FILE))
        .unwrap()
        .plan("dongxun")
        .unwrap();
    let ids: Vec<(&str, &str)> = plan
        .items
        .iter()
        .map(|i| (i.title.as_str(), i.id.as_str()))
        .collect();
    assert_eq!(
        ids,
        [
            ("新加的", "item-3"),
            ("学党章", "item-1"),
            ("写心得", "item-2")
        ]
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
