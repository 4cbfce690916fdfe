//! The quiz screens' state: the menu of banks, papers and modes, and a running session
//! (answering, feedback, the exam's map and confirm, results, review). No I/O: it returns
//! effects.

use std::collections::BTreeSet;

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::Effect;
use super::keys::{self, Command};
use crate::domain::quiz::{Grade, Kind, Response};
pub use crate::domain::session::{MenuEntry, Start};
use crate::domain::session::{Mode, Results, Session};

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    Answering,
    /// The answer to the current question was graded (not in exams).
    Feedback(Grade),
    /// Exam: the question map is open, with its cursor.
    Map(usize),
    /// Exam: submit with unanswered questions?
    Confirm,
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
    /// Lines scrolled in feedback and review, where the explanation may not fit the screen.
    pub scroll: usize,
}

pub struct Quiz {
    pub menu: Vec<MenuEntry>,
    pub selected: usize,
    pub run: Option<Run>,
}

/// Seconds between checkpoints of an exam's used time.
pub const TIME_SAVE_SECS: i64 = 5;
/// A gap between ticks longer than this (a suspended laptop) counts as this much.
const MAX_TICK_MS: i64 = 2_000;

/// Options of the current question as shown: judge questions offer 正确 / 错误.
pub fn shown_options(run: &Run) -> Vec<String> {
    options_of(run, run.current)
}

