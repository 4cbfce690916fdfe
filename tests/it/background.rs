//! `theme = "auto"` in a real pseudo-terminal: the app asks the terminal its background (OSC
//! 11), picks the palette by the answer, and the answer never reaches the app as keys.

use crate::common;

use common::cli::CliEnv;
use std::time::Duration;

use common::pty::{Ctty, PATIENCE, Pty};

/// The colour the library's title (学习 · 资料库, in the theme's accent) is drawn in.
fn title_colour(pty: &Pty) -> vt100::Color {
    let screen = pty.screen.screen();
    // invariant: the caller waited for the library, whose title is on the first row
    let col = (0..screen.size().1)
        .find(|&c| {
            screen
                .cell(0, c)
                .is_some_and(|cell| cell.contents() == "学")
        })
        .expect("the library's title on the first row");
    screen.cell(0, col).unwrap().fgcolor()
}

/// The app on a fresh data folder with `theme = "auto"`, the terminal's answer `reply`
/// already waiting in its input, and `envs`; returns it at its first screen (the welcome).
fn start(e: &CliEnv, reply: &str, envs: &[(&str, &str)]) -> Pty {
    let config = e.write("auto.toml", "theme = \"auto\"\n");
    let mut pty = common::pty::spawn_app(e, &config, &[], envs, (80, 24), Ctty::Yes);
    // typed before the app asks, so a loaded test machine cannot make the answer late: it
    // waits in the tty's input as a real terminal's answer would, and the app reads it there
    if !reply.is_empty() {
        pty.keys(reply);
    }
    pty.wait_for("欢迎使用", PATIENCE);
    pty
}

/// Leaves the welcome ("later") for the library, checking the name field got nothing.
fn to_library(pty: &mut Pty) {
    let welcome = pty.contents();
    assert!(
        !welcome.contains("rgb") && !welcome.contains("11;") && !welcome.contains("64;"),
        "the terminal's answer reached the app as keys:\n{welcome}"
    );
    pty.keys("\x1b");
    pty.wait_for("资料库", PATIENCE);
}

#[test]
fn a_white_background_gets_the_light_palette_and_its_answer_is_not_typed() {
    let e = CliEnv::new();
    let mut pty = start(
        &e,
        "\x1b]11;rgb:ffff/ffff/ffff\x1b\\\x1b[?64;1;2;6;9;15;18;21;22c",
        &[],
    );
    to_library(&mut pty);
    // light.toml's accent; the dark palette's is 203
    assert_eq!(
        title_colour(&pty),
        vt100::Color::Idx(124),
        "{}",
        pty.contents()
    );
}

#[test]
fn a_black_background_gets_the_dark_palette_even_where_colorfgbg_says_white() {
    let e = CliEnv::new();
    let mut pty = start(
        &e,
        "\x1b]11;rgb:0000/0000/0000\x07\x1b[?1;2c",
        &[("COLORFGBG", "0;15")],
    );
    to_library(&mut pty);
    assert_eq!(
        title_colour(&pty),
        vt100::Color::Idx(203),
        "{}",
        pty.contents()
    );
}

#[test]
fn a_terminal_that_does_not_answer_leaves_it_to_colorfgbg() {
    let e = CliEnv::new();
    let mut pty = start(&e, "", &[("COLORFGBG", "0;15")]);
    to_library(&mut pty);
    assert_eq!(
        title_colour(&pty),
        vt100::Color::Idx(124),
        "{}",
        pty.contents()
    );
}

#[test]
fn over_ssh_an_answer_a_round_trip_late_is_still_taken_and_not_typed() {
    let e = CliEnv::new();
    let config = e.write("auto.toml", "theme = \"auto\"\n");
    // the answer sent only once the query is seen, and 300 ms later, as over a slow link
    let mut pty = common::pty::spawn_app(
        &e,
        &config,
        &[],
        &[("SSH_CONNECTION", "10.0.0.2 50000 10.0.0.1 22")],
        (80, 24),
        Ctty::Yes,
    );
    assert!(
        pty.wait_for_output(b"\x1b]11;?", PATIENCE),
        "the app did not ask"
    );
    std::thread::sleep(Duration::from_millis(300));
    pty.keys("\x1b]11;rgb:ffff/ffff/ffff\x07\x1b[?62;22c");
    pty.wait_for("欢迎使用", PATIENCE);
    to_library(&mut pty);
    assert_eq!(
        title_colour(&pty),
        vt100::Color::Idx(124),
        "{}",
        pty.contents()
    );
}
