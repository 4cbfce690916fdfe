//! Quiz bank benchmarks: checking and importing a generated 10,000-question CSV.

#[path = "support/corpus.rs"]
mod corpus;

use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use xuexi::import::bank_table::{bank_from_rows, csv_rows};
use xuexi::store::Store;

fn benches(c: &mut Criterion) {
    let csv = corpus::bank_csv(10_000, 2020);
    eprintln!(
        "bank: 10,000 questions, {:.1} MB of CSV",
        csv.len() as f64 / 1e6
    );
    let path = Path::new("bank.csv");
    let check = || {
        let rows = csv_rows(path, csv.as_bytes()).unwrap();
        bank_from_rows(path, &rows, "gen", "生成题库", &|_| true).unwrap()
    };
    assert_eq!(check().questions.len(), 10_000);
    let mut g = c.benchmark_group("10000-question CSV");
    g.sample_size(10).measurement_time(Duration::from_secs(15));
    g.bench_function("bank check (read, parse, every check)", |b| b.iter(check));
    g.bench_function(
        "bank import into a fresh database (check + one transaction)",
        |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let store = Store::open(&dir.path().join("xuexi.db")).unwrap();
                    (dir, store)
                },
                |(dir, mut store)| {
                    let bank = check();
                    store
                        .import_banks(
                            &[(bank, "h".into(), "bank.csv".into())],
                            Timestamp::UNIX_EPOCH,
                        )
                        .unwrap();
                    drop(store);
                    dir
                },
                BatchSize::PerIteration,
            )
        },
    );
    g.finish();
}

criterion_group!(bank, benches);
criterion_main!(bank);
