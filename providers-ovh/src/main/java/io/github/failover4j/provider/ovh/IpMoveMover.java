package io.github.failover4j.provider.ovh;

import io.github.failover4j.spi.Holder;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.IpMoverException;
import io.github.failover4j.spi.MoverCall;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves an OVH additional IP to this service (a dedicated server, or any service {@code /ip/{ip}/move}
 * accepts) as Ansible's {@code ovh_ip_failover} does: reads where the IP is routed, leaves it alone
 * when here already, refuses to start a move while another one is pending (OVH has no
 * compare-and-swap; its task list is the only guard), moves it, and follows the move's task until
 * it is done. A release parks the IP, only if it is still here.
 */
final class IpMoveMover implements IpMover {
  private static final Logger LOG = LoggerFactory.getLogger(IpMoveMover.class);
  private static final String MOVE = "genericMoveFloatingIp";
  /** The statuses of a task not finished yet; Ansible checks only todo, the API knows two more. */
  private static final List<String> PENDING = List.of("init", "todo", "doing");

  private final OvhApi api;
  private final String service;
  private final IpBlock block;
  private final Duration pollInterval;
  private final String group;

  /**
   * Creates the mover.
   *
   * @param api OVH's API
   * @param service this server's service name, where the IP is moved
   * @param block the IP block
   * @param pollInterval the wait between two reads of a task
   * @param group the group's name, for logs
   */
  IpMoveMover(OvhApi api, String service, IpBlock block, Duration pollInterval, String group) {
    this.api = api;
    this.service = service;
    this.block = block;
    this.pollInterval = pollInterval;
    this.group = group;
  }

  @Override
  public Holder observe(MoverCall call) throws IpMoverException {
    Optional<String> routed = api.routedTo(call, block);
    if (routed.isEmpty()) {
      return Holder.nobody();
    }
    return routed.get().equals(service) ? Holder.self() : Holder.other("service " + routed.get());
  }

  @Override
  public void claim(MoverCall call, Holder current) throws IpMoverException {
    Optional<String> before = api.routedTo(call, block);
    if (before.equals(Optional.of(service))) {
      LOG.debug("[{}] IP {} is routed to service {} already", group, block, service);
      return;
    }
    String what = "move IP " + block + " to service " + service;
    boolean endedMeanwhile = false;
    for (String status : PENDING) {
      for (long taskId : api.tasks(call, block, MOVE, status)) {
        IpTask task = api.task(call, block, taskId);
        if (!PENDING.contains(task.status())) {
          endedMeanwhile = true; // since it was listed
          continue;
        }
        if (task.destination().equals(Optional.of(service))) {
          // ours, started by an attempt whose answer was lost: follow it instead of moving twice
          await(call, task, what);
          LOG.info("[{}] moved IP {} to service {} ({} was already under way)", group, block, service, task.describe());
          return;
        }
        throw new IpMoverException(what + ": another move is in progress, " + task.describe());
      }
    }
    if (endedMeanwhile && api.routedTo(call, block).equals(Optional.of(service))) {
      LOG.info("[{}] IP {} is routed to service {} now, by a move that ended meanwhile", group, block, service);
      return;
    }
    IpTask task = api.move(call, block, service);
    await(call, task, what);
    LOG.info("[{}] moved IP {} to service {} (was on {}, task {})", group, block, service,
        before.map(s -> "service " + s).orElse("no service"), task.taskId());
  }

  /** Parks the IP if it is still routed here; leaves it alone otherwise. */
  @Override
  public void release(MoverCall call) throws IpMoverException {
    Optional<String> routed = api.routedTo(call, block);
    if (!routed.equals(Optional.of(service))) {
      LOG.info("[{}] IP {} is routed to {}, not here: nothing to release", group, block,
          routed.map(s -> "service " + s).orElse("no service"));
      return;
    }
    IpTask task = api.park(call, block);
    await(call, task, "park IP " + block);
    LOG.info("[{}] parked IP {} (task {})", group, block, task.taskId());
  }

  /**
   * Follows a task until it is done, reading it every poll interval.
   *
   * @throws IpMoverException with the task's comment if it ended otherwise: PERMANENT for a
   *     {@code customerError} (the request cannot be carried out, e.g. a destination in another
   *     region), RETRYABLE for {@code cancelled} and {@code ovhError}
   */
  private void await(MoverCall call, IpTask started, String what) throws IpMoverException {
    IpTask task = started;
    while (!task.status().equals("done")) {
      switch (task.status()) {
        case "customerError" -> throw IpMoverException.permanent(failed(what, task));
        case "cancelled", "ovhError" -> throw new IpMoverException(failed(what, task));
        default -> {
          call.pause(pollInterval);
          task = api.task(call, block, task.taskId());
        }
      }
    }
  }

  private static String failed(String what, IpTask task) {
    return what + ": " + task.describe() + " ended" + task.comment().map(c -> ": " + shorten(c)).orElse("");
  }

  private static String shorten(String comment) {
    return comment.length() > 200 ? comment.substring(0, 200) + "…" : comment;
  }

  @Override
  public void close() {
    api.close();
  }

  @Override
  public String toString() {
    return "ovh ip-move mover of " + block + " to service " + service;
  }
}
