//! The profile picker (issue 33, item 9): on a data folder with two or more profiles the TUI
//! starts on a list of them, with the day each last studied; Enter opens one, n makes a new one
//! (Chinese names welcome, bad names refused), q/Esc leave. Drawn at 80x24 and 40x12, played
//! through its loop with scripted keys, and in the real binary, where the profile chosen is the
//! one whose data opens.

use crate::common;

use std::collections::VecDeque;
use std::io;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use common::cli::CliEnv;
use common::pty::{Ctty, PATIENCE, Pty};
use common::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::app::profiles::{ProfilePicker, ProfileRow};
use xuexi::i18n::{Lang, Strings};
use xuexi::store::{DB_FILE, Store, WELCOMED_KEY};
use xuexi::tui::EventSource;
use xuexi::tui::picker::{Choice, pick};
use xuexi::ui::Theme;

fn day(s: &str) -> Option<jiff::civil::Date> {
    Some(s.parse().unwrap())
}

/// The folder's own, 张三 who studied yesterday, and 李四 who never has.
fn picker(lang: Lang) -> ProfilePicker {
    ProfilePicker::new(
        Strings::load(lang),
        vec![
            ProfileRow {
                name: None,
                last_studied: day("2026-11-20"),
            },
            ProfileRow {
                name: Some("张三".into()),
                last_studied: day("2026-11-27"),
            },
            ProfileRow {
                name: Some("李四同志的学习档案".into()),
                last_studied: None,
            },
        ],
    )
}

fn draw(p: &ProfilePicker, w: u16, h: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(w, h)).unwrap();
    let theme = Theme::fallback(true);
    let frame = terminal
        .draw(|f| xuexi::ui::profiles::draw(f, p, &theme))
        .unwrap();
    check_buffer(frame.buffer);
    terminal
}

fn feed(p: &mut ProfilePicker, events: &[Event]) {
    for e in events {
        assert_eq!(p.handle(e), None, "the picker ended early at {e:?}");
    }
}

#[test]
fn picker_80x24() {
    let mut p = picker(Lang::ZhCn);
    feed(&mut p, &[key('j')]);
    let t = draw(&p, 80, 24);
    let text = screen_text(&t);
    assert!(
        text.contains("› 张三"),
        "the selected one is marked:\n{text}"
    );
    assert!(text.contains("上次学习 2026-11-27"), "{text}");
    assert!(text.contains("尚未学习"), "{text}");
    // the keys from the key table
    for hint in ["Enter 打开", "n 新建档案", "q 退出"] {
        assert!(text.contains(hint), "{hint} missing:\n{text}");
    }
    insta::assert_snapshot!(t.backend());
}

#[test]
fn picker_40x12_typing_a_chinese_name() {
    let mut p = picker(Lang::ZhCn);
    feed(&mut p, &[key('n'), key('王'), key('五')]);
    let t = draw(&p, 40, 12);
    let text = screen_text(&t);
    assert!(text.contains("王五"), "{text}");
    assert!(text.contains("Enter 打开  Esc 取消"), "{text}");
    insta::assert_snapshot!(t.backend());
}

#[test]
fn picker_40x12_english_keeps_open_new_and_quit_on_the_bar() {
    let p = picker(Lang::En);
    let t = draw(&p, 40, 12);
    let text = screen_text(&t);
    let bar = text.lines().last().unwrap();
    for hint in ["Enter", "n new profile", "q quit"] {
        assert!(bar.contains(hint), "{hint} missing: {bar}");
    }
    insta::assert_snapshot!(t.backend());
}

#[test]
fn no_panic_and_no_cut_character_at_any_small_size() {
    let mut p = picker(Lang::ZhCn);
    for (w, h) in [(1, 1), (3, 2), (4, 2), (10, 3), (20, 5), (39, 11)] {
        draw(&p, w, h);
    }
    feed(&mut p, &[key('n'), key('王')]);
    for (w, h) in [(1, 1), (3, 2), (4, 2), (10, 3), (20, 5), (39, 11)] {
        draw(&p, w, h);
    }
}

