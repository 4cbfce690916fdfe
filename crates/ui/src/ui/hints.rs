//! The bottom bar: key hints from the key table, or a message.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::keys::Here;
use super::{Theme, clear_overlay, put};
use crate::app::keys::{self, Command, Context};
use crate::app::{Ctx, Message};
use crate::i18n::Strings;
use crate::text::width::width;
use crate::text::wrap::wrap_str;

/// `(key, description)` pairs for the hint bar (each binding's label), fitted to `room`
/// columns: the movement keys give way first, then others from the end until the rest fits;
/// open, save, back (cancel, leaving a filter), help and quit are kept.
pub fn hint_items(s: &Strings, here: &Here, room: usize) -> Vec<(String, String)> {
    let mut items: Vec<(String, String, Command)> = super::keys::shown(s, here)
        .into_iter()
        .filter(|(b, _)| b.hint)
        .map(|(b, words)| {
            let label = match (b.command, here.options) {
                // the keys this question's options really have: 1-4, 1-5…
                (Command::Pick, Some(n)) if n > 1 => format!("1-{n}"),
                // the buzz keys of the players at the terminal
                (Command::Buzz, _) => here.buzz_keys.clone(),
                // as a message names it too (`{key:…}`): the first key, 1-4 for the grades
                _ => keys::binding_label(b),
            };
            (label, words, b.command)
        })
        .collect();
    moves_give_way(&mut items, room);
    // then the long words of a screen's own key give their short form (at 40 columns the quiz
    // menu dropped b 错题/复习本)
    if cost(&items) > room {
        for (_, words, c) in items.iter_mut() {
            if let Some(short) = short_words(s, *c) {
                *words = short.to_string();
            }
        }
    }
    // then quit, where Esc on the bar leaves the screen (? lists q): at 40 columns the stats
    // bar kept `q 退出` and dropped w and e, the screen's own keys
    let exam = here.context == Context::Exam;
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

/// The bar's short form of what a key does, where its words are long.
fn short_words(s: &Strings, c: Command) -> Option<&str> {
    match c {
        Command::Cards => Some(&s.cmd_cards_short),
        _ => None,
    }
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

/// A dialog's own keys beside a message: they win, keeping their place at the end; the message
/// has the rest (at least a third of the bar is left to it). None outside a dialog.
fn message_keys(here: &Here, m: &Message, room: usize, ctx: &Ctx) -> Vec<(String, String)> {
    if is_dialog(here.context) {
        hint_items(
            &ctx.strings,
            here,
            room.saturating_sub(width(&m.text).min(room / 3) + 2),
        )
    } else {
        Vec::new()
    }
}

fn keys_width(keys: &[(String, String)]) -> usize {
    keys.iter()
        .map(|(k, d)| width(k) + 1 + width(d) + 2)
        .sum::<usize>()
}

/// A message in rows of `room` columns, the last leaving `keys_w` to the keys beside it.
fn message_lines(text: &str, room: usize, keys_w: usize) -> Vec<String> {
    let last_room = room.saturating_sub(keys_w).max(1);
    if width(text) <= last_room {
        return vec![text.to_string()];
    }
    let mut lines = wrap_str(text, room.max(1));
    if lines.last().is_some_and(|l| width(l) > last_room) {
        // the keys want the last row's end: that row is wrapped again, shorter
        let tail = lines.pop().unwrap_or_default();
        lines.extend(wrap_str(&tail, last_room));
    }
    lines
}

/// Most rows a message takes (the bar grows over the screen above it while it lives).
const MESSAGE_ROWS: usize = 3;

/// The rows the bar takes in a screen `cols` wide: as many as a message needs while it lives,
/// up to [`MESSAGE_ROWS`], else one.
pub fn rows(here: &Here, message: Option<&Message>, cols: u16, ctx: &Ctx) -> u16 {
    let room = usize::from(cols.saturating_sub(1));
    match message {
        Some(m) => {
            let keys_w = keys_width(&message_keys(here, m, room, ctx));
            message_lines(&m.text, room, keys_w)
                .len()
                .clamp(1, MESSAGE_ROWS) as u16
        }
        None => 1,
    }
}

/// Draws the bar: the status `message` when there is one (a dialog's keys beside it), else
/// "the disk is full" while writes wait for room (`disk_full`), else the keys that work `here`.
pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    here: &Here,
    message: Option<&Message>,
    disk_full: bool,
    ctx: &Ctx,
    theme: &Theme,
) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    let room = usize::from(area.width.saturating_sub(1));
    if let Some(m) = message {
        let style = if m.error { theme.error } else { theme.accent };
        let keys = message_keys(here, m, room, ctx);
        let keys_w = keys_width(&keys);
        // a message longer than its row goes on over the rows above (the caller gives the bar
        // as many while it lives, [`rows`]): the whole sentence is read, the keys stay last
        let last = area.bottom() - 1;
        let mut lines = message_lines(&m.text, room, keys_w);
        lines.truncate(usize::from(area.height));
        let shown = &lines[..];
        let top = last + 1 - shown.len() as u16;
        clear_overlay(buf, Rect::new(area.x, top, area.width, last + 1 - top));
        let mut used = 0;
        for (i, line) in shown.iter().enumerate() {
            let max = if i + 1 == shown.len() {
                room.saturating_sub(keys_w)
            } else {
                room
            };
            used = put(buf, area.x + 1, top + i as u16, max, line, style);
        }
        let mut x = area.x + 1 + used as u16;
        let mut left = room.saturating_sub(used);
        for (k, d) in keys {
            let used = put(buf, x + 2, last, left.saturating_sub(2), &k, theme.key);
            let more = put(
                buf,
                x + 2 + used as u16,
                last,
                left.saturating_sub(2 + used),
                &format!(" {d}"),
                theme.dim,
            );
            x += (2 + used + more) as u16;
            left = left.saturating_sub(2 + used + more);
        }
        return;
    }
    if disk_full {
        // one state, shown until the kept writes are saved: the keys still work (? lists them)
        put(
            buf,
            area.x + 1,
            area.y,
            room,
            &ctx.strings.disk_full,
            theme.error,
        );
        return;
    }
    // the read-only tag takes its columns first; the keys fit in what is left
    let tag = ctx
        .read_only
        .then(|| format!("[{}] ", ctx.strings.read_only_tag));
    let tag_w = tag.as_deref().map_or(0, width);
    let items = hint_items(&ctx.strings, here, room.saturating_sub(tag_w));
    // the bar's margin goes where it would cost a key (at exactly 40 columns the plans bar
    // dropped Space 勾选, which fitted at 41) or cut a kept one (read-only at 40 columns, the
    // English notes bar ended `? he…`)
    let wider = hint_items(&ctx.strings, here, (room + 1).saturating_sub(tag_w));
    let cut = tag_w + keys_width(&items).saturating_sub(2) > room;
    let (mut x, mut left, items) = if wider.len() > items.len() || cut {
        (area.x, room + 1, wider)
    } else {
        (area.x + 1, room, items)
    };
    if let Some(tag) = &tag {
        let used = put(buf, x, area.y, left, tag, theme.error);
        x += used as u16;
        left -= used;
    }
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
