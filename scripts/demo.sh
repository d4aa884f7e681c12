#!/usr/bin/env bash
# The main job: builds SurvQL (release) and runs the NTRK real-world study on the built-in
# demo cohort. Extra arguments go to `survql run` (e.g. --format json).
set -euo pipefail
cd "$(dirname "$0")/.."
SURVQL_SKIP_R=1 bash scripts/setup.sh
swift build -c release --product survql >&2
exec .build/release/survql run examples/ntrk_real_world.survql "$@"
