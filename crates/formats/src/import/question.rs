//! A bank's questions checked, what every format shares: a format reads its file into
//! [`RawQuestion`]s with a way to say where each field stands; the checks here turn them into
//! domain questions and report every problem, not just the first.

use std::collections::HashMap;
use std::path::Path;

use super::answer_text::{
    alternatives, by_option_text, clean_answer, is_unsupported_kind, parse_judge, parse_letters,
    split_fill,
};
use super::{ImportError, Msg, msg};
use crate::domain::material::is_valid_id;
use crate::domain::quiz::{
    Answer, Kind, MAX_OPTIONS, MIN_OPTIONS, Paper, Question, count_blanks, letter,
};
use crate::text::sanitize::{sanitize, sanitize_line};

/// Files larger than this are refused (see [`super::limits::BANK_BYTES`]).
pub const MAX_BANK_BYTES: u64 = super::limits::BANK_BYTES;

/// A field of a question, for locating problems.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Field {
    Question,
    Id,
    Type,
    Stem,
    Option(usize),
    Answer,
    Material,
    Difficulty,
    Points,
}

/// Where a problem stands: a line and column (TOML) or a row and column name (spreadsheets).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Loc {
    LineCol(usize, usize),
    Cell(usize, String),
}

impl Loc {
    pub fn error(&self, path: &Path, message: Msg) -> ImportError {
        match self {
            Loc::LineCol(line, col) => ImportError::at(path, *line, *col, message),
            Loc::Cell(row, column) => ImportError::Cell {
                path: path.to_path_buf(),
                row: *row,
                column: column.clone(),
                message,
            },
        }
    }
}

/// An answer as written in a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RawAnswer {
    Text(String),
    Bool(bool),
    List(Vec<String>),
    /// None, by design: a sealed bank's member copy (only the TOML reader makes it).
    Sealed,
}

/// A question as read, before checking.
#[derive(Clone, Debug, Default)]
pub struct RawQuestion {
    pub id: String,
    pub kind: String,
    pub stem: String,
    pub options: Vec<String>,
    pub answer: Option<RawAnswer>,
    pub explanation: String,
    pub material: Option<String>,
    pub tags: Vec<String>,
    pub difficulty: Option<i64>,
    pub points: Option<f64>,
    /// The options must keep their order.
    pub keep_order: bool,
}

/// What a paper may draw from, per question: its type, tags and difficulty.
pub type Drawable = (Kind, Vec<String>, Option<u8>);

/// Context shared by the checks of one file.
pub struct Checker<'a> {
    pub path: &'a Path,
    /// Does a material with this id exist (in the database or the same import)?
    pub material_exists: &'a dyn Fn(&str) -> bool,
    pub errors: Vec<ImportError>,
    /// Questions of a type xuexi cannot grade (简答…) are left out, each noted in `skipped`,
    /// instead of failing the file (`--skip-unsupported`).
    pub skip_unsupported: bool,
    pub skipped: Vec<ImportError>,
}

impl<'a> Checker<'a> {
    pub fn new(path: &'a Path, material_exists: &'a dyn Fn(&str) -> bool) -> Checker<'a> {
        Checker {
            path,
            material_exists,
            errors: Vec::new(),
            skip_unsupported: false,
            skipped: Vec::new(),
        }
    }
}

