//! The checklist screen: one plan at a time, its gauge, its items with their state, and the
//! selected item's details; a prompt box for notes, tasks and new plans.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use ratatui::widgets::Widget;

use super::{Theme, fill_row, put};
use crate::app::Ctx;
use crate::app::plans::PlansView;
use crate::app::plans::{PromptFor, item_rows};
use crate::domain::material::Summary;
use crate::domain::plan::{ItemKind, ItemState, days_left};
use crate::domain::report::Names;
use crate::i18n::fill;
use crate::text::width::{truncate, width};

/// Material titles as the app knows them, for items that name a material.
pub fn names(v: &PlansView, items: &[Summary]) -> Names {
    let mut n = Names {
        quizzes: v.quiz_titles.clone(),
        ..Names::default()
    };
    for m in items {
        n.materials.insert(
            m.meta.id.clone(),
            (m.meta.title.clone(), m.meta.column.clone()),
        );
    }
    n
}

/// A bar of `w` cells, `done` of `total` filled.
pub fn bar(done: usize, total: usize, w: usize) -> String {
    let filled = (done * w).checked_div(total).unwrap_or(0).min(w);
    format!("{}{}", "█".repeat(filled), "░".repeat(w - filled))
}

/// The plans screen (`items`: the library, for the titles of the materials items name).
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &PlansView,
    items: &[Summary],
    ctx: &Ctx,
    theme: &Theme,
) {
    let s = &ctx.strings;
    let mut title = format!(" {} ", s.screen_plans);
    if let Some((p, _)) = v.current() {
        title = format!(
            " {} · {} ({}/{}) ",
            s.screen_plans,
            p.title,
            v.plan + 1,
            v.plans.len()
        );
    }
    let block = super::screen_block(&title, area.width, theme);
    let inner = block.inner(area);
    let buf = frame.buffer_mut();
    block.render(area, buf);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let w = usize::from(inner.width);
    let Some((plan, status)) = v.current() else {
        put(buf, inner.x, inner.y, w, &s.plans_empty, theme.dim);
        draw_prompt(frame, area, v, items, ctx, theme);
        draw_pack(frame, area, v, ctx, theme);
        return;
    };
    let names = names(v, items);
    let page = Page {
        s,
        v,
        plan,
        status,
        names: &names,
        inner,
        theme,
    };
    page.gauge(buf);
    page.items(buf, area);
    page.details(buf);
    draw_prompt(frame, area, v, items, ctx, theme);
    draw_pack(frame, area, v, ctx, theme);
    draw_ask(frame.buffer_mut(), area, v, ctx, theme);
}

/// The open plan's page, drawn in steps: its gauge line, its items, the selected one's details.
#[derive(Clone, Copy)]
struct Page<'a> {
    s: &'a crate::i18n::Strings,
    v: &'a crate::app::plans::PlansView,
    plan: &'a crate::domain::plan::Plan,
    status: &'a [crate::domain::plan::ItemStatus],
    names: &'a Names,
    inner: Rect,
    theme: &'a Theme,
}

