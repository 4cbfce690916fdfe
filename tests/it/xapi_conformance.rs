//! The xAPI export against what others check it with (both ignored: they need programs from
//! outside the repo; `tests/fault-suite.sh` installs them and runs these):
//! - a real LRS, Ralph (`pip install "ralph-malph[backend-fs,lrs,cli]"`), started here on
//!   127.0.0.1 with its filesystem backend: `lrs push` is taken (200), a second push sends
//!   nothing, the same statement again is taken as a duplicate (204), a changed statement under
//!   a sent id is refused (409);
//! - Learning Locker's validator (`npm install xapi-validation`, the library its LRS validates
//!   statements with): not one warning on any statement.
//!
//! `cargo test --test it xapi_conformance:: -- --ignored` with `ralph` on PATH and
//! `XAPI_VALIDATION_DIR` naming a folder whose `node_modules` holds xapi-validation.

use crate::common;

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::*;
use xuexi::config::{Config, LrsConfig};
use xuexi::domain::log::Record;
use xuexi::i18n::{Lang, Strings};
use xuexi::service::report::{ExportRequest, Log, export_text};
use xuexi::store::Store;

/// A log with every kind of statement xuexi writes: reading, finishing, a note, answers of each
/// question type (right and wrong), an exam passed and one failed, a daily quiz.
fn every_kind(store: &mut Store) {
    let bank = "newsletter-2020-02";
    let answer =
        |attempt, mode: &str, position, question: &str, response: &str, correct| Record::Answer {
            sealed: false,
            attempt,
            mode: mode.into(),
            position,
            bank: bank.into(),
            question: question.into(),
            response: response.into(),
            correct,
            points: if correct { 1.0 } else { 0.0 },
            seconds: 7,
            hinted: false,
        };
    let attempt = |attempt, mode: &str, percent: f64, passed| Record::Attempt {
        sealed: false,
        attempt,
        mode: mode.into(),
        bank: Some(bank.into()),
        paper: (mode == "exam").then(|| "bibei-ceshi".into()),
        title: "理论学习闭卷测试".into(),
        started: at(3000),
        seconds: 240,
        score: percent / 10.0,
        max: 10.0,
        percent,
        passed,
        right: 4,
        answered: 4,
        hinted: 0,
    };
    store
        .append_events(&[
            (
                at(600),
                Record::Reading {
                    session: 1,
                    material: "zhongyang-changweihui-0203".into(),
                    from: at(0),
                    to: at(600),
                    seconds: 600,
                },
            ),
            (
                at(601),
                Record::Finished {
                    material: "zhongyang-changweihui-0203".into(),
                },
            ),
            (
                at(700),
                Record::Note {
                    note: 1,
                    material: "zhongyang-changweihui-0203".into(),
                    block: 2,
                    quote: "坚定信心".into(),
                    text: "心得：“四个意识”".into(),
                },
            ),
            (at(3010), answer(1, "exam", 0, "q001", "[1]", true)),
            (at(3020), answer(1, "exam", 1, "q007", "[0,2]", false)),
            (at(3030), answer(1, "exam", 2, "q011", "true", true)),
            (
                at(3040),
                answer(1, "exam", 3, "q015", "[\"四个意识\"]", false),
            ),
            (at(3240), attempt(1, "exam", 50.0, Some(false))),
            (at(4000), answer(2, "exam", 0, "q001", "[0]", true)),
            (at(4240), attempt(2, "exam", 90.0, Some(true))),
            (at(5000), answer(3, "daily", 0, "q011", "false", false)),
            (at(5240), attempt(3, "daily", 80.0, None)),
        ])
        .unwrap();
}

fn config() -> Config {
    let mut c = Config::default();
    c.member.name = "张三".into();
    c.member.account = "zs-0301".into();
    c
}

fn statements(store: &Store, req: &ExportRequest<'_>) -> String {
    export_text(&Log::load_for_export(store).unwrap(), req).unwrap()
}

