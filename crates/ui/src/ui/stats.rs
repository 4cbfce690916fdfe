//! The stats screen: today against the caps, streaks, the period's totals, a 26-week heat map
//! of study minutes, minutes per column and quiz results. Sections that do not fit are left
//! out from the bottom, never cut through a character.

use jiff::ToSpan;
use jiff::civil::Date;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::widgets::{Sparkline, Widget};

use super::{Theme, put};
use crate::app::Ctx;
use crate::app::stats::StatsView;
use crate::domain::stats::{PeriodKind, PointRules, Stats, minutes};
use crate::i18n::{Strings, fill};
use crate::text::width::{fit, width};

/// Weeks in the heat map when there is room.
pub const HEAT_WEEKS: usize = 26;

/// The shade of a day by its study minutes: 0, under 15, under 30, under 60, an hour or more.
pub fn level(mins: i64) -> usize {
    match mins {
        i64::MIN..=0 => 0,
        1..=14 => 1,
        15..=29 => 2,
        30..=59 => 3,
        _ => 4,
    }
}

const SHADES: [&str; 5] = ["·", "░", "▒", "▓", "█"];

fn period_name(s: &Strings, k: PeriodKind) -> &str {
    match k {
        PeriodKind::Week => &s.period_week,
        PeriodKind::Month => &s.period_month,
        PeriodKind::Year => &s.period_year,
    }
}

/// The stats screen; on a screen too low for the whole page, the page drawn whole off screen
/// and the rows scrolled to copied in (the frame stays where it is).
pub fn draw(buf: &mut Buffer, area: Rect, v: &StatsView, ctx: &Ctx, theme: &Theme) {
    if area.height >= crate::app::stats::STATS_FITS || area.height < 3 || area.width < 3 {
        draw_page(buf, area, v, ctx, theme);
        return;
    }
    let tall = Rect::new(area.x, area.y, area.width, crate::app::stats::STATS_ROWS);
    let mut page = Buffer::empty(tall);
    draw_page(&mut page, tall, v, ctx, theme);
    draw_page(buf, area, v, ctx, theme);
    let rows = area.height - 2;
    let scroll = v.scroll.min(tall.height - area.height);
    for r in 0..rows {
        for x in area.x + 1..area.right() - 1 {
            let from = (x, area.y + 1 + scroll + r);
            if let (Some(src), Some(dst)) = (page.cell(from), buf.cell_mut((x, area.y + 1 + r))) {
                *dst = src.clone();
            }
        }
    }
    // an arrow on the frame says there is more above or below
    let edge = area.right() - 2;
    if scroll > 0 {
        put(buf, edge, area.y, 1, "↑", theme.key);
    }
    if scroll < tall.height - area.height {
        put(buf, edge, area.bottom() - 1, 1, "↓", theme.key);
    }
}

fn draw_page(buf: &mut Buffer, area: Rect, v: &StatsView, ctx: &Ctx, theme: &Theme) {
    let s = &ctx.strings;
    let mut title = format!(" {} · {} ", s.screen_stats, period_name(s, v.kind));
    if let Some(st) = &v.stats {
        title = format!(
            " {} · {} {} – {} ",
            s.screen_stats,
            period_name(s, v.kind),
            st.period.from,
            st.period.to
        );
    }
    let block = super::screen_block(&title, area.width, theme);
    let framed = block.inner(area);
    block.render(area, buf);
    // a column of air inside each side of the frame, as the library has
    let inner = Rect::new(
        framed.x + 1,
        framed.y,
        framed.width.saturating_sub(2),
        framed.height,
    );
    let Some(st) = &v.stats else {
        return;
    };
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let label_w = [
        &s.stats_today,
        &s.stats_streak,
        &s.stats_review,
        period_name(s, v.kind),
    ]
    .iter()
    .map(|l| width(l))
    .max()
    .unwrap_or(4);
    let mut lines = Lines {
        inner,
        y: inner.y,
        label_w,
        theme,
    };
    lines.today(buf, s, st, &ctx.config.points);
    lines.streak(buf, s, st);
    lines.totals(buf, s, period_name(s, v.kind), st);
    let mut y = lines.y;
    let bottom = inner.bottom();

    // the heat map: title, 7 weekday rows, legend
    if y + 10 <= bottom {
        y += 1;
        y = heat_map(buf, Rect::new(inner.x, y, inner.width, 9), ctx, st, theme);
    }

    // minutes per column | quiz results, side by side
    if y + 3 <= bottom {
        y += 1;
        let h = bottom - y;
        let left_w = inner.width / 2;
        columns(buf, Rect::new(inner.x, y, left_w, h), s, st, theme);
        quiz_chart(
            buf,
            Rect::new(inner.x + left_w + 1, y, inner.width - left_w - 1, h),
            (s, &ctx.tz),
            st,
            theme,
        );
    }
}

