//! The quiz screens: menu, question (with the exam's timer and map), feedback, results, review.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::widgets::{Block, BorderType, Widget};

use super::{Theme, fill_row, put};
use crate::app::App;
use crate::app::quiz::{Phase, Run, options_of};
use crate::domain::quiz::{Answer, Kind, Response, letter};
use crate::domain::session::Mode;
use crate::i18n::fill;
use crate::text::clock;
use crate::text::width::{truncate, width};
use crate::text::wrap::wrap_str;

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

pub fn draw(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(quiz) = &app.quiz else {
        draw_frame(frame.buffer_mut(), area, &app.strings.quiz_title, theme);
        return;
    };
    match &quiz.run {
        None => {
            let buf = frame.buffer_mut();
            let inner = draw_frame(buf, area, &app.strings.quiz_title, theme);
            let w = usize::from(inner.width);
            let mut y = inner.y;
            for (i, e) in quiz.menu.iter().enumerate() {
                if y + 1 >= inner.bottom() {
                    break;
                }
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
                    w.saturating_sub(2),
                    &e.label,
                    label_style,
                );
                y += 1;
                if !e.detail.is_empty() {
                    if selected {
                        fill_row(buf, inner, y, style);
                    }
                    put(
                        buf,
                        inner.x + 3,
                        y,
                        w.saturating_sub(4),
                        &e.detail,
                        if selected { style } else { theme.dim },
                    );
                    y += 1;
                }
            }
        }
        Some(run) => draw_run(frame, area, app, run, theme),
    }
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

/// The right answer in the letters the member saw.
fn letters(shown: &[usize]) -> String {
    shown.iter().map(|&k| letter(k)).collect()
}

fn judge_word(b: bool) -> String {
    if b { "正确" } else { "错误" }.into()
}

fn shown_answer(run: &Run, i: usize) -> String {
    let item = &run.session.items[i];
    match &item.question.answer {
        Answer::Choice(set) => letters(&item.shown(set)),
        Answer::Judge(b) => judge_word(*b),
        Answer::Fill(blanks) => blanks
            .iter()
            .map(|a| a.join(" / "))
            .collect::<Vec<_>>()
            .join("；"),
    }
}

fn shown_response(run: &Run, i: usize, s: &crate::i18n::Strings) -> String {
    let item = &run.session.items[i];
    match &run.session.responses[i] {
        None => s.quiz_unanswered.clone(),
        Some(Response::Choice(set)) => letters(&item.shown(set)),
        Some(Response::Judge(b)) => judge_word(*b),
        Some(Response::Fill(v)) => v.join("；"),
    }
}

