#!/usr/bin/env bash
# Runs every fuzz target for a bounded time (coverage-guided: libFuzzer through cargo fuzz):
#   fuzz/run.sh [SECONDS]      (per target; default 60)
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`); the app itself builds
# and tests on stable. Each corpus is seeded from the bundled data and the test fixtures. A crash
# is minimized (cargo fuzz tmin) and copied into tests/fixtures/fuzz/<target>/, where cargo test
# checks it again (tests/it/parser_props.rs) — fix the bug, then commit the file.
# Prints one row per target: case, runs, passed, failed (logs in fuzz/logs/).
set -uo pipefail
cd "$(dirname "$0")"
SECS=${1:-60}
TARGETS=(material bank_toml bank_csv plan config sanitize wrap)
F=../tests/fixtures
seeds() {
  case $1 in
    material) ls ../data/materials/*.md $F/malformed/material-* $F/hostile/*.md ;;
    bank_toml) ls ../data/banks/*.toml $F/malformed/bank-*.toml $F/hostile/bank.toml ;;
    bank_csv) ls $F/malformed/bank-*.csv $F/hostile/bank.csv ;;
    plan) ls ../data/plans/*.toml $F/malformed/plan-* $F/hostile/plan.toml ;;
    config) ls $F/malformed/config-* ;;
    sanitize | wrap) ls ../data/materials/*.md $F/hostile/material.md ;;
  esac
}
row() { printf '%-58s %10s %8s %8s\n' "$1" "$2" "$3" "$4"; }

if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  row "fuzzing (needs nightly and cargo-fuzz)" 0 0 0
  exit 0
fi
mkdir -p logs
cargo +nightly fuzz build -O >logs/build.log 2>&1 || { row "fuzzing (build failed: fuzz/logs/build.log)" 0 0 1; exit 1; }
status=0
for t in "${TARGETS[@]}"; do
  mkdir -p "corpus/$t" "$F/fuzz/$t"
  for s in $(seeds "$t"); do cp -n "$s" "corpus/$t/" 2>/dev/null; done
  log=logs/$t.log
  cargo +nightly fuzz run -O "$t" "corpus/$t" -- \
    -max_total_time="$SECS" -max_len=16384 -dict=xuexi.dict -print_final_stats=1 >"$log" 2>&1
  rc=$?
  runs=$(grep -o 'Done [0-9]* runs' "$log" | grep -o '[0-9]*' | tail -1)
  [[ -z $runs ]] && runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | grep -o '[0-9]*$' | tail -1)
  runs=${runs:-0}
  if [[ $rc == 0 ]]; then
    row "fuzz: $t (${SECS} s)" "$runs" "$runs" 0
  else
    status=1
    crash=$(grep -o 'artifacts/[^ ]*' "$log" | tail -1)
    if [[ -z $crash || ! -f $crash ]]; then
      row "fuzz: $t (did not run: fuzz/$log)" 0 0 1
      continue
    fi
    kept=""
    cargo +nightly fuzz tmin -O "$t" "$crash" -- -runs=2000 >"logs/$t-tmin.log" 2>&1
    min=$(grep -o 'artifacts/[^ ]*minimized-from[^ ]*' "logs/$t-tmin.log" | tail -1)
    cp "${min:-$crash}" "$F/fuzz/$t/$(basename "${min:-$crash}")"
    kept=" → tests/fixtures/fuzz/$t/$(basename "${min:-$crash}")"
    row "fuzz: $t (${SECS} s)" "$runs" "$((runs > 0 ? runs - 1 : 0))" "1$kept"
  fi
done
exit $status
