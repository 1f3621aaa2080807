package org.fraction.engine.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.data.BadDataException;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.Shard;

/**
 * A split read from its shards on every pass, in memory that does not grow with the data. A
 * training pass shuffles the shard order, reads several shards at once (each next example comes
 * from one of them chosen at random in proportion to what it has left, so files mix), and passes
 * the examples through a shuffle buffer of fixed size. A pass without a generator reads the shards
 * one after another in file order. Every shard is checked to hold exactly the examples it declares,
 * with labels in range.
 */
public final class StreamingExamples implements ExampleSet {

  private final List<Shard> shards;
  private final int imageBytes;
  private final int classes;
  private final int bufferSize;
  private final int openShards;
  private final long size;

  /**
   * @param bufferSize examples held in the shuffle buffer
   * @param openShards shards read at once during a shuffled pass
   */
  public StreamingExamples(
      List<Shard> shards, int imageBytes, int classes, int bufferSize, int openShards) {
    this.shards = List.copyOf(shards);
    this.imageBytes = imageBytes;
    this.classes = classes;
    this.bufferSize = Math.max(1, bufferSize);
    this.openShards = Math.max(1, openShards);
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

  /** Examples held by the shuffle buffer of a shuffled pass. */
  public int bufferSize() {
    return (int) Math.min(bufferSize, Math.max(1, size));
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
    Interleaved source = new Interleaved(sequence, order == null ? 1 : openShards, order);
    return order == null ? source : new Buffered(source, order);
  }

  /** One open shard and how many of its examples are still to come. */
  private final class Open {
    final Shard shard;
    final ExampleReader reader;
    long remaining;

    Open(Shard shard) throws IOException {
      this.shard = shard;
      this.reader = shard.open();
      this.remaining = shard.size();
    }

    int next(byte[] pixels, int offset, byte[] scratch) throws IOException {
      int label = reader.next(pixels, offset);
      if (label < 0) {
        throw new BadDataException(
            Path.of(shard.name()),
            "holds " + (shard.size() - remaining) + " images, expected " + shard.size());
      }
      if (label >= classes) {
        throw new BadDataException(
            Path.of(shard.name()),
            "label "
                + label
                + " of image "
                + (shard.size() - remaining)
                + " is out of range 0.."
                + (classes - 1));
      }
      if (--remaining == 0 && reader.next(scratch, 0) >= 0) {
        throw new BadDataException(
            Path.of(shard.name()), "holds more than the " + shard.size() + " images expected");
      }
      return label;
    }
  }

  /** Reads up to {@code width} shards at once, in the given shard order. */
  private final class Interleaved implements ExampleCursor {
    private final List<Shard> sequence;
    private final int width;
    private final SplittableRandom random;
    private final List<Open> open = new ArrayList<>();
    private final byte[] scratch = new byte[imageBytes];
    private int nextShard;

    Interleaved(List<Shard> sequence, int width, SplittableRandom random) {
      this.sequence = sequence;
      this.width = width;
      this.random = random;
    }

    @Override
    public int next(byte[] pixels, int offset) throws IOException {
      while (open.size() < width && nextShard < sequence.size()) {
        Shard s = sequence.get(nextShard++);
        if (s.size() > 0) {
          open.add(new Open(s));
        }
      }
      if (open.isEmpty()) {
        return -1;
      }
      int pick = 0;
      if (random != null && open.size() > 1) {
        long total = 0;
        for (Open o : open) {
          total += o.remaining;
        }
        long r = random.nextLong(total);
        while (r >= open.get(pick).remaining) {
          r -= open.get(pick++).remaining;
        }
      }
      Open o = open.get(pick);
      int label = o.next(pixels, offset, scratch);
      if (o.remaining == 0) {
        o.reader.close();
        open.remove(pick);
      }
      return label;
    }

    @Override
    public void close() throws IOException {
      IOException first = null;
      for (Open o : open) {
        try {
          o.reader.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      open.clear();
      if (first != null) {
        throw first;
      }
    }
  }

  /** Fills a buffer, then emits a random buffered example and refills its slot. */
  private final class Buffered implements ExampleCursor {
    private final Interleaved source;
    private final SplittableRandom random;
    private final byte[] buffer;
    private final int[] labels;
    private int filled;
    private boolean exhausted;

    Buffered(Interleaved source, SplittableRandom random) {
      this.source = source;
      this.random = random;
      int capacity = bufferSize();
      this.buffer = new byte[Math.multiplyExact(capacity, imageBytes)];
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
