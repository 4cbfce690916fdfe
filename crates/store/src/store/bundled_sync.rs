//! The bundled materials kept in line with the binary's: added, updated by hash, and those
//! that left the bundle retired or removed ([`removal::left_bundle`]), in one transaction;
//! nothing at all when the bundle's fingerprint is the one stored.

use std::collections::{HashMap, HashSet};

use jiff::Timestamp;

use super::materials::upsert;
use super::{Result, Store, StoreError, ts};
use crate::domain::material::{BundledFile, Material, Origin};
use crate::domain::removal;

/// What a sync of the bundled materials did.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub added: usize,
    pub updated: usize,
    pub unchanged: usize,
    /// Dropped from the bundle but kept, because the member had started them.
    pub retired: usize,
    /// Dropped from the bundle and deleted (never opened).
    pub removed: usize,
    /// Bundled ids skipped because the member has their own material with that id.
    pub shadowed: Vec<String>,
}

const FINGERPRINT_KEY: &str = "bundle_fingerprint";

/// Bundled materials by file name: (id, hash); and every material's origin by id.
type Known = (HashMap<String, (String, String)>, HashMap<String, Origin>);

/// The bundled materials no longer in the bundle (not in `current`): each retired (kept,
/// readable, marked as no longer bundled) or removed, as [`removal::left_bundle`] says.
fn left_bundle(
    tx: &rusqlite::Transaction<'_>,
    current: &HashSet<String>,
    report: &mut SyncReport,
) -> Result<()> {
    let stale: Vec<(String, bool)> = {
        let mut stmt = tx.prepare(
            "SELECT m.id,
                    EXISTS(SELECT 1 FROM progress p WHERE p.material_id = m.id)
                    OR EXISTS(SELECT 1 FROM reading_sessions s WHERE s.material_id = m.id)
             FROM materials m WHERE m.origin = 'bundled'",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, bool>(1)?)))?;
        let mut v = Vec::new();
        for row in rows {
            let (id, started) = row?;
            if !current.contains(&id) {
                v.push((id, started));
            }
        }
        v
    };
    for (id, started) in stale {
        match removal::left_bundle(started) {
            removal::LeftBundle::Retire => {
                tx.execute(
                    "UPDATE materials SET in_bundle = 0 WHERE id = ?1 AND in_bundle = 1",
                    [&id],
                )?;
                report.retired += 1;
            }
            removal::LeftBundle::Remove => {
                super::search::queue(tx, &id)?;
                tx.execute("DELETE FROM materials WHERE id = ?1", [&id])?;
                report.removed += 1;
            }
        }
    }
    Ok(())
}

impl Store {
    /// What [`Store::sync_bundled`] compares the bundle with.
    fn bundled_names(&self) -> Result<Known> {
        let mut known = HashMap::new();
        let mut owners = HashMap::new();
        let mut stmt = self
            .conn
            .prepare("SELECT id, origin, hash, sort_key FROM materials")?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, String>(2)?,
                r.get::<_, String>(3)?,
            ))
        })?;
        for row in rows {
            let (id, origin, hash, key) = row?;
            let origin = Origin::parse(&origin).unwrap_or(Origin::User);
            if origin == Origin::Bundled {
                known.insert(key, (id.clone(), hash));
            }
            owners.insert(id, origin);
        }
        Ok((known, owners))
    }
}

impl Store {
    /// Brings the bundled materials in the database in line with `files`, in one transaction:
    /// new ones added, changed ones (by hash) updated, unchanged ones not rewritten, dropped ones
    /// deleted unless the member has progress or reading time in them (then kept, readable,
    /// marked as no longer bundled). `parse` turns a changed file into a material; it is only
    /// called for files whose hash differs from the stored one.
    pub fn sync_bundled<E>(
        &mut self,
        files: &[BundledFile<'_>],
        now: Timestamp,
        mut parse: impl FnMut(&BundledFile<'_>) -> std::result::Result<Material, E>,
    ) -> std::result::Result<SyncReport, SyncError<E>> {
        let fingerprint = fingerprint(files);
        if self.meta(FINGERPRINT_KEY)?.as_deref() == Some(fingerprint.as_str()) {
            return Ok(SyncReport {
                unchanged: files.len(),
                ..Default::default()
            });
        }
        let (known, owners) = self.bundled_names()?;
        let mut report = SyncReport::default();
        let mut current_ids: HashSet<String> = HashSet::new();
        let mut changed: Vec<(&BundledFile<'_>, Material)> = Vec::new();
        for f in files {
            match known.get(&f.name) {
                Some((id, hash)) if *hash == f.hash => {
                    current_ids.insert(id.clone());
                    report.unchanged += 1;
                }
                _ => {
                    let m = parse(f).map_err(|e| SyncError::Parse(f.name.clone(), e))?;
                    if owners.get(&m.meta.id) == Some(&Origin::User) {
                        report.shadowed.push(m.meta.id.clone());
                        continue;
                    }
                    current_ids.insert(m.meta.id.clone());
                    changed.push((f, m));
                }
            }
        }
        let now_s = ts(now);
        let tx = self.write_tx()?;
        for (f, m) in &changed {
            if owners.contains_key(&m.meta.id) {
                report.updated += 1;
            } else {
                report.added += 1;
            }
            upsert(&tx, m, Origin::Bundled, &f.hash, &f.name, &now_s)?;
        }
        {
            // a material that left the bundle and came back unchanged is bundled again
            let mut back =
                tx.prepare("UPDATE materials SET in_bundle = 1 WHERE id = ?1 AND in_bundle = 0")?;
            for id in &current_ids {
                back.execute([id])?;
            }
        }
        left_bundle(&tx, &current_ids, &mut report)?;
        super::put_meta(&tx, FINGERPRINT_KEY, &fingerprint)?;
        tx.commit()?;
        Ok(report)
    }
}

/// A failed sync: a bundled file that does not parse (a build bug), or the database.
#[derive(Debug, thiserror::Error)]
pub enum SyncError<E> {
    #[error("bundled file {0}: {1}")]
    Parse(String, E),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl<E> From<rusqlite::Error> for SyncError<E> {
    fn from(e: rusqlite::Error) -> Self {
        SyncError::Store(StoreError::Sql(e))
    }
}

/// One hash over every bundled file's name and hash: equal fingerprints mean nothing changed.
fn fingerprint(files: &[BundledFile<'_>]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for f in files {
        h.update(f.name.as_bytes());
        h.update([0]);
        h.update(f.hash.as_bytes());
        h.update([0]);
    }
    crate::text::hex(&h.finalize())
}
