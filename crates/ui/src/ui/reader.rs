//! The reading pane: a title block, the styled body (only the visible lines), and the gauge.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::{Block, BorderType, Widget};

use super::{Theme, put};
use crate::app::keys::Context;
use crate::app::layout::{is_wide, reader_body, reader_inner};
use crate::app::{Ctx, Focus, Library};
use crate::i18n::fill;
use crate::text::width::{truncate, width};
use crate::text::wrap::wrap_str;

pub fn draw(buf: &mut Buffer, area: Rect, lib: &Library, ctx: &Ctx, theme: &Theme) {
    let focused = is_wide(ctx.size) && lib.focus == Focus::Reader;
    let border = if focused {
        theme.border_focus
    } else {
        theme.border
    };
    let room = usize::from(area.width.saturating_sub(4));
    let column = lib
        .reader
        .as_ref()
        .map(|r| r.meta.column.clone())
        .filter(|c| !c.is_empty())
        .unwrap_or_else(|| ctx.strings.screen_reader.clone());
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(border)
        .title(ratatui::text::Line::styled(
            truncate(&format!(" {column} "), room),
            theme.accent,
        ))
        .render(area, buf);
    let inner = reader_inner(area);
    if inner.width < 3 || inner.height == 0 {
        return;
    }
    let Some(r) = &lib.reader else {
        let w = usize::from(inner.width - 2);
        for (i, line) in wrap_str(&ctx.strings.no_selection, w)
            .iter()
            .take(usize::from(inner.height))
            .enumerate()
        {
            put(buf, inner.x + 1, inner.y + i as u16, w, line, theme.dim);
        }
        return;
    };
    if !draw_head(buf, inner, r, ctx, theme) {
        return;
    }
    let body = reader_body(area, r.title_lines.len());
    let end = (r.top + usize::from(body.height)).min(r.layout.lines.len());
    let noted: std::collections::HashSet<usize> = r
        .annotations
        .iter()
        .filter(|a| a.kind == crate::domain::annotation::AnnotationKind::Note && !a.lost)
        .map(|a| a.position.block)
        .collect();
    for (i, line) in r.layout.lines[r.top.min(end)..end].iter().enumerate() {
        let y = body.y + i as u16;
        // a paragraph with a note: a mark in the margin on its first line
        if body.x > inner.x
            && line.offset == 0
            && !line.segs.is_empty()
            && noted.contains(&line.block)
        {
            put(buf, body.x - 1, y, 1, super::notes::NOTE_MARK, theme.accent);
        }
        draw_line(
            buf,
            Rect {
                y,
                height: 1,
                ..body
            },
            r,
            line,
            theme,
        );
    }
}

