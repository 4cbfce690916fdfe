//! The titled part of a one-term phrase's loose query, scored by the title first.

use tantivy::query::{Bm25Weight, BoostQuery, EnableScoring, Query, Weight};
use tantivy::{DocAddress, DocId, DocSet, Score, Searcher, SegmentReader, TERMINATED, Term};

use super::super::{Engine, TITLE_BOOST};
use crate::store::Result;
use crate::text::search::Term as SearchTerm;

impl Engine {
    /// The best `wanted` materials whose title holds every bigram of `t` (a term of several
    /// tokens, loosely: no positions read), with the loose query's score: ten times the
    /// title's bm25 and what `text` adds (its query in the text, of `text_terms`, as
    /// [`super::text_query`] makes it). The text is read only for the materials whose
    /// title, with the most the text's terms can add, can still reach the
    /// best by title in their segment: seeking the text's postings for each of the some 4,200
    /// materials whose title holds 镇江市委宣传部's bigrams (at a million) was a sixth of a
    /// search; some 1,100 are read now. Segments in the search's threads, as tantivy searches
    /// them.
    pub(super) fn titled_best(
        &self,
        searcher: &Searcher,
        t: &SearchTerm,
        (text, text_terms): (&dyn Query, &[Term]),
        wanted: usize,
    ) -> Result<Vec<(Score, DocAddress)>> {
        let [in_title, _] = self.title_and_text();
        let scoring = EnableScoring::enabled_from_searcher(searcher);
        let title = BoostQuery::new(self.term_query(searcher, t, in_title, true), TITLE_BOOST)
            .weight(scoring)?;
        let text = text.weight(scoring)?;
        // (each term's best bm25: a frequency no material reaches in the shortest text)
        let mut most: Score = 0.0;
        for term in text_terms {
            most += Bm25Weight::for_terms(searcher, std::slice::from_ref(term))?.max_score();
        }
        let wanted = wanted.max(1);
        let parts = self.index.search_executor().map(
            |(ord, reader)| {
                segment_best(
                    (title.as_ref(), text.as_ref(), most),
                    ord as u32,
                    reader,
                    wanted,
                )
            },
            searcher.segment_readers().iter().enumerate(),
        )?;
        let mut best: Vec<(Score, DocAddress)> = parts.into_iter().flatten().collect();
        by_rank(&mut best);
        best.truncate(wanted);
        Ok(best)
    }
}

/// As tantivy orders matches: the score, then the address.
pub(super) fn by_rank(best: &mut [(Score, DocAddress)]) {
    best.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
}

