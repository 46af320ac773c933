package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class VrrpAuthTest {

  @Test
  void thePasswordNeverShows() throws Exception {
    VrrpAuth auth = VrrpAuth.password("s3cret");
    VrrpAdvertisement ad = new VrrpAdvertisement(VrrpVersion.V2, 51, 150, 100,
        List.of(InetAddress.getByName("192.0.2.10")), auth);

    assertEquals("VrrpAuth[password]", auth.toString());
    assertFalse(ad.toString().contains("s3cret"), ad.toString());
    IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
        () -> VrrpAuth.password("s3cret-and-more"));
    assertFalse(tooLong.getMessage().contains("s3cret"));
    assertEquals("password length: 15 bytes (expected: 1..8; keepalived ignores the rest)", tooLong.getMessage());
  }

  @Test
  void passwordsCompareByValue() {
    assertEquals(VrrpAuth.password("a"), VrrpAuth.password("a"));
    assertNotEquals(VrrpAuth.password("a"), VrrpAuth.password("b"));
    assertNotEquals(VrrpAuth.none(), VrrpAuth.password("a"));
    assertThrows(IllegalArgumentException.class, () -> VrrpAuth.password(""));
  }
}
