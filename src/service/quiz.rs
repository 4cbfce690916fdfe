//! Building the quiz menu and drawing sessions from the store: the glue between the quiz
//! screens' requests and the banks, attempts and the wrong-answer book.

use anyhow::Result;
use jiff::Timestamp;

pub use super::exam::settle_expired;
use crate::domain::draw::{plan, price, rebuild as rebuild_items};
use crate::domain::quiz::{Bank, Paper};
use crate::domain::session::{
    DAILY_COUNT, Item, ItemRef, Mode, SPECIAL_COUNT, Session, WEEKLY_COUNT, special_title,
};
use crate::domain::session::{MenuEntry, Start};
use crate::i18n::{Strings, fill};
use crate::store::{NewAttempt, Store};

/// Why a session could not start, said in the member's language by [`QuizError::message`].
#[derive(Debug, thiserror::Error)]
pub enum QuizError {
    #[error(transparent)]
    Draw(#[from] crate::domain::draw::DrawError),
    #[error("the bank of this session changed; it cannot be resumed")]
    BankChanged,
    #[error("that session is no longer open")]
    Gone,
    #[error("this paper may be taken {0} times, all used")]
    NoAttemptsLeft(u32),
    /// An exam is open (its title, seconds left): nothing else starts until it is handed in.
    #[error("an exam is open")]
    ExamOpen { title: String, left: Option<i64> },
    /// A read-only xuexi: it answers nothing (`elsewhere`: another xuexi holds the folder).
    #[error("read-only: no session can be opened here")]
    ReadOnly { elsewhere: bool },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

impl QuizError {
    pub fn message(&self, s: &Strings) -> String {
        match self {
            QuizError::Draw(_) => s.quiz_no_questions.clone(),
            QuizError::BankChanged => s.quiz_bank_changed.clone(),
            QuizError::Gone => s.quiz_gone.clone(),
            QuizError::NoAttemptsLeft(n) => fill(&s.quiz_attempts_used, &[("n", n)]),
            QuizError::ExamOpen { title, left } => s.exam_guard(title, *left),
            QuizError::ReadOnly { elsewhere: true } => s.quiz_held_elsewhere.clone(),
            QuizError::ReadOnly { elsewhere: false } => {
                s.problem(&crate::i18n::msg("store_db_read_only"))
            }
            QuizError::Store(e) => s.problem(&super::errors::store_problem(e)),
        }
    }
}

fn pct(p: Option<f64>) -> String {
    p.map(|p| format!("{p:.0}%")).unwrap_or_else(|| "—".into())
}

pub(super) fn all_banks(store: &Store) -> Result<Vec<Bank>, crate::store::StoreError> {
    store
        .list_banks()?
        .iter()
        .map(|b| store.bank(&b.id))
        .collect()
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
        menu.push(super::exam::open_exam_entry(
            store,
            s,
            &open,
            now,
            uses_attempt,
        ));
    }
    if banks.iter().all(|b| b.questions.is_empty()) {
        menu.push(MenuEntry {
            start: None,
            label: s.quiz_empty.clone(),
            detail: String::new(),
            abandon: None,
            uses_attempt: false,
            closed: None,
            open_exam: None,
        });
        return Ok(menu);
    }
    if let Some(open) = store.open_session()? {
        menu.push(MenuEntry {
            start: Some(Start::Resume(open.id)),
            label: fill(
                &s.quiz_resume_session,
                &[
                    ("title", &s.session_title(open.mode, &open.title)),
                    ("done", &open.answers.len()),
                    ("n", &open.items.len()),
                ],
            ),
            detail: String::new(),
            abandon: None,
            uses_attempt: false,
            closed: None,
            open_exam: None,
        });
    }
    // once a day, once a week: open until done, then saying so; begun, what is left of it
    // (a weekly quiz left after 1 of 5 still said 本周 5 题)
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
        store.daily(&day)?,
        &s.quiz_daily,
        &s.quiz_daily_left,
        DAILY_COUNT,
    )?;
    let (weekly_done, weekly_label) = begun(
        store.weekly(&day)?,
        &s.quiz_weekly,
        &s.quiz_weekly_left,
        WEEKLY_COUNT,
    )?;
    for (start, done, done_label, label) in [
        (Start::Daily, daily_done, &s.quiz_daily_done, daily_label),
        (
            Start::Weekly,
            weekly_done,
            &s.quiz_weekly_done,
            weekly_label,
        ),
    ] {
        menu.push(MenuEntry {
            start: (!done).then_some(start),
            closed: done.then(|| done_label.clone()),
            label: if done { done_label.clone() } else { label },
            detail: String::new(),
            abandon: None,
            open_exam: None,
            uses_attempt: false,
        });
    }
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
            uses_attempt: false,
            closed: None,
            open_exam: None,
        });
        // with two banks or more, a topic's rows say whose they are (they looked the same)
        let bank_named = if banks.len() > 1 {
            b.title.clone()
        } else {
            String::new()
        };
        // practice by tag (专题), in the order tags first appear in the bank
        let mut tags: Vec<&String> = Vec::new();
        for t in b.questions.iter().flat_map(|q| q.tags.iter()) {
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        for t in &tags {
            let n = b.questions.iter().filter(|q| q.tags.contains(t)).count();
            menu.push(MenuEntry {
                start: Some(Start::Practice {
                    bank: Some(b.id.clone()),
                    tag: Some(t.to_string()),
                    material: None,
                }),
                label: fill(&s.quiz_practice_tag, &[("tag", t), ("n", &n)]),
                detail: bank_named.clone(),
                abandon: None,
                uses_attempt: false,
                closed: None,
                open_exam: None,
            });
        }
        // 专项答题: each tag's questions in sets; the menu offers the first set not yet scored
        for t in &tags {
            let n = b.questions.iter().filter(|q| q.tags.contains(t)).count();
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
            menu.push(MenuEntry {
                start: Some(Start::Special {
                    bank: b.id.clone(),
                    tag: t.to_string(),
                    set,
                }),
                label: fill(
                    &s.quiz_special,
                    &[
                        ("tag", t),
                        ("set", &(set + 1)),
                        ("sets", &sets),
                        ("n", &in_set),
                    ],
                ),
                detail: match (next.is_none(), bank_named.is_empty()) {
                    (true, true) => s.quiz_special_scored.clone(),
                    (true, false) => format!("{bank_named} · {}", s.quiz_special_scored),
                    (false, _) => bank_named.clone(),
                },
                abandon: None,
                uses_attempt: false,
                closed: None,
                open_exam: None,
            });
        }
        for p in &b.papers {
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
                best_last(Mode::Exam, &b.id, Some(&p.id))?
            );
            // a paper with a limit says what is left, and cannot be started once it is used
            let mut closed = None;
            if let Some(limit) = p.attempts {
                let used = store.exam_attempts(&b.id, &p.id)?;
                detail.push_str(" · ");
                if used < limit {
                    detail.push_str(&fill(&s.quiz_attempts_left, &[("n", &(limit - used))]));
                } else {
                    let why = fill(&s.quiz_attempts_used, &[("n", &limit)]);
                    detail.push_str(&why);
                    closed = Some(why);
                }
            }
            let open = closed.is_none();
            menu.push(MenuEntry {
                start: open.then(|| Start::Exam {
                    bank: b.id.clone(),
                    paper: p.id.clone(),
                }),
                label: fill(&s.quiz_exam, &[("title", &p.title)]),
                detail,
                abandon: None,
                uses_attempt: false,
                closed,
                open_exam: None,
            });
        }
    }
    let best = store.best_challenge()?.unwrap_or(0.0);
    menu.push(MenuEntry {
        start: Some(Start::Challenge),
        label: fill(&s.quiz_challenge, &[("n", &format!("{best:.0}"))]),
        detail: String::new(),
        abandon: None,
        uses_attempt: false,
        closed: None,
        open_exam: None,
    });
    menu.push(MenuEntry {
        start: Some(Start::Contest),
        label: s.quiz_contest.clone(),
        detail: String::new(),
        abandon: None,
        uses_attempt: false,
        closed: None,
        open_exam: None,
    });
    let due = store.review_today(&day, review_daily)?.len();
    menu.push(MenuEntry {
        start: (due > 0).then_some(Start::Review),
        label: fill(&s.quiz_review, &[("due", &due), ("n", &store.book_size()?)]),
        detail: String::new(),
        abandon: None,
        uses_attempt: false,
        closed: None,
        open_exam: None,
    });
    Ok(menu)
}

