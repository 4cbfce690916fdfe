//! Drawing sessions from the store (and the quiz menu, `quiz/menu.rs`): the glue between the
//! quiz screens' requests and the banks, attempts and the wrong-answer book.

use anyhow::Result;
use jiff::Timestamp;

pub use super::attempt::QuizError;
use super::attempt::{all_banks, open_banks, paper_of, rebuild, sealed_bank};
pub use super::exam::settle_expired;
use crate::domain::draw::plan;
use crate::domain::exam::Tries;
use crate::domain::session::{Item, ItemRef, Session, Start};
use crate::i18n::{Strings, fill};
use crate::store::{NewAttempt, Store};

mod menu;
pub use menu::menu;

/// A knowledge contest for `players`, its questions drawn from every bank.
pub fn contest(
    store: &Store,
    players: Vec<crate::domain::contest::Player>,
    now: Timestamp,
) -> Result<Option<crate::domain::contest::Contest>, QuizError> {
    use crate::domain::contest::{Contest, rounds_for};
    let pool: Vec<Item> = open_banks(all_banks(store)?)
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
        match Tries::of(Some(limit), store.exam_attempts(bank, paper)?) {
            Tries::UsedUp { limit } => return Err(QuizError::NoAttemptsLeft(limit)),
            Tries::Left { next, limit } => attempts = Some((next, limit)),
            Tries::Unlimited => {}
        }
    }
    let seed = now.as_millisecond() as u64 ^ 0x9e37_79b9_7f4a_7c15;
    let history = store.draw_history(&day, review_daily)?;
    let sealed = match start {
        Start::Exam { bank, .. } => sealed_bank(&banks, Some(bank)),
        _ => false,
    };
    let banks = if sealed {
        banks
    } else {
        refuse_sealed(start, &banks)?;
        open_banks(banks)
    };
    let mut session = plan(start, &banks, &history, seed, &day)?;
    session.attempts = attempts;
    session.sealed = sealed;
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
    if session.mode.replaceable() {
        store.abandon_unfinished(session.attempt, now)?;
    }
    Ok((with_cards(store, session)?, day))
}

/// A practice or 专项 set asked of a sealed bank without its key, by name: refused, saying why
/// (everything else just never draws from such a bank).
fn refuse_sealed(start: &Start, banks: &[crate::domain::quiz::Bank]) -> Result<(), QuizError> {
    let named = match start {
        Start::Practice { bank: Some(b), .. } | Start::Special { bank: b, .. } => b,
        _ => return Ok(()),
    };
    match banks.iter().find(|b| &b.id == named && b.keyless()) {
        Some(b) => Err(QuizError::Sealed(b.title.clone())),
        None => Ok(()),
    }
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
