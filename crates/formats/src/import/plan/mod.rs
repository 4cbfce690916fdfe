//! Study plans in TOML (bundled in `data/plans/`, or a trainer's file):
//!
//! ```toml
//! [plan]
//! id = "2020-winter"
//! title = "2020年党员冬训自学计划"
//! starts = "2020-02-01"          # optional, as are ends and every due
//! ends = "2020-03-31"
//!
//! [[items]]
//! id = "read-0203"               # optional: item-1, item-2… by position
//! title = "学习中央政治局常委会会议精神"
//! kind = "read"                  # read | quiz | minutes | task
//! material = "…"
//! due = "2020-02-10"
//!
//! [[items]]
//! kind = "quiz"
//! bank = "…"
//! paper = "…"                    # optional: any session on the bank
//! min_percent = 80               # optional: without it, a pass
//!
//! [[items]]
//! kind = "minutes"
//! minutes = 300                  # study time since `starts`
//!
//! [[items]]
//! kind = "task"
//! title = "撰写学习心得一篇"        # ticked by the member
//! ```
//! Referenced materials, banks and papers must exist.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use super::{ImportError, Msg, line_col, msg};
use crate::domain::material::is_valid_id;
use crate::domain::plan::{ItemKind, Plan, PlanItem, PlanOrigin};
use crate::text::sanitize::sanitize_line;

/// Plan files are small; anything bigger than this is not a plan.
pub const MAX_PLAN_BYTES: u64 = super::limits::PLAN_BYTES;
/// At most this many items in one plan.
pub const MAX_ITEMS: usize = 2000;

/// The keys a plan file may and must have (checked before reading, to report them all).
const SHAPE: super::toml_keys::Shape = super::toml_keys::Shape {
    top: super::toml_keys::TableShape {
        allowed: &["plan", "items"],
        required: &["plan"],
    },
    tables: &[
        (
            "plan",
            super::toml_keys::TableShape {
                allowed: &["id", "title", "starts", "ends"],
                required: &["id", "title"],
            },
        ),
        (
            "items",
            super::toml_keys::TableShape {
                allowed: &[
                    "id",
                    "title",
                    "kind",
                    "material",
                    "bank",
                    "paper",
                    "min_percent",
                    "minutes",
                    "due",
                ],
                required: &["kind"],
            },
        ),
    ],
};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileT {
    plan: HeadT,
    #[serde(default)]
    items: Vec<Spanned<ItemT>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct HeadT {
    id: Spanned<String>,
    title: Spanned<String>,
    starts: Option<Spanned<toml::Value>>,
    ends: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ItemT {
    id: Option<Spanned<String>>,
    #[serde(default)]
    title: String,
    kind: Spanned<String>,
    material: Option<Spanned<String>>,
    bank: Option<Spanned<String>>,
    paper: Option<Spanned<String>>,
    min_percent: Option<Spanned<i64>>,
    minutes: Option<Spanned<i64>>,
    due: Option<Spanned<toml::Value>>,
}

/// What a plan may refer to: material ids, and each bank with its paper ids.
#[derive(Clone, Debug, Default)]
pub struct Refs {
    pub materials: HashSet<String>,
    pub banks: HashMap<String, Vec<String>>,
}

/// Parses and checks a plan file; every problem is returned as `path:line:col: message`
/// (a syntax or type error stops at that one).
pub fn parse_plan(path: &Path, text: &str, refs: &Refs) -> Result<Plan, Vec<ImportError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let keys = super::toml_keys::key_problems(path, text, &SHAPE);
    if !keys.is_empty() {
        return Err(keys);
    }
    let file: FileT = toml::from_str(text).map_err(|e| {
        let (l, c) = line_col(text, e.span().map_or(0, |s| s.start));
        vec![ImportError::at(
            path,
            l,
            c,
            super::toml_problem(e.message()),
        )]
    })?;
    let mut ck = PlanCheck {
        path,
        text,
        refs,
        errors: Vec::new(),
    };
    let (id, title, starts, ends) = ck.head(&file);
    let mut items = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (n, spanned) in file.items.iter().enumerate().take(MAX_ITEMS) {
        if let Some(item) = ck.item(n, spanned, &mut seen) {
            items.push(item);
        }
    }
    if !ck.errors.is_empty() {
        return Err(ck.errors);
    }
    Ok(Plan {
        id,
        title,
        origin: PlanOrigin::User,
        starts,
        ends,
        items,
        restarted: None,
    })
}

/// A plan file being checked: where it is, its text (for line and column), what it may refer
/// to, and the problems so far. One step for the head and one for each item, each kind of item
/// its own.
struct PlanCheck<'a> {
    path: &'a Path,
    text: &'a str,
    refs: &'a Refs,
    errors: Vec<ImportError>,
}

