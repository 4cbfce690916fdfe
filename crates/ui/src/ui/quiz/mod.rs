//! The quiz screens: menu, an exam's start screen, question (with the exam's timer and map),
//! feedback, results, review.

mod board;
mod cards;
mod contest;
mod question;

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, BorderType, Widget};

use super::{Theme, fill_row, put};
use crate::app::Ctx;
use crate::app::quiz::{Ask, Phase, Run};
use crate::domain::quiz::{Kind, points_text};
use crate::domain::session::Mode;
use crate::i18n::fill;
use crate::text::clock;
use crate::text::width::{truncate, width};
use crate::text::wrap::wrap_str;
use question::{draw_inputs, draw_map, draw_notice, question_lines};

/// Lines of text with a hanging prefix (`A. ` on the first line, spaces after).
fn hanging(prefix: &str, text: &str, w: usize) -> Vec<String> {
    let pw = width(prefix);
    if w <= pw + 2 {
        return wrap_str(&format!("{prefix}{text}"), w.max(2));
    }
    wrap_str(text, w - pw)
        .into_iter()
        .enumerate()
        .map(|(i, l)| {
            if i == 0 {
                format!("{prefix}{l}")
            } else {
                format!("{}{l}", " ".repeat(pw))
            }
        })
        .collect()
}

/// Writes styled lines into `area` from the top, cutting at its bottom. Returns rows used.
fn write(buf: &mut Buffer, area: Rect, y0: u16, lines: &[(String, Style)]) -> u16 {
    let mut y = y0;
    for (text, style) in lines {
        if y >= area.bottom() {
            break;
        }
        put(buf, area.x, y, usize::from(area.width), text, *style);
        y += 1;
    }
    y - y0
}

/// A fixed head line, then `lines` from `scroll` on (clamped so the last line can reach the
/// bottom); an arrow on the head line says when more is above or below. Returns rows used.
fn write_scrolled(
    buf: &mut Buffer,
    body: Rect,
    head: (String, Style),
    lines: &[(String, Style)],
    scroll: usize,
    theme: &Theme,
) -> u16 {
    let room = usize::from(body.height.saturating_sub(1));
    let scroll = scroll.min(lines.len().saturating_sub(room));
    let more_below = lines.len() > scroll + room;
    let arrow = match (scroll > 0, more_below) {
        (true, true) => " ↑↓",
        (true, false) => " ↑",
        (false, true) => " ↓",
        _ => "",
    };
    let w = usize::from(body.width);
    let aw = width(arrow);
    put(buf, body.x, body.y, w.saturating_sub(aw), &head.0, head.1);
    if aw > 0 && w > aw {
        put(
            buf,
            body.x + (w - aw) as u16,
            body.y,
            aw,
            arrow,
            theme.accent,
        );
    }
    1 + write(buf, body, body.y + 1, &lines[scroll..])
}

/// The quiz screen from its own state (`None`: no quiz yet, an empty frame); `review_due` is
/// for the review browser's head.
pub fn draw(
    frame: &mut Frame<'_>,
    area: Rect,
    quiz: Option<&crate::app::quiz::Quiz>,
    review_due: usize,
    ctx: &Ctx,
    theme: &Theme,
) {
    let Some(quiz) = quiz else {
        draw_frame(frame.buffer_mut(), area, &ctx.strings.quiz_title, theme);
        return;
    };
    match &quiz.run {
        None if quiz.contest.is_some() => {
            if let Some(v) = &quiz.contest {
                contest::draw(frame.buffer_mut(), area, ctx, v, theme);
            }
        }
        None if quiz.cards.is_some() => {
            if let Some(v) = &quiz.cards {
                cards::draw(frame, area, ctx, review_due, v, theme);
            }
        }
        None => {
            let buf = frame.buffer_mut();
            let inner = draw_frame(buf, area, &ctx.strings.quiz_title, theme);
            draw_menu(buf, inner, quiz, theme);
            if let Some(id) = quiz.abandon {
                let limited = quiz
                    .menu
                    .iter()
                    .any(|e| e.abandon == Some(id) && e.uses_attempt);
                let text = if limited {
                    &ctx.strings.quiz_abandon_confirm_limited
                } else {
                    &ctx.strings.quiz_abandon_confirm
                };
                draw_notice(buf, area, text, theme);
            }
        }
        Some(run) => draw_run(frame, area, ctx, run, theme),
    }
}

