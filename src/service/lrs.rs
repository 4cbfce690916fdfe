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

/// Posts the period's new statements to `lrs` in batches of [`BATCH`]; `password` from the
/// environment wins over the file's. Errors are in the member's words.
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
    let password = password.unwrap_or_else(|| lrs.password.clone());
    let auth = format!(
        "Basic {}",
        base64(format!("{}:{password}", lrs.username).as_bytes())
    );
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_global(Some(Duration::from_secs(30)))
        .http_status_as_error(false)
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
        let mut resp = match resp {
            Ok(r) => r,
            Err(e) => {
                return Err(s.problem(&msg("lrs_failed").arg("endpoint", endpoint).arg("error", e)));
            }
        };
        out.batches += 1;
        let status = resp.status().as_u16();
        if (200..300).contains(&status) {
            let ids: Vec<String> = batch
                .iter()
                .filter_map(|st| st["id"].as_str().map(str::to_string))
                .collect();
            store
                .mark_lrs_sent(&ids, req.now)
                .map_err(|e| super::errors::store_text(&e, s))?;
            out.sent += ids.len();
        } else {
            let words = resp
                .body_mut()
                .with_config()
                .limit(4096)
                .read_to_string()
                .unwrap_or_default();
            out.refused.push(
                s.problem(
                    &msg("lrs_refused")
                        .arg("batch", i + 1)
                        .arg("n", batch.len())
                        .arg("status", status)
                        .arg("body", crate::text::sanitize::sanitize_line(words.trim())),
                ),
            );
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    #[test]
    fn basic_auth_is_base64() {
        assert_eq!(super::base64(b"user:pass"), "dXNlcjpwYXNz");
        assert_eq!(super::base64(b"a"), "YQ==");
        assert_eq!(super::base64(b"ab"), "YWI=");
    }
}
