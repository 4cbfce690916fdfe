//! Reader benchmarks: wrapping a 1 MB Chinese article, and drawing one frame at its top and at
//! its end (the frame must cost the same at both ends: only the visible lines are drawn); and
//! an article of the size limit (5 MB): opening it (read from the database, parsed, laid out)
//! and its frame.

#[path = "support/corpus.rs"]
mod corpus;
#[path = "../src/malloc.rs"]
mod malloc;

use std::hint::black_box;

use corpus::{Rng, prose};
use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use xuexi::app::App;
use xuexi::app::keys::Command;
use xuexi::domain::layout::layout;
use xuexi::domain::material::{Material, Meta};
use xuexi::i18n::{Lang, Strings};
use xuexi::markdown::parse_markdown;
use xuexi::store::Store;
use xuexi::ui::{self, Theme};

fn big_article(bytes: usize) -> String {
    // Chinese prose from the bundled newsletter's characters
    let pool: Vec<char> = corpus::materials(1, 64, 1)[0]
        .1
        .chars()
        .filter(|c| *c > '\u{2e80}')
        .collect();
    prose(&mut Rng::new(42), &pool, bytes)
}

fn reader_app(body: &str) -> (App, Store) {
    let mut store = Store::open_in_memory().unwrap();
    let m = Material {
        meta: Meta {
            id: "big".into(),
            title: "一篇一兆字节的长文".into(),
            column: "测试".into(),
            ..Default::default()
        },
        body: body.to_string(),
    };
    let now = Timestamp::UNIX_EPOCH;
    store.import_user(&[(m, "h".into())], now).unwrap();
    let mut app = App::new(
        Strings::load(Lang::ZhCn),
        store.list_materials().unwrap(),
        300,
    );
    app.resize(80, 24);
    let fx = app.command(Command::Open, now);
    xuexi::tui::apply(&mut app, &mut store, fx, now);
    (app, store)
}

fn benches(c: &mut Criterion) {
    // as the app allocates: its layout's two threads meet the same arena locks (with one
    // arena, a 5 MB article's layout took 98 ms in the app and 38 ms here)
    malloc::two_malloc_arenas();
    let body = big_article(1024 * 1024);
    let doc = parse_markdown(&body);
    eprintln!(
        "article: {} bytes, {} characters, {} blocks",
        body.len(),
        body.chars().count(),
        doc.blocks.len()
    );
    c.bench_function("wrap 1 MB article at 80 columns", |b| {
        b.iter(|| black_box(layout(black_box(&doc), 76)))
    });
    c.bench_function("parse 1 MB article (Markdown)", |b| {
        b.iter(|| black_box(parse_markdown(black_box(&body))))
    });

    let (mut app, _store) = reader_app(&body);
    let theme = Theme::fallback(true);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    let now = Timestamp::UNIX_EPOCH;
    let _ = app.command(Command::Top, now);
    c.bench_function("reader frame at the top (80x24)", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::render(f, &app, &theme)).unwrap();
        })
    });
    let _ = app.command(Command::Bottom, now);
    let r = app.library.reader.as_ref().unwrap();
    eprintln!("laid out: {} lines; top at the end: {}", r.total(), r.top);
    c.bench_function("reader frame at the end (80x24)", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::render(f, &app, &theme)).unwrap();
        })
    });

    // the size limit: a 5 MB article (a little under, as a file of it must be)
    let limit = xuexi::import::material::MAX_FILE_BYTES as usize - 4096;
    let body = big_article(limit);
    eprintln!("article at the limit: {} bytes", body.len());
    let (mut app, mut store) = reader_app(&body);
    c.bench_function("open a 5 MB article (read, parse, lay out at 80x24)", |b| {
        b.iter(|| {
            let fx = vec![xuexi::app::Effect::Open(xuexi::app::Target::new("big"))];
            xuexi::tui::apply(&mut app, &mut store, fx, now);
        })
    });
    let _ = app.command(Command::Bottom, now);
    c.bench_function("5 MB article: frame at the end (80x24)", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::render(f, &app, &theme)).unwrap();
        })
    });
}

criterion_group! {
    name = reader;
    config = Criterion::default().sample_size(20);
    targets = benches
}
criterion_main!(reader);
