//! `xuexi paper print`: an exam paper (or a whole bank) to print, with its answer key.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Result;

use crate::export::paper::{lay_out, to_html, to_markdown};
use crate::i18n::msg;
use crate::service::bootstrap::Env;
use crate::service::files::write_atomically;

/// What to print.
pub struct PrintRequest<'a> {
    pub bank: &'a str,
    pub paper: Option<&'a str>,
    pub seed: u64,
    pub key: bool,
    pub format: &'a str,
    pub output: Option<&'a Path>,
    pub force: bool,
}

/// `xuexi paper print BANK [PAPER] [--seed N] [--key] --format md|html [-o FILE] [--force]`.
pub fn print(env: &Env, req: &PrintRequest<'_>, out: &mut dyn Write) -> Result<ExitCode> {
    let s = &env.strings;
    super::log::refuse_existing(s, req.output, req.force)?;
    let store = env.open_store()?;
    if req.key {
        // closed book: no key of a bank whose exam is open
        crate::service::exam::guard(&store, s, Some(req.bank), jiff::Timestamp::now())
            .map_err(anyhow::Error::msg)?;
        // a sealed bank's key is the trainer's
        crate::service::exam::sealed_guard(&store, s, req.bank).map_err(anyhow::Error::msg)?;
    }
    // no such bank: the store says so (worded by service::errors)
    let bank = store.bank(req.bank)?;
    let paper = match req.paper {
        None => None,
        Some(id) => match bank.papers.iter().find(|p| p.id == id) {
            Some(p) => Some(p),
            None => {
                let have: Vec<&str> = bank.papers.iter().map(|p| p.id.as_str()).collect();
                anyhow::bail!(
                    s.problem(
                        &msg("print_no_paper")
                            .arg("paper", id)
                            .arg("bank", req.bank)
                            .arg("papers", have.join(", "))
                    )
                );
            }
        },
    };
    let printed = lay_out(&bank, paper, req.seed, s);
    let text = match req.format {
        "html" => to_html(&printed, req.key, s),
        _ => to_markdown(&printed, req.key, s),
    };
    match req.output {
        Some(path) => write_atomically(path, text.as_bytes()).map_err(|e| {
            anyhow::anyhow!(
                s.problem(
                    &msg("data_dir_create")
                        .arg("path", path.display())
                        .arg("error", e)
                )
            )
        })?,
        None => out.write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
