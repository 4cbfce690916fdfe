//! A knowledge contest on one terminal (线上知识竞赛, offline): 2–4 players or teams, each
//! with a buzz key, through three rounds — 必答 (each in turn), 抢答 (the first to buzz
//! answers) and 风险 (each in turn stakes 10, 20 or 30 points and loses them when wrong) — or
//! one member against the computer (人机对战), whose speed and accuracy follow its level.
//!
//! Pure: time comes in as milliseconds since the contest began, randomness from a seed.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use crate::domain::quiz::{Answer, Kind, Response, grade};
use crate::domain::rng::Rng;
use crate::domain::session::Item;

/// Each player's buzz key, in seat order: far apart on the keyboard, clear of the option keys
/// (1–8, a–h), 判断's t/f and the keys every screen has.
pub const BUZZ_KEYS: [char; 4] = ['z', 'm', 'p', 'w'];
/// Points for a right answer in 必答 and 抢答 (a wrong 抢答 loses as many).
pub const POINTS: i64 = 10;
/// What 风险 lets a player stake.
pub const STAKES: [i64; 3] = [10, 20, 30];
/// Seconds to answer once it is one's turn (or one has buzzed).
pub const ANSWER_SECS: i64 = 20;
/// Seconds for anyone to buzz in 抢答 before the question is let go.
pub const BUZZ_SECS: i64 = 10;
/// Questions per player in 必答, questions in 抢答, and per player in 风险.
pub const REQUIRED_EACH: usize = 2;
pub const BUZZ_COUNT: usize = 5;
pub const RISK_EACH: usize = 1;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RoundKind {
    /// 必答: each player in turn.
    Required,
    /// 抢答: the first to buzz.
    Buzz,
    /// 风险: each in turn, with a stake.
    Risk,
}

/// The computer opponent's level: how often it is right and how fast it answers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    Easy,
    Normal,
    Hard,
}

impl Level {
    pub const ALL: [Level; 3] = [Level::Easy, Level::Normal, Level::Hard];

    /// Chance in a hundred of a right answer.
    pub fn accuracy(self) -> usize {
        match self {
            Level::Easy => 50,
            Level::Normal => 70,
            Level::Hard => 90,
        }
    }

    /// Milliseconds it takes to answer (or buzz): from, to.
    pub fn delay_ms(self) -> (i64, i64) {
        match self {
            // within the buzz round's window, so it always takes part
            Level::Easy => (5_000, 9_000),
            Level::Normal => (3_000, 7_000),
            Level::Hard => (1_500, 4_000),
        }
    }

