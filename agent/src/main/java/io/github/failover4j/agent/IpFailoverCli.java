package io.github.failover4j.agent;

import io.github.failover4j.ConfigurationException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent run from OpenShift ipfailover's {@code OPENSHIFT_HA_*} variables instead of a file:
 * {@code --from-env}, or no argument at all when {@code OPENSHIFT_HA_VIRTUAL_IPS} is set (the
 * image's entry point takes none); {@code --print-config} prints the YAML they make and exits.
 */
final class IpFailoverCli {
  static final String FROM_ENV = "--from-env";
  static final String PRINT_CONFIG = "--print-config";

  private IpFailoverCli() {}

  /**
   * Tells whether the command line is one of this mode's.
   *
   * @param args the command line
   * @param env the environment
   * @return true for {@code --from-env}, {@code --print-config}, or nothing with ipfailover's variables set
   */
  static boolean accepts(String[] args, Map<String, String> env) {
    return args.length == 1 && (args[0].equals(FROM_ENV) || args[0].equals(PRINT_CONFIG))
        || args.length == 0 && IpFailoverEnvironment.present(env);
  }

  /**
   * Generates the configuration; prints it ({@code --print-config}) or runs it.
   *
   * @param args the command line, as {@link #accepts} took it
   * @param env the environment
   * @param network the node's network
   * @param out where the YAML goes
   * @param err where problems and warnings go
   * @return the agent's exit code
   */
  static int run(String[] args, Map<String, String> env, IpFailoverGenerator.Network network, PrintStream out,
      PrintStream err) {
    boolean print = args.length == 1 && args[0].equals(PRINT_CONFIG);
    IpFailoverEnvironment settings;
    String yaml;
    List<String> warnings = new ArrayList<>();
    try {
      settings = IpFailoverEnvironment.read(env);
      warnings.addAll(settings.warnings);
      IpFailoverGenerator.NodeFacts node = IpFailoverGenerator.node(settings, network, warnings);
      yaml = IpFailoverGenerator.yaml(settings, node);
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return Agent.INVALID_CONFIG;
    }
    if (print) {
      warnings.forEach(w -> err.println("warning: " + w));
      IpFailoverFirewall.plan(settings).ifPresent(plan -> out.println("# firewall, when running: " + plan));
      out.print(yaml);
      return Agent.OK;
    }
    Agent.configureLogging("info");
    Logger log = LoggerFactory.getLogger("ipfailover");
    warnings.forEach(log::warn);
    AgentConfig config;
    try {
      config = load(yaml);
    } catch (ConfigurationException e) {
      err.println(e.getMessage());
      return Agent.INVALID_CONFIG;
    }
    log.info("{} groups from the OPENSHIFT_HA_* variables (--print-config shows them):", config.groups().size());
    config.describe().forEach(line -> log.info("  {}", line));
    IpFailoverFirewall firewall = IpFailoverFirewall.open(settings, IpFailoverFirewall.Commands.SYSTEM, log::info);
    try {
      return Agent.serve(config.groups());
    } finally {
      firewall.close();
    }
  }

  /** Loads the YAML as a file is loaded, from a file only this user can read (it holds the password). */
  static AgentConfig load(String yaml) {
    Path file = null;
    try {
      file = Files.createTempFile("failover4j-ipfailover-", ".yaml",
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      Files.writeString(file, yaml, StandardCharsets.UTF_8);
      return AgentConfig.load(file);
    } catch (IOException e) {
      throw new ConfigurationException("OpenShift ipfailover variables", List.of("cannot write the generated"
          + " configuration to a temporary file: " + e));
    } finally {
      if (file != null) {
        try {
          Files.deleteIfExists(file);
        } catch (IOException e) {
          // a temporary file, readable by this user only
        }
      }
    }
  }
}
