//! `xuexi search QUERY`: ranked materials with a snippet per hit.

use std::io::{IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;

use crate::domain::search::Snippet;
use crate::i18n::fill;
use crate::service::bootstrap::Env;
use crate::text::search::Query;

/// How hits are marked in a snippet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marking {
    /// Bold (a terminal).
    Bold,
    /// `[…]` (piped into another program or a file).
    Brackets,
    /// Nothing (NO_COLOR).
    Plain,
}

impl Marking {
    /// Bold on a terminal, brackets when piped, nothing under NO_COLOR.
    pub fn detect() -> Marking {
        if std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty()) {
            Marking::Plain
        } else if std::io::stdout().is_terminal() {
            Marking::Bold
        } else {
            Marking::Brackets
        }
    }
}

/// A snippet as a line, its hits marked.
pub fn render_snippet(s: &Snippet, marking: Marking) -> String {
    let (open, close) = match marking {
        Marking::Bold => ("\x1b[1m", "\x1b[22m"),
        Marking::Brackets => ("[", "]"),
        Marking::Plain => ("", ""),
    };
    let mut out = String::new();
    if s.cut_before {
        out.push('…');
    }
    let mut at = 0;
    for &(a, b) in &s.marks {
        if a < at || b > s.text.len() {
            continue;
        }
        out.push_str(&s.text[at..a]);
        out.push_str(open);
        out.push_str(&s.text[a..b]);
        out.push_str(close);
        at = b;
    }
    out.push_str(&s.text[at..]);
    if s.cut_after {
        out.push('…');
    }
    out
}

/// Byte offsets → character offsets, for JSON readers.
fn char_marks(s: &Snippet) -> Vec<[usize; 2]> {
    s.marks
        .iter()
        .map(|&(a, b)| [s.text[..a].chars().count(), s.text[..b].chars().count()])
        .collect()
}

/// What `xuexi search` prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Output {
    Text,
    Json,
    /// Only the number of materials that match.
    Count,
}

pub fn search(
    env: &Env,
    query: &str,
    column: Option<&str>,
    limit: usize,
    output: Output,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<ExitCode> {
    let q = match Query::parse(query) {
        Ok(q) => q,
        Err(e) => {
            writeln!(
                err,
                "{}",
                crate::i18n::fill(
                    &env.strings.error_line,
                    &[("text", &env.strings.query_error(&e))]
                )
            )?;
            return Ok(ExitCode::from(2));
        }
    };
    let store = env.open_store_to_search()?;
    // closed book: the materials an open exam's questions come from stay closed (as in the app)
    crate::service::exam::guard(&store, &env.strings, None, jiff::Timestamp::now())
        .map_err(anyhow::Error::msg)?;
    if output == Output::Count {
        let n = store.search_count(&q, column)?;
        writeln!(out, "{n}")?;
        return Ok(if n == 0 {
            ExitCode::FAILURE
        } else {
            ExitCode::SUCCESS
        });
    }
    let hits = store.search(&q, column, limit.max(1))?;
    if output == Output::Json {
        let v: Vec<serde_json::Value> = hits
            .iter()
            .map(|h| {
                json!({
                    "id": h.id, "title": h.title, "column": h.column, "hits": h.hits,
                    "snippets": h.snippets.iter().map(|s| json!({
                        "text": s.text, "marks": char_marks(s),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &v)?;
        writeln!(out)?;
    } else {
        let marking = Marking::detect();
        for (i, h) in hits.iter().enumerate() {
            let column = if h.column.is_empty() {
                &env.strings.column_other
            } else {
                &h.column
            };
            writeln!(
                out,
                "{}. {}  ({} · {} · {})",
                i + 1,
                h.title,
                h.id,
                column,
                fill(&env.strings.search_hits, &[("n", &h.hits)])
            )?;
            for s in &h.snippets {
                writeln!(out, "   {}", render_snippet(s, marking))?;
            }
        }
        if hits.is_empty() {
            writeln!(
                err,
                "{}",
                fill(&env.strings.search_none, &[("q", &query.trim())])
            )?;
        }
    }
    Ok(if hits.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_are_marked_three_ways() {
        let s = Snippet {
            text: "建立健全四学机制推动".into(),
            marks: vec![(12, 24)],
            cut_before: true,
            cut_after: false,
        };
        assert_eq!(
            render_snippet(&s, Marking::Brackets),
            "…建立健全[四学机制]推动"
        );
        assert_eq!(render_snippet(&s, Marking::Plain), "…建立健全四学机制推动");
        assert_eq!(
            render_snippet(&s, Marking::Bold),
            "…建立健全\x1b[1m四学机制\x1b[22m推动"
        );
    }
}
