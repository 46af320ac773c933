package io.github.failover4j.internal.check;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileValueTest {
  @TempDir
  Path dir;

  private FileValue.Reading read(String content) throws IOException {
    return FileValue.read(Files.writeString(dir.resolve("weight"), content));
  }

  @Test
  void readsAnIntegerWithWhiteSpaceAround() throws IOException {
    assertEquals(new FileValue.Reading(42, Optional.empty()), read("42\n"));
    assertEquals(new FileValue.Reading(-7, Optional.empty()), read("  -7 \t\n"));
    assertEquals(new FileValue.Reading(0, Optional.empty()), read("0"));
    assertEquals(new FileValue.Reading(5, Optional.empty()), read("+5"));
  }

  @Test
  void aMissingFileIsZeroWithTheReason() {
    FileValue.Reading reading = FileValue.read(dir.resolve("absent"));
    assertEquals(0, reading.value());
    assertTrue(reading.problem().orElseThrow().contains(dir.resolve("absent") + " not found"), reading.toString());
  }

  @Test
  void anythingButOneIntegerIsZeroWithTheReason() throws IOException {
    for (String content : new String[] {"", "abc", "4 2", "12abc", "99999999999", "1.5"}) {
      FileValue.Reading reading = read(content);
      assertEquals(0, reading.value(), content);
      assertTrue(reading.problem().orElseThrow().contains("expected: one integer"), reading.toString());
    }
  }

  @Test
  void aLongFileIsNotRead() throws IOException {
    FileValue.Reading reading = read(" ".repeat(FileValue.MAX_BYTES) + "1");
    assertEquals(0, reading.value());
    assertTrue(reading.problem().orElseThrow().contains("longer than"), reading.toString());
  }

  @Test
  void aDirectoryIsNotRead() {
    FileValue.Reading reading = FileValue.read(dir);
    assertEquals(0, reading.value());
    assertTrue(reading.problem().orElseThrow().contains("not a regular file"), reading.toString());
  }
}
