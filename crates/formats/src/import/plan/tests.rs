//! Plans as trainers write them, and their problems.

use super::*;

fn refs() -> Refs {
    Refs {
        materials: ["m1".to_string()].into_iter().collect(),
        banks: [("b".to_string(), vec!["final".to_string()])]
            .into_iter()
            .collect(),
    }
}

fn parse(text: &str) -> Result<Plan, Vec<String>> {
    parse_plan(Path::new("p.toml"), text, &refs())
        .map_err(|e| e.iter().map(|e| e.to_string()).collect())
}

const GOOD: &str = r#"[plan]
id = "winter"
title = "冬训计划"
starts = "2020-02-01"
ends = 2020-03-31

[[items]]
id = "read-1"
title = "读一读"
kind = "read"
material = "m1"
due = "2020-02-10"

[[items]]
kind = "quiz"
bank = "b"
paper = "final"
min_percent = 80

[[items]]
kind = "minutes"
minutes = 300

[[items]]
kind = "task"
title = "撰写学习心得一篇"
"#;

#[test]
fn a_good_plan_parses_and_round_trips() {
    let p = parse(GOOD).unwrap();
    assert_eq!(p.id, "winter");
    assert_eq!(
        p.ends,
        Some("2020-03-31".parse().unwrap()),
        "TOML dates too"
    );
    let ids: Vec<&str> = p.items.iter().map(|i| i.id.as_str()).collect();
    assert_eq!(ids, ["read-1", "item-2", "item-3", "item-4"]);
    assert_eq!(
        p.items[1].kind,
        ItemKind::Quiz {
            bank: "b".into(),
            paper: Some("final".into()),
            min_percent: Some(80)
        }
    );
    let again = parse(&export_plan(&p)).unwrap();
    assert_eq!(again, p);
}

#[test]
fn every_problem_is_located() {
    let bad = GOOD
        .replace("material = \"m1\"", "material = \"nope\"")
        .replace("paper = \"final\"", "paper = \"mid\"")
        .replace("minutes = 300", "minutes = 0")
        .replace("ends = 2020-03-31", "ends = \"2020-01-31\"")
        .replace("due = \"2020-02-10\"", "due = \"10/02/2020\"");
    let e = parse(&bad).unwrap_err();
    assert_eq!(
        e,
        [
            "p.toml:5:8: ends (2020-01-31) is before starts (2020-02-01)",
            "p.toml:11:12: no material with id `nope`",
            "p.toml:12:7: due must be a date like 2020-02-01",
            "p.toml:17:9: bank `b` has no paper `mid`",
            "p.toml:22:11: minutes must be between 1 and 100000",
        ]
    );
}

#[test]
fn kinds_and_fields_are_checked() {
    let e = parse("[plan]\nid = \"p\"\ntitle = \"t\"\n[[items]]\nkind = \"watch\"\n").unwrap_err();
    assert_eq!(
        e,
        ["p.toml:5:8: unknown kind `watch`; use read, quiz, minutes or task"]
    );
    let e = parse("[plan]\nid = \"p\"\ntitle = \"t\"\n[[items]]\nkind = \"task\"\n").unwrap_err();
    assert_eq!(e, ["p.toml:5:8: a `task` item needs a title"]);
    let e = parse("[plan]\nid = \"p\"\ntitle = \"t\"\n[[items]]\nkind = \"read\"\nbank = \"b\"\nmaterial = \"m1\"\n").unwrap_err();
    assert_eq!(e, ["p.toml:5:8: `bank` does not apply to a `read` item"]);
    let e = parse("[plan]\nid = \"p\"\ntitle = \"t\"\ncolour = 1\n").unwrap_err();
    assert!(
        e[0].starts_with("p.toml:4:1: unknown field `colour`"),
        "{e:?}"
    );
    let e = parse("[plan]\nid = \"P!\"\ntitle = \"\"\n[[items]]\nid = \"a\"\nkind = \"task\"\ntitle = \"x\"\n[[items]]\nid = \"a\"\nkind = \"task\"\ntitle = \"y\"\n").unwrap_err();
    assert_eq!(
        e,
        [
            "p.toml:2:6: plan id `P!` must be 1–64 of a-z, 0-9 and -",
            "p.toml:3:9: the plan needs a title",
            "p.toml:9:6: item id `a` is also used by item 1",
        ]
    );
}

#[test]
fn an_item_left_out_still_has_every_problem_said_in_order() {
    let text = "[plan]\nid = \"w\"\ntitle = \"t\"\n\n[[items]]\nkind = \"quiz\"\nmin_percent = 120\nbank = \"nope\"\ndue = \"soon\"\n";
    let errs = parse(text).unwrap_err();
    assert_eq!(errs.len(), 3, "{errs:?}");
    assert!(
        errs[0].starts_with("p.toml:7:"),
        "the pass mark first: {errs:?}"
    );
    assert!(errs[1].starts_with("p.toml:8:"), "then the bank: {errs:?}");
    assert!(errs[2].starts_with("p.toml:9:"), "then the date: {errs:?}");
}
