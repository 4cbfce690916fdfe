//! The profile picker's screen: the profiles with the day each last studied, the new profile's
//! name being typed, and the key hints from the key table on the bottom line.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::{Theme, fill_row, put, screen_block};
use crate::app::keys::{self, Command};
use crate::app::profiles::{ProfilePicker, ProfileRow};
use crate::i18n::fill;
use crate::text::width::width;
use crate::text::wrap::wrap_str;

pub fn draw(frame: &mut Frame<'_>, p: &ProfilePicker, theme: &Theme) {
    let size = frame.area();
    if size.width < 4 || size.height < 2 {
        return;
    }
    let body = Rect::new(0, 0, size.width, size.height - 1);
    let bar = Rect::new(0, size.height - 1, size.width, 1);
    let s = &p.strings;
    let block = screen_block(&format!(" {} ", s.picker_title), body.width, theme);
    let inner = block.inner(body);
    block.render(body, frame.buffer_mut());
    let text_w = usize::from(inner.width.saturating_sub(2));
    // the prompt takes the bottom of the frame: why the name typed was refused, the prompt's
    // words (each wrapped whole, never cut at the edge), then the input line
    let mut prompt: Vec<(String, ratatui::style::Style)> = Vec::new();
    if p.input.is_some() {
        let wrap = |text: &str| wrap_str(text, text_w.max(1));
        if let Some(e) = &p.error {
            prompt.extend(wrap(e).into_iter().map(|l| (l, theme.error)));
        }
        prompt.extend(
            wrap(&s.picker_prompt)
                .into_iter()
                .map(|l| (l, theme.accent)),
        );
    }
    let prompt_h = if p.input.is_some() {
        (prompt.len() as u16 + 1).min(inner.height)
    } else {
        0
    };
    let list_h = inner.height.saturating_sub(prompt_h);
    draw_list(
        frame.buffer_mut(),
        Rect::new(inner.x, inner.y, inner.width, list_h),
        p,
        theme,
    );
    if let Some(input) = &p.input
        && prompt_h > 0
    {
        let mut y = inner.y + list_h;
        for (line, style) in prompt.iter().take(usize::from(prompt_h - 1)) {
            put(frame.buffer_mut(), inner.x + 1, y, text_w, line, *style);
            y += 1;
        }
        let area = Rect::new(inner.x + 1, y, inner.width.saturating_sub(2), 1);
        if let Some(c) = super::input::input_line(frame.buffer_mut(), area, input, theme.text) {
            frame.set_cursor_position(c);
        }
    }
    draw_bar(frame.buffer_mut(), bar, p, theme);
}

/// The profiles, the selected one highlighted and kept in view: the name, then the day the
/// member last studied (dim), cut whole characters at a time.
fn draw_list(buf: &mut Buffer, area: Rect, p: &ProfilePicker, theme: &Theme) {
    if area.height == 0 || area.width < 3 {
        return;
    }
    let s = &p.strings;
    let rows = usize::from(area.height);
    let first = p.selected.saturating_sub(rows - 1);
    // a marker before the selected profile, seen without colours too
    let room = usize::from(area.width - 2).saturating_sub(2);
    let name_of = |r: &ProfileRow| r.name.clone().unwrap_or_else(|| s.picker_own.clone());
    let last_of = |r: &ProfileRow| match r.last_studied {
        Some(day) => fill(&s.picker_last, &[("day", &day)]),
        None => s.picker_never.clone(),
    };
    // the days in one column after the names, whole where they can be: a long name is cut
    // first, down to a third of the line
    let name_w = p.rows.iter().map(|r| width(&name_of(r))).max().unwrap_or(0);
    let last_w = p.rows.iter().map(|r| width(&last_of(r))).max().unwrap_or(0);
    let name_w = name_w.min(room.saturating_sub(last_w + 2).max(room / 3));
    for (i, row) in p.rows.iter().enumerate().skip(first).take(rows) {
        let y = area.y + (i - first) as u16;
        let selected = i == p.selected;
        if selected {
            fill_row(buf, area, y, theme.selected);
        }
        let (name, last) = (name_of(row), last_of(row));
        let pick = |style: ratatui::style::Style| if selected { theme.selected } else { style };
        let marker = if selected { "›" } else { " " };
        put(buf, area.x + 1, y, 1, marker, pick(theme.accent));
        let used = put(buf, area.x + 3, y, name_w, &name, pick(theme.text));
        let col = if used < width(&name) { used } else { name_w };
        if col + 2 < room {
            let x = area.x + 3 + col as u16 + 2;
            put(buf, x, y, room - col - 2, &last, pick(theme.dim));
        }
    }
}

/// The bottom line: the keys of the list or of the prompt, from the key table; moving gives
/// way first when the line is narrow.
fn draw_bar(buf: &mut Buffer, area: Rect, p: &ProfilePicker, theme: &Theme) {
    let room = usize::from(area.width.saturating_sub(1));
    let mut items: Vec<(String, String, Command)> =
        keys::active(p.context(), keys::Facts::default())
            .filter(|b| b.hint)
            .map(|b| {
                let key = keys::binding_label(b);
                // Enter opens a profile here, the one chosen or the one named (elsewhere it
                // opens a material to read, or saves what was typed)
                let what = match b.command {
                    Command::Open | Command::Save => p.strings.cmd_open_profile.clone(),
                    c => super::keys::describe(&p.strings, c).to_string(),
                };
                (key, what, b.command)
            })
            .collect();
    super::hints::moves_give_way(&mut items, room);
    let mut x = area.x + 1;
    let mut left = room;
    for (k, d, _) in items {
        let used = put(buf, x, area.y, left, &k, theme.key);
        let more = put(
            buf,
            x + used as u16,
            area.y,
            left.saturating_sub(used),
            &format!(" {d}"),
            theme.dim,
        );
        x += (used + more + 2) as u16;
        left = left.saturating_sub(used + more + 2);
    }
}
