//! The search screen: the input with its real cursor, then the results (title, column, hits,
//! a snippet with the hits marked), the selected one highlighted.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::Widget;

use super::{Theme, fill_row, put};
use crate::app::Ctx;
use crate::app::search::SearchView;
use crate::domain::search::Snippet;
use crate::i18n::fill;
use crate::text::width::{truncate, width};
use crate::text::wrap::wrap_str;

/// Lines each result takes: title, snippet.
pub const RESULT_LINES: usize = 2;

pub fn draw(frame: &mut Frame<'_>, area: Rect, v: &SearchView, ctx: &Ctx, theme: &Theme) {
    let s = &ctx.strings;
    let block = super::screen_block(&format!(" {} ", s.screen_search), area.width, theme);
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if inner.width < 2 || inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let buf = frame.buffer_mut();
    let lw = put(buf, inner.x, inner.y, w, &s.search_prompt, theme.heading);
    let input_area = Rect::new(
        inner.x + lw as u16,
        inner.y,
        inner.width.saturating_sub(lw as u16),
        1,
    );
    let cursor = super::input::input_line(
        buf,
        input_area,
        &v.input,
        theme.text.add_modifier(Modifier::UNDERLINED),
    );
    let list = Rect::new(
        inner.x,
        inner.y + 2,
        inner.width,
        inner.height.saturating_sub(2),
    );
    if list.height > 0 {
        if let Some(e) = &v.error {
            put(buf, list.x, list.y, w, e, theme.error);
        } else if v.results.is_empty() {
            let text = if v.searched.is_empty() {
                s.search_help.clone()
            } else {
                fill(&s.search_none, &[("q", &v.searched.trim())])
            };
            for (i, line) in wrap_str(&text, w.max(2))
                .iter()
                .take(usize::from(list.height))
                .enumerate()
            {
                put(buf, list.x, list.y + i as u16, w, line, theme.dim);
            }
        } else {
            draw_results(buf, list, v, ctx, theme);
        }
    }
    if let Some(c) = cursor {
        frame.set_cursor_position(c);
    }
}

fn draw_results(buf: &mut Buffer, list: Rect, v: &SearchView, ctx: &Ctx, theme: &Theme) {
    let s = &ctx.strings;
    let w = usize::from(list.width);
    let per_page = (usize::from(list.height) / RESULT_LINES).max(1);
    let first = v.selected.saturating_sub(per_page - 1);
    for (row, (i, hit)) in v
        .results
        .iter()
        .enumerate()
        .skip(first)
        .take(per_page)
        .enumerate()
    {
        let y = list.y + (row * RESULT_LINES) as u16;
        if y >= list.bottom() {
            break;
        }
        let selected = i == v.selected;
        let base = if selected { theme.selected } else { theme.text };
        if selected {
            fill_row(buf, list, y, theme.selected);
        }
        let column = if hit.column.is_empty() {
            &s.column_other
        } else {
            &hit.column
        };
        // a material found by its title alone has no place in the text to count
        let right = if hit.hits > 0 {
            format!("{} · {}", column, fill(&s.search_hits, &[("n", &hit.hits)]))
        } else {
            column.to_string()
        };
        let rw = width(&right).min(w / 2);
        let tw = w.saturating_sub(rw + 1);
        put(
            buf,
            list.x,
            y,
            tw,
            &hit.title,
            base.add_modifier(Modifier::BOLD),
        );
        let right = truncate(&right, rw);
        put(
            buf,
            list.x + (w - width(&right)) as u16,
            y,
            rw,
            &right,
            if selected { base } else { theme.dim },
        );
        if y + 1 < list.bottom()
            && let Some(sn) = hit.snippets.first()
        {
            draw_snippet(buf, list.x + 2, y + 1, w.saturating_sub(2), sn, theme);
        }
    }
}

/// A snippet on one line, its hits in the accent colour (reversed, so they show without
/// colour too).
fn draw_snippet(buf: &mut Buffer, x: u16, y: u16, room: usize, sn: &Snippet, theme: &Theme) {
    // on a narrow screen, drop context before the first hit so the hit itself shows
    let mut skip = 0;
    if let Some(&(first, _)) = sn.marks.first() {
        while skip < first && width(&sn.text[skip..first]) > room / 3 {
            skip += sn.text[skip..].chars().next().map_or(1, char::len_utf8);
        }
    }
    let mut parts: Vec<(String, Style)> = Vec::new();
    if sn.cut_before || skip > 0 {
        parts.push(("…".into(), theme.dim));
    }
    let mut at = skip;
    for &(a, b) in &sn.marks {
        if a < at || b > sn.text.len() {
            continue;
        }
        parts.push((sn.text[at..a].to_string(), theme.dim));
        parts.push((
            sn.text[a..b].to_string(),
            theme.accent.add_modifier(Modifier::REVERSED),
        ));
        at = b;
    }
    parts.push((sn.text[at..].to_string(), theme.dim));
    let mut x = x;
    let mut left = room;
    for (text, style) in parts {
        if left == 0 {
            break;
        }
        let used = put(buf, x, y, left, &text, style);
        x += used as u16;
        left -= used;
    }
}
