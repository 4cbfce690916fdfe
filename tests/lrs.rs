//! `xuexi lrs push` against a local test HTTP server: the statements posted in batches with the
//! xAPI version header and basic auth, a second push sends only new statements, a refused batch
//! is reported in the LRS's words and not marked sent.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};

use common::*;
use predicates::prelude::*;
use xuexi::config::{Config, LrsConfig};
use xuexi::domain::log::Record;
use xuexi::i18n::{Lang, Strings};

/// One request as the server saw it: (request line, headers lowercased, body).
type Seen = Arc<Mutex<Vec<(String, Vec<String>, String)>>>;

/// A server answering each request with the next status of `statuses` (then 200).
fn server(statuses: Vec<u16>) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut statuses = statuses.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            let mut headers = Vec::new();
            let mut len = 0usize;
            loop {
                let mut h = String::new();
                reader.read_line(&mut h).unwrap();
                if h.trim().is_empty() {
                    break;
                }
                let lower = h.trim().to_ascii_lowercase();
                if let Some(v) = lower.strip_prefix("content-length:") {
                    len = v.trim().parse().unwrap();
                }
                headers.push(h.trim().to_string());
            }
            let mut body = vec![0; len];
            reader.read_exact(&mut body).unwrap();
            log.lock().unwrap().push((
                line.trim().to_string(),
                headers,
                String::from_utf8(body).unwrap(),
            ));
            let status = statuses.next().unwrap_or(200);
            let text = if status == 200 {
                "[]"
            } else {
                "Conflict: statement id exists"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (format!("http://{addr}/xapi/"), seen)
}

fn finished(n: usize) -> Vec<(jiff::Timestamp, Record)> {
    (0..n)
        .map(|i| {
            (
                at(60 * i as i64),
                Record::Finished {
                    material: "zhongyang-changweihui-0203".into(),
                },
            )
        })
        .collect()
}

#[test]
fn statements_are_posted_in_batches_once_and_refusals_reported() {
    let (endpoint, seen) = server(vec![200, 409, 200]);
    let mut store = common::store();
    store.append_events(&finished(60)).unwrap();
    let mut config = Config::default();
    config.member.name = "张三".into();
    let lrs = LrsConfig {
        endpoint: endpoint.clone(),
        username: "branch1".into(),
        password: "in-the-file".into(),
    };
    let strings = Strings::load(Lang::ZhCn);
    let tz = jiff::tz::TimeZone::UTC;
    let req = xapi_request(&config, &strings, &tz, at(7200));
    let push = |store: &mut xuexi::store::Store| {
        xuexi::service::lrs::push(store, &req, &lrs, Some("from-env".into()), &strings).unwrap()
    };
    // 60 statements: a batch of 50 taken, a batch of 10 refused (409)
    let first = push(&mut store);
    assert_eq!((first.sent, first.batches), (50, 2));
    assert_eq!(first.refused.len(), 1);
    assert!(first.refused[0].contains("HTTP 409") && first.refused[0].contains("Conflict"));
    {
        let seen = seen.lock().unwrap();
        let (line, headers, body) = &seen[0];
        assert_eq!(line, "POST /xapi/statements HTTP/1.1");
        assert!(
            headers
                .iter()
                .any(|h| h == "X-Experience-API-Version: 1.0.3"
                    || h.eq_ignore_ascii_case("x-experience-api-version: 1.0.3"))
        );
        // basic auth with the password from the environment, not the file's
        assert!(
            headers.iter().any(|h| h
                .split_once(':')
                .is_some_and(|(n, v)| n.eq_ignore_ascii_case("authorization")
                    && v.trim() == "Basic YnJhbmNoMTpmcm9tLWVudg==")),
            "{headers:?}"
        );
        let v: serde_json::Value = serde_json::from_str(body).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 50);
    }
    // again: only the 10 refused go, and now they are taken
    let second = push(&mut store);
    assert_eq!(
        (second.sent, second.before, second.refused.len()),
        (10, 50, 0)
    );
    let v: serde_json::Value = serde_json::from_str(&seen.lock().unwrap()[2].2).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 10, "only the refused ten");
    // and once more: nothing new, no request
    let third = push(&mut store);
    assert_eq!((third.sent, third.batches), (0, 0));
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn without_an_endpoint_nothing_is_sent_and_the_member_is_told_how() {
    let c = cli::CliEnv::new();
    c.cmd().args(["lrs", "push"]).assert().code(1).stderr(
        predicates::str::contains("[lrs]").and(predicates::str::contains("XUEXI_LRS_PASSWORD")),
    );
}
