//! A material's body as styled blocks (parsed from CommonMark by `xuexi_formats::markdown`).
//! Pure: no I/O, no terminal.

/// Inline emphasis of a run of text.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Mark {
    pub bold: bool,
    pub italic: bool,
    pub code: bool,
    pub link: bool,
    /// ~~struck~~: drawn crossed out, and kept between `~~` so it shows where a terminal
    /// cannot cross text out (a struck 旧提法 must never read as current).
    pub strike: bool,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockKind {
    /// Heading level 1–6.
    Heading(u8),
    Paragraph,
    /// A paragraph inside a block quote, with its nesting depth (1 = one level).
    Quote(u8),
    /// A list item paragraph: nesting depth (1 = top level) and its marker ("•", "1.").
    /// `marker` is empty for a second paragraph inside the same item.
    ListItem {
        depth: u8,
        marker: String,
    },
    Code,
    Rule,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Block {
    pub kind: BlockKind,
    pub spans: Vec<(String, Mark)>,
}

impl Block {
    pub fn text(&self) -> String {
        self.spans.iter().map(|(t, _)| t.as_str()).collect()
    }
}

/// A parsed body: the blocks in reading order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Doc {
    pub blocks: Vec<Block>,
}

impl Doc {
    /// The plain text of the body, one block a line: what counting and searching see.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for b in &self.blocks {
            out.push_str(&b.text());
            out.push('\n');
        }
        out
    }

    /// Characters of text (no whitespace), for reading-time estimates.
    pub fn char_count(&self) -> usize {
        self.blocks
            .iter()
            .flat_map(|b| b.spans.iter())
            .map(|(t, _)| t.chars().filter(|c| !c.is_whitespace()).count())
            .sum()
    }
}

/// A [`Doc`] from the little Markdown the domain's own tests write (blocks between blank lines;
/// `## ` a heading, `> ` a quote, `- ` a list item; every other line a paragraph's). The real
/// parser is `xuexi_formats::markdown`, which the domain cannot name.
#[cfg(test)]
pub(crate) fn test_doc(text: &str) -> Doc {
    let mut blocks = Vec::new();
    for chunk in text.split("\n\n") {
        for line in chunk.lines().filter(|l| !l.trim().is_empty()) {
            let (kind, body) = if let Some(rest) = line.strip_prefix("## ") {
                (BlockKind::Heading(2), rest)
            } else if let Some(rest) = line.strip_prefix("> ") {
                (BlockKind::Quote(1), rest)
            } else if let Some(rest) = line.strip_prefix("- ") {
                let marker = "•".to_string();
                (BlockKind::ListItem { depth: 1, marker }, rest)
            } else {
                (BlockKind::Paragraph, line)
            };
            blocks.push(Block {
                kind,
                spans: vec![(body.to_string(), Mark::default())],
            });
        }
    }
    Doc { blocks }
}
