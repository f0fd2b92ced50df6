#!/usr/bin/env bash
# Cold start: the wall-clock time of a fresh JVM that builds a client, makes one getBackfill call to a
# loopback server and exits, for the SDK, the hand-written baseline and the generated client.
#
#   bench/cold-start.sh [runs]       (default 10 per contender; run by `mvn -B -Pbench verify`)
#
# Needs the bench profile's build output (target/classes, target/test-classes, target/bench/dependencies.txt).
# The server runs in its own JVM for the whole script, so each timed JVM does only the client's work.
# One untimed run per contender first warms the OS file cache; then the contenders take turns, in a
# rotating order, so that drifts of a noisy machine spread over all of them. Writes
# target/bench/cold-start.tsv (contender, run, wall-clock and CPU microseconds), which BenchMain puts in
# its table.
set -euo pipefail
runs=${1:-10}
root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/target
java=${JAVA:-java}
deps=$target/bench/dependencies.txt
[ -f "$deps" ] || { echo "missing $deps: build with mvn -Pbench first" >&2; exit 1; }
cp="$target/test-classes:$target/classes:$(cat "$deps")"
out=$target/bench/cold-start.tsv
contenders=(sdk handwritten generated)

"$java" -cp "$cp" dev.backfills.bench.LoopbackServer > "$target/bench/server.url" &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
for _ in $(seq 1 100); do
  [ -s "$target/bench/server.url" ] && break
  sleep 0.1
done
base=$(head -n 1 "$target/bench/server.url")
[ -n "$base" ] || { echo "the loopback server did not start" >&2; exit 1; }

one() {
  local status
  status=$("$java" -cp "$cp" dev.backfills.bench.OneCall "$1" "$base")
  [ "$status" = RUNNING ] || { echo "$1 answered '$status', not RUNNING" >&2; return 1; }
}

for c in "${contenders[@]}"; do one "$c" || exit 1; done

printf 'contender\trun\tmicros\tcpu_micros\n' > "$out"
n=${#contenders[@]}
TIMEFORMAT='%3U %3S'
for run in $(seq 1 "$runs"); do
  for k in $(seq 0 $((n - 1))); do
    c=${contenders[$(( (run + k) % n ))]}
    t0=$(date +%s%N)
    cpu=$( { time one "$c" >/dev/null; } 2>&1 ) || { echo "$cpu" >&2; exit 1; }
    t1=$(date +%s%N)
    # CPU time (user + system, all of the JVM's threads) is counted only while the JVM runs, so it is
    # the steadier figure when other work shares the machine; wall-clock time is the cold start itself.
    cpu_micros=$(awk -v u="${cpu% *}" -v s="${cpu#* }" 'BEGIN { printf "%d", (u + s) * 1e6 }')
    printf '%s\t%d\t%d\t%d\n' "$c" "$run" $(( (t1 - t0) / 1000 )) "$cpu_micros" >> "$out"
  done
done

median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.1f", (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "Cold start, $runs fresh JVMs per contender (ms: median, min-max; CPU ms: median):"
for c in "${contenders[@]}"; do
  wall=$(awk -F'\t' -v c="$c" '$1 == c { print $3 / 1000 }' "$out")
  cpu=$(awk -F'\t' -v c="$c" '$1 == c { print $4 / 1000 }' "$out")
  printf '  %-12s %8s  (%s-%s)  CPU %8s\n' "$c" "$(median <<< "$wall")" \
    "$(sort -n <<< "$wall" | head -n 1)" "$(sort -n <<< "$wall" | tail -n 1)" "$(median <<< "$cpu")"
done
