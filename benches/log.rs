//! Study-log benchmarks: exporting 100,000 events in each format (load from the store and
//! render), computing the stats, and drawing the stats screen over a year of daily study.

#[path = "support/corpus.rs"]
mod corpus;

use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use jiff::tz::TimeZone;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use xuexi::app::App;
use xuexi::config::Config;
use xuexi::domain::stats::{Period, PeriodKind, day_of};
use xuexi::export::Format;
use xuexi::i18n::{Lang, Strings};
use xuexi::service::report::{ExportRequest, Log, export_text};
use xuexi::store::Store;
use xuexi::ui::{self, Theme};

fn store_with(events: &[(Timestamp, xuexi::domain::log::Record)]) -> Store {
    let mut store = Store::open_in_memory().unwrap();
    xuexi::service::bootstrap::sync_bundled(&mut store, Timestamp::UNIX_EPOCH).unwrap();
    xuexi::service::bootstrap::sync_bundled_banks(&mut store, Timestamp::UNIX_EPOCH).unwrap();
    xuexi::service::bootstrap::sync_bundled_plans(&mut store, Timestamp::UNIX_EPOCH).unwrap();
    store.append_events(events).unwrap();
    store
}

fn benches(c: &mut Criterion) {
    let now: Timestamp = "2026-11-28T12:00:00Z".parse().unwrap();
    let tz = TimeZone::UTC;
    let mut config = Config::default();
    config.member.name = "张三".into();
    let strings = Strings::load(Lang::ZhCn);

    let store = store_with(&corpus::log_events(100_000, 365, now, 7));
    let mut g = c.benchmark_group("export 100,000 events");
    g.sample_size(10).measurement_time(Duration::from_secs(20));
    g.bench_function("load the log from the store", |b| {
        b.iter(|| Log::load(&store).unwrap())
    });
    for format in Format::ALL {
        g.bench_function(format!("load + {}", format.name()), |b| {
            b.iter(|| {
                let log = Log::load(&store).unwrap();
                let req = ExportRequest {
                    config: &config,
                    strings: &strings,
                    format,
                    from: None,
                    to: None,
                    now,
                    tz: &tz,
                };
                export_text(&log, &req).unwrap()
            })
        });
    }
    g.finish();

    // a year of daily study: a few reading checkpoints, answers and a session each day
    let year = store_with(&corpus::log_events(365 * 8, 365, now, 11));
    let log = Log::load(&year).unwrap();
    let today = day_of(now, &tz);
    let mut g = c.benchmark_group("stats over a year of daily events");
    g.bench_function("compute the figures (this year)", |b| {
        b.iter(|| log.stats(&config, &tz, today, Period::ending(PeriodKind::Year, today)))
    });
    let mut app = App::new(strings.clone(), year.list_materials().unwrap(), 300);
    app.tz = tz.clone();
    app.config = config.clone();
    app.resize(80, 24);
    let mut fx = app.open_stats(now);
    assert!(matches!(fx.pop(), Some(xuexi::app::Effect::LoadStats(_))));
    app.stats_loaded(log.stats(&config, &tz, today, Period::ending(PeriodKind::Week, today)));
    let theme = Theme::fallback(true);
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    g.bench_function("one stats frame, 80x24", |b| {
        b.iter(|| {
            terminal.draw(|f| ui::render(f, &app, &theme)).unwrap();
        })
    });
    g.finish();
}

criterion_group!(log, benches);
criterion_main!(log);
