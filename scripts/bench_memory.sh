#!/usr/bin/env bash
# Peak memory of derived cohorts: loads a generated ROWS x 20 table, then runs LETS `let`s
# (half of them chained), and prints the peak RSS of both runs (/usr/bin/time) and their ratio.
#   scripts/bench_memory.sh                 # 10^6 rows, 1,000 lets, release build
#   ROWS=200000 LETS=100 BUILD=debug scripts/bench_memory.sh
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}; lets=${LETS:-1000}; build=${BUILD:-release}
swift build -c "$build" --product survql >/dev/null
bin=.build/$build/survql
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
python3 - "$dir" "$rows" "$lets" <<'PY'
import random, sys
d, n, lets = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
random.seed(1)
with open(f"{d}/big.tsv", "w") as f:
    f.write("\t".join(["id", "os_months", "os_status", "age", "stage", "sex"] + [f"x{i}" for i in range(14)]) + "\n")
    for i in range(n):
        f.write("\t".join([str(i + 1), f"{random.random() * 100:.2f}", str(i % 2), str(20 + i % 70), "ABCD"[i % 4], "FM"[i % 2]]
                          + [f"{random.random():.4f}" for _ in range(14)]) + "\n")
open(f"{d}/load.survql", "w").write('load "big.tsv" as b\n')
with open(f"{d}/lets.survql", "w") as f:
    f.write('load "big.tsv" as b\n')
    for i in range(lets):
        f.write(f"let c{i} = {'b' if i % 2 == 0 else f'c{i - 1}'} where age >= {20 + i % 60}\n")
PY
peak() { (cd "$dir" && /usr/bin/time -f "%M %e" "$OLDPWD/$bin" run "$1" 2>&1 >/dev/null | tail -1); }
read -r load_kb load_s < <(peak load.survql)
read -r lets_kb lets_s < <(peak lets.survql)
echo "rows $rows: load peak RSS $((load_kb / 1024)) MB (${load_s} s); load + $lets lets $((lets_kb / 1024)) MB (${lets_s} s); ratio $(python3 -c "print(f'{$lets_kb / $load_kb:.2f}')")x"
