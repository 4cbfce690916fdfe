//! Making a card from the text (挖空): a box over the reader with the paragraph's sentences
//! (the chosen one whole, the others a line each), the word being typed, and the question it
//! makes, as the member types.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::input::input_line;
use super::{Theme, put};
use crate::app::Ctx;
use crate::app::cloze::ClozeInput;
use crate::domain::cloze::cloze;
use crate::text::wrap::wrap_str;

pub fn draw(frame: &mut Frame<'_>, within: Rect, ctx: &Ctx, c: &ClozeInput, theme: &Theme) {
    let s = &ctx.strings;
    let w = within.width.saturating_sub(4).min(76);
    let inner_w = usize::from(w.saturating_sub(4)).max(2);
    // the sentences: the chosen one wrapped whole, the others cut to a line
    let mut lines: Vec<(String, ratatui::style::Style)> = Vec::new();
    for (i, sentence) in c.sentences.iter().enumerate() {
        if i == c.selected {
            for l in wrap_str(sentence, inner_w) {
                lines.push((l, theme.selected));
            }
        } else {
            lines.push((sentence.clone(), theme.dim));
        }
    }
    let word = c.word();
    let preview = cloze(&c.sentences[c.selected], &word, "", None)
        .ok()
        .map(|q| wrap_str(&format!("→ {}", q.stem), inner_w))
        .unwrap_or_default();
    // the chosen sentence stays in view when the list is long
    let room = usize::from(within.height.saturating_sub(2)).saturating_sub(4 + preview.len());
    let first_chosen = c.selected.min(lines.len());
    let skip = (first_chosen + 3)
        .saturating_sub(room.max(1))
        .min(first_chosen);
    let shown: Vec<_> = lines.into_iter().skip(skip).take(room.max(1)).collect();
    let h = (shown.len() + preview.len() + 4) as u16;
    let r = super::overlay(
        frame.buffer_mut(),
        within,
        w,
        h,
        Some(&s.cloze_title),
        theme,
    );
    if r.width < 6 || r.height < 3 {
        return;
    }
    let x = r.x + 2;
    let bottom = r.bottom().saturating_sub(1);
    let mut y = r.y + 1;
    let buf = frame.buffer_mut();
    for (l, st) in &shown {
        if y >= bottom {
            break;
        }
        put(buf, x, y, inner_w, l, *st);
        y += 1;
    }
    y += 1;
    if y < bottom {
        let lw = put(buf, x, y, inner_w, &s.cloze_word, theme.heading) as u16;
        let field = Rect::new(x + lw, y, (inner_w as u16).saturating_sub(lw), 1);
        if let Some(cursor) = input_line(buf, field, &c.input, theme.text) {
            frame.set_cursor_position(cursor);
        }
        y += 1;
    }
    let buf = frame.buffer_mut();
    for l in &preview {
        if y >= bottom {
            break;
        }
        put(buf, x, y, inner_w, l, theme.accent);
        y += 1;
    }
}
