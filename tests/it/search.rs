//! Search: every occurrence of 1-, 2-, 3- and 5-character queries against a brute-force scan
//! (property tests over generated texts), Latin case-folding, several terms and phrases, and an
//! index that always follows the materials (failed imports, updates by sync).

use crate::common;

use std::collections::BTreeSet;

use common::t0;
use predicates::prelude::*;
use proptest::prelude::*;
use xuexi::domain::material::{Material, Meta};
use xuexi::markdown::parse_markdown;
use xuexi::store::Store;
use xuexi::text::search::Query;

/// Overlapping occurrences of `q` in `text`.
fn brute(text: &str, q: &str) -> usize {
    text.char_indices()
        .filter(|(i, _)| text[*i..].starts_with(q))
        .count()
}

const POOL: &[char] = &[
    '学', '习', '强', '国', '疫', '情', '防', '控', '党', '员', '冬', '训', 'A', 'p', '，', '。',
    ' ', '“', '”',
];

fn text_strategy(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(POOL), 0..max)
        .prop_map(|v| v.into_iter().collect())
}

/// A CJK-only substring of `text` with `len` characters starting near `at`, if there is one.
fn cjk_piece(text: &str, at: usize, len: usize) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len())
        .map(|k| (at + k) % chars.len().max(1))
        .find_map(|s| {
            let piece: Vec<char> = chars.get(s..s + len)?.to_vec();
            piece
                .iter()
                .all(|c| xuexi::text::search::is_cjk(*c))
                .then(|| piece.into_iter().collect())
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// The tokens find exactly the occurrences a scan finds, for every query length.
    #[test]
    fn occurrences_match_a_scan(text in text_strategy(300), at in 0usize..300, len in prop_oneof![Just(1usize), Just(2), Just(3), Just(5)]) {
        if let Some(q) = cjk_piece(&text, at, len) {
            let query = Query::parse(&q).unwrap();
            let found = query.occurrences(&text);
            prop_assert_eq!(found.len(), brute(&text, &q), "query {:?} in {:?}", q, text);
            for r in &found {
                prop_assert_eq!(&text[r.clone()], q.as_str());
            }
        }
    }
}

fn material(id: &str, title: &str, body: &str) -> Material {
    Material {
        meta: Meta {
            id: id.into(),
            title: title.into(),
            column: "测试".into(),
            source: String::new(),
            date: None,
            tags: vec![],
            summary: String::new(),
        },
        body: body.into(),
    }
}

/// The ids of what `q` finds (at most 10), sorted.
fn sorted_ids(store: &Store, q: &str) -> Vec<String> {
    let mut v: Vec<String> = store
        .search(&Query::parse(q).unwrap(), None, 10)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect();
    v.sort();
    v
}

/// The ids of the best `limit` materials `q` finds, as a set.
fn found_ids(store: &Store, q: &Query, limit: usize) -> BTreeSet<String> {
    store
        .search(q, None, limit)
        .unwrap()
        .into_iter()
        .map(|h| h.id)
        .collect()
}

fn store_with(bodies: &[String]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    let items: Vec<(Material, String)> = bodies
        .iter()
        .enumerate()
        .map(|(i, b)| {
            (
                material(&format!("m{i}"), &format!("第{i}篇"), b),
                format!("h{i}"),
            )
        })
        .collect();
    store.import_user(&items, t0()).unwrap();
    store
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]

    /// Through SQLite: the materials found are exactly those whose text holds the query, and
    /// the hits counted are the occurrences a scan finds.
    #[test]
    fn search_finds_every_material_a_scan_finds(
        bodies in proptest::collection::vec(text_strategy(200), 1..8),
        pick in 0usize..8, at in 0usize..200,
        len in prop_oneof![Just(1usize), Just(2), Just(3), Just(5)],
    ) {
        let store = store_with(&bodies);
        let plain: Vec<String> = bodies.iter().map(|b| parse_markdown(b).plain_text()).collect();
        let Some(q) = cjk_piece(&plain[pick % plain.len()], at, len) else { return Ok(()); };
        let query = Query::parse(&q).unwrap();
        let hits = store.search(&query, None, 100).unwrap();
        let found: BTreeSet<String> = hits.iter().map(|h| h.id.clone()).collect();
        let want: BTreeSet<String> = plain
            .iter()
            .enumerate()
            .filter(|(_, t)| brute(t, &q) > 0)
            .map(|(i, _)| format!("m{i}"))
            .collect();
        prop_assert_eq!(&found, &want, "query {:?}", q);
        for h in &hits {
            let i: usize = h.id[1..].parse().unwrap();
            prop_assert_eq!(h.hits, brute(&plain[i], &q));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(60))]

    /// A quoted piece of any text (breaks, Latin, characters alone, the prefix a last
    /// character is) finds, through the engine, exactly the materials the query's own tokens
    /// find in their text: the phrase the engine reads (every other bigram, a break's gap) is
    /// the query, not a looser one.
    #[test]
    fn a_quoted_piece_finds_what_its_tokens_find(
        bodies in proptest::collection::vec(text_strategy(120), 1..8),
        pick in 0usize..8, at in 0usize..120, len in 2usize..9,
    ) {
        let store = store_with(&bodies);
        let plain: Vec<String> = bodies.iter().map(|b| parse_markdown(b).plain_text()).collect();
        let chars: Vec<char> = plain[pick % plain.len()].chars().collect();
        let from = at % chars.len().max(1);
        let piece: String = chars.iter().skip(from).take(len).filter(|c| **c != '"').collect();
        let Ok(query) = Query::parse(&format!("\"{piece}\"")) else { return Ok(()); };
        let found = found_ids(&store, &query, 100);
        let want: BTreeSet<String> = plain
            .iter()
            .enumerate()
            .filter(|(i, t)| query.matches_all(t) || query.matches_all(&format!("第{i}篇")))
            .map(|(i, _)| format!("m{i}"))
            .collect();
        prop_assert_eq!(&found, &want, "query {:?}", piece);
    }
}

