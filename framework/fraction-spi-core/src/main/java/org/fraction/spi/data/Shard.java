package org.fraction.spi.data;

import java.io.IOException;

/**
 * A piece of a split that can be read sequentially on its own, typically one file. Shuffling across
 * shards lets a split far larger than memory be streamed in a different order each epoch.
 */
public interface Shard {

  /** For messages, e.g. the file name. */
  String name();

  /** Number of examples. */
  long size();

  ExampleReader open() throws IOException;
}
