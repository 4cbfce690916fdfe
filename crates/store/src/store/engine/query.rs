//! The engine's queries: a query's terms as tantivy queries, the best matches and their count.

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, EnableScoring, Occur, PhrasePrefixQuery,
    PhraseQuery, Query as _, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, DocSet, Score, Searcher, SeekDangerResult, TantivyDocument, Term,
};

use super::super::engine_tokens::phrase_terms;
use super::{Engine, MAX_EXPANSIONS, TITLE_BOOST};
use crate::store::Result;
use crate::text::search::{Query, Term as SearchTerm};

mod titled;

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

    /// Term `t` in the title, weighing ten times, or in the text.
    fn title_or_text(&self, searcher: &Searcher, t: &SearchTerm, loose: bool) -> BooleanQuery {
        let [in_title, in_text] = self.title_and_text();
        BooleanQuery::new(vec![
            (
                Occur::Should,
                Box::new(BoostQuery::new(
                    self.term_query(searcher, t, in_title, loose),
                    TITLE_BOOST,
                )),
            ),
            (Occur::Should, self.term_query(searcher, t, in_text, loose)),
        ])
    }

    /// The query for `q`: every term, in the title (weighing ten times) or the text. A lone
    /// term without a column is its pair itself, not the one clause of a query: tantivy prunes
    /// the union of two plain terms (疫, 疫情: one token) by block-max only when it is asked
    /// as it is (129,000 of a million titles hold 疫: scoring each of them whole was most of
    /// the search).
    fn query(
        &self,
        searcher: &Searcher,
        q: &Query,
        column: Option<&str>,
        loose: bool,
    ) -> BooleanQuery {
        if let ([t], None) = (q.terms.as_slice(), column) {
            return self.title_or_text(searcher, t, loose);
        }
        let mut clauses: Vec<(Occur, BoxQuery)> = Vec::new();
        for t in &q.terms {
            let either = self.title_or_text(searcher, t, loose);
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
            None => {
                let exact = self.query(&searcher, q, column, false);
                // a query of single tokens is its loose query: found in two parts as well (a
                // lone one is a union tantivy prunes as it is)
                let single = q.terms.iter().all(|t| t.tokens.len() == 1);
                let body = if single && q.terms.len() > 1 && column.is_none() {
                    self.body_terms(&searcher, q)
                } else {
                    None
                };
                match body {
                    Some(body) => self.loose_best(&searcher, q, exact, &body, limit)?,
                    None => {
                        searcher.search(&exact, &TopDocs::with_limit(limit).order_by_score())?
                    }
                }
                .into_iter()
                .map(|(_, a)| a)
                .collect()
            }
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
        let body_only = if column.is_none() {
            self.body_terms(searcher, q)
        } else {
            None
        };
        let mut wanted = (limit * 4).max(CHECKED_FIRST);
        while wanted <= CHECKED_MOST {
            let best = match &body_only {
                Some(body) => self.loose_best(searcher, q, loose.clone(), body, wanted)?,
                None => searcher.search(&loose, &TopDocs::with_limit(wanted).order_by_score())?,
            };
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

    /// Every term of `q` in the text's fields as plain terms: the bigrams of a phrase (the
    /// loose query's), a character alone in the characters' own field, a word (`None` when a
    /// term ends in a character after more of it). What the loose query scores for a material
    /// whose title holds none of the terms.
    fn body_terms(&self, searcher: &Searcher, q: &Query) -> Option<Vec<Term>> {
        let field = self.f.body;
        let mut cost = |s: &str| {
            searcher
                .doc_freq(&Term::from_field_text(field, s))
                .unwrap_or(0)
        };
        let mut out = Vec::new();
        for t in &q.terms {
            if t.prefix_last && t.tokens.len() == 1 {
                out.push(Term::from_field_text(self.f.body_chars, &t.tokens[0]));
            } else if t.prefix_last {
                return None;
            } else {
                for (_, text) in phrase_terms(&t.tokens, false, &mut cost) {
                    out.push(Term::from_field_text(field, &text));
                }
            }
        }
        (!out.is_empty()).then_some(out)
    }

    /// The best `wanted` of the `loose` query, found in two parts: the materials whose title
    /// holds a term, scored by `loose` itself, and the best by the text alone (`body`, the
    /// plain terms of [`Self::body_terms`]), which tantivy finds skipping every block of
    /// postings that cannot reach the best found so far (block-max): scoring the whole
    /// intersection, most of a million materials for 学习强国, was most of a search's time.
    /// The same as `loose` alone: a material in neither part's best has `wanted` better in
    /// one of them (what the text alone gives a titled material is less than its score); a
    /// titled material in both counts with its whole score.
    fn loose_best(
        &self,
        searcher: &Searcher,
        q: &Query,
        loose: BooleanQuery,
        body: &[Term],
        wanted: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let text = text_query(body);
        let mut best = match q.terms.as_slice() {
            // one term of several tokens (a phrase's bigrams): in the title, with what the text
            // adds (`text`, its terms in the text), the text read only where it can still matter
            [t] => self.titled_best(searcher, t, (text.as_ref(), body), wanted)?,
            // more: every term, in one of them, and one in the title
            _ => {
                let [title, _] = self.title_and_text();
                let titled = q
                    .terms
                    .iter()
                    .map(|t| (Occur::Should, self.term_query(searcher, t, title, true)))
                    .collect();
                let in_title = BooleanQuery::new(vec![
                    (Occur::Must, Box::new(loose) as BoxQuery),
                    // (a filter: it adds nothing to the score)
                    (
                        Occur::Must,
                        Box::new(ConstScoreQuery::new(
                            Box::new(BooleanQuery::new(titled)),
                            0.0,
                        )),
                    ),
                ]);
                searcher.search(&in_title, &TopDocs::with_limit(wanted).order_by_score())?
            }
        };
        let titled: std::collections::HashSet<DocAddress> = best.iter().map(|(_, a)| *a).collect();
        best.extend(
            searcher
                .search(&text, &TopDocs::with_limit(wanted).order_by_score())?
                .into_iter()
                .filter(|(_, a)| !titled.contains(a)),
        );
        titled::by_rank(&mut best);
        best.truncate(wanted);
        Ok(best)
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

/// The text's plain `terms`, every one (one alone: tantivy's block-max for one term).
fn text_query(terms: &[Term]) -> BoxQuery {
    let mut text: Vec<BoxQuery> = terms
        .iter()
        .map(|term| -> BoxQuery {
            Box::new(TermQuery::new(term.clone(), IndexRecordOption::WithFreqs))
        })
        .collect();
    match text.len() {
        1 => text.remove(0),
        _ => Box::new(BooleanQuery::intersection(text)),
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

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use proptest::test_runner::TestCaseError;
    use tantivy::collector::TopDocs;
    use tantivy::{DocAddress, Score};

    use super::super::Engine;
    use crate::text::search::Query;

    /// An engine in memory holding `docs` (title, text), one segment every `per_segment`.
    pub(super) fn engine_of(docs: &[(String, String)], per_segment: usize) -> Engine {
        let engine = Engine::open(None, true).unwrap();
        let mut writer = engine.writer().unwrap();
        for (i, (title, text)) in docs.iter().enumerate() {
            writer
                .add_document(
                    engine
                        .f
                        .doc_of_plain(&format!("m{i}"), title, "栏目", text.clone()),
                )
                .unwrap();
            if i % per_segment == per_segment - 1 {
                writer.commit().unwrap();
            }
        }
        writer.commit().unwrap();
        engine.reader.reload().unwrap();
        engine
    }

    /// Text of a few characters and words, often repeated, so that titles, texts and
    /// queries share them.
    fn text(max: usize) -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("学习"),
                Just("强国"),
                Just("镇江"),
                Just("疫情"),
                Just("防控"),
                Just("学"),
                Just("，"),
                Just("。"),
                Just("app"),
                Just("四学机制"),
            ],
            0..max,
        )
        .prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The best found in two parts (the titled, the text's alone with block-max) are the
        /// best of the query itself: the same materials with the same scores, in its order
        /// (but for materials of one score to within rounding, where the cut may differ).
        #[test]
        fn the_best_in_two_parts_are_the_querys_best(
            docs in proptest::collection::vec((text(4), text(30)), 1..40),
            query in prop_oneof![
                Just("疫"), Just("学"), Just("疫情"), Just("学习强国"), Just("\"学习强国\""),
                Just("学习 强国"), Just("镇江 疫情 防控"), Just("四学机制"), Just("app 学习"),
            ],
            wanted in 1usize..12,
        ) {
            let engine = engine_of(&docs, 7);
            let searcher = engine.reader.searcher();
            let q = Query::parse(query).unwrap();
            let single = q.terms.iter().all(|t| t.tokens.len() == 1);
            let body = engine.body_terms(&searcher, &q);
            prop_assert!(body.is_some());
            let body = body.unwrap();
            let whole = engine.query(&searcher, &q, None, !single);
            let want = searcher
                .search(&whole, &TopDocs::with_limit(wanted).order_by_score())
                .unwrap();
            let got = engine.loose_best(&searcher, &q, whole, &body, wanted).unwrap();
            same_best(&got, &want)?;
        }
    }

    /// `got` is `want`: the same scores to rounding, the same materials in their order (but
    /// where the cut falls among scores equal to rounding, where either may be kept).
    pub(super) fn same_best(
        got: &[(Score, DocAddress)],
        want: &[(Score, DocAddress)],
    ) -> Result<(), TestCaseError> {
        prop_assert_eq!(got.len(), want.len());
        let close = |a: f32, b: f32| (a - b).abs() <= 1e-4 * a.abs().max(1.0);
        for (g, w) in got.iter().zip(want) {
            prop_assert!(close(g.0, w.0), "scores {got:?} against {want:?}");
        }
        let cut = want.last().map_or(0.0, |w| w.0);
        for (s, a) in want {
            if !close(*s, cut) {
                prop_assert!(
                    got.iter().any(|(_, b)| b == a),
                    "{a:?} missing: {got:?} against {want:?}"
                );
            }
        }
        Ok(())
    }
}