/// A phrase's matches are ranked by their bigrams and the best checked for the phrase: where
/// the best-ranked hold the bigrams but not the phrase, more are checked until enough do, or,
/// when almost none do, the exact query runs; either way the phrase's materials are found.
#[test]
fn a_phrase_is_found_behind_many_that_hold_only_its_bigrams() {
    let mut bodies: Vec<String> = (0..150).map(|_| "学习，强国。".repeat(20)).collect();
    for i in [3, 77, 149] {
        bodies[i] = "冬训：学习强国。".to_string();
    }
    let store = store_with(&bodies);
    let q = Query::parse("学习强国").unwrap();
    let ids = |limit: usize| found_ids(&store, &q, limit);
    assert_eq!(ids(10), ["m3", "m77", "m149"].map(String::from).into());
    let two = ids(2);
    assert_eq!(two.len(), 2);
    assert!(two.is_subset(&ids(10)), "{two:?}");
    assert_eq!(store.search_count(&q, None).unwrap(), 3);
    // one phrase among the best-ranked, two far behind: more are checked
    let mut bodies: Vec<String> = (0..70).map(|_| "学习，强国。".repeat(20)).collect();
    bodies.push(format!("学习强国。{}", "学习，强国。".repeat(20)));
    bodies.extend(["冬训：学习强国。".to_string(), "学习强国".to_string()]);
    let store = store_with(&bodies);
    let found = found_ids(&store, &q, 3);
    assert_eq!(found, ["m70", "m71", "m72"].map(String::from).into());
}

#[test]
fn latin_terms_and_phrases() {
    let store = store_with(&[
        "在“掌上泗阳”APP开设专栏。".into(),
        "用好 App 和 Xuexi 平台，学习、强国。".into(),
        "学习强国平台。".into(),
    ]);
    let ids = |q: &str| sorted_ids(&store, q);
    assert_eq!(ids("app"), ["m0", "m1"], "case-insensitive");
    assert_eq!(ids("XUEXI"), ["m1"]);
    assert_eq!(
        ids("APP开设"),
        ["m0"],
        "mixed Latin and Chinese in one term"
    );
    assert_eq!(ids("学习 强国"), ["m1", "m2"], "both terms, anywhere");
    assert_eq!(ids("学习强国"), ["m2"]);
    assert_eq!(ids("\"学习、强国\""), ["m1"], "a quoted phrase as written");
    assert_eq!(ids("app 平台"), ["m1"]);
    assert!(ids("强国 泗阳").is_empty());
}

