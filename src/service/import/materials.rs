//! The member's materials: collected from files and folders, then read, checked and imported
//! one at a time, each file once, in one transaction kept only when every file checked out.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

use crate::import::{ImportError, material, msg, read_limited, sha256_hex};
use crate::store::{ImportReport, Store, StoreError};

mod material_files;
pub use material_files::MaterialFiles;

/// The material files under `paths` (files, or folders searched for `*.md`), with a problem
/// for each path that cannot be read and for a set that holds none.
pub fn collect_materials(paths: &[PathBuf]) -> (MaterialFiles, Vec<ImportError>) {
    let mut files = MaterialFiles::default();
    let mut errors = Vec::new();
    for p in paths {
        if let Err(e) = files.collect(p) {
            errors.push(e);
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

/// What an import came to: imported, or every problem of every file (and nothing kept).
#[derive(Debug)]
pub enum Imported {
    Done(ImportReport),
    Problems(Vec<ImportError>),
}

/// Reads, checks and imports `files` one at a time, each read, parsed and hashed once, in one
/// transaction (memory does not grow with their number beyond a few bytes a file); `progress`
/// hears how many are done. All or nothing: once a file has a problem (`problems` may hold
/// some already, found collecting them) the rest are only checked, every problem is returned,
/// and the database is left as it was — as after an error, Ctrl-C or a kill. Without a
/// `store` the files are only checked. The list is let go before the import is kept.
pub fn import_material_files(
    store: Option<&mut Store>,
    files: MaterialFiles,
    mut problems: Vec<ImportError>,
    progress: &mut dyn FnMut(usize),
) -> Result<Imported, StoreError> {
    let bundled: std::collections::HashSet<String> = bundled_material_ids().into_iter().collect();
    let mut import = match store {
        Some(s) if problems.is_empty() => {
            Some(s.begin_user_import(jiff::Timestamp::now(), files.len())?)
        }
        _ => None,
    };
    let mut seen = SeenIds::with_capacity(files.len());
    for i in 0..files.len() {
        let path = files.path(i);
        let parsed = read_limited(&path, material::MAX_FILE_BYTES)
            .map_err(|e| vec![e])
            .and_then(|bytes| {
                material::parse_material_bytes_all(&path, &bytes).map(|m| (m, sha256_hex(&bytes)))
            });
        progress(i + 1);
        let (m, hash) = match parsed {
            Ok(p) => p,
            Err(mut e) => {
                problems.append(&mut e);
                continue;
            }
        };
        let id = &m.meta.id;
        if bundled.contains(id) {
            problems.push(ImportError::file(
                &path,
                msg("material_id_bundled").arg("id", id),
            ));
        }
        problems.extend(seen.again(id, i, &files));
        if problems.is_empty()
            && let Some(import) = import.as_mut()
        {
            import.add(&m, &hash)?;
        }
    }
    // the list and the ids (some 45 bytes a file: 45 MB at a million) let go before the
    // commit, which finishes and merges the index built beside the import
    drop(seen);
    drop(files);
    crate::service::bootstrap::release_memory();
    // (a problem found: the transaction is dropped, which rolls it back)
    match import {
        Some(import) if problems.is_empty() => Ok(Imported::Done(import.commit()?)),
        _ if problems.is_empty() => Ok(Imported::Done(ImportReport::default())),
        _ => Ok(Imported::Problems(problems)),
    }
}

/// The ids met so far in an import, for "an id given twice": a 32-bit hash of each and the file
/// that gave it first (some 9 bytes an id, where the ids themselves took some 80 at a million).
/// Two ids of one hash are told apart by reading the first file's id again (at a million,
/// about a hundred times); an id whose hash another took is kept whole.
struct SeenIds {
    first: HashMap<u32, u32>,
    whole: HashMap<String, usize>,
}

impl SeenIds {
    fn with_capacity(n: usize) -> SeenIds {
        SeenIds {
            first: HashMap::with_capacity(n),
            whole: HashMap::new(),
        }
    }

    /// `id`, from the `i`th file: an error naming both files when an earlier one gave it.
    fn again(&mut self, id: &str, i: usize, files: &MaterialFiles) -> Option<ImportError> {
        let twice = |first: usize| ImportError::DuplicateId {
            id: id.to_string(),
            first: files.path(first),
            second: files.path(i),
        };
        self.again_keyed(id, short_hash(id), i, files).map(twice)
    }

    /// [`Self::again`] with the id's hash given: the earlier file that gave `id`.
    fn again_keyed(
        &mut self,
        id: &str,
        key: u32,
        i: usize,
        files: &MaterialFiles,
    ) -> Option<usize> {
        if let Some(&first) = self.whole.get(id) {
            return Some(first);
        }
        // (the file's number as u32: past four billion files, every id is kept whole)
        let Ok(n) = u32::try_from(i) else {
            self.whole.insert(id.to_string(), i);
            return None;
        };
        match self.first.entry(key) {
            std::collections::hash_map::Entry::Vacant(v) => {
                v.insert(n);
                None
            }
            std::collections::hash_map::Entry::Occupied(o) => {
                let first = *o.get() as usize;
                if id_of(&files.path(first)).as_deref() == Some(id) {
                    return Some(first);
                }
                self.whole.insert(id.to_string(), i);
                None
            }
        }
    }
}

fn short_hash(id: &str) -> u32 {
    let mut h = std::hash::DefaultHasher::new();
    id.hash(&mut h);
    // (the two halves folded: every bit of the 64 counts)
    let x = h.finish();
    (x ^ (x >> 32)) as u32
}

/// The id of the material file at `path`, read again.
fn id_of(path: &Path) -> Option<String> {
    let bytes = read_limited(path, material::MAX_FILE_BYTES).ok()?;
    material::parse_material_bytes_all(path, &bytes)
        .ok()
        .map(|m| m.meta.id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_of_one_hash_are_told_apart_and_each_given_twice_is_named() {
        let d = tempfile::tempdir().unwrap();
        let write = |name: &str, id: &str| {
            std::fs::write(
                d.path().join(name),
                format!("+++\nid = \"{id}\"\ntitle = \"题\"\n+++\n\n正文\n"),
            )
            .unwrap();
        };
        write("1.md", "a");
        write("2.md", "b");
        write("3.md", "a");
        write("4.md", "b");
        let mut files = MaterialFiles::default();
        files.collect(d.path()).unwrap();
        // every id under one hash, as if all collided: read again and told apart
        let mut seen = SeenIds::with_capacity(4);
        for (id, i, want) in [
            ("a", 0, None),
            ("b", 1, None),
            ("a", 2, Some(0)),
            ("b", 3, Some(1)),
        ] {
            assert_eq!(seen.again_keyed(id, 7, i, &files), want, "{id} in file {i}");
        }
        assert_eq!(seen.whole.len(), 1, "b kept whole, a by its hash");
        // and through `again` itself
        let mut seen = SeenIds::with_capacity(4);
        assert!(seen.again("a", 0, &files).is_none());
        assert!(seen.again("b", 1, &files).is_none());
        match seen.again("a", 2, &files) {
            Some(ImportError::DuplicateId { first, second, .. }) => {
                assert!(first.ends_with("1.md") && second.ends_with("3.md"));
            }
            other => panic!("{other:?}"),
        }
    }
}
