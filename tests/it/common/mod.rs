//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod cli;
pub mod parser_checks;
pub mod pty;
pub mod quiz;

use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use unicode_width::UnicodeWidthStr;
use xuexi::app::App;
use xuexi::i18n::{Lang, Strings};
use xuexi::store::Store;
use xuexi::ui::{self, Theme};

/// A fixed moment, so screens and sessions are reproducible.
pub fn t0() -> Timestamp {
    "2026-11-28T08:00:00Z".parse().unwrap()
}

pub fn at(secs: i64) -> Timestamp {
    t0() + jiff::SignedDuration::from_secs(secs)
}

/// `s` without its whitespace (line breaks and spaces a layout adds), to compare texts.
pub fn no_space(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// An in-memory store with the bundled materials synced in.
pub fn store() -> Store {
    let mut s = Store::open_in_memory().unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut s, t0()).unwrap();
    s
}

/// [`store`] with the bundled quiz banks too.
pub fn store_with_banks() -> Store {
    let mut s = store();
    xuexi::service::bootstrap::sync_bundled_banks(&mut s, t0()).unwrap();
    s
}

pub fn app(store: &Store, lang: Lang, w: u16, h: u16) -> App {
    let mut app = App::new(Strings::load(lang), store.list_materials().unwrap(), 300);
    app.tz = jiff::tz::TimeZone::UTC;
    app.resize(w, h);
    app
}

pub fn key(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE))
}

pub fn code(c: KeyCode) -> Event {
    Event::Key(KeyEvent::new(c, KeyModifiers::NONE))
}

pub fn ctrl(c: char) -> Event {
    Event::Key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL))
}

/// Feeds events to the app and carries out its effects on the store.
pub fn send(app: &mut App, store: &mut Store, events: &[Event], now: Timestamp) {
    for ev in events {
        let fx = app.handle(ev, now);
        xuexi::tui::apply(app, store, fx, now);
    }
}

pub fn draw(app: &App, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::fallback(true);
    // check the frame as drawn, before the diff to the backend drops cells hidden behind a
    // wide character (which would hide a half-covered character from the check)
    let frame = terminal.draw(|f| ui::render(f, app, &theme)).unwrap();
    check_buffer(frame.buffer);
    terminal
}

/// The screen as text rows (wide characters once, their continuation cells skipped).
pub fn rows(buf: &Buffer) -> Vec<String> {
    let area = buf.area;
    (0..area.height)
        .map(|y| {
            let mut s = String::new();
            let mut x = 0;
            while x < area.width {
                let sym = buf[(x, y)].symbol();
                s.push_str(sym);
                x += UnicodeWidthStr::width(sym).max(1) as u16;
            }
            s
        })
        .collect()
}

/// What every frame must satisfy: no control or bidi character in any cell, no wide character
/// in the last column or half covered by what is drawn next to it (an overlay's border), and
/// each row exactly as wide as the screen.
pub fn check_buffer(buf: &Buffer) {
    let area = buf.area;
    for y in 0..area.height {
        for x in 0..area.width {
            let sym = buf[(x, y)].symbol();
            assert!(
                !sym.chars().any(xuexi::text::sanitize::is_forbidden),
                "control character in cell ({x},{y}): {sym:?}"
            );
            if UnicodeWidthStr::width(sym) == 2 {
                assert!(
                    x + 1 < area.width,
                    "wide {sym:?} cut at the right edge, row {y}"
                );
                let next = buf[(x + 1, y)].symbol();
                assert!(
                    next.trim().is_empty(),
                    "wide {sym:?} at ({x},{y}) is half covered by {next:?}"
                );
            }
        }
    }
    for (y, row) in rows(buf).iter().enumerate() {
        assert_eq!(
            UnicodeWidthStr::width(row.as_str()),
            usize::from(area.width),
            "row {y} is not exactly the screen's width: {row:?}"
        );
    }
}

/// The text of a screen, trailing spaces trimmed, for assertions.
pub fn screen_text(terminal: &Terminal<TestBackend>) -> String {
    rows(terminal.backend().buffer())
        .iter()
        .map(|r| r.trim_end().to_string())
        .collect::<Vec<_>>()
        .join("\n")
}

