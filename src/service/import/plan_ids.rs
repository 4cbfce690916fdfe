//! Plan items written without an id are numbered by their place (`item-1`, `item-2`…), and the
//! member's ticks are filed under those ids: an item inserted above shifted every later item's
//! id, so their ticks moved to other items or were lost without a word. On a re-import each such
//! item takes the id of the installed item with the same kind, target and title; and what would
//! still lose ticks (an item gone, or changed past matching) is said before anything is written.

use std::collections::{HashMap, HashSet};

use super::{Checked, ImportError, msg};
use crate::domain::log::Record;
use crate::domain::plan::{Plan, PlanItem, PlanOrigin};
use crate::store::{PlanSummary, Store, StoreError};

/// Each checked plan imported before: its items without ids keep theirs (and the member's
/// ticks), and ticks that would still be lost are said (notes, kept with `skipped`).
pub(crate) fn against_installed(
    store: &Store,
    existing: &[PlanSummary],
    checked: &mut Checked<Plan>,
) -> Result<(), StoreError> {
    for p in &mut checked.items {
        if !existing
            .iter()
            .any(|e| e.id == p.item.id && e.origin == PlanOrigin::User)
        {
            continue;
        }
        let old = store.plan(&p.item.id)?;
        keep_item_ids(&mut p.item, &old);
        let ticked = ticked(store, &old.id)?;
        for lost in ticks_lost(&p.item, &old, &ticked) {
            checked.skipped.push(ImportError::file(
                &p.path,
                msg("note_plan_ticks_lost")
                    .arg("title", &lost.title)
                    .arg("id", &lost.id),
            ));
        }
    }
    Ok(())
}

/// Was this id made from the item's place (`item-3` for the third), not written by the trainer?
fn by_place(item: &PlanItem, index: usize) -> bool {
    item.id == format!("item-{}", index + 1)
}

/// Gives the items of `new` numbered by place the ids of `old`'s items with the same kind,
/// target and title; an unmatched one keeps its number unless that id now names another item
/// (then the first free `item-N` no old item had, so it inherits no one's ticks).
pub(super) fn keep_item_ids(new: &mut Plan, old: &Plan) {
    let placed: Vec<bool> = new
        .items
        .iter()
        .enumerate()
        .map(|(i, it)| by_place(it, i))
        .collect();
    let mut taken: HashSet<String> = new
        .items
        .iter()
        .zip(&placed)
        .filter(|(_, p)| !**p)
        .map(|(it, _)| it.id.clone())
        .collect();
    let mut matched: Vec<Option<String>> = vec![None; new.items.len()];
    for (i, it) in new.items.iter().enumerate() {
        if !placed[i] {
            continue;
        }
        if let Some(o) = old.items.iter().find(|o| {
            !o.by_member && o.kind == it.kind && o.title == it.title && !taken.contains(&o.id)
        }) {
            taken.insert(o.id.clone());
            matched[i] = Some(o.id.clone());
        }
    }
    let old_ids: HashSet<&str> = old.items.iter().map(|o| o.id.as_str()).collect();
    for (i, it) in new.items.iter_mut().enumerate() {
        if !placed[i] {
            continue;
        }
        if let Some(id) = matched[i].take() {
            it.id = id;
            continue;
        }
        // its own number, unless a matched item has it or an old item had it (an unmatched
        // item must not inherit another's ticks)
        let mut n = i + 1;
        while taken.contains(&format!("item-{n}")) || old_ids.contains(format!("item-{n}").as_str())
        {
            n += 1;
        }
        it.id = format!("item-{n}");
        taken.insert(it.id.clone());
    }
}

/// The items of `plan` the member has ticked done (the last tick of each says). Only the ticks
/// are read, not the whole log: a pack's import runs on the TUI's loop thread.
pub(super) fn ticked(store: &Store, plan: &str) -> Result<HashSet<String>, StoreError> {
    let mut state: HashMap<String, bool> = HashMap::new();
    for e in store.tick_events()? {
        if let Record::Tick {
            plan: p,
            item,
            done,
            ..
        } = e.record
            && p == plan
        {
            state.insert(item, done);
        }
    }
    Ok(state
        .into_iter()
        .filter(|(_, d)| *d)
        .map(|(i, _)| i)
        .collect())
}

/// The ticked items of `old` the new plan no longer has (or has as another kind of item).
pub(super) fn ticks_lost<'a>(
    new: &Plan,
    old: &'a Plan,
    ticked: &HashSet<String>,
) -> Vec<&'a PlanItem> {
    old.items
        .iter()
        .filter(|o| !o.by_member && ticked.contains(&o.id))
        .filter(|o| !new.items.iter().any(|n| n.id == o.id && n.kind == o.kind))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::plan::{ItemKind, PlanOrigin};

    fn task(id: &str, title: &str) -> PlanItem {
        PlanItem {
            id: id.into(),
            title: title.into(),
            kind: ItemKind::Task,
            due: None,
            by_member: false,
        }
    }

    fn plan(items: Vec<PlanItem>) -> Plan {
        Plan {
            id: "p".into(),
            title: "p".into(),
            origin: PlanOrigin::User,
            starts: None,
            ends: None,
            items,
            restarted: None,
        }
    }

    #[test]
    fn an_inserted_item_takes_no_ones_ticks() {
        let old = plan(vec![task("item-1", "学党章"), task("item-2", "写心得")]);
        let mut new = plan(vec![
            task("item-1", "新加的"),
            task("item-2", "学党章"),
            task("item-3", "写心得"),
        ]);
        keep_item_ids(&mut new, &old);
        let ids: Vec<&str> = new.items.iter().map(|i| i.id.as_str()).collect();
        assert_eq!(ids, ["item-3", "item-1", "item-2"]);
        let ticked: HashSet<String> = ["item-2".to_string()].into();
        assert!(ticks_lost(&new, &old, &ticked).is_empty());
        // an item removed loses its ticks: said
        let mut fewer = plan(vec![task("item-1", "学党章")]);
        keep_item_ids(&mut fewer, &old);
        let lost = ticks_lost(&fewer, &old, &ticked);
        assert_eq!(lost.len(), 1);
        assert_eq!(lost[0].title, "写心得");
    }
}
