//! The quiz screens' state: the menu of banks, papers and modes, and a running session
//! (answering, feedback, the exam's map and confirm, results, review). No I/O: it returns
//! effects. The keys of a running session are in [`key`].

mod key;
mod screen_keys;
pub(crate) use screen_keys::quiz_context;

use std::collections::BTreeSet;

use jiff::Timestamp;
use ratatui_textarea::TextArea;

use super::Effect;

use crate::domain::quiz::{Grade, Kind, Response};
use crate::domain::review::{Recall, default_recall, intervals};
pub use crate::domain::session::{MenuEntry, Start};
use crate::domain::session::{Mode, Results, Session};

/// What a confirmation asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ask {
    /// Hand the exam in.
    Submit,
    /// Leave the exam screen (its clock keeps running).
    Leave,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Exam: the start screen (paper, 题量, 时长, 及格线, rules); the clock starts on Enter.
    Start,
    Answering,
    /// The answer to the current question was graded (not in exams).
    Feedback(Grade),
    /// Exam: the question map is open, with its cursor.
    Map(usize),
    /// Exam: hand it in, or leave the screen?
    Confirm(Ask),
    /// Finished: results, then a review of every question (`Some(i)`).
    Results(Results),
    Review(Results, usize),
}

/// A running session and what the member is doing in it.
pub struct Run {
    pub session: Session,
    pub current: usize,
    /// Highlighted option, in display order.
    pub cursor: usize,
    /// Options picked, in display order.
    pub picked: BTreeSet<usize>,
    /// One input per blank of a fill question.
    pub inputs: Vec<TextArea<'static>>,
    pub blank: usize,
    pub phase: Phase,
    pub last_tick: Option<Timestamp>,
    pub last_saved_secs: i64,
    pub day: String,
    /// Challenge: the run ended on a wrong answer or the timer.
    pub over: bool,
    /// Enter was pressed with nothing chosen or typed: the member is to be told.
    pub nothing_chosen: bool,
    /// Lines scrolled, where the question or its explanation may not fit the screen.
    pub scroll: usize,
    /// Exam: a blank was typed into at this time and not yet saved (saved within a second).
    pub typed_at: Option<Timestamp>,
    /// Exam: the time ran out and the paper was handed in by itself.
    pub timed_out: bool,
    /// The answer on the feedback screen, the grade of its recall and the days each grade
    /// would bring it back in (1 忘了 … 4 简单).
    pub rated: Option<Rated>,
}

/// An answer's recall, graded by default and changeable on its feedback screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Rated {
    pub answer: crate::domain::book::AnswerRecord,
    pub recall: Recall,
    pub days: [i64; 4],
}

#[derive(Default)]
pub struct Quiz {
    pub menu: Vec<MenuEntry>,
    pub selected: usize,
    pub run: Option<Run>,
    /// The open exam `x` was pressed on: abandon it? (Enter/y yes, Esc/n no)
    pub abandon: Option<i64>,
    /// The 错题/复习 browser is open over the menu.
    pub cards: Option<super::cards::CardsView>,
    /// The knowledge contest (its setup, the contest, its results) is open over the menu.
    pub contest: Option<super::contest::ContestView>,
    /// The deadline (ms) of the menu's open exam whose time ran out, once the menu was asked
    /// for again (which hands it in): asked once per exam, not at every tick, also when it
    /// cannot be handed in (its bank changed: the menu offers to abandon it).
    pub settle_asked: Option<i64>,
}

/// Seconds between checkpoints of an exam's used time.
pub const TIME_SAVE_SECS: i64 = 5;
/// A gap between ticks longer than this (a suspended laptop) counts as this much; an exam's
/// clock is the wall clock instead.
const MAX_TICK_MS: i64 = 2_000;
/// Typing into an exam's blank is saved this long after the last key.
pub const TYPING_SAVE_MS: i64 = 800;

/// Options of item `i` as shown, in display order (a judge question offers 正确 / 错误).
pub fn options_of(run: &Run, i: usize, s: &crate::i18n::Strings) -> Vec<String> {
    let item = &run.session.items[i];
    match item.question.kind {
        Kind::Judge => vec![s.judge_true.clone(), s.judge_false.clone()],
        Kind::Fill => Vec::new(),
        _ => item
            .order
            .iter()
            .map(|&i| item.question.options.get(i).cloned().unwrap_or_default())
            .collect(),
    }
}

impl Run {
    pub fn new(session: Session, day: String) -> Run {
        let mut run = Run {
            session,
            current: 0,
            cursor: 0,
            picked: BTreeSet::new(),
            inputs: Vec::new(),
            blank: 0,
            phase: Phase::Answering,
            last_tick: None,
            last_saved_secs: 0,
            day,
            over: false,
            nothing_chosen: false,
            scroll: 0,
            typed_at: None,
            timed_out: false,
            rated: None,
        };
        let exam = run.session.mode == Mode::Exam;
        if exam && run.session.clock_from_ms.is_none() {
            // a new exam: its start screen first, the clock not yet running
            run.phase = Phase::Start;
        } else if exam {
            // a resumed exam opens on the question the member was on
            run.current = run.session.place.min(run.session.len().saturating_sub(1));
        } else {
            // anything else resumes at the first unanswered question
            run.current = run
                .session
                .responses
                .iter()
                .position(Option::is_none)
                .unwrap_or(0);
        }
        run.load_current();
        run
    }

