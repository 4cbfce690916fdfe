//! Materials: what a member reads. Pure types and rules.

use serde::Serialize;

/// Where a material came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// Compiled into the binary from `data/materials/`.
    Bundled,
    /// Imported by the member with `xuexi materials import`.
    User,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Bundled => "bundled",
            Origin::User => "user",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "bundled" => Some(Origin::Bundled),
            "user" => Some(Origin::User),
            _ => None,
        }
    }
}

/// Front matter of a material, cleaned and validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Meta {
    pub id: String,
    pub title: String,
    pub column: String,
    pub source: String,
    /// YYYY-MM-DD
    pub date: Option<String>,
    pub tags: Vec<String>,
    pub summary: String,
}

/// A whole material: front matter and Markdown body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Material {
    pub meta: Meta,
    pub body: String,
}

/// Where the member stopped reading: a block of the body and a byte offset inside its text.
/// Independent of the terminal width, so a resize or another terminal resumes at the same place.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    pub block: usize,
    pub offset: usize,
}

/// The member's progress in one material.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    pub position: Position,
    /// How far the member has got, 0–100 (the furthest point reached).
    pub percent: u8,
    /// Read to the end at least once.
    pub read: bool,
    /// Active reading seconds already counted for it (every session so far).
    pub read_secs: i64,
}

impl Progress {
    /// What the library shows: 100 once read, else the furthest point reached.
    pub fn shown_percent(&self) -> u8 {
        if self.read {
            100
        } else {
            self.percent.min(100)
        }
    }
}

/// One row of the library: everything but the body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    pub meta: Meta,
    pub origin: Origin,
    /// Non-whitespace characters of the body.
    pub chars: usize,
    /// False for a bundled material that a newer bundle dropped but the member had started.
    pub in_bundle: bool,
    pub progress: Progress,
}

impl Summary {
    pub fn minutes(&self) -> u32 {
        reading_minutes(self.chars)
    }
}

/// Characters a member reads per minute, for the "N 分钟" estimate (Chinese prose, attentive).
pub const CHARS_PER_MINUTE: usize = 400;

/// Estimated reading minutes for a text of `chars` characters: at least one.
pub fn reading_minutes(chars: usize) -> u32 {
    (chars.div_ceil(CHARS_PER_MINUTE)).clamp(1, u32::MAX as usize) as u32
}

/// Longest id accepted.
pub const MAX_ID_LEN: usize = 64;

/// A material (or bank, plan…) id: 1–64 of `a-z`, `0-9` and `-`.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID_LEN
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Groups summaries by column, keeping the order in which each column first appears.
pub fn group_by_column(items: &[Summary]) -> Vec<(String, Vec<usize>)> {
    group_by_column_where(items, |_| true)
}

/// [`group_by_column`] of the items `keep` lets through (their indices still into `items`).
pub fn group_by_column_where(
    items: &[Summary],
    keep: impl Fn(&Summary) -> bool,
) -> Vec<(String, Vec<usize>)> {
    let mut groups: Vec<(String, Vec<usize>)> = Vec::new();
    for (i, s) in items.iter().enumerate().filter(|(_, s)| keep(s)) {
        match groups.iter_mut().find(|(c, _)| *c == s.meta.column) {
            Some((_, v)) => v.push(i),
            None => groups.push((s.meta.column.clone(), vec![i])),
        }
    }
    groups
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        assert!(is_valid_id("xuzhou-sixue-jizhi"));
        assert!(is_valid_id("2020-02"));
        assert!(!is_valid_id(""));
        assert!(!is_valid_id("Xuzhou"));
        assert!(!is_valid_id("a_b"));
        assert!(!is_valid_id("学习"));
        assert!(!is_valid_id(&"a".repeat(65)));
    }

    #[test]
    fn minutes() {
        assert_eq!(reading_minutes(0), 1);
        assert_eq!(reading_minutes(400), 1);
        assert_eq!(reading_minutes(401), 2);
    }

    #[test]
    fn shown_percent() {
        let mut p = Progress {
            percent: 40,
            ..Default::default()
        };
        assert_eq!(p.shown_percent(), 40);
        p.read = true;
        assert_eq!(p.shown_percent(), 100);
    }
}

/// A bundled material file as compiled into the binary.
#[derive(Clone, Debug)]
pub struct BundledFile<'a> {
    /// Path inside the bundle (`materials/01-….md`): also the library's sort key.
    pub name: String,
    /// Hex SHA-256 of the file's bytes.
    pub hash: String,
    pub bytes: std::borrow::Cow<'a, [u8]>,
}