/// Syncs the real bundle with the 徐州 material's file replaced by `text` (as a newer bundle
/// that changed it would), under `hash`.
pub fn sync_changed_xuzhou(store: &mut Store, text: &str, hash: &str) {
    let files: Vec<xuexi::store::BundledFile<'static>> = xuexi::bundle::material_files()
        .into_iter()
        .map(|f| {
            if f.name.contains("xuzhou") {
                xuexi::store::BundledFile {
                    name: f.name,
                    hash: hash.into(),
                    bytes: std::borrow::Cow::Owned(text.as_bytes().to_vec()),
                }
            } else {
                f
            }
        })
        .collect();
    store
        .sync_bundled(&files, t0(), |f| {
            xuexi::import::material::parse_material_bytes(std::path::Path::new(&f.name), &f.bytes)
        })
        .unwrap();
}

/// The name libtest knows a test by in this binary, for `--exact`: its module's path
/// (`module_path!()`) without the crate's own `it::`, then the function's name.
pub fn test_name(module: &str, name: &str) -> String {
    match module.split_once("::") {
        Some((_, inner)) => format!("{inner}::{name}"),
        None => name.to_string(),
    }
}

/// Runs this test binary again as a child doing only the test `name` of `module`
/// (`module_path!()`), with `env_key` set to `db`, its standard output piped (the kill tests
/// read what it committed, then kill it).
pub fn spawn_child(
    module: &str,
    name: &str,
    env_key: &str,
    db: &std::path::Path,
) -> std::process::Child {
    std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", &test_name(module, name), "--nocapture"])
        .arg("--test-threads=1")
        .env(env_key, db)
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap()
}

/// Set in the environment of a child started by [`run_in_child`].
const IN_CHILD: &str = "XUEXI_TEST_IN_CHILD";

/// Whether this process is a child started by [`run_in_child`].
pub fn in_child() -> bool {
    std::env::var_os(IN_CHILD).is_some()
}

/// Runs the test `name` of `module` (`module_path!()`) again in a child process of this
/// binary, with `set` in its environment and `unset` taken out of it, and fails when the
/// child's run of it fails. For a test of code that reads the process's environment (HOME,
/// XDG_*): every test of this binary shares one process, and changing its environment while
/// other tests' threads read it is a data race, so the test's body runs in the child
/// ([`in_child`] tells it which it is) and never calls `set_var`.
pub fn run_in_child(module: &str, name: &str, set: &[(&str, &std::ffi::OsStr)], unset: &[&str]) {
    let mut cmd = std::process::Command::new(std::env::current_exe().unwrap());
    cmd.args(["--exact", &test_name(module, name), "--nocapture"])
        .arg("--test-threads=1")
        .env(IN_CHILD, "1");
    for (k, v) in set {
        cmd.env(k, v);
    }
    for k in unset {
        cmd.env_remove(k);
    }
    let out = cmd.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the child's run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // the filter named a test that exists: the child ran it, not nothing
    assert!(
        stdout.contains("1 passed"),
        "the child ran no test: {stdout}"
    );
}

/// A member's JSON export as `log export` writes it: a header (张三 of 第一党支部, the first week
/// of March 2026), whose fields `header` replaces or adds to, and `events`.
pub fn member_export(header: serde_json::Value, events: serde_json::Value) -> String {
    let mut h = serde_json::json!({
        "member": "张三", "account": "zs", "branch": "第一党支部",
        "from": "2026-03-01", "to": "2026-03-07",
        "app": "xuexi", "app_version": "0.1.0", "generated_at": "2026-03-08T00:00:00Z"
    });
    for (k, v) in header.as_object().expect("header fields as an object") {
        h[k] = v.clone();
    }
    serde_json::json!({ "header": h, "events": events }).to_string()
}

/// An answer record for the store, in the order the old positional call took them.
#[allow(clippy::too_many_arguments)]
pub fn answer(
    attempt: i64,
    position: usize,
    bank: &str,
    question: &str,
    response: &xuexi::domain::quiz::Response,
    correct: bool,
    points: f64,
    seconds: i64,
    review: bool,
    day: &str,
) -> xuexi::domain::book::AnswerRecord {
    xuexi::domain::book::AnswerRecord {
        sealed: false,
        attempt,
        position,
        bank: bank.into(),
        question: question.into(),
        response: response.clone(),
        correct,
        points,
        seconds,
        review,
        day: day.into(),
        hinted: false,
    }
}

/// The whole log as xAPI statements, exported at `now` (what `lrs push` sends).
pub fn xapi_request<'a>(
    config: &'a xuexi::config::Config,
    strings: &'a Strings,
    tz: &'a jiff::tz::TimeZone,
    now: Timestamp,
) -> xuexi::service::report::ExportRequest<'a> {
    xuexi::service::report::ExportRequest {
        config,
        strings,
        format: xuexi::domain::report::Format::Xapi,
        from: None,
        to: None,
        now,
        tz,
    }
}
