#!/usr/bin/env bash
# Mermaid: diagc vs mermaid-cli (mmdc: Node, Puppeteer, headless Chromium) on
# a 30-node flowchart, a 20-message sequence diagram and a 10-entity ER
# diagram, each side by side in one hyperfine run, then peak memory of both
# (summed over mermaid-cli's process tree).
#   bench/mermaid.sh [MMDC_DIR]     default bench/mermaid-cli (installed from npm on first use)
set -euo pipefail
cd "$(dirname "$0")/.."
DIAGC=build/cli/diagc
MMDC_DIR=${1:-bench/mermaid-cli}
# Puppeteer must not download its own browser: Debian's chromium (puppeteer.json) is used.
[ -x "$MMDC_DIR/node_modules/.bin/mmdc" ] ||
  (cd "$MMDC_DIR" && PUPPETEER_SKIP_DOWNLOAD=1 npm install --no-audit --no-fund --silent)
MMDC="$MMDC_DIR/node_modules/.bin/mmdc -p $MMDC_DIR/puppeteer.json -q"
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 bench/gen_mermaid.py flowchart 30 "$OUT/flow30.mmd"
python3 bench/gen_mermaid.py sequence 20 "$OUT/seq20.mmd"
python3 bench/gen_mermaid.py er 10 "$OUT/er10.mmd"

for case in flow30 seq20 er10; do
  echo "== $case to SVG"
  hyperfine -N -w 1 -r 5 --export-json "$OUT/$case.json" \
    -n diagc "$DIAGC $OUT/$case.mmd -o $OUT/$case.svg" \
    -n mmdc "$MMDC -i $OUT/$case.mmd -o $OUT/$case-mmdc.svg" > /dev/null
done
python3 bench/ratios.py "$OUT/flow30.json" "$OUT/seq20.json" "$OUT/er10.json"
echo "== peak memory"
for case in flow30 seq20 er10; do
  python3 bench/peak_rss.py $DIAGC "$OUT/$case.mmd" -o "$OUT/$case.svg"
  python3 bench/peak_rss.py $MMDC -i "$OUT/$case.mmd" -o "$OUT/$case-mmdc.svg"
done
