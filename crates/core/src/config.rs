//! The member's settings: `~/.config/xuexi/config.toml`, or `--config FILE` / `XUEXI_CONFIG`.
//!
//! ```toml
//! language = "zh-CN"        # or "en"; unset: LC_ALL / LANG, then zh-CN
//! theme = "auto"            # "light", "dark" (= "default") or "high-contrast"; auto: by the
//!                           # terminal's background (OSC 11, else COLORFGBG); NO_COLOR: none
//! idle_minutes = 5          # reading time stops counting after this long without a key
//! min_read_minutes = 5      # read = at the end and half the estimated time, at most this
//!
//! [member]                  # who the exports are from
//! name = "张三"
//! account = "zhangsan"      # xAPI account name [default: name]
//! home_page = "https://lrs.example.org/"   # xAPI account homePage [default: the xAPI base]
//!
//! [points]                  # 学习积分: `points` per `per` units, at most `cap` a day
//! article = { points = 1, per = 1, cap = 6 }     # per material read to the end
//! reading = { points = 1, per = 4, cap = 6 }     # per minute of reading
//! daily = { points = 1, per = 1, cap = 5 }       # per right answer in the daily quiz
//! exam = { points = 5, per = 1, cap = 5 }        # per exam passed
//! challenge = { points = 1, per = 2, cap = 6 }   # per right answer in a challenge
//! login = { points = 1, per = 1, cap = 1 }       # 登录: the day's first open
//! opinion = { points = 1, per = 1, cap = 1 }     # 发表观点: a note of 20 characters or more
//! weekly = { points = 1, per = 1, cap = 5 }      # per right answer in the week's set
//! special = { points = 1, per = 1, cap = 10 }    # 专项答题: per right answer, once per set
//!
//! [export]
//! dir = "~/述学"             # where the app's export key writes [default: <data dir>/exports]
//! xapi_base = "https://xuexi.invalid/"           # activity ids are IRIs under this
//!
//! [backup]
//! keep = 7                  # daily backups kept in backups/ beside the database
//!
//! [review]
//! daily = 20                # 复习: questions due for review asked a day, at most
//! ```
//! The older top-level `member_name = "张三"` still works (`[member] name` wins).
//! A missing file is fine (defaults). A bad one is an error naming the file, line, column and key.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::domain::stats::PointRules;
use crate::i18n::{Msg, msg};
use crate::text::line_col;

/// Daily backups kept when the config does not say (`[backup] keep`).
pub const KEEP_DAILY: usize = 7;

pub const THEMES: [&str; 5] = ["auto", "dark", "light", "default", "high-contrast"];

/// The config file's keys (checked before reading it, so every unknown key is reported).
const SHAPE: crate::text::toml_shape::Shape = {
    use crate::text::toml_shape::{Shape, TableShape};
    Shape {
        top: TableShape {
            allowed: &[
                "language",
                "theme",
                "idle_minutes",
                "min_read_minutes",
                "member_name",
                "member",
                "points",
                "export",
                "backup",
                "lrs",
                "review",
            ],
            required: &[],
        },
        tables: &[
            (
                "member",
                TableShape {
                    allowed: &["name", "account", "home_page", "branch"],
                    required: &[],
                },
            ),
            (
                "points",
                TableShape {
                    allowed: &[
                        "article",
                        "reading",
                        "daily",
                        "exam",
                        "challenge",
                        "login",
                        "opinion",
                        "weekly",
                        "special",
                    ],
                    required: &[],
                },
            ),
            (
                "export",
                TableShape {
                    allowed: &["dir", "xapi_base"],
                    required: &[],
                },
            ),
            (
                "backup",
                TableShape {
                    allowed: &["keep"],
                    required: &[],
                },
            ),
            (
                "review",
                TableShape {
                    allowed: &["daily"],
                    required: &[],
                },
            ),
            (
                "lrs",
                TableShape {
                    allowed: &["endpoint", "username", "password"],
                    required: &[],
                },
            ),
        ],
    }
};

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Config {
    pub language: Option<String>,
    pub theme: String,
    pub idle_minutes: u32,
    /// A material counts as read (积分, plan items) after reading to its end and at least half
    /// its estimated reading time, but never more than this many minutes.
    pub min_read_minutes: u32,
    /// Older spelling of `[member] name`.
    pub member_name: String,
    pub member: Member,
    pub points: PointRules,
    pub export: ExportConfig,
    pub backup: BackupConfig,
    pub review: ReviewConfig,
    /// A learning record store for `xuexi lrs push` (the one command that uses the network).
    pub lrs: LrsConfig,
}