/// The labelled lines at the top of the stats page, written one under the other.
struct Lines<'a> {
    inner: Rect,
    /// The row the next line goes on.
    y: u16,
    /// The labels' column, as wide as the widest label.
    label_w: usize,
    theme: &'a Theme,
}

impl Lines<'_> {
    /// A label and its text on the next row (nothing below the page).
    fn line(&mut self, buf: &mut Buffer, label: &str, text: &str) {
        if self.y >= self.inner.bottom() {
            return;
        }
        let w = usize::from(self.inner.width);
        let lw = put(buf, self.inner.x, self.y, w, label, self.theme.heading);
        put(
            buf,
            self.inner.x + lw as u16 + 1,
            self.y,
            w.saturating_sub(lw + 1),
            text,
            self.theme.text,
        );
        self.y += 1;
    }

    /// `parts` joined by ` · ` after `label`, on as many rows as they need, each part whole
    /// (a part wider than the room is cut at the edge on a row of its own).
    fn flow(&mut self, buf: &mut Buffer, label: &str, parts: Vec<String>) {
        let room = self.room();
        let mut label = label.to_string();
        let mut row = String::new();
        for c in parts {
            let next = if row.is_empty() {
                c.clone()
            } else {
                format!("{row} · {c}")
            };
            if !row.is_empty() && width(&next) > room {
                self.line(buf, &label, &row);
                label = self.blank_label();
                row = c;
            } else {
                row = next;
            }
        }
        self.line(buf, &label, &row);
    }

    /// The columns right of the labels.
    fn room(&self) -> usize {
        usize::from(self.inner.width).saturating_sub(self.label_w + 1)
    }

    fn blank_label(&self) -> String {
        " ".repeat(self.label_w)
    }

    /// Today: minutes, points against the day's most, and each kind's points against its cap.
    fn today(&mut self, buf: &mut Buffer, s: &Strings, st: &Stats, rules: &PointRules) {
        let today = st.days.get(&st.today).copied().unwrap_or_default();
        let line = fill(
            &s.stats_today_line,
            &[
                ("minutes", &minutes(today.study_secs())),
                ("points", &st.today_points.total),
                ("max", &rules.daily_max()),
                ("all", &st.all_points),
            ],
        );
        // at 40 columns 累计 went past the edge: the line's parts flow onto the next row
        self.flow(buf, &fit(&s.stats_today, self.label_w), pieces(&line));
        let p = &st.today_points;
        let caps: Vec<String> = [
            (&s.points_login, p.login, rules.login.cap),
            (&s.points_article, p.article, rules.article.cap),
            (&s.points_reading, p.reading, rules.reading.cap),
            (&s.points_daily, p.daily, rules.daily.cap),
            (&s.points_exam, p.exam, rules.exam.cap),
            (&s.points_challenge, p.challenge, rules.challenge.cap),
            (&s.points_opinion, p.opinion, rules.opinion.cap),
            (&s.points_weekly, p.weekly, rules.weekly.cap),
            (&s.points_special, p.special, rules.special.cap),
        ]
        .iter()
        .map(|(n, got, cap)| format!("{n} {got}/{cap}"))
        .collect();
        // the day's breakdown on as many lines as it needs, each item whole
        self.flow(buf, &self.blank_label(), caps);
    }

    /// The streak, and the review's figures beside it where they fit (the charts below need
    /// the rows).
    fn streak(&mut self, buf: &mut Buffer, s: &Strings, st: &Stats) {
        let streak = fill(
            &s.stats_streak_line,
            &[
                ("current", &st.current_streak),
                ("longest", &st.longest_streak),
            ],
        );
        let review = fill(
            &s.stats_review_line,
            &[
                ("today", &st.review_today),
                ("tomorrow", &st.review_tomorrow),
            ],
        );
        let room = self.room();
        let gap = 4;
        let beside = width(&streak) + gap + width(&s.stats_review) + 1 + width(&review) <= room;
        let streak_y = self.y;
        self.line(buf, &fit(&s.stats_streak, self.label_w), &streak);
        if beside && streak_y < self.inner.bottom() {
            let x = self.inner.x + (self.label_w + 1 + width(&streak) + gap) as u16;
            let lw = put(buf, x, streak_y, room, &s.stats_review, self.theme.heading);
            let rest = room.saturating_sub(width(&streak) + gap + lw + 1);
            put(
                buf,
                x + lw as u16 + 1,
                streak_y,
                rest,
                &review,
                self.theme.text,
            );
        } else {
            self.line(buf, &fit(&s.stats_review, self.label_w), &review);
        }
    }

    /// The period's totals, on two lines.
    fn totals(&mut self, buf: &mut Buffer, s: &Strings, period: &str, st: &Stats) {
        let t = &st.totals;
        let line1 = fill(
            &s.stats_totals_line1,
            &[
                ("time", &s.hours_minutes(t.study_secs)),
                ("points", &t.points),
                ("days", &t.days_studied),
            ],
        );
        self.flow(buf, &fit(period, self.label_w), pieces(&line1));
        self.line(
            buf,
            &self.blank_label(),
            &fill(
                &s.stats_totals_line2,
                &[
                    ("articles", &t.articles),
                    ("attempts", &t.attempts),
                    ("exams", &t.exams_passed),
                ],
            ),
        );
    }
}

