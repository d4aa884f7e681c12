#!/usr/bin/env bash
# Builds release and runs the benchmark suite behind the README's speed table: REPL start-up,
# the scaling table (10^4 … 10^7, each job a survql process with its peak RSS), the whole-process
# comparison with R and lifelines at 10^6 (and 10^7 SurvQL alone), loading and matching.
#
#   scripts/bench.sh                  # writes bench-results/bench-DATE.txt and prints it
#   scripts/bench.sh --markdown       # the same as Markdown tables (for README's Speed section)
#   MAX_N=1000000 scripts/bench.sh    # stop the scaling table and e2e at 10^6
#   R_10M=1 scripts/bench.sh          # also R and lifelines on the 10^7 whole process (minutes)
#   OUT=results.txt scripts/bench.sh  # another output file
#
# Defaults take about 5–10 minutes on 2 cores. Needs Rscript with survival and MatchIt for the
# R columns, and python3 with lifelines + pandas for the lifelines columns (else they say so).
set -euo pipefail
cd "$(dirname "$0")/.."
markdown=()
for arg in "$@"; do
    case "$arg" in
        --markdown) markdown=(--markdown) ;;
        -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
        *) echo "bench.sh: unknown argument '$arg' (see --help)" >&2; exit 2 ;;
    esac
done
max_n=${MAX_N:-10000000}
e2e_ref=1000000
[[ -n "${R_10M:-}" ]] && e2e_ref=10000000
mkdir -p bench-results
out=${OUT:-bench-results/bench-$(date -u +%Y%m%dT%H%M%SZ)${markdown:+.md}}
swift build -c release --product survql >/dev/null
swift build -c release --product survql-bench >/dev/null
bench=.build/release/survql-bench
{
    echo "SurvQL benchmarks, $(git rev-parse --short HEAD 2>/dev/null || echo unknown), $(nproc) cores, $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo
    "$bench" startup "${markdown[@]}"
    echo
    "$bench" scaling --max-n "$max_n" --compare-r --compare-lifelines --e2e-ref-max-n "$e2e_ref" "${markdown[@]}"
    echo
    "$bench" load "${markdown[@]}"
    echo
    "$bench" match "${markdown[@]}"
} | tee "$out"
echo "written to $out" >&2
