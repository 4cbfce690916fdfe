//! Writes to the member's config file from the app (the welcome screen's name), keeping what
//! is there: comments, order and every other setting. The file is checked again after the
//! change, so a write never leaves a config xuexi would refuse at the next start.

use std::path::Path;

use crate::i18n::{Strings, msg};

/// The config's text with `[member] name` set to `name` (the table made when missing).
pub fn with_member_name(text: &str, name: &str) -> Result<String, crate::i18n::Msg> {
    // (toml_edit's own words are English: the member is told in theirs, and the config's
    // checks at start name the place)
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|_: toml_edit::TomlError| msg("settings_unreadable"))?;
    let member = doc
        .entry("member")
        .or_insert_with(|| toml_edit::Item::Table(toml_edit::Table::new()));
    match member.as_table_like_mut() {
        Some(t) => {
            t.insert("name", toml_edit::value(name));
        }
        None => return Err(msg("settings_member_not_table")),
    }
    Ok(doc.to_string())
}

/// Sets the member's name in the config file at `path` (made, with its folder, when missing),
/// atomically; what went wrong in the member's words otherwise.
pub fn set_member_name(path: &Path, name: &str, s: &Strings) -> Result<(), String> {
    let said = |m: crate::i18n::Msg| format!("{}: {}", path.display(), s.problem(&m));
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(said(msg("io_error").arg("error", e))),
    };
    let new = with_member_name(text.trim_start_matches('\u{feff}'), name).map_err(said)?;
    // what is written must load: the same checks as at start
    crate::config::Config::parse(path, &new).map_err(|e| e.render(s))?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| said(msg("io_error").arg("error", e)))?;
    }
    super::files::write_atomically(path, new.as_bytes())
        .map_err(|e| said(msg("io_error").arg("error", e)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_name_is_set_and_everything_else_kept() {
        let text = "# my settings\nlanguage = \"zh-CN\"\n\n[member]\nbranch = \"第一党支部\" # 支部\nname = \"旧名\"\n";
        let new = with_member_name(text, "张三").unwrap();
        assert!(
            new.starts_with("# my settings\nlanguage = \"zh-CN\"\n"),
            "{new}"
        );
        assert!(new.contains("branch = \"第一党支部\" # 支部"), "{new}");
        assert!(new.contains("name = \"张三\""), "{new}");
        assert!(!new.contains("旧名"));
        // no file yet, or no [member] table: made
        assert_eq!(
            with_member_name("", "李四").unwrap(),
            "[member]\nname = \"李四\"\n"
        );
        let added = with_member_name("[theme]\nname = \"dark\"\n", "王五").unwrap();
        assert!(added.contains("[theme]\nname = \"dark\""), "{added}");
        assert!(added.contains("[member]\nname = \"王五\""), "{added}");
        // quotes and backslashes in a name stay text
        let odd = with_member_name("", "a\"b\\c").unwrap();
        let v: toml_edit::DocumentMut = odd.parse().unwrap();
        assert_eq!(v["member"]["name"].as_str(), Some("a\"b\\c"));
        // a file that is not TOML is not overwritten
        assert!(with_member_name("[member\nname=", "x").is_err());
        assert!(with_member_name("member = 3\n", "x").is_err());
    }
}
