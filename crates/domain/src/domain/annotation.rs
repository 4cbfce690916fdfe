//! Bookmarks and notes, anchored to a paragraph by its index and a short quote, so they can be
//! found again after the material's text changes.

use jiff::Timestamp;
use serde::Serialize;

use super::doc::Doc;
use super::material::Position;

/// Characters of the paragraph kept to find it again.
pub const QUOTE_CHARS: usize = 24;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnnotationKind {
    Bookmark,
    Note,
}

impl AnnotationKind {
    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKind::Bookmark => "bookmark",
            AnnotationKind::Note => "note",
        }
    }

    pub fn parse(s: &str) -> Option<AnnotationKind> {
        match s {
            "bookmark" => Some(AnnotationKind::Bookmark),
            "note" => Some(AnnotationKind::Note),
            _ => None,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Annotation {
    pub id: i64,
    pub kind: AnnotationKind,
    pub material: String,
    /// The material's title (for lists).
    pub title: String,
    pub position: Position,
    /// The start of the paragraph (from the position), as it read when anchored.
    pub quote: String,
    /// A bookmark's label or a note's text.
    pub text: String,
    /// The paragraph was not found after the material changed.
    pub lost: bool,
    pub created_at: Timestamp,
}

/// The quote that anchors `pos`: up to [`QUOTE_CHARS`] characters of its paragraph from the
/// position on (or from the paragraph's start when the position is past its text).
pub fn quote_at(doc: &Doc, pos: Position) -> String {
    let Some(block) = doc.blocks.get(pos.block) else {
        return String::new();
    };
    let text = block.text();
    let from = if text.is_char_boundary(pos.offset) && pos.offset < text.len() {
        pos.offset
    } else {
        0
    };
    text[from..].chars().take(QUOTE_CHARS).collect()
}

/// Where an anchor is in a (possibly changed) text: the paragraph at the old index when the
/// quote is still there, else the nearest paragraph that holds the quote; None when none does.
pub fn reanchor(doc: &Doc, pos: Position, quote: &str) -> Option<Position> {
    if quote.is_empty() {
        return (pos.block < doc.blocks.len()).then_some(pos);
    }
    let find = |b: usize| -> Option<Position> {
        let text = doc.blocks.get(b)?.text();
        text.find(quote).map(|offset| Position { block: b, offset })
    };
    if let Some(p) = find(pos.block) {
        return Some(p);
    }
    let n = doc.blocks.len();
    (1..n.max(1)).find_map(|d| {
        let after = pos.block.checked_add(d).filter(|b| *b < n).and_then(find);
        after.or_else(|| pos.block.checked_sub(d).and_then(find))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::doc::test_doc as parse_markdown;

    #[test]
    fn anchors_are_found_again_after_a_change() {
        let old = parse_markdown("第一段。\n\n第二段讲四学机制的来历和做法。\n\n第三段。\n");
        let pos = Position {
            block: 1,
            offset: "第二段".len(),
        };
        let q = quote_at(&old, pos);
        assert_eq!(q, "讲四学机制的来历和做法。");
        // unchanged: same place
        assert_eq!(reanchor(&old, pos, &q), Some(pos));
        // a paragraph inserted before it: found one further down
        let new = parse_markdown(
            "新的一段。\n\n第一段。\n\n第二段讲四学机制的来历和做法。\n\n第三段。\n",
        );
        assert_eq!(
            reanchor(&new, pos, &q),
            Some(Position {
                block: 2,
                offset: "第二段".len()
            })
        );
        // the paragraph rewritten: lost
        let gone = parse_markdown("第一段。\n\n全新的内容。\n");
        assert_eq!(reanchor(&gone, pos, &q), None);
    }
}