/// A line's ` · `-separated parts, so it can flow onto more rows.
fn pieces(line: &str) -> Vec<String> {
    line.split(" · ").map(str::to_string).collect()
}

/// Draws the heat map into `area` (9 rows); returns the row after it.
fn heat_map(buf: &mut Buffer, area: Rect, ctx: &Ctx, st: &Stats, theme: &Theme) -> u16 {
    let s = &ctx.strings;
    let w = usize::from(area.width);
    let days: Vec<String> = s.weekdays.split(',').map(str::to_string).collect();
    let lw = days.iter().map(|d| width(d)).max().unwrap_or(2);
    let weeks = HEAT_WEEKS.min(w.saturating_sub(lw + 1) / 2);
    let monday = st
        .today
        .checked_sub(i64::from(st.today.weekday().to_monday_zero_offset()).days())
        .unwrap_or(st.today);
    let first: Date = monday
        .checked_sub((7 * weeks.saturating_sub(1) as i64).days())
        .unwrap_or(monday);
    let title = format!("{} ({first} – {})", s.stats_heat_title, st.today);
    let tw = put(buf, area.x, area.y, w, &title, theme.heading);
    for (r, name) in days.iter().enumerate().take(7) {
        let y = area.y + 1 + r as u16;
        put(buf, area.x, y, w, &fit(name, lw), theme.dim);
        for c in 0..weeks {
            let Ok(d) = first.checked_add(((c * 7 + r) as i64).days()) else {
                continue;
            };
            if d > st.today {
                continue;
            }
            let mins = st.days.get(&d).map_or(0, |x| minutes(x.study_secs()));
            let lv = level(mins);
            let style = if lv == 0 { theme.dim } else { theme.read };
            let x = area.x + (lw + 1 + c * 2) as u16;
            put(buf, x, y, 2, &SHADES[lv].repeat(2), style);
        }
    }
    // under the weeks, each month's name where it begins (a name that would touch the one
    // before is left out)
    let y = area.y + 8;
    let months: Vec<&str> = s.months.split(',').collect();
    let mut free = 0usize; // the first column a name may start at
    for c in 0..weeks {
        let Ok(monday) = first.checked_add(((c * 7) as i64).days()) else {
            continue;
        };
        let sunday = monday.checked_add(6.days()).unwrap_or(monday);
        // the week holding the 1st (or the first week shown) names its month
        let starts = if c == 0 {
            Some(monday)
        } else {
            (monday.month() != sunday.month() || monday.day() == 1).then_some(sunday)
        };
        let Some(d) = starts else { continue };
        let name = months.get(d.month() as usize - 1).copied().unwrap_or("");
        let at = lw + 1 + c * 2;
        if at < free || at + width(name) > w {
            continue;
        }
        put(buf, area.x + at as u16, y, width(name), name, theme.dim);
        free = at + width(name) + 1;
    }
    // the legend at the end of the title line, where there is room for it
    let legend_w = width(&s.stats_less) + width(&s.stats_more) + 2 + SHADES.len() * 2;
    if tw + 2 + legend_w <= w {
        let mut x = area.x + (w - legend_w) as u16;
        let used = put(
            buf,
            x,
            area.y,
            legend_w,
            &format!("{} ", s.stats_less),
            theme.dim,
        );
        x += used as u16;
        for (lv, shade) in SHADES.iter().enumerate() {
            let style = if lv == 0 { theme.dim } else { theme.read };
            x += put(buf, x, area.y, 2, &shade.repeat(2), style) as u16;
        }
        put(
            buf,
            x,
            area.y,
            width(&s.stats_more) + 1,
            &format!(" {}", s.stats_more),
            theme.dim,
        );
    }
    y + 1
}

