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
    // each paragraph with the order it gives way in when the screen is too low (lowest first):
    // the name's input stays on screen however small, the text above gives way a paragraph at
    // a time (a screen that began in the middle of one read as cut off): what is here, where
    // the data lives, the note on the background, then where to start; the locale's warning
    // is kept
    let theme_note = if w.theme_note {
        s.welcome_theme_note.clone()
    } else {
        String::new()
    };
    let locale_note = w
        .locale_note
        .as_ref()
        .map(|l| fill(&s.welcome_not_utf8, &[("locale", l)]))
        .unwrap_or_default();
    let mut paras: Vec<(u8, Vec<(String, ratatui::style::Style)>)> = [
        (0, fill(&s.welcome_intro, &[("n", &materials)]), theme.text),
        (3, s.welcome_start.clone(), theme.text),
        (
            1,
            fill(&s.welcome_data, &[("path", &ctx.data_dir)]),
            theme.dim,
        ),
        (9, locale_note, theme.error),
        (2, theme_note, theme.dim),
        (9, s.welcome_name.clone(), theme.accent),
    ]
    .into_iter()
    .filter(|(_, para, _)| !para.is_empty())
    .map(|(order, para, style)| {
        let lines = wrap_str(&para, text_w)
            .into_iter()
            .map(|l| (l, style))
            .collect();
        (order, lines)
    })
    .collect();
    let room = usize::from(inner.height).saturating_sub(1);
    let height = |p: &[(u8, Vec<(String, ratatui::style::Style)>)]| {
        p.iter().map(|(_, l)| l.len()).sum::<usize>() + p.len().saturating_sub(1)
    };
    for order in 0..4 {
        if height(&paras) <= room {
            break;
        }
        paras.retain(|(o, _)| *o != order);
    }
    let paras = paras.into_iter().map(|(_, l)| l);
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
