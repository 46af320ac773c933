#!/usr/bin/env bash
# Times a cloud move as a user sees it (CloudMoveBenchmark): a group alone on a lab link becomes
# MASTER, and its hetzner floating-IP mover checks, assigns and verifies against a local fake of the
# Hetzner Cloud API (on the loopback of the benchmark's own namespace) that answers each request after
# LATENCY_MS. Prints, over RUNS runs, the time from the role change to the fake's first request, the
# whole move, and the move minus the fake's latency: what the driver and the HTTP client add.
# A benchmark, not a test: run it by hand, as root.
#
#   sudo benchmarks/netns/cloud-move.sh [RUNS] [LATENCY_MS]   (defaults 20 and 20)
set -euo pipefail
runs=${1:-20}
latency=${2:-20}
cd "$(dirname "$0")/../.."
[[ $EUID -eq 0 ]] || { echo "run as root: it creates network namespaces" >&2; exit 1; }

./mvnw -q -pl benchmarks -am install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
classpath=$(mktemp)
./mvnw -q -pl benchmarks dependency:build-classpath -Dmdep.outputFile="$classpath" -Dmdep.includeScope=runtime

# shellcheck source=../../scripts/netns-lab.sh
source scripts/netns-lab.sh
lab="f4jm-$$"
cleanup() {
  lab_remove "$lab" a
  rm -f "$classpath"
}
trap cleanup EXIT
lab_bridge "$lab"
lab_node "$lab" a 10.0.0.1/24 pa

java -cp "benchmarks/target/classes:$(cat "$classpath")" io.github.failover4j.benchmarks.CloudMoveBenchmark \
  "$lab-a" eth0 "$runs" "$latency"
