#!/usr/bin/env bash
# The branch report on a branch's worth of members' exports: its time and peak memory.
#
#   bench/branch.sh [MEMBERS] [EVENTS] [BIN]   (default: 200 members x 2,000 events, the debug
#                                             build; give target/release/xuexi for real figures;
#                                             1 210000: one export of about 60 MB)
#
# Generates MEMBERS JSON exports of EVENTS events each (readings, answers graded against the
# bank given with --bank, exam attempts) into a temporary folder, then runs `xuexi branch report`
# once under /usr/bin/time -v and prints the input size, the wall time and the peak RSS.
set -euo pipefail

MEMBERS=${1:-200}
EVENTS=${2:-2000}
BIN=${3:-target/debug/xuexi}
DIR=$(mktemp -d)
trap 'rm -rf "$DIR"' EXIT

python3 - "$DIR" "$MEMBERS" "$EVENTS" <<'EOF'
import json, sys
out, members, events = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
bank = ['[bank]\nid = "b"\ntitle = "冬训题库"\n']
for q in range(50):
    bank.append(f'\n[[questions]]\nid = "q{q}"\ntype = "single"\nstem = "第{q}题：疫情防控要坚持（　）。"\n'
                f'options = ["全国一盘棋", "属地管理", "分级负责"]\nanswer = "A"\n')
bank.append('\n[[papers]]\nid = "p"\ntitle = "冬训测试"\nminutes = 10\npass = 60\n'
            'draw = { single = 10 }\npoints = { single = 10 }\n')
open(f"{out}/bank.toml", "w").write("".join(bank))
for m in range(members):
    evs, attempt = [], 0
    i = 0
    while i < events:
        day = 1 + i * 27 // events
        at = f"2026-03-{day:02d}T02:{i % 60:02d}:00Z"
        if i % 20 == 0:
            evs.append({"kind": "reading", "id": i, "at": at, "session": i, "material": f"m{i % 300}",
                        "title": f"资料{i % 300}：三会一课", "from": at, "to": at, "seconds": 600})
            i += 1
            continue
        if i % 20 == 9 and i + 11 <= events:
            attempt += 1
            right = 0
            for k in range(10):
                pick = 0 if (m + k) % 3 else 1
                right += pick == 0
                evs.append({"kind": "answer", "id": i + k, "at": at, "attempt": attempt, "mode": "exam",
                            "position": k, "bank": "b", "question": f"q{(i + k) % 50}",
                            "stem": f"第{(i + k) % 50}题：疫情防控要坚持（　）。", "response": [pick],
                            "response_text": "A. 全国一盘棋" if pick == 0 else "B. 属地管理",
                            "correct": pick == 0, "score": 10.0 if pick == 0 else 0.0, "seconds": 12})
            evs.append({"kind": "attempt", "id": i + 10, "at": at, "attempt": attempt, "mode": "exam",
                        "bank": "b", "paper": "p", "title": "冬训测试", "from": at, "seconds": 300,
                        "score": right * 10.0, "max": 100.0, "percent": right * 10.0,
                        "passed": right >= 6, "right": right, "answered": 10})
            i += 11
            continue
        evs.append({"kind": "finished", "id": i, "at": at, "material": f"m{i % 300}",
                    "title": f"资料{i % 300}：三会一课"})
        i += 1
    doc = {"header": {"member": f"成员{m}", "account": f"a{m}", "branch": "第一党支部",
                      "from": "2026-03-01", "to": "2026-03-31", "installation": f"{m:032x}",
                      "app": "xuexi", "app_version": "0.1.0", "generated_at": "2026-04-01T00:00:00Z"},
           "events": evs}
    open(f"{out}/m{m:04d}.json", "w").write(json.dumps(doc, ensure_ascii=False, indent=2))
EOF

size=$(du -cb "$DIR"/m*.json | tail -1 | cut -f1)
largest=$(find "$DIR" -name 'm*.json' -printf '%s\n' | sort -n | tail -1)
/usr/bin/time -v "$BIN" --data-dir "$DIR/data" branch report --bank "$DIR/bank.toml" \
  -o "$DIR/report.md" "$DIR"/m*.json 2>"$DIR/time.txt" >/dev/null || { cat "$DIR/time.txt"; exit 1; }
wall=$(grep 'Elapsed (wall clock)' "$DIR/time.txt" | awk '{print $NF}')
rss=$(grep 'Maximum resident' "$DIR/time.txt" | awk '{print $NF}')
echo "members=$MEMBERS events=$EVENTS input=$((size / 1024 / 1024)) MB largest=$((largest / 1024)) KB"
echo "wall=$wall peak_rss=$((rss / 1024)) MB (4 x largest file = $((4 * largest / 1024 / 1024)) MB)"
grep -c '^| 成员' "$DIR/report.md" | sed 's/^/member rows: /'
