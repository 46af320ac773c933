package io.github.failover4j.vrrp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The keepalived captures in {@code src/test/resources/captures}: each packet as tcpdump -vv decoded
 * it, and its bytes.
 */
final class Captures {
  static final List<String> FILES = List.of(
      "v2-ipv4-unicast-single", "v2-multicast", "v2-pass-multicast", "v2-unicast",
      "v3-ipv4-unicast", "v3-ipv6-multicast", "v3-multicast-adv0.1");

  private static final Pattern TIMESTAMP = Pattern.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d+ ");
  private static final Pattern HEX_LINE = Pattern.compile("^\\s+0x[0-9a-f]{4}:\\s+(.*)$");
  private static final Pattern TTL = Pattern.compile("(?:ttl|hlim) (\\d+)");
  private static final Pattern VRRP = Pattern.compile(
      "(\\S+) > (\\S+): VRRPv(\\d), Advertisement, vrid (\\d+), prio (\\d+), (?:authtype (\\w+), )?"
          + "intvl (\\d+)(s|cs), length (\\d+), addrs(?:\\(\\d+\\))?: (\\S+)(?: auth \"([^\"]*)\")?");

  /** What tcpdump printed for one packet, and the packet. */
  record Packet(String name, String source, String destination, int ttl, int version, int vrid, int priority,
      String authType, int intervalCentis, int length, List<String> addresses, String password, byte[] bytes) {

    @Override
    public String toString() {
      return name;
    }
  }

  private Captures() {}

  static List<Packet> all() {
    List<Packet> packets = new ArrayList<>();
    for (String file : FILES) {
      packets.addAll(read(file));
    }
    return packets;
  }

  static List<Packet> read(String file) {
    List<Packet> packets = new ArrayList<>();
    try (InputStream in = Captures.class.getResourceAsStream("/captures/" + file + ".txt");
        BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII))) {
      StringBuilder text = null;
      StringBuilder hex = new StringBuilder();
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        Matcher hexLine = HEX_LINE.matcher(line);
        if (TIMESTAMP.matcher(line).find()) {
          if (text != null) {
            packets.add(packet(file + "#" + (packets.size() + 1), text.toString(), hex.toString()));
          }
          text = new StringBuilder(line);
          hex.setLength(0);
        } else if (hexLine.matches()) {
          hex.append(hexLine.group(1));
        } else if (text != null && !line.startsWith("#")) {
          text.append(' ').append(line.trim());
        }
      }
      if (text != null) {
        packets.add(packet(file + "#" + (packets.size() + 1), text.toString(), hex.toString()));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return packets;
  }

  private static Packet packet(String name, String text, String hex) {
    Matcher ttl = TTL.matcher(text);
    Matcher vrrp = VRRP.matcher(text);
    if (!ttl.find() || !vrrp.find()) {
      throw new IllegalStateException(name + ": cannot read tcpdump's line: " + text);
    }
    int interval = Integer.parseInt(vrrp.group(7)) * (vrrp.group(8).equals("s") ? 100 : 1);
    return new Packet(name, vrrp.group(1), vrrp.group(2), Integer.parseInt(ttl.group(1)),
        Integer.parseInt(vrrp.group(3)), Integer.parseInt(vrrp.group(4)), Integer.parseInt(vrrp.group(5)),
        vrrp.group(6), interval, Integer.parseInt(vrrp.group(9)), List.of(vrrp.group(10).split(",")),
        vrrp.group(11), Hex.parse(hex));
  }
}
