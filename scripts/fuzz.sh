#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan + fuzzer) in
# build-fuzz/ and runs each for SECONDS (default 60), seeded from examples/,
# tests/ and, when present, ../shared/corpus. A crash leaves its input in
# build-fuzz/crashes/ and fails the script; turn it into a regression test.
#   scripts/fuzz.sh [SECONDS] [TARGET...]     targets: fuzz_puml fuzz_dbml fuzz_mermaid fuzz_pipeline
set -euo pipefail
cd "$(dirname "$0")/.."
SECONDS_EACH=${1:-60}
shift || true
TARGETS=("${@:-fuzz_puml fuzz_dbml fuzz_mermaid fuzz_pipeline}")
TARGETS=(${TARGETS[@]})
command -v clang++ >/dev/null || { echo "fuzz: clang++ is needed (apt-get install clang)"; exit 2; }

CC=clang CXX=clang++ cmake -S . -B build-fuzz -G Ninja -DDIAGC_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build-fuzz --target "${TARGETS[@]}"

# Seeds: every diagram the project and the shared corpus have.
# Per run, so several runs (one per target) can go at once.
SEEDS=build-fuzz/seeds-$$
trap 'rm -rf "$SEEDS"' EXIT
mkdir -p "$SEEDS"/{puml,dbml,mermaid,pipeline} build-fuzz/crashes
find examples tests ../shared/corpus -type f \( -name '*.puml' -o -name '*.wsd' \) 2>/dev/null |
  while read -r f; do cp "$f" "$SEEDS/puml/$(echo "$f" | md5sum | cut -c1-16)"; done
find examples tests ../shared/corpus -type f -name '*.dbml' 2>/dev/null |
  while read -r f; do cp "$f" "$SEEDS/dbml/$(echo "$f" | md5sum | cut -c1-16)"; done
find examples tests -type f \( -name '*.mmd' -o -name '*.mermaid' \) 2>/dev/null |
  while read -r f; do cp "$f" "$SEEDS/mermaid/$(echo "$f" | md5sum | cut -c1-16)"; done
# The pipeline target reads its language from the first byte (0 PlantUML, 1 DBML, 2 Mermaid).
for f in "$SEEDS"/puml/*; do { printf '\0'; head -c 4000 "$f"; } > "$SEEDS/pipeline/p-$(basename "$f")"; done
for f in "$SEEDS"/dbml/*; do { printf '\1'; head -c 4000 "$f"; } > "$SEEDS/pipeline/d-$(basename "$f")"; done
for f in "$SEEDS"/mermaid/*; do { printf '\2'; head -c 4000 "$f"; } > "$SEEDS/pipeline/m-$(basename "$f")"; done

status=0
for target in "${TARGETS[@]}"; do
  case $target in
    fuzz_puml) seeds=$SEEDS/puml; dict=tests/fuzz/dict/puml.dict ;;
    fuzz_dbml) seeds=$SEEDS/dbml; dict=tests/fuzz/dict/dbml.dict ;;
    fuzz_mermaid) seeds=$SEEDS/mermaid; dict=tests/fuzz/dict/mermaid.dict ;;
    fuzz_pipeline) seeds=$SEEDS/pipeline; dict=tests/fuzz/dict/puml.dict ;;
  esac
  mkdir -p "build-fuzz/corpus/$target"
  echo "fuzz: $target for ${SECONDS_EACH}s"
  ASAN_OPTIONS=fast_unwind_on_malloc=0 LSAN_OPTIONS=suppressions=$PWD/tests/layout/lsan.supp \
  "build-fuzz/tests/fuzz/$target" "build-fuzz/corpus/$target" "$seeds" -dict="$dict" \
    -max_total_time="$SECONDS_EACH" -timeout=25 -report_slow_units=30 -rss_limit_mb=2048 -max_len=8192 \
    -artifact_prefix="build-fuzz/crashes/$target-" -print_final_stats=1 2>&1 |
    grep -E "^#[0-9]+.*(DONE|pulse)|stat::number_of_executed_units|stat::peak_rss|cov:|ERROR|SUMMARY" | tail -n 6 || true
  # A "slow-unit" is a report, not a failure: it is what a loaded machine
  # makes of an ordinary input (each was checked to run in milliseconds).
  mkdir -p build-fuzz/slow
  mv build-fuzz/crashes/"$target"-slow-unit-* build-fuzz/slow/ 2>/dev/null || true
  if ls build-fuzz/crashes/"$target"-* >/dev/null 2>&1; then
    echo "fuzz: $target found a crash: $(ls build-fuzz/crashes/"$target"-*)"
    status=1
  fi
done
exit $status
