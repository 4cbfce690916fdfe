//! Building the quiz menu and drawing sessions from the store: the glue between the quiz
//! screens' requests and the banks, attempts and the wrong-answer book.

use anyhow::{Context, Result, bail};
use jiff::Timestamp;

use crate::domain::quiz::{Bank, draw_paper, shuffle};
use crate::domain::rng::Rng;
use crate::domain::session::{DAILY_COUNT, Item, ItemRef, Mode, Session, daily_pick};
use crate::domain::session::{MenuEntry, Start};
use crate::i18n::{Strings, fill};
use crate::store::{NewAttempt, Store};

/// Questions in a practice session.
pub const PRACTICE_COUNT: usize = 10;

fn pct(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "—".into())
}

fn all_banks(store: &Store) -> Result<Vec<Bank>> {
    store
        .list_banks()?
        .iter()
        .map(|b| Ok(store.bank(&b.id)?))
        .collect()
}

/// The menu: a left-open exam first, then the daily quiz, practice per bank, every paper, the
/// challenge and the wrong-answer book.
pub fn menu(
    store: &Store,
    s: &Strings,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<Vec<MenuEntry>> {
    let day = crate::domain::stats::day_of(now, tz).to_string();
    let banks = all_banks(store)?;
    let mut menu = Vec::new();
    if let Some(open) = store.open_exam()? {
        let left = open.limit_secs.map(|l| l - open.used_secs).unwrap_or(0);
        menu.push(MenuEntry {
            start: Some(Start::Resume(open.id)),
            label: fill(
                &s.quiz_resume,
                &[("title", &open.title), ("time", &crate::text::clock(left))],
            ),
            detail: s.cmd_abandon.clone() + " (x)",
            abandon: Some(open.id),
        });
    }
    if banks.iter().all(|b| b.questions.is_empty()) {
        menu.push(MenuEntry {
            start: None,
            label: s.quiz_empty.clone(),
            detail: String::new(),
            abandon: None,
        });
        return Ok(menu);
    }
    let daily_done = store.daily(&day)?.is_some_and(|(_, _, done)| done);
    menu.push(MenuEntry {
        start: (!daily_done).then_some(Start::Daily),
        label: if daily_done {
            s.quiz_daily_done.clone()
        } else {
            fill(&s.quiz_daily, &[("n", &DAILY_COUNT)])
        },
        detail: String::new(),
        abandon: None,
    });
    let best_last = |mode, bank: &str, paper: Option<&str>| -> Result<String> {
        let (best, last) = store.best_and_last(mode, Some(bank), paper)?;
        Ok(if last.is_none() {
            s.quiz_never.clone()
        } else {
            fill(
                &s.quiz_best_last,
                &[("best", &pct(best)), ("last", &pct(last))],
            )
        })
    };
    for b in &banks {
        menu.push(MenuEntry {
            start: Some(Start::Practice {
                bank: Some(b.id.clone()),
                tag: None,
                material: None,
            }),
            label: fill(
                &s.quiz_practice,
                &[("title", &b.title), ("n", &b.questions.len())],
            ),
            detail: best_last(Mode::Practice, &b.id, None)?,
            abandon: None,
        });
        // practice by tag (专题), in the order tags first appear in the bank
        let mut tags: Vec<&String> = Vec::new();
        for t in b.questions.iter().flat_map(|q| q.tags.iter()) {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        for t in tags {
            let n = b.questions.iter().filter(|q| q.tags.contains(t)).count();
            menu.push(MenuEntry {
                start: Some(Start::Practice {
                    bank: Some(b.id.clone()),
                    tag: Some(t.clone()),
                    material: None,
                }),
                label: fill(&s.quiz_practice_tag, &[("tag", t), ("n", &n)]),
                detail: String::new(),
                abandon: None,
            });
        }
        for p in &b.papers {
            let count: usize = p.draw.iter().map(|(_, n)| n).sum();
            menu.push(MenuEntry {
                start: Some(Start::Exam {
                    bank: b.id.clone(),
                    paper: p.id.clone(),
                }),
                label: fill(&s.quiz_exam, &[("title", &p.title)]),
                detail: format!(
                    "{} · {}",
                    fill(
                        &s.quiz_exam_detail,
                        &[
                            ("minutes", &p.minutes),
                            ("count", &count),
                            ("pass", &p.pass)
                        ]
                    ),
                    best_last(Mode::Exam, &b.id, Some(&p.id))?
                ),
                abandon: None,
            });
        }
    }
    let best = store.best_challenge()?.unwrap_or(0.0);
    menu.push(MenuEntry {
        start: Some(Start::Challenge),
        label: fill(&s.quiz_challenge, &[("n", &format!("{best:.0}"))]),
        detail: String::new(),
        abandon: None,
    });
    let due = store.book_due(&day)?.len();
    menu.push(MenuEntry {
        start: (due > 0).then_some(Start::Review),
        label: fill(&s.quiz_review, &[("due", &due), ("n", &store.book_size()?)]),
        detail: String::new(),
        abandon: None,
    });
    Ok(menu)
}

fn find_item(banks: &[Bank], r: &ItemRef) -> Option<Item> {
    let bank = banks.iter().find(|b| b.id == r.bank)?;
    let q = bank.questions.iter().find(|q| q.id == r.question)?.clone();
    let mut item = Item::new(&bank.id, q, None);
    if r.order.len() == item.order.len() {
        item.order = r.order.clone();
    }
    Some(item)
}

/// Draws a session (or rebuilds a left-open one) and records its attempt.
pub fn start(
    store: &mut Store,
    s: &Strings,
    start: &Start,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<(Session, String)> {
    let day = crate::domain::stats::day_of(now, tz).to_string();
    let banks = all_banks(store)?;
    let seed = now.as_millisecond() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    let mut rng = Rng::new(seed);
    let resume = |attempt: &crate::store::OpenAttempt| -> Result<Session> {
        let items: Vec<Item> = attempt
            .items
            .iter()
            .filter_map(|r| find_item(&banks, r))
            .collect();
        if items.is_empty() || items.len() != attempt.items.len() {
            bail!("the bank of this exam changed; it cannot be resumed — abandon it (x)");
        }
        let mut session = Session::new(attempt.id, attempt.mode, attempt.title.clone(), items);
        session.bank = attempt.bank.clone();
        session.paper = attempt.paper.clone();
        session.limit_secs = attempt.limit_secs;
        session.used_ms = attempt.used_secs * 1000;
        session.pass = attempt.pass;
        session.partial = attempt.partial;
        for i in 0..session.len() {
            if let Some(r) = attempt.response(i, session.items[i].question.kind) {
                session.answer(i, r);
            }
        }
        Ok(session)
    };
    let mut session = match start {
        Start::Resume(id) => {
            let open = store
                .open_exam()?
                .filter(|o| o.id == *id)
                .context("that exam is no longer open")?;
            return Ok((resume(&open)?, day));
        }
        Start::Practice {
            bank,
            tag,
            material,
        } => {
            let mut pool: Vec<Item> = banks
                .iter()
                .filter(|b| bank.as_ref().is_none_or(|id| &b.id == id))
                .flat_map(|b| {
                    b.questions
                        .iter()
                        .filter(|q| material.is_none() || q.material == *material)
                        .filter(|q| tag.as_ref().is_none_or(|t| q.tags.contains(t)))
                        .map(|q| Item::new(&b.id, q.clone(), None))
                })
                .collect();
            shuffle(&mut pool, &mut rng);
            pool.truncate(PRACTICE_COUNT);
            let title = match bank
                .as_ref()
                .and_then(|id| banks.iter().find(|b| &b.id == id))
            {
                Some(b) => match tag {
                    Some(t) => format!("{} · {t}", b.title),
                    None => b.title.clone(),
                },
                None => s.quiz_practice_material.clone(),
            };
            Session {
                bank: bank.clone(),
                ..Session::new(0, Mode::Practice, title, pool)
            }
        }
        Start::Exam { bank, paper } => {
            let b = banks
                .iter()
                .find(|b| &b.id == bank)
                .with_context(|| format!("no bank `{bank}`"))?;
            let p = b
                .papers
                .iter()
                .find(|p| &p.id == paper)
                .with_context(|| format!("no paper `{paper}`"))?;
            let drawn = draw_paper(b, p, seed);
            let mut items: Vec<Item> = drawn
                .into_iter()
                .map(|q| Item::new(&b.id, q.clone(), Some(&mut rng)))
                .collect();
            shuffle(&mut items, &mut rng);
            Session {
                bank: Some(b.id.clone()),
                paper: Some(p.id.clone()),
                limit_secs: Some(i64::from(p.minutes) * 60),
                pass: Some(p.pass),
                partial: p.multiple_partial,
                ..Session::new(0, Mode::Exam, p.title.clone(), items)
            }
        }
        Start::Daily => {
            if let Some((id, refs, done)) = store.daily(&day)? {
                if done {
                    bail!("today's daily quiz is done");
                }
                let open = crate::store::OpenAttempt {
                    id,
                    mode: Mode::Daily,
                    bank: None,
                    paper: None,
                    title: s.title_daily.clone(),
                    items: refs,
                    limit_secs: None,
                    used_secs: 0,
                    pass: None,
                    partial: None,
                    answers: store.answers_of(id)?,
                };
                return Ok((resume(&open)?, day));
            }
            let mut candidates = Vec::new();
            for b in &banks {
                for q in &b.questions {
                    candidates.push((b.id.clone(), q.id.clone(), store.freshness(&b.id, &q.id)?));
                }
            }
            let items: Vec<Item> = daily_pick(&candidates, &day)
                .into_iter()
                .filter_map(|i| {
                    let (b, q, _) = &candidates[i];
                    find_item(
                        &banks,
                        &ItemRef {
                            bank: b.clone(),
                            question: q.clone(),
                            order: vec![],
                        },
                    )
                })
                .collect();
            Session::new(0, Mode::Daily, s.title_daily.clone(), items)
        }
        Start::Challenge => {
            let mut items: Vec<Item> = banks
                .iter()
                .flat_map(|b| {
                    b.questions
                        .iter()
                        .map(|q| Item::new(&b.id, q.clone(), None))
                })
                .collect();
            shuffle(&mut items, &mut rng);
            Session::new(0, Mode::Challenge, s.title_challenge.clone(), items)
        }
        Start::Review => {
            let items: Vec<Item> = store
                .book_due(&day)?
                .into_iter()
                .filter_map(|(b, q)| {
                    find_item(
                        &banks,
                        &ItemRef {
                            bank: b,
                            question: q,
                            order: vec![],
                        },
                    )
                })
                .collect();
            Session::new(0, Mode::Review, s.title_review.clone(), items)
        }
    };
    if session.is_empty() {
        bail!("no questions to ask");
    }
    let refs: Vec<ItemRef> = session.items.iter().map(Item::reference).collect();
    session.attempt = store.start_attempt(
        &NewAttempt {
            mode: session.mode,
            bank: session.bank.as_deref(),
            paper: session.paper.as_deref(),
            title: &session.title,
            seed,
            items: &refs,
            day: &day,
            limit_secs: session.limit_secs,
            pass: session.pass,
            partial: session.partial,
        },
        now,
    )?;
    Ok((session, day))
}
