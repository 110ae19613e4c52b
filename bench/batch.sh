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
python3 - "$N" "$OUT/src" <<'PY'
import os, random, sys
n, root = int(sys.argv[1]), sys.argv[2]
os.makedirs(root)
rng = random.Random(7)
for i in range(n):
    k = rng.randrange(5, 40)
    kind = i % 3
    lines = ["@startuml"]
    if kind == 0:
        for j in range(k):
            lines.append(f"component \"Service {j}\" as c{j}")
        for j in range(1, k):
            lines.append(f"c{rng.randrange(j)} --> c{j}")
    elif kind == 1:
        for j in range(k):
            a, b = rng.sample(range(6), 2)
            lines.append(f"P{a} -> P{b} : call {j}")
    else:
        for j in range(max(2, k // 5)):
            lines += [f"entity E{j} {{", "  * id : int", "  --", "  name : text", "}"]
        for j in range(1, max(2, k // 5)):
            lines.append(f"E{rng.randrange(j)} ||--o{{ E{j}")
    lines.append("@enduml")
    with open(os.path.join(root, f"d{i:04d}.puml"), "w") as f:
        f.write("\n".join(lines) + "\n")
PY
echo "== $N diagrams to SVG"
# PlantUML 1.2020 answers "No diagram found" for a directory argument, so
# both get the file list from the shell (hyperfine subtracts the shell).
hyperfine -w 1 -r 3 --export-json "$OUT/batch.json" \
  -n diagc "build/cli/diagc $OUT/src/*.puml -o $OUT/diagc" \
  -n plantuml "plantuml -tsvg -o $OUT/pu $OUT/src/*.puml"
python3 bench/ratios.py "$OUT/batch.json"
