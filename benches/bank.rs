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
    xlsx(c);
}

/// A 5,000-question workbook (the same generated questions, written by rust_xlsxwriter as a
/// trainer's spreadsheet program would): read, told by content, parsed and checked.
fn xlsx(c: &mut Criterion) {
    let csv = corpus::bank_csv(5_000, 2020);
    let rows = csv_rows(Path::new("bank.csv"), csv.as_bytes()).unwrap();
    let mut wb = rust_xlsxwriter::Workbook::new();
    let sheet = wb.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (col, v) in row.iter().enumerate() {
            if !v.is_empty() {
                sheet.write_string(r as u32, col as u16, v).unwrap();
            }
        }
    }
    let bytes = wb.save_to_buffer().unwrap();
    eprintln!(
        "bank: 5,000 questions, {:.1} MB of xlsx",
        bytes.len() as f64 / 1e6
    );
    let path = Path::new("bank.xlsx");
    let opts = xuexi::import::bank::TableOptions {
        id: Some("gen".into()),
        ..Default::default()
    };
    let load = || xuexi::import::bank::load_bank(path, &bytes, &opts, &|_| true).unwrap();
    assert_eq!(load().questions.len(), 5_000);
    let mut g = c.benchmark_group("5000-question xlsx");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    g.bench_function(
        "bank check (unzip, read the sheet, parse, every check)",
        |b| b.iter(load),
    );
    g.finish();
}

criterion_group!(bank, benches);
criterion_main!(bank);
