//! One line of a text input, shared by every prompt (search, find, bookmark, note, plan, the
//! fill-in blanks): the tail that keeps the cursor in view, and the real cursor placed at the
//! display width before it, so an input method's candidate window appears at the input.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use super::put;
use crate::text::width::width;

/// One line of a text input: the tail that keeps the cursor in view. Returns where the cursor
/// goes (at the display width of the text before it).
pub fn input_line(
    buf: &mut Buffer,
    area: Rect,
    input: &ratatui_textarea::TextArea<'_>,
    style: Style,
) -> Option<ratatui::layout::Position> {
    let text = input.lines().join("");
    let cursor = line_with_cursor(buf, area, &text, input.cursor().1, style);
    // a selection is the whole text (the last query, ready to be replaced): shown reversed
    if input.selection_range().is_some() {
        let w = (width(&text) as u16).min(area.width);
        buf.set_style(
            Rect::new(area.x, area.y, w, 1),
            style.add_modifier(ratatui::style::Modifier::REVERSED),
        );
    }
    cursor
}

/// One line of text with a cursor before character `col`: the tail that keeps the cursor in
/// view is drawn, and the cursor's place (at the display width before it) returned.
pub fn line_with_cursor(
    buf: &mut Buffer,
    area: Rect,
    text: &str,
    col: usize,
    style: Style,
) -> Option<ratatui::layout::Position> {
    let room = usize::from(area.width);
    if room == 0 {
        return None;
    }
    let before: String = text.chars().take(col).collect();
    let mut skip = 0;
    while width(&before.chars().skip(skip).collect::<String>()) + 1 > room {
        skip += 1;
    }
    let shown: String = text.chars().skip(skip).collect();
    buf.set_style(area, style);
    put(buf, area.x, area.y, room, &shown, style);
    let cw = width(&before.chars().skip(skip).collect::<String>());
    Some(ratatui::layout::Position::new(
        area.x + cw.min(room - 1) as u16,
        area.y,
    ))
}
