//! The bottom bar: key hints from the key table, or a message.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, put};
use crate::app::App;
use crate::app::keys::{self, Command, Context};
use crate::text::width::width;

/// How many options the question on screen has (a 单选 or 多选 being answered; a 判断 has two).
fn options_on_screen(app: &App) -> Option<usize> {
    let quiz = app.quiz()?;
    let q = match (
        &quiz.run,
        quiz.contest.as_ref().and_then(|c| c.game.as_ref()),
    ) {
        (Some(run), _) => &run.session.items.get(run.current)?.question,
        (None, Some(g)) => &g.item()?.question,
        _ => return None,
    };
    match q.kind {
        crate::domain::quiz::Kind::Single | crate::domain::quiz::Kind::Multiple => {
            Some(q.options.len())
        }
        // 1 正确, 2 错误 (the bar said "1 选择")
        crate::domain::quiz::Kind::Judge => Some(2),
        _ => None,
    }
}

/// The buzz keys of the contest's players (not the computer's): `z/m/p`.
fn contest_buzz_keys(app: &App) -> String {
    let keys: Vec<String> = app
        .quiz()
        .and_then(|q| q.contest.as_ref())
        .and_then(|c| c.game.as_ref())
        .map(|g| {
            g.players
                .iter()
                .filter(|p| p.bot.is_none())
                .map(|p| p.buzz.to_string())
                .collect()
        })
        .unwrap_or_default();
    keys.join("/")
}

/// `(key, description)` pairs for the hint bar (each binding's label), fitted to `room`
/// columns: the movement keys give way first, then others from the end until the rest fits;
/// open, save, back (cancel, leaving a filter), help and quit are kept.
pub fn hint_items(app: &App, room: usize) -> Vec<(String, String)> {
    let mut items: Vec<(String, String, Command)> = super::keys::shown(app)
        .into_iter()
        .filter(|(b, _)| b.hint)
        .map(|(b, words)| {
            let label = match (b.command, options_on_screen(app)) {
                // the keys this question's options really have: 1-4, 1-5…
                (Command::Pick, Some(n)) if n > 1 => format!("1-{n}"),
                // the buzz keys of the players at the terminal
                (Command::Buzz, _) => contest_buzz_keys(app),
                // as a message names it too (`{key:…}`): the first key, 1-4 for the grades
                _ => keys::binding_label(b),
            };
            (label, words, b.command)
        })
        .collect();
    moves_give_way(&mut items, room);
    // then quit, where Esc on the bar leaves the screen (? lists q): at 40 columns the stats
    // bar kept `q 退出` and dropped w and e, the screen's own keys
    let exam = app.context() == Context::Exam;
    if !exam && cost(&items) > room && items.iter().any(|(_, _, c)| *c == Command::Back) {
        items.retain(|(_, _, c)| *c != Command::Quit);
    }
    // then, in an exam, going from question to question (PgDn/PgUp, the next blank: the map
    // does it too), then the others from the end; the keys that end or leave are kept
    while cost(&items) > room {
        let pos = items
            .iter()
            .rposition(|(_, _, c)| exam && moves(*c))
            .or_else(|| {
                items
                    .iter()
                    .rposition(|(_, _, c)| !(kept(*c) || exam && ends(*c)))
            });
        let Some(pos) = pos else {
            break;
        };
        items.remove(pos);
    }
    if exam && cost(&items) > room {
        // still too wide (an exam at 40 columns): the keys that end or leave go first, so the
        // one cut at the edge is the least of them
        items.sort_by_key(|(_, _, c)| !ends(*c));
    }
    items.into_iter().map(|(k, d, _)| (k, d)).collect()
}

/// Keys that hand in or leave an exam: its small bar keeps them, and shows them first.
fn ends(c: Command) -> bool {
    matches!(
        c,
        Command::Submit | Command::Map | Command::Leave | Command::Back
    )
}

/// Keys a bar keeps whatever its width (an exam's bar keeps [`ends`] as well).
fn kept(c: Command) -> bool {
    matches!(
        c,
        Command::Help
            | Command::Quit
            | Command::Open
            | Command::OpenItem
            | Command::Back
            | Command::Save
            | Command::Cancel
            | Command::ClearFilter
    )
}

/// Going to another question or blank: given up before the screen's own keys.
fn moves(c: Command) -> bool {
    matches!(
        c,
        Command::NextQuestion | Command::PrevQuestion | Command::NextBlank | Command::PrevBlank
    )
}

