package org.fraction.engine.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Shard;
import org.junit.jupiter.api.Test;

class StreamingExamplesTest {

  /** Shard s holds examples s*1000 .. s*1000 + size - 1; the image's first 4 bytes hold the id. */
  private static Shard shard(int s, int size, int actual, int label) {
    return new Shard() {
      @Override
      public String name() {
        return "/data/shard-" + s;
      }

      @Override
      public long size() {
        return size;
      }

      @Override
      public ExampleReader open() {
        return new ExampleReader() {
          int n;

          @Override
          public int next(byte[] pixels, int offset) {
            if (n >= actual) {
              return -1;
            }
            int id = s * 1000 + n++;
            java.nio.ByteBuffer.wrap(pixels, offset, 4).putInt(id);
            return label >= 0 ? label : id % 10;
          }

          @Override
          public void close() {}
        };
      }
    };
  }

  private static List<Shard> shards(int count, int size) {
    List<Shard> out = new ArrayList<>();
    for (int s = 0; s < count; s++) {
      out.add(shard(s, size, size, -1));
    }
    return out;
  }

  private static List<Integer> pass(ExampleSet set, SplittableRandom order) throws IOException {
    List<Integer> ids = new ArrayList<>();
    byte[] image = new byte[set.imageBytes()];
    try (ExampleCursor c = set.open(order)) {
      int label;
      while ((label = c.next(image, 0)) >= 0) {
        int id = java.nio.ByteBuffer.wrap(image).getInt();
        assertThat(label).isEqualTo(id % 10);
        ids.add(id);
      }
    }
    return ids;
  }

  @Test
  void aShuffledPassYieldsEveryExampleOnceDeterministicallyForItsSeed() throws IOException {
    StreamingExamples set = new StreamingExamples(shards(12, 50), 4, 10, 40, 4);
    List<Integer> a = pass(set, new SplittableRandom(5));
    assertThat(a).hasSize(600).doesNotHaveDuplicates();
    assertThat(pass(set, new SplittableRandom(5))).isEqualTo(a);
    assertThat(pass(set, new SplittableRandom(6))).isNotEqualTo(a).hasSize(600);
  }

  @Test
  void examplesMixAcrossFilesFromTheStart() throws IOException {
    StreamingExamples set = new StreamingExamples(shards(12, 50), 4, 10, 40, 4);
    Set<Integer> shardsInFirst40 = new HashSet<>();
    for (int id : pass(set, new SplittableRandom(11)).subList(0, 40)) {
      shardsInFirst40.add(id / 1000);
    }
    // A buffer of 40 filled from one file at a time would hold one shard; four open shards feed it.
    assertThat(shardsInFirst40).hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void anUnshuffledPassReadsTheFilesInOrder() throws IOException {
    StreamingExamples set = new StreamingExamples(shards(3, 4), 4, 10, 40, 4);
    assertThat(pass(set, null))
        .containsExactly(0, 1, 2, 3, 1000, 1001, 1002, 1003, 2000, 2001, 2002, 2003);
  }

  @Test
  void aShardWithFewerExamplesThanDeclaredIsBadData() {
    StreamingExamples set =
        new StreamingExamples(List.of(shard(0, 5, 5, -1), shard(1, 5, 3, -1)), 4, 10, 2, 2);
    Throwable t = catchThrowable(() -> pass(set, new SplittableRandom(1)));
    assertThat(t)
        .isInstanceOf(BadDataException.class)
        .hasMessage("/data/shard-1: holds 3 images, expected 5");
  }

  @Test
  void aShardWithMoreExamplesThanDeclaredIsBadData() {
    StreamingExamples set = new StreamingExamples(List.of(shard(0, 5, 6, -1)), 4, 10, 2, 2);
    assertThat(catchThrowable(() -> pass(set, null)))
        .isInstanceOf(BadDataException.class)
        .hasMessage("/data/shard-0: holds more than the 5 images expected");
  }

  @Test
  void aLabelOutOfRangeIsBadData() {
    StreamingExamples set = new StreamingExamples(List.of(shard(0, 5, 5, 12)), 4, 10, 2, 2);
    assertThat(catchThrowable(() -> pass(set, null)))
        .isInstanceOf(BadDataException.class)
        .hasMessage("/data/shard-0: label 12 of image 0 is out of range 0..9");
  }
}
