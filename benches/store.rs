//! Store benchmarks with 5,000 generated materials (about 25 MB): import into a fresh
//! database, the start-up sync when nothing changed, and start-up to the first frame.

#[path = "support/corpus.rs"]
mod corpus;

use std::borrow::Cow;
use std::path::Path;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use jiff::Timestamp;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use sha2::{Digest, Sha256};
use xuexi::app::App;
use xuexi::i18n::{Lang, Strings};
use xuexi::import::material::parse_material;
use xuexi::store::{BundledFile, Store};
use xuexi::text::hex as materials_hex;
use xuexi::ui::{self, Theme};

const N: usize = 5000;
const BYTES: usize = 5000;

fn bundled(files: &[(String, String)]) -> Vec<BundledFile<'_>> {
    // the hashes are computed at build time for the real bundle (rust-embed), so here too
    files
        .iter()
        .map(|(name, text)| BundledFile {
            name: name.clone(),
            hash: materials_hex(&Sha256::digest(text.as_bytes())),
            bytes: Cow::Borrowed(text.as_bytes()),
        })
        .collect()
}

fn sync(store: &mut Store, files: &[BundledFile<'_>]) -> xuexi::store::SyncReport {
    store
        .sync_bundled(files, Timestamp::UNIX_EPOCH, |f| {
            xuexi::import::material::parse_material_bytes(Path::new(&f.name), &f.bytes)
        })
        .unwrap()
}

fn benches(c: &mut Criterion) {
    let corpus = corpus::materials(N, BYTES, 2026);
    let total: usize = corpus.iter().map(|(_, t)| t.len()).sum();
    eprintln!("corpus: {N} materials, {:.1} MB", total as f64 / 1e6);

    let mut g = c.benchmark_group("5000 materials");
    g.sample_size(10).measurement_time(Duration::from_secs(30));
    g.bench_function(
        "import into a fresh database (parse + one transaction)",
        |b| {
            b.iter_batched(
                || {
                    let dir = tempfile::tempdir().unwrap();
                    let store = Store::open(&dir.path().join("xuexi.db")).unwrap();
                    (dir, store)
                },
                |(dir, mut store)| {
                    let items: Vec<_> = corpus
                        .iter()
                        .map(|(name, text)| {
                            let m = parse_material(Path::new(name), text).unwrap();
                            (m, materials_hex(&Sha256::digest(text.as_bytes())))
                        })
                        .collect();
                    store.import_user(&items, Timestamp::UNIX_EPOCH).unwrap();
                    drop(store);
                    dir
                },
                BatchSize::PerIteration,
            )
        },
    );

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("xuexi.db");
    let files = bundled(&corpus);
    {
        let mut store = Store::open(&path).unwrap();
        let r = sync(&mut store, &files);
        assert_eq!(r.added, N);
    }
    g.bench_function("start-up sync, nothing changed", |b| {
        let mut store = Store::open(&path).unwrap();
        b.iter(|| {
            let r = sync(&mut store, &files);
            assert_eq!(r.unchanged, N);
        })
    });
    g.bench_function(
        "start-up sync, nothing changed, no fingerprint (hash per file)",
        |b| {
            let mut store = Store::open(&path).unwrap();
            b.iter(|| {
                store.conn().execute("DELETE FROM meta", []).unwrap();
                let r = sync(&mut store, &files);
                assert_eq!(r.unchanged, N);
            })
        },
    );
    g.bench_function(
        "start-up to first frame (open, sync, list, draw 80x24)",
        |b| {
            let theme = Theme::fallback(true);
            b.iter(|| {
                let mut store = Store::open(&path).unwrap();
                sync(&mut store, &files);
                let items = store.list_materials().unwrap();
                let mut app = App::new(Strings::load(Lang::ZhCn), items, 300);
                app.resize(80, 24);
                let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
                terminal.draw(|f| ui::render(f, &app, &theme)).unwrap();
            })
        },
    );
    g.finish();
}

criterion_group!(store, benches);
criterion_main!(store);
