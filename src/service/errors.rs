//! What a member is told when something fails, in their language: the store's and the config
//! file's errors are data, worded here by the string tables; anything else as it came.

use crate::config::ConfigError;
use crate::i18n::{Msg, Strings, msg};
use crate::store::{SqlTrouble, StoreError, sql_trouble};

/// A store error as a message of the `[problems]` table.
pub fn store_problem(e: &StoreError) -> Msg {
    if e.is_disk_full() {
        return msg("store_disk_full");
    }
    match e {
        StoreError::TooNew {
            path,
            found,
            supported,
        } => msg("store_too_new")
            .arg("path", path)
            .arg("found", found)
            .arg("supported", supported),
        StoreError::Open { path, error } => match sql_trouble(error) {
            SqlTrouble::Other(error) => {
                // SQLite's English for the log; the member reads what to check
                tracing::warn!(%path, %error, "the database did not open");
                msg("store_open").arg("path", path)
            }
            t => sql_problem(t),
        },
        StoreError::Sql(error) => sql_problem(sql_trouble(error)),
        StoreError::ReadOnly { path } => msg("store_read_only").arg("path", path),
        StoreError::BundledId(id) => msg("store_bundled_material").arg("id", id),
        StoreError::NoSuchMaterial(id) => msg("store_no_material").arg("id", id),
        StoreError::BundledBank(id) => msg("store_bundled_bank").arg("id", id),
        StoreError::NoSuchBank(id) => msg("store_no_bank").arg("id", id),
        StoreError::BundledPlan(id) => msg("store_bundled_plan").arg("id", id),
        StoreError::NoSuchPlan(id) => msg("store_no_plan").arg("id", id),
        StoreError::Io(error) => msg("store_io").arg("error", error),
        StoreError::Search(error) => {
            tracing::warn!(%error, "the search index could not be used");
            msg("store_search")
        }
    }
}

fn sql_problem(t: SqlTrouble) -> Msg {
    match t {
        SqlTrouble::ReadOnly => msg("store_db_read_only"),
        SqlTrouble::Busy => msg("store_busy").arg("secs", crate::store::BUSY_TIMEOUT.as_secs()),
        SqlTrouble::Damaged => msg("store_damaged"),
        SqlTrouble::DiskFull => msg("store_disk_full"),
        SqlTrouble::Other(error) => {
            tracing::warn!(%error, "a database error");
            msg("store_sql")
        }
    }
}

/// Whether `e` says the database file is damaged (SQLite's "malformed", "not a database"),
/// wherever in the chain, whether found on opening or on a page read later.
pub fn is_damage(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<StoreError>()
            .is_some_and(StoreError::is_damaged)
    })
}

/// A store error in the member's words.
pub fn store_text(e: &StoreError, s: &Strings) -> String {
    s.problem(&store_problem(e))
}

/// An error of a command as the member reads it: a config or store problem in their words
/// (found anywhere in the chain), else the error and its causes as they came.
pub fn render(e: &anyhow::Error, s: &Strings) -> String {
    for cause in e.chain() {
        if let Some(ce) = cause.downcast_ref::<ConfigError>() {
            return ce.render(s);
        }
        if let Some(se) = cause.downcast_ref::<StoreError>() {
            return s.problem(&store_problem(se));
        }
    }
    format!("{e:#}")
}