/// A dialog over the screen: a question to answer or a line to type, whose keys are the only
/// way out of it. (Every context is named: a new one is placed here before it compiles.)
fn is_dialog(c: Context) -> bool {
    match c {
        Context::Confirm
        | Context::ConfirmLeave
        | Context::ConfirmAbandon
        | Context::ConfirmPack
        | Context::ExamStart
        | Context::Prompt
        | Context::Ask
        | Context::ClozeInput
        | Context::ExportMenu
        | Context::NoteInput
        | Context::BookmarkInput
        | Context::FindPrompt
        // the standings: Enter starts another contest, said before it can be pressed
        | Context::ContestOver => true,
        Context::Library
        | Context::Reader
        | Context::QuizMenu
        | Context::Question
        | Context::Exam
        | Context::ExamMap
        | Context::Feedback
        | Context::Results
        | Context::Review
        | Context::Plans
        | Context::Welcome
        | Context::Stats
        | Context::Cards
        | Context::ContestSetup
        | Context::ContestNext
        | Context::ContestStake
        | Context::ContestAsk
        | Context::Search
        | Context::Notes
        | Context::BookmarkList
        | Context::Profiles => false,
    }
}

pub fn draw(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let room = usize::from(area.width.saturating_sub(1));
    if let Some(m) = &app.message {
        let style = if m.error { theme.error } else { theme.accent };
        // a dialog's own keys win: they keep their place at the end, the message has the rest
        // (at least a third of the bar is left to the message)
        let keys = if is_dialog(app.context()) {
            hint_items(app, room.saturating_sub(width(&m.text).min(room / 3) + 2))
        } else {
            Vec::new()
        };
        let keys_w = keys
            .iter()
            .map(|(k, d)| width(k) + 1 + width(d) + 2)
            .sum::<usize>();
        let used = put(
            buf,
            area.x + 1,
            area.y,
            room.saturating_sub(keys_w),
            &m.text,
            style,
        );
        let mut x = area.x + 1 + used as u16;
        let mut left = room.saturating_sub(used);
        for (k, d) in keys {
            let used = put(buf, x + 2, area.y, left.saturating_sub(2), &k, theme.key);
            let more = put(
                buf,
                x + 2 + used as u16,
                area.y,
                left.saturating_sub(2 + used),
                &format!(" {d}"),
                theme.dim,
            );
            x += (2 + used + more) as u16;
            left = left.saturating_sub(2 + used + more);
        }
        return;
    }
    if !app.unsaved.is_empty() {
        // one state, shown until the kept writes are saved: the keys still work (? lists them)
        put(
            buf,
            area.x + 1,
            area.y,
            room,
            &app.strings.disk_full,
            theme.error,
        );
        return;
    }
    let mut x = area.x + 1;
    let mut left = room;
    if app.read_only {
        let used = put(
            buf,
            x,
            area.y,
            left,
            &format!("[{}] ", app.strings.read_only_tag),
            theme.error,
        );
        x += used as u16;
        left -= used;
    }
    let items = hint_items(app, left);
    let n = items.len();
    for (i, (k, d)) in items.into_iter().enumerate() {
        let used = put(buf, x, area.y, left, &k, theme.key);
        x += used as u16;
        left -= used;
        if left == 0 {
            break;
        }
        // two spaces before the next hint, none after the last
        let gap = if i + 1 < n { "  " } else { "" };
        let used = put(buf, x, area.y, left, &format!(" {d}{gap}"), theme.dim);
        x += used as u16;
        left -= used;
        if left == 0 {
            break;
        }
    }
}

/// The width a bar of `key label` hints takes, two spaces between (none after the last).
pub(super) fn cost(items: &[(String, String, Command)]) -> usize {
    items
        .iter()
        .map(|(k, d, _)| width(k) + 1 + width(d) + 2)
        .sum::<usize>()
        .saturating_sub(2)
}

/// Moving the selection is what every list does (arrows, j/k; ? lists them): where the bar has
/// no room for every hint, those give way first, so that no key of the screen's own goes
/// unshown. Both directions go together: `k 上一行` alone would read as the only way to move.
pub(super) fn moves_give_way(items: &mut Vec<(String, String, Command)>, room: usize) {
    if cost(items) > room {
        items.retain(|(_, _, c)| {
            !matches!(
                c,
                Command::Down | Command::Up | Command::LineDown | Command::LineUp
            )
        });
    }
}
