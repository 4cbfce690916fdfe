//! The knowledge contest's keys: its setup, a round's card or an answer shown, a stake, a
//! question up (every player's buzz key, the option keys), the results.

use ratatui::crossterm::event::KeyCode;

use super::tables::OPTION_KEYS;
use super::{Binding, Command, When, b, bw, code, ctrl, k};

pub const CONTEST_SETUP: &[Binding] = &[
    b(&[k('j'), code(KeyCode::Down)], Command::Down, false),
    b(&[k('k'), code(KeyCode::Up)], Command::Up, false),
    b(
        &[code(KeyCode::Left), code(KeyCode::Right), k('h'), k('l')],
        Command::Change,
        true,
    ),
    b(&[code(KeyCode::Enter)], Command::Start, true),
    b(&[code(KeyCode::Esc)], Command::Back, true),
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];

pub const CONTEST_NEXT: &[Binding] = &[
    b(&[code(KeyCode::Enter), k(' ')], Command::GoOn, true),
    b(&[code(KeyCode::Esc)], Command::Leave, true),
    b(&[code(KeyCode::F(1))], Command::Help, true),
    b(&[ctrl('c')], Command::Quit, false),
];

pub const CONTEST_STAKE: &[Binding] = &[
    b(&[k('1'), k('2'), k('3')], Command::Stake, true),
    b(&[code(KeyCode::Esc)], Command::Leave, true),
    b(&[code(KeyCode::F(1))], Command::Help, true),
    b(&[ctrl('c')], Command::Quit, false),
];

/// A contest's question up: the buzz keys come first (none of them chooses an option).
pub const CONTEST_ASK: &[Binding] = &[
    bw(
        &[k('z'), k('m'), k('p'), k('w')],
        Command::Buzz,
        true,
        When::Buzzing,
    ),
    bw(&[k('t')], Command::PickTrue, true, When::Judge),
    bw(&[k('f')], Command::PickFalse, true, When::Judge),
    bw(OPTION_KEYS, Command::Pick, true, When::Options),
    bw(
        &[code(KeyCode::Enter)],
        Command::Confirm,
        true,
        When::Multiple,
    ),
    b(&[code(KeyCode::Esc)], Command::Leave, true),
    b(&[code(KeyCode::F(1))], Command::Help, true),
    b(&[ctrl('c')], Command::Quit, false),
];

pub const CONTEST_OVER: &[Binding] = &[
    b(&[code(KeyCode::Enter)], Command::Again, true),
    b(&[code(KeyCode::Esc)], Command::Leave, true),
    b(&[k('?'), code(KeyCode::F(1))], Command::Help, true),
    b(&[k('q'), ctrl('c')], Command::Quit, true),
];
