//! The library: materials grouped by column, two lines each.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Widget};

use super::input::input_line;
use super::{Theme, fill_row, put};
use crate::app::layout::{is_wide, library_inner};
use crate::app::{Ctx, Focus, Library, Row};
use crate::domain::material::Summary;
use crate::i18n::fill;
use crate::text::width::{truncate, width};
use crate::text::wrap::wrap_str;

/// The read mark: read, started, not yet opened.
pub fn mark(s: &Summary) -> &'static str {
    if s.progress.read {
        "✓"
    } else if s.progress.percent > 0 {
        "◐"
    } else {
        "○"
    }
}

/// The second line of an item: source · date · minutes (· no longer bundled).
pub fn detail(ctx: &Ctx, s: &Summary) -> String {
    let mut parts: Vec<String> = Vec::new();
    if !s.meta.source.is_empty() {
        parts.push(s.meta.source.clone());
    }
    if let Some(d) = &s.meta.date {
        parts.push(d.clone());
    }
    parts.push(fill(&ctx.strings.minutes, &[("n", &s.minutes())]));
    if !s.in_bundle {
        parts.push(ctx.strings.retired.clone());
    }
    parts.join(" · ")
}

/// Draws the library into `area`; `cursor` is where the terminal's cursor goes (the filter's
/// line while it is typed).
pub fn draw(
    buf: &mut Buffer,
    area: Rect,
    lib: &Library,
    ctx: &Ctx,
    theme: &Theme,
    cursor: &mut Option<ratatui::layout::Position>,
) {
    let focused = !is_wide(ctx.size) || lib.focus == Focus::Library;
    let border = if focused && is_wide(ctx.size) {
        theme.border_focus
    } else {
        theme.border
    };
    let title = format!(" {} · {} ", ctx.strings.app_name, ctx.strings.library_title);
    let mut count = if lib.order.is_empty() {
        String::new()
    } else if lib.loading.is_some() {
        format!(" {} ", ctx.strings.library_loading)
    } else {
        format!(" {}/{} ", lib.selected + 1, lib.order.len())
    };
    if lib.review_due > 0 {
        count = format!(
            " {} ·{count}",
            fill(&ctx.strings.home_book_due, &[("n", &lib.review_due)])
        );
    }
    let room = usize::from(area.width.saturating_sub(2));
    let title = truncate(&title, room);
    let count = if width(&title) + width(&count) <= room {
        count
    } else {
        String::new()
    };
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border)
        .title(ratatui::text::Line::styled(title, theme.accent))
        .title(ratatui::text::Line::styled(count, theme.dim).right_aligned())
        .render(area, buf);
    let mut inner = library_inner(area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    if let Some(f) = &lib.filter {
        // the filter's line above the list, the cursor in it while it is typed
        let lw = put(
            buf,
            inner.x + 1,
            inner.y,
            w - 1,
            &ctx.strings.library_filter,
            theme.heading,
        );
        let field = Rect::new(
            inner.x + 1 + lw as u16,
            inner.y,
            inner.width.saturating_sub(1 + lw as u16),
            1,
        );
        let style = if f.typing { theme.selected } else { theme.text };
        *cursor = input_line(buf, field, &f.input, style).filter(|_| f.typing);
        inner.y += 1;
        inner.height -= 1;
        if inner.height == 0 {
            return;
        }
    }
    if lib.order.is_empty() {
        let text = if lib.filter.is_some() && !lib.items.is_empty() {
            &ctx.strings.library_none_match
        } else {
            &ctx.strings.empty_library
        };
        for (i, line) in wrap_str(text, w.saturating_sub(2))
            .iter()
            .take(usize::from(inner.height))
            .enumerate()
        {
            put(buf, inner.x + 1, inner.y + i as u16, w - 1, line, theme.dim);
        }
        return;
    }
    let mut line = 0usize; // screen line of the list, counted from the top of the whole list
    let end = lib.list_offset + usize::from(inner.height);
    for row in lib.rows() {
        if line >= end {
            break;
        }
        let span = if matches!(row, Row::Column(_)) { 1 } else { 2 };
        if line + span <= lib.list_offset {
            line += span;
            continue;
        }
        for sub in 0..span {
            let l = line + sub;
            if l < lib.list_offset || l >= end {
                continue;
            }
            let y = inner.y + (l - lib.list_offset) as u16;
            draw_row_line(buf, inner, y, row, sub, lib, ctx, theme, focused);
        }
        line += span;
    }
}

#[allow(clippy::too_many_arguments)]
fn draw_row_line(
    buf: &mut Buffer,
    inner: Rect,
    y: u16,
    row: Row,
    sub: usize,
    lib: &Library,
    ctx: &Ctx,
    theme: &Theme,
    focused: bool,
) {
    let w = usize::from(inner.width);
    match row {
        Row::Column(gi) => {
            let n = lib.groups.get(gi).map_or(0, |(_, v)| v.len());
            let text = format!("{}  ({n})", lib.column_name(gi, &ctx.strings));
            put(
                buf,
                inner.x + 1,
                y,
                w.saturating_sub(1),
                &text,
                theme.accent,
            );
        }
        Row::Item(n) => {
            let Some(s) = lib.item_at(n) else { return };
            let selected = n == lib.selected;
            let base = if selected && focused {
                theme.selected
            } else if selected {
                theme.text.add_modifier(ratatui::style::Modifier::REVERSED)
            } else {
                theme.text
            };
            if selected {
                fill_row(buf, inner, y, base);
            }
            if sub == 0 {
                let pct = format!("{:>3}%", s.progress.shown_percent());
                let mark_style = if s.progress.read {
                    base.patch(theme.read)
                } else {
                    base
                };
                let mut x = inner.x + 1;
                let mut left = w.saturating_sub(1);
                let used = put(
                    buf,
                    x,
                    y,
                    left,
                    mark(s),
                    if selected { base } else { mark_style },
                );
                x += used as u16 + 1;
                left = left.saturating_sub(used + 1);
                let pct_w = width(&pct) + 1;
                let title_room = left.saturating_sub(pct_w + 1);
                put(buf, x, y, title_room, &s.meta.title, base);
                if left >= pct_w {
                    let px = inner.x + inner.width - pct_w as u16;
                    let pct_style = if selected { base } else { theme.progress };
                    put(buf, px, y, pct_w, &pct, pct_style);
                }
            } else {
                let style = if selected { base } else { theme.dim };
                put(
                    buf,
                    inner.x + 3,
                    y,
                    w.saturating_sub(4),
                    &detail(ctx, s),
                    style,
                );
            }
        }
    }
}
