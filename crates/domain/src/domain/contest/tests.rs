//! The contest's rules, question by question.
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
        Answer::Fill(_) | Answer::Sealed => unreachable!("no blanks or sealed banks in a contest"),
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
