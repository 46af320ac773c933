package io.github.failover4j.agent;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Lets VRRP (IP protocol 112) in while the agent runs from ipfailover's variables, as the image lets
 * keepalived's multicast in, and takes the rule out again at exit (the image leaves its rule; its
 * {@code remove-failover.sh} job removes it).
 *
 * <ul>
 *   <li>{@code OPENSHIFT_HA_IPTABLES_CHAIN=CHAIN} with {@code iptables} installed: if the chain
 *       exists, {@code iptables -I CHAIN 1 -p 112 -j ACCEPT} unless that rule is there already; a
 *       chain that does not exist is not created (ipfailover's documented behaviour);
 *   <li>{@code OPENSHIFT_HA_NFTABLES_RULE} set (today's image), or the chain set without
 *       {@code iptables}: a table of its own, {@code inet failover4j_ipfailover}, with a chain on the
 *       input hook (priority 0, policy accept) holding {@code meta l4proto 112 accept}; the whole
 *       table is deleted at exit. As the image's own {@code inet keepalived} table, it cannot
 *       override a drop of another table: nftables runs every base chain of a hook.
 * </ul>
 */
final class IpFailoverFirewall implements AutoCloseable {
  static final String TABLE = "failover4j_ipfailover";

  /** Runs a command: its exit code (-1 if it cannot run); what it prints goes nowhere. */
  interface Commands {
    int run(List<String> command);

    boolean installed(String program);

    /** The host's. */
    Commands SYSTEM = new Commands() {
      @Override
      public int run(List<String> command) {
        try {
          Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(
              ProcessBuilder.Redirect.DISCARD).start();
          if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return -1;
          }
          return p.exitValue();
        } catch (IOException e) {
          return -1;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return -1;
        }
      }

      @Override
      public boolean installed(String program) {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("") + ":/usr/sbin:/sbin";
        for (String dir : path.split(File.pathSeparator)) {
          if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
            return true;
          }
        }
        return false;
      }
    };
  }

  private final Commands commands;
  private final Consumer<String> log;
  private final List<List<String>> undo = new ArrayList<>();

  private IpFailoverFirewall(Commands commands, Consumer<String> log) {
    this.commands = commands;
    this.log = log;
  }

  /**
   * What {@link #open} does for these variables, in one line, for {@code --print-config}.
   *
   * @param env the variables
   * @return the plan, empty when neither variable is set
   */
  static Optional<String> plan(IpFailoverEnvironment env) {
    if (env.nftablesRule) {
      return Optional.of("nft table inet " + TABLE + " accepting VRRP (OPENSHIFT_HA_NFTABLES_RULE), deleted at exit");
    }
    return env.iptablesChain.map(chain -> "iptables -I " + chain + " 1 -p 112 -j ACCEPT if chain " + chain
        + " exists (OPENSHIFT_HA_IPTABLES_CHAIN; nft table inet " + TABLE + " without iptables), removed at exit");
  }

  /**
   * Adds the rule the variables ask for.
   *
   * @param env the variables
   * @param commands how commands run
   * @param log where each step is told
   * @return the firewall, to close at exit
   */
  static IpFailoverFirewall open(IpFailoverEnvironment env, Commands commands, Consumer<String> log) {
    IpFailoverFirewall firewall = new IpFailoverFirewall(commands, log);
    if (env.nftablesRule || env.iptablesChain.isPresent() && !commands.installed("iptables")) {
      firewall.nft();
    } else if (env.iptablesChain.isPresent()) {
      firewall.iptables(env.iptablesChain.get());
    }
    return firewall;
  }

  private void iptables(String chain) {
    if (commands.run(List.of("iptables", "-w", "-n", "-L", chain)) != 0) {
      log.accept("firewall: iptables chain " + chain + " does not exist; no rule added (as ipfailover)");
      return;
    }
    List<String> rule = List.of(chain, "-p", "112", "-j", "ACCEPT");
    if (commands.run(concat(List.of("iptables", "-w", "-C"), rule)) == 0) {
      log.accept("firewall: iptables " + chain + " accepts VRRP already; left as it is");
      return;
    }
    List<String> insert = new ArrayList<>(List.of("iptables", "-w", "-I", chain, "1"));
    insert.addAll(rule.subList(1, rule.size()));
    if (commands.run(insert) == 0) {
      undo.add(concat(List.of("iptables", "-w", "-D"), rule));
      log.accept("firewall: added iptables -I " + chain + " 1 -p 112 -j ACCEPT; removed at exit");
    } else {
      log.accept("firewall: iptables could not add the VRRP rule to " + chain + " (is the agent root, with CAP_NET_ADMIN?)");
    }
  }

  private void nft() {
    if (!commands.installed("nft")) {
      log.accept("firewall: neither iptables nor nft is installed; no rule added");
      return;
    }
    // a table left by a crashed run is replaced
    commands.run(List.of("nft", "delete", "table", "inet", TABLE));
    boolean ok = commands.run(List.of("nft", "add", "table", "inet", TABLE)) == 0
        && commands.run(List.of("nft", "add", "chain", "inet", TABLE, "input",
            "{ type filter hook input priority 0 ; policy accept ; }")) == 0
        && commands.run(List.of("nft", "add", "rule", "inet", TABLE, "input", "meta", "l4proto", "112", "accept")) == 0;
    undo.add(List.of("nft", "delete", "table", "inet", TABLE));
    log.accept(ok ? "firewall: added nft table inet " + TABLE + " accepting VRRP; deleted at exit"
        : "firewall: nft could not add table inet " + TABLE + " (is the agent root, with CAP_NET_ADMIN?)");
  }

  private static List<String> concat(List<String> a, List<String> b) {
    List<String> all = new ArrayList<>(a);
    all.addAll(b);
    return all;
  }

  /** Removes what {@link #open} added. */
  @Override
  public void close() {
    for (List<String> command : undo) {
      if (commands.run(command) != 0) {
        log.accept("firewall: could not undo: " + String.join(" ", command));
      }
    }
    undo.clear();
  }
}
