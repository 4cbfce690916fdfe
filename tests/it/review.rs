//! Long-term review (复习): the grade line on the feedback screen and its keys, the cards the
//! answers make, the review session drawing what is due within the day's limit.

use crate::common;

use common::quiz::{UTC, practice, run_of};
use common::*;
use jiff::{SignedDuration, Timestamp};
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::app::quiz::{Phase, Start};
use xuexi::app::{App, Effect, ScreenKind};
use xuexi::domain::review::Recall;
use xuexi::domain::session::Mode;
use xuexi::i18n::Lang;
use xuexi::store::Store;

/// A practice session started at t0 on a `w`×`h` screen.
fn practising(w: u16, h: u16) -> (Store, App) {
    let mut store = store_with_banks();
    let mut app = common::app(&store, Lang::ZhCn, w, h);
    xuexi::tui::apply(
        &mut app,
        &mut store,
        vec![Effect::StartQuiz(practice())],
        t0(),
    );
    (store, app)
}

/// Keys that answer the current question rightly (or wrongly).
fn answer_keys(app: &App, right: bool) -> Vec<Event> {
    let run = run_of(app);
    let item = &run.session.items[run.current];
    match &item.question.answer {
        xuexi::domain::quiz::Answer::Sealed => unreachable!("no sealed bank in this test"),
        xuexi::domain::quiz::Answer::Choice(set) => {
            let shown = item.shown(set);
            let k = if right {
                shown[0]
            } else {
                (0..4).find(|k| !shown.contains(k)).unwrap()
            };
            let mut v = if right {
                shown
                    .iter()
                    .map(|k| key((b'1' + *k as u8) as char))
                    .collect()
            } else {
                vec![key((b'1' + k as u8) as char)]
            };
            v.push(code(KeyCode::Enter));
            v
        }
        xuexi::domain::quiz::Answer::Judge(b) => {
            vec![
                key(if *b == right { 't' } else { 'f' }),
                code(KeyCode::Enter),
            ]
        }
        xuexi::domain::quiz::Answer::Fill(blanks) => {
            let mut v = Vec::new();
            for (i, alts) in blanks.iter().enumerate() {
                if i > 0 {
                    v.push(code(KeyCode::Tab));
                }
                let text = if right { alts[0].clone() } else { "错".into() };
                v.extend(text.chars().map(key));
            }
            v.push(code(KeyCode::Enter));
            v
        }
    }
}

fn card_of(store: &Store, app: &App) -> xuexi::store::ReviewRow {
    let run = run_of(app);
    let q = &run.session.items[run.current].question.id;
    store
        .review_rows()
        .unwrap()
        .into_iter()
        .find(|r| &r.question == q)
        .expect("the answered question has a card")
}

#[test]
fn the_feedback_screen_offers_the_four_grades_and_a_key_changes_the_schedule() {
    for (w, h) in [(80, 24), (40, 12)] {
        let (mut store, mut app) = practising(w, h);
        assert_eq!(app.screen_kind(), ScreenKind::Quiz);
        let keys = answer_keys(&app, true);
        // twelve seconds on it: right, neither quick nor slow for most kinds
        send(
            &mut app,
            &mut store,
            &keys,
            t0() + SignedDuration::from_secs(12),
        );
        assert!(matches!(run_of(&app).phase, Phase::Feedback(_)));
        let rated = run_of(&app).rated.clone().expect("a graded answer");
        let text = screen_text(&draw(&app, w, h));
        let flat: String = text.split('\n').map(str::trim_end).collect();
        assert!(flat.contains("下次复习"), "{w}x{h}: {text}");
        let in_force = format!("[{} ", rated.recall.number());
        assert!(
            flat.contains(&in_force),
            "{w}x{h}: the default bracketed: {text}"
        );
        if w == 80 {
            assert!(
                text.contains("记忆评分"),
                "the hint bar names the keys: {text}"
            );
            insta::assert_snapshot!("feedback_grades_80x24", draw(&app, 80, 24).backend());
        }
        let default_due = card_of(&store, &app).due;
        // 1: 忘了 — sooner; the card is still one review
        send(
            &mut app,
            &mut store,
            &[key('1')],
            t0() + SignedDuration::from_secs(13),
        );
        let card = card_of(&store, &app);
        assert_eq!(card.recall, Recall::Again);
        assert_eq!(card.reps, 1);
        assert!(card.due <= default_due, "{card:?}");
        let flat: String = screen_text(&draw(&app, w, h))
            .split('\n')
            .map(str::trim_end)
            .collect();
        assert!(flat.contains("[1 忘了"), "{w}x{h}: {flat}");
        // 4: 简单 — later than 忘了
        send(
            &mut app,
            &mut store,
            &[key('4')],
            t0() + SignedDuration::from_secs(14),
        );
        let easy = card_of(&store, &app);
        assert!(easy.due > card.due && easy.recall == Recall::Easy);
        // on to the next question: no grade line until it is answered
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        assert!(run_of(&app).rated.is_none());
        assert!(!app.facts().rated);
    }
}