    fn exam(&self) -> bool {
        self.session.mode == Mode::Exam
    }

    pub fn kind(&self) -> Kind {
        self.session.items[self.current].question.kind
    }

    /// Puts the stored response of the current question (if any) into the controls.
    fn load_current(&mut self) {
        self.scroll = 0;
        self.cursor = 0;
        self.picked.clear();
        self.blank = 0;
        let item = &self.session.items[self.current];
        let q = &item.question;
        let blanks = match &q.answer {
            crate::domain::quiz::Answer::Fill(b) => b.len(),
            // a sealed 填空 has no key to count its blanks by: its stem's
            crate::domain::quiz::Answer::Sealed if q.kind == Kind::Fill => {
                crate::domain::quiz::count_blanks(&q.stem).max(1)
            }
            _ => 0,
        };
        self.inputs = (0..blanks).map(|_| TextArea::default()).collect();
        match &self.session.responses[self.current] {
            Some(Response::Choice(set)) => {
                for (shown, orig) in item.order.iter().enumerate() {
                    if set.contains(orig) {
                        self.picked.insert(shown);
                    }
                }
            }
            Some(Response::Judge(b)) => {
                self.picked.insert(if *b { 0 } else { 1 });
            }
            Some(Response::Fill(v)) => {
                for (i, t) in v.iter().enumerate() {
                    if let Some(input) = self.inputs.get_mut(i) {
                        input.insert_str(t);
                    }
                }
            }
            None => {}
        }
        if let Some(&first) = self.picked.iter().next() {
            self.cursor = first;
        }
    }

    /// The response the controls hold now, if complete enough to submit.
    fn response(&self) -> Option<Response> {
        let item = &self.session.items[self.current];
        match item.question.kind {
            Kind::Judge => self.picked.iter().next().map(|&p| Response::Judge(p == 0)),
            Kind::Fill => {
                let v: Vec<String> = self.inputs.iter().map(|t| t.lines().join("")).collect();
                v.iter()
                    .any(|s| !s.trim().is_empty())
                    .then_some(Response::Fill(v))
            }
            _ => (!self.picked.is_empty())
                .then(|| Response::Choice(self.picked.iter().map(|&s| item.order[s]).collect())),
        }
    }

    fn options_len(&self) -> usize {
        let q = &self.session.items[self.current].question;
        match q.kind {
            Kind::Judge => 2,
            Kind::Fill => 0,
            _ => q.options.len(),
        }
    }

    fn pick(&mut self, shown: usize) {
        if shown >= self.options_len() {
            return;
        }
        self.cursor = shown;
        if self.kind() == Kind::Multiple {
            if !self.picked.remove(&shown) {
                self.picked.insert(shown);
            }
        } else {
            self.picked.clear();
            self.picked.insert(shown);
        }
    }

    fn go_to(&mut self, i: usize) {
        if i < self.session.len() {
            self.current = i;
            self.load_current();
        }
    }

    /// Exam: where the member is and the time used, to reopen there.
    pub(super) fn place(&self) -> Effect {
        Effect::SavePlace {
            attempt: self.session.attempt,
            current: self.current,
            used_secs: self.session.used_ms / 1000,
        }
    }

    /// Records the controls' response for the current question; returns the effect to save it.
    fn record(&mut self) -> Option<(Effect, Grade)> {
        let r = self.response()?;
        let i = self.current;
        let g = self.session.answer(i, r.clone());
        let record = crate::domain::book::record_of(&self.session, i, r, g, &self.day);
        // an exam's answer is kept ungraded until the paper is handed in
        let fx = if self.exam() {
            Effect::SaveResponse(record)
        } else {
            Effect::SaveAnswer(record)
        };
        Some((fx, g))
    }

    /// Where item `i`'s source opens: at the passage its explanation quotes, marked.
    fn source(&self, i: usize) -> Option<super::Target> {
        let q = &self.session.items.get(i)?.question;
        Some(super::Target {
            id: q.material.clone()?,
            at: None,
            find: crate::domain::quiz::quoted(&q.explanation).map(|t| format!("\"{t}\"")),
        })
    }

    pub(super) fn finish(&mut self) -> Effect {
        self.typed_at = None;
        let results = if self.session.mode == Mode::Challenge {
            // a challenge counts the questions shown, and scores its run of right answers
            self.session.challenge_results(self.current + 1)
        } else {
            self.session.results()
        };
        self.phase = Phase::Results(results.clone());
        let graded = if self.exam() {
            crate::domain::book::graded_answers(&self.session, &self.day)
        } else {
            Vec::new()
        };
        Effect::FinishAttempt {
            attempt: self.session.attempt,
            results,
            used_secs: self.session.used_ms / 1000,
            graded,
        }
    }

