//! Planning a session: which questions, in which order, their options in which order. Pure:
//! fed with the banks and what the member's history says about each question (loaded in one
//! go by the caller), randomness from the attempt's recorded seed.

use std::collections::HashSet;

use crate::domain::quiz::{Bank, Kind, Paper, Question, draw_paper, shuffle};
use crate::domain::rng::Rng;
use crate::domain::session::{
    Freshness, Item, ItemRef, Mode, SPECIAL_COUNT, Session, Start, WEEKLY_COUNT, daily_pick,
    fresh_pick, special_title, week_of,
};

/// Questions in a practice session.
pub const PRACTICE_COUNT: usize = 10;

/// What the member's history says about the questions, for drawing.
#[derive(Clone, Debug, Default)]
pub struct History {
    /// (bank, question) in the wrong-answer book.
    pub in_book: HashSet<(String, String)>,
    /// (bank, question) ever answered.
    pub answered: HashSet<(String, String)>,
    /// (bank, question) due for review today, in the book's order.
    pub due: Vec<(String, String)>,
}

impl History {
    fn freshness(&self, bank: &str, question: &str) -> Freshness {
        let key = (bank.to_string(), question.to_string());
        if self.in_book.contains(&key) {
            Freshness::Wrong
        } else if self.answered.contains(&key) {
            Freshness::Seen
        } else {
            Freshness::Never
        }
    }
}

/// Why no session could be drawn.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DrawError {
    #[error("no bank `{0}`")]
    NoBank(String),
    #[error("no paper `{0}`")]
    NoPaper(String),
    #[error("no questions to ask")]
    Empty,
    #[error("an open session is resumed, not drawn")]
    Resume,
    #[error("a contest is played on its own screen, not drawn as a session")]
    Contest,
}

/// Options that close a list and must stay last: 以上都对, 以上都不是…
pub fn stays_last(option: &str) -> bool {
    let t: String = option
        .trim()
        .trim_end_matches(['。', '.', '！', '!'])
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    matches!(
        t.as_str(),
        "以上都对"
            | "以上都不对"
            | "以上都是"
            | "以上都不是"
            | "以上均正确"
            | "以上均不正确"
            | "以上皆是"
            | "以上皆非"
            | "都对"
            | "都不对"
            | "都是"
            | "都不是"
    )
}

/// The order a question's options are shown in: shuffled, except options that must stay last
/// (they keep their place) and questions whose options keep their order.
pub fn option_order(q: &Question, rng: &mut Rng) -> Vec<usize> {
    let n = q.options.len();
    let mut order: Vec<usize> = (0..n).collect();
    if !q.shuffle || !matches!(q.kind, Kind::Single | Kind::Multiple) {
        return order;
    }
    let free: Vec<usize> = (0..n).filter(|&i| !stays_last(&q.options[i])).collect();
    let mut moved = free.clone();
    shuffle(&mut moved, rng);
    for (slot, orig) in free.iter().zip(moved) {
        order[*slot] = orig;
    }
    order
}

fn item(bank: &str, q: &Question, rng: &mut Rng) -> Item {
    let mut it = Item::new(bank, q.clone(), None);
    it.order = option_order(q, rng);
    it
}

fn find(banks: &[Bank], bank: &str, question: &str) -> Option<(String, Question)> {
    let b = banks.iter().find(|b| b.id == bank)?;
    let q = b.questions.iter().find(|q| q.id == question)?;
    Some((b.id.clone(), q.clone()))
}

