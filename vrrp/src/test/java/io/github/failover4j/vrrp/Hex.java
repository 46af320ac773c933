package io.github.failover4j.vrrp;

import java.util.HexFormat;

/** Annotated hex: whitespace is ignored and {@code #} starts a comment that runs to the line's end. */
final class Hex {
  private Hex() {}

  static byte[] parse(String annotated) {
    StringBuilder digits = new StringBuilder();
    for (String line : annotated.split("\n")) {
      int hash = line.indexOf('#');
      digits.append((hash < 0 ? line : line.substring(0, hash)).replaceAll("\\s", ""));
    }
    return HexFormat.of().parseHex(digits);
  }

  static String format(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }
}