/// The menu's entries (a label, and a detail line under it), scrolled so the highlighted one
/// is always in view, with ↑/↓ at the frame's edge when more is above or below.
fn draw_menu(buf: &mut Buffer, inner: Rect, quiz: &crate::app::quiz::Quiz, theme: &Theme) {
    let w = usize::from(inner.width);
    let room = usize::from(inner.height);
    if room == 0 || w < 6 {
        return;
    }
    // a detail too wide for its row wraps to a second one (so a paper's status — 还没做过,
    // 已交卷 — is not cut off at 40 columns); what a second row cannot hold is cut there
    let details: Vec<Vec<String>> = quiz
        .menu
        .iter()
        .map(|e| detail_rows(&e.detail, w - 5))
        .collect();
    let rows = |i: usize| 1 + details[i].len();
    // the first entry shown: the highlighted one's last row sits at the bottom at most
    let mut first = 0;
    let upto: usize = (0..=quiz.selected.min(quiz.menu.len().saturating_sub(1)))
        .map(rows)
        .sum();
    let mut skipped = 0;
    while upto - skipped > room && first < quiz.selected {
        skipped += rows(first);
        first += 1;
    }
    let mut y = inner.y;
    let mut last = first;
    for (i, e) in quiz.menu.iter().enumerate().skip(first) {
        if y + rows(i) as u16 > inner.bottom() {
            break;
        }
        last = i;
        let selected = i == quiz.selected;
        let style = if selected { theme.selected } else { theme.text };
        if selected {
            fill_row(buf, inner, y, style);
        }
        let label_style = if e.start.is_none() && e.abandon.is_none() {
            theme.dim
        } else {
            style
        };
        put(
            buf,
            inner.x + 1,
            y,
            w.saturating_sub(3),
            &e.label,
            label_style,
        );
        y += 1;
        let detail_style = if selected { style } else { theme.dim };
        for d in &details[i] {
            if selected {
                fill_row(buf, inner, y, style);
            }
            put(buf, inner.x + 3, y, w - 5, d, detail_style);
            y += 1;
        }
    }
    let right = inner.right().saturating_sub(1);
    if first > 0 {
        put(buf, right, inner.y, 1, "↑", theme.accent);
    }
    if last + 1 < quiz.menu.len() {
        put(
            buf,
            right,
            inner.bottom().saturating_sub(1),
            1,
            "↓",
            theme.accent,
        );
    }
}

/// A menu entry's detail in rows of `w` columns, at most two: broken between its parts (" · ")
/// where it can, so that a part — 还没做过, 已交卷 2 次 — is read whole; a part wider than a row
/// is wrapped within itself.
fn detail_rows(detail: &str, w: usize) -> Vec<String> {
    use crate::text::width::width;
    let mut rows: Vec<String> = Vec::new();
    for part in detail.split(" · ").filter(|p| !p.is_empty()) {
        match rows.last_mut() {
            Some(row) if width(row) + 3 + width(part) <= w => {
                row.push_str(" · ");
                row.push_str(part);
            }
            _ if width(part) <= w => rows.push(part.to_string()),
            _ => rows.extend(crate::text::wrap::wrap_str(part, w)),
        }
    }
    rows.truncate(2);
    rows
}