#[test]
fn what_is_due_comes_back_in_the_review_within_the_days_limit() {
    let (mut store, mut app) = practising(80, 24);
    // three questions answered right (nothing in the wrong-answer book)
    for _ in 0..3 {
        let keys = answer_keys(&app, true);
        send(&mut app, &mut store, &keys, t0());
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    }
    assert_eq!(store.book_size().unwrap(), 0);
    let rows = store.review_rows().unwrap();
    assert_eq!(rows.len(), 3);
    let today = "2026-11-28";
    assert!(store.review_today(today, 20).unwrap().is_empty());
    // on the latest due day all three are due; a limit of two asks two
    let last = rows.iter().map(|r| r.due).max().unwrap();
    let then: Timestamp = format!("{last}T08:00:00Z").parse().unwrap();
    let menu = xuexi::service::quiz::menu(
        &store,
        &xuexi::i18n::Strings::load(Lang::ZhCn),
        then,
        &UTC,
        2,
    )
    .unwrap();
    let entry = menu
        .iter()
        .find(|m| m.start == Some(Start::Review))
        .unwrap();
    assert!(entry.label.contains("今日 2 题"), "{}", entry.label);
    let (session, day) =
        xuexi::service::quiz::start(&mut store, &Start::Review, then, &UTC, 2).unwrap();
    assert_eq!((session.mode, session.len()), (Mode::Review, 2));
    assert!(
        session.cards.iter().all(Option::is_some),
        "their cards came along"
    );
    // answered in the review, they count against the day: one left of a limit of three
    for (i, item) in session.items.iter().enumerate() {
        let a = common::answer(
            session.attempt,
            i,
            &item.bank,
            &item.question.id,
            &xuexi::domain::quiz::Response::Judge(true),
            true,
            1.0,
            10,
            true,
            &day,
        );
        store.save_answer(&a, then).unwrap();
    }
    assert_eq!(store.reviewed_on(&day).unwrap(), 2);
    assert_eq!(store.review_today(&day, 3).unwrap().len(), 1);
    assert!(
        xuexi::service::quiz::start(&mut store, &Start::Review, then, &UTC, 2).is_err(),
        "the day's limit is reached"
    );
}

#[test]
fn the_stats_screen_says_what_falls_due_tomorrow() {
    let (mut store, mut app) = practising(80, 24);
    // one wrong (忘了: back tomorrow), one right and graded 4 简单 (not tomorrow)
    let wrong = answer_keys(&app, false);
    send(&mut app, &mut store, &wrong, t0());
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    let right = answer_keys(&app, true);
    send(&mut app, &mut store, &right, t0());
    send(
        &mut app,
        &mut store,
        &[key('4'), code(KeyCode::Esc), code(KeyCode::Esc)],
        t0(),
    );
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    send(&mut app, &mut store, &[key('s')], t0());
    assert_eq!(app.screen_kind(), ScreenKind::Stats);
    let text = screen_text(&draw(&app, 80, 24));
    // the wrong one is in the book, due today; the 忘了 card falls due tomorrow too
    assert!(text.contains("复习 今日 1 题 · 明天到期 1 题"), "{text}");
}

