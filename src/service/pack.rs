//! Study packs (学习包): a trainer builds one from a folder, members import it — checked as
//! `materials import`, `bank check` and `plan check` would, every problem located, and only
//! then written, in one transaction. A newer version replaces what the older brought and
//! removes what it dropped; the member's own study (progress, answers, notes, ticks) stays.

use std::path::{Path, PathBuf};

use crate::domain::material::Material;
use crate::domain::plan::Plan;
use crate::domain::quiz::Bank;
use crate::i18n::Strings;
use crate::import::bank::{TableOptions, load_bank_noting};
use crate::import::limits::{Kind, check_size};
use crate::import::pack::{
    BankEntry, MANIFEST, Manifest, PackFile, Part, part_of, read_pack, version_cmp, write_pack,
};
use crate::import::plan::{Refs, parse_plan};
use crate::import::{ImportError, decode_utf8, material, msg, read_limited};
use crate::store::{InstalledPack, PackInstall, Store};

use super::import::{Checked, check_bytes};

mod changes;
pub use changes::describe;

/// A pack's contents read and checked.
pub struct Contents {
    pub materials: Checked<Material>,
    pub banks: Checked<Bank>,
    pub plans: Checked<Plan>,
}

impl Contents {
    /// Every problem of every file.
    pub fn errors(&self) -> Vec<ImportError> {
        let mut all = self.materials.errors.clone();
        all.extend(self.banks.errors.iter().cloned());
        all.extend(self.plans.errors.iter().cloned());
        all
    }
}

/// What the bundle, the store or both already hold, for a pack's references.
pub struct Known {
    pub materials: Vec<String>,
    pub bundled_materials: Vec<String>,
    pub bundled_banks: Vec<String>,
    pub refs: Refs,
}

impl Known {
    /// What xuexi ships: a trainer builds against it (not against their own database).
    pub fn bundle() -> Known {
        // each bundled bank read once: its id, and its papers for plans to name
        let materials = super::import::bundled_material_ids();
        let banks = super::import::bundled_banks();
        let mut refs = Refs::default();
        refs.materials.extend(materials.iter().cloned());
        for b in &banks {
            refs.banks.insert(
                b.id.clone(),
                b.papers.iter().map(|p| p.id.clone()).collect(),
            );
        }
        Known {
            bundled_materials: materials.clone(),
            materials,
            bundled_banks: banks.into_iter().map(|b| b.id).collect(),
            refs,
        }
    }

    /// What the member's database holds (the bundle synced into it, and their own).
    pub fn store(store: &Store) -> anyhow::Result<Known> {
        let (_, bundled_banks) = super::import::known_ids(Some(store));
        let bundled_materials: Vec<String> = store.bundled_ids()?.into_iter().collect();
        Ok(Known {
            materials: store
                .list_materials()?
                .into_iter()
                .map(|m| m.meta.id)
                .collect(),
            bundled_materials,
            bundled_banks,
            refs: super::bootstrap::plan_refs(store)?,
        })
    }
}