/// Minutes per column as horizontal bars, then quiz time.
fn columns(buf: &mut Buffer, area: Rect, s: &Strings, st: &Stats, theme: &Theme) {
    let w = usize::from(area.width);
    if w == 0 || area.height == 0 {
        return;
    }
    put(buf, area.x, area.y, w, &s.stats_by_column, theme.heading);
    let mut rows: Vec<(String, i64)> = st
        .by_column
        .iter()
        .map(|(c, secs)| {
            let c = if c.is_empty() { &s.column_other } else { c };
            (c.clone(), *secs)
        })
        .collect();
    if st.totals.quiz_secs > 0 {
        rows.push((s.stats_quiz_row.clone(), st.totals.quiz_secs));
    }
    if rows.is_empty() {
        if area.height > 1 {
            put(buf, area.x, area.y + 1, w, &s.stats_none, theme.dim);
        }
        return;
    }
    let max = rows.iter().map(|(_, v)| *v).max().unwrap_or(1).max(1);
    let name_w = rows
        .iter()
        .map(|(n, _)| width(n))
        .max()
        .unwrap_or(4)
        .min(w / 3);
    for (i, (name, secs)) in rows.iter().enumerate() {
        let y = area.y + 1 + i as u16;
        if y >= area.bottom() {
            break;
        }
        // in minutes by the one rule the day and the week follow: any study is at least a
        // minute, so a bar is never labelled 0 (nor 9 秒 beside 今日 1 分钟)
        let mins = format!(" {}", fill(&s.minutes, &[("n", &minutes(*secs))]));
        let bar_room = w.saturating_sub(name_w + 1 + width(&mins));
        let n = (*secs * bar_room as i64 / max) as usize;
        let used = put(buf, area.x, y, w, &fit(name, name_w), theme.text);
        let x = area.x + used as u16 + 1;
        let b = put(buf, x, y, bar_room, &"▇".repeat(n.max(1)), theme.progress);
        put(
            buf,
            x + b as u16,
            y,
            w.saturating_sub(used + 1 + b),
            &mins,
            theme.dim,
        );
    }
}

