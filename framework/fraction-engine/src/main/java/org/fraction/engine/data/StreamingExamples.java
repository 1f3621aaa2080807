package org.fraction.engine.data;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Shard;

/**
 * A split read from its shards on every pass, in memory that does not grow with the data: the
 * shard order is shuffled, and examples pass through a shuffle buffer of fixed size.
 */
public final class StreamingExamples implements ExampleSet {

  private final List<Shard> shards;
  private final int imageBytes;
  private final int bufferSize;
  private final long size;

  public StreamingExamples(List<Shard> shards, int imageBytes, int bufferSize) {
    this.shards = List.copyOf(shards);
    this.imageBytes = imageBytes;
    this.bufferSize = Math.max(1, bufferSize);
    this.size = shards.stream().mapToLong(Shard::size).sum();
  }

  @Override
  public long size() {
    return size;
  }

  @Override
  public int imageBytes() {
    return imageBytes;
  }

  @Override
  public ExampleCursor open(SplittableRandom order) throws IOException {
    List<Shard> sequence = new ArrayList<>(shards);
    if (order != null) {
      for (int n = sequence.size() - 1; n > 0; n--) {
        int m = order.nextInt(n + 1);
        Shard t = sequence.get(n);
        sequence.set(n, sequence.get(m));
        sequence.set(m, t);
      }
    }
    Sequential sequential = new Sequential(sequence);
    return order == null ? sequential : new Buffered(sequential, order);
  }

  /** Reads the shards one after another. */
  private final class Sequential implements ExampleCursor {
    private final List<Shard> sequence;
    private int shard = -1;
    private ExampleReader reader;

    Sequential(List<Shard> sequence) {
      this.sequence = sequence;
    }

    @Override
    public int next(byte[] pixels, int offset) throws IOException {
      while (true) {
        if (reader != null) {
          int label = reader.next(pixels, offset);
          if (label >= 0) {
            return label;
          }
          reader.close();
          reader = null;
        }
        if (++shard >= sequence.size()) {
          return -1;
        }
        reader = sequence.get(shard).open();
      }
    }

    @Override
    public void close() throws IOException {
      if (reader != null) {
        reader.close();
      }
    }
  }

  /** Fills a buffer, then emits a random buffered example and refills its slot. */
  private final class Buffered implements ExampleCursor {
    private final Sequential source;
    private final SplittableRandom random;
    private final byte[] buffer;
    private final int[] labels;
    private int filled;
    private boolean exhausted;

    Buffered(Sequential source, SplittableRandom random) {
      this.source = source;
      this.random = random;
      int capacity = (int) Math.min(bufferSize, Math.max(1, size));
      this.buffer = new byte[capacity * imageBytes];
      this.labels = new int[capacity];
    }

    @Override
    public int next(byte[] pixels, int offset) throws IOException {
      while (!exhausted && filled < labels.length) {
        int label = source.next(buffer, filled * imageBytes);
        if (label < 0) {
          exhausted = true;
        } else {
          labels[filled++] = label;
        }
      }
      if (filled == 0) {
        return -1;
      }
      int slot = random.nextInt(filled);
      System.arraycopy(buffer, slot * imageBytes, pixels, offset, imageBytes);
      int label = labels[slot];
      int refill = exhausted ? -1 : source.next(buffer, slot * imageBytes);
      if (refill >= 0) {
        labels[slot] = refill;
      } else {
        exhausted = true;
        filled--;
        System.arraycopy(buffer, filled * imageBytes, buffer, slot * imageBytes, imageBytes);
        labels[slot] = labels[filled];
      }
      return label;
    }

    @Override
    public void close() throws IOException {
      source.close();
    }
  }
}
