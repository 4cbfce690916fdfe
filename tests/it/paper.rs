//! Papers on paper: the layout Chinese exams have (title, 姓名/支部/得分, sections with points,
//! options, underlined blanks), the answer key on its own page, a fixed paper the same at every
//! print; and (ignored by default, needs Chromium and CJK fonts) the HTML rendered to PDF.

use crate::common;

use common::cli::CliEnv as Cli;
use predicates::prelude::*;

fn print(c: &Cli, args: &[&str]) -> String {
    common::cli::stdout(c.cmd().args(["paper", "print"]).args(args))
}

#[test]
fn a_paper_prints_as_chinese_exams_are_laid_out_with_its_key_apart() {
    let c = Cli::new();
    let md = print(&c, &["newsletter-2020-02", "shangqing-xiada", "--key"]);
    assert!(md.starts_with("# 上情下达专项测试\n"), "{md}");
    assert!(md.contains("姓名：＿＿＿＿＿＿　　支部：＿＿＿＿＿＿　　得分：＿＿＿＿＿＿"));
    assert!(md.contains("考试时间 10 分钟　满分 13 分　80% 及格"));
    assert!(md.contains("## 一、单选题（每题 1 分，共 4 分）"));
    assert!(md.contains("A. "), "options lettered");
    assert!(
        !md.contains("\n    A."),
        "options are not indented (Markdown would make code)"
    );
    // sections in order, numbered through
    let single = md.find("一、单选题").unwrap();
    let multi = md.find("二、多选题").unwrap();
    assert!(single < multi);
    assert!(md.contains("\n13. "), "13 questions numbered through");
    // the key after a rule, with answers and 解析
    let key = md.find("上情下达专项测试　参考答案").unwrap();
    assert!(md[..key].contains("---"));
    assert!(md[key..].contains("解析：原文"), "{}", &md[key..]);
    // blanks of a 填空 as underlines, in the paper, not in the key's 解析
    let whole = print(&c, &["newsletter-2020-02"]);
    assert!(whole.contains("＿＿＿＿＿＿"), "blanks underlined");
    assert!(
        whole.contains("（　）正确　（　）错误"),
        "判断 with boxes to tick"
    );
    assert!(!whole.contains("参考答案"), "no key unless asked");
    // the same seed, the same paper; another seed, another draw
    let a = print(&c, &["newsletter-2020-02", "bibei-ceshi", "--seed", "7"]);
    assert_eq!(
        a,
        print(&c, &["newsletter-2020-02", "bibei-ceshi", "--seed", "7"])
    );
    assert_ne!(
        a,
        print(&c, &["newsletter-2020-02", "bibei-ceshi", "--seed", "8"])
    );
}

#[test]
fn the_html_prints_on_a4_with_cjk_fonts_and_the_key_on_its_own_page() {
    let c = Cli::new();
    let html = print(
        &c,
        &[
            "newsletter-2020-02",
            "bibei-ceshi",
            "--key",
            "--format",
            "html",
        ],
    );
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("size: A4"));
    assert!(html.contains("Noto Serif CJK SC") && html.contains("SimSun"));
    assert!(html.contains("class=\"key\"") && html.contains("break-before: page"));
    assert!(html.contains("break-inside: avoid"));
    // text from the bank is escaped
    assert!(!html.contains("<script"));
    let out = c.dir.path().join("paper.html");
    c.cmd()
        .args([
            "paper",
            "print",
            "newsletter-2020-02",
            "--format",
            "html",
            "-o",
        ])
        .arg(&out)
        .assert()
        .success();
    c.cmd()
        .args([
            "paper",
            "print",
            "newsletter-2020-02",
            "--format",
            "html",
            "-o",
        ])
        .arg(&out)
        .assert()
        .code(1)
        .stderr(predicate::str::contains("--force"));
    c.cmd()
        .args(["paper", "print", "newsletter-2020-02", "meiyou"])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("bibei-ceshi"));
}

/// Renders the HTML paper with headless Chromium to PDF and checks it has two A4 pages or
/// more (the paper, then the key on a page of its own) and that the text is in it. Needs
/// `chromium` and CJK fonts (Debian: `apt-get install chromium fonts-noto-cjk`):
/// `cargo test --test it paper:: -- --ignored`.
#[test]
#[ignore]
fn the_html_paper_renders_to_a4_pdf_in_headless_chromium() {
    let c = Cli::new();
    let html = c.dir.path().join("paper.html");
    c.cmd()
        .args([
            "paper",
            "print",
            "newsletter-2020-02",
            "bibei-ceshi",
            "--key",
            "--format",
            "html",
            "-o",
        ])
        .arg(&html)
        .assert()
        .success();
    let pdf = c.dir.path().join("paper.pdf");
    let png = c.dir.path().join("paper.png");
    for args in [
        vec![
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
        vec![
            format!("--screenshot={}", png.display()),
            "--window-size=794,1123".into(),
        ],
    ] {
        let status = std::process::Command::new("chromium")
            .args(["--headless", "--no-sandbox", "--disable-gpu"])
            .args(&args)
            .arg(format!("file://{}", html.display()))
            .status()
            .expect("chromium");
        assert!(status.success());
    }
    let bytes = std::fs::read(&pdf).unwrap();
    let text = String::from_utf8_lossy(&bytes);
    // pages: `/Type /Page` objects (not `/Pages`)
    let pages = text
        .match_indices("/Type /Page")
        .filter(|(at, m)| !text[at + m.len()..].starts_with('s'))
        .count();
    assert!(
        pages >= 2,
        "the paper, then the key on a page of its own: {pages}"
    );
    // A4: 595 x 842 points
    assert!(text.contains("/MediaBox [0 0 594.9"), "A4 pages");
    assert!(
        std::fs::metadata(&png).unwrap().len() > 10_000,
        "a page was drawn"
    );
    if let Ok(keep) = std::env::var("XUEXI_KEEP_RENDER") {
        std::fs::copy(&png, std::path::Path::new(&keep).join("paper.png")).unwrap();
        std::fs::copy(&pdf, std::path::Path::new(&keep).join("paper.pdf")).unwrap();
    }
}
