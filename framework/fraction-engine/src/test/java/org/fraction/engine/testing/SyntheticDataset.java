package org.fraction.engine.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.fraction.spi.data.Dataset;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.data.ExampleReader;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Shard;
import org.fraction.spi.data.Split;
import org.fraction.spi.model.InputShape;

/**
 * A small learnable data set for tests: each class is a fixed random prototype image plus noise, so
 * a network can reach high accuracy in a few steps. Deterministic for its settings.
 */
public final class SyntheticDataset implements Dataset {

  private final SyntheticSettings settings;

  public SyntheticDataset(SyntheticSettings settings) {
    this.settings = settings;
  }

  @Override
  public DatasetInfo info() {
    return new DatasetInfo(
        "synthetic",
        new InputShape(settings.height(), settings.width(), settings.channels()),
        settings.classes(),
        settings.train(),
        settings.test(),
        null,
        null);
  }

  @Override
  public void prepare(FetchListener listener) {}

  @Override
  public List<Shard> shards(Split split) {
    long size = split == Split.TRAIN ? settings.train() : settings.test();
    int shards = settings.shards();
    List<Shard> out = new ArrayList<>();
    long per = (size + shards - 1) / shards;
    for (int s = 0; s < shards; s++) {
      long first = s * per;
      long count = Math.max(0, Math.min(per, size - first));
      out.add(shard(split, s, first, count));
    }
    return out;
  }

  private Shard shard(Split split, int index, long first, long count) {
    int pixels = settings.height() * settings.width() * settings.channels();
    byte[][] prototypes = new byte[settings.classes()][pixels];
    SplittableRandom protoRandom = new SplittableRandom(settings.seed());
    for (byte[] p : prototypes) {
      for (int i = 0; i < pixels; i++) {
        p[i] = (byte) protoRandom.nextInt(256);
      }
    }
    return new Shard() {
      @Override
      public String name() {
        return "synthetic-" + split.name().toLowerCase() + "-" + index;
      }

      @Override
      public long size() {
        return count;
      }

      @Override
      public ExampleReader open() {
        return new ExampleReader() {
          long n;

          @Override
          public int next(byte[] out, int offset) {
            if (n >= count) {
              return -1;
            }
            long example = first + n++;
            SplittableRandom r =
                new SplittableRandom(
                    settings.seed() * 31 + example * 2 + (split == Split.TRAIN ? 0 : 1));
            int label = r.nextInt(settings.classes());
            byte[] p = prototypes[label];
            for (int i = 0; i < pixels; i++) {
              int v = (p[i] & 0xFF) + r.nextInt(-settings.noise(), settings.noise() + 1);
              out[offset + i] = (byte) Math.max(0, Math.min(255, v));
            }
            return label;
          }

          @Override
          public void close() {}
        };
      }
    };
  }
}