/// `[lrs]`: where `xuexi lrs push` posts the statements, and as whom.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct LrsConfig {
    /// The LRS's xAPI endpoint (`https://lrs.example.org/xapi/`); `statements` is under it.
    pub endpoint: String,
    pub username: String,
    /// Better in the `XUEXI_LRS_PASSWORD` environment variable than in the file.
    pub password: String,
}

/// `[review]`: long-term review (复习).
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ReviewConfig {
    /// Questions due for review asked a day, at most.
    pub daily: usize,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            daily: crate::domain::review::DAILY_REVIEWS,
        }
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct BackupConfig {
    /// Daily backups kept.
    pub keep: usize,
}

impl Default for BackupConfig {
    fn default() -> Self {
        BackupConfig { keep: KEEP_DAILY }
    }
}

#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct Member {
    pub name: String,
    pub account: String,
    pub home_page: String,
    /// The member's 党支部, named in exports and the 述学 report.
    pub branch: String,
}

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields, default)]
pub struct ExportConfig {
    pub dir: Option<PathBuf>,
    pub xapi_base: String,
}

impl Default for ExportConfig {
    fn default() -> Self {
        ExportConfig {
            dir: None,
            xapi_base: "https://xuexi.invalid/".into(),
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            language: None,
            theme: "auto".into(),
            idle_minutes: 5,
            min_read_minutes: 5,
            member_name: String::new(),
            member: Member::default(),
            points: PointRules::default(),
            export: ExportConfig::default(),
            backup: BackupConfig::default(),
            review: ReviewConfig::default(),
            lrs: LrsConfig::default(),
        }
    }
}

/// The problems of the config file, every one found in one reading: each where (line and
/// column, and the key on that line) and what, as data worded by the reader's string table
/// ([`ConfigError::render`]; `Display` is English).
#[derive(Debug)]
pub struct ConfigError {
    pub path: PathBuf,
    pub problems: Vec<ConfigProblem>,
}

#[derive(Debug)]
pub struct ConfigProblem {
    pub place: Option<(usize, usize)>,
    pub key: Option<String>,
    pub message: Msg,
}

impl std::error::Error for ConfigError {}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(crate::i18n::Strings::english()))
    }
}

impl ConfigError {
    /// Each problem on a line of its own.
    pub fn render(&self, s: &crate::i18n::Strings) -> String {
        let path = crate::text::sanitize::sanitize_line(&self.path.display().to_string());
        let lines: Vec<String> = self
            .problems
            .iter()
            .map(|p| {
                let mut message = s.problem(&p.message);
                if let Some(k) = &p.key {
                    message.push_str(&s.problem(&msg("config_key").arg("key", k)));
                }
                match p.place {
                    Some((line, col)) => s.problem(
                        &msg("at")
                            .arg("path", &path)
                            .arg("line", line)
                            .arg("col", col)
                            .arg("message", message),
                    ),
                    None => s.problem(&msg("file").arg("path", &path).arg("message", message)),
                }
            })
            .collect();
        lines.join("\n")
    }
}

impl Config {
    /// The member's name for exports (`[member] name`, else the older `member_name`).
    pub fn member_name(&self) -> &str {
        let n = self.member.name.trim();
        if n.is_empty() {
            self.member_name.trim()
        } else {
            n
        }
    }
    /// Active seconds a material of `minutes` estimated reading time needs to count as read:
    /// half the estimate, at most `min_read_minutes`.
    pub fn min_read_secs(&self, minutes: u32) -> i64 {
        (i64::from(minutes) * 30).min(i64::from(self.min_read_minutes) * 60)
    }

