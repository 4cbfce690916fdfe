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
        Answer::Fill(_) => BTreeSet::new(),
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
mod tests {
    use super::*;
    use crate::domain::quiz::Question;

    fn item(id: &str, kind: Kind, answer: Answer) -> Item {
        let q = Question {
            id: id.into(),
            kind,
            stem: format!("题{id}"),
            options: if kind == Kind::Judge {
                vec![]
            } else {
                vec!["甲".into(), "乙".into(), "丙".into(), "丁".into()]
            },
            answer,
            explanation: String::new(),
            material: None,
            tags: vec![],
            difficulty: None,
            points: 1.0,
            shuffle: false,
        };
        Item::new("b", q, None)
    }

    fn pool() -> Vec<Item> {
        (0..20)
            .map(|i| match i % 3 {
                0 => item(&i.to_string(), Kind::Single, Answer::Choice([1].into())),
                1 => item(&i.to_string(), Kind::Judge, Answer::Judge(true)),
                _ => item(
                    &i.to_string(),
                    Kind::Fill,
                    Answer::Fill(vec![vec!["x".into()]]),
                ),
            })
            .collect()
    }

    fn people(n: usize) -> Vec<Player> {
        (0..n)
            .map(|i| Player {
                name: format!("{i}"),
                buzz: BUZZ_KEYS[i],
                score: 0,
                bot: None,
            })
            .collect()
    }

    /// The shown index of the right answer to the question up (and of a wrong one).
    fn right_and_wrong(c: &Contest) -> (usize, usize) {
        let it = c.item().unwrap();
        let right = match &it.question.answer {
            Answer::Choice(set) => it.shown(set)[0],
            Answer::Judge(b) => usize::from(!*b),
            Answer::Fill(_) => unreachable!("no blanks in a contest"),
        };
        (right, if right == 0 { 1 } else { 0 })
    }

    #[test]
    fn the_rounds_hold_what_each_needs_and_no_blanks() {
        let r = rounds_for(&pool(), 3, 7);
        let kinds: Vec<(RoundKind, usize)> = r.iter().map(|(k, q)| (*k, q.len())).collect();
        assert_eq!(
            kinds,
            [
                (RoundKind::Required, 6),
                (RoundKind::Buzz, 5),
                (RoundKind::Risk, 3)
            ],
            "14 option questions in the pool"
        );
        let few = rounds_for(&pool()[..12], 3, 7);
        assert_eq!(few.len(), 2, "8 option questions: 必答 6, 抢答 2, no 风险");
        assert!(
            r.iter()
                .flat_map(|(_, q)| q)
                .all(|it| it.question.kind != Kind::Fill)
        );
        assert_eq!(
            rounds_for(&pool(), 3, 7)[0].1,
            r[0].1,
            "the same seed, the same draw"
        );
    }

    #[test]
    fn a_required_round_goes_round_the_table_and_scores_right_answers() {
        let rounds = rounds_for(&pool(), 2, 1);
        let mut c = Contest::new(people(2), rounds, 1);
        assert_eq!(c.phase, Phase::Intro);
        c.next(0);
        assert_eq!(c.answering(), Some(0));
        // a buzz in 必答 does nothing
        assert!(!c.buzz(1, 10));
        let (right, _) = right_and_wrong(&c);
        c.pick(right);
        assert_eq!(c.phase, Phase::Reveal);
        assert_eq!(c.players[0].score, POINTS);
        c.next(1000);
        assert_eq!(c.answering(), Some(1), "the next player's turn");
        let (_, wrong) = right_and_wrong(&c);
        c.pick(wrong);
        assert_eq!(c.players[1].score, 0, "wrong in 必答 costs nothing");
        // the clock runs out on the third: wrong, unanswered
        c.next(2000);
        assert_eq!(c.seconds_left(2000 + 5_500), Some(ANSWER_SECS - 5));
        c.tick(2000 + ANSWER_SECS * 1000);
        assert_eq!(c.turns.last().unwrap().correct, None);
        assert_eq!(c.phase, Phase::Reveal);
    }

