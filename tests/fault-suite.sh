#!/usr/bin/env bash
# The long part of the fault suite (CI runs only the fast part, in `cargo test`):
#   tests/fault-suite.sh [KILLS] [FUZZ_SECONDS] [BIG]
#     KILLS: kill -9 iterations (default 200; 0 skips the crash test)
#     FUZZ_SECONDS: time per fuzz target (default 60; 0 skips fuzzing, which needs nightly)
#     BIG: 1 (default) imports a 100,000-question bank and a 50 MB corpus in a release build
#          and reports peak RSS; 0 skips it
# 1. the crash test with KILLS random SIGKILLs of a writer (tests/it/crash.rs);
# 2. the exit paths of the real binary in a pseudo-terminal (tmux): quit key, Ctrl-C, SIGTERM,
#    SIGHUP, SIGINT, an error returned from the loop and a panic (test-only triggers, built
#    with --features fault-hooks), each after an answer was given in the daily quiz. After each: the terminal
#    modes (stty -g) equal those before, the alternate screen was left, the cursor is shown, and
#    the answer is in the database.
# 6. xAPI against a real LRS (Ralph) and Learning Locker's validator (XAPI=0 skips it; needs
#    python3 and npm to install them when missing).
# Prints one table: case, iterations, passed, failed. Needs tmux and sqlite3 (Debian packages).
set -uo pipefail
cd "$(dirname "$0")/.."
KILLS=${1:-200}
FUZZ_SECONDS=${2:-60}
BIG=${3:-1}
ROWS=()
row() { ROWS+=("$(printf '%-58s %10s %8s %8s' "$1" "$2" "$3" "$4")"); }
# every tmux call goes to a server of the suite's own: kill-server never ends the sessions of
# the person running it
tmux() { command tmux -L "xuexi-fault-$$" "$@"; }

# --- 1. crashes -------------------------------------------------------------------------------
if [[ $KILLS == 0 ]]; then
  row "kill -9 of a writer (skipped: KILLS=0)" 0 0 0
elif XUEXI_CRASH_KILLS=$KILLS cargo test --quiet --test it crash:: >/tmp/xuexi-crash.log 2>&1; then
  row "kill -9 of a writer at random moments" "$KILLS" "$KILLS" 0
else
  row "kill -9 of a writer at random moments" "$KILLS" "?" "≥1 (see /tmp/xuexi-crash.log)"
fi

# with the test-only triggers: F12 panics or returns an error when XUEXI_FAULT says so
cargo build --quiet --features fault-hooks --bin xuexi
BIN=$PWD/target/debug/xuexi
WORK=$(mktemp -d)
[[ -n ${KEEP:-} ]] && echo "kept: $WORK"
trap 'tmux kill-server 2>/dev/null; [[ -n ${KEEP:-} ]] || rm -rf "$WORK"' EXIT
# a new data folder's first start shows the welcome screen: Esc ("later") goes to the library
past_welcome() { wait_for "欢迎使用" 10 && tmux send-keys -t fs Escape; }
wait_for() { # pane text to wait for, seconds
  for _ in $(seq $((${2:-5} * 20))); do
    tmux capture-pane -p -t fs 2>/dev/null | grep -q -- "$1" && return 0
    sleep 0.05
  done
  return 1
}

# --- 2. exit paths ----------------------------------------------------------------------------
if ! command -v tmux >/dev/null || ! command -v sqlite3 >/dev/null; then
  row "exit paths (tmux or sqlite3 not installed)" 0 0 0
