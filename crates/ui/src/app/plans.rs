//! The checklist screen (学习计划): its state and keys.
//! The figures come from the study log through effects; nothing here reads the store.

use jiff::civil::Date;
use ratatui_textarea::TextArea;

use super::keys::Context;
use crate::domain::plan::{ItemStatus, Plan};

/// Longest title or note the member can type.
pub const MAX_INPUT_CHARS: usize = 500;

/// What a text prompt is for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PromptFor {
    /// The note of a task item being ticked.
    Note { plan: String, item: String },
    /// A new item in a plan: a task, a material to read, a quiz, minutes (Tab changes which).
    Task {
        plan: String,
        kind: super::plan_items::NewItem,
    },
    /// The due date of the item just named (nothing, a date, or `+N` days).
    Due {
        plan: String,
        title: String,
        kind: crate::domain::plan::ItemKind,
    },
    /// A new plan of the member's own.
    Plan,
    /// The path of a study pack to import.
    Pack,
    /// The day to start a plan over on.
    Restart { plan: String },
    /// A new title for the member's own plan.
    Rename { plan: String },
}

/// What the plans screen asks before it deletes (y or n).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanAsk {
    /// A task the member added.
    Item { plan: String, item: String },
    /// A plan the member made.
    Plan { plan: String },
}

pub struct Prompt {
    pub what: PromptFor,
    pub input: TextArea<'static>,
}

impl Prompt {
    pub(super) fn new(what: PromptFor) -> Prompt {
        Prompt {
            what,
            input: TextArea::default(),
        }
    }

    pub fn text(&self) -> String {
        let t: String = self.input.lines().join(" ");
        crate::text::sanitize::sanitize_line(t.trim())
            .chars()
            .take(MAX_INPUT_CHARS)
            .collect()
    }
}

#[derive(Default)]
pub struct PlansView {
    pub plans: Vec<(Plan, Vec<ItemStatus>)>,
    pub today: Option<Date>,
    pub plan: usize,
    pub item: usize,
    /// First visible item row.
    pub offset: usize,
    pub prompt: Option<Prompt>,
    /// A study pack checked and waiting for yes: its path and what it would change.
    pub pack: Option<(String, Vec<String>)>,
    /// The plan to select once the list comes back (after creating one).
    pub want_plan: Option<String>,
    /// Deleting the member's own item or plan: asked first.
    pub ask: Option<PlanAsk>,
    /// `bank` and `bank/paper` → title, for naming quiz items.
    pub quiz_titles: std::collections::HashMap<String, String>,
}

impl PlansView {
    pub fn current(&self) -> Option<&(Plan, Vec<ItemStatus>)> {
        self.plans.get(self.plan)
    }

    /// The key table in force: a question, a prompt, a pack to confirm, or the checklist.
    pub fn context(&self) -> Context {
        if self.ask.is_some() {
            Context::Ask
        } else if self.prompt.is_some() {
            Context::Prompt
        } else if self.pack.is_some() {
            Context::ConfirmPack
        } else {
            Context::Plans
        }
    }

    /// The plans came back: the plan asked for (or the one shown) stays selected.
    pub fn on(
        &mut self,
        plans: Vec<(Plan, Vec<ItemStatus>)>,
        quiz_titles: std::collections::HashMap<String, String>,
        today: Date,
        rows: usize,
    ) {
        self.quiz_titles = quiz_titles;
        let keep = self
            .want_plan
            .take()
            .or_else(|| self.current().map(|(p, _)| p.id.clone()));
        self.plans = plans;
        self.today = Some(today);
        self.plan = keep
            .and_then(|id| self.plans.iter().position(|(p, _)| p.id == id))
            .unwrap_or_else(|| current_plan(&self.plans, today));
        let n = self.current().map_or(0, |(p, _)| p.items.len());
        self.item = self.item.min(n.saturating_sub(1));
        self.keep_item_visible(rows);
    }

    /// Scrolls the checklist (`rows` shown) so the selected item is on it.
    pub fn keep_item_visible(&mut self, rows: usize) {
        if self.item < self.offset {
            self.offset = self.item;
        } else if self.item >= self.offset + rows {
            self.offset = self.item + 1 - rows;
        }
    }
}

/// The plan the screen opens on: one running today, else one not yet over, else the first
/// (not the ended 2020 plan when the member has one of this year).
fn current_plan(plans: &[(Plan, Vec<ItemStatus>)], today: Date) -> usize {
    let running =
        |p: &Plan| p.starts.is_none_or(|s| s <= today) && p.ends.is_none_or(|e| e >= today);
    plans
        .iter()
        .position(|(p, _)| running(p) && (p.starts.is_some() || p.ends.is_some()))
        .or_else(|| {
            plans
                .iter()
                .position(|(p, _)| p.ends.is_none_or(|e| e >= today))
        })
        .unwrap_or(0)
}

/// Rows of the plan list the screen has room for (set by the drawing code's layout rule).
pub fn item_rows(height: u16) -> usize {
    // title, gauge, blank, …items…, two detail lines, hint bar
    usize::from(height.saturating_sub(7)).max(1)
}
