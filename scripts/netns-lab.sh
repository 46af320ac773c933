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