/// Options of item `i` as shown, in display order.
pub fn options_of(run: &Run, i: usize) -> Vec<String> {
    let item = &run.session.items[i];
    match item.question.kind {
        Kind::Judge => vec!["正确".into(), "错误".into()],
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
        };
        // resume at the first unanswered question
        run.current = run
            .session
            .responses
            .iter()
            .position(Option::is_none)
            .unwrap_or(0);
        run.load_current();
        run
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
        shown_options(self).len()
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

    /// Records the controls' response for the current question; returns the effect to save it.
    fn record(&mut self) -> Option<(Effect, Grade)> {
        let r = self.response()?;
        let i = self.current;
        let g = self.session.answer(i, r.clone());
        let item = &self.session.items[i];
        Some((
            Effect::SaveAnswer(crate::domain::book::AnswerRecord {
                attempt: self.session.attempt,
                position: i,
                bank: item.bank.clone(),
                question: item.question.id.clone(),
                response: r,
                correct: g.correct,
                points: g.points,
                seconds: self.session.spent_ms[i] / 1000,
                review: self.session.mode == Mode::Review,
                day: self.day.clone(),
            }),
            g,
        ))
    }

    pub(super) fn finish(&mut self) -> Effect {
        let results = self.session.results();
        self.phase = Phase::Results(results.clone());
        let mut results = results;
        if self.session.mode == Mode::Challenge {
            // a challenge scores its run length
            results.score = results.right as f64;
        }
        Effect::FinishAttempt {
            attempt: self.session.attempt,
            results,
            used_secs: self.session.used_ms / 1000,
        }
    }

    /// Time passes on the current question; true when the session's time ran out.
    pub fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let delta = match self.last_tick {
            Some(t) => (now.as_millisecond() - t.as_millisecond()).clamp(0, MAX_TICK_MS),
            None => 0,
        };
        self.last_tick = Some(now);
        if !matches!(
            self.phase,
            Phase::Answering | Phase::Map(_) | Phase::Confirm
        ) {
            return Vec::new();
        }
        let out = self.session.advance(self.current, delta);
        let mut fx = Vec::new();
        let used = self.session.used_ms / 1000;
        if self.session.limit_secs.is_some() && used - self.last_saved_secs >= TIME_SAVE_SECS {
            self.last_saved_secs = used;
            fx.push(Effect::SaveQuizTime {
                attempt: self.session.attempt,
                used_secs: used,
            });
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
        let target = self.current as isize + delta;
        if target >= 0 {
            self.go_to(target as usize);
        }
        fx
    }

    fn ask_submit(&mut self) -> Vec<Effect> {
        let mut fx = Vec::new();
        if let Some((save, _)) = self.record_if_changed() {
            fx.push(save);
        }
        if self.session.unanswered() > 0 {
            self.phase = Phase::Confirm;
        } else {
            fx.push(self.finish());
        }
        fx
    }

    /// Enter while answering.
    fn confirm(&mut self) -> Vec<Effect> {
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
        vec![save]
    }

    fn next_after_feedback(&mut self) -> Vec<Effect> {
        if self.over || self.current + 1 >= self.session.len() {
            return vec![self.finish()];
        }
        self.go_to(self.current + 1);
        self.phase = Phase::Answering;
        Vec::new()
    }

    /// Handles a key: `command` is what the key table says it does in this phase (the same
    /// table the hints and help show), `key` the key itself (for the option it names, and for
    /// typing into a blank). `leave` in the outcome asks to go back to the quiz menu.
    pub fn key(&mut self, command: Option<Command>, key: &KeyEvent) -> Outcome {
        let exam = self.session.mode == Mode::Exam;
        let stay = |effects: Vec<Effect>| Outcome {
            effects,
            leave: false,
        };
        let leave = |effects: Vec<Effect>| Outcome {
            effects,
            leave: true,
        };
        match (self.phase.clone(), command) {
            (Phase::Results(_), Some(Command::Leave)) => leave(Vec::new()),
            (Phase::Results(r), Some(Command::ReviewAll)) => {
                self.phase = Phase::Review(r, 0);
                stay(Vec::new())
            }
            (Phase::Review(r, i), Some(c)) => {
                let n = self.session.len();
                match c {
                    Command::BackToResults => self.phase = Phase::Results(r),
                    Command::NextQuestion => {
                        self.scroll = 0;
                        self.phase = Phase::Review(r, (i + 1).min(n.saturating_sub(1)))
                    }
                    Command::PrevQuestion => {
                        self.scroll = 0;
                        self.phase = Phase::Review(r, i.saturating_sub(1))
                    }
                    Command::LineDown => self.scroll += 1,
                    Command::LineUp => self.scroll = self.scroll.saturating_sub(1),
                    _ => {}
                }
                stay(Vec::new())
            }
            (Phase::Feedback(_), Some(c)) => match c {
                Command::LineDown => {
                    self.scroll += 1;
                    stay(Vec::new())
                }
                Command::LineUp => {
                    self.scroll = self.scroll.saturating_sub(1);
                    stay(Vec::new())
                }
                Command::Leave if self.over => leave(vec![self.finish()]),
                Command::Leave => leave(Vec::new()),
                Command::NextQuestion => stay(self.next_after_feedback()),
                Command::OpenSource => {
                    let m = self.session.items[self.current].question.material.clone();
                    stay(m.map(|m| vec![Effect::OpenMaterial(m)]).unwrap_or_default())
                }
                _ => stay(Vec::new()),
            },
            (Phase::Confirm, Some(Command::Submit)) => stay(vec![self.finish()]),
            (Phase::Confirm, Some(Command::Cancel)) => {
                self.phase = Phase::Answering;
                stay(Vec::new())
            }
            (Phase::Map(cur), Some(c)) => {
                let n = self.session.len();
                match c {
                    Command::CloseMap => self.phase = Phase::Answering,
                    Command::Down => self.phase = Phase::Map((cur + 1).min(n.saturating_sub(1))),
                    Command::Up => self.phase = Phase::Map(cur.saturating_sub(1)),
                    Command::GoTo => {
                        let fx = self.step(0);
                        self.go_to(cur);
                        self.phase = Phase::Answering;
                        return stay(fx);
                    }
                    _ => {}
                }
                stay(Vec::new())
            }
            // an exam stays open and can be resumed; its answers so far are saved
            (Phase::Answering, Some(Command::Leave)) => {
                leave(if exam { self.step(0) } else { Vec::new() })
            }
            (Phase::Answering, command) => stay(self.answering(command, key, exam)),
            _ => stay(Vec::new()),
        }
    }

    /// A key while answering (leaving is the caller's).
    fn answering(&mut self, command: Option<Command>, key: &KeyEvent, exam: bool) -> Vec<Effect> {
        let n = self.options_len();
        let blanks = self.inputs.len().max(1);
        match command {
            Some(Command::Submit) if exam => self.ask_submit(),
            Some(Command::NextQuestion) if exam => self.step(1),
            Some(Command::PrevQuestion) if exam => self.step(-1),
            Some(Command::Map) if exam => {
                self.phase = Phase::Map(self.current);
                Vec::new()
            }
            Some(Command::Confirm) => self.confirm(),
            Some(Command::NextBlank) => {
                self.blank = (self.blank + 1) % blanks;
                Vec::new()
            }
            Some(Command::PrevBlank) => {
                self.blank = (self.blank + blanks - 1) % blanks;
                Vec::new()
            }
            Some(Command::Pick) => {
                if let Some(i) = keys::option_index(key) {
                    self.pick(i);
                }
                Vec::new()
            }
            Some(Command::PickTrue) => {
                self.pick(0);
                Vec::new()
            }
            Some(Command::PickFalse) => {
                self.pick(1);
                Vec::new()
            }
            Some(Command::Toggle) => {
                self.pick(self.cursor);
                Vec::new()
            }
            Some(Command::Down) => {
                self.cursor = (self.cursor + 1).min(n.saturating_sub(1));
                Vec::new()
            }
            Some(Command::Up) => {
                self.cursor = self.cursor.saturating_sub(1);
                Vec::new()
            }
            // typing into a blank: every key the table leaves free
            None if self.kind() == Kind::Fill => {
                if let Some(input) = self.inputs.get_mut(self.blank) {
                    input.input(*key);
                }
                Vec::new()
            }
            _ => Vec::new(),
        }
    }
}

/// What a key did in a session.
pub struct Outcome {
    pub effects: Vec<Effect>,
    /// Go back to the quiz menu.
    pub leave: bool,
}
