//! The knowledge contest's keys: its setup, a round's card or an answer shown, a stake, a
//! question up (every player's buzz key, the option keys), the results.

use ratatui::crossterm::event::KeyCode;

use super::common::{HELP_END, SCREEN_END, cat, choose};
use super::{Binding, Command, Key, When, b, bw, code, k};
use crate::domain::contest::BUZZ_KEYS;

/// The players' buzz keys: the ones the contest gives its players, in their order.
const BUZZ: &[Key] = &{
    let mut keys = [k(' '); BUZZ_KEYS.len()];
    let mut i = 0;
    while i < keys.len() {
        keys[i] = k(BUZZ_KEYS[i]);
        i += 1;
    }
    keys
};

pub const CONTEST_SETUP: &[Binding] = cat![
    &[
        b(&[k('j'), code(KeyCode::Down)], Command::Down, false),
        b(&[k('k'), code(KeyCode::Up)], Command::Up, false),
        b(
            &[code(KeyCode::Left), code(KeyCode::Right), k('h'), k('l')],
            Command::Change,
            true,
        ),
        b(&[code(KeyCode::Enter)], Command::Start, true),
        b(&[code(KeyCode::Esc)], Command::Back, true),
    ],
    SCREEN_END,
];

pub const CONTEST_NEXT: &[Binding] = cat![
    &[
        b(&[code(KeyCode::Enter), k(' ')], Command::GoOn, true),
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    HELP_END,
];

pub const CONTEST_STAKE: &[Binding] = cat![
    &[
        b(&[k('1'), k('2'), k('3')], Command::Stake, true),
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    HELP_END,
];

/// A contest's question up: the buzz keys come first (none of them chooses an option).
pub const CONTEST_ASK: &[Binding] = cat![
    &[bw(BUZZ, Command::Buzz, true, When::Buzzing,)],
    &choose(true),
    &[
        bw(
            &[code(KeyCode::Enter)],
            Command::Confirm,
            true,
            When::Multiple,
        ),
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    HELP_END,
];

pub const CONTEST_OVER: &[Binding] = cat![
    &[
        b(&[code(KeyCode::Enter)], Command::Again, true),
        b(&[code(KeyCode::Esc)], Command::Leave, true),
    ],
    SCREEN_END,
];
