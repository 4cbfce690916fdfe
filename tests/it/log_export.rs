//! The study log read back by the exports, each format parsed back: CSV with its BOM and
//! neutralised formulas, JSON, the 述学 report, xAPI statements and their ids.

use crate::common;

use common::t0;
use jiff::Timestamp;
use jiff::civil::Date;
use jiff::tz::TimeZone;
use serde_json::Value;
use xuexi::config::Config;
use xuexi::domain::log::Record;
use xuexi::export::{CSV_COLUMNS, Format};
use xuexi::i18n::{Lang, Strings};
use xuexi::service::report::{ExportRequest, Log, export_text};
use xuexi::store::Store;

const M: &str = "xuzhou-sixue-jizhi";

fn ts(s: &str) -> Timestamp {
    s.parse().unwrap()
}

fn d(s: &str) -> Date {
    s.parse().unwrap()
}

/// A scripted log: reading, a finish, a daily quiz, an exam, a tick with a hostile note.
fn scripted() -> Store {
    let mut store = common::store();
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_plans(&mut store, t0()).unwrap();
    let reading = |session, from: &str, to: &str, seconds| {
        (
            ts(to),
            Record::Reading {
                session,
                material: M.into(),
                from: ts(from),
                to: ts(to),
                seconds,
            },
        )
    };
    let attempt_rec = |attempt, mode: &str, percent, passed| Record::Attempt {
        sealed: false,
        attempt,
        mode: mode.into(),
        bank: Some("newsletter-2020-02".into()),
        paper: (mode == "exam").then(|| "bibei-ceshi".into()),
        title: "理论学习闭卷测试".into(),
        started: ts("2026-03-02T02:00:00Z"),
        seconds: 300,
        score: percent,
        max: 100.0,
        percent,
        passed,
        right: 4,
        answered: 5,
        hinted: 0,
    };
    store
        .append_events(&[
            // the period starts 2026-03-01 00:00 Beijing time = 2026-02-28T16:00Z
            reading(1, "2026-02-28T15:00:00Z", "2026-02-28T15:59:59Z", 600),
            reading(2, "2026-02-28T16:00:00Z", "2026-02-28T16:30:00Z", 1200),
            reading(2, "2026-02-28T16:30:00Z", "2026-02-28T16:40:00Z", 300),
            (
                ts("2026-02-28T16:41:00Z"),
                Record::Finished { material: M.into() },
            ),
            (
                ts("2026-03-02T02:01:00Z"),
                Record::Answer {
                    sealed: false,
                    attempt: 7,
                    mode: "exam".into(),
                    position: 0,
                    bank: "newsletter-2020-02".into(),
                    question: "q001".into(),
                    response: "[1,3]".into(),
                    correct: true,
                    points: 1.0,
                    seconds: 9,
                    hinted: false,
                },
            ),
            (
                ts("2026-03-02T02:05:00Z"),
                attempt_rec(7, "exam", 90.0, Some(true)),
            ),
            (
                ts("2026-03-02T03:00:00Z"),
                attempt_rec(8, "daily", 80.0, None),
            ),
            (
                ts("2026-03-03T01:00:00Z"),
                Record::Tick {
                    plan: "2020-winter".into(),
                    item: "task-xinde".into(),
                    done: true,
                    note: "=HYPERLINK(\"http://x\") 心得|已交".into(),
                },
            ),
            // the day after the period ends (2026-03-04 00:00 Beijing)
            (
                ts("2026-03-03T16:00:00Z"),
                Record::Finished {
                    material: "siyang-sanxun".into(),
                },
            ),
        ])
        .unwrap();
    store
}

fn beijing() -> TimeZone {
    TimeZone::fixed(jiff::tz::offset(8))
}

fn config(name: &str) -> Config {
    let mut c = Config::default();
    c.member.name = name.into();
    c
}

fn export(store: &Store, format: Format, name: &str) -> Result<String, String> {
    let log = Log::load_for_export(store).unwrap();
    export_text(
        &log,
        &ExportRequest {
            config: &config(name),
            strings: &Strings::load(Lang::ZhCn),
            format,
            from: Some(d("2026-03-01")),
            to: Some(d("2026-03-03")),
            now: ts("2026-03-05T00:00:00Z"),
            tz: &beijing(),
        },
    )
}

