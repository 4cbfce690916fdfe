//! The help overlay: the keys of the current screen, from the same table the app uses.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;

use super::{Theme, put};
use crate::app::App;
use crate::app::keys::Context;
use crate::i18n::fill;
use crate::text::width::width;

/// `(keys, description)` rows for the help overlay: every binding that applies, with all its
/// keys (the bar shows the same entries, fewer of them).
pub fn help_rows(app: &App) -> Vec<(String, String)> {
    super::keys::shown(app)
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

pub fn draw(buf: &mut Buffer, size: Rect, app: &App, theme: &Theme) {
    let rows = help_rows(app);
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
    let want_w = (body_w + 5).max(width(&app.strings.help_close) + 4) as u16;
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
    let screen = match app.context() {
        Context::Library => &app.strings.screen_home,
        Context::Reader => &app.strings.screen_reader,
        Context::QuizMenu => &app.strings.screen_quiz,
        Context::Question
        | Context::Exam
        | Context::ExamMap
        | Context::Confirm
        | Context::ExamStart
        | Context::ConfirmLeave
        | Context::Feedback => &app.strings.screen_question,
        Context::ConfirmAbandon => &app.strings.screen_quiz,
        Context::Results | Context::Review => &app.strings.screen_results,
        Context::Plans | Context::Prompt | Context::ConfirmPack => &app.strings.screen_plans,
        Context::Stats | Context::ExportMenu => &app.strings.screen_stats,
        Context::Search => &app.strings.screen_search,
        Context::Cards => &app.strings.cmd_cards,
        Context::ContestSetup
        | Context::ContestNext
        | Context::ContestStake
        | Context::ContestAsk
        | Context::ContestOver => &app.strings.contest_title,
        Context::FindPrompt | Context::Ask if app.screen_kind() == crate::app::ScreenKind::Quiz => {
            &app.strings.cmd_cards
        }
        Context::ClozeInput => &app.strings.cmd_cloze,
        Context::FindPrompt
        | Context::NoteInput
        | Context::BookmarkInput
        | Context::BookmarkList => &app.strings.screen_reader,
        Context::Notes => &app.strings.screen_notes,
        Context::Welcome => &app.strings.welcome_title,
        // (the picker is before the app: no help overlay over it)
        Context::Profiles => &app.strings.picker_title,
        Context::Ask if app.screen_kind() == crate::app::ScreenKind::Notes => {
            &app.strings.screen_notes
        }
        Context::Ask => &app.strings.screen_reader,
    };
    let title = fill(&app.strings.help_title, &[("screen", screen)]);
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
    for (i, (k, d)) in rows.iter().enumerate() {
        let (col, row) = (i / per_col, i % per_col);
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
        &app.strings.help_close,
        theme.dim,
    );
}