    /// What it stakes in 风险.
    pub fn stake(self) -> i64 {
        match self {
            Level::Easy => STAKES[0],
            Level::Normal => STAKES[1],
            Level::Hard => STAKES[2],
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Player {
    pub name: String,
    pub buzz: char,
    pub score: i64,
    /// The computer, at this level.
    pub bot: Option<Level>,
}

/// One question as it went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Turn {
    pub round: RoundKind,
    pub bank: String,
    pub question: String,
    pub stem: String,
    /// Who answered (`None`: nobody buzzed).
    pub player: Option<usize>,
    pub stake: i64,
    /// `None`: not answered in time (or nobody buzzed).
    pub correct: Option<bool>,
    pub delta: i64,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// A round's title card; Enter begins it.
    Intro,
    /// 风险: the player in turn chooses a stake.
    Stake(usize),
    /// The question is up: `Some(p)` answers (their turn, or they buzzed); `None`, anyone may
    /// buzz. `since` is when this began.
    Asking {
        player: Option<usize>,
        since: i64,
    },
    /// The answer shown, with what it did; Enter goes on.
    Reveal,
    Over,
}

/// Points with their sign, as a scoreboard says them: `+10`, `−20`, `0`.
pub fn signed(n: i64) -> String {
    match n {
        n if n > 0 => format!("+{n}"),
        n if n < 0 => format!("−{}", -n),
        _ => "0".into(),
    }
}

/// Players by score, highest first (seat order among equals), equal scores sharing a place:
/// (place, seat).
pub fn standings(players: &[Player]) -> Vec<(usize, usize)> {
    let mut order: Vec<usize> = (0..players.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(players[i].score));
    let mut out: Vec<(usize, usize)> = Vec::new();
    for (k, &i) in order.iter().enumerate() {
        let place = match out.last() {
            Some(&(place, prev)) if players[prev].score == players[i].score => place,
            _ => k + 1,
        };
        out.push((place, i));
    }
    out
}

/// What is kept of a contest: who played and how every question went.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContestRecord {
    pub started_at: jiff::Timestamp,
    pub finished_at: jiff::Timestamp,
    pub players: Vec<Player>,
    pub turns: Vec<Turn>,
}

impl ContestRecord {
    /// Players by score, highest first: (place, player).
    pub fn standings(&self) -> Vec<(usize, &Player)> {
        standings(&self.players)
            .into_iter()
            .map(|(place, i)| (place, &self.players[i]))
            .collect()
    }
}

/// What the computer will do with the question up (drawn when it comes up).
#[derive(Clone, Copy, Debug, PartialEq)]
struct BotMove {
    after_ms: i64,
    right: bool,
}

pub struct Contest {
    pub players: Vec<Player>,
    /// The rounds, each with its questions.
    pub rounds: Vec<(RoundKind, Vec<Item>)>,
    pub round: usize,
    /// The question's place in its round.
    pub step: usize,
    pub phase: Phase,
    /// Options chosen so far (in display order) by whoever answers.
    pub picked: BTreeSet<usize>,
    pub stake: i64,
    pub turns: Vec<Turn>,
    rng: Rng,
    bot: Option<BotMove>,
}

/// The questions a contest asks, drawn from `pool` (blanks are left out: they are typed, not
/// chosen, and a buzz round cannot wait for typing): as many as the rounds need for `players`,
/// options in a fresh order.
pub fn rounds_for(pool: &[Item], players: usize, seed: u64) -> Vec<(RoundKind, Vec<Item>)> {
    let mut rng = Rng::new(seed);
    let mut items: Vec<Item> = pool
        .iter()
        .filter(|it| it.question.kind != Kind::Fill)
        .cloned()
        .collect();
    crate::domain::quiz::shuffle(&mut items, &mut rng);
    for it in &mut items {
        it.order = crate::domain::draw::option_order(&it.question, &mut rng);
    }
    let mut take = |n: usize| -> Vec<Item> {
        let n = n.min(items.len());
        items.drain(..n).collect()
    };
    let rounds = vec![
        (RoundKind::Required, take(REQUIRED_EACH * players)),
        (RoundKind::Buzz, take(BUZZ_COUNT)),
        (RoundKind::Risk, take(RISK_EACH * players)),
    ];
    rounds.into_iter().filter(|(_, q)| !q.is_empty()).collect()
}

impl Contest {
    pub fn new(players: Vec<Player>, rounds: Vec<(RoundKind, Vec<Item>)>, seed: u64) -> Contest {
        let over = rounds.is_empty() || players.is_empty();
        Contest {
            players,
            rounds,
            round: 0,
            step: 0,
            phase: if over { Phase::Over } else { Phase::Intro },
            picked: BTreeSet::new(),
            stake: 0,
            turns: Vec::new(),
            rng: Rng::new(seed ^ 0x5eed),
            bot: None,
        }
    }

    pub fn kind(&self) -> RoundKind {
        self.rounds
            .get(self.round)
            .map_or(RoundKind::Required, |r| r.0)
    }

    /// The question up (or about to be).
    pub fn item(&self) -> Option<&Item> {
        self.rounds.get(self.round)?.1.get(self.step)
    }

    /// Questions in this round.
    pub fn round_len(&self) -> usize {
        self.rounds.get(self.round).map_or(0, |r| r.1.len())
    }

    /// Whose turn it is in 必答 and 风险 (in seat order); nobody's in 抢答.
    pub fn in_turn(&self) -> Option<usize> {
        match self.kind() {
            RoundKind::Buzz => None,
            _ => Some(self.step % self.players.len().max(1)),
        }
    }

