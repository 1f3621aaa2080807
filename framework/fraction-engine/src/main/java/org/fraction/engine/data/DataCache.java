package org.fraction.engine.data;

import jakarta.inject.Inject;
import java.io.IOException;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.fraction.engine.settings.DatasetKeys;
import org.fraction.engine.workflow.Configured;
import org.fraction.spi.data.Dataset;
import org.fraction.spi.data.DatasetInfo;
import org.fraction.spi.data.FetchListener;
import org.fraction.spi.data.Shard;
import org.fraction.spi.data.Split;

/**
 * Prepared data sets of one process, so that the trials of a matrix read their data once. Splits up
 * to {@link #IN_MEMORY_LIMIT} bytes are held in memory; larger ones are streamed.
 */
public final class DataCache {

  public static final long IN_MEMORY_LIMIT = 1L << 30;

  /** The shuffle buffer of a streamed split: 21,845 ImageNet64 images. */
  static final int SHUFFLE_BUFFER_BYTES = 256 << 20;

  /** Shards a streamed split reads at once, so that each part of the buffer mixes several files. */
  static final int OPEN_SHARDS = 8;

  /** A prepared data set and its two splits. */
  public record Prepared(Dataset dataset, DatasetInfo info, ExampleSet train, ExampleSet test) {}

  private final Map<Object, Prepared> cache = new LinkedHashMap<>();
  private final Map<Prepared, ChannelStatistics> statistics = new java.util.IdentityHashMap<>();
  private final FetchListener listener;

  @Inject
  public DataCache(FetchListener listener) {
    this.listener = listener;
  }

  public synchronized Prepared get(Configured<DatasetKeys, Dataset> block) throws IOException {
    Object key = List.of(block.typeName(), block.settings());
    Prepared p = cache.get(key);
    if (p == null) {
      Dataset dataset = block.create();
      dataset.prepare(listener);
      DatasetInfo info = dataset.info();
      Map<Split, ExampleSet> splits = new EnumMap<>(Split.class);
      for (Split split : Split.values()) {
        splits.put(split, load(dataset.shards(split), info));
      }
      p = new Prepared(dataset, info, splits.get(Split.TRAIN), splits.get(Split.TEST));
      if (cache.size() >= 2) {
        statistics.remove(cache.remove(cache.keySet().iterator().next()));
      }
      cache.put(key, p);
    }
    return p;
  }

  /**
   * The per-channel mean and std of the prepared training split, computed once (one pass over it).
   */
  public synchronized ChannelStatistics statistics(Prepared prepared) throws IOException {
    ChannelStatistics s = statistics.get(prepared);
    if (s == null) {
      listener.status(
          "computing the per-channel mean and std of "
              + prepared.info().name()
              + "'s training images");
      s = ChannelStatistics.compute(prepared.train(), prepared.info().shape());
      statistics.put(prepared, s);
    }
    return s;
  }

  public static ExampleSet load(List<Shard> shards, DatasetInfo info) throws IOException {
    int imageBytes = info.shape().pixels();
    long bytes = shards.stream().mapToLong(Shard::size).sum() * imageBytes;
    if (bytes <= IN_MEMORY_LIMIT) {
      return InMemoryExamples.load(shards, imageBytes, info.classes());
    }
    return new StreamingExamples(
        shards,
        imageBytes,
        info.classes(),
        Math.max(1024, SHUFFLE_BUFFER_BYTES / imageBytes),
        OPEN_SHARDS);
  }
}
