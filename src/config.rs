//! The member's settings: `~/.config/xuexi/config.toml`, or `--config FILE` / `XUEXI_CONFIG`.
//!
//! ```toml
//! language = "zh-CN"        # or "en"; unset: LC_ALL / LANG, then zh-CN
//! theme = "default"         # or "high-contrast"; NO_COLOR turns colour off whatever this says
//! idle_minutes = 5          # reading time stops counting after this long without a key
//! member_name = "张三"       # shown in exports
//! ```
//! A missing file is fine (defaults). A bad one is an error naming the file, line, column and key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::import::line_col;

pub const THEMES: [&str; 2] = ["default", "high-contrast"];

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub language: Option<String>,
    pub theme: String,
    pub idle_minutes: u32,
    pub member_name: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            language: None,
            theme: "default".into(),
            idle_minutes: 5,
            member_name: String::new(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub message: String,
}

impl Config {
    /// Idle limit in seconds, at least one minute.
    pub fn idle_seconds(&self) -> u32 {
        self.idle_minutes.max(1).saturating_mul(60)
    }

    /// Parses config text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let at = |offset: usize, msg: String| {
            let (line, col) = line_col(text, offset);
            let key = text
                .lines()
                .nth(line - 1)
                .and_then(|l| l.split_once('='))
                .map(|(k, _)| k.trim().to_string())
                .filter(|k| !k.is_empty() && !msg.contains(&format!("`{k}`")));
            let key = key.map(|k| format!(" (key `{k}`)")).unwrap_or_default();
            ConfigError {
                message: format!("{}:{line}:{col}: {msg}{key}", path.display()),
            }
        };
        let cfg: Config = toml::from_str(text).map_err(|e| {
            at(
                e.span().map_or(0, |s| s.start),
                crate::text::sanitize::sanitize_line(e.message()),
            )
        })?;
        let find = |key: &str| {
            text.lines()
                .scan(0usize, |off, l| {
                    let start = *off;
                    *off += l.len() + 1;
                    Some((start, l))
                })
                .find(|(_, l)| l.trim_start().starts_with(key))
                .map_or(0, |(s, l)| s + l.len() - l.trim_start().len())
        };
        if !THEMES.contains(&cfg.theme.as_str()) {
            return Err(at(
                find("theme"),
                format!(
                    "unknown theme `{}`; use one of: {}",
                    cfg.theme,
                    THEMES.join(", ")
                ),
            ));
        }
        if let Some(lang) = &cfg.language
            && crate::i18n::Lang::parse(lang).is_none()
        {
            return Err(at(
                find("language"),
                format!("unknown language `{lang}`; use zh-CN or en"),
            ));
        }
        Ok(cfg)
    }

    /// Loads the config: `explicit` (from `--config` or `XUEXI_CONFIG`) must exist; the default
    /// path may be missing.
    pub fn load(explicit: Option<&Path>) -> Result<(Config, Option<PathBuf>), ConfigError> {
        let (path, must_exist) = match explicit {
            Some(p) => (Some(p.to_path_buf()), true),
            None => (default_path(), false),
        };
        let Some(path) = path else {
            return Ok((Config::default(), None));
        };
        match std::fs::read_to_string(&path) {
            Ok(text) => Ok((Config::parse(&path, &text)?, Some(path))),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound && !must_exist => {
                Ok((Config::default(), None))
            }
            Err(e) => Err(ConfigError {
                message: format!("{}: {}", path.display(), e),
            }),
        }
    }
}

/// `$XDG_CONFIG_HOME/xuexi/config.toml` (usually `~/.config/xuexi/config.toml`).
pub fn default_path() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "xuexi").map(|d| d.config_dir().join("config.toml"))
}

/// `$XDG_DATA_HOME/xuexi` (usually `~/.local/share/xuexi`).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("", "", "xuexi").map(|d| d.data_dir().to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("config.toml"), s)
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse("").unwrap(), Config::default());
        let c = parse("language = \"en\"\ntheme = \"high-contrast\"\nidle_minutes = 3\nmember_name = \"张三\"\n").unwrap();
        assert_eq!(c.idle_seconds(), 180);
        assert_eq!(c.member_name, "张三");
    }

    #[test]
    fn errors_name_line_and_key() {
        let e = parse("theme = \"default\"\nidle_minutes = \"five\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.toml:2:16: "), "{e}");
        assert!(e.contains("idle_minutes"), "{e}");

        let e = parse("colour = \"red\"\n").unwrap_err().to_string();
        assert!(e.starts_with("config.toml:1:1: "), "{e}");
        assert!(e.contains("colour"), "{e}");

        let e = parse("\ntheme = \"neon\"\n").unwrap_err().to_string();
        assert!(
            e.starts_with("config.toml:2:1: unknown theme `neon`"),
            "{e}"
        );

        let e = parse("language = \"fr\"\n").unwrap_err().to_string();
        assert!(e.contains("unknown language `fr`"), "{e}");
    }
}
