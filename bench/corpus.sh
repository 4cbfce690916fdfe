# Sourced by bench/compare.sh and bench/scale.sh (with N set): builds xuexi and the corpus
# generator in release, makes a scratch folder (removed on exit) with an empty config, and
# generates N materials into $WORK/corpus (md/, txt/, rows.csv); $BYTES is their size.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo build --release --quiet --bin xuexi --example gen_corpus
XUEXI=$PWD/target/release/xuexi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
printf '' >"$WORK/empty.toml"
export XUEXI_CONFIG="$WORK/empty.toml" # the member's own config plays no part

target/release/examples/gen_corpus "$N" "$WORK/corpus"
BYTES=$(du -sb "$WORK/corpus/md" | cut -f1)

have() { command -v "$1" >/dev/null 2>&1; }