impl Page<'_> {
    /// The gauge line: bar, done count, period, days left (and the offer to start again).
    fn gauge(&self, buf: &mut ratatui::buffer::Buffer) {
        let Page {
            s,
            v,
            plan,
            status,
            names: _,
            inner,
            theme,
        } = *self;
        let w = usize::from(inner.width);
        let today = v.today;
        // gauge line: bar, done count, period, days left
        let done = status.iter().filter(|x| x.done()).count();
        let total = plan.items.len();
        let bar_w = (w / 4).clamp(1, 20);
        let mut x = inner.x;
        let used = put(buf, x, inner.y, w, &bar(done, total, bar_w), theme.progress);
        x += used as u16;
        let mut info = vec![fill(
            &s.plan_done_count,
            &[("done", &done), ("total", &total)],
        )];
        if plan.starts.is_some() || plan.ends.is_some() {
            let d = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string()).unwrap_or_default();
            info.push(format!("{} – {}", d(plan.starts), d(plan.ends)));
        }
        if let Some(today) = today {
            match (days_left(plan, today), plan.starts) {
                (_, Some(st)) if st > today => info.push(fill(
                    &s.plan_not_started,
                    &[("n", &crate::domain::stats::days_between(today, st))],
                )),
                (Some(n), _) if n < 0 => info.push(s.plan_ended.clone()),
                (Some(n), _) => info.push(fill(&s.plan_days_left, &[("n", &n)])),
                _ => {}
            }
        }
        put(
            buf,
            x + 1,
            inner.y,
            w.saturating_sub(used + 1),
            &info.join(" · "),
            theme.text,
        );
        // over or behind (the bundled 2020 plan for a new member): the way to start it again
        if today.is_some_and(|t| plan.behind(status, t)) {
            // on one row: the short form where the whole one would be cut (40 columns)
            let offer = if width(&s.plan_restart_offer) > w {
                &s.plan_restart_offer_short
            } else {
                &s.plan_restart_offer
            };
            put(buf, inner.x, inner.y + 1, w, offer, theme.accent);
        }
    }

    /// The items: mark, title, and the state right-aligned in a column.
    fn items(&self, buf: &mut ratatui::buffer::Buffer, area: Rect) {
        let Page {
            s,
            v,
            plan,
            status,
            names,
            inner,
            theme,
        } = *self;
        let w = usize::from(inner.width);
        let total = plan.items.len();
        // items: mark, title, and the state right-aligned in a column as wide as the widest shown
        let rows = item_rows(area.height + 1).min(usize::from(inner.height.saturating_sub(4)));
        let top = inner.y + 2;
        let shown: Vec<usize> = (v.offset..total).take(rows).collect();
        // in words where there is room; else the date alone, then without its year (the mark and
        // the colour still say done, due or overdue): a date is never cut
        let right_in = |i: usize, short: u8| -> String {
            let day = |d: &jiff::civil::Date| match short {
                0 | 1 => d.to_string(),
                _ => d.strftime("%m-%d").to_string(),
            };
            match (&status[i].state, plan.items[i].due, short) {
                (ItemState::Done { on }, _, 0) => fill(&s.item_done, &[("date", on)]),
                (ItemState::Overdue, Some(d), 0) => fill(&s.item_overdue, &[("date", &d)]),
                (_, Some(d), 0) => fill(&s.item_due, &[("date", &d)]),
                (ItemState::Done { on }, _, _) => day(on),
                (_, Some(d), _) => day(&d),
                _ => String::new(),
            }
        };
        let left = w.saturating_sub(2);
        let widest = |short: u8| {
            shown
                .iter()
                .map(|&i| width(&right_in(i, short)))
                .max()
                .unwrap_or(0)
        };
        let short = (0..2).find(|&k| widest(k) <= left / 2).unwrap_or(2);
        let right_of = |i: usize| right_in(i, short);
        let rw = widest(short).min(left / 2);
        let tw = left.saturating_sub(rw + usize::from(rw > 0));
        for (row, &i) in shown.iter().enumerate() {
            let y = top + row as u16;
            let (item, st) = (&plan.items[i], &status[i]);
            let selected = i == v.item;
            let (mark, mark_style) = match st.state {
                ItemState::Done { .. } => ("✓", theme.read),
                ItemState::Overdue => ("!", theme.error),
                ItemState::Due => ("◐", theme.accent),
                ItemState::Open => ("○", theme.dim),
            };
            let right_style = match st.state {
                ItemState::Overdue => theme.error,
                ItemState::Due => theme.accent,
                _ => theme.dim,
            };
            let base = if selected { theme.selected } else { theme.text };
            if selected {
                fill_row(buf, inner, y, theme.selected);
            }
            put(
                buf,
                inner.x,
                y,
                w,
                mark,
                if selected { base } else { mark_style },
            );
            let text = s.item_title(item, names);
            let style = if st.done() && !selected {
                base.add_modifier(Modifier::DIM)
            } else {
                base
            };
            put(buf, inner.x + 2, y, tw, &text, style);
            if rw > 0 {
                let right = truncate(&right_of(i), rw);
                let rx = inner.x + (w - width(&right)) as u16;
                put(
                    buf,
                    rx,
                    y,
                    width(&right),
                    &right,
                    if selected { base } else { right_style },
                );
            }
        }
    }

    /// What completes the selected item, and its note or minutes.
    fn details(&self, buf: &mut ratatui::buffer::Buffer) {
        let Page {
            s,
            v,
            plan,
            status,
            names,
            inner,
            theme,
        } = *self;
        let w = usize::from(inner.width);
        // details of the selected item: what completes it, and its note or minutes
        if inner.height >= 5
            && let (Some(item), Some(st)) = (plan.items.get(v.item), status.get(v.item))
        {
            let what = match &item.kind {
                ItemKind::Task => s.plan_task.clone(),
                _ => {
                    let bare = crate::domain::plan::PlanItem {
                        title: String::new(),
                        ..item.clone()
                    };
                    s.item_title(&bare, names)
                }
            };
            let y = inner.bottom() - 2;
            put(
                buf,
                inner.x,
                y,
                w,
                &fill(&s.item_completes, &[("what", &what)]),
                theme.dim,
            );
            let second = match (&st.minutes, st.note.is_empty()) {
                (Some((n, target)), _) => fill(&s.item_minutes, &[("n", n), ("target", target)]),
                (None, false) => fill(&s.item_note, &[("note", &st.note)]),
                _ if item.by_member => s.item_by_member.clone(),
                _ => String::new(),
            };
            put(buf, inner.x, y + 1, w, &second, theme.text);
        }
    }
}