/// The exam's sections: (kind, count, points of the section).
fn sections(run: &Run) -> Vec<(Kind, usize, f64)> {
    let mut out: Vec<(Kind, usize, f64)> = Vec::new();
    for it in &run.session.items {
        match out.iter_mut().find(|(k, ..)| *k == it.question.kind) {
            Some(e) => {
                e.1 += 1;
                e.2 += it.question.points;
            }
            None => out.push((it.question.kind, 1, it.question.points)),
        }
    }
    out
}

/// A section's heading: 一、单选题（5 题，共 10 分）.
fn section_title(s: &crate::i18n::Strings, k: usize, kind: Kind, n: usize, pts: f64) -> String {
    fill(
        &s.quiz_section,
        &[
            ("no", &s.section_number(k)),
            ("kind", &s.kind_name(kind)),
            ("n", &n),
            ("points", &points_text(pts)),
        ],
    )
}

/// The exam's start screen: paper, 题量 by type with points, 时长, 及格线, the rules.
fn start_lines(
    run: &Run,
    w: usize,
    theme: &Theme,
    s: &crate::i18n::Strings,
) -> Vec<(String, Style)> {
    let mut lines = vec![(
        run.session.title.clone(),
        theme.accent.add_modifier(Modifier::BOLD),
    )];
    let total: f64 = run.session.items.iter().map(|i| i.question.points).sum();
    let minutes = run.session.limit_secs.unwrap_or(0) / 60;
    let counts = fill(
        &s.quiz_start_counts,
        &[
            ("n", &run.session.len()),
            ("points", &points_text(total)),
            ("minutes", &minutes),
            ("pass", &run.session.pass.unwrap_or(0)),
        ],
    );
    for l in wrap_str(&counts, w) {
        lines.push((l, theme.text));
    }
    for (k, (kind, n, pts)) in sections(run).into_iter().enumerate() {
        lines.push((
            format!("  {}", section_title(s, k, kind, n, pts)),
            theme.text,
        ));
    }
    // the paper's own rules: the same for everyone, a limit on attempts
    let mut rules = Vec::new();
    if run.session.fixed {
        rules.push(s.quiz_start_fixed.clone());
    }
    if run.session.sealed {
        rules.push(s.quiz_start_sealed.clone());
    }
    if let Some((n, limit)) = run.session.attempts {
        rules.push(fill(
            &s.quiz_start_attempts,
            &[("n", &n), ("limit", &limit)],
        ));
    }
    if !rules.is_empty() {
        lines.push((String::new(), theme.text));
        for l in wrap_str(&rules.join(""), w) {
            lines.push((l, theme.accent));
        }
    }
    lines.push((String::new(), theme.text));
    for l in wrap_str(&s.quiz_start_rules, w) {
        lines.push((l, theme.dim));
    }
    lines.push((String::new(), theme.text));
    for l in wrap_str(&s.quiz_start_key, w) {
        lines.push((l, theme.key));
    }
    lines
}

fn draw_frame(buf: &mut Buffer, area: Rect, title: &str, theme: &Theme) -> Rect {
    let room = usize::from(area.width.saturating_sub(4));
    Block::bordered()
        .border_type(BorderType::Rounded)
        .border_style(theme.border)
        .title(ratatui::text::Line::styled(
            truncate(&format!(" {title} "), room),
            theme.accent,
        ))
        .render(area, buf);
    Rect {
        x: area.x + 1,
        y: area.y + 1,
        width: area.width.saturating_sub(2),
        height: area.height.saturating_sub(2),
    }
}

