//! The UI string tables (`assets/i18n/*.toml`) turned into Rust at build time: the app reads
//! them at every start, and a table compiled in costs nothing to parse (a `xuexi search` spent
//! a third of its instructions parsing the TOML, and then some 5 % parsing the JSON it was
//! turned into). A table that does not parse, or holds anything but strings and the two
//! tables of strings `[problems]` and `[help]`, fails the build.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    // the manifest folder of this build, not of the one that compiled the script: env!() would
    // keep the folder the script was first built in, and a target folder copied to another
    // checkout then read (and watched) the other checkout's tables
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
        // one text of every key and string after the other, and (table, key's length, text's
        // length) of each: numbers and one literal, nothing for the loader to relocate (a
        // slice of string literals is three pointers an entry, each moved at every start)
        let (mut blob, mut index) = (String::new(), String::new());
        let mut entry = |table: u8, key: &str, value: &toml::Value| match value {
            toml::Value::String(s) => {
                blob.push_str(key);
                blob.push_str(s);
                let _ = write!(index, "({table}, {}, {}),", key.len(), s.len());
            }
            _ => panic!("{}: `{key}` is not a string", file.display()),
        };
        for (key, value) in &table {
            match (key.as_str(), value) {
                ("problems", toml::Value::Table(t)) => t.iter().for_each(|(k, v)| entry(1, k, v)),
                ("help", toml::Value::Table(t)) => t.iter().for_each(|(k, v)| entry(2, k, v)),
                _ => entry(0, key, value),
            }
        }
        // (Debug of a str is a Rust string literal)
        let rust = format!("({blob:?}, &[{index}])\n");
        std::fs::write(Path::new(&out).join(format!("{lang}.rs")), rust)
            .expect("OUT_DIR is writable");
    }
}
