package io.github.failover4j.provider.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.failover4j.VirtualIp;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTextTest {
  @ParameterizedTest
  @CsvSource({
      "2a01:4f8:fff0:5:0:0:0:0, 2a01:4f8:fff0:5::",
      "2001:0db8:0:0:0:0:0:0200, 2001:db8::200",
      "0:0:0:0:0:0:0:0, ::",
      "0:0:0:0:0:0:0:1, ::1",
      "fe80:0:0:0:0:0:0:0, fe80::",
      // the longest run of zero groups, and of equal runs the first
      "2001:0:0:0:1:0:0:1, 2001::1:0:0:1",
      "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
      "2001:db8:0:1:0:0:0:1, 2001:db8:0:1::1",
      // a single zero group stays
      "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
      "2001:db8:1:2:3:4:5:6, 2001:db8:1:2:3:4:5:6",
      "2001:DB8:0:0:0:0:0:AB, 2001:db8::ab",
      "203.0.113.7, 203.0.113.7",
  })
  void writesAddressesInTheRfc5952Form(String address, String text) {
    assertEquals(text, AddressText.of(VirtualIp.parse(address).address()));
  }

  @Test
  void readsAnAddressOrANetAndNothingElse() {
    assertEquals(Optional.of(VirtualIp.parse("2001:db8:1:2::/64")), AddressText.parse("2001:db8:1:2::/64"));
    assertEquals(Optional.of(VirtualIp.parse("10.0.0.5/32")), AddressText.parse("10.0.0.5"));
    assertEquals(Optional.empty(), AddressText.parse("not an address"));
  }
}