    /// Idle limit in seconds, at least one minute.
    pub fn idle_seconds(&self) -> u32 {
        self.idle_minutes.max(1).saturating_mul(60)
    }

    /// Parses config text; `path` is only used in messages.
    pub fn parse(path: &Path, text: &str) -> Result<Config, ConfigError> {
        let at = |offset: usize, message: Msg| {
            let (line, col) = line_col(text, offset);
            // the key on that line, unless the message already names it
            let key = text
                .lines()
                .nth(line - 1)
                .and_then(|l| l.split_once('='))
                .map(|(k, _)| crate::text::sanitize::sanitize_line(k.trim()))
                .filter(|k| !k.is_empty() && !message.args.iter().any(|(_, v)| v == k));
            ConfigProblem {
                place: Some((line, col)),
                key,
                message,
            }
        };
        let failed = |problems: Vec<ConfigProblem>| ConfigError {
            path: path.to_path_buf(),
            problems,
        };
        // every unknown key in one run (serde stops at the first)
        let keys: Vec<ConfigProblem> = crate::text::toml_shape::key_problems(text, &SHAPE)
            .iter()
            .map(|p| {
                let (offset, m) = crate::i18n::key_problem(p);
                at(offset, m)
            })
            .collect();
        if !keys.is_empty() {
            return Err(failed(keys));
        }
        let mut cfg: Config = toml::from_str(text).map_err(|e| {
            failed(vec![at(
                e.span().map_or(0, |s| s.start),
                crate::i18n::toml_problem(e.message()),
            )])
        })?;
        // the member's words go into exports, reports and the terminal: no control reaches them
        for field in [
            &mut cfg.member.name,
            &mut cfg.member.account,
            &mut cfg.member.branch,
            &mut cfg.member_name,
        ] {
            *field = crate::text::sanitize::sanitize_line(field);
        }
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
        let mut problems = Vec::new();
        if !THEMES.contains(&cfg.theme.as_str()) {
            problems.push(at(
                find("theme"),
                msg("config_theme")
                    .arg("theme", &cfg.theme)
                    .arg("themes", THEMES.join(", ")),
            ));
        }
        let base = cfg.export.xapi_base.trim();
        if !(base.starts_with("https://") || base.starts_with("http://")) || !base.ends_with('/') {
            problems.push(at(
                find("xapi_base"),
                msg("config_xapi_base").arg("base", base),
            ));
        }
        let lrs = cfg.lrs.endpoint.trim();
        if !(lrs.is_empty() || lrs.starts_with("https://") || lrs.starts_with("http://")) {
            problems.push(at(
                find("endpoint"),
                msg("config_lrs_endpoint").arg("value", crate::text::without_userinfo(lrs)),
            ));
        }
        let home = cfg.member.home_page.trim();
        if !(home.is_empty() || home.starts_with("https://") || home.starts_with("http://")) {
            problems.push(at(
                find("home_page"),
                msg("config_home_page").arg("value", home),
            ));
        }
        if let Some(lang) = &cfg.language
            && crate::i18n::Lang::parse(lang).is_none()
        {
            problems.push(at(
                find("language"),
                msg("config_language").arg("lang", lang),
            ));
        }
        if problems.is_empty() {
            Ok(cfg)
        } else {
            Err(failed(problems))
        }
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
                path: path.clone(),
                problems: vec![ConfigProblem {
                    place: None,
                    key: None,
                    // `--config` or XUEXI_CONFIG naming a file that is not there: said in words,
                    // not the system's English
                    message: crate::i18n::io_problem(&path, &e),
                }],
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

    #[test]
    fn reading_counts_after_half_the_estimate_at_most_the_configured_minutes() {
        let c = Config::default();
        assert_eq!(c.min_read_secs(2), 60, "a 2-minute article: one minute");
        assert_eq!(c.min_read_secs(30), 300, "a long one: five minutes at most");
        let c = parse("min_read_minutes = 1\n").unwrap();
        assert_eq!(c.min_read_secs(30), 60);
    }

    use super::*;

    fn parse(s: &str) -> Result<Config, ConfigError> {
        Config::parse(Path::new("config.toml"), s)
    }

    #[test]
    fn a_wrong_lrs_endpoint_is_named_without_its_password() {
        let e =
            parse("[lrs]\nendpoint = \"ftp://branch1:s3cret@lrs.example/xapi/\"\n").unwrap_err();
        let text = e.render(&crate::i18n::Strings::load(crate::i18n::Lang::ZhCn));
        assert!(text.contains("ftp://lrs.example/xapi/"), "{text}");
        assert!(
            !text.contains("s3cret") && !text.contains("branch1"),
            "{text}"
        );
    }

    #[test]
    fn the_members_words_lose_their_controls_on_reading() {
        let c = parse("[member]\nname = \"张\\u001b]52;c;aGk=\\u0007三\\u009b31m\\u202e\"\nbranch = \"一\\u0085支部\"\n").unwrap();
        assert_eq!(c.member_name(), "张三");
        assert_eq!(c.member.branch, "一支部");
    }

    #[test]
    fn the_readmes_settings_with_every_key_are_read() {
        let readme = include_str!("../../../README.md");
        let at = readme.find("# ~/.config/xuexi/config.toml").unwrap();
        let block = &readme[at..];
        let block = &block[..block.find("```").unwrap()];
        let c = parse(block).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.member.account, "zhangsan");
        assert_eq!(c.backup.keep, 7);
    }

