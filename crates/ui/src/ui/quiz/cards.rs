//! The 错题/复习 browser: one line per question (when it is next due, its stem, whether it is
//! in the wrong-answer book or suspended), the filter line when one is typed, and the selected
//! question whole at the bottom with its bank, id, counts and last grade.

use ratatui::Frame;
use ratatui::layout::Rect;

use super::super::input::input_line;
use super::super::{Theme, fill_row, put};
use crate::app::Ctx;
use crate::app::cards::{CardsView, DETAIL_ROWS};
use crate::i18n::fill;
use crate::text::wrap::wrap_str;

/// The review browser (错题本); `review_due` is what the review asks today (the library says
/// it too).
pub(super) fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    ctx: &Ctx,
    review_due: usize,
    v: &CardsView,
    theme: &Theme,
) {
    let s = &ctx.strings;
    let due = v.rows.iter().filter(|r| v.due(r)).count();
    // what today's review asks is the menu's figure (the daily limit, less what was reviewed)
    let title = fill(
        &s.cards_title,
        &[("n", &v.rows.len()), ("due", &due), ("today", &review_due)],
    );
    // at 40 columns 今日复习 was cut: the counts between the name and today's review give way
    let room = usize::from(area.width).saturating_sub(6);
    let mut parts: Vec<&str> = title.split(" · ").collect();
    while parts.len() > 2 && crate::text::width::width(&parts.join(" · ")) > room {
        parts.remove(1);
    }
    let title = parts.join(" · ");
    let inner = super::draw_frame(frame.buffer_mut(), area, &title, theme);
    let w = usize::from(inner.width);
    if w < 4 || inner.height == 0 {
        return;
    }
    let mut y = inner.y;
    if draw_filter(frame, inner, v, s, theme) {
        y += 1;
    }
    let buf = frame.buffer_mut();
    if v.rows.is_empty() || v.shown.is_empty() {
        let text = if v.rows.is_empty() {
            &s.cards_empty
        } else {
            &s.cards_none_match
        };
        for l in wrap_str(text, w.max(2)) {
            if y >= inner.bottom() {
                break;
            }
            put(buf, inner.x, y, w, &l, theme.dim);
            y += 1;
        }
    } else {
        let detail = if inner.height > DETAIL_ROWS + 3 {
            DETAIL_ROWS
        } else {
            0
        };
        let list_bottom = inner.bottom().saturating_sub(detail);
        for (row, &i) in v.shown.iter().enumerate().skip(v.offset) {
            if y >= list_bottom {
                break;
            }
            draw_row(buf, inner, y, &v.rows[i], row == v.selected, v, s, theme);
            y += 1;
        }
        if detail > 0
            && let Some(r) = v.current()
        {
            // the selected question whole, with its figures
            let area = Rect::new(inner.x, list_bottom, inner.width, detail);
            draw_detail(buf, area, r, v, s, theme);
        }
    }
    if v.asking {
        super::super::notes::draw_question(frame.buffer_mut(), area, &s.ask_forget_card, theme);
    }
}

/// The filter line at the top while one is typed or kept; returns whether it was drawn.
fn draw_filter(
    frame: &mut Frame<'_>,
    inner: Rect,
    v: &CardsView,
    s: &crate::i18n::Strings,
    theme: &Theme,
) -> bool {
    let w = usize::from(inner.width);
    let filter = v.filter_text();
    if !v.filtering && filter.is_empty() {
        return false;
    }
    let buf = frame.buffer_mut();
    let lw = put(buf, inner.x, inner.y, w, &s.cards_filter, theme.heading) as u16;
    let field = Rect::new(inner.x + lw, inner.y, inner.width.saturating_sub(lw), 1);
    let style = if v.filtering {
        theme.selected
    } else {
        theme.text
    };
    if let Some(cursor) = input_line(buf, field, &v.filter, style)
        && v.filtering
    {
        frame.set_cursor_position(cursor);
    }
    true
}

/// One question's line: when it is due, its stem, its tags (in the book, suspended).
#[allow(
    clippy::too_many_arguments,
    reason = "a row of a list: where, what, and how"
)]
fn draw_row(
    buf: &mut ratatui::buffer::Buffer,
    inner: Rect,
    y: u16,
    r: &crate::domain::review::ReviewRow,
    selected: bool,
    v: &CardsView,
    s: &crate::i18n::Strings,
    theme: &Theme,
) {
    let w = usize::from(inner.width);
    if selected {
        fill_row(buf, inner, y, theme.selected);
    }
    let base = if selected { theme.selected } else { theme.text };
    let date = v.due_day(r).strftime("%m-%d").to_string();
    let date_style = if selected {
        base
    } else if v.due(r) {
        theme.accent
    } else {
        theme.dim
    };
    let mut x = inner.x + put(buf, inner.x, y, w, &date, date_style) as u16 + 1;
    let mut tags = Vec::new();
    if r.in_book {
        tags.push(s.cards_book.as_str());
    }
    if r.suspended {
        tags.push(s.cards_suspended.as_str());
    }
    let tag = if tags.is_empty() {
        String::new()
    } else {
        format!(" [{}]", tags.join(" · "))
    };
    let room = usize::from(inner.right().saturating_sub(x));
    let tag_w = crate::text::width::width(&tag).min(room / 2);
    let stem = r.stem.replace('\n', " ");
    x += put(buf, x, y, room - tag_w, &stem, base) as u16;
    let tag_style = if selected { base } else { theme.error };
    put(buf, x, y, tag_w, &tag, tag_style);
}

/// The selected question whole in `area` (the rows under the list), with its figures.
fn draw_detail(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    r: &crate::domain::review::ReviewRow,
    v: &CardsView,
    s: &crate::i18n::Strings,
    theme: &Theme,
) {
    let w = usize::from(area.width);
    // a card never reviewed has no last grade to tell; the bank by its title, not its id
    let last = if r.reps == 0 {
        s.cards_never_reviewed.clone()
    } else {
        fill(&s.cards_last, &[("recall", &s.recall_name(r.recall))])
    };
    let figures = format!(
        "{} · {}",
        fill(&s.cards_counts, &[("reps", &r.reps), ("lapses", &r.lapses)]),
        fill(
            &s.cards_detail,
            &[
                ("bank", &r.bank_title),
                ("due", &v.due_day(r)),
                ("last", &last),
            ],
        )
    );
    // the figures are kept in view; a long stem gives way (its last line shown cut)
    let keep = usize::from(area.height);
    let fig = wrap_str(&figures, w);
    let fig_n = fig.len().min(keep);
    let mut stem = wrap_str(&r.stem.replace('\n', " "), w);
    let stem_room = keep - fig_n;
    if stem.len() > stem_room && stem_room > 0 {
        stem.truncate(stem_room);
        let last = stem[stem_room - 1].clone() + "…";
        stem[stem_room - 1] = crate::text::width::truncate(&last, w);
    }
    let lines = stem
        .iter()
        .take(stem_room)
        .map(|l| (l, theme.text))
        .chain(fig.iter().take(fig_n).map(|l| (l, theme.dim)));
    for (k, (l, st)) in lines.enumerate() {
        put(buf, area.x, area.y + k as u16, w, l, st);
    }
}
