//! Lays a parsed body out at a width: once per (material, width); the reader then draws only
//! the visible slice, so a frame costs the same for a short or a very long article.

use crate::domain::doc::{BlockKind, Doc, Mark};
use crate::domain::material::Position;
use crate::text::width::width as text_width;
use crate::text::wrap::{Seg, wrap_spans};

/// What a piece of a laid-out line is, for the theme to style.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Style {
    Body(Mark),
    Heading(u8, Mark),
    Quote(Mark),
    Code,
    /// A list bullet or number.
    Marker,
    /// The bar in front of a block quote.
    QuoteBar,
    Rule,
    /// The member's note, shown under its paragraph on request.
    Note,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LayoutLine {
    /// The block this line belongs to (a blank line between blocks belongs to the next block).
    pub block: usize,
    /// Byte offset, inside the block's text, where this line starts.
    pub offset: usize,
    pub segs: Vec<Seg<Style>>,
}

impl LayoutLine {
    pub fn text(&self) -> String {
        self.segs.iter().map(|s| s.text.as_str()).collect()
    }

    pub fn width(&self) -> usize {
        self.segs.iter().map(|s| text_width(&s.text)).sum()
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Layout {
    pub width: usize,
    pub lines: Vec<LayoutLine>,
}

/// A text at least this long is laid out on every core at once.
const PARALLEL_BYTES: usize = 256 * 1024;

/// Lays `doc` out in `width` columns (at least 2). Blocks are laid out independently, so a long
/// text is cut into runs of blocks of about equal size, one per core (at most four), laid out
/// at once and joined: a 5 MB article opens in half the time on two cores.
pub fn layout(doc: &Doc, width: usize) -> Layout {
    let width = width.max(2);
    let sizes: Vec<usize> = doc
        .blocks
        .iter()
        .map(|b| b.spans.iter().map(|(t, _)| t.len()).sum())
        .collect();
    let total: usize = sizes.iter().sum();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    if total < PARALLEL_BYTES || cores < 2 || doc.blocks.len() < 2 {
        return Layout {
            width,
            lines: layout_blocks(doc, 0..doc.blocks.len(), width),
        };
    }
    // the runs of blocks: one ends where the text so far reaches its share
    let mut runs = Vec::with_capacity(cores);
    let (mut start, mut acc) = (0, 0);
    for (bi, n) in sizes.iter().enumerate() {
        acc += n;
        if runs.len() + 1 < cores && acc * cores >= total * (runs.len() + 1) {
            runs.push(start..bi + 1);
            start = bi + 1;
        }
    }
    runs.push(start..doc.blocks.len());
    let parts: Vec<Option<Vec<LayoutLine>>> = std::thread::scope(|s| {
        let handles: Vec<_> = runs[1..]
            .iter()
            .map(|r| {
                let r = r.clone();
                std::thread::Builder::new()
                    .spawn_scoped(s, move || layout_blocks(doc, r, width))
                    .ok()
            })
            .collect();
        let mut parts = vec![Some(layout_blocks(doc, runs[0].clone(), width))];
        // a thread that could not be made (or failed) leaves its run to be laid out here
        parts.extend(handles.into_iter().map(|h| h.and_then(|h| h.join().ok())));
        parts
    });
    let mut lines = Vec::new();
    for (part, run) in parts.into_iter().zip(runs) {
        lines.extend(part.unwrap_or_else(|| layout_blocks(doc, run, width)));
    }
    Layout { width, lines }
}

/// The lines of blocks `range` of `doc` (with the blank line before each block but the first
/// of the text).
fn layout_blocks(doc: &Doc, range: std::ops::Range<usize>, width: usize) -> Vec<LayoutLine> {
    let mut lines: Vec<LayoutLine> = Vec::new();
    for bi in range {
        let block = &doc.blocks[bi];
        if bi > 0 {
            lines.push(LayoutLine {
                block: bi,
                offset: 0,
                segs: Vec::new(),
            });
        }
        let (first_prefix, rest_prefix, prefix_style): (String, String, Style) = match &block.kind {
            BlockKind::Quote(depth) => {
                let p = "▍ ".repeat(usize::from(*depth));
                (p.clone(), p, Style::QuoteBar)
            }
            BlockKind::ListItem { depth, marker } => {
                let indent = "  ".repeat(usize::from(depth.saturating_sub(1)));
                let hang = " ".repeat(text_width(marker) + 1);
                let first = if marker.is_empty() {
                    format!("{indent}{hang}")
                } else {
                    format!("{indent}{marker} ")
                };
                (first, format!("{indent}{hang}"), Style::Marker)
            }
            BlockKind::Code => ("  ".into(), "  ".into(), Style::Code),
            _ => (String::new(), String::new(), Style::Marker),
        };
        if block.kind == BlockKind::Rule {
            lines.push(LayoutLine {
                block: bi,
                offset: 0,
                segs: vec![Seg {
                    text: "─".repeat(width),
                    tag: Style::Rule,
                }],
            });
            continue;
        }
        let prefix_w = text_width(&first_prefix).max(text_width(&rest_prefix));
        // keep at least 2 columns for text, dropping the prefix on absurdly narrow panes
        let (first_prefix, rest_prefix, inner) = if width >= prefix_w + 2 {
            (first_prefix, rest_prefix, width - prefix_w)
        } else {
            (String::new(), String::new(), width)
        };
        let spans: Vec<(&str, Style)> = block
            .spans
            .iter()
            .map(|(t, m)| (t.as_str(), style_for(&block.kind, *m)))
            .collect();
        for (li, line) in wrap_spans(&spans, inner).into_iter().enumerate() {
            let prefix = if li == 0 { &first_prefix } else { &rest_prefix };
            let mut segs = Vec::with_capacity(line.segs.len() + 1);
            if !prefix.is_empty() {
                segs.push(Seg {
                    text: prefix.clone(),
                    tag: prefix_style,
                });
            }
            segs.extend(line.segs);
            lines.push(LayoutLine {
                block: bi,
                offset: line.start,
                segs,
            });
        }
    }
    lines
}

/// `layout` with the member's notes under their paragraphs (`notes`: block, text), each
/// wrapped to the width behind a `✎`. A note's lines belong to its paragraph, after its text,
/// so a reading position is found again with or without them.
pub fn with_notes(mut layout: Layout, doc: &Doc, notes: &[(usize, String)]) -> Layout {
    let mut notes: Vec<&(usize, String)> = notes.iter().collect();
    notes.sort_by_key(|(b, _)| *b);
    let width = layout.width;
    let mut out: Vec<LayoutLine> = Vec::with_capacity(layout.lines.len());
    let mut lines = std::mem::take(&mut layout.lines).into_iter().peekable();
    let mut pending = notes.into_iter().peekable();
    while let Some(line) = lines.next() {
        let block = line.block;
        out.push(line);
        // the paragraph's last line: its notes follow
        if lines.peek().is_none_or(|next| next.block != block) {
            let end = doc.blocks.get(block).map_or(0, |b| b.text().len());
            while let Some((_, text)) = pending.next_if(|(b, _)| *b == block) {
                for (i, l) in text
                    .lines()
                    .flat_map(|l| crate::text::wrap::wrap_str(l, width.saturating_sub(2).max(1)))
                    .enumerate()
                {
                    let prefix = if i == 0 { "✎ " } else { "  " };
                    out.push(LayoutLine {
                        block,
                        offset: end,
                        segs: vec![Seg {
                            text: format!("{prefix}{l}"),
                            tag: Style::Note,
                        }],
                    });
                }
            }
            // notes of paragraphs before this one (none should be left) are dropped
            while pending.next_if(|(b, _)| *b < block).is_some() {}
        }
    }
    layout.lines = out;
    layout
}

fn style_for(kind: &BlockKind, mark: Mark) -> Style {
    match kind {
        BlockKind::Heading(level) => Style::Heading(*level, mark),
        BlockKind::Quote(_) => Style::Quote(mark),
        BlockKind::Code => Style::Code,
        _ => Style::Body(mark),
    }
}

impl Layout {
    /// The line to show at the top for a saved position: the last line of its block that starts
    /// at or before the offset (the block's first line if the offset is past its text).
    pub fn line_of(&self, pos: Position) -> usize {
        // lines are ordered by (block, offset); find the first line after pos
        let after = self
            .lines
            .partition_point(|l| (l.block, l.offset) <= (pos.block, pos.offset));
        after
            .saturating_sub(1)
            .min(self.lines.len().saturating_sub(1))
    }

    /// The position of a line, to save and to restore after a re-wrap.
    pub fn position_at(&self, line: usize) -> Position {
        self.lines
            .get(line)
            .map(|l| Position {
                block: l.block,
                offset: l.offset,
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::doc::test_doc as parse_markdown;

    /// A long text laid out on several cores gives the lines it gives laid out in one run:
    /// every block once, in order, with its blank line before it.
    #[test]
    fn a_long_text_laid_out_at_once_on_every_core_is_the_same_text() {
        let mut text = String::new();
        for i in 0..3000 {
            match i % 4 {
                0 => text.push_str(&format!("## 第{i}节\n\n")),
                1 => text.push_str("> 引文：学习贯彻，一以贯之。\n\n"),
                2 => text.push_str("- 甲项：防控疫情\n- 乙项：复工复产\n\n"),
                _ => {}
            }
            text.push_str(
                &"疫情防控期间，各级党组织创新学习方式，推动理论学习走深走实。".repeat(i % 7 + 1),
            );
            text.push_str("\n\n");
        }
        assert!(text.len() > 2 * PARALLEL_BYTES);
        let doc = parse_markdown(&text);
        for width in [76, 37] {
            let serial = layout_blocks(&doc, 0..doc.blocks.len(), width);
            assert_eq!(layout(&doc, width).lines, serial, "width {width}");
        }
    }

    #[test]
    fn blocks_are_separated_and_prefixed() {
        let doc = parse_markdown("## 标题\n\n正文\n\n> 引文\n\n- 甲项\n");
        let l = layout(&doc, 20);
        let texts: Vec<String> = l.lines.iter().map(|x| x.text()).collect();
        assert_eq!(texts, ["标题", "", "正文", "", "▍ 引文", "", "• 甲项"]);
        assert_eq!(l.lines[2].block, 1);
        assert_eq!(
            l.lines[1].block, 1,
            "the blank line belongs to the next block"
        );
    }

    #[test]
    fn position_survives_rewrap() {
        let body = "一二三四五六七八九十".repeat(20);
        let doc = parse_markdown(&format!("开头\n\n{body}\n\n结尾"));
        let narrow = layout(&doc, 10);
        let line = narrow.line_of(Position {
            block: 1,
            offset: 0,
        }) + 7;
        let pos = narrow.position_at(line);
        assert_eq!(pos.block, 1);
        let wide = layout(&doc, 40);
        let back = wide.line_of(pos);
        let wl = &wide.lines[back];
        assert_eq!(wl.block, 1);
        // the wide line that holds the saved offset
        assert!(wl.offset <= pos.offset);
        assert!(wide.lines[back + 1].block != 1 || wide.lines[back + 1].offset > pos.offset);
    }

    #[test]
    fn notes_go_under_their_paragraph_and_positions_still_map() {
        let doc = parse_markdown("开头一段\n\n第二段正文\n\n结尾");
        let plain = layout(&doc, 10);
        let noted = with_notes(
            plain.clone(),
            &doc,
            &[(1, "我的体会：很有启发".into()), (1, "再记一条".into())],
        );
        let texts: Vec<String> = noted.lines.iter().map(|x| x.text()).collect();
        assert_eq!(
            texts,
            [
                "开头一段",
                "",
                "第二段正文",
                // (a line never starts with ：, so 会 goes down with it)
                "✎ 我的体",
                "  会：很有",
                "  启发",
                "✎ 再记一条",
                "",
                "结尾"
            ]
        );
        assert!(noted.lines.iter().all(|l| l.width() <= 10));
        // a position saved anywhere maps to the same text with or without the notes
        for line in 0..plain.lines.len() {
            let pos = plain.position_at(line);
            let a = &plain.lines[plain.line_of(pos)];
            let b = &noted.lines[noted.line_of(pos)];
            assert_eq!(a.text(), b.text(), "{pos:?}");
        }
        let last = noted.lines.len() - 1;
        assert_eq!(
            noted.lines[noted.line_of(noted.position_at(last))].text(),
            "结尾"
        );
    }

    #[test]
    fn hanging_indent_for_list_items() {
        let doc = parse_markdown("- 学习强国学习强国");
        let l = layout(&doc, 10);
        let texts: Vec<String> = l.lines.iter().map(|x| x.text()).collect();
        assert_eq!(texts, ["• 学习强国", "  学习强国"]);
        assert!(l.lines.iter().all(|x| x.width() <= 10));
    }
}
