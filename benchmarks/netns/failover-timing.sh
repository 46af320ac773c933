#!/usr/bin/env bash
# Measures failover4j's failover timers wire to wire, on a 3-node lab of network namespaces.
#
#   hard:     the master is killed (SIGKILL: no priority 0); from its last advertisement on the
#             wire to the new master's first. RFC figure: Master_Down_Interval of the new master.
#   graceful: the master is stopped (SIGTERM: close() sends priority 0); from the priority-0
#             advertisement to the new master's first. RFC figure: Skew_Time of the new master.
#
# For VRRPv3 at 100 ms and 10 ms. Nodes a, b, c (priorities 200, 150, 100) run as separate JVMs
# (examples' FailoverNode); a is killed or stopped, b takes over, a restarts and preempts back.
# Timestamps come from tcpdump on the lab's bridge. On separate machines the dying master could not
# take the new master's CPU; here b gets a CPU of its own (a, c and tcpdump share another) when
# there are two or more. A benchmark, not a test: run it by hand, as root.
#
#   sudo benchmarks/netns/failover-timing.sh [RUNS_PER_CASE]   (default 20)
set -euo pipefail
runs=${1:-20}
cd "$(dirname "$0")/../.."
[[ $EUID -eq 0 ]] || { echo "run as root: it creates network namespaces" >&2; exit 1; }
command -v tcpdump >/dev/null || { echo "needs tcpdump (apt-get install -y tcpdump)" >&2; exit 1; }

./mvnw -q -pl examples -am install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
./mvnw -q -pl examples dependency:build-classpath -Dmdep.outputFile=target/timing-cp.txt
cp="examples/target/classes:$(cat examples/target/timing-cp.txt)"

# shellcheck source=../../scripts/netns-lab.sh
source scripts/netns-lab.sh
lab="f4jt-$$"
work=$(mktemp -d)
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 "$pid" 2>/dev/null || true; done
  lab_remove "$lab" a b c
  rm -rf "$work"
}
trap cleanup EXIT

lab_bridge "$lab"
lab_node "$lab" a 10.0.0.1/24 pa
lab_node "$lab" b 10.0.0.2/24 pb
lab_node "$lab" c 10.0.0.3/24 pc

declare -A priority=([a]=200 [b]=150 [c]=100) pid_of=()
cpus=$(nproc)
declare -A cpu=([a]=0 [b]=$((cpus > 1 ? 1 : 0)) [c]=0)
start_node() { # node interval
  ip netns exec "$lab-$1" taskset -c "${cpu[$1]}" java -cp "$cp" io.github.failover4j.examples.FailoverNode --name "$1" \
    --interface eth0 --vrid 51 --priority "${priority[$1]}" --interval "$2" --vip 10.0.0.200/24 \
    >>"$work/$1.log" 2>&1 &
  pid_of[$1]=$!
  pids+=("$!")
}
await_master() { # node timeout_s, counting MASTER lines after a mark
  local deadline=$((SECONDS + $2))
  until [[ $(masters_seen "$1") -gt ${3:-0} ]]; do
    (( SECONDS < deadline )) || { echo "$1 did not become MASTER" >&2; cat "$work/$1.log" >&2; exit 1; }
    sleep 0.05
  done
}
masters_seen() { grep -c "^role MASTER" "$work/$1.log" 2>/dev/null || true; }

# rfc INTERVAL_MS PRIORITY -> "mdi skew" in ms
rfc() { awk -v i="$1" -v p="$2" 'BEGIN { s = (256 - p) * i / 256; printf "%.3f %.3f\n", 3 * i + s, s }'; }

# delta CAPTURE KIND -> ms from the old master's final advertisement (hard) or its priority 0
# (graceful) to the new master's first one after it, from tcpdump's timestamps. Anchoring on the
# old master's end ignores anything b sent before (a false takeover during a's JVM warm-up).
delta() {
  tcpdump -r "$1" -nn -tt 2>/dev/null | awk -v kind="$2" '
    { t[NR] = $1; src[NR] = $3; zero[NR] = ($0 ~ /prio 0,/) }
    END {
      for (i = 1; i <= NR; i++) if (src[i] == "10.0.0.1" && (kind == "hard" || zero[i])) start = i
      for (i = start + 1; i <= NR; i++) if (src[i] == "10.0.0.2") { printf "%.3f\n", (t[i] - t[start]) * 1000; exit }
    }'
}

stats() { # file -> "min median max"
  sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.3f %.3f %.3f\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

printf "%-9s %-9s %4s %9s %9s %9s %9s %9s %9s\n" interval case runs min median max RFC "med-RFC" "max-RFC"
for interval in 100 10; do
  before_a=$(masters_seen a)
  for node in b c a; do start_node "$node" "${interval}ms"; done
  await_master a 20 "${before_a:-0}"
  read -r mdi skew < <(rfc "$interval" "${priority[b]}")
  for kind in hard graceful; do
    : >"$work/$kind-$interval.txt"
    for ((run = 1; run <= runs; run++)); do
      ip netns exec "$lab-br" taskset -c 0 tcpdump -i br0 -nn --immediate-mode -w "$work/cap.pcap" 'ip proto 112' 2>/dev/null &
      dump=$!
      pids+=("$dump")
      sleep 0.5
      before=$(masters_seen b)
      if [[ $kind == hard ]]; then kill -9 "${pid_of[a]}"; else kill -TERM "${pid_of[a]}"; fi
      wait "${pid_of[a]}" 2>/dev/null || true
      await_master b 10 "$before"
      sleep 0.2
      kill -INT "$dump"; wait "$dump" 2>/dev/null || true
      delta "$work/cap.pcap" "$kind" >>"$work/$kind-$interval.txt"
      before_a=$(masters_seen a)
      start_node a "${interval}ms"
      await_master a 20 "$before_a"
    done
    grep "^role MASTER" "$work/b.log" | tail -n "$runs" | grep -o "master \(down after\|released its addresses\) [0-9.]* ms" \
      | grep -o "[0-9.]*" | tail -n "$runs" >"$work/seen-by-b-$kind-$interval.txt" || true
    read -r min median max < <(stats "$work/$kind-$interval.txt")
    figure=$([[ $kind == hard ]] && echo "$mdi" || echo "$skew")
    printf "%-9s %-9s %4d %9.3f %9.3f %9.3f %9.3f %+9.3f %+9.3f\n" "${interval} ms" "$kind" "$runs" \
      "$min" "$median" "$max" "$figure" "$(awk -v a="$median" -v b="$figure" 'BEGIN{print a-b}')" \
      "$(awk -v a="$max" -v b="$figure" 'BEGIN{print a-b}')"
  done
  for node in a b c; do kill -TERM "${pid_of[$node]}" 2>/dev/null || true; done
  wait "${pid_of[a]}" "${pid_of[b]}" "${pid_of[c]}" 2>/dev/null || true
done
for f in "$work"/hard-*.txt "$work"/graceful-*.txt "$work"/seen-by-b-*.txt; do echo "$(basename "$f" .txt): $(tr "\n" " " <"$f")"; done
echo "engine stalls reported by the nodes: $(cat "$work"/*.log | grep -c "engine thread woke" || true)"
echo "(milliseconds; RFC: Master_Down_Interval for hard, Skew_Time for graceful, of the priority-150 node)"