fn paper_of<'a>(banks: &'a [Bank], bank: Option<&str>, paper: Option<&str>) -> Option<&'a Paper> {
    let b = banks.iter().find(|b| Some(b.id.as_str()) == bank)?;
    b.papers.iter().find(|p| Some(p.id.as_str()) == paper)
}

/// A knowledge contest for `players`, its questions drawn from every bank.
pub fn contest(
    store: &Store,
    players: Vec<crate::domain::contest::Player>,
    now: Timestamp,
) -> Result<Option<crate::domain::contest::Contest>, QuizError> {
    use crate::domain::contest::{Contest, rounds_for};
    let pool: Vec<Item> = all_banks(store)?
        .iter()
        .flat_map(|b| {
            b.questions
                .iter()
                .map(|q| Item::new(&b.id, q.clone(), None))
        })
        .collect();
    let seed = now.as_millisecond() as u64 ^ 0x0c0e_7e57;
    let rounds = rounds_for(&pool, players.len(), seed);
    // at least a question for each player
    if rounds.iter().map(|r| r.1.len()).sum::<usize>() < players.len() {
        return Ok(None);
    }
    Ok(Some(Contest::new(players, rounds, seed)))
}

/// Keeps a finished contest and writes its results as Markdown into `dir` (when there is
/// one); the file's path, or what went wrong writing it.
pub fn save_contest(
    store: &mut Store,
    record: &crate::domain::contest::ContestRecord,
    strings: &Strings,
    tz: &jiff::tz::TimeZone,
    dir: Option<&std::path::Path>,
) -> Result<Option<String>, String> {
    store
        .save_contest(record)
        .map_err(|e| super::errors::store_text(&e, strings))?;
    let Some(dir) = dir else { return Ok(None) };
    let text = crate::export::contest::to_markdown(record, strings, tz);
    let stamp = record
        .finished_at
        .to_zoned_datetime(tz.clone())
        .strftime("%Y%m%d-%H%M")
        .to_string();
    super::report::write_new_file(dir, &format!("contest-{stamp}"), "md", &text, strings).map(Some)
}

