//! The knowledge contest on one terminal: its setup, a contest played through its three rounds
//! with the real keys (buzz keys, option keys, stakes), the computer opponent, leaving midway,
//! the results kept and written; screens at 80×24, 160×45 (a projector) and 40×12; and the
//! keys in the real binary in a pseudo-terminal.

use crate::common;

use common::*;
use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::KeyCode;
use xuexi::app::{App, ScreenKind};
use xuexi::domain::contest::{Phase, RoundKind};
use xuexi::domain::quiz::Answer;
use xuexi::domain::session::Start;
use xuexi::i18n::Lang;
use xuexi::store::Store;

fn game(app: &App) -> &xuexi::domain::contest::Contest {
    app.quiz()
        .and_then(|q| q.contest.as_ref())
        .and_then(|c| c.game.as_ref())
        .expect("a contest under way")
}

/// The quiz menu with the contest's setup open.
fn setup(store: &mut Store, w: u16, h: u16) -> App {
    let mut app = common::app(store, Lang::ZhCn, w, h);
    send(&mut app, store, &[key('t')], t0());
    let at = app
        .quiz()
        .unwrap()
        .menu
        .iter()
        .position(|m| m.start == Some(Start::Contest))
        .expect("the menu offers the contest");
    for _ in 0..at {
        send(&mut app, store, &[key('j')], t0());
    }
    send(&mut app, store, &[code(KeyCode::Enter)], t0());
    assert!(app.quiz().unwrap().contest.is_some());
    app
}

/// The key that answers the question up rightly (or wrongly).
fn answer_key(app: &App, right: bool) -> char {
    let g = game(app);
    let it = g.item().unwrap();
    let shown = match &it.question.answer {
        Answer::Sealed => unreachable!("no sealed bank in this test"),
        Answer::Choice(set) => it.shown(set),
        Answer::Judge(b) => vec![usize::from(!*b)],
        Answer::Fill(_) => panic!("no blanks in a contest"),
    };
    let k = if right {
        shown[0]
    } else {
        (0..4).find(|k| !shown.contains(k)).unwrap()
    };
    (b'1' + k as u8) as char
}

/// Answers the question up (a 多选's right answer needs every option ticked, then Enter).
fn answer(app: &mut App, store: &mut Store, right: bool, now: Timestamp) {
    let g = game(app);
    let it = g.item().unwrap();
    if it.question.kind == xuexi::domain::quiz::Kind::Multiple {
        // a 多选 says so, and its options are boxes (it looked like a 单选)
        let text = screen_text(&draw(app, 80, 24));
        assert!(text.contains("· 多选") && text.contains("[ ] A."), "{text}");
    }
    if right && let Answer::Choice(set) = &it.question.answer {
        let keys: Vec<_> = it
            .shown(set)
            .iter()
            .map(|k| key((b'1' + *k as u8) as char))
            .collect();
        let multiple = it.question.kind == xuexi::domain::quiz::Kind::Multiple;
        send(app, store, &keys, now);
        if multiple {
            send(app, store, &[code(KeyCode::Enter)], now);
        }
        return;
    }
    let k = answer_key(app, right);
    send(app, store, &[key(k)], now);
    if game(app).phase != Phase::Reveal {
        send(app, store, &[code(KeyCode::Enter)], now);
    }
}