#[test]
fn csv_export_parses_back_with_bom_and_neutralised_formulas() {
    let store = scripted();
    let text = export(&store, Format::Csv, "张三").unwrap();
    let body = text
        .strip_prefix('\u{feff}')
        .expect("UTF-8 BOM for Excel and WPS");
    let mut r = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, CSV_COLUMNS);
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    // the period boundary: 16:00:00Z is 00:00 on the first day (in), 15:59:59Z the day
    // before (out); 2026-03-03T16:00Z is the day after the last (out)
    let kinds: Vec<&str> = rows.iter().map(|r| &r[2]).collect();
    assert_eq!(
        kinds,
        [
            "reading", "reading", "finished", "answer", "attempt", "attempt", "tick"
        ]
    );
    assert_eq!(
        &rows[0][1], "2026-03-01T00:30:00+08:00",
        "local time with offset"
    );
    assert_eq!(&rows[0][4], "徐州：建立健全“四学机制”保障学习走深走实");
    let tick = &rows[6];
    assert!(tick[19].starts_with("'=HYPERLINK"), "{:?}", &tick[19]);
    assert_eq!(&rows[3][13], "[1,3]");
}

#[test]
fn json_export_has_a_header_and_the_same_events() {
    let store = scripted();
    let v: Value = serde_json::from_str(&export(&store, Format::Json, "张三").unwrap()).unwrap();
    assert_eq!(v["header"]["member"], "张三");
    assert_eq!(v["header"]["from"], "2026-03-01");
    assert_eq!(v["header"]["app_version"], env!("CARGO_PKG_VERSION"));
    let events = v["events"].as_array().unwrap();
    assert_eq!(events.len(), 7);
    assert_eq!(events[0]["kind"], "reading");
    assert_eq!(events[0]["seconds"], 1200);
    assert!(
        events
            .iter()
            .all(|e| e["id"].is_i64() && e["at"].is_string())
    );
}

#[test]
fn the_report_names_each_session_once_in_the_members_language() {
    let mut store = common::store();
    let rec = |attempt, mode: &str, title: &str| Record::Attempt {
        sealed: false,
        attempt,
        mode: mode.into(),
        bank: None,
        paper: None,
        title: title.into(),
        started: ts("2026-03-02T02:00:00Z"),
        seconds: 60,
        score: 4.0,
        max: 5.0,
        percent: 80.0,
        passed: None,
        right: 4,
        answered: 5,
        hinted: 0,
    };
    store
        .append_events(&[
            // titles an older version stored in the language of the moment
            (ts("2026-03-02T02:01:00Z"), rec(1, "daily", "每日答题")),
            (ts("2026-03-02T02:02:00Z"), rec(2, "challenge", "Challenge")),
            // what is stored now: the kind only
            (ts("2026-03-02T02:03:00Z"), rec(3, "review", "")),
        ])
        .unwrap();
    let md = export(&store, Format::Md, "张三").unwrap();
    assert!(md.contains("| 每日答题 | 4.0/5 |"), "{md}");
    assert!(md.contains("| 挑战答题 | 4.0/5 |"), "{md}");
    assert!(md.contains("| 复习 | 4.0/5 |"), "{md}");
    assert!(
        !md.contains("每日答题 · 每日答题") && !md.contains("Challenge"),
        "{md}"
    );
}

#[test]
fn the_report_holds_what_a_member_hands_in() {
    let store = scripted();
    let md = export(&store, Format::Md, "张三").unwrap();
    assert!(md.starts_with("# 个人学习述学报告\n"), "{md}");
    assert!(md.contains("- 党员：张三"));
    assert!(md.contains("- 期间：2026-03-01 – 2026-03-03"));
    // 25 min reading + 2 × 5 min quizzes, all inside the period
    assert!(md.contains("| 学习时长 | 0 小时 35 分 |"), "{md}");
    assert!(md.contains("| 学习天数 | 3 天 |"), "{md}");
    assert!(
        md.contains(
            "| 2026-03-01 | 经验交流 | 徐州：建立健全“四学机制”保障学习走深走实 | 0 小时 25 分 |"
        ),
        "{md}"
    );
    assert!(
        md.contains(
            "| 2026-03-02 | 考试 · 理论学习闭卷测试 | 90.0/100 | 90% | 及格 | 中央政治局常委会研究加强新型冠状病毒感染的肺炎疫情防控工作 |"
        ),
        "the material the exam's question came from: {md}"
    );
    // a session whose answers are not in the log names no material
    assert!(md.contains("| 80% | — | — |"), "{md}");
    // plan completion at the end of the period: the finished material, the ticked task
    assert!(
        md.contains("- [x] 学习徐州“四学机制”经验 — 2026-03-01 完成"),
        "{md}"
    );
    assert!(
        md.contains("- [x] 撰写学习心得一篇 — 2026-03-03 完成"),
        "{md}"
    );
    assert!(
        md.contains("- [ ] 学习泗阳“三训”工作法"),
        "the finish after the period does not count: {md}"
    );
    // the note, escaped (a | would break a table, a leading = is harmless in Markdown)
    assert!(md.contains("心得\\|已交"), "{md}");
    let en = {
        let log = Log::load(&store).unwrap();
        export_text(
            &log,
            &ExportRequest {
                config: &config("Zhang San"),
                strings: &Strings::load(Lang::En),
                format: Format::Md,
                from: None,
                to: None,
                now: ts("2026-03-05T00:00:00Z"),
                tz: &beijing(),
            },
        )
        .unwrap()
    };
    assert!(en.starts_with("# Personal study report"), "{en}");
    assert!(
        en.contains("- Period: 2026-02-28 – 2026-03-05\n"),
        "the period as dates: {en}"
    );
    assert!(en.contains("- Member: Zhang San\n"), "{en}");
}

