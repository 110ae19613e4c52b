#!/usr/bin/env bash
# `diagc --check` over N up-to-date diagrams (default 1000, the same mix as
# bench/batch.sh): the cheap path (fingerprints match, nothing is laid out)
# against a tree whose outputs lack fingerprints, where every input is
# compiled and compared byte for byte as --check always did before.
# OLD_DIAGC=path/to/older/diagc adds that binary's --check on the same tree.
#   bench/check.sh [N]
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
DIAGC=build/cli/diagc
$DIAGC "$OUT/src" -o "$OUT/fresh"
# The same tree with every fingerprint line removed: --check falls back to
# compiling each input and comparing bytes (and finds all of them stale).
cp -r "$OUT/fresh" "$OUT/plain"
find "$OUT/plain" -name '*.svg' -exec sed -i '/^<!-- diagc source=/d' {} +
$DIAGC --check "$OUT/src" -o "$OUT/fresh"
echo "== --check over $N diagrams"
commands=(-n "check, up to date" "$DIAGC --check $OUT/src -o $OUT/fresh"
          -n "check, every input compiled" "$DIAGC --check $OUT/src -o $OUT/plain 2>/dev/null || true")
if [ -n "${OLD_DIAGC:-}" ]; then
  "$OLD_DIAGC" "$OUT/src" -o "$OUT/old"
  commands+=(-n "older diagc --check" "$OLD_DIAGC --check $OUT/src -o $OUT/old")
fi
hyperfine -w 1 -r 5 --export-json "$OUT/check.json" "${commands[@]}"
python3 - "$OUT/check.json" <<'PY'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
cheap = results[0]["median"]
for r in results:
    print(f"   {r['command']:28s} median {r['median'] * 1000:8.1f} ms   {r['median'] / cheap:6.1f}x the up-to-date check")
PY
