#!/usr/bin/env bash
# xuexi at archive scale (issue 14): N generated materials of dense Chinese text, then one table.
#
#   bench/scale.sh [N] [RUNS]      (default: 20000 materials of about 5 KB, 3 runs each)
#
# 1. generates the corpus (cargo run --release --example gen_corpus, deterministic) as material
#    files, plain .txt files and CSV rows, for each kind in $CORPORA (bench/corpus.sh): topical
#    (the newsletter's characters and words, ~5 KB each) and repetitive (its own sentences
#    recombined, 3–8 KB each); steps 2–4 run once for each kind, its files removed before the next;
# 2. import: `xuexi materials import` against the system sqlite3 building an FTS5 trigram index
#    over the same rows, run in pairs (xuexi, sqlite3, xuexi, …) so both see the same machine;
#    the peak memory (max RSS) of the import; the database's size, and the data folder's against
#    sqlite3's database;
# 3. search, as a whole process, the issue's query set — one character, a 2-character word in
#    most materials, a 7-character phrase, two terms — `xuexi search` (the top 20 with their
#    snippets) against `grep -rl` (and `rg -l` where installed) over the .txt files;
# 4. the TUI's first frame in tmux (the day's first start, a later one, one after an unclean
#    exit, which checks the file first), `materials list --json` (time, peak memory), the daily
#    backup (`xuexi backup`, the member's data after a generated year of study: its time and
#    size; and `backup --full`);
# 5. prints one table (medians of RUNS runs).
# From 1,000,000 materials (or with MILLION=1, to try it small: bench/million.sh) the run is the issue's own: the repetitive corpus
# alone (CORPORA to choose), without the .txt copy, one import under /usr/bin/time -v against
# one sqlite3 build, the issue's query set (medians and worst of RUNS), the first frames, the
# listing, the data folder against sqlite3's database; everything generated deleted after.
# The reader on a 5 MB article and moving through a 100,000-material list are criterion benches
# (cargo bench --bench reader, --bench library).
set -euo pipefail

N=${1:-20000}
RUNS=${2:-3}
if ((N >= 1000000)) || [[ ${MILLION:-} == 1 ]]; then
  CORPORA=${CORPORA:-repetitive}
  TXT_COPY=no-txt
fi
# shellcheck source=bench/corpus.sh
source "$(dirname "$0")/corpus.sh"
if ((N >= 1000000)) || [[ ${MILLION:-} == 1 ]]; then
  # shellcheck source=bench/million.sh
  source bench/million.sh
  exit
fi

# milliseconds (one decimal) a shell command takes, its output discarded
ms() { awk -v u="$(us "$1")" 'BEGIN { printf "%.1f\n", u / 1000 }'; }
ROWS=()
row() { ROWS+=("$(printf '%-44s %11s %11s   %s' "$1" "$2" "$3" "$4")"); }

