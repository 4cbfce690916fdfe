# Sourced by bench/compare.sh and bench/scale.sh (with N set): builds xuexi and the corpus
# generator in release, makes a scratch folder (removed on exit) with an empty config;
# make_corpus KIND generates N materials of one of $CORPORA into $WORK/corpus (md/, txt/,
# rows.csv) and sets $BYTES, their size; $WORK/load.sql loads the rows into sqlite3's own
# trigram index. Also the timing helpers both use: us, median, ratio.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

cargo build --release --quiet --bin xuexi --example gen_corpus --example gen_study
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
# a copy, as an installed binary is: the one the linker has just written starts 1-3 ms slower
# a run on this machine (its pages in the cache as the linker wrote them), every run
cp target/release/xuexi "$WORK/xuexi"
XUEXI=$WORK/xuexi
printf '' >"$WORK/empty.toml"
export XUEXI_CONFIG="$WORK/empty.toml" # the member's own config plays no part

# the corpora both scripts measure, one after the other (CORPORA=repetitive for one alone):
# topical (the newsletter's characters and words at random: many distinct trigrams) and
# repetitive (the newsletter's own sentences recombined: few trigrams, long posting lists)
CORPORA=${CORPORA:-topical repetitive}

# make_corpus KIND: (re)generates N materials of that kind into $WORK/corpus (the last kind's
# removed first, so a million of each never sit on the disk together) and sets $BYTES
make_corpus() {
  rm -rf "$WORK/corpus" "$WORK/data" "$WORK/base.db"*
  # (at a million, no .txt copy for grep: 5 GB more on the disk, and grep is not run there)
  target/release/examples/gen_corpus "$N" "$WORK/corpus" "$1" "${TXT_COPY:-txt}"
  BYTES=$(du -sb "$WORK/corpus/md" | cut -f1)
}
# what the sqlite3 shell runs to build its own FTS5 trigram index over the same rows (the
# import both scripts compare with): sqlite3 "$DB" < "$WORK/load.sql"
cat >"$WORK/load.sql" <<SQL
PRAGMA journal_mode = WAL;
CREATE VIRTUAL TABLE docs USING fts5(id, title, body, tokenize = 'trigram');
BEGIN;
.mode csv
.import $WORK/corpus/rows.csv docs
COMMIT;
SQL

have() { command -v "$1" >/dev/null 2>&1; }

# microseconds taken by a shell command (its output discarded, its exit status ignored)
us() {
  local s e
  s=$(date +%s%N)
  bash -c "$1" >/dev/null 2>&1 || true
  e=$(date +%s%N)
  echo $(((e - s) / 1000))
}
# the median of the numbers on stdin (of an even count, the mean of the middle two)
median() { sort -g | awk '{a[NR]=$1} END {if (NR % 2) print a[(NR+1)/2]; else printf "%.1f\n", (a[NR/2]+a[NR/2+1])/2}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "—" }'; }
