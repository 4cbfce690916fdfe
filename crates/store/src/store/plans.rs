//! Study plans and their items. Completion is not stored here: it is derived from the study
//! log (`domain::plan::status`).

use jiff::Timestamp;
use jiff::civil::Date;
use rusqlite::{OptionalExtension, Transaction, params};

use super::{BundledFile, Result, Store, StoreError, ts};
use crate::domain::plan::{ItemKind, Plan, PlanItem, PlanOrigin};
use crate::domain::removal::{self, Verdict, Who};

fn write_plan(
    tx: &Transaction<'_>,
    plan: &Plan,
    origin: PlanOrigin,
    hash: &str,
    now: &str,
) -> Result<()> {
    tx.execute(
        "INSERT INTO plans (id, origin, title, starts, ends, hash, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(id) DO UPDATE SET origin = excluded.origin, title = excluded.title,
            starts = excluded.starts, ends = excluded.ends, hash = excluded.hash,
            updated_at = excluded.updated_at",
        params![
            plan.id,
            origin.as_str(),
            plan.title,
            plan.starts.map(|d| d.to_string()),
            plan.ends.map(|d| d.to_string()),
            hash,
            now
        ],
    )?;
    // the file's items are replaced; the member's own items stay, after them
    tx.execute(
        "DELETE FROM plan_items WHERE plan_id = ?1 AND NOT by_member",
        [&plan.id],
    )?;
    tx.execute(
        "UPDATE plan_items SET position = position + 100000 WHERE plan_id = ?1",
        [&plan.id],
    )?;
    for (i, item) in plan.items.iter().enumerate() {
        insert_item(tx, &plan.id, i as i64, item)?;
    }
    Ok(())
}

fn insert_item(tx: &Transaction<'_>, plan: &str, position: i64, item: &PlanItem) -> Result<()> {
    let (material, bank, paper, min_percent, minutes) = match &item.kind {
        ItemKind::Read { material } => (Some(material.as_str()), None, None, None, None),
        ItemKind::Quiz {
            bank,
            paper,
            min_percent,
        } => (
            None,
            Some(bank.as_str()),
            paper.as_deref(),
            *min_percent,
            None,
        ),
        ItemKind::Minutes { minutes } => (None, None, None, None, Some(*minutes)),
        ItemKind::Task => (None, None, None, None, None),
    };
    // a member's item whose id the file now uses gives way to the file's
    tx.execute(
        "DELETE FROM plan_items WHERE plan_id = ?1 AND id = ?2",
        params![plan, item.id],
    )?;
    tx.execute(
        "INSERT INTO plan_items (plan_id, id, position, by_member, kind, title, material_id,
                                 bank_id, paper_id, min_percent, minutes, due)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            plan,
            item.id,
            position,
            item.by_member,
            item.kind.as_str(),
            item.title,
            material,
            bank,
            paper,
            min_percent,
            minutes,
            item.due.map(|d| d.to_string())
        ],
    )?;
    Ok(())
}

/// One row of `xuexi plan list`.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct PlanSummary {
    pub id: String,
    pub title: String,
    pub origin: PlanOrigin,
    pub starts: Option<Date>,
    pub ends: Option<Date>,
    pub items: usize,
}

/// [`Store::import_plans`] inside a transaction the caller holds (a pack's import).
pub(crate) fn import_plans_tx(
    tx: &Transaction<'_>,
    plans: &[(Plan, String)],
    now: Timestamp,
) -> Result<()> {
    let now = ts(now);
    for (plan, hash) in plans {
        let origin: Option<String> = tx
            .query_row("SELECT origin FROM plans WHERE id = ?1", [&plan.id], |r| {
                r.get(0)
            })
            .optional()?;
        if origin.as_deref() == Some(PlanOrigin::Bundled.as_str()) {
            return Err(StoreError::BundledPlan(plan.id.clone()));
        }
        write_plan(tx, plan, PlanOrigin::User, hash, &now)?;
    }
    Ok(())
}

