//! What a pack upgrade changes, worked out by content: a file whose bytes are those installed
//! is 未变 (a version-only upgrade changes nothing), and a changed bank names its changed
//! questions — and the member's words for all of it.

use super::{Contents, Prepared, Strings, msg};
use crate::store::{Store, StoreError};

/// The ids of the pack's materials, banks and plans whose file has the hash of the one the
/// database holds.
pub(super) fn unchanged(store: &Store, contents: &Contents) -> Result<Vec<String>, StoreError> {
    let [materials, banks, plans] = store.content_hashes()?;
    let same = |have: &std::collections::HashMap<String, String>, id: &str, hash: &str| {
        have.get(id).is_some_and(|h| h == hash)
    };
    let mut out = Vec::new();
    for x in &contents.materials.items {
        if same(&materials, &x.item.meta.id, &x.hash) {
            out.push(x.item.meta.id.clone());
        }
    }
    for x in &contents.banks.items {
        if same(&banks, &x.item.id, &x.hash) {
            out.push(x.item.id.clone());
        }
    }
    for x in &contents.plans.items {
        if same(&plans, &x.item.id, &x.hash) {
            out.push(x.item.id.clone());
        }
    }
    Ok(out)
}

/// A changed question: its id, its place in the bank (1-based) and its first words.
pub type Named = (String, usize, String);

/// For each bank the pack updates (and does not leave as it is), the questions whose id it
/// keeps but whose content changed, at most ten.
pub(super) fn changed_questions(
    store: &Store,
    contents: &Contents,
    updated: &[String],
    unchanged: &[String],
) -> Result<Vec<(String, Vec<Named>)>, StoreError> {
    let mut out = Vec::new();
    for x in &contents.banks.items {
        let b = &x.item;
        if !updated.contains(&b.id) || unchanged.contains(&b.id) {
            continue;
        }
        let old = store.bank(&b.id)?;
        let names: Vec<Named> = b
            .questions
            .iter()
            .enumerate()
            .filter(|(_, q)| old.questions.iter().any(|o| o.id == q.id && o != *q))
            .map(|(i, q)| {
                let stem = crate::text::width::truncate(
                    &crate::text::sanitize::sanitize_line(&q.stem),
                    24,
                );
                (q.id.clone(), i + 1, stem)
            })
            .collect();
        if !names.is_empty() {
            out.push((b.id.clone(), names));
        }
    }
    Ok(out)
}

/// What importing will do, in the member's words: the pack, new or from which version, and
/// per kind how many added, updated and removed.
pub fn describe(s: &Strings, p: &Prepared) -> Vec<String> {
    let h = &p.manifest.pack;
    let mut lines = vec![
        s.problem(
            &msg("pack_head")
                .arg("title", &h.title)
                .arg("id", &h.id)
                .arg("version", &h.version)
                .arg("publisher", &h.publisher)
                .arg("created", &h.created),
        ),
    ];
    lines.push(match &p.installed {
        None => s.problem(&msg("pack_new")),
        Some(old) => s.problem(&msg("pack_upgrade").arg("from", &old.version)),
    });
    // (added, updated, unchanged)
    let count = |ids: Vec<&str>| -> (usize, usize, usize) {
        let had = |id: &&str| p.updated.iter().any(|u| u == id);
        let same = |id: &&str| p.unchanged.iter().any(|u| u == id);
        let upd = ids.iter().filter(|id| had(id) && !same(id)).count();
        let unch = ids.iter().filter(|id| same(id)).count();
        (ids.len() - upd - unch, upd, unch)
    };
    let kinds = [
        (
            "pack_kind_materials",
            count(
                p.contents
                    .materials
                    .items
                    .iter()
                    .map(|x| x.item.meta.id.as_str())
                    .collect(),
            ),
            &p.dropped.0,
        ),
        (
            "pack_kind_banks",
            count(
                p.contents
                    .banks
                    .items
                    .iter()
                    .map(|x| x.item.id.as_str())
                    .collect(),
            ),
            &p.dropped.1,
        ),
        (
            "pack_kind_plans",
            count(
                p.contents
                    .plans
                    .items
                    .iter()
                    .map(|x| x.item.id.as_str())
                    .collect(),
            ),
            &p.dropped.2,
        ),
    ];
    for (key, (added, updated, unchanged), dropped) in kinds {
        if added + updated + unchanged + dropped.len() == 0 {
            continue;
        }
        let mut line = s.problem(
            &msg("pack_counts")
                .arg("kind", s.problem(&msg(key)))
                .arg("added", added)
                .arg("updated", updated)
                .arg("unchanged", unchanged)
                .arg("removed", dropped.len()),
        );
        if !dropped.is_empty() {
            line.push_str(&s.problem(&msg("pack_removed_ids").arg("ids", dropped.join(", "))));
        }
        lines.push(format!("  {line}"));
    }
    // a sealed bank's copy: what the member can do with it, said before they import
    for b in p.contents.banks.items.iter().filter(|b| b.item.keyless()) {
        let m = msg("pack_bank_sealed").arg("title", &b.item.title);
        lines.push(format!("    {}", s.problem(&m)));
    }
    for (bank, names) in &p.changed_questions {
        let mut shown: Vec<String> = names
            .iter()
            .take(10)
            .map(|(id, n, stem)| {
                let at = crate::i18n::fill(&s.cli_bank_question_at, &[("n", n), ("stem", stem)]);
                format!("{id}{at}")
            })
            .collect();
        if names.len() > 10 {
            shown.push("…".into());
        }
        let m = msg("pack_bank_changed")
            .arg("id", bank)
            .arg("questions", shown.join("；"));
        lines.push(format!("    {}", s.problem(&m)));
    }
    // ticks an upgraded plan would lose
    for note in p.contents.plans.skipped.iter().filter(|e| e.is_note()) {
        lines.push(format!("  {}", note.render(s)));
    }
    if p.dropped.0.len() + p.dropped.1.len() + p.dropped.2.len() > 0 {
        lines.push(format!("  {}", s.problem(&msg("pack_study_kept"))));
    }
    lines
}
