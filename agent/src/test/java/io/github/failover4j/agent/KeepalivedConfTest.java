package io.github.failover4j.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.failover4j.agent.KeepalivedConf.Item;
import io.github.failover4j.agent.KeepalivedConf.Parsed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The keepalived.conf reader: words, comments, quotes, blocks, includes, and where each item is. */
class KeepalivedConfTest {
  @TempDir
  Path dir;

  @Test
  void blocksCommentsAndQuotes() throws IOException {
    Parsed parsed = KeepalivedConf.parse(write("keepalived.conf", """
        ! a comment
        global_defs {   # another
          router_id "my router"   ! and another
        }
        vrrp_script chk {
          script "/bin/check 'a b' #not-a-comment {x}"
          weight -20 reverse
        }
        vrrp_instance VI_1
        {
          track_script { chk weight 5 }
          virtual_ipaddress {
            10.0.0.1/24 dev eth0 label eth0:1
            10.0.0.2/24
          }
          notify_master "/etc/a b.sh"#trailing
          auth_pass a\\"b
        }
        """));

    assertEquals(List.of(), parsed.problems());
    List<Item> top = parsed.items();
    assertEquals(List.of("global_defs", "vrrp_script", "vrrp_instance"), top.stream().map(Item::keyword).toList());
    assertEquals(List.of("my router"), top.get(0).items().get(0).args());
    assertEquals(3, top.get(0).items().get(0).at().line());
    Item script = top.get(1).items().get(0);
    assertEquals(List.of("/bin/check 'a b' #not-a-comment {x}"), script.args());
    assertEquals(List.of("-20", "reverse"), top.get(1).items().get(1).args());

    Item instance = top.get(2);
    assertEquals(List.of("VI_1"), instance.args());
    assertTrue(instance.hasBlock(), "the { on the next line opens the block of the line above");
    assertEquals(9, instance.at().line());
    Item track = instance.items().get(0);
    assertEquals("track_script", track.keyword());
    assertEquals(List.of("weight", "5"), track.items().get(0).args());
    assertEquals("chk", track.items().get(0).keyword());
    Item vips = instance.items().get(1);
    assertEquals(List.of("dev", "eth0", "label", "eth0:1"), vips.items().get(0).args());
    assertEquals(13, vips.items().get(0).at().line());
    assertEquals(14, vips.items().get(1).at().line());
    assertEquals(List.of("/etc/a b.sh"), instance.items().get(2).args());
    assertEquals(List.of("a\"b"), instance.items().get(3).args(), "a backslash escapes, in quotes or not");
    assertNull(instance.items().get(3).block());
    assertEquals(dir.resolve("keepalived.conf") + ":16", instance.items().get(2).at().toString());
  }

  @Test
  void includesWithGlobsAndRelativePaths() throws IOException {
    Files.createDirectories(dir.resolve("conf.d"));
    Files.createDirectories(dir.resolve("common"));
    write("common/scripts.conf", """
        vrrp_script chk {
          script /bin/true
        }
        """);
    write("conf.d/20-b.conf", """
        vrrp_instance B {
          interface eth1
        }
        """);
    write("conf.d/10-a.conf", """
        include ../common/scripts.conf
        vrrp_instance A {
          include inner.part
        }
        """);
    write("conf.d/inner.part", "interface eth0\n\n  priority 150\n");
    write("conf.d/.hidden.conf", "vrrp_instance HIDDEN {\n}\n");
    Path main = write("keepalived.conf", """
        global_defs {
        }
        include conf.d/*.{conf,cfg}
        include none/*.conf
        """);

    Parsed parsed = KeepalivedConf.parse(main);

    assertEquals(List.of(main + ":4: include none/*.conf (not converted: no file matches)"), parsed.problems());
    List<Item> top = parsed.items();
    assertEquals(List.of("global_defs", "vrrp_script", "vrrp_instance", "vrrp_instance"),
        top.stream().map(Item::keyword).toList());
    assertEquals(dir.resolve("conf.d/../common/scripts.conf") + ":1", top.get(1).at().toString());
    Item a = top.get(2);
    assertEquals(List.of("A"), a.args());
    assertEquals(dir.resolve("conf.d/10-a.conf") + ":2", a.at().toString());
    assertEquals(dir.resolve("conf.d/inner.part") + ":1", a.items().get(0).at().toString());
    assertEquals(dir.resolve("conf.d/inner.part") + ":3", a.items().get(1).at().toString());
    assertEquals(List.of("B"), top.get(3).args(), "sorted, and no hidden file");
  }

  @Test
  void aRelativeFileGivesRelativePositions() throws IOException {
    write("rel.conf", "vrrp_instance X {\n}\n");
    Path relative = Path.of("").toAbsolutePath().relativize(dir.resolve("rel.conf"));
    Parsed parsed = KeepalivedConf.parse(relative);
    assertEquals(relative + ":1", parsed.items().get(0).at().toString());
  }

  @Test
  void brokenFilesSayWhereWithoutEchoingTheLine() throws IOException {
    Path main = write("keepalived.conf", """
        include keepalived.conf
        vrrp_instance X {
          authentication {
            auth_pass "s3cret
          }
        }
        }
        vrrp_instance Y {
        """);

    Parsed parsed = KeepalivedConf.parse(main);

    assertEquals(List.of(
        main + ":1: include " + main + " (not converted: it includes itself)",
        main + ":4: a quote is not closed (read to the end of the line)",
        main + ":7: } without a block to close (ignored)",
        main + ":8: vrrp_instance { is not closed (read to the end of the file)"), parsed.problems());
    assertFalse(parsed.problems().toString().contains("s3cret"));
  }

  @Test
  void globsMatchLikeGlob3() throws IOException {
    Files.createDirectories(dir.resolve("a1/x"));
    Files.createDirectories(dir.resolve("a2/x"));
    write("a1/x/k.conf", "");
    write("a2/x/k.conf", "");
    write("a2/x/k.txt", "");
    assertEquals(List.of(dir.resolve("a1/x/k.conf"), dir.resolve("a2/x/k.conf")),
        KeepalivedConf.glob(dir, "a?/x/*.conf"));
    assertEquals(List.of(dir.resolve("a2/x/k.conf"), dir.resolve("a2/x/k.txt")),
        KeepalivedConf.glob(dir, dir + "/a[2-9]/x/k.*"));
    assertEquals(List.of(), KeepalivedConf.glob(dir, "b*/k.conf"));
  }

  private Path write(String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }
}
