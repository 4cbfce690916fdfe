//! `xuexi lrs push` against a local test HTTP server: the statements posted in batches with the
//! xAPI version header and basic auth, a second push sends only new statements, a refused batch
//! is reported in the LRS's words and not marked sent.

use crate::common;

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

/// How the test server answers one request.
#[derive(Clone, Debug)]
enum Reply {
    /// 200 with the ids of the statements posted, as an LRS does.
    Ids,
    /// 200 with the first `n` of the posted ids only.
    SomeIds(usize),
    /// This status and body.
    Status(u16, &'static str),
    /// 302 to the server's own /login page (which would answer a GET with 200).
    Redirect,
    /// The connection closed with unread data: the client sees a reset.
    Reset,
}

/// A server answering each request with the next of `replies` (then [`Reply::Ids`]).
fn scripted(replies: Vec<Reply>) -> (String, Seen) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    let seen: Seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    std::thread::spawn(move || {
        let mut replies = replies.into_iter();
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let reply = replies.next().unwrap_or(Reply::Ids);
            let mut reader = BufReader::new(stream.try_clone().unwrap());
            let mut line = String::new();
            reader.read_line(&mut line).unwrap();
            if matches!(reply, Reply::Reset) {
                log.lock()
                    .unwrap()
                    .push((line.trim().to_string(), vec![], String::new()));
                // unread bytes in the socket when it closes: the kernel sends RST
                drop(reader);
                drop(stream);
                continue;
            }
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
            let body = String::from_utf8(body).unwrap();
            let ids: Vec<String> = serde_json::from_str::<Vec<serde_json::Value>>(&body)
                .unwrap_or_default()
                .iter()
                .filter_map(|st| st["id"].as_str().map(str::to_string))
                .collect();
            log.lock()
                .unwrap()
                .push((line.trim().to_string(), headers, body));
            let (status, extra, text) = match reply {
                Reply::Ids => (200, String::new(), serde_json::to_string(&ids).unwrap()),
                Reply::SomeIds(n) => (
                    200,
                    String::new(),
                    serde_json::to_string(&ids[..n]).unwrap(),
                ),
                Reply::Status(status, text) => (status, String::new(), text.to_string()),
                Reply::Redirect => (
                    302,
                    format!("Location: http://{addr}/login?next=/xapi\r\n"),
                    "<html>login</html>".to_string(),
                ),
                Reply::Reset => unreachable!("answered above"),
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {status} X\r\n{extra}Content-Length: {}\r\nConnection: close\r\n\r\n{text}",
                text.len()
            );
        }
    });
    (format!("http://{addr}/xapi/"), seen)
}

