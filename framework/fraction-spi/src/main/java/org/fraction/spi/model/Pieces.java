package org.fraction.spi.model;

import java.util.function.IntConsumer;

/**
 * Runs the independent pieces of a computation, possibly several at once on different threads;
 * returns when all have run. A piece must write only memory no other piece reads or writes.
 */
@FunctionalInterface
public interface Pieces {

  /** One piece after another on the calling thread. */
  Pieces IN_TURN =
      (count, piece) -> {
        for (int i = 0; i < count; i++) {
          piece.accept(i);
        }
      };

  /** Runs {@code piece.accept(i)} for every i in [0, count). */
  void run(int count, IntConsumer piece);
}
