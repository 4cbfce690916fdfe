//! The checklist screen (学习计划): its state and keys.
//! The figures come from the study log through effects; nothing here reads the store.

use jiff::Timestamp;
use jiff::civil::Date;
use ratatui::crossterm::event::KeyEvent;
use ratatui_textarea::TextArea;

use super::keys::{self, Command, Context};
use super::screen::{find, find_ref};
use super::{App, Effect, Screen, ScreenKind};
use crate::domain::plan::{ItemKind, ItemStatus, Plan};

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
    fn new(what: PromptFor) -> Prompt {
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

impl App {
    /// Library → the checklist screen.
    pub fn open_plans(&mut self, now: Timestamp) -> Vec<Effect> {
        let mut fx = self.leave_reader(now, true);
        self.reader = None;
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
        let Some(v) = find!(self.stack, Plans) else {
            return;
        };
        v.quiz_titles = quiz_titles;
        let keep = v
            .want_plan
            .take()
            .or_else(|| v.current().map(|(p, _)| p.id.clone()));
        v.plans = plans;
        v.today = Some(today);
        v.plan = keep
            .and_then(|id| v.plans.iter().position(|(p, _)| p.id == id))
            .unwrap_or_else(|| current_plan(&v.plans, today));
        let n = v.current().map_or(0, |(p, _)| p.items.len());
        v.item = v.item.min(n.saturating_sub(1));
        self.keep_item_visible();
    }

    pub(super) fn keep_item_visible(&mut self) {
        let rows = item_rows(self.ctx.size.height);
        if let Some(v) = find!(self.stack, Plans) {
            if v.item < v.offset {
                v.offset = v.item;
            } else if v.item >= v.offset + rows {
                v.offset = v.item + 1 - rows;
            }
        }
    }

    pub(super) fn plans_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        if let Some(fx) = self.prompt_key(key, now) {
            return fx;
        }
        if let Some(v) = find!(self.stack, Plans)
            && let Some(ask) = v.ask.take()
        {
            return match keys::lookup(Context::Ask, keys::Facts::default(), key) {
                Some(Command::Confirm) => vec![match ask {
                    PlanAsk::Item { plan, item } => Effect::RemoveItem { plan, item },
                    PlanAsk::Plan { plan } => Effect::RemovePlan(plan),
                }],
                _ => Vec::new(),
            };
        }
        if let Some(v) = find!(self.stack, Plans)
            && let Some((path, _)) = v.pack.clone()
        {
            match keys::lookup(Context::ConfirmPack, keys::Facts::default(), key) {
                Some(Command::Confirm) => {
                    v.pack = None;
                    return vec![Effect::ImportPack(path)];
                }
                Some(Command::Cancel) => v.pack = None,
                Some(Command::Help) => self.help = true,
                Some(Command::Quit) => return self.command(Command::Quit, now),
                _ => {}
            }
            return Vec::new();
        }
        let Some(c) = keys::lookup(Context::Plans, self.facts(), key) else {
            return Vec::new();
        };
        match c {
            Command::Tick => self.tick_item(now),
            Command::Delete | Command::DeletePlan | Command::RenamePlan => self.change_own(c, now),
            Command::OpenItem => self.open_item(now),
            Command::Back => {
                self.stack.show(Screen::Library);
                vec![Effect::RefreshLibrary]
            }
            Command::Help => {
                self.help = true;
                Vec::new()
            }
            Command::Quit => self.command(Command::Quit, now),
            c => self.plans_command(c),
        }
    }

    /// Moving through the checklist, switching plans, opening the prompts.
    pub(super) fn plans_command(&mut self, c: Command) -> Vec<Effect> {
        let Some(v) = find!(self.stack, Plans) else {
            return Vec::new();
        };
        let items = v.current().map_or(0, |(p, _)| p.items.len());
        match c {
            Command::Down => v.item = (v.item + 1).min(items.saturating_sub(1)),
            Command::Up => v.item = v.item.saturating_sub(1),
            Command::First => v.item = 0,
            Command::Last => v.item = items.saturating_sub(1),
            Command::NextPlan | Command::PrevPlan if !v.plans.is_empty() => {
                let n = v.plans.len();
                v.plan = if c == Command::NextPlan {
                    (v.plan + 1) % n
                } else {
                    (v.plan + n - 1) % n
                };
                v.item = 0;
                v.offset = 0;
            }
            Command::AddTask => {
                if let Some((p, _)) = v.current() {
                    v.prompt = Some(Prompt::new(PromptFor::Task {
                        plan: p.id.clone(),
                        kind: Default::default(),
                    }));
                }
            }
            Command::NewPlan => v.prompt = Some(Prompt::new(PromptFor::Plan)),
            Command::RestartPlan => {
                if let (Some((p, _)), Some(today)) = (v.current(), v.today) {
                    // today's date, ready to confirm or to change
                    let mut prompt = Prompt::new(PromptFor::Restart { plan: p.id.clone() });
                    prompt.input.insert_str(today.to_string());
                    v.prompt = Some(prompt);
                }
            }
            Command::ImportPack => v.prompt = Some(Prompt::new(PromptFor::Pack)),
            _ => {}
        }
        self.keep_item_visible();
        Vec::new()
    }

    /// Keys while a prompt is open: Enter confirms, Esc cancels (a note prompt still ticks).
    fn prompt_key(&mut self, key: &KeyEvent, now: Timestamp) -> Option<Vec<Effect>> {
        // the same facts the hint bar is drawn from (Tab only where it is shown)
        let facts = self.facts();
        let v = find!(self.stack, Plans)?;
        let p = v.prompt.as_mut()?;
        let command = keys::lookup(Context::Prompt, facts, key);
        match command {
            // Tab: what the new item is
            Some(Command::ItemKind) => {
                if let PromptFor::Task { kind, .. } = &mut p.what {
                    *kind = kind.next();
                }
                Some(Vec::new())
            }
            // a named item is not added on Enter until it is found; its due date comes next
            Some(Command::Save) if matches!(p.what, PromptFor::Task { .. }) => {
                let PromptFor::Task { plan, kind } = p.what.clone() else {
                    return Some(Vec::new());
                };
                let text = p.text();
                match self.item_named(kind, &text) {
                    Some((title, kind)) => {
                        if let Some(v) = find!(self.stack, Plans) {
                            v.prompt = Some(Prompt::new(PromptFor::Due { plan, title, kind }));
                        }
                    }
                    None if text.is_empty() => {
                        if let Some(v) = find!(self.stack, Plans) {
                            v.prompt = None;
                        }
                    }
                    None => {
                        let said =
                            crate::i18n::fill(&self.ctx.strings.item_not_found, &[("text", &text)]);
                        self.error(said, now);
                    }
                }
                Some(Vec::new())
            }
            Some(Command::Save | Command::Cancel) => {
                let text = if command == Some(Command::Save) {
                    p.text()
                } else {
                    String::new()
                };
                let what = p.what.clone();
                v.prompt = None;
                Some(match what {
                    PromptFor::Note { plan, item } => vec![Effect::CheckItem {
                        plan,
                        item,
                        done: true,
                        note: text,
                    }],
                    PromptFor::Due { plan, title, kind } if command == Some(Command::Save) => {
                        let today = v.today.unwrap_or_default();
                        match super::plan_items::parse_due(&text, today) {
                            Some(due) => vec![Effect::AddItem {
                                plan,
                                title,
                                kind,
                                due,
                            }],
                            None => {
                                // asked again, with what was typed
                                let mut again = Prompt::new(PromptFor::Due { plan, title, kind });
                                again.input.insert_str(&text);
                                v.prompt = Some(again);
                                let said = crate::i18n::fill(
                                    &self.ctx.strings.plan_restart_not_a_date,
                                    &[("text", &text)],
                                );
                                self.error(said, now);
                                Vec::new()
                            }
                        }
                    }
                    PromptFor::Plan if !text.is_empty() => {
                        vec![Effect::NewPlan { title: text }]
                    }
                    PromptFor::Pack if !text.is_empty() => vec![Effect::PreparePack(text)],
                    PromptFor::Rename { plan } if !text.is_empty() => {
                        vec![Effect::RenamePlan { plan, title: text }]
                    }
                    PromptFor::Restart { plan } if !text.is_empty() => {
                        match text.parse::<jiff::civil::Date>() {
                            Ok(on) => vec![Effect::RestartPlan { plan, on }],
                            Err(_) => {
                                let said = crate::i18n::fill(
                                    &self.ctx.strings.plan_restart_not_a_date,
                                    &[("text", &text)],
                                );
                                self.error(said, now);
                                Vec::new()
                            }
                        }
                    }
                    _ => Vec::new(),
                })
            }
            _ => {
                keys::type_capped(&mut p.input, key, MAX_INPUT_CHARS, false);
                Some(Vec::new())
            }
        }
    }

    /// d, D, R: the member's own item or plan deleted (asked first) or renamed; the bundle's
    /// and trainers' are not theirs to change, and the screen says so.
    fn change_own(&mut self, c: Command, now: Timestamp) -> Vec<Effect> {
        let Some(v) = find!(self.stack, Plans) else {
            return Vec::new();
        };
        let Some((plan, _)) = v.current() else {
            return Vec::new();
        };
        let own_plan = plan.origin == crate::domain::plan::PlanOrigin::Member;
        let id = plan.id.clone();
        let not_theirs = match c {
            Command::Delete => match plan.items.get(v.item) {
                Some(item) if item.by_member => {
                    v.ask = Some(PlanAsk::Item {
                        plan: id,
                        item: item.id.clone(),
                    });
                    return Vec::new();
                }
                Some(_) => self.ctx.strings.plan_item_not_yours.clone(),
                None => return Vec::new(),
            },
            Command::DeletePlan if own_plan => {
                v.ask = Some(PlanAsk::Plan { plan: id });
                return Vec::new();
            }
            Command::RenamePlan if own_plan => {
                let mut prompt = Prompt::new(PromptFor::Rename { plan: id });
                prompt.input.insert_str(&plan.title);
                v.prompt = Some(prompt);
                return Vec::new();
            }
            _ => self.ctx.strings.plan_not_yours.clone(),
        };
        self.notice(not_theirs, now);
        Vec::new()
    }

    /// Space: ticks a task item (asking for an optional note) or unticks it.
    fn tick_item(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(v) = find!(self.stack, Plans) else {
            return Vec::new();
        };
        let Some((plan, status)) = v.current() else {
            return Vec::new();
        };
        let (Some(item), Some(st)) = (plan.items.get(v.item), status.get(v.item)) else {
            return Vec::new();
        };
        if item.kind != ItemKind::Task {
            // (the hint bar offers Space on every item: say why this one is not ticked by hand)
            let text = self.ctx.strings.plan_ticks_itself.clone();
            self.notice(text, now);
            return Vec::new();
        }
        let (plan_id, item_id) = (plan.id.clone(), item.id.clone());
        if st.done() {
            return vec![Effect::CheckItem {
                plan: plan_id,
                item: item_id,
                done: false,
                note: st.note.clone(),
            }];
        }
        v.prompt = Some(Prompt::new(PromptFor::Note {
            plan: plan_id,
            item: item_id,
        }));
        Vec::new()
    }

    /// Enter: opens a read item's material, or starts a quiz item's exam or practice.
    fn open_item(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(item) = find_ref!(self.stack, Plans)
            .and_then(|v| v.current().and_then(|(p, _)| p.items.get(v.item)))
        else {
            return Vec::new();
        };
        match item.kind.clone() {
            ItemKind::Read { material } => self.open_from(super::Target::new(material), now),
            ItemKind::Quiz { bank, paper, .. } => {
                self.stack.show_quiz();
                let start = match paper {
                    Some(paper) => super::quiz::Start::Exam { bank, paper },
                    None => super::quiz::Start::Practice {
                        bank: Some(bank),
                        tag: None,
                        material: None,
                    },
                };
                vec![Effect::StartQuiz(start)]
            }
            ItemKind::Minutes { .. } | ItemKind::Task => {
                // (the hint bar offers Enter on every item: say why nothing opens)
                let text = self.ctx.strings.plan_nothing_to_open.clone();
                self.notice(text, now);
                Vec::new()
            }
        }
    }

    /// The key table while on the plans or stats screen.
    pub(super) fn plans_context(&self) -> Context {
        match self.stack.top() {
            Screen::Plans(v) if v.ask.is_some() => Context::Ask,
            Screen::Plans(v) if v.prompt.is_some() => Context::Prompt,
            Screen::Plans(v) if v.pack.is_some() => Context::ConfirmPack,
            Screen::Plans(_) => Context::Plans,
            Screen::Stats(v) if v.export_menu => Context::ExportMenu,
            _ => Context::Stats,
        }
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
