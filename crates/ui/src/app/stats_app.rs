//! The app's side of the stats screen: opening it, handing it the loads it asked for
//! (dropped when it has gone), and reading it. The screen's own state and keys are in `stats.rs`,
//! which names nothing of the shell.

use super::screen::{find, find_ref};
use super::stats::*;
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::stats::{PeriodKind, Stats};
use jiff::Timestamp;

impl App {
    /// Library → the stats screen.
    pub fn open_stats(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, true);
        self.library.reader = None;
        // the period the member looked at last
        let kind = match self.stack.unpark(ScreenKind::Stats) {
            Some(Screen::Stats(v)) => v.kind,
            _ => PeriodKind::Week,
        };
        self.stack.show(Screen::Stats(StatsView {
            kind,
            ..StatsView::default()
        }));
        fx.push(Effect::LoadStats(kind));
        fx
    }

    /// The figures asked for; dropped when the stats screen has gone.
    pub fn stats_loaded(&mut self, stats: Stats) {
        if let Some(v) = find!(self.stack, Stats) {
            v.on(stats);
        }
    }

    /// The stats screen's state, when it is open.
    pub fn stats(&self) -> Option<&StatsView> {
        find_ref!(self.stack, Stats)
    }

    /// A written export, or why it failed.
    pub fn exported(&mut self, result: Result<String, String>, now: Timestamp) {
        match result {
            Ok(path) => {
                let text = crate::i18n::fill(&self.ctx.strings.export_written, &[("path", &path)]);
                self.flash(text, false, now);
            }
            Err(e) => {
                let text = crate::i18n::fill(&self.ctx.strings.export_failed, &[("e", &e)]);
                self.error(text, now);
            }
        }
    }
}
