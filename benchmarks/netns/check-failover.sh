#!/usr/bin/env bash
# Measures failover on a failing health check, failover4j's agent and keepalived side by side, on a
# lab of network namespaces: two routers, a (priority 200) and b (150), VRRPv3 with 100 ms
# advertisements, each tracking a script check of its own (`test -f FILE`, interval 1 s, timeout
# 1 s, rise 1, fall 2, weight 0: FAULT while failing; keepalived's vrrp_script + track_script, and
# the agent's checks + track). For each trial the script removes a's file and polls b's addresses
# every 5 ms until b holds the address (then `ip addr` confirms it); then it puts the file back and
# waits for a to preempt. Before each failure it waits a random 0.5..1.5 s, so that the failure
# falls anywhere in the check's schedule.
#
# The poll forks nothing: a fork of `ip` takes 3 to 40 ms on a busy 2-core machine, more than the
# resolution wanted. It reads the local routes of b's namespace instead (/proc/PID/net/fib_trie of
# b's daemon, which runs in that namespace): the kernel adds an address's local route in the same
# call that adds the address, so it is there exactly when `ip addr` would show the address.
#
# Expected: a's check fails on its fall-th run after the removal: the first run comes 0..1 interval
# after it, so a goes FAULT (fall - 1) x interval .. fall x interval after it; a says priority 0 and
# b takes over after its Skew_Time ((256 - 150) / 256 x 100 ms = 41.4 ms). So the range is
# [(fall - 1) x interval + Skew_Time, fall x interval + Skew_Time] = [1041.4, 2041.4] ms, plus the
# time to add the address and the poll's resolution. The nodes run as separate processes, a on one
# CPU and b on another when there are two. A benchmark, not a test: run it by hand, as root.
#
#   sudo benchmarks/netns/check-failover.sh [TRIALS]   (default 10; IMPLS=failover4j or keepalived for one)
set -euo pipefail
trials=${1:-10}
impls=${IMPLS:-failover4j keepalived}
cd "$(dirname "$0")/../.."
[[ $EUID -eq 0 ]] || { echo "run as root: it creates network namespaces" >&2; exit 1; }
command -v ip >/dev/null || { echo "needs iproute2" >&2; exit 1; }
if [[ $impls == *keepalived* ]] && ! command -v keepalived >/dev/null; then
  echo "needs keepalived (apt-get install -y keepalived), or IMPLS=failover4j" >&2
  exit 1
fi

./mvnw -q -pl agent -am package -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true

# shellcheck source=../../scripts/netns-lab.sh
source scripts/netns-lab.sh
lab="f4jc-$$"
work=$(mktemp -d) # root's, 0700: the check files and scripts are nobody else's to change
cp agent/target/failover4j-agent.jar "$work/" # a copy: the build may change the original meanwhile
declare -A pid_of=()
cleanup() {
  # what still runs of ours: each started in a session of its own, so its group id is its PID
  for pid in "${pid_of[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  lab_remove "$lab" a b
  rm -rf "$work"
}
trap cleanup EXIT

lab_bridge "$lab"
lab_node "$lab" a 10.0.0.1/24 pa
lab_node "$lab" b 10.0.0.2/24 pb

vip=10.0.0.200
interval_ms=1000 fall=2 rise=1 advert_ms=100
declare -A priority=([a]=200 [b]=150)
cpus=$(nproc)
declare -A cpu=([a]=0 [b]=$((cpus > 1 ? 1 : 0)))
exec {nap}<> <(:) # read -t on a pipe nobody writes to: a sleep without a fork

agent_config() { # node
  cat <<EOF
checks:
  ok: { script: "test -f $work/$1-ok", interval: ${interval_ms}ms, timeout: 1s, rise: $rise, fall: $fall }
groups:
  - name: web
    interface: eth0
    vrid: 51
    version: 3
    priority: ${priority[$1]}
    advertInterval: ${advert_ms}ms
    virtualIps: ["$vip/24"]
    track:
      checks: [ok]
EOF
}

keepalived_config() { # node
  cat <<EOF
global_defs {
  router_id $1
  script_user root
  enable_script_security
}
vrrp_script chk_ok {
  script "/usr/bin/test -f $work/$1-ok"
  interval $((interval_ms / 1000))
  timeout 1
  rise $rise
  fall $fall
}
vrrp_instance VI {
  state BACKUP
  interface eth0
  virtual_router_id 51
  version 3
  priority ${priority[$1]}
  advert_int $(awk -v i="$advert_ms" 'BEGIN { print i / 1000 }')
  track_script {
    chk_ok
  }
  virtual_ipaddress {
    $vip/24 dev eth0
  }
}
EOF
}