impl PlanCheck<'_> {
    fn err(&mut self, offset: usize, message: Msg) {
        let (l, c) = line_col(self.text, offset);
        self.errors.push(ImportError::at(self.path, l, c, message));
    }

    /// A date field (`what` names it in the problem).
    fn date(&mut self, v: &Option<Spanned<toml::Value>>, what: &str) -> Option<Date> {
        match date(v) {
            Ok(d) => d,
            Err(offset) => {
                self.err(offset, msg("plan_date").arg("what", what));
                None
            }
        }
    }

    /// `[plan]`: its id, title and dates checked; and not too many items.
    fn head(&mut self, file: &FileT) -> (String, String, Option<Date>, Option<Date>) {
        let id = file.plan.id.get_ref().trim().to_string();
        if !is_valid_id(&id) {
            self.err(
                file.plan.id.span().start,
                msg("plan_id_invalid").arg("id", &id),
            );
        }
        let title = sanitize_line(file.plan.title.get_ref().trim());
        if title.is_empty() {
            self.err(file.plan.title.span().start, msg("plan_no_title"));
        }
        let starts = self.date(&file.plan.starts, "starts");
        let ends = self.date(&file.plan.ends, "ends");
        if let (Some(s), Some(e), Some(span)) = (starts, ends, &file.plan.ends)
            && e < s
        {
            self.err(
                span.span().start,
                msg("plan_ends_before").arg("ends", e).arg("starts", s),
            );
        }
        if file.items.len() > MAX_ITEMS {
            self.err(
                file.items[MAX_ITEMS].span().start,
                msg("plan_too_many").arg("n", MAX_ITEMS),
            );
        }
        (id, title, starts, ends)
    }

    /// The `n`th `[[items]]`: its id (given, or `item-<n+1>`) unique among those `seen`, its
    /// kind's fields, its due date; `None` when its kind could not be made.
    fn item(
        &mut self,
        n: usize,
        spanned: &Spanned<ItemT>,
        seen: &mut HashMap<String, usize>,
    ) -> Option<PlanItem> {
        let start = spanned.span().start;
        let it = spanned.get_ref();
        let item_id = match &it.id {
            Some(s) => {
                let v = s.get_ref().trim().to_string();
                if !is_valid_id(&v) {
                    self.err(s.span().start, msg("item_id_invalid").arg("id", &v));
                }
                v
            }
            None => format!("item-{}", n + 1),
        };
        let at = it.id.as_ref().map_or(start, |s| s.span().start);
        if let Some(first) = seen.insert(item_id.clone(), n) {
            self.err(
                at,
                msg("item_id_duplicate")
                    .arg("id", &item_id)
                    .arg("n", first + 1),
            );
        }
        let kind = match it.kind.get_ref().as_str() {
            "read" => self.read_item(it, start),
            "quiz" => self.quiz_item(it, start),
            "minutes" => self.minutes_item(it),
            "task" => self.task_item(it),
            other => {
                self.err(
                    it.kind.span().start,
                    msg("item_kind_unknown").arg("kind", other),
                );
                None
            }
        };
        let due = self.date(&it.due, "due");
        Some(PlanItem {
            id: item_id,
            title: sanitize_line(it.title.trim()),
            kind: kind?,
            due,
            by_member: false,
        })
    }

    /// A field this kind of item needs, trimmed; a problem at `kind` when it is missing.
    fn need(&mut self, it: &ItemT, f: &Option<Spanned<String>>, name: &str) -> Option<String> {
        match f {
            Some(s) if !s.get_ref().trim().is_empty() => Some(s.get_ref().trim().to_string()),
            _ => {
                self.err(
                    it.kind.span().start,
                    msg("item_needs")
                        .arg("kind", it.kind.get_ref())
                        .arg("field", name),
                );
                None
            }
        }
    }

    /// A problem at `kind` when a field this kind of item does not take is given.
    fn not_for(&mut self, it: &ItemT, given: bool, name: &str) {
        if given {
            self.err(
                it.kind.span().start,
                msg("item_not_for")
                    .arg("field", name)
                    .arg("kind", it.kind.get_ref()),
            );
        }
    }

    /// `kind = "read"`: a material that is there.
    fn read_item(&mut self, it: &ItemT, start: usize) -> Option<ItemKind> {
        self.not_for(it, it.bank.is_some() || it.paper.is_some(), "bank");
        self.not_for(it, it.minutes.is_some(), "minutes");
        let m = self.need(it, &it.material, "material")?;
        if self.refs.materials.contains(&m) {
            Some(ItemKind::Read { material: m })
        } else {
            let s = it.material.as_ref().map_or(start, |s| s.span().start);
            self.err(s, msg("no_material").arg("id", &m));
            None
        }
    }

    /// `kind = "quiz"`: a bank that is there, one of its papers if named, a pass mark 0–100.
    fn quiz_item(&mut self, it: &ItemT, start: usize) -> Option<ItemKind> {
        self.not_for(it, it.material.is_some(), "material");
        self.not_for(it, it.minutes.is_some(), "minutes");
        let min_percent = match &it.min_percent {
            Some(p) if (0..=100).contains(p.get_ref()) => Some(*p.get_ref() as u8),
            Some(p) => {
                self.err(p.span().start, msg("item_min_percent"));
                None
            }
            None => None,
        };
        let b = self.need(it, &it.bank, "bank")?;
        let Some(papers) = self.refs.banks.get(&b) else {
            let s = it.bank.as_ref().map_or(start, |s| s.span().start);
            self.err(s, msg("no_bank").arg("id", &b));
            return None;
        };
        let paper = it.paper.as_ref().map(|p| p.get_ref().trim().to_string());
        if let (Some(p), Some(span)) = (&paper, &it.paper)
            && !papers.contains(p)
        {
            self.err(
                span.span().start,
                msg("no_paper").arg("bank", &b).arg("paper", p),
            );
            return None;
        }
        Some(ItemKind::Quiz {
            bank: b,
            paper,
            min_percent,
        })
    }

    /// `kind = "minutes"`: 1 to 100 000 of them.
    fn minutes_item(&mut self, it: &ItemT) -> Option<ItemKind> {
        self.not_for(it, it.material.is_some(), "material");
        self.not_for(it, it.bank.is_some() || it.paper.is_some(), "bank");
        match &it.minutes {
            Some(m) if (1..=100_000).contains(m.get_ref()) => Some(ItemKind::Minutes {
                minutes: *m.get_ref() as u32,
            }),
            Some(m) => {
                self.err(m.span().start, msg("item_minutes"));
                None
            }
            None => {
                self.err(
                    it.kind.span().start,
                    msg("item_needs")
                        .arg("kind", "minutes")
                        .arg("field", "minutes"),
                );
                None
            }
        }
    }

    /// `kind = "task"`: a title saying what to do, nothing else.
    fn task_item(&mut self, it: &ItemT) -> Option<ItemKind> {
        self.not_for(it, it.material.is_some(), "material");
        self.not_for(it, it.bank.is_some() || it.paper.is_some(), "bank");
        self.not_for(it, it.minutes.is_some(), "minutes");
        if it.title.trim().is_empty() {
            self.err(it.kind.span().start, msg("task_no_title"));
        }
        Some(ItemKind::Task)
    }
}

