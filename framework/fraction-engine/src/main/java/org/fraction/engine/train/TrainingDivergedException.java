package org.fraction.engine.train;

/** Training produced a non-finite loss; the run fails (exit 1) with the round and epoch. */
public final class TrainingDivergedException extends RuntimeException {
  public TrainingDivergedException(String message) {
    super(message);
  }
}