/// Ralph on a free port of 127.0.0.1 (its statements and credentials in `_dir`, removed
/// after it); killed when dropped.
struct Ralph {
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Ralph {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn ralph() -> (Ralph, u16) {
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let auth = dir.path().join("auth.json");
    let ralph = |args: &[&str]| {
        let mut c = Command::new("ralph");
        c.args(args)
            .env("RALPH_AUTH_FILE", &auth)
            .env("RALPH_RUNSERVER_BACKEND", "fs")
            .current_dir(dir.path());
        c
    };
    let made = ralph(&["auth", "-u", "branch1", "-p", "secret", "-s", "all", "-w"])
        .args(["-A", "branch1", "http://127.0.0.1"])
        .output()
        .expect("ralph on PATH: pip install \"ralph-malph[backend-fs,lrs,cli]\"");
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    let store = dir.path().join("lrs");
    let child = ralph(&["runserver", "-b", "fs", "-h", "127.0.0.1"])
        .args(["-p", &port.to_string(), "--fs-default-directory-path"])
        .arg(&store)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let server = Ralph { child, _dir: dir };
    let start = Instant::now();
    while post(port, "GET", "").is_none() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "Ralph did not start"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    (server, port)
}

/// One request to Ralph's statements resource; the status, or `None` when nothing listens.
fn post(port: u16, method: &str, body: &str) -> Option<u16> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    write!(
        s,
        "{method} /xAPI/statements HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic YnJhbmNoMTpzZWNyZXQ=\r\n\
         X-Experience-API-Version: 1.0.3\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n{body}",
        body.len()
    )
    .ok()?;
    let mut answer = String::new();
    s.read_to_string(&mut answer).ok()?;
    answer.split(' ').nth(1)?.parse().ok()
}

#[test]
#[ignore = "needs Ralph (pip install ralph-malph[backend-fs,lrs,cli]); tests/fault-suite.sh runs it"]
fn a_real_lrs_takes_each_statement_once_and_refuses_a_changed_one() {
    let (_server, port) = ralph();
    let mut store = common::store();
    every_kind(&mut store);
    let config = config();
    let strings = Strings::load(Lang::ZhCn);
    let tz = jiff::tz::TimeZone::UTC;
    let req = xapi_request(&config, &strings, &tz, at(9000));
    let lrs = LrsConfig {
        endpoint: format!("http://127.0.0.1:{port}/xAPI/"),
        username: "branch1".into(),
        password: "secret".into(),
    };
    let list: Vec<serde_json::Value> = serde_json::from_str(&statements(&store, &req)).unwrap();
    let first = xuexi::service::lrs::push(&mut store, &req, &lrs, None, &strings).unwrap();
    assert_eq!(first.refused, Vec::<String>::new());
    assert_eq!(first.sent, list.len());
    let again = xuexi::service::lrs::push(&mut store, &req, &lrs, None, &strings).unwrap();
    assert_eq!(
        (again.sent, again.batches, again.before),
        (0, 0, list.len())
    );
    // the same statement posted again (a member's second export sent by hand): a duplicate
    let one = serde_json::to_string(&list[..1]).unwrap();
    let status = post(port, "POST", &one).unwrap();
    assert!(
        status == 204 || status == 200,
        "duplicate answered {status}"
    );
    // a changed statement under an id the LRS has: refused
    let mut changed = list[0].clone();
    changed["result"]["duration"] = "PT1S".into();
    let status = post(port, "POST", &serde_json::to_string(&[changed]).unwrap()).unwrap();
    assert_eq!(status, 409);
}

#[test]
#[ignore = "needs node and XAPI_VALIDATION_DIR (npm install xapi-validation); tests/fault-suite.sh runs it"]
fn learning_lockers_validator_finds_nothing_wrong() {
    let dir = std::env::var("XAPI_VALIDATION_DIR").expect("XAPI_VALIDATION_DIR");
    let mut store = common::store();
    every_kind(&mut store);
    let (config, strings, tz) = (config(), Strings::load(Lang::ZhCn), jiff::tz::TimeZone::UTC);
    let text = statements(&store, &xapi_request(&config, &strings, &tz, at(9000)));
    let tmp = tempfile::tempdir().unwrap();
    let file = tmp.path().join("statements.json");
    std::fs::write(&file, &text).unwrap();
    let script = r#"
        const validate = require('xapi-validation').default;
        const list = JSON.parse(require('fs').readFileSync(process.argv[1], 'utf8'));
        const bad = list.map((s, i) => [i, validate(s)]).filter(([, w]) => w.length > 0);
        for (const [i, w] of bad) console.log(i, JSON.stringify(w));
        console.log(`${list.length} statements, ${bad.length} with warnings`);
        process.exit(bad.length ? 1 : 0);
    "#;
    let out = Command::new("node")
        .args(["-e", script])
        .arg(&file)
        .env("NODE_PATH", std::path::Path::new(&dir).join("node_modules"))
        .output()
        .expect("node on PATH");
    let said = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{said}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = serde_json::from_str::<Vec<serde_json::Value>>(&text)
        .unwrap()
        .len();
    assert!(
        said.contains(&format!("{n} statements, 0 with warnings")),
        "{said}"
    );
    // each kind of statement was there to be checked
    for verb in [
        "experienced",
        "completed",
        "commented",
        "answered",
        "passed",
        "failed",
    ] {
        assert!(text.contains(&format!("/verbs/{verb}\"")), "no {verb}");
    }
}
