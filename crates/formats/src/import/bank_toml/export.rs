//! Writing a bank in the native TOML format, as [`super::parse_bank_toml`] reads it.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::domain::quiz::{Answer, Bank, letter};

#[derive(Serialize)]
struct FileOut<'a> {
    bank: HeadOut<'a>,
    questions: Vec<QuestionOut<'a>>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    papers: Vec<PaperOut<'a>>,
}

#[derive(Serialize)]
struct HeadOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    sealed: bool,
}

#[derive(Serialize)]
struct QuestionOut<'a> {
    id: &'a str,
    #[serde(rename = "type")]
    kind: &'static str,
    stem: &'a str,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    options: &'a [String],
    /// none in a sealed bank without its key (a member's pack)
    #[serde(skip_serializing_if = "Option::is_none")]
    answer: Option<toml::Value>,
    #[serde(skip_serializing_if = "str::is_empty")]
    explanation: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    material: Option<&'a str>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    difficulty: Option<u8>,
    #[serde(serialize_with = "whole_or_fraction")]
    points: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    shuffle: Option<bool>,
}

/// Points as the trainer wrote them: `2`, not `2.0`; `0.5` as it is.
fn whole_or_fraction<S: serde::Serializer>(p: &f64, s: S) -> Result<S::Ok, S::Error> {
    if p.fract() == 0.0 && p.abs() < 1e15 {
        s.serialize_i64(*p as i64)
    } else {
        s.serialize_f64(*p)
    }
}

#[derive(Serialize)]
struct PaperOut<'a> {
    id: &'a str,
    title: &'a str,
    minutes: u32,
    pass: u8,
    draw: BTreeMap<&'static str, usize>,
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    tags: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    multiple_partial: Option<f64>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    points: BTreeMap<&'static str, Points>,
    #[serde(skip_serializing_if = "<[u8]>::is_empty")]
    difficulty: &'a [u8],
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    fixed: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    attempts: Option<u32>,
}

/// Points in a map, written as [`whole_or_fraction`] writes them.
#[derive(Serialize)]
struct Points(#[serde(serialize_with = "whole_or_fraction")] f64);

/// Writes a bank in the native TOML format; [`parse_bank_toml`] reads it back to the same bank.
pub fn export_bank_toml(bank: &Bank) -> String {
    let out = FileOut {
        bank: HeadOut {
            id: &bank.id,
            title: &bank.title,
            description: &bank.description,
            version: bank.version,
            sealed: bank.sealed,
        },
        questions: bank
            .questions
            .iter()
            .map(|q| QuestionOut {
                id: &q.id,
                kind: q.kind.as_str(),
                stem: &q.stem,
                options: &q.options,
                answer: match &q.answer {
                    Answer::Choice(set) => Some(toml::Value::String(
                        set.iter().map(|&i| letter(i)).collect(),
                    )),
                    Answer::Judge(b) => Some(toml::Value::Boolean(*b)),
                    Answer::Fill(blanks) => Some(toml::Value::Array(
                        blanks
                            .iter()
                            .map(|alts| toml::Value::String(alts.join("|")))
                            .collect(),
                    )),
                    Answer::Sealed => None,
                },
                explanation: &q.explanation,
                material: q.material.as_deref(),
                tags: &q.tags,
                difficulty: q.difficulty,
                points: q.points,
                shuffle: (!q.shuffle).then_some(false),
            })
            .collect(),
        papers: bank
            .papers
            .iter()
            .map(|p| PaperOut {
                id: &p.id,
                title: &p.title,
                minutes: p.minutes,
                pass: p.pass,
                draw: p.draw.iter().map(|(k, n)| (k.as_str(), *n)).collect(),
                tags: &p.tags,
                multiple_partial: p.multiple_partial,
                points: p
                    .points
                    .iter()
                    .map(|(k, n)| (k.as_str(), Points(*n)))
                    .collect(),
                difficulty: &p.difficulty,
                fixed: p.fixed,
                attempts: p.attempts,
            })
            .collect(),
    };
    // serializing these plain structs cannot fail; an empty string would fail the round trip
    // tests rather than pass silently
    crate::text::sanitize::sanitize_document(&toml::to_string_pretty(&out).unwrap_or_default())
}
