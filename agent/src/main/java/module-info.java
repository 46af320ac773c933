/** The failover4j agent: failover groups from a configuration file, run as a daemon. */
module io.github.failover4j.agent {
  requires transitive io.github.failover4j;
  requires com.fasterxml.jackson.databind;
  requires com.fasterxml.jackson.dataformat.yaml;
  requires org.slf4j;
  requires micrometer.core; // the opt-in Prometheus endpoint: the groups' and the JVM's meters
  requires micrometer.registry.prometheus;
  requires jdk.httpserver; // that endpoint's HTTP server
  requires jdk.net; // SO_PEERCRED: who is at the control socket's other end
  requires jdk.unsupported; // sun.misc.Signal: TERM, INT and USR1 handled by the agent itself

  exports io.github.failover4j.agent;
}
