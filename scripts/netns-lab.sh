# A throwaway lab of network namespaces on one bridge, for examples/demo.sh and
# benchmarks/netns/failover-timing.sh (source it; it needs root). Every name starts with a prefix
# of the caller's, so that lab_remove takes away exactly what lab_bridge and lab_node made.

# lab_bridge PREFIX: namespace PREFIX-br holding bridge br0 (no forwarding delay, no multicast
# snooping: VRRP's groups must reach every port)
lab_bridge() {
  ip netns add "$1-br"
  ip -n "$1-br" link add br0 type bridge forward_delay 0 mcast_snooping 0
  ip -n "$1-br" link set br0 up
}

# lab_node PREFIX NAME CIDR PORT: namespace PREFIX-NAME, its eth0 on the bridge as port PORT, up,
# with address CIDR
lab_node() {
  ip netns add "$1-$2"
  ip link add eth0 netns "$1-$2" type veth peer name "$4" netns "$1-br"
  ip -n "$1-br" link set "$4" master br0 up
  ip -n "$1-$2" link set lo up
  ip -n "$1-$2" link set eth0 up
  ip -n "$1-$2" addr add "$3" dev eth0
}

# lab_remove PREFIX NAME...: kills what runs inside the lab's namespaces (all started by the
# caller), then deletes them and the bridge's
lab_remove() {
  local prefix=$1 name pid
  shift
  for name in "$@"; do
    for pid in $(ip netns pids "$prefix-$name" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
    ip netns del "$prefix-$name" 2>/dev/null || true
  done
  ip netns del "$prefix-br" 2>/dev/null || true
}

# The helpers below came with benchmarks/netns/keepalived-gap.sh, for any script that runs daemons in
# the lab and reads what they cost.

# lab_mac PREFIX NAME: the MAC address of the node's eth0
lab_mac() {
  local word found=
  for word in $(ip -n "$1-$2" -o link show dev eth0); do
    [[ -n $found ]] && { echo "$word"; return; }
    [[ $word == link/ether ]] && found=1
  done
}

# lab_spawn PREFIX NAME CPUS LOG COMMAND...: runs COMMAND in the node's namespace, on CPUS
# (taskset's list), in a session of its own (its process group id is its PID, for a kill of the
# group), with stdout and stderr appended to LOG, in the background; its PID in LAB_PID. ip netns
# exec, taskset and setsid exec in place (a background job of a shell without job control is no
# group leader, so setsid does not fork): LAB_PID is the command's own PID.
lab_spawn() {
  local ns="$1-$2" cpus=$3 log=$4
  shift 4
  ip netns exec "$ns" taskset -c "$cpus" setsid "$@" >>"$log" 2>&1 &
  LAB_PID=$!
}

# lab_nap SECONDS: sleep without a fork (read -t on a pipe nobody writes to)
lab_nap() {
  [[ -n ${LAB_NAP_FD:-} ]] || exec {LAB_NAP_FD}<> <(:)
  read -r -t "$1" -u "$LAB_NAP_FD" || true
}

# lab_count PREFIX NAME REGEX: how many IPv4 addresses of the node's eth0 match REGEX
# (matched against ADDRESS/PREFIX)
lab_count() {
  local word n=0
  for word in $(ip -n "$1-$2" -o -4 addr show dev eth0); do
    [[ $word =~ ^[0-9.]+/[0-9]+$ && $word =~ $3 ]] && n=$((n + 1))
  done
  echo "$n"
}

# lab_stats FILE [DECIMALS]: "min median max" of the numbers in FILE, one a line (the median of an
# even count is the lower middle one)
lab_stats() {
  sort -g "$1" | awk -v d="${2:-1}" '{ v[NR] = $1 }
    END { if (NR == 0) { print "- - -"; exit } f = "%." d "f"; printf f " " f " " f "\n", v[1], v[int((NR + 1) / 2)], v[NR] }'
}

# lab_tree PID: PID and its descendants, one a line (a daemon that forks, like keepalived, is its tree)
lab_tree() {
  local child
  [[ -d /proc/$1 ]] || return 0
  echo "$1"
  for child in $(cat /proc/"$1"/task/*/children 2>/dev/null); do lab_tree "$child"; done
}

# lab_rss_kb PID: the resident memory (VmRSS) of PID's tree in kB (pages shared by a fork count
# once in each process)
lab_rss_kb() {
  local pid total=0 key value unit
  for pid in $(lab_tree "$1"); do
    while read -r key value unit; do
      [[ $key == VmRSS: ]] && total=$((total + value))
    done 2>/dev/null <"/proc/$pid/status" || true
  done
  echo "$total"
}

# lab_cpu_ticks PID: the CPU time of PID's tree so far (utime + stime of each live process, and what
# it has reaped of its children), in clock ticks (getconf CLK_TCK a second)
lab_cpu_ticks() {
  local pid stat total=0
  for pid in $(lab_tree "$1"); do
    read -r stat 2>/dev/null <"/proc/$pid/stat" || continue
    stat=${stat##*) } # after the command name, which may hold spaces; the fields from the 3rd on
    read -r -a stat <<<"$stat"
    total=$((total + stat[11] + stat[12] + stat[13] + stat[14]))
  done
  echo "$total"
}

# lab_await TIMEOUT_S COMMAND...: runs COMMAND every 20 ms until it succeeds; false if it has not
# after TIMEOUT_S seconds
lab_await() {
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    ((SECONDS < deadline)) || return 1
    lab_nap 0.02
  done
}
