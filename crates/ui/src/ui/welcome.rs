//! The welcome screen: what is here, where to start, where the data lives, the member's name.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Block, BorderType, Borders, Widget};

use super::{Theme, put};
use crate::app::Ctx;
use crate::app::welcome::Welcome;
use crate::i18n::fill;
use crate::text::wrap::wrap_str;

/// The welcome (`materials`: how many the library holds, as its first line says).
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    w: &Welcome,
    materials: usize,
    ctx: &Ctx,
    theme: &Theme,
) {
    let s = &ctx.strings;
    let block = Block::default()
        .borders(Borders::ALL)
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(format!(" {} ", s.welcome_title));
    let inner = block.inner(area);
    block.render(area, frame.buffer_mut());
    if inner.width < 4 || inner.height < 2 {
        return;
    }
    let text_w = usize::from(inner.width - 2);
    let x = inner.x + 1;
    let mut paras: Vec<Vec<(String, ratatui::style::Style)>> = [
        (fill(&s.welcome_intro, &[("n", &materials)]), theme.text),
        (s.welcome_start.clone(), theme.text),
        (fill(&s.welcome_data, &[("path", &ctx.data_dir)]), theme.dim),
        // (kept however small the screen: the text above gives way first)
        (
            w.locale_note
                .as_ref()
                .map(|l| fill(&s.welcome_not_utf8, &[("locale", l)]))
                .unwrap_or_default(),
            theme.error,
        ),
        (
            if w.theme_note {
                s.welcome_theme_note.clone()
            } else {
                String::new()
            },
            theme.dim,
        ),
        (s.welcome_name.clone(), theme.accent),
    ]
    .into_iter()
    .filter(|(para, _)| !para.is_empty())
    .map(|(para, style)| {
        wrap_str(&para, text_w)
            .into_iter()
            .map(|l| (l, style))
            .collect()
    })
    .collect();
    // the name's input stays on screen however small: the text above gives way first, a
    // paragraph at a time (a screen that began in the middle of one read as cut off): what is
    // here, then where the data lives, then where to start
    let room = usize::from(inner.height).saturating_sub(1);
    let height = |p: &[Vec<(String, ratatui::style::Style)>]| {
        p.iter().map(Vec::len).sum::<usize>() + p.len().saturating_sub(1)
    };
    for drop in [0, 1, 0] {
        if height(&paras) <= room || paras.len() <= 1 {
            break;
        }
        paras.remove(drop);
    }
    let mut lines: Vec<(String, ratatui::style::Style)> = Vec::new();
    for p in paras {
        if !lines.is_empty() {
            lines.push((String::new(), theme.text));
        }
        lines.extend(p);
    }
    let skip = lines.len().saturating_sub(room);
    let mut y = inner.y;
    for (l, style) in lines.iter().skip(skip) {
        put(frame.buffer_mut(), x, y, text_w, l, *style);
        y += 1;
    }
    // `› ` marks the line to type on, the input after it
    let y = y.min(inner.bottom() - 1);
    let used = put(frame.buffer_mut(), x, y, text_w, "› ", theme.accent) as u16;
    let line = Rect::new(x + used, y, (inner.width - 2).saturating_sub(used), 1);
    if let Some(c) = super::input::input_line(frame.buffer_mut(), line, &w.input, theme.selected) {
        frame.set_cursor_position(c);
    }
}
