#!/usr/bin/env bash
# Editor-plugin latency: one 50-element diagram through stdin to stdout, as a
# plugin would call diagc on every keystroke. Prints the median.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 bench/gen_component.py 50 "$OUT/n50"
# hyperfine 1.15 has no --input: the redirect runs in its shell, whose own
# start-up hyperfine measures and subtracts.
hyperfine -w 5 -r 100 --export-json "$OUT/lat.json" \
  -n diagc "build/cli/diagc -T svg -o - - < $OUT/n50.puml > /dev/null"
python3 -c "import json,sys; r=json.load(open('$OUT/lat.json'))['results'][0]; print(f'stdin->stdout, 50 elements: median {r[\"median\"]*1000:.1f} ms, p95-ish max {r[\"max\"]*1000:.1f} ms')"
