//! Any terminal size on any screen: 1x1, 20x5, zero height and 500 random resizes in a row
//! (each drawn) draw without a panic, every frame passes the frame checks (no control character, no wide
//! character cut or half covered, rows exactly as wide as the screen), and the last frame has
//! the last size.

/// (also runs the generator's own tests)
#[path = "../../benches/support/corpus.rs"]
mod corpus;

use crate::common;

use common::{draw, key, send, t0};
use ratatui::crossterm::event::{Event, KeyCode};
use xuexi::i18n::Lang;

#[test]
fn every_screen_survives_any_size() {
    let mut store = common::store();
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, t0()).unwrap();
    xuexi::service::bootstrap::sync_bundled_plans(&mut store, t0()).unwrap();
    let mut rng = xuexi::domain::rng::Rng::new(500);
    // the screens, reached by keys from the library
    let screens: Vec<Vec<Event>> = vec![
        vec![],
        vec![common::code(KeyCode::Enter)],
        vec![key('t')],
        vec![key('p')],
        vec![key('s')],
        vec![key('/'), key('学'), key('习')],
        vec![key('n')],
    ];
    for keys in &screens {
        let mut app = common::app(&store, Lang::ZhCn, 80, 24);
        send(&mut app, &mut store, keys, t0());
        // let a typed search run
        let fx = app.tick(t0() + jiff::SignedDuration::from_secs(1));
        xuexi::tui::apply(&mut app, &mut store, fx, t0());
        for (w, h) in [(1, 1), (20, 5), (80, 0), (0, 24), (0, 0)] {
            send(&mut app, &mut store, &[Event::Resize(w, h)], t0());
            draw(&app, w, h);
        }
        let (mut w, mut h) = (80, 24);
        for _ in 0..500 {
            w = rng.below(161) as u16;
            h = rng.below(51) as u16;
            send(&mut app, &mut store, &[Event::Resize(w, h)], t0());
            draw(&app, w, h);
        }
        let t = draw(&app, w, h);
        let area = t.backend().buffer().area;
        assert_eq!((area.width, area.height), (w, h), "{keys:?}");
        assert_eq!(app.size.width, w);
    }
}
