package io.github.failover4j.provider.openstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.failover4j.provider.support.testing.TestClock;
import io.github.failover4j.spi.IpMover;
import io.github.failover4j.spi.MoverConfig;
import io.github.failover4j.testkit.TestMoverContext;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import mockwebserver3.MockWebServer;

/**
 * A small OpenStack cloud on loopback — Keystone, Neutron and the metadata service of this node's
 * instance — and the provider pointed at it: credentials from {@code OS_*} variables as an openrc
 * file sets them (in a map, never the real environment), clouds.yaml searched in a temporary folder
 * only, the tests' clocks, and the interface MAC of this node's port. Closing it checks that no
 * exchange violated the OpenAPI descriptions or the fakes' own checks.
 *
 * <p>The world: two instances on network {@link #NETWORK}, this node's with port {@link #SELF_PORT}
 * (10.0.0.11) and the other's with {@link #OTHER_PORT} (10.0.0.12), and floating IP {@link #FIP}
 * (203.0.113.7), not associated.
 */
final class OpenStackHarness implements AutoCloseable {
  static final String NETWORK = "6c8a4a8e-3b0f-4f1a-9d2e-5b7c9a1d3e5f";
  static final String INSTANCE = "8d2f0e2a-61b3-4c1e-a7a5-0f3e1d2c4b6a";
  static final String OTHER_INSTANCE = "1e7b9c3d-5f2a-4e8b-b6c4-2d9f0a1b3c5e";
  static final String SELF_PORT = "5f1c2b9e-0d4a-4e8f-9c3b-7a6d5e4f3a21";
  static final String OTHER_PORT = "c3d4e5f6-a7b8-4c9d-8e0f-1a2b3c4d5e6f";
  static final String SELF_MAC = "fa:16:3e:3e:23:46";
  static final String OTHER_MAC = "fa:16:3e:8f:c6:ed";
  static final String FIP = "2f245a7b-796b-4f26-9cf9-9e82d248fda7";
  static final String FIP_ADDRESS = "203.0.113.7";
  static final String VIP = "10.0.0.200";

  final TestClock clock;
  final FakeKeystone keystone;
  final FakeNeutron neutron;
  final FakeMetadata metadata = new FakeMetadata(INSTANCE);
  final Map<String, String> environment = new HashMap<>();
  final Path folder;
  private final MockWebServer identityServer = new MockWebServer();
  private final MockWebServer networkServer = new MockWebServer();
  private final MockWebServer metadataServer = new MockWebServer();
  private volatile Optional<String> interfaceMac = Optional.of(SELF_MAC);

  OpenStackHarness() {
    this(new TestClock());
  }

  /**
   * A cloud whose Keystone dates its tokens by a clock.
   *
   * @param clock the clock
   */
  OpenStackHarness(TestClock clock) {
    this.clock = clock;
    this.keystone = new FakeKeystone(clock::instant);
    this.neutron = new FakeNeutron(keystone);
    Specs.load();
    identityServer.setDispatcher(keystone);
    networkServer.setDispatcher(neutron);
    metadataServer.setDispatcher(metadata);
    try {
      identityServer.start();
      networkServer.start();
      metadataServer.start();
      folder = Files.createTempDirectory("openstack-harness");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    keystone.endpoint("identity", "public", "RegionOne", identityServer.url(FakeKeystone.BASE).toString())
        .endpoint("network", "public", "RegionOne", networkServer.url(FakeNeutron.BASE + "/").toString());
    neutron.port(SELF_PORT, NETWORK, INSTANCE, SELF_MAC, "10.0.0.11")
        .port(OTHER_PORT, NETWORK, OTHER_INSTANCE, OTHER_MAC, "10.0.0.12")
        .floatingIp(FIP, FIP_ADDRESS, null);
    environment.putAll(openrc());
  }

  /** The variables of the openrc file Horizon gives a user, for the fake's user and project. */
  Map<String, String> openrc() {
    return Map.of("OS_AUTH_URL", authUrl(), "OS_USERNAME", FakeKeystone.USER, "OS_PASSWORD", FakeKeystone.PASSWORD,
        "OS_PROJECT_NAME", FakeKeystone.PROJECT, "OS_USER_DOMAIN_NAME", FakeKeystone.DOMAIN,
        "OS_PROJECT_DOMAIN_ID", "default", "OS_REGION_NAME", "RegionOne", "OS_INTERFACE", "public",
        "OS_IDENTITY_API_VERSION", "3");
  }

  /** Keystone's URL as clouds.yaml and openrc files give it. */
  String authUrl() {
    return identityServer.url(FakeKeystone.BASE + "/v3").toString();
  }

  /** The network endpoint's URL in the catalog. */
  String networkUrl() {
    return networkServer.url(FakeNeutron.BASE + "/").toString();
  }

  /** Makes the group's interface have another MAC, or none readable. */
  void interfaceMac(Optional<String> mac) {
    interfaceMac = mac;
  }

  /** The provider, with the harness's environment, clouds.yaml folder, clocks and interface MAC. */
  OpenStackMoverProvider provider() {
    return new OpenStackMoverProvider(Environment.of(environment), new CloudsYaml.Locations(List.of(folder)), clock,
        clock::nanoTime, (name, namespace) -> interfaceMac);
  }

  /**
   * Settings of a mode, pointed at the fake metadata service.
   *
   * @param mode floating-ip or allowed-address-pairs
   * @return settings to add to
   */
  Map<String, String> settings(String mode) {
    Map<String, String> settings = new HashMap<>();
    settings.put("mode", mode);
    settings.put("metadataUrl", metadataServer.url("/").toString());
    return settings;
  }

  /**
   * Creates a mover for a group with these addresses.
   *
   * @param settings its settings
   * @param addresses the group's addresses
   * @return the mover
   */
  IpMover mover(Map<String, String> settings, String... addresses) {
    return provider().create(TestMoverContext.of(MoverConfig.of(settings), addresses));
  }

  /** A floating-ip mover of {@link #FIP_ADDRESS}, found by the group's address. */
  IpMover floatingIpMover() {
    return mover(settings("floating-ip"), FIP_ADDRESS + "/32");
  }

  /** An allowed-address-pairs mover of {@link #VIP}. */
  IpMover pairsMover() {
    return mover(settings("allowed-address-pairs"), VIP + "/24");
  }

  /** Every violation the fakes saw. */
  List<String> violations() {
    List<String> all = new ArrayList<>(keystone.violations());
    all.addAll(neutron.violations());
    return all;
  }

  @Override
  public void close() {
    neutron.close();
    identityServer.close();
    networkServer.close();
    metadataServer.close();
    try (Stream<Path> files = Files.walk(folder)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    assertEquals(List.of(), violations(), "requests or answers that violate the OpenAPI descriptions or Neutron's rules");
  }
}
