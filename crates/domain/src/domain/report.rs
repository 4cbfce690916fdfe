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
    /// The 述学 report as a page that prints on A4.
    Html,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Md, Format::Csv, Format::Json, Format::Xapi];

    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" => Some(Format::Json),
            "md" => Some(Format::Md),
            "xapi" => Some(Format::Xapi),
            "html" => Some(Format::Html),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xapi => "xapi",
            Format::Html => "html",
        }
    }

    /// File name extension.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Json => "json",
            Format::Md => "md",
            Format::Xapi => "xapi.json",
            Format::Html => "html",
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
    /// (bank, question) → the question as it reads now (a removed bank's are unknown).
    pub questions: HashMap<(String, String), crate::domain::quiz::Question>,
}

impl Names {
    pub fn title<'a>(&'a self, id: &'a str) -> &'a str {
        self.materials.get(id).map_or(id, |(t, _)| t.as_str())
    }

    /// The member's stored response to `question` as a trainer reads it: the options chosen
    /// with their text (`A. 全国一盘棋；C. 分级负责`), 对/错, or the blanks (`四个意识；四个自信`).
    pub fn response_text(&self, bank: &str, question: &str, stored: &str) -> String {
        let q = self
            .questions
            .get(&(bank.to_string(), question.to_string()));
        match serde_json::from_str::<serde_json::Value>(stored) {
            Ok(serde_json::Value::Bool(b)) => if b { "对" } else { "错" }.to_string(),
            Ok(serde_json::Value::Array(items)) if items.iter().all(serde_json::Value::is_u64) => {
                items
                    .iter()
                    .filter_map(serde_json::Value::as_u64)
                    .map(|i| {
                        let l = crate::domain::quiz::letter(i as usize);
                        match q.and_then(|q| q.options.get(i as usize)) {
                            Some(o) => format!("{l}. {o}"),
                            None => l.to_string(),
                        }
                    })
                    .collect::<Vec<_>>()
                    .join("；")
            }
            Ok(serde_json::Value::Array(items)) => items
                .iter()
                .map(|v| v.as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>()
                .join("；"),
            _ => stored.to_string(),
        }
    }

    /// A question's stem and its material, when the bank is still there.
    pub fn question(&self, bank: &str, question: &str) -> Option<&crate::domain::quiz::Question> {
        self.questions
            .get(&(bank.to_string(), question.to_string()))
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