/// Two questions answered in practice, the first wrong; back on the quiz menu.
fn two_answered(store: &mut Store, w: u16, h: u16) -> App {
    let mut app = common::app(store, Lang::ZhCn, w, h);
    xuexi::tui::apply(&mut app, store, vec![Effect::StartQuiz(practice())], t0());
    let wrong = answer_keys(&app, false);
    send(&mut app, store, &wrong, t0());
    send(&mut app, store, &[code(KeyCode::Enter)], t0());
    let right = answer_keys(&app, true);
    send(&mut app, store, &right, t0());
    send(&mut app, store, &[code(KeyCode::Esc)], t0());
    assert!(app.quiz().unwrap().run.is_none(), "on the menu");
    app
}

#[test]
fn the_review_browser_lists_filters_suspends_deletes_and_opens_the_source() {
    let mut store = store_with_banks();
    let mut app = two_answered(&mut store, 80, 24);
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("b 错题/复习本"),
        "the menu's hint bar: {text}"
    );
    send(&mut app, &mut store, &[key('b')], t0());
    let v = app.quiz().unwrap().cards.as_ref().expect("the browser");
    assert_eq!(v.rows.len(), 2);
    let text = screen_text(&draw(&app, 80, 24));
    assert!(
        text.contains("错题/复习本 · 2 题 · 到期 1 题 · 今日复习 1 题"),
        "the wrong one is due: {text}"
    );
    assert!(text.contains("[错题本]"), "the wrong one is marked: {text}");
    for label in ["打开原文", "/ 筛选", "暂停/恢复", "删除", "返回"] {
        assert!(text.contains(label), "hint `{label}`: {text}");
    }
    insta::assert_snapshot!("cards_80x24", draw(&app, 80, 24).backend());
    // filter as you type: a few characters of the second stem leave only it
    let rows = store.review_rows().unwrap();
    let second: String = rows[1]
        .stem
        .chars()
        .filter(|c| !c.is_ascii_punctuation())
        .take(4)
        .collect();
    let first_also = rows[0].stem.contains(&second);
    let mut keys = vec![key('/')];
    keys.extend(second.chars().map(key));
    send(&mut app, &mut store, &keys, t0());
    let v = app.quiz().unwrap().cards.as_ref().unwrap();
    assert_eq!(v.shown.len(), if first_also { 2 } else { 1 }, "{second}");
    assert!(screen_text(&draw(&app, 80, 24)).contains("筛选："));
    // Esc clears it
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert_eq!(app.quiz().unwrap().cards.as_ref().unwrap().shown.len(), 2);
    // s suspends the selected (kept across a reload), s again resumes
    let sel = app
        .quiz()
        .unwrap()
        .cards
        .as_ref()
        .unwrap()
        .current()
        .unwrap()
        .clone();
    send(&mut app, &mut store, &[key('s')], t0());
    let stored = store.review_rows().unwrap();
    assert!(
        stored
            .iter()
            .find(|r| r.question == sel.question)
            .unwrap()
            .suspended
    );
    assert!(screen_text(&draw(&app, 80, 24)).contains("已暂停"));
    send(&mut app, &mut store, &[key('s')], t0());
    assert!(!store.review_rows().unwrap().iter().any(|r| r.suspended));
    // d asks; n keeps, y deletes it (and its place in the wrong-answer book)
    send(&mut app, &mut store, &[key('d')], t0());
    assert!(screen_text(&draw(&app, 80, 24)).contains("移出复习"));
    send(&mut app, &mut store, &[key('n')], t0());
    assert_eq!(store.review_rows().unwrap().len(), 2);
    send(&mut app, &mut store, &[key('d'), key('y')], t0());
    let left = store.review_rows().unwrap();
    assert_eq!(left.len(), 1);
    assert!(left.iter().all(|r| r.question != sel.question));
    assert_eq!(app.quiz().unwrap().cards.as_ref().unwrap().rows.len(), 1);
    // Enter opens the source in the reader; Esc comes back to the quiz screen
    let has_source = left[0].material.is_some();
    send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    if has_source {
        assert_eq!(app.screen_kind(), ScreenKind::Reader);
        send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    }
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
    // Esc leaves the browser for the menu
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    assert!(app.quiz().unwrap().cards.is_none());
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
}

