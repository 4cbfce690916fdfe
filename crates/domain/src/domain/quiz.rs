//! Quiz banks, questions, papers and grading. Pure: no I/O, no clock.

use std::collections::BTreeSet;

use serde::Serialize;

use crate::domain::rng::Rng;

/// Question types, as trainers know them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// 单选
    Single,
    /// 多选
    Multiple,
    /// 判断
    Judge,
    /// 填空
    Fill,
}

impl Kind {
    pub const ALL: [Kind; 4] = [Kind::Single, Kind::Multiple, Kind::Judge, Kind::Fill];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Single => "single",
            Kind::Multiple => "multiple",
            Kind::Judge => "judge",
            Kind::Fill => "fill",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Kind::Single => "单选",
            Kind::Multiple => "多选",
            Kind::Judge => "判断",
            Kind::Fill => "填空",
        }
    }

    /// `single`/`单选`/`单选题`/`单项选择`/`不定项选择题`… (case-insensitive).
    pub fn parse(s: &str) -> Option<Kind> {
        let s = s.trim().trim_end_matches('题').to_ascii_lowercase();
        match s.as_str() {
            "single" | "单选" | "单项选择" | "单择" => Some(Kind::Single),
            "multiple" | "多选" | "多项选择" | "多择" | "不定项" | "不定项选择" => {
                Some(Kind::Multiple)
            }
            "judge" | "判断" | "是非" | "true/false" => Some(Kind::Judge),
            "fill" | "填空" => Some(Kind::Fill),
            _ => None,
        }
    }
}

/// The right answer to a question.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Answer {
    /// Option indices (0 = A); one for 单选, one or more for 多选.
    Choice(BTreeSet<usize>),
    Judge(bool),
    /// One entry per blank, each with its accepted alternatives.
    Fill(Vec<Vec<String>>),
    /// A sealed bank's question as a member's pack brings it: the key stays with the trainer,
    /// nothing on this machine can tell the answer (see [`Bank::keyless`]).
    Sealed,
}

/// The smallest and largest number of options a choice question may have.
pub const MIN_OPTIONS: usize = 2;
pub const MAX_OPTIONS: usize = 8;

/// Option letter for an index: 0 → 'A'.
pub fn letter(i: usize) -> char {
    (b'A' + (i.min(25)) as u8) as char
}

