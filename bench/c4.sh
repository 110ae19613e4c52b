#!/usr/bin/env bash
# A C4 container diagram (bench/c4-container.puml, ~3,300 lines of C4-PlantUML
# macros on every include) against the same diagram written without C4 (its
# own `diagc -E` expansion) and against PlantUML 1.2026.8, which reads C4 2.x.
# Goal (issue 12): C4 ≤ 2× the plain diagram, ≥ 100× faster than PlantUML.
#   bench/c4.sh [--quick] [PLANTUML_JAR]     --quick skips PlantUML
set -euo pipefail
cd "$(dirname "$0")/.."
DIAGC=build/cli/diagc
JAR=${2:-/work/tools/package/build/plantuml-1.2026.8.jar}
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

"$DIAGC" -E bench/c4-container.puml > "$OUT/plain.puml" 2>/dev/null
runs=(-n "diagc C4" "$DIAGC bench/c4-container.puml -o $OUT/c4.svg"
      -n "diagc same diagram without C4" "$DIAGC $OUT/plain.puml -o $OUT/plain.svg")
if [ "${1:-}" != "--quick" ] && [ -f "$JAR" ]; then
  runs+=(-n "plantuml 1.2026.8" "java -jar $JAR -tsvg -o $OUT/pu bench/c4-container.puml")
fi
echo "== C4 container diagram to SVG"
hyperfine -N -i -w 2 -r 10 --export-json "$OUT/c4.json" "${runs[@]}"
python3 - "$OUT/c4.json" <<'PY'
import json, sys
r = {x["command"]: x["median"] for x in json.load(open(sys.argv[1]))["results"]}
c4, plain = r["diagc C4"], r["diagc same diagram without C4"]
print(f"-- medians: C4 {c4 * 1000:.1f} ms, without C4 {plain * 1000:.1f} ms: C4/plain = {c4 / plain:.2f}")
if "plantuml 1.2026.8" in r:
    print(f"   plantuml 1.2026.8 {r['plantuml 1.2026.8'] * 1000:.0f} ms: {r['plantuml 1.2026.8'] / c4:.0f}x slower than diagc C4")
PY
