//! An exam while it is open: its line in the quiz menu, handing it in at its deadline, and the
//! guard that keeps its bank's key, explanations and materials closed until it is handed in.

use anyhow::Result;
use jiff::Timestamp;

use super::attempt::{QuizError, all_banks, rebuild};
use crate::domain::session::{MenuEntry, OpenExam, Start};
use crate::i18n::Strings;
use crate::store::{OpenAttempt, Store};

/// The menu's line for the exam left open. A read-only xuexi cannot open, hand in or review it:
/// when another xuexi holds the folder it is that one's (在另一个终端中作答), and Enter says so.
pub(super) fn open_exam_entry(
    store: &Store,
    s: &Strings,
    open: &OpenAttempt,
    now: Timestamp,
    uses_attempt: bool,
) -> MenuEntry {
    // the clock ran while xuexi was closed: the deadline is the start plus the limit
    let deadline_ms = open.limit_secs.map(|l| exam_deadline_ms(open, l, now));
    let shown = OpenExam {
        title: open.title.clone(),
        deadline_ms,
        elsewhere: store.held_elsewhere(),
    };
    let read_only = store.is_read_only();
    let closed = read_only.then(|| {
        QuizError::ReadOnly {
            elsewhere: shown.elsewhere,
        }
        .message(s)
    });
    MenuEntry {
        start: (!read_only).then_some(Start::Resume(open.id)),
        label: s.open_exam_label(&shown, now.as_millisecond()),
        detail: if read_only {
            String::new()
        } else {
            s.cmd_abandon.clone() + " (x)"
        },
        abandon: (!read_only).then_some(open.id),
        uses_attempt,
        closed,
        open_exam: Some(shown),
    }
}

/// When an open exam's time runs out (ms since the epoch): the rule
/// ([`crate::domain::exam::deadline_ms`]) with the open attempt's clock.
fn exam_deadline_ms(open: &OpenAttempt, limit: i64, now: Timestamp) -> i64 {
    crate::domain::exam::deadline_ms(
        open.started_at.as_millisecond(),
        open.used_secs,
        limit,
        now.as_millisecond(),
    )
}

/// An exam whose time ran out while xuexi was closed (or the member away) is submitted with
/// the answers saved. True when one was.
pub fn settle_expired(store: &mut Store, now: Timestamp, tz: &jiff::tz::TimeZone) -> Result<bool> {
    let Some(open) = store.open_exam()? else {
        return Ok(false);
    };
    let Some(limit) = open.limit_secs else {
        return Ok(false);
    };
    if open.elapsed_secs(now) < limit {
        return Ok(false);
    }
    // handed in at its deadline, not now
    let now = Timestamp::from_millisecond(exam_deadline_ms(&open, limit, now))
        .map_or(now, |at| at.min(now));
    let banks = all_banks(store)?;
    let Ok(session) = rebuild(&banks, &open, now) else {
        // its bank changed: it can only be abandoned, which the menu offers
        return Ok(false);
    };
    let day = crate::domain::stats::day_of(now, tz).to_string();
    let graded = crate::domain::book::graded_answers(&session, &day);
    store.finish_attempt(open.id, &session.results(), limit, &graded, now)?;
    Ok(true)
}

/// Refuses, with the exam's title and time left, while an exam is open on `bank` (any bank when
/// `None`: the materials are closed book to every exam): what would show its key, explanations
/// or the materials its questions come from waits until it is handed in. An exam whose time is
/// up is over (the next start hands it in) and refuses nothing.
pub fn guard(store: &Store, s: &Strings, bank: Option<&str>, now: Timestamp) -> Result<(), String> {
    match running(store, bank, now) {
        Some((title, left)) => Err(s.exam_guard(&title, left)),
        None => Ok(()),
    }
}

/// Refuses, naming the bank, what would show a key when `bank` is sealed without its key on
/// this machine (a member's copy from a pack): `paper print --key`, `bank export`. There is no
/// key here to show; the refusal says whose it is rather than printing blanks. A bank that
/// does not exist passes (the command says so itself).
pub fn sealed_guard(store: &Store, s: &Strings, bank: &str) -> Result<(), String> {
    match store.bank(bank) {
        Ok(b) if b.keyless() => Err(crate::i18n::fill(
            &s.quiz_sealed_guard,
            &[("title", &b.title)],
        )),
        _ => Ok(()),
    }
}

/// The exam open on `bank` (on any bank when `None`) whose time is not up: its title and the
/// seconds it has left (none without a time limit).
pub fn running(store: &Store, bank: Option<&str>, now: Timestamp) -> Option<(String, Option<i64>)> {
    let Ok(Some(open)) = store.open_exam() else {
        return None;
    };
    if bank.is_some() && open.bank.as_deref() != bank {
        return None;
    }
    let left = open.limit_secs.map(|l| {
        crate::domain::exam::secs_left(exam_deadline_ms(&open, l, now), now.as_millisecond())
    });
    match left {
        Some(left) if left <= 0 => None,
        _ => Some((open.title, left)),
    }
}