impl Answer {
    /// As trainers write it: `B`, `ACD`, `true`/`false`, blanks joined with `；` and
    /// alternatives with `|`.
    pub fn display(&self) -> String {
        match self {
            Answer::Choice(set) => set.iter().map(|&i| letter(i)).collect(),
            Answer::Judge(b) => if *b { "true" } else { "false" }.into(),
            Answer::Fill(blanks) => blanks
                .iter()
                .map(|alts| alts.join("|"))
                .collect::<Vec<_>>()
                .join("；"),
            Answer::Sealed => String::new(),
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Question {
    pub id: String,
    pub kind: Kind,
    pub stem: String,
    pub options: Vec<String>,
    pub answer: Answer,
    pub explanation: String,
    pub material: Option<String>,
    pub tags: Vec<String>,
    pub difficulty: Option<u8>,
    pub points: f64,
    /// May its options be shown in a random order? (`shuffle = false` in TOML, `不乱序` in a
    /// spreadsheet: for options whose order means something.)
    pub shuffle: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Paper {
    pub id: String,
    pub title: String,
    pub minutes: u32,
    /// Pass mark, percent.
    pub pass: u8,
    /// How many questions of each type to draw.
    pub draw: Vec<(Kind, usize)>,
    /// Draw only from questions with one of these tags (all when empty).
    pub tags: Vec<String>,
    /// Share of a 多选 question's points for a correct, incomplete subset.
    pub multiple_partial: Option<f64>,
    /// Points of each question of a type on this paper (每题分值), over the question's own.
    pub points: Vec<(Kind, f64)>,
    /// Draw only questions of these difficulties, 1–5 (all when empty).
    pub difficulty: Vec<u8>,
    /// 固定试卷: everyone gets the same questions in the same order.
    pub fixed: bool,
    /// How many times a member may hand the paper in (no limit when `None`).
    pub attempts: Option<u32>,
}

impl Paper {
    /// May a question with these tags and this difficulty be drawn for this paper?
    pub fn admits(&self, tags: &[String], difficulty: Option<u8>) -> bool {
        (self.tags.is_empty() || tags.iter().any(|t| self.tags.contains(t)))
            && (self.difficulty.is_empty()
                || difficulty.is_some_and(|d| self.difficulty.contains(&d)))
    }

    /// The points a question of `kind` is worth on this paper, `own` when the paper sets none.
    pub fn points_for(&self, kind: Kind, own: f64) -> f64 {
        self.points
            .iter()
            .find(|(k, _)| *k == kind)
            .map_or(own, |(_, p)| *p)
    }

    /// The seed this paper of `bank` is drawn with: `seed` (the attempt's, or a print's), or
    /// for a fixed paper its own, the same for every member and every attempt.
    pub fn seed(&self, bank: &str, seed: u64) -> u64 {
        if self.fixed {
            crate::domain::rng::fnv(&format!("{bank}/{}", self.id))
        } else {
            seed
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bank {
    pub id: String,
    pub title: String,
    pub description: String,
    pub version: Option<i64>,
    pub questions: Vec<Question>,
    pub papers: Vec<Paper>,
    /// `sealed = true`: a closed-book bank whose key only the trainer holds. `pack build`
    /// writes it without answers and explanations; the trainer's own copy keeps them.
    pub sealed: bool,
}

/// Blanks in a fill stem: each `（　）` / `（ ）` / `（）` / `()` or a run of 2+ underscores.
pub fn count_blanks(stem: &str) -> usize {
    let mut n = 0;
    let chars: Vec<char> = stem.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '（' || c == '(' {
            let mut j = i + 1;
            while j < chars.len() && matches!(chars[j], ' ' | '　') {
                j += 1;
            }
            if j < chars.len() && (chars[j] == '）' || chars[j] == ')') {
                n += 1;
                i = j + 1;
                continue;
            }
        } else if c == '_' {
            let mut j = i;
            while j < chars.len() && chars[j] == '_' {
                j += 1;
            }
            if j - i >= 2 {
                n += 1;
            }
            i = j;
            continue;
        }
        i += 1;
    }
    n
}

/// What a member answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    Choice(BTreeSet<usize>),
    Judge(bool),
    Fill(Vec<String>),
}

/// Folds full-width ASCII forms to half width, the ideographic space to a space, and trims:
/// what fill answers are compared on (also case-insensitive for Latin letters).
pub fn normalize_fill(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{ff01}'..='\u{ff5e}' => char::from_u32(c as u32 - 0xfee0).unwrap_or(c),
            '\u{3000}' => ' ',
            '。' => '.',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The passage an explanation quotes from its material (the first text in “…” or 「…」 of
/// at least four characters, the outer one where one quote holds another), to open the
/// material there.
pub fn quoted(explanation: &str) -> Option<String> {
    let mut rest = explanation;
    loop {
        // the quote that opens first
        let (start, open, close) = [('“', '”'), ('「', '」')]
            .into_iter()
            .filter_map(|(o, c)| rest.find(o).map(|i| (i, o, c)))
            .min_by_key(|(i, ..)| *i)?;
        let after = &rest[start + open.len_utf8()..];
        let Some(end) = after.find(close) else {
            rest = after;
            continue;
        };
        let q: String = after[..end].chars().filter(|c| *c != '"').collect();
        if q.chars().count() >= 4 {
            // the find prompt's limit, less the quotes around it
            return Some(
                q.chars()
                    .take(crate::text::search::MAX_QUERY_CHARS - 2)
                    .collect(),
            );
        }
        rest = &after[end + close.len_utf8()..];
    }
}

/// The hint shown before answering (查看提示): the sentence of the material the question is
/// made from (what its explanation quotes), with the answer hidden — the right options' text
/// becomes ＿＿; a blank's word keeps its first character (the sentence alone is what a 填空
/// or a card from the text already shows). `None` when the explanation quotes nothing, when
/// hiding the answer would leave nothing to read, when the hint would say no more than the
/// question does (it costs the points), and for a 判断 (its source is its answer).
pub fn hint(q: &Question) -> Option<String> {
    let text = hidden_source(q)?;
    // a 填空 or a card whose sentence is its stem: only the first characters are new
    let bare = |s: &str| -> String {
        s.chars()
            .filter(|c| !c.is_whitespace() && !"＿（）()　_".contains(*c))
            .collect()
    };
    (bare(&text) != bare(&q.stem)).then_some(text)
}

fn hidden_source(q: &Question) -> Option<String> {
    let mut text = quoted(&q.explanation)?;
    let hidden: Vec<String> = match &q.answer {
        Answer::Choice(right) => right
            .iter()
            .filter_map(|&i| q.options.get(i).cloned())
            .collect(),
        Answer::Fill(blanks) => blanks.iter().flatten().cloned().collect(),
        // a 判断's source sentence is its answer: no hint can hide it
        Answer::Judge(_) => return None,
        // no key, no explanation: nothing to hint from
        Answer::Sealed => return None,
    };
    // longest first, so a word inside a longer answer does not leave its rest showing
    let mut hidden: Vec<String> = hidden
        .into_iter()
        .map(|h| h.trim().to_string())
        .filter(|h| !h.is_empty())
        .collect();
    hidden.sort_by_key(|h| std::cmp::Reverse(h.chars().count()));
    let fill = matches!(q.answer, Answer::Fill(_));
    for h in &hidden {
        let mut chars = h.chars();
        let shown = match (fill, chars.next()) {
            // a word of two characters or more: its first one, the rest hidden
            (true, Some(first)) if chars.next().is_some() => format!("{first}＿＿"),
            _ => "＿＿".to_string(),
        };
        text = text.replace(h.as_str(), &shown);
    }
    let left = text.replace("＿＿", "");
    (left.chars().filter(|c| !c.is_whitespace()).count() >= 2).then_some(text)
}

/// The outcome of grading one response.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Grade {
    pub correct: bool,
    /// Points earned, between 0 and the question's points.
    pub points: f64,
}

/// Grades a response. `multiple_partial` gives that share of the points for a 多选 answer that
/// is a correct but incomplete subset (a wrong pick always scores 0). A fill question earns
/// points per blank, in proportion.
pub fn grade(q: &Question, r: Option<&Response>, multiple_partial: Option<f64>) -> Grade {
    let full = q.points;
    let wrong = Grade {
        correct: false,
        points: 0.0,
    };
    let Some(r) = r else { return wrong };
    match (&q.answer, r) {
        (Answer::Choice(want), Response::Choice(got)) => {
            if want == got {
                Grade {
                    correct: true,
                    points: full,
                }
            } else if q.kind == Kind::Multiple
                && !got.is_empty()
                && got.is_subset(want)
                && let Some(share) = multiple_partial
            {
                Grade {
                    correct: false,
                    points: full * share.clamp(0.0, 1.0),
                }
            } else {
                wrong
            }
        }
        (Answer::Judge(want), Response::Judge(got)) => {
            if want == got {
                Grade {
                    correct: true,
                    points: full,
                }
            } else {
                wrong
            }
        }
        (Answer::Fill(blanks), Response::Fill(got)) => {
            if blanks.is_empty() {
                return wrong;
            }
            let right = blanks
                .iter()
                .enumerate()
                .filter(|(i, alts)| {
                    got.get(*i).is_some_and(|g| {
                        let g = normalize_fill(g);
                        !g.is_empty() && alts.iter().any(|a| normalize_fill(a) == g)
                    })
                })
                .count();
            Grade {
                correct: right == blanks.len(),
                points: full * right as f64 / blanks.len() as f64,
            }
        }
        _ => wrong,
    }
}

/// What a re-import changes in a bank, question by question (by id).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct BankChanges {
    pub added: Vec<String>,
    /// The same id with another stem, answer or options (members' earlier answers stay
    /// recorded under the id).
    pub changed: Vec<String>,
    pub removed: Vec<String>,
    pub unchanged: usize,
}

impl BankChanges {
    /// `old` (what the store holds, if anything) against `new`.
    pub fn between(old: Option<&Bank>, new: &Bank) -> BankChanges {
        let mut c = BankChanges::default();
        let old_qs: &[Question] = old.map_or(&[], |b| &b.questions);
        for q in &new.questions {
            match old_qs.iter().find(|o| o.id == q.id) {
                None => c.added.push(q.id.clone()),
                Some(o) if o.stem != q.stem || o.answer != q.answer || o.options != q.options => {
                    c.changed.push(q.id.clone())
                }
                Some(_) => c.unchanged += 1,
            }
        }
        c.removed = old_qs
            .iter()
            .filter(|o| !new.questions.iter().any(|q| q.id == o.id))
            .map(|o| o.id.clone())
            .collect();
        c
    }
}

/// Draws a paper's questions from a bank with a seeded shuffle: `count` of each type from the
/// questions carrying one of the paper's tags (all when it has none), in type order.
pub fn draw_paper<'a>(bank: &'a Bank, paper: &Paper, seed: u64) -> Vec<&'a Question> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::new();
    for &(kind, count) in &paper.draw {
        let mut pool: Vec<&Question> = bank
            .questions
            .iter()
            .filter(|q| q.kind == kind && paper.admits(&q.tags, q.difficulty))
            .collect();
        shuffle(&mut pool, &mut rng);
        out.extend(pool.into_iter().take(count));
    }
    out
}

/// Points as a trainer writes them: `2`, `0.5`, `1.25` (no trailing zeros).
pub fn points_text(p: f64) -> String {
    let t = format!("{:.2}", (p * 100.0).round() / 100.0);
    t.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Fisher–Yates with our deterministic generator.
pub fn shuffle<T>(items: &mut [T], rng: &mut Rng) {
    for i in (1..items.len()).rev() {
        let j = rng.below(i + 1);
        items.swap(i, j);
    }
}

/// How many questions of `kind` a paper may draw from (respecting its tags and difficulties).
pub fn available(bank: &Bank, paper: &Paper, kind: Kind) -> usize {
    bank.questions
        .iter()
        .filter(|q| q.kind == kind && paper.admits(&q.tags, q.difficulty))
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(kind: Kind, answer: Answer, points: f64) -> Question {
        Question {
            id: "q".into(),
            kind,
            stem: "题（　）".into(),
            options: vec!["甲".into(), "乙".into(), "丙".into(), "丁".into()],
            answer,
            explanation: String::new(),
            material: None,
            tags: vec![],
            difficulty: None,
            points,
            shuffle: true,
        }
    }

    fn set(v: &[usize]) -> BTreeSet<usize> {
        v.iter().copied().collect()
    }

    #[test]
    fn blanks() {
        assert_eq!(count_blanks("坚定（　）、同舟共济、（ ）防治和____施策"), 3);
        assert_eq!(count_blanks("（注：括号里有字）不是空"), 0);
        assert_eq!(count_blanks("a_b"), 0);
        assert_eq!(count_blanks("()"), 1);
    }

    #[test]
    fn kinds() {
        assert_eq!(Kind::parse("单选题"), Some(Kind::Single));
        assert_eq!(Kind::parse("Multiple"), Some(Kind::Multiple));
        assert_eq!(Kind::parse("判断"), Some(Kind::Judge));
        assert_eq!(Kind::parse("填空题"), Some(Kind::Fill));
        assert_eq!(Kind::parse("问答"), None);
    }

    #[test]
    fn grading_choices() {
        let single = q(Kind::Single, Answer::Choice(set(&[1])), 2.0);
        assert_eq!(
            grade(&single, Some(&Response::Choice(set(&[1]))), None).points,
            2.0
        );
        assert!(!grade(&single, Some(&Response::Choice(set(&[0]))), None).correct);
        assert_eq!(grade(&single, None, None).points, 0.0);
        let multi = q(Kind::Multiple, Answer::Choice(set(&[0, 2, 3])), 2.0);
        assert_eq!(
            grade(&multi, Some(&Response::Choice(set(&[0, 2]))), Some(0.5)).points,
            1.0
        );
        assert_eq!(
            grade(&multi, Some(&Response::Choice(set(&[0, 2]))), None).points,
            0.0
        );
        assert_eq!(
            grade(&multi, Some(&Response::Choice(set(&[0, 1]))), Some(0.5)).points,
            0.0
        );
        assert!(grade(&multi, Some(&Response::Choice(set(&[0, 2, 3]))), Some(0.5)).correct);
    }

    #[test]
    fn grading_fill_ignores_width_and_spaces() {
        let fill = q(
            Kind::Fill,
            Answer::Fill(vec![
                vec!["四个意识".into()],
                vec!["50".into(), "五十".into()],
            ]),
            2.0,
        );
        let r = Response::Fill(vec![" 四个意识　".into(), "５０".into()]);
        assert_eq!(
            grade(&fill, Some(&r), None),
            Grade {
                correct: true,
                points: 2.0
            }
        );
        let half = Response::Fill(vec!["四个意识".into(), "40".into()]);
        assert_eq!(grade(&fill, Some(&half), None).points, 1.0);
        assert_eq!(normalize_fill("ＡＰＰ　开设"), "app 开设");
    }

    #[test]
    fn judge() {
        let j = q(Kind::Judge, Answer::Judge(false), 1.0);
        assert!(grade(&j, Some(&Response::Judge(false)), None).correct);
        assert!(!grade(&j, Some(&Response::Judge(true)), None).correct);
        assert!(!grade(&j, Some(&Response::Choice(set(&[0]))), None).correct);
    }

    #[test]
    fn a_hint_is_the_quoted_source_with_the_answer_hidden() {
        let mut choice = q(Kind::Single, Answer::Choice(set(&[1])), 1.0);
        choice.options = vec!["属地管理".into(), "全国一盘棋".into()];
        choice.explanation = "原文：「习近平指出，疫情防控要坚持全国一盘棋。」".into();
        assert_eq!(
            hint(&choice).as_deref(),
            Some("习近平指出，疫情防控要坚持＿＿。")
        );
        let mut fill = q(
            Kind::Fill,
            Answer::Fill(vec![
                vec!["坚定信心".into()],
                vec!["科学".into(), "科学防治".into()],
            ]),
            1.0,
        );
        fill.explanation = "原文：“坚定信心、同舟共济、科学防治、精准施策”".into();
        fill.stem = "（　）、同舟共济、（　）、精准施策".into();
        // the longer alternative first: nothing of it is left showing but its first character
        // (the sentence with blanks is the stem itself: F3 repeated it and cost the points)
        assert_eq!(
            hint(&fill).as_deref(),
            Some("坚＿＿、同舟共济、科＿＿、精准施策")
        );
        // a one-character answer: the hint would say no more than the stem, so none
        let mut one = q(Kind::Fill, Answer::Fill(vec![vec!["党".into()]]), 1.0);
        one.stem = "加强（　）的领导".into();
        one.explanation = "原文：“加强党的领导”".into();
        assert_eq!(hint(&one), None);
        // no quoted source, or nothing left once the answer is hidden: no hint
        fill.explanation = "见第二段".into();
        assert_eq!(hint(&fill), None);
        choice.explanation = "“全国一盘棋”".into();
        assert_eq!(hint(&choice), None);
    }
}
