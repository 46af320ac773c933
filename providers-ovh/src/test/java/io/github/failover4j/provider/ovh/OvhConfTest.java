package io.github.failover4j.provider.ovh;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ovh.conf as OVH's clients read it: sections per endpoint, files merged key by key. */
class OvhConfTest {
  @TempDir
  Path dir;

  private Path write(String name, String text) throws Exception {
    return Files.writeString(dir.resolve(name), text);
  }

  @Test
  void readsSectionsKeysCommentsAndBothSeparators() throws Exception {
    Path file = write("ovh.conf", """
        ; general configuration: default endpoint
        [default]
        endpoint=ovh-ca

        # configuration specific to the endpoint
        [ovh-ca]
          Application_Key = ak-ca
        application_secret: as-ca
        consumer_key=ck=with=equals
        """);
    OvhConf conf = OvhConf.load(List.of(file));
    assertEquals("ovh-ca", conf.get("default", "endpoint").orElseThrow().text());
    assertEquals("ak-ca", conf.get("ovh-ca", "application_key").orElseThrow().text());
    assertEquals("as-ca", conf.get("ovh-ca", "APPLICATION_SECRET").orElseThrow().text());
    assertEquals("ck=with=equals", conf.get("ovh-ca", "consumer_key").orElseThrow().text());
    assertEquals(file, conf.get("ovh-ca", "consumer_key").orElseThrow().file());
    assertEquals(Optional.empty(), conf.get("ovh-eu", "application_key"));
    assertEquals(List.of(), conf.problems());
  }

  @Test
  void theFirstFileWinsKeyByKeyAndMissingFilesAreSkipped() throws Exception {
    Path local = write("local.conf", "[ovh-eu]\napplication_key=local-ak\n");
    Path home = write("home.conf", "[default]\nendpoint=ovh-eu\n[ovh-eu]\napplication_key=home-ak\nconsumer_key=home-ck\n");
    Path system = write("system.conf", "[ovh-eu]\nconsumer_key=system-ck\napplication_secret=system-as\n");
    OvhConf conf = OvhConf.load(List.of(local, dir.resolve("missing.conf"), home, system));
    assertEquals("local-ak", conf.get("ovh-eu", "application_key").orElseThrow().text());
    assertEquals("home-ck", conf.get("ovh-eu", "consumer_key").orElseThrow().text());
    assertEquals("system-as", conf.get("ovh-eu", "application_secret").orElseThrow().text());
    assertEquals(home, conf.get("default", "endpoint").orElseThrow().file());
  }

  @Test
  void aBrokenLineIsReportedByFileAndNumberNeverByContent() throws Exception {
    Path file = write("ovh.conf", "application_secret=before-any-section\n[ovh-eu]\nthis-line-is-a-secret\n");
    OvhConf conf = OvhConf.load(List.of(file));
    assertEquals(List.of(file + ": line 1 is a key before any [section] (skipped)",
        file + ": line 3 is neither a [section] nor a key=value (skipped)"), conf.problems());
    assertFalse(conf.problems().toString().contains("secret"));
  }

  @Test
  void anEmptyValueCountsAsUnset() throws Exception {
    OvhConf conf = OvhConf.load(List.of(write("ovh.conf", "[ovh-eu]\nconsumer_key=\n")));
    assertTrue(conf.get("ovh-eu", "consumer_key").isEmpty());
  }

  @Test
  void theDefaultPathsAreThoseOfOvhsClientsInTheirOrder() {
    assertEquals(List.of(Path.of("ovh.conf"), Path.of(System.getProperty("user.home"), ".ovh.conf"),
        Path.of("/etc/ovh.conf")), OvhConf.DEFAULT_PATHS);
  }
}