/// Cuts `text` (which starts at byte `start` of its line) where marked ranges begin and end:
/// the pieces in order, each with the mark it is in, if any.
fn split_marked<'a>(
    text: &'a str,
    start: usize,
    marks: &[std::ops::Range<usize>],
) -> Vec<(&'a str, Option<usize>)> {
    let end = start + text.len();
    let mut cuts: Vec<usize> = vec![0, text.len()];
    for m in marks {
        for b in [m.start, m.end] {
            if b > start && b < end && text.is_char_boundary(b - start) {
                cuts.push(b - start);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    cuts.windows(2)
        .map(|w| {
            let at = start + w[0];
            let hit = marks.iter().position(|m| m.start <= at && at < m.end);
            (&text[w[0]..w[1]], hit)
        })
        .filter(|(t, _)| !t.is_empty())
        .collect()
}

/// The reader's find prompt in the bottom row, with the real cursor in it.
pub fn draw_find_prompt(
    frame: &mut ratatui::Frame<'_>,
    area: Rect,
    input: &ratatui_textarea::TextArea<'static>,
    ctx: &Ctx,
    theme: &Theme,
) {
    if area.width < 4 || area.height == 0 {
        return;
    }
    let buf = frame.buffer_mut();
    buf.set_style(area, theme.text);
    for x in area.left()..area.right() {
        buf[(x, area.y)].set_symbol(" ");
    }
    let w = usize::from(area.width - 1);
    let lw = put(
        buf,
        area.x + 1,
        area.y,
        w,
        &ctx.strings.find_prompt,
        theme.key,
    );
    let room = area.width.saturating_sub(1 + lw as u16);
    let line = Rect::new(area.x + 1 + lw as u16, area.y, room, 1);
    if let Some(c) = super::input::input_line(buf, line, input, theme.text) {
        frame.set_cursor_position(c);
    }
}

/// The progress line under the reader: `已读 42% ━━━━━───────`. `cx` is the keys' context
/// (the library's means the reader is a preview beside it).
pub fn draw_gauge(
    buf: &mut Buffer,
    area: Rect,
    lib: &Library,
    ctx: &Ctx,
    cx: Context,
    theme: &Theme,
) {
    let Some(r) = &lib.reader else { return };
    if area.width < 4 || area.height == 0 {
        return;
    }
    // side by side with the library in front, the reader is a preview: what the member has
    // read of it (its saved progress), not how far down the preview shows
    let preview = cx == Context::Library;
    let (pct, template) = if preview {
        (
            if r.read { 100 } else { r.percent.min(100) },
            &ctx.strings.progress_preview,
        )
    } else {
        (r.visible_percent(), &ctx.strings.progress_label)
    };
    let mut label = fill(template, &[("p", &pct)]);
    if let Some(f) = &r.find
        && !f.hits.is_empty()
    {
        let count = fill(
            &ctx.strings.find_count,
            &[
                ("q", &f.text.trim()),
                ("i", &(f.current + 1)),
                ("n", &f.hits.len()),
            ],
        );
        label = format!("{label} · {count}");
    }
    let label = truncate(&label, usize::from(area.width.saturating_sub(2)));
    let w = usize::from(area.width - 2);
    let used = put(buf, area.x + 1, area.y, w, &label, theme.progress);
    let bar_w = w.saturating_sub(used + 1);
    if bar_w == 0 {
        return;
    }
    let filled = bar_w * usize::from(pct) / 100;
    let x = area.x + 1 + used as u16 + 1;
    put(buf, x, area.y, filled, &"━".repeat(filled), theme.progress);
    put(
        buf,
        x + filled as u16,
        area.y,
        bar_w - filled,
        &"─".repeat(bar_w - filled),
        theme.dim,
    );
    debug_assert!(width(&label) <= w);
}

/// The reader's head: the title lines, the source, date and minutes, and a rule. False when
/// the title alone fills the pane (no body is drawn then).
fn draw_head(
    buf: &mut Buffer,
    inner: Rect,
    r: &crate::app::reader::Reader,
    ctx: &Ctx,
    theme: &Theme,
) -> bool {
    let hw = usize::from(inner.width - 2);
    let mut y = inner.y;
    let bottom = inner.y + inner.height;
    for line in &r.title_lines {
        if y >= bottom {
            return false;
        }
        put(buf, inner.x + 1, y, hw, line, theme.heading);
        y += 1;
    }
    if y < bottom {
        let mut meta: Vec<String> = Vec::new();
        if !r.meta.source.is_empty() {
            meta.push(format!("{} {}", ctx.strings.label_source, r.meta.source));
        }
        if let Some(d) = &r.meta.date {
            meta.push(d.clone());
        }
        meta.push(fill(&ctx.strings.minutes, &[("n", &r.minutes)]));
        if r.origin == crate::domain::material::Origin::User {
            meta.push("★".into());
        }
        put(buf, inner.x + 1, y, hw, &meta.join(" · "), theme.dim);
        y += 1;
    }
    if y < bottom {
        put(buf, inner.x + 1, y, hw, &"─".repeat(hw), theme.border);
    }
    true
}

/// One line of the body in `area` (one row high), with the find's hits marked (the current
/// one standing out).
fn draw_line(
    buf: &mut Buffer,
    area: Rect,
    r: &crate::app::reader::Reader,
    line: &crate::domain::layout::LayoutLine,
    theme: &Theme,
) {
    let (mut x, y) = (area.x, area.y);
    let mut left = usize::from(area.width);
    // hits of the find on this line, as byte ranges of the line's text
    let marks = r
        .find
        .as_ref()
        .map(|f| f.query.occurrences(&line.text()))
        .unwrap_or_default();
    // the current hit (n/N go from it) stands out from the others: where it begins in the
    // block, against where each mark begins (the line's bullet or quote bar not counted)
    let current = r.find.as_ref().and_then(|f| f.hits.get(f.current));
    let prefix: usize = line
        .segs
        .iter()
        .take_while(|s| {
            matches!(
                s.tag,
                crate::domain::layout::Style::Marker | crate::domain::layout::Style::QuoteBar
            )
        })
        .map(|s| s.text.len())
        .sum();
    let is_current = |m: usize| {
        current.is_some_and(|c| {
            c.block == line.block
                && marks[m].start >= prefix
                && line.offset + marks[m].start - prefix == c.offset
        })
    };
    let mut pos = 0;
    for seg in &line.segs {
        let style = theme.text_style(seg.tag);
        for (piece, hit) in split_marked(&seg.text, pos, &marks) {
            if left == 0 {
                break;
            }
            let st = match hit {
                Some(m) if is_current(m) => {
                    style.add_modifier(Modifier::REVERSED | Modifier::BOLD | Modifier::UNDERLINED)
                }
                Some(_) => style.add_modifier(Modifier::REVERSED),
                None => style,
            };
            let used = put(buf, x, y, left, piece, st);
            x += used as u16;
            left -= used;
        }
        pos += seg.text.len();
    }
}
