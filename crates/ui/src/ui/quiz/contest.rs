//! The knowledge contest on screen, laid out for a projector when the terminal is large: the
//! round and the countdown at the top, the question in big margins in the middle, what is
//! happening on the line above the scoreboard, and the scoreboard across the bottom (scores in
//! block digits three cells wide when there is room). At 80×24 the same parts, one line each.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};

use super::super::{Theme, fill_row, put};
use super::board::{big, draw_board};
use crate::app::Ctx;
use crate::app::contest::{ContestView, players_of};
use crate::app::keys::{Command, Context, binding, key_label};
use crate::domain::contest::{Contest, Phase, RoundKind, STAKES, signed};
use crate::domain::quiz::{Answer, Kind, letter};
use crate::i18n::fill;
use crate::text::width::width;
use crate::text::wrap::wrap_str;

/// Large enough for the projector layout (block digits, wide margins, room between options).
fn projector(area: Rect) -> bool {
    area.width >= 100 && area.height >= 30
}

fn centered(buf: &mut Buffer, area: Rect, y: u16, text: &str, style: Style) {
    let w = width(text).min(usize::from(area.width));
    let x = area.x + (area.width.saturating_sub(w as u16)) / 2;
    put(buf, x, y, usize::from(area.width), text, style);
}

pub(super) fn draw(buf: &mut Buffer, area: Rect, ctx: &Ctx, v: &ContestView, theme: &Theme) {
    let s = &ctx.strings;
    let framed = super::draw_frame(buf, area, &s.contest_title, theme);
    if framed.width < 10 || framed.height < 3 {
        return;
    }
    // a column of air on each side, inside the frame
    let inner = Rect::new(framed.x + 1, framed.y, framed.width - 2, framed.height);
    match &v.game {
        None => draw_setup(buf, inner, ctx, v, theme),
        Some(g) => draw_game(buf, inner, ctx, v, g, theme),
    }
    if v.leaving {
        super::super::notes::draw_question(buf, area, &s.contest_leave, theme);
    }
}

fn draw_setup(buf: &mut Buffer, inner: Rect, ctx: &Ctx, v: &ContestView, theme: &Theme) {
    let s = &ctx.strings;
    let w = usize::from(inner.width);
    let st = &v.setup;
    let mode = if st.bot {
        &s.contest_bot_mode
    } else {
        &s.contest_players_mode
    };
    let count = st.players.to_string();
    let rows = [
        (&s.contest_mode, mode.as_str()),
        if st.bot {
            (&s.contest_level, s.level_name(st.level))
        } else {
            (&s.contest_count, count.as_str())
        },
    ];
    let label_w = rows.iter().map(|(l, _)| width(l)).max().unwrap_or(4);
    let mut y = inner.y;
    for (i, (label, value)) in rows.iter().enumerate() {
        let style = if i == st.row {
            theme.selected
        } else {
            theme.text
        };
        if i == st.row {
            fill_row(buf, inner, y, theme.selected);
        }
        let lw = put(buf, inner.x, y, w, label, theme.heading.patch(style));
        let x = inner.x + (label_w.max(lw) + 2) as u16;
        put(
            buf,
            x,
            y,
            w.saturating_sub(label_w + 2),
            &format!("‹ {value} ›"),
            style,
        );
        y += 1;
    }
    y += 1;
    let rules = fill(
        &s.contest_rules,
        &[
            ("points", &crate::domain::contest::POINTS),
            ("secs", &crate::domain::contest::ANSWER_SECS),
        ],
    );
    let keys = fill(
        &s.contest_keys_line,
        &[("keys", &buzz_keys(&players_of(st, s)))],
    );
    for (text, style) in [(rules, theme.dim), (keys, theme.accent)] {
        for l in wrap_str(&text, w.max(2)) {
            if y >= inner.bottom() {
                return;
            }
            put(buf, inner.x, y, w, &l, style);
            y += 1;
        }
    }
}

/// The players at the terminal (not the computer) with their buzz keys: `甲队 z · 乙队 m`.
fn buzz_keys(players: &[crate::domain::contest::Player]) -> String {
    let keys: Vec<String> = players
        .iter()
        .filter(|p| p.bot.is_none())
        .map(|p| format!("{} {}", p.name, p.buzz))
        .collect();
    keys.join(" · ")
}

