package org.fraction.engine.data;

import java.io.IOException;
import java.util.SplittableRandom;

/** A split's examples, readable in a shuffled order per epoch. */
public interface ExampleSet {

  long size();

  /** Bytes per image (channels x height x width). */
  int imageBytes();

  /**
   * Opens a pass over every example.
   *
   * @param order the epoch's generator, or null for file order (evaluation)
   */
  ExampleCursor open(SplittableRandom order) throws IOException;
}
