//! One question as drawn: stem, options with their marks, the verdict and explanation; the
//! blanks' inputs; the exam's question map and its notices.

use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::{Position, Rect};
use ratatui::style::{Modifier, Style};

use super::super::{Theme, put};
use super::hanging;
use crate::app::quiz::{Run, options_of};
use crate::domain::quiz::{Answer, Kind, Response, letter, points_text};
use crate::i18n::{Strings, fill};
use crate::text::wrap::wrap_str;

/// The right answer in the letters the member saw.
fn letters(shown: &[usize]) -> String {
    shown.iter().map(|&k| letter(k)).collect()
}

fn judge_word(b: bool, s: &Strings) -> String {
    if b { &s.judge_true } else { &s.judge_false }.clone()
}

fn shown_answer(run: &Run, i: usize, s: &Strings) -> String {
    let item = &run.session.items[i];
    match &item.question.answer {
        Answer::Choice(set) => letters(&item.shown(set)),
        Answer::Judge(b) => judge_word(*b, s),
        Answer::Fill(blanks) => blanks
            .iter()
            .map(|a| a.join(" / "))
            .collect::<Vec<_>>()
            .join("；"),
        // a sealed paper's review shows no right answer (see `question_lines`)
        Answer::Sealed => String::new(),
    }
}

fn shown_response(run: &Run, i: usize, s: &Strings) -> String {
    let item = &run.session.items[i];
    match &run.session.responses[i] {
        None => s.quiz_unanswered.clone(),
        Some(Response::Choice(set)) => letters(&item.shown(set)),
        Some(Response::Judge(b)) => judge_word(*b, s),
        Some(Response::Fill(v)) => v.join("；"),
    }
}

/// The stem, options (with picks, and in feedback/review the right answer marked), and in
/// feedback/review the verdict, the right answer and the explanation. Also the line the
/// highlighted option starts on (to keep it in view while answering).
pub(super) fn question_lines(
    run: &Run,
    i: usize,
    w: usize,
    theme: &Theme,
    reveal: bool,
    s: &Strings,
) -> (Vec<(String, Style)>, usize) {
    let item = &run.session.items[i];
    let q = &item.question;
    let mut lines: Vec<(String, Style)> = Vec::new();
    for l in wrap_str(&q.stem, w) {
        lines.push((l, theme.text.add_modifier(Modifier::BOLD)));
    }
    lines.push((String::new(), theme.text));
    // the hint looked at (查看提示): the source sentence, the answer hidden
    if !reveal
        && run.session.hinted.get(i).copied().unwrap_or(false)
        && let Some(h) = crate::domain::quiz::hint(q)
    {
        for l in wrap_str(&fill(&s.quiz_hint, &[("hint", &h)]), w) {
            lines.push((l, theme.accent));
        }
        lines.push((String::new(), theme.text));
    }
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
        // nothing is marked right in a sealed paper's review
        _ if run.session.sealed => Vec::new(),
        Answer::Choice(set) => item.shown(set),
        Answer::Judge(b) => judge_pos(*b),
        Answer::Fill(_) | Answer::Sealed => Vec::new(),
    };
    let view = options_of(run, i, s);
    let mut cursor_line = 0;
    for (k, opt) in view.iter().enumerate() {
        // one answer: ( ) / (•); several: [ ] / [x]
        let mark = match (q.kind == Kind::Multiple, picked.contains(&k)) {
            (true, true) => "[x]",
            (true, false) => "[ ]",
            (false, true) => "(•)",
            (false, false) => "( )",
        };
        let prefix = format!("{mark} {}. ", letter(k));
        let mut style = theme.text;
        if reveal && right.contains(&k) {
            style = theme.read.add_modifier(Modifier::BOLD);
        } else if reveal && run.session.sealed && picked.contains(&k) {
            // the member's own pick, neither right nor wrong
            style = theme.accent;
        } else if reveal && picked.contains(&k) {
            style = theme.error;
        } else if !reveal && i == run.current && k == run.cursor {
            style = theme.selected;
            cursor_line = lines.len();
        }
        for l in hanging(&prefix, opt, w) {
            lines.push((l, style));
        }
    }
    if reveal {
        lines.extend(verdict_lines(run, i, w, theme, s));
    }
    (lines, cursor_line)
}