/// Deleting the member's own item or plan: the question, over the screen.
fn draw_ask(
    buf: &mut ratatui::buffer::Buffer,
    area: Rect,
    v: &PlansView,
    ctx: &Ctx,
    theme: &Theme,
) {
    let Some(ask) = v.ask.as_ref() else {
        return;
    };
    let q = match ask {
        crate::app::plans::PlanAsk::Item { .. } => &ctx.strings.ask_delete_item,
        crate::app::plans::PlanAsk::Plan { .. } => &ctx.strings.ask_delete_plan,
    };
    super::notes::draw_question(buf, area, q, theme);
}

/// A study pack checked, over the screen: what it would change, and y/n.
fn draw_pack(frame: &mut Frame<'_>, area: Rect, v: &PlansView, ctx: &Ctx, theme: &Theme) {
    let Some((_, lines)) = v.pack.as_ref() else {
        return;
    };
    let w = area.width.saturating_sub(4).clamp(20, 76);
    let inner_w = usize::from(w.saturating_sub(2));
    let wrapped: Vec<String> = lines
        .iter()
        .flat_map(|l| crate::text::wrap::wrap_str(l, inner_w))
        .collect();
    let h = (wrapped.len() as u16 + 2).min(area.height);
    let r = super::overlay(
        frame.buffer_mut(),
        area,
        w,
        h,
        Some(&ctx.strings.pack_confirm_title),
        theme,
    );
    for (i, l) in wrapped
        .iter()
        .enumerate()
        .take(usize::from(r.height.saturating_sub(2)))
    {
        put(
            frame.buffer_mut(),
            r.x + 1,
            r.y + 1 + i as u16,
            inner_w,
            l,
            theme.text,
        );
    }
}

/// The text prompt, over the screen, with the real cursor in it (so an input method's
/// candidate window opens there).
fn draw_prompt(
    frame: &mut Frame<'_>,
    area: Rect,
    v: &PlansView,
    items: &[Summary],
    ctx: &Ctx,
    theme: &Theme,
) {
    let Some(p) = v.prompt.as_ref() else {
        return;
    };
    let s = &ctx.strings;
    let item_title;
    let title = match &p.what {
        PromptFor::Note { .. } => &s.prompt_note,
        PromptFor::Task { kind, .. } => {
            item_title =
                crate::app::plan_items::prompt_title(s, items, &v.quiz_titles, *kind, &p.text());
            &item_title
        }
        PromptFor::Due { title, .. } => {
            item_title = crate::i18n::fill(&s.prompt_due, &[("title", title)]);
            &item_title
        }
        PromptFor::Plan => &s.prompt_plan,
        PromptFor::Pack => &s.prompt_pack,
        PromptFor::Restart { .. } => &s.prompt_restart,
        PromptFor::Rename { .. } => &s.prompt_rename,
    };
    let w = (width(title) as u16 + 6).clamp(30, 70);
    let r = super::overlay(frame.buffer_mut(), area, w, 3, Some(title), theme);
    if r.width < 3 || r.height < 3 {
        return;
    }
    let line = Rect::new(r.x + 1, r.y + 1, r.width - 2, 1);
    if let Some(cursor) = super::input::input_line(frame.buffer_mut(), line, &p.input, theme.text) {
        frame.set_cursor_position(cursor);
    }
}
