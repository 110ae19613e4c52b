#!/usr/bin/env bash
# Side-by-side benchmark: diagc vs `dot -Tsvg` (equivalent .dot) vs
# `plantuml -tsvg`, on the brief's example and a generated 500-node diagram.
# Needs hyperfine, graphviz and plantuml (scripts/bench-deps.sh installs them).
#   bench/run.sh [--quick]      --quick skips PlantUML on the 500-node graph
set -euo pipefail
cd "$(dirname "$0")/.."
DIAGC=build/cli/diagc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 bench/gen_component.py 500 "$OUT/n500"
cp examples/architecture.puml "$OUT/arch.puml"

echo "== example (9 nodes, 3 clusters) to SVG"
hyperfine -N -w 3 -r 30 --export-json "$OUT/arch.json" \
  -n diagc "$DIAGC $OUT/arch.puml -o $OUT/arch.svg" \
  -n dot "dot -Tsvg bench/architecture.dot -o $OUT/arch-dot.svg" \
  -n plantuml "plantuml -tsvg -o $OUT/pu $OUT/arch.puml"
echo "== 500 nodes in 50 clusters to SVG"
runs=(-n diagc "$DIAGC $OUT/n500.puml -o $OUT/n500.svg" -n dot "dot -Tsvg $OUT/n500.dot -o $OUT/n500-dot.svg")
[ "${1:-}" = "--quick" ] || runs+=(-n plantuml "plantuml -tsvg -o $OUT/pu $OUT/n500.puml")
hyperfine -N -w 1 -r 7 --export-json "$OUT/n500.json" "${runs[@]}"

python3 bench/ratios.py "$OUT/arch.json" "$OUT/n500.json"
echo "== peak memory (max RSS, KiB)"
for cmd in "$DIAGC $OUT/n500.puml -o $OUT/n500.svg" "dot -Tsvg $OUT/n500.dot -o $OUT/n500-dot.svg"; do
  /usr/bin/time -f "%M KiB  $cmd" $cmd 2>&1 >/dev/null | tail -1
done
