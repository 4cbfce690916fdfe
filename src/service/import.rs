//! Importing a trainer's or member's files — materials, quiz banks, study plans — through one
//! pipeline: collect the files, read each (bounded), parse it, check the ids (the same id twice
//! among the files, or an id the store refuses), and only when nothing is wrong, commit all of
//! them in one transaction. `check` runs the same pipeline without committing.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use crate::domain::plan::{Plan, PlanOrigin};
use crate::domain::quiz::Bank;
pub use crate::import::ImportError;
pub use crate::import::bank::TableOptions;
use crate::import::bank::{MAX_BANK_BYTES, load_bank_noting};
use crate::import::plan::{MAX_PLAN_BYTES, parse_plan};
use crate::import::{decode_utf8, msg, read_limited, sha256_hex};
use crate::store::{Store, StoreError};

/// A file that parsed: where it came from, what it gave, the hash of its bytes.
pub struct Parsed<T> {
    pub path: PathBuf,
    pub item: T,
    pub hash: String,
}

/// A set of files checked: everything that parsed, and every problem found in any of them.
pub struct Checked<T> {
    pub items: Vec<Parsed<T>>,
    pub errors: Vec<ImportError>,
    /// What was left out on request (`--skip-unsupported`): said, not an error.
    pub skipped: Vec<ImportError>,
}

impl<T> Checked<T> {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The steps every import shares: each file read (at most `max_bytes`) and parsed, then each
/// id checked against the other files and against `refused` (bundled ids, plans made in the
/// app). Every problem of every file is collected; none stops the others.
pub fn check_files<T>(
    files: &[PathBuf],
    max_bytes: u64,
    parse: impl Fn(&Path, &[u8]) -> Result<T, Vec<ImportError>>,
    id: impl Fn(&T) -> &str,
    refused: impl Fn(&Path, &T) -> Option<ImportError>,
) -> Checked<T> {
    let read = files
        .iter()
        .map(|f| (f.clone(), read_limited(f, max_bytes)))
        .collect();
    check_bytes(read, parse, id, refused)
}

/// [`check_files`] on files already read (a study pack's, from its zip): each named by the
/// path its messages give.
pub fn check_bytes<T>(
    files: Vec<(PathBuf, Result<Vec<u8>, ImportError>)>,
    parse: impl Fn(&Path, &[u8]) -> Result<T, Vec<ImportError>>,
    id: impl Fn(&T) -> &str,
    refused: impl Fn(&Path, &T) -> Option<ImportError>,
) -> Checked<T> {
    let mut out = Checked {
        items: Vec::new(),
        errors: Vec::new(),
        skipped: Vec::new(),
    };
    for (f, bytes) in files {
        let parsed = bytes
            .map_err(|e| vec![e])
            .and_then(|bytes| parse(&f, &bytes).map(|item| (item, sha256_hex(&bytes))));
        match parsed {
            Ok((item, hash)) => out.items.push(Parsed {
                path: f,
                item,
                hash,
            }),
            Err(mut e) => out.errors.append(&mut e),
        }
    }
    let mut seen = SeenIds::default();
    for p in &out.items {
        out.errors.extend(seen.again(id(&p.item), &p.path));
        if let Some(e) = refused(&p.path, &p.item) {
            out.errors.push(e);
        }
    }
    out
}

/// The ids the files gave so far (with the file, borrowed: a corpus of 100,000 is not copied
/// again): one given again is an error naming both files.
#[derive(Default)]
struct SeenIds<'a>(HashMap<String, &'a Path>);

impl<'a> SeenIds<'a> {
    fn again(&mut self, id: &str, path: &'a Path) -> Option<ImportError> {
        let first = self.0.insert(id.to_string(), path)?;
        Some(ImportError::DuplicateId {
            id: id.to_string(),
            first: first.to_path_buf(),
            second: path.to_path_buf(),
        })
    }
}

// --- study plans ---------------------------------------------------------------------------

