//! The bundled newsletter keeps every sentence of the source word for word: only line breaks,
//! page-break blanks and stray spaces went; 【…】 markers became columns, titles titles, and the
//! attribution lines sources.

use std::path::Path;

use crate::common::no_space;

use xuexi::domain::doc::BlockKind;
use xuexi::import::material::parse_material_bytes;
use xuexi::markdown::parse_markdown;

const SOURCE: &str = include_str!("../fixtures/newsletter-2020-02.txt");

#[test]
fn bundle_is_the_newsletter_word_for_word() {
    let files = xuexi::bundle::material_files();
    assert_eq!(files.len(), 5, "five materials");
    let mut rebuilt = String::new();
    let mut column = String::new();
    for f in &files {
        let m = parse_material_bytes(Path::new(&f.name), &f.bytes).unwrap();
        if m.meta.column != column {
            column = m.meta.column.clone();
            rebuilt.push_str(&format!("【{column}】"));
        }
        rebuilt.push_str(&m.meta.title);
        let doc = parse_markdown(&m.body);
        for b in &doc.blocks {
            rebuilt.push_str(&b.text());
        }
        if !m.meta.source.is_empty() {
            rebuilt.push_str(&format!("（{}）", m.meta.source));
        }
    }
    let want = no_space(SOURCE);
    let got = no_space(&rebuilt);
    if want != got {
        let at = want
            .chars()
            .zip(got.chars())
            .position(|(a, b)| a != b)
            .unwrap_or(want.chars().count().min(got.chars().count()));
        let ctx = |s: &str| {
            s.chars()
                .skip(at.saturating_sub(10))
                .take(30)
                .collect::<String>()
        };
        panic!(
            "differs at character {at}:\n source: {}\n bundle: {}",
            ctx(&want),
            ctx(&got)
        );
    }
}

#[test]
fn columns_sources_and_headings() {
    let files = xuexi::bundle::material_files();
    let metas: Vec<_> = files
        .iter()
        .map(|f| parse_material_bytes(Path::new(&f.name), &f.bytes).unwrap())
        .collect();
    let columns: Vec<&str> = metas.iter().map(|m| m.meta.column.as_str()).collect();
    assert_eq!(
        columns,
        ["上情下达", "上情下达", "经验交流", "学习动态", "学习动态"]
    );
    assert_eq!(metas[2].meta.source, "徐州市委理论学习中心组");
    assert_eq!(metas[3].meta.source, "镇江市委宣传部");
    assert_eq!(metas[4].meta.source, "泗阳县委宣传部");
    assert_eq!(metas[0].meta.date.as_deref(), Some("2020-02-03"));
    let xuzhou = parse_markdown(&metas[2].body);
    let headings: Vec<String> = xuzhou
        .blocks
        .iter()
        .filter(|b| matches!(b.kind, BlockKind::Heading(_)))
        .map(|b| b.text())
        .collect();
    assert_eq!(
        headings,
        [
            "一、强化领导示范带头学，突出政治引领方向正",
            "二、强化创新方式方法学，突出学用结合解难题",
            "三、强化健全制度保障学，突出管理有章抓实效"
        ]
    );
    // stray PDF spaces are gone from the text
    for m in &metas {
        assert!(!m.body.contains("2020年 2月"), "{}", m.meta.id);
        assert!(!m.body.contains(" 50册"));
    }
}
