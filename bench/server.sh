#!/usr/bin/env bash
# Load test of `diagc serve` on loopback with wrk (scripts/setup.sh --bench).
# Prints requests/s and p50/p99 latency for the component example and a
# generated 100-element diagram, with cache hits (same URL) and cache misses
# (every request a new text), then the RSS of server + workers over a longer
# run of misses.
#   bench/server.sh                 10 s per scenario, 60 s memory run
#   BENCH_SECONDS=5 MEMORY_SECONDS=20 bench/server.sh
set -euo pipefail
cd "$(dirname "$0")/.."
DIAGC=${DIAGC:-build/cli/diagc}
SECONDS_EACH=${BENCH_SECONDS:-10}
MEMORY_SECONDS=${MEMORY_SECONDS:-60}
CONNECTIONS=${BENCH_CONNECTIONS:-16}
# --timeout above the server's own limits (10 s queue + 10 s render), so wrk counts only real failures.
WRK=(wrk -t2 -c"$CONNECTIONS" --timeout 25s -s bench/server_wrk.lua)
OUT=$(mktemp -d)
LOG="$OUT/server.log"

"$DIAGC" serve --port 0 "$@" 2>"$LOG" &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null; rm -rf "$OUT"' EXIT
for _ in $(seq 50); do grep -q listening "$LOG" && break; sleep 0.1; done
BASE=$(grep -o 'http://[0-9.]*:[0-9]*' "$LOG")
echo "== $(head -1 "$LOG" | sed 's/^diagc serve: //'), $(nproc) cores, wrk -t2 -c$CONNECTIONS"

cp examples/architecture.puml "$OUT/arch.puml"
python3 bench/gen_component.py 100 "$OUT/n100"
for name in arch n100; do
  status=$(curl -s -o /dev/null -w '%{http_code}' --data-binary @"$OUT/$name.puml" "$BASE/svg")
  echo "   $name.puml: POST /svg answers $status"
done

run() {  # label, then wrk arguments
  local label=$1; shift
  printf '%-34s ' "$label"
  "${WRK[@]}" -d"${SECONDS_EACH}s" "$@" | grep '^RESULT' | sed 's/^RESULT //'
}

for name in arch n100; do
  encoded=$("$DIAGC" encode "$OUT/$name.puml")
  run "$name: GET /svg (cache hits)" "$BASE/svg/$encoded"
  DIAGC_BENCH_BODY="$OUT/$name.puml" DIAGC_BENCH_UNIQUE=1 run "$name: POST /svg (cache misses)" "$BASE/svg"
done

rss_kib() {  # server + its workers
  local total=0 pid
  for pid in $SERVER $(pgrep -P "$SERVER"); do
    kib=$(awk '/^VmRSS/ {print $2}' /proc/"$pid"/status 2>/dev/null || true)
    total=$((total + ${kib:-0}))  # a worker exiting meanwhile has no VmRSS
  done
  echo "$total"
}

echo "== memory: ${MEMORY_SECONDS} s of cache misses (arch), RSS of server + workers sampled each second"
before=$(rss_kib)
DIAGC_BENCH_BODY="$OUT/arch.puml" DIAGC_BENCH_UNIQUE=1 \
  "${WRK[@]}" -d"${MEMORY_SECONDS}s" "$BASE/svg" > "$OUT/memory.txt" &
WRK_PID=$!
samples=()
while kill -0 $WRK_PID 2>/dev/null; do samples+=("$(rss_kib)"); sleep 1; done
wait $WRK_PID
grep '^RESULT' "$OUT/memory.txt" | sed 's/^RESULT /   /'
printf '%s\n' "${samples[@]}" | sort -n | awk -v before="$before" '
  { s[NR] = $1 } END { printf "   RSS MiB: idle %.1f, min %.1f, median %.1f, max %.1f over %d samples\n",
    before / 1024, s[1] / 1024, s[int((NR + 1) / 2)] / 1024, s[NR] / 1024, NR }'
echo "   last samples (MiB): $(printf '%s\n' "${samples[@]}" | tail -5 | awk '{printf "%.1f ", $1 / 1024}')"
server_kib=$(awk '/^VmRSS/ {print $2}' /proc/$SERVER/status)
echo "   now: server $((server_kib / 1024)) MiB (response cache: --cache-mb, default 64), workers $(( ($(rss_kib) - server_kib) / 1024 )) MiB (each recycled past --recycle-mb)"
curl -s "$BASE/metrics" | grep -E '^diagc_(worker_restarts_total|cache_(bytes|entries))' | sed 's/^/   /'