/// Checks a pack's files (`shown` names each in messages: the folder or the pack file, then
/// the file's path in the pack): materials first, so banks and plans may cite them; banks,
/// so plans may name their papers.
pub fn check_contents(
    shown: &Path,
    manifest: &Manifest,
    files: &[(String, Vec<u8>)],
    known: &Known,
) -> Contents {
    let beside = |rel: &str| rel.ends_with("-试卷.csv") || rel.ends_with(".papers.csv");
    let of = |part: Part| -> Vec<(PathBuf, Result<Vec<u8>, ImportError>)> {
        files
            .iter()
            .filter(|(rel, _)| part_of(rel) == Some(part))
            .map(|(rel, bytes)| {
                // a papers file beside a CSV bank is read from the disk beside it, which a
                // pack does not have: said, never dropped silently
                let read = if beside(rel) {
                    Err(ImportError::file(&shown.join(rel), msg("pack_papers_csv")))
                } else {
                    Ok(bytes.clone())
                };
                (shown.join(rel), read)
            })
            .collect()
    };
    let bundled_materials = &known.bundled_materials;
    let within = |f: &Path, bytes: &[u8], kind: Kind| {
        check_size(f, bytes.len() as u64, kind).map_err(|e| vec![e])
    };
    let materials = check_bytes(
        of(Part::Material),
        |f, bytes| {
            // the limit `materials import` holds a file to
            within(f, bytes, Kind::Material)?;
            material::parse_material_bytes_all(f, bytes)
        },
        |m| &m.meta.id,
        |path, m| {
            bundled_materials
                .contains(&m.meta.id)
                .then(|| ImportError::file(path, msg("material_id_bundled").arg("id", &m.meta.id)))
        },
    );
    let mut cited: Vec<String> = known.materials.clone();
    cited.extend(materials.items.iter().map(|p| p.item.meta.id.clone()));
    let exists = |id: &str| cited.iter().any(|m| m == id);
    let skipped = std::cell::RefCell::new(Vec::new());
    let bundled_banks = &known.bundled_banks;
    let mut banks = check_bytes(
        of(Part::Bank),
        |f, bytes| {
            within(f, bytes, Kind::Bank)?;
            let rel = f
                .strip_prefix(shown)
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .unwrap_or_default();
            let entry = manifest.banks.iter().find(|b| b.file == rel);
            let opts = TableOptions {
                id: entry.map(|b| b.id.clone()),
                title: entry.and_then(|b| b.title.clone()),
                sheet: entry.and_then(|b| b.sheet.clone()),
                skip_unsupported: false,
                ids: Vec::new(),
            };
            let mut s = Vec::new();
            let bank = load_bank_noting(f, bytes, &opts, &exists, &mut s);
            skipped.borrow_mut().append(&mut s);
            // `sealed = true` on the manifest's entry: a spreadsheet bank sealed
            bank.map(|mut b| {
                b.sealed |= entry.is_some_and(|e| e.sealed);
                b
            })
        },
        |b| &b.id,
        |path, bank| {
            bundled_banks
                .contains(&bank.id)
                .then(|| ImportError::file(path, msg("bank_id_bundled").arg("id", &bank.id)))
        },
    );
    banks.skipped = skipped.into_inner();
    let mut refs = Refs {
        materials: known.refs.materials.clone(),
        banks: known.refs.banks.clone(),
    };
    refs.materials.extend(cited.iter().cloned());
    for p in &banks.items {
        refs.banks.insert(
            p.item.id.clone(),
            p.item.papers.iter().map(|x| x.id.clone()).collect(),
        );
    }
    let plans = check_bytes(
        of(Part::Plan),
        |f, bytes| {
            within(f, bytes, Kind::Plan)?;
            let text = decode_utf8(f, bytes).map_err(|e| vec![e])?;
            parse_plan(f, text, &refs)
        },
        |p| &p.id,
        |_, _| None,
    );
    Contents {
        materials,
        banks,
        plans,
    }
}

// --- building --------------------------------------------------------------------------------

/// A pack built.
pub struct Built {
    pub manifest: Manifest,
    pub bytes: Vec<u8>,
}

/// Every file under `dir` (relative, `/`-separated, sorted), dot files left out.
fn walk(dir: &Path, base: &Path, out: &mut Vec<String>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let path = entry.path();
        if entry.file_name().to_string_lossy().starts_with('.') {
            continue;
        }
        let kind = entry.file_type()?;
        if kind.is_dir() {
            walk(&path, base, out)?;
        } else if kind.is_file() {
            let rel = path.strip_prefix(base).unwrap_or(&path);
            out.push(
                rel.components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect::<Vec<_>>()
                    .join("/"),
            );
        }
    }
    Ok(())
}

