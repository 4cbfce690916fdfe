//! Writes a deterministic corpus of generated Chinese materials for `bench/compare.sh`:
//! `cargo run --release --example gen_corpus -- [N] [OUT] [KIND] [no-txt]` (default 5,000, into
//! `corpus/`)
//! of one of two kinds:
//! - `topical` (the default): about 5 KB each of the newsletter's characters and words, drawn at
//!   random (many distinct trigrams);
//! - `repetitive`: 3–8 KB each of the newsletter's own sentences recombined, each sentence reused
//!   in many materials (few distinct trigrams, long posting lists: years of 学习简报);
//!
//! as
//! - `OUT/md/gen-NNNNN.md` (`rep-NNNNNNN.md`): material files, for `xuexi materials import`;
//! - `OUT/txt/gen-NNNNN.txt`: the same text (title and body) as plain text, for grep and rg (not
//!   with `no-txt`: a million materials take 5 GB a copy);
//! - `OUT/rows.csv`: `id,title,body` rows, for loading into SQLite with the sqlite3 shell.

#[path = "../benches/support/corpus.rs"]
mod corpus;
use std::io::Write;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    let kind = args.next().unwrap_or_else(|| "topical".into());
    let txt = args.next().as_deref() != Some("no-txt");
    let materials: Box<dyn Iterator<Item = (String, String)>> = match kind.as_str() {
        "topical" => Box::new(corpus::topical_materials(n, 5000, 2026)),
        "repetitive" => Box::new(corpus::repetitive_materials(n, 2026)),
        other => {
            eprintln!("unknown corpus kind {other:?}: topical or repetitive");
            std::process::exit(2);
        }
    };
    std::fs::create_dir_all(out.join("md"))?;
    if txt {
        std::fs::create_dir_all(out.join("txt"))?;
    }
    let mut rows = csv::Writer::from_path(out.join("rows.csv"))?;
    let mut bytes = 0usize;
    for (name, text) in materials {
        let stem = name
            .trim_start_matches("materials/")
            .trim_end_matches(".md");
        let material = xuexi::import::material::parse_material_bytes(
            std::path::Path::new(&name),
            text.as_bytes(),
        )
        .map_err(|e| std::io::Error::other(e.to_string()))?;
        let plain = xuexi::markdown::parse_markdown(&material.body).plain_text();
        std::fs::write(out.join("md").join(format!("{stem}.md")), &text)?;
        if txt {
            let mut f = std::fs::File::create(out.join("txt").join(format!("{stem}.txt")))?;
            writeln!(f, "{}", material.meta.title)?;
            f.write_all(plain.as_bytes())?;
        }
        rows.write_record([material.meta.id.as_str(), &material.meta.title, &plain])?;
        bytes += text.len();
    }
    rows.flush()?;
    eprintln!(
        "{n} {kind} materials, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
