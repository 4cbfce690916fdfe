//! One set of limits for what a member or trainer brings in: a material, a bank, a plan, and a
//! study pack and the files in it. `materials import`, `bank import`, `plan import`, `pack
//! build` and `pack import` all check a file against the same figure here, with the same
//! message — a pack cannot install a material that `materials import` would refuse. The
//! README's limits table lists these figures (a test compares them).

use std::path::Path;

use super::{ImportError, msg};

const MB: u64 = 1024 * 1024;

/// A material (Markdown or text with its front matter).
pub const MATERIAL_BYTES: u64 = 5 * MB;
/// A bank file (TOML, CSV, GIFT, or a workbook). A 100,000-question bank as CSV is about
/// 28 MB; this leaves room for that with long explanations.
pub const BANK_BYTES: u64 = 64 * MB;
/// A study plan.
pub const PLAN_BYTES: u64 = MB;
/// A pack's manifest (`pack.toml`).
pub const MANIFEST_BYTES: u64 = MB;
/// A pack file.
pub const PACK_BYTES: u64 = 128 * MB;
/// What a pack may unpack to, in all.
pub const PACK_UNPACKED: u64 = 256 * MB;
/// One file of a pack, unpacked: the largest of the kinds it may hold (each is then held to
/// its own kind's limit).
pub const PACK_FILE: u64 = BANK_BYTES;
/// Files in a pack.
pub const PACK_ENTRIES: usize = 5_000;

/// What a file is, for its limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Material,
    Bank,
    Plan,
}

impl Kind {
    /// The most bytes a file of this kind may have.
    pub fn max_bytes(self) -> u64 {
        match self {
            Kind::Material => MATERIAL_BYTES,
            Kind::Bank => BANK_BYTES,
            Kind::Plan => PLAN_BYTES,
        }
    }
}

/// `path` of `len` bytes is within `max`; otherwise the one message every importer gives.
pub fn check_len(path: &Path, len: u64, max: u64) -> Result<(), ImportError> {
    if len > max {
        return Err(ImportError::file(
            path,
            msg("file_too_large").arg("bytes", len).arg("mb", max / MB),
        ));
    }
    Ok(())
}

/// [`check_len`] against the limit of `kind`.
pub fn check_size(path: &Path, len: u64, kind: Kind) -> Result<(), ImportError> {
    check_len(path, len, kind.max_bytes())
}
