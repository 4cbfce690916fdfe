//! The help overlay: the keys of the current screen, from the same table the app uses.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::keys::Here;
use super::{Theme, put};
use crate::app::Ctx;
use crate::app::keys::Context;
use crate::i18n::{Strings, fill};
use crate::text::width::width;

/// `(keys, description)` rows for the help overlay: every binding that applies, with all its
/// keys (the bar shows the same entries, fewer of them).
pub fn help_rows(s: &Strings, here: &Here) -> Vec<(String, String)> {
    super::keys::shown(s, here)
        .into_iter()
        .map(|(b, words)| {
            let k = b
                .keys
                .iter()
                .map(super::keys::key_label)
                .collect::<Vec<_>>()
                .join("  ");
            (k, words)
        })
        .collect()
}

/// Draws the help over the screen, from its row `scroll` on where it is taller than the room
/// (marked in its frame: ↑ above, ↓ 更多 below).
pub fn draw(buf: &mut Buffer, size: Rect, here: &Here, scroll: usize, ctx: &Ctx, theme: &Theme) {
    let rows = help_rows(&ctx.strings, here);
    let key_w = rows.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let desc_w = rows.iter().map(|(_, d)| width(d)).max().unwrap_or(0);
    let col_w = key_w + 2 + desc_w;
    // rows that do not fit the height go into a second column where the width allows
    let room = usize::from(size.height.saturating_sub(6));
    let two = rows.len() > room && usize::from(size.width) >= 2 * col_w + 9;
    let per_col = if two {
        rows.len().div_ceil(2)
    } else {
        rows.len()
    };
    let body_w = if two { 2 * col_w + 3 } else { col_w };
    let want_w = (body_w + 5).max(width(&ctx.strings.help_close) + 4) as u16;
    // inside the screen's frame and above the hint bar (on a small screen its border was drawn
    // over the frame's)
    let within = Rect::new(
        size.x + 1,
        size.y + 1,
        size.width.saturating_sub(2),
        size.height.saturating_sub(3),
    );
    let w = want_w.min(within.width);
    let h = (per_col as u16 + 4).min(within.height);
    if w < 6 || h < 3 {
        return;
    }
    let screen = match here.context {
        Context::Library => &ctx.strings.screen_home,
        Context::Reader => &ctx.strings.screen_reader,
        Context::QuizMenu => &ctx.strings.screen_quiz,
        Context::Question
        | Context::Exam
        | Context::ExamMap
        | Context::Confirm
        | Context::ExamStart
        | Context::ConfirmLeave
        | Context::Feedback => &ctx.strings.screen_question,
        Context::ConfirmAbandon => &ctx.strings.screen_quiz,
        Context::Results | Context::Review => &ctx.strings.screen_results,
        Context::Plans | Context::Prompt | Context::ConfirmPack => &ctx.strings.screen_plans,
        Context::Stats | Context::ExportMenu => &ctx.strings.screen_stats,
        Context::Search => &ctx.strings.screen_search,
        Context::Cards => &ctx.strings.cmd_cards,
        Context::ContestSetup
        | Context::ContestNext
        | Context::ContestStake
        | Context::ContestAsk
        | Context::ContestOver => &ctx.strings.contest_title,
        Context::FindPrompt | Context::Ask if here.screen == crate::app::ScreenKind::Quiz => {
            &ctx.strings.cmd_cards
        }
        Context::ClozeInput => &ctx.strings.cmd_cloze,
        Context::FindPrompt
        | Context::NoteInput
        | Context::BookmarkInput
        | Context::BookmarkList => &ctx.strings.screen_reader,
        Context::Notes => &ctx.strings.screen_notes,
        Context::Welcome => &ctx.strings.welcome_title,
        // (the picker is before the app: no help overlay over it)
        Context::Profiles => &ctx.strings.picker_title,
        Context::Ask if here.screen == crate::app::ScreenKind::Notes => &ctx.strings.screen_notes,
        Context::Ask => &ctx.strings.screen_reader,
    };
    let title = fill(&ctx.strings.help_title, &[("screen", screen)]);
    let area = super::overlay(buf, within, w, h, Some(&title), theme);
    let inner_w = usize::from(w - 4);
    let (col_room, cols) = if two {
        ((inner_w.saturating_sub(3)) / 2, 2)
    } else {
        (inner_w, 1)
    };
    let key_col = key_w
        .min(col_room.saturating_sub(desc_w + 2))
        .max(col_room / 3);
    let max_rows = usize::from(h - 4);
    // the same rows as the app scrolls by (layout::help_rows_shown), so it stops at the end
    let scroll = scroll.min(per_col.saturating_sub(max_rows));
    for (i, (k, d)) in rows.iter().enumerate() {
        let (col, row) = (i / per_col, i % per_col);
        let Some(row) = row.checked_sub(scroll) else {
            continue;
        };
        if col >= cols || row >= max_rows {
            continue;
        }
        let x = area.x + 2 + (col * (col_room + 3)) as u16;
        let y = area.y + 1 + row as u16;
        put(buf, x, y, key_col, k, theme.key);
        let dx = key_col + 2;
        if col_room > dx {
            put(buf, x + dx as u16, y, col_room - dx, d, theme.text);
        }
    }
    put(
        buf,
        area.x + 2,
        area.y + h - 2,
        inner_w,
        &ctx.strings.help_close,
        theme.dim,
    );
    let (above, below) = (scroll > 0, scroll + max_rows < per_col);
    scroll_marks(buf, area, (above, below), ctx, theme);
}

/// More rows than room: said in the help's frame, where the rows go on (↑ on its top border,
/// ↓ 更多 on its bottom one).
fn scroll_marks(
    buf: &mut Buffer,
    area: Rect,
    (above, below): (bool, bool),
    ctx: &Ctx,
    theme: &Theme,
) {
    let edge = area.x + area.width.saturating_sub(2);
    if above {
        put(buf, edge.saturating_sub(2), area.y, 3, " ↑ ", theme.key);
    }
    if below {
        let more = format!(" ↓ {} ", ctx.strings.help_more);
        let more_w = width(&more) as u16;
        put(
            buf,
            (edge + 1).saturating_sub(more_w).max(area.x + 1),
            area.bottom() - 1,
            usize::from(more_w.min(area.width.saturating_sub(2))),
            &more,
            theme.key,
        );
    }
}
