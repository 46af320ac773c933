#!/usr/bin/env bash
# Measures failover4j's agent and keepalived side by side (issue 11 §1), the same lab of network
# namespaces, the same settings and the same CPU pinning for both, and prints one table:
#
#   1. SIGTERM -> priority 0: the master (a) is sent SIGTERM; from the moment of the kill (bash's
#      $EPOCHREALTIME taken right before the built-in kill: CLOCK_REALTIME, the clock of tcpdump's
#      timestamps, without the fork of `date`) to its priority-0 advertisement on the lab's bridge.
#   2. New master's first advert -> its first gratuitous ARP: from the capture, for both masters of
#      each run (b taking over from the stopping a, and a preempting back); negative if the ARP
#      comes first.
#   3. Client outage during preemption: a client namespace sends a UDP probe to the virtual IP every
#      5 ms (GapTools probe; every node runs GapTools echo, so whoever holds the address answers);
#      the longest time between two successive answers that overlaps the span from 100 ms before
#      the returning master's first advertisement to 700 ms after it.
#   4. Restart -> preempting again: a is started again (b is master); from the exec (the
#      $EPOCHREALTIME before the spawn) to a's first advertisement (priority 200) on the wire,
#      which starts the preemption. It holds the start-up and the Master_Down_Interval (321.9 ms).
#   5. 255 groups, exec -> first advert: b alone, VRIDs 1..255 on eth0, one address each
#      (10.1.0.VRID/16), priorities 150..100 (Master_Down_Interval 341.4..360.9 ms); from the exec to
#      each group's first advertisement. Reported: the last group's, and the most any group came
#      after its own Master_Down_Interval (the target: at most 300 ms).
#   6. 255 groups, resident memory: a (priority 200, master of all 255) beside b (backup of all);
#      VmRSS of each daemon's process tree after SETTLE seconds steady.
#   7. 255 groups, CPU: utime + stime of each tree (/proc/PID/stat) over the next SETTLE seconds,
#      as a share of one CPU.
#   8. Soak: a (200) and b (150), one group at 10 ms adverts, SOAK seconds beside a JVM allocating
#      1 GB/s (GapTools allocate) on both CPUs: false takeovers (b advertising while a lives: bursts
#      of b's advertisements, a new one after 100 ms without) and a's advertisement gaps > 30 ms,
#      from the capture. For keepalived, the agent, and the agent with `realtime: { priority: 50,
#      lockMemory: true }` (left out, and said so, when the agent refuses the key).
#
# Lab: bridge, nodes a 10.0.0.1 (priority 200), b .2 (150), c .3 (100), client .9; one group, VRID
# 51, VRRPv3 at 100 ms, address 10.0.0.200/24; the 255-group rows use a and b. keepalived: one
# vrrp_instance per group, state BACKUP, version 3, advert_int 0.1 (0.01), its defaults otherwise
# (gratuitous ARP: 5 at once, again after 5 s); the agent: the same as a YAML group, its defaults
# otherwise (3 gratuitous ARPs 10 ms apart), run by its launcher with no JAVA_OPTS, as shipped, and
# as its systemd unit runs it: with the class-data archive a --check-config recorded first.
# Pinning as the other scripts: b (the node taking over) on CPU 1, a, c and tcpdump on CPU 0; the
# client on CPU 1; the allocator on both. Each daemon in a session of its own. Timestamps of the
# wire come from tcpdump on the bridge (host timestamps, nanosecond precision: this kernel offers
# no adapter_unsynced for a bridge). A benchmark, not a test: run it by hand, as root.
#
#   sudo benchmarks/netns/keepalived-gap.sh [RUNS]   (default 20 runs of rows 1-4)
#   IMPLS=keepalived | failover4j     one implementation (default both)
#   ROWS="1 2 3 4 5 6 7 8"           rows 1-4 share one loop, 5-7 one phase
#   SOAK=180 SETTLE=30 SCALE_RUNS=3  seconds of row 8, seconds of rows 6-7, start-ups of row 5
#   BUILD=0                          do not build: use agent/target/failover4j-agent.jar as it is
#   NICE=-10                         this script and all it starts after the build (daemons, tcpdump,
#                                    prober, echo servers, allocator) at that niceness, for a machine
#                                    shared with other work (default 0)
set -euo pipefail
export LC_ALL=C # a decimal point in $EPOCHREALTIME and awk
runs=${1:-20}
impls=${IMPLS:-keepalived failover4j}
rows=" ${ROWS:-1 2 3 4 5 6 7 8} "
soak=${SOAK:-180}
settle=${SETTLE:-30}
scale_runs=${SCALE_RUNS:-3}
nice=${NICE:-0}
cd "$(dirname "$0")/../.."
[[ $EUID -eq 0 ]] || { echo "run as root: it creates network namespaces" >&2; exit 1; }
for tool in ip tcpdump taskset setsid java javac; do
  command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }
done
if [[ $impls == *keepalived* ]] && ! command -v keepalived >/dev/null; then
  echo "needs keepalived (apt-get install -y keepalived), or IMPLS=failover4j" >&2
  exit 1
fi
want() { [[ $rows == *" $1 "* ]]; }

if [[ ${BUILD:-1} != 0 && $impls == *failover4j* ]]; then
  # tests are not compiled: the benchmark needs none, and a test being edited must not stop it
  ./mvnw -o -q -pl agent -am package -Dmaven.test.skip=true -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
fi

# shellcheck source=../../scripts/netns-lab.sh
source scripts/netns-lab.sh
renice -n "$nice" -p $$ >/dev/null # from here on: this shell (it takes the times) and all it starts
lab="f4jg-$$"
work=$(mktemp -d)
# copies: the build may change the originals meanwhile
cp -p agent/target/failover4j-agent.jar agent/target/failover4j-agent "$work/"
export FAILOVER4J_AGENT_JAR="$work/failover4j-agent.jar"
unset JAVA_OPTS
javac -d "$work/tools" benchmarks/netns/GapTools.java
tools=(java -Xmx32m -Xss256k -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$work/tools" GapTools)
declare -A pid_of=()
cleanup() {
  # what still runs of ours: each started in a session of its own, so its group id is its PID
  for pid in "${pid_of[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || true; done
  lab_remove "$lab" a b c cl
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

lab_bridge "$lab"
lab_node "$lab" a 10.0.0.1/24 pa
lab_node "$lab" b 10.0.0.2/24 pb
lab_node "$lab" c 10.0.0.3/24 pc
lab_node "$lab" cl 10.0.0.9/24 pcl
declare -A mac=()
for node in a b c; do mac[$node]=$(lab_mac "$lab" "$node"); done
cpus=$(nproc)
other=$((cpus > 1 ? 1 : 0))
declare -A cpu=([a]=0 [b]=$other [c]=0 [cl]=$other [dump]=0 [alloc]="0-$other")

vip=10.0.0.200
# priority NODE GROUPS VRID: a 200; b 150, or 150..100 over the 255 groups; c 100
priority() {
  case $1 in
    a) echo 200 ;;
    b) if (($2 == 1)); then echo 150; else echo $((150 - ($3 - 1) % 51)); fi ;;
    c) echo 100 ;;
  esac
}
address() { if (($1 == 1)); then echo "$vip/24"; else echo "10.1.0.$2/16"; fi; } # GROUPS VRID
vrids() { if (($1 == 1)); then echo 51; else seq 1 "$1"; fi; }

agent_config() { # node groups interval_ms realtime(0|1)
  echo "control: { socket: $work/$1.sock }"
  (($4)) && echo "realtime: { priority: 50, lockMemory: true }"
  echo "groups:"
  for vrid in $(vrids "$2"); do
    echo "  - { name: g$vrid, interface: eth0, vrid: $vrid, version: 3, priority: $(priority "$1" "$2" "$vrid"),"
    echo "      advertInterval: ${3}ms, virtualIps: [\"$(address "$2" "$vrid")\"] }"
  done
}

