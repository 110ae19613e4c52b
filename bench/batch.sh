#!/usr/bin/env bash
# A batch of N diagrams (default 1000: component, sequence and ER, 5-40
# elements each) compiled by diagc (one process, all cores) and by PlantUML's
# own batch mode (one JVM for all files), side by side with hyperfine.
#   bench/batch.sh [N]
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-1000}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 bench/gen_batch.py "$N" "$OUT/src"
echo "== $N diagrams to SVG"
# PlantUML 1.2020 answers "No diagram found" for a directory argument, so
# both get the file list from the shell (hyperfine subtracts the shell).
hyperfine -w 1 -r 3 --export-json "$OUT/batch.json" \
  -n diagc "build/cli/diagc $OUT/src/*.puml -o $OUT/diagc" \
  -n plantuml "plantuml -tsvg -o $OUT/pu $OUT/src/*.puml"
python3 bench/ratios.py "$OUT/batch.json"
