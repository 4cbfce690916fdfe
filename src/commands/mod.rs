//! Subcommands: plain output on stdout, problems on stderr, no raw mode.

pub mod bank;
pub mod materials;

pub use materials::{materials_import, materials_list};

/// Hex SHA-256 of a file's bytes: what tells a changed file from an unchanged one.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    crate::store::materials_hex(&Sha256::digest(bytes))
}

/// Writes `bytes` to `path` whole or not at all: into a temporary file beside it, then renamed.
pub fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or_else(|| std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.xuexi-tmp-{}", std::process::id()));
    let result = (|| {
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}
