#!/usr/bin/env bash
# Sequence diagrams: diagc vs `plantuml -tsvg` on a 10-participant,
# 60-message diagram, then diagc alone at 100, 1,000 and 10,000 messages to
# show that layout grows linearly. Bounded runs: the machine is shared.
#   bench/sequence.sh [--quick]     --quick skips PlantUML
set -euo pipefail
cd "$(dirname "$0")/.."
DIAGC=build/cli/diagc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT

python3 bench/gen_sequence.py 10 60 "$OUT/s60.puml"
echo "== 10 participants, 60 messages to SVG"
runs=(-n diagc "$DIAGC $OUT/s60.puml -o $OUT/s60.svg")
[ "${1:-}" = "--quick" ] || runs+=(-n plantuml "plantuml -tsvg -o $OUT/pu $OUT/s60.puml")
hyperfine -N -w 2 -r 10 --export-json "$OUT/s60.json" "${runs[@]}"
[ "${1:-}" = "--quick" ] || python3 bench/ratios.py "$OUT/s60.json"

echo "== diagc process time (user + system) by size, 20 participants"
for m in 100 1000 10000; do
  python3 bench/gen_sequence.py 20 "$m" "$OUT/m$m.puml"
  hyperfine -N -w 1 -r 5 --style none --export-json "$OUT/m$m.json" \
    -n diagc "$DIAGC $OUT/m$m.puml -o $OUT/m$m.svg" > /dev/null
done
python3 - "$OUT" <<'PY'
import json, sys
out = sys.argv[1]
for m in (100, 1000, 10000):
    r = json.load(open(f"{out}/m{m}.json"))["results"][0]
    cpu = (r["user"] + r["system"]) * 1000
    print(f"   {m:6d} messages: process {cpu:8.1f} ms  wall median {r['median'] * 1000:8.1f} ms"
          f"  ({cpu / m * 1000:6.1f} us per message)")
PY
