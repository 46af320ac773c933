package io.github.failover4j.testkit;

import io.github.failover4j.testkit.SimulationEvent.Kind;
import io.github.failover4j.vrrp.DecodeOptions;
import io.github.failover4j.vrrp.VrrpAction;
import io.github.failover4j.vrrp.VrrpCodec;
import io.github.failover4j.vrrp.VrrpConfig;
import io.github.failover4j.vrrp.VrrpDecodeException;
import io.github.failover4j.vrrp.VrrpPacket;
import io.github.failover4j.vrrp.VrrpState;
import io.github.failover4j.vrrp.VrrpStateMachine;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Optional;

/**
 * A real {@link VrrpStateMachine} on the simulated network: it performs the machine's actions (its
 * advertisements travel encoded, and are decoded and validated on receipt) and wakes it at its
 * deadlines in virtual time. "Holding the addresses" stands for whatever the claim would do.
 */
public final class SimulatedRouter {
  private final String name;
  private final InetAddress address;
  private final VrrpConfig config;
  private final VrrpSimulation simulation;
  private final DecodeOptions decodeOptions;
  private final byte[][] packets = new byte[VrrpConfig.OWNER_PRIORITY + 1][];
  private VrrpStateMachine machine;
  private boolean running;
  private boolean linkUp = true;
  private boolean holdsAddresses;
  private long timerGeneration;
  private long dropped;
  private long lastSentNanos = -1;

  SimulatedRouter(String name, InetAddress address, VrrpConfig config, VrrpSimulation simulation) {
    this.name = name;
    this.address = address;
    this.config = config;
    this.simulation = simulation;
    this.decodeOptions = config.decodeOptions();
    this.machine = new VrrpStateMachine(config, address);
  }

  /**
   * Returns the router's name.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the router's primary address.
   *
   * @return the address it sends from
   */
  public InetAddress address() {
    return address;
  }

  /**
   * Returns the router's configuration.
   *
   * @return the configuration
   */
  public VrrpConfig config() {
    return config;
  }

  /**
   * Returns the state machine of the current run, for its timers and what it knows of the master.
   *
   * @return the machine
   */
  public VrrpStateMachine machine() {
    return machine;
  }

  /**
   * Returns the state: INITIALIZE when not running.
   *
   * @return the state
   */
  public VrrpState state() {
    return running ? machine.state() : VrrpState.INITIALIZE;
  }

  /**
   * Tells whether the router runs (started, neither crashed nor shut down).
   *
   * @return true if running
   */
  public boolean isRunning() {
    return running;
  }

  /**
   * Tells whether the router holds the virtual addresses.
   *
   * @return true between a claim and a release
   */
  public boolean holdsAddresses() {
    return holdsAddresses;
  }

  /**
   * Returns how many received packets failed validation.
   *
   * @return the count
   */
  public long dropped() {
    return dropped;
  }

  /**
   * Returns when the router last sent an advertisement.
   *
   * @return the virtual time, or -1 if never
   */
  public long lastSentNanos() {
    return lastSentNanos;
  }

  /** Starts a fresh state machine, as a restarted process would. */
  public void start() {
    if (running) {
      throw new IllegalStateException(name + ": already running");
    }
    machine = new VrrpStateMachine(config, address);
    running = true;
    simulation.record(name, Kind.STARTED, Optional.empty());
    perform(linkUp ? machine.start(simulation.now()) : machine.onFault(simulation.now()));
  }

  /** Stops dead, as a killed host: no priority 0, no release on the wire, nothing more heard. */
  public void crash() {
    requireRunning();
    running = false;
    holdsAddresses = false;
    timerGeneration++;
    simulation.record(name, Kind.CRASHED, Optional.empty());
  }

  /** Shuts down gracefully: a MASTER sends priority 0 before it releases. */
  public void shutdown() {
    requireRunning();
    simulation.record(name, Kind.SHUT_DOWN, Optional.empty());
    perform(machine.shutdown(simulation.now()));
    running = false;
  }

  /** Takes the router's link down: it neither sends nor receives, and its machine enters FAULT. */
  public void linkDown() {
    linkUp = false;
    simulation.record(name, Kind.LINK_DOWN, Optional.empty());
    if (running) {
      perform(machine.onFault(simulation.now()));
    }
  }

  /** Brings the router's link back: its machine leaves FAULT. */
  public void linkUp() {
    linkUp = true;
    simulation.record(name, Kind.LINK_UP, Optional.empty());
    if (running) {
      perform(machine.onRecovered(simulation.now()));
    }
  }

  void receive(byte[] packet) {
    if (!running || !linkUp) {
      return;
    }
    VrrpPacket decoded;
    try {
      decoded = VrrpCodec.decode(ByteBuffer.wrap(packet), decodeOptions);
    } catch (VrrpDecodeException e) {
      dropped++;
      return;
    }
    if (decoded.advertisement().vrid() == config.vrid()) {
      perform(machine.onAdvertisement(simulation.now(), decoded.source(), decoded.advertisement()));
    }
  }

  private void perform(List<VrrpAction> actions) {
    for (VrrpAction action : actions) {
      if (action instanceof VrrpAction.SendAdvertisement send) {
        if (linkUp) {
          lastSentNanos = simulation.now();
          simulation.network().send(this, config.family().vrrpGroup(), packet(send.priority()));
        }
      } else if (action instanceof VrrpAction.ClaimAddresses) {
        holdsAddresses = true;
        simulation.record(name, Kind.CLAIMED, Optional.empty());
      } else if (action instanceof VrrpAction.ReleaseAddresses) {
        holdsAddresses = false;
        simulation.record(name, Kind.RELEASED, Optional.empty());
      } else if (action instanceof VrrpAction.Transition transition) {
        simulation.record(name, Kind.TRANSITION, Optional.of(transition));
      }
      // Reannounce: the simulated network has no ARP caches to refresh
    }
    armTimer();
  }

  /** One pending timer per router: a newer one supersedes the older, which then does nothing. */
  private void armTimer() {
    long generation = ++timerGeneration;
    long deadline = machine.nextDeadlineNanos();
    if (deadline != VrrpStateMachine.NO_DEADLINE) {
      simulation.scheduler().at(Math.max(deadline, simulation.now()), () -> {
        if (generation == timerGeneration && running) {
          perform(machine.onTimer(simulation.now()));
        }
      });
    }
  }

  private byte[] packet(int priority) {
    if (packets[priority] == null) {
      packets[priority] = VrrpCodec.encodePacket(config.advertisement(priority), address,
          config.family().vrrpGroup(), config.checksum(), 255);
    }
    return packets[priority];
  }

  private void requireRunning() {
    if (!running) {
      throw new IllegalStateException(name + ": not running");
    }
  }

  @Override
  public String toString() {
    return name + "(" + address.getHostAddress() + ", priority " + config.priority() + ", " + state() + ")";
  }
}