/// Draws a new session for `start` (every mode but [`Start::Resume`]). The title is the bank's
/// or the paper's; built-in modes have none (it is rendered from the mode when shown, in the
/// member's language).
pub fn plan(
    start: &Start,
    banks: &[Bank],
    history: &History,
    seed: u64,
    day: &str,
) -> Result<Session, DrawError> {
    let mut rng = Rng::new(seed);
    let session = match start {
        Start::Resume(_) => return Err(DrawError::Resume),
        Start::Contest => return Err(DrawError::Contest),
        Start::Practice {
            bank,
            tag,
            material,
        } => practice(banks, bank.as_ref(), tag.as_ref(), material, &mut rng)?,
        Start::Exam { bank, paper } => exam(banks, bank, paper, seed)?,
        Start::Daily | Start::Weekly => once_a_period(start, banks, history, day, &mut rng),
        Start::Special { bank, tag, set } => special(banks, bank, tag, *set, &mut rng)?,
        Start::Challenge => {
            let mut pool: Vec<(&str, &Question)> = banks
                .iter()
                .flat_map(|b| b.questions.iter().map(move |q| (b.id.as_str(), q)))
                .collect();
            shuffle(&mut pool, &mut rng);
            let items = pool.iter().map(|(b, q)| item(b, q, &mut rng)).collect();
            Session::new(0, Mode::Challenge, String::new(), items)
        }
        Start::Review => {
            let items = history
                .due
                .iter()
                .filter_map(|(b, q)| find(banks, b, q))
                .map(|(b, q)| item(&b, &q, &mut rng))
                .collect();
            Session::new(0, Mode::Review, String::new(), items)
        }
    };
    if session.is_empty() {
        return Err(DrawError::Empty);
    }
    Ok(session)
}

fn bank_of<'a>(banks: &'a [Bank], id: &str) -> Result<&'a Bank, DrawError> {
    banks
        .iter()
        .find(|b| b.id == id)
        .ok_or_else(|| DrawError::NoBank(id.to_string()))
}

/// Practice: up to [`PRACTICE_COUNT`] questions at random of a bank (or every bank), of a tag
/// or a material when given.
fn practice(
    banks: &[Bank],
    bank: Option<&String>,
    tag: Option<&String>,
    material: &Option<String>,
    rng: &mut Rng,
) -> Result<Session, DrawError> {
    let mut pool: Vec<(&str, &Question)> = banks
        .iter()
        .filter(|b| bank.is_none_or(|id| &b.id == id))
        .flat_map(|b| {
            b.questions
                .iter()
                .filter(|q| material.is_none() || q.material == *material)
                .filter(|q| tag.is_none_or(|t| q.tags.contains(t)))
                .map(move |q| (b.id.as_str(), q))
        })
        .collect();
    shuffle(&mut pool, rng);
    pool.truncate(PRACTICE_COUNT);
    let items = pool.iter().map(|(b, q)| item(b, q, rng)).collect();
    let title = match (bank, material) {
        (Some(id), _) => {
            let b = bank_of(banks, id)?;
            match tag {
                Some(t) => format!("{} · {t}", b.title),
                None => b.title.clone(),
            }
        }
        _ => String::new(),
    };
    Ok(Session {
        bank: bank.cloned(),
        ..Session::new(0, Mode::Practice, title, items)
    })
}

/// A paper: its questions drawn by type, in sections, priced, with its time and pass mark.
fn exam(banks: &[Bank], bank: &str, paper: &str, seed: u64) -> Result<Session, DrawError> {
    let b = bank_of(banks, bank)?;
    let p = b
        .papers
        .iter()
        .find(|p| p.id == paper)
        .ok_or_else(|| DrawError::NoPaper(paper.to_string()))?;
    // a fixed paper (固定试卷) is the same for everyone: drawn, ordered and its options placed
    // from the paper's own seed, not the attempt's
    let seed = p.seed(&b.id, seed);
    let mut rng = Rng::new(seed);
    // in sections by type (一、单选题 二、多选题…), shuffled within each; each question worth
    // what the paper says its type is worth
    let mut items: Vec<Item> = draw_paper(b, p, seed)
        .into_iter()
        .map(|q| item(&b.id, q, &mut rng))
        .collect();
    price(&mut items, p);
    for kind in Kind::ALL {
        let (start, end) = section(&items, kind);
        shuffle(&mut items[start..end], &mut rng);
    }
    Ok(Session {
        bank: Some(b.id.clone()),
        paper: Some(p.id.clone()),
        limit_secs: Some(i64::from(p.minutes) * 60),
        pass: Some(p.pass),
        partial: p.multiple_partial,
        fixed: p.fixed,
        ..Session::new(0, Mode::Exam, p.title.clone(), items)
    })
}

