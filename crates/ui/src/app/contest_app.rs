//! The app's side of the knowledge contest: opening it, handing it the loads it asked for
//! (dropped when it has gone), and reading it. The screen's own state and keys are in `contest.rs`,
//! which names nothing of the shell.

use super::contest::ContestView;
use super::{App, Effect};
use crate::domain::contest::Contest;
use jiff::Timestamp;

impl App {
    /// The contest's questions were drawn: it begins.
    pub fn contest_started(&mut self, game: Contest, now: Timestamp) {
        if let Some(v) = self.stack.quiz_mut().and_then(|q| q.contest.as_mut()) {
            v.game = Some(game);
            v.began = Some(now);
            v.saved = None;
            v.leaving = false;
            v.last_ms = 0;
            v.over_ms = None;
        }
    }

    /// The results were kept; `path` is their Markdown file, if one was written.
    pub fn contest_saved(&mut self, path: Option<String>, now: Timestamp) {
        if let Some(v) = self.stack.quiz_mut().and_then(|q| q.contest.as_mut()) {
            v.saved = Some(path.clone());
        }
        if let Some(path) = path {
            let text = crate::i18n::fill(&self.ctx.strings.contest_saved, &[("path", &path)]);
            self.notice(text, now);
        }
    }

    /// The contest's clock: the computer's moves, time running out.
    pub(super) fn contest_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        self.stack
            .quiz_mut()
            .and_then(|q| q.contest.as_mut())
            .map_or_else(Vec::new, |v| v.tick(now))
    }
}

impl super::quiz::Quiz {
    /// The quiz menu's 知识竞赛: its setup (the last one's players kept).
    pub(super) fn open_contest(&mut self) {
        let setup = self.contest.as_ref().map(|c| c.setup).unwrap_or_default();
        self.contest = Some(ContestView {
            setup,
            game: None,
            began: None,
            leaving: false,
            saved: None,
            last_ms: 0,
            over_ms: None,
        });
    }
}