fn draw_run(frame: &mut Frame<'_>, area: Rect, app: &App, run: &Run, theme: &Theme) {
    let s = &app.strings;
    let title = run.session.title.clone();
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
        Phase::Results(r) => {
            let mut lines: Vec<(String, Style)> = Vec::new();
            if run.session.mode == Mode::Challenge {
                lines.push((
                    fill(&s.quiz_challenge_over, &[("n", &r.right)]),
                    theme.accent,
                ));
            } else {
                let score = fill(
                    &s.quiz_score,
                    &[
                        ("score", &format!("{:.1}", r.score)),
                        ("max", &format!("{:.0}", r.max)),
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
            lines.push((
                fill(
                    &s.quiz_time_used,
                    &[("time", &clock(run.session.used_ms / 1000))],
                ),
                theme.dim,
            ));
            lines.push((String::new(), theme.text));
            for (k, right, total, pts, max) in &r.by_kind {
                let t = fill(
                    &s.quiz_by_kind,
                    &[
                        ("kind", &kind_name(s, *k)),
                        ("right", right),
                        ("total", total),
                        ("points", &format!("{pts:.1}")),
                        ("max", &format!("{max:.0}")),
                    ],
                );
                for l in wrap_str(&t, w) {
                    lines.push((l, theme.text));
                }
            }
            write(buf, body, body.y, &lines);
        }
        Phase::Review(_, i) => {
            let head = fill(
                &s.quiz_review_title,
                &[("i", &(i + 1)), ("n", &run.session.len())],
            );
            let mut lines = vec![(head, theme.dim)];
            lines.extend(question_lines(run, *i, w, theme, true, s));
            write(buf, body, body.y, &lines);
        }
        _ => {
            let i = run.current;
            let mut head = format!(
                "{}/{} · {}",
                i + 1,
                run.session.len(),
                kind_name(s, run.session.items[i].question.kind)
            );
            if let Some(left) = run.session.remaining_secs() {
                head.push_str(" · ");
                head.push_str(&fill(&s.quiz_time_left, &[("time", &clock(left))]));
            }
            if let Some(left) = run.session.question_remaining_secs()
                && matches!(run.phase, Phase::Answering)
            {
                head.push_str(&format!(" · {left}s"));
            }
            let feedback = matches!(run.phase, Phase::Feedback(_));
            let lines = question_lines(run, i, w, theme, feedback, s);
            let scroll = if feedback { run.scroll } else { 0 };
            let used = write_scrolled(buf, body, (head, theme.dim), &lines, scroll, theme);
            if run.session.items[i].question.kind == Kind::Fill && !feedback {
                draw_inputs(frame, body, body.y + used, run, theme, s);
            }
            let buf = frame.buffer_mut();
            match &run.phase {
                Phase::Map(cur) => draw_map(buf, area, run, *cur, theme, s),
                Phase::Confirm => {
                    let msg = fill(&s.quiz_confirm_submit, &[("n", &run.session.unanswered())]);
                    draw_notice(buf, area, &msg, theme);
                }
                _ => {}
            }
        }
    }
}

/// The stem, options (with picks, and in feedback/review the right answer marked), and in
/// feedback/review the verdict, the right answer and the explanation.
fn question_lines(
    run: &Run,
    i: usize,
    w: usize,
    theme: &Theme,
    reveal: bool,
    s: &crate::i18n::Strings,
) -> Vec<(String, Style)> {
    let item = &run.session.items[i];
    let q = &item.question;
    let mut lines: Vec<(String, Style)> = Vec::new();
    for l in wrap_str(&q.stem, w) {
        lines.push((l, theme.text.add_modifier(Modifier::BOLD)));
    }
    lines.push((String::new(), theme.text));
    let judge_pos = |b: bool| vec![if b { 0 } else { 1 }];
    let picked: Vec<usize> = if i == run.current && !reveal {
        run.picked.iter().copied().collect()
    } else {
        match &run.session.responses[i] {
            Some(Response::Choice(set)) => item.shown(set),
            Some(Response::Judge(b)) => judge_pos(*b),
            _ => Vec::new(),
        }
    };
    let right: Vec<usize> = match &q.answer {
        Answer::Choice(set) => item.shown(set),
        Answer::Judge(b) => judge_pos(*b),
        Answer::Fill(_) => Vec::new(),
    };
    let view = options_of(run, i);
    for (k, opt) in view.iter().enumerate() {
        let mark = if picked.contains(&k) { "[x]" } else { "[ ]" };
        let prefix = format!("{mark} {}. ", letter(k));
        let mut style = theme.text;
        if reveal && right.contains(&k) {
            style = theme.read.add_modifier(Modifier::BOLD);
        } else if reveal && picked.contains(&k) {
            style = theme.error;
        } else if !reveal && i == run.current && k == run.cursor {
            style = theme.selected;
        }
        for l in hanging(&prefix, opt, w) {
            lines.push((l, style));
        }
    }
    if reveal {
        lines.push((String::new(), theme.text));
        let correct = run.session.grades[i].is_some_and(|g| g.correct);
        let (verdict, st) = if correct {
            (&s.quiz_right, theme.read)
        } else {
            (&s.quiz_wrong, theme.error)
        };
        lines.push((verdict.clone(), st.add_modifier(Modifier::BOLD)));
        for l in wrap_str(
            &fill(&s.quiz_answer_is, &[("answer", &shown_answer(run, i))]),
            w,
        ) {
            lines.push((l, theme.accent));
        }
        if q.kind == Kind::Fill || !correct {
            for l in wrap_str(
                &fill(
                    &s.quiz_your_answer,
                    &[("answer", &shown_response(run, i, s))],
                ),
                w,
            ) {
                lines.push((l, theme.dim));
            }
        }
        if !q.explanation.is_empty() {
            lines.push((s.quiz_explanation.clone(), theme.dim));
            for l in wrap_str(&q.explanation, w) {
                lines.push((l, theme.quote));
            }
        }
    }
    lines
}

/// The blanks' inputs; the real cursor goes to the focused one, at the display width of the
/// text before it, so an input method's candidate window opens there.
fn draw_inputs(
    frame: &mut Frame<'_>,
    body: Rect,
    y0: u16,
    run: &Run,
    theme: &Theme,
    s: &crate::i18n::Strings,
) {
    let w = usize::from(body.width);
    let mut cursor: Option<Position> = None;
    for (k, input) in run.inputs.iter().enumerate() {
        let y = y0 + k as u16;
        if y >= body.bottom() {
            break;
        }
        let label = format!("{}：", fill(&s.quiz_blank, &[("i", &(k + 1))]));
        let buf = frame.buffer_mut();
        let lw = put(buf, body.x, y, w, &label, theme.dim);
        let room = w.saturating_sub(lw + 1);
        if room == 0 {
            continue;
        }
        let focused = k == run.blank;
        let style = if focused {
            theme.text.add_modifier(Modifier::UNDERLINED)
        } else {
            theme.text
        };
        let x = body.x + lw as u16;
        let at = super::input::input_line(buf, Rect::new(x, y, room as u16, 1), input, style);
        if focused {
            cursor = at;
        }
    }
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

fn draw_map(
    buf: &mut Buffer,
    area: Rect,
    run: &Run,
    cur: usize,
    theme: &Theme,
    s: &crate::i18n::Strings,
) {
    let n = run.session.len();
    let cols = usize::from(area.width.saturating_sub(6)) / 4;
    if cols == 0 {
        return;
    }
    let cols = cols.clamp(1, 10);
    let rows = n.div_ceil(cols);
    let w = (cols * 4 + 4) as u16;
    let h = (rows as u16 + 2).min(area.height.saturating_sub(2));
    if w > area.width || h < 4 {
        return;
    }
    let r = super::overlay(buf, area, w, h, Some(&s.quiz_map_title), theme);
    for i in 0..n {
        let row = (i / cols) as u16;
        if row + 2 > h - 1 {
            break;
        }
        let x = r.x + 2 + (i % cols) as u16 * 4;
        let y = r.y + 1 + row;
        let answered = run.session.responses[i].is_some();
        let mut style = if answered {
            theme.read.add_modifier(Modifier::BOLD)
        } else {
            theme.dim
        };
        if i == cur {
            style = theme.selected;
        }
        put(buf, x, y, 3, &format!("{:>2}", i + 1), style);
    }
}

fn draw_notice(buf: &mut Buffer, area: Rect, msg: &str, theme: &Theme) {
    let w = area.width.saturating_sub(8).min(50);
    if w < 6 {
        return;
    }
    let lines = wrap_str(msg, usize::from(w - 4));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = super::overlay(buf, area, w, h, None, theme);
    for (k, l) in lines.iter().enumerate() {
        if k as u16 + 2 >= h {
            break;
        }
        put(
            buf,
            r.x + 2,
            r.y + 1 + k as u16,
            usize::from(w - 4),
            l,
            theme.accent,
        );
    }
}

/// Kinds in display order, for the results breakdown.
fn kind_name(s: &crate::i18n::Strings, k: Kind) -> &str {
    match k {
        Kind::Single => &s.kind_single,
        Kind::Multiple => &s.kind_multiple,
        Kind::Judge => &s.kind_judge,
        Kind::Fill => &s.kind_fill,
    }
}