/// The member's own bank of cards made from the text (挖空).
pub const CARDS_BANK: &str = "my-cards";

/// Makes a card from the text: `word` taken out of `sentence` (of `material`) as a fill-in
/// question of the member's own bank, in today's review. Its stem, or why not, in words.
pub fn make_cloze(
    store: &mut Store,
    strings: &Strings,
    material: &str,
    sentence: &str,
    word: &str,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
) -> Result<String, String> {
    use crate::domain::cloze::{ClozeError, MAX_WORD_CHARS, cloze};
    // checked before anything is written
    let q = cloze(sentence, word, "", Some(material)).map_err(|e| match e {
        ClozeError::NoWord => strings.cloze_no_word.clone(),
        ClozeError::NotIn => fill(&strings.cloze_not_in, &[("word", &word.trim())]),
        ClozeError::TooLong => fill(&strings.cloze_too_long, &[("max", &MAX_WORD_CHARS)]),
    })?;
    let day = crate::domain::stats::day_of(now, tz);
    store
        .add_own_question(
            CARDS_BANK,
            &strings.cloze_bank_title,
            |id| crate::domain::quiz::Question {
                id: id.to_string(),
                ..q.clone()
            },
            day,
            now,
        )
        .map_err(|e| super::errors::store_text(&e, strings))?;
    Ok(q.stem)
}

