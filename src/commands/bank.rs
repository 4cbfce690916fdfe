//! `xuexi bank check|import|list|export|remove`: quiz banks for trainers.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Result;

use super::sha256_hex;
use crate::domain::quiz::Bank;
use crate::i18n::fill;
use crate::import::bank::MAX_BANK_BYTES;
use crate::import::bank_table::{bank_from_rows, csv_rows, export_bank_csv, xlsx_rows};
use crate::import::bank_toml::{export_bank_toml, parse_bank_toml};
use crate::import::{ImportError, read_limited};
use crate::service::bootstrap::Env;
use crate::service::files::write_atomically;
use crate::store::Store;
use crate::text::width::{fit, width};

/// How a spreadsheet bank gets its id, title and sheet.
#[derive(Clone, Debug, Default)]
pub struct TableOptions {
    pub id: Option<String>,
    pub title: Option<String>,
    pub sheet: Option<String>,
}

/// Reads and checks one bank file of any supported format.
pub fn load_bank(
    path: &Path,
    opts: &TableOptions,
    material_exists: &dyn Fn(&str) -> bool,
) -> Result<(Bank, String), Vec<ImportError>> {
    let bytes = read_limited(path, MAX_BANK_BYTES).map_err(|e| vec![e])?;
    let hash = sha256_hex(&bytes);
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let id = opts.id.clone().unwrap_or_else(|| stem.clone());
    let title = opts.title.clone().unwrap_or_else(|| stem.clone());
    let bank = match ext.as_str() {
        "toml" => {
            let text = crate::import::decode_utf8(path, &bytes).map_err(|e| vec![e])?;
            parse_bank_toml(path, text, material_exists)
        }
        "csv" | "txt" => {
            let rows = csv_rows(path, &bytes).map_err(|e| vec![e])?;
            bank_from_rows(path, &rows, &id, &title, material_exists)
        }
        "xlsx" | "xlsm" => {
            let rows = xlsx_rows(path, &bytes, opts.sheet.as_deref()).map_err(|e| vec![e])?;
            bank_from_rows(path, &rows, &id, &title, material_exists)
        }
        _ => Err(vec![ImportError::file(
            path,
            "unknown bank format: use .toml, .csv or .xlsx",
        )]),
    }?;
    if bank.questions.is_empty() {
        return Err(vec![ImportError::at(
            path,
            1,
            1,
            "the bank has no questions".into(),
        )]);
    }
    Ok((bank, hash))
}

struct Checked {
    banks: Vec<(PathBuf, Bank, String)>,
    errors: Vec<ImportError>,
}

fn check_all(store: &Store, files: &[PathBuf], opts: &TableOptions) -> Result<Checked> {
    let materials = store.list_materials()?;
    let exists = |id: &str| materials.iter().any(|m| m.meta.id == id);
    let mut out = Checked {
        banks: Vec::new(),
        errors: Vec::new(),
    };
    if opts.id.is_some() && files.len() > 1 {
        out.errors.push(ImportError::file(
            &files[1],
            "--id names one bank: give one spreadsheet at a time with it",
        ));
    }
    for f in files {
        match load_bank(f, opts, &exists) {
            Ok((bank, hash)) => out.banks.push((f.clone(), bank, hash)),
            Err(mut e) => out.errors.append(&mut e),
        }
    }
    let mut seen: HashMap<&str, &PathBuf> = HashMap::new();
    let bundled = store.bundled_bank_ids()?;
    for (path, bank, _) in &out.banks {
        if let Some(first) = seen.insert(&bank.id, path) {
            out.errors.push(ImportError::file(
                path,
                format!("bank id `{}` is also used by {}", bank.id, first.display()),
            ));
        }
        if bundled.contains(&bank.id) {
            out.errors.push(ImportError::file(
                path,
                format!(
                    "bank id `{}` belongs to a bank bundled with xuexi; give yours another id",
                    bank.id
                ),
            ));
        }
    }
    Ok(out)
}

/// `xuexi bank check FILE...`: every problem of every file; exit 1 if any.
pub fn check(
    env: &Env,
    files: &[PathBuf],
    opts: &TableOptions,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let store = env.open_store()?;
    let checked = check_all(&store, files, opts)?;
    for (path, bank, _) in &checked.banks {
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
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    let checked = check_all(&store, files, opts)?;
    if !checked.errors.is_empty() {
        super::report_problems(env, &checked.errors, err)?;
        writeln!(err, "{}", env.strings.cli_nothing_imported)?;
        return Ok(ExitCode::FAILURE);
    }
    let items: Vec<(Bank, String, String)> = checked
        .banks
        .into_iter()
        .map(|(p, b, h)| (b, h, p.display().to_string()))
        .collect();
    store.import_banks(&items, jiff::Timestamp::now())?;
    for (bank, _, _) in &items {
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
            "{}  {:>qw$}  {:>pw$}  {}",
            fit(&b.id, id_w),
            b.questions,
            b.papers,
            b.title
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi bank export ID --format toml|csv [-o FILE]`
pub fn export(
    env: &Env,
    id: &str,
    format: &str,
    output: Option<&Path>,
    out: &mut dyn Write,
) -> Result<ExitCode> {
    let store = env.open_store()?;
    let bank = store.bank(id)?;
    let text = match format {
        "toml" => export_bank_toml(&bank),
        "csv" => export_bank_csv(&bank),
        other => anyhow::bail!("--format {other}: use toml or csv"),
    };
    match output {
        Some(path) => {
            write_atomically(path, text.as_bytes())
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
        }
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// `xuexi bank remove ID`
pub fn remove(env: &Env, id: &str, out: &mut dyn Write) -> Result<ExitCode> {
    let mut store = env.open_store_for_writing()?;
    if store.bundled_bank_ids()?.iter().any(|b| b == id) {
        anyhow::bail!(
            "bank `{id}` is bundled with xuexi and comes back at every start; it cannot be removed"
        );
    }
    if !store.remove_bank(id)? {
        anyhow::bail!("no bank with id `{id}`");
    }
    writeln!(
        out,
        "{}",
        fill(&env.strings.cli_bank_removed, &[("id", &id)])
    )?;
    Ok(ExitCode::SUCCESS)
}
