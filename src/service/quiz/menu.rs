//! The quiz menu: a left-open exam first, then the daily and weekly quizzes, practice per bank
//! (whole, by topic, 专项答题 sets), every paper, the challenge, the contest and the review.
//! Each part of the menu is one function below; `menu` puts them in order.

use anyhow::Result;
use jiff::Timestamp;

use crate::domain::exam::Tries;
use crate::domain::quiz::{Bank, Paper};
use crate::domain::session::{
    DAILY_COUNT, ItemRef, MenuEntry, Mode, SPECIAL_COUNT, Start, WEEKLY_COUNT, special_title,
};
use crate::i18n::{Strings, fill};
use crate::service::attempt::{all_banks, paper_of};
use crate::store::Store;

fn pct(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "—".into())
}

/// A menu line that only starts something (or nothing, `start: None`).
fn line(start: Option<Start>, label: String, detail: String) -> MenuEntry {
    MenuEntry {
        start,
        label,
        detail,
        abandon: None,
        uses_attempt: false,
        closed: None,
        open_exam: None,
    }
}

/// The menu: a left-open exam first, then the daily quiz, practice per bank, every paper, the
/// challenge and the wrong-answer book.
pub fn menu(
    store: &Store,
    s: &Strings,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
    review_daily: usize,
) -> Result<Vec<MenuEntry>> {
    let day = crate::domain::stats::day_of(now, tz).to_string();
    let banks = all_banks(store)?;
    let mut menu = Vec::new();
    if let Some(open) = store.open_exam()? {
        // a paper with a limit counts an abandoned attempt as taken
        let uses_attempt = paper_of(&banks, open.bank.as_deref(), open.paper.as_deref())
            .is_some_and(|p| p.attempts.is_some());
        menu.push(crate::service::exam::open_exam_entry(
            store,
            s,
            &open,
            now,
            uses_attempt,
        ));
    }
    if banks.iter().all(|b| b.questions.is_empty()) {
        menu.push(line(None, s.quiz_empty.clone(), String::new()));
        return Ok(menu);
    }
    if let Some(open) = store.open_session()? {
        let label = fill(
            &s.quiz_resume_session,
            &[
                ("title", &s.session_title(open.mode, &open.title)),
                ("done", &open.answers.len()),
                ("n", &open.items.len()),
            ],
        );
        menu.push(line(Some(Start::Resume(open.id)), label, String::new()));
    }
    menu.extend(once_a_period(store, s, &day)?);
    for b in &banks {
        menu.extend(bank_lines(store, s, b, banks.len() > 1)?);
    }
    menu.extend(last_lines(store, s, &day, review_daily)?);
    Ok(menu)
}

/// Once a day, once a week: open until done, then saying so; begun, what is left of it (a
/// weekly quiz left after 1 of 5 still said 本周 5 题).
fn once_a_period(store: &Store, s: &Strings, day: &str) -> Result<Vec<MenuEntry>> {
    let begun = |set: Option<(i64, Vec<ItemRef>, bool)>,
                 template: &str,
                 left_template: &str,
                 count: usize|
     -> Result<(bool, String)> {
        Ok(match set {
            Some((_, _, true)) => (true, String::new()),
            Some((id, items, false)) => {
                let answered = store.answers_of(id)?.len();
                let left = items.len().saturating_sub(answered);
                if answered > 0 && left > 0 {
                    let n = items.len();
                    (false, fill(left_template, &[("left", &left), ("n", &n)]))
                } else {
                    (false, fill(template, &[("n", &count)]))
                }
            }
            None => (false, fill(template, &[("n", &count)])),
        })
    };
    let (daily_done, daily_label) = begun(
        store.daily(day)?,
        &s.quiz_daily,
        &s.quiz_daily_left,
        DAILY_COUNT,
    )?;
    let (weekly_done, weekly_label) = begun(
        store.weekly(day)?,
        &s.quiz_weekly,
        &s.quiz_weekly_left,
        WEEKLY_COUNT,
    )?;
    let mut out = Vec::new();
    for (start, done, done_label, label) in [
        (Start::Daily, daily_done, &s.quiz_daily_done, daily_label),
        (
            Start::Weekly,
            weekly_done,
            &s.quiz_weekly_done,
            weekly_label,
        ),
    ] {
        let label = if done { done_label.clone() } else { label };
        let mut entry = line((!done).then_some(start), label, String::new());
        entry.closed = done.then(|| done_label.clone());
        out.push(entry);
    }
    Ok(out)
}

/// "best · last" of a bank's practice or a paper, or "never taken".
fn best_last(
    store: &Store,
    s: &Strings,
    mode: Mode,
    bank: &str,
    paper: Option<&str>,
) -> Result<String> {
    let (best, last) = store.best_and_last(mode, Some(bank), paper)?;
    Ok(if last.is_none() {
        s.quiz_never.clone()
    } else {
        fill(
            &s.quiz_best_last,
            &[("best", &pct(best)), ("last", &pct(last))],
        )
    })
}

