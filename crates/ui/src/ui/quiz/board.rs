//! The contest's scoreboard: each player's name, buzz key and score, in block digits when
//! laid out for a projector.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;

use super::super::{Theme, put};
use crate::domain::contest::{Contest, Phase};
use crate::text::width::width;

/// Block digits, three cells wide and five high.
const DIGITS: [[&str; 5]; 11] = [
    ["███", "█ █", "█ █", "█ █", "███"],
    [" █ ", "██ ", " █ ", " █ ", "███"],
    ["███", "  █", "███", "█  ", "███"],
    ["███", "  █", "███", "  █", "███"],
    ["█ █", "█ █", "███", "  █", "  █"],
    ["███", "█  ", "███", "  █", "███"],
    ["███", "█  ", "███", "█ █", "███"],
    ["███", "  █", "  █", "  █", "  █"],
    ["███", "█ █", "███", "█ █", "███"],
    ["███", "█ █", "███", "  █", "███"],
    ["   ", "   ", "███", "   ", "   "],
];

/// The five rows of `n` in block digits (a space between digits).
pub(super) fn big(n: i64) -> [String; 5] {
    let text = n.to_string();
    let mut rows: [String; 5] = Default::default();
    for (k, c) in text.chars().enumerate() {
        let g = match c {
            '0'..='9' => &DIGITS[c as usize - '0' as usize],
            _ => &DIGITS[10],
        };
        for (r, row) in rows.iter_mut().enumerate() {
            if k > 0 {
                row.push(' ');
            }
            row.push_str(g[r]);
        }
    }
    rows
}

/// Each player's name, buzz key and score, side by side; whoever answers stands out.
pub(super) fn draw_board(
    buf: &mut Buffer,
    area: Rect,
    g: &Contest,
    big_layout: bool,
    theme: &Theme,
) {
    let n = g.players.len().max(1) as u16;
    let cell_w = area.width / n;
    if cell_w < 4 || area.height == 0 {
        return;
    }
    // a rule above the scoreboard
    put(
        buf,
        area.x,
        area.y,
        usize::from(area.width),
        &"─".repeat(usize::from(area.width)),
        theme.border,
    );
    let answering = g.answering().or(match g.phase {
        Phase::Stake(p) => Some(p),
        _ => None,
    });
    for (i, p) in g.players.iter().enumerate() {
        let x = area.x + cell_w * i as u16;
        let cell = Rect::new(
            x,
            area.y + 1,
            cell_w.saturating_sub(1),
            area.height.saturating_sub(1),
        );
        let on = answering == Some(i);
        let style = if on { theme.selected } else { theme.text };
        if on {
            for y in cell.y..cell.bottom() {
                buf.set_style(Rect::new(cell.x, y, cell.width, 1), theme.selected);
            }
        }
        let key = if p.bot.is_some() {
            String::new()
        } else {
            format!(" [{}]", p.buzz)
        };
        let label = format!("{}{key}", p.name);
        if big_layout && cell.height >= 7 {
            let lw = width(&label).min(usize::from(cell.width)) as u16;
            put(
                buf,
                cell.x + cell.width.saturating_sub(lw) / 2,
                cell.y,
                usize::from(cell.width),
                &label,
                style.add_modifier(Modifier::BOLD),
            );
            let digits = big(p.score);
            let dw = width(&digits[0]) as u16;
            for (r, row) in digits.iter().enumerate() {
                put(
                    buf,
                    cell.x + cell.width.saturating_sub(dw) / 2,
                    cell.y + 2 + r as u16,
                    usize::from(cell.width),
                    row,
                    if on { style } else { theme.accent },
                );
            }
        } else {
            let score = format!(" {}", p.score);
            let sw = width(&score);
            let cw = usize::from(cell.width);
            put(buf, cell.x, cell.y, cw.saturating_sub(sw), &label, style);
            put(
                buf,
                cell.x + cw.saturating_sub(sw) as u16,
                cell.y,
                sw,
                &score,
                style.add_modifier(Modifier::BOLD),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn block_digits_are_three_cells_wide_with_a_gap() {
        let rows = big(-20);
        assert!(rows.iter().all(|r| width(r) == 11), "{rows:?}");
        assert_eq!(rows[2], "███ ███ █ █");
    }
}
