//! `xuexi notes export`: every note and bookmark, grouped by material, each with the paragraph
//! it belongs to.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::domain::annotation::{Annotation, AnnotationKind};
use crate::domain::doc::parse_markdown;
use crate::export::md_escape;
use crate::i18n::fill;
use crate::service::bootstrap::Env;
use crate::store::Store;

/// A material's id and title with its annotations, each with its paragraph's text.
type Group = (String, String, Vec<(Annotation, String)>);

/// The annotations grouped by material (in title order).
fn grouped(store: &Store) -> Result<Vec<Group>> {
    let mut by: BTreeMap<(String, String), Vec<(Annotation, String)>> = BTreeMap::new();
    let mut docs = std::collections::HashMap::new();
    let mut all = store.annotations(None)?;
    all.reverse(); // oldest first within a material
    for a in all {
        let paragraph = if a.lost {
            String::new()
        } else {
            if !docs.contains_key(&a.material)
                && let Ok((m, _, _)) = store.material(&a.material)
            {
                docs.insert(a.material.clone(), parse_markdown(&m.body));
            }
            docs.get(&a.material)
                .and_then(|d| d.blocks.get(a.position.block))
                .map(|b| b.text())
                .unwrap_or_default()
        };
        by.entry((a.title.clone(), a.material.clone()))
            .or_default()
            .push((a, paragraph));
    }
    Ok(by
        .into_iter()
        .map(|((title, id), v)| (id, title, v))
        .collect())
}

pub fn export(
    env: &Env,
    format: &str,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    super::log::refuse_existing(&env.strings, output, force)?;
    let store = env.open_store()?;
    let groups = grouped(&store)?;
    let s = &env.strings;
    let text = if format == "json" {
        let v: Vec<serde_json::Value> = groups
            .iter()
            .map(|(id, title, items)| {
                json!({
                    "material": id,
                    "title": title,
                    "annotations": items.iter().map(|(a, p)| json!({
                        "kind": a.kind,
                        "text": a.text,
                        "paragraph": p,
                        "quote": a.quote,
                        "block": a.position.block,
                        "lost": a.lost,
                        "created_at": a.created_at.to_string(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let mut t = serde_json::to_string_pretty(&v)?;
        t.push('\n');
        t
    } else {
        let mut o = format!("# {}\n", s.screen_notes);
        for (_, title, items) in &groups {
            let _ = write!(o, "\n## {}\n", md_escape(title));
            for (a, paragraph) in items {
                let quoted = if a.lost {
                    format!("“{}…”（{}）", a.quote, s.note_lost)
                } else {
                    paragraph.clone()
                };
                let _ = write!(o, "\n> {}\n\n", md_escape(&quoted));
                let label = match a.kind {
                    AnnotationKind::Note => &s.label_note,
                    AnnotationKind::Bookmark => &s.label_bookmark,
                };
                let date = a.created_at.strftime("%Y-%m-%d");
                let body: Vec<String> = a.text.lines().map(md_escape).collect();
                let _ = writeln!(o, "- {label} {date}{}{}", s.report_sep, body.join("  \n  "));
            }
        }
        if groups.is_empty() {
            let _ = write!(o, "\n{}\n", s.notes_empty);
        }
        o
    };
    match output {
        Some(path) => {
            super::log::write_new(&env.strings, path, text.as_bytes(), force)?;
            writeln!(
                err,
                "{}",
                fill(&s.cli_export_written, &[("path", &path.display())])
            )?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