#[test]
fn the_index_follows_imports_and_syncs() {
    let mut store = common::store();
    let count = |s: &Store| -> u64 { s.indexed_materials().unwrap() };
    let q = |s: &Store, text: &str| s.search(&Query::parse(text).unwrap(), None, 10).unwrap();
    assert_eq!(q(&store, "四学机制")[0].id, "xuzhou-sixue-jizhi");
    let before = count(&store);
    // an import that fails (a bundled id among them) leaves the index as it was
    let items = vec![
        (
            material("mine", "我的", "独一无二的句子。"),
            "h1".to_string(),
        ),
        (
            material("siyang-sanxun", "冒名", "冒名顶替。"),
            "h2".to_string(),
        ),
    ];
    assert!(store.import_user(&items, t0()).is_err());
    assert_eq!(count(&store), before);
    assert!(q(&store, "独一无二").is_empty());
    assert_eq!(
        q(&store, "三训")[0].id,
        "siyang-sanxun",
        "the bundled one still found"
    );
    // a bundled material changed by a newer bundle: found by its new text, not its old
    let new_text = "+++\nid = \"xuzhou-sixue-jizhi\"\ntitle = \"徐州\"\ncolumn = \"经验交流\"\n+++\n\n改版后的正文讲五学机制。\n";
    common::sync_changed_xuzhou(&mut store, new_text, "changed");
    assert!(
        q(&store, "四学机制").is_empty(),
        "the old text is gone from the index"
    );
    assert_eq!(q(&store, "五学机制")[0].id, "xuzhou-sixue-jizhi");
    assert_eq!(count(&store), before);
}

#[test]
fn hits_open_where_they_are() {
    let store = common::store();
    let hits = store
        .search(&Query::parse("三训").unwrap(), None, 10)
        .unwrap();
    let h = &hits[0];
    let (m, _, _) = store.material(&h.id).unwrap();
    let doc = parse_markdown(&m.body);
    let pos = h.first.unwrap();
    let block = doc.blocks[pos.block].text();
    assert!(block[pos.offset..].starts_with("三训"), "{block}");
}

#[test]
fn the_search_command() {
    let e = common::cli::CliEnv::new();
    e.cmd()
        .args(["search", "四学机制"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("xuzhou-sixue-jizhi")
                .and(predicate::str::contains("“[四学机制]”")),
        );
    e.cmd()
        .args(["search", "四学机制"])
        .env("NO_COLOR", "1")
        .assert()
        .success()
        .stdout(predicate::str::contains("“四学机制”"));
    e.cmd()
        .args(["search", "不存在的词语"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("没有找到"));
    e.cmd().args(["search", "\"未闭合"]).assert().code(2);
    e.cmd().args(["search", "，。"]).assert().code(2);
    let v = e.json(&["search", "疫情", "--json", "--limit", "2"]);
    let list = v.as_array().unwrap();
    assert_eq!(list.len(), 2);
    for m in list {
        assert!(m["id"].is_string() && m["title"].is_string() && m["column"].is_string());
        assert!(m["hits"].as_u64().unwrap() > 0);
        let s = &m["snippets"][0];
        let text: Vec<char> = s["text"].as_str().unwrap().chars().collect();
        let [a, b] = [
            s["marks"][0][0].as_u64().unwrap() as usize,
            s["marks"][0][1].as_u64().unwrap() as usize,
        ];
        assert_eq!(text[a..b].iter().collect::<String>(), "疫情");
    }
    let out = e
        .cmd()
        .args(["search", "疫情", "--count"])
        .output()
        .unwrap();
    let all = e.json(&["search", "疫情", "--json", "--limit", "100"]);
    assert_eq!(
        String::from_utf8_lossy(&out.stdout).trim(),
        all.as_array().unwrap().len().to_string()
    );
    let v = e.json(&["search", "疫情", "--json", "--column", "学习动态"]);
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|m| m["column"] == "学习动态")
    );
    assert!(!v.as_array().unwrap().is_empty());
}