    #[test]
    fn every_problem_of_the_file_in_one_run() {
        let e =
            parse("colour = \"red\"\n[member]\nnick = \"小张\"\n[backup]\nkept = 3\n").unwrap_err();
        assert_eq!(e.problems.len(), 3, "{e}");
        let text = e.to_string();
        for (line, key) in [(1, "colour"), (3, "nick"), (5, "kept")] {
            assert!(
                text.contains(&format!("config.toml:{line}:1: unknown field `{key}`")),
                "{text}"
            );
        }
        // a home_page that is not an address makes every statement invalid
        let e = parse("[member]\nname = \"张三\"\nhome_page = \"lrs.example.org\"\n").unwrap_err();
        assert!(e.to_string().contains("config.toml:3:"), "{e}");
        assert!(parse("[member]\nhome_page = \"https://lrs.example.org/\"\n").is_ok());
        // and the values' problems together
        let e = parse("theme = \"neon\"\nlanguage = \"fr\"\n").unwrap_err();
        assert_eq!(e.problems.len(), 2, "{e}");
        let zh = e.render(&crate::i18n::Strings::load(crate::i18n::Lang::ZhCn));
        assert_eq!(zh.lines().count(), 2, "{zh}");
    }

    #[test]
    fn defaults_and_values() {
        assert_eq!(parse("").unwrap(), Config::default());
        let c = parse("language = \"en\"\ntheme = \"high-contrast\"\nidle_minutes = 3\nmember_name = \"张三\"\n").unwrap();
        assert_eq!(c.idle_seconds(), 180);
        assert_eq!(c.member_name(), "张三");
    }

    #[test]
    fn member_table_and_point_rules() {
        let c = parse("member_name = \"旧名\"\n[member]\nname = \"张三\"\naccount = \"zs\"\n[points]\nexam = { points = 3, per = 1, cap = 3 }\n").unwrap();
        assert_eq!(
            c.member_name(),
            "张三",
            "[member] name wins over member_name"
        );
        assert_eq!(c.member.account, "zs");
        assert_eq!(c.points.exam.points, 3);
        assert_eq!(
            c.points.article,
            PointRules::default().article,
            "others keep defaults"
        );
        let e = parse("[points]\nexam = { points = 3 }\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.toml:2:8: "), "{e}");
        let e = parse("[export]\nxapi_base = \"ftp://x\"\n")
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("config.toml:2:1: xapi_base `ftp://x`"), "{e}");
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
