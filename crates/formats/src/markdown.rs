//! A material's body, CommonMark, parsed into the domain's styled blocks ([`Doc`]). Pure: no
//! I/O, no terminal; the one place pulldown-cmark is used.

use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::domain::doc::{Block, BlockKind, Doc, Mark};

struct ListState {
    next: Option<u64>,
}

/// A table being read: its header's cells, and the row being read.
#[derive(Default)]
struct TableState {
    header: Vec<String>,
    in_head: bool,
    row: Vec<String>,
    cell: Option<String>,
}

/// Parses a CommonMark body. Raw HTML is shown as text; nothing is fetched or executed. A
/// table becomes one record per row (`项目：三会一课　频次：每季度一次`), readable at any width and
/// searched cell by cell; a link keeps its address after its text; an image shows as
/// `［图片：alt（file.png）］`.
pub fn parse_markdown(body: &str) -> Doc {
    let mut blocks = Vec::new();
    let mut mark = Mark::default();
    let mut bold = 0u32;
    let mut italic = 0u32;
    let mut link = 0u32;
    let mut quote_depth = 0u8;
    let mut lists: Vec<ListState> = Vec::new();
    let mut pending_marker: Option<String> = None;
    let mut current: Option<Block> = None;
    let mut strike = 0u32;
    let mut table: Option<TableState> = None;
    let mut link_dest: Vec<String> = Vec::new();

    let start_block = |kind: BlockKind, current: &mut Option<Block>, blocks: &mut Vec<Block>| {
        if let Some(b) = current.take()
            && !b.spans.is_empty()
        {
            blocks.push(b);
        }
        *current = Some(Block {
            kind,
            spans: Vec::new(),
        });
    };

    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for event in Parser::new_ext(body, options) {
        match event {
            Event::Start(tag) => match tag {
                Tag::Heading { level, .. } => {
                    let lvl = match level {
                        HeadingLevel::H1 => 1,
                        HeadingLevel::H2 => 2,
                        HeadingLevel::H3 => 3,
                        HeadingLevel::H4 => 4,
                        HeadingLevel::H5 => 5,
                        HeadingLevel::H6 => 6,
                    };
                    start_block(BlockKind::Heading(lvl), &mut current, &mut blocks);
                }
                Tag::Paragraph => {
                    let kind = if let Some(marker) = pending_marker.take() {
                        BlockKind::ListItem {
                            depth: lists.len().min(255) as u8,
                            marker,
                        }
                    } else if !lists.is_empty() {
                        BlockKind::ListItem {
                            depth: lists.len().min(255) as u8,
                            marker: String::new(),
                        }
                    } else if quote_depth > 0 {
                        BlockKind::Quote(quote_depth)
                    } else {
                        BlockKind::Paragraph
                    };
                    start_block(kind, &mut current, &mut blocks);
                }
                Tag::BlockQuote(_) => quote_depth = quote_depth.saturating_add(1),
                Tag::CodeBlock(_) => start_block(BlockKind::Code, &mut current, &mut blocks),
                Tag::List(first) => lists.push(ListState { next: first }),
                Tag::Item => {
                    let marker = match lists.last_mut() {
                        Some(ListState { next: Some(n) }) => {
                            let m = format!("{n}.");
                            *n += 1;
                            m
                        }
                        _ => "•".to_string(),
                    };
                    // tight list items have no Paragraph event: open the block now
                    start_block(
                        BlockKind::ListItem {
                            depth: lists.len().min(255) as u8,
                            marker: marker.clone(),
                        },
                        &mut current,
                        &mut blocks,
                    );
                    pending_marker = Some(marker);
                }
                Tag::Strong => bold += 1,
                Tag::Emphasis => italic += 1,
                Tag::Strikethrough => {
                    strike += 1;
                    let m = Mark {
                        strike: true,
                        ..mark
                    };
                    push_text(&mut current, quote_depth, "~~", m);
                }
                Tag::Link { dest_url, .. } => {
                    link += 1;
                    link_dest.push(dest_url.to_string());
                }
                Tag::Image { dest_url, .. } => {
                    let name = dest_url.rsplit('/').next().unwrap_or("").to_string();
                    link_dest.push(name);
                    push_text(&mut current, quote_depth, "［图片：", mark);
                }
                Tag::Table(_) => {
                    if let Some(b) = current.take()
                        && !b.spans.is_empty()
                    {
                        blocks.push(b);
                    }
                    table = Some(TableState::default());
                }
                Tag::TableHead => {
                    if let Some(t) = table.as_mut() {
                        t.in_head = true;
                    }
                }
                Tag::TableRow => {
                    if let Some(t) = table.as_mut() {
                        t.row.clear();
                    }
                }
                Tag::TableCell => {
                    if let Some(t) = table.as_mut() {
                        t.cell = Some(String::new());
                    }
                }
                _ => {}
            },
            Event::End(tag) => match tag {
                TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::Item => {
                    if let Some(b) = current.take()
                        && !b.spans.is_empty()
                    {
                        // a list item whose text arrived before its Paragraph keeps the marker
                        if matches!(b.kind, BlockKind::ListItem { .. }) {
                            pending_marker = None;
                        }
                        blocks.push(b);
                    }
                    if tag == TagEnd::Item {
                        pending_marker = None;
                    }
                }
                TagEnd::BlockQuote(_) => quote_depth = quote_depth.saturating_sub(1),
                TagEnd::List(_) => {
                    lists.pop();
                }
                TagEnd::Strong => bold = bold.saturating_sub(1),
                TagEnd::Emphasis => italic = italic.saturating_sub(1),
                TagEnd::Strikethrough => {
                    let m = Mark {
                        strike: true,
                        ..mark
                    };
                    push_text(&mut current, quote_depth, "~~", m);
                    strike = strike.saturating_sub(1);
                }
                TagEnd::Link => {
                    link = link.saturating_sub(1);
                    // the address stays with its text (nothing is opened from here)
                    if let Some(url) = link_dest.pop()
                        && !url.is_empty()
                    {
                        let m = Mark {
                            link: false,
                            ..mark
                        };
                        push_text(&mut current, quote_depth, &format!("（{url}）"), m);
                    }
                }
                TagEnd::Image => {
                    let name = link_dest.pop().unwrap_or_default();
                    let tail = if name.is_empty() {
                        "］".to_string()
                    } else {
                        format!("（{name}）］")
                    };
                    push_text(&mut current, quote_depth, &tail, mark);
                }
                TagEnd::TableCell => {
                    if let Some(t) = table.as_mut()
                        && let Some(c) = t.cell.take()
                    {
                        t.row.push(c.trim().to_string());
                    }
                }
                TagEnd::TableHead => {
                    if let Some(t) = table.as_mut() {
                        t.header = std::mem::take(&mut t.row);
                        t.in_head = false;
                    }
                }
                TagEnd::TableRow => {
                    if let Some(t) = table.as_mut()
                        && !t.in_head
                    {
                        let b = record(&t.header, &t.row);
                        if !b.spans.is_empty() {
                            blocks.push(b);
                        }
                    }
                }
                TagEnd::Table => table = None,
                _ => {}
            },
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t)
                if table.as_ref().is_some_and(|t| t.cell.is_some()) =>
            {
                if let Some(c) = table.as_mut().and_then(|t| t.cell.as_mut()) {
                    c.push_str(&t);
                }
            }
            Event::Code(t) if table.as_ref().is_some_and(|t| t.cell.is_some()) => {
                if let Some(c) = table.as_mut().and_then(|t| t.cell.as_mut()) {
                    c.push_str(&t);
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => {
                let in_code = matches!(
                    current,
                    Some(Block {
                        kind: BlockKind::Code,
                        ..
                    })
                );
                mark.bold = bold > 0;
                mark.italic = italic > 0;
                mark.link = link > 0;
                mark.strike = strike > 0;
                mark.code = in_code;
                push_text(&mut current, quote_depth, &t, mark);
            }
            Event::Code(t) => {
                mark.bold = bold > 0;
                mark.italic = italic > 0;
                mark.link = link > 0;
                mark.code = true;
                push_text(&mut current, quote_depth, &t, mark);
            }
            Event::SoftBreak => push_text(&mut current, quote_depth, " ", mark),
            Event::HardBreak => push_text(&mut current, quote_depth, "\n", mark),
            Event::Rule => {
                if let Some(b) = current.take()
                    && !b.spans.is_empty()
                {
                    blocks.push(b);
                }
                blocks.push(Block {
                    kind: BlockKind::Rule,
                    spans: Vec::new(),
                });
            }
            _ => {}
        }
    }
    if let Some(b) = current.take()
        && !b.spans.is_empty()
    {
        blocks.push(b);
    }
    // a soft break between two CJK characters is a PDF-style line break, not a space
    for b in &mut blocks {
        if b.kind != BlockKind::Code {
            join_cjk_soft_breaks(&mut b.spans);
        } else if let Some((t, _)) = b.spans.last_mut() {
            while t.ends_with('\n') {
                t.pop();
            }
        }
    }
    Doc { blocks }
}

/// A table row as a record: each cell after its column's name, bold, cells apart by a wide
/// space — no phrase runs from one cell into the next.
fn record(header: &[String], row: &[String]) -> Block {
    let mut spans = Vec::new();
    for (i, cell) in row.iter().enumerate() {
        if cell.is_empty() {
            continue;
        }
        if !spans.is_empty() {
            spans.push(("　".to_string(), Mark::default()));
        }
        match header.get(i).filter(|h| !h.is_empty()) {
            Some(h) => {
                spans.push((
                    format!("{h}："),
                    Mark {
                        bold: true,
                        ..Mark::default()
                    },
                ));
                spans.push((cell.clone(), Mark::default()));
            }
            None => spans.push((cell.clone(), Mark::default())),
        }
    }
    Block {
        kind: BlockKind::ListItem {
            depth: 1,
            marker: "▪".into(),
        },
        spans,
    }
}

fn push_text(current: &mut Option<Block>, quote_depth: u8, text: &str, mark: Mark) {
    let block = current.get_or_insert_with(|| Block {
        kind: if quote_depth > 0 {
            BlockKind::Quote(quote_depth)
        } else {
            BlockKind::Paragraph
        },
        spans: Vec::new(),
    });
    match block.spans.last_mut() {
        Some((t, m)) if *m == mark => t.push_str(text),
        _ => block.spans.push((text.to_string(), mark)),
    }
}

fn is_cjk(c: char) -> bool {
    unicode_width::UnicodeWidthChar::width(c) == Some(2)
}

/// Removes a single space that stands between two wide characters (a line break in the
/// Markdown source inside Chinese text).
fn join_cjk_soft_breaks(spans: &mut [(String, Mark)]) {
    let mut prev: Option<char> = None;
    for i in 0..spans.len() {
        let text = &spans[i].0;
        if !text.contains(' ') {
            prev = text.chars().last().or(prev);
            continue;
        }
        let chars: Vec<char> = text.chars().collect();
        let mut out = String::with_capacity(text.len());
        for (j, &c) in chars.iter().enumerate() {
            if c == ' ' {
                let before = if j == 0 { prev } else { Some(chars[j - 1]) };
                let after = chars
                    .get(j + 1)
                    .copied()
                    .or_else(|| spans.get(i + 1).and_then(|(t, _)| t.chars().next()));
                if before.is_some_and(is_cjk) && after.is_some_and(is_cjk) {
                    continue;
                }
            }
            out.push(c);
        }
        prev = chars.last().copied().or(prev);
        spans[i].0 = out;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_table_reads_as_one_record_per_row_and_no_phrase_crosses_cells() {
        let md = "三会一课安排：\n\n| 项目 | 频次 | 负责人 |\n|---|---|---|\n| 支部党员大会 | 每季度一次 | 支部书记 |\n| 党小组会 | 每月一次 | 小组长 |\n";
        let doc = parse_markdown(md);
        let rows: Vec<String> = doc.blocks.iter().skip(1).map(Block::text).collect();
        assert_eq!(
            rows,
            [
                "项目：支部党员大会　频次：每季度一次　负责人：支部书记",
                "项目：党小组会　频次：每月一次　负责人：小组长"
            ]
        );
        assert!(matches!(doc.blocks[1].kind, BlockKind::ListItem { .. }));
        // 大会 and 每季 stand in two cells: the search never sees 会每
        let q = crate::text::search::Query::parse("大会每季度").unwrap();
        assert!(!q.matches_all(&doc.plain_text()));
        let q = crate::text::search::Query::parse("每季度一次").unwrap();
        assert!(q.matches_all(&doc.plain_text()));
    }

    #[test]
    fn struck_text_links_and_images_keep_what_they_say() {
        let doc = parse_markdown(
            "不再使用~~旧提法~~，见[通知](https://example.org/a)。![合影](img/photo.png)",
        );
        let b = &doc.blocks[0];
        assert_eq!(
            b.text(),
            "不再使用~~旧提法~~，见通知（https://example.org/a）。［图片：合影（photo.png）］"
        );
        let struck: String = b
            .spans
            .iter()
            .filter(|(_, m)| m.strike)
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(struck, "~~旧提法~~", "drawn crossed out, and marked");
    }

    #[test]
    fn headings_paragraphs_and_emphasis() {
        let doc = parse_markdown("## 一、强化学习\n\n**一是线上训**。在“掌上泗阳”开设*专栏*。\n");
        assert_eq!(doc.blocks.len(), 2);
        assert_eq!(doc.blocks[0].kind, BlockKind::Heading(2));
        assert_eq!(doc.blocks[0].text(), "一、强化学习");
        let p = &doc.blocks[1];
        assert_eq!(p.kind, BlockKind::Paragraph);
        assert_eq!(p.spans[0].0, "一是线上训");
        assert!(p.spans[0].1.bold);
        assert!(!p.spans[1].1.bold);
        assert!(p.spans.iter().any(|(t, m)| t == "专栏" && m.italic));
    }

    #[test]
    fn lists_quotes_rules_and_code() {
        let doc =
            parse_markdown("- 甲\n- 乙\n\n1. 一\n2. 二\n\n> 引文\n\n---\n\n```\nlet x;\n```\n");
        let kinds: Vec<_> = doc.blocks.iter().map(|b| b.kind.clone()).collect();
        assert_eq!(
            kinds,
            vec![
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into()
                },
                BlockKind::ListItem {
                    depth: 1,
                    marker: "•".into()
                },
                BlockKind::ListItem {
                    depth: 1,
                    marker: "1.".into()
                },
                BlockKind::ListItem {
                    depth: 1,
                    marker: "2.".into()
                },
                BlockKind::Quote(1),
                BlockKind::Rule,
                BlockKind::Code,
            ]
        );
        assert_eq!(doc.blocks[6].text(), "let x;");
    }

    #[test]
    fn soft_breaks_inside_chinese_are_joined() {
        let doc = parse_markdown("直接关系人民生命安全\n和身体健康, and\nmore");
        assert_eq!(
            doc.blocks[0].text(),
            "直接关系人民生命安全和身体健康, and more"
        );
    }
}
