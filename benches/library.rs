//! The library at the size of a national archive: 100,000 materials in 20 columns. Moving the
//! selection one row and a screenful, typing a letter into the filter, and drawing the frame
//! (each must stay well inside a frame's time, 16 ms).

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use xuexi::app::App;
use xuexi::domain::material::{Meta, Origin, Progress, Summary};
use xuexi::i18n::{Lang, Strings};
use xuexi::ui::{self, Theme};

const N: usize = 100_000;

fn library() -> Vec<Summary> {
    (0..N)
        .map(|i| Summary {
            meta: Meta {
                id: format!("gen-{i:06}"),
                title: format!("第{i}篇 疫情防控中的基层党建工作经验"),
                column: format!("栏目{}", i % 20),
                source: "生成语料".into(),
                date: Some(format!("2020-{:02}-{:02}", i % 12 + 1, i % 28 + 1)),
                ..Meta::default()
            },
            origin: Origin::User,
            chars: 5000,
            in_bundle: true,
            progress: Progress::default(),
        })
        .collect()
}

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

fn benches(c: &mut Criterion) {
    let now = Timestamp::UNIX_EPOCH;
    let mut app = App::new(Strings::load(Lang::ZhCn), library(), 300);
    app.resize(80, 24);
    let theme = Theme::fallback(true);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let mut down = true;
    c.bench_function("100k library: one row down or up (key)", |b| {
        b.iter(|| {
            down = !down;
            let k = if down { KeyCode::Down } else { KeyCode::Up };
            app.handle(&key(k), now);
        })
    });
    c.bench_function("100k library: a screenful down (key)", |b| {
        b.iter(|| {
            if app.library.selected + 100 > N {
                app.handle(&key(KeyCode::Home), now);
            }
            app.handle(&key(KeyCode::PageDown), now);
        })
    });
    app.handle(&key(KeyCode::End), now);
    c.bench_function("100k library: frame at the end (80x24)", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::render(f, &app, &theme)).unwrap();
        })
    });
    app.handle(&key(KeyCode::Char('f')), now);
    app.handle(&key(KeyCode::Char('第')), now);
    let mut add = true;
    c.bench_function(
        "100k library: a character typed into the filter, or erased",
        |b| {
            b.iter(|| {
                add = !add;
                let k = if add {
                    KeyCode::Char('9')
                } else {
                    KeyCode::Backspace
                };
                app.handle(&key(k), now);
            })
        },
    );
}

criterion_group! {
    name = group;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(group);