    /// Who answers now, if anyone.
    pub fn answering(&self) -> Option<usize> {
        match self.phase {
            Phase::Asking { player, .. } => player,
            _ => None,
        }
    }

    /// Seconds left on the clock of the question up (to buzz, or to answer).
    pub fn seconds_left(&self, now: i64) -> Option<i64> {
        match self.phase {
            Phase::Asking { player, since } => {
                let limit = if player.is_some() {
                    ANSWER_SECS
                } else {
                    BUZZ_SECS
                };
                Some(((limit * 1000 - (now - since)).max(0) + 999) / 1000)
            }
            _ => None,
        }
    }

    /// The player whose buzz key this is.
    pub fn player_of_key(&self, c: char) -> Option<usize> {
        self.players.iter().position(|p| p.buzz == c)
    }

    /// Enter on a round's card or an answer shown: on to what comes next.
    pub fn next(&mut self, now: i64) {
        match self.phase {
            Phase::Intro => self.ask(now),
            Phase::Reveal => {
                self.step += 1;
                if self.step >= self.round_len() {
                    self.step = 0;
                    self.round += 1;
                    self.phase = if self.round >= self.rounds.len() {
                        Phase::Over
                    } else {
                        Phase::Intro
                    };
                } else {
                    self.ask(now);
                }
            }
            _ => {}
        }
    }

    /// Puts the next question up: in 风险 its stake is chosen first.
    fn ask(&mut self, now: i64) {
        self.picked.clear();
        self.stake = 0;
        match (self.kind(), self.in_turn()) {
            (RoundKind::Risk, Some(p)) => {
                self.phase = Phase::Stake(p);
                if let Some(level) = self.players[p].bot {
                    self.stake = level.stake();
                    self.phase = Phase::Asking {
                        player: Some(p),
                        since: now,
                    };
                }
            }
            (_, player) => {
                self.phase = Phase::Asking { player, since: now };
            }
        }
        self.plan_bot();
    }

    /// What the computer does with the question up: in its turn it answers after its delay;
    /// in 抢答 it buzzes after its delay unless someone was quicker.
    fn plan_bot(&mut self) {
        self.bot = None;
        let Some(bot) = self.players.iter().position(|p| p.bot.is_some()) else {
            return;
        };
        let Some(level) = self.players[bot].bot else {
            return;
        };
        let mine = match self.phase {
            Phase::Asking { player, .. } => player.is_none() || player == Some(bot),
            _ => false,
        };
        if !mine {
            return;
        }
        let (from, to) = level.delay_ms();
        let after_ms = from + self.rng.below((to - from) as usize + 1) as i64;
        let right = self.rng.below(100) < level.accuracy();
        self.bot = Some(BotMove { after_ms, right });
    }

    /// 风险: the player in turn stakes `STAKES[i]`.
    pub fn choose_stake(&mut self, i: usize, now: i64) {
        if let (Phase::Stake(p), Some(&s)) = (&self.phase, STAKES.get(i)) {
            self.stake = s;
            self.phase = Phase::Asking {
                player: Some(*p),
                since: now,
            };
        }
    }

    /// A buzz key: in 抢答, the first buzz takes the question (the clock starts again for the
    /// answer); any other time it does nothing.
    pub fn buzz(&mut self, player: usize, now: i64) -> bool {
        if player >= self.players.len() {
            return false;
        }
        if let Phase::Asking { player: None, .. } = self.phase {
            self.phase = Phase::Asking {
                player: Some(player),
                since: now,
            };
            if self.players[player].bot.is_none() {
                // the computer was beaten to it
                self.bot = None;
            }
            return true;
        }
        false
    }

    /// An option key by whoever answers: a 单选 or 判断 is answered at once; a 多选's options
    /// are ticked and answered with [`Contest::confirm`].
    pub fn pick(&mut self, shown: usize) {
        let Some(item) = self.item() else { return };
        if self.answering().is_none() {
            return;
        }
        let n = match item.question.kind {
            Kind::Judge => 2,
            _ => item.question.options.len(),
        };
        if shown >= n {
            return;
        }
        if item.question.kind == Kind::Multiple {
            if !self.picked.remove(&shown) {
                self.picked.insert(shown);
            }
        } else {
            self.picked = [shown].into();
            self.confirm();
        }
    }

