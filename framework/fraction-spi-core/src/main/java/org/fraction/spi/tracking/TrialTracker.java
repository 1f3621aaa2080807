package org.fraction.spi.tracking;

import java.nio.file.Path;
import java.util.Map;

/**
 * Receives one trial's events in order. Implementations must not throw for a tracking backend that
 * is unavailable: training goes on and the tracker keeps what it could not send.
 */
public interface TrialTracker extends AutoCloseable {

  default void roundStarted(int round) {}

  default void epochFinished(int round, EpochMetrics metrics) {}

  /** A round is complete and its file is final. */
  default void roundFinished(RoundSummary summary, Path roundFile) {}

  /**
   * Metrics of an analysis made after training, e.g. an instability analysis: each value under its
   * key at {@code step} (a round, or a point of a series).
   */
  default void metrics(Map<String, Double> values, long step) {}

  /** A file produced for the trial, e.g. a report plot. */
  default void artifact(Path file) {}

  /** The trial ended. */
  void finished(TrialStatus status);

  /** Releases resources; may block briefly to deliver what is pending. */
  @Override
  default void close() {}
}
