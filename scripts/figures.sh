#!/usr/bin/env bash
# Regenerates the README's figures (docs/km.png, docs/forest.png, docs/balance.png) from the
# project's own output: builds survql and runs docs/figures.survql. PNG needs rsvg-convert
# (scripts/setup.sh installs librsvg2-bin).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build --product survql >/dev/null
bin="$(swift build --product survql --show-bin-path)/survql"
"$bin" run --define out=docs docs/figures.survql
