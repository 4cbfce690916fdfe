//! The notes screen, the note editor and bookmark prompt over the reader, and the article's
//! bookmark list.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::Widget;

use super::{Theme, fill_row, put};
use crate::app::Ctx;
use crate::app::notes::{BookmarkList, NotesView, ReaderInput};
use crate::domain::annotation::AnnotationKind;
use crate::i18n::fill;
use crate::text::wrap::wrap_str;

/// The margin mark of a paragraph with a note.
pub const NOTE_MARK: &str = "✎";

fn kind_label(s: &crate::i18n::Strings, k: AnnotationKind) -> &str {
    match k {
        AnnotationKind::Bookmark => &s.label_bookmark,
        AnnotationKind::Note => &s.label_note,
    }
}

/// Every bookmark and note, newest first: kind, date, material; then the text (or the quote).
pub fn draw(buf: &mut Buffer, area: Rect, v: &NotesView, ctx: &Ctx, theme: &Theme) {
    let s = &ctx.strings;
    let block = super::screen_block(&format!(" {} ", s.screen_notes), area.width, theme);
    let inner = block.inner(area);
    block.render(area, buf);
    let w = usize::from(inner.width);
    if w == 0 || inner.height == 0 {
        return;
    }
    if v.items.is_empty() {
        for (i, line) in wrap_str(&s.notes_empty, w.max(2))
            .iter()
            .take(usize::from(inner.height))
            .enumerate()
        {
            put(buf, inner.x, inner.y + i as u16, w, line, theme.dim);
        }
        return;
    }
    let per = (usize::from(inner.height) / 2).max(1);
    for (row, (i, a)) in v
        .items
        .iter()
        .enumerate()
        .skip(v.offset)
        .take(per)
        .enumerate()
    {
        let y = inner.y + (row * 2) as u16;
        if y >= inner.bottom() {
            break;
        }
        let selected = i == v.selected;
        let base = if selected { theme.selected } else { theme.text };
        if selected {
            fill_row(buf, inner, y, theme.selected);
        }
        let date = a
            .created_at
            .to_zoned_datetime(ctx.tz.clone())
            .date()
            .to_string();
        let head = format!("{} {}  《{}》", kind_label(s, a.kind), date, a.title);
        put(buf, inner.x, y, w, &head, base);
        if y + 1 < inner.bottom() {
            let first_line = a.text.lines().next().unwrap_or("");
            let body = if a.lost {
                format!("{}（{}）", first_line, s.note_lost)
            } else if first_line.is_empty() {
                format!("“{}…”", a.quote)
            } else {
                first_line.to_string()
            };
            let style = if a.lost { theme.error } else { theme.dim };
            put(buf, inner.x + 2, y + 1, w.saturating_sub(2), &body, style);
        }
    }
}

/// Over the reader: the bookmark label prompt in the bottom row, or the note editor box.
pub fn draw_reader_input(
    frame: &mut Frame<'_>,
    size: Rect,
    hints: Rect,
    ri: &ReaderInput,
    ctx: &Ctx,
    theme: &Theme,
) {
    let s = &ctx.strings;
    match ri.kind {
        AnnotationKind::Bookmark => {
            if hints.width < 4 || hints.height == 0 {
                return;
            }
            let buf = frame.buffer_mut();
            for x in hints.left()..hints.right() {
                buf[(x, hints.y)].set_symbol(" ");
                buf[(x, hints.y)].set_style(theme.text);
            }
            let w = usize::from(hints.width - 1);
            let lw = put(buf, hints.x + 1, hints.y, w, &s.bookmark_prompt, theme.key);
            let line = Rect::new(
                hints.x + 1 + lw as u16,
                hints.y,
                hints.width.saturating_sub(1 + lw as u16),
                1,
            );
            if let Some(c) = super::input::input_line(buf, line, &ri.input, theme.text) {
                frame.set_cursor_position(c);
            }
        }
        AnnotationKind::Note => {
            let title = fill(&s.note_title, &[("quote", &ri.quote)]);
            // above the progress line and hints, so they stay in view
            let within = Rect {
                height: size.height.saturating_sub(2),
                ..size
            };
            let w = within.width.saturating_sub(4).min(72);
            let h = within.height.saturating_sub(2).min(10);
            let r = super::overlay(frame.buffer_mut(), within, w, h, Some(&title), theme);
            if r.width < 4 || r.height < 3 {
                return;
            }
            let inner = Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
            draw_editor(frame, inner, &ri.input, theme);
            if ri.asking {
                draw_question(frame.buffer_mut(), within, &s.ask_discard, theme);
            }
        }
    }
}

