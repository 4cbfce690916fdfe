//! Text leaving xuexi: every output path (the study log's Markdown, HTML, CSV, JSON and xAPI
//! exports, the branch report in Markdown — what the terminal shows — HTML and CSV, printed
//! papers) is fed strings full of terminal escapes, C0 and C1 controls and bidi overrides, in
//! the member's name and branch, in notes, titles, answers, stems and a member's export; the
//! bytes that come out hold none of them (newline and tab stay, CR only before LF, a BOM only
//! first).

use crate::common;

use common::*;
use proptest::prelude::*;
use xuexi::domain::log::Record;
use xuexi::domain::report::Format;
use xuexi::i18n::{Lang, Strings};

/// Pieces of hostile text: escapes whole and broken, C0, C1 (CSI, OSC…ST, NEL), bidi
/// overrides and isolates, among ordinary Chinese and the characters formats quote.
fn hostile() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "学习",
        "abc",
        " ",
        "\n",
        "\t",
        "\r",
        "\r\n",
        "\u{1b}",
        "\u{1b}[31m",
        "\u{1b}]52;c;aGk=\u{7}",
        "\u{1b}]0;title\u{1b}\\",
        "\u{1b}P1$r\u{1b}\\",
        "\u{9b}2J",
        "\u{9d}52;c;eA==\u{9c}",
        "\u{85}",
        "\u{80}",
        "\u{9f}",
        "\u{7}",
        "\u{0}",
        "\u{8}",
        "\u{7f}",
        "\u{202a}",
        "\u{202e}",
        "\u{2066}",
        "\u{2069}",
        "\u{feff}",
        "=",
        "|",
        "<b>",
        "&",
        "\"",
        ",",
    ]);
    prop::collection::vec(pieces, 1..10).prop_map(|v| format!("甲{}", v.concat()))
}

/// The first byte offset of anything that must not leave xuexi, as raw UTF-8.
fn first_bad_byte(bytes: &[u8]) -> Option<usize> {
    let body = bytes.strip_prefix("\u{feff}".as_bytes()).unwrap_or(bytes);
    let skip = bytes.len() - body.len();
    (0..body.len())
        .find(|&i| {
            let next = |k: usize| body.get(i + k).copied().unwrap_or(0);
            match body[i] {
                b'\n' | b'\t' => false,
                b'\r' => next(1) != b'\n',
                0x00..=0x1f | 0x7f => true,
                // C1 as UTF-8
                0xc2 => (0x80..=0x9f).contains(&next(1)),
                // U+202A–U+202E, U+2066–U+2069, U+200B, U+200E/F
                0xe2 => {
                    (next(1) == 0x80 && matches!(next(2), 0x8b | 0x8e | 0x8f | 0xaa..=0xae))
                        || (next(1) == 0x81 && matches!(next(2), 0xa0 | 0xa6..=0xa9))
                }
                // U+FEFF after the start
                0xef => next(1) == 0xbb && next(2) == 0xbf,
                _ => false,
            }
        })
        .map(|i| i + skip)
}

fn check(what: &str, text: &str) -> Result<(), TestCaseError> {
    if let Some(i) = first_bad_byte(text.as_bytes()) {
        let b = text.as_bytes();
        let around = String::from_utf8_lossy(&b[i.saturating_sub(20)..(i + 20).min(b.len())]);
        return Err(TestCaseError::fail(format!(
            "{what}: a control at byte {i}: {around:?}"
        )));
    }
    Ok(())
}

