/** The failover4j agent: a daemon running failover groups from a YAML or JSON configuration file. */
package io.github.failover4j.agent;
