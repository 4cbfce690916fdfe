//! The shell's promises about loads and writes: a load comes back only to a screen still
//! open; a write a screen gives on its way out is always returned.

use jiff::Timestamp;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};

use super::{App, Effect, ScreenKind};
use crate::i18n::{Lang, Strings};

fn app() -> App {
    let mut app = App::new(Strings::load(Lang::ZhCn), Vec::new(), 300);
    app.resize(80, 24);
    app
}

fn now() -> Timestamp {
    Timestamp::from_second(1_800_000_000).unwrap_or(Timestamp::UNIX_EPOCH)
}

fn press(app: &mut App, code: KeyCode) -> Vec<Effect> {
    app.handle(&Event::Key(KeyEvent::new(code, KeyModifiers::NONE)), now())
}

fn today() -> jiff::civil::Date {
    jiff::civil::date(2026, 12, 7)
}

#[test]
fn plans_loaded_after_the_member_left_plans_do_not_bring_plans_back() {
    let mut app = app();
    let fx = app.open_plans(now());
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadPlans)));
    assert_eq!(app.screen_kind(), ScreenKind::Plans);
    // Esc before the plans came back
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    app.plans_loaded(Vec::new(), Default::default(), today());
    assert_eq!(
        app.screen_kind(),
        ScreenKind::Library,
        "still on the library"
    );
    assert!(app.plans().is_none(), "no plans state brought back");
    // opened again, the screen asks anew and the late load did not land in it
    let fx = app.open_plans(now());
    assert!(fx.iter().any(|e| matches!(e, Effect::LoadPlans)));
    assert_eq!(app.plans().and_then(|v| v.today), None);
    app.plans_loaded(Vec::new(), Default::default(), today());
    assert_eq!(app.plans().and_then(|v| v.today), Some(today()));
}

#[test]
fn notes_and_search_results_for_a_screen_gone_are_dropped() {
    let mut app = app();
    app.open_notes(now());
    press(&mut app, KeyCode::Esc);
    app.notes_loaded(Vec::new());
    assert!(app.notes().is_none());
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    app.open_search(now());
    press(&mut app, KeyCode::Esc);
    app.search_results("冬训".into(), Ok(Vec::new()));
    assert!(app.search().is_none());
    assert_eq!(app.screen_kind(), ScreenKind::Library);
}

#[test]
fn a_write_given_while_leaving_a_screen_is_still_returned() {
    let mut app = app();
    app.show_welcome(true);
    assert_eq!(app.screen_kind(), ScreenKind::Welcome);
    for c in "张三".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let fx = press(&mut app, KeyCode::Enter);
    assert_eq!(
        app.screen_kind(),
        ScreenKind::Library,
        "the welcome has gone"
    );
    assert!(app.welcome().is_none());
    assert!(
        fx.iter().any(|e| matches!(
            e,
            Effect::Welcomed { first: true, name: Some(n) } if n == "张三"
        )),
        "the name is still saved: {fx:?}"
    );
}

#[test]
fn the_reader_opened_from_a_screen_goes_back_to_it() {
    let mut app = app();
    app.open_notes(now());
    app.stack.push(super::Screen::Reader);
    assert_eq!(app.reader_from(), Some(ScreenKind::Notes));
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen_kind(), ScreenKind::Notes);
    assert_eq!(app.reader_from(), None);
}

#[test]
fn the_review_cards_loaded_after_the_quiz_was_left_do_not_bring_it_back() {
    let mut app = app();
    app.command(super::keys::Command::Quiz, now());
    assert_eq!(app.screen_kind(), ScreenKind::Quiz);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    app.cards_loaded(Vec::new(), today());
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    assert!(app.quiz().is_some_and(|q| q.cards.is_none()));
    // asked for on the quiz screen, they come
    app.command(super::keys::Command::Quiz, now());
    app.cards_loaded(Vec::new(), today());
    assert!(app.quiz().is_some_and(|q| q.cards.is_some()));
}

#[test]
fn back_from_a_reader_opened_from_plans_gives_the_wide_library_its_keys() {
    let mut app = App::new(Strings::load(Lang::ZhCn), Vec::new(), 300);
    app.resize(160, 45);
    assert!(app.wide());
    app.open_plans(now());
    // Enter on a plan item: the reader over the plans (as open_from leaves it)
    app.stack.push(super::Screen::Reader);
    app.library.focus = super::Focus::Reader;
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen_kind(), ScreenKind::Plans);
    press(&mut app, KeyCode::Esc);
    assert_eq!(app.screen_kind(), ScreenKind::Library);
    assert!(app.library.reader.is_none());
    assert_eq!(
        app.context(),
        super::keys::Context::Library,
        "the library's keys, not the reader's over an empty pane"
    );
}
