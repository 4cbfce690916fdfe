//! Full-text search. The index is written in the same transaction as the material it covers
//! (see `materials::upsert`), so it is never out of step with the materials.

use rusqlite::{Connection, OptionalExtension, params};

use super::{Result, Store};
use crate::domain::doc::parse_markdown;
use crate::domain::search::{SearchHit, Snippet};
use crate::text::search::{Query, index_text};

/// Bump when the tokens change: the index is then rebuilt at the next start.
pub const INDEX_VERSION: &str = "1";
pub(crate) const INDEX_KEY: &str = "search_index_version";

/// Indexes (or re-indexes) one material: its title and the plain text of its body.
pub(crate) fn index(conn: &Connection, id: &str, title: &str, plain: &str) -> Result<()> {
    let rowid: i64 = match conn
        .query_row(
            "SELECT id FROM search_docs WHERE material_id = ?1",
            [id],
            |r| r.get(0),
        )
        .optional()?
    {
        Some(r) => {
            conn.execute("DELETE FROM search WHERE rowid = ?1", [r])?;
            r
        }
        None => {
            conn.execute("INSERT INTO search_docs (material_id) VALUES (?1)", [id])?;
            conn.last_insert_rowid()
        }
    };
    conn.execute(
        "INSERT INTO search (rowid, title, body) VALUES (?1, ?2, ?3)",
        params![rowid, index_text(title), index_text(plain)],
    )?;
    Ok(())
}

/// Indexes every material `select` gives as (id, title, Markdown body), one at a time (the
/// bodies are not held together). Returns how many.
pub(crate) fn index_each(conn: &Connection, select: &str) -> Result<usize> {
    let mut stmt = conn.prepare(select)?;
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut n = 0;
    for row in rows {
        let (id, title, body) = row?;
        index(conn, &id, &title, &parse_markdown(&body).plain_text())?;
        n += 1;
    }
    Ok(n)
}

/// Takes a material out of the index.
pub(crate) fn unindex(conn: &Connection, id: &str) -> Result<()> {
    if let Some(r) = conn
        .query_row(
            "SELECT id FROM search_docs WHERE material_id = ?1",
            [id],
            |r| r.get::<_, i64>(0),
        )
        .optional()?
    {
        conn.execute("DELETE FROM search WHERE rowid = ?1", [r])?;
        conn.execute("DELETE FROM search_docs WHERE id = ?1", [r])?;
    }
    Ok(())
}

/// Characters of context either side of an occurrence in a snippet.
pub const CONTEXT_CHARS: usize = 18;
/// Snippets kept per material.
pub const SNIPPETS: usize = 3;

