#!/usr/bin/env bash
# Runtime footprint: the jars an application ships with each client, and their total size.
#
#   bench/footprint.sh [--offline=true]   (run by `mvn -B -Pbench verify`, after the jar is built)
#
# SDK: this project's jar plus its runtime dependencies (target/runtime-classpath.txt, written by the
# build). Generated client: its compiled classes as one jar plus the runtime dependencies that its own
# generated pom.xml (target/generated-client/pom.xml) declares, resolved by Maven as a user's build
# would resolve them (its pom names OkHttp 4.12.0; the benchmarks run it on OkHttp 5.5.1). Writes
# target/bench/footprint.tsv, which BenchMain adds to its table.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
target=$root/target
out=$target/bench/footprint.tsv
mvn_flags=(-B -q)
[ "${1:-}" = --offline=true ] && mvn_flags+=(-o)

sdk_jar=$(ls "$target"/backfills-client-*.jar 2>/dev/null | grep -v -e sources -e javadoc | head -n 1 || true)
[ -n "$sdk_jar" ] || { echo "no SDK jar in $target: run the package phase first" >&2; exit 1; }

# The generated client's classes, packed the way its own build would ship them.
jar --create --file "$target/bench/generated-client.jar" -C "$target/test-classes" dev/backfills/bench/generated
mvn "${mvn_flags[@]}" -f "$target/generated-client/pom.xml" \
  org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -DincludeScope=runtime -Dmdep.outputFile="$target/bench/generated-runtime-classpath.txt" >/dev/null

size() { stat -c %s "$1"; }
list() { tr ':' '\n' | grep -v '^$'; }

{
  printf 'client\tjar\tbytes\n'
  { echo "$sdk_jar"; list < "$target/runtime-classpath.txt"; } | while read -r j; do
    printf 'sdk\t%s\t%s\n' "$(basename "$j")" "$(size "$j")"
  done
  { echo "$target/bench/generated-client.jar"; list < "$target/bench/generated-runtime-classpath.txt"; } | while read -r j; do
    printf 'generated\t%s\t%s\n' "$(basename "$j")" "$(size "$j")"
  done
} > "$out"

echo "Runtime footprint (jars an application ships; see $out):"
awk -F'\t' 'NR > 1 { n[$1]++; b[$1] += $3 } END {
  for (c in n) printf "  %-10s %2d jars, %6.2f MB\n", c, n[c], b[c] / 1e6 }' "$out" | sort
