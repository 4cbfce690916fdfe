//! What a search finds: the materials that match, with passages around the hits. The store
//! finds them; the search screen, the reader's marks and `xuexi search` show them.

use serde::Serialize;

/// A material that matches, best first.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SearchHit {
    pub id: String,
    pub title: String,
    pub column: String,
    /// Occurrences of the query's terms in the title and text.
    pub hits: usize,
    /// Up to a few passages of the text around the first occurrences.
    pub snippets: Vec<Snippet>,
    /// Where the first occurrence in the text is (to open the reader there).
    #[serde(skip)]
    pub first: Option<super::material::Position>,
}

/// A passage with the byte ranges of the occurrences in it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges in `text`.
    pub marks: Vec<(usize, usize)>,
    /// The line goes on before / after the snippet.
    pub cut_before: bool,
    pub cut_after: bool,
}