/// Plays its events, then fails (no hang when a test's script runs out).
struct Script(VecDeque<Event>);

impl EventSource for Script {
    fn next(&mut self, _timeout: Duration) -> io::Result<Option<Event>> {
        self.0
            .pop_front()
            .map(Some)
            .ok_or_else(|| io::Error::other("script ran out"))
    }
}

fn play(p: &mut ProfilePicker, events: Vec<Event>) -> (Choice, Terminal<TestBackend>) {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let choice = pick(
        &mut terminal,
        p,
        &Theme::fallback(true),
        &mut Script(events.into()),
        &AtomicBool::new(false),
    )
    .unwrap();
    (choice, terminal)
}

#[test]
fn keys_move_open_make_and_leave() {
    let (c, _) = play(&mut picker(Lang::ZhCn), vec![code(KeyCode::Enter)]);
    assert_eq!(c, Choice::Open(None));
    let down = vec![key('j'), key('j'), key('j'), key('k'), code(KeyCode::Enter)];
    let (c, _) = play(&mut picker(Lang::ZhCn), down);
    assert_eq!(c, Choice::Open(Some("张三".into())));
    let arrows = vec![code(KeyCode::Down), code(KeyCode::Enter)];
    let (c, _) = play(&mut picker(Lang::ZhCn), arrows);
    assert_eq!(c, Choice::Open(Some("张三".into())));
    let new = vec![key('n'), key('王'), key('五'), code(KeyCode::Enter)];
    let (c, _) = play(&mut picker(Lang::ZhCn), new);
    assert_eq!(c, Choice::Open(Some("王五".into())));
    // a name on the list opens that profile
    let again = vec![key('n'), key('张'), key('三'), code(KeyCode::Enter)];
    let (c, _) = play(&mut picker(Lang::ZhCn), again);
    assert_eq!(c, Choice::Open(Some("张三".into())));
    for leave in [key('q'), code(KeyCode::Esc), ctrl('c')] {
        let (c, _) = play(&mut picker(Lang::ZhCn), vec![leave]);
        assert_eq!(c, Choice::Quit);
    }
    // Esc in the prompt closes it; the next Esc leaves
    let cancel = vec![key('n'), key('x'), code(KeyCode::Esc), code(KeyCode::Esc)];
    let (c, _) = play(&mut picker(Lang::ZhCn), cancel);
    assert_eq!(c, Choice::Quit);
}

#[test]
fn a_bad_name_is_refused_with_the_profile_rule_and_can_be_mended() {
    let mut p = picker(Lang::ZhCn);
    let mut events = vec![key('n'), key('.'), key('x'), code(KeyCode::Enter)];
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    // the refusal is on screen while the script goes on: play it up to the refusal first
    let r = pick(
        &mut terminal,
        &mut p,
        &Theme::fallback(true),
        &mut Script(events.drain(..).collect()),
        &AtomicBool::new(false),
    );
    assert!(r.is_err(), "a bad name must not open anything: {r:?}");
    let text = screen_text(&terminal);
    assert!(text.contains("不能用作档案名"), "{text}");
    // typed here, not given as an option: the message named `--profile`, which the member
    // never wrote
    assert!(!text.contains("--profile"), "{text}");
    // said whole, over the prompt, at 40x12 too (on the bar it was cut at 80 columns)
    assert!(text.contains("个字）"), "{text}");
    let small = draw(&p, 40, 12);
    assert!(
        screen_text(&small).contains("个字）"),
        "{}",
        screen_text(&small)
    );
    insta::assert_snapshot!(small.backend());
    assert!(p.input.is_some(), "the prompt stays open to mend the name");
    // mended: Home, Delete the dot, Enter
    let mend = vec![
        code(KeyCode::Home),
        code(KeyCode::Delete),
        code(KeyCode::Enter),
    ];
    let (c, _) = play(&mut p, mend);
    assert_eq!(c, Choice::Open(Some("x".into())));
}

