package io.github.failover4j;

import java.util.Optional;

/**
 * A snapshot of a group.
 *
 * @param name the group's name
 * @param interfaceName the interface it runs on
 * @param vrid its virtual router identifier
 * @param role its role now
 * @param priority the priority it advertises
 * @param master the master it follows, or itself; empty when none is known
 * @param counters what it has done and seen
 */
public record GroupStatus(String name, String interfaceName, int vrid, Role role, int priority,
    Optional<MasterStatus> master, GroupCounters counters) {}