/// A server answering each request with the next status of `statuses` (then 200 with the ids).
fn server(statuses: Vec<u16>) -> (String, Seen) {
    scripted(
        statuses
            .into_iter()
            .map(|s| {
                if s == 200 {
                    Reply::Ids
                } else {
                    Reply::Status(s, "Conflict: statement id exists")
                }
            })
            .collect(),
    )
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

/// `n` statements in a fresh store, pushed to `endpoint` with `password` from the environment
/// and an empty password in the file; the push's result and the store.
fn push_once(
    store: &mut xuexi::store::Store,
    endpoint: &str,
    password: Option<&str>,
    lang: Lang,
) -> Result<xuexi::service::lrs::Pushed, String> {
    let mut config = Config::default();
    config.member.name = "张三".into();
    let lrs = LrsConfig {
        endpoint: endpoint.to_string(),
        username: "branch1".into(),
        password: String::new(),
    };
    let strings = Strings::load(lang);
    let tz = jiff::tz::TimeZone::UTC;
    let req = xapi_request(&config, &strings, &tz, at(7200));
    xuexi::service::lrs::push(store, &req, &lrs, password.map(str::to_string), &strings)
}

#[test]
fn a_redirect_is_not_followed_and_nothing_is_marked() {
    let (endpoint, seen) = scripted(vec![Reply::Redirect]);
    let mut store = common::store();
    store.append_events(&finished(60)).unwrap();
    let got = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap();
    assert_eq!(got.sent, 0);
    assert_eq!(got.refused.len(), 1, "{:?}", got.refused);
    let words = &got.refused[0];
    assert!(
        words.contains("重定向") && words.contains("HTTP 302"),
        "{words}"
    );
    assert!(
        words.contains("/login?next=/xapi"),
        "where it pointed: {words}"
    );
    {
        let seen = seen.lock().unwrap();
        assert_eq!(seen.len(), 1, "no GET after the 302, no second batch");
        assert!(seen[0].0.starts_with("POST "));
    }
    // nothing was marked: all 60 go again, and now the LRS takes them
    let again = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap();
    assert_eq!((again.sent, again.before, again.refused.len()), (60, 0, 0));
}

#[test]
fn a_reply_listing_fewer_ids_marks_nothing_of_that_batch() {
    let (endpoint, _seen) = scripted(vec![Reply::SomeIds(10), Reply::Ids]);
    let mut store = common::store();
    store.append_events(&finished(60)).unwrap();
    let got = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap();
    // the first batch of 50 came back with 10 ids: not stored; the second (10) was
    assert_eq!(got.sent, 10);
    assert_eq!(got.refused.len(), 1);
    assert!(
        got.refused[0].contains("10 个记录编号"),
        "{}",
        got.refused[0]
    );
    let again = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap();
    assert_eq!(
        (again.sent, again.before),
        (50, 10),
        "all 50 of the batch again"
    );
}

#[test]
fn a_200_that_is_no_lrs_answer_marks_nothing() {
    let (endpoint, _seen) = scripted(vec![Reply::Status(
        200,
        "<html>Welcome to the Wi-Fi</html>",
    )]);
    let mut store = common::store();
    store.append_events(&finished(5)).unwrap();
    let got = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap();
    assert_eq!(got.sent, 0);
    assert!(got.refused[0].contains("不是 LRS"), "{}", got.refused[0]);
    // a 204 with no body is an LRS's answer
    let (endpoint, _seen) = scripted(vec![Reply::Status(204, "")]);
    let got = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap();
    assert_eq!((got.sent, got.refused.len()), (5, 0));
}

#[test]
fn a_refused_login_stops_the_push_and_says_whether_a_password_was_set() {
    for (password, says) in [
        (None, "没有设置密码"),
        (Some("pw"), "已设置密码（来自环境变量 XUEXI_LRS_PASSWORD）"),
    ] {
        let (endpoint, seen) = scripted(vec![Reply::Status(401, "Unauthorized")]);
        let mut store = common::store();
        store.append_events(&finished(120)).unwrap();
        let got = push_once(&mut store, &endpoint, password, Lang::ZhCn).unwrap();
        assert_eq!((got.sent, got.refused.len()), (0, 1));
        assert!(got.refused[0].contains("HTTP 401"), "{}", got.refused[0]);
        assert!(got.refused[0].contains(says), "{}", got.refused[0]);
        assert_eq!(seen.lock().unwrap().len(), 1, "no batch after the 401");
    }
    let (endpoint, _seen) = scripted(vec![Reply::Status(403, "Forbidden")]);
    let mut store = common::store();
    store.append_events(&finished(3)).unwrap();
    let got = push_once(&mut store, &endpoint, None, Lang::En).unwrap();
    assert!(
        got.refused[0].contains("no password was set"),
        "{}",
        got.refused[0]
    );
}

#[test]
fn a_reset_is_named_in_the_members_words_without_the_password() {
    let (endpoint, _seen) = scripted(vec![Reply::Reset, Reply::Reset]);
    let endpoint = endpoint.replace("http://", "http://branch1:s3cret@");
    let mut store = common::store();
    store.append_events(&finished(3)).unwrap();
    let zh = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap_err();
    assert!(zh.contains("断开") && !zh.contains("连不上"), "{zh}");
    assert!(!zh.contains("s3cret") && !zh.contains("branch1"), "{zh}");
    assert!(
        !zh.contains("io:") && !zh.contains("Connection reset"),
        "{zh}"
    );
    let en = push_once(&mut store, &endpoint, Some("pw"), Lang::En).unwrap_err();
    assert!(
        en.contains("cut off (reset)") && !en.contains("s3cret"),
        "{en}"
    );
    // nothing marked
    assert_eq!(store.lrs_sent().unwrap().len(), 0);
}

#[test]
fn nothing_listening_is_a_refused_connection_not_a_reset() {
    let port = TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let mut store = common::store();
    store.append_events(&finished(3)).unwrap();
    let endpoint = format!("http://127.0.0.1:{port}/xapi");
    let zh = push_once(&mut store, &endpoint, None, Lang::ZhCn).unwrap_err();
    assert!(zh.contains("拒绝连接"), "{zh}");
}

#[test]
fn a_tls_failure_is_named_as_such() {
    // a plain-HTTP server where the endpoint says https: the handshake fails
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { break };
            let mut buf = [0u8; 512];
            let _ = stream.read(&mut buf);
            let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        }
    });
    let mut store = common::store();
    store.append_events(&finished(3)).unwrap();
    let endpoint = format!("https://{addr}/xapi/");
    let zh = push_once(&mut store, &endpoint, Some("pw"), Lang::ZhCn).unwrap_err();
    assert!(zh.contains("安全连接（TLS）失败"), "{zh}");
}
