#!/usr/bin/env bash
# ER layout benchmark: the 34-table shop schema (tests/lint/shop.puml) with
# splines and with our own orthogonal routes, diagc vs `plantuml -tsvg`, in
# one hyperfine run. Needs hyperfine and plantuml (scripts/setup.sh --bench).
#   bench/er.sh [OLD_DIAGC]     also times another diagc build (before/after)
set -euo pipefail
cd "$(dirname "$0")/.."
DIAGC=build/cli/diagc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
cp tests/lint/shop.puml tests/lint/shop-ortho.puml "$OUT/"
runs=(-n diagc "$DIAGC $OUT/shop.puml -o $OUT/a.svg"
      -n diagc-ortho "$DIAGC $OUT/shop-ortho.puml -o $OUT/b.svg")
[ -n "${1:-}" ] && runs+=(-n old "$1 $OUT/shop.puml -o $OUT/c.svg" -n old-ortho "$1 $OUT/shop-ortho.puml -o $OUT/d.svg")
runs+=(-n plantuml "plantuml -tsvg -o $OUT/pu $OUT/shop.puml")
echo "== 34 tables, 44 relations to SVG"
hyperfine -N -w 2 -r 10 --export-json "$OUT/er.json" "${runs[@]}"
python3 bench/ratios.py "$OUT/er.json"