start_node() { # impl node: in the node's namespace, on its CPU; ip netns exec, taskset and setsid exec in place
  local log="$work/$1-$2.log"
  if [[ $1 == failover4j ]]; then
    agent_config "$2" >"$work/$2.yaml"
    ip netns exec "$lab-$2" taskset -c "${cpu[$2]}" setsid java -jar "$work/failover4j-agent.jar" \
      --config "$work/$2.yaml" >>"$log" 2>&1 &
  else
    keepalived_config "$2" >"$work/$2.conf"
    ip netns exec "$lab-$2" taskset -c "${cpu[$2]}" setsid keepalived -n -l -G -P -f "$work/$2.conf" \
      -p "$work/$2-keepalived.pid" -r "$work/$2-vrrp.pid" >>"$log" 2>&1 &
  fi
  pid_of[$2]=$!
}

stop_node() { # node: SIGTERM (graceful: priority 0, release), then wait
  kill -TERM "${pid_of[$1]}" 2>/dev/null || true
  wait "${pid_of[$1]}" 2>/dev/null || true
  unset "pid_of[$1]"
}

holds() { [[ $(ip -n "$lab-$1" -o -4 addr show dev eth0) == *" $vip/"* ]]; }

local_route="-- ${vip//./\\.}[[:space:]]+/32 host LOCAL"
holds_now() { # trie: the address is a local one of the namespace, read without a fork
  local routes=
  read -r -d '' routes <"$1" || true
  [[ $routes =~ $local_route ]]
}