#[test]
fn two_teams_play_the_three_rounds_with_their_keys_and_the_results_are_kept() {
    let mut store = store_with_banks();
    let mut app = setup(&mut store, 80, 24);
    let dir = tempfile::tempdir().unwrap();
    app.export_dir = Some(dir.path().to_path_buf());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("多人赛") && text.contains("抢答键：甲队 z · 乙队 m"),
        "{text}"
    );
    insta::assert_snapshot!("contest_setup_80x24", draw(&app, 80, 24).backend());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert_eq!(game(&app).players.len(), 2);
    assert_eq!(game(&app).phase, Phase::Intro);
    // 必答: each in turn, the option keys; a buzz does nothing here
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert_eq!(game(&app).answering(), Some(0));
    send(&mut app, &mut store, &[key('m')], t0());
    assert_eq!(game(&app).answering(), Some(0), "no buzzing in 必答");
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("请 甲队 作答") && text.contains("⏱ 20"),
        "{text}"
    );
    assert!(!text.contains("抢答 "), "no buzz hint in 必答: {text}");
    insta::assert_snapshot!("contest_question_80x24", draw(&app, 80, 24).backend());
    insta::assert_snapshot!("contest_question_160x45", draw(&app, 160, 45).backend());
    answer(&mut app, &mut store, true, t0());
    assert_eq!(game(&app).players[0].score, 10);
    assert!(screen_text(&draw(&app, 80, 24)).contains("甲队 答对了 +10"));
    // the rest of 必答: the second team wrong, then right, right
    for right in [false, true, true] {
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        answer(&mut app, &mut store, right, t0());
    }
    assert_eq!(
        (game(&app).players[0].score, game(&app).players[1].score),
        (20, 10)
    );
    // 抢答: the round's card, then a question anyone may take; 乙队 (m) is first
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert_eq!(game(&app).kind(), RoundKind::Buzz);
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert_eq!(game(&app).answering(), None);
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("z/m 抢答"),
        "the buzz keys on the hint bar: {text}"
    );
    send(&mut app, &mut store, &[key('m'), key('z')], t0());
    assert_eq!(game(&app).answering(), Some(1), "the first buzz takes it");
    answer(&mut app, &mut store, false, t0());
    assert_eq!(game(&app).players[1].score, 0, "a wrong buzz-in loses 10");
    // nobody buzzes the next: it is let go after its time
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let later = t0() + SignedDuration::from_secs(11);
    let fx = app.tick(later);
    xuexi::tui::apply(&mut app, &mut store, fx, later);
    assert!(screen_text(&draw(&app, 80, 24)).contains("无人抢答"));
    // the other three: 甲队 takes and gets each right
    for _ in 0..3 {
        send(
            &mut app,
            &mut store,
            &[code(KeyCode::Enter), key('z')],
            later,
        );
        answer(&mut app, &mut store, true, later);
    }
    assert_eq!(game(&app).players[0].score, 50);
    // 风险: 甲队 stakes 30 (3) and is wrong, 乙队 stakes 20 (2) and is right
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
        later,
    );
    assert_eq!(game(&app).phase, Phase::Stake(0));
    assert!(screen_text(&draw(&app, 80, 24)).contains("1-3 押分"));
    send(&mut app, &mut store, &[key('3')], later);
    answer(&mut app, &mut store, false, later);
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), key('2')],
        later,
    );
    answer(&mut app, &mut store, true, later);
    assert_eq!(
        (game(&app).players[0].score, game(&app).players[1].score),
        (20, 20)
    );
    // over: both first, kept in the database and written as Markdown
    send(&mut app, &mut store, &[code(KeyCode::Enter)], later);
    assert_eq!(game(&app).phase, Phase::Over);
    let kept = store.contests().unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].turns.len(), game(&app).turns.len());
    let file = std::fs::read_dir(dir.path())
        .unwrap()
        .next()
        .expect("a results file")
        .unwrap()
        .path();
    let md = std::fs::read_to_string(&file).unwrap();
    assert!(
        md.contains("| 1 | 甲队 | 20 |") && md.contains("| 1 | 乙队 | 20 |"),
        "{md}"
    );
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("第 1 名  甲队  20 分"), "{text}");
    // the message beside the standings' own keys (it hid them: Enter started another contest
    // before its hint was seen)
    // (a message too long for the bar's row takes the rows above it: the whole path is read)
    let bar = text.lines().rev().take(3).collect::<Vec<_>>().join("\n");
    assert!(bar.contains("结果已保存") && bar.contains("Enter"), "{bar}");
    // the Enter that went past the last answer, pressed again at once, starts nothing
    send(&mut app, &mut store, &[code(KeyCode::Enter)], later);
    assert_eq!(game(&app).phase, Phase::Over);
    // a moment later, Enter plays again with the same players; Esc goes back to the menu
    let again = later + SignedDuration::from_secs(2);
    send(&mut app, &mut store, &[code(KeyCode::Enter)], again);
    assert_eq!(game(&app).phase, Phase::Intro);
    assert!(game(&app).players.iter().all(|p| p.score == 0));
}

#[test]
fn against_the_computer_it_answers_in_its_turn_and_leaving_midway_asks_and_keeps_nothing() {
    let mut store = store_with_banks();
    let mut app = setup(&mut store, 80, 24);
    // 人机对战, 困难
    send(
        &mut app,
        &mut store,
        &[
            code(KeyCode::Right),
            code(KeyCode::Down),
            code(KeyCode::Right),
        ],
        t0(),
    );
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("人机对战") && text.contains("困难"), "{text}");
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
        t0(),
    );
    assert!(game(&app).players[1].bot.is_some());
    // the member is told in the second person (it read 请 我 作答)
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("请你作答") && !text.contains("请 我"),
        "{text}"
    );
    answer(&mut app, &mut store, true, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    assert_eq!(game(&app).answering(), Some(1), "the computer's turn");
    // its keys are not the member's to press
    let k = answer_key(&app, false);
    send(&mut app, &mut store, &[key(k)], t0());
    assert!(
        matches!(
            game(&app).phase,
            Phase::Asking {
                player: Some(1),
                ..
            }
        ),
        "still the computer's question"
    );
    for s in 1..=6 {
        let now = t0() + SignedDuration::from_secs(s);
        let fx = app.tick(now);
        xuexi::tui::apply(&mut app, &mut store, fx, now);
    }
    assert_eq!(game(&app).phase, Phase::Reveal, "answered within its delay");
    assert_eq!(game(&app).turns.last().unwrap().player, Some(1));
    // Esc asks; n plays on; y ends it, nothing kept
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("结束这场比赛"), "{text}");
    assert!(
        text.contains("y 结束比赛") && text.contains("n 继续"),
        "the bar says what y and n do: {text}"
    );
    send(&mut app, &mut store, &[key('n')], t0());
    assert!(app.quiz().unwrap().contest.is_some());
    send(&mut app, &mut store, &[code(KeyCode::Esc), key('y')], t0());
    assert!(app.quiz().unwrap().contest.is_none());
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
    assert!(store.contests().unwrap().is_empty());
}

