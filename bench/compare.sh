#!/usr/bin/env bash
# Side-by-side: xuexi against the tools a member or trainer would reach for instead.
#
#   bench/compare.sh [N] [RUNS]      (default: 5000 materials of about 5 KB, 7 runs each)
#
# 1. generates a deterministic corpus (cargo run --release --example gen_corpus) as material
#    files, as plain .txt files and as CSV rows, of each kind in $CORPORA (bench/corpus.sh:
#    topical and repetitive; steps 2 and 3 run once for each);
# 2. times `xuexi materials import` of the corpus against the system sqlite3 loading the same
#    rows into a table with an FTS5 trigram index (what a hand-made SQLite search would do);
# 3. times `xuexi search --count` for a 2-character, a 4-character and a two-term query against
#    `grep -rc` and, where installed, `rg -c` over the .txt files, checking that all of them find
#    the same materials;
# 4. prints one table: the median of RUNS runs of each, and the ratio to its competitor.
# Peak memory (max RSS) of the search process is measured with /usr/bin/time when present.
set -euo pipefail

N=${1:-5000}
RUNS=${2:-7}
# shellcheck source=bench/corpus.sh
source "$(dirname "$0")/corpus.sh"

# runs `prep` then times `cmd`, RUNS times; prints the median in milliseconds (one decimal)
# less the cost of starting the shell that runs it (as hyperfine does), so a fast command is
# not swamped by bash's start
bench() {
  local prep=$1 cmd=$2 m
  m=$(for _ in $(seq "$RUNS"); do
    bash -c "$prep" >/dev/null 2>&1 || true
    us "$cmd"
  done | median)
  awk -v m="$m" -v s="$SHELL_US" 'BEGIN { d = m - s; if (d < 0) d = 0; printf "%.1f", d / 1000 }'
}
SHELL_US=0
SHELL_US=$(for _ in $(seq $((RUNS * 3))); do us ":"; done | median)

ROWS=()
row() { ROWS+=("$(printf '%-40s %9s %9s   %s' "$1" "$2" "$3" "$4")"); }

for KIND in $CORPORA; do
  make_corpus "$KIND"
  row "— the $KIND corpus, $((BYTES / 1000000)) MB —" "" "" ""
  # --- import ---------------------------------------------------------------------------------
  echo "importing ${N} $KIND materials ($((BYTES / 1000000)) MB), ${RUNS} runs each…" >&2
  X=$(bench "rm -rf '$WORK/data'" "'$XUEXI' --data-dir '$WORK/data' materials import '$WORK/corpus/md'")
  if have sqlite3; then
    S=$(bench "rm -f '$WORK/base.db'*" "sqlite3 '$WORK/base.db' < '$WORK/load.sql'")
    row "import: xuexi vs sqlite3 FTS5 trigram" "${X} ms" "${S} ms" "$(ratio "$X" "$S") (target ≤ 0.8)"
  else
    row "import: xuexi (sqlite3 not installed)" "${X} ms" "—" ""
  fi
  # leave one imported database for the searches
  rm -rf "$WORK/data"
  "$XUEXI" --data-dir "$WORK/data" materials import "$WORK/corpus/md" >/dev/null

  # --- search -----------------------------------------------------------------------------------
  TXT="$WORK/corpus/txt"
  files_grep() { grep -rc -F -- "$1" "$TXT" | grep -vc ':0$' || true; }
  files_rg() { rg -c -F -- "$1" "$TXT" | wc -l; }

  # the bundled materials are in every xuexi database: count them apart
  mkdir -p "$WORK/bundled"
  for spec in "2 chars|学习" "4 chars|四学机制" "two terms|疫情 平台"; do
    label=${spec%%|*}
    q=${spec#*|}
    xq=$(printf '%q' "$q")
    got=$("$XUEXI" --data-dir "$WORK/data" search --count -- "$q" || true)
    bundled=$("$XUEXI" --data-dir "$WORK/bundled" search --count -- "$q" || true)
    got=$((got - bundled))
    if [[ $q == *" "* ]]; then
      a=${q%% *}
      b=${q#* }
      gcmd="grep -rlF -- '$a' '$TXT' | xargs -r grep -lF -- '$b'"
      rcmd="rg -lF -- '$a' '$TXT' | xargs -r rg -lF -- '$b'"
      want=$(bash -c "$gcmd" | wc -l)
    else
      gcmd="grep -rc -F -- '$q' '$TXT'"
      rcmd="rg -c -F -- '$q' '$TXT'"
      want=$(files_grep "$q")
    fi
    check="same $got materials"
    [[ $got == "$want" ]] || check="DIFFERENT: xuexi $got, grep $want"
    X=$(bench ":" "'$XUEXI' --data-dir '$WORK/data' search --count -- $xq")
    G=$(bench ":" "$gcmd")
    row "search $label: xuexi vs grep -r" "${X} ms" "${G} ms" "$(ratio "$X" "$G") (target ≤ 0.2) · “$q” · $check"
    if have rg; then
      R=$(bench ":" "$rcmd")
      row "search $label: xuexi vs rg" "${X} ms" "${R} ms" "$(ratio "$X" "$R") (target ≤ 0.5)"
    fi
    if [[ -x /usr/bin/time ]]; then
      # `search` exits 1 when it finds nothing (the 7-character phrase is in no repetitive
      # material): that is a figure to report, not a reason to stop the run
      KB=$({ /usr/bin/time -f '%M' "$XUEXI" --data-dir "$WORK/data" search --count -- "$q" >/dev/null || true; } 2>&1 | tail -1)
      row "  peak memory of that search" "$((KB / 1024)) MB" "" "(target < 30 MB)"
    fi
  done
done
have rg || row "(rg not installed: its rows are left out)" "" "" ""

echo
printf '%-40s %9s %9s   %s\n' "case (median of $RUNS runs)" "xuexi" "other" "ratio"
printf '%s\n' "${ROWS[@]}"
echo "(each figure less $(awk -v s="$SHELL_US" 'BEGIN { printf "%.1f", s / 1000 }') ms, the median time to start the shell that runs it)"
