//! `xuexi bank check|import|list|export|remove`: quiz banks for trainers.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use crate::i18n::fill;
use crate::service::bootstrap::Env;
use crate::service::files::write_atomically;
use crate::service::import::{self, Parsed, TableOptions};
use crate::text::width::{fit, width};

/// `xuexi bank check FILE...`: every problem of every file; exit 1 if any.
pub fn check(
    env: &Env,
    files: &[PathBuf],
    opts: &TableOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    // never opens the database for writing: a trainer checking files changes nothing
    let files = import::bank_files(files);
    let checked = import::check_banks_read_only(&env.db_path(), &files, opts);
    report_skipped(env, &checked.skipped, out)?;
    for Parsed {
        path, item: bank, ..
    } in &checked.items
    {
        writeln!(
            out,
            "{}",
            fill(
                &env.strings.cli_bank_ok,
                &[
                    ("path", &path.display()),
                    ("id", &bank.id),
                    ("questions", &bank.questions.len()),
                    ("papers", &bank.papers.len()),
                ]
            )
        )?;
    }
    if checked.errors.is_empty() {
        Ok(ExitCode::SUCCESS)
    } else {
        super::report_problems(env, &checked.errors, err)?;
        Ok(ExitCode::FAILURE)
    }
}

/// `xuexi bank import FILE...`: checks everything, then imports all in one transaction.
pub fn import(
    env: &Env,
    files: &[PathBuf],
    opts: &TableOptions,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    let files = import::bank_files(files);
    let checked = import::check_banks(&store, &files, opts)?;
    report_skipped(env, &checked.skipped, out)?;
    if !checked.is_ok() {
        super::report_problems(env, &checked.errors, err)?;
        writeln!(err, "{}", env.strings.cli_nothing_imported)?;
        return Ok(ExitCode::FAILURE);
    }
    // a paper a plan uses is never dropped silently: refused, or (--force) said
    let dropped = import::papers_in_use_dropped(&store, &checked)?;
    for (bank, paper, plans) in &dropped {
        let m = crate::i18n::msg(if force {
            "paper_dropped_forced"
        } else {
            "paper_dropped_refused"
        })
        .arg("bank", bank)
        .arg("paper", paper)
        .arg("plans", plans.join(", "));
        writeln!(err, "{}", env.strings.problem(&m))?;
    }
    if !dropped.is_empty() && !force {
        writeln!(err, "{}", env.strings.cli_nothing_imported)?;
        return Ok(ExitCode::FAILURE);
    }
    for (bank, changes) in &import::import_banks(&mut store, checked)? {
        writeln!(
            out,
            "{}",
            fill(
                &env.strings.cli_bank_imported,
                &[
                    ("id", &bank.id),
                    ("questions", &bank.questions.len()),
                    ("papers", &bank.papers.len()),
                ]
            )
        )?;
        writeln!(
            out,
            "  {}",
            fill(
                &env.strings.cli_bank_changes,
                &[
                    ("added", &changes.added.len()),
                    ("changed", &changes.changed.len()),
                    ("removed", &changes.removed.len()),
                    ("unchanged", &changes.unchanged),
                ]
            )
        )?;
        if bank.sealed && !bank.keyless() {
            // whoever holds the full file is the trainer: said, so a member who got it knows
            writeln!(
                out,
                "  {}",
                env.strings.problem(&crate::i18n::msg("bank_sealed_kept"))
            )?;
        }
        // a changed question keeps its id: say which, so the trainer knows members' earlier
        // answers to them were to another text
        // a changed question by its place in the file and its first words too: a made id
        // (c1a2b3…) alone tells the trainer nothing
        let named = |id: &String| -> String {
            match bank.questions.iter().position(|q| &q.id == id) {
                Some(i) => {
                    let stem = crate::text::sanitize::sanitize_line(&bank.questions[i].stem);
                    // (ends in … when cut)
                    let first = crate::text::width::truncate(&stem, 24);
                    format!(
                        "{id}{}",
                        fill(
                            &env.strings.cli_bank_question_at,
                            &[("n", &(i + 1)), ("stem", &first)]
                        )
                    )
                }
                None => id.clone(),
            }
        };
        for (key, ids, sep) in [
            (&env.strings.cli_bank_changed_ids, &changes.changed, "；"),
            (&env.strings.cli_bank_removed_ids, &changes.removed, ", "),
        ] {
            if !ids.is_empty() {
                let mut shown: Vec<String> = ids.iter().take(10).map(named).collect();
                if ids.len() > 10 {
                    shown.push("…".into());
                }
                writeln!(out, "  {}", fill(key, &[("ids", &shown.join(sep))]))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi bank list [--json]`
pub fn list(env: &Env, json: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let store = env.open_store()?;
    let banks = store.list_banks()?;
    if json {
        serde_json::to_writer_pretty(&mut *out, &banks)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = &env.strings;
    let id_w = banks
        .iter()
        .map(|b| width(&b.id))
        .chain([width(&s.cli_header_id)])
        .max()
        .unwrap_or(2);
    let digits = |n: usize| n.to_string().len();
    let qw = banks
        .iter()
        .map(|b| digits(b.questions))
        .chain([width(&s.cli_header_questions)])
        .max()
        .unwrap_or(4);
    let pw = banks
        .iter()
        .map(|b| digits(b.papers))
        .chain([width(&s.cli_header_papers)])
        .max()
        .unwrap_or(3);
    writeln!(
        out,
        "{}  {}  {}  {}",
        fit(&s.cli_header_id, id_w),
        fit(&s.cli_header_questions, qw),
        fit(&s.cli_header_papers, pw),
        s.cli_header_title
    )?;
    for b in &banks {
        writeln!(
            out,
            "{}  {:>qw$}  {:>pw$}  {}{}",
            fit(&b.id, id_w),
            b.questions,
            b.papers,
            b.title,
            match (b.sealed, b.keyless) {
                (false, _) => "",
                (true, false) => &s.cli_bank_sealed,
                (true, true) => &s.cli_bank_sealed_keyless,
            }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi bank export ID --format toml|csv|txt [-o FILE] [--force]`
pub fn export(
    env: &Env,
    id: &str,
    format: &str,
    output: Option<&Path>,
    force: bool,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    // a trainer's file is never replaced by accident
    super::log::refuse_existing(&env.strings, output, force)?;
    let store = env.open_store()?;
    // closed book: a bank whose exam is open is not written out with its answers
    crate::service::exam::guard(&store, &env.strings, Some(id), jiff::Timestamp::now())
        .map_err(anyhow::Error::msg)?;
    // a sealed bank's key is the trainer's: there is none here to write out
    crate::service::exam::sealed_guard(&store, &env.strings, id).map_err(anyhow::Error::msg)?;
    let Some(export) = import::export_bank_full(&store, id, format)? else {
        anyhow::bail!(
            env.strings.problem(
                &crate::i18n::msg("format_unknown")
                    .arg("format", format)
                    .arg("formats", "toml, csv, txt, gift")
            )
        );
    };
    let mut lost = export.lost.clone();
    match output {
        Some(path) => {
            // the papers beside the bank, where import looks for them (题库-试卷.csv)
            let papers_at = export.papers_csv.as_ref().map(|csv| {
                let stem = path.file_stem().unwrap_or_default().to_string_lossy();
                (path.with_file_name(format!("{stem}-试卷.csv")), csv)
            });
            if let Some((p, _)) = &papers_at {
                super::log::refuse_existing(&env.strings, Some(p), force)?;
            }
            write_atomically(path, export.text.as_bytes())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            if let Some((p, csv)) = papers_at {
                write_atomically(&p, csv.as_bytes())
                    .map_err(|e| anyhow::anyhow!("{}: {e}", p.display()))?;
                let m = crate::i18n::msg("export_papers_beside").arg("path", p.display());
                writeln!(out, "{}", env.strings.problem(&m))?;
            }
        }
        None => {
            out.write_all(export.text.as_bytes())?;
            if export.papers_csv.is_some() {
                // on the screen there is no file to put them beside
                lost.insert(0, "lost_papers_stdout");
            }
        }
    }
    if !lost.is_empty() {
        let words: Vec<String> = lost
            .iter()
            .map(|k| env.strings.problem(&crate::i18n::msg(k)))
            .collect();
        let m = crate::i18n::msg("export_drops")
            .arg("format", format)
            .arg("what", words.join("；"));
        writeln!(err, "{}", env.strings.problem(&m))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi bank remove ID [--force]`
pub fn remove(env: &Env, id: &str, force: bool, out: &mut dyn Write) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    if store.bundled_bank_ids()?.iter().any(|b| b == id) {
        anyhow::bail!(fill(&env.strings.cli_bank_bundled, &[("id", &id)]));
    }
    let plans = store.plans_using_bank(id)?;
    if !plans.is_empty() && !force {
        anyhow::bail!(fill(
            &env.strings.cli_used_by_plans,
            &[("id", &id), ("plans", &plans.join(", "))]
        ));
    }
    if !store.remove_bank(id)? {
        anyhow::bail!(fill(&env.strings.cli_no_bank, &[("id", &id)]));
    }
    writeln!(
        out,
        "{}",
        fill(&env.strings.cli_bank_removed, &[("id", &id)])
    )?;
    Ok(ExitCode::SUCCESS)
}

/// The notes on how each file was read, then the questions `--skip-unsupported` left out,
/// each with its place.
fn report_skipped(
    env: &Env,
    skipped: &[crate::service::import::ImportError],
    out: &mut dyn Write,
) -> std::io::Result<()> {
    // notes on how a file was read (a type told from the answers, columns not read) first
    let (notes, left_out): (Vec<_>, Vec<_>) = skipped.iter().partition(|e| e.is_note());
    if !notes.is_empty() {
        writeln!(out, "{}", env.strings.cli_notes)?;
        for e in &notes {
            writeln!(out, "  {}", e.render(&env.strings))?;
        }
    }
    if left_out.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        "{}",
        fill(&env.strings.cli_skipped, &[("n", &left_out.len())])
    )?;
    for e in left_out {
        writeln!(out, "  {}", e.render(&env.strings))?;
    }
    Ok(())
}
