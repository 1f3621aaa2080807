package org.fraction.engine.data;

import java.io.IOException;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Shard;

/**
 * A split small enough to hold in memory (MNIST, CIFAR): shuffled by a full permutation per epoch.
 */
public final class InMemoryExamples implements ExampleSet {

  private final byte[] pixels;
  private final int[] labels;
  private final int imageBytes;

  InMemoryExamples(byte[] pixels, int[] labels, int imageBytes) {
    this.pixels = pixels;
    this.labels = labels;
    this.imageBytes = imageBytes;
  }

  /** Reads every shard fully; checks that each holds as many examples as it declared. */
  public static InMemoryExamples load(List<Shard> shards, int imageBytes, int classes)
      throws IOException {
    long total = shards.stream().mapToLong(Shard::size).sum();
    if (total * imageBytes > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("split too large for memory: " + total + " images");
    }
    byte[] pixels = new byte[(int) (total * imageBytes)];
    int[] labels = new int[(int) total];
    int n = 0;
    for (Shard shard : shards) {
      int start = n;
      try (ExampleReader reader = shard.open()) {
        int label;
        while (n < total && (label = reader.next(pixels, n * imageBytes)) >= 0) {
          if (label >= classes) {
            throw new BadDataException(
                java.nio.file.Path.of(shard.name()),
                "label "
                    + label
                    + " of image "
                    + (n - start)
                    + " is out of range 0.."
                    + (classes - 1));
          }
          labels[n++] = label;
        }
      }
      if (n - start != shard.size()) {
        throw new BadDataException(
            java.nio.file.Path.of(shard.name()),
            "holds " + (n - start) + " images, expected " + shard.size());
      }
    }
    return new InMemoryExamples(pixels, labels, imageBytes);
  }

  @Override
  public long size() {
    return labels.length;
  }

  @Override
  public int imageBytes() {
    return imageBytes;
  }

  @Override
  public ExampleCursor open(SplittableRandom order) {
    int[] index = new int[labels.length];
    for (int n = 0; n < index.length; n++) {
      index[n] = n;
    }
    if (order != null) {
      for (int n = index.length - 1; n > 0; n--) {
        int m = order.nextInt(n + 1);
        int t = index[n];
        index[n] = index[m];
        index[m] = t;
      }
    }
    return new ExampleCursor() {
      int position;

      @Override
      public int next(byte[] out, int offset) {
        if (position >= index.length) {
          return -1;
        }
        int e = index[position++];
        System.arraycopy(pixels, e * imageBytes, out, offset, imageBytes);
        return labels[e];
      }
    };
  }
}
