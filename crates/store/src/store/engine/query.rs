//! The engine's queries: a query's terms as tantivy queries, the best matches and their count.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, EnableScoring, Occur, PhrasePrefixQuery, PhraseQuery, Query as _,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{DocAddress, DocId, DocSet, Searcher, SeekDangerResult, TantivyDocument, Term};

use super::super::engine_tokens::phrase_terms;
use super::{Engine, MAX_EXPANSIONS, TITLE_BOOST};
use crate::store::Result;
use crate::text::search::{Query, Term as SearchTerm};

/// How many of the loosely ranked matches are checked first (at least four times the number
/// asked for), and at most, before the exact query is run instead.
const CHECKED_FIRST: usize = 64;
const CHECKED_MOST: usize = 4_096;

type BoxQuery = Box<dyn tantivy::query::Query>;

impl Engine {
    /// Term `t` of a query in `field` (one character alone: in `chars`, the characters' own
    /// field): a phrase of its tokens, or (`loose`) only a conjunction of the phrase's bigrams,
    /// no positions read.
    fn term_query(
        &self,
        searcher: &Searcher,
        t: &SearchTerm,
        (field, chars): (Field, Field),
        loose: bool,
    ) -> BoxQuery {
        if t.prefix_last && t.tokens.len() == 1 {
            // one character alone: anywhere, from the characters' own field
            return Box::new(TermQuery::new(
                Term::from_field_text(chars, &t.tokens[0]),
                IndexRecordOption::WithFreqs,
            ));
        }
        // (a term the index cannot read costs nothing: the search then fails on it)
        let mut cost = |s: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, s))
                .unwrap_or(0)
        };
        let terms: Vec<(usize, Term)> = phrase_terms(&t.tokens, t.prefix_last, &mut cost)
            .into_iter()
            .map(|(at, text)| (at, Term::from_field_text(field, &text)))
            .collect();
        if t.prefix_last {
            // a last character alone after more of the query (APP开): it begins a bigram or
            // ends its run, as FTS5's prefix token did
            let mut q = PhrasePrefixQuery::new_with_offset(terms);
            // (every bigram a character begins, in a dense corpus: a few thousand at most)
            q.set_max_expansions(MAX_EXPANSIONS);
            Box::new(q)
        } else if terms.len() == 1 {
            Box::new(TermQuery::new(
                terms[0].1.clone(),
                IndexRecordOption::WithFreqs,
            ))
        } else if loose {
            Box::new(BooleanQuery::intersection(
                terms
                    .into_iter()
                    .map(|(_, term)| -> BoxQuery {
                        Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs))
                    })
                    .collect(),
            ))
        } else {
            Box::new(PhraseQuery::new_with_offset(terms))
        }
    }

    /// The title's and the text's fields.
    fn title_and_text(&self) -> [(Field, Field); 2] {
        [
            (self.f.title, self.f.title_chars),
            (self.f.body, self.f.body_chars),
        ]
    }

    /// The query for `q`: every term, in the title (weighing ten times) or the text.
    fn query(
        &self,
        searcher: &Searcher,
        q: &Query,
        column: Option<&str>,
        loose: bool,
    ) -> BooleanQuery {
        let mut clauses: Vec<(Occur, BoxQuery)> = Vec::new();
        for t in &q.terms {
            let [title, text] = self.title_and_text();
            let either = BooleanQuery::new(vec![
                (
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        self.term_query(searcher, t, title, loose),
                        TITLE_BOOST,
                    )),
                ),
                (Occur::Should, self.term_query(searcher, t, text, loose)),
            ]);
            clauses.push((Occur::Must, Box::new(either)));
        }
        if let Some(c) = column {
            clauses.push((
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.f.column, c),
                    IndexRecordOption::Basic,
                )),
            ));
        }
        BooleanQuery::new(clauses)
    }

    /// The ids of the best `limit` matches, best first. A query with a phrase is ranked by its
    /// bigrams' bm25 (no positions read), and the best of those are then checked to hold the
    /// phrase, more until `limit` do: counting a phrase's occurrences in every material that
    /// holds its bigrams (18,818 at 100,000) was most of a search's time. A phrase few of those
    /// hold is searched exactly, as before.
    pub(crate) fn top(&self, q: &Query, column: Option<&str>, limit: usize) -> Result<Vec<String>> {
        let searcher = self.reader.searcher();
        let limit = limit.max(1);
        let top = match self.checked_top(&searcher, q, column, limit)? {
            Some(top) => top,
            None => searcher
                .search(
                    &self.query(&searcher, q, column, false),
                    &TopDocs::with_limit(limit).order_by_score(),
                )?
                .into_iter()
                .map(|(_, a)| a)
                .collect(),
        };
        let mut out = Vec::with_capacity(top.len());
        for addr in top {
            let doc: TantivyDocument = searcher.doc(addr)?;
            if let Some(id) = doc.get_first(self.f.id).and_then(|v| v.as_str()) {
                out.push(id.to_string());
            }
        }
        Ok(out)
    }

    /// The best `limit` matches among the best of the loose query that hold every phrase of
    /// `q`; `None` when `q` has no phrase, or too few of those hold them (the exact query is
    /// then run as it is).
    fn checked_top(
        &self,
        searcher: &Searcher,
        q: &Query,
        column: Option<&str>,
        limit: usize,
    ) -> Result<Option<Vec<DocAddress>>> {
        let exact = EnableScoring::disabled_from_searcher(searcher);
        // each phrase's weights in the title and the text
        let mut phrases = Vec::new();
        for t in q
            .terms
            .iter()
            .filter(|t| !t.prefix_last && t.tokens.len() > 1)
        {
            let mut pair = Vec::with_capacity(2);
            for fields in self.title_and_text() {
                pair.push(self.term_query(searcher, t, fields, false).weight(exact)?);
            }
            phrases.push(pair);
        }
        if phrases.is_empty() {
            return Ok(None);
        }
        let loose = self.query(searcher, q, column, true);
        let mut wanted = (limit * 4).max(CHECKED_FIRST);
        while wanted <= CHECKED_MOST {
            let best = searcher.search(&loose, &TopDocs::with_limit(wanted).order_by_score())?;
            let all = best.len() < wanted;
            // checked segment by segment, in the order of their documents (a scorer only moves
            // forward), then kept in the order of the ranking
            let mut order: Vec<usize> = (0..best.len()).collect();
            order.sort_by_key(|&i| (best[i].1.segment_ord, best[i].1.doc_id));
            let mut holds = vec![false; best.len()];
            let mut segment: Option<(u32, Vec<Vec<Check>>)> = None;
            for i in order {
                let addr = best[i].1;
                if segment.as_ref().is_none_or(|(s, _)| *s != addr.segment_ord) {
                    let reader = searcher.segment_reader(addr.segment_ord);
                    let mut checks = Vec::with_capacity(phrases.len());
                    for pair in &phrases {
                        let mut c = Vec::with_capacity(pair.len());
                        for w in pair {
                            c.push(Check {
                                scorer: w.scorer(reader, 1.0)?,
                                valid: true,
                            });
                        }
                        checks.push(c);
                    }
                    segment = Some((addr.segment_ord, checks));
                }
                if let Some((_, checks)) = segment.as_mut() {
                    holds[i] = checks
                        .iter_mut()
                        .all(|pair| pair.iter_mut().any(|c| c.holds(addr.doc_id)));
                }
            }
            let top: Vec<DocAddress> = best
                .iter()
                .zip(&holds)
                .filter(|(_, h)| **h)
                .map(|((_, a), _)| *a)
                .take(limit)
                .collect();
            if top.len() == limit || all {
                return Ok(Some(top));
            }
            // too few hold the phrase: as many more as the share found suggests, or, past what
            // is worth checking (a phrase rare among common bigrams), the exact query at once
            let needed = match top.len() {
                0 => usize::MAX,
                held => (limit * wanted / held).saturating_mul(2),
            };
            if needed > CHECKED_MOST {
                return Ok(None);
            }
            wanted = needed.max(wanted * 2);
        }
        Ok(None)
    }

    /// How many materials the index holds.
    pub(crate) fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// How many materials match.
    pub(crate) fn count(&self, q: &Query, column: Option<&str>) -> Result<usize> {
        let searcher = self.reader.searcher();
        Ok(searcher.search(&self.query(&searcher, q, column, false), &Count)?)
    }
}

/// A phrase's scorer in one segment, asked about documents in increasing order.
struct Check {
    scorer: Box<dyn tantivy::query::Scorer>,
    /// Whether the scorer stands on a document (after a miss, `seek_danger` leaves it
    /// anywhere, and only `seek_danger` may be called next).
    valid: bool,
}

impl Check {
    /// Does document `doc` hold the phrase? Only the phrase's positions in `doc` are read.
    fn holds(&mut self, doc: DocId) -> bool {
        if self.valid {
            let at = self.scorer.doc();
            if at >= doc {
                return at == doc;
            }
        }
        self.valid = self.scorer.seek_danger(doc) == SeekDangerResult::Found;
        self.valid
    }
}
