//! The knowledge contest's screens (the quiz menu's 知识竞赛): its setup (players or the
//! computer, how many, how hard), then the contest itself on one terminal — each player's buzz
//! key, the option keys for whoever answers, Enter to go on — and its results, kept and written
//! as Markdown when it ends.

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::Effect;
use super::keys::{self, Command, Context};
use super::reply::{Ctx, Nav, Reply};
use crate::domain::contest::{BUZZ_KEYS, Contest, ContestRecord, Level, Phase, Player};

/// What the setup asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Setup {
    /// The row with the cursor: 0 the mode, 1 the players (or the level).
    pub row: usize,
    /// 人机对战: one member against the computer.
    pub bot: bool,
    /// Players or teams (2–4).
    pub players: usize,
    pub level: Level,
}

impl Default for Setup {
    fn default() -> Self {
        Setup {
            row: 0,
            bot: false,
            players: 2,
            level: Level::Normal,
        }
    }
}

pub struct ContestView {
    pub setup: Setup,
    pub game: Option<Contest>,
    /// When the contest began (its clock counts from here).
    pub began: Option<Timestamp>,
    /// "End the contest?" is asked.
    pub leaving: bool,
    /// The results were kept (and where their file is, if it was written).
    pub saved: Option<Option<String>>,
    /// The contest's clock at the last key or tick (what the countdown shows).
    pub last_ms: i64,
    /// The contest's clock when the standings came up: Enter starts another only a moment
    /// later (the Enter that went past the last answer started one before the standings, and
    /// the hint under them, had been seen).
    pub over_ms: Option<i64>,
}

/// How long the standings stand before Enter starts another contest.
pub const STANDINGS_MS: i64 = 1_000;

impl ContestView {
    /// Milliseconds since the contest began.
    pub fn clock(&self, now: Timestamp) -> i64 {
        self.began
            .map_or(0, |b| now.as_millisecond() - b.as_millisecond())
    }
}

/// The players the setup makes: teams named from the string table, or the member and the
/// computer.
pub fn players_of(setup: &Setup, s: &crate::i18n::Strings) -> Vec<Player> {
    let names: Vec<String> = if setup.bot {
        vec![
            s.contest_you.clone(),
            crate::i18n::fill(
                &s.contest_computer,
                &[("level", &s.level_name(setup.level))],
            ),
        ]
    } else {
        s.contest_team_names
            .split(',')
            .map(|n| n.trim().to_string())
            .chain((1..=4).map(|i| i.to_string()))
            .take(setup.players.clamp(2, 4))
            .collect()
    };
    names
        .into_iter()
        .enumerate()
        .map(|(i, name)| Player {
            name,
            buzz: BUZZ_KEYS[i],
            score: 0,
            bot: (setup.bot && i == 1).then_some(setup.level),
        })
        .collect()
}

impl ContestView {
    /// The key table in force: the question to end it, the setup, or the game's phase.
    pub fn context(&self) -> Context {
        if self.leaving {
            return Context::Ask;
        }
        match self.game.as_ref().map(|g| &g.phase) {
            None => Context::ContestSetup,
            Some(Phase::Intro | Phase::Reveal) => Context::ContestNext,
            Some(Phase::Stake(_)) => Context::ContestStake,
            Some(Phase::Asking { .. }) => Context::ContestAsk,
            Some(Phase::Over) => Context::ContestOver,
        }
    }