/// Quiz percent of each session in the period, oldest to newest, as a sparkline.
fn quiz_chart(
    buf: &mut Buffer,
    area: Rect,
    (s, tz): (&Strings, &jiff::tz::TimeZone),
    st: &Stats,
    theme: &Theme,
) {
    let w = usize::from(area.width);
    if w == 0 || area.height == 0 {
        return;
    }
    let n = st.quiz_percent.len();
    let label = if n > 0 {
        let avg = st.quiz_percent.iter().map(|(_, p)| p).sum::<f64>() / n as f64;
        format!("{} · {n} · ⌀ {avg:.0}%", s.stats_quiz_chart)
    } else {
        s.stats_quiz_chart.clone()
    };
    put(buf, area.x, area.y, w, &label, theme.heading);
    if area.height < 2 {
        return;
    }
    if n == 0 {
        put(buf, area.x, area.y + 1, w, &s.stats_none, theme.dim);
        return;
    }
    // a percent axis on the left (100 at the top, 0 at the bottom), the sessions' days under
    // the bars when there is a row for them, else beside the title
    let gutter = 4u16;
    if area.width <= gutter + 1 {
        return;
    }
    let bars_w = usize::from(area.width - gutter);
    let shown: Vec<&(jiff::Timestamp, f64)> =
        st.quiz_percent.iter().rev().take(bars_w).rev().collect();
    let day = |t: &jiff::Timestamp| {
        t.to_zoned_datetime(tz.clone())
            .strftime("%m-%d")
            .to_string()
    };
    let (first, last) = (day(&shown[0].0), day(&shown[shown.len() - 1].0));
    let dates_row = area.height >= 4;
    let bars_h = area.height - 1 - u16::from(dates_row);
    if !dates_row {
        let span = if first == last {
            first.clone()
        } else {
            format!("{first} – {last}")
        };
        let lw = width(&label) as u16 + 3;
        if area.width > lw {
            put(
                buf,
                area.x + lw,
                area.y,
                w - usize::from(lw),
                &span,
                theme.dim,
            );
        }
    }
    for r in 0..bars_h {
        let tick = match r {
            0 => "100",
            r if r + 1 == bars_h => "  0",
            _ => "   ",
        };
        let tick = if bars_h == 1 { "  %" } else { tick };
        put(buf, area.x, area.y + 1 + r, 3, tick, theme.dim);
        put(buf, area.x + 3, area.y + 1 + r, 1, "┤", theme.dim);
    }
    let data: Vec<u64> = shown
        .iter()
        .map(|(_, p)| p.clamp(0.0, 100.0).round() as u64 + 1)
        .collect();
    Sparkline::default()
        .data(&data)
        .max(101)
        .style(theme.progress)
        .render(
            Rect::new(area.x + gutter, area.y + 1, area.width - gutter, bars_h),
            buf,
        );
    if dates_row {
        let y = area.y + 1 + bars_h;
        put(buf, area.x + gutter, y, bars_w, &first, theme.dim);
        let lw = width(&last);
        if shown.len() > 1 && shown.len() > lw + width(&first) {
            // the last session's day under its bar (the bars run left to right)
            let x = area.x + gutter + (shown.len() - lw) as u16;
            put(buf, x, y, lw, &last, theme.dim);
        }
    }
}

/// The export menu over the stats screen.
pub fn draw_export_menu(buf: &mut Buffer, area: Rect, v: &StatsView, ctx: &Ctx, theme: &Theme) {
    if !v.export_menu {
        return;
    }
    let s = &ctx.strings;
    // the formats and their letters, from the menu's key table (Esc is on the bar)
    let rows: Vec<(String, &str)> = crate::app::keys::table(crate::app::keys::Context::ExportMenu)
        .iter()
        .filter(|b| b.command != crate::app::keys::Command::Cancel)
        .map(|b| {
            (
                crate::app::keys::binding_label(b),
                super::keys::describe(s, b.command),
            )
        })
        .collect();
    let w = rows.iter().map(|(_, t)| width(t)).max().unwrap_or(10) + 8;
    let r = super::overlay(
        buf,
        area,
        (w.max(width(&s.export_title) + 6)) as u16,
        rows.len() as u16 + 2,
        Some(&s.export_title),
        theme,
    );
    let inner_w = usize::from(r.width.saturating_sub(4));
    for (i, (k, t)) in rows.iter().enumerate() {
        let y = r.y + 1 + i as u16;
        if y + 1 >= r.bottom() {
            break;
        }
        let used = put(buf, r.x + 2, y, inner_w, k, theme.key);
        put(
            buf,
            r.x + 2 + used as u16 + 2,
            y,
            inner_w.saturating_sub(used + 2),
            t,
            theme.text,
        );
    }
}