/// Checks plan files: their references (materials, banks, papers) must exist in `store`.
pub fn check_plans(store: &Store, files: &[PathBuf]) -> anyhow::Result<Checked<Plan>> {
    let refs = super::bootstrap::plan_refs(store)?;
    let existing = store.list_plans()?;
    let mut checked = check_files(
        files,
        MAX_PLAN_BYTES,
        |f, bytes| {
            let text = decode_utf8(f, bytes).map_err(|e| vec![e])?;
            parse_plan(f, text, &refs)
        },
        |p| &p.id,
        |path, plan| {
            existing
                .iter()
                .find(|p| p.id == plan.id && p.origin != PlanOrigin::User)
                .map(|_| ImportError::file(path, msg("plan_id_taken").arg("id", &plan.id)))
        },
    );
    plan_ids::against_installed(store, &existing, &mut checked)?;
    Ok(checked)
}

pub(crate) mod plan_ids;

// the member's materials (`import/materials.rs`), under the paths they always had
mod materials;
pub use materials::{
    Imported, MaterialFiles, bundled_material_ids, collect_materials, import_material_files,
};

/// Imports checked plans in one transaction.
pub fn import_plans(store: &mut Store, checked: Checked<Plan>) -> Result<Vec<Plan>, StoreError> {
    let plans: Vec<(Plan, String)> = checked
        .items
        .into_iter()
        .map(|p| (p.item, p.hash))
        .collect();
    store.import_plans(&plans, jiff::Timestamp::now())?;
    Ok(plans.into_iter().map(|(p, _)| p).collect())
}

// --- quiz banks ----------------------------------------------------------------------------

/// Checks bank files (TOML, CSV, .xlsx…): the materials they cite must exist in `store`.
pub fn check_banks(
    store: &Store,
    files: &[PathBuf],
    opts: &TableOptions,
) -> Result<Checked<Bank>, StoreError> {
    let materials: Vec<String> = store
        .list_materials()?
        .into_iter()
        .map(|m| m.meta.id)
        .collect();
    let bundled = store.bundled_bank_ids()?;
    let mut checked = check_banks_against(&materials, &bundled, files, opts);
    keep_papers(store, &mut checked);
    Ok(checked)
}

/// A spreadsheet has no papers of its own unless it has a 试卷 sheet: re-importing one keeps
/// the papers the bank already had (from a TOML file, say) — or, when the new questions cannot
/// fill one, refuses and says which. Papers are never dropped silently.
fn keep_papers(store: &Store, checked: &mut Checked<Bank>) {
    for parsed in &mut checked.items {
        let is_toml = parsed
            .path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
        if is_toml || !parsed.item.papers.is_empty() {
            continue;
        }
        let Ok(old) = store.bank(&parsed.item.id) else {
            continue;
        };
        for paper in old.papers {
            let short: Vec<String> = paper
                .draw
                .iter()
                .filter_map(|&(kind, n)| {
                    let have = crate::domain::quiz::available(&parsed.item, &paper, kind);
                    (have < n).then(|| format!("{} {n} > {have}", kind.zh()))
                })
                .collect();
            if short.is_empty() {
                parsed.item.papers.push(paper);
            } else {
                checked.errors.push(ImportError::file(
                    &parsed.path,
                    msg("paper_cannot_keep")
                        .arg("bank", &parsed.item.id)
                        .arg("paper", &paper.id)
                        .arg("title", &paper.title)
                        .arg("short", short.join("，")),
                ));
            }
        }
    }
}

/// What `bank check` knows without writing the member's database: the materials and bank ids
/// of `store` when one can be read (opened read-only), else those bundled with xuexi.
pub fn known_ids(store: Option<&Store>) -> (Vec<String>, Vec<String>) {
    if let Some(store) = store
        && let (Ok(materials), Ok(banks)) = (store.list_materials(), store.bundled_bank_ids())
    {
        return (materials.into_iter().map(|m| m.meta.id).collect(), banks);
    }
    let materials = bundled_material_ids();
    let banks = bundled_banks().into_iter().map(|b| b.id).collect();
    (materials, banks)
}

/// The banks bundled with xuexi, read from the bundle.
pub fn bundled_banks() -> Vec<Bank> {
    crate::bundle::bank_files()
        .iter()
        .filter_map(|f| {
            let text = String::from_utf8_lossy(&f.bytes);
            crate::import::bank_toml::parse_bank_toml(Path::new(&f.name), &text, &|_| true).ok()
        })
        .collect()
}