/// A bank's lines: its practice, its topics, its 专项答题 sets and its papers. With two banks
/// or more (`many`), a topic's rows say whose they are (they looked the same).
fn bank_lines(store: &Store, s: &Strings, b: &Bank, many: bool) -> Result<Vec<MenuEntry>> {
    if b.keyless() {
        // a sealed bank without its key: its papers only (no practice, topics or sets)
        return b
            .papers
            .iter()
            .map(|p| paper_line(store, s, b, p))
            .collect();
    }
    let practice = Start::Practice {
        bank: Some(b.id.clone()),
        tag: None,
        material: None,
    };
    let label = fill(
        &s.quiz_practice,
        &[("title", &b.title), ("n", &b.questions.len())],
    );
    let detail = best_last(store, s, Mode::Practice, &b.id, None)?;
    let mut out = vec![line(Some(practice), label, detail)];
    let bank_named = if many { b.title.clone() } else { String::new() };
    let tags = tags_of(b);
    for t in &tags {
        out.push(tag_line(s, b, t, &bank_named));
    }
    for t in &tags {
        out.push(special_line(store, s, b, t, &bank_named)?);
    }
    for p in &b.papers {
        out.push(paper_line(store, s, b, p)?);
    }
    Ok(out)
}

/// A bank's tags (专题), in the order they first appear in it.
fn tags_of(b: &Bank) -> Vec<&String> {
    let mut tags: Vec<&String> = Vec::new();
    for t in b.questions.iter().flat_map(|q| q.tags.iter()) {
        if !tags.contains(&t) {
            tags.push(t);
        }
    }
    tags
}

fn tagged(b: &Bank, tag: &str) -> usize {
    b.questions
        .iter()
        .filter(|q| q.tags.iter().any(|t| t == tag))
        .count()
}

/// Practice by tag (专题).
fn tag_line(s: &Strings, b: &Bank, t: &str, bank_named: &str) -> MenuEntry {
    let start = Start::Practice {
        bank: Some(b.id.clone()),
        tag: Some(t.to_string()),
        material: None,
    };
    let label = fill(&s.quiz_practice_tag, &[("tag", &t), ("n", &tagged(b, t))]);
    line(Some(start), label, bank_named.to_string())
}

/// 专项答题: a tag's questions in sets; the menu offers the first set not yet scored.
fn special_line(
    store: &Store,
    s: &Strings,
    b: &Bank,
    t: &str,
    bank_named: &str,
) -> Result<MenuEntry> {
    let n = tagged(b, t);
    let sets = n.div_ceil(SPECIAL_COUNT);
    let mut next = None;
    for set in 0..sets {
        if !store.special_done(&b.id, &special_title(t, set))? {
            next = Some(set);
            break;
        }
    }
    let set = next.unwrap_or(0);
    let in_set = (n - set * SPECIAL_COUNT).min(SPECIAL_COUNT);
    let label = fill(
        &s.quiz_special,
        &[
            ("tag", &t),
            ("set", &(set + 1)),
            ("sets", &sets),
            ("n", &in_set),
        ],
    );
    let detail = match (next.is_none(), bank_named.is_empty()) {
        (true, true) => s.quiz_special_scored.clone(),
        (true, false) => format!("{bank_named} · {}", s.quiz_special_scored),
        (false, _) => bank_named.to_string(),
    };
    let start = Start::Special {
        bank: b.id.clone(),
        tag: t.to_string(),
        set,
    };
    Ok(line(Some(start), label, detail))
}

/// A paper's line: its minutes, count and pass mark, best and last, and with a limit what is
/// left of its tries (it cannot be started once they are used, [`Tries`]).
fn paper_line(store: &Store, s: &Strings, b: &Bank, p: &Paper) -> Result<MenuEntry> {
    let count: usize = p.draw.iter().map(|(_, n)| n).sum();
    let mut detail = format!(
        "{} · {}",
        fill(
            &s.quiz_exam_detail,
            &[
                ("minutes", &p.minutes),
                ("count", &count),
                ("pass", &p.pass)
            ]
        ),
        if b.keyless() {
            // graded by the trainer: no best or last score here, but whether it was handed in
            match store.exams_handed_in(&b.id, &p.id)? {
                0 => s.quiz_sealed_detail.clone(),
                n => fill(&s.quiz_sealed_taken, &[("n", &n)]),
            }
        } else {
            best_last(store, s, Mode::Exam, &b.id, Some(&p.id))?
        }
    );
    let mut closed = None;
    if p.attempts.is_some() {
        let used = store.exam_attempts(&b.id, &p.id)?;
        detail.push_str(" · ");
        match Tries::of(p.attempts, used) {
            Tries::Left { next, limit } => {
                detail.push_str(&fill(&s.quiz_attempts_left, &[("n", &(limit - next + 1))]));
            }
            Tries::UsedUp { limit } => {
                let why = fill(&s.quiz_attempts_used, &[("n", &limit)]);
                detail.push_str(&why);
                closed = Some(why);
            }
            Tries::Unlimited => {}
        }
    }
    let start = closed.is_none().then(|| Start::Exam {
        bank: b.id.clone(),
        paper: p.id.clone(),
    });
    let mut entry = line(start, fill(&s.quiz_exam, &[("title", &p.title)]), detail);
    entry.closed = closed;
    Ok(entry)
}

/// The challenge (with its best run), the contest and the review (with what is due today).
fn last_lines(
    store: &Store,
    s: &Strings,
    day: &str,
    review_daily: usize,
) -> Result<Vec<MenuEntry>> {
    let best = store.best_challenge()?.unwrap_or(0.0);
    let due = store.review_today(day, review_daily)?.len();
    Ok(vec![
        line(
            Some(Start::Challenge),
            fill(&s.quiz_challenge, &[("n", &format!("{best:.0}"))]),
            String::new(),
        ),
        line(Some(Start::Contest), s.quiz_contest.clone(), String::new()),
        line(
            (due > 0).then_some(Start::Review),
            fill(&s.quiz_review, &[("due", &due), ("n", &store.book_size()?)]),
            String::new(),
        ),
    ])
}
