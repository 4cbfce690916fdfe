//! An attempt as the store keeps it, made a session again (a left-open one resumed, an exam
//! handed in at its deadline), and why a session could not start: what the quiz menu, starting
//! a session and an open exam share.

use jiff::Timestamp;

use crate::domain::draw::{price, rebuild as rebuild_items};
use crate::domain::quiz::{Bank, Paper};
use crate::domain::session::{Mode, Session};
use crate::i18n::{Strings, fill};
use crate::store::Store;

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
    /// A sealed bank without its key (its title): only its papers can be taken here.
    #[error("a sealed bank: only its papers can be taken")]
    Sealed(String),
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
            QuizError::Sealed(title) => fill(&s.quiz_sealed_guard, &[("title", title)]),
            QuizError::ReadOnly { elsewhere: true } => s.quiz_held_elsewhere.clone(),
            QuizError::ReadOnly { elsewhere: false } => {
                s.problem(&crate::i18n::msg("store_db_read_only"))
            }
            QuizError::Store(e) => s.problem(&super::errors::store_problem(e)),
        }
    }
}

pub(crate) fn all_banks(store: &Store) -> Result<Vec<Bank>, crate::store::StoreError> {
    store
        .list_banks()?
        .iter()
        .map(|b| store.bank(&b.id))
        .collect()
}

/// Is `bank` one of `banks` sealed without its key (a member's copy from a pack)?
pub(crate) fn sealed_bank(banks: &[Bank], bank: Option<&str>) -> bool {
    banks
        .iter()
        .any(|b| Some(b.id.as_str()) == bank && b.keyless())
}

/// The banks a session other than a sealed paper may draw from: every bank but the sealed
/// ones without their key (no practice, daily quiz, challenge, contest or review of those).
pub(crate) fn open_banks(banks: Vec<Bank>) -> Vec<Bank> {
    banks.into_iter().filter(|b| !b.keyless()).collect()
}

pub(crate) fn paper_of<'a>(
    banks: &'a [Bank],
    bank: Option<&str>,
    paper: Option<&str>,
) -> Option<&'a Paper> {
    let b = banks.iter().find(|b| Some(b.id.as_str()) == bank)?;
    b.papers.iter().find(|p| Some(p.id.as_str()) == paper)
}

/// Rebuilds an attempt left open, with its saved answers, the question the member was on and,
/// for an exam, the wall-clock time since it started.
pub(crate) fn rebuild(
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
    session.sealed = sealed_bank(banks, open.bank.as_deref());
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