/// The best `wanted` of one segment by the title's score and the text's (`most`: the most
/// the text can add): every titled material's title scored, then the text only where it can
/// still matter. A material left out has a title below the `wanted`-th best by more than the
/// text can add: at least `wanted` materials of the segment score more.
fn segment_best(
    (title, text, most): (&dyn Weight, &dyn Weight, Score),
    ord: u32,
    reader: &SegmentReader,
    wanted: usize,
) -> tantivy::Result<Vec<(Score, DocAddress)>> {
    let alive = reader.alive_bitset();
    let mut titled: Vec<(DocId, Score)> = Vec::new();
    let mut scorer = title.scorer(reader, 1.0)?;
    let mut doc = scorer.doc();
    while doc != TERMINATED {
        if alive.is_none_or(|a| a.is_alive(doc)) {
            titled.push((doc, scorer.score()));
        }
        doc = scorer.advance();
    }
    let floor = if titled.len() > wanted {
        let mut scores: Vec<Score> = titled.iter().map(|&(_, s)| s).collect();
        let (_, nth, _) = scores.select_nth_unstable_by(wanted - 1, |a, b| b.total_cmp(a));
        // (and a little more: the text's terms are added in another order than their bounds)
        *nth - most * 1.0001
    } else {
        Score::NEG_INFINITY
    };
    let mut text = text.scorer(reader, 1.0)?;
    let mut best = Vec::new();
    // (in the order of their documents: a scorer only moves forward)
    for (doc, score) in titled {
        if score < floor {
            continue;
        }
        let mut at = text.doc();
        if at < doc {
            at = text.seek(doc);
        }
        // (as tantivy adds an optional clause: the required one's score, then the other's)
        let score = if at == doc {
            score + text.score()
        } else {
            score
        };
        best.push((score, DocAddress::new(ord, doc)));
    }
    by_rank(&mut best);
    best.truncate(wanted);
    Ok(best)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use tantivy::collector::TopDocs;
    use tantivy::query::{BooleanQuery, BoostQuery, Occur};

    use super::super::super::TITLE_BOOST;
    use super::super::tests::{engine_of, same_best};
    use super::super::text_query;
    use crate::text::search::Query;

    /// Titles of a few kinds that hold the phrases' bigrams or not, of a few lengths, so that
    /// many share one title score and a few differ by little.
    fn title() -> impl Strategy<Value = String> {
        prop_oneof![
            Just("镇江市委宣传部"),
            Just("镇江市委宣传部学习"),
            Just("镇江市委宣传部学习强国"),
            Just("学习强国"),
            Just("“学习强国”平台，四学机制"),
            Just("四学机制"),
            Just("疫情防控"),
        ]
        .prop_map(str::to_string)
    }

    /// Texts that hold the phrases as often and as far apart as they like.
    fn text() -> impl Strategy<Value = String> {
        proptest::collection::vec(
            prop_oneof![
                Just("镇江市委宣传部"),
                Just("学习强国"),
                Just("四学机制"),
                Just("镇江"),
                Just("宣传"),
                Just("疫情防控，复工复产。"),
            ],
            0..12,
        )
        .prop_map(|v| v.concat())
    }

    /// A material removed from the index is not among the best, though its title would be.
    #[test]
    fn a_removed_material_is_not_among_the_titled_best() {
        let docs: Vec<(String, String)> = (0..12)
            .map(|i| ("镇江市委宣传部".to_string(), "镇江市委宣传部".repeat(i + 1)))
            .collect();
        let engine = engine_of(&docs, 100);
        let mut writer = engine.writer().unwrap();
        // (m11: the most of the phrase in its text, the best of all)
        writer.delete_term(tantivy::Term::from_field_text(engine.f.id, "m11"));
        writer.commit().unwrap();
        engine.reader.reload().unwrap();
        let searcher = engine.reader.searcher();
        let q = Query::parse("镇江市委宣传部").unwrap();
        let body = engine.body_terms(&searcher, &q).unwrap();
        let got = engine
            .titled_best(
                &searcher,
                &q.terms[0],
                (text_query(&body).as_ref(), &body),
                3,
            )
            .unwrap();
        let ids: Vec<String> = got
            .iter()
            .map(|(_, a)| {
                let doc: tantivy::TantivyDocument = searcher.doc(*a).unwrap();
                use tantivy::schema::Value;
                doc.get_first(engine.f.id)
                    .and_then(|v| v.as_str())
                    .unwrap()
                    .to_string()
            })
            .collect();
        assert_eq!(ids, ["m10", "m9", "m8"]);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// The best titled materials scored title first are the best of the query that asks
        /// for the title and adds the text: the same scores, the same materials (but where the
        /// cut falls among scores equal to rounding). Segments of many materials, so that the
        /// text is skipped for some of them.
        #[test]
        fn the_best_by_title_first_are_the_titled_querys_best(
            docs in proptest::collection::vec((title(), text()), 1..80),
            query in prop_oneof![Just("镇江市委宣传部"), Just("学习强国"), Just("四学机制")],
            wanted in 1usize..10,
            per_segment in 10usize..60,
        ) {
            let engine = engine_of(&docs, per_segment);
            let searcher = engine.reader.searcher();
            let q = Query::parse(query).unwrap();
            let t = &q.terms[0];
            let [in_title, in_text] = engine.title_and_text();
            let whole = BooleanQuery::new(vec![
                (
                    Occur::Must,
                    Box::new(BoostQuery::new(
                        engine.term_query(&searcher, t, in_title, true),
                        TITLE_BOOST,
                    )),
                ),
                (Occur::Should, engine.term_query(&searcher, t, in_text, true)),
            ]);
            let want = searcher
                .search(&whole, &TopDocs::with_limit(wanted).order_by_score())
                .unwrap();
            let body = engine.body_terms(&searcher, &q).unwrap();
            let text = text_query(&body);
            let got = engine
                .titled_best(&searcher, t, (text.as_ref(), &body), wanted)
                .unwrap();
            same_best(&got, &want)?;
        }
    }
}