/// A date as a string ("2020-02-01") or a TOML date; `Err(offset)` when it is neither.
fn date(v: &Option<Spanned<toml::Value>>) -> Result<Option<Date>, usize> {
    let Some(v) = v else { return Ok(None) };
    let s = match v.get_ref() {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Datetime(d) => d.to_string(),
        _ => String::new(),
    };
    match s.parse::<Date>() {
        Ok(d) if s.len() == 10 => Ok(Some(d)),
        _ => Err(v.span().start),
    }
}

/// Writes a plan back as TOML (the member's own plans can be handed on this way).
pub fn export_plan(plan: &Plan) -> String {
    let q = |s: &str| toml::Value::String(s.to_string()).to_string();
    let mut out = format!("[plan]\nid = {}\ntitle = {}\n", q(&plan.id), q(&plan.title));
    if let Some(s) = plan.starts {
        out += &format!("starts = \"{s}\"\n");
    }
    if let Some(e) = plan.ends {
        out += &format!("ends = \"{e}\"\n");
    }
    for it in &plan.items {
        out += &format!("\n[[items]]\nid = {}\n", q(&it.id));
        if !it.title.is_empty() {
            out += &format!("title = {}\n", q(&it.title));
        }
        out += &format!("kind = \"{}\"\n", it.kind.as_str());
        match &it.kind {
            ItemKind::Read { material } => out += &format!("material = {}\n", q(material)),
            ItemKind::Quiz {
                bank,
                paper,
                min_percent,
            } => {
                out += &format!("bank = {}\n", q(bank));
                if let Some(p) = paper {
                    out += &format!("paper = {}\n", q(p));
                }
                if let Some(m) = min_percent {
                    out += &format!("min_percent = {m}\n");
                }
            }
            ItemKind::Minutes { minutes } => out += &format!("minutes = {minutes}\n"),
            ItemKind::Task => {}
        }
        if let Some(d) = it.due {
            out += &format!("due = \"{d}\"\n");
        }
    }
    out
}

#[cfg(test)]
mod tests;
