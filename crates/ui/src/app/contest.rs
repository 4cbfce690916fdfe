//! The knowledge contest's screens (the quiz menu's 知识竞赛): its setup (players or the
//! computer, how many, how hard), then the contest itself on one terminal — each player's buzz
//! key, the option keys for whoever answers, Enter to go on — and its results, kept and written
//! as Markdown when it ends.

use jiff::Timestamp;
use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::keys::{self, Command, Context};
use super::{App, Effect};
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

    pub(super) fn contest_context(v: &ContestView) -> Context {
        if v.leaving {
            return Context::Ask;
        }
        match v.game.as_ref().map(|g| &g.phase) {
            None => Context::ContestSetup,
            Some(Phase::Intro | Phase::Reveal) => Context::ContestNext,
            Some(Phase::Stake(_)) => Context::ContestStake,
            Some(Phase::Asking { .. }) => Context::ContestAsk,
            Some(Phase::Over) => Context::ContestOver,
        }
    }

    pub(super) fn contest_key(&mut self, key: &KeyEvent, now: Timestamp) -> Vec<Effect> {
        let facts = self.facts();
        let Some(v) = self.stack.quiz_mut().and_then(|q| q.contest.as_mut()) else {
            return Vec::new();
        };
        let c = keys::lookup(Self::contest_context(v), facts, key);
        let t = v.clock(now);
        v.last_ms = t;
        if v.leaving {
            v.leaving = false;
            if c == Some(Command::Confirm)
                && let Some(q) = self.stack.quiz_mut()
            {
                q.contest = None;
            }
            return Vec::new();
        }
        match c {
            Some(Command::Help) => {
                self.help = true;
                return Vec::new();
            }
            Some(Command::Quit) => return self.command(Command::Quit, now),
            _ => {}
        }
        let Some(game) = v.game.as_mut() else {
            return self.setup_key(c, key);
        };
        match c {
            Some(Command::Leave) if game.phase == Phase::Over => {
                if let Some(q) = self.stack.quiz_mut() {
                    q.contest = None;
                }
                return vec![Effect::LoadQuizMenu];
            }
            // a contest under way is not left on one key
            Some(Command::Leave) => v.leaving = true,
            Some(Command::Again) => {
                if v.over_ms.is_none_or(|o| t - o < STANDINGS_MS) {
                    return Vec::new();
                }
                let players = players_of(&v.setup, &self.ctx.strings);
                return vec![Effect::StartContest(players)];
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
                    self.contest_pick(i);
                }
            }
            Some(Command::PickTrue) => self.contest_pick(0),
            Some(Command::PickFalse) => self.contest_pick(1),
            Some(Command::Confirm) => game.confirm(),
            _ => {}
        }
        self.contest_over(now)
    }

    /// An option key: only a member answers with it (the computer answers by itself).
    fn contest_pick(&mut self, i: usize) {
        if let Some(g) = self
            .stack
            .quiz_mut()
            .and_then(|q| q.contest.as_mut())
            .and_then(|v| v.game.as_mut())
            && g.answering().is_some_and(|p| g.players[p].bot.is_none())
        {
            g.pick(i);
        }
    }

    fn setup_key(&mut self, c: Option<Command>, key: &KeyEvent) -> Vec<Effect> {
        let Some(v) = self.stack.quiz_mut().and_then(|q| q.contest.as_mut()) else {
            return Vec::new();
        };
        let s = &mut v.setup;
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
                return vec![Effect::StartContest(players_of(s, &self.ctx.strings))];
            }
            Some(Command::Back) => {
                if let Some(q) = self.stack.quiz_mut() {
                    q.contest = None;
                }
            }
            _ => {}
        }
        Vec::new()
    }

    /// The contest's clock: the computer's moves, time running out.
    pub(super) fn contest_tick(&mut self, now: Timestamp) -> Vec<Effect> {
        if let Some(v) = self.stack.quiz_mut().and_then(|q| q.contest.as_mut()) {
            let t = v.clock(now);
            v.last_ms = t;
            if let Some(g) = v.game.as_mut()
                && !v.leaving
            {
                g.tick(t);
            }
        }
        self.contest_over(now)
    }

    /// A contest just over is kept, once.
    fn contest_over(&mut self, now: Timestamp) -> Vec<Effect> {
        let Some(v) = self.stack.quiz_mut().and_then(|q| q.contest.as_mut()) else {
            return Vec::new();
        };
        match (&v.game, v.saved.is_some(), v.began) {
            (Some(g), false, Some(began)) if g.phase == Phase::Over => {
                v.saved = Some(None);
                v.over_ms = Some(v.clock(now));
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