/// `bank check`: checks bank files without writing the member's database (it is read, if it
/// can be, only to know the materials a bank may cite).
pub fn check_banks_read_only(db: &Path, files: &[PathBuf], opts: &TableOptions) -> Checked<Bank> {
    let store = if db.is_file() {
        Store::open_read_only(db).ok()
    } else {
        None
    };
    let (materials, bundled) = known_ids(store.as_ref());
    check_banks_against(&materials, &bundled, files, opts)
}

/// The bank files `paths` name: files as given, folders searched (not recursively) for
/// `.toml`, `.csv`, `.tsv`, `.txt`, `.xlsx`, `.xls` and `.ods`, in name order.
pub fn bank_files(paths: &[PathBuf]) -> Vec<PathBuf> {
    const EXTS: [&str; 9] = [
        "toml", "csv", "tsv", "txt", "gift", "json", "xlsx", "xls", "ods",
    ];
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .into_iter()
                .flatten()
                .flatten()
                .map(|e| e.path())
                .filter(|f| {
                    f.is_file()
                        && f.extension().is_some_and(|e| {
                            EXTS.contains(&e.to_string_lossy().to_ascii_lowercase().as_str())
                        })
                })
                .collect();
            found.sort();
            out.extend(found);
        } else {
            out.push(p.clone());
        }
    }
    out
}

/// Checks bank files against known material ids and the ids of the bundled banks.
pub fn check_banks_against(
    materials: &[String],
    bundled: &[String],
    files: &[PathBuf],
    opts: &TableOptions,
) -> Checked<Bank> {
    let exists = |id: &str| materials.iter().any(|m| m == id);
    let skipped = std::cell::RefCell::new(Vec::new());
    // `--id a --id b`: each file its own id, in order
    let per_file = |f: &Path| -> TableOptions {
        let mut o = opts.clone();
        if let Some(i) = files.iter().position(|x| x == f)
            && let Some(id) = opts.ids.get(i)
        {
            o.id = Some(id.clone());
        }
        o
    };
    let mut checked = check_files(
        files,
        MAX_BANK_BYTES,
        |f, bytes| {
            let mut s = Vec::new();
            let bank = load_bank_noting(f, bytes, &per_file(f), &exists, &mut s);
            skipped.borrow_mut().append(&mut s);
            bank
        },
        |b| &b.id,
        |path, bank| {
            bundled
                .contains(&bank.id)
                .then(|| ImportError::file(path, msg("bank_id_bundled").arg("id", &bank.id)))
        },
    );
    if opts.id.is_some() && files.len() > 1 {
        checked
            .errors
            .insert(0, ImportError::file(&files[1], msg("id_one_file")));
    }
    if !opts.ids.is_empty() && opts.ids.len() != files.len() {
        let at = files.first().map_or(Path::new("."), |f| f.as_path());
        checked.errors.insert(
            0,
            ImportError::file(
                at,
                msg("id_count")
                    .arg("ids", opts.ids.len())
                    .arg("files", files.len()),
            ),
        );
    }
    checked.skipped = skipped.into_inner();
    checked
}

/// Bank `id` as a file of `format` (`toml` or `csv`; `None` for any other): what import
/// reads back to the same bank.
pub fn export_bank(store: &Store, id: &str, format: &str) -> Result<Option<String>, StoreError> {
    let bank = store.bank(id)?;
    Ok(match format {
        "toml" => Some(crate::import::bank_toml::export_bank_toml(&bank)),
        "csv" => Some(crate::import::bank_table::export_bank_csv(&bank)),
        "txt" => Some(crate::import::bank_text::export_bank_text(&bank)),
        "gift" => Some(crate::import::bank_gift::export_bank_gift(&bank)),
        _ => None,
    })
}

/// A bank written as `format` (None for a format xuexi does not write): the text, the
/// papers' `<bank>-试卷.csv` for a CSV (import reads it back from beside the bank), and what
/// the format cannot carry, as the keys of its words (`lost_…`), so the trainer is told rather
/// than finding out on the next import.
pub struct BankExport {
    pub text: String,
    pub papers_csv: Option<String>,
    pub lost: Vec<&'static str>,
}