else
  for case in quit ctrl-c sigterm sighup sigint error panic; do
    D=$WORK/$case
    mkdir -p "$D"
    printf '' >"$D/empty.toml"
    tmux kill-server 2>/dev/null
    while tmux has-session -t fs 2>/dev/null; do sleep 0.05; done
    tmux new-session -d -s fs -x 100 -y 30 "bash --norc --noprofile"
    wait_for "bash" 5 # the shell's prompt: it is ready for keys
    tmux send-keys -t fs "stty -g > $D/before; XUEXI_FAULT=$case XUEXI_CONFIG=$D/empty.toml LANG=zh_CN.UTF-8 $BIN --data-dir $D/data; stty -g > $D/after; echo EXIT''ED" Enter
    ok=1
    why=()
    fail() { ok=0; why+=("$1"); }
    past_welcome
    wait_for "资料库" 10 || fail "no library"
    # the daily quiz: open it, pick the first option, confirm (the answer is saved at once)
    tmux send-keys -t fs t
    wait_for "每日答题" 5 || fail "no quiz menu"
    tmux send-keys -t fs Enter
    sleep 0.5
    tmux send-keys -t fs 1
    tmux send-keys -t fs Enter
    sleep 0.5
    pid=$(pgrep -n -f "$BIN --data-dir $D/data" || true)
    case $case in
      quit) tmux send-keys -t fs Escape; sleep 0.3; tmux send-keys -t fs Escape; sleep 0.3; tmux send-keys -t fs q ;;
      ctrl-c) tmux send-keys -t fs C-c ;;
      sigterm) [[ -n $pid ]] && kill -TERM "$pid" ;;
      sighup) [[ -n $pid ]] && kill -HUP "$pid" ;;
      sigint) [[ -n $pid ]] && kill -INT "$pid" ;;
      error | panic) tmux send-keys -t fs F12 ;;
    esac
    wait_for "EXITED" 10 || fail "did not exit"
    { [[ -f $D/before && -f $D/after ]] && cmp -s "$D/before" "$D/after"; } || fail "stty differs"
    # the alternate screen was left: the shell's own lines are back on the screen
    tmux capture-pane -p -t fs | grep -q "stty -g" || fail "still on the alternate screen"
    # the cursor is visible (tmux's cursor flag), the app left no hidden cursor behind
    [[ $(tmux display -p -t fs '#{cursor_flag}') == 1 ]] || fail "cursor hidden"
    answers=$(sqlite3 "$D/data/xuexi.db" "SELECT count(*) FROM answers" 2>/dev/null || echo 0)
    [[ $answers -ge 1 ]] || fail "answer lost"
    # the error and the panic are reported on the restored screen, not lost in the alternate
    # one: the error's own words; for a panic one line in the member's language naming the
    # log, which holds the details
    if [[ $case == error ]]; then
      tmux capture-pane -p -t fs | grep -q "fault hook" || fail "no message"
    fi
    if [[ $case == panic ]]; then
      tmux capture-pane -p -t fs | grep -q "出错退出" || fail "no message"
      tmux capture-pane -p -t fs | grep -q "panicked" && fail "Rust's own panic text shown"
      grep -q "fault hook" "$D/data/xuexi.log" || fail "no details in the log"
    fi
    if [[ $ok == 1 ]]; then
      row "exit: $case (modes, screen, cursor, answer)" 1 1 0
    else
      row "exit: $case (modes, screen, cursor, answer)" 1 0 "1: ${why[*]}"
    fi
  done
fi

