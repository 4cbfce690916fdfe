//! CSV: one row per event, for spreadsheets.

use jiff::tz::TimeZone;

use super::{Names, local};
use crate::domain::log::{Event, Record};

/// The CSV columns, in order (documented in the README).
pub const CSV_COLUMNS: [&str; 22] = [
    "id",
    "time",
    "kind",
    "material",
    "title",
    "session",
    "from",
    "seconds",
    "attempt",
    "mode",
    "bank",
    "paper",
    "question",
    "response",
    "correct",
    "score",
    "max",
    "percent",
    "passed",
    "note",
    "stem",
    "response_text",
];

pub use crate::text::sanitize::{neutralize, unneutralize};

/// `correct` of an answer and `passed` of an attempt on a sealed paper (no score, no percent:
/// the member's machine has no key to grade with).
pub const SEALED: &str = "sealed";

/// One row per event, UTF-8 with a BOM (so Excel and WPS read the Chinese right).
pub fn to_csv(events: &[Event], names: &Names, tz: &TimeZone) -> String {
    let mut w = ::csv::WriterBuilder::new().from_writer(Vec::new());
    // writing into a Vec cannot fail; errors would only come from the writer's I/O
    let _ = w.write_record(CSV_COLUMNS);
    for e in events {
        let mut row: [String; 22] = Default::default();
        row[0] = e.id.to_string();
        row[1] = local(e.at, tz);
        row[2] = e.record.kind().to_string();
        let b = |v: bool| if v { "true" } else { "false" }.to_string();
        let num = |v: f64| format!("{}", (v * 100.0).round() / 100.0);
        match &e.record {
            Record::Reading {
                session,
                material,
                from,
                seconds,
                ..
            } => {
                row[3] = material.clone();
                row[4] = names.title(material).to_string();
                row[5] = session.to_string();
                row[6] = local(*from, tz);
                row[7] = seconds.to_string();
            }
            Record::Finished { material } => {
                row[3] = material.clone();
                row[4] = names.title(material).to_string();
            }
            Record::Answer {
                attempt,
                mode,
                bank,
                question,
                response,
                correct,
                points,
                seconds,
                sealed,
                ..
            } => {
                row[7] = seconds.to_string();
                row[8] = attempt.to_string();
                row[9] = mode.clone();
                row[10] = bank.clone();
                row[12] = question.clone();
                row[13] = response.clone();
                if *sealed {
                    // a sealed paper's answer: the trainer grades it, this machine cannot
                    row[14] = SEALED.to_string();
                } else {
                    row[14] = b(*correct);
                    row[15] = num(*points);
                }
                // what a trainer reads: the question, the answer in words, the material
                if let Some(q) = names.question(bank, question) {
                    row[20] = q.stem.clone();
                    if let Some(m) = &q.material {
                        row[3] = m.clone();
                        row[4] = names.title(m).to_string();
                    }
                }
                row[21] = names.response_text(bank, question, response);
            }
            Record::Attempt {
                attempt,
                mode,
                bank,
                paper,
                title,
                started,
                seconds,
                score,
                max,
                percent,
                passed,
                sealed,
                ..
            } => {
                row[4] = title.clone();
                row[6] = local(*started, tz);
                row[7] = seconds.to_string();
                row[8] = attempt.to_string();
                row[9] = mode.clone();
                row[10] = bank.clone().unwrap_or_default();
                row[11] = paper.clone().unwrap_or_default();
                if *sealed {
                    // the paper's points stay: the trainer's grading divides by them
                    row[16] = num(*max);
                    row[18] = SEALED.to_string();
                } else {
                    row[15] = num(*score);
                    row[16] = num(*max);
                    row[17] = num(*percent);
                    row[18] = passed.map(b).unwrap_or_default();
                }
            }
            Record::Note { material, text, .. } => {
                row[3] = material.clone();
                row[4] = names.title(material).to_string();
                row[19] = text.clone();
            }
            Record::Tick {
                plan,
                item,
                done,
                note,
            } => {
                row[4] = format!("{plan}/{item}");
                row[14] = b(*done);
                row[19] = note.clone();
            }
        }
        let _ = w.write_record(row.iter().map(|c| neutralize(c)));
    }
    let body = w.into_inner().unwrap_or_default();
    let mut out = String::from("\u{feff}");
    out.push_str(&String::from_utf8_lossy(&body));
    crate::text::sanitize::sanitize_document(&out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_neutralized() {
        assert_eq!(neutralize("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(neutralize("+1"), "'+1");
        assert_eq!(neutralize("-1"), "'-1");
        assert_eq!(neutralize("@x"), "'@x");
        assert_eq!(neutralize("学习"), "学习");
        assert_eq!(neutralize(""), "");
        assert_eq!(neutralize("'x"), "''x");
    }

    #[test]
    fn unneutralize_gives_every_cell_back() {
        for cell in [
            "=1+1", "+", "-5", "@a", "\tx", "'", "'=x", "''", "'x", "学", "", "a=b",
        ] {
            assert_eq!(unneutralize(&neutralize(cell)), cell, "{cell:?}");
        }
        // a cell no tool neutralised keeps its apostrophe
        assert_eq!(unneutralize("'x"), "'x");
    }
}
