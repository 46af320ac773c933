package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.reflect.Method;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The seed corpus of {@link VrrpCodecFuzzTest} is where Jazzer looks for it, up to date, and
 * useful. Without it the regression run of a plain build would test the empty input only, and
 * nothing would say so.
 */
class FuzzSeedsTest {
  private static final String REGENERATE = "; regenerate with vrrp/src/test/fuzz/regenerate-seeds.sh";

  @Test
  void everyFuzzTestHasItsSeedsWhereJazzerLooks() throws Exception {
    List<String> methods = fuzzTests();
    assertEquals(List.of("decodeWholePacket", "decodeWithOptions"), methods);
    for (String method : methods) {
      URL url = VrrpCodecFuzzTest.class.getResource(FuzzSeeds.INPUTS + "/" + method);
      assertNotNull(url, "no seed directory for " + method + REGENERATE);
      Path dir = Paths.get(url.toURI());
      Map<String, byte[]> seeds = FuzzSeeds.forMethod(method);
      for (Map.Entry<String, byte[]> seed : seeds.entrySet()) {
        Path file = dir.resolve(seed.getKey());
        assertTrue(Files.isRegularFile(file), "missing seed " + file + REGENERATE);
        assertArrayEquals(seed.getValue(), Files.readAllBytes(file), "stale seed " + file + REGENERATE);
      }
    }
  }

  @Test
  void theSeedsAreTheDistinctCapturedAndGoldenPacketsAndTheLongestOne() {
    Map<String, byte[]> packets = FuzzSeeds.packets();
    // the five golden vectors from keepalived are captured packets, the two hand-built ones are not
    assertEquals(Captures.all().stream().map(p -> Arrays.toString(p.bytes())).distinct().count() + 2 + 1,
        packets.size());
    assertEquals(VrrpCodec.MAX_PACKET_LENGTH, packets.values().stream().mapToInt(p -> p.length).max().orElse(0));
  }

  /** Every seed is accepted as it stands: the fuzzer starts from packets that get past every check. */
  @Test
  void everySeedIsAccepted() {
    FuzzSeeds.forMethod("decodeWholePacket").forEach((name, seed) -> {
      VrrpPacket plain = VrrpCodecFuzzTest.check(ByteBuffer.wrap(seed), DecodeOptions.defaults());
      VrrpPacket withPassword = VrrpCodecFuzzTest.check(ByteBuffer.wrap(seed),
          DecodeOptions.defaults().withAuth(VrrpAuth.password(FuzzSeeds.PASSWORD)));
      assertTrue(plain != null || withPassword != null, name);
    });
    FuzzSeeds.forMethod("decodeWithOptions").forEach((name, seed) -> {
      // read with FuzzedDataProvider's semantics, as the fuzz test reads it through Jazzer
      FuzzInput input = FuzzInput.read(FuzzInput.source(seed));
      assertNotNull(VrrpCodecFuzzTest.check(input.buffer(), input.options()), name);
      assertEquals(1, input.options().versions().size(), name);
    });
  }

  /**
   * The generator: {@code -DfuzzSeeds.write=true} rewrites the corpus in the source tree (see
   * {@code vrrp/src/test/fuzz/regenerate-seeds.sh}).
   */
  @Test
  @EnabledIfSystemProperty(named = "fuzzSeeds.write", matches = "true")
  void writeSeeds() {
    // Surefire runs tests in the module's directory
    Path resources = Paths.get("src/test/resources");
    assertTrue(Files.isDirectory(resources.resolve("captures")),
        "not in the vrrp module: " + resources.toAbsolutePath());
    Path inputs = resources.resolve(VrrpCodecFuzzTest.class.getPackageName().replace('.', '/'))
        .resolve(FuzzSeeds.INPUTS);
    FuzzSeeds.write(inputs, fuzzTests());
  }

  private static List<String> fuzzTests() {
    return Arrays.stream(VrrpCodecFuzzTest.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(FuzzTest.class))
        .map(Method::getName)
        .sorted()
        .toList();
  }
}