    /// Time passes on the current question; true when the session's time ran out.
    pub fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let delta = if self.session.clock_from_ms.is_some() {
            // an exam's clock is the wall clock: time away counts
            self.session.catch_up(now.as_millisecond())
        } else {
            match self.last_tick {
                Some(t) => (now.as_millisecond() - t.as_millisecond()).clamp(0, MAX_TICK_MS),
                None => 0,
            }
        };
        self.last_tick = Some(now);
        if matches!(self.phase, Phase::Feedback(_)) {
            // reading the feedback is part of the session (用时 is the time it lasted), not
            // of any question's answer time
            self.session.used_ms += delta;
            return Vec::new();
        }
        if !matches!(
            self.phase,
            Phase::Answering | Phase::Map(_) | Phase::Confirm(_)
        ) {
            return Vec::new();
        }
        let out = self.session.advance(self.current, delta);
        let mut fx = Vec::new();
        if self.exam()
            && self
                .typed_at
                .is_some_and(|t| now.as_millisecond() - t.as_millisecond() >= TYPING_SAVE_MS)
        {
            self.typed_at = None;
            fx.extend(self.record_if_changed().map(|(save, _)| save));
        }
        let used = self.session.used_ms / 1000;
        if self.session.limit_secs.is_some() && used - self.last_saved_secs >= TIME_SAVE_SECS {
            self.last_saved_secs = used;
            fx.push(self.place());
        }
        if out {
            if self.session.mode == Mode::Challenge {
                // the question's timer ran out: the run ends here
                self.over = true;
                self.phase = Phase::Feedback(Grade {
                    correct: false,
                    points: 0.0,
                });
            } else {
                // the exam's time is up: whatever is entered counts, then it is submitted
                if let Some((save, _)) = self.record() {
                    fx.push(save);
                }
                self.timed_out = true;
                fx.push(self.finish());
            }
        }
        fx
    }

    fn record_if_changed(&mut self) -> Option<(Effect, Grade)> {
        let r = self.response()?;
        if self.session.responses[self.current].as_ref() == Some(&r) {
            return None;
        }
        self.record()
    }

    pub(super) fn step(&mut self, delta: isize) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Some((save, _)) = self.record_if_changed() {
            fx.push(save);
        }
        self.typed_at = None;
        let target = self.current as isize + delta;
        let before = self.current;
        if target >= 0 {
            self.go_to(target as usize);
        }
        if self.exam() && self.current != before {
            fx.push(self.place());
        }
        fx
    }

    /// Exam: `S` always asks first (saying how many are unanswered, if any).
    fn ask_submit(&mut self) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Some((save, _)) = self.record_if_changed() {
            fx.push(save);
        }
        self.typed_at = None;
        self.phase = Phase::Confirm(Ask::Submit);
        fx
    }

    /// Exam: saves the answer on screen as soon as it changes (kill -9 loses nothing).
    fn save_change(&mut self) -> Vec<Effect> {
        if !self.exam() {
            return Vec::new();
        }
        self.record_if_changed()
            .map(|(save, _)| vec![save])
            .unwrap_or_default()
    }

    /// Enter while answering.
    fn confirm(&mut self, now: Timestamp) -> Vec<Effect> {
        if self.kind() == Kind::Fill && self.blank + 1 < self.inputs.len() {
            self.blank += 1;
            return Vec::new();
        }
        if self.session.mode == Mode::Exam {
            // answers stay changeable until submit: save, then on to the next question
            let step = if self.current + 1 < self.session.len() {
                1
            } else {
                0
            };
            return self.step(step);
        }
        let Some((save, g)) = self.record() else {
            self.nothing_chosen = true;
            return Vec::new();
        };
        if self.session.mode == Mode::Challenge && !g.correct {
            self.over = true;
        }
        self.phase = Phase::Feedback(g);
        self.rated = match &save {
            Effect::SaveAnswer(a) => self.day.parse().ok().map(|day| {
                let before = self.session.cards.get(self.current).cloned().flatten();
                Rated {
                    recall: default_recall(a.correct, a.seconds, a.hinted, self.kind()),
                    days: intervals(before.as_ref(), now, day),
                    answer: a.clone(),
                }
            }),
            _ => None,
        };
        vec![save]
    }

    fn next_after_feedback(&mut self) -> Vec<Effect> {
        if self.over || self.current + 1 >= self.session.len() {
            return vec![self.finish()];
        }
        self.go_to(self.current + 1);
        self.phase = Phase::Answering;
        self.rated = None;
        Vec::new()
    }
}

/// What a key did in a session.
pub struct Outcome {
    pub effects: Vec<Effect>,
    /// Go back to the quiz menu.
    pub leave: bool,
    /// Open this material in the reader (the question's source); back returns to the quiz.
    pub open: Option<super::Target>,
}

impl Outcome {
    /// These effects, staying on the session.
    pub fn stay(effects: Vec<Effect>) -> Outcome {
        Outcome {
            effects,
            leave: false,
            open: None,
        }
    }

    /// These effects, and back to the quiz menu.
    pub fn leave(effects: Vec<Effect>) -> Outcome {
        Outcome {
            effects,
            leave: true,
            open: None,
        }
    }
}
