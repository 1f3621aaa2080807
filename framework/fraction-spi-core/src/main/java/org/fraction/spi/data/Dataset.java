package org.fraction.spi.data;

import java.io.IOException;
import java.util.List;

/** An image classification data set, registered under {@link org.fraction.spi.Kind#DATASET}. */
public interface Dataset {

  /** Shapes, classes and sizes; must not need the data to be present. */
  DatasetInfo info();

  /**
   * Makes the data available: verifies it where it is, or fetches it (from the configured mirror
   * directory or the public sources) when it is missing and the data set knows how.
   *
   * @throws BadDataException when files are present but wrong, or cannot be had
   */
  void prepare(FetchListener listener) throws IOException;

  /** The split's shards, after {@link #prepare}. */
  List<Shard> shards(Split split) throws IOException;
}