/// What is happening, for the line above the scoreboard.
fn status(ctx: &Ctx, g: &Contest) -> (String, bool) {
    let s = &ctx.strings;
    let name = |p: usize| g.players.get(p).map_or("", |p| p.name.as_str());
    // the member against the computer is 我: "请 我 作答" read wrong, so it is said to them
    let you = |p: usize| name(p) == s.contest_you;
    match &g.phase {
        Phase::Intro => (s.contest_press_enter.clone(), false),
        Phase::Stake(p) if you(*p) => (s.contest_stake_you.clone(), true),
        Phase::Stake(p) => (fill(&s.contest_stake, &[("name", &name(*p))]), true),
        Phase::Asking { player: None, .. } => (
            fill(&s.contest_buzz_now, &[("keys", &buzz_keys(&g.players))]),
            true,
        ),
        Phase::Asking {
            player: Some(p), ..
        } => {
            let mut t = if you(*p) {
                s.contest_answer_you.clone()
            } else {
                fill(&s.contest_answer_now, &[("name", &name(*p))])
            };
            if g.kind() == RoundKind::Risk {
                t.push_str(&fill(&s.contest_staked, &[("stake", &g.stake)]));
            }
            (t, true)
        }
        Phase::Reveal => {
            let Some(t) = g.turns.last() else {
                return (String::new(), false);
            };
            let delta = signed(t.delta);
            let line = match (t.player, t.correct) {
                (None, _) => s.contest_nobody.clone(),
                (Some(p), Some(true)) => {
                    fill(&s.contest_right, &[("name", &name(p)), ("delta", &delta)])
                }
                (Some(p), Some(false)) => {
                    fill(&s.contest_wrong, &[("name", &name(p)), ("delta", &delta)])
                }
                (Some(p), None) => {
                    fill(&s.contest_timeout, &[("name", &name(p)), ("delta", &delta)])
                }
            };
            (line, t.correct == Some(true))
        }
        Phase::Over => (s.contest_over.clone(), true),
    }
}

fn draw_game(
    buf: &mut Buffer,
    inner: Rect,
    ctx: &Ctx,
    v: &ContestView,
    g: &Contest,
    theme: &Theme,
) {
    let s = &ctx.strings;
    let big_layout = projector(inner);
    // the scoreboard across the bottom
    let board_h: u16 = if big_layout { 8 } else { 2 };
    let board = Rect::new(
        inner.x,
        inner.bottom().saturating_sub(board_h),
        inner.width,
        board_h.min(inner.height),
    );
    draw_board(buf, board, g, big_layout, theme);
    let status_y = board.y.saturating_sub(1);
    let (line, strong) = status(ctx, g);
    let st = if strong {
        theme.accent.add_modifier(Modifier::BOLD)
    } else {
        theme.dim
    };
    if status_y > inner.y {
        centered(buf, inner, status_y, &line, st);
    }
    // the round and the countdown at the top
    let left = g.seconds_left(v.last_ms);
    let top = draw_top(buf, inner, round_head(s, g), left, big_layout, theme);
    // a blank line around the question where the screen has rows to spare
    let roomy = inner.height >= 16;
    let top = top + u16::from(roomy && !big_layout);
    let margin = if big_layout { inner.width / 8 } else { 0 };
    let body = Rect::new(
        inner.x + margin,
        top,
        inner.width.saturating_sub(margin * 2),
        status_y.saturating_sub(top + u16::from(roomy)),
    );
    draw_body(buf, body, ctx, v, g, big_layout, theme);
}

