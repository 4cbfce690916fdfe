//! Writes a deterministic corpus of generated Chinese materials for `bench/compare.sh`:
//! `cargo run --release --example gen_corpus -- [N] [OUT]` (default 5,000 of about 5 KB, into
//! `corpus/`) as
//! - `OUT/md/gen-NNNNN.md`: material files, for `xuexi materials import`;
//! - `OUT/txt/gen-NNNNN.txt`: the same text (title and body) as plain text, for grep and rg;
//! - `OUT/rows.csv`: `id,title,body` rows, for loading into SQLite with the sqlite3 shell.

#[path = "../benches/support/corpus.rs"]
mod corpus;
use std::io::Write;
use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let n: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(5000);
    let out = PathBuf::from(args.next().unwrap_or_else(|| "corpus".into()));
    std::fs::create_dir_all(out.join("md"))?;
    std::fs::create_dir_all(out.join("txt"))?;
    let mut rows = csv::Writer::from_path(out.join("rows.csv"))?;
    let mut bytes = 0usize;
    for (name, text) in corpus::materials(n, 5000, 2026) {
        let stem = name
            .trim_start_matches("materials/")
            .trim_end_matches(".md");
        let material = xuexi::import::material::parse_material_bytes(
            std::path::Path::new(&name),
            text.as_bytes(),
        )
        .map_err(|e| std::io::Error::other(e.to_string()))?;
        let plain = xuexi::domain::doc::parse_markdown(&material.body).plain_text();
        std::fs::write(out.join("md").join(format!("{stem}.md")), &text)?;
        let mut f = std::fs::File::create(out.join("txt").join(format!("{stem}.txt")))?;
        writeln!(f, "{}", material.meta.title)?;
        f.write_all(plain.as_bytes())?;
        rows.write_record([material.meta.id.as_str(), &material.meta.title, &plain])?;
        bytes += text.len();
    }
    rows.flush()?;
    eprintln!(
        "{n} materials, {:.1} MB, in {}",
        bytes as f64 / 1e6,
        out.display()
    );
    Ok(())
}