# --- 2b. the terminal goes away ---------------------------------------------------------------
# An exam with an option ticked, then the tmux server killed (the window closed): the process
# must be gone within 2 s, spend no CPU meanwhile, and have saved the answer.
if command -v tmux >/dev/null && command -v sqlite3 >/dev/null; then
  D=$WORK/hangup
  mkdir -p "$D"
  printf '' >"$D/empty.toml"
  tmux kill-server 2>/dev/null
  while tmux has-session -t fs 2>/dev/null; do sleep 0.05; done
  tmux new-session -d -s fs -x 80 -y 24 "XUEXI_CONFIG=$D/empty.toml LANG=zh_CN.UTF-8 exec $BIN --data-dir $D/data"
  why=()
  past_welcome
  wait_for "资料库" 10 || why+=("no library")
  tmux send-keys -t fs t
  wait_for "闭卷测试" 5 || why+=("no quiz menu")
  for _ in 1 2 3 4 5 6 7 8 9; do tmux send-keys -t fs j; sleep 0.1; done
  tmux send-keys -t fs Enter
  # the exam's start screen (its rules), then Enter starts the clock
  wait_for "按 Enter 开始考试" 5 || why+=("no start screen")
  tmux send-keys -t fs Enter
  wait_for "剩余" 5 || why+=("no exam")
  tmux send-keys -t fs 1
  wait_for '\[x\]\|(•)\|空：1' 5 || why+=("no answer on screen")
  pid=$(pgrep -n -f "^$BIN --data-dir $D/data" || echo none)
  cpu() { awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null; }
  state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null; }
  c0=$(cpu "$pid")
  c1=$c0
  tmux kill-server
  gone=""
  for i in $(seq 1 20); do
    sleep 0.1
    st=$(state "$pid")
    if [[ -z $st || $st == Z ]]; then gone=$i; break; fi
    c1=$(cpu "$pid")
  done
  if [[ -z $gone ]]; then
    why+=("still running 2 s after the hang-up, $(( ${c1:-0} - ${c0:-0} )) CPU ticks")
    kill -9 "$pid" 2>/dev/null
  fi
  answers=$(sqlite3 "$D/data/xuexi.db" "SELECT count(*) FROM answers" 2>/dev/null || echo 0)
  [[ $answers -ge 1 ]] || why+=("answer lost")
  if ((${#why[@]} == 0)); then
    row "hang-up: gone in ${gone}00 ms, $(( c1 - c0 )) CPU ticks, answer kept" 1 1 0
  else
    row "hang-up (window closed during an exam)" 1 0 "1: ${why[*]}"
  fi
fi

# --- 3. hostile text through the real binary -----------------------------------------------
# The corpus of tests/fixtures/hostile/ is imported (the file with invalid UTF-8 must be refused
# with its place), then shown at 80x24 and 20x5 in tmux while pipe-pane records every byte the
# app writes; tests/it/tty_bytes.rs reads the recording as a terminal would.
if ! command -v tmux >/dev/null; then
  row "hostile text in a pty (tmux not installed)" 0 0 0
else
  H=tests/fixtures/hostile
  D=$WORK/hostile
  CAP=$WORK/hostile.bin
  mkdir -p "$D"
  printf '' >"$D/empty.toml"
  x() { XUEXI_CONFIG=$D/empty.toml LANG=zh_CN.UTF-8 "$BIN" --data-dir "$D/data" "$@"; }
  ok=1
  why=()
  fail() { ok=0; why+=("$1"); }
  x materials import "$H/material.md" >/dev/null 2>&1 || fail "material refused"
  x materials import "$H/bad-utf8.md" 2>"$WORK/bad.err" && fail "invalid UTF-8 accepted"
  grep -q "bad-utf8.md:3:10" "$WORK/bad.err" || fail "no place for invalid UTF-8"
  x bank import "$H/bank.toml" >/dev/null 2>&1 || fail "bank.toml refused"
  x bank import "$H/bank.csv" >/dev/null 2>&1 || fail "bank.csv refused"
  x plan import "$H/plan.toml" >/dev/null 2>&1 || fail "plan refused"
  tmux kill-server 2>/dev/null
  while tmux has-session -t fs 2>/dev/null; do sleep 0.05; done
  # the app starts after a pause, so pipe-pane is recording before its first byte
  tmux new-session -d -s fs -x 80 -y 24 "sleep 0.5; XUEXI_CONFIG=$D/empty.toml LANG=zh_CN.UTF-8 exec $BIN --data-dir $D/data"
  tmux pipe-pane -t fs -O "cat > $CAP"
  past_welcome
  wait_for "资料库" 10 || fail "no library"
  keys() { for k in "$@"; do tmux send-keys -t fs "$k"; sleep 0.15; done; }
  both_sizes() { # the screen as it is, then at 20x5 and back
    sleep 0.3
    tmux resize-window -t fs -x 20 -y 5; sleep 0.3
    tmux resize-window -t fs -x 80 -y 24; sleep 0.3
  }
  # the material: found by search, read from the top through the 10,000-character line
  keys / 敌 意; sleep 0.5
  wait_for "敌意资料" 5 || fail "search found nothing"
  both_sizes
  keys Enter
  wait_for "正文" 5 || fail "reader"
  both_sizes
  keys PageDown PageDown PageDown End
  both_sizes
  keys Escape Escape G
  both_sizes
  # the banks: below the daily and weekly quizzes and the bundled bank's nine entries (its
  # practice, three columns, three 专项 sets, two papers) the CSV one is 11 down, the TOML one
  # 12 (g first: the menu keeps its place); questions come shuffled, so each is looked at
  bank() { # entries down, text of the hostile question
    keys t g
    for _ in $(seq "$1"); do keys j; done
    keys Enter
    local seen=0
    for _ in 1 2; do
      tmux capture-pane -p -t fs | grep -q "$2" && seen=1
      both_sizes
      keys 1 Enter
      both_sizes
      keys Enter
    done
    [[ $seen == 1 ]] || fail "bank question $2"
    keys Escape Escape Escape
  }
  keys t; wait_for "敌意题库" 5 || fail "bank not in the menu"
  both_sizes
  keys Escape
  bank 12 "选哪个"
  bank 11 "CSV题"
  # the plan: next plans until the hostile one
  keys p
  for _ in 1 2 3 4; do
    tmux capture-pane -p -t fs | grep -q "敌意计划" && break
    keys l
  done
  wait_for "敌意计划" 5 || fail "plan"
  both_sizes
  keys Escape q
  sleep 0.5
  tmux kill-server 2>/dev/null
  XUEXI_TTY_CAPTURE=$CAP cargo test --quiet --test it tty_bytes::captured >"$WORK/tty.log" 2>&1 ||
    fail "foreign bytes: $(grep -m1 -o 'problems, the first.*' "$WORK/tty.log" | cut -c1-120)"
  bytes=$(wc -c <"$CAP")
  if [[ $ok == 1 ]]; then
    row "hostile text shown in a pty ($bytes bytes)" 1 1 0
  else
    row "hostile text shown in a pty ($bytes bytes)" 1 0 "1: ${why[*]}"
  fi
fi

# --- 4. fuzzing (fuzz/run.sh: libFuzzer, each target for a bounded time) ---------------------
if [[ $FUZZ_SECONDS == 0 ]]; then
  row "fuzzing (skipped: FUZZ_SECONDS=0)" 0 0 0
else
  while IFS= read -r line; do ROWS+=("$line"); done < <(bash fuzz/run.sh "$FUZZ_SECONDS")
fi

# --- 5. large inputs: bounded memory ----------------------------------------------------------
# Limits the issue leaves open; these are ours: the bank is about 28 MB of CSV, the corpus
# 50 MB of materials. A row fails when the import fails or peak RSS passes the bound.
if [[ $BIG == 0 ]] || [[ ! -x /usr/bin/time ]]; then
  row "large imports (skipped: BIG=0 or no /usr/bin/time)" 0 0 0
else
  cargo build --quiet --release --bin xuexi --example gen_bank --example gen_corpus
  R=$PWD/target/release
  printf '' >"$WORK/empty.toml"
  big() { # label, bound in MB, command...
    local label=$1 bound=$2
    shift 2
    if /usr/bin/time -f '%M %e' -o "$WORK/time" "$@" >"$WORK/big.log" 2>&1; then
      read -r kb secs <"$WORK/time"
      local mb=$((kb / 1024))
      if ((mb <= bound)); then
        row "$label: ${mb} MB, ${secs} s (≤ $bound MB)" 1 1 0
      else
        row "$label: ${mb} MB, ${secs} s (≤ $bound MB)" 1 0 1
      fi
    else
      row "$label (failed: $(tail -1 "$WORK/big.log" | cut -c1-40))" 1 0 1
    fi
  }
  "$R/examples/gen_bank" 100000 >"$WORK/big-bank.csv"
  big "import a 100,000-question bank" 400 \
    "$R/xuexi" --data-dir "$WORK/big1" --config "$WORK/empty.toml" bank import "$WORK/big-bank.csv"
  "$R/examples/gen_corpus" 10000 "$WORK/big-corpus" >/dev/null 2>&1
  big "import a $(du -sm --apparent-size "$WORK/big-corpus/md" | cut -f1) MB corpus" 200 \
    "$R/xuexi" --data-dir "$WORK/big2" --config "$WORK/empty.toml" materials import "$WORK/big-corpus/md"
fi

# --- 6. xAPI against a real LRS and a validator ----------------------------------------------
# Ralph (a real LRS, filesystem backend on 127.0.0.1) and Learning Locker's xapi-validation,
# each installed here when missing (PyPI, npm), then tests/it/xapi_conformance.rs's ignored tests.
if [[ ${XAPI:-1} == 0 ]]; then
  row "xAPI: Ralph LRS and validator (skipped: XAPI=0)" 0 0 0
else
  if ! command -v ralph >/dev/null && python3 -m venv "$WORK/ralph" >/dev/null 2>&1; then
    "$WORK/ralph/bin/pip" install --quiet "ralph-malph[backend-fs,lrs,cli]" >/dev/null 2>&1 &&
      PATH=$WORK/ralph/bin:$PATH
  fi
  mkdir -p "$WORK/xv"
  (cd "$WORK/xv" && npm install --silent --no-audit --no-fund xapi-validation@2 >/dev/null 2>&1)
  for t in a_real_lrs_takes_each_statement_once_and_refuses_a_changed_one \
    learning_lockers_validator_finds_nothing_wrong; do
    if XAPI_VALIDATION_DIR=$WORK/xv cargo test --quiet --test it -- --ignored --exact "xapi_conformance::$t" \
      >"$WORK/xapi.log" 2>&1; then
      row "xAPI: ${t//_/ }" 1 1 0
    else
      row "xAPI: ${t//_/ } (see $WORK/xapi.log)" 1 0 1
    fi
  done
fi

echo
printf '%-58s %10s %8s %8s\n' "case" "iterations" "passed" "failed"
printf '%s\n' "${ROWS[@]}"
# the exit status says whether everything passed
for r in "${ROWS[@]}"; do
  [[ ${r##* } == 0 ]] || exit 1 # the failed column
done

