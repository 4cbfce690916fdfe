//! Asking the terminal for its background colour (OSC 11) once at start, for `theme = "auto"`.
//!
//! We write `ESC ] 11 ; ? ST` and right after it the device-attributes query `ESC [ c`, which
//! every terminal answers, and in order: so the DA answer marks the end of whatever the
//! terminal had to say, and a terminal that ignores OSC 11 costs us only its DA round trip,
//! not the whole timeout. The answers are read straight from the tty fd, one byte at a time,
//! before crossterm's reader exists, so they never reach the app as keys. Nothing is asked
//! when standard input or output is not a terminal or `TERM` is `dumb`: `None`, and the
//! caller falls back to `COLORFGBG`.

use std::io::{IsTerminal, Write};
use std::os::fd::AsFd;
use std::time::{Duration, Instant};

use ratatui::crossterm::terminal::{disable_raw_mode, enable_raw_mode, is_raw_mode_enabled};
use rustix::event::{PollFd, PollFlags, Timespec, poll};

/// How long we wait for the answers on this computer: a local terminal (xterm measured 2–4 ms)
/// answers in a few milliseconds.
pub const TIMEOUT: Duration = Duration::from_millis(100);

/// How long over SSH, where the answer takes a network round trip: an answer later than we
/// wait would arrive as typed keys (`f`, `b`, `/` act in the library). The DA answer ends
/// the wait at once, so only a terminal that answers nothing costs this long.
pub const TIMEOUT_SSH: Duration = Duration::from_secs(1);

/// The wait for a session over SSH (`SSH_CONNECTION` or `SSH_TTY` set) or not.
pub fn timeout(ssh: bool) -> Duration {
    if ssh { TIMEOUT_SSH } else { TIMEOUT }
}

/// The queries: the background colour, then the primary device attributes.
const QUERY: &[u8] = b"\x1b]11;?\x1b\\\x1b[c";

/// Whether to ask at all: both ends a terminal, and one that can take escape sequences.
pub fn should_ask(stdin_tty: bool, stdout_tty: bool, term: Option<&str>) -> bool {
    stdin_tty && stdout_tty && term.is_some_and(|t| !t.is_empty() && t != "dumb")
}

/// Whether `buf` ends with the device-attributes answer (`ESC [ ? … c`).
fn ends_with_da(buf: &[u8]) -> bool {
    if buf.last() != Some(&b'c') {
        return false;
    }
    let Some(at) = buf.windows(3).rposition(|w| w == b"\x1b[?") else {
        return false;
    };
    buf[at + 3..buf.len() - 1]
        .iter()
        .all(|b| b.is_ascii_digit() || *b == b';')
}

/// The terminal's background is light (`Some(true)`), dark, or unknown (`None`).
pub fn light_background() -> Option<bool> {
    let term = std::env::var("TERM").ok();
    let asks = should_ask(
        std::io::stdin().is_terminal(),
        std::io::stdout().is_terminal(),
        term.as_deref(),
    );
    if !asks {
        return None;
    }
    let was_raw = is_raw_mode_enabled().unwrap_or(false);
    // raw: the answer comes without a newline, and must not be echoed onto the screen
    if !was_raw && enable_raw_mode().is_err() {
        return None;
    }
    let ssh = ["SSH_CONNECTION", "SSH_TTY"]
        .iter()
        .any(|k| std::env::var_os(k).is_some_and(|v| !v.is_empty()));
    let started = Instant::now();
    let answer = ask(timeout(ssh));
    if !was_raw {
        let _ = disable_raw_mode();
    }
    let light = crate::ui::theme::osc11_light(&answer);
    // for "why this palette?": what the terminal said and how long the member waited
    tracing::info!(
        answer = %String::from_utf8_lossy(&answer).escape_debug(),
        ?light,
        ms = started.elapsed().as_millis() as u64,
        "asked the terminal its background"
    );
    light
}

/// Writes the queries and reads what comes back until the DA answer or the timeout.
fn ask(wait: Duration) -> Vec<u8> {
    let mut out = std::io::stdout();
    if out.write_all(QUERY).and_then(|()| out.flush()).is_err() {
        return Vec::new();
    }
    let stdin = std::io::stdin();
    let fd = stdin.as_fd();
    let deadline = Instant::now() + wait;
    let mut buf = Vec::new();
    // a terminal's answers are a few dozen bytes; more is something else talking
    while buf.len() < 256 && !ends_with_da(&buf) {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let ts = Timespec {
            tv_sec: left.as_secs() as _,
            tv_nsec: left.subsec_nanos() as _,
        };
        let mut fds = [PollFd::new(&fd, PollFlags::IN)];
        match poll(&mut fds, Some(&ts)) {
            Ok(0) => break,
            Ok(_) => {}
            Err(rustix::io::Errno::INTR) => continue,
            Err(_) => break,
        }
        if !fds[0].revents().contains(PollFlags::IN) {
            // hung up or in error: nothing more will come
            break;
        }
        let mut byte = [0u8; 1];
        match rustix::io::read(fd, &mut byte) {
            Ok(1) => buf.push(byte[0]),
            _ => break,
        }
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn asks_only_a_real_terminal() {
        assert!(should_ask(true, true, Some("xterm-256color")));
        assert!(!should_ask(true, true, Some("dumb")));
        assert!(!should_ask(true, true, Some("")));
        assert!(!should_ask(true, true, None));
        assert!(!should_ask(false, true, Some("xterm")));
        assert!(!should_ask(true, false, Some("xterm")));
    }

    #[test]
    fn over_ssh_the_answer_gets_a_round_trip_more() {
        assert_eq!(timeout(false), Duration::from_millis(100));
        assert!(timeout(true) > timeout(false));
    }

    #[test]
    fn the_device_attributes_answer_ends_the_wait() {
        assert!(ends_with_da(
            b"\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?64;1;2;6;22c"
        ));
        assert!(ends_with_da(b"\x1b[?1;2c"));
        assert!(!ends_with_da(b"\x1b]11;rgb:ffff/ffff/ffff\x07"));
        assert!(!ends_with_da(b"\x1b[?64;1"));
        assert!(!ends_with_da(b"abc"));
    }
}
