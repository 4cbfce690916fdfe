//! `xuexi notes export`: every note and bookmark, grouped by material, each with the paragraph
//! it belongs to.

use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::domain::annotation::AnnotationKind;
use crate::export::md_escape;
use crate::i18n::fill;
use crate::service::bootstrap::Env;
use crate::service::report::notes_by_material as grouped;

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
            // each paragraph once, with every note and bookmark on it under it
            let mut last: Option<(usize, String)> = None;
            for (a, paragraph) in items {
                let quoted = if a.lost {
                    format!("“{}…”（{}）", a.quote, s.note_lost)
                } else {
                    paragraph.clone()
                };
                let here = Some((a.position.block, quoted.clone()));
                if here != last {
                    let _ = write!(o, "\n> {}\n\n", md_escape(&quoted));
                    last = here;
                }
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
