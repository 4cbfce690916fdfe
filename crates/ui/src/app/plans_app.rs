//! The app's side of the plans (checklist) screen: opening it, handing it the loads it asked for
//! (dropped when it has gone), and reading it. The screen's own state and keys are in `plans.rs`,
//! which names nothing of the shell.

use super::keys::Command;
use super::plans::*;
use super::screen::{find, find_ref};
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::plan::{ItemStatus, Plan};
use jiff::Timestamp;
use jiff::civil::Date;

impl App {
    /// Library → the checklist screen.
    pub fn open_plans(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, true);
        self.library.reader = None;
        // the plan and the item the member was on last time
        let view = match self.stack.unpark(ScreenKind::Plans) {
            Some(Screen::Plans(v)) => v,
            _ => PlansView::default(),
        };
        self.stack.show(Screen::Plans(view));
        fx.push(Effect::LoadPlans);
        fx
    }

    /// The plans with their state, from the log; dropped when the plans screen has gone (a
    /// load that comes back late does not bring the screen back).
    pub fn plans_loaded(
        &mut self,
        plans: Vec<(Plan, Vec<ItemStatus>)>,
        quiz_titles: std::collections::HashMap<String, String>,
        today: Date,
    ) {
        let rows = item_rows(self.ctx.size.height);
        if let Some(v) = find!(self.stack, Plans) {
            v.on(plans, quiz_titles, today, rows);
        }
    }

    pub(super) fn keep_item_visible(&mut self) {
        let rows = item_rows(self.ctx.size.height);
        if let Some(v) = find!(self.stack, Plans) {
            v.keep_item_visible(rows);
        }
    }

    /// Moving through the checklist (the mouse wheel too), switching plans, the prompts.
    pub(super) fn plans_command(&mut self, c: Command) -> Vec<Effect> {
        let rows = item_rows(self.ctx.size.height);
        if let Some(v) = find!(self.stack, Plans) {
            v.command(c, rows);
        }
        Vec::new()
    }
}

impl App {
    /// The plans screen's state, when it is open.
    pub fn plans(&self) -> Option<&PlansView> {
        find_ref!(self.stack, Plans)
    }

    /// The plans screen's state, to change (the loop names the plan to select next).
    pub fn plans_mut(&mut self) -> Option<&mut PlansView> {
        find!(self.stack, Plans)
    }

    /// The plans screen's state, open or left: what the member named (the quiz titles) and
    /// how many plans there are outlive a visit.
    pub(super) fn plans_remembered(&self) -> Option<&PlansView> {
        self.stack.remembered().find_map(|s| match s {
            Screen::Plans(v) => Some(v),
            _ => None,
        })
    }

    /// A study pack checked: what it would add, update and remove, waiting for y.
    pub fn pack_checked(&mut self, path: String, lines: Vec<String>) {
        if let Some(v) = find!(self.stack, Plans) {
            v.pack = Some((path, lines));
        }
    }
}
