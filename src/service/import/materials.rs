//! The member's materials: collected from files and folders, checked one file at a time
//! (keeping only ids and hashes), and imported one at a time in one transaction.

use std::path::{Path, PathBuf};

use super::SeenIds;
use crate::import::{ImportError, material, msg, read_limited, sha256_hex};
use crate::store::{ImportReport, Store, StoreError};

/// The material files under `paths` (files, or folders searched for `*.md`), with a problem
/// for each path that cannot be read and for a set that holds none.
pub fn collect_materials(paths: &[PathBuf]) -> (Vec<PathBuf>, Vec<ImportError>) {
    let mut files = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        match material::collect_files(std::slice::from_ref(p)) {
            Ok(mut f) => files.append(&mut f),
            Err(e) => errors.push(e),
        }
    }
    if files.is_empty()
        && errors.is_empty()
        && let Some(first) = paths.first()
    {
        errors.push(ImportError::file(first, msg("no_material_files")));
    }
    (files, errors)
}

/// The ids of the materials bundled with xuexi, read from the bundle.
pub fn bundled_material_ids() -> Vec<String> {
    crate::bundle::material_files()
        .iter()
        .filter_map(|f| {
            crate::import::material::parse_material_bytes(Path::new(&f.name), &f.bytes)
                .ok()
                .map(|m| m.meta.id)
        })
        .collect()
}

/// A material file that checked out: where it is (borrowed from the list checked), its id and
/// the hash of its bytes. Its text is read again to be imported, so checking a corpus does not
/// hold it in memory.
pub struct CheckedFile<'a> {
    pub path: &'a Path,
    pub id: String,
    pub hash: String,
}

/// Checks material files one at a time, keeping only their ids and hashes: every problem of
/// every file, an id twice among them or one bundled with xuexi.
pub fn check_material_files(files: &[PathBuf]) -> (Vec<CheckedFile<'_>>, Vec<ImportError>) {
    let bundled: std::collections::HashSet<String> = bundled_material_ids().into_iter().collect();
    let mut ok = Vec::with_capacity(files.len());
    let mut errors = Vec::new();
    let mut seen = SeenIds::default();
    for f in files {
        let parsed = read_limited(f, material::MAX_FILE_BYTES)
            .map_err(|e| vec![e])
            .and_then(|bytes| {
                material::parse_material_bytes_all(f, &bytes).map(|m| (m, sha256_hex(&bytes)))
            });
        let (m, hash) = match parsed {
            Ok(p) => p,
            Err(mut e) => {
                errors.append(&mut e);
                continue;
            }
        };
        let id = m.meta.id;
        if bundled.contains(&id) {
            errors.push(ImportError::file(
                f,
                msg("material_id_bundled").arg("id", &id),
            ));
        }
        errors.extend(seen.again(&id, f));
        ok.push(CheckedFile { path: f, id, hash });
    }
    (ok, errors)
}

/// Why a streamed import stopped (nothing of it was kept).
#[derive(Debug)]
pub enum StreamError {
    /// A file could not be read again, or changed since it was checked.
    File(ImportError),
    Store(StoreError),
}

impl From<StoreError> for StreamError {
    fn from(e: StoreError) -> Self {
        StreamError::Store(e)
    }
}

/// Imports checked material files one at a time in one transaction (memory does not grow with
/// their number); `progress` hears how many are done. All or nothing: a file changed since it
/// was checked, an error, Ctrl-C or a kill leaves the database as it was.
pub fn import_material_files(
    store: &mut Store,
    files: &[CheckedFile<'_>],
    progress: &mut dyn FnMut(usize),
) -> Result<ImportReport, StreamError> {
    let mut import = store.begin_user_import(jiff::Timestamp::now())?;
    for (i, f) in files.iter().enumerate() {
        let bytes = read_limited(f.path, material::MAX_FILE_BYTES).map_err(StreamError::File)?;
        if sha256_hex(&bytes) != f.hash {
            return Err(StreamError::File(ImportError::file(
                f.path,
                msg("file_changed"),
            )));
        }
        let m = material::parse_material_bytes_all(f.path, &bytes).map_err(|e| {
            // (it parsed when checked: only a change could make it fail now)
            let first = e.into_iter().next();
            StreamError::File(
                first.unwrap_or_else(|| ImportError::file(f.path, msg("file_changed"))),
            )
        })?;
        import.add(&m, &f.hash)?;
        progress(i + 1);
    }
    Ok(import.commit()?)
}
