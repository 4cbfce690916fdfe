//! The quiz screen answers its keys itself: which key table is in force (the menu, the review
//! browser, a contest, or the session's phase) and what a key does there. Names nothing of the
//! shell; the app's side (opening the quiz, handing it the menu and a started session) is in
//! `quiz_app.rs`.

use jiff::Timestamp;
use ratatui::crossterm::event::KeyEvent;

use super::{Ask, Phase, Quiz, Run, Start};
use crate::app::Effect;
use crate::app::keys::{self, Command, Context};
use crate::app::reply::{Ctx, Nav, Reply};
use crate::domain::session::Mode;

/// Leaving a session before its end: an exam (asked first) and today's daily quiz stay open;
/// practice, challenge and review stay unfinished — out of every score, resumable from the
/// menu — or are abandoned when nothing was answered.
fn leave_run(run: &mut Run) -> Vec<Effect> {
    if matches!(
        run.phase,
        Phase::Results(_) | Phase::Review(..) | Phase::Start
    ) {
        return Vec::new();
    }
    match run.session.mode {
        Mode::Exam => vec![run.place()],
        Mode::Daily | Mode::Weekly => Vec::new(),
        _ if run.session.responses.iter().all(Option::is_none) => {
            vec![Effect::AbandonAttempt(run.session.attempt)]
        }
        _ => Vec::new(),
    }
}

/// The key table in force on the quiz screen, given its state: a contest, the review
/// browser, the menu (or its question), or the session's phase.
pub fn quiz_context(q: &Quiz) -> Context {
    if let Some(v) = q.contest.as_ref()
        && q.run.is_none()
    {
        return v.context();
    }
    if let Some(v) = q.cards.as_ref()
        && q.run.is_none()
    {
        return v.context();
    }
    match q.run.as_ref() {
        None if q.abandon.is_some() => Context::ConfirmAbandon,
        None => Context::QuizMenu,

        Some(run) => match run.phase {
            Phase::Start => Context::ExamStart,
            Phase::Feedback(_) => Context::Feedback,
            Phase::Results(_) => Context::Results,
            Phase::Review(..) => Context::Review,
            Phase::Map(_) => Context::ExamMap,
            Phase::Confirm(Ask::Submit) => Context::Confirm,
            Phase::Confirm(Ask::Leave) => Context::ConfirmLeave,
            Phase::Answering if run.session.mode == Mode::Exam => Context::Exam,
            Phase::Answering => Context::Question,
        },
    }
}

impl Quiz {
    /// Is a closed-book exam open (on screen, or left and resumable)?
    pub fn exam_open(&self) -> bool {
        match &self.run {
            Some(run) if run.session.mode == Mode::Exam => {
                !matches!(run.phase, Phase::Results(_) | Phase::Review(..))
            }
            // (an exam another xuexi has open is closed book here too)
            _ => self
                .menu
                .iter()
                .any(|e| e.abandon.is_some() || e.open_exam.is_some()),
        }
    }

    /// A key on the quiz screen: the contest's or the review browser's when one is open
    /// (closing it when it asks), else the menu's or the session's.
    pub fn answer(
        &mut self,
        key: &KeyEvent,
        facts: keys::Facts,
        ctx: &Ctx,
        now: Timestamp,
    ) -> Reply {
        if self.run.is_none() {
            if let Some(v) = self.contest.as_mut() {
                let (reply, closed) = v.key(key, facts, ctx, now);
                if closed {
                    self.contest = None;
                }
                return reply;
            }
            if let Some(v) = self.cards.as_mut() {
                let (reply, closed) = v.key(key, ctx);
                if closed {
                    self.cards = None;
                }
                return reply;
            }
        }
        self.key(key, facts, ctx, now)
    }

    /// A key on the quiz screen (the menu or a running session; the contest and the review
    /// browser have their own): one table decides, for the menu and every phase alike.
    pub fn key(&mut self, key: &KeyEvent, facts: keys::Facts, ctx: &Ctx, now: Timestamp) -> Reply {
        let command = keys::lookup(quiz_context(self), facts, key);
        match command {
            Some(Command::Help) => return Reply::nav(Nav::Help),
            Some(Command::Quit) => return Reply::nav(Nav::Quit),
            _ => {}
        }
        if let Some(run) = self.run.as_mut() {
            let out = run.key(command, key, now);
            let nudge = std::mem::take(&mut run.nothing_chosen);
            let mut reply = Reply::effects(out.effects);
            if let Some(target) = out.open {
                return reply.then(Nav::Open(target));
            }
            if out.leave {
                reply.effects.extend(leave_run(run));
                self.run = None;
                reply.effects.push(Effect::LoadQuizMenu);
            }
            if nudge {
                reply.say = Some((ctx.strings.quiz_answer_first.clone(), false));
            } else {
                // the member has done something since: the nudge is no longer true
                reply.unsay = Some(ctx.strings.quiz_answer_first.clone());
            }
            return reply;
        }
        if let Some(id) = self.abandon.take() {
            // "abandon this exam?"
            if command == Some(Command::Abandon) {
                return Reply::effects(vec![Effect::AbandonAttempt(id), Effect::LoadQuizMenu]);
            }
            return Reply::default();
        }
        self.menu_key(command, ctx)
    }

    /// A key on the menu: move, start what is selected, the review browser, abandon, back.
    fn menu_key(&mut self, command: Option<Command>, ctx: &Ctx) -> Reply {
        let n = self.menu.len();
        let closed = || Reply::notice(ctx.strings.quiz_exam_in_progress.clone());
        match command {
            Some(Command::Down) => self.selected = (self.selected + 1).min(n.saturating_sub(1)),
            Some(Command::Up) => self.selected = self.selected.saturating_sub(1),
            Some(Command::First) => self.selected = 0,
            Some(Command::Last) => self.selected = n.saturating_sub(1),
            Some(Command::Start) => {
                if let Some(start) = self.menu.get(self.selected).and_then(|e| e.start.clone()) {
                    if start == Start::Contest {
                        // a contest shows answers too: not while an exam is open
                        if self.exam_open() {
                            return closed();
                        }
                        self.open_contest();
                        return Reply::default();
                    }
                    let the_exam = self
                        .menu
                        .iter()
                        .any(|e| e.abandon.is_some() && e.start.as_ref() == Some(&start));
                    if !the_exam && self.exam_open() {
                        // closed book: practice and the wrong-answer book show answers
                        return closed();
                    }
                    return Reply::effects(vec![Effect::StartQuiz(start)]);
                }
                // an entry that cannot be started says why (a paper's tries used up…)
                if let Some(why) = self.menu.get(self.selected).and_then(|e| e.closed.clone()) {
                    return Reply::notice(why);
                }
            }
            Some(Command::Cards) if self.exam_open() => return closed(),
            Some(Command::Cards) => return Reply::effects(vec![Effect::LoadCards]),
            Some(Command::Abandon) => {
                if let Some(id) = self.menu.get(self.selected).and_then(|e| e.abandon) {
                    self.abandon = Some(id);
                }
            }
            Some(Command::Back) => {
                return Reply::effects(vec![Effect::RefreshLibrary]).then(Nav::Home);
            }
            _ => {}
        }
        Reply::default()
    }
}
