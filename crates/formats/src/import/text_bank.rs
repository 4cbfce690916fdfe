//! The steps the line-by-line bank readers share (Word-style text, Aiken, GIFT, JSON): a
//! question's type guessed from its answer, a question checked with its problems at its lines,
//! the bank finished.

use super::answer_text::{by_option_text, clean_answer, parse_judge, parse_letters};
use super::question::{Checker, Field, Loc, RawAnswer, RawQuestion};
use super::{ImportError, Msg};
use crate::domain::quiz::{Bank, Kind, Question};

/// Where a text bank's question stands: its first line and the line of each field.
pub(crate) struct TextLines {
    pub line: usize,
    pub option_lines: Vec<usize>,
    pub answer_line: usize,
}

/// One question of a text bank (Word-style, Aiken) checked: its id noted at its line, its
/// problems located at the line of the field they are in.
pub(crate) fn check_text_question(
    ck: &mut Checker<'_>,
    ids: &mut Vec<(String, Loc)>,
    questions: &mut Vec<Question>,
    raw: RawQuestion,
    at: TextLines,
) {
    ids.push((raw.id.clone(), Loc::LineCol(at.line, 1)));
    let loc = move |f: Field| -> Loc {
        match f {
            Field::Option(i) => Loc::LineCol(at.option_lines.get(i).copied().unwrap_or(at.line), 1),
            Field::Answer => Loc::LineCol(at.answer_line, 1),
            _ => Loc::LineCol(at.line, 1),
        }
    };
    if let Some(q) = ck.question(raw, &loc) {
        questions.push(q);
    }
}

/// The end every text bank (Word-style, GIFT) shares: ids unique, some question found (else
/// `none` says what a question looks like), the bank with what was left out on request.
pub(crate) fn finish_text_bank(
    mut ck: Checker<'_>,
    ids: &[(String, Loc)],
    questions: Vec<Question>,
    id: &str,
    title: &str,
    none: Msg,
) -> Result<(Bank, Vec<ImportError>), Vec<ImportError>> {
    ck.unique_ids(ids);
    if questions.is_empty() && ck.errors.is_empty() {
        ck.errors.push(ImportError::at(ck.path, 1, 1, none));
    }
    if !ck.errors.is_empty() {
        return Err(ck.errors);
    }
    Ok((
        Bank {
            id: id.to_string(),
            title: title.to_string(),
            description: String::new(),
            version: None,
            sealed: false,
            questions,
            papers: Vec::new(),
        },
        ck.skipped,
    ))
}

/// The type of a question outside any section, from its options and answer.
pub(crate) fn guess_kind(raw: &RawQuestion) -> Kind {
    let answer = match &raw.answer {
        Some(RawAnswer::Text(a)) => clean_answer(a).to_string(),
        _ => String::new(),
    };
    if !raw.options.is_empty() {
        // letters, or the right options' texts
        let letters = match parse_letters(&answer) {
            Some(set) => set.len(),
            None => by_option_text(&answer, &raw.options).map_or(1, |s| s.len()),
        };
        return if letters > 1 {
            Kind::Multiple
        } else {
            Kind::Single
        };
    }
    if parse_judge(&answer).is_some() {
        Kind::Judge
    } else {
        Kind::Fill
    }
}
