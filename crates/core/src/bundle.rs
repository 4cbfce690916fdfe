//! What ships inside the binary: `data/` (materials, later banks and plans) and `assets/`
//! (UI strings, themes). Embedded in debug builds too (`debug-embed`), so the app and its tests
//! never depend on files beside the binary.

use std::borrow::Cow;

use rust_embed::RustEmbed;

use crate::domain::material::BundledFile;
use crate::text::hex;

#[derive(RustEmbed)]
#[folder = "../../data/"]
struct Data;

#[derive(RustEmbed)]
#[folder = "../../assets/"]
struct Assets;

/// The bundled material files (`data/materials/*.md`), in file-name order.
pub fn material_files() -> Vec<BundledFile<'static>> {
    files("materials/", ".md")
}

/// The bundled quiz banks (`data/banks/*.toml`), in file-name order.
pub fn bank_files() -> Vec<BundledFile<'static>> {
    files("banks/", ".toml")
}

/// The bundled study plans (`data/plans/*.toml`), in file-name order.
pub fn plan_files() -> Vec<BundledFile<'static>> {
    files("plans/", ".toml")
}

fn files(dir: &str, ext: &str) -> Vec<BundledFile<'static>> {
    let mut names: Vec<Cow<'static, str>> = Data::iter()
        .filter(|n| n.starts_with(dir) && n.ends_with(ext))
        .collect();
    names.sort();
    names
        .into_iter()
        .filter_map(|name| {
            let file = Data::get(&name)?;
            Some(BundledFile {
                hash: hex(&file.metadata.sha256_hash()),
                name: name.into_owned(),
                bytes: file.data,
            })
        })
        .collect()
}

/// An embedded asset's text, e.g. `i18n/zh-CN.toml`.
pub fn asset_text(path: &str) -> Option<String> {
    let file = Assets::get(path)?;
    String::from_utf8(file.data.into_owned()).ok()
}
