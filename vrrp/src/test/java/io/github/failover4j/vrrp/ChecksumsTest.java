package io.github.failover4j.vrrp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The word-at-a-time sum against the definition, one big-endian 16-bit word at a time, on the
 * lengths and buffers the golden vectors do not reach: odd and non-multiple-of-4 lengths,
 * unaligned offsets, little-endian, direct and read-only buffers.
 */
class ChecksumsTest {
  private static final byte[] BYTES = new byte[64];

  static {
    new Random(42).nextBytes(BYTES);
  }

  @Test
  void sumIsTheSumOfBigEndianWordsWhateverTheBuffer() {
    for (ByteBuffer buffer : List.of(ByteBuffer.wrap(BYTES), ByteBuffer.allocateDirect(BYTES.length).put(BYTES),
        ByteBuffer.wrap(BYTES).asReadOnlyBuffer())) {
      for (ByteOrder order : List.of(ByteOrder.BIG_ENDIAN, ByteOrder.LITTLE_ENDIAN)) {
        buffer.order(order);
        for (int offset = 0; offset < 4; offset++) {
          for (int length = 0; length <= BYTES.length - offset; length++) {
            assertEquals(definition(offset, length), Checksums.sum(buffer, offset, length),
                buffer + " " + order + " offset " + offset + " length " + length);
          }
        }
      }
    }
  }

  @Test
  void pseudoHeaderFromAddressBytesIsTheOneFromABuffer() {
    for (int alen : new int[] {4, 16}) {
      byte[] source = Arrays.copyOfRange(BYTES, 0, alen);
      byte[] destination = Arrays.copyOfRange(BYTES, alen, 2 * alen);
      assertEquals(Checksums.pseudoHeader(ByteBuffer.wrap(BYTES), 0, alen, alen, 24),
          Checksums.pseudoHeader(source, destination, 24));
    }
  }

  private static int definition(int offset, int length) {
    int sum = 0;
    for (int i = 0; i < length; i += 2) {
      int high = BYTES[offset + i] & 0xFF;
      int low = i + 1 < length ? BYTES[offset + i + 1] & 0xFF : 0;
      sum += high << 8 | low;
    }
    return sum;
  }
}
