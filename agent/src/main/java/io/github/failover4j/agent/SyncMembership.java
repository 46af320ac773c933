package io.github.failover4j.agent;

import io.github.failover4j.SyncGroup;
import io.github.failover4j.notify.SyncGroupNotifier;
import java.util.Optional;

/**
 * A group's sync group, shared with the other members, and the sync group's own notify scripts.
 *
 * @param group the sync group
 * @param notifier what runs its scripts, to be told of every member's changes
 */
record SyncMembership(SyncGroup group, Optional<SyncGroupNotifier> notifier) {}
