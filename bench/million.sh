# Sourced by bench/scale.sh when N >= 1,000,000 (after bench/corpus.sh): the issue's run at a
# million materials, once each where a run takes minutes, with the whole output worth saving
# (`bench/scale.sh 1000000 5 2>&1 | tee /tmp/million.log`). Disk, at a million of 3–8 KB: the
# corpus (md and CSV, 6 GB each), the data folder (15 GB during the import: the database and
# its WAL; 10 GB after) and sqlite3's database (16 GB), each removed as soon as it is measured
# or no longer needed, the scratch folder on exit: some 40 GB free to be safe.

ms() { awk -v u="$(us "$1")" 'BEGIN { printf "%.1f\n", u / 1000 }'; }
ROWS=()
row() { ROWS+=("$(printf '%-46s %12s %12s   %s' "$1" "$2" "$3" "$4")"); }
# "median worst" of the milliseconds of RUNS runs of a shell command, less the time to start
# the shell that runs it (as bench/compare.sh and hyperfine count: some 2-5 ms on this machine)
runs() {
  for _ in $(seq "$RUNS"); do us "$1"; done | sort -g | awk -v s="$SHELL_US" '{a[NR]=$1 - s}
    END {m = NR % 2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2; printf "%.1f %.1f\n", m / 1000, a[NR] / 1000}'
}
SHELL_US=$(for _ in $(seq 15); do us ":"; done | median)

# sqlite3 in its default journal mode here: in WAL mode its one transaction would hold the
# whole database (some 16 GB at a million) twice on the disk until the end
sed -i '/journal_mode/d' "$WORK/load.sql"

for KIND in $CORPORA; do
  S0=$(date +%s)
  make_corpus "$KIND"
  row "— the $KIND corpus, $((BYTES / 1000000)) MB, generated in $(($(date +%s) - S0)) s —" "" "" ""
  rm -rf "$WORK/corpus/txt"
  # --- import: xuexi under /usr/bin/time -v, then sqlite3 ----------------------------------------
  echo "importing $N $KIND materials ($((BYTES / 1000000)) MB)…" >&2
  rm -rf "$WORK/data"
  /usr/bin/time -v -o "$WORK/time.txt" "$XUEXI" --data-dir "$WORK/data" materials import "$WORK/corpus/md" >/dev/null
  grep -E "Elapsed|Maximum resident|User time|System time|File system" "$WORK/time.txt" >&2
  XW=$(awk -F': ' '/Elapsed/ { n = split($2, t, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + t[i]; print s }' "$WORK/time.txt")
  XKB=$(awk -F': ' '/Maximum resident/ { print $2 }' "$WORK/time.txt")
  rm -rf "$WORK/corpus/md" # (sqlite3 reads the CSV rows: 6 GB back before its 16)
  echo "sqlite3's FTS5 trigram build of the same rows…" >&2
  rm -f "$WORK/base.db"*
  SW=$(awk -v u="$(us "sqlite3 '$WORK/base.db' < '$WORK/load.sql'")" 'BEGIN { printf "%.1f", u / 1e6 }')
  SQ=$(du -scb "$WORK/base.db"* | tail -1 | cut -f1)
  rm -f "$WORK/base.db"*
  row "import: xuexi vs sqlite3 FTS5 trigram" "${XW} s" "${SW} s" "$(ratio "$XW" "$SW")"
  row "  peak memory of the import" "$((XKB / 1024)) MB" "" "(target ≤ 100 MB at a million)"
  DF=$(du -sb "$WORK/data" | cut -f1)
  DB=$(du -sb "$WORK/data/xuexi.db" | cut -f1)
  IX=$(du -sb "$WORK/data/xuexi.db-search" | cut -f1)
  row "data folder vs sqlite3's trigram database" "$((DF / 1000000)) MB" "$((SQ / 1000000)) MB" "$(ratio "$DF" "$SQ") (target ≤ 1.0)"
  row "  database, search index" "$((DB / 1000000)) MB" "$((IX / 1000000)) MB" ""
  rm -rf "$WORK/corpus"
  # --- search: the issue's query set ------------------------------------------------------------
  for q in 疫 疫情 四学机制 '"学习强国"' 镇江市委宣传部; do
    xq=$(printf '%q' "$q")
    hits=$("$XUEXI" --data-dir "$WORK/data" search --count -- "$q" || true)
    read -r MED WORST < <(runs "'$XUEXI' --data-dir '$WORK/data' search -- $xq")
    KB=$({ /usr/bin/time -f '%M' "$XUEXI" --data-dir "$WORK/data" search -- "$q" >/dev/null || true; } 2>&1 | tail -1)
    row "search $q ($hits hits): median, worst" "${MED} ms" "${WORST} ms" "$((KB / 1024)) MB peak (target ≤ 20 ms median, ≤ 50 worst)"
  done
  read -r MED WORST < <(runs "'$XUEXI' --data-dir '$WORK/data' search --count -- 疫情")
  row "search --count 疫情: median, worst" "${MED} ms" "${WORST} ms" ""
  # --- the first frame (as bench/scale.sh measures it) ------------------------------------------
  first_frame() {
    tmux -L scale kill-server 2>/dev/null || true
    local s e
    s=$(date +%s%N)
    tmux -L scale new-session -d -x 80 -y 24 \
      "XUEXI_CONFIG='$WORK/empty.toml' LANG=zh_CN.UTF-8 '$XUEXI' --data-dir '$WORK/data'"
    # (at most two minutes: at a million, the check after an unclean exit read the 7 GB file
    # for minutes before the first frame)
    local until=$((s + 120000000000))
    until tmux -L scale capture-pane -p 2>/dev/null | grep -qE "资料库|欢迎使用"; do
      sleep 0.005
      (($(date +%s%N) < until)) || break
    done
    e=$(date +%s%N)
    tmux -L scale kill-server 2>/dev/null || true
    for _ in $(seq 100); do
      pgrep -f "xuexi --data-dir $WORK/data" >/dev/null || break
      sleep 0.05
    done
    awk -v d=$((e - s)) 'BEGIN { printf "%.0f\n", d / 1e6 }'
  }
  if have tmux; then
    F1=$(first_frame)
    F2=$(for _ in $(seq "$RUNS"); do first_frame; done | median)
    row "first frame: the day's first start, later" "${F1} ms" "${F2} ms" "(target ≤ 150 ms)"
    # (once: each reads the whole file; 120000 ms means no frame within two minutes)
    echo 1 >"$WORK/data/xuexi.running"
    F3=$(first_frame)
    row "first frame after an unclean exit" "${F3} ms" "" "(target ≤ 150 ms)"
  fi
  # --- the library listing ------------------------------------------------------------------------
  L=$(ms "'$XUEXI' --data-dir '$WORK/data' materials list --json")
  KB=$({ /usr/bin/time -f '%M' "$XUEXI" --data-dir "$WORK/data" materials list --json >/dev/null; } 2>&1 | tail -1)
  row "materials list --json: time, peak memory" "${L} ms" "$((KB / 1024)) MB" ""
  rm -rf "$WORK/data"
done

echo
printf '%-46s %12s %12s   %s\n' "$N materials ($(date -u +%F), $(uptime | sed 's/.*load/load/'))" "xuexi" "other" "ratio / note"
printf '%s\n' "${ROWS[@]}"
echo "(searches: each run less $(awk -v s="$SHELL_US" 'BEGIN { printf "%.1f", s / 1000 }') ms, the median time to start the shell that runs it)"
