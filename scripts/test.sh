#!/usr/bin/env bash
# The whole test suite: unit, golden and robustness tests (swift test), the end-to-end tests
# that drive the real binary through a pipe, a terminal and an LSP client (pytest), and the
# differential test against R when R is installed.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
swift build --build-tests
log=$(mktemp)
set +e
# The evaluator fuzz (EvaluatorFuzzTests) runs for this many seconds; 10 when run by hand.
SURVQL_FUZZ_SECONDS="${SURVQL_FUZZ_SECONDS:-120}" swift test --skip-build >"$log" 2>&1
rc=$?
set -e
# Failures in full; passing tests only as the closing summary line.
grep -vE '^\S+ (Test|Suite) .*(started|passed after)' "$log" | grep -vE '^\S+ Test run started' || true
grep -E 'Test run with [0-9]+ tests?' "$log" | tail -1
if (( rc != 0 )); then echo "swift test failed (exit $rc)" >&2; exit "$rc"; fi
# The README's main command uses a release build; the optimizer must accept the code too.
swift build -c release --product survql
if [[ -d Tests/e2e ]]; then
  swift build --product survql
  python3 -m pytest -q Tests/e2e
fi
