#!/usr/bin/env bash
# Layout-time benchmark for issue 13's limit: bench/'s graph cases (the
# brief's example, 500 nodes, the 200-table DBML schema) and the big ER
# schemas our own routing is for, each run by every diagc build given, in one
# hyperfine run per case so the builds alternate under the same load. Prints, per case and
# build, the minimum wall time and the mean CPU time (user + system, the
# layout child included), each the least of ROUNDS rounds (default 3: on a
# shared VM one round's figures wander by a third), and the ortho/spline
# ratio of each build. Needs hyperfine (scripts/setup.sh --bench).
#   [ROUNDS=N] bench/layout.sh [DIAGC ...]      default: build/cli/diagc
set -euo pipefail
cd "$(dirname "$0")/.."
builds=("$@")
[ ${#builds[@]} -gt 0 ] || builds=(build/cli/diagc)
OUT=$(mktemp -d)
trap 'rm -rf "$OUT"' EXIT
python3 bench/gen_component.py 500 "$OUT/n500" >/dev/null
python3 bench/gen_dbml.py 200 "$OUT/t200.dbml"
printf '@startuml\n[a] --> [b]\n@enduml\n' >"$OUT/tiny.puml"
cp examples/architecture.puml "$OUT/arch.puml"
cp tests/lint/shop.puml tests/lint/shop-ortho.puml tests/lint/clinic-ortho.puml "$OUT/"

cases=(tiny arch n500 t200 shop shop-ortho clinic-ortho)
for round in $(seq "${ROUNDS:-3}"); do
for c in "${cases[@]}"; do
  src=$OUT/$c.puml
  [ -f "$src" ] || src=$OUT/$c.dbml
  runs=()
  for i in "${!builds[@]}"; do
    runs+=(-n "$i" "${builds[$i]} $src -o $OUT/$c-$i.svg")
  done
  runs_per_build=10
  case $c in n500 | t200) runs_per_build=5 ;; esac
  # A build that cannot read a case (an older grammar) is left out of it.
  hyperfine -N -i -w 2 -r "$runs_per_build" --export-json "$OUT/$c-$round.json" "${runs[@]}" >/dev/null 2>&1 || true
done
done

python3 - "$OUT" "${builds[@]}" <<'EOF'
import glob, json, sys
out, builds = sys.argv[1], sys.argv[2:]
def load(case):
    """Per build: the least min wall time and the least mean CPU time over the rounds."""
    best = {}
    for path in glob.glob(f"{out}/{case}-*.json"):
        with open(path) as f:
            for r in json.load(f)["results"]:
                if any(code != 0 for code in r.get("exit_codes", [0])):
                    continue
                i, wall, cpu = int(r["command"]), min(r["times"]), r["user"] + r["system"]
                w0, c0 = best.get(i, (wall, cpu))
                best[i] = (min(w0, wall), min(c0, cpu))
    return best
cpu = {}
print(f"{'case':14s}" + "".join(f"  build {i}: min wall / mean CPU" for i in range(len(builds))))
for case in ["tiny", "arch", "n500", "t200", "shop", "shop-ortho", "clinic-ortho"]:
    rows = load(case)
    cells = []
    for i in range(len(builds)):
        if i not in rows:
            cells.append(f"{'(fails)':>31s}")
            continue
        wall, cpu[(case, i)] = rows[i][0] * 1000, rows[i][1] * 1000
        cells.append(f"{wall:17.1f} / {cpu[(case, i)]:6.1f} ms")
    print(f"{case:14s}" + "".join(cells))
for i, b in enumerate(builds):
    if ("shop", i) in cpu and ("shop-ortho", i) in cpu:
        print(f"build {i} ({b}): shop ortho/spline CPU = {cpu[('shop-ortho', i)] / cpu[('shop', i)]:.2f}")
EOF