impl Checker<'_> {
    pub(crate) fn err(&mut self, loc: Loc, message: Msg) {
        self.errors.push(loc.error(self.path, message));
    }

    /// Checks one question; `loc` says where each field stands.
    pub fn question(&mut self, raw: RawQuestion, loc: &dyn Fn(Field) -> Loc) -> Option<Question> {
        let before = self.errors.len();
        let id = sanitize_line(&raw.id);
        if id.is_empty() {
            self.err(loc(Field::Id), msg("question_id_missing"));
        }
        let kind = Kind::parse(&raw.kind);
        if kind.is_none() && self.skip_unsupported && is_unsupported_kind(&raw.kind) {
            let note =
                loc(Field::Type).error(self.path, msg("kind_skipped").arg("kind", &raw.kind));
            self.skipped.push(note);
            return None;
        }
        if kind.is_none() {
            let message = if is_unsupported_kind(&raw.kind) {
                msg("kind_unsupported").arg("kind", &raw.kind)
            } else {
                msg("kind_unknown").arg("kind", &raw.kind)
            };
            self.err(loc(Field::Type), message);
        }
        let stem = sanitize(raw.stem.trim());
        if stem.is_empty() {
            self.err(loc(Field::Stem), msg("stem_empty"));
        }
        let options: Vec<String> = raw.options.iter().map(|o| sanitize_line(o)).collect();
        let answer = match kind {
            Some(_) if raw.answer == Some(RawAnswer::Sealed) => Some(Answer::Sealed),
            Some(k @ (Kind::Single | Kind::Multiple)) => {
                self.choice_answer(k, &raw.answer, &options, loc)
            }
            Some(Kind::Judge) => self.judge_answer(&raw.answer, &options, loc),
            Some(Kind::Fill) => self.fill_answer(&raw.answer, &stem, &options, loc),
            None => None,
        };
        let material = self.material(raw.material.as_deref(), loc);
        if let Some(d) = raw.difficulty
            && !(1..=5).contains(&d)
        {
            self.err(loc(Field::Difficulty), msg("difficulty_range"));
        }
        if let Some(p) = raw.points
            && !(p > 0.0 && p <= 1000.0)
        {
            self.err(loc(Field::Points), msg("points_range"));
        }
        if self.errors.len() > before {
            return None;
        }
        Some(Question {
            id,
            kind: kind?,
            stem,
            options,
            answer: answer?,
            explanation: sanitize(raw.explanation.trim()),
            material,
            tags: raw
                .tags
                .iter()
                .map(|t| sanitize_line(t))
                .filter(|t| !t.is_empty())
                .collect(),
            difficulty: raw.difficulty.map(|d| d as u8),
            // to the hundredth, as shown
            points: (raw.points.unwrap_or(1.0) * 100.0).round() / 100.0,
            shuffle: !raw.keep_order,
        })
    }

    /// A 单选 or 多选: two to eight options, none empty, and the right ones as letters (or as
    /// the options' texts), one for a 单选.
    fn choice_answer(
        &mut self,
        k: Kind,
        raw: &Option<RawAnswer>,
        options: &[String],
        loc: &dyn Fn(Field) -> Loc,
    ) -> Option<Answer> {
        if options.len() < MIN_OPTIONS || options.len() > MAX_OPTIONS {
            self.err(
                loc(Field::Question),
                msg("options_count")
                    .arg("kind", k.as_str())
                    .arg("kind_zh", k.zh())
                    .arg("min", MIN_OPTIONS)
                    .arg("max", MAX_OPTIONS)
                    .arg("n", options.len()),
            );
        }
        for (i, o) in options.iter().enumerate() {
            if o.is_empty() {
                self.err(
                    loc(Field::Option(i)),
                    msg("option_empty").arg("letter", letter(i)),
                );
            }
        }
        let letters = match raw {
            Some(RawAnswer::Text(t)) => {
                parse_letters(&clean_answer(t)).or_else(|| by_option_text(t, options))
            }
            Some(RawAnswer::List(v)) => parse_letters(&v.concat()),
            _ => None,
        };
        let Some(set) = letters else {
            self.err(loc(Field::Answer), msg("answer_letters"));
            return None;
        };
        if let Some(&bad) = set.iter().find(|&&i| i >= options.len()) {
            self.err(
                loc(Field::Answer),
                msg("answer_no_option").arg("letter", letter(bad)),
            );
        } else if k == Kind::Single && set.len() != 1 {
            self.err(loc(Field::Answer), msg("single_one_answer"));
        } else {
            return Some(Answer::Choice(set));
        }
        None
    }

    /// A 判断: true or false as trainers write it, and no options.
    fn judge_answer(
        &mut self,
        raw: &Option<RawAnswer>,
        options: &[String],
        loc: &dyn Fn(Field) -> Loc,
    ) -> Option<Answer> {
        let b = match raw {
            Some(RawAnswer::Bool(b)) => Some(*b),
            Some(RawAnswer::Text(t)) => parse_judge(&clean_answer(t)),
            _ => None,
        };
        let answer = match b {
            Some(b) => Some(Answer::Judge(b)),
            None => {
                self.err(loc(Field::Answer), msg("judge_answer"));
                None
            }
        };
        if !options.is_empty() {
            self.err(loc(Field::Option(0)), msg("judge_no_options"));
        }
        answer
    }

    /// A 填空: an answer (with its `|` alternatives) for each blank in the stem, and no
    /// options.
    fn fill_answer(
        &mut self,
        raw: &Option<RawAnswer>,
        stem: &str,
        options: &[String],
        loc: &dyn Fn(Field) -> Loc,
    ) -> Option<Answer> {
        let entries: Vec<String> = match raw {
            Some(RawAnswer::List(v)) => v.clone(),
            Some(RawAnswer::Text(t)) => split_fill(t),
            _ => Vec::new(),
        };
        let blanks: Vec<Vec<String>> = entries.iter().map(|e| alternatives(e)).collect();
        let in_stem = count_blanks(stem);
        let mut answer = None;
        if blanks.is_empty() || blanks.iter().any(Vec::is_empty) {
            self.err(loc(Field::Answer), msg("fill_every_blank"));
        } else if in_stem != blanks.len() {
            self.err(
                loc(Field::Answer),
                msg("fill_blank_count")
                    .arg("blanks", in_stem)
                    .arg("answers", blanks.len()),
            );
        } else {
            answer = Some(Answer::Fill(blanks));
        }
        if !options.is_empty() {
            self.err(loc(Field::Option(0)), msg("fill_no_options"));
        }
        answer
    }

    /// The 出处 cleaned (none when empty), which must be a material that is there.
    fn material(&mut self, raw: Option<&str>, loc: &dyn Fn(Field) -> Loc) -> Option<String> {
        let material = raw.map(sanitize_line).filter(|m| !m.is_empty());
        if let Some(m) = &material
            && !(self.material_exists)(m)
        {
            self.err(loc(Field::Material), msg("no_material").arg("id", m));
        }
        material
    }

    /// Reports duplicate question ids (`locs` gives where each question stands). Ids are
    /// compared as they will be stored — cleaned of controls — and shown cleaned: two ids that
    /// differ only in an escape sequence are the same id (a fuzzer found the raw id echoed).
    pub fn unique_ids(&mut self, ids: &[(String, Loc)]) {
        let mut seen: HashMap<String, &Loc> = HashMap::new();
        for (id, loc) in ids {
            let id = sanitize_line(id);
            if id.is_empty() {
                continue;
            }
            if let Some(first) = seen.insert(id.clone(), loc) {
                let m = match first {
                    Loc::LineCol(l, _) => msg("duplicate_id_line").arg("id", &id).arg("at", l),
                    Loc::Cell(r, _) => msg("duplicate_id_row").arg("id", &id).arg("at", r),
                };
                self.err(loc.clone(), m);
            }
        }
    }

    /// Checks a bank id from a file or `--id`.
    pub fn bank_id(&mut self, id: &str, loc: Loc) {
        if !is_valid_id(id) {
            self.err(loc, msg("bank_id_invalid").arg("id", id));
        }
    }

    /// Checks a paper against the questions it may draw from: `(type, tags, difficulty)` of
    /// every question whose type could be read, so a problem elsewhere in a question does not
    /// also make the paper look short of questions.
    pub fn paper(&mut self, drawable: &[Drawable], paper: &Paper, loc: Loc) {
        if !is_valid_id(&paper.id) {
            self.err(loc.clone(), msg("paper_id_invalid").arg("id", &paper.id));
        }
        if paper.minutes == 0 {
            self.err(loc.clone(), msg("paper_minutes"));
        }
        if paper.pass > 100 {
            self.err(loc.clone(), msg("paper_pass"));
        }
        if paper.draw.iter().all(|(_, n)| *n == 0) {
            self.err(loc.clone(), msg("paper_draws_none"));
        }
        if let Some(p) = paper.multiple_partial
            && !(0.0..=1.0).contains(&p)
        {
            self.err(loc.clone(), msg("paper_partial"));
        }
        if paper
            .points
            .iter()
            .any(|(_, p)| !(*p > 0.0 && *p <= 1000.0))
        {
            self.err(loc.clone(), msg("points_range"));
        }
        if paper.difficulty.iter().any(|d| !(1..=5).contains(d)) {
            self.err(loc.clone(), msg("difficulty_range"));
        }
        if paper.attempts == Some(0) {
            self.err(loc.clone(), msg("paper_attempts"));
        }
        for &(kind, n) in &paper.draw {
            let have = drawable
                .iter()
                .filter(|(k, tags, d)| *k == kind && paper.admits(tags, *d))
                .count();
            if n > have {
                self.err(
                    loc.clone(),
                    msg(if paper.tags.is_empty() && paper.difficulty.is_empty() {
                        "paper_short"
                    } else {
                        "paper_short_tags"
                    })
                    .arg("id", &paper.id)
                    .arg("n", n)
                    .arg("kind", kind.as_str())
                    .arg("kind_zh", kind.zh())
                    .arg("have", have),
                );
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_judge_or_fill_with_options_is_told_so_after_its_answer() {
        let path = Path::new("b.txt");
        let exists = |_: &str| true;
        let mut ck = Checker::new(path, &exists);
        let at = |f: Field| match f {
            Field::Answer => Loc::LineCol(3, 1),
            Field::Option(i) => Loc::LineCol(10 + i, 1),
            _ => Loc::LineCol(1, 1),
        };
        let raw = |kind: &str, stem: &str, answer: &str| RawQuestion {
            id: "q".into(),
            kind: kind.into(),
            stem: stem.into(),
            options: vec!["甲".into(), "乙".into()],
            answer: Some(RawAnswer::Text(answer.into())),
            ..RawQuestion::default()
        };
        assert!(ck.question(raw("judge", "对吗？", "也许"), &at).is_none());
        assert!(
            ck.question(raw("fill", "（　）和（　）", "一"), &at)
                .is_none()
        );
        let said: Vec<(String, &str)> = ck
            .errors
            .iter()
            .map(|e| (e.to_string(), e.message().map_or("", |m| m.key)))
            .map(|(s, k)| (s.split(": ").next().unwrap_or("").to_string(), k))
            .collect();
        assert_eq!(
            said,
            [
                ("b.txt:3:1".to_string(), "judge_answer"),
                ("b.txt:10:1".to_string(), "judge_no_options"),
                ("b.txt:3:1".to_string(), "fill_blank_count"),
                ("b.txt:10:1".to_string(), "fill_no_options"),
            ]
        );
    }
}
