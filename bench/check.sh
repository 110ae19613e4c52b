#!/usr/bin/env bash
# `diagc --check` over N up-to-date diagrams (default 1000, the same mix as
# bench/batch.sh): the cheap path (fingerprints match, nothing is laid out)
# against a tree whose outputs lack fingerprints, where every input is
# compiled and compared byte for byte as --check always did before.
# OLD_DIAGC=path/to/older/diagc adds that binary's --check on the same tree.
#   bench/check.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 bench/gen_batch.py "$N" "$OUT/src"
DIAGC=build/cli/diagc
$DIAGC "$OUT/src" -o "$OUT/fresh"
# The same tree with every fingerprint line removed: --check falls back to
# compiling each input and comparing bytes (and finds all of them stale).
cp -r "$OUT/fresh" "$OUT/plain"
find "$OUT/plain" -name '*.svg' -exec sed -i '/^<!-- diagc /d' {} +
$DIAGC --check "$OUT/src" -o "$OUT/fresh"
echo "== --check over $N diagrams"
commands=(-n "check, up to date" "$DIAGC --check $OUT/src -o $OUT/fresh"
          -n "check, every input compiled" "$DIAGC --check $OUT/src -o $OUT/plain 2>/dev/null || true")
if [ -n "${OLD_DIAGC:-}" ]; then
  "$OLD_DIAGC" "$OUT/src" -o "$OUT/old"
  commands+=(-n "older diagc --check" "$OLD_DIAGC --check $OUT/src -o $OUT/old")
fi
hyperfine -w 1 -r 5 --export-json "$OUT/check.json" "${commands[@]}"
python3 - "$OUT/check.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
cheap = results[0]["median"]
for r in results:
    print(f"   {r['command']:28s} median {r['median'] * 1000:8.1f} ms   {r['median'] / cheap:6.1f}x the up-to-date check")
PY