for KIND in $CORPORA; do
  make_corpus "$KIND"
  row "— the $KIND corpus, $((BYTES / 1000000)) MB —" "" "" ""
  # --- import, paired with sqlite3 ---------------------------------------------------------------
  echo "importing ${N} $KIND materials ($((BYTES / 1000000)) MB), ${RUNS} paired runs…" >&2
  XS=()
  SS=()
  for _ in $(seq "$RUNS"); do
    rm -rf "$WORK/data"
    XS+=("$(ms "'$XUEXI' --data-dir '$WORK/data' materials import '$WORK/corpus/md'")")
    if have sqlite3; then
      rm -f "$WORK/base.db"*
      SS+=("$(ms "sqlite3 '$WORK/base.db' < '$WORK/load.sql'")")
    fi
  done
  X=$(printf '%s\n' "${XS[@]}" | median)
  if have sqlite3; then
    S=$(printf '%s\n' "${SS[@]}" | median)
    row "import: xuexi vs sqlite3 FTS5 trigram" "${X} ms" "${S} ms" "$(ratio "$X" "$S") (target ≤ 0.8)"
    SQ=$(du -scb "$WORK/base.db"* | tail -1 | cut -f1)
  else
    row "import: xuexi (sqlite3 not installed)" "${X} ms" "—" ""
  fi
  if [[ -x /usr/bin/time ]]; then
    rm -rf "$WORK/data"
    KB=$({ /usr/bin/time -f '%M' "$XUEXI" --data-dir "$WORK/data" materials import "$WORK/corpus/md" >/dev/null; } 2>&1 | tail -1)
    row "  peak memory of the import" "$((KB / 1024)) MB" "" "(target ≤ 60 MB at any size)"
  else
    rm -rf "$WORK/data"
    "$XUEXI" --data-dir "$WORK/data" materials import "$WORK/corpus/md" >/dev/null
  fi
  # a member's year of study on top (what the backup keeps): reading, notes, quizzes, ticks
  target/release/examples/gen_study "$WORK/data/xuexi.db" 365 2>/dev/null
  DB=$(du -sb "$WORK/data/xuexi.db" | cut -f1)
  IX=$(du -sb "$WORK/data/xuexi.db-search" | cut -f1)
  row "database (with a year of study), search index" "$((DB / 1000000)) MB" "$((IX / 1000000)) MB" "(corpus $((BYTES / 1000000)) MB)"
  if have sqlite3; then
    DF=$(du -sb "$WORK/data" | cut -f1)
    row "data folder vs sqlite3's trigram database" "$((DF / 1000000)) MB" "$((SQ / 1000000)) MB" "$(ratio "$DF" "$SQ") (target ≤ 1.0)"
  fi

  # --- search ----------------------------------------------------------------------------------
  TXT="$WORK/corpus/txt"
  for spec in "1 character|学" "2-char word|疫情" "7-char phrase|党员冬训工作法" "two terms|疫情 平台"; do
    label=${spec%%|*}
    q=${spec#*|}
    xq=$(printf '%q' "$q")
    if [[ $q == *" "* ]]; then
      a=${q%% *}
      b=${q#* }
      gcmd="grep -rlF -- '$a' '$TXT' | xargs -r grep -lF -- '$b'"
      rcmd="rg -lF -- '$a' '$TXT' | xargs -r rg -lF -- '$b'"
    else
      gcmd="grep -rlF -- '$q' '$TXT'"
      rcmd="rg -lF -- '$q' '$TXT'"
    fi
    hits=$("$XUEXI" --data-dir "$WORK/data" search --count -- $xq || true)
    X=$(for _ in $(seq "$RUNS"); do ms "'$XUEXI' --data-dir '$WORK/data' search -- $xq"; done | median)
    G=$(for _ in $(seq "$RUNS"); do ms "$gcmd"; done | median)
    row "search $label “$q” ($hits hits): vs grep -rl" "${X} ms" "${G} ms" "$(ratio "$X" "$G") (targets: ≤ 20 ms at 100k; ≤ 0.2 of grep at 20k)"
    if have rg; then
      R=$(for _ in $(seq "$RUNS"); do ms "$rcmd"; done | median)
      row "  … vs rg -l" "${X} ms" "${R} ms" "$(ratio "$X" "$R")"
    fi
    if [[ -x /usr/bin/time ]]; then
      # `search` exits 1 when it finds nothing (the 7-character phrase is in no repetitive
      # material): that is a figure to report, not a reason to stop the run
      KB=$({ /usr/bin/time -f '%M' "$XUEXI" --data-dir "$WORK/data" search -- "$q" >/dev/null || true; } 2>&1 | tail -1)
      row "  peak memory of that search" "$((KB / 1024)) MB" "" ""
    fi
  done
  have rg || row "(rg not installed: its rows are left out)" "" "" ""

  # --- the first frame ---------------------------------------------------------------------------
  # the TUI in tmux at 80×24: from the launch to the first screen with text on it (polled every
  # 5 ms), the day's first start (which makes the daily backup first) and a later one
  first_frame() {
    tmux -L scale kill-server 2>/dev/null || true
    local s e
    s=$(date +%s%N)
    tmux -L scale new-session -d -x 80 -y 24 \
      "XUEXI_CONFIG='$WORK/empty.toml' LANG=zh_CN.UTF-8 '$XUEXI' --data-dir '$WORK/data'"
    until tmux -L scale capture-pane -p 2>/dev/null | grep -qE "资料库|欢迎使用"; do sleep 0.005; done
    e=$(date +%s%N)
    tmux -L scale kill-server 2>/dev/null || true
    # the app leaves within two seconds of its terminal closing; the next start waits for it
    # (it holds the data folder until then), or it would measure that wait
    for _ in $(seq 100); do
      pgrep -f "xuexi --data-dir $WORK/data" >/dev/null || break
      sleep 0.05
    done
    awk -v d=$((e - s)) 'BEGIN { printf "%.0f\n", d / 1e6 }'
  }
  if have tmux; then
    F1=$(first_frame)
    F2=$(for _ in $(seq "$RUNS"); do first_frame; done | median)
    row "first frame: the day's first start, later" "${F1} ms" "${F2} ms" "(target ≤ 50 ms at 100k; the day's backup runs beside the first)"
    # after an unclean exit (the run's marker left behind) the start checks the file first
    F3=$(for _ in $(seq "$RUNS"); do echo 1 >"$WORK/data/xuexi.running"; first_frame; done | median)
    row "first frame after an unclean exit" "${F3} ms" "" "(the file's quick_check first)"
  fi

  # --- the library listing ------------------------------------------------------------------------
  L=$(for _ in $(seq "$RUNS"); do ms "'$XUEXI' --data-dir '$WORK/data' materials list --json"; done | median)
  if [[ -x /usr/bin/time ]]; then
    KB=$({ /usr/bin/time -f '%M' "$XUEXI" --data-dir "$WORK/data" materials list --json >/dev/null; } 2>&1 | tail -1)
    row "materials list --json: time, peak memory" "${L} ms" "$((KB / 1024)) MB" "(target: RSS ≤ 60 MB at 100k)"
  else
    row "materials list --json" "${L} ms" "" ""
  fi

  # --- the backup ------------------------------------------------------------------------------
  # the member's data (what the daily backup and `xuexi backup` keep), then the whole file
  B=$(for _ in $(seq "$RUNS"); do ms "'$XUEXI' --data-dir '$WORK/data' backup"; done | median)
  BS=$(find "$WORK/data/backups" -type f -name 'manual-*.db' -printf '%s\n' 2>/dev/null | sort -n | tail -1)
  row "backup of a year of study: time, size" "${B} ms" "$(awk -v b="${BS:-0}" 'BEGIN { printf "%.1f", b / 1e6 }') MB" "(targets: ≤ 1 s, ≤ 10 MB whatever the corpus)"
  BF=$(ms "'$XUEXI' --data-dir '$WORK/data' backup --full")
  BFS=$(find "$WORK/data/backups" -type f -name 'full-*.db' -printf '%s\n' 2>/dev/null | sort -n | tail -1)
  row "  backup --full (the whole database)" "${BF} ms" "$((${BFS:-0} / 1000000)) MB" ""
done

echo
printf '%-44s %11s %11s   %s\n' "$N materials (median of $RUNS runs)" "xuexi" "other" "ratio / note"
printf '%s\n' "${ROWS[@]}"