#[test]
fn the_list_reads_each_profiles_last_day_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let base = dir.path();
    // one profile: the folder's own, as today
    assert_eq!(xuexi::tui::picker::rows(base).len(), 1);
    let mut own = Store::open(&base.join(DB_FILE)).unwrap();
    own.record_open(day("2026-11-20").unwrap()).unwrap();
    drop(own);
    let zhang = base.join("profiles").join("张三");
    std::fs::create_dir_all(&zhang).unwrap();
    let mut z = Store::open(&zhang.join(DB_FILE)).unwrap();
    z.record_open(day("2026-11-26").unwrap()).unwrap();
    z.record_open(day("2026-11-27").unwrap()).unwrap();
    drop(z);
    std::fs::create_dir_all(base.join("profiles").join("李四")).unwrap();
    // not profiles: a file, a hidden folder
    std::fs::write(base.join("profiles").join("notes.txt"), "x").unwrap();
    std::fs::create_dir_all(base.join("profiles").join(".trash")).unwrap();
    let rows = xuexi::tui::picker::rows(base);
    let got: Vec<(Option<&str>, Option<String>)> = rows
        .iter()
        .map(|r| (r.name.as_deref(), r.last_studied.map(|d| d.to_string())))
        .collect();
    assert_eq!(
        got,
        vec![
            (None, Some("2026-11-20".into())),
            (Some("张三"), Some("2026-11-27".into())),
            (Some("李四"), None),
        ]
    );
    // reading the list made nothing: no lock, no database in the profile never opened
    assert!(!base.join("profiles").join("李四").join(DB_FILE).exists());
    assert!(!zhang.join("xuexi.lock").exists());
}

/// The real binary on a folder with its own profile and 张三's: the picker comes first, and
/// the profile chosen is the one whose data opens (its welcome, its day's open, its lock).
#[test]
fn the_profile_chosen_in_the_real_app_is_the_one_that_opens() {
    let e = CliEnv::new();
    // both databases made by a subcommand, which never shows the picker
    e.cmd().args(["plan", "list"]).assert().success();
    e.cmd()
        .args(["--profile", "张三", "plan", "list"])
        .assert()
        .success();
    let zhang = e.data().join("profiles").join("张三");
    let mut pty = spawn(&e);
    pty.wait_for("谁在学习", PATIENCE);
    pty.keys("j");
    pty.keys("\r");
    // a profile never opened before greets its member
    pty.wait_for("欢迎使用", PATIENCE);
    pty.keys("\x1b");
    pty.wait_for("资料库", PATIENCE);
    // the app runs as 张三's writer, not the folder's own
    assert!(zhang.join("xuexi.running").exists());
    assert!(!e.data().join("xuexi.running").exists());
    pty.keys("q");
    let status = pty.child.wait().unwrap();
    assert!(status.success());
    let z = Store::open(&zhang.join(DB_FILE)).unwrap();
    assert!(z.meta(WELCOMED_KEY).unwrap().is_some());
    assert_eq!(z.opened_days().unwrap().len(), 1);
    let own = e.store();
    assert_eq!(
        own.meta(WELCOMED_KEY).unwrap(),
        None,
        "the folder's own was opened"
    );
    assert!(own.opened_days().unwrap().is_empty());
}

