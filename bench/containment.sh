#!/usr/bin/env bash
# What laying out in a child process costs (issue 11): the brief's example
# and the 500-node diagram, compiled by a build without containment and by
# this one, side by side in ONE hyperfine run.
#   bench/containment.sh [BEFORE]     BEFORE: a diagc binary, or a git revision
#                                     to build one from (default: ad24825, the
#                                     last main without containment)
set -euo pipefail
cd "$(dirname "$0")/.."
BEFORE=${1:-ad24825}
AFTER=build/cli/diagc
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
if [ ! -x "$BEFORE" ]; then
  echo "bench: building $BEFORE in $OUT/src"
  mkdir -p "$OUT/src"
  git archive "$BEFORE" | tar -x -C "$OUT/src"
  cmake -S "$OUT/src" -B "$OUT/src/build" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  cmake --build "$OUT/src/build" --target diagc >/dev/null
  BEFORE=$OUT/src/build/cli/diagc
fi
python3 bench/gen_component.py 500 "$OUT/n500" >/dev/null
cp examples/architecture.puml "$OUT/arch.puml"
hyperfine -N -w 3 -r 40 --export-json "$OUT/containment.json" \
  -n "example, in-process" "$BEFORE $OUT/arch.puml -o $OUT/a1.svg" \
  -n "example, contained" "$AFTER $OUT/arch.puml -o $OUT/a2.svg" \
  -n "500 nodes, in-process" "$BEFORE $OUT/n500.puml -o $OUT/b1.svg" \
  -n "500 nodes, contained" "$AFTER $OUT/n500.puml -o $OUT/b2.svg" >/dev/null
python3 - "$OUT/containment.json" <<'PY'
import json, statistics, sys
results = json.load(open(sys.argv[1]))["results"]
print("| case | median | min | user + sys (children included) |")
print("|---|---|---|---|")
for r in results:
    t = sorted(r["times"])
    print("| %s | %.1f ms | %.1f ms | %.1f ms |" % (r["command"], statistics.median(t) * 1e3,
                                                    t[0] * 1e3, (r["user"] + r["system"]) * 1e3))
for a, b in ((0, 1), (2, 3)):
    before, after = (statistics.median(results[i]["times"]) for i in (a, b))
    print("%s: contained / in-process = %.3f (median)" % (results[b]["command"].split(",")[0], after / before))
PY