/// Checks one xAPI 1.0.3 statement: required properties present, no unknown ones, values of
/// the right shape.
fn check_statement(s: &Value) {
    let obj = s.as_object().unwrap();
    for k in obj.keys() {
        assert!(
            [
                "id",
                "actor",
                "verb",
                "object",
                "result",
                "context",
                "timestamp"
            ]
            .contains(&k.as_str()),
            "unknown statement property {k}"
        );
    }
    for k in ["id", "actor", "verb", "object", "timestamp"] {
        assert!(obj.contains_key(k), "missing {k} in {s}");
    }
    let id = s["id"].as_str().unwrap();
    let hex: String = id.chars().filter(|c| *c != '-').collect();
    assert!(
        id.len() == 36 && hex.len() == 32 && hex.chars().all(|c| c.is_ascii_hexdigit()),
        "{id}"
    );
    assert!("89ab".contains(&id[19..20]), "variant of {id}");
    let actor = s["actor"].as_object().unwrap();
    assert_eq!(actor["objectType"], "Agent");
    let account = actor["account"].as_object().unwrap();
    assert_eq!(account.len(), 2);
    assert!(
        account["homePage"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    assert!(!account["name"].as_str().unwrap().is_empty());
    let verb = s["verb"]["id"].as_str().unwrap();
    assert!(
        verb.starts_with("http://adlnet.gov/expapi/verbs/"),
        "{verb}"
    );
    assert!(s["verb"]["display"]["en-US"].is_string());
    assert_eq!(s["object"]["objectType"], "Activity");
    assert!(
        s["object"]["id"]
            .as_str()
            .unwrap()
            .starts_with("https://xuexi.invalid/")
    );
    s["timestamp"]
        .as_str()
        .unwrap()
        .parse::<Timestamp>()
        .expect("ISO 8601 timestamp");
    if let Some(result) = s.get("result") {
        for k in result.as_object().unwrap().keys() {
            assert!(
                ["score", "success", "completion", "response", "duration"].contains(&k.as_str()),
                "unknown result property {k}"
            );
        }
        if let Some(d) = result.get("duration") {
            let d = d.as_str().unwrap();
            assert!(d.starts_with("PT") && d.len() > 3, "{d}");
        }
        if let Some(score) = result.get("score") {
            let f = |k: &str| score[k].as_f64().unwrap();
            assert!((0.0..=1.0).contains(&f("scaled")));
            assert!(f("min") <= f("raw") && f("raw") <= f("max"));
        }
    }
    if let Some(c) = s.get("context") {
        let r = c["registration"].as_str().unwrap();
        assert_eq!(r.len(), 36);
    }
}

#[test]
fn xapi_statements_are_valid_and_stable() {
    let store = scripted();
    let text = export(&store, Format::Xapi, "张三").unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let list = v.as_array().unwrap();
    for s in list {
        check_statement(s);
    }
    let verbs: Vec<&str> = list
        .iter()
        .map(|s| {
            s["verb"]["id"]
                .as_str()
                .unwrap()
                .rsplit('/')
                .next()
                .unwrap()
        })
        .collect();
    // one experienced per reading session (its two checkpoints joined), then in time order
    assert_eq!(
        verbs,
        [
            "experienced",
            "completed",
            "answered",
            "passed",
            "completed"
        ]
    );
    assert_eq!(list[0]["result"]["duration"], "PT25M");
    assert_eq!(list[2]["result"]["response"], "B[,]D");
    assert_eq!(list[2]["result"]["success"], true);
    assert_eq!(list[3]["result"]["score"]["scaled"], 0.9);
    assert_eq!(
        list[2]["context"]["registration"],
        list[3]["context"]["registration"]
    );
    let ids: std::collections::HashSet<&str> =
        list.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), list.len(), "ids are unique");
    assert_eq!(
        export(&store, Format::Xapi, "张三").unwrap(),
        text,
        "exporting twice gives the same ids"
    );
    let e = export(&store, Format::Xapi, "").unwrap_err();
    assert!(e.contains("[member]"), "{e}");
    // name-based UUIDs, version 5 (some LRS clients refuse version 8)
    for id in &ids {
        assert_eq!(&id[14..15], "5", "{id}");
        assert!("89ab".contains(&id[19..20]), "{id}");
    }
}

