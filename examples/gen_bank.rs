//! Writes a generated quiz bank as CSV (for the bank import benchmark and by hand):
//! `cargo run --release --example gen_bank -- 10000 > bank.csv`

#[path = "../benches/support/corpus.rs"]
mod corpus;
fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    print!("{}", corpus::bank_csv(n, 2020));
}