/// Under a question in feedback or review: the verdict, the grades on offer, the right answer,
/// the member's and the explanation (a sealed paper: the member's answer only).
fn verdict_lines(
    run: &Run,
    i: usize,
    w: usize,
    theme: &Theme,
    s: &Strings,
) -> Vec<(String, Style)> {
    let q = &run.session.items[i].question;
    let mut lines: Vec<(String, Style)> = vec![(String::new(), theme.text)];
    if run.session.sealed {
        // a sealed paper's review: the member's own answer, nothing that grades it
        for l in wrap_str(
            &fill(
                &s.quiz_your_answer,
                &[("answer", &shown_response(run, i, s))],
            ),
            w,
        ) {
            lines.push((l, theme.text));
        }
        return lines;
    }
    let grade = run.session.grades[i];
    let correct = grade.is_some_and(|g| g.correct);
    let points = grade.map_or(0.0, |g| g.points);
    let (verdict, st) = if correct {
        (s.quiz_right.clone(), theme.read)
    } else if points > 0.0 {
        // partly right (a 多选 subset, some blanks): the points, not "wrong"
        (
            fill(
                &s.quiz_partial,
                &[
                    ("points", &points_text(points)),
                    ("max", &points_text(q.points)),
                ],
            ),
            theme.accent,
        )
    } else {
        (s.quiz_wrong.clone(), theme.error)
    };
    lines.push((verdict, st.add_modifier(Modifier::BOLD)));
    if let Some(r) = run.rated.as_ref().filter(|_| i == run.current) {
        for l in recall_lines(r, s, w) {
            lines.push((l, theme.accent));
        }
    }
    for l in wrap_str(
        &fill(&s.quiz_answer_is, &[("answer", &shown_answer(run, i, s))]),
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
    lines
}

/// The grades on offer and when each brings the question back, the one in force bracketed:
/// `下次复习：1 忘了 1天 · [3 记得 3天] · …`, broken between grades where it must wrap.
fn recall_lines(r: &crate::app::quiz::Rated, s: &Strings, w: usize) -> Vec<String> {
    use crate::domain::review::Recall;
    let parts: Vec<String> = Recall::ALL
        .iter()
        .zip(r.days)
        .map(|(&g, days)| {
            let name = s.recall_name(g);
            let one = format!(
                "{} {name} {}",
                g.number(),
                fill(&s.recall_days, &[("n", &days)])
            );
            if g == r.recall {
                format!("[{one}]")
            } else {
                one
            }
        })
        .collect();
    let mut lines = vec![s.recall_line.clone()];
    for (k, part) in parts.iter().enumerate() {
        let last = lines.len() - 1;
        let joined = if k == 0 {
            format!("{}{part}", lines[last])
        } else {
            format!("{} · {part}", lines[last])
        };
        if crate::text::width::width(&joined) <= w || k == 0 {
            lines[last] = joined;
        } else {
            lines.push(part.clone());
        }
    }
    lines.into_iter().flat_map(|l| wrap_str(&l, w)).collect()
}

/// Points as a member reads them: `1`, `0.5`.
/// The blanks' inputs; the real cursor goes to the focused one, at the display width of the
/// text before it, so an input method's candidate window opens there.
pub(super) fn draw_inputs(
    frame: &mut Frame<'_>,
    body: Rect,
    y0: u16,
    run: &Run,
    theme: &Theme,
    s: &Strings,
) {
    let w = usize::from(body.width);
    let mut cursor: Option<Position> = None;
    for (k, input) in run.inputs.iter().enumerate() {
        let y = y0 + k as u16;
        if y >= body.bottom() {
            break;
        }
        // the colon is the language's (an English blank had a Chinese full-width one)
        let label = fill(&s.quiz_blank, &[("i", &(k + 1))]);
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
        let at =
            super::super::input::input_line(buf, Rect::new(x, y, room as u16, 1), input, style);
        if focused {
            cursor = at;
        }
    }
    if let Some(p) = cursor {
        frame.set_cursor_position(p);
    }
}

pub(super) fn draw_map(
    buf: &mut Buffer,
    area: Rect,
    run: &Run,
    cur: usize,
    theme: &Theme,
    s: &Strings,
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
    let r = super::super::overlay(buf, area, w, h, Some(&s.quiz_map_title), theme);
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

pub(super) fn draw_notice(buf: &mut Buffer, area: Rect, msg: &str, theme: &Theme) {
    let w = area.width.saturating_sub(8).min(50);
    if w < 6 {
        return;
    }
    let lines = wrap_str(msg, usize::from(w - 4));
    let h = (lines.len() as u16 + 2).min(area.height);
    let r = super::super::overlay(buf, area, w, h, None, theme);
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