#[test]
fn the_review_browser_fits_a_small_terminal_and_says_when_it_is_empty() {
    let mut store = store_with_banks();
    let mut app = two_answered(&mut store, 40, 12);
    send(&mut app, &mut store, &[key('b')], t0());
    let t = draw(&app, 40, 12);
    check_buffer(t.backend().buffer());
    insta::assert_snapshot!("cards_40x12", t.backend());
    // the title keeps its name and today's review whole (今日复习 was cut at 40 columns)
    let title = screen_text(&t).lines().next().unwrap_or("").to_string();
    assert!(
        title.contains("错题/复习本") && title.contains("今日复习 1 题"),
        "{title}"
    );
    // nobody has answered anything: the browser says what it is for
    let mut store = store_with_banks();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    send(&mut app, &mut store, &[key('t'), key('b')], t0());
    let text = screen_text(&draw(&app, 80, 24));
    assert!(text.contains("还没有答过的题"), "{text}");
}

fn cloze_of(app: &App) -> &xuexi::app::cloze::ClozeInput {
    match app.overlay.as_ref() {
        Some(xuexi::app::Overlay::Cloze(c)) => c,
        _ => panic!("the card box is open"),
    }
}

#[test]
fn a_card_from_the_text_joins_the_members_bank_and_todays_review() {
    for (w, h) in [(80, 24), (40, 12)] {
        let mut store = store_with_banks();
        let mut app = common::app(&store, Lang::ZhCn, w, h);
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        assert_eq!(app.screen_kind(), ScreenKind::Reader);
        send(&mut app, &mut store, &[key('c')], t0());
        let c = cloze_of(&app);
        assert!(!c.sentences.is_empty());
        // the second sentence, if there is one; a word of it that is not punctuation
        let go_down = c.sentences.len() > 1;
        if go_down {
            send(&mut app, &mut store, &[code(KeyCode::Down)], t0());
        }
        let sentence = cloze_of(&app).sentences[cloze_of(&app).selected].clone();
        let word: String = sentence
            .chars()
            .filter(|c| !c.is_ascii() && !"，。、“”：；！？（）《》".contains(*c))
            .take(2)
            .collect();
        // a word the sentence does not hold is refused, the box stays
        send(
            &mut app,
            &mut store,
            &"鲸鱼".chars().map(key).collect::<Vec<_>>(),
            t0(),
        );
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .contains("这句话里没有「鲸鱼」")
        );
        assert!(matches!(app.overlay, Some(xuexi::app::Overlay::Cloze(_))));
        // Ctrl-U clears it; the word typed shows the question it makes
        send(&mut app, &mut store, &[ctrl('u')], t0());
        send(
            &mut app,
            &mut store,
            &word.chars().map(key).collect::<Vec<_>>(),
            t0(),
        );
        let text = screen_text(&draw(&app, w, h));
        assert!(
            text.contains("（　）") || w < 60,
            "the question as it will be: {text}"
        );
        if w == 80 {
            insta::assert_snapshot!("cloze_80x24", draw(&app, 80, 24).backend());
        }
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        assert!(app.overlay.is_none(), "made: the box closes");
        assert!(
            app.message
                .as_ref()
                .unwrap()
                .text
                .contains("已加入「我的挖空题」")
        );
        let bank = store.bank("my-cards").unwrap();
        assert_eq!(bank.questions.len(), 1);
        let q = &bank.questions[0];
        assert_eq!(q.id, "c1");
        assert!(
            q.stem.contains("（　）") && !q.stem.contains(&word),
            "{}",
            q.stem
        );
        assert_eq!(
            q.material.as_deref(),
            Some(app.library.reader.as_ref().unwrap().id())
        );
        // due in today's review, and a second card gets the next id
        assert!(
            store
                .review_today("2026-11-28", 20)
                .unwrap()
                .contains(&("my-cards".to_string(), "c1".to_string()))
        );
        send(&mut app, &mut store, &[key('c')], t0());
        send(
            &mut app,
            &mut store,
            &word.chars().map(key).collect::<Vec<_>>(),
            t0(),
        );
        if go_down {
            send(&mut app, &mut store, &[code(KeyCode::Down)], t0());
        }
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
        let ids: Vec<String> = store
            .bank("my-cards")
            .unwrap()
            .questions
            .iter()
            .map(|q| q.id.clone())
            .collect();
        assert_eq!(ids, ["c1", "c2"]);
        // Esc closes without making anything
        send(&mut app, &mut store, &[key('c'), code(KeyCode::Esc)], t0());
        assert!(app.overlay.is_none());
        if w == 80 {
            // in the browser: the bank by its title, no internal id (my-cards, c1), and a card
            // never reviewed has no last grade (it said 上次：记得)
            send(
                &mut app,
                &mut store,
                &[code(KeyCode::Esc), key('t'), key('b')],
                t0(),
            );
            let text = screen_text(&draw(&app, 80, 24));
            assert!(text.contains("题库：我的挖空题"), "{text}");
            assert!(text.contains("还没复习过"), "{text}");
            for id in ["my-cards", "c1", "上次"] {
                assert!(!text.contains(id), "{id}: {text}");
            }
            // the same figure for today's review as the menu's
            assert!(text.contains("到期 2 题 · 今日复习 2 题"), "{text}");
        }
    }
}