/// The index beside a database file follows it: what a write queues is found by the next
/// search, in this process and in the next; an index that is not the database's (gone,
/// damaged, of another generation, as after putting a whole backup back) is built again;
/// a removed material is gone from it.
#[test]
fn the_index_beside_the_file_keeps_in_step() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    let index = xuexi::store::index_dir(&db);
    let found = sorted_ids;
    {
        let mut store = Store::open(&db).unwrap();
        let items = vec![
            (material("a", "甲", "独一无二的句子。"), "h1".to_string()),
            (material("b", "乙", "另一个独一无二。"), "h2".to_string()),
        ];
        store.import_user(&items, t0()).unwrap();
        assert_eq!(found(&store, "独一无二"), ["a", "b"]);
        assert_eq!(
            store.catch_up_search(&mut |_, _| {}).unwrap(),
            0,
            "nothing left"
        );
    }
    assert!(index.join("meta.json").exists());
    // queued and not yet indexed when the process ended: found by the next one
    {
        let mut store = Store::open(&db).unwrap();
        let items = vec![(material("c", "丙", "第三篇独一无二。"), "h3".to_string())];
        store.import_user(&items, t0()).unwrap();
    }
    let store = Store::open(&db).unwrap();
    assert!(store.search_behind().unwrap(), "one queued");
    assert_eq!(store.catch_up_search(&mut |_, _| {}).unwrap(), 1);
    assert!(!store.search_behind().unwrap());
    assert_eq!(found(&store, "独一无二"), ["a", "b", "c"]);
    drop(store);
    // another generation (a whole backup put back, a crash between the two commits): rebuilt,
    // and a start sees it is to be (before the search has opened the index)
    let mut store = Store::open(&db).unwrap();
    assert!(!store.search_behind().unwrap(), "in step, read from disk");
    store.set_meta("search_generation", "elsewhere").unwrap();
    assert!(store.search_behind().unwrap(), "another generation");
    let mut seen = 0;
    store.catch_up_search(&mut |_, of| seen = of).unwrap();
    assert!(seen >= 3, "every material indexed again ({seen})");
    assert_eq!(found(&store, "独一无二"), ["a", "b", "c"]);
    assert_eq!(found(&store, "句子"), ["a"], "once each");
    // removed: gone from the search
    store.remove_material("b").unwrap();
    assert_eq!(found(&store, "独一无二"), ["a", "c"]);
    drop(store);
    // the folder damaged, then gone: built again from the materials
    std::fs::write(index.join("meta.json"), "{ not json").unwrap();
    let store = Store::open(&db).unwrap();
    assert!(store.search_behind().unwrap(), "damaged");
    assert_eq!(found(&store, "独一无二"), ["a", "c"]);
    drop(store);
    std::fs::remove_dir_all(&index).unwrap();
    let store = Store::open(&db).unwrap();
    assert!(store.search_behind().unwrap(), "gone");
    assert_eq!(found(&store, "独一无二"), ["a", "c"]);
    assert!(!store.search_behind().unwrap(), "built again");
    assert_eq!(store.indexed_materials().unwrap() as usize, {
        let n: i64 = store
            .conn()
            .query_row("SELECT count(*) FROM materials", [], |r| r.get(0))
            .unwrap();
        n as usize
    });
}

/// A plain file where the index folder belongs (a member's slip, a sync tool's conflict copy)
/// is moved aside and the index built again: not `File exists` at every search, forever.
#[test]
fn a_file_in_the_index_folders_place_is_moved_aside_and_the_index_built() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    let index = xuexi::store::index_dir(&db);
    {
        let mut store = Store::open(&db).unwrap();
        let items = vec![(material("a", "甲", "独一无二的句子。"), "h1".to_string())];
        store.import_user(&items, t0()).unwrap();
    }
    let _ = std::fs::remove_dir_all(&index);
    std::fs::write(&index, "not a folder").unwrap();
    let store = Store::open(&db).unwrap();
    assert_eq!(sorted_ids(&store, "独一无二"), ["a"]);
    assert!(index.is_dir(), "built again in its place");
    let moved: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|f| f.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("xuexi.db-search.moved-"))
        .collect();
    assert_eq!(moved.len(), 1, "the file kept beside: {moved:?}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join(&moved[0])).unwrap(),
        "not a folder"
    );
}

