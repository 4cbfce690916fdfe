//! The profiles on a data folder (a branch's shared computer): the folder's own first, the one
//! single-member folders have always had, then each `profiles/NAME` in name order, with the day
//! each member last studied. Read before any database is opened for writing, so that the
//! profile picked is the one whose writer lock is taken; nothing here writes.

use std::path::Path;

use jiff::civil::Date;

use super::bootstrap::{profile_dir, profile_name_ok};
use crate::store::{DB_FILE, Store};

/// The folder's profiles: `(None, …)` the folder's own, then `(Some(name), …)` each folder of
/// `profiles/` whose name is one to use (anything else there is not a profile, and a name with
/// a control character never reaches the screen). The day is the last the app was opened on,
/// when the profile's database can be read (and only looked up when there are two or more).
pub fn list(data_dir: &Path) -> Vec<(Option<String>, Option<Date>)> {
    let mut names: Vec<String> = std::fs::read_dir(data_dir.join("profiles"))
        .into_iter()
        .flatten()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| profile_name_ok(n))
        .collect();
    names.sort();
    // a folder with no profiles but its own is opened as before, without a picker: its
    // database is not read here for a day nobody is shown
    if names.is_empty() {
        return vec![(None, None)];
    }
    let own = (None, last_studied(data_dir));
    std::iter::once(own)
        .chain(names.into_iter().map(|n| {
            let day = last_studied(&profile_dir(data_dir, &n));
            (Some(n), day)
        }))
        .collect()
}

/// The last day the member of the profile in `dir` opened xuexi, read without writing (no
/// lock, no migration): `None` for a profile never opened, or one this build cannot read.
fn last_studied(dir: &Path) -> Option<Date> {
    let db = dir.join(DB_FILE);
    if !db.exists() {
        return None;
    }
    let store = Store::open_read_only(&db).ok()?;
    store.opened_days().ok()?.last().copied()
}