/// Builds a pack from `dir` (its `pack.toml` and the folders materials/, banks/, plans/,
/// images/): every file checked against the bundle and each other, every problem returned;
/// nothing is written here.
pub fn build(dir: &Path, today: &str) -> Result<Built, Vec<ImportError>> {
    let head_path = dir.join(MANIFEST);
    let bytes =
        read_limited(&head_path, crate::import::limits::MANIFEST_BYTES).map_err(|e| vec![e])?;
    let text = decode_utf8(&head_path, &bytes).map_err(|e| vec![e])?;
    let mut manifest = crate::import::pack::parse_manifest(&head_path, text)?;
    let mut rels = Vec::new();
    walk(dir, dir, &mut rels)
        .map_err(|e| vec![ImportError::file(dir, msg("io_error").arg("error", e))])?;
    rels.sort();
    let mut errors = Vec::new();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for rel in rels.into_iter().filter(|r| r != MANIFEST) {
        let path = dir.join(&rel);
        if part_of(&rel).is_none() {
            errors.push(ImportError::file(
                &path,
                msg("pack_bad_path").arg("name", &rel),
            ));
            continue;
        }
        match read_limited(&path, crate::import::pack::MAX_FILE) {
            Ok(b) => files.push((rel, b)),
            Err(e) => errors.push(e),
        }
    }
    for b in &manifest.banks {
        if !files.iter().any(|(rel, _)| *rel == b.file) {
            errors.push(ImportError::file(
                &head_path,
                msg("pack_missing_file").arg("name", &b.file),
            ));
        }
    }
    let contents = check_contents(dir, &manifest, &files, &Known::bundle());
    errors.extend(contents.errors());
    if contents.materials.items.is_empty()
        && contents.banks.items.is_empty()
        && contents.plans.items.is_empty()
        && errors.is_empty()
    {
        errors.push(ImportError::file(dir, msg("pack_empty")));
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    manifest.pack.created = today.to_string();
    seal_banks(dir, &mut manifest, &mut files, &contents).map_err(|e| vec![e])?;
    manifest.files = files
        .iter()
        .map(|(rel, b)| PackFile {
            path: rel.clone(),
            sha256: crate::import::pack::sha256(b),
            size: b.len() as u64,
        })
        .collect();
    let bytes = write_pack(&manifest, &files)
        .map_err(|e| vec![ImportError::file(dir, msg("io_error").arg("error", e))])?;
    Ok(Built { manifest, bytes })
}

/// Every sealed bank of the pack replaced by its copy without the key (a TOML bank, answers and
/// explanations taken out) and marked `sealed` in the manifest: what a member receives cannot
/// tell an answer. A spreadsheet's copy is TOML beside its name (`banks/x.xlsx` →
/// `banks/x.toml`).
/// A sealed bank whose file is not found among the pack's (a second sealed sheet of a
/// workbook whose first already went in as TOML) is refused: never packed with its key.
fn seal_banks(
    dir: &Path,
    manifest: &mut Manifest,
    files: &mut [(String, Vec<u8>)],
    contents: &Contents,
) -> Result<(), ImportError> {
    for b in contents.banks.items.iter().filter(|b| b.item.sealed) {
        // its own file, exactly (a file of the same name in a sub-folder is another one)
        let Some(at) = files.iter().position(|(rel, _)| b.path == dir.join(rel)) else {
            return Err(ImportError::file(
                &b.path,
                msg("pack_sealed_not_found").arg("id", &b.item.id),
            ));
        };
        let old = files[at].0.clone();
        let rel = match old.rsplit_once('.') {
            Some((stem, ext)) if !ext.eq_ignore_ascii_case("toml") => format!("{stem}.toml"),
            _ => old.clone(),
        };
        if rel != old && files.iter().any(|(r, _)| *r == rel) {
            return Err(ImportError::file(
                &b.path,
                msg("pack_sealed_clash").arg("name", &rel),
            ));
        }
        let text = crate::import::bank_toml::export_bank_toml(&b.item.without_key());
        files[at] = (rel.clone(), text.into_bytes());
        manifest.banks.retain(|e| e.file != old);
        manifest.banks.push(BankEntry {
            file: rel,
            id: b.item.id.clone(),
            title: None,
            sheet: None,
            sealed: true,
        });
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(())
}

// --- importing -------------------------------------------------------------------------------

/// What importing a pack would do, worked out before anything is written.
pub struct Prepared {
    pub manifest: Manifest,
    /// The version installed now, if any.
    pub installed: Option<InstalledPack>,
    pub contents: Contents,
    /// Ids this pack brings that the database holds already (they are updated).
    pub updated: Vec<String>,
    /// Ids the installed version brought that this one drops (materials, banks, plans).
    pub dropped: (Vec<String>, Vec<String>, Vec<String>),
    /// Of `updated`, those whose file is the same as the one installed (未变).
    pub unchanged: Vec<String>,
    /// Each changed bank's changed questions, named by place and first words.
    pub changed_questions: Vec<(String, Vec<changes::Named>)>,
}

/// Reads and checks a pack file against the member's database: every reason it is refused
/// (damaged, tampered, not newer than the installed version, a problem in a file, an id
/// another pack owns), or what it would add, update and remove.
pub fn prepare(store: &Store, file: &Path) -> anyhow::Result<Result<Prepared, Vec<ImportError>>> {
    let bytes = match read_limited(file, crate::import::pack::MAX_PACK_BYTES) {
        Ok(b) => b,
        Err(e) => return Ok(Err(vec![e])),
    };
    let (manifest, files) = match read_pack(file, &bytes) {
        Ok(x) => x,
        Err(e) => return Ok(Err(e)),
    };
    let installed = store.pack(&manifest.pack.id)?;
    let mut errors = Vec::new();
    if let Some(old) = &installed
        && version_cmp(&manifest.pack.version, &old.version) != std::cmp::Ordering::Greater
    {
        errors.push(ImportError::file(
            file,
            msg("pack_not_newer")
                .arg("id", &manifest.pack.id)
                .arg("version", &manifest.pack.version)
                .arg("installed", &old.version),
        ));
    }
    let mut contents = check_contents(file, &manifest, &files, &Known::store(store)?);
    // a plan the pack brought before keeps its items' ids (and the member's ticks)
    super::import::plan_ids::against_installed(store, &store.list_plans()?, &mut contents.plans)?;
    errors.extend(contents.errors());
    errors.extend(clashes(store, &manifest.pack.id, &contents)?);
    if !errors.is_empty() {
        return Ok(Err(errors));
    }
    let updated = updated_ids(store, &contents)?;
    let dropped = installed
        .as_ref()
        .map(|old| dropped_ids(old, &contents))
        .unwrap_or_default();
    let unchanged = changes::unchanged(store, &contents)?;
    let changed_questions = changes::changed_questions(store, &contents, &updated, &unchanged)?;
    Ok(Ok(Prepared {
        manifest,
        installed,
        contents,
        updated,
        dropped,
        unchanged,
        changed_questions,
    }))
}

/// The ids a pack brings: (materials, banks, plans).
fn ids_of(contents: &Contents) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
    (
        contents
            .materials
            .items
            .iter()
            .map(|p| p.item.meta.id.as_str())
            .collect(),
        contents
            .banks
            .items
            .iter()
            .map(|p| p.item.id.as_str())
            .collect(),
        contents
            .plans
            .items
            .iter()
            .map(|p| p.item.id.as_str())
            .collect(),
    )
}

/// An id another pack brought is that pack's: refused, never taken over.
fn clashes(store: &Store, pack: &str, contents: &Contents) -> anyhow::Result<Vec<ImportError>> {
    let others: Vec<InstalledPack> = store
        .packs()?
        .into_iter()
        .filter(|p| p.id != pack)
        .collect();
    let owner = |id: &str, pick: fn(&InstalledPack) -> &Vec<String>| {
        others
            .iter()
            .find(|p| pick(p).iter().any(|x| x == id))
            .map(|p| p.id.clone())
    };
    let mut errors = Vec::new();
    let mut clash = |path: &Path, id: &str, pick: fn(&InstalledPack) -> &Vec<String>| {
        if let Some(p) = owner(id, pick) {
            errors.push(ImportError::file(
                path,
                msg("pack_id_owned").arg("id", id).arg("pack", p),
            ));
        }
    };
    for p in &contents.materials.items {
        clash(&p.path, &p.item.meta.id, |p| &p.materials);
    }
    for p in &contents.banks.items {
        clash(&p.path, &p.item.id, |p| &p.banks);
    }
    for p in &contents.plans.items {
        clash(&p.path, &p.item.id, |p| &p.plans);
    }
    Ok(errors)
}

/// Ids this pack brings that the database holds already: materials, then banks, then plans.
fn updated_ids(store: &Store, contents: &Contents) -> anyhow::Result<Vec<String>> {
    let have_materials: Vec<String> = store
        .list_materials()?
        .into_iter()
        .map(|m| m.meta.id)
        .collect();
    let have_banks: Vec<String> = store.list_banks()?.into_iter().map(|b| b.id).collect();
    let have_plans: Vec<String> = store.list_plans()?.into_iter().map(|p| p.id).collect();
    let (materials, banks, plans) = ids_of(contents);
    let held = |ids: Vec<&str>, have: &[String]| -> Vec<String> {
        ids.into_iter()
            .filter(|id| have.iter().any(|h| h == id))
            .map(str::to_string)
            .collect()
    };
    let mut updated = held(materials, &have_materials);
    updated.extend(held(banks, &have_banks));
    updated.extend(held(plans, &have_plans));
    Ok(updated)
}

/// Ids the installed version brought that this one drops (materials, banks, plans).
fn dropped_ids(
    old: &InstalledPack,
    contents: &Contents,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let gone = |old: &[String], new: &[&str]| -> Vec<String> {
        old.iter()
            .filter(|id| !new.contains(&id.as_str()))
            .cloned()
            .collect()
    };
    let (materials, banks, plans) = ids_of(contents);
    (
        gone(&old.materials, &materials),
        gone(&old.banks, &banks),
        gone(&old.plans, &plans),
    )
}

/// Installs a prepared pack: all of it in one transaction, or nothing.
pub fn install(
    store: &mut Store,
    p: &Prepared,
    now: jiff::Timestamp,
) -> Result<(), crate::store::StoreError> {
    let materials: Vec<(Material, String)> = p
        .contents
        .materials
        .items
        .iter()
        .map(|x| (x.item.clone(), x.hash.clone()))
        .collect();
    // (a sealed bank held here with its key keeps it: the store does not replace it by the
    // pack's copy without it)
    let banks: Vec<(Bank, String, String)> = p
        .contents
        .banks
        .items
        .iter()
        .map(|x| (x.item.clone(), x.hash.clone(), x.path.display().to_string()))
        .collect();
    let plans: Vec<(Plan, String)> = p
        .contents
        .plans
        .items
        .iter()
        .map(|x| (x.item.clone(), x.hash.clone()))
        .collect();
    let h = &p.manifest.pack;
    store.install_pack(
        &PackInstall {
            id: &h.id,
            title: &h.title,
            version: &h.version,
            publisher: &h.publisher,
            created: &h.created,
            materials: &materials,
            banks: &banks,
            plans: &plans,
        },
        now,
    )
}

/// A path as the member typed it: `~/…` under their home folder.
pub fn typed_path(text: &str) -> PathBuf {
    let t = text.trim().trim_matches(['"', '\'']);
    match t.strip_prefix("~/") {
        Some(rest) => std::env::var_os("HOME")
            .map_or_else(|| PathBuf::from(t), |h| PathBuf::from(h).join(rest)),
        None => PathBuf::from(t),
    }
}

/// Why a pack is refused, in one line for a status bar: the first problem, and how many
/// there are.
pub fn refused_line(s: &Strings, errors: &[ImportError]) -> String {
    let first = errors.first().map(|e| e.render(s)).unwrap_or_default();
    if errors.len() > 1 {
        format!(
            "{first} {}",
            s.problem(&msg("pack_more_problems").arg("n", errors.len() - 1))
        )
    } else {
        first
    }
}
