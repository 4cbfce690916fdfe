//! What the real binary writes to its terminal. `problems` reads a byte stream as a terminal
//! would and lists every byte that is not text or one of the app's own sequences: cursor
//! position (CSI H), style (CSI m), clearing (CSI J / K), the cursor shown or hidden, the
//! alternate screen, mouse reporting. Anything else — OSC (title, hyperlink, clipboard), DCS,
//! C1 controls, C0 controls, DEL, bidi overrides and isolates, invalid UTF-8 — is a problem.
//!
//! `cargo test` checks the checker on made-up streams. tests/fault-suite.sh records the
//! binary's output in a pseudo-terminal (tmux pipe-pane) while it shows the hostile corpus of
//! tests/fixtures/hostile/ and runs `captured_terminal_output_is_clean` on the recording.

use xuexi::text::sanitize::is_forbidden;

/// DEC private modes the app sets and resets: cursor (25), alternate screen (1049), mouse
/// reporting (1000, 1002, 1003, 1006, 1015).
const MODES: [&str; 7] = ["25", "1049", "1000", "1002", "1003", "1006", "1015"];

/// Every problem in `bytes`, each with its byte offset.
fn problems(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            out.push(format!("byte {}: invalid UTF-8", e.valid_up_to()));
            // check what can be read up to there
            std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or_default()
        }
    };
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        if c != '\u{1b}' {
            if is_forbidden(c) || c.is_control() {
                out.push(format!("byte {at}: character U+{:04X}", c as u32));
            }
            continue;
        }
        match chars.next() {
            Some((_, '[')) => {
                let mut params = String::new();
                let mut end = None;
                for (_, c) in chars.by_ref() {
                    if ('\u{30}'..='\u{3f}').contains(&c) || ('\u{20}'..='\u{2f}').contains(&c) {
                        params.push(c);
                    } else {
                        end = Some(c);
                        break;
                    }
                }
                let Some(fin) = end else {
                    out.push(format!("byte {at}: CSI cut off"));
                    break;
                };
                let numeric = params.chars().all(|c| c.is_ascii_digit() || c == ';');
                let allowed = match fin {
                    'H' | 'm' | 'J' | 'K' => numeric,
                    'h' | 'l' => params
                        .strip_prefix('?')
                        .is_some_and(|p| p.split(';').all(|m| MODES.contains(&m))),
                    _ => false,
                };
                if !allowed {
                    out.push(format!(
                        "byte {at}: CSI {params}{fin} is not one of the app's"
                    ));
                }
            }
            Some((_, c)) => out.push(format!("byte {at}: ESC {c:?} (not a CSI)")),
            None => out.push(format!("byte {at}: ESC at the end")),
        }
    }
    out
}

#[test]
fn the_apps_own_sequences_and_text_pass() {
    let stream = "\x1b[?1049h\x1b[?1000h\x1b[?1002h\x1b[?1003h\x1b[?1015h\x1b[?1006h\x1b[?25l\
                  \x1b[1;1H\x1b[38;5;2m\x1b[1m学习 👨\u{200d}👩 ok\x1b[0m\x1b[2J\x1b[K\
                  \x1b[?25h\x1b[?1006l\x1b[?1049l";
    assert_eq!(problems(stream.as_bytes()), Vec::<String>::new());
}

#[test]
fn every_foreign_sequence_and_control_is_found() {
    let cases: [(&[u8], &str); 13] = [
        (b"a\x1b]0;pwned\x07b", "ESC ']'"),
        (b"\x1b]8;;http://x/\x1b\\l\x1b]8;;\x1b\\", "ESC ']'"),
        (b"\x1b]52;c;ZXZpbA==\x07", "ESC ']'"),
        (b"\x1bP1$r\x1b\\", "ESC 'P'"),
        ("\u{9b}31m".as_bytes(), "U+009B"),
        ("\u{9d}0;t".as_bytes(), "U+009D"),
        (b"a\x00b", "U+0000"),
        (b"a\rb", "U+000D"),
        (b"a\x7fb", "U+007F"),
        ("\u{202e}abc".as_bytes(), "U+202E"),
        ("\u{2066}abc\u{2069}".as_bytes(), "U+2066"),
        (b"\x1b[6n", "CSI 6n"),
        (b"ok\xff", "invalid UTF-8"),
    ];
    for (bytes, what) in cases {
        let found = problems(bytes);
        assert!(
            found.iter().any(|p| p.contains(what)),
            "{what} not found in {bytes:?}: {found:?}"
        );
    }
    // a private mode the app never sets (bracketed paste, here) is foreign too
    assert!(!problems(b"\x1b[?2004h").is_empty());
}

/// The recordings named in XUEXI_TTY_CAPTURE (colon-separated files), made by
/// tests/fault-suite.sh; skipped when it is not set.
#[test]
fn captured_terminal_output_is_clean() {
    let Ok(files) = std::env::var("XUEXI_TTY_CAPTURE") else {
        eprintln!("skipped: XUEXI_TTY_CAPTURE is not set (tests/fault-suite.sh sets it)");
        return;
    };
    for file in files.split(':').filter(|f| !f.is_empty()) {
        let bytes = std::fs::read(file).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(
            bytes.len() > 1000,
            "{file}: only {} bytes recorded",
            bytes.len()
        );
        let found = problems(&bytes);
        assert!(
            found.is_empty(),
            "{file}: {} problems, the first: {:?}",
            found.len(),
            &found[..found.len().min(10)]
        );
    }
}