# as the systemd unit runs the agent: with a cache directory (CacheDirectory=), where a --check-config
# (ExecStartPre=) records the application class-data archive that every start then maps
if [[ $impls == *failover4j* ]]; then
  export FAILOVER4J_CDS_DIR="$work/cds"
  mkdir "$FAILOVER4J_CDS_DIR"
  agent_config b 255 100 0 >"$work/cds.yaml"
  "$work/failover4j-agent" --check-config "$work/cds.yaml" >"$work/cds.log" 2>&1
  ls "$FAILOVER4J_CDS_DIR"/*.jsa >/dev/null || { echo "no class-data archive recorded:" >&2; cat "$work/cds.log" >&2; exit 1; }
fi

keepalived_config() { # node groups interval_ms
  echo "global_defs {"
  echo "  router_id $1"
  echo "}"
  for vrid in $(vrids "$2"); do
    cat <<EOF
vrrp_instance g$vrid {
  state BACKUP
  interface eth0
  virtual_router_id $vrid
  version 3
  priority $(priority "$1" "$2" "$vrid")
  advert_int $(awk -v i="$3" 'BEGIN { print i / 1000 }')
  virtual_ipaddress {
    $(address "$2" "$vrid") dev eth0
  }
}
EOF
  done
}

# start_node IMPL NODE GROUPS INTERVAL_MS [REALTIME]: writes the node's configuration, then takes the
# exec time (in started[NODE]) and spawns the daemon
declare -A started=()
start_node() {
  local log="$work/$1-$2.log"
  if [[ $1 == failover4j ]]; then
    agent_config "$2" "$3" "$4" "${5:-0}" >"$work/$2.yaml"
    started[$2]=$EPOCHREALTIME
    lab_spawn "$lab" "$2" "${cpu[$2]}" "$log" "$work/failover4j-agent" --config "$work/$2.yaml"
  else
    keepalived_config "$2" "$3" "$4" >"$work/$2.conf"
    started[$2]=$EPOCHREALTIME
    lab_spawn "$lab" "$2" "${cpu[$2]}" "$log" keepalived -n -l -G -P -f "$work/$2.conf" \
      -p "$work/$2-keepalived.pid" -r "$work/$2-vrrp.pid"
  fi
  pid_of[$2]=$LAB_PID
}

stop_node() { # name [signal]: the default SIGTERM: graceful, priority 0 and release; then wait
  [[ -n ${pid_of[$1]:-} ]] || return 0
  kill "-${2:-TERM}" "${pid_of[$1]}" 2>/dev/null || true
  wait "${pid_of[$1]}" 2>/dev/null || true
  unset "pid_of[$1]"
}

holders() { # node count regex other...: node holds count addresses matching regex, each other none
  local node=$1 count=$2 regex=$3 other
  shift 3
  [[ $(lab_count "$lab" "$node" "$regex") == "$count" ]] || return 1
  for other in "$@"; do [[ $(lab_count "$lab" "$other" "$regex") == 0 ]] || return 1; done
}

await_holder() { # node count regex timeout_s other...
  lab_await "$4" holders "$1" "$2" "$3" "${@:5}" && return 0
  echo "$1 did not take the addresses" >&2
  tail -n 20 "$work"/*.log >&2
  exit 1
}

capture_start() { # file filter
  : >"$work/dump.err"
  lab_spawn "$lab" br "${cpu[dump]}" "$work/dump.err" tcpdump -i br0 -nn -B 8192 --immediate-mode \
    --time-stamp-precision=nano -w "$1" "$2"
  pid_of[dump]=$LAB_PID
  lab_await 10 grep -q "listening on" "$work/dump.err" || { echo "tcpdump did not start" >&2; cat "$work/dump.err" >&2; exit 1; }
}

capture_stop() { stop_node dump INT; }

# events PCAP -> one line per packet of ours: "TIME NODE adv VRID PRIO" for a VRRP advertisement,
# "TIME NODE garp ADDRESS" for a gratuitous ARP (a request for the sender's own address, or an
# unsolicited reply); NODE by the source MAC address
events() {
  tcpdump -r "$1" -nn -tt -e --time-stamp-precision=nano 2>/dev/null | awk -v macs="a ${mac[a]} b ${mac[b]} c ${mac[c]}" '
    BEGIN { n = split(macs, m, " "); for (i = 1; i < n; i += 2) node[m[i + 1]] = m[i] }
    { who = ($2 in node) ? node[$2] : "?" }
    / VRRPv[23], Advertisement/ {
      vrid = prio = ""
      for (i = 1; i < NF; i++) { if ($i == "vrid") vrid = $(i + 1); if ($i == "prio") prio = $(i + 1) }
      sub(/,$/, "", vrid); sub(/,$/, "", prio)
      print $1, who, "adv", vrid, prio
      next
    }
    / ethertype ARP / {
      asked = told = ""
      for (i = 1; i < NF; i++) {
        if ($i == "who-has") asked = $(i + 1)
        if ($i == "tell") told = $(i + 1)
        if ($i == "Reply" && $4 == "ff:ff:ff:ff:ff:ff,") { asked = told = $(i + 1) } # unsolicited
      }
      sub(/,$/, "", told)
      if (asked != "" && asked == told) print $1, who, "garp", asked
    }'
}

ms() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f\n", (b - a) * 1000 }'; }

# ---------------------------------------------------------------------------------------------
# rows 1-4: one loop of RUNS runs; in each, a (master) is stopped by SIGTERM, b takes over, a is
# started again and preempts
latency() { # impl
  local impl=$1 run t_term t_exec
  : >"$work/$impl-runs.txt"
  start_node "$impl" c 1 100
  start_node "$impl" b 1 100
  start_node "$impl" a 1 100
  await_holder a 1 "^$vip/" 90 b c
  capture_start "$work/$impl-lat.pcap" "ip proto 112 or arp"
  for ((run = 1; run <= runs; run++)); do
    lab_nap "$(awk -v r="$RANDOM" 'BEGIN { printf "%.3f", 0.7 + 0.5 * r / 32768 }')" # any phase of the adverts
    t_term=$EPOCHREALTIME
    stop_node a
    await_holder b 1 "^$vip/" 20 a c
    lab_nap 0.5
    start_node "$impl" a 1 100
    t_exec=${started[a]}
    await_holder a 1 "^$vip/" 60 b c
    echo "$t_term $t_exec" >>"$work/$impl-runs.txt"
    printf "."
  done
  echo
  lab_nap 1 # the last run's outage window
  capture_stop
  stop_node a
  stop_node b
  stop_node c
  events "$work/$impl-lat.pcap" >"$work/$impl-lat.ev"
  for r in r1 r2 r2-takeover r2-preempt r3 r4; do : >"$work/$impl-$r.txt"; done
  while read -r t_term t_exec; do
    # r1, b's advert -> garp, a's advert -> garp, r4, a's first advert
    read -r r1 r2b r2a r4 first < <(awk -v tt="$t_term" -v te="$t_exec" '
      function d(x, y) { return (x == "" || y == "") ? "-" : sprintf("%.3f", (y - x) * 1000) }
      $1 > tt && $2 == "a" && $3 == "adv" && $5 == 0 && zero == "" { zero = $1 }
      $1 > tt && $1 < te && $2 == "b" && $3 == "adv" && badv == "" { badv = $1 }
      $1 > tt && $1 < te && $2 == "b" && $3 == "garp" && bgarp == "" { bgarp = $1 }
      $1 > te && $2 == "a" && $3 == "adv" && aadv == "" { aadv = $1 }
      $1 > te && $2 == "a" && $3 == "garp" && agarp == "" { agarp = $1 }
      END { print d(tt, zero), d(badv, bgarp), d(aadv, agarp), d(te, aadv), (aadv == "" ? "-" : aadv) }' \
      "$work/$impl-lat.ev")
    # a figure missing from the capture is left out of its row (and shows in the row's count)
    if [[ $r1 != - ]]; then echo "$r1" >>"$work/$impl-r1.txt"; fi
    if [[ $r2b != - ]]; then echo "$r2b" | tee -a "$work/$impl-r2-takeover.txt" >>"$work/$impl-r2.txt"; fi
    if [[ $r2a != - ]]; then echo "$r2a" | tee -a "$work/$impl-r2-preempt.txt" >>"$work/$impl-r2.txt"; fi
    if [[ $r4 != - ]]; then echo "$r4" >>"$work/$impl-r4.txt"; fi
    if [[ $first != - ]]; then
      # every pair of successive answers that overlaps the window, so that an outage running past
      # either end still counts whole
      awk -v f="$first" '
        last != "" && $1 >= f - 0.1 && last <= f + 0.7 && $1 - last > gap { gap = $1 - last }
        { last = $1 }
        END { printf "%.3f\n", gap * 1000 }' "$work/probe.txt" >>"$work/$impl-r3.txt"
    fi
  done <"$work/$impl-runs.txt"
  for r in 1 2 3 4; do echo "$impl row $r: $(tr "\n" " " <"$work/$impl-r$r.txt")"; done
}

# rows 5-7: 255 groups
scale() { # impl
  local impl=$1 run t0 t1 k0a k0b k1a k1b ticks
  ticks=$(getconf CLK_TCK)
  : >"$work/$impl-r5.txt"
  : >"$work/$impl-r5-over.txt"
  for ((run = 1; run <= scale_runs; run++)); do
    capture_start "$work/$impl-scale.pcap" "ip proto 112"
    start_node "$impl" b 255 100
    await_holder b 255 "^10\.1\.0\." 120
    lab_nap 0.3
    capture_stop
    events "$work/$impl-scale.pcap" | awk -v te="${started[b]}" '
      $2 == "b" && $3 == "adv" && !($4 in first) { first[$4] = $1; prio[$4] = $5 }
      END {
        for (v in first) {
          at = (first[v] - te) * 1000
          over = at - (300 + (256 - prio[v]) * 100 / 256)
          if (at > last) last = at
          if (n == 0 || at < earliest) earliest = at
          if (n++ == 0 || over > worst) worst = over
        }
        printf "%.1f %.1f %d %.1f\n", last, worst, n, earliest
      }' >"$work/$impl-r5-run.txt"
    read -r last worst groups earliest <"$work/$impl-r5-run.txt"
    echo "$impl 255 groups, start-up $run: $groups groups advertised, the first at $earliest ms, the last at $last ms;" \
      "at most $worst ms past its Master_Down_Interval"
    ((groups == 255)) || { echo "only $groups groups advertised" >&2; exit 1; }
    echo "$last" >>"$work/$impl-r5.txt"
    echo "$worst" >>"$work/$impl-r5-over.txt"
    if ((run < scale_runs)); then
      stop_node b
      await_holder b 0 "^10\.1\.0\." 30
    fi
  done
  if want 6 || want 7; then
    start_node "$impl" a 255 100
    await_holder a 255 "^10\.1\.0\." 120 b
    lab_nap "$settle"
    rss_a=$(lab_rss_kb "${pid_of[a]}")
    rss_b=$(lab_rss_kb "${pid_of[b]}")
    k0a=$(lab_cpu_ticks "${pid_of[a]}") k0b=$(lab_cpu_ticks "${pid_of[b]}") t0=$EPOCHREALTIME
    lab_nap "$settle"
    k1a=$(lab_cpu_ticks "${pid_of[a]}") k1b=$(lab_cpu_ticks "${pid_of[b]}") t1=$EPOCHREALTIME
    [[ $(lab_count "$lab" a "^10\.1\.0\.") == 255 && $(lab_count "$lab" b "^10\.1\.0\.") == 0 ]] ||
      echo "warning: the roles changed during the window" >&2
    awk -v ra="$rss_a" -v rb="$rss_b" 'BEGIN { printf "%.1f %.1f\n", rb / 1024, ra / 1024 }' >"$work/$impl-r6.txt"
    awk -v a0="$k0a" -v a1="$k1a" -v b0="$k0b" -v b1="$k1b" -v t0="$t0" -v t1="$t1" -v hz="$ticks" \
      'BEGIN { printf "%.1f %.1f\n", (b1 - b0) / hz / (t1 - t0) * 100, (a1 - a0) / hz / (t1 - t0) * 100 }' \
      >"$work/$impl-r7.txt"
    echo "$impl 255 groups: RSS backup/master $(cat "$work/$impl-r6.txt") MB" \
      "(processes: b $(lab_tree "${pid_of[b]}" | wc -l), a $(lab_tree "${pid_of[a]}" | wc -l));" \
      "CPU backup/master $(cat "$work/$impl-r7.txt") % over $(ms "$t0" "$t1") ms"
  fi
  stop_node a
  stop_node b
}

# row 8: the soak; variant failover4j-rt is the agent with the real-time option
soak_run() { # variant
  local variant=$1 impl=${1%-rt} rt=0
  [[ $variant == *-rt ]] && rt=1
  start_node "$impl" b 1 10 "$rt"
  start_node "$impl" a 1 10 "$rt"
  await_holder a 1 "^$vip/" 90 b
  lab_spawn "$lab" cl "${cpu[alloc]}" "$work/$variant-alloc.log" java -Xmx1g -cp "$work/tools" GapTools \
    allocate 1024 "$((soak + 60))"
  pid_of[alloc]=$LAB_PID
  lab_nap 3 # the allocator at full speed
  capture_start "$work/$variant-soak.pcap" "ip proto 112"
  lab_nap "$soak"
  capture_stop
  kill -0 "${pid_of[a]}" 2>/dev/null || { echo "a died during the soak" >&2; tail -n 20 "$work/$impl-a.log" >&2; exit 1; }
  stop_node alloc
  stop_node a
  stop_node b
  events "$work/$variant-soak.pcap" | awk '
    $2 == "a" && $3 == "adv" { if (la != "" && $1 - la > 0.030) gaps++; if (la != "" && $1 - la > worst) worst = $1 - la; la = $1; na++ }
    $2 == "b" && $3 == "adv" { if (lb == "" || $1 - lb > 0.100) takeovers++; lb = $1; nb++ }
    END { printf "%d %d %.1f %d %d\n", takeovers, gaps, worst * 1000, na, nb }' >"$work/$variant-r8.txt"
  read -r takeovers gaps worst na nb <"$work/$variant-r8.txt"
  echo "$variant soak ${soak}s: false takeovers $takeovers, a's advert gaps > 30 ms $gaps (longest $worst ms;" \
    "a sent $na, b $nb); allocator: $(awk '/^allocation rate/ { r[++n] = $3 }
      END { lo = hi = r[2]; for (i = 3; i <= n; i++) { if (r[i] < lo) lo = r[i]; if (r[i] > hi) hi = r[i] }
            printf "%d MB/s in the first 10 s (the 3 s warm-up in it), then %d..%d MB/s\n", r[1], lo, hi }' \
      "$work/$variant-alloc.log")"
}

# --------------------------------------------------------------------------------------------
date -u +"start %FT%TZ; load average $(cut -d' ' -f1-3 /proc/loadavg)"
agent_jar_at=$(date -u -r "$work/failover4j-agent.jar" +%FT%TZ)
echo "agent jar built $agent_jar_at; $(keepalived --version 2>&1 | head -n 1); $(java -version 2>&1 | head -n 1)"
loads=()
sample_load() { loads+=("$(cut -d' ' -f1 /proc/loadavg)"); }

if want 1 || want 2 || want 3 || want 4; then
  : >"$work/probe.txt"
  for node in a b c; do
    lab_spawn "$lab" "$node" "${cpu[$node]}" "$work/echo-$node.log" "${tools[@]}" echo 7007
    pid_of[echo-$node]=$LAB_PID
  done
  lab_spawn "$lab" cl "${cpu[cl]}" "$work/probe.log" "${tools[@]}" probe "$vip" 7007 5 "$work/probe.txt"
  pid_of[probe]=$LAB_PID
  for impl in $impls; do sample_load; latency "$impl"; sample_load; done
  for name in probe echo-a echo-b echo-c; do stop_node "$name" KILL; done
fi
if want 5 || want 6 || want 7; then
  for impl in $impls; do sample_load; scale "$impl"; sample_load; done
fi
variants=()
rt_note=""
if want 8; then
  for impl in $impls; do variants+=("$impl"); done
  if [[ $impls == *failover4j* ]]; then
    agent_config a 1 10 1 >"$work/rt-check.yaml"
    if java -jar "$work/failover4j-agent.jar" --check-config "$work/rt-check.yaml" >"$work/rt-check.log" 2>&1; then
      variants+=(failover4j-rt)
    else
      rt_note="the agent refused realtime: $(grep -m1 -i realtime "$work/rt-check.log" || head -n 2 "$work/rt-check.log")"
      echo "$rt_note" >&2
    fi
  fi
  for variant in "${variants[@]}"; do sample_load; soak_run "$variant"; sample_load; done
fi
date -u +"end %FT%TZ; load average $(cut -d' ' -f1-3 /proc/loadavg)"

# --------------------------------------------------------------------------------------------
# the table
cell3() { # file -> "min / median / max ms" or -
  [[ -s $1 ]] || { echo "-"; return; }
  read -r lo mid hi < <(lab_stats "$1" 2)
  echo "$lo / $mid / $hi ms ($(wc -l <"$1"))"
}
median() { [[ -s $1 ]] && lab_stats "$1" 3 | cut -d' ' -f2 || echo ""; }
maximum() { [[ -s $1 ]] && lab_stats "$1" 3 | cut -d' ' -f3 || echo ""; }
ratio() { [[ -n $1 && -n $2 ]] && awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0) print "-"; else printf "%.2f\n", a / b }' || echo "-"; }
yes_no() { if [[ -z $1 ]]; then echo "-"; elif awk "BEGIN { exit !($1) }"; then echo yes; else echo no; fi; }
k=keepalived f=failover4j
row_out() { echo "| $1 | $2 | $3 | $4 | $5 | $6 |"; }
echo
echo "| measure | keepalived | failover4j | ratio f4j/k | target | met? |"
echo "| --- | --- | --- | --- | --- | --- |"
absolute_row() { # row label median_at_most max_at_most (ms)
  local fm fx
  fm=$(median "$work/$f-r$1.txt") fx=$(maximum "$work/$f-r$1.txt")
  row_out "$2" "$(cell3 "$work/$k-r$1.txt")" "$(cell3 "$work/$f-r$1.txt")" "$(ratio "$fm" "$(median "$work/$k-r$1.txt")")" \
    "≤ $3 ms median, ≤ $4 ms max" "$(yes_no "${fm:+$fm <= $3 && $fx <= $4}")"
}
if want 1; then absolute_row 1 "SIGTERM → priority-0 advert (min / median / max)" 2 5; fi
if want 2; then absolute_row 2 "new master's first advert → its first gratuitous ARP" 1 3; fi
if want 3; then
  fm=$(median "$work/$f-r3.txt") fx=$(maximum "$work/$f-r3.txt")
  km=$(median "$work/$k-r3.txt") kx=$(maximum "$work/$k-r3.txt")
  row_out "client outage while a returning master preempts (longest gap, probe every 5 ms)" \
    "$(cell3 "$work/$k-r3.txt")" "$(cell3 "$work/$f-r3.txt")" "$(ratio "$fm" "$km")" "≤ keepalived (median and max)" \
    "$(yes_no "${fm:+${km:+$fm <= $km && $fx <= $kx}}")"
fi
if want 4; then
  fm=$(median "$work/$f-r4.txt") km=$(median "$work/$k-r4.txt")
  row_out "restart → preempting again (exec → first advert, start-up included)" "$(cell3 "$work/$k-r4.txt")" \
    "$(cell3 "$work/$f-r4.txt")" "$(ratio "$fm" "$km")" "≤ 1.5 × keepalived (median)" "$(yes_no "${fm:+${km:+$fm <= 1.5 * $km}}")"
fi
if want 5; then
  fm=$(median "$work/$f-r5.txt") km=$(median "$work/$k-r5.txt") fo=$(maximum "$work/$f-r5-over.txt")
  scale_cell() { [[ -s $work/$1-r5.txt ]] && echo "$(cell3 "$work/$1-r5.txt"); past MDI ≤ $(lab_stats "$work/$1-r5-over.txt" 1 | cut -d' ' -f3) ms" || echo "-"; }
  row_out "255 groups: exec → last group's first advert (MDI 341–361 ms)" "$(scale_cell "$k")" "$(scale_cell "$f")" \
    "$(ratio "$fm" "$km")" "≤ MDI + 300 ms" "$(yes_no "${fo:+$fo <= 300}")"
fi
if want 6; then
  f6=$(cat "$work/$f-r6.txt" 2>/dev/null || true) k6=$(cat "$work/$k-r6.txt" 2>/dev/null || true)
  read -r fb fa <<<"${f6:-- -}"
  read -r kb ka <<<"${k6:-- -}"
  row_out "255 groups: resident memory, backup / master" "${k6:+$kb / $ka MB}" "${f6:+$fb / $fa MB}" \
    "${f6:+${k6:+$(ratio "$fb" "$kb") / $(ratio "$fa" "$ka")}}" "≤ 48 MB" "$(yes_no "${f6:+$fb <= 48 && $fa <= 48}")"
fi
if want 7; then
  f7=$(cat "$work/$f-r7.txt" 2>/dev/null || true) k7=$(cat "$work/$k-r7.txt" 2>/dev/null || true)
  read -r fb fa <<<"${f7:-- -}"
  read -r kb ka <<<"${k7:-- -}"
  row_out "255 groups: CPU of one core, backup / master ($settle s)" "${k7:+$kb / $ka %}" "${f7:+$fb / $fa %}" \
    "${f7:+${k7:+$(ratio "$fb" "$kb") / $(ratio "$fa" "$ka")}}" "≤ keepalived in both roles" \
    "$(yes_no "${f7:+${k7:+$fb <= $kb && $fa <= $ka}}")"
fi
if want 8; then
  r8() { [[ -s $work/$1-r8.txt ]] && awk '{ printf "%d / %d (longest %s ms)", $1, $2, $3 }' "$work/$1-r8.txt" || echo "-"; }
  fcell=$(r8 failover4j)
  [[ -s $work/failover4j-rt-r8.txt ]] && fcell="$fcell; real-time: $(r8 failover4j-rt)"
  [[ -n $rt_note ]] && fcell="$fcell; real-time not measured: $rt_note"
  met=-
  [[ -s $work/failover4j-rt-r8.txt ]] && met=$(yes_no "$(awk '{ print $1 " == 0 && " $2 " == 0" }' "$work/failover4j-rt-r8.txt")")
  row_out "10 ms adverts, 2 nodes, ${soak} s beside 1 GB/s allocation: false takeovers / master gaps > 30 ms" \
    "$(r8 keepalived)" "$fcell" "-" "0 / 0 with the real-time option" "$met"
fi
echo
if want 2; then
  for impl in $impls; do
    echo "row 2, $impl: b taking over $(cell3 "$work/$impl-r2-takeover.txt"); a preempting back $(cell3 "$work/$impl-r2-preempt.txt")"
  done
fi
echo "runs: $runs (rows 1, 3, 4; row 2 counts both masters of each run); 255-group start-ups: $scale_runs;" \
  "load average (1 min) sampled around each phase: ${loads[*]}; $(nproc) CPUs; niceness $nice"
