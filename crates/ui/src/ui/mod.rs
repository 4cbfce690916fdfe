//! Drawing only: one module per screen plus shared pieces. Never mutates the app.
//!
//! Every string drawn here is cut to the room it has with [`crate::text::width`], so a wide
//! character is never split and nothing overflows its pane.

pub mod cloze;
pub mod help;
pub mod hints;
pub mod input;
pub mod keys;
pub mod library;
pub mod notes;
pub mod plans;
pub mod profiles;
pub mod quiz;
pub mod reader;
pub mod search;
pub mod stats;
pub mod theme;
pub mod welcome;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;

use crate::app::App;
use crate::app::layout::{MIN_HEIGHT, MIN_WIDTH, areas, too_small};
use crate::i18n::fill;
use crate::text::width::{truncate, width};
use crate::text::wrap::wrap_str;
pub use theme::Theme;

/// What the hint bar and the help read of the app, gathered from it in one place.
pub(crate) fn here(app: &App) -> keys::Here {
    let quiz = app.quiz();
    keys::Here {
        context: app.context(),
        facts: app.facts(),
        screen: app.screen_kind(),
        reader_from: app.reader_from(),
        pack_prompt: app.plans().is_some_and(|v| {
            v.prompt
                .as_ref()
                .is_some_and(|p| p.what == crate::app::plans::PromptFor::Pack)
        }),
        cloze: matches!(app.overlay, Some(crate::app::Overlay::Cloze(_))),
        // the review browser in front (its state stays on the quiz while a reader opened from
        // it stands over it, and that reader's / finds in the text)
        cards: app.screen_kind() == crate::app::ScreenKind::Quiz
            && quiz.is_some_and(|q| q.cards.is_some()),
        // a session started over the browser (practice from a reader opened from it): leaving
        // it lands on the browser
        over_cards: app.screen_kind() == crate::app::ScreenKind::Quiz
            && quiz.is_some_and(|q| q.cards.is_some() && q.run.is_some()),
        browser_under: quiz.is_some_and(|q| q.cards.is_some() && q.run.is_none()),
        filter_typing: app.library.filter.as_ref().is_some_and(|f| f.typing),
        contest_leaving: quiz
            .and_then(|q| q.contest.as_ref())
            .is_some_and(|c| c.leaving),
        notes_delete: app
            .notes()
            .is_some_and(|v| matches!(v.ask, Some(crate::app::notes::Ask::Delete(_)))),
        options: quiz.and_then(options_on_screen),
        buzz_keys: contest_buzz_keys(quiz),
    }
}

/// How many options the question on screen has (a 单选 or 多选 being answered; a 判断 has two).
fn options_on_screen(quiz: &crate::app::quiz::Quiz) -> Option<usize> {
    let q = match (
        &quiz.run,
        quiz.contest.as_ref().and_then(|c| c.game.as_ref()),
    ) {
        (Some(run), _) => &run.session.items.get(run.current)?.question,
        (None, Some(g)) => &g.item()?.question,
        _ => return None,
    };
    match q.kind {
        crate::domain::quiz::Kind::Single | crate::domain::quiz::Kind::Multiple => {
            Some(q.options.len())
        }
        // 1 正确, 2 错误 (the bar said "1 选择")
        crate::domain::quiz::Kind::Judge => Some(2),
        _ => None,
    }
}

/// The buzz keys of the contest's players (not the computer's): `z/m/p`.
fn contest_buzz_keys(quiz: Option<&crate::app::quiz::Quiz>) -> String {
    let keys: Vec<String> = quiz
        .and_then(|q| q.contest.as_ref())
        .and_then(|c| c.game.as_ref())
        .map(|g| {
            g.players
                .iter()
                .filter(|p| p.bot.is_none())
                .map(|p| p.buzz.to_string())
                .collect()
        })
        .unwrap_or_default();
    keys.join("/")
}

