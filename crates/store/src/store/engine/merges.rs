//! How the index's segments are merged as an import or a catch-up commits.

use tantivy::indexer::{MergeCandidate, MergePolicy};

/// Segments grow by merging up to [`MERGE_WIDTH`] small ones at a time, to about
/// [`SEGMENT_DOCS`] materials at most; then, in a large archive, [`LARGE_WIDTH`] of those at a
/// time, once, and no further. A merge's memory is that of the segments it reads (their term
/// dictionaries), so a wide merge of large segments is what would take an import past its
/// budget. Each segment costs a search its opening and a look-up of every term, and each finds
/// its own best from nothing: at 100,000 materials, 36 segments of 2,840 made a two-term search
/// 22-27 ms, eight of up to 13,700 make it 16 ms. The indexer's segments (some 570 materials of
/// dense text) become levels of merges (eight of them: some 4,560; eight of those, 36,500; two
/// of those), run once the last segment is written, up to [`SEGMENT_DOCS`]. (With the
/// indexer's segments of 70, at a 16 MB budget, it took three levels; two wider ones measured
/// no faster and peaked at 60 MB.) At 25,000 a million materials made 46 segments and searches
/// of 34–71 ms; at 100,000, 300,000 made 5 segments instead of 14, searches a fifth faster, the
/// same 45 MB peak. A million made 12 segments of some 85,000; three at a time, four of some
/// 255,000 made its searches 10-20 % faster (some 40 s a merge on the 2-core machine). Below
/// some 150,000 materials nothing changes: there are not three segments that large.
#[derive(Debug)]
pub(super) struct SmallMerges;

const MERGE_WIDTH: usize = 8;
const SEGMENT_DOCS: u32 = 100_000;
/// How many segments of at least half [`SEGMENT_DOCS`] are merged at a time (what that makes
/// is not merged again).
const LARGE_WIDTH: usize = 3;

impl MergePolicy for SmallMerges {
    fn compute_merge_candidates(
        &self,
        segments: &[tantivy::index::SegmentMeta],
    ) -> Vec<MergeCandidate> {
        let mut small: Vec<_> = segments
            .iter()
            .filter(|m| m.num_docs() < SEGMENT_DOCS / 2)
            .collect();
        small.sort_by_key(|m| m.num_docs());
        let mut out = Vec::new();
        let mut group: Vec<tantivy::index::SegmentId> = Vec::new();
        let mut docs = 0;
        for m in small {
            if docs + m.num_docs() > SEGMENT_DOCS || group.len() == MERGE_WIDTH {
                if group.len() >= 2 && (group.len() == MERGE_WIDTH || docs >= SEGMENT_DOCS / 2) {
                    out.push(MergeCandidate(std::mem::take(&mut group)));
                }
                group.clear();
                docs = 0;
            }
            group.push(m.id());
            docs += m.num_docs();
        }
        if group.len() == MERGE_WIDTH || (group.len() >= 2 && docs >= SEGMENT_DOCS / 2) {
            out.push(MergeCandidate(group));
        }
        // the large ones, never merged yet (what they make is LARGE_WIDTH times as large)
        let large_most = SEGMENT_DOCS / 2 * LARGE_WIDTH as u32;
        let mut large: Vec<_> = segments
            .iter()
            .filter(|m| (SEGMENT_DOCS / 2..large_most).contains(&m.num_docs()))
            .collect();
        large.sort_by_key(|m| m.num_docs());
        for three in large.chunks_exact(LARGE_WIDTH) {
            out.push(MergeCandidate(three.iter().map(|m| m.id()).collect()));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use tantivy::Index;
    use tantivy::indexer::MergePolicy;

    use super::super::schema;
    use super::SmallMerges;

    #[test]
    fn merges_stop_at_some_100000_materials_then_three_of_those() {
        let index = Index::create_in_ram(schema().0);
        let groups = |sizes: &[(usize, u32)]| -> Vec<usize> {
            let metas: Vec<tantivy::index::SegmentMeta> = sizes
                .iter()
                .flat_map(|&(n, docs)| std::iter::repeat_n(docs, n))
                .map(|docs| {
                    index.new_segment_meta(tantivy::index::SegmentId::generate_random(), docs)
                })
                .collect();
            SmallMerges
                .compute_merge_candidates(&metas)
                .iter()
                .map(|c| c.0.len())
                .collect()
        };
        // the indexer's segments, eight at a time (a few left over wait)
        assert_eq!(groups(&[(20, 570)]), [8, 8]);
        // larger ones eight at a time, or once enough of them make half the most
        assert_eq!(groups(&[(8, 4_560)]), [8]);
        assert!(groups(&[(3, 4_560)]).is_empty());
        assert_eq!(groups(&[(2, 36_480)]), [2]);
        // up to the most: seven of 13,680 (95,760), not eight (109,440)
        assert_eq!(groups(&[(8, 13_680)]), [7]);
        // large ones three at a time (the fourth waits), and what that makes no further
        assert!(groups(&[(2, 85_000)]).is_empty());
        assert_eq!(groups(&[(12, 85_000)]), [3, 3, 3, 3]);
        assert_eq!(groups(&[(4, 54_720)]), [3]);
        assert!(groups(&[(4, 255_000)]).is_empty());
        assert!(groups(&[(3, 150_000)]).is_empty());
        // both kinds at once: the small ones as before, beside the large
        assert_eq!(groups(&[(8, 4_560), (3, 85_000)]), [8, 3]);
    }
}