impl Store {
    /// Imports plans in one transaction. An id of a bundled plan is refused; re-importing a
    /// plan replaces its items from the file and keeps those the member added.
    pub fn import_plans(&mut self, plans: &[(Plan, String)], now: Timestamp) -> Result<()> {
        let tx = self.write_tx()?;
        import_plans_tx(&tx, plans, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Brings the bundled plans in line with `files` (parsed only when changed). A bundled
    /// plan that left the bundle stays: the member may have ticked its items.
    pub fn sync_bundled_plans<E>(
        &mut self,
        files: &[BundledFile<'_>],
        now: Timestamp,
        mut parse: impl FnMut(&BundledFile<'_>) -> std::result::Result<Plan, E>,
    ) -> std::result::Result<usize, super::SyncError<E>> {
        let mut changed = Vec::new();
        for f in files {
            let known = self.bundled_plan_known(&f.hash)?;
            if !known {
                let plan = parse(f).map_err(|e| super::SyncError::Parse(f.name.clone(), e))?;
                changed.push((f, plan));
            }
        }
        if changed.is_empty() {
            return Ok(0);
        }
        let now = ts(now);
        let tx = self.write_tx()?;
        for (f, plan) in &changed {
            let origin: Option<String> = tx
                .query_row("SELECT origin FROM plans WHERE id = ?1", [&plan.id], |r| {
                    r.get(0)
                })
                .optional()?;
            if origin.is_some_and(|o| o != PlanOrigin::Bundled.as_str()) {
                tracing::warn!(id = %plan.id, "a bundled plan has the id of the member's own; kept theirs");
                continue;
            }
            write_plan(&tx, plan, PlanOrigin::Bundled, &f.hash, &now)?;
        }
        tx.commit()?;
        Ok(changed.len())
    }

    fn bundled_plan_known(&self, hash: &str) -> Result<bool> {
        Ok(self.conn.query_row(
            "SELECT count(*) > 0 FROM plans WHERE origin = 'bundled' AND hash = ?1",
            [hash],
            |r| r.get(0),
        )?)
    }

    /// True when every bundled plan file is synced as it is (start-up then skips the sync and
    /// the references it would check).
    pub fn bundled_plans_current(&self, files: &[BundledFile<'_>]) -> Result<bool> {
        for f in files {
            let known = self.bundled_plan_known(&f.hash)?;
            if !known {
                return Ok(false);
            }
        }
        Ok(true)
    }

    pub fn list_plans(&self) -> Result<Vec<PlanSummary>> {
        let mut stmt = self.conn.prepare(
            "SELECT p.id, p.title, p.origin, p.starts, p.ends,
                    (SELECT count(*) FROM plan_items i WHERE i.plan_id = p.id)
             FROM plans p ORDER BY p.origin = 'member', p.origin = 'user', p.starts, p.id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(PlanSummary {
                id: r.get(0)?,
                title: r.get(1)?,
                origin: PlanOrigin::parse(&r.get::<_, String>(2)?).unwrap_or(PlanOrigin::User),
                starts: r.get::<_, Option<String>>(3)?.and_then(|s| s.parse().ok()),
                ends: r.get::<_, Option<String>>(4)?.and_then(|s| s.parse().ok()),
                items: r.get::<_, i64>(5)?.max(0) as usize,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every plan with its items, in list order.
    pub fn plans(&self) -> Result<Vec<Plan>> {
        self.list_plans()?
            .into_iter()
            .map(|s| self.plan(&s.id))
            .collect()
    }

    pub fn plan(&self, id: &str) -> Result<Plan> {
        let (plan, restarted) = self.plan_as_stored(id)?;
        Ok(match restarted {
            Some(on) => plan.restarted_on(on),
            None => plan,
        })
    }

    /// The plan with its dates as kept (before a restart moves them), and the day it was
    /// restarted on.
    fn plan_as_stored(&self, id: &str) -> Result<(Plan, Option<Date>)> {
        let (title, origin, starts, ends) = self
            .conn
            .query_row(
                "SELECT title, origin, starts, ends FROM plans WHERE id = ?1",
                [id],
                |r| {
                    Ok((
                        r.get::<_, String>(0)?,
                        r.get::<_, String>(1)?,
                        r.get::<_, Option<String>>(2)?,
                        r.get::<_, Option<String>>(3)?,
                    ))
                },
            )
            .optional()?
            .ok_or_else(|| StoreError::NoSuchPlan(id.to_string()))?;
        let mut stmt = self.conn.prepare(
            "SELECT id, title, kind, material_id, bank_id, paper_id, min_percent, minutes, due,
                    by_member
             FROM plan_items WHERE plan_id = ?1 ORDER BY position",
        )?;
        let items = stmt
            .query_map([id], |r| {
                let kind: String = r.get(2)?;
                let text = |i| r.get::<_, Option<String>>(i).map(Option::unwrap_or_default);
                let kind = match kind.as_str() {
                    "read" => ItemKind::Read { material: text(3)? },
                    "quiz" => ItemKind::Quiz {
                        bank: text(4)?,
                        paper: r.get(5)?,
                        min_percent: r.get::<_, Option<i64>>(6)?.map(|p| p.clamp(0, 100) as u8),
                    },
                    "minutes" => ItemKind::Minutes {
                        minutes: r.get::<_, Option<i64>>(7)?.unwrap_or(0).clamp(0, 100_000) as u32,
                    },
                    _ => ItemKind::Task,
                };
                Ok(PlanItem {
                    id: r.get(0)?,
                    title: r.get(1)?,
                    kind,
                    due: r.get::<_, Option<String>>(8)?.and_then(|s| s.parse().ok()),
                    by_member: r.get(9)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let restarted: Option<String> = self
            .conn
            .query_row(
                "SELECT starts FROM plan_restarts WHERE plan_id = ?1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        let plan = Plan {
            id: id.to_string(),
            title,
            origin: PlanOrigin::parse(&origin).unwrap_or(PlanOrigin::User),
            starts: starts.and_then(|s| s.parse().ok()),
            ends: ends.and_then(|s| s.parse().ok()),
            items,
            restarted: None,
        };
        Ok((plan, restarted.and_then(|d| d.parse().ok())))
    }

    /// The member starts `id` over on `on`: its dates move to begin then, and only what is
    /// done from then on counts. Kept when the plan is imported again.
    pub fn restart_plan(&mut self, id: &str, on: jiff::civil::Date, now: Timestamp) -> Result<()> {
        let tx = self.write_tx()?;
        let known: bool =
            tx.query_row("SELECT count(*) > 0 FROM plans WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        if !known {
            return Err(StoreError::NoSuchPlan(id.to_string()));
        }
        // a plan without a start moves by the first due date of the items it moves (not the
        // member's on a bundled or imported plan: Plan::moves_on_restart): that date is kept
        // as its start, so an earlier item the member adds later does not move the whole plan
        tx.execute(
            "UPDATE plans SET starts = (SELECT min(i.due) FROM plan_items i
                 WHERE i.plan_id = ?1 AND (NOT i.by_member OR plans.origin = 'member'))
             WHERE id = ?1 AND starts IS NULL",
            [id],
        )?;
        tx.execute(
            "INSERT INTO plan_restarts (plan_id, starts, at) VALUES (?1, ?2, ?3)
             ON CONFLICT (plan_id) DO UPDATE SET starts = excluded.starts, at = excluded.at",
            params![id, on.to_string(), ts(now)],
        )?;
        tx.commit()?;
        Ok(())
    }

    /// Creates the member's own plan (id chosen here: `my-1`, `my-2`…). Returns its id.
    pub fn create_member_plan(&mut self, title: &str, now: Timestamp) -> Result<String> {
        let tx = self.write_tx()?;
        let n: i64 = tx.query_row(
            "SELECT count(*) FROM plans WHERE origin = 'member'",
            [],
            |r| r.get(0),
        )?;
        let mut k = n + 1;
        let id = loop {
            let id = format!("my-{k}");
            let taken: bool =
                tx.query_row("SELECT count(*) > 0 FROM plans WHERE id = ?1", [&id], |r| {
                    r.get(0)
                })?;
            if !taken {
                break id;
            }
            k += 1;
        };
        tx.execute(
            "INSERT INTO plans (id, origin, title, updated_at) VALUES (?1, 'member', ?2, ?3)",
            params![id, title, ts(now)],
        )?;
        tx.commit()?;
        Ok(id)
    }

    /// Adds a task item of the member's own to a plan, at its end. Returns the item id.
    pub fn add_member_task(
        &mut self,
        plan: &str,
        title: &str,
        due: Option<Date>,
    ) -> Result<String> {
        self.add_member_item(plan, title, ItemKind::Task, due)
    }

    /// Adds an item of the member's own (a task, a material to read, a quiz, minutes of study)
    /// to a plan; its id is `my-task-N`. Returns the id.
    pub fn add_member_item(
        &mut self,
        plan: &str,
        title: &str,
        kind: ItemKind,
        due: Option<Date>,
    ) -> Result<String> {
        // the member's own restarted plan has its dates moved when it is loaded: keep the typed
        // date as far back as the restart moves it, so it shows (and is reported) as typed (on
        // a bundled or imported plan the member's items do not move: kept as typed)
        let due = match due {
            Some(typed) => {
                let (stored, restarted) = self.plan_as_stored(plan)?;
                Some(stored.stored_due(restarted, typed))
            }
            None => None,
        };
        let tx = self.write_tx()?;
        let exists: bool = tx.query_row(
            "SELECT count(*) > 0 FROM plans WHERE id = ?1",
            [plan],
            |r| r.get(0),
        )?;
        if !exists {
            return Err(StoreError::NoSuchPlan(plan.to_string()));
        }
        let (count, last): (i64, i64) = tx.query_row(
            "SELECT count(*), coalesce(max(position), -1) FROM plan_items WHERE plan_id = ?1",
            [plan],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let mut k = count + 1;
        let id = loop {
            let id = format!("my-task-{k}");
            let taken: bool = tx.query_row(
                "SELECT count(*) > 0 FROM plan_items WHERE plan_id = ?1 AND id = ?2",
                params![plan, id],
                |r| r.get(0),
            )?;
            if !taken {
                break id;
            }
            k += 1;
        };
        let item = PlanItem {
            id: id.clone(),
            title: title.to_string(),
            kind,
            due,
            by_member: true,
        };
        insert_item(&tx, plan, last + 1, &item)?;
        tx.commit()?;
        Ok(id)
    }
}

impl Store {
    /// Removes an item the member added (a trainer's or the bundle's items are not theirs to
    /// remove: false, [`removal::plan_item`]). Its ticks stay in the study log.
    pub fn remove_member_item(&mut self, plan: &str, item: &str) -> Result<bool> {
        let by_member: Option<bool> = self
            .conn
            .query_row(
                "SELECT by_member FROM plan_items WHERE plan_id = ?1 AND id = ?2",
                params![plan, item],
                |r| r.get(0),
            )
            .optional()?;
        if by_member.map(removal::plan_item) != Some(Verdict::Allowed) {
            return Ok(false);
        }
        Ok(self.conn.execute(
            "DELETE FROM plan_items WHERE plan_id = ?1 AND id = ?2",
            params![plan, item],
        )? > 0)
    }

    /// The rule on changing plan `id` ([`removal::plan`]); `None` when there is no such plan.
    fn plan_verdict(&self, id: &str, who: Who) -> Result<Option<Verdict>> {
        let origin: Option<String> = self
            .conn
            .query_row("SELECT origin FROM plans WHERE id = ?1", [id], |r| r.get(0))
            .optional()?;
        // an origin this build does not know (a newer version's) counts as a trainer's
        Ok(origin.map(|o| removal::plan(PlanOrigin::parse(&o).unwrap_or(PlanOrigin::User), who)))
    }

    /// Renames a plan the member made (false for any other plan).
    pub fn rename_member_plan(&mut self, plan: &str, title: &str, now: Timestamp) -> Result<bool> {
        if self.plan_verdict(plan, Who::Member)? != Some(Verdict::Allowed) {
            return Ok(false);
        }
        Ok(self.conn.execute(
            "UPDATE plans SET title = ?2, updated_at = ?3 WHERE id = ?1",
            params![plan, title, ts(now)],
        )? > 0)
    }

    /// Removes a plan the member made, with its items (false for any other plan); its ticks
    /// stay in the study log.
    pub fn remove_member_plan(&mut self, plan: &str) -> Result<bool> {
        if self.plan_verdict(plan, Who::Member)? != Some(Verdict::Allowed) {
            return Ok(false);
        }
        Ok(self
            .conn
            .execute("DELETE FROM plans WHERE id = ?1", [plan])?
            > 0)
    }

    /// Removes a plan from a trainer's file or made in the app (its items go with it; its
    /// ticks stay in the study log). A bundled plan comes back at every start: refused.
    pub fn remove_plan(&mut self, id: &str) -> Result<bool> {
        match self.plan_verdict(id, Who::Trainer)? {
            None => Ok(false),
            Some(Verdict::Allowed) => {
                Ok(self.conn.execute("DELETE FROM plans WHERE id = ?1", [id])? > 0)
            }
            Some(_) => Err(StoreError::BundledPlan(id.to_string())),
        }
    }
}