#[test]
fn a_hint_looked_at_is_remembered_when_the_session_is_left_and_resumed() {
    let mut store = store_with_banks();
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    xuexi::tui::apply(
        &mut app,
        &mut store,
        vec![Effect::StartQuiz(Start::Daily)],
        t0(),
    );
    // the first question with a hint: earlier ones answered
    while xuexi::domain::quiz::hint(&run_of(&app).session.items[run_of(&app).current].question)
        .is_none()
    {
        let keys = answer_keys(&app, true);
        send(&mut app, &mut store, &keys, t0());
        send(&mut app, &mut store, &[code(KeyCode::Enter)], t0());
    }
    let at = run_of(&app).current;
    send(&mut app, &mut store, &[code(KeyCode::F(3))], t0());
    // left before answering, and xuexi closed: a new app on the same database
    send(&mut app, &mut store, &[code(KeyCode::Esc)], t0());
    let mut app = common::app(&store, Lang::ZhCn, 80, 24);
    let later = t0() + SignedDuration::from_mins(5);
    xuexi::tui::apply(
        &mut app,
        &mut store,
        vec![Effect::StartQuiz(Start::Daily)],
        later,
    );
    assert_eq!(run_of(&app).current, at, "resumed at the question left");
    assert!(run_of(&app).session.hinted[at], "the hint is remembered");
    assert!(
        !screen_text(&draw(&app, 80, 24)).contains("F3 查看提示"),
        "not offered again"
    );
    let keys = answer_keys(&app, true);
    send(&mut app, &mut store, &keys, later);
    let hinted: i64 = store
        .conn()
        .query_row(
            "SELECT hinted FROM answers WHERE position = ?1 ORDER BY id DESC LIMIT 1",
            [at as i64],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(hinted, 1, "the answer after the hint earns no 积分");
}