/// The daily or the weekly quiz: the freshest questions, in an order kept all day (all week):
/// never answered first, then those answered wrong.
fn once_a_period(
    start: &Start,
    banks: &[Bank],
    history: &History,
    day: &str,
    rng: &mut Rng,
) -> Session {
    let candidates: Vec<(String, String, Freshness)> = banks
        .iter()
        .flat_map(|b| {
            b.questions
                .iter()
                .map(|q| (b.id.clone(), q.id.clone(), history.freshness(&b.id, &q.id)))
        })
        .collect();
    let (mode, picked) = if *start == Start::Daily {
        (Mode::Daily, daily_pick(&candidates, day))
    } else {
        let week = week_of(day).map(|d| d.to_string()).unwrap_or_default();
        let key = format!("week {week}");
        (Mode::Weekly, fresh_pick(&candidates, &key, WEEKLY_COUNT))
    };
    let items = picked
        .into_iter()
        .filter_map(|i| {
            let (b, q, _) = &candidates[i];
            find(banks, b, q)
        })
        .map(|(b, q)| item(&b, &q, rng))
        .collect();
    Session::new(0, mode, String::new(), items)
}

/// A 专项答题 set: the bank's questions of the tag, in the bank's order: the same set each
/// time, so that it is scored once.
fn special(
    banks: &[Bank],
    bank: &str,
    tag: &String,
    set: usize,
    rng: &mut Rng,
) -> Result<Session, DrawError> {
    let b = bank_of(banks, bank)?;
    let items = b
        .questions
        .iter()
        .filter(|q| q.tags.contains(tag))
        .skip(set * SPECIAL_COUNT)
        .take(SPECIAL_COUNT)
        .map(|q| item(&b.id, q, rng))
        .collect();
    Ok(Session {
        bank: Some(b.id.clone()),
        ..Session::new(0, Mode::Special, special_title(tag, set), items)
    })
}

/// The range of `items` holding questions of `kind` (items are in type order).
pub fn section(items: &[Item], kind: Kind) -> (usize, usize) {
    let start = items
        .iter()
        .position(|i| i.question.kind == kind)
        .unwrap_or(items.len());
    let len = items[start..]
        .iter()
        .take_while(|i| i.question.kind == kind)
        .count();
    (start, start + len)
}

/// Rebuilds the items of a recorded attempt; `None` when a question is gone from its bank.
/// Each question worth what its paper says its type is worth (the paper's 每题分值), when the
/// paper sets it; at drawing and again when an exam left open is rebuilt.
pub fn price(items: &mut [Item], paper: &Paper) {
    for it in items {
        it.question.points = paper.points_for(it.question.kind, it.question.points);
    }
}