    /// The answer chosen is given: graded, scored, shown.
    pub fn confirm(&mut self) {
        let (Some(p), Some(item)) = (self.answering(), self.item().cloned()) else {
            return;
        };
        if self.picked.is_empty() {
            return;
        }
        let response = match item.question.kind {
            Kind::Judge => Response::Judge(self.picked.contains(&0)),
            _ => Response::Choice(self.picked.iter().map(|&s| item.order[s]).collect()),
        };
        let right = grade(&item.question, Some(&response), None).correct;
        self.settle(Some(p), Some(right), &item);
    }

    /// The clock: the computer's move when its time comes; a question let go when nobody
    /// buzzed; an answer not given in time counted wrong.
    pub fn tick(&mut self, now: i64) {
        let Phase::Asking { player, since } = self.phase else {
            return;
        };
        let Some(item) = self.item().cloned() else {
            return;
        };
        if let Some(m) = self.bot
            && now - since >= m.after_ms
        {
            let bot = self.players.iter().position(|p| p.bot.is_some());
            if player.is_none()
                && let Some(b) = bot
            {
                // it buzzes, then answers at once
                self.phase = Phase::Asking {
                    player: Some(b),
                    since: now,
                };
            }
            if self.answering() == bot {
                self.bot = None;
                self.picked = bot_answer(&item, m.right, &mut self.rng);
                self.confirm();
                return;
            }
        }
        let limit = if player.is_some() {
            ANSWER_SECS
        } else {
            BUZZ_SECS
        };
        if now - since >= limit * 1000 {
            self.settle(player, None, &item);
        }
    }

    /// Scores what happened to the question up and shows its answer.
    fn settle(&mut self, player: Option<usize>, correct: Option<bool>, item: &Item) {
        let kind = self.kind();
        let delta = match (kind, correct, player) {
            (_, _, None) => 0,
            (RoundKind::Required, Some(true), _) => POINTS,
            (RoundKind::Required, _, _) => 0,
            (RoundKind::Buzz, Some(true), _) => POINTS,
            (RoundKind::Buzz, _, _) => -POINTS,
            (RoundKind::Risk, Some(true), _) => self.stake,
            (RoundKind::Risk, _, _) => -self.stake,
        };
        if let Some(p) = player {
            self.players[p].score += delta;
        }
        self.turns.push(Turn {
            round: kind,
            bank: item.bank.clone(),
            question: item.question.id.clone(),
            stem: item.question.stem.clone(),
            player,
            stake: self.stake,
            correct,
            delta,
        });
        self.bot = None;
        self.phase = Phase::Reveal;
    }

    /// Players by score, highest first: (place, seat).
    pub fn standings(&self) -> Vec<(usize, usize)> {
        standings(&self.players)
    }
}

/// The options the computer picks (in display order): the right ones, or a wrong choice.
fn bot_answer(item: &Item, right: bool, rng: &mut Rng) -> BTreeSet<usize> {
    let q = &item.question;
    let correct: BTreeSet<usize> = match &q.answer {
        Answer::Choice(set) => item.shown(set).into_iter().collect(),
        Answer::Judge(b) => [if *b { 0 } else { 1 }].into(),
        Answer::Fill(_) | Answer::Sealed => BTreeSet::new(),
    };
    if right {
        return correct;
    }
    let n = match q.kind {
        Kind::Judge => 2,
        _ => q.options.len().max(1),
    };
    let wrong: Vec<usize> = (0..n).filter(|i| !correct.contains(i)).collect();
    match wrong.get(rng.below(wrong.len().max(1))) {
        Some(&w) => [w].into(),
        // every option right (a 多选 of all): leaving one out is wrong
        None => correct.iter().skip(1).copied().collect(),
    }
}

#[cfg(test)]
mod tests;