/// A JSON document: its bytes, and every string in it as its reader decodes it (`\u001b`).
fn check_json(what: &str, text: &str) -> Result<(), TestCaseError> {
    check(what, text)?;
    fn strings(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::String(s) => out.push(s.clone()),
            serde_json::Value::Array(a) => a.iter().for_each(|x| strings(x, out)),
            serde_json::Value::Object(m) => m.iter().for_each(|(k, x)| {
                out.push(k.clone());
                strings(x, out)
            }),
            _ => {}
        }
    }
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| TestCaseError::fail(format!("{what}: {e}")))?;
    let mut all = Vec::new();
    strings(&v, &mut all);
    for s in &all {
        check(&format!("{what} (decoded)"), s)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn the_study_log_exports_carry_no_control(
        name in hostile(), branch in hostile(), account in hostile(),
        quote in hostile(), note in hostile(), title in hostile(),
    ) {
        let mut store = common::store();
        let material = store.list_materials().unwrap()[0].meta.id.clone();
        store.append_events(&[
            (at(0), Record::Note { note: 1, material: material.clone(), block: 0, quote, text: note.clone() }),
            (at(60), Record::Tick { plan: "p".into(), item: "i".into(), done: true, note }),
            (at(120), Record::Finished { material }),
            (at(180), Record::Attempt {
                sealed: false,
                attempt: 1, mode: "exam".into(), bank: None, paper: None, title,
                started: at(150), seconds: 30, score: 1.0, max: 2.0, percent: 50.0,
                passed: Some(false), right: 1, answered: 2, hinted: 0,
            }),
        ]).unwrap();
        let mut config = xuexi::config::Config::default();
        config.member.name = name;
        config.member.branch = branch;
        config.member.account = account;
        let log = xuexi::service::report::Log::load_for_export(&store).unwrap();
        let tz = jiff::tz::TimeZone::UTC;
        for lang in [Lang::ZhCn, Lang::En] {
            let strings = Strings::load(lang);
            for format in [Format::Md, Format::Html, Format::Csv, Format::Json, Format::Xapi] {
                let req = xuexi::service::report::ExportRequest {
                    config: &config, strings: &strings, format,
                    from: None, to: None, now: at(7200), tz: &tz,
                };
                let text = xuexi::service::report::export_text(&log, &req).unwrap();
                let what = format!("export {format:?}");
                if matches!(format, Format::Json | Format::Xapi) {
                    check_json(&what, &text)?;
                } else {
                    check(&what, &text)?;
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// A member's JSON export with controls in every field (not only the header) and the
    /// same member's xAPI statements: the branch report as Markdown (what `branch report`
    /// prints on the trainer's terminal), HTML and CSV.
    #[test]
    fn the_branch_report_carries_no_control(
        member in hostile(), branch in hostile(), from in hostile(), title in hostile(),
        stem in hostile(), response in hostile(), material in hostile(), question in hostile(),
    ) {
        use serde_json::json;
        let export = common::member_export(
            json!({"member": member, "branch": branch, "from": from}),
            json!([
                {"kind": "reading", "id": 1, "at": "2026-03-01T02:00:00Z", "session": 1,
                 "material": material, "title": title, "from": "2026-03-01T01:30:00Z",
                 "to": "2026-03-01T02:00:00Z", "seconds": 1800},
                {"kind": "finished", "id": 2, "at": "2026-03-01T02:00:00Z", "material": material,
                 "title": title},
                {"kind": "answer", "id": 3, "at": "2026-03-02T02:00:00Z", "attempt": 1,
                 "mode": "exam", "position": 0, "bank": title, "question": question,
                 "stem": stem, "response": [0], "response_text": response, "correct": false,
                 "score": 0.0, "seconds": 10},
                {"kind": "attempt", "id": 4, "at": "2026-03-02T02:05:00Z", "attempt": 1,
                 "mode": "exam", "bank": "b", "paper": "p", "title": title,
                 "from": "2026-03-02T02:00:00Z", "seconds": 300, "score": 8.0, "max": 10.0,
                 "percent": 80.0, "passed": true, "right": 8, "answered": 10}
            ]),
        );
        let exports = xuexi::export::branch::read_export(&export).unwrap();
        let sum = xuexi::export::branch::summarize(&exports, &[], &jiff::tz::TimeZone::UTC);
        for lang in [Lang::ZhCn, Lang::En] {
            let s = Strings::load(lang);
            check("branch md", &xuexi::export::branch::to_markdown(&sum, &s))?;
            check("branch html", &xuexi::export::branch::to_html(&sum, &s))?;
            check("branch csv", &xuexi::export::branch::to_csv(&sum, &s))?;
        }
    }

    /// A bank whose words got past the importers (an older database, a hand-edited one):
    /// the printed paper, with and without its key, as Markdown and HTML.
    #[test]
    fn a_printed_paper_carries_no_control(
        title in hostile(), stem in hostile(), option in hostile(), explanation in hostile(),
    ) {
        let store = common::store_with_banks();
        let id = store.list_banks().unwrap()[0].id.clone();
        let mut bank = store.bank(&id).unwrap();
        bank.title = title;
        for q in &mut bank.questions {
            q.stem = format!("{stem}（　）");
            if let Some(o) = q.options.first_mut() {
                *o = option.clone();
            }
            q.explanation = explanation.clone();
        }
        let s = Strings::load(Lang::ZhCn);
        let printed = xuexi::export::paper::lay_out(&bank, bank.papers.first(), 7, &s);
        for key in [false, true] {
            check("paper md", &xuexi::export::paper::to_markdown(&printed, key, &s))?;
            check("paper html", &xuexi::export::paper::to_html(&printed, key, &s))?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A bank's every export format (TOML, CSV, text, GIFT), its words full of controls.
    #[test]
    fn a_banks_exports_carry_no_control(
        title in hostile(), stem in hostile(), option in hostile(), explanation in hostile(),
    ) {
        let store = common::store_with_banks();
        let id = store.list_banks().unwrap()[0].id.clone();
        let mut bank = store.bank(&id).unwrap();
        bank.title = title;
        for q in &mut bank.questions {
            q.stem = format!("{stem}（　）");
            if let Some(o) = q.options.first_mut() {
                *o = option.clone();
            }
            q.explanation = explanation.clone();
        }
        use xuexi::import::{bank_gift, bank_table, bank_text, bank_toml};
        check("bank toml", &bank_toml::export_bank_toml(&bank))?;
        check("bank csv", &bank_table::export_bank_csv(&bank))?;
        check("bank txt", &bank_text::export_bank_text(&bank))?;
        check("bank gift", &bank_gift::export_bank_gift(&bank))?;
    }
}

/// The issue's case end to end: a member's export carrying OSC 52 (a clipboard write), CSI as
/// U+009B, BEL and U+202E in its events, read by `branch report` on the trainer's terminal and
/// with `-o` as .md and .html.
#[test]
fn branch_report_on_the_terminal_and_with_o_is_clean() {
    let c = common::cli::CliEnv::new();
    let evil = "三会\u{9d}52;c;Y2FsYw==\u{9c}一课\u{1b}]52;c;eA==\u{7}\u{9b}2J\u{202e}";
    let export = common::member_export(
        serde_json::json!({
            "member": format!("张{evil}"), "branch": evil, "to": format!("2026-03-07{evil}")
        }),
        serde_json::json!([
            {"kind": "finished", "id": 2, "at": "2026-03-01T02:00:00Z", "material": "m1",
             "title": evil},
            {"kind": "answer", "id": 3, "at": "2026-03-02T02:00:00Z", "attempt": 1,
             "mode": "exam", "position": 0, "bank": "b", "question": "q1", "stem": evil,
             "response": [0], "response_text": evil, "correct": false, "score": 0.0,
             "seconds": 10}
        ]),
    );
    let f = c.write("a.json", export);
    let out = c.cmd().args(["branch", "report"]).arg(&f).output().unwrap();
    assert!(out.status.success());
    assert_eq!(
        first_bad_byte(&out.stdout),
        None,
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("三会一课"));
    for ext in ["md", "html", "csv"] {
        let o = c.dir.path().join(format!("r.{ext}"));
        c.cmd()
            .args(["branch", "report", "--format", ext])
            .arg(&f)
            .arg("-o")
            .arg(&o)
            .assert()
            .success();
        let bytes = std::fs::read(&o).unwrap();
        assert_eq!(
            first_bad_byte(&bytes),
            None,
            "{ext}: {}",
            String::from_utf8_lossy(&bytes)
        );
    }
}
