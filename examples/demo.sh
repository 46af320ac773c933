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

# shellcheck source=../scripts/netns-lab.sh
source scripts/netns-lab.sh
lab="f4jdemo-$$"
work=$(mktemp -d)
trap 'lab_remove "$lab" node-a node-b node-c client; rm -rf "$work"' EXIT
lab_bridge "$lab"
lab_node "$lab" node-a 10.0.0.1/24 p1
lab_node "$lab" node-b 10.0.0.2/24 p2
lab_node "$lab" node-c 10.0.0.3/24 p3
lab_node "$lab" client 10.0.0.100/24 p4

echo "Lab: node-a 10.0.0.1, node-b 10.0.0.2, node-c 10.0.0.3, client 10.0.0.100, virtual address 10.0.0.200"
ip netns exec "$lab-client" java -cp "$cp" io.github.failover4j.examples.LiveDemo "$lab" \
  "$PWD/agent/target/failover4j-agent.jar" "$cp" "$work"