fn xapi_ids(store: &Store) -> std::collections::BTreeSet<String> {
    let text = export(store, Format::Xapi, "张三").unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v.as_array()
        .unwrap()
        .iter()
        .map(|s| s["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn xapi_ids_never_collide_between_members_or_after_a_restore() {
    // two members of one name on two machines, the same study: no id in common
    let a = scripted();
    let b = scripted();
    assert!(xapi_ids(&a).is_disjoint(&xapi_ids(&b)));
    // a restored backup that goes on: the next event takes an old number, not an old id
    let dir = tempfile::tempdir().unwrap();
    let copy = dir.path().join("backup.db");
    a.backup_to(&copy).unwrap();
    let mut a = a;
    let mut restored = Store::open(&copy).unwrap();
    let before = xapi_ids(&a);
    assert_eq!(xapi_ids(&restored), before, "a backup exports the same ids");
    a.append_events(&[(
        ts("2026-03-02T09:00:00Z"),
        Record::Finished { material: M.into() },
    )])
    .unwrap();
    restored
        .append_events(&[(
            ts("2026-03-02T10:00:00Z"),
            Record::Finished { material: M.into() },
        )])
        .unwrap();
    let (ia, ir) = (xapi_ids(&a), xapi_ids(&restored));
    let new_a: Vec<_> = ia.difference(&before).collect();
    let new_r: Vec<_> = ir.difference(&before).collect();
    assert_eq!((new_a.len(), new_r.len()), (1, 1));
    assert_ne!(new_a, new_r, "the same event number, another id");
}

#[test]
fn a_built_in_quizs_activity_id_is_its_mode_not_a_title_in_some_language() {
    let mut store = common::store();
    store
        .append_events(&[(
            ts("2026-03-02T09:00:00Z"),
            Record::Attempt {
                sealed: false,
                attempt: 1,
                mode: "challenge".into(),
                bank: None,
                paper: None,
                title: "Challenge".into(),
                started: ts("2026-03-02T08:55:00Z"),
                seconds: 300,
                score: 7.0,
                max: 8.0,
                percent: 87.5,
                passed: None,
                right: 7,
                answered: 8,
                hinted: 0,
            },
        )])
        .unwrap();
    let text = export(&store, Format::Xapi, "张三").unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    let id = v[0]["object"]["id"].as_str().unwrap();
    assert!(id.ends_with("/quizzes/challenge"), "{id}");
    assert_eq!(v[0]["result"]["score"]["max"], 8.0, "the run, not the bank");
}

#[test]
fn an_empty_period_exports_no_statements_but_says_so() {
    let store = common::store();
    let e = export(&store, Format::Xapi, "张三").unwrap_err();
    assert_eq!(e, "这段时间没有可导出的学习记录");
}

#[test]
fn json_and_csv_answer_rows_carry_what_a_trainer_reads() {
    let store = scripted();
    let log = Log::load_for_export(&store).unwrap();
    let mut cfg = config("张三");
    cfg.member.account = "zhangsan".into();
    cfg.member.branch = "第一党支部".into();
    let (strings, tz) = (Strings::load(Lang::ZhCn), beijing());
    let req = |format| ExportRequest {
        config: &cfg,
        strings: &strings,
        format,
        from: None,
        to: None,
        now: ts("2026-03-05T00:00:00Z"),
        tz: &tz,
    };
    let v: Value = serde_json::from_str(&export_text(&log, &req(Format::Json)).unwrap()).unwrap();
    let h = &v["header"];
    assert_eq!(h["branch"], "第一党支部");
    assert_eq!(h["account"], "zhangsan");
    assert_eq!(h["from"], "2026-02-28", "the period as dates, not null");
    assert_eq!(h["to"], "2026-03-05");
    let answer = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "answer")
        .unwrap();
    assert!(
        answer["stem"].as_str().unwrap().contains("哪一天召开"),
        "{answer}"
    );
    assert_eq!(
        answer["response"],
        serde_json::json!([1, 3]),
        "JSON, not a string"
    );
    assert_eq!(answer["response_text"], "B. 2020年2月5日；D. 2020年2月10日");
    assert_eq!(answer["score"], 1.0, "the README's name, not `points`");
    assert!(answer.get("points").is_none());
    assert!(
        answer["title"]
            .as_str()
            .unwrap()
            .contains("中央政治局常委会")
    );
    let attempt = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "attempt")
        .unwrap();
    assert!(attempt.get("from").is_some() && attempt.get("started").is_none());
    // read back as the log's own events (what `branch report --plan` works plans out from)
    let back = xuexi::export::branch::log_events(v["events"].as_array().unwrap());
    let mine: Vec<_> = log
        .events
        .iter()
        .filter(|e| back.iter().any(|b| b.id == e.id))
        .cloned()
        .collect();
    assert_eq!(
        back.len(),
        v["events"].as_array().unwrap().len(),
        "every event read back"
    );
    assert_eq!(back, mine, "the same events, field for field");
    // the CSV's answer row: the same, in its last two columns
    let csv = export_text(&log, &req(Format::Csv)).unwrap();
    let row = csv.lines().find(|l| l.contains(",answer,")).unwrap();
    assert!(
        row.contains("哪一天召开") && row.contains("B. 2020年2月5日；D. 2020年2月10日"),
        "{row}"
    );
}

