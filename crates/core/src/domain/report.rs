//! What a report of the study log is: the formats it is written in, and the names (material
//! titles and columns) it shows instead of ids.

use std::collections::HashMap;

/// The formats `xuexi export` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Json,
    Md,
    Xapi,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Md, Format::Csv, Format::Json, Format::Xapi];

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" => Some(Format::Md),
            "xapi" => Some(Format::Xapi),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xapi => "xapi",
        }
    }

    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xapi => "xapi.json",
        }
    }
}

/// What the report and the statements name: titles of materials and their columns.
#[derive(Clone, Debug, Default)]
pub struct Names {
    /// Material id → (title, column).
    pub materials: HashMap<String, (String, String)>,
    /// `bank` and `bank/paper` → the bank's or the paper's title.
    pub quizzes: HashMap<String, String>,
}

impl Names {
    pub fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.materials.get(id).map_or(id, |(t, _)| t.as_str())
    }

    /// A quiz as a member knows it: the paper's title, else the bank's; the ids when neither
    /// is known (a removed bank).
    pub fn quiz(&self, bank: &str, paper: Option<&str>) -> String {
        let key = match paper {
            Some(p) => format!("{bank}/{p}"),
            None => bank.to_string(),
        };
        self.quizzes.get(&key).cloned().unwrap_or(key)
    }
}
