package io.github.failover4j;

/**
 * The process lacks a Linux capability it needs (instead of a bare {@code EPERM}). The message
 * names the capability and the ways to grant it.
 */
public class MissingCapabilityException extends FailoverException {
  private static final long serialVersionUID = 1L;

  private final String capability;

  /**
   * Creates an exception.
   *
   * @param capability e.g. {@code CAP_NET_RAW}
   * @param neededFor what it is needed for, e.g. {@code "open raw VRRP sockets"}
   */
  public MissingCapabilityException(String capability, String neededFor) {
    this(capability, neededFor, "run as root; or under systemd with AmbientCapabilities=CAP_NET_RAW CAP_NET_ADMIN"
        + " (and CapabilityBoundingSet= the same) in the service's unit; or give the java binary the file"
        + " capabilities: setcap cap_net_raw,cap_net_admin+ep \"$(readlink -f \"$(command -v java)\")\"");
  }

  /**
   * Creates an exception with its own ways to grant the capability.
   *
   * @param capability e.g. {@code CAP_SYS_NICE}
   * @param neededFor what it is needed for, e.g. {@code "run the engine thread at real-time priority 10"}
   * @param howToGrant the ways to grant it, after "Grant it: "
   */
  public MissingCapabilityException(String capability, String neededFor, String howToGrant) {
    super(capability + " is needed to " + neededFor + ", and this process does not have it. Grant it: "
        + howToGrant);
    this.capability = capability;
  }

  /**
   * Returns the missing capability.
   *
   * @return e.g. {@code CAP_NET_ADMIN}
   */
  public String capability() {
    return capability;
  }
}
