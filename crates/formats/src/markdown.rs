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
    let mut r = Reader::default();
    let options = Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES;
    for event in Parser::new_ext(body, options) {
        r.event(event);
    }
    r.finish()
}

/// The parse so far: the blocks done, the block being filled, and what is open around it
/// (emphasis, links, quotes, lists, a table). One method per kind of event.
#[derive(Default)]
struct Reader {
    blocks: Vec<Block>,
    current: Option<Block>,
    /// the style of the text last added (a break or a `~~` takes it too)
    mark: Mark,
    bold: u32,
    italic: u32,
    link: u32,
    strike: u32,
    quote_depth: u8,
    lists: Vec<ListState>,
    /// the marker of a list item whose Paragraph has not started yet
    pending_marker: Option<String>,
    table: Option<TableState>,
    /// the address of each open link, the file name of an open image
    link_dest: Vec<String>,
}

impl Reader {
    fn event(&mut self, event: Event<'_>) {
        match event {
            Event::Start(tag) => self.start(tag),
            Event::End(tag) => self.end(tag),
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) | Event::Code(t)
                if self.table.as_ref().is_some_and(|t| t.cell.is_some()) =>
            {
                if let Some(c) = self.table.as_mut().and_then(|t| t.cell.as_mut()) {
                    c.push_str(&t);
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => self.text(&t),
            Event::Code(t) => self.code(&t),
            Event::SoftBreak => self.push(" ", self.mark),
            Event::HardBreak => self.push("\n", self.mark),
            Event::Rule => {
                self.close_block();
                self.blocks.push(Block {
                    kind: BlockKind::Rule,
                    spans: Vec::new(),
                });
            }
            _ => {}
        }
    }

    fn start(&mut self, tag: Tag<'_>) {
        match tag {
            Tag::Heading { level, .. } => {
                self.start_block(BlockKind::Heading(heading_level(level)))
            }
            Tag::Paragraph => self.start_paragraph(),
            Tag::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_add(1),
            Tag::CodeBlock(_) => self.start_block(BlockKind::Code),
            Tag::List(first) => self.lists.push(ListState { next: first }),
            Tag::Item => self.start_item(),
            Tag::Strong => self.bold += 1,
            Tag::Emphasis => self.italic += 1,
            Tag::Strikethrough => {
                self.strike += 1;
                self.push_tilde();
            }
            Tag::Link { dest_url, .. } => {
                self.link += 1;
                self.link_dest.push(dest_url.to_string());
            }
            Tag::Image { dest_url, .. } => {
                let name = dest_url.rsplit('/').next().unwrap_or("").to_string();
                self.link_dest.push(name);
                self.push("［图片：", self.mark);
            }
            Tag::Table(_) => {
                self.close_block();
                self.table = Some(TableState::default());
            }
            Tag::TableHead => self.in_table(|t| t.in_head = true),
            Tag::TableRow => self.in_table(|t| t.row.clear()),
            Tag::TableCell => self.in_table(|t| t.cell = Some(String::new())),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd) {
        match tag {
            TagEnd::Heading(_) | TagEnd::Paragraph | TagEnd::CodeBlock | TagEnd::Item => {
                if let Some(b) = self.current.take()
                    && !b.spans.is_empty()
                {
                    // a list item whose text arrived before its Paragraph keeps the marker
                    if matches!(b.kind, BlockKind::ListItem { .. }) {
                        self.pending_marker = None;
                    }
                    self.blocks.push(b);
                }
                if tag == TagEnd::Item {
                    self.pending_marker = None;
                }
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::List(_) => {
                self.lists.pop();
            }
            TagEnd::Strong => self.bold = self.bold.saturating_sub(1),
            TagEnd::Emphasis => self.italic = self.italic.saturating_sub(1),
            TagEnd::Strikethrough => {
                self.push_tilde();
                self.strike = self.strike.saturating_sub(1);
            }
            TagEnd::Link => self.end_link(),
            TagEnd::Image => {
                let name = self.link_dest.pop().unwrap_or_default();
                let tail = if name.is_empty() {
                    "］".to_string()
                } else {
                    format!("（{name}）］")
                };
                self.push(&tail, self.mark);
            }
            TagEnd::TableCell => self.in_table(|t| {
                if let Some(c) = t.cell.take() {
                    t.row.push(c.trim().to_string());
                }
            }),
            TagEnd::TableHead => self.in_table(|t| {
                t.header = std::mem::take(&mut t.row);
                t.in_head = false;
            }),
            TagEnd::TableRow => self.end_table_row(),
            TagEnd::Table => self.table = None,
            _ => {}
        }
    }

    /// Text outside a table cell, in the style the open tags give it.
    fn text(&mut self, t: &str) {
        let in_code = matches!(
            self.current,
            Some(Block {
                kind: BlockKind::Code,
                ..
            })
        );
        self.mark.bold = self.bold > 0;
        self.mark.italic = self.italic > 0;
        self.mark.link = self.link > 0;
        self.mark.strike = self.strike > 0;
        self.mark.code = in_code;
        self.push(t, self.mark);
    }

    /// Inline code outside a table cell (it keeps the strike of the text before it).
    fn code(&mut self, t: &str) {
        self.mark.bold = self.bold > 0;
        self.mark.italic = self.italic > 0;
        self.mark.link = self.link > 0;
        self.mark.code = true;
        self.push(t, self.mark);
    }

    /// A paragraph: a list item's (with the marker its Item left, if no text took it yet), a
    /// quote's, or a plain one.
    fn start_paragraph(&mut self) {
        let depth = self.lists.len().min(255) as u8;
        let kind = if let Some(marker) = self.pending_marker.take() {
            BlockKind::ListItem { depth, marker }
        } else if !self.lists.is_empty() {
            BlockKind::ListItem {
                depth,
                marker: String::new(),
            }
        } else if self.quote_depth > 0 {
            BlockKind::Quote(self.quote_depth)
        } else {
            BlockKind::Paragraph
        };
        self.start_block(kind);
    }

    /// A list item: its marker (`3.` counting on, or `•`), and its block opened now, as a
    /// tight list's items have no Paragraph event.
    fn start_item(&mut self) {
        let marker = match self.lists.last_mut() {
            Some(ListState { next: Some(n) }) => {
                let m = format!("{n}.");
                *n += 1;
                m
            }
            _ => "•".to_string(),
        };
        self.start_block(BlockKind::ListItem {
            depth: self.lists.len().min(255) as u8,
            marker: marker.clone(),
        });
        self.pending_marker = Some(marker);
    }

    /// The address stays with its text (nothing is opened from here).
    fn end_link(&mut self) {
        self.link = self.link.saturating_sub(1);
        if let Some(url) = self.link_dest.pop()
            && !url.is_empty()
        {
            let m = Mark {
                link: false,
                ..self.mark
            };
            self.push(&format!("（{url}）"), m);
        }
    }

    /// A body row becomes a record block; the header row was kept as the names.
    fn end_table_row(&mut self) {
        if let Some(t) = self.table.as_mut()
            && !t.in_head
        {
            let b = record(&t.header, &t.row);
            if !b.spans.is_empty() {
                self.blocks.push(b);
            }
        }
    }

    fn in_table(&mut self, f: impl FnOnce(&mut TableState)) {
        if let Some(t) = self.table.as_mut() {
            f(t);
        }
    }

    /// `~~` around struck text, itself struck.
    fn push_tilde(&mut self) {
        let m = Mark {
            strike: true,
            ..self.mark
        };
        self.push("~~", m);
    }

    fn push(&mut self, text: &str, mark: Mark) {
        push_text(&mut self.current, self.quote_depth, text, mark);
    }

    /// The block being filled goes to the done ones, unless it is empty.
    fn close_block(&mut self) {
        if let Some(b) = self.current.take()
            && !b.spans.is_empty()
        {
            self.blocks.push(b);
        }
    }

    fn start_block(&mut self, kind: BlockKind) {
        self.close_block();
        self.current = Some(Block {
            kind,
            spans: Vec::new(),
        });
    }

    /// The last block closed; a soft break between two CJK characters is a PDF-style line
    /// break, not a space; a code block loses its trailing line ends.
    fn finish(mut self) -> Doc {
        self.close_block();
        let mut blocks = self.blocks;
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
}

fn heading_level(level: HeadingLevel) -> u8 {
    match level {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
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

    #[test]
    fn a_link_or_image_without_an_address_adds_no_brackets_and_code_keeps_its_cell() {
        let doc =
            parse_markdown("见[此处]()。![合影]()\n\n| 名 | 值 |\n|---|---|\n| `x` | <b>y</b> |\n");
        assert_eq!(doc.blocks[0].text(), "见此处。［图片：合影］");
        let linked: String = doc.blocks[0]
            .spans
            .iter()
            .filter(|(_, m)| m.link)
            .map(|(t, _)| t.as_str())
            .collect();
        assert_eq!(linked, "此处");
        // inline code and raw HTML in a cell are the cell's text, not spans of their own
        assert_eq!(doc.blocks[1].text(), "名：x　值：<b>y</b>");
    }
}
