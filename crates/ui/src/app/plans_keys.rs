//! The checklist screen's keys: moving, ticking, adding and removing items and plans, the
//! prompts and the questions it asks. The screen answers with a [`Reply`]; nothing here
//! knows the app around it.

use ratatui::crossterm::event::KeyEvent;

use super::Effect;
use super::keys::{self, Command, Context};
use super::plans::{MAX_INPUT_CHARS, PlanAsk, PlansView, Prompt, PromptFor};
use super::screen::{Ctx, Nav, Reply};
use crate::domain::material::Summary;
use crate::domain::plan::ItemKind;

impl PlansView {
    /// A key on the plans screen (`items`: the library, for naming a material to read).
    pub fn key(
        &mut self,
        key: &KeyEvent,
        facts: keys::Facts,
        ctx: &Ctx,
        items: &[Summary],
    ) -> Reply {
        if let Some(reply) = self.prompt_key(key, facts, ctx, items) {
            return reply;
        }
        if let Some(ask) = self.ask.take() {
            return Reply::effects(
                match keys::lookup(Context::Ask, keys::Facts::default(), key) {
                    Some(Command::Confirm) => vec![match ask {
                        PlanAsk::Item { plan, item } => Effect::RemoveItem { plan, item },
                        PlanAsk::Plan { plan } => Effect::RemovePlan(plan),
                    }],
                    _ => Vec::new(),
                },
            );
        }
        if let Some((path, _)) = self.pack.clone() {
            return self.pack_key(path, key);
        }
        let Some(c) = keys::lookup(Context::Plans, facts, key) else {
            return Reply::default();
        };
        match c {
            Command::Tick => self.tick_item(ctx),
            Command::Delete | Command::DeletePlan | Command::RenamePlan => self.change_own(c, ctx),
            Command::OpenItem => self.open_item(ctx),
            Command::Back => Reply::effects(vec![Effect::RefreshLibrary]).then(Nav::Home),
            Command::Help => Reply::nav(Nav::Help),
            Command::Quit => Reply::nav(Nav::Quit),
            c => {
                self.command(c, super::plans::item_rows(ctx.size.height));
                Reply::default()
            }
        }
    }

    /// y imports the study pack checked, n leaves it.
    fn pack_key(&mut self, path: String, key: &KeyEvent) -> Reply {
        match keys::lookup(Context::ConfirmPack, keys::Facts::default(), key) {
            Some(Command::Confirm) => {
                self.pack = None;
                Reply::effects(vec![Effect::ImportPack(path)])
            }
            Some(Command::Cancel) => {
                self.pack = None;
                Reply::default()
            }
            Some(Command::Help) => Reply::nav(Nav::Help),
            Some(Command::Quit) => Reply::nav(Nav::Quit),
            _ => Reply::default(),
        }
    }

    /// Moving through the checklist (`rows` of it shown), switching plans, opening prompts.
    pub fn command(&mut self, c: Command, rows: usize) {
        let items = self.current().map_or(0, |(p, _)| p.items.len());
        match c {
            Command::Down => self.item = (self.item + 1).min(items.saturating_sub(1)),
            Command::Up => self.item = self.item.saturating_sub(1),
            Command::First => self.item = 0,
            Command::Last => self.item = items.saturating_sub(1),
            Command::NextPlan | Command::PrevPlan if !self.plans.is_empty() => {
                let n = self.plans.len();
                self.plan = if c == Command::NextPlan {
                    (self.plan + 1) % n
                } else {
                    (self.plan + n - 1) % n
                };
                self.item = 0;
                self.offset = 0;
            }
            Command::AddTask => {
                if let Some((p, _)) = self.current() {
                    self.prompt = Some(Prompt::new(PromptFor::Task {
                        plan: p.id.clone(),
                        kind: Default::default(),
                    }));
                }
            }
            Command::NewPlan => self.prompt = Some(Prompt::new(PromptFor::Plan)),
            Command::RestartPlan => {
                if let (Some((p, _)), Some(today)) = (self.current(), self.today) {
                    // today's date, ready to confirm or to change
                    let mut prompt = Prompt::new(PromptFor::Restart { plan: p.id.clone() });
                    prompt.input.insert_str(today.to_string());
                    self.prompt = Some(prompt);
                }
            }
            Command::ImportPack => self.prompt = Some(Prompt::new(PromptFor::Pack)),
            _ => {}
        }
        self.keep_item_visible(rows);
    }

    /// Keys while a prompt is open: Enter confirms, Esc cancels (a note prompt still ticks).
    fn prompt_key(
        &mut self,
        key: &KeyEvent,
        facts: keys::Facts,
        ctx: &Ctx,
        items: &[Summary],
    ) -> Option<Reply> {
        let p = self.prompt.as_mut()?;
        let command = keys::lookup(Context::Prompt, facts, key);
        match command {
            // Tab: what the new item is
            Some(Command::ItemKind) => {
                if let PromptFor::Task { kind, .. } = &mut p.what {
                    *kind = kind.next();
                }
                Some(Reply::default())
            }
            // a named item is not added on Enter until it is found; its due date comes next
            Some(Command::Save) if matches!(p.what, PromptFor::Task { .. }) => {
                Some(self.name_item(ctx, items))
            }
            Some(Command::Save | Command::Cancel) => {
                let text = if command == Some(Command::Save) {
                    p.text()
                } else {
                    String::new()
                };
                let what = p.what.clone();
                self.prompt = None;
                Some(self.prompted(what, text, command == Some(Command::Save), ctx))
            }
            _ => {
                keys::type_capped(&mut p.input, key, MAX_INPUT_CHARS, false);
                Some(Reply::default())
            }
        }
    }