/// On the notes screen: the note (or label) being changed, and a question over it.
pub fn draw_notes_edit(frame: &mut Frame<'_>, area: Rect, v: &NotesView, ctx: &Ctx, theme: &Theme) {
    let s = &ctx.strings;
    if let Some(ed) = &v.editing {
        let title = match ed.kind {
            AnnotationKind::Note => fill(&s.note_title, &[("quote", &ed.quote)]),
            AnnotationKind::Bookmark => s.bookmark_prompt.clone(),
        };
        let w = area.width.saturating_sub(4).min(72);
        let h = area.height.saturating_sub(2).min(10);
        let r = super::overlay(frame.buffer_mut(), area, w, h, Some(&title), theme);
        if r.width >= 4 && r.height >= 3 {
            let inner = Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
            draw_editor(frame, inner, &ed.input, theme);
        }
    }
    if let Some(ask) = v.ask {
        let kind = v.items.get(v.selected).map(|a| a.kind);
        let q = match (ask, kind) {
            (crate::app::notes::Ask::Discard, _) => &s.ask_discard,
            (_, Some(AnnotationKind::Bookmark)) => &s.ask_delete_bookmark,
            _ => &s.ask_delete_note,
        };
        draw_question(frame.buffer_mut(), area, q, theme);
    }
}

/// A yes/no question in a box over `area` (the keys are on the hint bar).
pub fn draw_question(buf: &mut Buffer, area: Rect, q: &str, theme: &Theme) {
    let w = area.width.saturating_sub(4).min(60);
    let lines = wrap_str(q, usize::from(w.saturating_sub(4)).max(2));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = super::overlay(buf, area, w, h, None, theme);
    for (i, l) in lines
        .iter()
        .enumerate()
        .take(usize::from(r.height.saturating_sub(2)))
    {
        put(
            buf,
            r.x + 2,
            r.y + 1 + i as u16,
            usize::from(r.width.saturating_sub(4)),
            l,
            theme.accent,
        );
    }
}

/// A note being written, wrapped to `area` (Chinese has no spaces to break at: a line breaks
/// where the next character would not fit, never inside one), the cursor's row kept in view
/// and the real cursor placed on it.
pub fn draw_editor(
    frame: &mut Frame<'_>,
    area: Rect,
    input: &ratatui_textarea::TextArea<'_>,
    theme: &Theme,
) {
    let room = usize::from(area.width).max(2);
    let at = input.cursor();
    let (row, col) = (at.0, at.1);
    // every screen row: its text, and where the cursor is on it (if it is)
    let mut rows: Vec<(String, Option<usize>)> = Vec::new();
    let mut cursor_row = 0;
    for (i, line) in input.lines().iter().enumerate() {
        let mut cur = String::new();
        let mut w = 0;
        let mut start = 0; // chars before this row
        for (n, c) in line.chars().enumerate() {
            let cw = crate::text::width::width(c.encode_utf8(&mut [0; 4]));
            if w + cw > room.saturating_sub(1) && !cur.is_empty() {
                let here = (i == row && col >= start && col < n).then(|| col - start);
                if here.is_some() {
                    cursor_row = rows.len();
                }
                rows.push((std::mem::take(&mut cur), here));
                w = 0;
                start = n;
            }
            cur.push(c);
            w += cw;
        }
        let here = (i == row && col >= start).then(|| col - start);
        if here.is_some() {
            cursor_row = rows.len();
        }
        rows.push((cur, here));
    }
    let height = usize::from(area.height);
    let first = cursor_row.saturating_sub(height.saturating_sub(1));
    let buf = frame.buffer_mut();
    let mut cursor = None;
    for (k, (text, here)) in rows.iter().enumerate().skip(first).take(height) {
        let y = area.y + (k - first) as u16;
        let line_area = Rect::new(area.x, y, area.width, 1);
        match here {
            Some(c) => {
                cursor = super::input::line_with_cursor(buf, line_area, text, *c, theme.text)
            }
            None => {
                put(buf, area.x, y, room, text, theme.text);
            }
        }
    }
    if let Some(c) = cursor {
        frame.set_cursor_position(c);
    }
}

/// `'`: the article's bookmarks, over the reader.
pub fn draw_bookmark_list(
    buf: &mut Buffer,
    size: Rect,
    list: &BookmarkList,
    ctx: &Ctx,
    theme: &Theme,
) {
    let w = size.width.saturating_sub(4).min(60);
    let h = (list.items.len() as u16 + 2).min(size.height.saturating_sub(2));
    let r = super::overlay(buf, size, w, h, Some(&ctx.strings.bookmarks_title), theme);
    if r.width < 4 || r.height < 3 {
        return;
    }
    let room = usize::from(r.width - 2);
    for (i, a) in list
        .items
        .iter()
        .enumerate()
        .take(usize::from(r.height - 2))
    {
        let y = r.y + 1 + i as u16;
        let style = if i == list.selected {
            theme.selected
        } else {
            theme.text
        };
        let line = Rect::new(r.x + 1, y, r.width - 2, 1);
        if i == list.selected {
            fill_row(buf, line, y, theme.selected);
        }
        let text = if a.text.is_empty() {
            format!("“{}…”", a.quote)
        } else {
            format!("{} · “{}…”", a.text, a.quote)
        };
        put(buf, r.x + 1, y, room, &text, style);
    }
}
