//! Writes a generated quiz bank as CSV (for the bank import benchmark and by hand):
//! `cargo run --release --example gen_bank -- 10000 > bank.csv`
fn main() {
    let n = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(10_000);
    print!("{}", xuexi::corpus::bank_csv(n, 2020));
}