#[test]
fn the_contest_fits_a_small_terminal() {
    let mut store = store_with_banks();
    let mut app = setup(&mut store, 40, 12);
    check_buffer(draw(&app, 40, 12).backend().buffer());
    send(
        &mut app,
        &mut store,
        &[code(KeyCode::Enter), code(KeyCode::Enter)],
        t0(),
    );
    let t = draw(&app, 40, 12);
    check_buffer(t.backend().buffer());
    insta::assert_snapshot!("contest_question_40x12", t.backend());
    // every question of the contest, up at 40×12: each of its options is on screen (a key
    // chooses it), however long the stem
    let mut seen = 0;
    while game(&app).phase != Phase::Over && seen < 40 {
        if let Some(it) = game(&app).item()
            && matches!(game(&app).phase, Phase::Asking { .. })
        {
            let n = match it.question.kind {
                xuexi::domain::quiz::Kind::Judge => 2,
                _ => it.question.options.len(),
            };
            let t = draw(&app, 40, 12);
            check_buffer(t.backend().buffer());
            let text = screen_text(&t);
            for k in 0..n {
                let letter = xuexi::domain::quiz::letter(k);
                assert!(
                    text.contains(&format!("{letter}. ")),
                    "option {letter}: {text}"
                );
            }
            seen += 1;
        }
        // on: a stake where asked, a buzz where open, an answer, Enter past the answer
        match game(&app).phase {
            Phase::Stake(_) => send(&mut app, &mut store, &[key('1')], t0()),
            Phase::Asking { player: None, .. } => send(&mut app, &mut store, &[key('z')], t0()),
            Phase::Asking { .. } => answer(&mut app, &mut store, true, t0()),
            _ => send(&mut app, &mut store, &[code(KeyCode::Enter)], t0()),
        }
    }
    assert!(seen >= 8, "went through the rounds: {seen}");
}

#[test]
fn the_contests_keys_work_in_the_real_binary() {
    use common::pty::{Ctty, PATIENCE};
    let e = common::cli::CliEnv::new();
    let mut pty = common::pty::app_in_pty(&e, Ctty::No, (80, 24));
    pty.keys("t");
    pty.wait_for("知识竞赛", PATIENCE);
    // the contest is the last but one entry
    pty.keys("Gk\r");
    pty.wait_for("抢答键：甲队 z · 乙队 m", PATIENCE);
    pty.keys("\r");
    pty.wait_for("第 1 轮 · 必答题", PATIENCE);
    pty.keys("\r");
    pty.wait_for("请 甲队 作答", PATIENCE);
    // 1 answers a 单选 or 判断 at once; a 多选 waits for Enter
    let answer = |pty: &mut common::pty::Pty, k: &str| {
        pty.keys(k);
        pty.pump(std::time::Duration::from_millis(500));
        if !pty.contents().contains("正确答案") {
            pty.keys("\r");
        }
        pty.wait_for("正确答案", PATIENCE);
    };
    answer(&mut pty, "1");
    assert!(pty.contents().contains("甲队 答"), "{}", pty.contents());
    // on through 必答 to the buzz round
    for _ in 0..3 {
        pty.keys("\r");
        pty.wait_for("作答", PATIENCE);
        answer(&mut pty, "2");
    }
    pty.keys("\r");
    pty.wait_for("第 2 轮 · 抢答题", PATIENCE);
    pty.keys("\r");
    pty.wait_for("抢答！", PATIENCE);
    pty.keys("m");
    pty.wait_for("请 乙队 作答", PATIENCE);
    // Esc asks before ending a contest under way; y ends it
    pty.keys("\x1b");
    pty.wait_for("结束这场比赛", PATIENCE);
    pty.keys("y");
    pty.wait_for("知识竞赛（一台电脑", PATIENCE);
    pty.keys("q");
    let _ = pty.child.wait();
}