/// An import's materials are indexed beside it (`engine/beside.rs`): found as soon as it is
/// committed, nothing left queued, a changed material's old text gone from the index, and an
/// import dropped before its commit leaves the index as it was.
#[test]
fn an_import_is_indexed_beside_it_and_found_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("xuexi.db");
    let mut store = Store::open(&db).unwrap();
    let materials = |s: &Store| -> u64 {
        s.conn()
            .query_row("SELECT count(*) FROM materials", [], |r| r.get::<_, i64>(0))
            .unwrap() as u64
    };
    let import = |s: &mut Store, items: &[Material]| {
        let mut import = s.begin_user_import(t0(), items.len()).unwrap();
        for (i, m) in items.iter().enumerate() {
            import.add(m, &format!("{}-{i}", m.body)).unwrap();
        }
        import.commit().unwrap()
    };
    // a new folder: its bundled materials are indexed first, then the import's beside it
    import(
        &mut store,
        &[
            material("a", "甲", "独一无二的句子。"),
            material("b", "乙", "另一个独一无二。"),
        ],
    );
    assert!(
        !store.search_queued().unwrap(),
        "indexed beside, not queued"
    );
    assert!(
        !store.search_behind().unwrap(),
        "the index is the database's"
    );
    assert_eq!(sorted_ids(&store, "独一无二"), ["a", "b"]);
    assert_eq!(store.indexed_materials().unwrap(), materials(&store));
    // a changed, b unchanged, c new
    let report = import(
        &mut store,
        &[
            material("a", "甲", "改过的文字。"),
            material("b", "乙", "另一个独一无二。"),
            material("c", "丙", "第三篇独一无二。"),
        ],
    );
    assert_eq!((report.added, report.updated), (1, 1));
    assert!(!store.search_queued().unwrap());
    assert_eq!(
        sorted_ids(&store, "独一无二"),
        ["b", "c"],
        "a's old text gone"
    );
    assert_eq!(sorted_ids(&store, "改过"), ["a"]);
    assert_eq!(
        store.indexed_materials().unwrap(),
        materials(&store),
        "a once"
    );
    // dropped before its commit: the index as it was, and the next import goes on
    {
        let mut dropped = store.begin_user_import(t0(), 2).unwrap();
        dropped
            .add(&material("d", "丁", "丢下的独一无二。"), "hd")
            .unwrap();
        dropped.add(&material("a", "甲", "又改了。"), "ha").unwrap();
    }
    assert!(!store.search_behind().unwrap());
    assert_eq!(sorted_ids(&store, "独一无二"), ["b", "c"]);
    assert_eq!(
        sorted_ids(&store, "改过"),
        ["a"],
        "a as the database has it"
    );
    import(&mut store, &[material("e", "戊", "最后独一无二。")]);
    assert_eq!(sorted_ids(&store, "独一无二"), ["b", "c", "e"]);
    drop(store);
    // and a later process finds the same, with nothing to index
    let store = Store::open(&db).unwrap();
    assert!(!store.search_behind().unwrap());
    assert_eq!(store.catch_up_search(&mut |_, _| {}).unwrap(), 0);
    assert_eq!(sorted_ids(&store, "独一无二"), ["b", "c", "e"]);
}

/// The index opened on a thread beside the database is searched when it is that database's;
/// one opened for another database is left, and the store opens its own.
#[test]
fn an_index_opened_beside_its_database_is_the_one_searched() {
    use xuexi::store::IndexOpening;
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (dir.path().join("a.db"), dir.path().join("b.db"));
    for (db, body) in [(&a, "甲库独有的句子。"), (&b, "乙库独有的句子。")] {
        let mut store = Store::open(db).unwrap();
        let items = vec![(material("m", "题", body), "h".to_string())];
        store.import_user(&items, t0()).unwrap();
        store.catch_up_search(&mut |_, _| {}).unwrap();
    }
    let opening = IndexOpening::start(&a);
    assert!(opening.is_some(), "a has its index");
    let store = Store::open(&a).unwrap().with_index(opening);
    assert_eq!(sorted_ids(&store, "甲库"), ["m"]);
    assert!(sorted_ids(&store, "乙库").is_empty());
    drop(store);
    // b's index given to a's store: not searched, not written
    let b_meta = || std::fs::read(xuexi::store::index_dir(&b).join("meta.json")).unwrap();
    let before = b_meta();
    let store = Store::open(&a).unwrap().with_index(IndexOpening::start(&b));
    assert_eq!(sorted_ids(&store, "甲库"), ["m"]);
    assert!(sorted_ids(&store, "乙库").is_empty(), "b's index searched");
    assert!(b_meta() == before, "b's index written by a's store");
    // a database without an index yet: nothing to open beside it
    assert!(IndexOpening::start(&dir.path().join("c.db")).is_none());
}
