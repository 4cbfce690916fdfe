//! Bindings several tables share, written once: choosing an option, answering a question (the
//! quiz's, the exam's and the contest's), a yes/no question, the ends every table closes with;
//! and `cat!`, which puts such parts end to end into one table as it compiles. Both `tables`
//! and `contest` build on this module (it uses neither).

use ratatui::crossterm::event::KeyCode;

use super::{Binding, Command, Key, When, b, bw, code, ctrl, k};

/// The length of `parts` put end to end.
pub(super) const fn total(parts: &[&[Binding]]) -> usize {
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        n += parts[i].len();
        i += 1;
    }
    n
}

/// `parts` end to end. `N` is [`total`] of them (`cat!` passes it; another fails to compile).
pub(super) const fn join<const N: usize>(parts: &[&[Binding]]) -> [Binding; N] {
    let mut out = [PAD; N];
    let mut n = 0;
    let mut i = 0;
    while i < parts.len() {
        let mut j = 0;
        while j < parts[i].len() {
            out[n] = parts[i][j];
            n += 1;
            j += 1;
        }
        i += 1;
    }
    assert!(n == N, "join: N is not the parts' total");
    out
}

/// What `join` fills its array with before the parts are copied in (none is left).
const PAD: Binding = b(&[], Command::Quit, false);

/// One table from parts (each a `&[Binding]`), in the order given, as it compiles.
macro_rules! cat {
    ($($part:expr),+ $(,)?) => {{
        const PARTS: &[&[$crate::app::keys::Binding]] = &[$($part),+];
        const TABLE: [$crate::app::keys::Binding; $crate::app::keys::common::total(PARTS)] =
            $crate::app::keys::common::join(PARTS);
        &TABLE
    }};
}
pub(super) use cat;

/// Tab moves between the library and the reader when they stand side by side.
pub(super) const FOCUS: Binding = bw(&[code(KeyCode::Tab)], Command::Focus, true, When::Wide);

/// The keys that choose an option: 1–8, a–h (A–H too).
#[rustfmt::skip]
pub(super) const OPTION_KEYS: &[Key] = &[
    k('1'), k('2'), k('3'), k('4'), k('5'), k('6'), k('7'), k('8'),
    k('a'), k('b'), k('c'), k('d'), k('e'), k('f'), k('g'), k('h'),
    k('A'), k('B'), k('C'), k('D'), k('E'), k('F'), k('G'), k('H'),
];

/// Choosing: a 判断's t and f (before the options' letters, so that they win), an option's
/// letter or digit. `judge_hint`: t and f are on the hint bar.
pub(super) const fn choose(judge_hint: bool) -> [Binding; 3] {
    [
        bw(
            const { &[k('t')] },
            Command::PickTrue,
            judge_hint,
            When::Judge,
        ),
        bw(
            const { &[k('f')] },
            Command::PickFalse,
            judge_hint,
            When::Judge,
        ),
        bw(OPTION_KEYS, Command::Pick, true, When::Options),
    ]
}

/// Answering a question after [`choose`]: Space ticks (`tick_hint`: on the bar for a 多选) or
/// picks the highlighted option, j/k move among the options, Tab goes blank to blank.
pub(super) const fn answer(tick_hint: bool) -> [Binding; 8] {
    [
        bw(
            const { &[k(' ')] },
            Command::Toggle,
            tick_hint,
            When::Multiple,
        ),
        bw(const { &[k(' ')] }, Command::Toggle, false, When::OneAnswer),
        bw(
            const { &[k('j'), code(KeyCode::Down)] },
            Command::Down,
            false,
            When::Options,
        ),
        bw(
            const { &[k('k'), code(KeyCode::Up)] },
            Command::Up,
            false,
            When::Options,
        ),
        // the hint only where there is another blank to go to; with one blank the keys are kept
        // from the input (a tab in an answer) and do nothing
        bw(
            const { &[code(KeyCode::Tab), code(KeyCode::Down)] },
            Command::NextBlank,
            true,
            When::Blanks,
        ),
        bw(
            const { &[code(KeyCode::BackTab), code(KeyCode::Up)] },
            Command::PrevBlank,
            false,
            When::Blanks,
        ),
        bw(
            const { &[code(KeyCode::Tab), code(KeyCode::Down)] },
            Command::NextBlank,
            false,
            When::Fill,
        ),
        bw(
            const { &[code(KeyCode::BackTab), code(KeyCode::Up)] },
            Command::PrevBlank,
            false,
            When::Fill,
        ),
    ]
}

/// A yes/no question over the screen: y or Enter does `yes`, n or Esc does not; the bar shows
/// both. (Help and quit follow in [`QUIET_END`].)
pub(super) const fn yes_no(yes: Command) -> [Binding; 2] {
    [
        b(const { &[k('y'), code(KeyCode::Enter)] }, yes, true),
        b(
            const { &[k('n'), code(KeyCode::Esc)] },
            Command::Cancel,
            true,
        ),
    ]
}

/// A list's cursor, on the bar: j/↓ down, k/↑ up.
pub(super) const UP_DOWN: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::Down, true),
    b(&[k('k'), code(KeyCode::Up)], Command::Up, true),
];

/// A list's first and last row (in ? help).
pub(super) const FIRST_LAST: &[Binding] = &[
    b(&[k('g'), code(KeyCode::Home)], Command::First, false),
    b(&[k('G'), code(KeyCode::End)], Command::Last, false),
];

/// Scrolling a text a line at a time (in ? help).
pub(super) const LINES: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::LineDown, false),
    b(&[k('k'), code(KeyCode::Up)], Command::LineUp, false),
];

/// The end of a screen's table: ? (F1) help and q quit, both on the bar.
pub(super) const SCREEN_END: &[Binding] = &[
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

/// The end of a table whose letters answer or type: F1 help and Ctrl-c quit, off the bar.
pub(super) const QUIET_END: &[Binding] = &[
    b(&[code(KeyCode::F(1))], Command::Help, false),
    b(&[ctrl('c')], Command::Quit, false),
];

/// The end of a table whose keys are few: F1 help on the bar, Ctrl-c quit off it.
pub(super) const HELP_END: &[Binding] = &[
    b(&[code(KeyCode::F(1))], Command::Help, true),
    b(&[ctrl('c')], Command::Quit, false),
];
