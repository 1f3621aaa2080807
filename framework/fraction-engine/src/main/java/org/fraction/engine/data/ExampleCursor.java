package org.fraction.engine.data;

import java.io.Closeable;
import java.io.IOException;

/** Yields a split's examples once, in one epoch's order. */
public interface ExampleCursor extends Closeable {

  /**
   * Copies the next image's uint8 pixels to {@code pixels[offset..]}; returns its label, or -1 at
   * the end.
   */
  int next(byte[] pixels, int offset) throws IOException;

  @Override
  default void close() throws IOException {}
}
