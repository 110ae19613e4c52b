#!/usr/bin/env bash
# Long structure-aware fuzzing of diagc with valid diagrams (issue 11):
# MINUTES (default 30) at low priority on new inputs (resuming where the last
# long run stopped), then every crash, hang and contained finding minimised
# into build-fuzz/diagrams/minimised/. Add each to tests/cli/crashes/ with a
# row in table.tsv once its cause is fixed (or contained, "simpler" yes).
#   scripts/fuzz_diagrams_long.sh [MINUTES] [DIAGC]
set -uo pipefail
cd "$(dirname "$0")/.."
MINUTES=${1:-30}
DIAGC=${2:-build/cli/diagc}
OUT=build-fuzz/diagrams
[ -f "$OUT/next-index" ] || { mkdir -p "$OUT"; echo 1000000 > "$OUT/next-index"; }  # past CI's range
nice -n 19 scripts/fuzz_diagrams.py --diagc "$DIAGC" --out "$OUT" run --seconds $((MINUTES * 60)) --start -1
status=$?
mkdir -p "$OUT/minimised"
for f in "$OUT"/findings/{crash,hang,contained}-*; do
  case $f in *.stderr|*'*'*) continue ;; esac
  [ -f "$OUT/minimised/$(basename "$f")" ] && continue
  echo "fuzz: minimising $f"
  nice -n 19 scripts/fuzz_diagrams.py --diagc "$DIAGC" minimise "$f" -o "$OUT/minimised/$(basename "$f")" >/dev/null
done
exit $status