/// Cuts snippets from `text` around `occ` (byte ranges, sorted): each within its line, with
/// the occurrences inside it marked.
pub fn snippets(text: &str, occ: &[std::ops::Range<usize>], max: usize) -> Vec<Snippet> {
    let mut out: Vec<Snippet> = Vec::new();
    let mut covered = 0usize;
    for r in occ {
        if out.len() >= max {
            break;
        }
        if r.start < covered {
            continue;
        }
        let line_start = text[..r.start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = text[r.end..].find('\n').map_or(text.len(), |i| r.end + i);
        let before: Vec<(usize, char)> = text[line_start..r.start].char_indices().collect();
        let start = if before.len() > CONTEXT_CHARS {
            line_start + before[before.len() - CONTEXT_CHARS].0
        } else {
            line_start
        };
        let end = text[r.end..line_end]
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(line_end, |(i, _)| r.end + i);
        let marks = occ
            .iter()
            .filter(|o| o.start >= start && o.end <= end)
            .map(|o| (o.start - start, o.end - start))
            .collect();
        out.push(Snippet {
            text: text[start..end].to_string(),
            marks,
            cut_before: start > line_start,
            cut_after: end < line_end,
        });
        covered = end;
    }
    out
}

/// The reader position of a byte offset in a body's plain text (one block a line).
pub fn position_of(plain: &str, offset: usize) -> crate::domain::material::Position {
    let before = &plain[..offset.min(plain.len())];
    let block = before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    crate::domain::material::Position {
        block,
        offset: offset - line_start,
    }
}

impl Store {
    /// Rebuilds the index when it was made by another version of the tokens (or never).
    pub(crate) fn ensure_search_index(&mut self) -> Result<()> {
        let have = self.meta(INDEX_KEY)?;
        if have.as_deref() == Some(INDEX_VERSION) {
            return Ok(());
        }
        let tx = self.write_tx()?;
        tx.execute("DELETE FROM search", [])?;
        tx.execute("DELETE FROM search_docs", [])?;
        index_each(
            &tx,
            "SELECT m.id, m.title, b.body FROM materials m
             JOIN material_bodies b ON b.material_id = m.id",
        )?;
        tx.execute(
            "INSERT INTO meta (key, value) VALUES (?1, ?2)
             ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            [INDEX_KEY, INDEX_VERSION],
        )?;
        tx.commit()?;
        tracing::info!("built the search index");
        Ok(())
    }

    /// How many materials hold every term of `query` (optionally only in `column`).
    pub fn search_count(&self, query: &Query, column: Option<&str>) -> Result<usize> {
        let n: i64 = if column.is_none() {
            self.conn.query_row(
                "SELECT count(*) FROM search WHERE search MATCH ?1",
                [query.fts()],
                |r| r.get(0),
            )?
        } else {
            self.conn.query_row(
                "SELECT count(*) FROM search s
                 JOIN search_docs d ON d.id = s.rowid
                 JOIN materials m ON m.id = d.material_id
                 WHERE search MATCH ?1 AND m.column_name = ?2",
                params![query.fts(), column],
                |r| r.get(0),
            )?
        };
        Ok(n.max(0) as usize)
    }

    /// Materials where every term of `query` occurs, best first (bm25, the title weighing ten
    /// times the text), at most `limit`, optionally only in `column`.
    pub fn search(
        &self,
        query: &Query,
        column: Option<&str>,
        limit: usize,
    ) -> Result<Vec<SearchHit>> {
        // ranked without the bodies (sorting the matches with their text would move every
        // matching body through the sorter); only the top `limit` bodies are read after
        let mut stmt = self.conn.prepare_cached(
            "SELECT d.material_id, m.title, m.column_name
             FROM search s
             JOIN search_docs d ON d.id = s.rowid
             JOIN materials m ON m.id = d.material_id
             WHERE search MATCH ?1 AND (?2 IS NULL OR m.column_name = ?2)
             ORDER BY bm25(search, 10.0, 1.0), m.sort_key
             LIMIT ?3",
        )?;
        let top = stmt
            .query_map(params![query.fts(), column, limit as i64], |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut body_of = self
            .conn
            .prepare_cached("SELECT body FROM material_bodies WHERE material_id = ?1")?;
        let mut rows = Vec::with_capacity(top.len());
        for (id, title, column) in top {
            let body: String = body_of
                .query_row([&id], |r| r.get(0))
                .optional()?
                .unwrap_or_default();
            rows.push((id, title, column, body));
        }
        let mut out = Vec::new();
        for (id, title, column, body) in rows {
            let plain = parse_markdown(&body).plain_text();
            let occ = query.occurrences(&plain);
            let in_title = query.occurrences(&title).len();
            out.push(SearchHit {
                first: occ.first().map(|r| position_of(&plain, r.start)),
                snippets: snippets(&plain, &occ, SNIPPETS),
                hits: occ.len() + in_title,
                id,
                title,
                column,
            });
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snippets_stay_in_their_line_and_mark_hits() {
        let text = "第一行\n一二三四五六七八九十一二三四五六七八九十学习甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉学习\n末行";
        let q = Query::parse("学习").unwrap();
        let occ = q.occurrences(text);
        assert_eq!(occ.len(), 2);
        let s = snippets(text, &occ, 3);
        assert_eq!(s.len(), 2);
        assert!(s[0].text.starts_with("三四五"), "{:?}", s[0].text);
        assert!(!s[0].text.contains('\n'));
        let (a, b) = s[0].marks[0];
        assert_eq!(&s[0].text[a..b], "学习");
        assert!(s[1].text.ends_with("学习"));
        assert_eq!(position_of(text, occ[0].start).block, 1);
        assert_eq!(position_of(text, occ[0].start).offset, 60);
    }
}