fn draw_run(frame: &mut Frame<'_>, area: Rect, ctx: &Ctx, run: &Run, theme: &Theme) {
    let s = &ctx.strings;
    let title = match run.phase {
        // the start page names the paper on its first line: the frame says what it is
        Phase::Start => s.mode_exam.clone(),
        _ => s.session_title(run.session.mode, &run.session.title),
    };
    let buf = frame.buffer_mut();
    let inner = draw_frame(buf, area, &title, theme);
    if inner.width < 4 || inner.height < 2 {
        return;
    }
    let body = Rect {
        x: inner.x + 1,
        width: inner.width - 2,
        ..inner
    };
    let w = usize::from(body.width);
    match &run.phase {
        Phase::Start => {
            // the title stays; the rest scrolls on a small screen
            let lines = start_lines(run, w, theme, s);
            if let Some((title, rest)) = lines.split_first() {
                write_scrolled(buf, body, title.clone(), rest, run.scroll, theme);
            }
        }
        Phase::Results(r) => {
            write(buf, body, body.y, &results_lines(run, r, w, theme, s));
        }
        Phase::Review(_, i) => {
            let head = fill(
                &s.quiz_review_title,
                &[("i", &(i + 1)), ("n", &run.session.len())],
            );
            let (lines, _) = question_lines(run, *i, w, theme, true, s);
            write_scrolled(buf, body, (head, theme.dim), &lines, run.scroll, theme);
        }
        _ => draw_question(frame, area, body, run, theme, s),
    }
}

/// The results of a session: time up, the score (or the challenge's run), the time used and
/// each kind's share.
fn results_lines(
    run: &Run,
    r: &crate::domain::session::Results,
    w: usize,
    theme: &Theme,
    s: &crate::i18n::Strings,
) -> Vec<(String, Style)> {
    let mut lines: Vec<(String, Style)> = Vec::new();
    if run.timed_out {
        lines.push((
            s.quiz_time_up_auto.clone(),
            theme.error.add_modifier(Modifier::BOLD),
        ));
    }
    if r.sealed {
        return sealed_results(run, r, w, theme, s, lines);
    }
    if run.session.mode == Mode::Challenge {
        lines.push((
            fill(&s.quiz_challenge_over, &[("n", &r.right)]),
            theme.accent,
        ));
    } else {
        let score = fill(
            &s.quiz_score,
            &[
                ("score", &points_text(r.score)),
                ("max", &points_text(r.max)),
                ("percent", &format!("{:.0}", r.percent)),
            ],
        );
        lines.push((score, theme.accent));
        if let Some(p) = r.passed {
            let (t, st) = if p {
                (&s.quiz_passed, theme.read)
            } else {
                (&s.quiz_failed, theme.error)
            };
            lines.push((t.clone(), st.add_modifier(Modifier::BOLD)));
        }
    }
    lines.push(time_used(run, s, theme));
    lines.push((String::new(), theme.text));
    for (k, right, total, pts, max) in &r.by_kind {
        let t = fill(
            &s.quiz_by_kind,
            &[
                ("kind", &s.kind_name(*k)),
                ("right", right),
                ("total", total),
                ("points", &points_text(*pts)),
                ("max", &format!("{max:.0}")),
            ],
        );
        for l in wrap_str(&t, w) {
            lines.push((l, theme.text));
        }
    }
    lines
}

/// How long the session took, as its results say it.
fn time_used(run: &Run, s: &crate::i18n::Strings, theme: &Theme) -> (String, Style) {
    let time = clock(run.session.used_ms / 1000);
    (fill(&s.quiz_time_used, &[("time", &time)]), theme.dim)
}

/// A sealed paper handed in: 已交卷, how many were answered and the time, and that the trainer
/// grades it; no score, no pass or fail, no right answers.
fn sealed_results(
    run: &Run,
    r: &crate::domain::session::Results,
    w: usize,
    theme: &Theme,
    s: &crate::i18n::Strings,
    mut lines: Vec<(String, Style)>,
) -> Vec<(String, Style)> {
    lines.push((
        s.quiz_sealed_done.clone(),
        theme.accent.add_modifier(Modifier::BOLD),
    ));
    let answered = fill(
        &s.quiz_sealed_answered,
        &[("answered", &r.answered), ("n", &run.session.len())],
    );
    lines.push((answered, theme.text));
    lines.push(time_used(run, s, theme));
    lines.push((String::new(), theme.text));
    for l in wrap_str(&s.quiz_sealed_note, w) {
        lines.push((l, theme.dim));
    }
    lines
}