    /// A key in the contest; the flag says it was closed (back to the quiz menu).
    pub fn key(
        &mut self,
        key: &KeyEvent,
        facts: keys::Facts,
        ctx: &Ctx,
        now: Timestamp,
    ) -> (Reply, bool) {
        let c = keys::lookup(self.context(), facts, key);
        let t = self.clock(now);
        self.last_ms = t;
        if self.leaving {
            self.leaving = false;
            return (Reply::default(), c == Some(Command::Confirm));
        }
        match c {
            Some(Command::Help) => return (Reply::nav(Nav::Help), false),
            Some(Command::Quit) => return (Reply::nav(Nav::Quit), false),
            _ => {}
        }
        let Some(game) = self.game.as_mut() else {
            return self.setup_key(c, key, ctx);
        };
        match c {
            Some(Command::Leave) if game.phase == Phase::Over => {
                return (Reply::effects(vec![Effect::LoadQuizMenu]), true);
            }
            // a contest under way is not left on one key
            Some(Command::Leave) => self.leaving = true,
            Some(Command::Again) => {
                if self.over_ms.is_none_or(|o| t - o < STANDINGS_MS) {
                    return (Reply::default(), false);
                }
                let players = players_of(&self.setup, &ctx.strings);
                return (Reply::effects(vec![Effect::StartContest(players)]), false);
            }
            Some(Command::GoOn) => game.next(t),
            Some(Command::Stake) => {
                if let KeyCode::Char(d @ '1'..='3') = key.code {
                    game.choose_stake(d as usize - '1' as usize, t);
                }
            }
            Some(Command::Buzz) => {
                if let KeyCode::Char(k) = key.code
                    && let Some(p) = game.player_of_key(k)
                    && game.players[p].bot.is_none()
                {
                    game.buzz(p, t);
                }
            }
            Some(Command::Pick) => {
                if let Some(i) = keys::option_index(key) {
                    pick(game, i);
                }
            }
            Some(Command::PickTrue) => pick(game, 0),
            Some(Command::PickFalse) => pick(game, 1),
            Some(Command::Confirm) => game.confirm(),
            _ => {}
        }
        (Reply::effects(self.over(now)), false)
    }

    /// Keys on the setup: one or more members, against the computer or not, its level.
    fn setup_key(&mut self, c: Option<Command>, key: &KeyEvent, ctx: &Ctx) -> (Reply, bool) {
        let s = &mut self.setup;
        match c {
            Some(Command::Down) => s.row = 1,
            Some(Command::Up) => s.row = 0,
            Some(Command::Change) => {
                let back = matches!(key.code, KeyCode::Left | KeyCode::Char('h'));
                match (s.row, s.bot) {
                    (0, _) => s.bot = !s.bot,
                    (_, true) => {
                        let i = Level::ALL.iter().position(|l| *l == s.level).unwrap_or(1);
                        let j = if back {
                            i.saturating_sub(1)
                        } else {
                            (i + 1).min(2)
                        };
                        s.level = Level::ALL[j];
                    }
                    (_, false) => {
                        s.players = if back {
                            s.players.saturating_sub(1).max(2)
                        } else {
                            (s.players + 1).min(4)
                        };
                    }
                }
            }
            Some(Command::Start) => {
                let players = players_of(s, &ctx.strings);
                return (Reply::effects(vec![Effect::StartContest(players)]), false);
            }
            Some(Command::Back) => return (Reply::default(), true),
            _ => {}
        }
        (Reply::default(), false)
    }

    /// The contest's clock: the computer's moves, time running out.
    pub fn tick(&mut self, now: Timestamp) -> Vec<Effect> {
        let t = self.clock(now);
        self.last_ms = t;
        if let Some(g) = self.game.as_mut()
            && !self.leaving
        {
            g.tick(t);
        }
        self.over(now)
    }

    /// A contest just over is kept, once.
    fn over(&mut self, now: Timestamp) -> Vec<Effect> {
        match (&self.game, self.saved.is_some(), self.began) {
            (Some(g), false, Some(began)) if g.phase == Phase::Over => {
                self.saved = Some(None);
                self.over_ms = Some(self.clock(now));
                vec![Effect::SaveContest(ContestRecord {
                    started_at: began,
                    finished_at: now,
                    players: g.players.clone(),
                    turns: g.turns.clone(),
                })]
            }
            _ => Vec::new(),
        }
    }
}

/// An option key: only a member answers with it (the computer answers by itself).
fn pick(g: &mut Contest, i: usize) {
    if g.answering().is_some_and(|p| g.players[p].bot.is_none()) {
        g.pick(i);
    }
}