/// The picker hands the app its terminal as it is: no leaving the alternate screen and entering
/// it again between them (the shell's screen flashed); and a panic in the picker is logged.
#[test]
fn from_the_picker_to_the_app_the_screen_stays() {
    let e = CliEnv::new();
    e.cmd().args(["plan", "list"]).assert().success();
    e.cmd()
        .args(["--profile", "张三", "plan", "list"])
        .assert()
        .success();
    let mut pty = spawn(&e);
    pty.wait_for("谁在学习", PATIENCE);
    pty.keys("j");
    pty.keys("\r");
    pty.wait_for("欢迎使用", PATIENCE);
    let count = |w: &[u8], seq: &[u8]| w.windows(seq.len()).filter(|x| *x == seq).count();
    assert_eq!(count(&pty.written, b"\x1b[?1049h"), 1, "entered once");
    assert_eq!(count(&pty.written, b"\x1b[?1049l"), 0, "never left between");
    pty.keys("\x1b");
    pty.wait_for("资料库", PATIENCE);
    pty.keys("q");
    assert!(pty.child.wait().unwrap().success());
    pty.pump(Duration::from_millis(200));
    assert!(
        !pty.screen.screen().alternate_screen(),
        "given back at the end"
    );
}

#[test]
fn leaving_the_picker_opens_nothing_and_gives_the_terminal_back() {
    let e = CliEnv::new();
    e.cmd().args(["plan", "list"]).assert().success();
    e.cmd()
        .args(["--profile", "张三", "plan", "list"])
        .assert()
        .success();
    let mut pty = spawn(&e);
    pty.wait_for("谁在学习", PATIENCE);
    assert!(pty.screen.screen().alternate_screen());
    pty.keys("q");
    let status = pty.child.wait().unwrap();
    assert!(status.success());
    pty.pump(Duration::from_millis(200));
    assert!(
        !pty.screen.screen().alternate_screen(),
        "still on the alternate screen"
    );
    assert!(
        !pty.screen.screen().hide_cursor(),
        "the cursor was left hidden"
    );
    // no database was opened: nothing was studied in either, and no run marked
    let own = e.store();
    assert!(own.opened_days().unwrap().is_empty());
    let z = e.data().join("profiles").join("张三");
    assert!(!z.join("xuexi.running").exists());
    let z = Store::open(&z.join(DB_FILE)).unwrap();
    assert!(z.opened_days().unwrap().is_empty());
}

#[test]
fn a_profile_given_on_the_command_line_opens_without_the_picker() {
    let e = CliEnv::new();
    e.cmd().args(["plan", "list"]).assert().success();
    e.cmd()
        .args(["--profile", "张三", "plan", "list"])
        .assert()
        .success();
    let mut pty = spawn_with(&e, &["--profile", "张三"]);
    pty.wait_for("欢迎使用", PATIENCE);
    assert!(!pty.contents().contains("谁在学习"));
    let zhang = e.data().join("profiles").join("张三");
    assert!(zhang.join("xuexi.running").exists());
    pty.keys("\x1b");
    pty.wait_for("资料库", PATIENCE);
    pty.keys("q");
    assert!(pty.child.wait().unwrap().success());
}

fn spawn(e: &CliEnv) -> Pty {
    spawn_with(e, &[])
}

fn spawn_with(e: &CliEnv, more: &[&str]) -> Pty {
    let config = e.write("empty.toml", "");
    common::pty::spawn_app(e, &config, more, &[], (80, 24), Ctty::Yes)
}

#[test]
fn a_long_list_keeps_the_selected_profile_in_view() {
    let rows = (1..=30)
        .map(|i| ProfileRow {
            name: Some(format!("第{i}小组")),
            last_studied: None,
        })
        .collect();
    let mut p = ProfilePicker::new(Strings::load(Lang::ZhCn), rows);
    feed(&mut p, &vec![key('j'); 40]);
    assert_eq!(p.selected, 29, "the last stays the last");
    let text = screen_text(&draw(&p, 40, 12));
    assert!(text.contains("› 第30小组"), "{text}");
    feed(&mut p, &vec![key('k'); 29]);
    let text = screen_text(&draw(&p, 40, 12));
    assert!(text.contains("› 第1小组"), "{text}");
    assert!(!text.contains("第30小组"), "{text}");
}