/// The question in front while answering (or its feedback), with the map or a question to
/// confirm over it.
fn draw_question(
    frame: &mut Frame<'_>,
    area: Rect,
    body: Rect,
    run: &Run,
    theme: &Theme,
    s: &crate::i18n::Strings,
) {
    let w = usize::from(body.width);
    let i = run.current;
    let kind = run.session.items[i].question.kind;
    let head = question_head(run, kind, s, w);
    let feedback = matches!(run.phase, Phase::Feedback(_));
    let (lines, cursor_line) = question_lines(run, i, w, theme, feedback, s);
    let fill_q = kind == Kind::Fill && !feedback;
    // the inputs of a fill question sit under its text: keep room for them
    let inputs = if fill_q { run.inputs.len() } else { 0 };
    let room = usize::from(body.height.saturating_sub(1)).saturating_sub(inputs);
    let scroll = if feedback {
        run.scroll
    } else if fill_q {
        // the blanks in view, the stem's end just above them
        lines.len().saturating_sub(room)
    } else {
        // a long stem scrolls so the highlighted option is always in view
        (cursor_line + 1).saturating_sub(room.max(1))
    };
    let text_area = Rect {
        height: body.height.saturating_sub(inputs as u16),
        ..body
    };
    let used = write_scrolled(
        frame.buffer_mut(),
        text_area,
        (head, theme.dim),
        &lines,
        scroll,
        theme,
    );
    if fill_q {
        draw_inputs(frame, body, body.y + used, run, theme, s);
    }
    let buf = frame.buffer_mut();
    match &run.phase {
        Phase::Map(cur) => draw_map(buf, area, run, *cur, theme, s),
        Phase::Confirm(Ask::Submit) => {
            let left = run.session.unanswered();
            let msg = if left > 0 {
                fill(&s.quiz_confirm_submit, &[("n", &left)])
            } else {
                s.quiz_submit_confirm_all.clone()
            };
            draw_notice(buf, area, &msg, theme);
        }
        Phase::Confirm(Ask::Leave) => draw_notice(buf, area, &s.quiz_leave_exam, theme),
        _ => {}
    }
}

/// The line above the question: the clocks, where it is in the paper, its section or kind.
fn question_head(run: &Run, kind: Kind, s: &crate::i18n::Strings, w: usize) -> String {
    // the clock first: on a narrow screen the section's name is what gets cut
    let i = run.current;
    let mut head = String::new();
    if let Some(left) = run.session.remaining_secs() {
        head.push_str(&fill(&s.quiz_time_left, &[("time", &clock(left))]));
        head.push_str(" · ");
    }
    if let Some(left) = run.session.question_remaining_secs()
        && matches!(run.phase, Phase::Answering)
    {
        head.push_str(&format!("{left}s · "));
    }
    head.push_str(&format!("{}/{} · ", i + 1, run.session.len()));
    if run.session.mode == Mode::Exam {
        // the section it is in: 二、多选题（5 题，共 10 分）
        let secs = sections(run);
        let k = secs.iter().position(|(sk, ..)| *sk == kind).unwrap_or(0);
        let (_, n, pts) = secs.get(k).copied().unwrap_or((kind, 0, 0.0));
        let whole = section_title(s, k, kind, n, pts);
        if width(&head) + width(&whole) <= w {
            head.push_str(&whole);
        } else {
            // too narrow for the counts (40 columns cut "single choic…"): the section and its
            // type, which the start page and the map give the counts of
            head.push_str(&fill(
                &s.quiz_section_short,
                &[("no", &s.section_number(k)), ("kind", &s.kind_name(kind))],
            ));
        }
    } else {
        head.push_str(s.kind_name(kind));
    }
    head
}