/// Rebuilds an attempt left open, with its saved answers, the question the member was on and,
/// for an exam, the wall-clock time since it started.
pub(super) fn rebuild(
    banks: &[Bank],
    open: &crate::store::OpenAttempt,
    now: Timestamp,
) -> Result<Session, QuizError> {
    let mut items = match rebuild_items(banks, &open.items) {
        Some(items) if !items.is_empty() => items,
        _ => return Err(QuizError::BankChanged),
    };
    let paper = paper_of(banks, open.bank.as_deref(), open.paper.as_deref());
    if let Some(p) = paper {
        price(&mut items, p);
    }
    let mut session = Session::new(open.id, open.mode, open.title.clone(), items);
    session.bank = open.bank.clone();
    session.paper = open.paper.clone();
    session.limit_secs = open.limit_secs;
    session.used_ms = open.used_secs * 1000;
    session.pass = open.pass;
    session.partial = open.partial;
    session.place = open.current.min(session.len().saturating_sub(1));
    session.fixed = paper.is_some_and(|p| p.fixed);
    if open.mode == Mode::Exam {
        let from = open.started_at.as_millisecond();
        session.clock_from_ms = Some(from);
        session.used_ms = session.used_ms.max(now.as_millisecond() - from);
    }
    for &i in &open.hints {
        if let Some(h) = session.hinted.get_mut(i) {
            *h = true;
        }
    }
    for i in 0..session.len() {
        if let Some(r) = open.response(i, session.items[i].question.kind) {
            session.answer(i, r);
        }
    }
    Ok(session)
}

/// Draws a session (or rebuilds a left-open one) and records its attempt.
pub fn start(
    store: &mut Store,
    start: &Start,
    now: Timestamp,
    tz: &jiff::tz::TimeZone,
    review_daily: usize,
) -> Result<(Session, String), QuizError> {
    if store.is_read_only() {
        // nothing here can be answered, saved or handed in
        return Err(QuizError::ReadOnly {
            elsewhere: store.held_elsewhere(),
        });
    }
    if !matches!(start, Start::Resume(_)) {
        // closed book: nothing that shows answers (practice, the wrong-answer book, another
        // paper) starts while an exam is open; its own line resumes it
        if let Some((title, left)) = super::exam::running(store, None, now) {
            return Err(QuizError::ExamOpen { title, left });
        }
    }
    let day = crate::domain::stats::day_of(now, tz).to_string();
    let banks = all_banks(store)?;
    match start {
        Start::Resume(id) => {
            let open = store.open_attempt(*id)?.ok_or(QuizError::Gone)?;
            return Ok((with_cards(store, rebuild(&banks, &open, now)?)?, day));
        }
        Start::Daily | Start::Weekly => {
            // once a day, once a week: an open one is resumed, a finished one is not redone
            let set = if *start == Start::Daily {
                store.daily(&day)?
            } else {
                store.weekly(&day)?
            };
            if let Some((id, _, done)) = set {
                if done {
                    return Err(QuizError::Gone);
                }
                if let Some(open) = store.open_attempt(id)? {
                    return Ok((with_cards(store, rebuild(&banks, &open, now)?)?, day));
                }
            }
        }
        _ => {}
    }
    // a paper with a limit: refused once used up, else this attempt's number
    let mut attempts = None;
    if let Start::Exam { bank, paper } = start
        && let Some(limit) = paper_of(&banks, Some(bank), Some(paper)).and_then(|p| p.attempts)
    {
        let used = store.exam_attempts(bank, paper)?;
        if used >= limit {
            return Err(QuizError::NoAttemptsLeft(limit));
        }
        attempts = Some((used + 1, limit));
    }
    let seed = now.as_millisecond() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    let history = store.draw_history(&day, review_daily)?;
    let mut session = plan(start, &banks, &history, seed, &day)?;
    session.attempts = attempts;
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
    // an exam's clock starts on its start screen's Enter (Effect::BeginExam), not here
    if matches!(
        session.mode,
        Mode::Practice | Mode::Challenge | Mode::Review | Mode::Special
    ) {
        store.abandon_unfinished(session.attempt, now)?;
    }
    Ok((with_cards(store, session)?, day))
}

/// The session with its questions' review cards as they are now.
fn with_cards(store: &Store, mut session: Session) -> Result<Session, QuizError> {
    let refs: Vec<(String, String)> = session
        .items
        .iter()
        .map(|it| (it.bank.clone(), it.question.id.clone()))
        .collect();
    session.cards = store.review_cards_of(&refs)?;
    Ok(session)
}
