//! The quiz screens' part of [`App`]: keys on the menu and in a session, and what the loop
//! hands back (the menu, a started session).

use jiff::Timestamp;

use super::Effect;
use super::keys::{self};
use super::quiz::{MenuEntry, Phase, Quiz, Run};
use super::{App, Screen, ScreenKind};
use crate::domain::session::{Mode, Session};

impl App {
    /// What the key table's conditions are tested against now: the layout, and the type of
    /// the question on screen.
    pub fn facts(&self) -> keys::Facts {
        let mut f = keys::Facts {
            wide: self.wide(),
            plans: self.plans_remembered().is_some_and(|v| v.plans.len() > 1),
            item_prompt: self
                .plans()
                .and_then(|v| v.prompt.as_ref())
                .is_some_and(|p| matches!(p.what, super::plans::PromptFor::Task { .. })),
            filtered: self.library.filter.is_some(),
            ..keys::Facts::default()
        };
        if self.stack.kind() == ScreenKind::Quiz
            && let Some(run) = self.stack.quiz().and_then(|q| q.run.as_ref())
        {
            let kind = run.kind();
            f.fill = Some(kind == crate::domain::quiz::Kind::Fill);
            f.judge = kind == crate::domain::quiz::Kind::Judge;
            f.multiple = kind == crate::domain::quiz::Kind::Multiple;
            f.blanks = run.inputs.len() > 1;
            f.rated = run.rated.is_some() && matches!(run.phase, Phase::Feedback(_));
            f.hint = run.session.hints_allowed()
                && !run.session.hinted.get(run.current).copied().unwrap_or(true)
                && run
                    .session
                    .items
                    .get(run.current)
                    .is_some_and(|it| crate::domain::quiz::hint(&it.question).is_some());
        }
        // the contest's question up: waiting for a buzz, or a member answering it
        if self.stack.kind() == ScreenKind::Quiz
            && let Some(g) = self
                .stack
                .quiz()
                .and_then(|q| q.contest.as_ref())
                .and_then(|v| v.game.as_ref())
            && let Some(it) = g.item()
        {
            f.buzzing = matches!(
                g.phase,
                crate::domain::contest::Phase::Asking { player: None, .. }
            );
            if g.answering().is_some_and(|p| g.players[p].bot.is_none()) {
                let kind = it.question.kind;
                f.fill = Some(false);
                f.judge = kind == crate::domain::quiz::Kind::Judge;
                f.multiple = kind == crate::domain::quiz::Kind::Multiple;
            }
        }
        f
    }

    /// Time passes on an exam wherever the member is: a running exam's clock when its screen
    /// is not in front (on the quiz screen [`App::quiz_tick`] runs it), else the menu's open
    /// exam's line counts down, and the menu is asked for again when its time is up (which
    /// hands it in at its deadline).
    pub(super) fn exam_clock(&mut self, now: Timestamp) -> Vec<Effect> {
        let on_screen = self.stack.kind() == ScreenKind::Quiz;
        let Some(quiz) = self.stack.quiz_mut() else {
            return Vec::new();
        };
        if let Some(run) = quiz.run.as_mut() {
            if on_screen || run.session.mode != Mode::Exam {
                return Vec::new();
            }
            let fx = run.tick(now);
            if run.timed_out && fx.iter().any(|e| matches!(e, Effect::FinishAttempt { .. })) {
                let text = self.ctx.strings.quiz_time_up_auto.clone();
                self.notice(text, now);
            }
            return fx;
        }
        let now_ms = now.as_millisecond();
        let mut out = None;
        for e in &mut quiz.menu {
            if let Some(open) = &e.open_exam {
                e.label = self.ctx.strings.open_exam_label(open, now_ms);
                if !open.elsewhere && open.left_secs(now_ms) == Some(0) {
                    out = open.deadline_ms;
                }
            }
        }
        if out.is_some() && quiz.settle_asked != out {
            quiz.settle_asked = out;
            return vec![Effect::LoadQuizMenu];
        }
        Vec::new()
    }

    /// Time passes on the quiz screen: the session's clock, or the contest's.
    pub(super) fn quiz_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(quiz) = self.stack.quiz_mut() else {
            return Vec::new();
        };
        if let Some(run) = quiz.run.as_mut() {
            return run.tick(now);
        }
        if quiz.contest.is_some() {
            return self.contest_tick(now);
        }
        Vec::new()
    }

    /// Is a closed-book exam open (on screen, or left and resumable)? The materials, search,
    /// notes and the wrong-answer book stay closed until it is handed in.
    pub fn exam_open(&self) -> bool {
        self.stack.quiz().is_some_and(Quiz::exam_open)
    }

    /// Says the exam is on and returns true when something closed-book was asked for.
    pub(super) fn closed_for_exam(&mut self, now: Timestamp) -> bool {
        if self.exam_open() {
            let text = self.ctx.strings.quiz_exam_in_progress.clone();
            self.notice(text, now);
            true
        } else {
            false
        }
    }

    /// The quiz menu was built.
    pub fn quiz_menu(&mut self, menu: Vec<MenuEntry>) {
        let quiz = self.stack.quiz_or_default();
        quiz.selected = quiz.selected.min(menu.len().saturating_sub(1));
        quiz.menu = menu;
    }

    /// A session was drawn and its attempt recorded.
    pub fn quiz_started(&mut self, session: Session, day: String, now: Timestamp) {
        self.stack.show_quiz();
        let mut run = Run::new(session, day);
        run.last_tick = Some(now);
        if run.session.mode == Mode::Exam {
            // closed book: no material stays open beside the paper
            self.library.reader = None;
        }
        let quiz = self.stack.quiz_or_default();
        quiz.run = Some(run);
    }

    /// Shows the quiz menu at start when an exam was left open.
    pub fn offer_resume(&mut self, now: Timestamp) -> Vec<Effect> {
        self.stack.show_quiz();
        let text = self.ctx.strings.quiz_resume_offer.clone();
        self.flash(text, false, now);
        vec![Effect::LoadQuizMenu]
    }

    /// Opens a material in the reader over the screen in front; going back returns there.
    pub fn open_from(&mut self, target: super::Target, now: Timestamp) -> Vec<Effect> {
        if self.closed_for_exam(now) {
            return Vec::new();
        }
        let Some(pos) = self
            .library
            .order
            .iter()
            .position(|&i| self.library.items[i].meta.id == target.id)
        else {
            return Vec::new();
        };
        self.library.selected = pos;
        self.library.reader = None;
        self.stack.push(Screen::Reader);
        self.library.focus = super::Focus::Reader;
        vec![Effect::Open(target)]
    }

    /// Unsaved quiz state on the way out: the exam answer being edited.
    pub(super) fn quiz_shutdown(&mut self) -> Vec<Effect> {
        match self.stack.quiz_mut().and_then(|q| q.run.as_mut()) {
            Some(run)
                if run.session.mode == Mode::Exam
                    && matches!(
                        run.phase,
                        Phase::Answering | Phase::Map(_) | Phase::Confirm(_)
                    ) =>
            {
                let mut fx = run.step(0);
                fx.push(run.place());
                fx
            }
            // a paper never begun (closed on its start screen) is given back, not left running
            Some(run) if run.phase == Phase::Start => {
                vec![Effect::DiscardAttempt(run.session.attempt)]
            }
            _ => Vec::new(),
        }
    }
}