    /// Enter on a new item's line: what it names is found (and its due date asked), or the
    /// member is told nothing was found.
    fn name_item(&mut self, ctx: &Ctx, items: &[Summary]) -> Reply {
        let Some(p) = self.prompt.as_ref() else {
            return Reply::default();
        };
        let PromptFor::Task { plan, kind } = p.what.clone() else {
            return Reply::default();
        };
        let text = p.text();
        let named =
            super::plan_items::named(&ctx.strings, items, Some(&self.quiz_titles), kind, &text);
        match named {
            Some((title, kind)) => {
                self.prompt = Some(Prompt::new(PromptFor::Due { plan, title, kind }));
                Reply::default()
            }
            None if text.is_empty() => {
                self.prompt = None;
                Reply::default()
            }
            None => Reply::error(crate::i18n::fill(
                &ctx.strings.item_not_found,
                &[("text", &text)],
            )),
        }
    }

    /// A prompt closed with `text` (`saved`: Enter, else Esc): what it was for is done.
    fn prompted(&mut self, what: PromptFor, text: String, saved: bool, ctx: &Ctx) -> Reply {
        let not_a_date = |text: &str| {
            Reply::error(crate::i18n::fill(
                &ctx.strings.plan_restart_not_a_date,
                &[("text", &text)],
            ))
        };
        let fx = match what {
            PromptFor::Note { plan, item } => vec![Effect::CheckItem {
                plan,
                item,
                done: true,
                note: text,
            }],
            PromptFor::Due { plan, title, kind } if saved => {
                let today = self.today.unwrap_or_default();
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
                        self.prompt = Some(again);
                        return not_a_date(&text);
                    }
                }
            }
            PromptFor::Plan if !text.is_empty() => vec![Effect::NewPlan { title: text }],
            PromptFor::Pack if !text.is_empty() => vec![Effect::PreparePack(text)],
            PromptFor::Rename { plan } if !text.is_empty() => {
                vec![Effect::RenamePlan { plan, title: text }]
            }
            PromptFor::Restart { plan } if !text.is_empty() => {
                match text.parse::<jiff::civil::Date>() {
                    Ok(on) => vec![Effect::RestartPlan { plan, on }],
                    Err(_) => return not_a_date(&text),
                }
            }
            _ => Vec::new(),
        };
        Reply::effects(fx)
    }

    /// d, D, R: the member's own item or plan deleted (asked first) or renamed; the bundle's
    /// and trainers' are not theirs to change, and the screen says so.
    fn change_own(&mut self, c: Command, ctx: &Ctx) -> Reply {
        let Some((plan, _)) = self.current() else {
            return Reply::default();
        };
        let own_plan = plan.origin == crate::domain::plan::PlanOrigin::Member;
        let id = plan.id.clone();
        let not_theirs = match c {
            Command::Delete => match plan.items.get(self.item) {
                Some(item) if item.by_member => {
                    self.ask = Some(PlanAsk::Item {
                        plan: id,
                        item: item.id.clone(),
                    });
                    return Reply::default();
                }
                Some(_) => ctx.strings.plan_item_not_yours.clone(),
                None => return Reply::default(),
            },
            Command::DeletePlan if own_plan => {
                self.ask = Some(PlanAsk::Plan { plan: id });
                return Reply::default();
            }
            Command::RenamePlan if own_plan => {
                let mut prompt = Prompt::new(PromptFor::Rename { plan: id });
                prompt.input.insert_str(&plan.title);
                self.prompt = Some(prompt);
                return Reply::default();
            }
            _ => ctx.strings.plan_not_yours.clone(),
        };
        Reply::notice(not_theirs)
    }

    /// Space: ticks a task item (asking for an optional note) or unticks it.
    fn tick_item(&mut self, ctx: &Ctx) -> Reply {
        let Some((plan, status)) = self.current() else {
            return Reply::default();
        };
        let (Some(item), Some(st)) = (plan.items.get(self.item), status.get(self.item)) else {
            return Reply::default();
        };
        if item.kind != ItemKind::Task {
            // (the hint bar offers Space on every item: say why this one is not ticked by hand)
            return Reply::notice(ctx.strings.plan_ticks_itself.clone());
        }
        let (plan_id, item_id) = (plan.id.clone(), item.id.clone());
        if st.done() {
            return Reply::effects(vec![Effect::CheckItem {
                plan: plan_id,
                item: item_id,
                done: false,
                note: st.note.clone(),
            }]);
        }
        self.prompt = Some(Prompt::new(PromptFor::Note {
            plan: plan_id,
            item: item_id,
        }));
        Reply::default()
    }

    /// Enter: opens a read item's material, or starts a quiz item's exam or practice.
    fn open_item(&mut self, ctx: &Ctx) -> Reply {
        let Some(item) = self.current().and_then(|(p, _)| p.items.get(self.item)) else {
            return Reply::default();
        };
        match item.kind.clone() {
            ItemKind::Read { material } => Reply::nav(Nav::Open(super::Target::new(material))),
            ItemKind::Quiz { bank, paper, .. } => {
                let start = match paper {
                    Some(paper) => super::quiz::Start::Exam { bank, paper },
                    None => super::quiz::Start::Practice {
                        bank: Some(bank),
                        tag: None,
                        material: None,
                    },
                };
                Reply::effects(vec![Effect::StartQuiz(start)]).then(Nav::Quiz)
            }
            // (the hint bar offers Enter on every item: say why nothing opens)
            ItemKind::Minutes { .. } | ItemKind::Task => {
                Reply::notice(ctx.strings.plan_nothing_to_open.clone())
            }
        }
    }
}