#[test]
fn the_shuxue_report_names_the_branch_is_signed_and_prints_as_html() {
    let mut store = scripted();
    store
        .append_events(&[(
            ts("2026-03-02T05:00:00Z"),
            Record::Note {
                note: 99,
                material: M.into(),
                block: 0,
                quote: "引文".into(),
                text: "<script>alert(1)</script> 心得".into(),
            },
        )])
        .unwrap();
    let log = Log::load(&store).unwrap();
    let mut cfg = config("张三");
    cfg.member.branch = "第一党支部".into();
    let (strings, tz) = (Strings::load(Lang::ZhCn), beijing());
    let req = |format| ExportRequest {
        config: &cfg,
        strings: &strings,
        format,
        from: Some(d("2026-03-01")),
        to: Some(d("2026-03-03")),
        now: ts("2026-03-05T00:00:00Z"),
        tz: &tz,
    };
    let md = export_text(&log, &req(Format::Md)).unwrap();
    assert!(md.contains("- 所在党支部：第一党支部\n"), "{md}");
    assert!(
        md.trim_end().ends_with("日期：＿＿＿＿年＿＿月＿＿日"),
        "signed and dated"
    );
    let html = export_text(&log, &req(Format::Html)).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>") && html.contains("size: A4"));
    assert!(html.contains("<table>") && html.contains("所在党支部"));
    assert!(
        !html.contains("<script>"),
        "a note's HTML is text, never run"
    );
}

#[test]
fn the_report_says_how_many_materials_a_session_came_from_in_all() {
    // "某某 等 1 篇" meant "and one more": 等 N 篇 is the whole count
    let mut store = scripted();
    let bank = store.bank("newsletter-2020-02").unwrap();
    let of = |id: &str| {
        bank.questions
            .iter()
            .find(|q| q.id == id)
            .and_then(|q| q.material.clone())
    };
    let first = of("q001").unwrap();
    let other = bank
        .questions
        .iter()
        .find(|q| q.material.as_deref().is_some_and(|m| m != first))
        .unwrap();
    let answer = |position, question: &str| {
        (
            ts("2026-03-02T02:58:00Z"),
            Record::Answer {
                sealed: false,
                attempt: 8,
                mode: "daily".into(),
                position,
                bank: "newsletter-2020-02".into(),
                question: question.into(),
                response: "[0]".into(),
                correct: false,
                points: 0.0,
                seconds: 5,
                hinted: false,
            },
        )
    };
    store
        .append_events(&[answer(0, "q001"), answer(1, &other.id)])
        .unwrap();
    let md = export(&store, Format::Md, "张三").unwrap();
    assert!(md.contains(" 等 2 篇 |"), "{md}");
    let log = Log::load_for_export(&store).unwrap();
    let en = export_text(
        &log,
        &ExportRequest {
            config: &config("Zhang"),
            strings: &Strings::load(Lang::En),
            format: Format::Md,
            from: Some(d("2026-03-01")),
            to: Some(d("2026-03-03")),
            now: ts("2026-03-05T00:00:00Z"),
            tz: &beijing(),
        },
    )
    .unwrap();
    assert!(en.contains(" and others, 2 in all |"), "{en}");
}
