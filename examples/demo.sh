#!/usr/bin/env bash
# The live failover demo: three nodes run the failover4j agent in network namespaces, a client
# fetches a page through their virtual address every 5 ms, the master dies, returns and preempts,
# then stops gracefully. Prints the timeline and the client's outages next to the RFC's figures.
# Needs root (it makes network namespaces); without it, runs the simulation demo instead.
#
#   sudo ./examples/demo.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if [[ $EUID -ne 0 ]]; then
  echo "The live demo makes network namespaces, which needs root: run it as sudo ./examples/demo.sh."
  echo "Running the simulation demo instead (virtual time, no network)."
  echo
  exec ./mvnw -q -Pdemo package
fi
for tool in ip java; do
  command -v "$tool" >/dev/null || { echo "the live demo needs $tool" >&2; exit 1; }
done

echo "Building the agent and the examples..."
./mvnw -q -pl agent,examples -am install -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true
./mvnw -q -pl examples dependency:build-classpath -Dmdep.outputFile=target/demo-cp.txt
cp="$PWD/examples/target/classes:$(cat examples/target/demo-cp.txt)"

lab="f4jdemo-$$"
work=$(mktemp -d)
cleanup() {
  # only what this demo started: the processes inside its own namespaces, then the namespaces
  for ns in node-a node-b node-c client; do
    for pid in $(ip netns pids "$lab-$ns" 2>/dev/null); do kill -9 "$pid" 2>/dev/null || true; done
  done
  for ns in node-a node-b node-c client br; do ip netns del "$lab-$ns" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

ip netns add "$lab-br"
ip -n "$lab-br" link add br0 type bridge forward_delay 0 mcast_snooping 0
ip -n "$lab-br" link set br0 up
host=0
for ns in node-a node-b node-c client; do
  host=$((host + 1))
  address=$([[ $ns == client ]] && echo 10.0.0.100 || echo "10.0.0.$host")
  ip netns add "$lab-$ns"
  ip link add eth0 netns "$lab-$ns" type veth peer name "p$host" netns "$lab-br"
  ip -n "$lab-br" link set "p$host" master br0 up
  ip -n "$lab-$ns" link set lo up
  ip -n "$lab-$ns" link set eth0 up
  ip -n "$lab-$ns" addr add "$address/24" dev eth0
done

echo "Lab: node-a 10.0.0.1, node-b 10.0.0.2, node-c 10.0.0.3, client 10.0.0.100, virtual address 10.0.0.200"
ip netns exec "$lab-client" java -cp "$cp" io.github.failover4j.examples.LiveDemo "$lab" \
  "$PWD/agent/target/failover4j-agent.jar" "$cp" "$work"
