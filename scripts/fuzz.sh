#!/usr/bin/env bash
# Builds the libFuzzer target (Fuzz/FuzzTarget.swift: parser + checker + delimited reader) with
# coverage instrumentation and runs it, by default for 10 minutes (not part of CI).
#   scripts/fuzz.sh            # 600 s
#   FUZZ_SECONDS=60 scripts/fuzz.sh
#   scripts/fuzz.sh -runs=1000 # extra arguments go to libFuzzer
# The corpus grows in .build/fuzz-corpus (seeded with the examples and grammar cases); crashes
# are written to .build/fuzz-artifacts/.
set -euo pipefail
cd "$(dirname "$0")/.."
scratch=.build/fuzz
for target in SurvQLData SurvQLSemantics; do
  swift build --scratch-path "$scratch" -Xswiftc -sanitize=fuzzer -Xswiftc -enable-testing --target "$target"
done
objs=()
for m in SurvQLSyntax SurvQLSemantics SurvQLData; do
  objs+=("$scratch"/debug/"$m".build/*.o)
done
swiftc -sanitize=fuzzer -parse-as-library -g -I "$scratch/debug/Modules" Fuzz/FuzzTarget.swift "${objs[@]}" -o "$scratch/survql-fuzz"
corpus=.build/fuzz-corpus
mkdir -p "$corpus" .build/fuzz-artifacts
cp -n examples/*.survql Tests/SurvQLSyntaxTests/Cases/*.survql "$corpus"/ 2>/dev/null || true
head -c 4000 ../shared/data/nsclc_pd1_msk_2018/data_clinical_patient.txt > "$corpus/clinical.tsv" 2>/dev/null || true
"$scratch/survql-fuzz" "$corpus" -max_total_time="${FUZZ_SECONDS:-600}" -timeout=10 -rss_limit_mb=4096 -max_len=65536 \
  -artifact_prefix=.build/fuzz-artifacts/ "$@"
