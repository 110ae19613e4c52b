#!/usr/bin/env bash
# DBML benchmark: diagc vs @softwaretechnik/dbml-renderer (node; Graphviz
# compiled to WebAssembly by @aduh95/viz.js, so no `dot` binary is needed),
# both writing SVG, on the brief's schema made valid (examples/seed-fixed.dbml:
# dbml-renderer rejects the original's unknown table) and on a generated
# 200-table schema. Needs hyperfine and node/npm; installs dbml-renderer
# under bench/node_modules on first use.
#   bench/dbml.sh [--quick]     --quick: fewer runs
set -euo pipefail
cd "$(dirname "$0")/.."
DIAGC=build/cli/diagc
[ -x "$DIAGC" ] || { echo "build diagc first: cmake --build build" >&2; exit 1; }
[ -x bench/node_modules/.bin/dbml-renderer ] ||
  (cd bench && npm install --no-audit --no-fund --silent)
RENDERER=bench/node_modules/.bin/dbml-renderer
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
RUNS_SMALL=20 RUNS_BIG=5
[ "${1:-}" = "--quick" ] && RUNS_SMALL=5 RUNS_BIG=2
cp examples/seed-fixed.dbml "$OUT/seed.dbml"
python3 bench/gen_dbml.py 200 "$OUT/t200.dbml"

# Both tools must accept both inputs, or the timings mean nothing.
for f in seed t200; do
  $DIAGC "$OUT/$f.dbml" -o "$OUT/$f-diagc.svg"
  $RENDERER -i "$OUT/$f.dbml" -o "$OUT/$f-renderer.svg"
done

echo "== the brief's schema (5 tables and an enum) to SVG"
hyperfine -N -w 2 -r "$RUNS_SMALL" --export-json "$OUT/seed.json" \
  -n diagc "$DIAGC $OUT/seed.dbml -o $OUT/seed-diagc.svg" \
  -n dbml-renderer "$RENDERER -i $OUT/seed.dbml -o $OUT/seed-renderer.svg"
echo "== 200 tables, 199 refs, 20 table groups to SVG"
hyperfine -N -w 1 -r "$RUNS_BIG" --export-json "$OUT/t200.json" \
  -n diagc "$DIAGC $OUT/t200.dbml -o $OUT/t200-diagc.svg" \
  -n dbml-renderer "$RENDERER -i $OUT/t200.dbml -o $OUT/t200-renderer.svg"

python3 bench/ratios.py "$OUT/seed.json" "$OUT/t200.json"
