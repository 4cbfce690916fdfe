//! `xuexi lrs push`: the study log's xAPI statements posted to a learning record store — the
//! one place xuexi uses the network, and only when the member runs this command. What the LRS
//! took is remembered, so a later push sends only new statements.

use std::time::Duration;

use serde_json::Value;

use crate::config::LrsConfig;
use crate::i18n::{Strings, msg};
use crate::store::Store;

use super::report::{ExportRequest, Log, export_text};

/// Statements per request.
pub const BATCH: usize = 50;

/// What a push did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Pushed {
    pub sent: usize,
    pub batches: usize,
    /// Sent by an earlier push, not again.
    pub before: usize,
    /// Each batch the LRS refused, in its words.
    pub refused: Vec<String>,
}

fn base64(bytes: &[u8]) -> String {
    const T: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(T[(n >> (18 - 6 * i) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The endpoint as it may be shown: any `user:password@` taken out of it.
pub fn shown_endpoint(endpoint: &str) -> String {
    crate::text::without_userinfo(endpoint)
}

/// What became of one batch's POST.
enum Outcome {
    /// Stored: its ids are marked sent.
    Stored,
    /// Not stored, in the member's words; the next batch may still go.
    Refused(String),
    /// Not stored, and no later batch can fare better (a redirect, a refused login).
    Stop(String),
}

/// Posts the period's new statements to `lrs` in batches of [`BATCH`]; `password` from the
/// environment wins over the file's. A batch counts as stored only when the LRS answers the
/// POST itself (no redirect is followed) with 200 or 204 and, when it lists statement ids,
/// exactly the ids sent; a redirect or a refused login stops the push. Errors are in the
/// member's words; the endpoint is never shown with its `user:password@`.
pub fn push(
    store: &mut Store,
    req: &ExportRequest<'_>,
    lrs: &LrsConfig,
    password: Option<String>,
    s: &Strings,
) -> Result<Pushed, String> {
    let endpoint = lrs.endpoint.trim();
    if endpoint.is_empty() {
        return Err(s.problem(&msg("lrs_no_endpoint")));
    }
    let shown = shown_endpoint(endpoint);
    let log = Log::load(store).map_err(|e| super::errors::store_text(&e, s))?;
    let text = export_text(&log, req)?;
    let all: Vec<Value> = serde_json::from_str(&text).unwrap_or_default();
    let sent = store
        .lrs_sent()
        .map_err(|e| super::errors::store_text(&e, s))?;
    let new: Vec<Value> = all
        .into_iter()
        .filter(|st| !st["id"].as_str().is_some_and(|id| sent.contains(id)))
        .collect();
    let mut out = Pushed {
        before: sent.len(),
        ..Pushed::default()
    };
    if new.is_empty() {
        return Ok(out);
    }
    let url = format!("{}/statements", endpoint.trim_end_matches('/'));
    let env_password = password.filter(|p| !p.is_empty());
    let password_source = match (&env_password, lrs.password.is_empty()) {
        (Some(_), _) => "env",
        (None, false) => "file",
        (None, true) => "none",
    };
    let password = env_password.unwrap_or_else(|| lrs.password.clone());
    let auth = format!(
        "Basic {}",
        base64(format!("{}:{password}", lrs.username).as_bytes())
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
        // a redirect is answered, not followed: a login page's 200 to the GET that would
        // follow a 302 is no LRS taking the statements
        .max_redirects(0)
        .build()
        .into();
    for (i, batch) in new.chunks(BATCH).enumerate() {
        let body = Value::Array(batch.to_vec()).to_string();
        let resp = agent
            .post(&url)
            .header("X-Experience-API-Version", "1.0.3")
            .header("Content-Type", "application/json")
            .header("Authorization", &auth)
            .send(body.as_str());
        let resp = match resp {
            Ok(r) => r,
            Err(e) => {
                tracing::warn!(endpoint = %shown, error = %e, "lrs push: the POST failed");
                let why = s.problem(&msg(transport_key(&e)));
                return Err(s.problem(&msg("lrs_failed").arg("endpoint", &shown).arg("error", why)));
            }
        };
        out.batches += 1;
        let ids: Vec<String> = batch
            .iter()
            .filter_map(|st| st["id"].as_str().map(str::to_string))
            .collect();
        let batch_words = |key: &'static str| {
            msg(key)
                .arg("batch", i + 1)
                .arg("n", batch.len())
                .arg("endpoint", &shown)
                .arg("password", s.problem(&msg(password_key(password_source))))
        };
        match judge(resp, &ids, &batch_words, s) {
            Outcome::Stored => {
                store
                    .mark_lrs_sent(&ids, req.now)
                    .map_err(|e| super::errors::store_text(&e, s))?;
                out.sent += ids.len();
            }
            Outcome::Refused(words) => out.refused.push(words),
            Outcome::Stop(words) => {
                out.refused.push(words);
                break;
            }
        }
    }
    Ok(out)
}

/// The `[problems]` key saying where a password came from.
fn password_key(source: &str) -> &'static str {
    match source {
        "env" => "lrs_password_env",
        "file" => "lrs_password_file",
        _ => "lrs_password_none",
    }
}

/// Whether the reply to one batch's POST means the LRS stored exactly that batch.
fn judge(
    mut resp: ureq::http::Response<ureq::Body>,
    ids: &[String],
    batch_words: &dyn Fn(&'static str) -> crate::i18n::Msg,
    s: &Strings,
) -> Outcome {
    let status = resp.status().as_u16();
    let words = resp
        .body_mut()
        .with_config()
        .limit(1 << 20)
        .read_to_string()
        .unwrap_or_default();
    if (300..400).contains(&status) {
        let to = resp
            .headers()
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map_or_else(String::new, shown_endpoint);
        let m = batch_words("lrs_redirected")
            .arg("status", status)
            .arg("to", to);
        return Outcome::Stop(s.problem(&m));
    }
    if status == 401 || status == 403 {
        return Outcome::Stop(s.problem(&batch_words("lrs_unauthorized").arg("status", status)));
    }
    if status != 200 && status != 204 {
        let body = crate::text::sanitize::sanitize_line(words.trim());
        let m = batch_words("lrs_refused")
            .arg("status", status)
            .arg("body", body);
        return Outcome::Refused(s.problem(&m));
    }
    let reply = words.trim();
    if status == 204 || reply.is_empty() {
        return Outcome::Stored;
    }
    match serde_json::from_str::<Vec<String>>(reply) {
        Ok(mut back) => {
            let mut want = ids.to_vec();
            back.sort_unstable();
            want.sort_unstable();
            if back == want {
                Outcome::Stored
            } else {
                let m = batch_words("lrs_ids_differ").arg("got", back.len());
                Outcome::Refused(s.problem(&m))
            }
        }
        // a 200 whose body is no list of statement ids (a portal's page) is not an LRS's
        Err(_) => Outcome::Refused(s.problem(&batch_words("lrs_not_xapi").arg("status", status))),
    }
}

/// The `[problems]` key naming what went wrong below HTTP.
fn transport_key(e: &ureq::Error) -> &'static str {
    use std::io::ErrorKind as K;
    match e {
        ureq::Error::Timeout(_) => "net_timeout",
        ureq::Error::HostNotFound => "net_dns",
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::Pem(_) => "net_tls",
        ureq::Error::Io(io) => match io.kind() {
            K::ConnectionReset | K::ConnectionAborted | K::BrokenPipe | K::UnexpectedEof => {
                "net_reset"
            }
            K::ConnectionRefused => "net_refused",
            K::TimedOut | K::WouldBlock => "net_timeout",
            K::NotFound | K::AddrNotAvailable => "net_dns",
            K::InvalidData => "net_tls",
            // the system resolver's failure comes as a plain io error
            _ if io.to_string().contains("lookup address") => "net_dns",
            _ => "net_other",
        },
        ureq::Error::BadUri(_) => "net_bad_address",
        ureq::Error::Protocol(_) => "net_protocol",
        _ => "net_other",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn basic_auth_is_base64() {
        assert_eq!(super::base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(super::base64(b"a"), "YQ==");
        assert_eq!(super::base64(b"ab"), "YWI=");
    }

    #[test]
    fn transport_failures_are_told_apart() {
        use super::transport_key as key;
        use std::io::{Error, ErrorKind as K};
        let io = |k: K, t: &str| ureq::Error::Io(Error::new(k, t.to_string()));
        assert_eq!(
            key(&ureq::Error::Timeout(ureq::Timeout::Global)),
            "net_timeout"
        );
        assert_eq!(key(&ureq::Error::HostNotFound), "net_dns");
        assert_eq!(
            key(&io(
                K::Other,
                "failed to lookup address information: Name or service not known"
            )),
            "net_dns"
        );
        assert_eq!(key(&io(K::ConnectionReset, "reset")), "net_reset");
        assert_eq!(key(&io(K::UnexpectedEof, "eof")), "net_reset");
        assert_eq!(key(&io(K::ConnectionRefused, "refused")), "net_refused");
        assert_eq!(key(&io(K::TimedOut, "t")), "net_timeout");
        assert_eq!(key(&ureq::Error::Tls("bad certificate")), "net_tls");
        assert_eq!(key(&io(K::PermissionDenied, "x")), "net_other");
    }

    #[test]
    fn userinfo_is_never_shown() {
        use super::shown_endpoint as shown;
        assert_eq!(
            shown("https://u:secret@lrs.example/xapi/"),
            "https://lrs.example/xapi/"
        );
        assert_eq!(
            shown("http://lrs.example:8080/x"),
            "http://lrs.example:8080/x"
        );
        assert_eq!(shown("http://a@b:p@w@host/x?y=@z"), "http://host/x?y=@z");
        assert_eq!(shown("u:p@host"), "host");
    }
}