/// The round, the question's place in it and its type (nothing once the contest is over).
fn round_head(s: &crate::i18n::Strings, g: &Contest) -> String {
    let mut head = String::new();
    if g.phase != Phase::Over {
        head = fill(
            &s.contest_round,
            &[("n", &(g.round + 1)), ("name", &s.round_name(g.kind()))],
        );
        if !matches!(g.phase, Phase::Intro) {
            head.push_str(" · ");
            head.push_str(&fill(
                &s.contest_progress,
                &[("i", &(g.step + 1)), ("n", &g.round_len())],
            ));
            // the question's type: a 多选 looked exactly like a 单选
            if let Some(item) = g.item()
                && !matches!(g.phase, Phase::Stake(_))
            {
                head.push_str(" · ");
                head.push_str(s.kind_name(item.question.kind));
            }
        }
    }
    head
}

/// The round and the countdown at the top (big digits for a projector); returns the row
/// under them.
fn draw_top(
    buf: &mut Buffer,
    inner: Rect,
    mut head: String,
    left: Option<i64>,
    big_layout: bool,
    theme: &Theme,
) -> u16 {
    let head_style = theme.heading.add_modifier(Modifier::BOLD);
    let mut top = inner.y;
    if big_layout {
        centered(buf, inner, top + 1, &head, head_style);
        if let Some(n) = left {
            let digits = big(n);
            let dw = width(&digits[0]) as u16;
            let style = if n <= 5 { theme.error } else { theme.accent };
            for (r, row) in digits.iter().enumerate() {
                put(
                    buf,
                    inner.right().saturating_sub(dw + 2),
                    top + r as u16,
                    usize::from(dw),
                    row,
                    style,
                );
            }
        }
        top += 6;
    } else {
        let clock = left.map(|n| format!("⏱ {n}")).unwrap_or_default();
        let cw = width(&clock);
        // narrow: the round's number gives way, so the question's type stays in view
        let room = usize::from(inner.width).saturating_sub(cw + 1);
        if width(&head) > room
            && let Some((_, rest)) = head.split_once(" · ")
        {
            head = rest.to_string();
        }
        put(
            buf,
            inner.x,
            top,
            usize::from(inner.width).saturating_sub(cw + 1),
            &head,
            head_style,
        );
        if cw > 0 {
            let style = if left.is_some_and(|n| n <= 5) {
                theme.error
            } else {
                theme.accent
            };
            put(
                buf,
                inner.right().saturating_sub(cw as u16),
                top,
                cw,
                &clock,
                style,
            );
        }
        top += 1;
    }
    top
}

/// The middle: a round's card, the stake being chosen, the question, or the standings.
fn draw_body(
    buf: &mut Buffer,
    body: Rect,
    ctx: &Ctx,
    v: &ContestView,
    g: &Contest,
    big_layout: bool,
    theme: &Theme,
) {
    let s = &ctx.strings;
    let w = usize::from(body.width).max(2);
    let mut lines: Vec<(String, Style)> = Vec::new();
    let gap = big_layout;
    match &g.phase {
        Phase::Intro => {
            let text = match g.kind() {
                RoundKind::Required => fill(
                    &s.contest_intro_required,
                    &[("points", &crate::domain::contest::POINTS)],
                ),
                RoundKind::Buzz => fill(
                    &s.contest_intro_buzz,
                    &[
                        ("points", &crate::domain::contest::POINTS),
                        ("secs", &crate::domain::contest::BUZZ_SECS),
                    ],
                ),
                RoundKind::Risk => s.contest_intro_risk.clone(),
            };
            for l in wrap_str(&text, w) {
                lines.push((l, theme.text));
            }
        }
        Phase::Stake(_) => {
            // each stake with its key from the key table
            let keys = binding(Context::ContestStake, Command::Stake).map_or(&[][..], |b| b.keys);
            let stakes: Vec<String> = (STAKES.iter().zip(keys))
                .map(|(n, k)| format!("{} → {n}", key_label(k)))
                .collect();
            lines.push((
                stakes.join("    "),
                theme.accent.add_modifier(Modifier::BOLD),
            ));
        }
        Phase::Over => {
            for (place, p) in g.standings() {
                let pl = &g.players[p];
                lines.push((
                    fill(
                        &s.contest_place,
                        &[("place", &place), ("name", &pl.name), ("score", &pl.score)],
                    ),
                    if place == 1 {
                        theme.accent.add_modifier(Modifier::BOLD)
                    } else {
                        theme.text
                    },
                ));
                if gap {
                    lines.push((String::new(), theme.text));
                }
            }
            if let Some(Some(path)) = &v.saved {
                lines.push((String::new(), theme.text));
                for l in wrap_str(&fill(&s.contest_saved, &[("path", path)]), w) {
                    lines.push((l, theme.dim));
                }
            }
        }
        Phase::Asking { .. } | Phase::Reveal => {
            question_lines(&mut lines, ctx, g, w, gap, usize::from(body.height), theme)
        }
    }
    for (k, (l, st)) in lines.iter().enumerate() {
        let y = body.y + k as u16;
        if y >= body.bottom() {
            break;
        }
        if matches!(g.phase, Phase::Intro | Phase::Stake(_) | Phase::Over) {
            centered(buf, body, y, l, *st);
        } else {
            put(buf, body.x, y, w, l, *st);
        }
    }
}

