//! The UI string tables (`assets/i18n/*.toml`) turned into JSON at build time: the app reads
//! them at every start, and JSON parses in a tenth of the time TOML does (a `xuexi search` spent
//! a third of its instructions parsing the TOML). A table that does not parse fails the build.

use std::path::Path;

fn main() {
    // read when the script runs, not when it was compiled: a target folder copied from another
    // checkout would otherwise read that checkout's tables
    let manifest = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let dir = Path::new(&manifest).join("../../assets/i18n");
    let out = std::env::var("OUT_DIR").expect("cargo sets OUT_DIR");
    for lang in ["zh-CN", "en"] {
        let file = dir.join(format!("{lang}.toml"));
        println!("cargo:rerun-if-changed={}", file.display());
        let text =
            std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let table: toml::Table =
            toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        let json = serde_json::to_string(&table).expect("a TOML table is JSON");
        std::fs::write(Path::new(&out).join(format!("{lang}.json")), json)
            .expect("OUT_DIR is writable");
    }
}