await_holder() { # node other timeout_s: node holds the address, the other does not
  local deadline=$((SECONDS + $3))
  until holds "$1" && ! holds "$2"; do
    ((SECONDS < deadline)) || { echo "$1 did not take the address" >&2; tail -n 30 "$work"/*.log >&2; exit 1; }
    read -t 0.05 -u "$nap" || true
  done
}

stats() { # file -> "min median max"
  sort -n "$1" | awk '{ v[NR] = $1 } END { printf "%.1f %.1f %.1f\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

read -r skew lo hi < <(awk -v i="$interval_ms" -v f="$fall" -v a="$advert_ms" -v p="${priority[b]}" \
  'BEGIN { s = (256 - p) * a / 256; printf "%.1f %.1f %.1f\n", s, (f - 1) * i + s, f * i + s }')

# breakdown DUMP TIMES -> per trial "detection handover" in ms: from the removal to a's priority 0 on the
# wire (a's check's fall), and from that to the address on b (b's Skew_Time and its address change),
# by tcpdump's timestamps (the same wall clock as $EPOCHREALTIME)
breakdown() {
  tcpdump -r "$1" -nn -tt 2>/dev/null | awk '$3 == "10.0.0.1" && / prio 0,/ { print $1 }' >"$1.zero"
  while read -r start end; do
    awk -v s="$start" -v e="$end" '$1 >= s && $1 <= e { printf "%.1f %.1f\n", ($1 - s) * 1000, (e - $1) * 1000; found = 1; exit }
      END { if (!found) print "- -" }' "$1.zero"
  done <"$2"
}

for impl in $impls; do
  : >"$work/$impl.txt"
  : >"$work/$impl-polls.txt"
  : >"$work/$impl-times.txt"
  touch "$work/a-ok" "$work/b-ok"
  start_node "$impl" b
  start_node "$impl" a
  await_holder a b 60
  if command -v tcpdump >/dev/null; then
    ip netns exec "$lab-br" setsid tcpdump -i br0 -nn --immediate-mode -w "$work/$impl.pcap" 'ip proto 112' \
      2>/dev/null &
    pid_of[dump]=$!
    read -t 0.5 -u "$nap" || true
  fi
  for ((trial = 1; trial <= trials; trial++)); do
    read -t "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.5 + r / 32768 }')" -u "$nap" || true
    holds a && ! holds b || { echo "trial $trial: a is not the only holder" >&2; exit 1; }
    trie="/proc/${pid_of[b]}/net/fib_trie"
    ! holds_now "$trie" || { echo "trial $trial: the address is already local on b" >&2; exit 1; }
    start=$EPOCHREALTIME
    rm -f "$work/a-ok"
    polls=0
    deadline=$((SECONDS + 10))
    until holds_now "$trie"; do
      ((SECONDS < deadline)) || { echo "b did not take over" >&2; tail -n 30 "$work"/*.log >&2; exit 1; }
      read -t 0.005 -u "$nap" || true
      polls=$((polls + 1))
    done
    end=$EPOCHREALTIME
    holds b || { echo "trial $trial: ip addr does not show the address on b" >&2; exit 1; }
    echo "$start $end" >>"$work/$impl-times.txt"
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.1f\n", (e - s) * 1000 }' >>"$work/$impl.txt"
    awk -v s="$start" -v e="$end" -v n="$polls" 'BEGIN { if (n > 0) printf "%.2f\n", (e - s) * 1000 / n }' \
      >>"$work/$impl-polls.txt"
    touch "$work/a-ok"
    await_holder a b 20 # a's check passes (rise 1), a recovers and preempts b
  done
  stop_node a
  stop_node b
  if [[ -n ${pid_of[dump]:-} ]]; then
    stop_node dump
    breakdown "$work/$impl.pcap" "$work/$impl-times.txt" >"$work/$impl-split.txt"
    cut -d' ' -f1 "$work/$impl-split.txt" | grep -v -- - >"$work/$impl-detection.txt" || true
    cut -d' ' -f2 "$work/$impl-split.txt" | grep -v -- - >"$work/$impl-handover.txt" || true
  fi
  echo "$impl: $(tr "\n" " " <"$work/$impl.txt")"
done

# row NAME FILE EXPECTED_LO EXPECTED_HI: min, median, max, the expected range and how many fell in it
# (for a single expected figure, LO = HI: the figure alone)
row() {
  [[ -s $2 ]] || { printf "%-24s (no data)\n" "$1"; return; }
  read -r min median max < <(stats "$2")
  if [[ $3 == "$4" ]]; then
    printf "%-24s %6d %9.1f %9.1f %9.1f %20.1f %4s\n" "$1" "$(wc -l <"$2")" "$min" "$median" "$max" "$3" -
    return
  fi
  inside=$(awk -v lo="$3" -v hi="$4" '$1 >= lo && $1 <= hi { n++ } END { print n + 0 }' "$2")
  printf "%-24s %6d %9.1f %9.1f %9.1f %9.1f..%-9.1f %4d\n" "$1" "$(wc -l <"$2")" "$min" "$median" "$max" "$3" "$4" \
    "$inside"
}

echo
printf "%-24s %6s %9s %9s %9s %20s %4s\n" "" trials min median max "expected range" "in"
for impl in $impls; do
  row "$impl" "$work/$impl.txt" "$lo" "$hi"
done
if [[ $impls == *failover4j* && $impls == *keepalived* ]]; then
  read -r fmin fmed fmax < <(stats "$work/failover4j.txt")
  read -r kmin kmed kmax < <(stats "$work/keepalived.txt")
  awk -v a="$fmin" -v b="$kmin" -v c="$fmed" -v d="$kmed" -v e="$fmax" -v f="$kmax" \
    'BEGIN { printf "%-24s %6s %9.3f %9.3f %9.3f\n", "ratio f4j/keepalived", "", a / b, c / d, e / f }'
fi
for impl in $impls; do
  [[ -f $work/$impl-split.txt ]] || continue
  row "$impl detection" "$work/$impl-detection.txt" "$(((fall - 1) * interval_ms))" "$((fall * interval_ms))"
  row "$impl handover" "$work/$impl-handover.txt" "$skew" "$skew"
done
if [[ -s $work/failover4j-handover.txt && -s $work/keepalived-handover.txt ]]; then
  read -r fmin fmed fmax < <(stats "$work/failover4j-handover.txt")
  read -r kmin kmed kmax < <(stats "$work/keepalived-handover.txt")
  awk -v a="$fmin" -v b="$kmin" -v c="$fmed" -v d="$kmed" -v e="$fmax" -v f="$kmax" \
    'BEGIN { printf "%-24s %6s %9.3f %9.3f %9.3f\n", "ratio of the handovers", "", a / b, c / d, e / f }'
fi
for impl in $impls; do
  echo "$impl: mean time between two looks at b's addresses: $(awk '{ s += $1 } END { printf "%.1f", s / NR }' \
    "$work/$impl-polls.txt") ms"
done
echo "(milliseconds from the removal of a's check file to the address on b; expected"
echo " [(fall-1) x interval + Skew_Time, fall x interval + Skew_Time]: interval $interval_ms ms, fall $fall, Skew_Time"
echo " $skew ms of priority ${priority[b]} at $advert_ms ms. detection: from the removal to a's priority 0 on the"
echo " wire; handover: from that to the address on b, whose figure is b's Skew_Time)"