pub fn export_bank_full(
    store: &Store,
    id: &str,
    format: &str,
) -> Result<Option<BankExport>, StoreError> {
    let Some(text) = export_bank(store, id, format)? else {
        return Ok(None);
    };
    let bank = store.bank(id)?;
    let papers_csv = match format {
        "csv" => crate::import::bank_table::export_papers_csv(&bank),
        _ => None,
    };
    let mut lost = Vec::new();
    if format != "toml" {
        if !bank.papers.is_empty() && format != "csv" {
            lost.push("lost_papers");
        }
        if !bank.description.trim().is_empty() {
            lost.push("lost_description");
        }
        if bank.version.is_some() {
            lost.push("lost_version");
        }
    }
    // the Word-style text joins a stem's lines when it reads them back
    if format == "txt" && bank.questions.iter().any(|q| q.stem.contains('\n')) {
        lost.push("lost_line_breaks");
    }
    Ok(Some(BankExport {
        text,
        papers_csv,
        lost,
    }))
}

/// A question whose id was made from its text (a spreadsheet or text bank without 编号) keeps
/// the id the same question had before, when that was another: a bank imported by an older
/// xuexi gave row numbers (`r0002`), and members' answers and 错题本 entries are filed under
/// them. Matched by type and stem exactly; an edited stem is a new question.
fn keep_old_ids(bank: &mut Bank, old: &Bank) {
    let made_from_text = |id: &str| {
        id.len() == 11 && id.starts_with('c') && id[1..].chars().all(|c| c.is_ascii_hexdigit())
    };
    let taken: std::collections::HashSet<String> =
        bank.questions.iter().map(|q| q.id.clone()).collect();
    for q in &mut bank.questions {
        if !made_from_text(&q.id) || old.questions.iter().any(|o| o.id == q.id) {
            continue;
        }
        if let Some(o) = old
            .questions
            .iter()
            .find(|o| o.kind == q.kind && o.stem == q.stem && !taken.contains(&o.id))
        {
            q.id = o.id.clone();
        }
    }
}

/// A paper a plan uses that importing `checked` would drop: (bank, paper, the plans).
pub type DroppedPaper = (String, String, Vec<String>);

/// The papers plans use that the checked banks no longer have: importing them would leave
/// those plans' quiz items pointing at nothing.
pub fn papers_in_use_dropped(
    store: &Store,
    checked: &Checked<Bank>,
) -> Result<Vec<DroppedPaper>, StoreError> {
    let mut out = Vec::new();
    for parsed in &checked.items {
        let new = &parsed.item;
        let Ok(old) = store.bank(&new.id) else {
            continue;
        };
        for p in &old.papers {
            if new.papers.iter().any(|n| n.id == p.id) {
                continue;
            }
            let plans = store.plans_using_paper(&new.id, &p.id)?;
            if !plans.is_empty() {
                out.push((new.id.clone(), p.id.clone(), plans));
            }
        }
    }
    Ok(out)
}

/// Imports checked banks in one transaction; each with what it changed against the bank of
/// the same id the store held.
pub fn import_banks(
    store: &mut Store,
    checked: Checked<Bank>,
) -> Result<Vec<(Bank, crate::domain::quiz::BankChanges)>, StoreError> {
    let mut items: Vec<(Bank, String, String)> = checked
        .items
        .into_iter()
        .map(|p| (p.item, p.hash, p.path.display().to_string()))
        .collect();
    let existing: Vec<Option<Bank>> = items
        .iter()
        .map(|(b, _, _)| store.bank(&b.id).ok())
        .collect();
    for ((bank, _, _), old) in items.iter_mut().zip(&existing) {
        if let Some(old) = old {
            keep_old_ids(bank, old);
        }
    }
    store.import_banks(&items, jiff::Timestamp::now())?;
    Ok(items
        .into_iter()
        .zip(existing)
        .map(|((b, _, _), old)| {
            let changes = crate::domain::quiz::BankChanges::between(old.as_ref(), &b);
            (b, changes)
        })
        .collect())
}
