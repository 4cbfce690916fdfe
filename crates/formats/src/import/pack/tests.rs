//! Packs written and read back, and every way a damaged or hostile pack is refused.

use std::io::{Cursor, Write};

use super::*;

fn manifest(files: &[(String, Vec<u8>)]) -> Manifest {
    Manifest {
        pack: PackHead {
            id: "dongxun-2026".into(),
            title: "2026年冬训学习包".into(),
            version: "1.2".into(),
            publisher: "第一党支部".into(),
            created: "2026-11-30".into(),
            description: String::new(),
        },
        banks: vec![],
        files: files
            .iter()
            .map(|(p, b)| PackFile {
                path: p.clone(),
                sha256: sha256(b),
                size: b.len() as u64,
            })
            .collect(),
    }
}

fn files() -> Vec<(String, Vec<u8>)> {
    vec![
        (
            "materials/a.md".into(),
            "+++\nid = \"a\"\ntitle = \"甲\"\n+++\n正文。\n".into(),
        ),
        (
            "banks/b.csv".into(),
            "题型,题干,答案\n判断,对吗？,对\n".into(),
        ),
    ]
}

fn errors(bytes: &[u8]) -> Vec<String> {
    let s = crate::i18n::Strings::load(crate::i18n::Lang::En);
    read_pack(Path::new("p.xuexi"), bytes)
        .unwrap_err()
        .iter()
        .map(|e| e.render(&s))
        .collect()
}

/// A zip with these entries as they are (no manifest check on writing).
fn raw_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default();
    for (name, data) in entries {
        zip.start_file(*name, o).unwrap();
        zip.write_all(data).unwrap();
    }
    zip.finish().unwrap().into_inner()
}

#[test]
fn a_pack_reads_back_as_written() {
    let f = files();
    let bytes = write_pack(&manifest(&f), &f).unwrap();
    let (m, got) = read_pack(Path::new("p.xuexi"), &bytes).unwrap();
    assert_eq!(m, manifest(&f));
    assert_eq!(got, f);
}

#[test]
fn a_changed_file_a_missing_one_and_an_unlisted_one_are_refused() {
    let f = files();
    let m = manifest_text(&manifest(&f));
    let bytes = raw_zip(&[
        ("pack.toml", m.as_bytes()),
        (
            "materials/a.md",
            b"+++\nid = \"a\"\ntitle = \"tampered\"\n+++\n",
        ),
        ("plans/extra.toml", b"[plan]\n"),
    ]);
    let e = errors(&bytes).join("\n");
    assert!(e.contains("materials/a.md") && e.contains("SHA-256"), "{e}");
    assert!(e.contains("banks/b.csv"), "missing: {e}");
    assert!(e.contains("plans/extra.toml"), "unlisted: {e}");
}

#[test]
fn paths_that_leave_the_pack_and_links_are_refused() {
    for name in [
        "../evil.md",
        "/etc/passwd",
        "materials/../../x.md",
        "C:/x.md",
        "materials\\..\\x.md",
        "other/x.md",
    ] {
        let bytes = raw_zip(&[(name, b"x")]);
        let e = errors(&bytes).join("\n");
        assert!(e.contains("not a place a pack may hold"), "{name}: {e}");
    }
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    zip.add_symlink(
        "materials/a.md",
        "/etc/passwd",
        zip::write::SimpleFileOptions::default(),
    )
    .unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(errors(&bytes).join("\n").contains("link"));
}

#[test]
fn a_zip_bomb_stops_at_the_cap_while_reading() {
    // 33 MB of zeros deflate to a few tens of kilobytes
    let zeros = vec![0u8; (MAX_FILE + 1024 * 1024) as usize];
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let o = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    zip.start_file("images/bomb.png", o).unwrap();
    zip.write_all(&zeros).unwrap();
    let bytes = zip.finish().unwrap().into_inner();
    assert!(bytes.len() < 1024 * 1024, "{}", bytes.len());
    assert!(errors(&bytes).join("\n").contains("MB"));
}

#[test]
fn not_a_zip_and_no_manifest() {
    assert!(errors(b"not a zip").join("\n").contains("not a study pack"));
    let bytes = raw_zip(&[("materials/a.md", b"x")]);
    assert!(errors(&bytes).join("\n").contains("pack.toml"));
}

#[test]
fn versions_compare_number_by_number() {
    assert_eq!(version_cmp("1.10", "1.9"), Ordering::Greater);
    assert_eq!(version_cmp("2", "2.0"), Ordering::Equal);
    assert_eq!(version_cmp("1", "1.0.1"), Ordering::Less);
    let bad = parse_manifest(
        Path::new("pack.toml"),
        "[pack]\nid = \"x\"\ntitle = \"t\"\nversion = \"v1\"\npublisher = \"p\"\n",
    )
    .unwrap_err();
    assert_eq!(bad.len(), 1);
}

#[test]
fn only_known_folders_and_kinds() {
    assert_eq!(part_of("materials/a.md"), Some(Part::Material));
    assert_eq!(part_of("banks/题库.xlsx"), Some(Part::Bank));
    assert_eq!(part_of("plans/p.toml"), Some(Part::Plan));
    assert_eq!(part_of("images/a.PNG"), Some(Part::Image));
    assert_eq!(part_of("materials/a.exe"), None);
    assert_eq!(part_of("pack.toml"), None);
    assert_eq!(part_of("materials/"), None);
}