pub fn rebuild(banks: &[Bank], refs: &[ItemRef]) -> Option<Vec<Item>> {
    refs.iter()
        .map(|r| {
            let (b, q) = find(banks, &r.bank, &r.question)?;
            let mut it = Item::new(&b, q, None);
            if r.order.len() == it.order.len() {
                it.order = r.order.clone();
            }
            Some(it)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::quiz::Answer;
    use crate::domain::session::DAILY_COUNT;

    fn q(id: usize, kind: Kind, options: &[&str]) -> Question {
        Question {
            id: format!("q{id}"),
            kind,
            stem: "题".into(),
            options: options.iter().map(|s| s.to_string()).collect(),
            answer: match kind {
                Kind::Judge => Answer::Judge(true),
                Kind::Fill => Answer::Fill(vec![vec!["甲".into()]]),
                _ => Answer::Choice([0].into()),
            },
            explanation: String::new(),
            material: None,
            tags: vec![],
            difficulty: None,
            points: 1.0,
            shuffle: true,
        }
    }

    fn bank() -> Bank {
        let mut questions = Vec::new();
        for i in 0..12 {
            let kind = [Kind::Single, Kind::Multiple, Kind::Judge, Kind::Fill][i % 4];
            let opts: &[&str] = match kind {
                Kind::Single | Kind::Multiple => &["甲", "乙", "丙", "以上都对"],
                _ => &[],
            };
            questions.push(q(i, kind, opts));
        }
        Bank {
            id: "b".into(),
            title: "题库".into(),
            description: String::new(),
            version: None,
            sealed: false,
            questions,
            papers: vec![Paper {
                id: "p".into(),
                title: "卷".into(),
                minutes: 10,
                pass: 60,
                draw: vec![(Kind::Single, 2), (Kind::Multiple, 2), (Kind::Judge, 2)],
                tags: vec![],
                multiple_partial: None,
                ..Paper::default()
            }],
        }
    }

    #[test]
    fn every_mode_shuffles_options_but_the_closing_one_stays_last() {
        let banks = [bank()];
        let h = History::default();
        for start in [
            Start::Practice {
                bank: None,
                tag: None,
                material: None,
            },
            Start::Daily,
            Start::Challenge,
        ] {
            let mut orders = HashSet::new();
            for seed in 1..40 {
                let s = plan(&start, &banks, &h, seed, "2026-11-30").unwrap();
                for it in s.items.iter().filter(|i| i.question.options.len() == 4) {
                    assert_eq!(it.order[3], 3, "以上都对 stays last ({start:?})");
                    orders.insert(it.order.clone());
                }
            }
            assert!(orders.len() > 1, "{start:?} never shuffled the options");
        }
    }

    #[test]
    fn a_question_may_keep_its_order() {
        let mut b = bank();
        for q in &mut b.questions {
            q.shuffle = false;
        }
        let banks = [b];
        for seed in 1..20 {
            let s = plan(&Start::Challenge, &banks, &History::default(), seed, "d").unwrap();
            assert!(
                s.items
                    .iter()
                    .all(|i| i.order == (0..i.question.options.len()).collect::<Vec<_>>())
            );
        }
    }

    #[test]
    fn exam_papers_come_in_sections_by_type() {
        let s = plan(
            &Start::Exam {
                bank: "b".into(),
                paper: "p".into(),
            },
            &[bank()],
            &History::default(),
            7,
            "d",
        )
        .unwrap();
        let kinds: Vec<Kind> = s.items.iter().map(|i| i.question.kind).collect();
        assert_eq!(
            kinds,
            [
                Kind::Single,
                Kind::Single,
                Kind::Multiple,
                Kind::Multiple,
                Kind::Judge,
                Kind::Judge
            ]
        );
        assert_eq!(section(&s.items, Kind::Multiple), (2, 4));
        assert_eq!(section(&s.items, Kind::Fill), (6, 6));
    }

    #[test]
    fn the_same_seed_draws_the_same_session() {
        let banks = [bank()];
        let h = History::default();
        let a = plan(&Start::Challenge, &banks, &h, 42, "d").unwrap();
        let b = plan(&Start::Challenge, &banks, &h, 42, "d").unwrap();
        assert_eq!(a.items, b.items);
    }

    #[test]
    fn review_draws_what_is_due_and_daily_prefers_fresh_questions() {
        let banks = [bank()];
        let mut h = History {
            due: vec![("b".into(), "q3".into()), ("b".into(), "gone".into())],
            ..History::default()
        };
        let s = plan(&Start::Review, &banks, &h, 1, "d").unwrap();
        assert_eq!(s.items.len(), 1);
        assert_eq!(s.items[0].question.id, "q3");
        for i in 0..12 {
            if i != 5 {
                h.answered.insert(("b".into(), format!("q{i}")));
            }
        }
        let d = plan(&Start::Daily, &banks, &h, 1, "2026-11-30").unwrap();
        assert_eq!(d.items.len(), DAILY_COUNT);
        assert_eq!(
            d.items[0].question.id, "q5",
            "the one never answered comes first"
        );
        h.due.clear();
        assert_eq!(
            plan(&Start::Review, &banks, &h, 1, "d").unwrap_err(),
            DrawError::Empty
        );
    }

    #[test]
    fn closing_options_are_recognised() {
        for t in ["以上都对", "以上都不是。", " 以上均正确 ", "都不对"] {
            assert!(stays_last(t), "{t}");
        }
        assert!(!stays_last("以上都对的做法是"));
    }
}