/// Draws the whole screen. The one place that reads the App: it picks the screen in front and
/// hands each drawing its own state, the [`Ctx`](crate::app::Ctx) and what the keys are here.
pub fn render(frame: &mut Frame<'_>, app: &App, theme: &Theme) {
    let size = frame.area();
    if too_small(size) {
        draw_too_small(frame.buffer_mut(), size, &app.ctx, theme);
        return;
    }
    let here = here(app);
    let disk_full = !app.unsaved.is_empty();
    use crate::app::ScreenKind;
    if matches!(
        app.screen_kind(),
        ScreenKind::Quiz
            | ScreenKind::Plans
            | ScreenKind::Stats
            | ScreenKind::Search
            | ScreenKind::Notes
            | ScreenKind::Welcome
    ) {
        // the bar grows while a long message lives: the screen above gives up its rows
        let rows = hints::rows(&here, app.message.as_ref(), size.width, &app.ctx);
        let main = Rect {
            height: size.height - rows,
            ..size
        };
        use crate::app::Screen;
        let ctx = &app.ctx;
        match app.stack.top() {
            Screen::Plans(v) => plans::draw(frame, main, v, &app.library.items, ctx, theme),
            Screen::Search(v) => search::draw(frame, main, v, ctx, theme),
            Screen::Notes(v) => {
                notes::draw(frame.buffer_mut(), main, v, ctx, theme);
                notes::draw_notes_edit(frame, main, v, ctx, theme);
            }
            Screen::Welcome(w) => {
                welcome::draw(frame, main, w, app.library.items.len(), ctx, theme)
            }
            Screen::Stats(v) => {
                stats::draw(frame.buffer_mut(), main, v, ctx, theme);
                stats::draw_export_menu(frame.buffer_mut(), main, v, ctx, theme);
            }
            _ => quiz::draw(frame, main, app.quiz(), app.library.review_due, ctx, theme),
        }
        let buf = frame.buffer_mut();
        hints::draw(
            buf,
            Rect {
                y: size.bottom() - rows,
                height: rows,
                ..size
            },
            &here,
            app.message.as_ref(),
            disk_full,
            ctx,
            theme,
        );
        if app.help {
            help::draw(buf, size, &here, app.help_scroll, ctx, theme);
        }
        return;
    }
    let a = areas(size, app.screen_kind() == crate::app::ScreenKind::Reader);
    let mut cursor = None;
    let (lib, ctx) = (&app.library, &app.ctx);
    let buf = frame.buffer_mut();
    if let Some(r) = a.library {
        library::draw(buf, r, lib, ctx, theme, &mut cursor);
    }
    if let Some(r) = a.reader {
        reader::draw(buf, r, lib, ctx, theme);
    }
    if let Some(r) = a.gauge {
        reader::draw_gauge(buf, r, lib, ctx, here.context, theme);
    }
    let rows = hints::rows(&here, app.message.as_ref(), size.width, ctx);
    hints::draw(
        buf,
        Rect {
            y: a.hints.y.saturating_sub(rows - 1),
            height: a.hints.height + rows - 1,
            ..a.hints
        },
        &here,
        app.message.as_ref(),
        disk_full,
        ctx,
        theme,
    );
    match app.overlay {
        Some(crate::app::Overlay::Find(ref input)) => {
            reader::draw_find_prompt(frame, a.hints, input, ctx, theme)
        }
        Some(crate::app::Overlay::Bookmarks(ref list)) => {
            notes::draw_bookmark_list(frame.buffer_mut(), size, list, ctx, theme)
        }
        Some(crate::app::Overlay::Input(ref ri)) => {
            notes::draw_reader_input(frame, size, a.hints, ri, ctx, theme)
        }
        Some(crate::app::Overlay::Cloze(ref c)) => {
            let within = Rect::new(0, 0, size.width, a.hints.y);
            cloze::draw(frame, within, ctx, c, theme)
        }
        None => {}
    }
    if let Some(c) = cursor.filter(|_| !app.help) {
        frame.set_cursor_position(c);
    }
    if app.help {
        help::draw(frame.buffer_mut(), size, &here, app.help_scroll, ctx, theme);
    }
}

/// Writes `text` at (x, y), cut to `max` columns. Returns the columns used.
pub fn put(buf: &mut Buffer, x: u16, y: u16, max: usize, text: &str, style: Style) -> usize {
    if max == 0 {
        return 0;
    }
    let t = truncate(text, max);
    buf.set_stringn(x, y, &t, max, style);
    width(&t)
}

/// Clears `area` for an overlay. A wide character just left of it would have its right half
/// under the overlay's border: it is blanked too, so nothing is drawn half.
pub fn clear_overlay(buf: &mut Buffer, area: Rect) {
    ratatui::widgets::Widget::render(ratatui::widgets::Clear, area, buf);
    if area.x == 0 {
        return;
    }
    for y in area.top()..area.bottom() {
        let cell = &mut buf[(area.x - 1, y)];
        if width(cell.symbol()) > 1 {
            cell.set_symbol(" ");
        }
    }
}

/// A centred, cleared, bordered box of `w`×`h` inside `within`, with an optional title.
/// Returns its rect.
pub fn overlay(
    buf: &mut Buffer,
    within: Rect,
    w: u16,
    h: u16,
    title: Option<&str>,
    theme: &Theme,
) -> Rect {
    let (w, h) = (w.min(within.width), h.min(within.height));
    let r = Rect {
        x: within.x + (within.width - w) / 2,
        y: within.y + (within.height - h) / 2,
        width: w,
        height: h,
    };
    clear_overlay(buf, r);
    let mut block = ratatui::widgets::Block::bordered()
        .border_type(ratatui::widgets::BorderType::Rounded)
        .border_style(theme.border_focus);
    if let Some(t) = title {
        block = block.title(ratatui::text::Line::styled(
            truncate(&format!(" {t} "), usize::from(w.saturating_sub(2))),
            theme.accent,
        ));
    }
    ratatui::widgets::Widget::render(block, r, buf);
    r
}

/// The rounded, focused frame of a full screen (plans, stats, search, notes), with its title
/// cut to the room there is.
pub fn screen_block(title: &str, width: u16, theme: &Theme) -> ratatui::widgets::Block<'static> {
    ratatui::widgets::Block::bordered()
        .border_type(ratatui::widgets::BorderType::Rounded)
        .border_style(theme.border_focus)
        .title(ratatui::text::Line::styled(
            truncate(title, usize::from(width.saturating_sub(2))),
            theme.accent,
        ))
}

/// Fills a row of `area` with a style (for selection bars).
pub fn fill_row(buf: &mut Buffer, area: Rect, y: u16, style: Style) {
    buf.set_style(Rect::new(area.x, y, area.width, 1), style);
}

fn draw_too_small(buf: &mut Buffer, size: Rect, ctx: &crate::app::Ctx, theme: &Theme) {
    let msg = fill(
        &ctx.strings.too_small,
        &[
            ("w", &MIN_WIDTH),
            ("h", &MIN_HEIGHT),
            ("cw", &size.width),
            ("ch", &size.height),
        ],
    );
    let w = usize::from(size.width);
    if w == 0 || size.height == 0 {
        return;
    }
    let lines = if w >= 2 {
        wrap_str(&msg, w)
    } else {
        Vec::new()
    };
    for (i, line) in lines.iter().take(usize::from(size.height)).enumerate() {
        put(buf, size.x, size.y + i as u16, w, line, theme.error);
    }
}
