package org.fraction.spi.data;

import java.io.Closeable;
import java.io.IOException;

/** Reads one shard's examples in file order. */
public interface ExampleReader extends Closeable {

  /**
   * Reads the next image into {@code pixels} (uint8, planar channel-major: all of channel 0 row by
   * row, then channel 1, ...), starting at {@code offset}.
   *
   * @return the label in 0..classes-1, or -1 when the shard is exhausted
   * @throws BadDataException if the data is truncated or malformed
   */
  int next(byte[] pixels, int offset) throws IOException;
}