    #[test]
    fn in_the_buzz_round_the_first_buzz_answers_and_a_wrong_one_loses_points() {
        let mut c = Contest::new(people(3), rounds_for(&pool(), 3, 2), 2);
        c.round = 1;
        c.next(0);
        assert_eq!(c.kind(), RoundKind::Buzz);
        assert_eq!(c.answering(), None, "anyone may buzz");
        assert!(c.buzz(2, 800));
        assert!(!c.buzz(0, 900), "too late");
        assert_eq!(c.answering(), Some(2));
        let (_, wrong) = right_and_wrong(&c);
        c.pick(wrong);
        assert_eq!(c.players[2].score, -POINTS);
        // nobody buzzes: let go, nobody scores
        c.next(10_000);
        c.tick(10_000 + BUZZ_SECS * 1000);
        let t = c.turns.last().unwrap();
        assert_eq!((t.player, t.delta), (None, 0));
    }

    #[test]
    fn risk_stakes_are_won_and_lost_and_the_standings_share_places() {
        let mut c = Contest::new(people(2), rounds_for(&pool(), 2, 3), 3);
        c.round = 2;
        c.next(0);
        assert_eq!(c.phase, Phase::Stake(0));
        c.pick(0);
        assert_eq!(c.phase, Phase::Stake(0), "no answering before the stake");
        c.choose_stake(2, 100);
        let (right, _) = right_and_wrong(&c);
        c.pick(right);
        assert_eq!(c.players[0].score, 30);
        c.next(200);
        c.choose_stake(2, 300);
        let (_, wrong) = right_and_wrong(&c);
        c.pick(wrong);
        assert_eq!(c.players[1].score, -30);
        c.next(400);
        assert_eq!(c.phase, Phase::Over);
        c.players[1].score = 30;
        assert_eq!(c.standings(), [(1, 0), (1, 1)]);
    }

    #[test]
    fn a_multiple_choice_waits_for_confirm() {
        let mut c = Contest::new(
            people(2),
            vec![(
                RoundKind::Required,
                vec![item("m", Kind::Multiple, Answer::Choice([0, 2].into()))],
            )],
            4,
        );
        c.next(0);
        c.pick(0);
        assert!(matches!(c.phase, Phase::Asking { .. }));
        c.pick(2);
        c.confirm();
        assert_eq!(c.players[0].score, POINTS);
    }

    #[test]
    fn the_computer_answers_by_its_level_and_can_be_beaten_to_the_buzz() {
        // many contests against each level: the hard one is right more often and sooner
        let mut rate = Vec::new();
        for level in Level::ALL {
            let (mut right, mut asked, mut ms) = (0usize, 0usize, 0i64);
            for seed in 0..40 {
                let mut players = people(2);
                players[1].bot = Some(level);
                let mut c = Contest::new(players, rounds_for(&pool(), 2, seed), seed);
                c.round = 1;
                c.next(0);
                let mut t = 0;
                while matches!(c.phase, Phase::Asking { .. }) && t < 30_000 {
                    t += 100;
                    c.tick(t);
                }
                let turn = c.turns.last().unwrap();
                assert_eq!(turn.player, Some(1), "it buzzed");
                asked += 1;
                ms += t;
                right += usize::from(turn.correct == Some(true));
            }
            rate.push((right * 100 / asked, ms / asked as i64));
        }
        assert!(rate[0].0 < rate[2].0, "{rate:?}");
        assert!(rate[0].1 > rate[2].1, "{rate:?}");
        // a member quicker than the computer answers instead
        let mut players = people(2);
        players[1].bot = Some(Level::Hard);
        let mut c = Contest::new(players, rounds_for(&pool(), 2, 9), 9);
        c.round = 1;
        c.next(0);
        assert!(c.buzz(0, 500));
        c.tick(10_000);
        assert_eq!(c.answering(), Some(0), "the computer waits its turn");
        // in 风险 the computer stakes by its level, without being asked
        c.round = 2;
        c.step = 0;
        c.phase = Phase::Intro;
        c.next(0);
        assert_eq!(c.phase, Phase::Stake(0));
        c.choose_stake(0, 0);
        let (right, _) = right_and_wrong(&c);
        c.pick(right);
        c.next(1);
        assert_eq!(c.answering(), Some(1));
        assert_eq!(c.stake, Level::Hard.stake());
    }
}
