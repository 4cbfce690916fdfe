//! Study packs installed: what each brought, so a newer version replaces it and removes what
//! it dropped — in one transaction with the materials, banks and plans it writes.

use jiff::Timestamp;
use rusqlite::{OptionalExtension, params};

use super::{Result, Store, StoreError, ts};
use crate::domain::material::Material;
use crate::domain::plan::Plan;
use crate::domain::quiz::Bank;

/// A pack as installed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct InstalledPack {
    pub id: String,
    pub title: String,
    pub version: String,
    pub publisher: String,
    pub created: String,
    pub installed_at: String,
    pub materials: Vec<String>,
    pub banks: Vec<String>,
    pub plans: Vec<String>,
}

/// A pack to install: its own fields and what it holds, checked.
pub struct PackInstall<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub version: &'a str,
    pub publisher: &'a str,
    pub created: &'a str,
    /// (material, hash)
    pub materials: &'a [(Material, String)],
    /// (bank, hash, source)
    pub banks: &'a [(Bank, String, String)],
    /// (plan, hash)
    pub plans: &'a [(Plan, String)],
}

fn ids_json(ids: &[String]) -> String {
    serde_json::to_string(ids).unwrap_or_else(|_| "[]".into())
}

impl Store {
    /// The hash of the file each material, bank and plan came from, by id (in that order): what
    /// a pack's files are compared with, so an upgrade that changed only its version says 未变.
    pub fn content_hashes(&self) -> Result<[std::collections::HashMap<String, String>; 3]> {
        let read = |table: &str| -> Result<std::collections::HashMap<String, String>> {
            let mut stmt = self
                .conn
                .prepare(&format!("SELECT id, hash FROM {table}"))?;
            let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
            Ok(rows.collect::<rusqlite::Result<_>>()?)
        };
        Ok([read("materials")?, read("banks")?, read("plans")?])
    }

    /// Every installed pack, by id.
    pub fn packs(&self) -> Result<Vec<InstalledPack>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, title, version, publisher, created, installed_at, materials, banks, plans
             FROM packs ORDER BY id",
        )?;
        let rows = stmt.query_map([], |r| {
            let list = |i: usize| -> rusqlite::Result<Vec<String>> {
                Ok(serde_json::from_str(&r.get::<_, String>(i)?).unwrap_or_default())
            };
            Ok(InstalledPack {
                id: r.get(0)?,
                title: r.get(1)?,
                version: r.get(2)?,
                publisher: r.get(3)?,
                created: r.get(4)?,
                installed_at: r.get(5)?,
                materials: list(6)?,
                banks: list(7)?,
                plans: list(8)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The installed pack `id`.
    pub fn pack(&self, id: &str) -> Result<Option<InstalledPack>> {
        Ok(self.packs()?.into_iter().find(|p| p.id == id))
    }

    /// Installs (or replaces) a pack in one transaction: its materials, banks and plans
    /// written; what the version installed before brought and this one does not, removed (a
    /// material's reading, notes and answers stay in the study log; a bank's attempt history
    /// stays; a removed plan's ticks stay in the log). All or nothing.
    pub fn install_pack(&mut self, p: &PackInstall<'_>, now: Timestamp) -> Result<()> {
        let before = self.pack(p.id)?;
        let tx = self.write_tx()?;
        super::materials::import_user_tx(&tx, p.materials, now)?;
        super::banks::import_banks_tx(&tx, p.banks, now)?;
        super::plans::import_plans_tx(&tx, p.plans, now)?;
        let materials: Vec<String> = p.materials.iter().map(|(m, _)| m.meta.id.clone()).collect();
        let banks: Vec<String> = p.banks.iter().map(|(b, _, _)| b.id.clone()).collect();
        let plans: Vec<String> = p.plans.iter().map(|(pl, _)| pl.id.clone()).collect();
        if let Some(old) = &before {
            for id in old.plans.iter().filter(|id| !plans.contains(id)) {
                tx.execute("DELETE FROM plans WHERE id = ?1 AND origin = 'user'", [id])?;
            }
            for id in old.banks.iter().filter(|id| !banks.contains(id)) {
                tx.execute("DELETE FROM banks WHERE id = ?1 AND origin = 'user'", [id])?;
            }
            for id in old.materials.iter().filter(|id| !materials.contains(id)) {
                match super::materials::remove_material_tx(&tx, id) {
                    // a material the member re-imported as bundled meanwhile: left alone
                    Err(StoreError::BundledId(_)) => {}
                    other => {
                        other?;
                    }
                }
            }
        }
        tx.execute(
            "INSERT INTO packs (id, title, version, publisher, created, installed_at, materials,
                                banks, plans)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
             ON CONFLICT(id) DO UPDATE SET title = excluded.title, version = excluded.version,
                publisher = excluded.publisher, created = excluded.created,
                installed_at = excluded.installed_at, materials = excluded.materials,
                banks = excluded.banks, plans = excluded.plans",
            params![
                p.id,
                p.title,
                p.version,
                p.publisher,
                p.created,
                ts(now),
                ids_json(&materials),
                ids_json(&banks),
                ids_json(&plans)
            ],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// The version of pack `id` installed, if any.
    pub fn pack_version(&self, id: &str) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row("SELECT version FROM packs WHERE id = ?1", [id], |r| {
                r.get(0)
            })
            .optional()?)
    }
}