/// The question up: its stem, then its options (and, shown, the answer) — in `room` rows. Where
/// they do not all fit (a small terminal), the blank lines go first, then the stem is cut (its
/// last line ending in …): every option stays on screen, since a key chooses it.
fn question_lines(
    lines: &mut Vec<(String, Style)>,
    ctx: &Ctx,
    g: &Contest,
    w: usize,
    gap: bool,
    room: usize,
    theme: &Theme,
) {
    let Some(item) = g.item() else { return };
    let mut stem = wrap_str(&item.question.stem, w);
    let mut rest = Vec::new();
    option_lines(&mut rest, ctx, g, w, gap, theme);
    if stem.len() + 1 + rest.len() > room {
        rest.retain(|(l, _)| !l.is_empty());
    }
    let blank = stem.len() + 1 + rest.len() <= room;
    let stem_room = room.saturating_sub(rest.len() + usize::from(blank)).max(1);
    if stem.len() > stem_room {
        stem.truncate(stem_room);
        if let Some(last) = stem.last_mut() {
            *last = crate::text::width::truncate(&format!("{last}…"), w);
        }
    }
    for l in stem {
        lines.push((l, theme.text.add_modifier(Modifier::BOLD)));
    }
    if blank {
        lines.push((String::new(), theme.text));
    }
    lines.append(&mut rest);
}

/// The options of the question up (marked as picked, and right or wrong once shown), then the
/// right answer once shown.
fn option_lines(
    lines: &mut Vec<(String, Style)>,
    ctx: &Ctx,
    g: &Contest,
    w: usize,
    gap: bool,
    theme: &Theme,
) {
    let s = &ctx.strings;
    let Some(item) = g.item() else { return };
    let q = &item.question;
    let options: Vec<String> = match q.kind {
        Kind::Judge => vec![s.judge_true.clone(), s.judge_false.clone()],
        _ => item
            .order
            .iter()
            .map(|&i| q.options.get(i).cloned().unwrap_or_default())
            .collect(),
    };
    let right: Vec<usize> = match &q.answer {
        Answer::Choice(set) => item.shown(set),
        Answer::Judge(b) => vec![usize::from(!*b)],
        Answer::Fill(_) | Answer::Sealed => Vec::new(),
    };
    let reveal = g.phase == Phase::Reveal;
    for (k, opt) in options.iter().enumerate() {
        let picked = g.picked.contains(&k);
        let style = if reveal && right.contains(&k) {
            theme.read.add_modifier(Modifier::BOLD)
        } else if reveal && picked {
            theme.error
        } else if picked {
            theme.selected
        } else {
            theme.text
        };
        // a 多选's boxes say that several may be picked
        let boxes = usize::from(q.kind == Kind::Multiple);
        let mark = [[" ", "▶"], ["[ ]", "[x]"]][boxes][usize::from(picked)];
        for l in super::hanging(&format!("{mark} {}. ", letter(k)), opt, w) {
            lines.push((l, style));
        }
        if gap {
            lines.push((String::new(), theme.text));
        }
    }
    if reveal {
        let answer: Vec<String> = right.iter().map(|&k| letter(k).to_string()).collect();
        lines.push((
            fill(&s.quiz_answer_is, &[("answer", &answer.join(""))]),
            theme.accent,
        ));
    }
}
